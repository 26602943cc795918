"""pdf.print_html: the printed manual as one HTML document (cheap string building, no layout):
what it holds and in what order, escaping, ids and links rewritten to stay inside the PDF, and a
PrintDocument that refuses to exist when it is inconsistent."""

from __future__ import annotations

import pytest
from pdf_kit import SECTIONS, crosswalk, hostile_emergency, make_doc

from hsms_manuals.pdf import CrosswalkRow, PrintSection, combined_html


def test_status_words_are_the_ones_the_site_uses():
    from hsms_manuals.coverage import Status
    from hsms_manuals.pdf.print_html import STATUS_LABELS

    assert STATUS_LABELS == {s.value: s.label for s in Status}


def test_ids_are_prefixed_and_links_between_pages_stay_inside_the_pdf(tmp_path):
    source = combined_html(make_doc(tmp_path))
    assert 'id="p-01-policy--records"' in source
    assert 'id="p-02-hazard-assessment--records"' in source
    assert 'id="records"' not in source
    assert 'href="#p-02-hazard-assessment--records">hazard records' in source  # ../page/#x
    assert 'href="#p-01-policy--records">Back to records' in source  # #x on the same page
    assert 'href="#p-01-policy">policy' in source  # ../../page/
    assert 'href="https://www.alberta.ca/ohs"' in source  # external: as is
    assert 'src="img/map.png"' in source  # page-relative → site-root-relative
    assert "headerlink" not in source


def test_links_to_what_the_pdf_does_not_contain_become_plain_text(tmp_path):
    # Neither the builder's folder (file:) nor site_url + path (the published layout serves
    # <manual>/<revision>/…) is a sure address, so the words stay and the link goes.
    body = (
        '<p><a href="../forms/F-01.pdf" title="Form">form</a> <a href="../audit/">audit guide</a> '
        '<a href="/elsewhere/">root</a> <a href="file:///etc/hosts">file</a> '
        '<a href="https://www.alberta.ca/">Alberta</a> <a href="mailto:safety@example.ca">mail</a> '
        '<a href="tel:911">911</a> <a href="//example.ca/x">x</a></p>'
    )
    section = PrintSection("p-a", "A", body, 1, "a/")
    source = combined_html(make_doc(tmp_path, sections=(section,), crosswalk=()))
    for kept in (
        '<a title="Form">form</a>',
        "<a>audit guide</a>",
        "<a>root</a>",
        "<a>file</a>",
        '<a href="https://www.alberta.ca/">Alberta</a>',
        '<a href="mailto:safety@example.ca">mail</a>',
        '<a href="tel:911">911</a>',
        '<a href="https://example.ca/x">x</a>',
    ):
        assert kept in source
    assert "file:" not in source.replace(">file<", "")
    assert "manuals.example.ca/ridgeline/" not in source.split('<p class="control-note">')[1].split("</p>", 1)[1]


def test_a_pdf_built_for_publishing_links_what_it_lacks_to_its_own_revision(tmp_path):
    body = (
        '<p><a href="../forms/F-01.pdf">form</a> <a href="../audit/element-6/#q-6-9">6.9</a> '
        '<a href="../b/">b</a> <a href="file:///etc/hosts">file</a></p>'
    )
    sections = (PrintSection("p-a", "A", body, 1, "a/"), PrintSection("p-b", "B", "<p>b</p>", 1, "b/"))
    revision = "https://manuals.example.ca/ridgeline/3/"
    source = combined_html(make_doc(tmp_path, sections=sections, crosswalk=(), published_url=revision))
    assert f'<a href="{revision}forms/F-01.pdf">form</a>' in source
    assert f'<a href="{revision}audit/element-6/#q-6-9">6.9</a>' in source
    assert '<a href="#p-b">b</a>' in source and "<a>file</a>" in source
    with pytest.raises(ValueError, match="published_url: 'file:///srv/' is not an http"):
        make_doc(tmp_path, sections=sections, crosswalk=(), published_url="file:///srv/")


def test_owner_and_navigation_group_print_with_the_section(tmp_path):
    section = PrintSection(
        "p-a", "Lockout", "<p>Body</p>", 2, "procedures/lockout/", owner="Safety <Coordinator>", group="Procedures"
    )
    source = combined_html(make_doc(tmp_path, sections=(section,), crosswalk=()))
    assert (
        '<p class="group-title">Procedures</p>\n<h1 class="section-title">Lockout</h1>\n'
        '<p class="section-owner">Owner: Safety &lt;Coordinator&gt;</p>'
    ) in source
    assert '<li class="toc-group"><a href="#p-a">Procedures</a></li>' in source
    plain = combined_html(make_doc(tmp_path, sections=(PrintSection("p-b", "B", "<p>x</p>"),), crosswalk=()))
    assert "section-owner" not in plain.split("<body>")[1] and "group-title" not in plain.split("<body>")[1]


def test_contents_lists_every_h2_of_a_section(tmp_path):
    body = """<h2>No id here</h2><h2 id='q' title="a > b">Quoted &amp; odd</h2>
<pre><code>&lt;h2 id="not-a-heading"&gt;</code></pre>"""
    section = PrintSection("p-a", "A", body, 1, "a/")
    source = combined_html(make_doc(tmp_path, sections=(section,), crosswalk=()))
    assert '<a href="#p-a--section-1">No id here</a>' in source
    assert '<a href="#p-a--q">Quoted &amp; odd</a>' in source
    assert '&lt;h2 id="not-a-heading"&gt;' in source  # code is text, left alone


def test_links_to_the_home_page_reach_its_section(tmp_path):
    home = PrintSection("p-index", "Home", "<p>Emergency numbers</p>", 1, "")
    page = PrintSection("p-a", "A", '<p><a href="../">home</a> <a href="../#numbers">n</a></p>', 1, "a/")
    source = combined_html(make_doc(tmp_path, sections=(home, page), crosswalk=()))
    assert 'href="#p-index">home' in source
    assert 'href="#p-index--numbers">n' in source


def test_inconsistent_document_lists_every_problem(tmp_path):
    duplicate = PrintSection("p-01-policy", "Again", "")
    row = CrosswalkRow("1", "1.1", "x", "done", ("p-nowhere",), ())
    with pytest.raises(ValueError) as error:
        make_doc(tmp_path, sections=SECTIONS + (duplicate,), crosswalk=(row,), page_size="Legal")
    message = str(error.value)
    for problem in (
        "page_size: 'Legal'",
        "anchor is used by an earlier section",
        "status 'done'",
        "1 anchors but 0 titles",
        "anchor 'p-nowhere'",
    ):
        assert problem in message


def test_front_matter_comes_after_the_contents_and_escapes_every_value(tmp_path):
    from hsms_manuals.pdf.front_matter import RevisionRow

    history = (
        RevisionRow("3", "2026-09-01", "Dana <K>", ("Added <i>x</i>",), this=True),
        RevisionRow("2", "2025-09-01", "Dana", (), ("Replaced on 2025-10-01: wrong <number>",), recorded=False),
    )
    source = combined_html(
        make_doc(
            tmp_path,
            sections=SECTIONS[:1],
            crosswalk=(),
            emergency=hostile_emergency(),
            emergency_plan="p-01-policy",
            history=history,
        )
    )
    body = source.split("<body>")[1]
    assert (
        body.index('id="hsms-contents"')
        < body.index('id="hsms-emergency"')
        < body.index('id="hsms-history"')
        < body.index('id="p-01-policy"')
    )
    for raw in ("<b>now", "<script>", "<i>lead", "<i>x", "<K>", "<number>"):
        assert raw not in body, raw
    assert "Yard &lt;script&gt;" in body and "Gate &quot;A&quot;" in body
    assert '<a class="xref" href="#p-01-policy">The emergency response plan</a>' in body
    assert "<td>3 (this copy)</td>" in body and "Change notes not recorded." in body
    assert "Replaced on 2025-10-01: wrong &lt;number&gt;" in body
    toc = body.split('id="hsms-contents"')[1].split("</nav>")[0]
    assert toc.index("In an emergency") < toc.index("Revision history") < toc.index("Health and Safety Policy")


def test_web_only_blocks_do_not_print_nor_reach_the_contents(tmp_path):
    body = (
        '<p>For all</p><div class="admonition web-only"><p class="admonition-title">Phone</p>'
        '<h2 id="tips">Phone tips</h2><p>Tap here</p></div><p class="print-only">On paper, page'
        ' <span class="hsms-emergency-page">the home page</span>.</p>'
    )
    source = combined_html(
        make_doc(
            tmp_path, sections=(PrintSection("p-a", "A", body, 1, "a/"),), crosswalk=(), emergency=hostile_emergency()
        )
    )
    assert "Tap here" not in source and "Phone tips" not in source
    assert (
        '<p class="print-only">On paper, page <a class="hsms-page-ref" href="#hsms-emergency">page </a>.</p>' in source
    )


def test_inconsistent_front_matter_and_forms_are_refused(tmp_path):
    from hsms_manuals.pdf.forms import PrintForm
    from hsms_manuals.pdf.front_matter import RevisionRow

    with pytest.raises(ValueError) as error:
        make_doc(
            tmp_path,
            emergency_plan="p-nowhere",
            history=(RevisionRow("2", "", "", (), this=True), RevisionRow("1", "", "", (), this=True)),
            forms=(
                PrintForm("F-1", "A", "", "hsms-form-1", "<p>a</p>"),
                PrintForm("F-2", "B", "", "hsms-form-1", "<p>b</p>"),
                PrintForm("F-3", "C", "", "p-01-policy", "<p>c</p>"),
            ),
        )
    message = str(error.value)
    for problem in (
        "emergency_plan: 'p-nowhere' is not a section",
        "history: more than one row is this revision",
        "forms[1] ('F-2'): anchor 'hsms-form-1' must be unique",
        "forms[2] ('F-3'): anchor 'p-01-policy'",
    ):
        assert problem in message


def small(tmp_path, **changes):
    fields = dict(sections=(PrintSection("p-a", "Alpha", "<p>alpha</p>", 1, "a/"),), crosswalk=())
    fields.update(changes)
    return make_doc(tmp_path, **fields)


def body_of(source: str) -> str:
    return source.split("<body>", 1)[1]


def test_the_parts_come_in_reading_order(tmp_path):
    from hsms_manuals.pdf import DraftInfo
    from hsms_manuals.pdf.forms import PrintForm
    from hsms_manuals.pdf.front_matter import RevisionRow

    source = combined_html(
        small(
            tmp_path,
            draft=DraftInfo("1 problem(s) block approval", ("p",), 0, ()),
            untranslated=("Lockout",),
            emergency=hostile_emergency(),
            history=(RevisionRow("1", "2026-09-01", "Pat", (), this=True),),
            crosswalk=crosswalk()[:1],
            sections=SECTIONS[:1],
            forms=(PrintForm("F-1", "Form", "Always", "hsms-form-1", "<p>f</p>"),),
        )
    )
    marks = (
        'class="draft-mark"',
        'class="cover"',
        'id="hsms-draft"',
        'id="hsms-contents"',
        'class="untranslated"',
        'id="hsms-emergency"',
        'id="hsms-history"',
        'id="p-01-policy"',
        'id="hsms-crosswalk"',
        'id="hsms-forms"',
        'id="hsms-form-1"',
    )
    places = [body_of(source).index(mark) for mark in marks]
    assert places == sorted(places)
    assert source.endswith("</body>\n</html>\n")


def test_optional_parts_are_left_out_when_empty(tmp_path):
    body = body_of(combined_html(small(tmp_path)))
    for absent in ("draft", "untranslated", "hsms-emergency", "hsms-history", "hsms-crosswalk", "hsms-forms"):
        assert absent not in body, absent


def test_the_cover_gives_every_control_field_and_a_dash_for_no_next_review(tmp_path):
    source = combined_html(small(tmp_path))
    cover = body_of(source).split('<section class="cover">')[1].split("</section>")[0]
    rows = [r.removeprefix("<tr><th>").replace("</th><td>", ": ").removesuffix("</td></tr>") for r in cover.split("\n")]
    assert [r for r in rows if r and not r.startswith("<")] == [
        "Document number: DOC-1",
        "Revision: 3",
        "Effective date: 2026-09-01",
        "Next review: —",
        "Certifying partner: Alberta Construction Safety Association",
        "Program: COR",
    ]
    assert '<p class="running-dates">Effective 2026-09-01 · Next review —</p>' in cover
    assert "Approved by: <strong>Dana Kowalski</strong>, President" in cover
    assert (
        '<p class="control-note">Uncontrolled when printed — check the current revision at '
        "https://manuals.example.ca/ridgeline/</p>"
    ) in cover
    dated = combined_html(small(tmp_path, next_review="2027-09-01", site_url=""))
    assert "Effective 2026-09-01 · Next review 2027-09-01" in dated
    assert '<p class="control-note">Uncontrolled when printed</p>' in dated  # no address to give


def test_the_head_names_the_document_and_escapes_it(tmp_path):
    source = combined_html(small(tmp_path, title='Manual "<b>"', company="A & B <Co>", number="N<1>"))
    head = source.split("<body>")[0]
    assert '<html lang="en" dir="ltr">' in head
    assert "<title>Manual &quot;&lt;b&gt;&quot; — A &amp; B &lt;Co&gt;</title>" in head
    assert '<meta name="author" content="A &amp; B &lt;Co&gt;">' in head
    assert '<meta name="description" content="N&lt;1&gt; Rev 3, effective 2026-09-01">' in head
    assert "noindex" not in head
    hostile = combined_html(small(tmp_path, lang='en" onload="x', direction="rtl><script>"))
    assert '<html lang="en&quot; onload=&quot;x" dir="rtl&gt;&lt;script&gt;">' in hostile


def test_a_drafts_preview_says_so_and_lists_what_blocks_approval(tmp_path):
    from hsms_manuals.pdf import DraftInfo

    info = DraftInfo(
        "2 problem(s) and 1 draft page(s) block approval", ("a.md:3: <bad>", "b.md:1: x"), 5, ("Lockout <1>",)
    )
    source = combined_html(small(tmp_path, draft=info))
    head, body = source.split("<body>")
    assert "<title>DRAFT — Health and Safety Manual — Ridgeline Builders Ltd.</title>" in head
    assert '<meta name="robots" content="noindex">' in head
    assert '<div class="draft-mark" aria-hidden="true">DRAFT</div>' in body
    blockers = body.split('<section class="draft-blockers" id="hsms-draft">\n')[1].split("</section>")[0]
    assert blockers == (
        "<h1>DRAFT — not approved, not for use</h1>\n"
        "<p>This is a preview built with <code>--drafts</code>. It can never be published. "
        "2 problem(s) and 1 draft page(s) block approval.</p>\n"
        "<h2>Problems</h2>\n<ul><li>a.md:3: &lt;bad&gt;</li><li>b.md:1: x</li>"
        "<li>… and 5 more problem(s): run hsms validate</li></ul>\n"
        "<h2>Draft pages</h2>\n<ul><li>Lockout &lt;1&gt;</li></ul>\n"
    )
    only_pages = combined_html(small(tmp_path, draft=DraftInfo("1 draft page(s) block approval", (), 0, ("A",))))
    assert "<h2>Problems</h2>" not in only_pages and "1 draft page(s) block approval." in only_pages


def test_a_draft_page_says_it_is_not_approved_and_deep_levels_print_as_level_3(tmp_path):
    sections = (
        PrintSection("p-a", "A", "<p>a</p>", 1, "a/", draft=True),
        PrintSection("p-b", "B", "<p>b</p>", 5, "a/b/c/d/"),
    )
    body = body_of(combined_html(small(tmp_path, sections=sections)))
    assert (
        '<article class="section level-1" id="p-a">\n<h1 class="section-title">A</h1>\n'
        '<p class="section-draft">Draft page — not approved</p>'
    ) in body
    assert '<article class="section level-3" id="p-b">' in body
    assert '<li class="toc-section toc-level-3"><a href="#p-b">B</a></li>' in body


def test_a_translation_lists_its_missing_pages_and_its_notes(tmp_path):
    source = combined_html(
        small(tmp_path, untranslated=("Lockout <x>", "Ladders"), translation_notes=("English controls <this>",))
    )
    assert (
        '<section class="untranslated">\n<h1>Pages not yet translated</h1>\n'
        "<p>Read these pages in the English manual:</p>\n<ul>\n<li>Lockout &lt;x&gt;</li>\n<li>Ladders</li>\n</ul>"
    ) in source
    assert '<p class="translation-note">English controls &lt;this&gt;</p>' in source


def test_the_crosswalk_groups_rows_by_element_and_counts_each_status(tmp_path):
    rows = crosswalk() + (CrosswalkRow("6 Hazard Control", "6.10", "Thin one", "thin", ("p-02-controls",), ("C",)),)
    source = combined_html(make_doc(tmp_path, crosswalk=rows))
    appendix = source.split('<section class="appendix" id="hsms-crosswalk">')[1].split("</section>")[0]
    assert (
        '<p class="crosswalk-summary">11 questions: 5 answered, 1 partly answered, 1 claimed but thin, 1 missing, '
        "1 not applicable, 2 need field evidence.</p>"
    ) in appendix
    assert "Certifying partner: Alberta Construction Safety Association.\nProgram: COR." in appendix
    body = appendix.split("<tbody>\n")[1].split("\n</tbody>")[0].split("\n")
    assert [line for line in body if 'class="element"' in line] == [
        '<tr class="element"><th colspan="5">1 Management Commitment</th></tr>',
        '<tr class="element"><th colspan="5">6 Hazard Control</th></tr>',
    ]
    assert len(body) == 2 + 11
    assert (
        '<tr class="status-missing"><td>1.4</td><td>Paraphrase of question 1.4</td>'
        '<td><span class="status">Missing</span></td><td>—</td><td></td></tr>'
    ) in body
    assert (
        '<tr class="status-answered"><td>1.2</td><td>Paraphrase of question 1.2</td>'
        '<td><span class="status">Answered</span></td><td><a class="xref" href="#p-01-policy">Health and Safety '
        'Policy</a><br><a class="xref" href="#p-04-emergency">Emergency Response</a></td><td></td></tr>'
    ) in body


def test_a_crosswalk_link_to_an_id_the_page_lacks_falls_back_to_the_page(tmp_path):
    rows = (
        CrosswalkRow("1 E", "1.1", "q", "answered", ("p-01-policy--records",), ("Policy › Records",)),
        CrosswalkRow("1 E", "1.2", "q", "answered", ("p-01-policy--renamed",), ("Policy › Renamed",)),
    )
    source = combined_html(make_doc(tmp_path, sections=SECTIONS[:1], crosswalk=rows))
    assert '<a class="xref" href="#p-01-policy--records">Policy › Records</a>' in source
    assert '<a class="xref" href="#p-01-policy">Policy › Renamed</a>' in source


def test_crosswalk_values_are_escaped(tmp_path):
    row = CrosswalkRow("<e>", "<q>", "<text>", "not_applicable", ("p-01-policy",), ("<title>",), "<note>")
    source = combined_html(make_doc(tmp_path, sections=SECTIONS[:1], crosswalk=(row,), partner="<P>", program="<G>"))
    appendix = source.split('id="hsms-crosswalk">')[1]
    for raw in ("<e>", "<q>", "<text>", "<title>", "<note>", "<P>", "<G>"):
        assert raw not in appendix, raw


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"sections": (PrintSection("hsms-x", "X", ""),)}, "sections[0] ('hsms-x'): anchor must be letters"),
        ({"sections": (PrintSection("1a", "X", ""),)}, "sections[0] ('1a'): anchor must be letters"),
        ({"sections": (PrintSection('a" onload="x', "X", ""),)}, "anchor must be letters"),
        ({"sections": (PrintSection("a", "X", "", 0),)}, "sections[0] ('a'): level must be 1 or more"),
        (
            {"sections": (PrintSection("a", "A", "", 1, "x/"), PrintSection("b", "B", "", 1, "x/index.html"))},
            "sections[1] ('b'): url 'x/index.html' is used by an earlier section",
        ),
        ({"published_url": "https://m.example/acme/3"}, "published_url: 'https://m.example/acme/3' is not an http"),
        ({"published_url": "https://m.example/3/", "draft": "draft"}, "published_url: a drafts preview is never"),
        (
            {"crosswalk": (CrosswalkRow("1", "1.1", "x", "answered", ("p-nowhere--x",), ("X",)),)},
            "crosswalk[0] ('1.1'): anchor 'p-nowhere--x' is not a section of this document",
        ),
    ],
)
def test_each_inconsistency_is_refused_with_where_it_is(tmp_path, changes, problem):
    from hsms_manuals.pdf import DraftInfo

    if changes.get("draft") == "draft":
        changes["draft"] = DraftInfo("x", (), 0, ())
    with pytest.raises(ValueError, match="^invalid PrintDocument:\n  ") as error:
        small(tmp_path, **changes)
    assert problem in str(error.value)


def test_a_consistent_document_is_accepted(tmp_path):
    from hsms_manuals.pdf.forms import PrintForm

    doc = small(
        tmp_path,
        published_url="https://m.example/acme/3/",
        forms=(PrintForm("F-1", "A", "", "", None, file="forms/F-1.pdf"),),  # a file form needs no anchor
        crosswalk=(CrosswalkRow("1", "1.1", "x", "answered", ("p-a--deep",), ("A › Deep",)),),
    )
    assert doc.published_url == "https://m.example/acme/3/"

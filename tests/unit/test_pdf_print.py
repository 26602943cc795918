"""The manual PDF: what a reader sees on paper (text extracted with pypdf)."""

from __future__ import annotations

import base64
import dataclasses
import logging
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from hsms_manuals.pdf import CrosswalkRow, PrintDocument, PrintSection, combined_html, write_pdf

COMPANY = "Ridgeline Builders Ltd."
TABLE_HEADER = ("Task step", "Hazard found", "Control used", "Who checks")
# A 1x1 PNG, so the image test needs no imaging library.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

POLICY = """<h1 id="health-and-safety-policy">Health and Safety Policy</h1>
<p>We keep every worker safe. See <a href="../02-hazard-assessment/#records">hazard records</a>
and the <a href="https://www.alberta.ca/ohs">OHS Act</a>.</p>
<div class="admonition warning">
<p class="admonition-title">Stop work authority</p>
<p>Any worker may stop work that is unsafe, e.g. guardrails under 3′ 6″.</p>
</div>
<h2 id="records">Policy records<a class="headerlink" href="#records" title="Permanent link">&para;</a></h2>
<p>Signed copies are kept for three years. <a href="#records">Back to records</a>.</p>
<aside class="md-source-file">Last update: yesterday</aside>
<p class="hsms-no-print">Screen-only hint</p>
"""

NESTED_LIST = """<h2 id="steps">Assessment steps</h2>
<ul>
<li>Identify tasks
<ul><li>Nested item alpha</li><li>Nested item beta
<ol><li>Deep item gamma</li></ol></li></ul></li>
<li>Rate each hazard</li>
</ul>
"""


def long_table(rows: int = 80) -> str:
    head = "".join(f"<th>{h}</th>" for h in TABLE_HEADER)
    body = "\n".join("<tr>" + "".join(f"<td>row-{r}-col-{c}</td>" for c in range(4)) + "</tr>" for r in range(rows))
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


HAZARD = f"""<h1 id="hazard-assessment">Hazard Assessment</h1>
<p>Intro to hazards.</p>
{NESTED_LIST}
<h2 id="records">Hazard records</h2>
{long_table()}
"""

CONTROLS = """<h2 id="hierarchy">Hierarchy of controls</h2>
<p>Eliminate → substitute → engineer ✓ ☐ ⚠ ≤ ⋮ ◦. Back to the
<a href="../../01-policy/">policy</a>.</p>
<pre><code>LOTO-TAG 1234 &lt;lock&gt;</code></pre>
"""

EMERGENCY = """<h2 id="muster">Muster point</h2>
<p>Meet at the front gate.</p>
<p><img alt="Site map" src="../img/map.png"></p>
"""

SECTIONS = (
    PrintSection("p-01-policy", "Health and Safety Policy", POLICY, 1, "01-policy/"),
    PrintSection("p-02-hazard-assessment", "Hazard Assessment", HAZARD, 1, "02-hazard-assessment/"),
    PrintSection("p-02-controls", "Hazard Controls", CONTROLS, 2, "02-hazard-assessment/controls/"),
    PrintSection("p-04-emergency", "Emergency Response", EMERGENCY, 1, "04-emergency/"),
)


def crosswalk() -> tuple[CrosswalkRow, ...]:
    def row(q, status, anchors=(), note=""):
        titles = tuple(s.title for a in anchors for s in SECTIONS if s.anchor == a)
        element = "1 Management Commitment" if q.startswith("1.") else "6 Hazard Control"
        return CrosswalkRow(element, q, f"Paraphrase of question {q}", status, anchors, titles, note)

    return (
        row("1.1", "answered", ("p-01-policy",)),
        row("1.2", "answered", ("p-01-policy", "p-04-emergency")),
        row("1.3", "partial", ("p-01-policy",)),
        row("1.4", "missing"),
        row("1.5", "field_evidence", note="Needs field evidence: interview"),
        row("6.1", "answered", ("p-02-hazard-assessment",)),
        row("6.2", "answered", ("p-02-controls",)),
        row("6.3", "not_applicable", note="No work above 1.2 m"),
        row("6.4", "answered", ("p-04-emergency",)),
        row("6.9", "field_evidence", ("p-02-controls",), "Needs field evidence: observation"),
    )


def make_doc(tmp_path: Path, **changes) -> PrintDocument:
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True, exist_ok=True)
    (site / "img" / "map.png").write_bytes(PNG)
    fields = dict(
        company=COMPANY,
        title="Health and Safety Manual",
        number="DOC-1",
        revision="3",
        effective="2026-09-01",
        approved_by_name="Dana Kowalski",
        approved_by_title="President",
        partner="Alberta Construction Safety Association",
        program="COR",
        site_url="https://manuals.example.ca/ridgeline/",
        sections=SECTIONS,
        crosswalk=crosswalk(),
        base_url=str(site),
    )
    fields.update(changes)
    return PrintDocument(**fields)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[PdfReader, list[str], int]:
    tmp = tmp_path_factory.mktemp("pdf")
    pages = write_pdf(make_doc(tmp), tmp / "manual.pdf")
    reader = PdfReader(tmp / "manual.pdf")
    return reader, [page.extract_text() for page in reader.pages], pages


def last_contents_page(texts: list[str]) -> int:
    """0-based index of the last page whose running header says "Contents"."""
    return max(i for i, text in enumerate(texts) if "Contents" in text)


def contents_number(texts: list[str], title: str) -> int:
    pattern = re.compile(re.escape(title) + r"(?: *\.){3,} *(\d+)")  # title . . . . 12
    for text in texts[1 : last_contents_page(texts) + 1]:
        if m := pattern.search(text):
            return int(m[1])
    raise AssertionError(f"{title!r} not in the contents")


def first_page_with(texts: list[str], needle: str, after: int) -> int:
    """1-based number of the first page after index ``after`` that shows ``needle``."""
    return next(i + 1 for i, text in enumerate(texts) if i > after and needle in text)


def test_write_pdf_returns_the_page_count(rendered):
    reader, _, pages = rendered
    assert pages == len(reader.pages)


def test_cover_shows_document_control_fields(rendered):
    cover = rendered[1][0]
    for field in (
        COMPANY,
        "Health and Safety Manual",
        "DOC-1",
        "Revision 3",
        "2026-09-01",
        "Dana Kowalski",
        "President",
        "Alberta Construction Safety Association",
        "COR",
        "Signature",
        "Date",
    ):
        assert field in cover
    assert "Page 1 of" not in cover  # no running footer on the cover


def test_contents_page_numbers_are_where_each_section_starts(rendered):
    texts = rendered[1]
    after = last_contents_page(texts)
    for section in SECTIONS:
        assert contents_number(texts, section.title) == first_page_with(texts, section.title, after)
    assert contents_number(texts, "Muster point") == first_page_with(texts, "Muster point", after)


def test_each_section_starts_on_a_new_page(rendered):
    texts = rendered[1]
    after = last_contents_page(texts)
    starts = [first_page_with(texts, s.title, after) for s in SECTIONS]
    assert starts == sorted(set(starts))


def test_running_header_and_footer_on_every_page_but_the_cover(rendered):
    reader, texts, _ = rendered
    total = len(reader.pages)
    assert total >= 6
    for number, text in enumerate(texts[1:], start=2):
        assert f"{COMPANY} · DOC-1 · Rev 3" in text
        assert f"Page {number} of {total}" in text
        assert (
            "Uncontrolled when printed — check the current revision at https://manuals.example.ca/ridgeline/"
        ) in text
    assert f"Page 5 of {total}" in texts[4]


def test_long_table_is_complete_and_repeats_its_header(rendered):
    texts = rendered[1]
    everything = "\n".join(texts)
    for r in range(80):
        for c in range(4):
            assert f"row-{r}-col-{c}" in everything
    assert sum(TABLE_HEADER[0] in text for text in texts) >= 2


def test_admonitions_lists_and_code_render_and_screen_only_parts_do_not(rendered):
    everything = "\n".join(rendered[1])
    for text in (
        "Stop work authority",
        "Any worker may stop work",
        "Nested item beta",
        "Deep item gamma",
        "LOTO-TAG 1234 <lock>",
        "engineer ✓ ☐ ⚠ ≤ ⋮",
    ):
        assert text in everything
    for text in ("Screen-only hint", "Last update", "¶"):
        assert text not in everything


def test_crosswalk_rows_give_the_page_of_each_answer(rendered):
    texts = rendered[1]
    after = last_contents_page(texts)
    appendix = " ".join(texts[-1].split())  # cells wrap; the no-break space before the number
    for section in SECTIONS:
        assert f"{section.title}, p. {first_page_with(texts, section.title, after)}" in appendix
    assert "1.4 Paraphrase of question 1.4 Missing —" in appendix
    assert "Needs field evidence: interview" in appendix
    assert "6.3 Paraphrase of question 6.3 Not applicable — No work above 1.2 m" in appendix
    assert "1.3 Paraphrase of question 1.3 Partly answered Health and Safety Policy, p." in appendix
    assert "10 questions: 5 answered, 1 partly answered, 1 missing, 1 not applicable" in appendix


def test_status_words_are_the_ones_the_site_uses():
    from hsms_manuals.coverage import Status
    from hsms_manuals.pdf.print_html import STATUS_LABELS

    assert STATUS_LABELS == {s.value: s.label for s in Status}


def test_bookmarks_follow_sections_and_headings(rendered):
    reader = rendered[0]

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [
        "Contents",
        "Health and Safety Policy",
        "Hazard Assessment",
        "Emergency Response",
        "Appendix A — Audit crosswalk",
    ]
    assert {"Policy records", "Hazard records", "Hazard Controls", "Hierarchy of controls", "Muster point"} <= set(
        titles(reader.outline)
    )
    assert COMPANY not in set(titles(reader.outline))  # nothing from the cover


def test_only_the_shipped_fonts_are_embedded(rendered):  # incl. for → ✓ ☐ ⚠ ⋮ and list markers
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in rendered[0].pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    shipped = ("Atkinson-Hyperlegible", "Noto-Sans-Math", "Noto-Sans-Symbols-2")
    assert fonts and all(name.startswith(shipped) for name in fonts), fonts


def test_font_unicode_ranges_claim_only_glyphs_each_file_has():
    from fontTools.ttLib import TTFont

    from hsms_manuals.pdf.weasy import FONTS_CSS

    faces = re.findall(r"url\(([^)]+)\).*?unicode-range:([^;]+);", FONTS_CSS.read_text(), re.S)
    assert len(faces) == len(list(FONTS_CSS.parent.glob("*.woff")))
    for file, ranges in faces:
        claimed = set()
        for item in ranges.split(","):
            first, _, last = item.strip().removeprefix("U+").partition("-")
            claimed.update(range(int(first, 16), int(last or first, 16) + 1))
        has = {c for c in TTFont(FONTS_CSS.parent / file).getBestCmap() if c >= 0x20}
        assert claimed == has, f"{file}: fix its unicode-range in fonts.css"


def test_stylesheets_fonts_and_licences_are_package_data():
    """What write_pdf reads ships in the wheel (a non-editable install has no overrides/)."""
    import tomllib

    from hsms_manuals.pdf import weasy

    package = Path(weasy.__file__).resolve().parent
    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    shipped = {
        path
        for pattern in pyproject["tool"]["setuptools"]["package-data"]["hsms_manuals.pdf"]
        for path in package.glob(pattern)
        if path.is_file()
    }
    fonts = weasy.FONTS_CSS.parent
    used = {fonts / name for name in re.findall(r"url\(([^)]+)\)", weasy.FONTS_CSS.read_text())}
    licences = set(fonts.glob("OFL-*.txt"))
    # + for translated editions: Noto Sans Gurmukhi, Arabic, Devanagari (400, 700) and Noto Sans's Cyrillic and
    # Vietnamese letters (400, 700, normal and italic)
    assert len(used) == 26 and len(licences) == 8
    assert {weasy.PRINT_CSS, weasy.FONTS_CSS} | used | licences <= shipped


@pytest.mark.parametrize(("size", "points"), [("Letter", (612, 792)), ("A4", (595, 842))])
def test_page_size(tmp_path, size, points):
    doc = make_doc(tmp_path, page_size=size, sections=SECTIONS[:1], crosswalk=())
    write_pdf(doc, tmp_path / "out.pdf")
    for page in PdfReader(tmp_path / "out.pdf").pages:
        assert (round(page.mediabox.width), round(page.mediabox.height)) == points


def test_plain_text_fields_are_escaped(tmp_path):
    doc = make_doc(tmp_path, company="<script>alert(1)</script>", crosswalk=())
    source = combined_html(doc)
    assert "<script" not in source
    write_pdf(doc, tmp_path / "out.pdf")
    texts = [page.extract_text() for page in PdfReader(tmp_path / "out.pdf").pages]
    assert "<script>alert(1)</script>" in texts[0]
    assert "<script>alert(1)</script> · DOC-1 · Rev 3" in texts[2]


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


def test_a_character_the_fonts_lack_is_named_once_with_its_section_and_the_fix(tmp_path, caplog):
    sections = (
        PrintSection("p-a", "Road work 🚧", "<p>Zone 🚧 and ahead 🚧.</p>", 1, "a/"),
        PrintSection("p-b", "Clean", "<p>Nothing odd</p>", 1, "b/"),
    )
    write_pdf(make_doc(tmp_path, sections=sections, crosswalk=()), tmp_path / "out.pdf")
    messages = [
        r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.hsms.pdf" and r.levelno == logging.WARNING
    ]
    assert messages == [
        'PDF: cannot draw "🚧" (U+1F6A7) in section "Road work 🚧": no font of the PDF has it '
        "— remove it, or add a font that covers it to macros/hsms_manuals/pdf/fonts/fonts.css"
    ]


def test_a_missing_glyph_outside_the_sections_is_placed_in_the_pdf(tmp_path, caplog):
    write_pdf(make_doc(tmp_path, company="Road Co 🚧", sections=SECTIONS[:1], crosswalk=()), tmp_path / "o.pdf")
    messages = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.hsms.pdf"]
    assert messages == [
        'PDF: cannot draw "🚧" (U+1F6A7) on the cover: no font of the PDF has it '
        "— remove it, or add a font that covers it to macros/hsms_manuals/pdf/fonts/fonts.css"
    ]


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


def test_a_clean_manual_logs_no_warning_and_a_missing_image_does(tmp_path, caplog):
    def warnings():
        return [r for r in caplog.records if r.name == "mkdocs.plugins.hsms.pdf" and r.levelno >= logging.WARNING]

    write_pdf(make_doc(tmp_path), tmp_path / "ok.pdf")
    assert not warnings()
    broken = PrintSection("p-x", "Broken", '<p><img alt="x" src="../img/gone.png"></p>', 1, "x/")
    write_pdf(make_doc(tmp_path, sections=(broken,), crosswalk=()), tmp_path / "bad.pdf")
    assert any("gone.png" in r.getMessage() for r in warnings())


def test_output_is_replaced_atomically(tmp_path):
    out = tmp_path / "manual.pdf"
    out.write_bytes(b"old")
    doc = make_doc(tmp_path, sections=SECTIONS[:1], crosswalk=())
    write_pdf(doc, out)
    assert out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manual.pdf", "site"]


def test_unwritable_folder_fails_with_a_way_out(tmp_path):
    from hsms_manuals.errors import BuildFailed

    with pytest.raises(BuildFailed, match="previous PDF was left untouched"):
        write_pdf(make_doc(tmp_path, crosswalk=()), tmp_path / "missing" / "manual.pdf")


def test_wide_table_stays_inside_the_page(tmp_path):
    cells = "".join(f"<td>{'W' * 150}{c}</td>" for c in range(8))
    section = PrintSection("p-w", "Broad table", f"<table><tr>{cells}</tr></table>")
    write_pdf(make_doc(tmp_path, sections=(section,), crosswalk=()), tmp_path / "w.pdf")
    page = PdfReader(tmp_path / "w.pdf").pages[-1]
    runs: list[tuple[float, str]] = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: runs.append((tm[4] * cm[0] + cm[4], text)))
    cell_runs = [(x, t.strip()) for x, t in runs if t.strip().startswith("W")]
    assert cell_runs
    # 9.5 pt text in a bold-free cell: even a generous 7 pt per "W" must end inside the page.
    right_edge = float(page.mediabox.width)
    assert all(x + 7 * len(text) <= right_edge for x, text in cell_runs), cell_runs
    assert sum(t.count("W") for _, t in cell_runs) == 8 * 150


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


# ---------------------------------------------------------------- front matter and forms


def hostile_emergency():
    from hsms_manuals.model import Emergency, Phone, Site

    return Emergency(
        numbers=(Phone("Fire <b>now</b>", "911"), Phone("Line & co", "1-866-415-8690")),
        report_incident=Phone("Safety <i>lead</i>", "403-555-0148"),
        sites=(
            Site(
                "Yard <script>",
                'Gate "A"',
                (Phone("Pat", "403-555-0162"), Phone("Lee", "403-555-0163")),
                "1 Main St",
                "General Hospital",
            ),
        ),
    )


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


def test_emergency_block_prints_numbers_unbroken_and_first_aiders_one_per_line(tmp_path):
    doc = make_doc(tmp_path, sections=SECTIONS[:1], crosswalk=(), emergency=hostile_emergency())
    write_pdf(doc, tmp_path / "e.pdf")
    texts = [p.extract_text() for p in PdfReader(tmp_path / "e.pdf").pages]
    page = next(t for t in texts if t.startswith("In an emergency\n"))
    assert "Line & co 1-866-415-8690" in page  # never "1-866-415-\n8690"
    assert "Pat 403-555-0162\nLee 403-555-0163" in page
    assert "Report an incident: Safety <i>lead</i> 403-555-0148" in " ".join(page.split())
    assert "Effective 2026-09-01 · Next review —" in page  # the footer, even without a next review date


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


def markdown_form(rows: int) -> str:
    body = "".join(f"<tr><td>line-{i}</td><td></td><td></td></tr>" for i in range(rows))
    return (
        f'<h1 id="flha">Field-Level Hazard Assessment</h1><p>Fill in before work.</p><h2 id="sign">Sign</h2>'
        f"<table><thead><tr><th>Task</th><th>Hazard</th><th>Control</th></tr></thead><tbody>{body}</tbody></table>"
    )


def test_forms_print_in_appendix_b_each_on_its_own_page_with_room_to_write(tmp_path):
    from hsms_manuals.pdf.forms import PrintForm

    forms = (
        PrintForm("F-01", "Field-Level Hazard Assessment", "Every task", "hsms-form-1", markdown_form(8)),
        PrintForm(
            "F-02",
            "Inspection <checklist>",
            "Weekly",
            "hsms-form-2",
            file="https://m.example/acme/current/forms/F-02.pdf",
        ),
        PrintForm("F-03", "Near miss", "After a near miss", "hsms-form-3", "<p>What happened?</p>"),
        PrintForm("F-04", "Training record", "After training", "hsms-form-4"),
        PrintForm("F-05", "Ladder check", "Daily", "hsms-form-5", file="forms/F-05.docx"),
    )
    doc = make_doc(tmp_path, sections=SECTIONS[:1], crosswalk=crosswalk()[:1], forms=forms)
    source = combined_html(doc)
    assert source.index("Appendix A — Audit crosswalk</h1>") < source.index("Appendix B — Forms</h1>")
    assert 'id="hsms-form-1--sign"' in source and 'id="sign"' not in source  # ids prefixed per form
    assert (
        'Download it from <a class="form-file" href="https://m.example/acme/current/forms/F-02.pdf">'
        "https://m.example/acme/current/forms/F-02.pdf</a>, or ask"
    ) in source
    write_pdf(doc, tmp_path / "f.pdf")
    reader = PdfReader(tmp_path / "f.pdf")
    texts = [p.extract_text() for p in reader.pages]
    listing = next(i for i, t in enumerate(texts) if t.startswith("Appendix B — Forms\n"))
    form1 = next(i for i, t in enumerate(texts) if t.startswith("F-01 Field-Level Hazard Assessment\n"))
    form3 = next(i for i, t in enumerate(texts) if t.startswith("F-03 Near miss\n"))
    assert listing < form1 < form3
    flat = " ".join(texts[listing].split()).replace("/ ", "/")  # a long address breaks after a /
    assert f"F-01 Field-Level Hazard Assessment page {form1 + 1}" in flat
    assert (
        "F-02 Inspection <checklist> Download it from https://m.example/acme/current/forms/F-02.pdf, or ask "
        "your supervisor for a printed copy."
    ) in flat
    assert "F-04 Training record Ask your supervisor for a copy." in flat
    assert (
        "F-05 Ladder check Download forms/F-05.docx from the manual's website, or ask your supervisor for a "
        "printed copy."
    ) in flat
    assert f"F-03 Near miss page {form3 + 1}" in flat
    assert "When to use it: Every task" in texts[form1] and "Field-Level Hazard Assessment\nFill" not in texts[form1]
    contents = "\n".join(texts[1:3])
    assert re.search(rf"F-01 Field-Level Hazard Assessment[ .]+{form1 + 1}", contents)
    # room to write: consecutive rows of the form's table are at least 9 mm (25.5 pt) apart
    ys: dict[str, float] = {}
    reader.pages[form1].extract_text(
        visitor_text=lambda text, cm, tm, *_: (
            ys.setdefault(text.strip(), tm[5] * cm[3] + cm[5]) if text.strip().startswith("line-") else None
        )
    )
    rows = [ys[f"line-{i}"] for i in range(8)]
    assert all(a - b >= 25.5 for a, b in zip(rows, rows[1:], strict=False)), rows


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


def test_a_claimed_section_gets_the_page_where_it_starts(tmp_path):
    """Appendix A gives the page of the section that answers, not of its page's start."""
    filler = "\n".join(
        f"<p>Paragraph {i}: {'Work safely and check the site before you start. ' * 6}</p>" for i in range(45)
    )
    body = f'<h2 id="first">First part</h2>\n{filler}\n<h2 id="later">Later section</h2>\n<p>The answer.</p>'
    long_page = PrintSection("p-01-long", "Long page", body, 1, "01-long/")
    rows = (
        CrosswalkRow(
            "1 Element", "1.1", "Paraphrase one", "answered", ("p-01-long--later",), ("Long page › Later section",)
        ),
        CrosswalkRow("1 Element", "1.2", "Paraphrase two", "answered", ("p-01-long--gone",), ("Long page › Gone",)),
    )
    write_pdf(make_doc(tmp_path, sections=(long_page,), crosswalk=rows), tmp_path / "m.pdf")
    texts = [p.extract_text() for p in PdfReader(tmp_path / "m.pdf").pages]
    after = last_contents_page(texts)
    start = first_page_with(texts, "First part", after)
    later = first_page_with(texts, "Later section", after)
    assert later >= start + 2
    appendix = " ".join(texts[-1].split())
    assert f"Long page › Later section, p. {later}" in appendix
    # An id the page does not have (a heading a macro renamed) falls back to where the page starts.
    assert f"Long page › Gone, p. {start}" in appendix


ARABIC_SECTION = PrintSection(
    "p-01-policy",
    "سياسة الصحة والسلامة",
    "<h2>وعدنا</h2><p>نضع السلامة أولاً. اتصل بالرقم 911.</p><ul><li>أوقف العمل</li></ul>",
    url="ar/01-policy/",
)


def test_page_stylesheets_follow_the_document():
    from hsms_manuals.pdf.weasy import DRAFT_CSS, RTL_PAGE_CSS, page_stylesheets

    ltr = PrintDocument(
        company="C",
        title="T",
        number="N",
        revision="1",
        effective="2026-09-01",
        approved_by_name="A",
        approved_by_title="B",
        partner="P",
        program="Q",
        site_url="",
        sections=(),
        crosswalk=(),
        page_size="A4",
    )
    page_of = '"Page " counter(page) " of " counter(pages)'
    assert page_stylesheets(ltr) == [f"@page {{ size: A4; @bottom-right {{ content: {page_of}; }} }}"]
    rtl = dataclasses.replace(ltr, lang="ar", direction="rtl", draft=True)
    assert page_stylesheets(rtl)[1:] == [DRAFT_CSS, RTL_PAGE_CSS % {"page_of": page_of}]
    assert "@bottom-left { content: " + page_of + ";" in page_stylesheets(rtl)[2]


def test_the_page_number_is_in_the_language_printed():
    from hsms_manuals.pdf.labels import printing_in
    from hsms_manuals.pdf.weasy import page_of_content

    assert page_of_content() == '"Page " counter(page) " of " counter(pages)'
    with printing_in("fr"):
        assert page_of_content() == '"Page " counter(page) " sur " counter(pages)'
    with printing_in("pa"):
        assert page_of_content() == '"ਪੰਨਾ " counter(page) " / " counter(pages)'


def test_an_arabic_edition_is_shaped_right_to_left_in_the_shipped_font(tmp_path, caplog):
    doc = make_doc(tmp_path, lang="ar", direction="rtl", sections=(ARABIC_SECTION,), crosswalk=())
    assert '<html lang="ar" dir="rtl">' in combined_html(doc)
    with caplog.at_level(logging.WARNING):
        write_pdf(doc, tmp_path / "ar.pdf")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text  # no missing glyph
    reader = PdfReader(tmp_path / "ar.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    # The words come back in logical order, from the shaped glyphs' ToUnicode map: the letters were joined
    # (contextual forms) by HarfBuzz and mapped back to the letters written (words whose letters share no
    # glyph skeleton: see Kozea/WeasyPrint#2841 and test_languages_site).
    assert "السلامة" in text and "وعدنا" in text, text
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert any(f.startswith("Noto-Sans-Arabic") for f in fonts), fonts
    assert all(f.startswith(("Atkinson-Hyperlegible", "Noto-Sans")) for f in fonts), fonts  # no system font


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("hi", "सुरक्षा पहले।"),
        ("ru", "Безопасность прежде всего."),
        ("uk", "Безпека понад усе: ґ, ї, є."),
        ("vi", "An toàn là trên hết: ơ ư ạ đ."),
    ],
)
def test_each_printable_script_is_drawn_in_a_shipped_font(tmp_path, caplog, lang, words):
    section = PrintSection(
        "p-01-policy", words, f"<p><strong>{words}</strong> <em>{words}</em> {words}</p>", url=f"{lang}/01-policy/"
    )
    with caplog.at_level(logging.WARNING):
        write_pdf(make_doc(tmp_path, lang=lang, sections=(section,), crosswalk=()), tmp_path / "out.pdf")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    reader = PdfReader(tmp_path / "out.pdf")
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert all(f.startswith(("Atkinson-Hyperlegible", "Noto-Sans")) for f in fonts), fonts
    if lang != "hi":  # pypdf gives Devanagari's vowel signs in visual order (as for Gurmukhi)
        assert words.split(":")[0].rstrip(".") in "\n".join(page.extract_text() for page in reader.pages)

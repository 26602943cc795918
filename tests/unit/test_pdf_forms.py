"""pdf.forms: Appendix B lists every form with where a reader finds it, then prints each Markdown form
on its own page with its ids prefixed and its links made plain text. Every value is escaped."""

from __future__ import annotations

from hsms_manuals.pdf.forms import FORMS_ANCHOR, PrintForm, forms_appendix
from hsms_manuals.pdf.labels import printing_in


def rows(source: str) -> list[str]:
    return source.split("<tbody>\n")[1].split("\n</tbody>")[0].split("\n")


def test_each_form_is_listed_with_where_to_find_it():
    source = forms_appendix(
        (
            PrintForm("F-01", "Hazard assessment", "Every task", "hsms-form-1", "<p>Fill in</p>"),
            PrintForm("F-02", "Inspection", "Weekly", "hsms-form-2", file="https://m.example/acme/forms/F-02.pdf"),
            PrintForm("F-03", "Ladder", "Daily", "hsms-form-3", file="forms/F-03.docx"),
            PrintForm("F-04", "Training", "After training", "hsms-form-4"),
        )
    )
    assert source.startswith(f'<section class="appendix forms" id="{FORMS_ANCHOR}">\n<h1>Appendix B — Forms</h1>')
    assert "<th>Form</th><th>Title</th><th>Where to find it</th>" in source
    assert rows(source) == [
        '<tr><td>F-01</td><td>Hazard assessment</td><td><a class="xref page-only" href="#hsms-form-1">page </a>'
        "</td></tr>",
        '<tr><td>F-02</td><td>Inspection</td><td>Download it from <a class="form-file" '
        'href="https://m.example/acme/forms/F-02.pdf">https://m.example/acme/forms/F-02.pdf</a>, or ask your '
        "supervisor for a printed copy.</td></tr>",
        "<tr><td>F-03</td><td>Ladder</td><td>Download forms/F-03.docx from the manual&#x27;s website, or ask your "
        "supervisor for a printed copy.</td></tr>",
        "<tr><td>F-04</td><td>Training</td><td>Ask your supervisor for a copy.</td></tr>",
    ]


def test_only_markdown_forms_print_each_in_its_own_article_in_order():
    source = forms_appendix(
        (
            PrintForm("F-02", "Second", "Later", "hsms-form-2", "<p>second body</p>"),
            PrintForm("F-09", "A file", "Never", "hsms-form-9", file="forms/F-09.pdf"),
            PrintForm("F-01", "First", "Every task", "hsms-form-1", ""),  # an empty Markdown form still prints
        )
    )
    articles = source.split('<article class="form" ')[1:]
    assert [a.split(">", 1)[0] for a in articles] == ['id="hsms-form-2"', 'id="hsms-form-1"']
    assert articles[0].startswith(
        'id="hsms-form-2">\n<h1 class="form-title">F-02 Second</h1>\n<p class="form-use">When to use it: Later</p>\n'
        "<p>second body</p>\n</article>"
    )
    assert "A file</h1>" not in source


def test_no_forms_still_gives_an_empty_list():
    assert rows(forms_appendix(())) == [""]


def test_hostile_values_are_escaped_everywhere():
    hostile = PrintForm(
        '<b id="x">F-1</b>',
        "<script>alert(1)</script>",
        "when <i>told</i>",
        'hsms-form-1" onclick="x',
        "<p>ok</p>",
    )
    source = forms_appendix(
        (hostile, PrintForm("F-2", "T", "", "hsms-form-2", file='https://m.example/"><script>x</script>'))
    )
    for raw in ("<script", "<b ", "<i>", '" onclick="x', '"><script>'):
        assert raw not in source, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert 'href="#hsms-form-1&quot; onclick=&quot;x"' in source
    assert "When to use it: when &lt;i&gt;told&lt;/i&gt;" in source
    assert 'href="https://m.example/&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in source


def test_a_form_file_that_is_not_a_web_address_is_never_a_link():
    source = forms_appendix((PrintForm("F-1", "T", "", "hsms-form-1", file="javascript:alert(1)"),))
    assert "<a " not in source.split("<tbody>")[1]
    assert "Download javascript:alert(1) from the manual&#x27;s website" in source


def test_ids_are_prefixed_and_links_become_plain_text():
    body = (
        '<h2 id="sign">Sign<a class="headerlink" href="#sign">&para;</a></h2>'
        '<p>See <a href="../../02-hazards/">hazards</a> and <a href="#sign">sign</a>.</p>'
    )
    two = forms_appendix(
        (
            PrintForm("F-1", "A", "", "hsms-form-1", body, url="forms/F-1/"),
            PrintForm("F-2", "B", "", "hsms-form-2", body, url="forms/F-2/"),
        )
    )
    assert 'id="hsms-form-1--sign"' in two and 'id="hsms-form-2--sign"' in two  # two forms, no clash
    assert 'id="sign"' not in two and "headerlink" not in two
    assert "../../02-hazards/" not in two


def test_the_words_are_in_the_language_printed():
    with printing_in("fr"):
        source = forms_appendix((PrintForm("F-1", "Échelle", "Chaque jour", "hsms-form-1", "<p>x</p>"),))
    assert "Appendix B" not in source and "When to use it" not in source
    assert "Échelle" in source and "Chaque jour" in source

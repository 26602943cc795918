"""page_rules: a page body's problems at the line of the FILE (front matter counted), and SVG
drawings that would run code or reach outside."""

from __future__ import annotations

from hsms_manuals.page_rules import body_problems, drawing_problems, page_body

FRONT = "---\ntitle: A\ncovers: []\n---\n\n\n"  # six lines before the body


def lines(problems) -> list[tuple[int, str]]:
    return [(p.line, p.field) for p in problems]


def test_page_body_drops_front_matter_and_counts_its_lines():
    assert page_body(FRONT + "Hello\n") == ("Hello\n", 6)
    assert page_body("No front matter\n") == ("No front matter\n", 0)


def test_a_clean_page_with_allowed_variables_has_no_problems():
    assert body_problems(FRONT + "Welcome to {{ company.name }}.\n\n{{ emergency_contacts() }}\n", "docs/a.md") == []


def test_problems_are_at_the_file_line():
    text = FRONT + "Hello\n\n{{ os.system('id') }}\n\n<script>alert(1)</script>\n"
    got = body_problems(text, "manuals/t/docs/a.md")
    assert lines(got) == [(9, "jinja"), (11, "html")]
    assert str(got[0]).startswith("manuals/t/docs/a.md:9: jinja: 'os' is not allowed here — only these are allowed: ")
    assert str(got[1]) == (
        "manuals/t/docs/a.md:11: html: <script> is not allowed in a page (it runs code in the "
        "reader's browser) — remove it; write the content in Markdown"
    )


def test_reading_other_files_is_refused():
    got = body_problems(FRONT + "{% include '/etc/passwd' %}\n", "a.md")
    assert lines(got) == [(7, "jinja")]
    assert got[0].problem == "'{% include %}' is not allowed in a page: pages cannot read other files"


def test_a_javascript_link_is_refused():
    got = body_problems(FRONT + 'x\n<a href="javascript:alert(1)">x</a>\n', "a.md")
    assert lines(got) == [(8, "html")]


def test_every_problem_has_a_fix():
    text = FRONT + "{{ x.__class__ }}\n{% for a in b %}\n<iframe src='x'></iframe>\n<img onerror=alert(1) src=x>\n"
    got = body_problems(text, "a.md")
    assert len(got) >= 3
    assert all(p.problem and p.fix and " — " not in p.problem for p in got)


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n<image href="http://evil/x.png"/>\n'
    '<rect onclick="x()"/>\n</svg>\n'
)


def test_a_drawing_with_a_script_a_handler_and_an_outside_image(tmp_path):
    f = tmp_path / "d.svg"
    f.write_text(SVG, encoding="utf-8")
    got = drawing_problems(f, "docs/d.svg")
    assert lines(got) == [(2, "svg"), (3, "svg"), (4, "svg")]
    assert "'http://evil/x.png'" in got[1].problem
    assert all(p.fix.startswith("save the drawing without scripts") for p in got)


def test_a_utf16_drawing_is_read_too(tmp_path):
    f = tmp_path / "d.svg"
    f.write_text(SVG, encoding="utf-16")
    assert lines(drawing_problems(f, "d.svg")) == [(2, "svg"), (3, "svg"), (4, "svg")]


def test_a_clean_drawing(tmp_path):
    f = tmp_path / "d.svg"
    f.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', encoding="utf-8")
    assert drawing_problems(f, "d.svg") == []


def test_a_binary_file_named_svg(tmp_path):
    f = tmp_path / "d.svg"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert [str(p) for p in drawing_problems(f, "docs/d.svg")] == [
        "docs/d.svg: svg: the drawing cannot be read as text (UTF-8 or UTF-16) — save it again as a plain SVG (UTF-8)"
    ]


def test_a_heading_whose_words_make_one_of_the_theme_ids():
    text = "---\ntitle: P\n---\n\n## __config\n\n## HSMS SOS\n\n## HSMS policy\n\n## Settings { #__drawer }\n"
    got = body_problems(text, "docs/p.md")
    assert sorted((p.line, p.field, p.problem) for p in got) == [
        (5, "heading", "its id '__config' is the theme's own (the page would take over its settings or controls)"),
        (7, "heading", "its id 'hsms-sos' is the theme's own (the page would take over its settings or controls)"),
        (11, "attr_list", "the id '__drawer' is the theme's own (the page would take over its settings or controls)"),
    ]


def test_a_control_character_in_the_text_is_found_on_its_line():
    text = "---\ntitle: P\n---\n\nFine\ttext.\r\nA\x00B \x1b[31m red\n\nMore.\x85\n"
    assert [(p.line, p.field, p.problem) for p in body_problems(text, "docs/p.md")] == [
        (6, "text", "holds a control character (U+0000)"),
        (8, "text", "holds a control character (U+0085)"),
    ]


def test_audit_element_names_an_element_of_the_partner():
    """The build failed on audit_element('99') that validate had passed."""
    text = "---\ntitle: P\n---\n\n{{ audit_element('2') }}\n\n{{ audit_element('99') }} {{ audit_element(1.5) }}\n"
    elements = (["1", "2", "3"], "ACSA")
    assert [str(p) for p in body_problems(text, "docs/p.md", elements)] == [
        "docs/p.md:7: jinja: audit_element('99'): ACSA has no element '99' — use one of: 1, 2, 3",
        "docs/p.md:7: jinja: audit_element('1.5'): ACSA has no element '1.5' — use one of: 1, 2, 3",
    ]
    assert body_problems(text, "docs/p.md") == []  # the partner unknown (manual.yml broken): not judged


def test_a_heading_that_makes_a_theme_id_through_escapes():
    text = "---\ntitle: P\n---\n\n## \\_\\_config\n\n## &#95;&#95;search\n\n## ＿＿drawer\n"
    assert [(p.line, p.problem.split(" is ")[0]) for p in body_problems(text, "docs/p.md")] == [
        (5, "its id '__config'"),
        (7, "its id '__search'"),
        (9, "its id '__drawer'"),
    ]

"""The manual PDF end to end (print_html + weasy): what a reader sees on paper (text extracted with
pypdf). The parts are unit-tested by test_pdf_print_html.py and test_pdf_weasy.py."""

from __future__ import annotations

import logging
import re

import pytest
from pdf_kit import (
    COMPANY,
    SECTIONS,
    TABLE_HEADER,
    contents_number,
    crosswalk,
    first_page_with,
    hostile_emergency,
    last_contents_page,
    make_doc,
)
from pypdf import PdfReader

from hsms_manuals.pdf import CrosswalkRow, PrintSection, combined_html, write_pdf


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[PdfReader, list[str], int]:
    tmp = tmp_path_factory.mktemp("pdf")
    pages = write_pdf(make_doc(tmp), tmp / "manual.pdf")
    reader = PdfReader(tmp / "manual.pdf")
    return reader, [page.extract_text() for page in reader.pages], pages


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


def test_plain_text_fields_are_escaped(tmp_path):
    doc = make_doc(tmp_path, company="<script>alert(1)</script>", crosswalk=())
    source = combined_html(doc)
    assert "<script" not in source
    write_pdf(doc, tmp_path / "out.pdf")
    texts = [page.extract_text() for page in PdfReader(tmp_path / "out.pdf").pages]
    assert "<script>alert(1)</script>" in texts[0]
    assert "<script>alert(1)</script> · DOC-1 · Rev 3" in texts[2]


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


def test_emergency_block_prints_numbers_unbroken_and_first_aiders_one_per_line(tmp_path):
    doc = make_doc(tmp_path, sections=SECTIONS[:1], crosswalk=(), emergency=hostile_emergency())
    write_pdf(doc, tmp_path / "e.pdf")
    texts = [p.extract_text() for p in PdfReader(tmp_path / "e.pdf").pages]
    page = next(t for t in texts if t.startswith("In an emergency\n"))
    assert "Line & co 1-866-415-8690" in page  # never "1-866-415-\n8690"
    assert "Pat 403-555-0162\nLee 403-555-0163" in page
    assert "Report an incident: Safety <i>lead</i> 403-555-0148" in " ".join(page.split())
    assert "Effective 2026-09-01 · Next review —" in page  # the footer, even without a next review date


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

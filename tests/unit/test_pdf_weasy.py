"""pdf.weasy: the print HTML laid out by WeasyPrint into a PDF file — page size and numbers, only the
shipped fonts, WeasyPrint's warnings through MkDocs' logger (a character no font has is named with
where it is), the file replaced atomically."""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

import pytest
from pdf_kit import SECTIONS, make_doc
from pypdf import PdfReader

from hsms_manuals.pdf import PrintDocument, PrintSection, write_pdf


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


def tiny(tmp_path, body="<p>Body</p>", **changes):
    fields = dict(sections=(PrintSection("p-a", "Alpha", body, 1, "a/", source="manuals/t/docs/a.md"),), crosswalk=())
    fields.update(changes)
    return make_doc(tmp_path, **fields)


def test_a_page_embedding_a_file_from_outside_fails_before_anything_is_written(tmp_path):
    from hsms_manuals.errors import BuildFailed

    out = tmp_path / "manual.pdf"
    out.write_bytes(b"%PDF last good")
    doc = tiny(
        tmp_path,
        '<p><img alt="x" src="/etc/passwd"><img alt="y" src="../../../manual.yml">'
        '<img alt="z" src="/etc/x&#10;PDF: all fine"></p>',  # a line break in an address stays in its line
    )
    with pytest.raises(BuildFailed) as error:
        write_pdf(doc, out)
    fix = "which is outside the manual — put the file in docs/ and link it relatively (e.g. ![Muster point](images/muster.png))"
    assert str(error.value) == (
        f"PDF: manuals/t/docs/a.md: embeds '/etc/passwd', {fix}\n"
        f"PDF: manuals/t/docs/a.md: embeds '../../../manual.yml', {fix}\n"
        f"PDF: manuals/t/docs/a.md: embeds '/etc/x\\u000aPDF: all fine', {fix}"
    )
    assert out.read_bytes() == b"%PDF last good"


def test_an_address_only_the_layout_sees_is_refused_too(tmp_path):
    from hsms_manuals.errors import BuildFailed

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the pdf")
    body = f'<p style="background: url({secret.as_uri()})">styled</p>'  # not an embed outside_embeds reads
    with pytest.raises(BuildFailed) as error:
        write_pdf(tiny(tmp_path, body), tmp_path / "manual.pdf")
    assert str(error.value) == (
        f"PDF: the document asks for '{secret.as_uri()}', which is outside the manual and was not read "
        "— put the file in docs/ and link it relatively"
    )
    assert not (tmp_path / "manual.pdf").exists()


def test_the_same_sources_give_the_same_bytes(tmp_path, monkeypatch):
    import os

    from weasyprint.document import Document

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    seen: list[str | None] = []
    real = Document.write_pdf

    def watched(self, *args, **kwargs):
        seen.append(os.environ.get("SOURCE_DATE_EPOCH"))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Document, "write_pdf", watched)
    doc = tiny(tmp_path)
    write_pdf(doc, tmp_path / "one.pdf")
    assert seen == ["1788220800"]  # fontTools stamps the fonts with the effective date (2026-09-01), not now
    write_pdf(doc, tmp_path / "two.pdf")
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()
    assert "SOURCE_DATE_EPOCH" not in os.environ  # set only while the PDF is made
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the caller's own reproducible-build setting wins and stays
    write_pdf(doc, tmp_path / "three.pdf")
    assert os.environ["SOURCE_DATE_EPOCH"] == "0" and seen[-1] == "0"


def test_a_missing_glyph_names_every_place_it_is_in(tmp_path, caplog):
    from hsms_manuals.model import Emergency, Phone, Site
    from hsms_manuals.pdf import CrosswalkRow
    from hsms_manuals.pdf.forms import PrintForm
    from hsms_manuals.pdf.front_matter import RevisionRow

    odd = "\U0001f6a7"
    doc = tiny(
        tmp_path,
        sections=(
            PrintSection("p-a", "Alpha", f"<p>Zone &#x1F6A7; {odd}</p>", 1, "a/"),
            PrintSection("p-b", "Beta", "<p>plain</p>", 1, "b/", owner=f"Lead {odd}"),
            PrintSection("p-c", "Gamma", "<p>plain</p>", 1, "c/"),
        ),
        crosswalk=(CrosswalkRow("1", "1.1", f"Signs {odd}", "answered", ("p-a",), ("Alpha",)),),
        emergency=Emergency((Phone(f"Road {odd}", "911"),), Phone("Boss", "1"), (Site("Yard", "Gate", ()),)),
        history=(RevisionRow("1", "2026-09-01", "Pat", (f"Signs {odd}",), this=True),),
        forms=(PrintForm("F-1", "Road check", "Daily", "hsms-form-1", f"<p>{odd}</p>"),),
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.hsms.pdf"):
        write_pdf(doc, tmp_path / "o.pdf")
    messages = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.hsms.pdf"]
    assert messages == [
        f'PDF: cannot draw "{odd}" (U+1F6A7) in sections "Alpha", "Beta", in Appendix A, in the emergency block '
        "(manual.yml: emergency), in the revision history (document.changes), in Appendix B (forms): no font of "
        "the PDF has it — remove it, or add a font that covers it to macros/hsms_manuals/pdf/fonts/fonts.css"
    ]


def test_weasyprint_warnings_go_through_the_mkdocs_logger_while_rendering_only(tmp_path, caplog):
    with caplog.at_level(logging.INFO):
        write_pdf(tiny(tmp_path, '<p style="colour: red">x</p>'), tmp_path / "o.pdf")
        logging.getLogger("weasyprint").warning("after the PDF")
    forwarded = [r for r in caplog.records if r.name == "mkdocs.plugins.hsms.pdf"]
    assert [r.levelno for r in forwarded] == [logging.WARNING]  # strict mode fails the build on it
    assert forwarded[0].getMessage().startswith("PDF: ") and "colour" in forwarded[0].getMessage()

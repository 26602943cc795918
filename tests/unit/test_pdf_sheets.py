"""pdf.sheets: posters and wallet cards are shrunk until each fits its page, then written as one PDF,
atomically; WeasyPrint reads only the shipped fonts and data: URIs, and its warnings are collected
for the caller (never printed). Tiny HTML documents: a WeasyPrint layout each."""

from __future__ import annotations

import base64

import pytest
from pypdf import PdfReader

from hsms_manuals.errors import BuildFailed
from hsms_manuals.pdf.confine import OutsideFetch
from hsms_manuals.pdf.sheets import Renderer

PNG = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
).decode()


def sheet(words: str, lines: int = 1) -> str:
    return "<html lang='en'><body>" + "".join(f"<p>{words} {i}</p>" for i in range(lines)) + "</body></html>"


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def test_fit_takes_the_first_scale_that_lays_out_on_one_page(renderer):
    asked: list[float] = []

    def make(scale: float) -> str:
        asked.append(scale)
        return sheet("Line", lines=round(150 * scale))  # 150 paragraphs never fit on a page, 3 do

    document, scale, fits = renderer.fit(make, (1.0, 0.5, 0.02, 0.001))
    assert (scale, fits, len(document.pages)) == (0.02, True, 1)
    assert asked == [1.0, 0.5, 0.02]  # stops at the first fit


def test_fit_gives_the_smallest_scale_laid_out_when_none_fits(renderer):
    document, scale, fits = renderer.fit(lambda s: sheet("Line", lines=150), (1.0, 0.8))
    assert (scale, fits) == (0.8, False)
    assert len(document.pages) > 1


def test_write_puts_every_page_in_order_in_one_titled_pdf(renderer, tmp_path):
    documents = [renderer.render(sheet("First")), renderer.render(sheet("Second", lines=100))]
    out = tmp_path / "cards.pdf"
    pages = renderer.write(documents, out, "Wallet cards — Tiny <Co>")
    reader = PdfReader(out)
    assert pages == len(reader.pages) == 1 + len(documents[1].pages)
    assert "First 0" in reader.pages[0].extract_text()
    assert "Second 0" in reader.pages[1].extract_text()
    assert reader.metadata.title == "Wallet cards — Tiny <Co>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards.pdf"]  # no temporary file left


def test_a_failed_write_leaves_the_last_good_pdf(renderer, tmp_path, monkeypatch):
    with pytest.raises(BuildFailed, match="previous PDF was left untouched"):
        renderer.write([renderer.render(sheet("x"))], tmp_path / "gone" / "posters.pdf", "Posters")
    out = tmp_path / "posters.pdf"
    out.write_bytes(b"%PDF last good")
    from weasyprint.document import Document

    def disk_full(self, target, **options):
        target.write(b"%PDF half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Document, "write_pdf", disk_full)
    with pytest.raises(BuildFailed) as error:
        renderer.write([renderer.render(sheet("x"))], out, "Posters")
    assert str(error.value) == (
        f"{out}: cannot write the PDF (No space left on device) — check the folder exists and is writable; "
        "the previous PDF was left untouched"
    )
    assert out.read_bytes() == b"%PDF last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["posters.pdf"]


def test_data_uris_are_drawn_and_files_are_refused(renderer, tmp_path):
    (tmp_path / "logo.png").write_bytes(base64.b64decode(PNG))
    renderer.render(f'<p><img alt="QR" src="data:image/png;base64,{PNG}"></p>')
    with pytest.raises(OutsideFetch):
        renderer.render(f'<p><img alt="logo" src="{(tmp_path / "logo.png").as_uri()}"></p>')
    with pytest.raises(OutsideFetch):
        renderer.render('<p><img alt="x" src="https://example.ca/x.png"></p>')


def test_weasyprint_warnings_are_collected_once_and_only_while_rendering(renderer):
    import logging

    renderer.warnings.clear()
    odd = '<p style="colour: red">x</p><p style="colour: red">y</p>'
    renderer.render(odd)
    renderer.render(odd)
    assert len(renderer.warnings) == 1 and "colour" in renderer.warnings[0], renderer.warnings
    logging.getLogger("weasyprint").warning("after the rendering")
    assert "after the rendering" not in renderer.warnings


def test_each_renderer_has_its_own_warnings():
    first, second = Renderer(), Renderer()
    first.warnings.append("one")
    assert second.warnings == []

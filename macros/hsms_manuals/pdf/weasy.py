"""Rendering the print HTML to a PDF file with WeasyPrint: only the manual's own files and the
shipped fonts are fetched, WeasyPrint's warnings go to MkDocs' logger (so a strict build fails
on them), and the file is replaced atomically."""

from __future__ import annotations

import html
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ..errors import BuildFailed, one_line
from .labels import label
from .print_html import PAGE_SIZES, PrintDocument, combined_html

LOG = logging.getLogger("mkdocs.plugins.hsms.pdf")

PRINT_CSS = Path(__file__).resolve().with_name("print.css")
FONTS_CSS = Path(__file__).resolve().with_name("fonts") / "fonts.css"  # package data, with the fonts
# Tagged for screen readers (PDF/UA-1): a structure tree of headings, lists, tables and links, the
# /MarkInfo and /Lang entries, and the title shown instead of the file name.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


DRAFT_CSS = """
@page { @top-center { content: "DRAFT — not approved, not for use"; color: #b00020; font-weight: 700;
                      font: 700 9pt/1.2 "Atkinson Hyperlegible"; vertical-align: bottom; padding-bottom: 3mm; } }
@page cover { @top-center { content: "DRAFT — not approved, not for use"; } }
"""

# A right-to-left edition reads from the right: the running header starts there with the document's
# name and ends on the left with the section, and the page number moves to the left corner.
RTL_PAGE_CSS = """
@page {
  @top-left { content: string(section-title, first); text-align: left; }
  @top-right { content: string(doc-id); text-align: right; }
  @bottom-left { content: %(page_of)s; text-align: left; width: auto; font-size: 8.5pt; white-space: nowrap; }
  @bottom-right { content: string(dates) "\\A" string(control); text-align: right; width: 75%%;
                  font-size: 8pt; white-space: pre-wrap; }
}
"""


def page_of_content() -> str:
    """The footer's "Page 3 of 12" in the language being printed, as a CSS content value:
    ``"Page " counter(page) " of " counter(pages)``."""
    words = label("page_of", page="\x00", pages="\x01")
    parts = []
    for piece in re.split("([\x00\x01])", words):
        if piece == "\x00":
            parts.append("counter(page)")
        elif piece == "\x01":
            parts.append("counter(pages)")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"')
    return " ".join(parts)


def page_stylesheets(doc: PrintDocument) -> list[str]:
    """The CSS a document adds to print.css for its pages: the page size and the page number in the
    language being printed (pdf.labels), the drafts mark, the right-to-left running headers."""
    page_of = page_of_content()
    sheets = [f"@page {{ size: {PAGE_SIZES[doc.page_size]}; @bottom-right {{ content: {page_of}; }} }}"]
    if doc.draft:  # a drafts preview says so at the top of every page, the cover included
        sheets.append(DRAFT_CSS)
    if doc.direction == "rtl":
        sheets.append(RTL_PAGE_CSS % {"page_of": page_of})
    return sheets


def write_pdf(doc: PrintDocument, out: Path) -> int:
    """Render ``doc`` to ``out`` (replaced atomically) and return the page count.

    Only data: URIs, the site's files and the shipped fonts are read (no network, no other
    file; see ``confine``); an address outside them is a BuildFailed naming the page. WeasyPrint
    warnings (a missing image, an unsupported style) are logged through MkDocs' logger
    so a strict build fails on them."""
    # Imported here: WeasyPrint takes ~0.5 s to import and the site build may not need it.
    from .confine import ConfinedFetcher, OutsideFetch, outside_embeds

    outside = outside_embeds(doc.sections)
    if outside:
        raise BuildFailed("\n".join(f"PDF: {one_line(o)}" for o in outside))  # a line each, whatever the address
    # The built site (images, forms) and the shipped fonts: nothing else, no network.
    base = _base_url(doc.base_url)
    site = [Path(url2pathname(urlsplit(base).path))] if base and base.startswith("file:") else []
    try:
        return _render(doc, out, ConfinedFetcher(*site, FONTS_CSS.parent))
    except OutsideFetch as exc:  # what outside_embeds cannot see (e.g. a url() in a style)
        raise BuildFailed(
            f"PDF: the document asks for '{exc.url}', which is outside the manual and was not read "
            "— put the file in docs/ and link it relatively"
        ) from None


def _render(doc: PrintDocument, out: Path, fetcher: Any) -> int:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()  # one per call: @font-face rules register into it
    try:
        with _weasyprint_warnings_to_mkdocs(doc), _fonts_dated(doc.effective):
            stylesheets = [
                CSS(filename=FONTS_CSS, font_config=fonts, url_fetcher=fetcher),
                CSS(filename=PRINT_CSS, font_config=fonts, url_fetcher=fetcher),
                *(CSS(string=sheet, font_config=fonts) for sheet in page_stylesheets(doc)),
            ]
            source = HTML(string=combined_html(doc), base_url=_base_url(doc.base_url), url_fetcher=fetcher)
            document = source.render(stylesheets=stylesheets, font_config=fonts)
            _write_atomically(Path(out), lambda fh: document.write_pdf(fh, **PDF_OPTIONS))
    finally:
        # WeasyPrint copies the fonts into a temporary folder that it removes only when the
        # configuration is garbage-collected; a logged error's traceback can keep it alive for
        # the rest of the process. Remove it now (removing it twice is harmless).
        fonts.__del__()
    return len(document.pages)


@contextmanager
def _fonts_dated(effective: str) -> Iterator[None]:
    """The same sources give the same PDF, byte for byte: fontTools stamps each font it decodes
    (our WOFF files) with the time unless SOURCE_DATE_EPOCH is set, so it is set to the manual's
    effective date (a date the manual already prints) while the PDF is made."""
    import calendar
    import datetime as dt

    before = os.environ.get("SOURCE_DATE_EPOCH")
    if before is None:  # a reproducible-build setting of the caller's own wins
        day = dt.date.fromisoformat(effective)
        os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _write_atomically(out: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write through a temporary file next to ``out``; readers never see half a PDF."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except OSError as exc:
        raise BuildFailed(
            f"{out}: cannot write the PDF ({exc.strerror or exc}) — "
            "check the folder exists and is writable; the previous PDF was left untouched"
        ) from exc
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _base_url(base: str | None) -> str | None:
    """A folder path or URL → a URL ending in "/" (so relative paths resolve inside it)."""
    if not base:
        return None
    url = base if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+:", base) else Path(base).resolve().as_uri()
    return url if url.endswith("/") else url + "/"


# WeasyPrint warnings about the machine, not the manual: logged at INFO so they do not
# fail a strict build. (Fix: apt-get install libharfbuzz-subset0.)
_ENVIRONMENT_NOTICES = ("Using fontTools instead of HarfBuzz-Subset",)


# WeasyPrint's word for a character no font has: it draws a blank box (once per occurrence).
_MISSING_GLYPH_RE = re.compile(r"^\.notdef glyph rendered .*\(U\+([0-9A-Fa-f]{4,6})\)$")


class _Forward(logging.Handler):
    """WeasyPrint's log → MkDocs' logger; a missing glyph becomes one warning per character
    that says where it is and what to do."""

    def __init__(self, doc: PrintDocument):
        super().__init__(logging.WARNING)
        self.doc = doc
        self.missing: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if m := _MISSING_GLYPH_RE.match(message):
            codepoint = int(m[1], 16)
            if codepoint not in self.missing:
                self.missing.add(codepoint)
                LOG.warning("PDF: %s", _missing_glyph(self.doc, chr(codepoint)))
            return
        level = logging.INFO if message.startswith(_ENVIRONMENT_NOTICES) else record.levelno
        LOG.log(level, "PDF: %s", message)


def _missing_glyph(doc: PrintDocument, char: str) -> str:
    """'cannot draw "🚧" (U+1F6A7) in section "Site rules": …' — places found by a plain text
    search (cheap; WeasyPrint does not say which box it was drawing)."""
    titles = [
        s.title
        for s in doc.sections
        if char in s.title or char in s.owner or char in s.group or char in html.unescape(s.html)
    ]
    places = []
    if titles:
        places.append(("in section " if len(titles) == 1 else "in sections ") + ", ".join(f'"{t}"' for t in titles))
    cover = (
        doc.company,
        doc.title,
        doc.number,
        doc.revision,
        doc.effective,
        doc.approved_by_name,
        doc.approved_by_title,
        doc.partner,
        doc.program,
        doc.site_url,
    )
    if any(char in text for text in cover):
        places.append("on the cover")
    if any(char in text for row in doc.crosswalk for text in (row.element, row.question, row.text, row.note)):
        places.append("in Appendix A")
    if doc.emergency is not None and char in repr(doc.emergency):  # every text of it, from manual.yml
        places.append("in the emergency block (manual.yml: emergency)")
    if any(char in text for row in doc.history for text in (row.approved_by, *row.changes, *row.notes)):
        places.append("in the revision history (document.changes)")
    if any(char in text for f in doc.forms for text in (f.id, f.title, f.use, html.unescape(f.html or ""))):
        places.append("in Appendix B (forms)")
    where = ", ".join(places) or "in the PDF"
    return (
        f'cannot draw "{char}" (U+{ord(char):04X}) {where}: no font of the PDF has it — '
        "remove it, or add a font that covers it to macros/hsms_manuals/pdf/fonts/fonts.css"
    )


@contextmanager
def _weasyprint_warnings_to_mkdocs(doc: PrintDocument) -> Iterator[None]:
    source = logging.getLogger("weasyprint")
    handler = _Forward(doc)
    source.addHandler(handler)
    try:
        yield
    finally:
        source.removeHandler(handler)

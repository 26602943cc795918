"""Laying out posters and wallet-card sheets with WeasyPrint (HTML from ``posters``): each
poster or card is shrunk step by step until it fits its page, then all pages are written as one
tagged PDF, atomically. Only the shipped fonts and data: URIs (the QR codes) are read."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .weasy import FONTS_CSS, PDF_OPTIONS, _write_atomically

SHEETS_CSS = Path(__file__).resolve().with_name("posters.css")


@dataclass
class Renderer:
    """One font configuration and stylesheet set for every page of one output file, and the
    warnings WeasyPrint gave (a caller reports them; library code never prints)."""

    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        from weasyprint import CSS  # slow to import: only `hsms posters` gets here
        from weasyprint.text.fonts import FontConfiguration

        from .confine import ConfinedFetcher

        self.fonts = FontConfiguration()
        self.fetcher = ConfinedFetcher(FONTS_CSS.parent)  # the shipped fonts and data: URIs (the QR codes)
        self.sheets = [
            CSS(filename=FONTS_CSS, font_config=self.fonts, url_fetcher=self.fetcher),
            CSS(filename=SHEETS_CSS, font_config=self.fonts, url_fetcher=self.fetcher),
        ]

    def render(self, html: str) -> Any:
        from weasyprint import HTML

        with self._collect():
            return HTML(string=html, url_fetcher=self.fetcher).render(stylesheets=self.sheets, font_config=self.fonts)

    def fit(self, make: Callable[[float], str], scales: Sequence[float]) -> tuple[Any, float, bool]:
        """The first scale whose HTML lays out on one page: (document, scale, True); else the
        smallest, laid out as it comes: (document, scale, False)."""
        document, scale = None, scales[-1]
        for scale in scales:
            document = self.render(make(scale))
            if len(document.pages) == 1:
                return document, scale, True
        return document, scale, False

    def write(self, documents: Sequence[Any], out: Path, title: str) -> int:
        """All pages of ``documents``, in order, as one PDF at ``out``; returns the page count."""
        pages = [page for document in documents for page in document.pages]
        merged = documents[0].copy(pages)
        merged.metadata.title = title
        with self._collect():
            _write_atomically(out, lambda fh: merged.write_pdf(fh, **PDF_OPTIONS))
        return len(pages)

    @contextmanager
    def _collect(self) -> Iterator[None]:
        source = logging.getLogger("weasyprint")
        handler = _Collect(self.warnings)
        source.addHandler(handler)
        try:
            yield
        finally:
            source.removeHandler(handler)


class _Collect(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.into:
            self.into.append(message)

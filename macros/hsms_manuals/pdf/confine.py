"""What the PDF may read: the manual's built site, the shipped fonts and ``data:`` URIs — nothing else.

A page's HTML can point anywhere (``<img src="/etc/passwd">``, ``file:///…``, ``http://…``,
``../../manual.yml``, ``<a rel="attachment" href=…>``), and WeasyPrint would embed what it finds.
``outside_embeds`` names each page that embeds something from outside its manual, before
anything is rendered; ``ConfinedFetcher``, WeasyPrint's only way to read a file, refuses (and so
stops the rendering) any other address than a ``data:`` URI or a file that resolves — symlinks
followed — inside the allowed folders. Imported only when a PDF is made (it imports WeasyPrint)."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .print_html import PrintSection

_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# An opening tag with its attributes (quoted values may contain ">"), and one attribute.
_TAG_RE = re.compile(r"""<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+(?:[^>"']|"[^"]*"|'[^']*')*)?)/?>""")
_ATTR_RE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_FETCHED = ("src", "data", "poster")  # on any element: drawn from that address
_HREF = ("href", "xlink:href")  # drawn on <link>, svg <image>/<use>/<feImage>, and rel="attachment" links


class OutsideFetch(FatalURLFetchingError):
    """WeasyPrint asked for an address outside the allowed folders; stops the rendering."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class ConfinedFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, serving only ``data:`` URIs and ``file:`` URLs that resolve inside
    ``folders`` (symlinks followed): no network, no other file of the machine."""

    def __init__(self, *folders: Path):
        super().__init__(allowed_protocols={"file", "data"})
        self.folders = tuple(Path(f).resolve() for f in folders)

    def allows(self, url: str) -> bool:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return True
        parts = urlsplit(url)
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(parts.path)).resolve()
        return any(path.is_relative_to(folder) for folder in self.folders)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if not self.allows(url):
            raise OutsideFetch(url)
        return super().fetch(url, headers)


def embedded(page_html: str) -> Iterator[str]:
    """Every address in ``page_html`` that is drawn into the document (images, objects, style
    sheets, svg references, attachments) — not the links a reader may follow."""
    for tag in _TAG_RE.finditer(page_html):
        name = tag[1].lower()
        attrs = {a[1].lower(): html.unescape(_unquote(a[2])) for a in _ATTR_RE.finditer(tag[2])}
        for key, value in attrs.items():
            if key in _FETCHED or (key in _HREF and (name != "a" or "attachment" in attrs.get("rel", "").lower())):
                yield value


def _unquote(raw: str | None) -> str:
    if raw is None:
        return ""
    return raw[1:-1] if raw[:1] in "\"'" else raw


def leaves_site(value: str, page_url: str) -> bool:
    """Whether ``value``, written on the page at site path ``page_url`` ("02-hazards/", "" = home),
    points outside the built site: a scheme other than data:, an absolute path, or ../ above the root."""
    value = value.strip()
    if not value or value.startswith("#") or value.lower().startswith("data:"):
        return False
    if value.startswith(("/", "\\")) or _SCHEME_RE.match(value):
        return True
    here = page_url if page_url.endswith("/") else posixpath.join(posixpath.dirname(page_url), "")  # "page.html" → ""
    path = posixpath.normpath(posixpath.join(here, unquote(urlsplit(value).path)))
    return path == ".." or path.startswith("../")


def outside_embeds(sections: Sequence[PrintSection]) -> list[str]:
    """One line per page and address drawn from outside the manual, saying how to fix it."""
    return [
        f"{s.source or s.title}: embeds '{value}', which is outside the manual — put the file in docs/ and "
        "link it relatively (e.g. ![Muster point](images/muster.png))"
        for s in sections
        for value in dict.fromkeys(embedded(s.html))
        if leaves_site(value, s.url)
    ]

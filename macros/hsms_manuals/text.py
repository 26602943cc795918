"""Text helpers shared by everything that writes Markdown or HTML: escaping, links, slugs.
A leaf module: it imports nothing of hsms."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser

# Characters that are markup somewhere in Python-Markdown, its extensions (attr_list, tables,
# def_list, admonition …, and the pymdownx ones a consultancy might enable) or Jinja. Written as
# numeric character references, they are printed as themselves and never parsed.
_ANYWHERE = "&<>\"'\\`*_[]|{}~^=+:#$@!"
# Markup only where a line starts: lists, rules, setext headings, `??? details`.
_AT_START = "-?"
_REFS = str.maketrans(
    {c: f"&#{ord(c)};" for c in _ANYWHERE} | {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)  # as html.escape
# Line breaks (as Python and browsers count them) with the blanks around them: one space, so a value
# is always one line and cannot open a block (a heading, a list, an admonition, a table row).
_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]\s*")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # invisible, and not allowed in HTML
# A character no page, site or PDF can show, refused where it is written (a YAML value, a page's
# text, a translation): C0 controls but the tab and line ends, DEL, and the C1 controls.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ORDERED = re.compile(r"^(\d+)([.)])")  # "1986. A good year" would start an ordered list


def esc(value: object) -> str:
    """A YAML value as Markdown that prints exactly its text, wherever a page or macro puts it
    (a paragraph, the start of a line, a heading, a table cell, link text, an HTML attribute):
    one line, HTML and Markdown syntax written as character references."""
    text = _CONTROLS.sub("", _BREAKS.sub(" ", str(value).replace("\t", " "))).strip()
    text = text.translate(_REFS)
    if text and text[0] in _AT_START:
        text = f"&#{ord(text[0])};{text[1:]}"
    return _ORDERED.sub(lambda m: f"{m[1]}&#{ord(m[2])};", text)


def link(here: str, target: str, text: str, anchor: str = "") -> str:
    """A Markdown link from page ``here`` to page ``target`` (src paths), relative so that MkDocs
    checks it in strict mode."""
    rel = posixpath.relpath(target, posixpath.dirname(here) or ".")
    return f"[{esc(text)}]({rel}{'#' + anchor if anchor else ''})"


def slug(text: str) -> str:
    """An id as a URL/anchor part: '6.9' → '6-9', 'A' → 'a'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def one_line(value: object, limit: int = 80) -> str:
    """A value quoted in a problem line: its words on one line, cut at ``limit`` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _FirstParagraph(HTMLParser):
    """The text of the first non-empty <p> of a page's HTML that is not an admonition's title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.parts: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and not self.text and "admonition-title" not in (dict(attrs).get("class") or ""):
            self.inside, self.parts = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.inside:
            self.inside = False
            self.text = self.text or " ".join("".join(self.parts).split())

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)


def first_paragraph(html: str, limit: int = 160) -> str:
    """A page's first paragraph as plain text, cut at a word before ``limit`` characters (a meta
    description: what search results and shared links show)."""
    parser = _FirstParagraph()
    parser.feed(html)
    text = parser.text
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"

"""Web-only and print-only content: a page marks a block ``web-only`` (the site shows it, the
PDF leaves it out) or ``print-only`` (the PDF shows it, the site leaves it out), by class:

    !!! web-only "On your phone"        an admonition (any Markdown inside; "" for no title)
    Tap a number to call it.            one paragraph or heading, with attr_list
    { .web-only }
    <div class="print-only" markdown>   a block of any Markdown (md_in_html)

The marked element is removed with everything in it, from the HTML the site publishes (so it is
in neither the page, its table of contents nor the search index) or from the HTML the PDF prints
(so its headings are not in the contents). Cutting is done on the page's own HTML text, found
with the standard library's HTML parser, so the rest of the page is kept byte for byte.

``emergency_ref`` is what the ``{{ emergency_page() }}`` macro writes: "the home page" on the
site, and in the PDF a link that prints the page number of the emergency block."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

WEB_ONLY = "web-only"
PRINT_ONLY = "print-only"
EMERGENCY_REF_CLASS = "hsms-emergency-page"
EMERGENCY_ANCHOR = "hsms-emergency"  # the id of the PDF's emergency block

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_EMERGENCY_REF_RE = re.compile(rf'<span class="{EMERGENCY_REF_CLASS}">[^<]*</span>')


def emergency_ref(site_words: str = "the home page") -> str:
    """Inline HTML for "where the emergency numbers are": ``site_words`` on the site."""
    return f'<span class="{EMERGENCY_REF_CLASS}">{site_words}</span>'


def print_emergency_ref(html: str, words: str) -> str:
    """Turn each emergency_ref into a link whose page number print.css adds ("page 3")."""
    return _EMERGENCY_REF_RE.sub(f'<a class="hsms-page-ref" href="#{EMERGENCY_ANCHOR}">{words}</a>', html)


def drop_marked(html: str, cls: str) -> tuple[str, set[str]]:
    """``html`` without the elements whose class list holds ``cls`` (and their content), and the
    ids that were inside what was removed (a table of contents must lose them too)."""
    if cls not in html:  # cheap test first: most pages mark nothing
        return html, set()
    finder = _Marked(html, cls)
    kept, ids, last = [], set(), 0
    for start, end, found in finder.spans():
        if start < last:  # nested in an element already removed
            continue
        kept.append(html[last:start])
        ids |= found
        last = end
    kept.append(html[last:])
    return "".join(kept), ids


# Start tags that end an open element without its end tag, as browsers read HTML: the
# elements they close, and the containers the search for one stops at.
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "thead", "tbody", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
}
_CLOSES_P = frozenset(
    "address article aside blockquote details div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr main menu nav ol p pre section table ul".split()
)
_P_SCOPE = frozenset("div li td th blockquote section article aside details figure body html".split())


class _Marked(HTMLParser):
    """Finds the span (start, end offsets in the text, ids inside) of each marked element."""

    def __init__(self, html: str, cls: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.cls = cls
        self.lines = [0] + [m.end() for m in re.finditer("\n", html)]
        self.stack: list[str] = []  # open elements
        self.open: list[tuple[int, int, set[str]]] = []  # marked elements: depth, start offset, ids
        self.found: list[tuple[int, int, set[str]]] = []  # start, end offset, ids
        self.feed(html)
        self.close()

    def _here(self) -> int:
        """Offset of the tag being handled."""
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def _after_here(self) -> int:
        end = self.html.find(">", self._here())
        return len(self.html) if end < 0 else end + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._implied_end(tag)
        values = dict(attrs)
        if self.cls in (values.get("class") or "").split():
            self.open.append((len(self.stack), self._here(), set()))
        if self.open and values.get("id"):
            self.open[-1][2].add(values["id"] or "")
        if tag not in _VOID:
            self.stack.append(tag)
        elif self.open and self.open[-1][0] == len(self.stack):  # a marked void element: <img class=…>
            self._close(self._after_here())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:  # <span class="web-only"/>: nothing inside, closed here
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:  # a stray end tag is ignored, as browsers do
            self._pop_to(len(self.stack) - 1 - self.stack[::-1].index(tag), self._after_here())

    def _implied_end(self, tag: str) -> None:
        """<li> after an open <li>, <p> after an open <p>, …: the open one ends before this tag."""
        closes, scope = _IMPLIED.get(tag, (frozenset(), frozenset()))
        if tag in _CLOSES_P:
            closes, scope = closes | {"p"}, scope | _P_SCOPE
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i] in closes:
                self._pop_to(i, self._here())
                return
            if self.stack[i] in scope:
                return

    def _pop_to(self, index: int, end: int) -> None:
        """Close the open elements from the top of the stack down to ``index``, at offset ``end``."""
        while len(self.stack) > index:
            self.stack.pop()
            while self.open and self.open[-1][0] == len(self.stack):
                self._close(end)

    def _close(self, end: int) -> None:
        """The innermost marked element ends at ``end``; its ids count for its parent too."""
        _, start, ids = self.open.pop()
        self.found.append((start, end, ids))
        if self.open:
            self.open[-1][2].update(ids)

    def spans(self) -> list[tuple[int, int, set[str]]]:
        """Every marked element in document order; one never closed runs to the end."""
        unclosed = [(start, len(self.html), ids) for _, start, ids in self.open]
        return sorted(self.found + unclosed, key=lambda s: s[0])


def prune_toc(items: list[Any], ids: set[str]) -> None:
    """Remove, in place, the table-of-contents entries (MkDocs' AnchorLink: ``.id``,
    ``.children``) of headings that were cut out of the page."""
    items[:] = [item for item in items if item.id not in ids]
    for item in items:
        prune_toc(item.children, ids)

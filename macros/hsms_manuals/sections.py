"""The sections of a page, read from the Markdown source the author wrote.

A section is a heading and everything under it until the next heading of the same or a higher
level (its sub-headings belong to it). Headings get the ids MkDocs gives them: an explicit
``{ #id }`` (attr_list), else Python-Markdown toc's slugify of the heading text, with ``_1``,
``_2`` … for repeats. Words are the author's own: Jinja (``{{ … }}``, ``{% … %}``,
``{# … #}``) is removed, as are markup, link targets, HTML tags and fenced code. Nothing is
rendered: this runs for every claiming page on every `hsms validate`.

Only headings written in the page count: a heading a macro prints is not in the source (and a
heading whose text holds Jinja has an id only the rendered page knows, unless it sets ``{ #id }``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

# Python-Markdown: a line starting with 1–6 '#' is a heading (no space needed), trailing '#'s dropped.
_ATX = re.compile(r"^(#{1,6})(.*?)#*[ \t]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ATTR_LIST = re.compile(r"[ \t]+\{:?[ \t]*([^}\n ][^\n]*?)[ \t]*\}[ \t]*$")  # attr_list on a heading
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}#]+)")
_JINJA = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}|\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto|tel):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+\"([^\"]*)\")?[ \t]*$", re.M)
_ATTR_ANY = re.compile(r"\{:?[ \t]*[#.][^}\n]*\}|\{:[^}\n]*\}")
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True)
class Heading:
    level: int  # 1 for '#', 2 for '##' …
    title: str  # the heading text without markup, as readers see it
    id: str | None  # the id MkDocs gives it; None when only the rendered page knows it (Jinja in the text)
    line: int  # its line in the page file (1-based)
    start: int  # index of its line among the body lines
    end: int  # index after the last line of its section
    explicit: bool = False  # the id is written on the heading ({ #id }): no other heading can take it


def slugify(value: str) -> str:
    """Python-Markdown toc's default slugify (markdown.extensions.toc.slugify, separator '-')."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def unique(value: str, used: set[str]) -> str:
    """toc's rule for repeated ids: 'x', 'x_1', 'x_2' …"""
    if value in used or not value:
        n = 1
        while f"{value}_{n}" in used:
            n += 1
        value = f"{value}_{n}"
    used.add(value)
    return value


_INLINE_MARKUP = re.compile(r"[`*_\[\]<>!\\]")


def inline_text(markdown: str) -> str:
    """Inline Markdown → the text a reader sees (code spans kept literally)."""
    if not _INLINE_MARKUP.search(markdown):  # most headings: plain words
        return " ".join(markdown.split())
    spans: list[str] = []

    def stash(m: re.Match[str]) -> str:
        spans.append(m[2].strip())
        return f"\x00{len(spans) - 1}\x00"

    text = _CODE_SPAN.sub(stash, markdown)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    for _ in range(3):  # nested emphasis: ***a*** , **a _b_**
        text, n = _EMPHASIS.subn(r"\2", text)
        if not n:
            break
    text = re.sub(r"\\(.)", r"\1", text)  # backslash escapes
    text = re.sub("\x00(\\d+)\x00", lambda m: spans[int(m[1])], text)
    return " ".join(text.split())


def _blank_jinja(m: re.Match[str]) -> str:
    if m[1] is not None:  # {% raw %}…{% endraw %}: printed as written
        return m[1]
    return "\n" * m[0].count("\n")


def strip_jinja(text: str) -> str:
    """The text without Jinja, line numbers kept."""
    return _JINJA.sub(_blank_jinja, text) if "{" in text else text


def strip_comments(text: str) -> str:
    """The text without HTML comments, line numbers kept."""
    return _COMMENT.sub(lambda m: "\n" * m[0].count("\n"), text) if "<!--" in text else text


def count_words(text: str) -> int:
    return len(WORD.findall(text))


class PageText:
    """One page body: its headings and sections, and the author's own text of any section.

    ``first_line`` is the file line of the body's first line (after the front matter)."""

    def __init__(self, body: str, first_line: int = 1):
        self.source = body.split("\n")  # as written (Jinja included)
        plain = strip_comments(strip_jinja(body))
        self.lines = plain.split("\n")  # Jinja and HTML comments blanked, same line numbers
        self.first_line = first_line
        self.code = self._scan()  # True for lines inside fenced code (fences included)

    def _scan(self) -> list[bool]:
        """Find fenced code and headings in one pass over the lines."""
        lines = self.lines
        code = [False] * len(lines)
        found: list[tuple[int, int, str]] = []  # (line index, level, raw text)
        fence = ""
        for i, line in enumerate(lines):
            if fence:
                code[i] = True
                stripped = line.strip()
                if stripped.startswith(fence) and not stripped.strip(fence[0]):
                    fence = ""
                continue
            if not line:
                continue
            c = line[0]
            if c in "`~" or c in " \t":
                m = _FENCE.match(line)
                if m:
                    fence, code[i] = m[1], True
                    continue
            if c == "#":
                m = _ATX.match(line)
                if m:
                    found.append((i, len(m[1]), m[2]))
                    continue
            if (
                c in "=-"
                and i
                and lines[i - 1].strip()
                and not code[i - 1]
                and (i < 2 or not lines[i - 2].strip())
                and _SETEXT.match(line)
                and not lines[i - 1].startswith(("#", " ", "\t"))
            ):
                found.append((i - 1, 1 if c == "=" else 2, lines[i - 1]))
        self._found = found
        return code

    @cached_property
    def headings(self) -> tuple[Heading, ...]:
        raw = []
        explicit: set[str] = set()
        for i, level, text in self._found:
            hid = None
            m = _ATTR_LIST.search(text)
            if m:
                ids = _ATTR_ID.findall(m[1])
                text = text[: m.start()]
                hid = ids[-1] if ids else None
                if hid:
                    explicit.add(hid)
            raw.append((i, level, text.strip(), hid))
        used = set(explicit)
        out = []
        ends = self._ends([(i, level) for i, level, _, _ in raw])
        for (i, level, text, hid), end in zip(raw, ends, strict=True):
            title = html.unescape(inline_text(text))
            templated = self.source[i] != self.lines[i] and "{" in self.source[i]  # Jinja in the heading
            if hid is None and not templated:
                hid = unique(slugify(title), used)
            if templated:  # what readers see is only known after rendering
                title = html.unescape(inline_text(self.source[i].lstrip("#").strip()))
            out.append(Heading(level, title, hid, self.first_line + i, i, end, hid in explicit))
        return tuple(out)

    def _ends(self, heads: list[tuple[int, int]]) -> list[int]:
        ends = []
        for k, (_, level) in enumerate(heads):
            end = next((j for j, lv in heads[k + 1 :] if lv <= level), len(self.lines))
            ends.append(end)
        return ends

    def heading(self, hid: str) -> Heading | None:
        return next((h for h in self.headings if h.id == hid), None)

    @property
    def ids(self) -> list[str]:
        return [h.id for h in self.headings if h.id]

    def raw_text(self, start: int = 0, end: int | None = None) -> str:
        """Body lines [start, end) without Jinja, HTML comments and fenced code; markup kept."""
        return "\n".join(ln for ln, code in zip(self.lines[start:end], self.code[start:end], strict=True) if not code)

    def text(self, start: int = 0, end: int | None = None) -> str:
        """The author's own text of body lines [start, end): no Jinja, markup or code."""
        return plain(self.raw_text(start, end))

    def section_raw(self, heading: Heading) -> str:
        return self.raw_text(heading.start + 1, heading.end)

    def section_text(self, heading: Heading) -> str:
        """A section's own text, its title left out (sub-headings and their text included)."""
        return self.text(heading.start + 1, heading.end)

    def section_source(self, heading: Heading) -> str:
        """A section as written, Jinja included."""
        return "\n".join(self.source[heading.start : heading.end])

    @cached_property
    def words(self) -> int:
        """Words of the whole body."""
        return count_words(self.text())


def plain(text: str) -> str:
    """Markdown source (Jinja already removed) → the words readers see."""
    text = _ADMONITION.sub(lambda m: m[1] or "", text)
    text = _ATTR_ANY.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text).replace("*", "").replace("`", "")  # emphasis and code marks
    return html.unescape(text) if "&" in text else text

"""A page body cut into what a translator translates and what stays as written, so that the
pieces put back together give the page again, byte for byte.

Translatable units: headings (their text), paragraphs (all their lines), list items (with their
continuation lines), table cells, admonition titles and the paragraphs inside admonitions and
HTML blocks. Kept as written: blank lines, fenced code, HTML tag lines, attribute lines
(``{ .web-only }``), lines that are only a Jinja expression (``{{ emergency_contacts() }}``),
table separator rows, the markup around each unit (``## ``, ``- ``, ``| ``, indentation)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6}[ \t]+)(.*?)([ \t]*\{[^{}]*\}[ \t]*)?$")
_ITEM = re.compile(r"^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)(.*)$")
_ADMONITION = re.compile(r'^((?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*[ \t]+")(.*)("[ \t]*)$')
_KEPT = re.compile(r"^[ \t]*(?:</?[A-Za-z][^>]*>|\{[ \t]*[.#:][^{}]*\}|\{\{.*\}\}|\{%.*%\}|[-*_]{3,}|!!![^\"]*)[ \t]*$")
_TABLE_SEP = re.compile(
    r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$"
)  # Python-Markdown: one dash is enough
_CELL = re.compile(r"((?:\\\||[^|])+)")


@dataclass(frozen=True)
class Unit:
    """One thing to translate: ``text`` is the msgid; ``kind`` tells the translator what it is."""

    text: str
    kind: str  # heading | paragraph | list item | table cell | admonition title


Piece = str | int  # literal text, or the index of a unit


@dataclass(frozen=True)
class Segmented:
    pieces: tuple[Piece, ...]
    units: tuple[Unit, ...]
    breaks: dict[int, str]  # unit → what goes back between its lines (line end + indentation)

    def join(self, texts: list[str] | tuple[str, ...]) -> str:
        """The body with unit i replaced by texts[i] (the units' own texts give the body back)."""
        out = []
        for p in self.pieces:
            if isinstance(p, int):
                out.append(texts[p].replace("\n", self.breaks[p]) if p in self.breaks else texts[p])
            else:
                out.append(p)
        return "".join(out)


class _Cutter:
    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.units: list[Unit] = []
        self.breaks: dict[int, str] = {}

    def keep(self, text: str) -> None:
        if self.pieces and isinstance(self.pieces[-1], str):
            self.pieces[-1] += text
        else:
            self.pieces.append(text)

    def unit(self, text: str, kind: str) -> None:
        if not text.strip():
            self.keep(text)
            return
        self.pieces.append(len(self.units))
        self.units.append(Unit(text, kind))

    def lines_unit(self, lines: list[str], kind: str, first_prefix: str = "") -> None:
        """Lines of one unit (each with its end of line): the first after ``first_prefix``;
        continuation lines keep their indentation as markup when they all share it."""
        body = [line.rstrip("\r\n") for line in lines]
        ends = [line[len(b) :] for line, b in zip(lines, body, strict=True)]
        rest = body[1:]
        indent = _indent(rest[0]) if rest else ""
        same = all(line.startswith(indent) for line in rest) and len(set(ends[:-1])) <= 1
        self.keep(first_prefix)
        if not same:  # mixed indentation or line ends: the translator sees them as they are
            self.unit("".join(lines).rstrip("\r\n") if ends[-1] else "".join(lines), kind)
            self.keep(ends[-1])
            return
        text = "\n".join([body[0]] + [line[len(indent) :] for line in rest])
        end = ends[0] if len(lines) > 1 else ""
        if end and end != "\n" or indent:  # put the markup back between the lines on import
            self.breaks[len(self.units)] = end + indent
        self.pieces.append(len(self.units))
        self.units.append(Unit(text, kind))
        self.keep(ends[-1])


def segment(body: str) -> Segmented:
    """Cut a page body (the Markdown after the front matter) into pieces and units."""
    cut = _Cutter()
    lines = body.splitlines(keepends=True)
    i = 0
    fence: str | None = None
    while i < len(lines):
        line = lines[i]
        bare = line.rstrip("\r\n")
        if fence is not None:
            cut.keep(line)
            if bare.strip().startswith(fence):
                fence = None
            i += 1
            continue
        m = _FENCE.match(bare)
        if m:
            fence = m.group(2)
            cut.keep(line)
            i += 1
            continue
        if not bare.strip() or _KEPT.match(bare) or _TABLE_SEP.match(bare) and "-" in bare:
            if a := _ADMONITION.match(bare):
                cut.keep(a.group(1))
                cut.unit(a.group(2), "admonition title")
                cut.keep(a.group(3) + line[len(bare) :])
            else:
                cut.keep(line)
            i += 1
            continue
        if a := _ADMONITION.match(bare):
            cut.keep(a.group(1))
            cut.unit(a.group(2), "admonition title")
            cut.keep(a.group(3) + line[len(bare) :])
            i += 1
            continue
        if h := _HEADING.match(bare):
            cut.keep(h.group(1))
            cut.unit(h.group(2), "heading")
            cut.keep((h.group(3) or "") + line[len(bare) :])
            i += 1
            continue
        if bare.lstrip().startswith("|"):
            _row(cut, line)
            i += 1
            continue
        # A paragraph or a list item: this line and the following ones that continue it.
        j = i + 1
        while j < len(lines) and _continues(lines[j]):
            j += 1
        item = _ITEM.match(bare)
        if item:
            first = item.group(2) + line[len(bare) :]
            cut.lines_unit([first] + lines[i + 1 : j], "list item", item.group(1))
        else:
            indent = _indent(bare)
            cut.lines_unit([line[len(indent) :]] + lines[i + 1 : j], "paragraph", indent)
        i = j
    return Segmented(tuple(cut.pieces), tuple(cut.units), cut.breaks)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _continues(line: str) -> bool:
    bare = line.rstrip("\r\n")
    return bool(bare.strip()) and not (
        _ITEM.match(bare)
        or _HEADING.match(bare)
        or _KEPT.match(bare)
        or _FENCE.match(bare)
        or _ADMONITION.match(bare)
        or bare.lstrip().startswith("|")
    )


def _row(cut: _Cutter, line: str) -> None:
    bare = line.rstrip("\r\n")
    pos = 0
    for m in _CELL.finditer(bare):
        cut.keep(bare[pos : m.start()])
        cell = m.group(1)
        pos = m.end()
        if not cell.strip():  # an empty cell
            cut.keep(cell)
            continue
        lead = len(cell) - len(cell.lstrip())
        trail = len(cell.rstrip())
        cut.keep(cell[:lead])
        cut.unit(cell[lead:trail], "table cell")
        cut.keep(cell[trail:])
    cut.keep(bare[pos:] + line[len(bare) :])

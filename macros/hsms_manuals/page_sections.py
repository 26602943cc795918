"""A page's sections (by heading) and which of them changed between two revisions, for "What
changed" in plain words: "section 'Check-in times' changed; section 'Night shifts' added".
Plain text in, plain data out; the caller escapes what it prints."""

from __future__ import annotations

import re
from dataclasses import dataclass

INTRO = ""  # the text before the first heading
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATTRS = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*$")  # attr_list: "## Title { #id }"
_CLOSING = re.compile(r"[ \t]+#+$")  # "## Title ##"
_INLINE = re.compile(r"[*_`]+")  # emphasis and code marks around heading words


@dataclass(frozen=True)
class SectionChange:
    title: str  # the heading as a reader sees it; INTRO for the text before the first heading
    kind: str  # "added" | "removed" | "changed"


def body(source: str) -> str:
    """The Markdown of a page file without its front matter."""
    found = _FRONT_MATTER.match(source)
    return source[found.end() :] if found else source


def heading_text(raw: str) -> str:
    text = _CLOSING.sub("", _ATTRS.sub("", raw))
    return " ".join(_INLINE.sub("", text).split())


def sections(source: str) -> list[tuple[str, str]]:
    """(heading, text under it up to the next heading) in page order; the text before the first
    heading is INTRO. A heading repeated on the page gets " (2)", " (3)" … so each is one section.
    Lines inside fenced code never count as headings."""
    out: list[tuple[str, list[str]]] = [(INTRO, [])]
    fence = ""
    for line in body(source).splitlines():
        mark = _FENCE.match(line)
        if fence:
            if mark and mark.group(1)[0] == fence[0] and len(mark.group(1)) >= len(fence):
                fence = ""
        elif mark:
            fence = mark.group(1)
        elif (heading := _HEADING.match(line)) and heading_text(heading.group(2)):
            out.append((heading_text(heading.group(2)), []))
            continue
        out[-1][1].append(line)
    seen: dict[str, int] = {}
    named: list[tuple[str, str]] = []
    for title, lines in out:
        seen[title] = seen.get(title, 0) + 1
        text = "\n".join(lines).strip()
        if title == INTRO and not text:
            continue
        named.append((title if seen[title] == 1 else f"{title} ({seen[title]})", text))
    return named


def _normal(text: str) -> str:
    """Text as compared: trailing blanks and blank lines do not count as a change."""
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def section_changes(old_source: str, new_source: str) -> list[SectionChange]:
    """The sections added, changed (in the new page's order) and removed (in the old one's)."""
    old, new = dict(sections(old_source)), sections(new_source)
    out = []
    for title, text in new:
        if title not in old:
            out.append(SectionChange(title, "added"))
        elif _normal(old[title]) != _normal(text):
            out.append(SectionChange(title, "changed"))
    kept = {title for title, _ in new}
    out += [SectionChange(title, "removed") for title in old if title not in kept]
    return out


def front_matter_changed(old_source: str, new_source: str) -> bool:
    """True when the page's front matter (its title, the topics it covers, its owner …) differs."""

    def front(source: str) -> str:
        found = _FRONT_MATTER.match(source)
        return _normal(found.group(0)) if found else ""

    return front(old_source) != front(new_source)

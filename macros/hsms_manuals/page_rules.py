"""What a manual's docs may contain, checked by `hsms validate` (and so by every build) with
``file:line`` problems: in a page's body only the allowed ``{{ … }}`` language (``page_language``)
and no active content (``active_content``); and SVG drawings that neither run code nor reach outside."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .active_content import reserved_id, source_findings, svg_findings
from .errors import Problem
from .page_language import has_jinja, literal_calls, names_for_checking, template_problems
from .sections import PageText
from .text import CONTROL_CHARACTER
from .yamlio import body_line_offset, split_front_matter

_NAMES = names_for_checking()
Elements = tuple[Sequence[str], str]  # audit element ids, and whose ("ACSA COR")


def page_body(text: str) -> tuple[str, int]:
    """The body MkDocs renders (front matter and the blank lines after it removed), and the
    number of lines before it in the file."""
    _, lines = split_front_matter(text)
    rest = text.split("\n", lines)[-1] if lines else text
    return rest.lstrip("\n"), body_line_offset(text)


def _problem(shown: str, line: int, field: str, message: str) -> Problem:
    problem, _, fix = message.partition(" — ")
    return Problem(shown, line, field, problem, fix)


def body_problems(text: str, shown: str, elements: Elements | None = None) -> list[Problem]:
    """Every problem of one page's body (``text`` is the whole file). ``elements``: the audit
    element ids ``audit_element()`` may name and whose they are ("ACSA COR"), when known."""
    body, offset = page_body(text)
    out: list[Problem] = []
    if has_jinja(body):
        out += [_problem(shown, line + offset, "jinja", msg) for line, msg in template_problems(body, _NAMES)]
        if elements is not None and "audit_element" in body:  # the build fails on any other id
            ids, whose = elements
            for line, args in literal_calls(body, "audit_element"):
                if args and str(args[0]) not in ids:
                    out.append(
                        Problem(
                            shown,
                            line + offset,
                            "jinja",
                            f"audit_element('{args[0]}'): {whose} has no element '{args[0]}'",
                            f"use one of: {', '.join(ids)}",
                        )
                    )
    out += [Problem(shown, f.line + offset, f.field, f.problem, f.fix) for f in source_findings(body)]
    if CONTROL_CHARACTER.search(body):  # no page or PDF can show one (the PDF build failed with no line)
        for n, text_line in enumerate(body.split("\n"), offset + 1):
            if found := CONTROL_CHARACTER.search(text_line):
                out.append(
                    Problem(
                        shown,
                        n,
                        "text",
                        f"holds a control character (U+{ord(found[0]):04X})",
                        "delete it (it can come in with text pasted from another program)",
                    )
                )
    # A heading's words may make one of the theme's ids ("\_\_config", "&#95;&#95;config" and
    # "＿＿config" all become __config).
    if "_" in body or "＿" in body or "&#" in body or "hsms" in body.lower():
        for h in PageText(body, offset + 1).headings:
            if h.id and not h.explicit and reserved_id(h.id):  # an explicit { #id } is a finding above
                out.append(
                    Problem(
                        shown,
                        h.line,
                        "heading",
                        f"its id '{h.id}' is the theme's own (the page would take over its settings or controls)",
                        "reword the heading, or give it another id: ## Title { #another-id }",
                    )
                )
    return out


def drawing_problems(path: Path, shown: str) -> list[Problem]:
    """An SVG drawing of docs/ that holds scripts, event handlers or references to outside files."""
    text = _drawing_text(path)
    if text is None:
        return [
            Problem(
                shown,
                0,
                "svg",
                "the drawing cannot be read as text (UTF-8 or UTF-16)",
                "save it again as a plain SVG (UTF-8)",
            )
        ]
    return [Problem(shown, f.line, f.field, f.problem, f.fix) for f in svg_findings(text)]


def _drawing_text(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None  # reported by the file checks
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    text = raw.decode(encoding, errors="replace")
    return None if "\x00" in text else text

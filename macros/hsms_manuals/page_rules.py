"""What a page's body may contain, checked by `hsms validate` (and so by every build) with
``file:line`` problems: only the allowed ``{{ … }}`` language (``page_language``)."""

from __future__ import annotations

from .errors import Problem
from .page_language import has_jinja, names_for_checking, template_problems
from .yamlio import body_line_offset, split_front_matter

_NAMES = names_for_checking()


def page_body(text: str) -> tuple[str, int]:
    """The body MkDocs renders (front matter and the blank lines after it removed), and the
    number of lines before it in the file."""
    _, lines = split_front_matter(text)
    rest = text.split("\n", lines)[-1] if lines else text
    return rest.lstrip("\n"), body_line_offset(text)


def _problem(shown: str, line: int, field: str, message: str) -> Problem:
    problem, _, fix = message.partition(" — ")
    return Problem(shown, line, field, problem, fix)


def body_problems(text: str, shown: str) -> list[Problem]:
    """Every problem of one page's body (``text`` is the whole file)."""
    body, offset = page_body(text)
    out: list[Problem] = []
    if has_jinja(body):
        out += [_problem(shown, line + offset, "jinja", msg) for line, msg in template_problems(body, _NAMES)]
    return out

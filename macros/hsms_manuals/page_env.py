"""Rendering a page's ``{{ … }}`` for one build: the manual's escaped variables and the macros
of ``page_blocks`` and ``audit_guide`` bound to the build's state, in the sandbox of
``page_language`` (whose syntax check runs first, so a refused page runs nothing)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from . import audit_guide, page_blocks
from .errors import HsmsError, PageError
from .page_language import ALLOWED, DOCS, Fields, PageSandbox, fields, template_problems
from .state import ManualState

# The macros a page may call: plain functions of (state, *args[, here][, lang]) → Markdown; `here`
# (the page's path) and `lang` (its language) are given by bind(), never written by the page.
MACROS: tuple[Callable[..., str], ...] = (
    page_blocks.emergency_contacts,
    page_blocks.emergency_page,
    page_blocks.responsibilities,
    page_blocks.forms_index,
    page_blocks.legislation_refs,
    page_blocks.crosswalk,
    audit_guide.audit_element,
    audit_guide.coverage_summary,
)


class TemplateProblem(PageError):
    """A page's Jinja is not allowed, does not parse or failed; str() is one line per problem."""


def params(fn: Callable[..., str]) -> tuple[str, ...]:
    """A macro's arguments as a page writes them (without the state and the page it is on)."""
    return tuple(p for p in inspect.signature(fn).parameters if p not in ("state", "here", "lang"))


def variables(state: ManualState) -> dict[str, Fields]:
    """What a page may print as {{ company.name }}, {{ document.revision }} … (not ``page``,
    which each page gets from ``page_fields``)."""
    m, d = state.manual, state.manual.document
    values: dict[str, dict[str, object]] = {
        "company": {
            "name": m.company.name,
            "province": m.company.province,
            "employees": m.company.employees,
            "industry": m.company.industry,
            "address": m.company.address,
        },
        "document": {
            "title": d.title,
            "number": d.number,
            "revision": d.revision,
            "effective": d.effective,
            "next_review": d.next_review,
            "review_months": d.review_months,
            "approved_by.name": d.approved_by.name,
            "approved_by.title": d.approved_by.title,
        },
        "partner": {"id": state.partner.id, "name": state.partner.name, "short_name": state.partner.short_name},
        "program": {"id": state.program.id, "name": state.program.name},
    }
    return {name: fields(name, v) for name, v in values.items()}


def page_fields(title: str, owner: str | None) -> Fields:
    return fields("page", {"title": title, "owner": owner})


def bind(state: ManualState, fn: Callable[..., str], here: Callable[[], str]) -> Callable[..., str]:
    """Give a macro function the state and, if it asks for them, the current page's path and
    language (a translation's, else the controlled language): hsms's words follow the page."""
    wanted = inspect.signature(fn).parameters

    def macro(*args: Any) -> str:
        extra: dict[str, str] = {}
        if "here" in wanted:
            extra["here"] = here()
        if "lang" in wanted:
            trans = state.manual.translation_by_src.get(here())
            extra["lang"] = trans.lang if trans else state.manual.languages.controlled
        return fn(state, *args, **extra)

    macro.__name__, macro.__doc__ = fn.__name__, fn.__doc__
    return macro


class PageRenderer:
    """Renders the pages of one build: one sandbox, the build's variables and bound macros."""

    def __init__(self, state: ManualState, here: Callable[[], str]):
        self.macros = {fn.__name__: bind(state, fn, here) for fn in MACROS}
        self.env = PageSandbox(tuple(self.macros.values()))
        self.env.globals.update(variables(state))
        self.env.globals.update(self.macros)

    def render(self, markdown: str, page: Fields, shown: str, offset: int) -> str:
        """Render ``markdown`` (a page body); ``offset`` = lines before the body in the file.
        Raises TemplateProblem with one ``file:line: jinja: problem — fix`` line per problem."""
        names = {**self.env.globals, "page": page}
        problems = template_problems(markdown, names)
        if problems:
            raise TemplateProblem("\n".join(f"{shown}:{line + offset}: jinja: {p}" for line, p in problems))
        try:
            return self.env.from_string(markdown).render(page=page)
        except Exception as exc:  # a macro's error (unknown element, missing list), bad arguments, the sandbox
            raise TemplateProblem(f"{shown}:{_template_line(exc) + offset}: jinja: {_explain(exc)}") from exc


def _template_line(exc: BaseException) -> int:
    tb, line = exc.__traceback__, 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _explain(exc: Exception) -> str:
    msg = str(exc)
    if isinstance(exc, (SecurityError, jinja2.UndefinedError)):  # the backstop: template_problems missed it
        return f"{msg} — only these are allowed: {ALLOWED} ({DOCS})"
    if isinstance(exc, TypeError):
        return f"bad macro arguments ({msg}) — {DOCS}, for each macro's arguments"
    if isinstance(exc, HsmsError):
        return msg if " — " in msg else f"{msg} — fix the macro call"
    return f"{type(exc).__name__}: {msg} — fix the macro call on this line"

"""Rendering a page's Jinja (mkdocs-macros' environment) with errors a consultant can act on.

mkdocs-macros reports a failing macro by printing a traceback and calling ``exit(100)``.
The hsms plugin renders pages itself with the macros plugin's environment and variables,
turns any error into ``file:line: jinja: problem — fix``, and marks the page
``render_macros: false`` so mkdocs-macros does not render it a second time."""

from __future__ import annotations

import re
from typing import Any

import jinja2

from .errors import HsmsError

_STARTS = ("{{", "{%", "{#")
_NAMESPACE = re.compile(r"'types\.SimpleNamespace object' has no attribute '(\w+)'")


class TemplateProblem(HsmsError):
    """A page's Jinja failed to compile or render; str() is the problem line."""


def has_jinja(markdown: str) -> bool:
    return any(s in markdown for s in _STARTS)


def render_page(env: jinja2.Environment, markdown: str, variables: dict[str, Any], shown: str, offset: int) -> str:
    """Render ``markdown``; ``offset`` = lines before the body in the file (front matter)."""
    try:
        return env.from_string(markdown).render(**variables)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{shown}:{(exc.lineno or 1) + offset}: jinja: {exc.message} — "
                              "check the {{ … }} / {% … %} syntax; to show braces literally wrap them in "
                              "{% raw %}…{% endraw %}, and write heading ids as { #id } not {#id}") from exc
    except Exception as exc:  # undefined variables, bad macro arguments, errors raised by macros
        line = _template_line(exc) + offset
        raise TemplateProblem(f"{shown}:{line}: jinja: {_explain(exc)}") from exc  # --debug shows the cause


def _template_line(exc: BaseException) -> int:
    tb, line = exc.__traceback__, 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _explain(exc: Exception) -> str:
    msg = str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        msg = _NAMESPACE.sub(r"no field '\1' in this variable", msg)
        return (f"{msg} — use one of the variables company, document, partner, program "
                "or a macro listed in README.md ('Macros a page can use')")
    if isinstance(exc, TypeError):
        return f"bad macro arguments ({msg}) — see README.md ('Macros a page can use') for each macro's arguments"
    if isinstance(exc, HsmsError):
        return f"{msg.replace(' — ', ': ', 0)}" if " — " in msg else f"{msg} — fix the macro call"
    return f"{type(exc).__name__}: {msg} — fix the macro call on this line"

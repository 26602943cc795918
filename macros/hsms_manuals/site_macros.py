"""What a manual page may use through mkdocs-macros: escaped variables and the plain
functions of ``page_blocks`` and ``audit_guide``. The hsms plugin registers them with the macros plugin's
``register_variables``/``register_macros`` hooks once it has validated the manual, so no
``module_name`` file is needed (and mkdocs-macros never tries to fetch a module)."""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any, Callable

from . import audit_guide, page_blocks
from .state import ManualState
from .text import esc

MACROS: tuple[Callable[..., str], ...] = (
    page_blocks.emergency_contacts, page_blocks.responsibilities, page_blocks.forms_index, page_blocks.legislation_refs,
    page_blocks.crosswalk, audit_guide.audit_element, audit_guide.coverage_summary,
)


def escaped(**values: Any) -> SimpleNamespace:
    return SimpleNamespace(**{k: v if isinstance(v, SimpleNamespace) else esc(v) if v is not None else ""
                              for k, v in values.items()})


def variables(state: ManualState) -> dict[str, SimpleNamespace]:
    """What a page may write as {{ company.name }}, {{ document.revision }} …, all escaped."""
    m, d = state.manual, state.manual.document
    return {
        "company": escaped(name=m.company.name, province=m.company.province, employees=m.company.employees,
                            industry=m.company.industry, address=m.company.address),
        "document": escaped(title=d.title, number=d.number, revision=d.revision, effective=d.effective,
                             next_review=d.next_review, review_months=d.review_months,
                             approved_by=escaped(name=d.approved_by.name, title=d.approved_by.title)),
        "partner": escaped(id=state.partner.id, name=state.partner.name, short_name=state.partner.short_name),
        "program": escaped(id=state.program.id, name=state.program.name),
    }


def bind(state: ManualState, fn: Callable[..., str], here: Callable[[], str]) -> Callable[..., str]:
    """Give a render function the state and, if it asks for it, the current page's path."""
    wants_here = "here" in inspect.signature(fn).parameters

    def macro(*args: Any) -> str:
        return fn(state, *args, here=here()) if wants_here else fn(state, *args)

    macro.__name__, macro.__doc__ = fn.__name__, fn.__doc__
    return macro


# mkdocs-macros' and Jinja's own helpers that must not reach a published manual:
# context()/macros_info() print the build's whole configuration (local paths included),
# now() makes a revision differ from build to build, lipsum() is placeholder text.
WITHHELD = ("context", "macros_info", "now", "fix_url", "lipsum")


def register(macros_plugin: Any, state: ManualState, values: dict[str, SimpleNamespace],
             here: Callable[[], str]) -> None:
    """Called by the hsms plugin after the macros plugin's on_config; ``values`` are the
    escaped variables, ``here`` gives the src path of the page being rendered."""
    macros_plugin.register_variables(values)
    macros_plugin.register_macros({fn.__name__: bind(state, fn, here) for fn in MACROS})
    for name in WITHHELD:  # after registering (which re-copies its table); an unknown name fails the page
        macros_plugin.env.globals.pop(name, None)
        macros_plugin.macros.pop(name, None)

"""Markdown blocks a manual page includes through its macros (emergency numbers, roles, forms,
the legislation and crosswalk tables): plain functions from typed state to Markdown. Every value
that came from YAML goes through ``esc``; links are relative to the page being rendered
(``here``) so MkDocs checks them in strict mode."""

from __future__ import annotations

from .answers import Place
from .emergency import emergency_markdown
from .errors import UsageError
from .forms import FORM_TYPES
from .i18n import t
from .media import emergency_ref
from .state import ManualState
from .status import Status
from .text import esc, link


def emergency_contacts(state: ManualState, lang: str) -> str:
    """The emergency component (emergency.py): tap-to-call buttons, then each site under its own heading."""
    return emergency_markdown(state.manual.emergency, lang)


def emergency_page(state: ManualState, lang: str) -> str:
    """Where the emergency numbers are: "the home page" on the site (they open it), and in the
    PDF "page 3", the page of the emergency block after the contents (see media.py); both in the
    page's language."""
    return emergency_ref(esc(t(lang, "the home page")))


def responsibilities(state: ManualState) -> str:
    roles = state.manual.responsibilities
    if not roles:
        raise UsageError("responsibilities() needs a 'responsibilities:' list in manual.yml")
    out: list[str] = []
    for r in roles:
        out += [f"### {esc(r.role)}", ""] + [f"- {esc(d)}" for d in r.duties] + [""]
    return "\n".join(out)


def forms_index(state: ManualState, here: str) -> str:
    """The forms table; a form with a file links to it: a printable page, or a download with its type and size."""
    m = state.manual
    if not m.forms:
        raise UsageError("forms_index() needs a 'forms:' list in manual.yml")
    out = ["| Form | Title | When to use it |", "|---|---|---|"]
    for f in m.forms:
        title = esc(f.title)
        if f.file and f.is_page:
            title = f"{link(here, f.file, f.title)} (printable page)"
        elif f.file:
            size = (m.root / f.file).stat().st_size
            title = f"{link(here, f.file, f.title)} ({FORM_TYPES[f.suffix]}, {_size(size)})"
        out.append(f"| {esc(f.id)} | {title} | {esc(f.use)} |")
    return "\n".join(out) + "\n"


def place_link(here: str, place: Place) -> str:
    """A link from page ``here`` to the section (or page) a claim points at."""
    return link(here, place.page, place.label, place.section or "")


def where_answered(state: ManualState, topic: str, here: str) -> str:
    """Links to the sections that answer a topic ("" when none does)."""
    return ", ".join(place_link(here, p) for p in state.coverage.answer(topic).answered_in)


def _size(n: int) -> str:
    """A download's size as a worker on a slow connection wants to know it: 48 KB, 1.2 MB."""
    return f"{max(1, round(n / 1024))} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def legislation_refs(state: ManualState, here: str) -> str:
    """The law of the company's province that binds an employer of its size, from the
    legislation register: each provision with our one-line summary and the sections that answer it."""
    m = state.manual
    province = m.company.province
    register = state.library.register
    if province not in register.jurisdictions:
        raise UsageError(
            f"legislation_refs(): the legislation register has no {province} law — add "
            f"partners/legislation/{province.lower()}.yml (it has: "
            + (", ".join(sorted(register.jurisdictions)) or "no province yet")
            + ")"
        )
    provisions = [p for p in register.jurisdictions[province].provisions if p.applies_to(m.company.employees)]
    out = ["| Law | What it requires (our summary) | Where in this manual |", "|---|---|---|"]
    for p in provisions:
        places = list(dict.fromkeys(pl for t in p.topics for pl in state.coverage.answer(t).answered_in))
        reasons = [m.not_applicable[t] for t in p.topics if t in m.not_applicable]
        where = (
            ", ".join(place_link(here, pl) for pl in places)
            if places
            else f"Not applicable: {esc(' '.join(reasons))}"
            if reasons
            else "**Not yet answered**"
        )
        mark = "" if p.verified else " †"
        out.append(f"| {esc(p.cite)}{mark} | {esc(p.summary)} | {where} |")
    named = list(dict.fromkeys(p.instrument for p in provisions))
    out += [
        "",
        "The law named above: "
        + "; ".join(
            f"*{esc(i.title)}* ({esc(i.citation)}" + (f", in force since {i.in_force}" if i.in_force else "") + ")"
            for i in named
        )
        + ".",
    ]
    out += [
        "",
        "The summaries are our own plain words, not the text of the law."
        + (
            " † Not yet checked against the current text of the law: check it before relying on it."
            if any(not p.verified for p in provisions)
            else ""
        ),
    ]
    return "\n".join(out) + "\n"


def crosswalk(state: ManualState, here: str) -> str:
    """Every requirement topic → the sections that answer it, or the N/A reason."""
    out = ["| Requirement | Answered in |", "|---|---|"]
    for topic in state.library.topics.values():
        answer = state.coverage.answer(topic.id)
        if answer.answered_in:
            where = where_answered(state, topic.id, here)
        elif answer.status is Status.NOT_APPLICABLE:
            where = f"Not applicable: {esc(answer.na_reason)}"
        elif answer.status is Status.THIN:
            where = "**Claimed but thin:** " + ", ".join(
                f"{place_link(here, p)} ({esc(', '.join(c.reasons))})" for c in answer.thin for p in c.places[:1]
            )
        else:
            where = "**Not yet answered**"
        out.append(f"| {esc(topic.title)} | {where} |")
    return "\n".join(out) + "\n"

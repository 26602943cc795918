"""`hsms status` as text (for people), JSON (for tools) and Markdown (for a pull-request comment)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .portfolio_status import ClientStatus, PortfolioStatus
from .text import esc

COLUMNS = (
    "Manual",
    "Partner",
    "Answered",
    "Rev",
    "Effective",
    "Next review",
    "Published",
    "Problems",
    "Drafts",
    "Instrument",
)


def _date(d: Any) -> str:
    return d.isoformat() if d else "—"


class _Style:
    """How cells are written: plain text, or Markdown (escaped, with bold flags)."""

    def __init__(self, markdown: bool):
        self.markdown = markdown

    def e(self, text: str) -> str:
        return esc(text) if self.markdown else text

    def strong(self, text: str) -> str:
        return f"**{esc(text)}**" if self.markdown else text


def _answered(c: ClientStatus, st: _Style) -> str:
    if c.answered is None:
        return st.strong("not measured")
    return f"{c.answered:.1f}% " + ("pass" if c.passes else st.strong("BELOW PASS"))


def _review(c: ClientStatus, st: _Style) -> str:
    if c.next_review is None:
        return "—"
    return _date(c.next_review) + (" " + st.strong("OVERDUE") if c.overdue else "")


def _published(c: ClientStatus, st: _Style) -> str:
    if c.published_error:
        return st.strong("unreadable")
    p = c.published
    if p is None:
        return st.strong("never")
    if p.differs:
        return st.e(p.revision) + " " + st.strong("(changed since)")
    return st.e(p.revision) + (" (same)" if p.differs is False else " (?)")


def _instrument(c: ClientStatus, st: _Style) -> str:
    i = c.instrument
    if i is None:
        return "—"
    version = st.e(i.version or "version not public")
    if i.drifting:
        return f"{version} " + st.strong(f"→ newer: {i.newest_version or '?'} ({i.newest_map})")
    return f"{version} (newest)"


def _cells(c: ClientStatus, st: _Style) -> list[str]:
    partner = " ".join(x for x in (c.partner, c.program) if x) or "—"
    return [
        st.e(c.manual),
        st.e(partner),
        _answered(c, st),
        st.e(c.revision or "—"),
        _date(c.effective),
        _review(c, st),
        _published(c, st),
        str(c.problems),
        str(c.drafts),
        _instrument(c, st),
    ]


def _closing(s: PortfolioStatus) -> str:
    below = sum(c.passes is not True for c in s.clients)
    overdue = sum(c.overdue for c in s.clients)
    drifting = sum(bool(c.instrument and c.instrument.drifting) for c in s.clients)
    unpublished = sum(c.published is None or c.published.differs is True for c in s.clients)
    stale = sum(c.stale_translations for c in s.clients)
    return (
        f"{len(s.clients)} manual(s) on {s.on.isoformat()}: {below} below pass or not measured, {overdue} overdue "
        f"for review, {unpublished} with unpublished changes or never published, {drifting} on an older "
        "instrument" + (f", {stale} translated page(s) out of date" if stale else "")
    )


def _stale(c: ClientStatus) -> str:
    """The note under the table for a manual with out-of-date translations (a warning, not an alert:
    the English manual is the controlled document)."""
    return (
        f"{c.stale_translations} of {c.translations} translated page(s) out of date — "
        f"`hsms validate {c.manual}` lists them"
    )


def as_text(s: PortfolioStatus) -> str:
    rows = [list(COLUMNS)] + [_cells(c, _Style(markdown=False)) for c in s.clients]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    for c in s.clients:
        if c.error:
            lines.append(f"{c.manual}: not measured — {c.error}")
        if c.published_error:
            lines.append(f"{c.manual}: published revisions unreadable — {c.published_error}")
        if c.stale_translations:
            lines.append(f"{c.manual}: {_stale(c)}")
    lines.append(_closing(s))
    return "\n".join(lines)


def as_markdown(s: PortfolioStatus) -> str:
    def strong(text: str) -> str:
        return f"**{text}**"

    lines = [
        f"### Manuals — status on {s.on.isoformat()}",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for c in s.clients:
        lines.append("| " + " | ".join(_cells(c, _Style(markdown=True))) + " |")
    notes = [f"- `{esc(c.manual)}`: not measured — {esc(c.error)}" for c in s.clients if c.error]
    notes += [
        f"- `{esc(c.manual)}`: published revisions unreadable — {esc(c.published_error)}"
        for c in s.clients
        if c.published_error
    ]
    notes += [f"- `{esc(c.manual)}`: {_stale(c)}" for c in s.clients if c.stale_translations]  # ids and counts only
    if notes:
        lines += [""] + notes
    lines += ["", _closing(s) + "."]
    if s.alerts:
        lines.append(
            strong(f"{s.alerts} manual(s) need attention") + " (overdue for review or below the partner's pass rules)."
        )
    return "\n".join(lines)


def as_dict(s: PortfolioStatus) -> dict[str, Any]:
    def client(c: ClientStatus) -> dict[str, Any]:
        p, i = c.published, c.instrument
        return {
            "manual": c.manual,
            "company": c.company,
            "partner": c.partner,
            "program": c.program,
            "answered": None if c.answered is None else round(c.answered, 1),
            "passes": c.passes,
            "revision": c.revision,
            "effective": _date(c.effective) if c.effective else None,
            "next_review": _date(c.next_review) if c.next_review else None,
            "overdue": c.overdue,
            "problems": c.problems,
            "drafts": c.drafts,
            "translations": {"count": c.translations, "stale": c.stale_translations},
            "published": None
            if p is None
            else {
                "revision": p.revision,
                "effective": p.effective.isoformat() if p.effective else None,
                "differs": p.differs,
            },
            "published_error": c.published_error,
            "instrument": None
            if i is None
            else {
                "version": i.version,
                "newest_map": i.newest_map,
                "newest_version": i.newest_version,
                "drifting": i.drifting,
            },
            "error": c.error,
            "alert": c.alert,
        }

    return {"on": s.on.isoformat(), "branch": s.branch, "alerts": s.alerts, "manuals": [client(c) for c in s.clients]}


def as_json(s: PortfolioStatus) -> str:
    return json.dumps(as_dict(s), indent=2, ensure_ascii=False)


FORMATS: dict[str, Callable[[PortfolioStatus], str]] = {"text": as_text, "json": as_json, "markdown": as_markdown}

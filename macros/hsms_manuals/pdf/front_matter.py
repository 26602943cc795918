"""The printed manual's front matter after the contents: the emergency block (on its own page,
first, so a reader finds it without the contents) and the revision history. Every value is
escaped here; the words are from ``labels``."""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..media import EMERGENCY_ANCHOR
from ..model import Emergency, Phone, Site
from .labels import label

HISTORY_ANCHOR = "hsms-history"


@dataclass(frozen=True)
class RevisionRow:
    """One revision in the printed revision history."""

    revision: str
    effective: str  # ISO date, or "" when unknown
    approved_by: str  # "Dana Kowalski, President", or "" when not recorded
    changes: tuple[str, ...]  # the revision's document.changes
    notes: tuple[str, ...] = ()  # replacements: "Replaced on 2026-10-20: …" (already worded)
    this: bool = False  # the revision this PDF is
    recorded: bool = True  # False: the published branch kept no change notes for it


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _phone(p: Phone) -> str:
    return f'<span class="phone">{_e(p.phone)}</span>'


def emergency_block(emergency: Emergency, plan_anchor: str = "") -> str:
    """Numbers, incident reporting and every site's address, muster point, first aiders and
    hospital. ``plan_anchor``: the section holding the emergency response plan ("" = none)."""
    rows = [f"<tr><td>{_e(n.label)}</td><td>{_phone(n)}</td></tr>" for n in emergency.numbers]
    report = emergency.report_incident
    rows.append(
        f'<tr class="report"><td>{_e(label("emergency.report", contact=report.label))}</td>'
        f"<td>{_phone(report)}</td></tr>"
    )
    plan = f' <a class="xref" href="#{_e(plan_anchor)}">{_e(label("emergency.plan"))}</a>' if plan_anchor else ""
    sites = [_site(s) for s in emergency.sites]
    return f"""<section class="emergency" id="{EMERGENCY_ANCHOR}">
<h1>{_e(label("emergency.title"))}</h1>
<p class="emergency-lead">{_e(label("emergency.lead"))}{plan}</p>
<table class="emergency-numbers">
<colgroup><col class="c-who"><col class="c-number"></colgroup>
<thead><tr><th>{_e(label("emergency.who"))}</th><th>{_e(label("emergency.number"))}</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
{chr(10).join(sites)}
</section>"""


def _site(site: Site) -> str:
    fields = []
    if site.address:
        fields.append(("site.address", _e(site.address)))
    site_phone = getattr(site, "phone", "")  # a site phone, where the manual has one
    if site_phone:
        fields.append(("site.phone", _phone(Phone(site.name, site_phone))))
    fields.append(("site.muster", _e(site.muster_point)))
    aiders = "".join(f"<li>{_e(f.label)} {_phone(f)}</li>" for f in site.first_aid)
    fields.append(("site.first_aid", f'<ul class="first-aiders">{aiders}</ul>'))
    if site.hospital:
        fields.append(("site.hospital", _e(site.hospital)))
    rows = "\n".join(f'<tr><th scope="row">{_e(label(key))}</th><td>{value}</td></tr>' for key, value in fields)
    return (
        f'<div class="emergency-site">\n<h2>{_e(site.name)}</h2>\n<table class="site-fields">\n'
        f'<colgroup><col class="c-field"><col class="c-value"></colgroup>\n<tbody>\n{rows}\n</tbody>\n</table>\n</div>'
    )


def revision_history(rows: tuple[RevisionRow, ...]) -> str:
    """The table of revisions, newest first (the order given)."""
    body = []
    for r in rows:
        revision = label("history.this", revision=r.revision) if r.this else r.revision
        notes = list(r.changes) or [label("history.none" if r.recorded else "history.unrecorded")]
        items = "".join(f"<li>{_e(n)}</li>" for n in notes)
        items += "".join(f'<li class="replaced">{_e(n)}</li>' for n in r.notes)
        body.append(
            f"<tr{' class=this' if r.this else ''}><td>{_e(revision)}</td><td>{_e(r.effective)}</td>"
            f"<td>{_e(r.approved_by)}</td><td><ul>{items}</ul></td></tr>"
        )
    head = "".join(
        f"<th>{_e(label(k))}</th>"
        for k in ("history.revision", "history.effective", "history.approved", "history.changes")
    )
    return f"""<section class="history" id="{HISTORY_ANCHOR}">
<h1>{_e(label("history.title"))}</h1>
<p>{_e(label("history.lead"))}</p>
<table class="revisions">
<colgroup><col class="c-revision"><col class="c-effective"><col class="c-approved"><col class="c-changes"></colgroup>
<thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</section>"""

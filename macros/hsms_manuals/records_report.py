"""`hsms records` reports: text (people), JSON (tools) and Markdown (tickets, the audit pack)."""

from __future__ import annotations

import json
from typing import Any

from .audit_model import RecordsRules, month_label
from .readiness import ElementRecords, Readiness
from .text import esc


def certificate_words(rules: RecordsRules | None, months: int, short_name: str) -> str:
    """What ``months`` of records earn: 'a 3-year certificate', or the partner's words below the minimum."""
    if rules is None:
        return f"the {short_name} map sets no records rules"
    years = rules.certificate_for(months)
    if years:
        return f"a {years}-year certificate"
    if not rules.certificate_years:
        return f"the {short_name} map sets no certificate length"
    if months < rules.minimum_months:
        return rules.below_minimum or f"no certificate: fewer than {rules.minimum_months} months of records"
    return "no certificate length for so few months"


def describe_rules(rules: RecordsRules) -> str:
    parts = [
        f"an audit samples the last {rules.window_months} months",
        f"at least {rules.minimum_months} months before a first audit",
    ]
    parts += [f"{t.months}+ months → {t.years}-year certificate" for t in rules.certificate_years]
    if rules.below_minimum:
        parts.append(f"below {rules.minimum_months}: {rules.below_minimum}")
    text = "; ".join(parts)
    if rules.basis:
        text += f" ({rules.basis})"
    if not rules.verified:
        text += " [not verified]"
    return text


def verdict(r: Readiness) -> str:
    """The last line: READY, GAPS (enough months, but periods without records to explain or fix),
    NOT READY (too few months) or NO RECORDS."""
    if not r.manual.record_kinds:
        return "NO RECORDS — the manual declares no record kinds (records: in manual.yml)"
    if r.records == 0:
        return f"NO RECORDS — nothing is logged yet (manuals/{r.manual.id}/records/*.csv)"
    gaps = f"{len(r.gaps)} gap(s) in the audit window" if r.gaps else "no gaps in the audit window"
    if not r.minimum_met and r.rules:
        return (
            f"NOT READY — {r.months_on_hand} month(s) on hand, {r.partner.short_name} needs "
            f"{r.rules.minimum_months} before a first audit (earliest {r.earliest_audit}); {gaps}"
        )
    if r.gaps:
        return f"GAPS — {r.months_on_hand} month(s) on hand; {gaps}: fix them or be ready to explain them"
    return f"READY — {r.months_on_hand} month(s) on hand, {gaps}"


def _elements_rows(r: Readiness) -> list[tuple[ElementRecords, str]]:
    out = []
    for e in r.elements:
        if e.months_on_hand is not None:
            months = str(e.months_on_hand)
        else:
            months = "-" if e.kinds else "no record kind"
        out.append((e, months))
    return out


def as_text(r: Readiness) -> str:
    m, p = r.manual, r.partner
    lines = [
        f"{m.company.name} — {m.id}: records readiness on {r.on}",
        f"{' '.join(filter(None, (p.short_name, p.instrument_name, p.instrument_version)))} — program {r.program.id}",
    ]
    lines.append("Records rules: " + (describe_rules(r.rules) if r.rules else f"the {p.short_name} map sets none"))
    if r.log_start:
        lines.append(f"Records log: {r.records} record(s) in {len(r.files)} file(s), {r.log_start} to {r.last_record}")
    else:
        lines.append(f"Records log: no records (manuals/{m.id}/records/*.csv)")
    lines.append("")
    if r.months_on_hand and r.window:
        lines.append(
            f"Months of documentation on hand: {r.months_on_hand} "
            f"({month_label(r.window[1] - r.months_on_hand + 1)} to {month_label(r.window[1])})"
        )
    else:
        lines.append("Months of documentation on hand: 0")
    if r.rules and r.earliest_audit:
        state = "met" if r.minimum_met else "if every expected record is logged from now on"
        lines.append(f"Earliest audit date ({r.rules.minimum_months} months of records): {r.earliest_audit} — {state}")
        lines.append(f"An audit on {r.on} would earn: {certificate_words(r.rules, r.months_on_hand, p.short_name)}")
    if r.projection:
        pr = r.projection
        earns = (
            certificate_words(r.rules, pr.months, p.short_name)
            if pr.audit.issues_certificate
            else "no certificate (a maintenance audit keeps the one held)"
        )
        lines.append(
            f"Next audit: {pr.audit.value} on {pr.planned} — {pr.months} month(s) on hand by then if every "
            f"expected record is logged: {earns}"
        )
    rows = _elements_rows(r)
    width = max([6] + [len(months) for _, months in rows])  # "no record kind" is wider than "Months"
    lines += ["", f"{'Element':<52} {'Records':>7}  {'First':<10}  {'Last':<10}  {'Months':>{width}}  Gaps"]
    for e, months in rows:
        lines.append(
            f"{e.element.id:>3} {e.element.title[:48]:<48} {e.records:>7}  {str(e.first or '-'):<10}  "
            f"{str(e.last or '-'):<10}  {months:>{width}}  {len(e.gaps) or '-'}"
        )
    if r.gaps and r.window:
        lines += ["", f"Gaps in the audit window ({month_label(r.window[0])} to {month_label(r.window[1])}):"]
        lines += [f"  {g.describe()}" for g in r.gaps]
    if r.unrecorded:
        lines += ["", "Auditors sample records for these topics, and no record kind keeps them:"]
        lines += [
            f"  {t.id} ({t.title}) — expected {t.records_every.phrase if t.records_every else ''}" for t in r.unrecorded
        ]
    lines += ["", verdict(r)]
    return "\n".join(lines)


def as_dict(r: Readiness) -> dict[str, Any]:
    rules = r.rules
    return {
        "manual": r.manual.id,
        "company": r.manual.company.name,
        "partner": r.partner.id,
        "program": r.program.id,
        "on": r.on.isoformat(),
        "rules": None
        if rules is None
        else {
            "window_months": rules.window_months,
            "minimum_months": rules.minimum_months,
            "certificate_years": [{"months": t.months, "years": t.years} for t in rules.certificate_years],
            "below_minimum": rules.below_minimum,
            "verified": rules.verified,
            "basis": rules.basis,
        },
        "log": {"files": list(r.files), "records": r.records, "first": _iso(r.log_start), "last": _iso(r.last_record)},
        "months_on_hand": r.months_on_hand,
        "window": None if r.window is None else {"first": month_label(r.window[0]), "last": month_label(r.window[1])},
        "earliest_audit": _iso(r.earliest_audit),
        "minimum_met": r.minimum_met,
        "certificate_years": rules.certificate_for(r.months_on_hand) if rules else None,
        "certificate": certificate_words(rules, r.months_on_hand, r.partner.short_name),
        "next_audit": None
        if r.projection is None
        else {
            "type": r.projection.audit.value,
            "planned": r.projection.planned.isoformat(),
            "months_on_hand": r.projection.months,
            "certificate_years": r.projection.certificate_years if r.projection.audit.issues_certificate else None,
        },
        "ready": r.ready,
        "gaps": [
            {
                "kind": g.stream.kind.kind,
                "site": g.stream.site,
                "first": month_label(g.first),
                "last": month_label(g.last),
                "weeks": list(g.weeks),
                "text": g.describe(),
            }
            for g in r.gaps
        ],
        "elements": [
            {
                "id": e.element.id,
                "title": e.element.title,
                "records": e.records,
                "first": _iso(e.first),
                "last": _iso(e.last),
                "months_on_hand": e.months_on_hand,
                "gaps": [g.describe() for g in e.gaps],
                "kinds": [
                    {
                        "kind": k.kind,
                        "title": k.title,
                        "every": k.every.value,
                        "records": n,
                        "first": _iso(first),
                        "last": _iso(last),
                    }
                    for k, n, first, last in e.kind_counts(r.log, r.on, r.program)
                ],
                "unrecorded_topics": [t.id for t in e.unrecorded],
            }
            for e in r.elements
        ],
    }


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def as_json(r: Readiness) -> str:
    return json.dumps(as_dict(r), indent=2, ensure_ascii=False)


def as_markdown(r: Readiness) -> str:
    m, p = r.manual, r.partner
    out = [
        f"# Records readiness: {esc(m.company.name)} — {esc(p.short_name)} {esc(r.program.id)}",
        "",
        f"On {r.on}. **{esc(verdict(r))}**",
        "",
    ]
    if r.rules:
        out.append(f"- Records rules: {esc(describe_rules(r.rules))}")
    out.append(f"- Records log: {r.records} record(s)" + (f", {r.log_start} to {r.last_record}" if r.log_start else ""))
    out.append(f"- Months of documentation on hand: **{r.months_on_hand}**")
    if r.rules and r.earliest_audit:
        out.append(
            f"- Earliest audit date: {r.earliest_audit}"
            + ("" if r.minimum_met else " (if every expected record is logged from now on)")
        )
        out.append(
            f"- An audit on {r.on} would earn: {esc(certificate_words(r.rules, r.months_on_hand, p.short_name))}"
        )
    if r.projection:
        out.append(
            f"- Next audit: {r.projection.audit.value} on {r.projection.planned}, "
            f"{r.projection.months} month(s) on hand by then"
        )
    out += ["", "| Element | Records | First | Last | Months on hand | Gaps |", "|---|---|---|---|---|---|"]
    for e, months in _elements_rows(r):
        out.append(
            f"| {esc(e.element.id)} {esc(e.element.title)} | {e.records} | {e.first or '-'} | {e.last or '-'} "
            f"| {esc(months)} | {len(e.gaps) or '-'} |"
        )
    if r.gaps:
        out += ["", "## Gaps in the audit window", ""] + [f"- {esc(g.describe())}" for g in r.gaps]
    if r.unrecorded:
        out += ["", "## Topics with no record kind", ""] + [f"- {esc(t.title)} ({esc(t.id)})" for t in r.unrecorded]
    return "\n".join(out) + "\n"


FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown}

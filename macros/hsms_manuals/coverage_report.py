"""Coverage reports as text (for people), JSON (for tools) and Markdown (for tickets)."""

from __future__ import annotations

import json
from typing import Any

from .coverage import Coverage, Status

MARK = {Status.COVERED: "covered", Status.PARTIAL: "PARTIAL", Status.MISSING: "MISSING",
        Status.NOT_APPLICABLE: "n/a", Status.FIELD_EVIDENCE: "field"}


def pct(value: float | None) -> str:
    return "  n/a " if value is None else f"{value:5.1f}%"


def as_dict(cov: Coverage) -> dict[str, Any]:
    r = cov.rule
    return {
        "manual": cov.manual.id,
        "company": cov.manual.company.name,
        "revision": cov.manual.document.revision,
        "effective": cov.manual.document.effective.isoformat(),
        "partner": cov.partner.id,
        "partner_name": cov.partner.name,
        "instrument": f"{cov.partner.instrument_name} {cov.partner.instrument_version or ''}".strip(),
        "program": cov.program.id,
        "pass_rules": {"overall": r.overall, "element_min": r.element_min},
        "audit": cov.audit.as_dict() if cov.audit else None,
        "overall": round(cov.overall, 1),
        "passes": cov.passes,
        "earned": round(cov.earned, 2),
        "possible": round(cov.possible, 2),
        "elements": [{
            "id": e.element.id,
            "title": e.element.title,
            "percent": None if e.percent is None else round(e.percent, 1),
            "passes": e.passes,
            "earned": round(e.earned, 2),
            "possible": round(e.possible, 2),
            "questions": [{
                "id": q.question.id,
                "text": q.question.text,
                "evidence": [x.value for x in q.question.evidence],
                "points": q.question.points,
                "status": q.status.value,
                "covered_by": list(q.covered_by),
                "missing_topics": list(q.missing_topics),
                "not_applicable_reasons": list(q.reasons),
            } for q in e.questions],
        } for e in cov.elements],
    }


def as_json(cov: Coverage) -> str:
    return json.dumps(as_dict(cov), indent=2, ensure_ascii=False)


def as_text(cov: Coverage) -> str:
    m, p = cov.manual, cov.partner
    lines = [
        f"{m.company.name} — {m.id}, revision {m.document.revision} (effective {m.document.effective})",
        f"{' '.join(filter(None, (p.short_name, p.instrument_name, p.instrument_version)))} — program {cov.program.id} ({cov.program.audit} audit)",
        f"Pass rule: {cov.rule.describe()}",
    ]
    if cov.audit:
        note = f" — {cov.audit.rule_note}" if cov.audit.rule_note else ""
        lines.append(f"Audit: {cov.audit.type.value}, {cov.audit.source_words}{note}")
    lines.append("")
    field = 0
    for e in cov.elements:
        verdict = "" if e.percent is None else ("ok" if e.passes else "BELOW MINIMUM")
        lines.append(f"{e.element.id:>3} {e.element.title[:52]:<52} {pct(e.percent)}  {verdict}".rstrip())
        for q in e.questions:
            field += q.status is Status.FIELD_EVIDENCE
            detail = ", ".join(q.covered_by)
            if q.missing_topics:
                detail = (detail + "; " if detail else "") + "needs: " + ", ".join(q.missing_topics)
            if q.status is Status.NOT_APPLICABLE:
                detail = "; ".join(q.reasons)
            if q.status is Status.FIELD_EVIDENCE:
                detail = "by " + "/".join(x.value for x in q.question.evidence) + (f" (see {detail})" if detail else "")
            lines.append(f"      {q.question.id:<7} {MARK[q.status]:<8} {detail}".rstrip())
    lines += ["", f"Documentation readiness: {cov.overall:.1f}% — {'PASSES' if cov.passes else 'DOES NOT PASS'} "
              f"({cov.rule.describe()})"]
    if field:
        lines.append(f"{field} question(s) need field evidence (interview/observation): not manual gaps, prepare for them.")
    return "\n".join(lines)


def as_markdown(cov: Coverage) -> str:
    m, p = cov.manual, cov.partner
    out = [f"# Coverage: {m.company.name} — {p.short_name} {cov.program.id}", "",
           f"Revision {m.document.revision}, effective {m.document.effective}. "
           f"Readiness **{cov.overall:.1f}%** — {'passes' if cov.passes else 'does not pass'} ({cov.rule.describe()})"
           + (f" for a {cov.audit.type.value} audit" if cov.audit else "") + ".", ""]
    for e in cov.elements:
        out += [f"## {e.element.id} {e.element.title} — {pct(e.percent).strip()}", "",
                "| Question | Status | Answered by / note |", "|---|---|---|"]
        for q in e.questions:
            note = "; ".join(q.reasons) if q.status is Status.NOT_APPLICABLE else ", ".join(q.covered_by)
            if q.missing_topics:
                note += (" — " if note else "") + "needs " + ", ".join(q.missing_topics)
            out.append(f"| {q.question.id} {q.question.text.replace('|', '/')} | {q.status.value} | {note.replace('|', '/')} |")
        out.append("")
    return "\n".join(out)


FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown}

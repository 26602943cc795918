"""Coverage reports as text (for people), JSON (for tools) and Markdown (for pull-request
comments and tickets), each with the gap list: what to write for every question not answered."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .answers import Place
from .coverage import Coverage, QuestionResult, Status
from .gaps import QuestionGap

MARK = {
    Status.ANSWERED: "answered",
    Status.PARTIAL: "PARTIAL",
    Status.THIN: "THIN",
    Status.MISSING: "MISSING",
    Status.NOT_APPLICABLE: "n/a",
    Status.FIELD_EVIDENCE: "field",
}


def pct(value: float | None) -> str:
    return "  n/a " if value is None else f"{value:5.1f}%"


def _place(p: Place) -> dict[str, Any]:
    return {"page": p.page, "section": p.section, "title": p.title or p.page_title}


def as_dict(cov: Coverage, gaps: list[QuestionGap]) -> dict[str, Any]:
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
        "field_evidence": sum(q.status is Status.FIELD_EVIDENCE for q in cov.questions()),
        "elements": [
            {
                "id": e.element.id,
                "title": e.element.title,
                "percent": None if e.percent is None else round(e.percent, 1),
                "passes": e.passes,
                "earned": round(e.earned, 2),
                "possible": round(e.possible, 2),
                "questions": [_question(cov, q) for q in e.questions],
            }
            for e in cov.elements
        ],
        "gaps": [
            {
                "element": g.element.id,
                "question": g.result.question.id,
                "status": g.result.status.value,
                "criteria": g.criteria or None,
                "topics": [
                    {
                        "id": t.topic.id,
                        "title": t.topic.title,
                        "status": t.status.value,
                        "missing": list(t.missing),
                        "claimed_in": [_place(p) for p in t.claimed_in],
                        "drafts": list(t.drafts),
                        "legislation": list(t.law),
                        "example": None
                        if t.starter is None
                        else {"manual": t.starter.manual, **_place(t.starter.place)},
                    }
                    for t in g.topics
                ],
            }
            for g in gaps
        ],
    }


def _question(cov: Coverage, q: QuestionResult) -> dict[str, Any]:
    return {
        "id": q.question.id,
        "text": q.question.text,
        "evidence": [x.value for x in q.question.evidence],
        "points": q.question.points,
        "scoring": q.question.scoring.value,
        "status": q.status.value,
        "earned": round(q.earned, 2),
        "answered_in": [_place(p) for p in q.answered_in],
        "missing_topics": list(q.missing_topics) if q.question.documentary else [],
        "reasons": cov.reasons(q),
        "criteria_met": None if q.criteria_met is None else {"met": q.criteria_met[0], "of": q.criteria_met[1]},
        "not_applicable_reasons": list(q.na_reasons),
    }


def as_json(cov: Coverage, gaps: list[QuestionGap]) -> str:
    return json.dumps(as_dict(cov, gaps), indent=2, ensure_ascii=False)


# --- text ------------------------------------------------------------------------------------------


def as_text(cov: Coverage, gaps: list[QuestionGap]) -> str:
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
    for e in cov.elements:
        verdict = "" if e.percent is None else ("ok" if e.passes else "BELOW MINIMUM")
        lines.append(f"{e.element.id:>3} {e.element.title[:52]:<52} {pct(e.percent)}  {verdict}".rstrip())
        for q in e.questions:
            lines.append(f"      {q.question.id:<7} {MARK[q.status]:<8} {_detail(q)}".rstrip())
    lines += [
        "",
        f"Documentation readiness: {cov.overall:.1f}% — {'PASSES' if cov.passes else 'DOES NOT PASS'} "
        f"({cov.rule.describe()})",
    ]
    field = sum(q.status is Status.FIELD_EVIDENCE for q in cov.questions())
    if field:
        lines.append(
            f"{field} question(s) need field evidence (interview/observation): not manual gaps, prepare for them."
        )
    if gaps:
        lines += ["", f"What to fix: {len(gaps)} question(s) not fully answered", ""]
        for g in gaps:
            lines += _text_gap(g)
    return "\n".join(lines)


def _detail(q: QuestionResult) -> str:
    refs = ", ".join(p.ref for p in q.answered_in)
    if q.status is Status.NOT_APPLICABLE:
        return "; ".join(q.na_reasons)
    if q.status is Status.FIELD_EVIDENCE:
        return "by " + "/".join(x.value for x in q.question.evidence) + (f" (see {refs})" if refs else "")
    if q.missing_topics:
        refs = (refs + "; " if refs else "") + "needs: " + ", ".join(q.missing_topics)
    if q.criteria_met:
        refs += f" [criteria {q.criteria_met[0]}/{q.criteria_met[1]}]"
    return refs


def _text_gap(g: QuestionGap) -> list[str]:
    r = g.result
    facts = (
        [r.status.label, g.element.label]
        + ([f"{r.question.points:g} points"] if r.question.points is not None else [])
        + ([g.criteria] if g.criteria else [])
    )
    out = [f"  {r.question.id} {r.question.text}", f"      {' · '.join(facts)}"]
    for t in g.topics:
        out.append(f"    - {t.topic.title} ({t.topic.id}): {t.topic.description}")
        out.append(
            f"        missing: {'; '.join(t.missing)}"
            + (f" — in {', '.join(p.ref for p in t.claimed_in)}" if t.claimed_in else "")
        )
        if t.drafts:
            out.append(
                f"        draft{'s' if len(t.drafts) > 1 else ''} claiming it: {', '.join(t.drafts)} "
                "(approve when ready)"
            )
        if t.law:
            out.append(f"        law: {'; '.join(t.law)}")
        if t.starter:
            out.append(f"        example: {t.starter.ref} ({t.starter.place.label})")
    return out + [""]


# --- Markdown -------------------------------------------------------------------------------------

_MD_MARKUP = re.compile(r"([\\`*_\[\]|~])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def _md(value: object) -> str:
    """A value as literal text in a Markdown report (a pull-request comment): one line, Markdown
    punctuation backslash-escaped and HTML's < > written as references, so it stays readable raw."""
    text = _ENTITY_LIKE.sub("&amp;", " ".join(str(value).split()))
    return _MD_MARKUP.sub(r"\\\1", text.replace("<", "&lt;").replace(">", "&gt;"))


def _code(text: str) -> str:
    """A file reference as inline code (backticks cannot occur in our paths; dropped if they do)."""
    return "`" + text.replace("`", "") + "`"


def as_markdown(cov: Coverage, gaps: list[QuestionGap]) -> str:
    m, p = cov.manual, cov.partner
    verdict = "passes" if cov.passes else "does not pass"
    out = [
        f"## Coverage: {_md(m.company.name)} — {_md(p.short_name)} {_md(cov.program.id)}",
        "",
        f"Revision {_md(m.document.revision)}, effective {m.document.effective} · "
        f"{_md(p.instrument_name)} {_md(p.instrument_version or '')} · {_md(cov.program.name)} "
        f"({_md(cov.program.audit)} audit)",
        "",
        f"**Documentation readiness: {cov.overall:.1f}% — {verdict}** ({_md(cov.rule.describe())})"
        + (f" for a {_md(cov.audit.type.value)} audit" if cov.audit else "")
        + ".",
        "",
        "| Element | Readiness | Verdict |",
        "|---|---:|---|",
    ]
    for e in cov.elements:
        if e.percent is None:
            verdict = "not scored (field evidence only)"
        elif e.passes:
            verdict = "ok"
        else:
            verdict = f"**BELOW MINIMUM** (needs {cov.rule.element_min:g}%)"
        out.append(f"| {_md(e.element.label)} | {pct(e.percent).strip()} | {verdict} |")
    out.append("")
    field = sum(q.status is Status.FIELD_EVIDENCE for q in cov.questions())
    if field:
        them = "them" if field != 1 else "it"
        out += [
            f"{field} question{'s need' if field != 1 else ' needs'} field evidence (interviews or observation "
            f"on site): the manual cannot answer {them} — prepare people and records for {them}.",
            "",
        ]
    if gaps:
        out += [f"### What to fix ({len(gaps)} question{'s' if len(gaps) != 1 else ''})", ""]
        for g in gaps:
            out += _md_gap(g)
    else:
        out += ["Every documentation question is answered.", ""]
    out += [
        "<details><summary>All questions</summary>",
        "",
        "| Question | Status | Answered in / note |",
        "|---|---|---|",
    ]
    for e in cov.elements:
        for q in e.questions:
            note = (
                "; ".join(q.na_reasons)
                if q.status is Status.NOT_APPLICABLE
                else ", ".join(_code(pl.ref).replace("|", "\\|") for pl in q.answered_in)
            )  # a | ends a table cell, even in code
            out.append(
                f"| {_md(q.question.id)} {_md(q.question.text)} | {q.status.label} | {_md(note) if q.status is Status.NOT_APPLICABLE else note} |"
            )
    out += ["", "</details>"]
    return "\n".join(out)


def _md_gap(g: QuestionGap) -> list[str]:
    r = g.result
    points = r.question.points
    facts = (
        [_md(g.element.label)]
        + ([f"{points:g} points"] if points is not None else [])
        + ([_md(g.criteria)] if g.criteria else [])
    )
    out = [f"**{_md(r.question.id)}** {_md(r.question.text)} — *{r.status.label}* ({', '.join(facts)})", ""]
    for t in g.topics:
        where = f" — in {', '.join(_code(p.ref) for p in t.claimed_in)}" if t.claimed_in else ""
        out.append(f"- **{_md(t.topic.title)}**: {_md(t.topic.description)}")
        out.append(f"  - Missing: {_md('; '.join(t.missing))}{where}")
        if t.drafts:
            out.append(
                f"  - Draft{'s' if len(t.drafts) > 1 else ''} claiming it: {', '.join(_code(d) for d in t.drafts)} "
                "(approve when ready)"
            )
        if t.law:
            out.append(f"  - Law: {_md('; '.join(t.law))}")
        if t.starter:
            out.append(
                f"  - Example to adapt: {_code(t.starter.manual + '/docs/' + t.starter.place.ref)} "
                f"({_md(t.starter.place.label)})"
            )
    return out + [""]


FORMATS: dict[str, Callable[[Coverage, list[QuestionGap]], str]] = {
    "text": as_text,
    "json": as_json,
    "markdown": as_markdown,
}

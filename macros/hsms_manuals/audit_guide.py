"""The audit guide: the summary page (readiness per element, with an SVG chart) and one page per
element in the partner's own order, generated from the coverage result."""

from __future__ import annotations

import html
import json

from . import interviews
from .coverage import ElementResult, QuestionResult, Status
from .errors import UsageError
from .model import Element
from .page_blocks import place_link
from .state import AUDIT_DIR, INTERVIEWS_SRC, ManualState, element_src, question_anchor
from .text import esc, link


def badge(status: Status) -> str:
    return f'<span class="hsms-status hsms-status--{status.value}">{status.label}</span>'


def pct(value: float | None) -> str:
    return "not scored" if value is None else f"{value:.0f}%"


def _element(state: ManualState, element_id: str) -> ElementResult:
    for e in state.coverage.elements:
        if e.element.id == str(element_id):
            return e
    known = ", ".join(e.element.id for e in state.coverage.elements)
    raise UsageError(
        f"audit_element('{element_id}'): {state.partner.short_name} {state.program.id} has no element "
        f"'{element_id}' — use one of: {known}"
    )


def audit_element(state: ManualState, element_id: str, here: str) -> str:
    """One guide page: every question of an element in the partner's order and labels."""
    e = _element(state, element_id)
    rule = state.coverage.rule
    floor = f" (each element needs at least {rule.element_min:g}%)" if rule.element_min is not None else ""
    out = [
        f"{esc(state.partner.short_name)} {esc(state.partner.instrument_name)}, "
        f"program {esc(state.program.id)}. Documentation readiness of this element: "
        f"**{pct(e.percent)}**{floor}.",
        "",
    ]
    out += approximated_note(state)
    if not e.element.verified:
        out += [
            '!!! note "Structure not verified"',
            "    This element's title and questions are our reading of public "
            "sources, not the instrument itself. Check them against the partner's current audit tool.",
            "",
        ]
    if e.element.note:
        out += ['!!! note "About this element\'s map"', "    " + esc(e.element.note), ""]
    out += [link(here, f"{AUDIT_DIR}/index.md", "Back to the coverage summary"), ""]
    for q in e.questions:
        out += _question(state, q, here)
    return "\n".join(out)


def _question(state: ManualState, r: QuestionResult, here: str) -> list[str]:
    q = r.question
    points = f"{q.points:g}" if q.points is not None else f"not published (weighted {state.partner.default_points:g})"
    out = [
        f"## {esc(q.id)} {{ #{question_anchor(q.id)} }}",
        "",
        esc(q.text) + ("" if q.verified else " *(paraphrase not verified)*"),
        "",
        f"{badge(r.status)} · Evidence: {esc(', '.join(x.value for x in q.evidence))} · Points: {esc(points)}",
        "",
    ]
    cov = state.coverage
    if r.answered_in:
        out.append("**Answered in:** " + ", ".join(place_link(here, p) for p in r.answered_in))
    if r.criteria_met:
        out.append(f"**Criteria met:** {r.criteria_met[0]} of {r.criteria_met[1]}")
    missing = [t for t in r.gaps if t.status is Status.MISSING]
    thin = [t for t in r.gaps if t.status is Status.THIN]
    if thin and q.documentary:
        out.append(
            "**Claimed but thin:** "
            + "; ".join(
                esc(cov.title(t.topic))
                + " — "
                + ", ".join(f"{place_link(here, c.places[0])} ({esc(', '.join(c.reasons))})" for c in t.thin)
                for t in thin
            )
        )
    if missing and q.documentary:
        out.append("**Not yet answered:** " + esc("; ".join(cov.title(t.topic) for t in missing)))
    if r.na_reasons:
        out.append("**Not applicable:** " + esc(" ".join(r.na_reasons)))
    if r.status is Status.FIELD_EVIDENCE:
        out.append(
            "**Needs field evidence:** the auditor checks this by "
            + esc(" and ".join(x.value for x in q.evidence))
            + ", not by reading the manual."
        )
    return out + [""]


def approximated_note(state: ManualState) -> list[str]:
    """A program whose questions only approximate the real audit says so, and why."""
    why = state.program.approximated
    if not why:
        return []
    return [f'!!! warning "Approximated program: {esc(state.program.id)}"', "    " + esc(why), ""]


def coverage_summary(state: ManualState, here: str) -> str:
    cov = state.coverage
    p = state.partner
    verdict = "meets" if cov.passes else "does **not** yet meet"
    out = [
        f"This manual is measured against the **{esc(p.name)}** ({esc(p.short_name)}) "
        f"{esc(p.instrument_name)} {esc(p.instrument_version or '')}, program **{esc(state.program.id)}** "
        f"({esc(state.program.name)}, {esc(state.program.audit)} audit).",
        "",
        f"Documentation readiness: **{cov.overall:.0f}%**. It {verdict} the pass rule{audit_words(state)}: "
        f"{esc(cov.rule.describe())}.",
        "",
        *approximated_note(state),
        "This measures only what the manual documents. Interview and observation questions need field "
        "evidence and are listed on each element page; who the auditor talks to, and what to have ready, is on "
        "the " + link(here, INTERVIEWS_SRC, "Interview and observation preparation") + " page.",
        "",
        '<div class="hsms-chart">' + coverage_chart(state) + "</div>",
        "",
        "| Element | Readiness | Questions | Not fully answered | Needs field evidence |",
        "|---|---|---|---|---|",
    ]
    for e in cov.elements:
        field = sum(q.status is Status.FIELD_EVIDENCE for q in e.questions)
        gaps = sum(q.status in (Status.PARTIAL, Status.THIN, Status.MISSING) for q in e.questions)
        out.append(
            f"| {link(here, element_src(e.element), e.element.label)} | {pct(e.percent)} "
            f"| {len(e.questions)} | {gaps} | {field} |"
        )
    out += ["", f"Source of the audit map: {esc(p.source)}."]
    if not p.verified:
        out.append(" Some parts are not verified against the instrument and are marked on their pages.")
    return "\n".join(out) + "\n"


def audit_words(state: ManualState) -> str:
    """' of a maintenance audit (the next audit, planned 2027-02-15; Alberta's rule …)'."""
    audit = state.coverage.audit
    if audit is None:
        return ""
    nxt = state.manual.certification.next_audit
    when = (
        f"the next audit, planned {nxt.planned}" if nxt and audit.source != "default" else "no next audit in manual.yml"
    )
    note = f"; {audit.rule_note}" if audit.rule_note else ""
    return f" of a {esc(audit.type.value)} audit ({esc(when + note)})"


def coverage_chart(state: ManualState) -> str:
    """A per-element bar chart as inline SVG, drawn at build time (no JavaScript)."""
    cov = state.coverage
    rows = list(cov.elements)
    row_h, label_w, bar_w, top = 30, 250, 300, 24
    height = top + row_h * (len(rows) + 1) + 10
    width = label_w + bar_w + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Documentation readiness by element" class="hsms-svg">',
        f'<text x="{label_w}" y="16" class="hsms-svg-axis">0%</text>'
        f'<text x="{label_w + bar_w}" y="16" text-anchor="end" class="hsms-svg-axis">100%</text>',
    ]
    for i, e in enumerate(rows + [None]):
        y = top + i * row_h
        label = "Overall" if e is None else e.element.label
        value = cov.overall if e is None else (e.percent or 0.0)
        ok = cov.passes if e is None else e.passes
        label = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" class="hsms-svg-label">{html.escape(label)}</text>'
        )
        parts.append(f'<rect x="{label_w}" y="{y + 5}" width="{bar_w}" height="20" class="hsms-svg-track"/>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 5}" width="{bar_w * value / 100:.1f}" height="20" '
            f'class="hsms-svg-bar hsms-svg-bar--{"ok" if ok else "low"}"/>'
        )
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 19}" class="hsms-svg-value">{value:.0f}%</text>')
    for limit, cls in ((cov.rule.element_min, "element"), (cov.rule.overall, "overall")):
        if limit is not None:
            x = label_w + bar_w * limit / 100
            parts.append(
                f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 6}" class="hsms-svg-rule hsms-svg-rule--{cls}"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def element_page_source(state: ManualState, element: Element) -> str:
    """The Markdown of a generated guide page: front matter + one macro call."""
    title = json.dumps(f"{element.id} {element.title}")
    return f"---\ntitle: {title}\n---\n\n{{{{ audit_element({json.dumps(element.id)}) }}}}\n"


def interviews_page_source(state: ManualState) -> str:
    """The guide's interview and observation preparation, written out (values escaped, links
    relative to the page, so MkDocs checks them): no macro, nothing to render."""
    preps = interviews.preparation(state.manual, state.partner, state.program, state.library.topics)
    body = interviews.render(preps, lambda src: link(INTERVIEWS_SRC, src, state.page_title(src)), state.page_title)
    return (
        "---\ntitle: Interview and observation preparation\n---\n\n"
        + interviews.intro(state.manual, state.partner, state.program)
        + "\n\n"
        + link(INTERVIEWS_SRC, f"{AUDIT_DIR}/index.md", "Back to the coverage summary")
        + "\n\n"
        + body
    )


def summary_page_source(state: ManualState) -> str:
    return "---\ntitle: Audit guide\n---\n\n{{ coverage_summary() }}\n"

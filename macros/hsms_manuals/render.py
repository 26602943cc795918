"""Macro bodies: plain functions from typed state to Markdown. Every value that came from
YAML goes through ``esc`` (HTML and Markdown-table safe); links are made relative to the
page being rendered (``here``) so MkDocs can check them in strict mode."""

from __future__ import annotations

import html
import posixpath

from .coverage import ElementResult, QuestionResult, Status, topic_pages
from .errors import UsageError
from .model import Element, Phone
from .state import AUDIT_DIR, ManualState, element_src, question_anchor



def esc(value: object) -> str:
    """Escape text for Markdown + HTML output (also safe inside table cells and link text)."""
    return (html.escape(str(value), quote=True).replace("|", "&#124;").replace("[", "&#91;")
            .replace("]", "&#93;").replace("*", "&#42;").replace("_", "&#95;").replace("`", "&#96;"))


def link(here: str, target: str, text: str, anchor: str = "") -> str:
    rel = posixpath.relpath(target, posixpath.dirname(here) or ".")
    return f"[{esc(text)}]({rel}{'#' + anchor if anchor else ''})"


def tel(p: Phone) -> str:
    return f"[{esc(p.phone)}](tel:{p.tel})"


def badge(status: Status) -> str:
    return f'<span class="hsms-status hsms-status--{status.value}">{status.label}</span>'


def pct(value: float | None) -> str:
    return "not scored" if value is None else f"{value:.0f}%"


# --- company data -----------------------------------------------------------------------

def emergency_contacts(state: ManualState) -> str:
    em = state.manual.emergency
    out = ["| Who to call | Number |", "|---|---|"]
    out += [f"| {esc(n.label)} | {tel(n)} |" for n in em.numbers]
    out += [f"| Report an incident: {esc(em.report_incident.label)} | {tel(em.report_incident)} |", ""]
    for site in em.sites:
        out += [f"### {esc(site.name)}", ""]
        if site.address:
            out.append(f"- **Address:** {esc(site.address)}")
        out.append(f"- **Muster point:** {esc(site.muster_point)}")
        out.append("- **First aid:** " + ", ".join(f"{esc(f.label)} {tel(f)}" for f in site.first_aid))
        if site.hospital:
            out.append(f"- **Nearest hospital:** {esc(site.hospital)}")
        out.append("")
    return "\n".join(out)


def responsibilities(state: ManualState) -> str:
    roles = state.manual.responsibilities
    if not roles:
        raise UsageError("responsibilities() needs a 'responsibilities:' list in manual.yml")
    out: list[str] = []
    for r in roles:
        out += [f"### {esc(r.role)}", ""] + [f"- {esc(d)}" for d in r.duties] + [""]
    return "\n".join(out)


def forms_index(state: ManualState) -> str:
    forms = state.manual.forms
    if not forms:
        raise UsageError("forms_index() needs a 'forms:' list in manual.yml")
    out = ["| Form | Title | When to use it |", "|---|---|---|"]
    out += [f"| {esc(f.id)} | {esc(f.title)} | {esc(f.use)} |" for f in forms]
    return "\n".join(out) + "\n"


def legislation_refs(state: ManualState, here: str) -> str:
    """Legislation behind the topics this manual covers, with the pages that cover them."""
    pages = topic_pages(state.manual)
    out = ["| Requirement | Legislation | Where in this manual |", "|---|---|---|"]
    for topic in state.library.topics.values():
        if topic.legislation and topic.id in pages:
            where = ", ".join(link(here, src, state.page_title(src)) for src in pages[topic.id])
            out.append(f"| {esc(topic.title)} | {esc('; '.join(topic.legislation))} | {where} |")
    return "\n".join(out) + "\n"


def crosswalk(state: ManualState, here: str) -> str:
    """Every requirement topic → the approved pages that answer it, or the N/A reason."""
    pages = topic_pages(state.manual)
    na = state.manual.not_applicable
    out = ["| Requirement | Answered in |", "|---|---|"]
    for topic in state.library.topics.values():
        if topic.id in pages:
            where = ", ".join(link(here, src, state.page_title(src)) for src in pages[topic.id])
        elif topic.id in na:
            where = f"Not applicable: {esc(na[topic.id])}"
        else:
            where = "**Not yet answered**"
        out.append(f"| {esc(topic.title)} | {where} |")
    return "\n".join(out) + "\n"


# --- the audit guide --------------------------------------------------------------------

def _element(state: ManualState, element_id: str) -> ElementResult:
    for e in state.coverage.elements:
        if e.element.id == str(element_id):
            return e
    known = ", ".join(e.element.id for e in state.coverage.elements)
    raise UsageError(f"audit_element('{element_id}'): {state.partner.short_name} {state.program.id} has no element "
                     f"'{element_id}' — use one of: {known}")


def audit_element(state: ManualState, element_id: str, here: str) -> str:
    """One guide page: every question of an element in the partner's order and labels."""
    e = _element(state, element_id)
    rule = state.coverage.rule
    floor = f" (each element needs at least {rule.element_min:g}%)" if rule.element_min is not None else ""
    out = [f"{esc(state.partner.short_name)} {esc(state.partner.instrument_name)}, "
           f"program {esc(state.program.id)}. Documentation readiness of this element: "
           f"**{pct(e.percent)}**{floor}.", ""]
    if not e.element.verified:
        out += ['!!! note "Structure not verified"', "    This element's title and questions are our reading of public "
                "sources, not the instrument itself. Check them against the partner's current audit tool.", ""]
    out += [link(here, f"{AUDIT_DIR}/index.md", "Back to the coverage summary"), ""]
    for q in e.questions:
        out += _question(state, q, here)
    return "\n".join(out)


def _question(state: ManualState, r: QuestionResult, here: str) -> list[str]:
    q = r.question
    points = f"{q.points:g}" if q.points is not None else f"not published (weighted {state.partner.default_points:g})"
    out = [f"### {esc(q.id)} {{ #{question_anchor(q.id)} }}", "",
           esc(q.text) + ("" if q.verified else " *(paraphrase not verified)*"), "",
           f"{badge(r.status)} · Evidence: {esc(', '.join(x.value for x in q.evidence))} · Points: {esc(points)}", ""]
    if r.covered_by:
        out.append("**Answered in:** " + ", ".join(link(here, s, state.page_title(s)) for s in r.covered_by))
    if r.missing_topics:
        titles = [state.library.topics[t].title for t in r.missing_topics]
        out.append("**Not yet answered:** " + esc("; ".join(titles)))
    if r.reasons:
        out.append("**Not applicable:** " + esc(" ".join(r.reasons)))
    if r.status is Status.FIELD_EVIDENCE:
        out.append("**Needs field evidence:** the auditor checks this by "
                   + esc(" and ".join(x.value for x in q.evidence)) + ", not by reading the manual.")
    return out + [""]


def coverage_summary(state: ManualState, here: str) -> str:
    cov = state.coverage
    p = state.partner
    verdict = "meets" if cov.passes else "does **not** yet meet"
    out = [
        f"This manual is measured against the **{esc(p.name)}** ({esc(p.short_name)}) "
        f"{esc(p.instrument_name)} {esc(p.instrument_version or '')}, program **{esc(state.program.id)}** "
        f"({esc(state.program.name)}, {esc(state.program.audit)} audit).", "",
        f"Documentation readiness: **{cov.overall:.0f}%**. It {verdict} the pass rule: {esc(cov.rule.describe())}.", "",
        "This measures only what the manual documents. Interview and observation questions need field "
        "evidence and are listed on each element page.", "",
        '<div class="hsms-chart">' + coverage_chart(state) + "</div>", "",
        "| Element | Readiness | Questions | Needs field evidence |", "|---|---|---|---|",
    ]
    for e in cov.elements:
        field = sum(q.status is Status.FIELD_EVIDENCE for q in e.questions)
        out.append(f"| {link(here, element_src(e.element), e.element.label)} | {pct(e.percent)} "
                   f"| {len(e.questions)} | {field} |")
    out += ["", f"Source of the audit map: {esc(p.source)}."]
    if not p.verified:
        out.append(" Some parts are not verified against the instrument and are marked on their pages.")
    return "\n".join(out) + "\n"


def coverage_chart(state: ManualState) -> str:
    """A per-element bar chart as inline SVG, drawn at build time (no JavaScript)."""
    cov = state.coverage
    rows = list(cov.elements)
    row_h, label_w, bar_w, top = 30, 250, 300, 24
    height = top + row_h * (len(rows) + 1) + 10
    width = label_w + bar_w + 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Documentation readiness by element" class="hsms-svg">',
             f'<text x="{label_w}" y="16" class="hsms-svg-axis">0%</text>'
             f'<text x="{label_w + bar_w}" y="16" text-anchor="end" class="hsms-svg-axis">100%</text>']
    for i, e in enumerate(rows + [None]):
        y = top + i * row_h
        label = "Overall" if e is None else e.element.label
        value = cov.overall if e is None else (e.percent or 0.0)
        ok = cov.passes if e is None else e.passes
        label = label if len(label) <= 34 else label[:33] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" class="hsms-svg-label">{html.escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 5}" width="{bar_w}" height="20" class="hsms-svg-track"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 5}" width="{bar_w * value / 100:.1f}" height="20" '
                     f'class="hsms-svg-bar hsms-svg-bar--{"ok" if ok else "low"}"/>')
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 19}" class="hsms-svg-value">{value:.0f}%</text>')
    for limit, cls in ((cov.rule.element_min, "element"), (cov.rule.overall, "overall")):
        if limit is not None:
            x = label_w + bar_w * limit / 100
            parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 6}" class="hsms-svg-rule hsms-svg-rule--{cls}"/>')
    parts.append("</svg>")
    return "".join(parts)


def element_page_source(state: ManualState, element: Element) -> str:
    """The Markdown of a generated guide page: front matter + one macro call."""
    import json

    title = json.dumps(f"{element.id} {element.title}")
    return f"---\ntitle: {title}\n---\n\n{{{{ audit_element({json.dumps(element.id)}) }}}}\n"


def summary_page_source(state: ManualState) -> str:
    return "---\ntitle: Audit guide\n---\n\n{{ coverage_summary() }}\n"

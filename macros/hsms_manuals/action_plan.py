"""`hsms plan`: what the client has to do before the next audit, each action with the role that
owns it and a suggested due date — from the last audit's element scores, the coverage gaps, the
records readiness, the audit and certificate dates and the manual's review date.

Order: after an audit with element scores, every action of an element that scored under the
partner's threshold comes first (lowest score first); then by priority, due date and the
partner's element order. The threshold is the element floor of the next audit's pass rule, or its
overall mark when it has no floor (a maintenance audit)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import IntEnum

from .audit_model import AuditType, month_end, month_index
from .certification import AuditChoice, choose_audit, expected_audit
from .coverage import Coverage, QuestionResult
from .csvout import to_csv
from .model import Element, Manual, Topic
from .readiness import Readiness, lower_first
from .text import esc

GAP_STATUSES = ("missing", "partial", "thin")  # a question the manual does not (fully) answer yet
SOON = 60  # days: an audit or review this close is a high-priority action
BEFORE_AUDIT = 14  # days: actions are due this long before the planned audit


class Priority(IntEnum):
    URGENT = 1
    HIGH = 2
    NORMAL = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Action:
    priority: Priority
    what: str
    element: Element | None
    owner: str
    due: dt.date
    source: str  # audit, coverage, records, certificate, review
    detail: str = ""


@dataclass(frozen=True)
class Plan:
    manual: Manual
    audit: AuditChoice
    on: dt.date
    threshold: float
    weak: dict[str, float]  # element id → score at the last audit, under the threshold
    actions: tuple[Action, ...]


class _Owners:
    """Who owns what: page owners (the role that keeps a page current) and record kinds' owners."""

    def __init__(self, manual: Manual, coverage: Coverage):
        self.manual = manual
        self.page_owner = {p.src: p.owner for p in manual.approved_pages}
        counts = Counter(p.owner for p in manual.approved_pages)
        self.default = counts.most_common(1)[0][0] if counts else manual.document.approved_by.title
        self.by_element: dict[str, str] = {}
        for e in coverage.elements:
            owners = Counter(self.page_owner[s] for q in e.questions for s in _pages(q) if s in self.page_owner)
            self.by_element[e.element.id] = owners.most_common(1)[0][0] if owners else self.default

    def of_question(self, element: Element, q: QuestionResult) -> str:
        pages = [s for s in _pages(q) if s in self.page_owner]
        return self.page_owner[pages[0]] if pages else self.by_element.get(element.id, self.default)

    def of_element(self, element: Element | None) -> str:
        return self.by_element.get(element.id, self.default) if element else self.default


def _pages(q: QuestionResult) -> tuple[str, ...]:
    return q.pages


def make_plan(coverage: Coverage, readiness: Readiness, topics: dict[str, Topic], on: dt.date) -> Plan:
    manual, partner = coverage.manual, coverage.partner
    audit = choose_audit(manual, partner)
    rule = audit.rule
    threshold = rule.element_min if rule.element_min is not None else rule.overall
    owners = _Owners(manual, coverage)
    planned = manual.certification.next_audit.planned if manual.certification.next_audit else None
    elements = {e.id: e for e in partner.elements}

    def due(days: int) -> dt.date:
        """``days`` from now, but before the planned audit (never before today)."""
        day = on + dt.timedelta(days=days)
        if planned and planned > on:
            day = min(day, max(on, planned - dt.timedelta(days=BEFORE_AUDIT)))
        return day

    actions: list[Action] = []
    weak: dict[str, float] = {}
    last = manual.certification.last_audit
    needs = f"a {audit.type.value} audit needs"
    if last is not None:
        for eid, score in last.elements.items():
            if score < threshold and eid in elements:
                weak[eid] = score
                el = elements[eid]
                actions.append(
                    Action(
                        Priority.URGENT,
                        f"Raise {el.label}: {score:g}% at the {last.type.value} audit "
                        f"of {last.date}, under the {threshold:g}% {needs}",
                        el,
                        owners.of_element(el),
                        due(30),
                        "audit",
                        "Go through the auditor's findings for this element; fix the manual, "
                        "the records and what people say and do",
                    )
                )
        if last.overall < rule.overall:
            actions.append(
                Action(
                    Priority.URGENT,
                    f"Raise the overall score: {last.overall:g}% at the "
                    f"{last.type.value} audit of {last.date}, under the {rule.overall:g}% {needs}",
                    None,
                    owners.default,
                    due(30),
                    "audit",
                )
            )

    for e in coverage.elements:
        low = e.percent is not None and rule.element_min is not None and e.percent < rule.element_min
        for q in e.questions:
            if q.status.value not in GAP_STATUSES:
                continue
            missing = [topics[t].title for t in q.missing_topics if t in topics]
            what = f"Answer {q.question.id} in the manual: {q.question.text}"
            detail = ("Write about: " + "; ".join(missing)) if missing else ""
            priority = Priority.HIGH if (low or e.element.id in weak) else Priority.NORMAL
            actions.append(
                Action(
                    priority,
                    what,
                    e.element,
                    owners.of_question(e.element, q),
                    due(30 if priority is Priority.HIGH else 60),
                    "coverage",
                    detail,
                )
            )

    actions += _records_actions(readiness, owners, elements, due, on)
    actions += _date_actions(manual, coverage, owners, on, audit)
    order = {e.id: i for i, e in enumerate(partner.elements)}

    def key(a: Action) -> tuple:
        eid = a.element.id if a.element else None
        return (
            0 if eid in weak else 1,
            weak.get(eid or "", 0.0),
            a.priority,
            a.due,
            order.get(eid or "", len(order)),
            a.what,
        )

    return Plan(manual, audit, on, threshold, weak, tuple(sorted(actions, key=key)))


def _records_actions(r: Readiness, owners: _Owners, elements: dict[str, Element], due, on: dt.date) -> list[Action]:
    out: list[Action] = []
    m = r.manual
    if not m.record_kinds:
        return [
            Action(
                Priority.HIGH,
                "Start a records log: declare the kinds of records kept (records: in "
                "manual.yml) and log each completed record in records/*.csv",
                None,
                owners.default,
                due(30),
                "records",
            )
        ]
    if r.rules and not r.minimum_met:
        out.append(
            Action(
                Priority.URGENT,
                f"Keep every record kind without a gap until {r.earliest_audit}: "
                f"{r.months_on_hand} month(s) of records on hand, {r.partner.short_name} needs "
                f"{r.rules.minimum_months} before a first audit",
                None,
                owners.default,
                r.earliest_audit or on,
                "records",
            )
        )
    element_of: dict[str, Element] = {}
    for e in r.elements:
        for k in e.kinds:
            element_of.setdefault(k.kind, e.element)
    for g in r.gaps:
        kind = g.stream.kind
        # From now on: the next period the kind is due in (this week, or the end of this month).
        when = on + dt.timedelta(days=7) if kind.every.value == "week" else month_end(month_index(on))
        out.append(
            Action(
                Priority.HIGH,
                f"Keep logging the {lower_first(kind.title)} {kind.every.phrase}"
                + (f" at {g.stream.site}" if g.stream.site else "")
                + f": {g.describe()}",
                element_of.get(kind.kind),
                kind.owner or owners.of_element(element_of.get(kind.kind)),
                when,
                "records",
                "Be ready to explain the gap to the auditor (no work that week, a "
                "shutdown); records made later are not records",
            )
        )
    for e in r.elements:
        for t in e.unrecorded:
            out.append(
                Action(
                    Priority.NORMAL,
                    f"Keep records for '{t.title}' ({t.id}): auditors sample them "
                    f"(expected {t.records_every.phrase if t.records_every else ''})",
                    e.element,
                    owners.of_element(e.element),
                    due(30),
                    "records",
                    "Add a record kind with this topic under records: in manual.yml",
                )
            )
    return out


def _date_actions(manual: Manual, coverage: Coverage, owners: _Owners, on: dt.date, audit: AuditChoice) -> list[Action]:
    out: list[Action] = []
    cert = manual.certification
    nxt = cert.next_audit
    if nxt is not None:
        done = any(a.date >= nxt.planned for a in cert.audits)
        if nxt.planned < on and not done:
            out.append(
                Action(
                    Priority.URGENT,
                    f"Record the result of the {nxt.type.value} audit planned for "
                    f"{nxt.planned} (certification: audits: in manual.yml), or plan it again",
                    None,
                    owners.default,
                    on,
                    "audit",
                )
            )
        elif nxt.planned >= on:
            soon = (nxt.planned - on).days <= SOON
            out.append(
                Action(
                    Priority.HIGH if soon else Priority.NORMAL,
                    f"Prepare the {nxt.type.value} audit on {nxt.planned}: brief people with the interview "
                    "and observation preparation, have the records ready, make the audit pack",
                    None,
                    owners.default,
                    max(on, nxt.planned - dt.timedelta(days=BEFORE_AUDIT)),
                    "audit",
                    f"Pass rule: {audit.rule.describe()}",
                )
            )
    program = coverage.program.id
    held = cert.held_on(on, program)
    if held is not None and (nxt is None or nxt.planned > held.expires):
        kind, _ = expected_audit(cert, program, on)
        days = (held.expires - on).days
        out.append(
            Action(
                Priority.URGENT if days <= 90 else Priority.HIGH if days <= 365 else Priority.NORMAL,
                f"Plan the next audit: a {kind.value if kind is not AuditType.CERTIFICATION else 'recertification'}"
                f" audit before the {held.label} expires",
                None,
                owners.default,
                max(on, held.expires - dt.timedelta(days=90)),
                "certificate",
            )
        )
    elif held is None and nxt is None:
        out.append(
            Action(
                Priority.NORMAL,
                "Plan the certification audit (next_audit: in manual.yml)",
                None,
                owners.default,
                on + dt.timedelta(days=30),
                "certificate",
            )
        )
    review = manual.document.next_review
    days = (review - on).days
    out.append(
        Action(
            Priority.URGENT if days < 0 else Priority.HIGH if days <= SOON else Priority.NORMAL,
            (
                f"Review the manual: the review was due on {review}"
                if days < 0
                else f"Review the manual and publish a new revision by {review}"
            ),
            None,
            owners.default,
            max(on, review),
            "review",
            f"Revision {manual.document.revision}, effective {manual.document.effective}, reviewed every "
            f"{manual.document.review_months} months",
        )
    )
    return out


# --- output ---------------------------------------------------------------------------------

HEADER = ["number", "priority", "action", "detail", "element", "owner", "due", "from"]


def rows(plan: Plan) -> list[list[object]]:
    return [
        [
            i,
            a.priority.label,
            a.what,
            a.detail,
            a.element.label if a.element else "",
            a.owner,
            a.due.isoformat(),
            a.source,
        ]
        for i, a in enumerate(plan.actions, 1)
    ]


def as_csv(plan: Plan) -> str:
    return to_csv(HEADER, rows(plan))


def as_markdown(plan: Plan) -> str:
    m = plan.manual
    nxt = m.certification.next_audit
    audit = (
        f"the {plan.audit.type.value} audit planned for {nxt.planned}"
        if nxt and plan.audit.source != "default"
        else f"a {plan.audit.type.value} audit"
    )
    out = [
        f"# Action plan: {esc(m.company.name)}",
        "",
        f"Made on {plan.on} for {esc(audit)} (pass rule: {esc(plan.audit.rule.describe())}). Manual "
        f"{esc(m.document.number)} revision {esc(m.document.revision)}.",
        "",
    ]
    if plan.weak:
        out += [
            "Elements under "
            + f"{plan.threshold:g}% at the last audit come first: "
            + ", ".join(f"{esc(k)} ({v:g}%)" for k, v in sorted(plan.weak.items(), key=lambda kv: kv[1]))
            + ".",
            "",
        ]
    out += ["| # | Priority | Action | Element | Owner | Due |", "|---|---|---|---|---|---|"]
    for number, a in enumerate(plan.actions, 1):
        what = esc(a.what) + (f"<br>{esc(a.detail)}" if a.detail else "")
        out.append(
            f"| {number} | {a.priority.label} | {what} | {esc(a.element.label) if a.element else ''} "
            f"| {esc(a.owner)} | {a.due} |"
        )
    return "\n".join(out) + "\n"


FORMATS = {"markdown": as_markdown, "csv": as_csv}

"""Documentation readiness of a manual against one partner program.

Only approved pages count. A question's weight is its points (or the partner's
``default_points``); it earns by its scoring style: weight × (share of its live topics that
approved pages cover), the whole weight only when all are covered (all or nothing), or
weight × (criteria met ÷ criteria).
Topics marked not applicable drop out; a question whose topics are all N/A is removed from
the totals, as partners do. Interview/observation-only questions need field evidence: they
are listed but are not a manual gap and do not count."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from .certification import AuditChoice
from .model import Element, Manual, Partner, PassRule, Program, Question, Scoring


class Status(str, Enum):
    COVERED = "covered"
    PARTIAL = "partial"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"
    FIELD_EVIDENCE = "field_evidence"

    @property
    def label(self) -> str:
        """The words auditors see, the same on the site and in the PDF."""
        return _LABELS[self]


_LABELS = {Status.COVERED: "Covered", Status.PARTIAL: "Partly covered", Status.MISSING: "Missing",
           Status.NOT_APPLICABLE: "Not applicable", Status.FIELD_EVIDENCE: "Needs field evidence"}


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    status: Status
    covered_by: tuple[str, ...]  # page src paths, in manual order
    missing_topics: tuple[str, ...]
    reasons: tuple[str, ...]  # N/A reasons of its topics
    earned: float
    possible: float
    criteria_met: tuple[int, int] | None = None  # (met, judged) with scoring: criteria


@dataclass(frozen=True)
class ElementResult:
    element: Element
    questions: tuple[QuestionResult, ...]
    earned: float
    possible: float
    percent: float | None  # None when no documentation question is scored
    passes: bool


@dataclass(frozen=True)
class Coverage:
    manual: Manual
    partner: Partner
    program: Program
    rule: PassRule
    elements: tuple[ElementResult, ...]
    earned: float
    possible: float
    overall: float
    passes: bool
    audit: AuditChoice | None = None  # the audit type the rule was chosen for

    def questions(self) -> list[QuestionResult]:
        return [q for e in self.elements for q in e.questions]

    def pages_answering(self) -> dict[str, list[tuple[Element, QuestionResult]]]:
        """page src → the questions it helps answer (for 'audit questions on this page')."""
        out: dict[str, list[tuple[Element, QuestionResult]]] = defaultdict(list)
        for e in self.elements:
            for q in e.questions:
                for src in q.covered_by:
                    out[src].append((e.element, q))
        return out


def topic_pages(manual: Manual) -> dict[str, list[str]]:
    """topic id → approved pages covering it, in manual order."""
    out: dict[str, list[str]] = defaultdict(list)
    for page in manual.approved_pages:
        for t in page.covers:
            out[t].append(page.src)
    return out


def score_question(q: Question, covered: dict[str, list[str]], na: dict[str, str], default_points: float) -> QuestionResult:
    live = [t for t in q.topics if t not in na]
    reasons = tuple(na[t] for t in q.topics if t in na)
    pages = tuple(dict.fromkeys(src for t in live for src in covered.get(t, ())))
    missing = tuple(t for t in live if t not in covered)
    if not q.documentary:
        return QuestionResult(q, Status.FIELD_EVIDENCE, pages, (), reasons, 0.0, 0.0)
    if not live:
        return QuestionResult(q, Status.NOT_APPLICABLE, (), (), reasons, 0.0, 0.0)
    weight = q.points if q.points is not None else default_points
    answered = len(live) - len(missing)
    status = Status.COVERED if not missing else Status.PARTIAL if answered else Status.MISSING
    met = None
    if q.scoring is Scoring.CRITERIA:
        # A criterion whose topics are all not applicable drops out; the others are met only
        # when every live topic of theirs is answered (so a multi-topic criterion is all or nothing).
        judged = [[t for t in c.topics if t not in na] for c in q.criteria]
        judged = [c for c in judged if c]
        met = (sum(all(t in covered for t in c) for c in judged), len(judged))
        share = met[0] / met[1]
    elif q.scoring is Scoring.ALL_OR_NOTHING:
        share = 0.0 if missing else 1.0
    else:
        share = answered / len(live)
    return QuestionResult(q, status, pages, missing, reasons, weight * share, weight, met)


def percent(earned: float, possible: float) -> float | None:
    return None if possible == 0 else 100.0 * earned / possible


def compute(manual: Manual, partner: Partner, program: Program, rule: PassRule | None = None,
            audit: AuditChoice | None = None) -> Coverage:
    """Score the manual; the verdict uses ``rule``, else the rule of ``audit``, else the partner's main rule."""
    rule = rule or (audit.rule if audit else partner.pass_rule)
    covered = topic_pages(manual)
    elements = []
    for el in partner.elements:
        results = tuple(score_question(q, covered, manual.not_applicable, partner.default_points)
                        for q in el.questions if program.id in q.programs)
        if not results:
            continue  # an element with no question in this program is not audited in it
        earned = sum(r.earned for r in results)
        possible = sum(r.possible for r in results)
        pct = percent(earned, possible)
        ok = pct is None or rule.element_min is None or pct >= rule.element_min - 1e-9
        elements.append(ElementResult(el, results, earned, possible, pct, ok))
    earned = sum(e.earned for e in elements)
    possible = sum(e.possible for e in elements)
    overall = percent(earned, possible) or 0.0
    passes = possible > 0 and overall >= rule.overall - 1e-9 and all(e.passes for e in elements)
    return Coverage(manual, partner, program, rule, tuple(elements), earned, possible, overall, passes, audit)

"""Documentation readiness of a manual against one partner program.

Only approved pages count, and only claims with substance (see ``answers``): a topic earns
only when it is **answered**; a thin claim earns nothing. A question's weight is its points (or
the partner's ``default_points``); it earns by its scoring style: weight × (share of its live
topics answered), the whole weight only when all are answered (all or nothing), or weight ×
(criteria met ÷ criteria). Topics marked not applicable drop out; a question whose topics are
all N/A is removed from the totals, as partners do. Interview/observation-only questions need
field evidence: they are listed but are not a manual gap and do not count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .answers import Place, TopicAnswer, answer_for, answer_topics
from .certification import AuditChoice
from .model import Element, Manual, Partner, PassRule, Program, Question, Scoring, Topic
from .status import Status

__all__ = ["Coverage", "ElementResult", "QuestionResult", "Status", "compute", "percent", "score_question"]


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    status: Status
    topics: tuple[TopicAnswer, ...]  # its live topics (not N/A), in the question's order
    na_reasons: tuple[str, ...]  # N/A reasons of its other topics
    earned: float
    possible: float
    criteria_met: tuple[int, int] | None = None  # (met, judged) with scoring: criteria

    @property
    def answered_in(self) -> tuple[Place, ...]:
        """The sections that answer its topics, once each, in the question's topic order."""
        return tuple(dict.fromkeys(p for t in self.topics for p in t.answered_in))

    @property
    def pages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.page for p in self.answered_in))

    @property
    def missing_topics(self) -> tuple[str, ...]:
        """Live topics not answered (thin or missing)."""
        return tuple(t.topic for t in self.topics if t.status is not Status.ANSWERED)

    @property
    def gaps(self) -> tuple[TopicAnswer, ...]:
        return tuple(t for t in self.topics if t.status is not Status.ANSWERED)


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
    answers: Mapping[str, TopicAnswer]  # every topic claimed or N/A in the manual
    catalogue: Mapping[str, Topic]  # the topics of partners/topics.yml, for their titles
    audit: AuditChoice | None = None  # the audit type the rule was chosen for

    def questions(self) -> list[QuestionResult]:
        return [q for e in self.elements for q in e.questions]

    def answer(self, topic: str) -> TopicAnswer:
        return answer_for(self.answers, topic)

    def title(self, topic: str) -> str:
        return self.catalogue[topic].title if topic in self.catalogue else topic

    def reasons(self, q: QuestionResult) -> list[str]:
        """Why a question is not answered, in words: one line per topic not answered."""
        out = [f"{self.title(t.topic)}: {t.describe()}" for t in q.gaps] if q.question.documentary else []
        if q.criteria_met and q.criteria_met[0] < q.criteria_met[1]:
            out.append(f"criteria met: {q.criteria_met[0]} of {q.criteria_met[1]}")
        return out

    def pages_answering(self) -> dict[str, list[tuple[Element, QuestionResult]]]:
        """page src → the questions it helps answer (for 'audit questions on this page')."""
        out: dict[str, list[tuple[Element, QuestionResult]]] = defaultdict(list)
        for e in self.elements:
            for q in e.questions:
                for src in q.pages:
                    out[src].append((e.element, q))
        return out


def score_question(
    q: Question, answers: Mapping[str, TopicAnswer], na: Mapping[str, str], default_points: float
) -> QuestionResult:
    live = tuple(answer_for(answers, t) for t in q.topics if t not in na)
    na_reasons = tuple(na[t] for t in q.topics if t in na)
    if not q.documentary:
        return QuestionResult(q, Status.FIELD_EVIDENCE, live, na_reasons, 0.0, 0.0)
    if not live:
        return QuestionResult(q, Status.NOT_APPLICABLE, (), na_reasons, 0.0, 0.0)
    weight = q.points if q.points is not None else default_points
    answered = {t.topic for t in live if t.status is Status.ANSWERED}
    if len(answered) == len(live):
        status = Status.ANSWERED
    elif answered:
        status = Status.PARTIAL
    else:
        status = Status.THIN if any(t.status is Status.THIN for t in live) else Status.MISSING
    met = None
    if q.scoring is Scoring.CRITERIA:
        # A criterion whose topics are all not applicable drops out; the others are met only
        # when every live topic of theirs is answered (so a multi-topic criterion is all or nothing).
        judged = [[t for t in c.topics if t not in na] for c in q.criteria]
        judged = [c for c in judged if c]
        met = (sum(all(t in answered for t in c) for c in judged), len(judged))
        share = met[0] / met[1]
    elif q.scoring is Scoring.ALL_OR_NOTHING:
        share = 1.0 if status is Status.ANSWERED else 0.0
    else:
        share = len(answered) / len(live)
    return QuestionResult(q, status, live, na_reasons, weight * share, weight, met)


def percent(earned: float, possible: float) -> float | None:
    return None if possible == 0 else 100.0 * earned / possible


def compute(
    manual: Manual,
    partner: Partner,
    program: Program,
    topics: Mapping[str, Topic],
    rule: PassRule | None = None,
    audit: AuditChoice | None = None,
) -> Coverage:
    """Score the manual (``topics``: the catalogue, whose min_words and look_for judge the answers);
    the verdict uses ``rule``, else the rule of ``audit``, else the partner's main rule."""
    rule = rule or (audit.rule if audit else partner.pass_rule)
    answers = answer_topics(manual, topics)
    elements = []
    for el in partner.elements:
        results = tuple(
            score_question(q, answers, manual.not_applicable, partner.default_points)
            for q in el.questions
            if program.id in q.programs
        )
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
    return Coverage(
        manual, partner, program, rule, tuple(elements), earned, possible, overall, passes, answers, topics, audit
    )

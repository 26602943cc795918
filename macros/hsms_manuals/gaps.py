"""The gap list: what a consultant must write for each audit question the manual does not yet
answer — per topic, what is missing (no claim, or why the claim is thin), the law behind it,
and where a starter manual answers it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .answers import Place
from .coverage import Coverage, QuestionResult, Status
from .legislation import Register
from .model import Element, Topic
from .starters import StarterAnswer


@dataclass(frozen=True)
class TopicGap:
    topic: Topic
    status: Status  # THIN or MISSING
    missing: tuple[str, ...]  # in words: "no claim", "12 words (needs 40)", "missing point: check-in interval"
    claimed_in: tuple[Place, ...]  # where the thin claims point
    drafts: tuple[str, ...]  # this manual's draft pages that claim it (approve them when ready)
    law: tuple[str, ...]
    starter: StarterAnswer | None


@dataclass(frozen=True)
class QuestionGap:
    element: Element
    result: QuestionResult
    topics: tuple[TopicGap, ...]
    criteria: str = ""  # "3 of 8 criteria met" with scoring: criteria


def law_for(register: Register | None, topic: str, province: str, workers: int) -> tuple[str, ...]:
    """The law of the company's province behind a topic, at the company's size, as a manual cites it."""
    if register is None:
        return ()
    return tuple(f"{p.cite}: {p.summary}" for p in register.provisions_for(topic, province, workers))


def gap_list(
    cov: Coverage, starter: Callable[[str], StarterAnswer | None] | None = None, register: Register | None = None
) -> list[QuestionGap]:
    """Every documentation question not fully answered (partial, thin or missing), in the
    partner's order. ``starter`` finds a section of another manual answering a topic;
    ``register`` (the legislation register) gives the law behind it."""
    m = cov.manual
    drafts: dict[str, list[str]] = {}
    for page in m.pages:
        if not page.approved:
            for t in page.covers:
                drafts.setdefault(t, []).append(page.src)
    out = []
    for e in cov.elements:
        for r in e.questions:
            if r.status not in (Status.PARTIAL, Status.THIN, Status.MISSING):
                continue
            topics = []
            for answer in r.gaps:
                topic = cov.catalogue.get(answer.topic) or Topic(answer.topic, answer.topic, "")
                missing = (
                    ("no claim",)
                    if answer.status is Status.MISSING
                    else tuple(dict.fromkeys(reason for c in answer.thin for reason in c.reasons))
                )
                topics.append(
                    TopicGap(
                        topic,
                        answer.status,
                        missing,
                        tuple(p for c in answer.thin for p in c.places),
                        tuple(drafts.get(answer.topic, ())),
                        law_for(register, answer.topic, m.company.province, m.company.employees),
                        starter(answer.topic) if starter else None,
                    )
                )
            met = r.criteria_met
            out.append(QuestionGap(e.element, r, tuple(topics), f"{met[0]} of {met[1]} criteria met" if met else ""))
    return out

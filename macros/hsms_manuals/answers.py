"""Which topics a manual really answers: every claim of an approved page, judged on the text
of the section(s) it points at. A topic is **answered** when at least one claim has substance,
**thin** when it is claimed but no claim has, **missing** when nothing claims it.

A whole-page claim (``covers`` as a list) counts only on a short page (fewer than
``PAGE_CLAIM_MAX_WORDS`` words): on a longer one an auditor cannot tell where the answer is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import Claim, Manual, Page, Topic
from .sections import Heading, PageText
from .status import Status
from .substance import judge

PAGE_CLAIM_MAX_WORDS = 400


@dataclass(frozen=True)
class Place:
    """Where a claim points: a section of a page, or the whole page (``section`` None)."""

    page: str  # src path under docs/
    page_title: str
    section: str | None = None  # heading id
    title: str = ""  # the heading's text ("" for the whole page)

    @property
    def label(self) -> str:
        """For people: "Working Alone › Before you work alone", or the page title."""
        return f"{self.page_title} › {self.title}" if self.section else self.page_title

    @property
    def ref(self) -> str:
        """For consultants: "08-working-alone.md#before-you-work-alone"."""
        return f"{self.page}#{self.section}" if self.section else self.page


@dataclass(frozen=True)
class ClaimResult:
    places: tuple[Place, ...]
    words: int
    reasons: tuple[str, ...]  # why it is thin; none = it answers the topic

    @property
    def answered(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class TopicAnswer:
    topic: str
    status: Status  # ANSWERED, THIN, MISSING or NOT_APPLICABLE
    claims: tuple[ClaimResult, ...] = ()
    na_reason: str = ""

    @property
    def answered_in(self) -> tuple[Place, ...]:
        return tuple(p for c in self.claims if c.answered for p in c.places)

    @property
    def thin(self) -> tuple[ClaimResult, ...]:
        return tuple(c for c in self.claims if not c.answered)

    def describe(self) -> str:
        """What is wrong, in words: "no claim", or where the thin claims are and why."""
        if self.status is Status.MISSING:
            return "no claim"
        return "; ".join(f"thin in {', '.join(p.ref for p in c.places)}: {', '.join(c.reasons)}" for c in self.thin)


def judge_claim(page: Page, claim: Claim, topic: Topic | None) -> ClaimResult:
    text = page.sections or PageText("")
    if claim.whole_page:
        place = (Place(page.src, page.title),)
        if text.words >= PAGE_CLAIM_MAX_WORDS:
            return ClaimResult(
                place,
                text.words,
                (f"claimed for the whole page, which has {text.words} words: name the section that answers it",),
            )
        words, reasons = judge(text.text(), page.title, text.raw_text(), topic)
        return ClaimResult(place, words, reasons)
    headings: list[Heading] = []
    places = []
    for hid in claim.sections:
        h = text.heading(hid)
        if h is None:
            return ClaimResult((Place(page.src, page.title, hid, hid),), 0, (f"no heading '#{hid}' on this page",))
        headings.append(h)
        places.append(Place(page.src, page.title, hid, h.title))
    return ClaimResult(
        tuple(places),
        *judge(
            "\n".join(text.section_text(h) for h in headings),
            "\n".join(h.title for h in headings),
            "\n".join(text.section_raw(h) for h in headings),
            topic,
        ),
    )


def answer_topics(manual: Manual, topics: Mapping[str, Topic]) -> dict[str, TopicAnswer]:
    """topic id → its answer, for every topic claimed by an approved page or marked N/A."""
    claims: dict[str, list[ClaimResult]] = {}
    for page in manual.approved_pages:
        for claim in page.claims:
            claims.setdefault(claim.topic, []).append(judge_claim(page, claim, topics.get(claim.topic)))
    out = {}
    for tid, results in claims.items():
        status = Status.ANSWERED if any(r.answered for r in results) else Status.THIN
        out[tid] = TopicAnswer(tid, status, tuple(results))
    for tid, reason in manual.not_applicable.items():
        if tid not in out:
            out[tid] = TopicAnswer(tid, Status.NOT_APPLICABLE, na_reason=reason)
    return out


def answer_for(answers: Mapping[str, TopicAnswer], topic: str) -> TopicAnswer:
    return answers.get(topic) or TopicAnswer(topic, Status.MISSING)

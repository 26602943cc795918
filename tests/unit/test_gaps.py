"""gaps: the gap list — every documentation question not fully answered, in the partner's order,
with what is missing per topic (no claim, or why the claim is thin), where the thin claims are,
drafts that claim it, the company's law and an example from a starter manual."""

from __future__ import annotations

from coverage_kit import ANSWER, PAGES, Register, coverage, manual, section_page

from hsms_manuals.answers import Place
from hsms_manuals.coverage import Status
from hsms_manuals.gaps import gap_list, law_for
from hsms_manuals.starters import StarterAnswer

EXAMPLE = StarterAnswer("ridgeline-builders", Place("05-alone.md", "Working alone", "check-in", "Check in"))


def summary(gaps) -> list[tuple]:
    return [
        (
            g.result.question.id,
            g.result.status,
            g.criteria,
            [(t.topic.id, t.status, t.missing, tuple(p.ref for p in t.claimed_in), t.drafts) for t in g.topics],
        )
        for g in gaps
    ]


def test_only_questions_not_fully_answered_are_listed_in_the_partners_order():
    # 1.1 answered, 1.3 not applicable and 2.3 (interview only) are not gaps of the manual.
    assert summary(gap_list(coverage())) == [
        ("1.2", Status.PARTIAL, "", [("hazard.control", Status.MISSING, ("no claim",), (), ("03-controls.md",))]),
        (
            "2.1",
            Status.THIN,
            "",
            [("alone.checkin", Status.THIN, ("3 words (needs 40)",), ("02-alone.md#alone-checkin",), ())],
        ),
        ("2.2", Status.MISSING, "", [("hazard.control", Status.MISSING, ("no claim",), (), ("03-controls.md",))]),
        (
            "2.4",
            Status.PARTIAL,
            "1 of 2 criteria met",
            [("hazard.control", Status.MISSING, ("no claim",), (), ("03-controls.md",))],
        ),
    ]


def test_a_fully_answered_manual_has_no_gaps():
    m = manual(
        section_page("01-all.md", {t: ANSWER for t in ("hazard.assess", "hazard.control", "alone.checkin")}),
        na={"heights.plan": "No work above 3 m."},
    )
    assert gap_list(coverage(m)) == []


def test_every_reason_a_topic_is_thin_is_listed_once_with_every_place():
    m = manual(
        *PAGES[:1],
        section_page("02-alone.md", {"alone.checkin": "Call in often."}),
        section_page("04-more.md", {"alone.checkin": "Call in often, really."}),
    )
    [gap] = [g for g in gap_list(coverage(m)) if g.result.question.id == "2.1"]
    [topic] = gap.topics
    assert topic.missing == ("3 words (needs 40)", "4 words (needs 40)")
    assert [p.ref for p in topic.claimed_in] == ["02-alone.md#alone-checkin", "04-more.md#alone-checkin"]


def test_law_and_examples_are_looked_up_for_the_companys_province_and_size():
    register = Register({"hazard.control": ["OHS Code Part 2: assess and control hazards"]})
    asked_starter: list[str] = []

    def starter(topic: str) -> StarterAnswer | None:
        asked_starter.append(topic)
        return EXAMPLE if topic == "alone.checkin" else None

    gaps = {g.result.question.id: g for g in gap_list(coverage(), starter, register)}
    assert gaps["1.2"].topics[0].law == ("OHS Code Part 2: assess and control hazards",)
    assert gaps["1.2"].topics[0].starter is None
    assert gaps["2.1"].topics[0].law == ()
    assert gaps["2.1"].topics[0].starter == EXAMPLE
    assert set(register.asked) == {("hazard.control", "AB", 30), ("alone.checkin", "AB", 30)}
    assert sorted(set(asked_starter)) == ["alone.checkin", "hazard.control"]


def test_without_a_register_or_starters_there_is_no_law_and_no_example():
    assert law_for(None, "hazard.control", "AB", 30) == ()
    assert all(t.law == () and t.starter is None for g in gap_list(coverage()) for t in g.topics)


def test_a_topic_missing_from_the_catalogue_is_shown_by_its_id():
    m = manual(*PAGES)
    cov = coverage(m)
    bare = type(cov)(**{**cov.__dict__, "catalogue": {}})  # a partner map naming a topic the catalogue lacks
    topic = gap_list(bare)[0].topics[0].topic
    assert (topic.id, topic.title, topic.description) == ("hazard.control", "hazard.control", "")

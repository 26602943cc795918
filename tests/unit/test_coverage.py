"""Coverage arithmetic on small hand-built partners and manuals (no files)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hsms_manuals.answers import ClaimResult, Place, TopicAnswer
from hsms_manuals.coverage import Status, compute, percent, score_question
from hsms_manuals.model import (
    Claim,
    Company,
    Criterion,
    Document,
    Element,
    Emergency,
    Evidence,
    LookFor,
    Manual,
    Page,
    Partner,
    PassRule,
    Person,
    Phone,
    Program,
    Question,
    Scoring,
    SizeRule,
    Topic,
)
from hsms_manuals.sections import PageText

DOC = (Evidence.DOCUMENTATION,)
SMALL = Program("SMALL", "Small", "internal", SizeRule("fte", 0, 20))
LARGE = Program("LARGE", "Large", "external", SizeRule("fte", 20))
BOTH = frozenset({"SMALL", "LARGE"})
# Forty-eight words of plain text: enough substance for a topic without look_for points.
ANSWER = (
    "Every crew checks the work area before the shift starts. The foreman writes down what could hurt "
    "someone, how likely it is and how bad it could be, and the control we use. Everyone on the crew "
    "reads it, asks questions and signs it before work starts today."
)


def q(qid: str, *topics: str, points: float | None = 10, evidence=DOC, programs=BOTH) -> Question:
    return Question(qid, f"Question {qid}.", tuple(evidence), points, frozenset(programs), topics)


def el(eid: str, *questions: Question) -> Element:
    return Element(eid, f"Element {eid}", questions)


COR_RULE = PassRule(80, 50)


def partner(*elements: Element, rule: PassRule = COR_RULE, default_points: float = 10) -> Partner:
    return Partner(
        id="p",
        name="Partner",
        short_name="P",
        kind="certifying-partner",
        province="BC",
        instrument_name="Audit",
        instrument_version="1",
        instrument_effective=None,
        source="tests",
        verified=True,
        notes=None,
        default_points=default_points,
        programs=(SMALL, LARGE),
        pass_rule=rule,
        maintenance_rule=PassRule(60, None),
        elements=elements,
    )


def manual(*pages: Page, na: dict[str, str] | None = None) -> Manual:
    return Manual(
        id="m",
        root=Path("/nowhere/m"),
        company=Company("Co", "BC", 30, 25.0),
        partner_id="p",
        program_id=None,
        document=Document("N-1", "1", dt.date(2026, 1, 1), Person("Pat", "Owner")),
        emergency=Emergency((Phone("911", "911"),), Phone("Owner", "555-0100"), ()),
        not_applicable=na or {},
        pages=pages,
    )


def pg(src: str, *covers: str, status: str = "approved", text: str = ANSWER) -> Page:
    """A page with one section per topic ("## About t.a"), each answering it with ``text``."""
    body = "\n\n".join(f"## About {t} {{ #{t.replace('.', '-')} }}\n\n{text}" for t in covers)
    claims = tuple(Claim(t, (t.replace(".", "-"),)) for t in covers)
    return Page(src, src.title(), claims, status, "Owner", sections=PageText(body, 7))


def covered(*topics: str) -> dict[str, TopicAnswer]:
    """Answers as coverage sees them: each topic answered in a.md."""
    return {t: TopicAnswer(t, Status.ANSWERED, (ClaimResult((Place("a.md", "A", t, t),), 48, ()),)) for t in topics}


def compute_(m: Manual, p: Partner, program: Program, rule: PassRule | None = None, topics=None):
    return compute(m, p, program, topics or {}, rule)


def test_weights_by_points_with_default_points_for_null():
    p = partner(el("1", q("1.1", "t.a", points=30), q("1.2", "t.b", points=None)), default_points=7)
    cov = compute_(manual(pg("a.md", "t.a")), p, LARGE)
    assert (cov.earned, cov.possible) == (30, 37)
    assert cov.overall == pytest.approx(100 * 30 / 37)
    assert [r.possible for r in cov.questions()] == [30, 7]


def test_partial_credit_two_of_three_topics():
    r = score_question(q("1.1", "t.a", "t.b", "t.c", points=30), covered("t.a", "t.c"), {}, 10)
    assert r.status is Status.PARTIAL
    assert r.earned == pytest.approx(20) and r.possible == 30
    assert r.missing_topics == ("t.b",) and r.pages == ("a.md",)


def test_no_topic_covered_is_missing_and_all_covered_is_covered():
    assert score_question(q("1", "t.a", "t.b"), {}, {}, 10).status is Status.MISSING
    r = score_question(q("1", "t.a", "t.b"), covered("t.a", "t.b"), {}, 10)
    assert (r.status, r.earned, r.possible, r.missing_topics) == (Status.ANSWERED, 10, 10, ())


def test_answered_in_lists_sections_once_in_topic_order():
    cov = compute_(
        manual(pg("b.md", "t.a"), pg("a.md", "t.a", "t.b"), pg("c.md", "t.b")),
        partner(el("1", q("1", "t.a", "t.b"))),
        LARGE,
    )
    r = cov.questions()[0]
    assert [p.ref for p in r.answered_in] == ["b.md#t-a", "a.md#t-a", "a.md#t-b", "c.md#t-b"]
    assert r.pages == ("b.md", "a.md", "c.md")
    assert r.answered_in[0].label == "B.Md › About t.a"


def test_not_applicable_topics_drop_out():
    r = score_question(q("1", "t.a", "t.b", points=20), covered("t.b"), {"t.a": "No work at heights."}, 10)
    assert (r.status, r.earned, r.possible) == (Status.ANSWERED, 20, 20)
    assert r.na_reasons == ("No work at heights.",) and r.missing_topics == ()


def test_all_not_applicable_question_is_removed_from_totals():
    p = partner(el("1", q("1.1", "t.a", "t.b", points=50), q("1.2", "t.c", points=10)))
    cov = compute_(manual(pg("a.md", "t.c"), na={"t.a": "Reason A", "t.b": "Reason B"}), p, LARGE)
    na, ok = cov.questions()
    assert (na.status, na.earned, na.possible, na.na_reasons) == (Status.NOT_APPLICABLE, 0, 0, ("Reason A", "Reason B"))
    assert ok.status is Status.ANSWERED
    assert (cov.earned, cov.possible, cov.overall, cov.passes) == (10, 10, 100.0, True)


def test_interview_or_observation_only_is_field_evidence_and_not_counted():
    p = partner(
        el(
            "1",
            q("1.1", "t.a"),
            q("1.2", "t.b", points=50, evidence=(Evidence.INTERVIEW,)),
            q("1.3", "t.a", points=50, evidence=(Evidence.OBSERVATION, Evidence.INTERVIEW)),
            q("1.4", "t.c", evidence=(Evidence.DOCUMENTATION, Evidence.INTERVIEW)),
        )
    )
    cov = compute_(manual(pg("a.md", "t.a", "t.c")), p, LARGE)
    statuses = {r.question.id: r.status for r in cov.questions()}
    assert statuses == {
        "1.1": Status.ANSWERED,
        "1.2": Status.FIELD_EVIDENCE,
        "1.3": Status.FIELD_EVIDENCE,
        "1.4": Status.ANSWERED,
    }
    assert (cov.earned, cov.possible) == (20, 20)
    field = cov.questions()[2]
    assert field.pages == ("a.md",) and (field.earned, field.possible) == (0, 0)


def test_element_of_field_evidence_only_has_no_percent_and_passes():
    p = partner(el("1", q("1.1", "t.a")), el("2", q("2.1", "t.b", evidence=(Evidence.INTERVIEW,))))
    cov = compute_(manual(pg("a.md", "t.a")), p, LARGE)
    assert [(e.element.id, e.percent, e.passes) for e in cov.elements] == [("1", 100.0, True), ("2", None, True)]
    assert cov.passes


def test_draft_pages_do_not_count():
    p = partner(el("1", q("1.1", "t.a"), q("1.2", "t.b")))
    cov = compute_(manual(pg("a.md", "t.a"), pg("b.md", "t.b", status="draft")), p, LARGE)
    assert [r.status for r in cov.questions()] == [Status.ANSWERED, Status.MISSING]
    assert cov.overall == 50.0
    assert compute_(manual(pg("b.md", "t.b", status="draft")), p, LARGE).answers == {}


def _elements_with(first: tuple[int, int], second: tuple[int, int]) -> tuple[Element, Element]:
    """Two elements of 10-point questions: (covered, total) each; topic t.yes is covered, t.no is not."""

    def build(eid, ok, total):
        return el(eid, *(q(f"{eid}.{i}", "t.yes" if i < ok else "t.no") for i in range(total)))

    return build("1", *first), build("2", *second)


def test_exactly_80_overall_with_every_element_at_least_50_passes():
    cov = compute_(manual(pg("a.md", "t.yes")), partner(*_elements_with((3, 3), (1, 2))), LARGE)
    assert cov.overall == pytest.approx(80.0)
    assert [e.percent for e in cov.elements] == [100.0, 50.0]
    assert cov.passes and all(e.passes for e in cov.elements)


def test_80_overall_with_one_element_at_40_fails():
    cov = compute_(manual(pg("a.md", "t.yes")), partner(*_elements_with((10, 10), (2, 5))), LARGE)
    assert cov.overall == pytest.approx(80.0)
    assert [(e.percent, e.passes) for e in cov.elements] == [(100.0, True), (40.0, False)]
    assert not cov.passes


def test_79_9_overall_fails():
    p = partner(el("1", q("1.1", "t.yes", points=799), q("1.2", "t.no", points=201)))
    cov = compute_(manual(pg("a.md", "t.yes")), p, LARGE)
    assert cov.overall == pytest.approx(79.9)
    assert cov.elements[0].passes and not cov.passes


def test_no_element_floor_in_maintenance_rule():
    p = partner(*_elements_with((10, 10), (0, 1)))
    m = manual(pg("a.md", "t.yes"))
    assert not compute_(m, p, LARGE).passes  # element 2 at 0% is under the 50% floor
    maint = compute_(m, p, LARGE, p.maintenance_rule)
    assert maint.rule == PassRule(60, None)
    assert maint.elements[1].percent == 0.0 and maint.elements[1].passes
    assert maint.overall == pytest.approx(100 * 100 / 110) and maint.passes


def test_program_filtering():
    p = partner(el("1", q("1.1", "t.yes"), q("1.2", "t.no", programs={"LARGE"})))
    m = manual(pg("a.md", "t.yes"))
    small, large = compute_(m, p, SMALL), compute_(m, p, LARGE)
    assert [r.question.id for r in small.questions()] == ["1.1"] and small.overall == 100.0
    assert [r.question.id for r in large.questions()] == ["1.1", "1.2"] and large.overall == 50.0
    assert small.program is SMALL


def test_element_without_questions_in_the_program_is_skipped():
    p = partner(el("1", q("1.1", "t.yes")), el("2", q("2.1", "t.no", programs={"LARGE"})))
    cov = compute_(manual(pg("a.md", "t.yes")), p, SMALL)
    assert [e.element.id for e in cov.elements] == ["1"]
    assert cov.passes


def test_nothing_to_score_does_not_pass():
    p = partner(el("1", q("1.1", "t.a")))
    cov = compute_(manual(na={"t.a": "Not our work."}), p, LARGE)
    assert (cov.possible, cov.overall, cov.passes) == (0, 0.0, False)
    assert cov.elements[0].percent is None


def test_pages_answering_maps_pages_to_questions():
    p = partner(el("1", q("1.1", "t.a"), q("1.2", "t.a", "t.b")))
    cov = compute_(manual(pg("a.md", "t.a"), pg("b.md", "t.b")), p, LARGE)
    answering = cov.pages_answering()
    assert [r.question.id for _, r in answering["a.md"]] == ["1.1", "1.2"]
    assert [r.question.id for _, r in answering["b.md"]] == ["1.2"]


def test_percent():
    assert percent(0, 0) is None
    assert percent(1, 3) == pytest.approx(33.333, rel=1e-4)


# --- scoring styles ---------------------------------------------------------------------------


def crit(qid: str, *criteria: tuple[str, ...], points: float = 8) -> Question:
    cs = tuple(Criterion(f"Criterion {i}", c) for i, c in enumerate(criteria))
    topics = tuple(dict.fromkeys(t for c in criteria for t in c))
    return Question(qid, "Policy criteria.", DOC, points, BOTH, topics, scoring=Scoring.CRITERIA, criteria=cs)


def test_criteria_scoring_earns_criteria_met_out_of_all():
    # 8 criteria, the well-being criterion needs two topics: with one of them it is not met.
    criteria = [("c.1",), ("c.2",), ("c.3",), ("c.4",), ("c.5",), ("c.6",), ("c.7",), ("well.a", "well.b")]
    r = score_question(crit("A.1", *criteria), covered("c.1", "c.2", "c.3", "c.4", "c.5", "well.a"), {}, 10)
    assert r.criteria_met == (5, 8)
    assert (r.earned, r.possible) == (5, 8)
    assert r.status is Status.PARTIAL and r.missing_topics == ("c.6", "c.7", "well.b")
    full = score_question(
        crit("A.1", *criteria), covered("c.1", "c.2", "c.3", "c.4", "c.5", "c.6", "c.7", "well.a", "well.b"), {}, 10
    )
    assert (full.criteria_met, full.earned, full.status) == ((8, 8), 8, Status.ANSWERED)


def test_criteria_with_only_not_applicable_topics_drop_out():
    r = score_question(
        crit("A.1", ("c.1",), ("c.2",), ("c.3", "c.4"), points=9),
        covered("c.1", "c.3"),
        {"c.2": "No such work.", "c.4": "No such work."},
        10,
    )
    assert r.criteria_met == (2, 2) and (r.earned, r.possible) == (9, 9) and r.status is Status.ANSWERED


def test_all_or_nothing_earns_nothing_until_every_topic_is_answered():
    aon = Question("6.9", "Plan.", DOC, 10, BOTH, ("t.a", "t.b"), scoring=Scoring.ALL_OR_NOTHING)
    part = score_question(aon, covered("t.a"), {}, 10)
    assert (part.status, part.earned, part.possible, part.criteria_met) == (Status.PARTIAL, 0, 10, None)
    assert score_question(aon, covered("t.a", "t.b"), {}, 10).earned == 10
    assert score_question(aon, covered("t.a"), {"t.b": "Not our work."}, 10).earned == 10


# --- answers, not claims ----------------------------------------------------------------------------


def test_a_thin_claim_earns_nothing_and_says_why():
    topics = {"t.a": Topic("t.a", "Topic A", "A."), "t.b": Topic("t.b", "Topic B", "B.")}
    p = partner(el("1", q("1.1", "t.a", "t.b", points=20), q("1.2", "t.b"), q("1.3", "t.c")))
    m = manual(pg("a.md", "t.a"), pg("b.md", "t.b", text="Be safe."))
    cov = compute_(m, p, LARGE, topics=topics)
    partial, thin, missing = cov.questions()
    assert (partial.status, partial.earned, partial.possible) == (Status.PARTIAL, 10, 20)
    assert (thin.status, thin.earned) == (Status.THIN, 0)
    assert (missing.status, missing.earned) == (Status.MISSING, 0)
    assert cov.reasons(partial) == ["Topic B: thin in b.md#t-b: 2 words (needs 40)"]
    assert cov.reasons(missing) == ["t.c: no claim"]
    assert [x.ref for x in partial.answered_in] == ["a.md#t-a"]  # the thin section is not an answer


def test_a_topic_answered_anywhere_is_answered_even_if_another_claim_is_thin():
    cov = compute_(
        manual(pg("a.md", "t.a", text="Short."), pg("b.md", "t.a")), partner(el("1", q("1.1", "t.a"))), LARGE
    )
    r = cov.questions()[0]
    assert r.status is Status.ANSWERED and [x.page for x in r.answered_in] == ["b.md"]


def test_look_for_points_and_minimum_words_come_from_the_topic():
    topics = {
        "t.a": Topic(
            "t.a",
            "Working alone",
            "Check-ins.",
            min_words=60,
            look_for=(LookFor("check-in interval", ("check-in", "every hour")),),
        )
    }
    cov = compute_(manual(pg("a.md", "t.a")), partner(el("1", q("1.1", "t.a"))), LARGE, topics=topics)
    assert cov.reasons(cov.questions()[0]) == [
        "Working alone: thin in a.md#t-a: 48 words (needs 60), missing point: check-in interval"
    ]


def test_criteria_reasons_say_how_many_are_met():
    cov = compute_(manual(pg("a.md", "c.1")), partner(el("A", crit("A.1", ("c.1",), ("c.2",)))), LARGE)
    assert cov.reasons(cov.questions()[0]) == ["c.2: no claim", "criteria met: 1 of 2"]


def test_a_page_stuffed_with_every_topic_and_one_sentence_scores_nothing(repo):
    from conftest import INDEX_MD, write_manual
    from hsms_manuals.library import load_library
    from hsms_manuals.manual import load_manual

    library, _ = load_library(repo)
    stuffed = (
        f"---\ntitle: Everything\ncovers: [{', '.join(library.topics)}]\nstatus: approved\nowner: Owner\n---\n\n"
        "We are safe.\n"
    )
    write_manual(repo, pages={"index.md": INDEX_MD, "all.md": stuffed})
    manual, problems = load_manual(repo, "tiny")
    acsa = library.partners["acsa"]
    cov = compute(manual, acsa, acsa.program("COR"), library.topics)
    scored = [r for r in cov.questions() if r.question.documentary]
    assert scored and {r.status for r in scored} == {Status.THIN}
    assert (cov.earned, cov.overall, cov.passes) == (0, 0.0, False)

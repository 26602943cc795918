"""The shipped partner maps say what their instruments say: ab-ohs as the legal minimum by size,
ACSA's COR for any size and 6.9-6.11, ESC's A.1 criteria, BCCSA's evidence methods, and the
programs that only approximate a separate SECOR instrument."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MANUAL_YML, write_manual
from hsms_manuals.coverage import compute
from hsms_manuals.library import load_library
from hsms_manuals.model import Claim, Company, Document, Emergency, Evidence, Manual, Page, Person, Phone, Scoring
from hsms_manuals.sections import PageText
from hsms_manuals.validate import resolve_program

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def partners():
    library, problems = load_library(PROJECT)
    assert problems == []
    return library.partners


# Forty-odd words: substance enough when coverage is computed without the catalogue's look_for
# points (compute(..., {}) below): these tests are about how the maps score, not about wording.
ANSWER = (
    "Every crew checks the work area before the shift starts. The foreman writes down what could hurt "
    "someone, how likely it is and how bad it could be, and the control we use. Everyone on the crew "
    "reads it, asks questions and signs it before work starts today."
)


def manual(employees: int, topics: set[str], na: dict[str, str] | None = None) -> Manual:
    """An Alberta company of this size whose one approved page answers ``topics``, a section each."""
    ids = {t: t.replace(".", "-") for t in sorted(topics)}
    body = "\n\n".join(f"## {t} {{ #{i} }}\n\n{ANSWER}" for t, i in ids.items())
    page = Page(
        "a.md", "A", tuple(Claim(t, (i,)) for t, i in ids.items()), "approved", "Owner", sections=PageText(body)
    )
    return Manual(
        id="m",
        root=Path("/nowhere/m"),
        company=Company("Co", "AB", employees),
        partner_id="ab-ohs",
        program_id=None,
        document=Document("N-1", "1", dt.date(2026, 9, 1), Person("Pat", "Owner")),
        emergency=Emergency((Phone("911", "911"),), Phone("Owner", "555-0100"), ()),
        not_applicable=na or {},
        pages=(page,),
    )


def program_topics(partner, program_id: str) -> set[str]:
    return {t for e in partner.elements for q in e.questions if program_id in q.programs for t in q.topics}


# --- ab-ohs: the legal minimum for an Alberta employer, by size -----------------------------------


@pytest.mark.parametrize(
    "workers, program", [(1, "UNDER-5"), (4, "UNDER-5"), (5, "5-19"), (19, "5-19"), (20, "20+"), (250, "20+")]
)
def test_ab_ohs_size_edges_choose_the_band(partners, workers, program):
    assert partners["ab-ohs"].program_for(workers).id == program
    assert resolve_program(manual(workers, set()), partners["ab-ohs"]).id == program


def test_ab_ohs_duties_grow_with_size(partners):
    ab = partners["ab-ohs"]
    under5, mid, big = (program_topics(ab, p) for p in ("UNDER-5", "5-19", "20+"))
    every_employer = {
        "hazard.formal",
        "emergency.plan",
        "emergency.first_aid",
        "control.violence_prevention",
        "control.harassment_prevention",
        "control.working_alone",
        "control.whmis",
        "worker.rights",
        "incident.work_refusal",
        "incident.reporting",
    }
    assert every_employer <= under5 and under5 < mid and under5 < big
    assert mid - under5 == {"committee.structure", "committee.duties"}  # the representative
    assert {"committee.structure", "committee.meetings", "policy.statement", "admin.annual_review"} <= big - under5
    assert ab.pass_rule.overall == 100 and ab.pass_rule.element_min == 100  # the law is all or nothing


def test_a_12_worker_employer_without_representative_harassment_plan_or_working_alone_fails(partners):
    ab = partners["ab-ohs"]
    needed = program_topics(ab, "5-19")
    gaps = {"committee.structure", "control.harassment_prevention", "control.working_alone"}
    m = manual(12, needed - gaps)
    cov = compute(m, ab, resolve_program(m, ab), {})
    assert cov.program.id == "5-19" and not cov.passes
    failing = {e.element.title.split(" (")[0].split(",")[0] for e in cov.elements if not e.passes}
    assert failing == {"Violence and harassment", "Working alone", "Health and safety representative"}
    # the same employer with those three written down passes: the verdict is earned, not fixed
    assert compute(manual(12, needed), ab, resolve_program(m, ab), {}).passes


def test_working_alone_may_be_not_applicable_with_a_reason(partners):
    ab = partners["ab-ohs"]
    topics = program_topics(ab, "UNDER-5") - {"control.working_alone"}
    m = manual(3, topics, na={"control.working_alone": "Nobody ever works alone: crews are at least two people."})
    assert compute(m, ab, resolve_program(m, ab), {}).passes


def test_a_multi_topic_legal_duty_earns_nothing_when_half_done(partners):
    ab = partners["ab-ohs"]
    (q,) = [q for e in ab.elements for q in e.questions if q.id == "4.1"]
    assert q.scoring is Scoring.ALL_OR_NOTHING
    m = manual(3, program_topics(ab, "UNDER-5") - {"control.harassment_prevention"})
    (r,) = [r for r in compute(m, ab, resolve_program(m, ab), {}).questions() if r.question.id == "4.1"]
    assert (r.earned, r.possible) == (0, 1)


# --- ACSA ----------------------------------------------------------------------------------------


def test_acsa_cor_is_open_to_an_8_employee_company(repo):
    from hsms_manuals.validate import validate

    write_manual(repo, manual_yml=MANUAL_YML.replace("employees: 24", "employees: 8"))  # program: COR
    assert validate(repo)[2] == []


def test_acsa_violence_and_harassment_are_three_documentation_questions_of_10(partners):
    six = next(e for e in partners["acsa"].elements if e.id == "6")
    qs = {q.id: q for q in six.questions}
    assert sum(q.points for q in six.questions) == 120
    for qid, topic in (
        ("6.9", "control.violence_prevention"),
        ("6.10", "control.harassment_prevention"),
        ("6.11", "control.violence_harassment_review"),
    ):
        assert (qs[qid].points, qs[qid].evidence, qs[qid].topics, qs[qid].verified) == (
            10,
            (Evidence.DOCUMENTATION,),
            (topic,),
            True,
        )
    # every other id is ours, and the map says so where auditors read it
    assert all(not q.verified for q in six.questions if q.id not in ("6.9", "6.10", "6.11"))
    assert all(e.note for e in partners["acsa"].elements)


# --- ESC -----------------------------------------------------------------------------------------


def test_esc_a1_is_scored_as_criteria_met_out_of_8(partners):
    esc = partners["esc"]
    a1 = esc.elements[0].questions[0]
    assert (a1.id, a1.scoring, len(a1.criteria), a1.points) == ("A.1", Scoring.CRITERIA, 8, 8)
    wellbeing = next(c for c in a1.criteria if "well-being" in c.text)
    assert wellbeing.topics == ("policy.wellbeing",)
    secor = esc.program("SECOR")
    everything = {t for e in esc.elements for q in e.questions for t in q.topics}

    def a1_earned(missing: set[str]) -> float:
        m = manual(6, everything - missing)
        return next(r for r in compute(m, esc, secor, {}).questions() if r.question.id == "A.1").earned

    assert a1_earned(set()) == 8
    assert a1_earned({"policy.wellbeing"}) == 7  # one criterion short: 7 of 8
    assert a1_earned({"policy.wellbeing", "mgmt.objectives"}) == 6


# --- BCCSA ---------------------------------------------------------------------------------------


def test_bccsa_evidence_methods_follow_the_auditor_guide(partners):
    bccsa = partners["bccsa"]

    def elements_with(method: Evidence) -> set[int]:
        return {int(e.id) for e in bccsa.elements for q in e.questions if method in q.evidence}

    assert elements_with(Evidence.DOCUMENTATION) == set(range(1, 13)) | {14}  # element 13 is not documentation
    assert elements_with(Evidence.OBSERVATION) == {1, 2, 3, 4, 5, 6, 7, 9, 11, 13}


# --- programs that only approximate a separate SECOR instrument -----------------------------------


def test_approximated_programs_say_why(partners):
    flagged = {(p.id, g.id) for p in partners.values() for g in p.programs if g.approximated}
    assert flagged == {("acsa", "SECOR"), ("esc", "SECOR"), ("bccsa", "SMALL")}
    assert "separate SECOR audit tool" in partners["esc"].program("SECOR").approximated


def test_the_maintenance_rule_is_attributed_to_alberta(partners):
    for pid in ("acsa", "esc"):
        rule = partners[pid].maintenance_rule
        assert (rule.overall, rule.element_min) == (60, None)
        assert rule.basis == "Alberta's rule for maintenance audits since 2023"
    assert partners["bccsa"].maintenance_rule is None


def test_no_map_cites_a_local_path(partners):
    for path in sorted((PROJECT / "partners").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and "COR-BRIEF" not in text, path

"""Audit types: the lifecycle of a certificate, the checks of manual.yml's certification block,
and the pass rule each audit type is judged by (62%/30% and 79%/80%)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MANUAL_YML, answers, page, write_manual
from hsms_manuals.audit_model import AuditType, Certificate, Certification
from hsms_manuals.certification import choose_audit, expected_audit
from hsms_manuals.cli import main
from hsms_manuals.coverage import compute
from hsms_manuals.library import load_library
from hsms_manuals.manual import load_manual
from hsms_manuals.validate import resolve_program, validate

D = dt.date
COR = Certificate("COR", D(2024, 3, 15), D(2027, 3, 15))
ONE_YEAR = Certificate("COR", D(2026, 2, 1), D(2027, 2, 1))


@pytest.mark.parametrize(
    "cert, day, expected",
    [
        ((), D(2026, 5, 1), AuditType.CERTIFICATION),  # nothing held
        ((COR,), D(2024, 12, 1), AuditType.MAINTENANCE),  # its first year (year 2 of the cycle)
        ((COR,), D(2026, 2, 20), AuditType.MAINTENANCE),  # its second year (year 3)
        ((COR,), D(2026, 3, 15), AuditType.RECERTIFICATION),  # its last year (year 4)
        ((COR,), D(2027, 3, 15), AuditType.RECERTIFICATION),  # valid through its expiry date
        ((COR,), D(2027, 3, 16), AuditType.CERTIFICATION),  # lapsed
        ((ONE_YEAR,), D(2026, 12, 1), AuditType.RECERTIFICATION),  # a 1-year certificate is renewed within its year
    ],
)
def test_the_audit_a_certificate_asks_for(cert, day, expected):
    assert expected_audit(Certification(cert), "COR", day)[0] is expected


def test_a_certificate_of_another_program_does_not_count():
    secor = Certificate("SECOR", D(2025, 1, 10), D(2028, 1, 10))
    assert expected_audit(Certification((secor,)), "COR", D(2026, 6, 1))[0] is AuditType.CERTIFICATION


# --- the checks of manual.yml, with their lines -----------------------------------------------------


def certified(block: str) -> list[str]:
    return MANUAL_YML.replace("  program: COR\n", "  program: COR\n" + block)


@pytest.fixture(autouse=True)
def _on(today):
    today("2026-12-01")


def test_the_shipped_style_of_history_is_valid(repo):
    write_manual(
        repo,
        manual_yml=certified("""\
  certificates:
    - {program: COR, issued: 2024-01-26, expires: 2027-01-26, number: "ACSA-1"}
  audits:
    - {type: maintenance, date: 2025-11-18, overall: 74, elements: {1: 85, "9": 45}}
  next_audit: {type: recertification, planned: 2027-01-12}
"""),
    )
    assert validate(repo)[2] == []
    manual = load_manual(repo, "tiny")[0]
    assert manual is not None and manual.certification.last_audit is not None
    assert manual.certification.last_audit.elements == {"1": 85, "9": 45}


def test_every_certification_problem_is_located(repo):
    write_manual(
        repo,
        manual_yml=certified("""\
  certificates:
    - {program: COR, issued: 2025-03-01, expires: 2025-02-01}
    - {program: BIG, issued: 2024-01-01, expires: 2028-06-01}
    - {program: COR, issued: 2027-01-01, expires: 2028-01-01}
  audits:
    - {type: maintenance, date: 2026-12-20, overall: 74, elements: {"11": 40}}
    - {type: certification, date: 2023-01-01, overall: 120}
  next_audit: {type: maintenance, planned: 2030-01-01}
"""),
    )
    assert [str(p) for p in validate(repo)[2]] == [
        "manuals/tiny/manual.yml:14: certification.audits.1.overall: max value is 100 — write the score as a "
        "percentage, e.g. 78",
    ]
    write_manual(
        repo,
        manual_yml=certified("""\
  certificates:
    - {program: COR, issued: 2025-03-01, expires: 2025-02-01}
    - {program: BIG, issued: 2024-01-01, expires: 2028-06-01}
    - {program: COR, issued: 2027-01-01, expires: 2028-01-01}
  audits:
    - {type: maintenance, date: 2026-12-20, overall: 74, elements: {"11": 40}}
    - {type: certification, date: 2023-01-01, overall: 90}
  next_audit: {type: maintenance, planned: 2030-01-01}
"""),
    )
    assert [str(p) for p in validate(repo)[2]] == [
        "manuals/tiny/manual.yml:9: certification.certificates.0.expires: expires on 2025-02-01, not after it was "
        "issued (2025-03-01) — check both dates on the certificate",
        "manuals/tiny/manual.yml:10: certification.certificates.1.expires: valid for more than 3 years (2024-01-01 to "
        "2028-06-01) — check the dates: a certificate is valid for at most 3 years",
        "manuals/tiny/manual.yml:10: certification.certificates.1.issued: issued 2024-01-01, before the certificate "
        "listed above it (2025-03-01) — list certificates oldest first",
        "manuals/tiny/manual.yml:10: certification.certificates.1.program: ACSA has no program 'BIG' — use one of: "
        "SECOR, COR",
        "manuals/tiny/manual.yml:11: certification.certificates.2.issued: issued on 2027-01-01, after today "
        "(2026-12-01) — list a certificate once it is issued; plan the audit under next_audit:",
        "manuals/tiny/manual.yml:13: certification.audits.0.date: an audit result dated 2026-12-20, after today "
        "(2026-12-01) — record an audit once it is done; plan it under next_audit:",
        "manuals/tiny/manual.yml:13: certification.audits.0.elements.11: ACSA has no element '11' — use one of: "
        "1, 2, 3, 4, 5, 6, 7, 8, 9, 10",
        "manuals/tiny/manual.yml:14: certification.audits.1.date: dated 2023-01-01, before the audit listed above it "
        "(2026-12-20) — list audits oldest first",
        "manuals/tiny/manual.yml:15: certification.next_audit.planned: planned for 2030-01-01, more than 3 years from "
        "today (2026-12-01) — check the year",
        "manuals/tiny/manual.yml:15: certification.next_audit.type: a maintenance audit on 2030-01-01 needs a COR "
        "certificate valid that day, and none is (the last expired on 2028-01-01) — use type: certification "
        "(Alberta: maintenance audits in the certificate's first and second years, a recertification audit in its "
        "last year before it expires, a certification audit when no certificate is valid)",
    ]


@pytest.mark.parametrize(
    "block, problem",
    [
        (
            "  certificates:\n    - {program: COR, issued: 2024-03-15, expires: 2027-03-15}\n"
            "  next_audit: {type: maintenance, planned: 2027-02-15}\n",
            "a maintenance audit on 2027-02-15 does not fit: it falls in the last year of the COR (issued 2024-03-15, "
            "expires 2027-03-15), when a recertification renews it — use type: recertification",
        ),
        (
            "  certificates:\n    - {program: COR, issued: 2024-03-15, expires: 2027-03-15}\n"
            "  next_audit: {type: recertification, planned: 2025-12-01}\n",
            "a recertification audit on 2025-12-01 does not fit: it falls in year 2 of the COR (issued 2024-03-15, "
            "expires 2027-03-15), when a maintenance audit is due — use type: maintenance",
        ),
        (
            "  certificates:\n    - {program: COR, issued: 2024-03-15, expires: 2027-03-15}\n"
            "  next_audit: {type: certification, planned: 2026-12-10}\n",
            "a certification audit on 2026-12-10 does not fit: the COR (issued 2024-03-15, expires 2027-03-15) is valid "
            "then (its year 3) — use type: recertification",
        ),
        (
            "  next_audit: {type: recertification, planned: 2027-01-10}\n",
            "a recertification audit on 2027-01-10 needs a COR certificate valid that day, and none is — use type: "
            "certification",
        ),
    ],
)
def test_the_next_audit_must_fit_the_certificate_held(repo, block, problem):
    write_manual(repo, manual_yml=certified(block))
    [found] = [str(p) for p in validate(repo)[2]]
    assert found.startswith(
        f"manuals/tiny/manual.yml:{7 + block.count(chr(10))}: certification.next_audit.type: " + problem
    )


# --- the pass rule of each audit type ----------------------------------------------------------------

PARTNER = """\
id: tp
name: Test Partner
short_name: TP
kind: certifying-partner
province: AB
instrument: {name: Audit, version: "1", effective: 2023-01-01}
provenance: {source: tests, verified: true}
programs:
  - {id: COR, name: COR, audit: external, size_rule: {unit: employees, min: 1}}
pass_rules:
  overall: 80
  element_min: 50
  maintenance: {overall: 60, element_min: null, basis: "Alberta's rule for maintenance audits since 2023"}
elements:
  - id: "1"
    title: One
    questions:
      - {id: "1.1", text: A., evidence: [documentation], points: {p11}, topics: [policy.statement]}
      - {id: "1.2", text: B., evidence: [documentation], points: {p12}, topics: [policy.signed]}
  - id: "2"
    title: Two
    questions:
      - {id: "2.1", text: C., evidence: [documentation], points: {p21}, topics: [hazard.formal]}
      - {id: "2.2", text: D., evidence: [documentation], points: {p22}, topics: [hazard.flha]}
"""


def scored(repo: Path, points: tuple[int, int, int, int], audit: AuditType):
    text = PARTNER
    for name, value in zip(("{p11}", "{p12}", "{p21}", "{p22}"), points, strict=True):
        text = text.replace(name, str(value))
    (repo / "partners" / "tp.yml").write_text(text, encoding="utf-8")
    write_manual(
        repo,
        manual_yml=MANUAL_YML.replace("partner: acsa", "partner: tp"),
        pages={
            "index.md": page("Home"),
            "a.md": page(
                "Policy", ["policy.statement", "hazard.formal"], body=answers("policy.statement", "hazard.formal")
            ),
        },
    )
    manual = load_manual(repo, "tiny")[0]
    library, problems = load_library(repo, only="tp")
    assert manual is not None and problems == []
    partner = library.partners["tp"]
    choice = choose_audit(manual, partner, audit)
    return compute(manual, partner, resolve_program(manual, partner), library.topics, audit=choice)


def test_62_overall_with_an_element_at_30_passes_maintenance_and_fails_certification(repo):
    points = (30, 70, 94, 6)  # element 1: 30 of 100; element 2: 94 of 100; overall 124 of 200 = 62%
    maintenance = scored(repo, points, AuditType.MAINTENANCE)
    assert (round(maintenance.overall), [round(e.percent or 0) for e in maintenance.elements]) == (62, [30, 94])
    assert maintenance.passes and maintenance.rule.element_min is None
    for audit in (AuditType.CERTIFICATION, AuditType.RECERTIFICATION):
        cov = scored(repo, points, audit)
        assert not cov.passes and not cov.elements[0].passes and cov.elements[1].passes


@pytest.mark.parametrize("earned, passes", [(79, False), (80, True)])
def test_79_fails_and_80_passes_a_certification_audit(repo, earned, passes):
    cov = scored(
        repo,
        (earned // 2, 50 - earned // 2, earned - earned // 2, 50 - (earned - earned // 2)),
        AuditType.CERTIFICATION,
    )
    assert (cov.overall, cov.passes) == (pytest.approx(earned), passes)


def test_coverage_names_the_audit_and_the_rule(repo, capsys):
    scored(repo, (30, 70, 94, 6), AuditType.MAINTENANCE)
    assert main(["--root", str(repo), "coverage", "tiny", "--audit", "maintenance"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:4] == [
        "Pass rule: at least 60% overall",
        "Audit: maintenance, as asked with --audit — Alberta's rule for maintenance audits since 2023",
    ]
    assert "Documentation readiness: 62.0% — PASSES (at least 60% overall)" in lines  # the gap list follows
    assert main(["--root", str(repo), "coverage", "tiny"]) == 1  # no next_audit: a certification audit
    lines = capsys.readouterr().out.splitlines()
    assert lines[3] == "Audit: certification, the default: no next_audit in manual.yml"
    assert "Documentation readiness: 62.0% — DOES NOT PASS (at least 80% overall, every element at least 50%)" in lines


def test_the_manuals_next_audit_is_the_default(repo, capsys):
    scored(repo, (30, 70, 94, 6), AuditType.MAINTENANCE)
    (repo / "manuals" / "tiny" / "manual.yml").write_text(
        MANUAL_YML.replace("partner: acsa", "partner: tp").replace(
            "  program: COR\n",
            "  program: COR\n  certificates:\n    - {program: COR, issued: 2026-01-10, expires: 2029-01-10}\n"
            "  next_audit: {type: maintenance, planned: 2027-01-05}\n",
        ),
        encoding="utf-8",
    )
    assert main(["--root", str(repo), "coverage", "tiny", "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["audit"] == {
        "type": "maintenance",
        "source": "manual.yml next_audit (planned 2027-01-05)",
        "rule": {"overall": 60, "element_min": None, "basis": "Alberta's rule for maintenance audits since 2023"},
    }
    assert data["pass_rules"] == {"overall": 60, "element_min": None} and data["passes"] is True

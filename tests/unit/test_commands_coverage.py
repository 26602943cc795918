"""`hsms coverage MANUAL`: exit 0 only when the manual passes its partner's rule, warnings that do
not stop measuring, the date it measures on, the audit type and program asked for, and the
refusals (unknown manual or partner, a broken manual, a broken map of its own partner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, answers, mini_partner, page, write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import coverage
from hsms_manuals.errors import UsageError, ValidationFailed


def run(root: Path, *argv: str) -> int:
    return coverage.run(root, build_parser().parse_args(["coverage", *argv]))


def manual(repo: Path, covered: bool = True) -> Path:
    mini_partner(repo)
    body = answers("policy.statement")
    return write_manual(
        repo,
        manual_yml=MANUAL_YML.replace("partner: acsa", "partner: mini"),
        pages={
            "index.md": INDEX_MD,
            "01-policy.md": page("Policy", ["policy.statement"] if covered else [], body=body),
        },
    )


def test_a_manual_that_passes_exits_0(repo, capsys):
    manual(repo)
    assert run(repo, "tiny") == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.endswith("Documentation readiness: 100.0% — PASSES (at least 80% overall, every element at least 50%)\n")


def test_a_manual_below_the_pass_rule_exits_1(repo, capsys):
    manual(repo, covered=False)
    assert run(repo, "tiny") == 1
    assert "Documentation readiness: 0.0% — DOES NOT PASS" in capsys.readouterr().out


def test_json_carries_the_verdict(repo, capsys):
    manual(repo)
    assert run(repo, "tiny", "--format", "json") == 0
    got = json.loads(capsys.readouterr().out)
    assert (got["partner"], got["program"], got["overall"], got["passes"], got["gaps"]) == (
        "mini",
        "COR",
        100.0,
        True,
        [],
    )


def test_the_audit_asked_for_sets_the_pass_rule(repo, capsys):
    manual(repo)
    assert run(repo, "tiny", "--audit", "maintenance") == 0
    out = capsys.readouterr().out
    assert "Pass rule: at least 60% overall\n" in out
    assert "Audit: maintenance, as asked with --audit — Alberta's rule for maintenance audits since 2023\n" in out


def test_a_program_for_another_size_is_measured_with_a_warning(repo, capsys):
    manual(repo)
    assert run(repo, "tiny", "--program", "SECOR") == 0
    out, err = capsys.readouterr()
    assert err == (
        "warning: SECOR is for 1 to fewer than 11 employees; Tiny Test Co. has 24 — measured anyway, as asked\n"
    )
    assert "— program SECOR (self-assessment audit)" in out


def test_an_overdue_review_is_a_warning_and_on_measures_as_on_that_day(repo, capsys, today):
    manual(repo)
    today("2027-09-02")
    assert run(repo, "tiny") == 0  # still measured, still passing
    assert capsys.readouterr().err == (
        "warning: manuals/tiny/manual.yml:11: document.effective: review overdue since 2027-09-01 "
        "(effective 2026-09-01 + 12 months) — review the manual, raise document.revision and set a new "
        "document.effective date\n"
    )
    assert run(repo, "tiny", "--on", "2027-08-31") == 0
    assert capsys.readouterr().err == ""


def test_an_unknown_partner_suggests_the_near_one(repo):
    manual(repo)
    with pytest.raises(UsageError) as exc:
        run(repo, "tiny", "--partner", "minii")
    assert str(exc.value) == "unknown partner 'minii' — did you mean mini?"


def test_an_unknown_partner_with_nothing_near_lists_them(repo):
    manual(repo)
    with pytest.raises(UsageError) as exc:
        run(repo, "tiny", "--partner", "zzzzzz")
    assert str(exc.value) == "unknown partner 'zzzzzz' — use one of: ab-ohs, acsa, bccsa, esc, mini"


def test_an_unknown_manual_is_refused_first(repo):
    manual(repo)
    (repo / "partners" / "mini.yml").write_text("id: [\n", encoding="utf-8")  # not even read
    with pytest.raises(UsageError, match=r"^unknown manual 'nope' — expected manuals/nope/manual\.yml"):
        run(repo, "nope")


def test_a_broken_map_of_its_own_partner_stops_the_verdict(repo, capsys):
    manual(repo)
    text = (repo / "partners" / "mini.yml").read_text(encoding="utf-8")
    (repo / "partners" / "mini.yml").write_text(
        text.replace("points: 10\n        topics", "points: ten\n        topics")
    )
    with pytest.raises(ValidationFailed) as exc:
        run(repo, "tiny")
    assert {p.file for p in exc.value.problems} == {"partners/mini.yml"}
    assert capsys.readouterr().out == ""


def test_a_manual_that_does_not_load_stops_it(repo, capsys):
    manual(repo)
    (repo / "manuals" / "tiny" / "manual.yml").write_text("company: [\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        run(repo, "tiny")
    assert [p.file for p in exc.value.problems] == ["manuals/tiny/manual.yml"]
    assert capsys.readouterr().out == ""

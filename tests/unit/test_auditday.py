"""auditday: what `hsms records`, `plan` and `audit-pack` start from — loaded and checked once;
the problems that stop them raised together, the ones that do not returned as warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import MANUAL_YML, write_manual
from hsms_manuals.auditday import load_audit_day
from hsms_manuals.certification import AuditType
from hsms_manuals.errors import UsageError, ValidationFailed

KINDS = "records:\n  - {kind: inspection, title: Site inspection, every: month, topics: [inspection.schedule]}\n"


def with_log(repo, rows: list[str], manual_yml: str = MANUAL_YML + KINDS):
    mroot = write_manual(repo, manual_yml=manual_yml)
    (mroot / "records").mkdir()
    (mroot / "records" / "log.csv").write_text(
        "date,kind,site,reference,name\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return mroot


def test_a_good_manual_loads_with_its_partner_program_and_log(repo):
    with_log(repo, ["2026-10-10,inspection,Shop,I-1,Pat Doe", "2026-11-10,inspection,Shop,I-2,Pat Doe"])
    day, warnings = load_audit_day(repo, "tiny")
    assert warnings == []
    assert (day.manual.id, day.partner.id, day.program.id, day.on) == ("tiny", "acsa", "COR", dt.date(2026, 12, 1))
    assert day.log.rows == 2
    assert day.audit().type is AuditType.CERTIFICATION
    assert day.readiness() is not None


def test_the_day_asked_for_is_kept(repo):
    write_manual(repo)
    day, _ = load_audit_day(repo, "tiny", dt.date(2027, 2, 3))
    assert day.on == dt.date(2027, 2, 3)


def test_an_overdue_review_is_a_warning_not_a_stop(repo, today):
    write_manual(repo)
    today("2028-06-01")
    day, warnings = load_audit_day(repo, "tiny")
    assert [str(w) for w in warnings] == [
        "manuals/tiny/manual.yml:11: document.effective: review overdue since 2027-09-01 (effective 2026-09-01 + "
        "12 months) — review the manual, raise document.revision and set a new document.effective date"
    ]
    assert day.on == dt.date(2028, 6, 1)


def test_without_pages_only_the_audit_settings_are_checked(repo, today):
    write_manual(repo, pages={"index.md": "---\ntitle: [unclosed\n---\n"})
    _, warnings = load_audit_day(repo, "tiny")
    assert warnings and all(w.file == "manuals/tiny/docs/index.md" for w in warnings)
    day, warnings = load_audit_day(repo, "tiny", pages=False)  # records readiness reads no page
    assert (day.manual.id, warnings) == ("tiny", [])


@pytest.mark.parametrize("pages", [True, False])
def test_an_unknown_partner_stops_with_its_located_problem(repo, pages):
    write_manual(repo, manual_yml=MANUAL_YML.replace("partner: acsa", "partner: nope"))
    with pytest.raises(ValidationFailed) as exc:
        load_audit_day(repo, "tiny", pages=pages)
    assert [str(p) for p in exc.value.problems] == [
        "manuals/tiny/manual.yml:6: certification.partner: unknown partner 'nope' — use one of: ab-ohs, acsa, "
        "bccsa, esc (see `hsms partners`)"
    ]


def test_a_manual_yml_that_does_not_load_stops(repo):
    write_manual(repo, manual_yml="company: [unclosed\n")
    with pytest.raises(ValidationFailed) as exc:
        load_audit_day(repo, "tiny")
    assert exc.value.problems and all(p.file == "manuals/tiny/manual.yml" for p in exc.value.problems)


def test_bad_rows_of_the_records_log_stop_every_one_listed(repo):
    with_log(repo, ["2026-10-10,drill,Shop,D-1,Pat Doe", "2026-13-01,inspection,Shop,I-1,Pat Doe"])
    with pytest.raises(ValidationFailed) as exc:
        load_audit_day(repo, "tiny")
    problems = exc.value.problems
    assert len(problems) == 2
    assert [p.file for p in problems] == ["manuals/tiny/records/log.csv"] * 2
    assert [p.line for p in problems] == [2, 3]


def test_an_unknown_manual_is_a_usage_error(repo):
    with pytest.raises(UsageError):
        load_audit_day(repo, "ghost")

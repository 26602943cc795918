"""Records readiness on tiny manuals with hand-written logs: months on hand at the 3- and
12-month edges, gaps in each frequency, earliest audit dates and certificate lengths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MANUAL_YML, write_manual
from hsms_manuals import records_report
from hsms_manuals.auditday import load_audit_day
from hsms_manuals.readiness import Readiness

ON = dt.date(2026, 12, 1)  # the conftest clock: 2026-11 is the last complete month
MONTHLY = "  - {kind: inspection, title: Site inspection, every: month, topics: [inspection.schedule]}\n"
TWO_SITES = MANUAL_YML.replace(
    """  sites:
    - name: Shop""",
    """  sites:
    - name: Yard
      muster_point: Gate
      first_aid:
        - {name: Pat Doe, phone: "403-555-0101"}
      hospital: Red Deer Regional Hospital Centre
      phone: "403-555-0103"
    - name: Shop""",
)


def ready(
    repo: Path,
    kinds: str,
    rows: list[str],
    on: dt.date = ON,
    manual_yml: str = MANUAL_YML,
    header: str = "date,kind,site,reference,name",
) -> Readiness:
    mroot = write_manual(repo, manual_yml=manual_yml + "records:\n" + kinds)
    (mroot / "records").mkdir()
    (mroot / "records" / "log.csv").write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    day, _ = load_audit_day(repo, "tiny", on)
    return day.readiness()


def monthly(*months: str, kind: str = "inspection", site: str = "Shop", day: int = 10) -> list[str]:
    return [f"{m}-{day:02d},{kind},{site},{kind}-{m},Pat Doe" for m in months]


def months_between(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --- the 3-month edge (ACSA: at least 3 months before a first audit, then a 1-year COR) ----------


def test_three_complete_months_meet_the_minimum_and_earn_a_one_year_certificate(repo):
    r = ready(repo, MONTHLY, monthly("2026-09", "2026-10", "2026-11"))
    assert (r.months_on_hand, r.minimum_met, r.earliest_audit) == (3, True, dt.date(2026, 12, 1))
    assert r.certificate_years == 1 and r.ready
    assert records_report.verdict(r) == "READY — 3 month(s) on hand, no gaps in the audit window"


def test_two_months_are_below_the_minimum(repo):
    r = ready(repo, MONTHLY, monthly("2026-10", "2026-11"))
    assert (r.months_on_hand, r.minimum_met, r.earliest_audit, r.certificate_years) == (
        2,
        False,
        dt.date(2027, 1, 1),
        None,
    )
    assert not r.ready
    assert records_report.certificate_words(r.rules, 2, "ACSA") == "ACSA issues only a temporary letter, not a COR"
    assert records_report.verdict(r) == (
        "NOT READY — 2 month(s) on hand, ACSA needs 3 before a first audit "
        "(earliest 2027-01-01); no gaps in the audit window"
    )


def test_the_month_of_the_audit_does_not_count_yet(repo):
    r = ready(repo, MONTHLY, monthly("2026-09", "2026-10", "2026-11"), on=dt.date(2026, 11, 30))
    assert (r.months_on_hand, r.earliest_audit) == (2, dt.date(2026, 12, 1))


# --- the 12-month edge (12 months → 3-year COR, fewer → 1-year) ----------------------------------


def test_twelve_months_earn_a_three_year_certificate(repo):
    r = ready(repo, MONTHLY, monthly(*months_between("2025-12", "2026-11")))
    assert (r.months_on_hand, r.certificate_years, r.earliest_audit) == (12, 3, dt.date(2026, 3, 1))


def test_eleven_months_earn_a_one_year_certificate(repo):
    r = ready(repo, MONTHLY, monthly(*months_between("2026-01", "2026-11")))
    assert (r.months_on_hand, r.certificate_years) == (11, 1)


def test_the_planned_audit_is_projected_if_every_record_is_logged(repo):
    yml = MANUAL_YML.replace(
        "  program: COR\n", "  program: COR\n  next_audit: {type: certification, planned: 2027-01-20}\n"
    )
    r = ready(repo, MONTHLY, monthly(*months_between("2026-01", "2026-11")), manual_yml=yml)
    assert r.projection is not None
    assert (r.projection.months, r.projection.certificate_years) == (12, 3)  # 11 + December 2026


# --- gaps by frequency ----------------------------------------------------------------------------


def test_a_missed_month_is_a_gap_and_ends_the_run(repo):
    r = ready(repo, MONTHLY, monthly(*[m for m in months_between("2025-10", "2026-11") if m != "2026-08"]))
    assert r.months_on_hand == 3 and r.certificate_years == 1
    assert [g.describe() for g in r.gaps] == ["no site inspection logged in 2026-08"]
    assert records_report.verdict(r) == (
        "GAPS — 3 month(s) on hand; 1 gap(s) in the audit window: fix them or be ready to explain them"
    )


def test_a_gap_before_the_audit_window_is_not_listed(repo):
    r = ready(repo, MONTHLY, monthly(*[m for m in months_between("2025-09", "2026-11") if m != "2025-10"]))
    assert r.gaps == () and r.months_on_hand == 13 and r.certificate_years == 3


def test_a_missed_week_is_a_gap_but_the_month_stays_documented(repo):
    kinds = "  - {kind: talk, title: Toolbox talk, every: week, topics: [communication.meetings]}\n"
    mondays = [dt.date(2026, 9, 7) + dt.timedelta(weeks=i) for i in range(12)]  # to 2026-11-23
    rows = [f"{d},talk,Shop,T-{d},Pat Doe" for d in mondays if d != dt.date(2026, 10, 5)]
    r = ready(repo, kinds, rows)
    assert r.months_on_hand == 3  # September to November all have talks
    # The log started on Monday 7 September: the week before (2026-W36, Thursday 3 September) is not judged.
    assert [g.describe() for g in r.gaps] == ["no toolbox talk logged in week 2026-W41"]


def test_a_week_not_over_on_the_audit_date_is_not_a_gap(repo):
    kinds = "  - {kind: talk, title: Toolbox talk, every: week, topics: [communication.meetings]}\n"
    mondays = [dt.date(2026, 10, 5) + dt.timedelta(weeks=i) for i in range(7)]  # 2026-W41 to W47
    r = ready(repo, kinds, [f"{d},talk,Shop,T-{d},Pat Doe" for d in mondays], on=dt.date(2026, 11, 28))
    # W48 (Thursday 26 November) ends on Sunday the 29th: not over yet, not a gap.
    assert r.gaps == ()


def test_quarterly_kinds_need_one_record_in_every_three_months(repo):
    kinds = (
        MONTHLY
        + "  - {kind: service, title: Equipment service, every: quarter, topics: [control.preventive_maintenance]}\n"
    )
    rows = monthly(*months_between("2025-12", "2026-11")) + [
        "2026-01-10,service,Shop,S-1,Pat Doe",
        "2026-06-10,service,Shop,S-2,Pat Doe",
    ]
    r = ready(repo, kinds, rows)
    assert [g.describe() for g in r.gaps] == [
        "no equipment service logged from 2026-02 to 2026-05 (expected at least once in every 3 months)",
        "no equipment service logged from 2026-07 to 2026-11 (expected at least once in every 3 months)",
    ]
    assert r.months_on_hand == 0  # nothing since June: November is not documented


def test_a_yearly_kind_is_not_due_before_the_log_is_a_year_old(repo):
    kinds = (
        MONTHLY + "  - {kind: drill, title: Emergency drill, every: year, per_site: true, topics: [emergency.drills]}\n"
    )
    r = ready(repo, kinds, monthly("2026-09", "2026-10", "2026-11"))
    assert (r.gaps, r.months_on_hand) == ((), 3)


def test_per_site_kinds_are_expected_at_every_site(repo):
    kinds = (
        MONTHLY + "  - {kind: drill, title: Emergency drill, every: year, per_site: true, topics: [emergency.drills]}\n"
    )
    rows = monthly(*months_between("2025-11", "2026-11")) + ["2026-03-05,drill,shop,D-1,Pat Doe"]
    r = ready(repo, kinds, rows, manual_yml=TWO_SITES)
    assert [g.describe() for g in r.gaps] == [
        "no emergency drill at Yard logged from 2025-11 to 2026-11 (expected at least once in every 12 months)"
    ]
    assert r.months_on_hand == 0


def test_records_after_the_day_asked_for_are_left_out(repo):
    r = ready(repo, MONTHLY, monthly(*months_between("2026-01", "2026-11")), on=dt.date(2026, 5, 15))
    assert (r.months_on_hand, r.records, r.last_record) == (4, 5, dt.date(2026, 5, 10))


def test_a_manual_without_a_records_log_is_not_ready(repo):
    write_manual(repo, manual_yml=MANUAL_YML + "records:\n" + MONTHLY)
    r = load_audit_day(repo, "tiny", ON)[0].readiness()
    assert (r.records, r.months_on_hand, r.ready) == (0, 0, False)
    assert records_report.verdict(r) == "NO RECORDS — nothing is logged yet (manuals/tiny/records/*.csv)"


# --- per element ----------------------------------------------------------------------------------


def test_records_count_for_the_elements_their_topics_answer(repo):
    kinds = MONTHLY + "  - {kind: incident, title: Incident report, every: event, topics: [incident.reporting]}\n"
    rows = monthly("2026-09", "2026-10", "2026-11") + [
        "2026-10-02,incident,Shop,I-1,Pat Doe",
        "2026-10-03,incident,Shop,I-2,Pat Doe,admin.records",
    ]
    r = ready(repo, kinds, rows, header="date,kind,site,reference,name,topic")
    by_id = {e.element.id: e for e in r.elements}
    assert (by_id["7"].records, by_id["7"].months_on_hand) == (3, 3)  # inspections
    assert (by_id["9"].records, by_id["9"].months_on_hand) == (1, None)  # investigations: events only
    assert by_id["10"].records == 1 and [k.kind for k in by_id["10"].kinds] == ["incident"]  # by its topic column


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_every_format_renders(repo, fmt):
    r = ready(repo, MONTHLY, monthly("2026-09", "2026-10", "2026-11"))
    assert "2026-12-01" in records_report.FORMATS[fmt](r)


def test_names_from_manual_yml_stay_text_in_every_format(repo):
    hostile = "<img src=x onerror=alert(1)> **bold** [link](javascript:x)"
    kinds = f'  - {{kind: inspection, title: "{hostile}", every: month, topics: [inspection.schedule]}}\n'
    r = ready(repo, kinds, monthly("2026-09", "2026-11"))  # October missed: a gap naming the kind
    md = records_report.as_markdown(r)
    assert "<img" not in md and "**bold**" not in md and "](javascript" not in md
    assert "&lt;img src&#61;x onerror&#61;alert(1)&gt; &#42;&#42;bold&#42;&#42;" in md
    assert hostile in records_report.as_text(r)  # a terminal shows the text as written
    assert hostile in records_report.as_json(r).replace("\\u003c", "<")

"""The action plan: what comes first after an audit, owners, due dates, and output a spreadsheet
or a Markdown viewer shows as plain text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from conftest import MANUAL_YML, answers, page, write_manual
from hsms_manuals import action_plan
from hsms_manuals.action_plan import Priority
from hsms_manuals.auditday import load_audit_day
from hsms_manuals.coverage import compute

ON = dt.date(2026, 12, 1)
HISTORY = """\
  certificates:
    - {program: COR, issued: 2024-01-26, expires: 2027-01-26}
  audits:
    - {type: maintenance, date: 2025-11-18, overall: 74, elements: {"1": 90, "3": 48, "9": 40}}
  next_audit: {type: recertification, planned: 2027-01-12}
"""
PAGES = {
    "index.md": page("Home"),
    "01-policy.md": page(
        "Policy",
        ["policy.statement", "policy.signed"],
        owner="President",
        body=answers("policy.statement", "policy.signed"),
    ),
    "09-incidents.md": page(
        "Incidents", ["incident.reporting"], owner="Safety Coordinator", body=answers("incident.reporting")
    ),
}


def plan_of(repo: Path, manual_yml: str, pages: dict[str, str] = PAGES, on: dt.date = ON) -> action_plan.Plan:
    write_manual(repo, manual_yml=manual_yml, pages=pages)
    day, _ = load_audit_day(repo, "tiny", on)
    coverage = compute(day.manual, day.partner, day.program, day.library.topics, audit=day.audit())
    return action_plan.make_plan(coverage, day.readiness(), day.library.topics, day.on)


def with_history(block: str = HISTORY) -> str:
    return MANUAL_YML.replace("  program: COR\n", "  program: COR\n" + block)


def test_elements_under_the_threshold_at_the_last_audit_come_first_lowest_first(repo):
    plan = plan_of(repo, with_history())
    assert plan.threshold == 50 and plan.weak == {"3": 48, "9": 40}
    elements = [a.element.id if a.element else None for a in plan.actions]
    first_other = next(i for i, e in enumerate(elements) if e not in ("9", "3"))
    assert elements[:first_other] == sorted(elements[:first_other], key=lambda e: e != "9")  # 9 (40%) then 3 (48%)
    assert set(elements[first_other:]).isdisjoint({"9", "3"})
    top = plan.actions[0]
    assert (top.priority, top.source, top.what) == (
        Priority.URGENT,
        "audit",
        "Raise 9 Investigations: 40% at the maintenance audit of 2025-11-18, under the 50% "
        "a recertification audit needs",
    )
    # The gaps in the manual of a weak element are high priority and follow its audit action.
    assert [a.source for a in plan.actions if a.element and a.element.id == "9"][:2] == ["audit", "coverage"]
    assert all(
        a.priority is Priority.HIGH
        for a in plan.actions
        if a.source == "coverage" and a.element and a.element.id in ("9", "3")
    )


def test_owners_come_from_the_pages_and_due_dates_fall_before_the_audit(repo):
    plan = plan_of(repo, with_history())
    incidents = next(a for a in plan.actions if a.source == "coverage" and a.element and a.element.id == "9")
    assert incidents.owner == "Safety Coordinator"  # owns the page that answers part of element 9
    policy = next(a for a in plan.actions if a.source == "coverage" and a.element and a.element.id == "1")
    assert policy.owner == "President"
    assert all(a.due <= dt.date(2026, 12, 29) for a in plan.actions if a.source in ("coverage", "audit"))
    assert all(a.due >= ON for a in plan.actions)


def test_without_an_audit_the_plan_orders_by_priority_and_due_date(repo):
    plan = plan_of(repo, MANUAL_YML)
    assert plan.weak == {}
    keys = [(a.priority, a.due) for a in plan.actions]
    assert keys == sorted(keys)
    assert any(a.what == "Plan the certification audit (next_audit: in manual.yml)" for a in plan.actions)
    assert any(a.what.startswith("Start a records log") for a in plan.actions)


def test_a_planned_audit_that_passed_without_a_result_is_urgent(repo):
    plan = plan_of(repo, with_history().replace("planned: 2027-01-12", "planned: 2026-11-20"), on=dt.date(2026, 12, 1))
    assert any(
        a.priority is Priority.URGENT and a.what.startswith("Record the result of the recertification audit")
        for a in plan.actions
    )


def test_csv_cells_never_start_a_formula_and_markdown_shows_markup_as_text(repo):
    hostile = "=cmd|' /C calc'!A0"
    pages = {
        **PAGES,
        "09-incidents.md": page(
            "Incidents", ["incident.reporting"], owner=f'"{hostile}"', body=answers("incident.reporting")
        ),
        "01-policy.md": page(
            "Policy", ["policy.statement"], owner='"<b>Boss</b> *now*"', body=answers("policy.statement")
        ),
    }
    plan = plan_of(repo, with_history(), pages)
    text = action_plan.as_csv(plan)
    assert text.startswith("\ufeffnumber,priority,action")
    cells = [c for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) for c in row]
    assert "'" + hostile in cells and not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    md = action_plan.as_markdown(plan)
    assert "<b>" not in md and "&lt;b&gt;Boss&lt;/b&gt; &#42;now&#42;" in md

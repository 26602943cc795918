"""fact_checks: the committee or representative Alberta law asks for at the company's size, a
committee with both sides, terms of reference that exist, and page owners that are real roles."""

from __future__ import annotations

import pytest

from conftest import MANUAL_YML, page, write_manual
from hsms_manuals.fact_checks import check_facts
from hsms_manuals.located import Where
from hsms_manuals.manual import load_manual

COMMITTEE = (
    "committee:\n  members:\n    - {name: Sam Lee, represents: workers}\n    - {name: Pat Doe, represents: employer}\n"
)
ROLES = "responsibilities:\n  - role: Owner\n    duties: [Sign the policy]\n"


def facts(repo, yml: str, pages: dict[str, str] | None = None) -> list[str]:
    write_manual(repo, manual_yml=yml, pages=pages)
    manual, problems = load_manual(repo, "tiny")
    assert problems == [] and manual is not None, problems
    return [str(p) for p in check_facts(Where(repo, manual), manual)]


def test_the_tiny_manual_has_the_committee_the_law_asks_for(repo):
    assert facts(repo, MANUAL_YML) == []


def test_twenty_workers_without_a_committee(repo):
    yml = MANUAL_YML.replace(COMMITTEE, "").replace("employees: 24", "employees: 20")
    assert facts(repo, yml) == [
        "manuals/tiny/manual.yml:4: committee: an employer in AB with 20 workers must have a joint health and safety "
        "committee (20 or more workers) — add committee: with its members ({name: ..., represents: workers} and "
        "{name: ..., represents: employer}) or terms_of_reference: page.md#heading-id"
    ]


@pytest.mark.parametrize(("workers", "expected"), [(4, 0), (5, 1), (19, 1)])
def test_a_representative_from_five_workers(repo, workers, expected):
    yml = MANUAL_YML.replace(COMMITTEE, "").replace("employees: 24", f"employees: {workers}")
    got = facts(repo, yml)
    assert len(got) == expected
    if expected:
        assert got[0] == (
            f"manuals/tiny/manual.yml:4: representative: an employer in AB with {workers} workers must "
            "have a health and safety representative (5 to 19 workers) — add representative: "
            '{name: ..., phone: "..."} (or a committee:)'
        )
        yml += 'representative: {name: Jo Ray, phone: "403-555-0199"}\n'
        assert facts(repo, yml) == []


def test_a_committee_needs_both_sides(repo):
    yml = MANUAL_YML.replace("represents: employer", "represents: workers")
    got = facts(repo, yml)
    assert len(got) == 1
    line = next(n for n, t in enumerate(yml.splitlines(), 1) if t.startswith("  members:"))
    assert got[0].startswith(
        f"manuals/tiny/manual.yml:{line}: committee.members: a joint committee has members for "
        "the workers and for the employer (none for the employer) — "
    )


def test_terms_of_reference_must_name_an_approved_heading(repo):
    yml = MANUAL_YML.replace(COMMITTEE, "committee:\n  terms_of_reference: c.md#terms\n")
    line = len(MANUAL_YML.replace(COMMITTEE, "").splitlines()) + 2
    assert facts(repo, yml) == [
        f"manuals/tiny/manual.yml:{line}: committee.terms_of_reference: no page 'c.md' in "
        "docs/ — name an approved page of this manual, e.g. 09-committee.md#terms-of-reference"
    ]
    pages = {"index.md": page("Home"), "c.md": page("C", status="draft", body="## Terms { #terms }\n\nText.\n")}
    assert facts(repo, yml, pages)[0].endswith(
        "c.md is a draft — approve it (status: approved) or point at an approved page"
    )
    pages["c.md"] = page("C", body="## Rules { #rules }\n\n## Meetings\n\nText.\n")
    assert facts(repo, yml, pages)[0].endswith("no heading '#terms' on c.md — headings there: #rules, #meetings")
    pages["c.md"] = page("C", body="## Terms { #terms }\n\nText.\n")
    assert facts(repo, yml, pages) == []


def test_page_owners_must_be_roles(repo):
    pages = {"index.md": page("Home"), "a.md": page("A", owner="boss <b>"), "b.md": page("B", owner="OWNER")}
    assert facts(repo, MANUAL_YML + ROLES, pages) == [
        "manuals/tiny/docs/a.md:5: owner: 'boss <b>' is not a role in manual.yml's responsibilities — use one of: "
        "Owner (or add the role to responsibilities)"
    ]  # case does not matter


def test_without_responsibilities_owners_are_not_checked(repo):
    assert facts(repo, MANUAL_YML, {"index.md": page("Home", owner="Anyone")}) == []

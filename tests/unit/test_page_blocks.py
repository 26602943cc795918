"""Markdown blocks pages include: the legislation table comes from the register, by province and size."""

from __future__ import annotations

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.errors import UsageError
from hsms_manuals.page_blocks import emergency_contacts, emergency_page, legislation_refs
from hsms_manuals.state import load_state

# Sections that answer their topics (enough words, every point an auditor looks for).
ALONE = (
    "## Check-ins\n\nBefore anyone works alone, the supervisor assesses the hazards of the job. While you work "
    "alone, check in by phone or radio every 2 hours with your supervisor. If you miss a check-in and nobody can "
    "reach you, the supervisor goes to your site right away and follows the emergency plan. Nobody does "
    "high-risk work alone, and every lone worker carries a charged phone and a first aid kit.\n"
)
COMMITTEE = (
    "## Members\n\nThe committee has four members. Two worker members are elected by the workers every two "
    "years, and two members are named by the employer. The terms of reference set out the committee's "
    "duties, how often it meets and how it answers recommendations. The member list is posted.\n"
)


def state_of(repo, employees: int = 24, province: str = "AB", na: str = "", pages: dict[str, str] | None = None):
    yml = MANUAL_YML.replace("employees: 24", f"employees: {employees}").replace(
        "province: AB", f'province: "{province}"'
    )
    program = "COR" if employees >= 2 else "SECOR"
    write_manual(
        repo,
        manual_yml=yml.replace("program: COR", f"program: {program}") + na,
        pages=pages
        or {
            "index.md": INDEX_MD,
            "02-alone.md": page("Working Alone", "\n  control.working_alone: check-ins", body=ALONE),
            "03-committee.md": page("Committee", "\n  committee.structure: members", body=COMMITTEE),
        },
    )
    return load_state(repo, "tiny")


def rows(markdown: str) -> dict[str, str]:
    """Law cell → the rest of the row."""
    out = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith(("| Law ", "|---")):
            cells = [c.strip() for c in line.strip("|").split("|")]
            out[cells[0]] = " | ".join(cells[1:])
    return out


def test_rows_for_a_24_worker_alberta_company(repo):
    table = rows(legislation_refs(state_of(repo, 24), "05-law.md"))
    assert table["OHS Code Part 28"].endswith("| [Working Alone › Check-ins](02-alone.md#check-ins)")
    assert table["OHS Act s.13"].endswith("| [Committee › Members](03-committee.md#members)")  # committee at 20+
    assert "OHS Act s.14" not in table  # no representative row
    assert table["OHS Code Part 27"].endswith("| **Not yet answered**")
    assert table["OHS Act s.33 †"].endswith("| **Not yet answered**")  # not verified: marked


def test_rows_follow_the_company_size(repo):
    table = rows(legislation_refs(state_of(repo, 8), "05-law.md"))
    assert table["OHS Act s.14"].endswith("| [Committee › Members](03-committee.md#members)")
    assert "OHS Act s.13" not in table and "OHS Act Part 2" not in table  # no program under 20


def test_not_applicable_reason_is_shown(repo):
    na = "not_applicable:\n  control.working_alone: Nobody works alone; crews are at least two.\n"
    pages = {
        "index.md": INDEX_MD,
        "03-committee.md": page("Committee", "\n  committee.structure: members", body=COMMITTEE),
    }
    table = rows(legislation_refs(state_of(repo, 24, na=na, pages=pages), "05-law.md"))
    assert table["OHS Code Part 28"].endswith("| Not applicable: Nobody works alone; crews are at least two.")


def test_the_law_named_is_listed_and_the_summaries_are_ours(repo):
    md = legislation_refs(state_of(repo, 24), "sub/05-law.md")
    assert (
        "The law named above: *Occupational Health and Safety Act* (SA 2020 c O-2.2, in force since 2021-12-01); "
        "*Occupational Health and Safety Code* (Alta Reg 191/2021)."
    ) in md
    assert "The summaries are our own plain words, not the text of the law. † Not yet checked" in md
    assert "[Working Alone › Check-ins](../02-alone.md#check-ins)" in md  # relative to the page
    assert "2017" not in md


def test_a_province_without_a_register_is_a_clear_error(repo):
    acsa = repo / "partners" / "acsa.yml"  # a partner that would certify in Ontario
    acsa.write_text(
        acsa.read_text(encoding="utf-8").replace("province: AB\n", 'province: AB\nprovinces: [AB, "ON"]\n', 1),
        encoding="utf-8",
    )
    with pytest.raises(UsageError) as exc:
        legislation_refs(state_of(repo, 24, province="ON"), "05-law.md")
    assert str(exc.value) == (
        "legislation_refs(): the legislation register has no ON law — add "
        "partners/legislation/on.yml (it has: AB, BC, MB, SK)"
    )


def test_emergency_macros_speak_the_page_language_and_keep_the_manuals_values(repo):
    state = state_of(repo)
    assert emergency_page(state, "en") == '<span class="hsms-emergency-page">the home page</span>'
    # after "sont à la": the PDF prints "page 3" there, the site "page d’accueil"
    assert emergency_page(state, "fr") == '<span class="hsms-emergency-page">page d’accueil</span>'
    fr = emergency_contacts(state, "fr")
    assert "Point de rassemblement" in fr and "Front gate" in fr and "Muster point" not in fr
    assert "Muster point" in emergency_contacts(state, "en")

"""Cross-reference checks: every problem, with its exact file:line, reported at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.cli import main
from hsms_manuals.validate import validate

PARTNERS = "ab-ohs, acsa, bccsa, esc"


def problems(root: Path) -> list[str]:
    return [str(p) for p in validate(root)[2]]


def with_manual(repo: Path, replace: dict[str, str] | None = None, append: str = "", pages=None) -> list[str]:
    text = MANUAL_YML
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    write_manual(repo, manual_yml=text + append, pages=pages)
    return problems(repo)


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line containing ``fragment``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.fixture(autouse=True)
def _pinned_today(today):
    today("2027-01-15")


def test_a_good_manual_has_no_problems(repo):
    assert with_manual(repo) == []


def test_unknown_partner(repo):
    assert with_manual(repo, {"partner: acsa": "partner: nope"}) == [
        f"manuals/tiny/manual.yml:6: certification.partner: unknown partner 'nope' — use one of: {PARTNERS} "
        "(see `hsms partners`)"
    ]


def test_a_path_is_no_partner_id(repo):
    """'../partners/acsa' named a file that exists, and the problem blamed acsa.yml."""
    got = with_manual(repo, {"partner: acsa": "partner: ../partners/acsa"})
    assert got == [
        f"manuals/tiny/manual.yml:6: certification.partner: unknown partner '../partners/acsa' — use one of: "
        f"{PARTNERS} (see `hsms partners`)"
    ]


def test_unknown_program(repo):
    assert with_manual(repo, {"program: COR": "program: BIG"}) == [
        "manuals/tiny/manual.yml:7: certification.program: ACSA has no program 'BIG' — use one of: SECOR, COR"
    ]


def test_secor_at_eleven_employees_does_not_fit(repo):
    assert with_manual(repo, {"employees: 24": "employees: 11", "program: COR": "program: SECOR"}) == [
        "manuals/tiny/manual.yml:7: certification.program: SECOR is for 1 to fewer than 11 employees, "
        "the company has 11 — use COR"
    ]


@pytest.mark.parametrize("employees, program", [(10, "SECOR"), (10, "COR"), (11, "COR"), (3, "null"), (8, "COR")])
def test_programs_that_fit(repo, employees, program):
    assert with_manual(repo, {"employees: 24": f"employees: {employees}", "program: COR": f"program: {program}"}) == []


def test_cor_for_a_one_person_company_suggests_secor(repo):
    # ACSA's COR is open to any company with more than 1 employee (an 8-employee COR validates).
    assert with_manual(repo, {"employees: 24": "employees: 1"}) == [
        "manuals/tiny/manual.yml:7: certification.program: COR is for 2 or more employees, the company has 1 — use SECOR"
    ]


def test_fte_partner_without_fte(repo):
    assert with_manual(
        repo, {"partner: acsa": "partner: bccsa", "  program: COR\n": "", "province: AB": "province: BC"}
    ) == [
        "manuals/tiny/manual.yml:1: company.fte: BCCSA sizes programs by FTE but company.fte is missing "
        "— add company.fte: annual payroll hours ÷ 2080"
    ]


@pytest.mark.parametrize("fte, program, ok", [(19.99, "SMALL", True), (20, "LARGE", True), (20, "SMALL", False)])
def test_fte_partner_with_fte(repo, fte, program, ok):
    found = with_manual(
        repo,
        {
            "partner: acsa": "partner: bccsa",
            "employees: 24": f"employees: 24\n  fte: {fte}",
            "program: COR": f"program: {program}",
            "province: AB": "province: BC",
        },
    )
    assert found == (
        []
        if ok
        else [
            "manuals/tiny/manual.yml:8: certification.program: SMALL is for 0 to fewer than 20 FTE, the company has 20 "
            "— use LARGE"
        ]
    )


def test_unknown_and_duplicate_topic_in_page_covers(repo):
    text = (
        "---\ntitle: Policy\ncovers:\n  - policy.statement\n  - policy.nope\n  - policy.statement\n"
        "status: approved\nowner: Owner\n---\n\nBody.\n"
    )
    assert with_manual(repo, pages={"index.md": INDEX_MD, "01-policy.md": text}) == [
        "manuals/tiny/docs/01-policy.md:5: covers.1: unknown topic 'policy.nope' — use a topic id from partners/topics.yml",
        "manuals/tiny/docs/01-policy.md:6: covers.2: topic 'policy.statement' listed twice — remove the duplicate",
    ]


def test_topic_problems_in_a_nested_draft_page(repo):
    # Drafts are checked too, and pages in sub-folders are found.
    assert with_manual(repo, pages={"index.md": INDEX_MD, "forms/f1.md": page("Form 1", ["forms.nope"], "draft")}) == [
        "manuals/tiny/docs/forms/f1.md:3: covers.0: unknown topic 'forms.nope' — use a topic id from partners/topics.yml"
    ]


@pytest.mark.parametrize("value", ['""', "", "'   '"])
def test_not_applicable_without_reason(repo, value):
    assert with_manual(repo, append=f"not_applicable:\n  control.fall_protection: {value}\n") == [
        "manuals/tiny/manual.yml:29: not_applicable.control.fall_protection: not applicable without a reason "
        "— say in plain words why this does not apply to the company"
    ]


def test_not_applicable_for_unknown_topic(repo):
    assert with_manual(repo, append="not_applicable:\n  control.ppe: Office only.\n  control.nope: Never.\n") == [
        "manuals/tiny/manual.yml:30: not_applicable.control.nope: unknown topic 'control.nope' "
        "— use a topic id from partners/topics.yml"
    ]


def test_not_applicable_but_covered(repo):
    pages = {
        "index.md": INDEX_MD,
        "a.md": page("A", ["control.ppe"]),
        "b.md": page("B", ["control.ppe"]),
        "c.md": page("C", ["control.ppe"], "draft"),
    }
    assert with_manual(repo, append="not_applicable:\n  control.ppe: Office only.\n", pages=pages) == [
        "manuals/tiny/manual.yml:29: not_applicable.control.ppe: marked not applicable but claimed by a.md, b.md "
        "— remove it from not_applicable or from the page's covers"
    ]


def test_overdue_review(repo, today):
    write_manual(repo)
    today("2027-09-01")  # effective 2026-09-01 + 12 months: due today, not overdue
    assert problems(repo) == []
    today("2027-09-02")
    assert problems(repo) == [
        "manuals/tiny/manual.yml:11: document.effective: review overdue since 2027-09-01 "
        "(effective 2026-09-01 + 12 months) — review the manual, raise document.revision and set a new "
        "document.effective date"
    ]


def test_review_months_moves_the_due_date(repo, today):
    today("2027-03-02")
    assert with_manual(repo, append="") == []
    found = with_manual(repo, {"  approved_by:": "  review_months: 6\n  approved_by:"})
    assert found == [
        "manuals/tiny/manual.yml:11: document.effective: review overdue since 2027-03-01 "
        "(effective 2026-09-01 + 6 months) — review the manual, raise document.revision and set a new "
        "document.effective date"
    ]


def test_duplicate_page_titles(repo):
    pages = {
        "index.md": INDEX_MD,
        "a.md": page("Hazards"),
        "b.md": page("Hazards"),
        "c.md": page("Hazards", status="draft"),
    }
    assert with_manual(repo, pages=pages) == [
        "manuals/tiny/docs/b.md:2: title: same title as a.md — give every page its own title so readers can tell them apart"
    ]


def test_duplicate_forms_and_sites(repo):
    append = "forms:\n  - {id: F-01, title: A, use: B}\n  - {id: F-01, title: C, use: D}\n"
    assert with_manual(repo, append=append) == [
        "manuals/tiny/manual.yml:30: forms.1: duplicate entry 'F-01' — give every entry its own name"
    ]


def test_inactive_partner(repo):
    acsa = repo / "partners" / "acsa.yml"
    text = acsa.read_text(encoding="utf-8").replace("active_to: null", "active_to: 2026-12-31")
    acsa.write_text(text, encoding="utf-8")
    assert with_manual(repo) == [
        "manuals/tiny/manual.yml:6: certification.partner: ACSA is not an active certifying partner on 2027-01-15 "
        "— choose an active partner (see `hsms partners`)"
    ]


def test_todo_values_from_hsms_new(repo, capsys):
    write_manual(repo)
    assert (
        main(["--root", str(repo), "new", "acme", "--company", "Acme Ltd.", "--partner", "acsa", "--employees", "12"])
        == 0
    )
    found = [p for p in problems(repo) if "not filled in yet" in p]
    text = (repo / "manuals/acme/manual.yml").read_text(encoding="utf-8")
    assert (
        f"manuals/acme/manual.yml:{line_of(text, 'industry:')}: company.industry: not filled in yet "
        "(TODO: what the company does, e.g. residential framing and finishing) — replace it with the company's "
        "real information" in found
    )
    phone = line_of(text, "phone: 000-000-0000")
    assert (
        f"manuals/acme/manual.yml:{phone}: emergency.report_incident.phone: not filled in yet (000-000-0000) "
        "— replace it with the company's real information" in found
    )
    values = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    assert len(found) == values.count("TODO:") + values.count("000-000-0000") == 15


# --- partner maps ----------------------------------------------------------------------------


def _edit_partner(repo: Path, name: str, old: str, new: str, count: int = 1) -> str:
    path = repo / "partners" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, count)
    path.write_text(text, encoding="utf-8")
    return text


def test_partner_unknown_topic_and_duplicate_question_id(repo):
    original = (repo / "partners" / "esc.yml").read_text(encoding="utf-8")
    topic_line, dup_line = line_of(original, "topics: [policy.statement"), line_of(original, '- id: "A.2"')
    _edit_partner(repo, "esc.yml", "topics: [policy.statement", "topics: [policy.nope")
    _edit_partner(repo, "esc.yml", '- id: "A.2"', '- id: "A.1"')
    assert with_manual(repo) == [
        f"partners/esc.yml:{topic_line}: elements.0.questions.0.criteria.0.topics.0: unknown topic 'policy.nope' "
        "— use a topic id from partners/topics.yml or add the topic there",
        f"partners/esc.yml:{dup_line}: elements.0.questions.1.id: duplicate question id 'A.1' "
        "— give every question its own id",
    ]


def test_partner_file_name_must_match_id(repo):
    (repo / "partners" / "acsa.yml").rename(repo / "partners" / "acsa-2023.yml")
    text = (repo / "partners" / "acsa-2023.yml").read_text(encoding="utf-8")
    found = with_manual(repo)
    assert found == [
        "manuals/tiny/manual.yml:6: certification.partner: unknown partner 'acsa' — use one of: ab-ohs, bccsa, esc "
        "(see `hsms partners`)",
        f"partners/acsa-2023.yml:{line_of(text, 'id: acsa')}: id: id 'acsa' does not match the file name "
        "'acsa-2023.yml' — rename the file to acsa.yml or set id: acsa-2023",
    ]


def test_partner_schema_problem_has_its_line(repo):
    text = _edit_partner(repo, "bccsa.yml", "overall: 80", "overall: lots")
    write_manual(repo)
    assert (
        f"partners/bccsa.yml:{line_of(text, 'overall: lots')}: pass_rules.overall: must be of number type "
        "— write a number value" in problems(repo)
    )


# --- everything at once -----------------------------------------------------------------------

BROKEN_YML = (
    MANUAL_YML.replace("employees: 24", "employees: 11").replace("program: COR", "program: SECOR")
    + """\
not_applicable:
  control.nope: Never.
  control.ppe: ""
  policy.statement: We have no policy.
"""
)


def test_every_problem_of_a_manual_is_reported_at_once(repo, capsys, today):
    today("2028-01-01")
    covers = "covers:\n  - policy.statement\n  - policy.nope\n  - policy.statement\n"
    write_manual(
        repo,
        manual_yml=BROKEN_YML,
        pages={
            "index.md": INDEX_MD,
            "01-policy.md": f"---\ntitle: Home\n{covers}status: approved\nowner: Owner\n---\n",
            "02-bad.md": "---\ntitle: Bad\nstatus: maybe\nowner: Owner\n---\n",
        },
    )
    write_manual(repo, "second", manual_yml=MANUAL_YML.replace("partner: acsa", "partner: nope"))
    assert main(["--root", str(repo), "validate"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "manuals/second/manual.yml:6: certification.partner: unknown partner 'nope' — use one of: "
        f"{PARTNERS} (see `hsms partners`)",
        "manuals/second/manual.yml:11: document.effective: review overdue since 2027-09-01 (effective 2026-09-01 "
        "+ 12 months) — review the manual, raise document.revision and set a new document.effective date",
        "manuals/tiny/docs/01-policy.md:2: title: same title as index.md — give every "
        "page its own title so readers can tell them apart",
        "manuals/tiny/docs/01-policy.md:5: covers.1: unknown topic 'policy.nope' — use a topic id from partners/topics.yml",
        "manuals/tiny/docs/01-policy.md:6: covers.2: topic 'policy.statement' listed twice — remove the duplicate",
        "manuals/tiny/docs/02-bad.md:3: status: unallowed value maybe — use one of: draft, approved",
        "manuals/tiny/manual.yml:7: certification.program: SECOR is for 1 to fewer than 11 employees, the company "
        "has 11 — use COR",
        "manuals/tiny/manual.yml:11: document.effective: review overdue since 2027-09-01 (effective 2026-09-01 "
        "+ 12 months) — review the manual, raise document.revision and set a new document.effective date",
        "manuals/tiny/manual.yml:29: not_applicable.control.nope: unknown topic 'control.nope' — use a topic id "
        "from partners/topics.yml",
        "manuals/tiny/manual.yml:30: not_applicable.control.ppe: not applicable without a reason — say in plain "
        "words why this does not apply to the company",
        "manuals/tiny/manual.yml:31: not_applicable.policy.statement: marked not applicable but claimed by "
        "01-policy.md — remove it from not_applicable or from the page's covers",
        "11 problem(s) found; nothing is published until they are fixed.",
    ]


def test_validate_only_the_named_manuals(repo, capsys):
    write_manual(repo)
    write_manual(repo, "broken", manual_yml=MANUAL_YML.replace("partner: acsa", "partner: nope"))
    assert main(["--root", str(repo), "validate", "tiny"]) == 0
    assert capsys.readouterr().out == "ok: 1 manual(s), 1 page(s), 4 partner map(s) checked\n"
    assert main(["--root", str(repo), "validate", "tiny", "broken"]) == 1


def test_a_site_url_that_is_not_a_plain_web_address_is_refused(repo):
    got = with_manual(repo, append="site_url: 'https://manuals.example.ca/r/\"><script>alert(1)</script>'\n")
    assert len(got) == 1 and got[0].startswith("manuals/tiny/manual.yml:28: site_url: value does not match regex")
    assert got[0].endswith("— write the manual's web address, e.g. https://manuals.example.ca/ridgeline-builders/")


def test_a_plain_site_url_is_fine(repo):
    assert with_manual(repo, append="site_url: https://manuals.example.ca/tiny/\n") == []


def test_names_the_build_writes_itself_are_reserved(repo):
    got = with_manual(
        repo,
        replace={'revision: "1"': "revision: current"},
        pages={"index.md": INDEX_MD, "audit/index.md": page("Mine", []), "changes.md": page("Changes", [])},
    )
    assert got == [
        "manuals/tiny/docs/audit/index.md:2: audit/index.md is a name the build writes itself (the audit guide, "
        "the PDF, search or the 'What changed' page) — rename or move the page",
        "manuals/tiny/docs/changes.md:2: changes.md is a name the build writes itself (the audit guide, "
        "the PDF, search or the 'What changed' page) — rename or move the page",
        "manuals/tiny/manual.yml:10: document.revision: 'current' is reserved for the published manual's own files "
        '— use a number or a date, e.g. revision: "5"',
    ]


def test_question_ids_that_share_an_anchor_are_refused(repo):
    acsa = repo / "partners" / "acsa.yml"
    acsa.write_text(acsa.read_text().replace('id: "1.2"', 'id: "1-1"', 1))
    write_manual(repo)
    got = problems(repo)
    assert any(
        p.startswith("partners/acsa.yml:")
        and "question id '1-1' is the same as '1.1' once written as a web address — give every question its own id" in p
        for p in got
    ), got


# --- scoring styles in partner maps -------------------------------------------------------------

ESC_A1 = """      - id: "A.1"
        text: The written policy meets the partner's policy criteria (commitment, goals, signed and dated by current senior management, reviewed).
        evidence: [documentation]
        points: 8
        topics: [policy.statement, policy.signed, policy.reviewed]
"""


def _plain_a1(repo: Path) -> None:
    """The shipped A.1 is scored by criteria: start these tests from a plain (proportional) A.1."""
    path = repo / "partners" / "esc.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index('      - id: "A.1"\n'), text.index('      - id: "A.2"\n')
    path.write_text(text[:start] + ESC_A1 + text[end:], encoding="utf-8")


def test_criteria_scoring_is_read_with_its_derived_topics(repo):
    from hsms_manuals.library import load_library
    from hsms_manuals.model import Criterion, Scoring

    _plain_a1(repo)
    _edit_partner(
        repo,
        "esc.yml",
        ESC_A1,
        ESC_A1.replace(
            "        topics: [policy.statement, policy.signed, policy.reviewed]\n",
            "        scoring: criteria\n        criteria:\n"
            "          - {text: Signed and dated by senior management, topics: [policy.signed]}\n"
            "          - {text: States the commitment and reviewed, topics: [policy.statement, policy.reviewed, policy.signed]}\n",
        ),
    )
    assert with_manual(repo) == []
    a1 = load_library(repo)[0].partners["esc"].elements[0].questions[0]
    assert a1.scoring is Scoring.CRITERIA
    assert a1.topics == ("policy.signed", "policy.statement", "policy.reviewed")
    assert a1.criteria[0] == Criterion("Signed and dated by senior management", ("policy.signed",))


def test_scoring_and_criteria_must_agree(repo):
    _plain_a1(repo)
    text = _edit_partner(
        repo,
        "esc.yml",
        ESC_A1,
        ESC_A1.replace(
            "        points: 8\n",
            "        points: 8\n        scoring: criteria\n"
            "        criteria:\n          - {text: Signed, topics: [policy.nope]}\n",
        ),
    )
    text = _edit_partner(
        repo,
        "esc.yml",
        'id: "A.2"\n',
        'id: "A.2"\n        scoring: all_or_nothing\n        criteria: [{text: Posted, topics: [policy.posted]}]\n',
    )
    text = _edit_partner(repo, "esc.yml", 'id: "A.3"\n', 'id: "A.3"\n        scoring: criteria\n')
    got = [p for p in with_manual(repo) if p.startswith("partners/")]

    def at(fragment, after=0):
        return next(i for i, line in enumerate(text.splitlines(), 1) if i > after and fragment in line)

    a1, a3 = at('id: "A.1"'), at('id: "A.3"')
    assert got == [
        f"partners/esc.yml:{at('{text: Signed, topics: [policy.nope]}')}: elements.0.questions.0.criteria.0.topics.0: "
        "unknown topic 'policy.nope' — use a topic id from partners/topics.yml or add the topic there",
        f"partners/esc.yml:{at('topics: [policy.statement, policy.signed', a1)}: elements.0.questions.0.topics: "
        "with scoring: criteria the topics come from the criteria — remove 'topics:' (or put its topics into the criteria)",
        f"partners/esc.yml:{at('criteria: [{text: Posted')}: elements.0.questions.1.criteria: criteria are only used "
        "with scoring: criteria (this question is all_or_nothing) — add 'scoring: criteria' or remove 'criteria:'",
        f"partners/esc.yml:{at('scoring: criteria', a3)}: elements.0.questions.2.scoring: scoring: criteria "
        "needs a 'criteria:' list — list each criterion as {text: ..., topics: [...]}, or use scoring: proportional",
    ]


def test_unknown_scoring_style(repo):
    text = _edit_partner(repo, "esc.yml", 'id: "A.5"\n', 'id: "A.5"\n        scoring: sometimes\n')
    assert with_manual(repo)[0] == (
        f"partners/esc.yml:{line_of(text, 'scoring: sometimes')}: elements.0.questions.4."
        "scoring: unallowed value sometimes — use one of: proportional, all_or_nothing, criteria"
    )


# --- the law a page cites -------------------------------------------------------------------

LAW_PAGE = """\
---
title: Working Alone
covers: [control.working_alone]
status: {status}
owner: Owner
---

Alberta *OHS Code* Part 28 applies to us.
We follow the WorkSafeBC OHS Regulation
for crews in BC, and OHS Act s.37 lists our program elements.
"""


def test_a_page_citing_another_province_or_the_2017_act_is_flagged(repo):
    found = with_manual(repo, pages={"index.md": INDEX_MD, "05-alone.md": LAW_PAGE.format(status="approved")})
    assert found == [
        "manuals/tiny/docs/05-alone.md:9: cites British Columbia law ('WorkSafeBC OHS Regulation'), but the company "
        "is in Alberta — cite Alberta law: see legislation_refs()",
        "manuals/tiny/docs/05-alone.md:10: cites the repealed Occupational Health and Safety Act (2017) ('OHS Act s.37') "
        "as law; it was repealed on 2021-12-01 — cite the Occupational Health and Safety Act (SA 2020 c O-2.2) in force "
        "now: see legislation_refs()",
    ]


def test_a_bc_company_may_not_cite_alberta_law(repo):
    found = with_manual(
        repo,
        {"province: AB": "province: BC", "partner: acsa": "partner: esc"},  # ESC certifies in BC
        pages={"index.md": INDEX_MD, "05-alone.md": LAW_PAGE.format(status="approved")},
    )
    assert found == [
        "manuals/tiny/docs/05-alone.md:8: cites Alberta law ('OHS Code'), but the company is in British Columbia "
        "— cite British Columbia law: see legislation_refs()",
        "manuals/tiny/docs/05-alone.md:10: cites Alberta law ('OHS Act s.37'), but the company is in British Columbia "
        "— cite British Columbia law: see legislation_refs()",
    ]


def test_drafts_are_not_checked_for_law_until_approved(repo):
    assert with_manual(repo, pages={"index.md": INDEX_MD, "05-alone.md": LAW_PAGE.format(status="draft")}) == []


# --- files of docs/: the allowlist and publish_files ------------------------------------------

NOT_PUBLISHED = (
    "files are not published (only images and forms: .png .jpg .jpeg .gif .webp .svg .pdf .docx "
    ".xlsx) — remove it from docs/ (keep private notes outside the manual), or list it under "
    "publish_files: in manual.yml to publish it"
)


def test_private_files_in_docs_are_problems_naming_the_file(repo):
    assert with_manual(
        repo,
        pages={
            "index.md": INDEX_MD,
            "internal-notes.txt": "pay rates",
            "forms/contacts.csv": "a,b",
            "LICENSE": "x",
            ".notes/private.txt": "never published, never reported",
        },
    ) == [
        f"manuals/tiny/docs/LICENSE: extension-less {NOT_PUBLISHED}",
        f"manuals/tiny/docs/forms/contacts.csv: .csv {NOT_PUBLISHED}",
        f"manuals/tiny/docs/internal-notes.txt: .txt {NOT_PUBLISHED}",
    ]


def test_listed_files_are_published_whatever_links_to_them(repo):
    from hsms_manuals.manual import load_manual

    pages = {
        "index.md": INDEX_MD + "\n![Map](img/map.png)\n[Form](forms/f.docx)\n",
        "img/map.png": "png",
        "img/old.png": "png",
        "forms/f.docx": "docx",
        "forms/contacts.csv": "a,b",
        "draft.md": page("Draft", status="draft", body="![x](img/draft-only.png)"),
        "img/draft-only.png": "png",
    }
    assert with_manual(repo, append="publish_files: [forms/contacts.csv]\n", pages=pages) == []
    manual = load_manual(repo, "tiny")[0]
    assert manual.published_files == ("forms/contacts.csv", "forms/f.docx", "img/map.png")
    from hsms_manuals.validate import unpublished_files

    assert [str(p) for p in unpublished_files(repo, manual)] == [
        "manuals/tiny/docs/img/old.png: no page links to it, so it is not published — link it from a page, list it "
        "under publish_files: in manual.yml, or remove it"
    ]


def test_publish_files_entries_must_be_real_files_and_no_active_content(repo):
    assert with_manual(
        repo,
        append="publish_files:\n  - forms/missing.csv\n  - evil.html\n  - index.md\n  - a.csv\n  - a.csv\n",
        pages={"index.md": INDEX_MD, "evil.html": "<script>", "a.csv": "x"},
    ) == [
        "manuals/tiny/manual.yml:29: publish_files.0: 'forms/missing.csv' is not a file of docs/ — write the path "
        "relative to docs/, e.g. forms/contacts.csv, or remove the entry",
        "manuals/tiny/manual.yml:30: publish_files.1: 'evil.html' cannot be listed: .html files run or restyle in the "
        "reader's browser and are never published — remove the entry",
        "manuals/tiny/manual.yml:31: publish_files.2: 'index.md' cannot be listed: pages are published by their "
        "status, not by publish_files — remove the entry",
        "manuals/tiny/manual.yml:33: publish_files.4: 'a.csv' is listed twice — remove the duplicate",
    ]


def test_a_published_file_in_a_folder_the_build_writes_is_a_problem(repo):
    assert with_manual(repo, pages={"index.md": INDEX_MD + "\n[f](pdf/form.pdf)\n", "pdf/form.pdf": "x"}) == [
        "manuals/tiny/docs/pdf/form.pdf: pdf/form.pdf is in a folder the build writes itself (the audit guide, the "
        "PDF, search) — move it to another folder and update the links"
    ]


# --- provinces ---------------------------------------------------------------------------------


def test_only_real_province_codes(repo):
    assert with_manual(repo, {"province: AB": "province: ZZ"}) == [
        "manuals/tiny/manual.yml:3: company.province: unallowed value ZZ — use the two-letter code of a province or "
        "territory: AB BC MB NB NL NS NT NU ON PE QC SK YT"
    ]


def test_the_partner_must_certify_in_the_companys_province(repo):
    assert with_manual(repo, {"province: AB": "province: BC"}) == [
        "manuals/tiny/manual.yml:3: company.province: ACSA certifies in AB, not in BC — choose a partner that "
        "certifies in the company's province (see `hsms partners`), or correct company.province"
    ]
    # Energy Safety Canada certifies in AB, BC and SK.
    assert with_manual(repo, {"province: AB": "province: SK", "partner: acsa": "partner: esc"}) == []
    assert with_manual(repo, {"province: AB": "province: MB", "partner: acsa": "partner: esc"}) == [
        "manuals/tiny/manual.yml:3: company.province: ESC certifies in AB, BC, SK, not in MB — choose a partner that "
        "certifies in the company's province (see `hsms partners`), or correct company.province"
    ]


def test_a_partner_must_certify_in_its_own_province(repo):
    path = repo / "partners" / "esc.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("provinces: [AB, BC, SK]", "provinces: [BC, QQ]"), encoding="utf-8"
    )
    found = with_manual(repo)
    assert (
        "partners/esc.yml:14: provinces.1: unallowed value QQ — use one of: AB, BC, MB, NB, NL, NS, NT, NU, ON, PE, QC, SK, YT"
        in found
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace("provinces: [BC, QQ]", "provinces: [BC, SK]"), encoding="utf-8"
    )
    assert (
        "partners/esc.yml:14: provinces: the partner's own province AB is not among the provinces it certifies in — add AB to provinces, or correct province"
        in with_manual(repo)
    )


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "replace, expected",
    [
        (
            {"employees: 24": "employees: 1000000000000000000000000000000"},
            "manuals/tiny/manual.yml:4: company.employees: max value is 100000 — write the peak number of workers incl. "
            "management (1 to 100000), e.g. 24",
        ),
        (
            {"employees: 24": "employees: " + "9" * 5000},
            "manuals/tiny/manual.yml:4: a number of 5000 characters is too long — write a number of at most 100 digits, "
            "or put text in quotes",
        ),
        (
            {"employees: 24": "employees: 24\n  fte: .inf"},
            "manuals/tiny/manual.yml:5: '.inf' is not a finite number — write an ordinary number such as 14.5, or put text "
            "in quotes",
        ),
        (
            {"employees: 24": "employees: 24\n  fte: .NaN"},
            "manuals/tiny/manual.yml:5: '.NaN' is not a finite number — write an ordinary number such as 14.5, or put text "
            "in quotes",
        ),
        (
            {"employees: 24": "employees: 24\n  fte: 1.0e+999"},
            "manuals/tiny/manual.yml:5: '1.0e+999' is not a finite number — write an ordinary number such as 14.5, or put "
            "text in quotes",
        ),
        (
            {"employees: 24": "employees: 24\n  fte: 0"},
            "manuals/tiny/manual.yml:5: company.fte: must be more than 0 — write annual payroll hours ÷ 2080 (more than 0, "
            "at most 100000), e.g. 14.5",
        ),
        (
            {"employees: 24": "employees: 24\n  fte: 100000.5"},
            "manuals/tiny/manual.yml:5: company.fte: max value is 100000 — write annual payroll hours ÷ 2080 (more than 0, "
            "at most 100000), e.g. 14.5",
        ),
    ],
)
def test_numbers_have_sane_bounds(repo, replace, expected):
    assert with_manual(repo, replace) == [expected]


def test_a_huge_number_in_a_page_is_located(repo):
    assert with_manual(
        repo, pages={"index.md": INDEX_MD, "p.md": page("P").replace("owner:", f"weight: {'1' * 4301}\nowner:")}
    ) == [
        "manuals/tiny/docs/p.md:5: a number of 4301 characters is too long — write a number of at most 100 digits, "
        "or put text in quotes"
    ]


# --- claims: sections that exist, and whole-page claims only on short pages ---------------------

POLICY_BODY = """## Our promise

We keep everyone safe.

## Signed and dated

Signed by Pat Doe, Owner, on June 1, 2026.

## Signed and dated

A second heading with the same words.
"""


def policy_page(covers: str, body: str = POLICY_BODY) -> str:
    return f"---\ntitle: Policy\n{covers}status: approved\nowner: Owner\n---\n\n{body}"


def test_claimed_headings_must_exist_on_the_page(repo):
    covers = (
        "covers:\n  policy.statement: our-promise\n  policy.signed: [signed-and-dated, yearly-review]\n"
        "  policy.reviewed: signed-and-dated_1\n"
    )
    assert with_manual(repo, pages={"index.md": INDEX_MD, "01-policy.md": policy_page(covers)}) == [
        "manuals/tiny/docs/01-policy.md:5: covers.policy.signed: no heading '#yearly-review' on this page "
        "— headings here: #our-promise, #signed-and-dated, #signed-and-dated_1"
    ]


def test_a_page_without_headings_says_so(repo):
    text = policy_page("covers:\n  policy.statement: our-promise\n", body="We keep everyone safe.\n")
    assert with_manual(repo, pages={"index.md": INDEX_MD, "01-policy.md": text}) == [
        "manuals/tiny/docs/01-policy.md:4: covers.policy.statement: no heading '#our-promise' on this page "
        "— this page has no headings: put a heading (## Title) above the text that answers it"
    ]


@pytest.mark.parametrize(
    "value, problem",
    [
        (
            "#signed-and-dated",
            "no heading id — write the id of the heading that answers it, without '#' (in YAML an "
            "unquoted ' #' starts a comment, so '#id' reads as nothing)",
        ),
        (
            "",
            "no heading id — write the id of the heading that answers it, without '#' (in YAML an "
            "unquoted ' #' starts a comment, so '#id' reads as nothing)",
        ),
        ("'#signed-and-dated'", "'#signed-and-dated': write heading ids without '#' — write signed-and-dated"),
        ("Signed and dated", "'Signed and dated' is a heading title, not its id — write its id: signed-and-dated"),
        (
            "[signed/dated]",
            "'signed/dated' cannot be a heading id here — use letters, digits, '-', '_', '.' or ':' "
            "(set it on the heading as ## Title { #the-id })",
        ),
        ("{a: b}", "{'a': 'b'} is not a heading id — write the heading id as text, e.g. before-you-work-alone"),
    ],
)
def test_heading_ids_as_written_in_yaml(repo, value, problem):
    text = policy_page(f"covers:\n  policy.statement: our-promise\n  policy.signed: {value}\n")
    assert with_manual(repo, pages={"index.md": INDEX_MD, "01-policy.md": text}) == [
        f"manuals/tiny/docs/01-policy.md:5: covers.policy.signed: {problem}"
    ]


def test_covers_must_be_a_list_or_a_mapping(repo):
    text = policy_page("covers: policy.statement\n")
    assert with_manual(repo, pages={"index.md": INDEX_MD, "01-policy.md": text}) == [
        "manuals/tiny/docs/01-policy.md:3: covers: must be a list or a mapping (field: value lines) — write covers as "
        "'topic.id: heading-id' lines (or a list of topic ids on a short page)"
    ]


def test_a_whole_page_claim_on_a_long_page_asks_for_the_section(repo):
    long_body = POLICY_BODY + "\n" + " ".join(["word"] * 400) + "\n"
    text = policy_page("covers: [policy.statement, policy.reviewed]\n", long_body)
    short = policy_page("covers: [policy.statement, policy.reviewed]\n").replace("Policy", "Short policy", 1)
    assert with_manual(repo, pages={"index.md": INDEX_MD, "01-policy.md": text, "02-short.md": short}) == [
        "manuals/tiny/docs/01-policy.md:3: covers: this page has 428 words: name the section that answers each topic "
        "— write covers as topic: heading-id"
    ]


def test_the_section_answering_policy_signed_names_the_signer(repo):
    text = policy_page("covers:\n  policy.statement: our-promise\n  policy.signed: our-promise\n")
    variable = policy_page(
        "covers:\n  policy.signed: our-promise\n",
        POLICY_BODY.replace("We keep", "{{ document.approved_by.name }} and we keep"),
    )
    assert with_manual(
        repo,
        pages={
            "index.md": INDEX_MD,
            "01-policy.md": text,
            "02-p.md": variable.replace("title: Policy", "title: Other"),
        },
    ) == [
        "manuals/tiny/docs/01-policy.md:5: covers.policy.signed: the text that answers it does not name the signer, "
        "Pat Doe (document.approved_by in manual.yml) — write {{ document.approved_by.name }}, "
        "{{ document.approved_by.title }} in it"
    ]
    text = policy_page("covers:\n  policy.signed: signed-and-dated\n")
    assert with_manual(repo, pages={"index.md": INDEX_MD, "01-policy.md": text}) == []


# --- facts that are data ----------------------------------------------------------------------------


def test_every_site_has_a_hospital_and_a_phone(repo):
    text = MANUAL_YML.replace('      hospital: Red Deer Regional Hospital Centre\n      phone: "403-555-0102"\n', "")
    write_manual(repo, manual_yml=text)
    line = line_of(text, "- name: Shop")
    assert problems(repo) == [
        f"manuals/tiny/manual.yml:{line}: emergency.sites.0.hospital: required field — add 'hospital:' with the "
        "nearest hospital or medical centre and its address, so an injured worker is taken to the right place",
        f"manuals/tiny/manual.yml:{line}: emergency.sites.0.phone: required field — add 'phone:' with the number "
        'that reaches this site (site office, trailer or the lead\'s cell), in quotes, e.g. phone: "403-555-0150"',
    ]


NO_COMMITTEE = MANUAL_YML[: MANUAL_YML.index("committee:")]
COMMITTEE_NEEDED = (
    "manuals/tiny/manual.yml:4: committee: an employer in AB with {n} workers must have a joint health "
    "and safety committee (20 or more workers) — add committee: with its members ({{name: ..., "
    "represents: workers}} and {{name: ..., represents: employer}}) or terms_of_reference: "
    "page.md#heading-id"
)
REPRESENTATIVE_NEEDED = (
    "manuals/tiny/manual.yml:4: representative: an employer in AB with {n} workers must have a "
    "health and safety representative (5 to 19 workers) — add representative: {{name: ..., "
    'phone: "..."}} (or a committee:)'
)


@pytest.mark.parametrize(
    "employees, expected",
    [
        (4, []),
        (5, [REPRESENTATIVE_NEEDED]),
        (19, [REPRESENTATIVE_NEEDED]),
        (20, [COMMITTEE_NEEDED]),
    ],
)
def test_alberta_committee_or_representative_by_size(repo, employees, expected):
    text = NO_COMMITTEE.replace("employees: 24", f"employees: {employees}").replace("program: COR", "program: null")
    assert with_manual(repo, replace={MANUAL_YML: text}) == [e.format(n=employees) for e in expected]


def test_a_representative_or_a_committee_is_enough_below_20(repo):
    small = NO_COMMITTEE.replace("employees: 24", "employees: 12").replace("program: COR", "program: null")
    assert (
        with_manual(repo, replace={MANUAL_YML: small + 'representative: {name: Sam Lee, phone: "403-555-0110"}\n'})
        == []
    )
    write_manual(
        repo, manual_yml=MANUAL_YML.replace("employees: 24", "employees: 12").replace("program: COR", "program: null")
    )
    assert problems(repo) == []


def test_other_provinces_are_not_held_to_alberta_sizes(repo):
    text = NO_COMMITTEE.replace("province: AB", "province: SK")
    assert not [p for p in with_manual(repo, replace={MANUAL_YML: text}) if "committee" in p or "representative" in p]


def test_a_committee_needs_both_sides_or_its_terms_of_reference(repo):
    one_sided = (
        NO_COMMITTEE + "committee:\n  members:\n    - {name: Sam Lee, represents: workers}\n"
        "    - {name: Kim Roy, represents: workers}\n"
    )
    assert with_manual(repo, replace={MANUAL_YML: one_sided}) == [
        f"manuals/tiny/manual.yml:{line_of(one_sided, '  members:')}: committee.members: a joint committee has members "
        "for the workers and for the employer (none for the employer) — list its members as {name: ..., represents: "
        "workers} and {name: ..., represents: employer}, or give terms_of_reference: page.md#heading-id"
    ]


def test_terms_of_reference_point_at_an_approved_section(repo):
    committee = "## Terms of reference\n\nThe committee meets monthly.\n"
    pages = {
        "index.md": INDEX_MD,
        "09-committee.md": "---\ntitle: Committee\ncovers: []\nstatus: approved\nowner: Owner\n---\n\n" + committee,
        "10-draft.md": "---\ntitle: Draft\ncovers: []\nstatus: draft\nowner: Owner\n---\n\n" + committee,
    }
    for ref, expected in [
        ("09-committee.md#terms-of-reference", None),
        ("09-committee.md#members", "no heading '#members' on 09-committee.md — headings there: #terms-of-reference"),
        (
            "10-draft.md#terms-of-reference",
            "10-draft.md is a draft — approve it (status: approved) or point at an approved page",
        ),
        (
            "11-nope.md#x",
            "no page '11-nope.md' in docs/ — name an approved page of this manual, e.g. "
            "09-committee.md#terms-of-reference",
        ),
    ]:
        text = NO_COMMITTEE + f"committee:\n  terms_of_reference: {ref}\n"
        got = with_manual(repo, replace={MANUAL_YML: text}, pages=pages)
        line = line_of(text, "terms_of_reference")
        assert got == (
            [] if expected is None else [f"manuals/tiny/manual.yml:{line}: committee.terms_of_reference: {expected}"]
        ), ref
        shutil.rmtree(repo / "manuals" / "tiny")


def test_page_owners_are_roles_from_responsibilities(repo):
    roles = (
        "responsibilities:\n  - role: Owner\n    duties: [Sign the policy]\n  - role: Safety Coordinator\n"
        "    duties: [Keep the records]\n"
    )
    pages = {
        "index.md": INDEX_MD,
        "a.md": page("A", owner="safety coordinator"),
        "b.md": page("B", owner="Safety Officer"),
    }
    assert with_manual(repo, append=roles, pages=pages) == [
        "manuals/tiny/docs/b.md:5: owner: 'Safety Officer' is not a role in manual.yml's responsibilities "
        "— use one of: Owner, Safety Coordinator (or add the role to responsibilities)"
    ]


# --- did you mean, and one pass over every stage (issue 12) ---------------------------------


def test_did_you_mean_for_topics_partners_and_programs(repo):
    pages = {"index.md": INDEX_MD, "01-alone.md": page("Alone", ["control.workng_alone"])}
    assert with_manual(
        repo,
        replace={"partner: acsa": "partner: acas", "program: COR": "program: COR"},
        append="not_applicable:\n  control.fall_protecton: We work at ground level.\n",
        pages=pages,
    ) == [
        "manuals/tiny/docs/01-alone.md:3: covers.0: unknown topic 'control.workng_alone' — did you mean "
        "control.working_alone?",
        "manuals/tiny/manual.yml:6: certification.partner: unknown partner 'acas' — did you mean acsa?",
        "manuals/tiny/manual.yml:29: not_applicable.control.fall_protecton: unknown topic 'control.fall_protecton' "
        "— did you mean control.fall_protection?",
    ]
    (repo / "manuals/tiny/docs/01-alone.md").unlink()
    assert with_manual(repo, replace={"program: COR": "program: SECR"}) == [
        "manuals/tiny/manual.yml:7: certification.program: ACSA has no program 'SECR' — did you mean SECOR?"
    ]


def test_did_you_mean_for_a_manual_id(repo, capsys):
    write_manual(repo, "ridgeline-builders")
    assert main(["--root", str(repo), "validate", "ridgline-builders"]) == 2
    assert capsys.readouterr().err == "error: unknown manual 'ridgline-builders' — did you mean ridgeline-builders?\n"


def test_a_broken_manual_yml_does_not_hide_page_problems(repo):
    pages = {
        "index.md": INDEX_MD,
        "01-a.md": page("A", body="Hello {{ compny.name }}.\n"),
        "02-b.md": "---\ntitle: B\nstatus: maybe\nowner: Owner\n---\n\nText.\n",
    }
    found = with_manual(repo, replace={"employees: 24": "employees: many"}, pages=pages)
    assert (
        found[0]
        == "manuals/tiny/docs/01-a.md:8: jinja: 'compny' is not allowed here — only these are allowed: "
        + found[0].split("only these are allowed: ", 1)[1]
    )
    assert found[1:] == [
        "manuals/tiny/docs/02-b.md:3: status: unallowed value maybe — use one of: draft, approved",
        "manuals/tiny/manual.yml:4: company.employees: must be of integer type — write the peak number of workers "
        "incl. management (1 to 100000), e.g. 24",
    ]

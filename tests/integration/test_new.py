"""`hsms new` from the starter library: each starter validates with only the expected TODO
problems, lints clean, names no other client, and is chosen by province and industry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT
from hsms_manuals.cli import main
from hsms_manuals.lint import lint_manual
from hsms_manuals.manual import load_manual
from hsms_manuals.starter_library import load_starters
from hsms_manuals.validate import validate

CASES = [  # partner, industry, starter chosen
    ("acsa", None, "ab-construction"),
    ("esc", None, "ab-oil-gas"),
    ("bccsa", None, "bc-construction"),
    ("ab-ohs", None, "ab-construction"),
    ("ab-ohs", "oil-and-gas", "ab-oil-gas"),
    ("acsa", "oil-and-gas", "ab-oil-gas"),
]


def new(
    root: Path, mid: str, *extra: str, company: str = "Acme Framing Ltd.", partner: str = "acsa", employees: str = "12"
) -> int:
    return main(
        ["--root", str(root), "new", mid, "--company", company, "--partner", partner, "--employees", employees, *extra]
    )


@pytest.mark.parametrize("partner, industry, starter", CASES)
def test_the_starter_is_chosen_by_province_and_industry(repo, capsys, partner, industry, starter):
    assert new(repo, "acme", *(["--industry", industry] if industry else []), partner=partner) == 0
    assert f"from the {starter} starter" in capsys.readouterr().out
    assert f"\nstarter:\n  id: {starter}\n" in (repo / "manuals/acme/manual.yml").read_text()


@pytest.mark.parametrize("starter", sorted(load_starters()))
def test_a_new_manual_has_only_the_expected_todo_problems_and_lints_clean(repo, starter):
    partner = {"ab-construction": "acsa", "ab-oil-gas": "esc", "bc-construction": "bccsa"}[starter]
    assert new(repo, "acme", "--starter", starter, partner=partner, employees="25") == 0
    _, manuals, problems = validate(repo)
    kinds = {(p.file, p.field, p.problem.split(" (")[0]) for p in problems}
    assert kinds == {
        (
            "manuals/acme/docs/index.md",
            "status",
            "the home page is a draft: the site would have no home page and no emergency numbers",
        )
    } | {("manuals/acme/manual.yml", p.field, "not filled in yet") for p in problems if p.file.endswith("manual.yml")}
    todo = {p.field for p in problems if p.file.endswith("manual.yml")}
    assert {
        "document.approved_by.name",
        "emergency.report_incident.phone",
        "emergency.sites.0.muster_point",
        "emergency.sites.0.first_aid.0.name",
    } <= todo
    manual = manuals["acme"]
    assert lint_manual(repo, manual) == []  # grade 8 or lower, short sentences, no vague wording
    assert len(manual.pages) >= 15 and all(not p.approved for p in manual.pages)


@pytest.mark.parametrize(
    "starter, partner", [("ab-construction", "acsa"), ("ab-oil-gas", "esc"), ("bc-construction", "bccsa")]
)
def test_approved_starter_pages_answer_every_question_once_approved(repo, capsys, starter, partner):
    """Filled in and approved, a starter answers the partner's documentation questions: every
    claim points at a section with substance (the consultant's work is to make each page true
    for the company, not to write it from nothing)."""
    assert new(repo, "acme", "--starter", starter, partner=partner, employees="25") == 0
    mroot = repo / "manuals/acme"

    def fill(node):
        if isinstance(node, dict):
            return {k: fill(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fill(v) for v in node]
        if node == "000-000-0000":
            return "403-555-0100"
        return "Filled in by the consultant" if isinstance(node, str) and node.startswith("TODO") else node

    data = fill(yaml.safe_load((mroot / "manual.yml").read_text()))
    (mroot / "manual.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    for page in (mroot / "docs").glob("*.md"):
        page.write_text(page.read_text().replace("status: draft", "status: approved", 1))
    capsys.readouterr()
    assert main(["--root", str(repo), "validate", "acme"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    main(["--root", str(repo), "coverage", "acme", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["overall"] == 100.0 and data["passes"] is True


def test_a_new_manual_names_no_other_client(repo):
    shipped = PROJECT / "manuals"
    names = set()
    for mid in ("ridgeline-builders", "northfork-wellsite"):
        m, _ = load_manual(PROJECT, mid)
        assert m is not None
        names |= {m.company.name, m.company.name.split()[0], m.document.approved_by.name}
        names |= {f.label for s in m.emergency.sites for f in s.first_aid}
        names |= {s.name for s in m.emergency.sites}
    assert shipped.is_dir() and len(names) > 6
    for starter, partner in (("ab-construction", "acsa"), ("ab-oil-gas", "esc"), ("bc-construction", "bccsa")):
        assert new(repo, starter, "--starter", starter, partner=partner) == 0
        text = "\n".join(p.read_text() for p in (repo / "manuals" / starter).rglob("*") if p.is_file())
        assert "Acme Framing Ltd." in text  # the company's own name, and no one else's
        assert [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)] == []


@pytest.mark.parametrize("company", ["Acme \\1 Ltd", "Acme \\g<0> Ltd", "C:\\new Ltd", "O'Brien & Sons {{ x }}"])
def test_the_company_name_is_kept_as_typed(repo, company):
    assert new(repo, "acme", company=company) == 0
    m, problems = load_manual(repo, "acme")
    assert m is not None and m.company.name == company
    assert company not in (repo / "manuals/acme/docs/01-policy.md").read_text()  # pages use {{ company.name }}


def test_list_starters(repo, capsys):
    assert main(["--root", str(repo), "new", "--list-starters"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "ab-construction  Alberta construction (AB; construction) — for clients of acsa, ab-ohs"
    )
    assert [line.split()[0] for line in out.splitlines() if not line.startswith(" ")] == [
        "ab-construction",
        "ab-oil-gas",
        "bc-construction",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--starter", "bc-construction"],
            "error: starter bc-construction is written for BC law, but the company is in "
            "AB — choose a starter for AB (`hsms new --list-starters`)",
        ),
        (["--starter", "ab-constrution"], "error: unknown starter 'ab-constrution' — did you mean ab-construction?"),
    ],
)
def test_new_refuses_a_starter_that_does_not_fit(repo, capsys, args, message):
    assert new(repo, "acme", *args) == 2
    assert capsys.readouterr().err == message + "\n"
    assert not (repo / "manuals" / "acme").exists()


def test_new_without_its_arguments_is_a_usage_error(repo, capsys):
    assert main(["--root", str(repo), "new", "acme"]) == 2
    assert capsys.readouterr().err.startswith("error: hsms new needs --company, --partner, --employees — e.g. ")

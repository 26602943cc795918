"""The `hsms` command: exact output lines and exit codes, in-process and through the real entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, PROJECT, run_hsms, write_manual
from hsms_manuals.cli import main
from hsms_manuals.errors import UsageError
from hsms_manuals.languages import split_suffix

HSMS = Path(sys.executable).with_name("hsms")
SHIPPED = ("ridgeline-builders", "northfork-wellsite")


def run(capsys, *args: str, root: Path = PROJECT) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def hsms(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The installed console script itself (for what does not depend on the date)."""
    return subprocess.run(
        [str(HSMS), *args], cwd=cwd, capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})}
    )


@pytest.fixture
def starter_repo(repo: Path) -> Path:
    """A repository with the shipped ridgeline-builders manual to start new manuals from."""
    shutil.copytree(PROJECT / "manuals" / "ridgeline-builders", repo / "manuals" / "ridgeline-builders")
    return repo


# --- validate ----------------------------------------------------------------------------------


def test_validate_shipped_manuals_ok(capsys):
    manuals = sorted((PROJECT / "manuals").glob("*/manual.yml"))
    files = [f for m in manuals for f in (m.parent / "docs").rglob("*.md")]
    translated = sum(1 for f in files if split_suffix(f.name))  # PAGE.<lang>.md
    partners = len(list((PROJECT / "partners").glob("*.yml"))) - 1  # topics.yml is not a partner
    assert translated == 6
    assert run(capsys, "validate") == (
        0,
        f"ok: {len(manuals)} manual(s), {len(files) - translated} page(s) and {translated} translated page(s), "
        f"{partners} partner map(s) checked\n",
        "",
    )


def test_validate_ok_exact(repo, capsys):
    write_manual(repo)
    assert run(capsys, "validate", root=repo) == (0, "ok: 1 manual(s), 1 page(s), 4 partner map(s) checked\n", "")


def test_validate_failure(repo, capsys):
    write_manual(repo, manual_yml=MANUAL_YML.replace("employees: 24", "employees: many"))
    assert run(capsys, "validate", root=repo) == (
        1,
        "",
        (
            "manuals/tiny/manual.yml:4: company.employees: must be of integer type — write the peak number of workers "
            "incl. management (1 to 100000), e.g. 24\n"
            "1 problem(s) found; nothing is published until they are fixed.\n"
        ),
    )


@pytest.mark.parametrize("verb", [["validate", "nope"], ["coverage", "nope"]])
def test_unknown_manual(repo, capsys, verb):
    write_manual(repo)
    name = verb[1]
    assert run(capsys, *verb, root=repo) == (
        2,
        "",
        (f"error: unknown manual '{name}' — expected manuals/{name}/manual.yml; manuals here: tiny\n"),
    )


@pytest.mark.parametrize("name", ["../partners", "Tiny", "my manual", "a_b"])
def test_a_manual_id_must_be_a_plain_name(repo, capsys, name):
    write_manual(repo)
    assert run(capsys, "build", name, root=repo) == (
        2,
        "",
        (
            f"error: '{name}' is not a manual id — manual ids are lowercase letters, digits and '-' "
            "(at most 63 characters), e.g. ridgeline-builders\n"
        ),
    )


def test_unknown_manual_in_the_shipped_repo_lists_the_manuals(capsys):
    code, out, err = run(capsys, "coverage", "nope")
    assert (code, out) == (2, "")
    assert err.startswith("error: unknown manual 'nope' — expected manuals/nope/manual.yml; manuals here: ")
    assert all(m in err for m in SHIPPED) and err.count("\n") == 1


def test_no_manuals_yet(repo, capsys):
    assert run(capsys, "coverage", "x", root=repo) == (
        2,
        "",
        (
            "error: unknown manual 'x' — expected manuals/x/manual.yml; manuals here: (none yet: create one with "
            "`hsms new`)\n"
        ),
    )
    code, out, err = run(capsys, "validate", root=repo)
    assert (code, out) == (2, "")
    assert err == f"error: no manuals found under {repo.resolve() / 'manuals'} — create one with `hsms new`\n"


# --- coverage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "manual, partner, program", [("ridgeline-builders", "acsa", "COR"), ("northfork-wellsite", "esc", "SECOR")]
)
def test_coverage_json_of_shipped_manuals(capsys, manual, partner, program):
    code, out, err = run(capsys, "coverage", manual, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert {"manual", "company", "revision", "partner", "program", "overall", "passes", "elements"} <= set(data)
    assert (data["manual"], data["partner"], data["program"]) == (manual, partner, program)
    assert data["overall"] == 100.0 and data["passes"] is True
    assert data["company"] and data["revision"]
    for e in data["elements"]:
        assert {"id", "title", "percent", "questions"} <= set(e)
        assert e["percent"] in (100.0, None)
        for q in e["questions"]:
            assert {"id", "status", "answered_in", "reasons", "scoring", "criteria_met"} <= set(q)
            assert q["status"] in ("answered", "not_applicable", "field_evidence")
            if q["status"] == "answered":
                assert q["answered_in"] and q["reasons"] == []
                for place in q["answered_in"]:  # section-level claims in the shipped manuals
                    assert place["page"].endswith(".md") and place["section"] and place["title"]
    assert data["gaps"] == []


@pytest.mark.parametrize("manual", SHIPPED)
def test_coverage_text_of_shipped_manuals(capsys, manual):
    code, out, err = run(capsys, "coverage", manual)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[2] == "Pass rule: at least 80% overall, every element at least 50%"
    assert "Documentation readiness: 100.0% — PASSES (at least 80% overall, every element at least 50%)" in lines
    assert lines[-1].endswith(
        "question(s) need field evidence (interview/observation): not manual gaps, prepare for them."
    )


def test_coverage_text_header_ridgeline(capsys):
    out = run(capsys, "coverage", "ridgeline-builders")[1].splitlines()
    assert out[:2] == [
        "Ridgeline Builders Ltd. — ridgeline-builders, revision 4 (effective 2026-09-01)",
        "ACSA COR Audit Instrument 2023 — program COR (external audit)",
    ]
    assert out[3] == "Audit: recertification, from manual.yml next_audit (planned 2027-01-12)"
    assert out[5] == "  1 Management Commitment                                100.0%  ok"
    assert out[6] == "      1.1     answered 01-policy.md#our-policy"


def test_coverage_markdown(capsys):
    code, out, err = run(capsys, "coverage", "northfork-wellsite", "--format", "markdown")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "## Coverage: Northfork Wellsite Services Inc. — ESC SECOR"
    assert (
        "**Documentation readiness: 100.0% — passes** (at least 80% overall, every element at least 50%) for a "
        "certification audit."
    ) in lines
    assert "| A Management, Leadership & Organizational Commitment | 100.0% | ok |" in lines
    assert "Every documentation question is answered." in lines
    assert "| Question | Status | Answered in / note |" in lines
    assert (
        "| A.3 Safety responsibilities are written for every level from senior management to workers. | Answered "
        "| `02-responsibilities-and-rights.md#who-does-what` |" in lines
    )


def test_coverage_what_if_fte_partner_needs_fte_or_program(capsys):
    province = (
        "warning: manuals/ridgeline-builders/manual.yml:6: company.province: BCCSA certifies in BC, not in AB "
        "— choose a partner that certifies in the company's province (see `hsms partners`), or correct "
        "company.province\n"
    )
    assert run(capsys, "coverage", "ridgeline-builders", "--partner", "bccsa") == (
        2,
        "",
        province
        + (
            "error: cannot choose a BCCSA program for ridgeline-builders: set company.fte (annual payroll hours ÷ 2080) "
            "or pass --program\n"
        ),
    )
    code, out, err = run(
        capsys, "coverage", "ridgeline-builders", "--partner", "bccsa", "--program", "LARGE", "--format", "json"
    )
    data = json.loads(out)
    assert code == (0 if data["passes"] else 1)
    assert (data["partner"], data["program"], data["manual"]) == ("bccsa", "LARGE", "ridgeline-builders")
    # moving an Alberta manual to a BC partner: the province, and each page that cites Alberta law, are named
    assert err.startswith(province)
    assert err and all(
        line.startswith("warning: manuals/ridgeline-builders/docs/")
        and "cites Alberta law" in line
        and "but BCCSA certifies in British Columbia" in line
        for line in err.splitlines()[1:]
    )
    assert len(data["elements"]) == 14


@pytest.mark.parametrize("manual, program", [("northfork-wellsite", "5-19"), ("ridgeline-builders", "20+")])
def test_shipped_manuals_meet_the_alberta_legal_minimum_for_their_size(capsys, manual, program):
    code, out, err = run(capsys, "coverage", manual, "--partner", "ab-ohs", "--format", "json")
    data = json.loads(out)
    assert (code, err, data["program"], data["overall"], data["passes"]) == (0, "", program, 100.0, True)


def test_coverage_program_option(capsys):
    code, out, _ = run(capsys, "coverage", "ridgeline-builders", "--program", "SECOR")
    assert code == 0 and out.splitlines()[1] == "ACSA COR Audit Instrument 2023 — program SECOR (self-assessment audit)"
    assert run(capsys, "coverage", "ridgeline-builders", "--program", "NOPE") == (
        2,
        "",
        "error: ACSA has no program 'NOPE' — use one of: SECOR, COR\n",
    )


def test_coverage_unknown_partner(capsys):
    assert run(capsys, "coverage", "ridgeline-builders", "--partner", "nope") == (
        2,
        "",
        "error: unknown partner 'nope' — use one of: ab-ohs, acsa, bccsa, esc\n",
    )


def test_coverage_small_program_has_fewer_questions(capsys):
    args = ("coverage", "northfork-wellsite", "--partner", "bccsa", "--format", "json")
    small = json.loads(run(capsys, *args, "--program", "SMALL")[1])
    large = json.loads(run(capsys, *args, "--program", "LARGE")[1])
    count = lambda d: sum(len(e["questions"]) for e in d["elements"])  # noqa: E731
    assert 0 < count(small) < count(large)


def test_coverage_warns_but_measures(repo, capsys, today):
    today("2027-09-02")
    write_manual(repo)
    code, out, err = run(capsys, "coverage", "tiny", root=repo)
    assert code == 1 and "Documentation readiness: 0.0% — DOES NOT PASS" in out
    assert err == (
        "warning: manuals/tiny/manual.yml:11: document.effective: review overdue since 2027-09-01 "
        "(effective 2026-09-01 + 12 months) — review the manual, raise document.revision and set a new "
        "document.effective date\n"
    )


def test_coverage_what_if_another_province_names_the_pages_that_cite_the_old_law(repo, capsys):
    write_manual(
        repo,
        manual_yml=MANUAL_YML.replace("employees: 24", "employees: 24\n  fte: 22"),
        pages={
            "index.md": "---\ntitle: Home\ncovers: []\nstatus: approved\nowner: Owner\n---\n\nWelcome.\n",
            "02-alone.md": "---\ntitle: Alone\ncovers: []\nstatus: approved\nowner: Owner\n---\n\nWe check in.\n"
            "Alberta *OHS Code* Part 28 says so, and the OHS Code Part 2 too.\n",
            "03-draft.md": "---\ntitle: Draft\ncovers: []\nstatus: draft\nowner: Owner\n---\n\nOHS Act.\n",
        },
    )
    code, out, err = run(capsys, "coverage", "tiny", "--partner", "bccsa", root=repo)
    assert code == 1 and out.startswith("Tiny Test Co. — tiny")
    assert err == (
        "warning: manuals/tiny/manual.yml:3: company.province: BCCSA certifies in BC, not in AB — choose a "
        "partner that certifies in the company's province (see `hsms partners`), or correct company.province\n"
        "warning: manuals/tiny/docs/02-alone.md:9: cites Alberta law ('OHS Code'), but BCCSA certifies in "
        "British Columbia — cite British Columbia law there: see legislation_refs()\n"
    )
    code, out, err = run(capsys, "coverage", "tiny", "--partner", "esc", root=repo)  # also Alberta: nothing to say
    assert err == ""
    # a Manitoba company measured against a partner of several other provinces
    yml = (repo / "manuals" / "tiny" / "manual.yml").read_text().replace("province: AB", "province: MB")
    (repo / "manuals" / "tiny" / "manual.yml").write_text(yml)
    (repo / "manuals" / "tiny" / "docs" / "02-alone.md").write_text(
        "---\ntitle: Alone\ncovers: []\nstatus: approved\nowner: Owner\n---\n\nThe WSH Regulation, Part 9.\n"
    )
    code, out, err = run(capsys, "coverage", "tiny", "--partner", "esc", root=repo)
    assert err.splitlines()[-1] == (
        "warning: manuals/tiny/docs/02-alone.md:8: cites Manitoba law ('WSH Regulation'), but ESC certifies in Alberta, "
        "British Columbia and Saskatchewan — cite the law of the province the company is audited in: see legislation_refs()"
    )


def test_coverage_of_a_broken_manual(repo, capsys):
    write_manual(repo, manual_yml=MANUAL_YML.replace("  number: TT-001\n", ""))
    assert run(capsys, "coverage", "tiny", root=repo) == (
        1,
        "",
        (
            "manuals/tiny/manual.yml:8: document.number: required field — add 'number:' (see the formats in README.md)\n"
            "1 problem(s) found; fix them first (`hsms validate` lists them all).\n"
        ),
    )


def test_coverage_refuses_a_broken_map_of_its_partner(repo, capsys):
    write_manual(repo)  # an ACSA manual
    (repo / "partners" / "acsa.yml").write_text("id: [\n", encoding="utf-8")
    code, out, err = run(capsys, "coverage", "tiny", root=repo)
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith("partners/acsa.yml:2: YAML syntax error")
    assert err.splitlines()[-1] == "1 problem(s) found; fix them first (`hsms validate` lists them all)."


def test_coverage_ignores_a_broken_map_of_another_partner(repo, capsys):
    write_manual(repo)  # an ACSA manual; ESC's map is broken
    (repo / "partners" / "esc.yml").write_text("id: [\n", encoding="utf-8")
    code, out, err = run(capsys, "coverage", "tiny", root=repo)
    assert code == 1 and out.startswith("Tiny Test Co. — tiny, revision 1")  # measured (and not passing)
    assert "esc.yml" not in err


# --- partners ----------------------------------------------------------------------------------


def test_partners_text(capsys):
    code, out, err = run(capsys, "partners")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    acsa = next(i for i, line in enumerate(lines) if line.startswith("acsa     ACSA — Alberta Construction Safety"))
    assert lines[acsa + 2] == (
        "         SECOR  Small Employer Certificate of Recognition — 1 to fewer than 11 employees, "
        "self-assessment audit"
    )
    assert lines[acsa + 3] == (
        "                APPROXIMATED: The SECOR audit's own questions are not modelled: this "
        "program scores the COR questions, so it only approximates a SECOR self-assessment. "
        "Check the result against ACSA's current SECOR audit tool."
    )
    assert lines[acsa + 4] == "         COR    Certificate of Recognition — 2 or more employees, external audit"
    assert lines[acsa + 5] == (
        "         pass: at least 80% overall, every element at least 50%; "
        "maintenance: at least 60% overall (Alberta's rule for maintenance audits since 2023)"
    )
    assert any(line.startswith("bccsa    BCCSA — ") for line in lines)


def test_partners_json(capsys):
    code, out, err = run(capsys, "partners", "--format", "json")
    assert (code, err) == (0, "")
    rows = {r["id"]: r for r in json.loads(out)}
    assert set(rows) == {"ab-ohs", "acsa", "bccsa", "esc"}
    assert [p["id"] for p in rows["bccsa"]["programs"]] == ["SMALL", "LARGE"]
    assert rows["bccsa"]["programs"][0]["size_rule"] == "0 to fewer than 20 FTE"
    assert rows["acsa"]["instrument"] == {"name": "COR Audit Instrument", "version": "2023", "effective": "2023-01-01"}
    assert rows["acsa"]["questions"] > 0 and rows["acsa"]["elements"] == 10
    assert rows["esc"]["programs"][0]["approximated"].startswith("Energy Safety Canada audits small employers")
    assert rows["esc"]["programs"][1]["approximated"] is None
    assert rows["esc"]["maintenance_basis"] == "Alberta's rule for maintenance audits since 2023"
    assert [p["id"] for p in rows["ab-ohs"]["programs"]] == ["UNDER-5", "5-19", "20+"]


# --- new ---------------------------------------------------------------------------------------


def _tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_new_then_coverage_then_new_again(starter_repo, capsys):
    root = starter_repo
    code, out, err = run(
        capsys, "new", "acme-co", "--company", "Acme Framing Ltd.", "--partner", "acsa", "--employees", "12", root=root
    )
    assert (code, err) == (0, "")
    assert out == (
        "created manuals/acme-co from the ab-construction starter (Alberta construction (AB; construction)): "
        "every page is a draft (0% coverage).\n"
        "next: fill in the TODOs of manuals/acme-co/manual.yml, adapt each page to how the company really "
        "works, set status: approved, then `hsms validate acme-co` and `hsms coverage acme-co`\n"
    )
    new = root / "manuals" / "acme-co"
    for p in (new / "docs").rglob("*.md"):
        assert "\nstatus: draft\n" in p.read_text(encoding="utf-8"), p
    yml = (new / "manual.yml").read_text(encoding="utf-8")
    assert "TODO:" in yml and "000-000-0000" in yml and "name: Acme Framing Ltd." in yml
    assert "- kind: site-inspection" in yml and not (new / "records").exists()  # the kinds kept, never the log
    assert oct(new.stat().st_mode & 0o777) == oct(0o777 & ~_umask())
    assert not [p for p in (root / "manuals").iterdir() if p.name.startswith(".")]  # no temp folder left

    code, out, err = run(capsys, "coverage", "acme-co", "--format", "json", root=root)
    data = json.loads(out)
    assert code == 1 and data["overall"] == 0.0 and data["passes"] is False and data["program"] == "COR"
    assert err.count("warning: manuals/acme-co/manual.yml:") == 15 and "not filled in yet" in err

    before = _tree(new)
    assert run(capsys, "new", "acme-co", "--company", "Other", "--partner", "esc", "--employees", "3", root=root) == (
        2,
        "",
        "error: manuals/acme-co already exists — hsms new never overwrites; choose another id\n",
    )
    assert _tree(new) == before


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["Bad_Id"],
            "error: manual id 'Bad_Id' must be lowercase letters, digits and '-' (at most 63 characters), "
            "e.g. ridgeline-builders",
        ),
        (
            ["../escape"],
            "error: manual id '../escape' must be lowercase letters, digits and '-' (at most 63 characters), "
            "e.g. ridgeline-builders",
        ),
        (["ok-id", "--partner", "nope"], "error: unknown partner 'nope' — use one of: ab-ohs, acsa, bccsa, esc"),
        (["ok-id", "--employees", "0"], "error: --employees must be between 1 and 100000 (the peak number of workers)"),
        (
            ["ok-id", "--employees", "100001"],
            "error: --employees must be between 1 and 100000 (the peak number of workers)",
        ),
    ],
)
def test_new_refuses(starter_repo, capsys, args, message):
    defaults = {"--company": "Acme", "--partner": "acsa", "--employees": "5"}
    for i in range(1, len(args), 2):
        defaults[args[i]] = args[i + 1]
    argv = ["new", args[0], *[x for kv in defaults.items() for x in kv]]
    before = sorted(p.name for p in (starter_repo / "manuals").iterdir())
    assert run(capsys, *argv, root=starter_repo) == (2, "", message + "\n")
    assert sorted(p.name for p in (starter_repo / "manuals").iterdir()) == before


# --- errors, --debug, argparse -------------------------------------------------------------------


def test_debug_shows_the_traceback(repo):
    write_manual(repo)
    with pytest.raises(UsageError, match="unknown manual 'nope'"):
        main(["--root", str(repo), "--debug", "coverage", "nope"])


def test_unknown_format_is_an_argparse_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(PROJECT), "coverage", "ridgeline-builders", "--format", "xml"])
    assert exc.value.code == 2
    assert "argument --format: invalid choice: 'xml'" in capsys.readouterr().err


def test_the_environment_does_not_move_the_clock(repo, capsys, monkeypatch, today):
    """HSMS_TODAY once pinned the date for every command, publish included: it is gone."""
    write_manual(repo)
    today("2027-09-02")
    monkeypatch.setenv("HSMS_TODAY", "2026-12-01")
    code, _, err = run(capsys, "validate", root=repo)
    assert code == 1 and "review overdue since 2027-09-01" in err


def test_missing_verb_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(PROJECT)])
    assert exc.value.code == 2


# --- the real console script --------------------------------------------------------------------


def test_console_script_validate_shipped(tmp_path):
    r = run_hsms("--root", str(PROJECT), "validate", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout.startswith("ok: ") and "Traceback" not in r.stdout


def test_console_script_finds_the_root_from_a_subfolder(repo):
    write_manual(repo)
    r = run_hsms("validate", cwd=repo / "manuals" / "tiny" / "docs")
    assert (r.returncode, r.stdout, r.stderr) == (0, "ok: 1 manual(s), 1 page(s), 4 partner map(s) checked\n", "")


def test_console_script_user_error_is_one_line(repo):
    write_manual(repo)
    r = hsms("--root", str(repo), "coverage", "nope", cwd=repo)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == "error: unknown manual 'nope' — expected manuals/nope/manual.yml; manuals here: tiny\n"


def test_console_script_validation_failure(repo):
    write_manual(repo, manual_yml=MANUAL_YML.replace("partner: acsa", "partner: nope"))
    r = run_hsms("--root", str(repo), "validate", cwd=repo)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[0].startswith(
        "manuals/tiny/manual.yml:6: certification.partner: unknown partner 'nope'"
    )


def test_console_script_debug_shows_traceback(repo):
    write_manual(repo)
    r = hsms("--root", str(repo), "--debug", "coverage", "nope", cwd=repo)
    assert r.returncode != 0
    assert "Traceback (most recent call last)" in r.stderr and "UsageError: unknown manual 'nope'" in r.stderr


def test_console_script_coverage_json(tmp_path):
    r = run_hsms("--root", str(PROJECT), "coverage", "northfork-wellsite", "--format", "json", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (0, "")
    assert json.loads(r.stdout)["program"] == "SECOR"


def test_new_refuses_a_company_name_on_several_lines(starter_repo, capsys):
    code, out, err = run(
        capsys, "new", "acme", "--company", "Acme\nB: 1", "--partner", "acsa", "--employees", "12", root=starter_repo
    )
    assert (code, err) == (2, "error: --company must be the company's name on one line\n")
    assert not (starter_repo / "manuals" / "acme").exists()


def test_outside_a_repository_says_so(tmp_path, capsys):
    assert run(capsys, "validate", root=tmp_path) == (
        2,
        "",
        (
            f"error: {tmp_path} is not an hsms repository (no partners/topics.yml) — run hsms inside the "
            "repository or name it with --root\n"
        ),
    )


def test_output_piped_into_head_ends_quietly():
    res = subprocess.run(
        f"'{HSMS}' partners | head -1", shell=True, cwd=PROJECT, capture_output=True, text=True, timeout=60
    )
    assert res.stdout.startswith("acsa") and "Traceback" not in res.stderr and "BrokenPipe" not in res.stderr


def test_new_for_a_partner_that_counts_fte_can_be_measured_at_once(starter_repo, capsys):
    code, out, _ = run(
        capsys, "new", "bc1", "--company", "BC Framers", "--partner", "bccsa", "--employees", "12", root=starter_repo
    )
    assert code == 0 and "note: BCCSA sizes programs by FTE: company.fte starts at the head count" in out
    code, out, _ = run(capsys, "coverage", "bc1", root=starter_repo)
    assert code == 1 and "program SMALL" in out  # measured (0%: every page is a draft)


# --- --debug: every verb raises to the one place that catches; --debug shows the traceback -------------

DEBUG_CASES = {  # verb → arguments that fail with a user-facing error
    "validate": ["validate", "nope"],
    "coverage": ["coverage", "nope"],
    "partners": ["partners"],  # with a broken partner map
    "new": ["new", "acme", "--company", "Acme", "--partner", "nope", "--employees", "5"],
    "build": ["build", "tiny", "--no-pdf"],  # with a page whose Jinja fails
    "serve": ["serve", "nope"],
    "publish": ["publish", "tiny"],  # not a git repository
    "versions": ["versions", "tiny"],
    "export": ["export", "out"],
    "records": ["records", "nope"],
    "plan": ["plan", "nope"],
    "audit-pack": ["audit-pack", "nope", "out"],  # refused before anything is written
    "posters": ["posters", "nope"],
    "lint": ["lint", "nope"],
    "changed": ["changed", "--since", "nope"],  # not a git repository
    "ci-templates": ["ci-templates", "no-such-folder"],
    "translate": ["translate", "mark", "tiny", "index.md"],  # not a translated page
    "status": ["status", "nope"],
}


def test_debug_cases_cover_every_verb():
    from hsms_manuals.commands import VERBS

    assert set(DEBUG_CASES) == set(VERBS)


@pytest.mark.parametrize("verb", sorted(DEBUG_CASES))
def test_debug_reraises_for_every_verb(verb, repo, capsys, tmp_path):
    from hsms_manuals.errors import HsmsError
    from sitekit import make_repo, page
    from sitekit import write_manual as write_site_manual

    (tmp_path / "r").mkdir()
    root = make_repo(tmp_path / "r")
    write_site_manual(root, "tiny", pages={"index.md": page("Home", "{{ nope() }}")})
    if verb == "partners":
        (root / "partners" / "acsa.yml").write_text("id: [\n", encoding="utf-8")
    args = ["--root", str(root), *DEBUG_CASES[verb]]
    code = main(args)
    err = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in err and err.strip()
    with pytest.raises(HsmsError):
        main(["--debug", *args])


# --- the gap list ---------------------------------------------------------------------------------

ALONE_PAGE = """---
title: Working Alone
covers:
  control.working_alone: before-you-go
  control.vehicles: [driving]
status: approved
owner: Owner
---

## Before you go

Tell someone where you are going. TODO: finish this part.

## Driving

Check your truck before every trip: tires, lights, brakes, fluids and the first aid kit. Drive to the road
conditions, never use a phone while driving, and wear your seat belt. Plan the trip with the office, say when you
will arrive, and call when you get there. Rest every two hours on long drives.
"""


def gap_repo(repo):
    from sitekit import copy_manual

    copy_manual(repo, "ridgeline-builders")  # the starter library
    write_manual(repo, pages={"index.md": INDEX_MD, "08-alone.md": ALONE_PAGE})
    return repo


def test_coverage_text_lists_what_to_fix(repo, capsys):
    code, out, err = run(capsys, "coverage", "tiny", root=gap_repo(repo))
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert "      6.12    THIN     needs: control.working_alone" in lines
    assert lines[lines.index("What to fix: 72 question(s) not fully answered") + 1] == ""
    block = lines[lines.index("  6.12 Anyone working alone has an assessed hazard and a working check-in system.") :][
        :7
    ]
    assert block == [
        "  6.12 Anyone working alone has an assessed hazard and a working check-in system.",
        "      Claimed but thin · 6 Hazard Control · 5 points",
        "    - Working alone (control.working_alone): Hazard assessment and a check-in system for anyone working "
        "alone or in isolation.",
        "        missing: 10 words (needs 60); still says TODO; missing point: check-in interval; missing point: means "
        "of contact; missing point: who responds; missing point: missed check-in — in 08-alone.md#before-you-go",
        "        law: OHS Code Part 28: When a worker works alone, the employer assesses the hazards and keeps in touch "
        "with the worker by an effective means of communication.",
        "        example: ridgeline-builders: 08-working-alone.md#before-you-work-alone (Working Alone › Before you "
        "work alone)",
        "",
    ]
    assert "  1.1 A written health and safety policy states the company's commitment and goals." in lines
    assert "        missing: no claim" in lines


def test_coverage_markdown_gap_list_pastes_into_a_pull_request(repo, capsys):
    code, out, err = run(capsys, "coverage", "tiny", "--format", "markdown", root=gap_repo(repo))
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert "| 6 Hazard Control | 0.0% | **BELOW MINIMUM** (needs 50%) |" in lines
    assert (
        "17 questions need field evidence (interviews or observation on site): the manual cannot answer them — "
        "prepare people and records for them." in lines
    )
    assert "### What to fix (72 questions)" in lines
    at = lines.index(
        "**6.12** Anyone working alone has an assessed hazard and a working check-in system. — "
        "*Claimed but thin* (6 Hazard Control, 5 points)"
    )
    assert lines[at + 1 : at + 7] == [
        "",
        "- **Working alone**: Hazard assessment and a check-in system for anyone working alone or in isolation.",
        "  - Missing: 10 words (needs 60); still says TODO; missing point: check-in interval; missing point: means of "
        "contact; missing point: who responds; missing point: missed check-in — in `08-alone.md#before-you-go`",
        "  - Law: OHS Code Part 28: When a worker works alone, the employer assesses the hazards and keeps in touch "
        "with the worker by an effective means of communication.",
        "  - Example to adapt: `ridgeline-builders/docs/08-working-alone.md#before-you-work-alone` (Working Alone › "
        "Before you work alone)",
        "",
    ]
    for raw in ("field_evidence", "not_applicable", "| thin |", "| answered |", "| partial |"):  # words, not values
        assert raw not in out
    assert "<details><summary>All questions</summary>" in lines and lines[-1] == "</details>"


def test_coverage_json_reasons_and_gaps(repo, capsys):
    data = json.loads(run(capsys, "coverage", "tiny", "--format", "json", root=gap_repo(repo))[1])
    q = next(q for e in data["elements"] for q in e["questions"] if q["id"] == "6.12")
    assert (q["status"], q["earned"], q["answered_in"], q["missing_topics"]) == (
        "thin",
        0,
        [],
        ["control.working_alone"],
    )
    assert q["reasons"] == [
        "Working alone: thin in 08-alone.md#before-you-go: 10 words (needs 60), still says TODO, "
        "missing point: check-in interval, missing point: means of contact, missing point: who "
        "responds, missing point: missed check-in"
    ]
    gap = next(g for g in data["gaps"] if g["question"] == "6.12")
    assert gap["topics"][0]["example"] == {
        "manual": "ridgeline-builders",
        "page": "08-working-alone.md",
        "section": "before-you-work-alone",
        "title": "Before you work alone",
    }
    assert gap["topics"][0]["claimed_in"] == [
        {"page": "08-alone.md", "section": "before-you-go", "title": "Before you go"}
    ]
    vehicles = next(
        q
        for e in data["elements"]
        for q in e["questions"]
        if "control.vehicles" in q.get("missing_topics", []) or any(p["section"] == "driving" for p in q["answered_in"])
    )
    assert vehicles["answered_in"] == [{"page": "08-alone.md", "section": "driving", "title": "Driving"}]

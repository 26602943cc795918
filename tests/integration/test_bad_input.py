"""A corpus of broken input: every case gives a located `file:line: … — fix` line, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.cli import main

PROBLEM = re.compile(r"^(?:warning: )?[^:\s][^:]*(:\d+)?: .+ — .+$")
SUMMARY = re.compile(r"^\d+ problem\(s\)")
BOM = b"\xef\xbb\xbf"


def yml(old: str, new: str) -> str:
    assert old in MANUAL_YML, old
    return MANUAL_YML.replace(old, new, 1)


def without(line: str) -> str:
    return yml(line, "")


def pages(**named: str | bytes) -> dict[str, str | bytes]:
    return {"index.md": INDEX_MD, **{k.replace("_", "-") + ".md": v for k, v in named.items()}}


M = "manuals/tiny/manual.yml"
IDX = "manuals/tiny/docs/index.md"
P = "manuals/tiny/docs/p.md"

# id: (manual.yml text/bytes or None, pages or None, expected first problem "file:line", message fragment)
CASES = {
    "bad-indentation": (yml("  province: AB", "   province: AB"), None, f"{M}:3", "YAML syntax error"),
    "unclosed-quote": (yml("name: Tiny Test Co.", 'name: "Tiny Test Co.'), None, f"{M}:2", "quote opened on this line"),
    "unclosed-quote-to-eof": (MANUAL_YML + "site_url: 'https://x.ca/\n", None, f"{M}:28", "quote opened on this line"),
    "tab-indent": (yml("  province: AB", "\tprovince: AB"), None, f"{M}:3", "tab character"),
    "employees-text": (yml("employees: 24", 'employees: "many"'), None, f"{M}:4", "company.employees: must be of integer type"),
    "employees-bool": (yml("employees: 24", "employees: yes"), None, f"{M}:4", "company.employees: must be of integer type"),
    "employees-zero": (yml("employees: 24", "employees: 0"), None, f"{M}:4", "min value is 1"),
    "effective-soon": (yml("effective: 2026-09-01", "effective: soon"), None, f"{M}:11", "document.effective: must be of date type"),
    "effective-quoted": (yml("effective: 2026-09-01", 'effective: "2026-09-01"'), None, f"{M}:11", "must be of date type"),
    "impossible-date": (yml("effective: 2026-09-01", "effective: 2026-02-30"), None, f"{M}:11", "impossible date '2026-02-30'"),
    "covers-as-string": (None, pages(p=page("P", "policy.signed")), f"{P}:3", "covers: must be a list or a mapping (field: value lines)"),
    "unknown-field": (MANUAL_YML + "colour: blue\n", None, f"{M}:28", "colour: unknown field"),
    "unknown-nested-field": (yml("  province: AB", "  province: AB\n  provnce: AB"), None, f"{M}:4", "company.provnce: unknown field"),
    "unknown-page-field": (None, pages(p=page("P").replace("owner:", "tags: [a]\nowner:")), f"{P}:5", "tags: unknown field"),
    "missing-number": (without("  number: TT-001\n"), None, f"{M}:8", "document.number: required field"),
    "missing-emergency": (MANUAL_YML.split("emergency:")[0], None, f"{M}:1", "emergency: required field"),
    "missing-page-status": (None, pages(p=page("P").replace("status: approved\n", "")), f"{P}:2", "status: required field"),
    "text-with-colon": (MANUAL_YML + "responsibilities:\n  - role: Worker\n    duties:\n      - Ladders: check them first\n",
                        None, f"{M}:31", "put the text in quotes"),
    "bad-phone": (yml('phone: "403-555-0100"', "phone: call Pat"), None, f"{M}:16", "emergency.report_incident.phone"),
    "bad-province": (yml("province: AB", "province: Alberta"), None, f"{M}:3", "company.province"),
    "bad-status": (None, pages(p=page("P", status="final")), f"{P}:4", "status: unallowed value final"),
    "empty-title": (None, pages(p=page("P").replace("title: P", "title:")), f"{P}:2", "title: null value not allowed"),
    "missing-manual-yml": (None, None, M, "file not found"),
    "missing-docs": ("NO-DOCS", None, "manuals/tiny", "no docs/ folder"),
    "missing-index": (MANUAL_YML, {"a.md": page("A")}, "manuals/tiny/docs", "no home page"),
    "no-front-matter": (None, pages(p="# Just a heading\n\nText.\n"), f"{P}:1", "no front matter"),
    "unclosed-front-matter": (None, pages(p="---\ntitle: P\nstatus: approved\n\n# Text\n"), f"{P}:1", "front matter is not closed"),
    "latin-1-page": (None, pages(p=page("P").encode() + b"caf\xe9\n"), f"{P}:9", "not valid UTF-8 (byte 0xe9)"),
    "latin-1-manual": (MANUAL_YML.replace("Tiny", "Caf\xe9").encode("latin-1"), None, f"{M}:2", "not valid UTF-8"),
    "empty-manual-yml": ("", None, M, "file is empty"),
    "whitespace-manual-yml": ("\n  \n", None, M, "file is empty"),
    "comment-only-manual-yml": ("# nothing yet\n", None, f"{M}:1", "expected a mapping of fields, found nothing"),
    "empty-page": (None, pages(p=""), f"{P}:1", "no front matter"),
    "manual-is-a-list": ("- company\n- document\n", None, f"{M}:1", "expected a mapping of fields, found list"),
    "manual-is-text": ("just some words\n", None, f"{M}:1", "expected a mapping of fields, found str"),
    "front-matter-is-a-list": (None, pages(p="---\n- title\n---\n"), f"{P}:2", "expected a mapping of fields, found list"),
    "empty-front-matter": (None, pages(p="---\n---\n\nText.\n"), f"{P}:2", "expected a mapping of fields, found nothing"),
    "front-matter-syntax": (None, pages(p="---\ntitle: [P\n---\n"), f"{P}:3", "YAML syntax error"),
    "company-is-a-list": (yml("company:\n  name", "company: [a]\nx:\n  name"), None, f"{M}:1", "company: must be of dict type"),
    "not-applicable-list": (MANUAL_YML + "not_applicable: [control.ppe]\n", None, f"{M}:28", "must be of dict type"),
    "python-tag": (MANUAL_YML + "x: !!python/object/apply:os.system [ls]\n", None, f"{M}:28", "could not determine a constructor"),
    "binary-page": (None, pages(p=b"\x00\x01\x02\x03"), f"{P}:1", "no front matter"),
}


def _make(repo: Path, manual_yml, page_files) -> None:
    if manual_yml == "NO-DOCS":
        shutil.rmtree(write_manual(repo) / "docs")
        return
    if manual_yml is None and page_files is not None:  # a page case: a good manual.yml
        manual_yml = MANUAL_YML
    write_manual(repo, manual_yml=manual_yml, pages=page_files)


def _check_output(code: int, out: str, err: str, where: str, fragment: str) -> None:
    assert "Traceback" not in out + err
    assert code == 1, (out, err)
    lines = err.splitlines()
    problems = [line for line in lines if not SUMMARY.match(line)]
    assert problems and all(PROBLEM.match(line) for line in problems), err
    first = problems[0]
    assert first.startswith(f"{where}: "), err
    assert fragment in first, err
    assert " — " in first


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_validate_reports_bad_input(repo, capsys, case):
    manual_yml, page_files, where, fragment = CASES[case]
    _make(repo, manual_yml, page_files)
    code = main(["--root", str(repo), "validate"])
    out, err = capsys.readouterr()
    _check_output(code, out, err, where, fragment)
    assert SUMMARY.match(err.splitlines()[-1])


@pytest.mark.parametrize("case", [c for c in CASES if c not in ("missing-manual-yml",)], ids=str)
def test_coverage_on_bad_input_never_crashes(repo, capsys, case):
    manual_yml, page_files, _, _ = CASES[case]
    _make(repo, manual_yml, page_files)
    code = main(["--root", str(repo), "coverage", "tiny"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (1, 2)
    lines = [line for line in err.splitlines() if not SUMMARY.match(line)]
    assert lines and all(PROBLEM.match(line) or line.startswith("error: ") for line in lines), err


def test_missing_manual_yml_is_a_usage_error_when_named(repo, capsys):
    write_manual(repo, manual_yml=None)
    assert main(["--root", str(repo), "validate", "tiny"]) == 2
    out, err = capsys.readouterr()
    assert err == "error: unknown manual 'tiny' — expected manuals/tiny/manual.yml; manuals here: (none yet: create one with `hsms new`)\n"


def test_misnamed_manual_does_not_vanish_beside_good_ones(repo, capsys):
    write_manual(repo, "good")
    mroot = write_manual(repo, "typo")
    (mroot / "manual.yml").rename(mroot / "manual.yaml")
    assert main(["--root", str(repo), "validate"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "manuals/typo/manual.yml: file not found — add manual.yml (see README.md, 'Client manuals') or remove the folder")


def test_utf8_bom_is_accepted(repo, capsys):
    write_manual(repo, manual_yml=BOM + MANUAL_YML.encode(), pages={"index.md": BOM + INDEX_MD.encode()})
    assert main(["--root", str(repo), "validate"]) == 0
    assert capsys.readouterr().out == "ok: 1 manual(s), 1 page(s), 4 partner map(s) checked\n"


def test_crlf_line_endings_are_accepted(repo, capsys):
    write_manual(repo, manual_yml=MANUAL_YML.replace("\n", "\r\n"), pages={"index.md": INDEX_MD.replace("\n", "\r\n")})
    assert main(["--root", str(repo), "validate"]) == 0


def test_bom_page_problem_lines_still_count_the_opening_dashes(repo, capsys):
    text = BOM + page("P", ["policy.nope"]).encode()
    write_manual(repo, pages={"index.md": INDEX_MD, "p.md": text})
    assert main(["--root", str(repo), "validate"]) == 1
    assert capsys.readouterr().err.startswith(f"{P}:3: covers.0: unknown topic 'policy.nope'")


def test_hostile_strings_are_accepted_by_validation(repo, capsys):
    hostile = '"<script>alert(1)</script>"'
    text = yml("name: Tiny Test Co.", f"name: {hostile}").replace("contact: Owner", "contact: \"{{ 7*7 }} & <b>\"")
    write_manual(repo, manual_yml=text, pages={"index.md": page('"<img src=x onerror=alert(1)>"')})
    assert main(["--root", str(repo), "validate"]) == 0
    assert main(["--root", str(repo), "coverage", "tiny", "--format", "json"]) == 1  # nothing covered
    assert '"company": "<script>alert(1)</script>"' in capsys.readouterr().out


def test_broken_topic_catalogue_is_one_problem_not_hundreds(repo, capsys):
    write_manual(repo, pages={"index.md": INDEX_MD, "p.md": page("P", ["policy.statement"])})
    (repo / "partners" / "topics.yml").write_text("topics:\n  - id: policy.statement\n   title: x\n", encoding="utf-8")
    assert main(["--root", str(repo), "validate"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "partners/topics.yml:3: YAML syntax error: did not find expected '-' indicator — fix the indentation or "
        "quoting on this line (quote text that contains ': ' or starts with a symbol)",
        "1 problem(s) found; nothing is published until they are fixed.",
    ]


def test_broken_partner_map_is_named_by_the_manual_that_uses_it(repo, capsys):
    write_manual(repo)
    (repo / "partners" / "acsa.yml").write_text("id: acsa\nname: [\n", encoding="utf-8")
    assert main(["--root", str(repo), "validate"]) == 1
    assert capsys.readouterr().err.splitlines()[:2] == [
        "manuals/tiny/manual.yml:6: certification.partner: partner map 'acsa' has problems — fix the problems "
        "reported in partners/acsa.yml",
        "partners/acsa.yml:3: YAML syntax error: did not find expected node content — fix the indentation or "
        "quoting on this line (quote text that contains ': ' or starts with a symbol)",
    ]


@pytest.mark.parametrize("content", [b"", b"- a\n", b"id: [\n", b"\xff\xfe", b"id: esc\n"])
def test_broken_partner_files_never_crash(repo, capsys, content):
    write_manual(repo)
    (repo / "partners" / "esc.yml").write_bytes(content)
    assert main(["--root", str(repo), "validate"]) == 1
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if not SUMMARY.match(line)]
    assert lines and all(PROBLEM.match(line) and line.startswith("partners/esc.yml") for line in lines), err

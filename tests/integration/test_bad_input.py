"""Broken input beyond the corpus (tests/hostile/): usage errors, encodings that are fine, partner maps."""

from __future__ import annotations

import re

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.cli import main

PROBLEM = re.compile(r"^(?:warning: )?[^:\s][^:]*(:\d+)?: .+ — .+$")
SUMMARY = re.compile(r"^\d+ problem\(s\)")
BOM = b"\xef\xbb\xbf"


def yml(old: str, new: str) -> str:
    assert old in MANUAL_YML, old
    return MANUAL_YML.replace(old, new, 1)


P = "manuals/tiny/docs/p.md"

# The corpus of broken input (malformed YAML, wrong types, missing files, odd encodings) that was
# here is now part of the hostile-input corpus: tests/hostile/cases/broken-input.yml.


def test_missing_manual_yml_is_a_usage_error_when_named(repo, capsys):
    write_manual(repo, manual_yml=None)
    assert main(["--root", str(repo), "validate", "tiny"]) == 2
    out, err = capsys.readouterr()
    assert (
        err
        == "error: unknown manual 'tiny' — expected manuals/tiny/manual.yml; manuals here: (none yet: create one with `hsms new`)\n"
    )


def test_misnamed_manual_does_not_vanish_beside_good_ones(repo, capsys):
    write_manual(repo, "good")
    mroot = write_manual(repo, "typo")
    (mroot / "manual.yml").rename(mroot / "manual.yaml")
    assert main(["--root", str(repo), "validate"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "manuals/typo/manual.yml: file not found — add manual.yml (see README.md, 'Client manuals') or remove the folder"
    )


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
    text = yml("name: Tiny Test Co.", f"name: {hostile}").replace("contact: Owner", 'contact: "{{ 7*7 }} & <b>"')
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

"""`hsms partners`: one block per partner map (ordered by kind, province, id), a flag on maps not
fully verified, an unpublished instrument version said in words, a replaced map pointed at its
successor; JSON with the same facts; a broken map stops it with every problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hsms_manuals.cli import build_parser
from hsms_manuals.commands import partners
from hsms_manuals.errors import ValidationFailed
from hsms_manuals.library import load_library


def run(root: Path, *argv: str) -> int:
    return partners.run(root, build_parser().parse_args(["partners", *argv]))


def newer_acsa(repo: Path) -> None:
    """acsa.yml replaced by acsa-2026.yml: the newer instrument's version and date not public yet."""
    text = (repo / "partners" / "acsa.yml").read_text(encoding="utf-8")
    (repo / "partners" / "acsa.yml").write_text(text.replace("active_to: null", "replaced_by: acsa-2026"), "utf-8")
    newer = (
        text.replace("id: acsa\n", "id: acsa-2026\n")
        .replace('  version: "2023"\n', "  version: null\n")
        .replace("  effective: 2023-01-01\n", "  effective: null\n")
        .replace("  verified: false\n", "  verified: true\n")
    )
    (repo / "partners" / "acsa-2026.yml").write_text(newer, encoding="utf-8")


def blocks(out: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in out.splitlines():
        if not line.startswith(" "):
            found[line.split()[0]] = []
        found[list(found)[-1]].append(line)
    return found


def test_text_lists_maps_by_kind_then_province_then_id(repo, capsys):
    newer_acsa(repo)
    assert run(repo) == 0
    out, err = capsys.readouterr()
    assert err == ""
    # certifying partners first (AB: acsa, acsa-2026, esc; then BC), the regulator's tool last
    assert list(blocks(out)) == ["acsa", "acsa-2026", "esc", "bccsa", "ab-ohs"]


def test_text_says_what_is_unverified_unpublished_and_replaced(repo, capsys):
    newer_acsa(repo)
    run(repo)
    got = blocks(capsys.readouterr().out)
    old, new = got["acsa"], got["acsa-2026"]
    assert (
        old[0]
        == "acsa     ACSA — Alberta Construction Safety Association (AB, certifying-partner)  [not fully verified]"
    )
    assert old[1].startswith("         COR Audit Instrument 2023, effective 2023-01-01: 10 elements, ")
    assert old[2] == "         REPLACED by the newer instrument in acsa-2026 (see `hsms status`)"
    assert new[0] == "acsa-2026 ACSA — Alberta Construction Safety Association (AB, certifying-partner)"
    assert new[1].startswith("         COR Audit Instrument (version not public), effective unknown: 10 elements, ")
    assert not any("REPLACED" in line for line in new)


def test_text_pass_line_without_a_maintenance_rule(repo, capsys):
    text = (repo / "partners" / "acsa.yml").read_text(encoding="utf-8")
    start = text.index("  maintenance:")
    (repo / "partners" / "acsa.yml").write_text(text[:start] + text[text.index("\n", start) + 1 :], "utf-8")
    run(repo)
    assert (
        blocks(capsys.readouterr().out)["acsa"][-1] == "         pass: at least 80% overall, every element at least 50%"
    )


def test_json_has_the_same_facts_and_keeps_non_ascii_text(repo, capsys):
    newer_acsa(repo)
    text = (repo / "partners" / "esc.yml").read_text(encoding="utf-8")
    (repo / "partners" / "esc.yml").write_text(text.replace("\nname: ", "\nname: Énergie « Sécurité » & "), "utf-8")
    assert run(repo, "--format", "json") == 0
    out = capsys.readouterr().out
    rows = {r["id"]: r for r in json.loads(out)}
    assert list(rows) == ["acsa", "acsa-2026", "esc", "bccsa", "ab-ohs"]
    assert rows["acsa"]["replaced_by"] == "acsa-2026" and rows["acsa-2026"]["replaced_by"] is None
    assert rows["acsa-2026"]["instrument"] == {"name": "COR Audit Instrument", "version": None, "effective": None}
    assert (rows["acsa"]["verified"], rows["acsa-2026"]["verified"]) == (False, True)
    assert rows["acsa"]["provinces"] == ["AB"]
    assert rows["acsa"]["pass_rules"] == "at least 80% overall, every element at least 50%"
    assert (
        rows["esc"]["name"].startswith("Énergie « Sécurité » & ") and "Énergie « Sécurité »" in out
    )  # not \\u escapes
    acsa = load_library(repo, only="acsa")[0].partners["acsa"]
    assert (rows["acsa"]["elements"], rows["acsa"]["questions"]) == (10, sum(len(e.questions) for e in acsa.elements))


def test_a_broken_map_stops_it_with_its_located_problems(repo, capsys):
    text = (repo / "partners" / "bccsa.yml").read_text(encoding="utf-8")
    (repo / "partners" / "bccsa.yml").write_text(text.replace("\nkind: ", "\nkind: guild\nnotkind: "), "utf-8")
    with pytest.raises(ValidationFailed) as exc:
        run(repo)
    assert exc.value.problems and all(p.file == "partners/bccsa.yml" and p.line > 0 for p in exc.value.problems)
    assert capsys.readouterr().out == ""  # nothing listed from a library that does not load

"""Inputs YAML accepts but that would silently lose or change what the consultant wrote."""

from __future__ import annotations

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.cli import main


def run(root, *args):
    return main(["--root", str(root), *args])


def test_a_key_written_twice_is_reported_not_dropped(repo, capsys):
    yml = (
        MANUAL_YML + "not_applicable:\n  control.vehicles: We own no vehicles.\n"
        "not_applicable:\n  control.working_alone: Nobody works alone.\n"
    )
    write_manual(repo, manual_yml=yml)
    assert run(repo, "validate") == 1
    err = capsys.readouterr().err
    assert (
        "manuals/tiny/manual.yml:30: 'not_applicable' appears twice in the same block (first on line 28); "
        "YAML would keep only the last one — merge the two into one entry"
    ) in err


def test_a_duplicate_key_in_front_matter_is_reported(repo, capsys):
    write_manual(
        repo,
        pages={
            "index.md": INDEX_MD,
            "a.md": "---\ntitle: A\ncovers: []\nstatus: draft\nstatus: approved\nowner: O\n---\n\nText.\n",
        },
    )
    assert run(repo, "validate") == 1
    assert (
        "manuals/tiny/docs/a.md:5: 'status' appears twice in the same block (first on line 4); YAML would keep only the last one — merge the two into one entry"
        in capsys.readouterr().err
    )


def test_an_unquoted_decimal_revision_is_refused(repo, capsys):
    write_manual(repo, manual_yml=MANUAL_YML.replace('revision: "1"', "revision: 4.10"))
    assert run(repo, "validate") == 1
    assert (
        "manuals/tiny/manual.yml:10: document.revision: must be of string type — write it in quotes, "
        'e.g. revision: "4" or "4.10" (unquoted 4.10 reads as 4.1)'
    ) in capsys.readouterr().err


def test_a_whole_number_revision_is_fine(repo, capsys):
    write_manual(repo, manual_yml=MANUAL_YML.replace('revision: "1"', "revision: 3"))
    assert run(repo, "validate") == 0


def test_coverage_warns_when_the_program_does_not_fit_the_company(repo, capsys):
    write_manual(repo, pages={"index.md": INDEX_MD, "p.md": page("Policy", ["policy.statement"])})
    run(repo, "coverage", "tiny", "--program", "SECOR")
    err = capsys.readouterr().err
    assert "warning: SECOR is for 1 to fewer than 11 employees; Tiny Test Co. has 24 — measured anyway, as asked" in err


def test_only_true_and_false_are_booleans():
    """YAML 1.1 reads ON (Ontario), yes, no and off as booleans; hsms reads them as the text written."""
    from hsms_manuals.yamlio import parse_yaml

    data = parse_yaml("a: ON\nb: yes\nc: no\nd: off\ne: true\nf: False\n", "x.yml").data
    assert data == {"a": "ON", "b": "yes", "c": "no", "d": "off", "e": True, "f": False}


def test_yes_for_a_boolean_field_says_write_true_or_false(repo):
    from hsms_manuals.library import load_library

    path = repo / "partners" / "acsa.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\n  verified: false", "\n  verified: no", 1), encoding="utf-8"
    )
    _, problems = load_library(repo, only="acsa")
    assert any("must be of boolean type" in p.problem and p.fix == "write true or false" for p in problems), problems

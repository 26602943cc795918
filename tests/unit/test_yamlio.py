"""Inputs YAML accepts but that would silently lose or change what the consultant wrote."""

from __future__ import annotations

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.cli import main
from hsms_manuals.yamlio import parse_yaml


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


def test_a_control_character_is_reported_at_its_line(repo, capsys):
    write_manual(repo, manual_yml=MANUAL_YML + "site_url: https://a\x00b/\n")
    assert run(repo, "validate", "tiny") == 1
    lines = MANUAL_YML.count("\n") + 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"manuals/tiny/manual.yml:{lines}: holds a control character (U+0000) that YAML does not allow — "
        "delete it (it can come in with text pasted from another program)"
    )


def test_aliases_of_aliases_are_looked_up_once(repo, capsys):
    """A 'billion laughs': each level names the one before nine times. Reporting a problem walks
    the file's nodes for lines; an alias's node is walked once (it was walked each time it was
    named: 9**levels)."""
    levels = ['l0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    levels += [f"l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 6)]
    text = "\n".join(levels) + "\n"
    lines = parse_yaml(text, "x.yml")._lines
    assert lines is not None
    top = lines.child("l5")
    assert top is not None and top.child(0) is not None and top.child(8) is not None
    assert top.child(0).children is top.child(8).children  # one walk of *a4, shared
    assert parse_yaml(text, "x.yml").line_of(("l5", 3, 0, 0, 0, 0)) == 1  # inside an alias: the anchor's line
    write_manual(repo, manual_yml=MANUAL_YML + text)
    assert run(repo, "validate", "tiny") == 1
    first = MANUAL_YML.count("\n") + 1
    assert f"manuals/tiny/manual.yml:{first + 5}: l5: unknown field — " in capsys.readouterr().err

"""`hsms new`: the starter list, every missing argument named at once, what it prints after making
a manual (the FTE note only for partners that size by FTE), and refusals that create nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from hsms_manuals.cli import build_parser
from hsms_manuals.commands import new
from hsms_manuals.errors import UsageError, ValidationFailed
from hsms_manuals.starter_library import load_starters


def run(root: Path, *argv: str) -> int:
    return new.run(root, build_parser().parse_args(["new", *argv]))


def test_list_starters_prints_two_lines_per_starter_and_creates_nothing(repo, capsys):
    assert run(repo, "--list-starters") == 0
    lines = capsys.readouterr().out.splitlines()
    starters = list(load_starters().values())
    assert len(lines) == 2 * len(starters) and len(starters) >= 3
    for s, first, second in zip(starters, lines[::2], lines[1::2], strict=True):
        assert first.startswith(f"{s.id:<16} {s.label}")
        assert second == " " * 16 + " " + s.description
    assert lines[0] == ("ab-construction  Alberta construction (AB; construction) — for clients of acsa, ab-ohs")
    assert list((repo / "manuals").iterdir()) == []


@pytest.mark.parametrize(
    "argv, missing",
    [
        ([], "MANUAL, --company, --partner, --employees"),
        (["acme", "--company", "Acme"], "--partner, --employees"),
        (["acme", "--partner", "acsa", "--employees", "3"], "--company"),
        (["--company", "Acme", "--partner", "acsa", "--employees", "3"], "MANUAL"),
    ],
)
def test_every_missing_argument_is_named_at_once(repo, argv, missing):
    with pytest.raises(UsageError) as exc:
        run(repo, *argv)
    assert str(exc.value) == (
        f"hsms new needs {missing} — e.g. hsms new acme-framing --company 'Acme Framing Ltd.' --partner acsa "
        "--employees 12 (or hsms new --list-starters)"
    )
    assert list((repo / "manuals").iterdir()) == []


def test_created_says_what_to_do_next(repo, capsys):
    assert run(repo, "acme", "--company", "Acme Framing", "--partner", "acsa", "--employees", "12") == 0
    assert capsys.readouterr() == (
        "created manuals/acme from the ab-construction starter (Alberta construction (AB; construction)): every "
        "page is a draft (0% coverage).\n"
        "next: fill in the TODOs of manuals/acme/manual.yml, adapt each page to how the company really works, set "
        "status: approved, then `hsms validate acme` and `hsms coverage acme`\n",
        "",
    )
    assert (repo / "manuals" / "acme" / "manual.yml").is_file()


def test_a_partner_that_sizes_by_fte_gets_a_note(repo, capsys):
    assert run(repo, "bc1", "--company", "BC Framers", "--partner", "bccsa", "--employees", "5") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("created manuals/bc1 from the bc-construction starter")
    assert lines[1] == (
        "note: BCCSA sizes programs by FTE: company.fte starts at the head count; set it to annual payroll hours ÷ 2080"
    )
    assert lines[2].startswith("next: ")


def test_a_starter_named_by_id_is_used(repo, capsys):
    assert (
        run(repo, "wells", "--company", "W", "--partner", "ab-ohs", "--employees", "4", "--starter", "ab-oil-gas") == 0
    )
    assert capsys.readouterr().out.startswith("created manuals/wells from the ab-oil-gas starter (Alberta oil and gas")


def test_a_broken_map_of_the_partner_creates_nothing(repo):
    (repo / "partners" / "acsa.yml").write_text("id: [\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        run(repo, "acme", "--company", "Acme", "--partner", "acsa", "--employees", "12")
    assert {p.file for p in exc.value.problems} == {"partners/acsa.yml"}
    assert list((repo / "manuals").iterdir()) == []

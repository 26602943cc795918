"""`hsms validate`: the one ok line (manuals, pages, translated pages, partner maps, lint warnings),
every problem then one summary and exit 1, plain-language findings as warnings that never fail it,
and --files (the pre-commit hook) checking only the manuals the files belong to."""

from __future__ import annotations

from pathlib import Path

from conftest import INDEX_MD, MANUAL_YML, write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import validate

WORDY = INDEX_MD + "\nWhere appropriate, wear gloves.\n"  # one vague word: one plain-language finding


def run(root: Path, *argv: str) -> int:
    return validate.run(root, build_parser().parse_args(["validate", *argv]))


def broken(repo: Path) -> None:
    write_manual(repo, "broken", manual_yml=MANUAL_YML.replace("  number: TT-001\n", ""))


def test_ok_names_what_was_checked(repo, capsys):
    write_manual(repo)
    write_manual(repo, "other", pages={"index.md": INDEX_MD, "01-a.md": INDEX_MD.replace("Home", "A")})
    assert run(repo) == 0
    assert capsys.readouterr() == ("ok: 2 manual(s), 3 page(s), 4 partner map(s) checked\n", "")


def test_translated_pages_are_counted_apart(repo, capsys):
    write_manual(
        repo,
        manual_yml=MANUAL_YML + "languages: {controlled: en, translations: [fr]}\n",
        pages={
            "index.md": INDEX_MD,
            "index.fr.md": "---\ntitle: Accueil\ntranslation: {status: draft}\n---\n\nBonjour.\n",
        },
    )
    assert run(repo) == 0
    out, err = capsys.readouterr()
    assert out == "ok: 1 manual(s), 1 page(s) and 1 translated page(s), 4 partner map(s) checked\n"
    assert err.startswith("warning: manuals/tiny/docs/index.fr.md:")  # not marked as translated from index.md yet


def test_plain_language_findings_are_warnings_counted_on_the_ok_line(repo, capsys):
    write_manual(repo, pages={"index.md": WORDY})
    assert run(repo) == 0
    assert capsys.readouterr() == (
        "ok: 1 manual(s), 1 page(s), 4 partner map(s) checked; 1 plain-language warning(s) (`hsms lint`)\n",
        "warning: manuals/tiny/docs/index.md:10: vague: 'appropriate' is vague — name the thing itself (which "
        "glove, which form, which person)\n",
    )


def test_every_problem_then_one_summary_and_exit_1(repo, capsys):
    write_manual(repo, pages={"index.md": WORDY})
    broken(repo)
    write_manual(repo, "third", manual_yml=MANUAL_YML.replace("partner: acsa", "partner: nope"))
    assert run(repo) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("warning: manuals/tiny/docs/index.md:10: vague: ")  # warnings first, still shown
    assert lines[1] == (
        "manuals/broken/manual.yml:8: document.number: required field — add 'number:' (see the formats in README.md)"
    )
    assert lines[2].startswith("manuals/third/manual.yml:6: certification.partner: unknown partner 'nope'")
    assert lines[3:] == ["2 problem(s) found; nothing is published until they are fixed."]


def test_named_manuals_only(repo, capsys):
    write_manual(repo)
    broken(repo)
    assert run(repo, "tiny") == 0
    assert capsys.readouterr().out == "ok: 1 manual(s), 1 page(s), 4 partner map(s) checked\n"


def test_files_outside_every_manual_touch_nothing(repo, capsys):
    broken(repo)
    assert run(repo, "--files", "README.md", "docs/notes.md", "../elsewhere/manuals/broken/manual.yml") == 0
    assert capsys.readouterr() == ("ok: no manual is touched by these files\n", "")


def test_files_check_only_the_manuals_they_belong_to(repo, capsys):
    write_manual(repo)
    broken(repo)
    assert run(repo, "--files", "manuals/tiny/docs/index.md", str(repo / "manuals" / "tiny" / "manual.yml")) == 0
    assert capsys.readouterr().out == "ok: 1 manual(s), 1 page(s), 4 partner map(s) checked\n"
    assert run(repo, "--files", "manuals/broken/docs/index.md") == 1
    assert capsys.readouterr().err.endswith("1 problem(s) found; nothing is published until they are fixed.\n")


def test_files_add_to_the_manuals_named(repo, capsys):
    write_manual(repo)
    broken(repo)
    assert run(repo, "tiny", "--files", "manuals/broken/manual.yml") == 1


def test_a_changed_partner_map_touches_every_manual(repo, capsys):
    write_manual(repo)
    broken(repo)
    assert run(repo, "--files", "partners/acsa.yml") == 1
    assert "manuals/broken/manual.yml:8: document.number" in capsys.readouterr().err


def test_on_checks_review_dates_as_on_that_day(repo, capsys):
    write_manual(repo)
    assert run(repo, "--on", "2027-09-02") == 1
    assert capsys.readouterr().err.startswith(
        "manuals/tiny/manual.yml:11: document.effective: review overdue since 2027-09-01"
    )
    assert run(repo, "--on", "2027-09-01") == 0

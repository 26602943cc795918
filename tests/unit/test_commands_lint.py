"""`hsms lint`: every plain-language finding, one closing line and exit 1; an ok line naming what
was read; unknown manuals refused before any work; the manual's own quality targets applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import lint
from hsms_manuals.errors import UsageError

LONG = "We " + " and ".join(["check the ladder before we climb it"] * 5) + ".\n"  # 40 words
VAGUE = "Where appropriate, wear gloves.\n"


def run(root: Path, *argv: str) -> int:
    return lint.run(root, build_parser().parse_args(["lint", *argv]))


def test_ok_names_the_manuals_and_pages_read(repo, capsys):
    write_manual(repo)
    write_manual(repo, "other", pages={"index.md": INDEX_MD, "sub/01-a.md": INDEX_MD})
    assert run(repo) == 0
    assert capsys.readouterr() == ("ok: 2 manual(s), 3 page(s) read plainly\n", "")


def test_findings_are_listed_sorted_then_counted(repo, capsys):
    write_manual(repo, pages={"index.md": INDEX_MD + "\n" + VAGUE, "01-b.md": INDEX_MD + "\n" + LONG})
    write_manual(repo, "clean")
    assert run(repo) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("manuals/tiny/docs/01-b.md:10: sentence: 40 words in one sentence (at most 30): ")
    assert lines[1] == (
        "manuals/tiny/docs/index.md:10: vague: 'appropriate' is vague — name the thing itself (which glove, which "
        "form, which person)"
    )
    assert lines[2:] == [
        "2 finding(s) in 2 manual(s); write for a grade-8 reader (set quality: in manual.yml to change the targets)."
    ]


def test_the_manuals_quality_targets_apply(repo, capsys):
    write_manual(
        repo, manual_yml=MANUAL_YML + "quality: {sentence_words: 50}\n", pages={"index.md": INDEX_MD + "\n" + LONG}
    )
    assert run(repo, "tiny") == 0


def test_a_manual_whose_yml_is_broken_is_still_read(repo, capsys):
    write_manual(repo, manual_yml="company: [\n", pages={"index.md": INDEX_MD + "\n" + VAGUE})
    assert run(repo) == 1  # default targets
    assert "manuals/tiny/docs/index.md:10: vague: 'appropriate'" in capsys.readouterr().err


def test_an_unknown_manual_is_refused_before_any_work(repo, capsys):
    write_manual(repo, pages={"index.md": INDEX_MD + "\n" + VAGUE})
    with pytest.raises(UsageError, match=r"^unknown manual 'nope'"):
        run(repo, "tiny", "nope")
    assert capsys.readouterr() == ("", "")


def test_a_page_or_manual_yml_that_cannot_be_read_is_never_ok(repo, capsys):
    """It was skipped, and lint said ok for the pages it had read."""
    mdir = write_manual(repo, pages={"index.md": INDEX_MD, "01-a.md": INDEX_MD})
    (mdir / "docs" / "01-a.md").write_bytes(INDEX_MD.encode("utf-16"))
    assert run(repo) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("manuals/tiny/docs/01-a.md:1: ") and "UTF-8" in err[0]
    assert err[-1] == (
        "1 problem(s) in the manual itself: a page that cannot be read is not checked "
        "(`hsms validate` lists the same problems)."
    )
    (mdir / "docs" / "01-a.md").write_text(INDEX_MD, encoding="utf-8")
    (mdir / "manual.yml").write_text("", encoding="utf-8")
    assert run(repo) == 1
    assert "manuals/tiny/manual.yml" in capsys.readouterr().err

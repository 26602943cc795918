"""`hsms publish`: the option rules checked before anything, and the lines it prints — run(root, args)
with the MkDocs build replaced by branch_kit's two-page fake."""

from __future__ import annotations

from pathlib import Path

import pytest
from branch_kit import commit_all, fake_builds, git, init_repo, set_document

from conftest import write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import publish as verb
from hsms_manuals.errors import UsageError


@pytest.fixture
def src(repo, monkeypatch) -> Path:
    write_manual(repo)
    init_repo(repo)
    fake_builds(monkeypatch)
    return repo


def run(root: Path, *argv: str) -> int:
    return verb.run(root, build_parser().parse_args(["publish", *argv]))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--replace"], '--replace needs --reason "why": the reason is kept in the published history'),
        (["--replace", "--reason", ""], '--replace needs --reason "why": the reason is kept in the published history'),
        (["--reason", "typo"], "--reason only goes with --replace (a new revision's notes go in document.changes)"),
    ],
)
def test_option_rules_are_usage_errors_before_any_work(src, argv, message):
    with pytest.raises(UsageError) as exc:
        run(src, "tiny", *argv)
    assert str(exc.value) == message
    assert git(src, "branch", "--list", "gh-pages") == ""


def test_a_publish_says_what_where_and_what_next(src, capsys):
    assert run(src, "tiny") == 0
    sha = git(src, "rev-parse", "--short=7", "gh-pages").strip()
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"published tiny revision 1 (Rev 1 — effective 2026-09-01) on branch gh-pages, commit {sha}",
        "  tiny/1/ with pdf/tiny-rev-1.pdf; tiny/current/ redirects to it",
        "next: `hsms export DIR` writes the published manuals for a web server (or `git push origin gh-pages`)",
    ]
    assert err == ""


def test_a_replacement_of_an_older_revision_and_uncommitted_changes(src, capsys):
    run(src, "tiny")
    set_document(src, revision="2", effective="2026-10-01", changes=["Rev 2."])
    commit_all(src, "rev 2")
    run(src, "tiny", "--branch", "gh-pages")
    set_document(src, revision="1", effective="2026-09-01", changes=[])  # left uncommitted
    capsys.readouterr()
    assert run(src, "tiny", "--replace", "--reason", "wrong phone") == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("replaced tiny revision 1 (Rev 1 — effective 2026-09-01) on branch gh-pages, commit ")
    assert lines[1] == "  tiny/1/ with pdf/tiny-rev-1.pdf"  # revision 2 stays current
    assert err == (
        "warning: tiny had uncommitted changes; commit them so the published revision can be traced to its source\n"
    )


def test_push_says_it_pushed(src, tmp_path, capsys):
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(src, "remote", "add", "backup", str(bare))
    assert run(src, "tiny", "--push", "--remote", "backup") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "pushed gh-pages to backup"
    assert git(bare, "rev-parse", "gh-pages") == git(src, "rev-parse", "gh-pages")

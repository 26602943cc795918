"""`hsms versions`: the published revisions as a table or JSON, the one in force on a date, and the
errors of a manual with nothing published — run(root, args) on a hand-written branch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from branch_kit import init_repo

from conftest import write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import versions as verb
from hsms_manuals.errors import EnvironmentFailure, UsageError
from hsms_manuals.gitbranch import BranchCommit


def version(rev: str, effective: str, sequence: int, current: bool = False) -> dict:
    return {
        "version": rev,
        "title": f"Rev {rev} — effective {effective}",
        "aliases": ["current"] if current else [],
        "properties": {"effective": effective, "sequence": sequence},
    }


def event(rev: str, at: str, action: str = "published", reason: str | None = None) -> dict:
    return {
        "action": action,
        "revision": rev,
        "effective": "x",
        "at": at,
        "by": "Casey Consultant",
        "source_commit": None,
        "source_dirty": False,
        "reason": reason,
    }


@pytest.fixture
def src(repo) -> Path:
    write_manual(repo)
    init_repo(repo)
    with BranchCommit(repo, "gh-pages", "test", "Casey") as commit:
        commit.add(
            "tiny/versions.json",
            json.dumps(
                [version("10", "2027-01-01", 3, True), version("2", "2026-10-01", 2), version("1", "2026-09-01", 1)]
            ),
        )
        commit.add(
            "tiny/hsms-history.json",
            json.dumps(
                [
                    event("1", "2026-09-02T10:00:00Z"),
                    event("2", "2026-10-01T10:00:00Z"),
                    event("1", "2026-10-05T10:00:00Z", "replaced", "Wrong <b>phone</b> — fixed"),
                    event("10", "2027-01-01T10:00:00Z"),
                ]
            ),
        )
    return repo


def run(root: Path, *argv: str) -> int:
    return verb.run(root, build_parser().parse_args(["versions", *argv]))


def test_the_table_lists_oldest_first_with_status_and_replacements(src, capsys):
    assert run(src, "tiny") == 0
    assert capsys.readouterr().out.splitlines() == [
        "tiny: 3 published revision(s) on branch gh-pages, oldest first",
        "  Rev 1   effective 2026-09-01  published 2026-09-02  superseded on 2026-10-01 by revision 2",
        "          replaced 2026-10-05 by Casey Consultant: Wrong <b>phone</b> — fixed",
        "  Rev 2   effective 2026-10-01  published 2026-10-01  superseded on 2027-01-01 by revision 10",
        "  Rev 10  effective 2027-01-01  published 2027-01-01  current",
    ]


def test_json_keeps_every_field_and_non_ascii_as_is(src, capsys):
    assert run(src, "tiny", "--format", "json") == 0
    out = capsys.readouterr().out
    assert "—" in out  # ensure_ascii=False
    rows = json.loads(out)
    assert [(r["revision"], r["current"], r["status"]) for r in rows] == [
        ("1", False, "superseded on 2026-10-01 by revision 2"),
        ("2", False, "superseded on 2027-01-01 by revision 10"),
        ("10", True, "current"),
    ]
    assert rows[0]["title"] == "Rev 1 — effective 2026-09-01"
    assert [e["action"] for e in rows[0]["history"]] == ["published", "replaced"]


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (
            "2026-09-01",
            "2026-09-01: revision 1 of tiny was in force (effective 2026-09-01; superseded on 2026-10-01 by revision 2)",
        ),
        (
            "2026-12-31",
            "2026-12-31: revision 2 of tiny was in force (effective 2026-10-01; superseded on 2027-01-01 by revision 10)",
        ),
        ("2027-06-01", "2027-06-01: revision 10 of tiny was in force (effective 2027-01-01; still in force)"),
    ],
)
def test_the_revision_in_force_on_a_date(src, capsys, day, line):
    assert run(src, "tiny", "--on", day) == 0
    assert capsys.readouterr().out == line + "\n"


def test_in_force_as_json(src, capsys):
    assert run(src, "tiny", "--on", "2027-06-01", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == {
        "on": "2027-06-01",
        "revision": "10",
        "title": "Rev 10 — effective 2027-01-01",
        "effective": "2027-01-01",
        "superseded_on": None,
        "superseded_by": None,
    }


def test_before_the_first_revision_is_an_error_with_exit_1(src, capsys):
    assert run(src, "tiny", "--on", "2026-08-31") == 1
    out, err = capsys.readouterr()
    assert (out, err) == (
        "",
        "error: no revision of tiny was in force on 2026-08-31: the first published revision (1) took effect on "
        "2026-09-01\n",
    )


def test_a_manual_with_nothing_published(src, repo):
    write_manual(repo, "other")
    with pytest.raises(EnvironmentFailure) as exc:
        run(src, "other")
    assert str(exc.value) == (
        "other has no published revisions on branch gh-pages — publish one with `hsms publish other`"
    )
    with pytest.raises(EnvironmentFailure, match=r"on branch nope \(the branch does not exist\) — publish one"):
        run(src, "tiny", "--branch", "nope")
    with pytest.raises(UsageError, match="ghost"):
        run(src, "ghost")

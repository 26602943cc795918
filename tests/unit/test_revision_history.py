"""revision_history: the rows of the PDF's revision history — this revision from manual.yml, then
the published ones newest first, their notes and approver from the snapshot or, for older
snapshots, from manual.yml in the commit published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from branch_kit import commit_all, git, init_repo, set_document

from conftest import write_manual
from hsms_manuals.changes import Snapshot
from hsms_manuals.gitbranch import BranchCommit
from hsms_manuals.manual import load_manual
from hsms_manuals.model import Manual
from hsms_manuals.pdf.front_matter import RevisionRow
from hsms_manuals.revision_history import history_rows


def manual(root: Path) -> Manual:
    loaded, problems = load_manual(root, "tiny")
    assert loaded is not None and problems == []
    return loaded


def put(root: Path, files: dict[str, object]) -> None:
    with BranchCommit(root, "gh-pages", "test", "Casey") as commit:
        for path, data in files.items():
            commit.add(path, data if isinstance(data, str) else json.dumps(data))


def version(rev: str, effective: str, sequence: int, current: bool = False) -> dict:
    return {
        "version": rev,
        "title": f"Rev {rev}",
        "aliases": ["current"] if current else [],
        "properties": {"effective": effective, "sequence": sequence},
    }


def event(rev: str, action: str = "published", at: str = "2026-09-01T10:00:00Z", **extra) -> dict:
    return {
        "action": action,
        "revision": rev,
        "effective": "2026-09-01",
        "at": at,
        "by": "Casey",
        "source_commit": None,
        "source_dirty": False,
        "reason": None,
    } | extra


def snapshot(rev: str, changes: tuple[str, ...] | None, approved: str | None = "Pat Doe, Owner") -> str:
    return Snapshot("tiny", rev, "2026-09-01", {}, changes, approved).to_json()


@pytest.fixture
def src(repo) -> Path:
    write_manual(repo)
    set_document(repo, revision="3", effective="2026-11-01", changes=["Rev 3: <new> hazard form."])
    init_repo(repo)
    return repo


THIS = RevisionRow("3", "2026-11-01", "Pat Doe, Owner", ("Rev 3: <new> hazard form.",), this=True)


def test_outside_a_repository_only_this_revision(repo, today):
    write_manual(repo)
    assert history_rows(repo, manual(repo)) == (RevisionRow("1", "2026-09-01", "Pat Doe, Owner", (), this=True),)
    today("2026-12-05")
    (row,) = history_rows(repo, manual(repo), reissue_reason="Wrong phone")
    assert row.notes == ("Reissued on 2026-12-05: Wrong phone",)


def test_a_folder_inside_another_repository_has_no_published_history(src):
    inner = src / "inner"
    write_manual(inner)
    put(src, {"tiny/versions.json": [version("1", "2026-09-01", 1, True)]})
    assert len(history_rows(inner, manual(inner))) == 1


def test_published_revisions_follow_newest_first(src):
    put(
        src,
        {
            "tiny/versions.json": [version("2", "2026-10-01", 2, True), version("1", "2026-09-01", 1)],
            "tiny/hsms-history.json": [
                event("1"),
                event("2", at="2026-10-01T08:00:00Z"),
                event("1", "replaced", at="2026-10-03T08:00:00Z", reason="Wrong <b>phone</b>"),
            ],
            "tiny/1/hsms-snapshot.json": snapshot("1", ("First issue.",)),
            "tiny/2/hsms-snapshot.json": snapshot("2", ("Fire exits moved.",), "Dana Kowalski, President"),
        },
    )
    assert history_rows(src, manual(src)) == (
        THIS,
        RevisionRow("2", "2026-10-01", "Dana Kowalski, President", ("Fire exits moved.",)),
        RevisionRow(
            "1", "2026-09-01", "Pat Doe, Owner", ("First issue.",), ("Replaced on 2026-10-03: Wrong <b>phone</b>",)
        ),
    )  # notes as data: the PDF writer escapes them


def test_a_replacement_lists_only_the_revisions_before_it(src):
    put(
        src,
        {
            "tiny/versions.json": [
                version("4", "2026-12-01", 3, True),
                version("3", "2026-11-01", 2),
                version("1", "2026-09-01", 1),
            ],
            "tiny/1/hsms-snapshot.json": snapshot("1", ("First issue.",)),
        },
    )
    rows = history_rows(src, manual(src), publishing=True, reissue_reason="typo")
    assert [r.revision for r in rows] == ["3", "1"]
    assert rows[0].notes == ("Reissued on 2026-12-01: typo",)


def test_an_older_snapshot_reads_notes_and_approver_from_the_commit_published(src):
    set_document(src, revision="1", changes=["From the commit."], approved_by={"name": "Lee Old", "title": "Boss"})
    old = commit_all(src, "rev 1 as published")
    set_document(
        src, revision="3", changes=["Rev 3: <new> hazard form."], approved_by={"name": "Pat Doe", "title": "Owner"}
    )
    commit_all(src, "now")
    put(
        src,
        {
            "tiny/versions.json": [version("2", "2026-10-01", 2, True), version("1", "2026-09-01", 1)],
            "tiny/hsms-history.json": [event("1", source_commit=old), event("2", source_commit="0" * 40)],
            "tiny/1/hsms-snapshot.json": snapshot("1", None, None),
            # revision 2: no snapshot, and its commit is not in this repository
        },
    )
    _, two, one = history_rows(src, manual(src))
    assert one == RevisionRow("1", "2026-09-01", "Lee Old, Boss", ("From the commit.",))
    assert two == RevisionRow("2", "2026-10-01", "", (), recorded=False)


def test_a_commit_whose_manual_yml_is_unreadable_records_nothing(src):
    (src / "manuals" / "tiny" / "manual.yml").write_text("document: [broken\n", encoding="utf-8")
    bad = commit_all(src, "broken")
    git(src, "checkout", "-q", "HEAD~1", "--", "manuals/tiny/manual.yml")
    put(
        src,
        {
            "tiny/versions.json": [version("1", "2026-09-01", 1, True)],
            "tiny/hsms-history.json": [event("1", source_commit=bad)],
        },
    )
    _, one = history_rows(src, manual(src))
    assert (one.recorded, one.changes, one.approved_by) == (False, (), "")

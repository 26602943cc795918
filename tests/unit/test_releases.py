"""releases: the published side read back from the branch — revisions in publication order, their
history, the revision in force on a date, change notes from a snapshot or the commit published,
and a hand-edited branch reported (never a traceback)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from branch_kit import commit_all, git, init_repo

from hsms_manuals.changes import Snapshot
from hsms_manuals.errors import EnvironmentFailure
from hsms_manuals.gitbranch import BranchCommit
from hsms_manuals.releases import (
    Event,
    Published,
    Release,
    in_force,
    load_published,
    published_notes,
    published_snapshot,
    version_title,
)


@pytest.fixture
def src(tmp_path) -> Path:
    root = tmp_path / "src"
    (root / "manuals" / "m").mkdir(parents=True)
    (root / "manuals" / "m" / "manual.yml").write_text(
        "document:\n  revision: '1'\n  changes: [First issue., 'Fire exits: moved']\n", encoding="utf-8"
    )
    init_repo(root)
    return root


def version(rev: str, effective: str | None, sequence: int, current: bool = False, **extra) -> dict:
    props = {"sequence": sequence} | ({"effective": effective} if effective else {})
    return {
        "version": rev,
        "title": f"Rev {rev}",
        "aliases": ["current"] if current else [],
        "properties": props,
    } | extra


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


def put(root: Path, files: dict[str, object], branch: str = "gh-pages") -> None:
    with BranchCommit(root, branch, "test", "Casey") as commit:
        for path, data in files.items():
            commit.add(path, data if isinstance(data, (str, bytes)) else json.dumps(data))


def test_nothing_published_is_an_empty_list(src):
    published = load_published(src, "m")
    assert (published.releases, published.history, published.latest) == ((), (), None)
    assert published.get("1") is None


def test_revisions_come_in_publication_order_with_their_own_events(src):
    put(
        src,
        {
            # mike lists the newest first; hsms reads the order from the sequence it recorded
            "m/versions.json": [
                version("10", "2027-01-01", 3, current=True),
                version("9", "2026-10-01", 2),
                version("1", "2026-09-01", 1),
            ],
            "m/hsms-history.json": [
                event("1"),
                event("9", at="2026-10-01T08:00:00Z"),
                event("1", "replaced", at="2026-10-05T09:00:00Z", reason="typo"),
                event("10", at="2027-01-01T08:00:00Z"),
            ],
        },
    )
    published = load_published(src, "m")
    assert [r.revision for r in published.releases] == ["1", "9", "10"]
    first, ninth, tenth = published.releases
    assert (first.effective, first.sequence, first.current) == (dt.date(2026, 9, 1), 1, False)
    assert tenth.current and not ninth.current
    assert [(e.action, e.reason) for e in first.events] == [("published", None), ("replaced", "typo")]
    assert first.published_at == "2026-09-01T10:00:00Z"  # the first publication, not the replacement
    assert len(published.history) == 4
    assert published.latest == tenth
    assert (published.before(ninth), published.after(ninth)) == (first, tenth)
    assert (published.before(first), published.after(tenth)) == (None, None)
    assert published.get("9") == ninth


def test_each_manual_reads_only_its_own_folder(src):
    put(src, {"a/versions.json": [version("1", "2026-09-01", 1, True)], "b/versions.json": []})
    assert [r.revision for r in load_published(src, "a").releases] == ["1"]
    assert load_published(src, "b").releases == ()
    assert load_published(src, "a", branch="other").releases == ()


@pytest.mark.parametrize(
    ("files", "why"),
    [
        ({"m/versions.json": "{not json"}, ""),
        ({"m/versions.json": b"[\xff\xfe]"}, ""),  # not UTF-8
        ({"m/hsms-history.json": b"\xff"}, ""),
        ({"m/versions.json": [version("1", "1st of September", 1)]}, "Invalid isoformat string"),
        ({"m/versions.json": [version("1", None, 1) | {"properties": ["x"]}]}, "properties of version 1 are not"),
        ({"m/versions.json": [version("1", None, "first")]}, "invalid literal for int()"),
        ({"m/hsms-history.json": {"1": "published"}}, ""),
        ({"m/hsms-history.json": ["published"]}, "history entry 'published' is not an object"),
        ({"m/hsms-history.json": [event("1", by=7)]}, "has a field of the wrong type"),
        ({"m/hsms-history.json": [event("1", source_dirty="no")]}, "has a field of the wrong type"),
        ({"m/hsms-history.json": [event("1", who="me")]}, "unexpected keyword argument 'who'"),
    ],
)
def test_a_hand_edited_branch_is_reported_with_how_to_repair_it(src, files, why):
    put(src, {"m/versions.json": [version("1", "2026-09-01", 1, True)]} | files)
    with pytest.raises(EnvironmentFailure) as exc:
        load_published(src, "m")
    message = str(exc.value)
    assert message.startswith("gh-pages:m/: unreadable versions.json or hsms-history.json (")
    assert why in message
    assert message.endswith(") — repair the branch (git log / git revert on it)")


def _published(*releases: Release) -> Published:
    return Published("m", "gh-pages", releases, ())


def rel(rev: str, effective: str | None, sequence: int) -> Release:
    return Release(rev, f"Rev {rev}", dt.date.fromisoformat(effective) if effective else None, sequence, False)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2026-08-31", None),  # before the first revision took effect
        ("2026-09-01", "1"),  # on its effective date
        ("2026-09-30", "1"),
        ("2026-10-01", "2b"),  # two revisions effective the same day: the later published
        ("2030-01-01", "2b"),
    ],
)
def test_the_revision_in_force_on_a_date(on, expected):
    published = _published(
        rel("1", "2026-09-01", 1), rel("2", "2026-10-01", 2), rel("2b", "2026-10-01", 3), rel("x", None, 4)
    )
    found = in_force(published, dt.date.fromisoformat(on))
    assert (found.revision if found else None) == expected


def test_version_title():
    assert version_title("4.10", dt.date(2027, 3, 1)) == "Rev 4.10 — effective 2027-03-01"


def _snapshot(changes: tuple[str, ...] | None) -> str:
    return Snapshot("m", "1", "2026-09-01", {}, changes, "Pat Doe, Owner").to_json()


def test_change_notes_come_from_the_snapshot_first(src):
    put(src, {"m/1/hsms-snapshot.json": _snapshot(("Snapshot note.",))})
    release = Release("1", "Rev 1", dt.date(2026, 9, 1), 1, True, (Event(**event("1", source_commit="HEAD")),))
    assert published_notes(src, "m", release) == ("Snapshot note.",)
    assert published_snapshot(src, "m", "1").approved_by == "Pat Doe, Owner"
    assert published_snapshot(src, "m", "2") is None


def test_older_snapshots_read_the_notes_from_the_commit_published(src):
    head = git(src, "rev-parse", "HEAD").strip()
    put(src, {"m/1/hsms-snapshot.json": _snapshot(None)})  # written before snapshots kept the notes
    (src / "manuals" / "m" / "manual.yml").write_text("document:\n  changes: [Later.]\n", encoding="utf-8")
    commit_all(src, "later")
    events = (Event(**event("1", source_commit=head)),)
    release = Release("1", "Rev 1", dt.date(2026, 9, 1), 1, True, events)
    assert published_notes(src, "m", release) == ("First issue.", "Fire exits: moved")
    gone = Release("1", "Rev 1", None, 1, True, (Event(**event("1", source_commit="0" * 40)),))
    assert published_notes(src, "m", gone) is None  # that commit is not in this repository
    assert published_notes(src, "m", Release("1", "Rev 1", None, 1, True, ())) is None


def test_notes_from_an_unreadable_manual_yml_are_unknown(src):
    (src / "manuals" / "m" / "manual.yml").write_text("document: [unclosed\n", encoding="utf-8")
    broken = commit_all(src, "broken")
    release = Release("1", "Rev 1", None, 1, True, (Event(**event("1", source_commit=broken)),))
    assert published_notes(src, "m", release) is None


@pytest.mark.parametrize("garbled", ["{}", b"\xff\xfe{"])
def test_a_garbled_snapshot_is_reported(src, garbled):
    put(src, {"m/1/hsms-snapshot.json": garbled})
    with pytest.raises(EnvironmentFailure, match=r"^gh-pages:m/1/hsms-snapshot.json: not a readable hsms snapshot"):
        published_snapshot(src, "m", "1")

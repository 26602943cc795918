"""The published side of a manual, read from the published branch: its revisions
(``versions.json``, mike's format), their history (``hsms-history.json``) and which one was in
force on a date. Reading only: ``publish`` writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .changes import SNAPSHOT_FILE, Snapshot
from .errors import EnvironmentFailure
from .gitbranch import BRANCH, git, read_branch_file
from .paths import MANUAL_FILE, MANUALS_DIR

CURRENT = "current"
VERSIONS_FILE = "versions.json"
HISTORY_FILE = "hsms-history.json"


def fmt_date(d: dt.date | None) -> str:
    return d.isoformat() if d else "unknown"


# --- what is published -------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One line of hsms-history.json."""

    action: str  # "published" | "replaced"
    revision: str
    effective: str
    at: str  # UTC, ISO 8601
    by: str
    source_commit: str | None
    source_dirty: bool
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Release:
    """A published revision, as the branch describes it."""

    revision: str
    title: str
    effective: dt.date | None
    sequence: int
    current: bool
    events: tuple[Event, ...] = field(default=())

    @property
    def published_at(self) -> str:
        return self.events[0].at if self.events else ""


@dataclass(frozen=True)
class Published:
    manual_id: str
    branch: str
    releases: tuple[Release, ...]  # oldest first (publication order)
    history: tuple[Event, ...]

    def get(self, revision: str) -> Release | None:
        return next((r for r in self.releases if r.revision == revision), None)

    @property
    def latest(self) -> Release | None:
        return self.releases[-1] if self.releases else None

    def after(self, release: Release) -> Release | None:
        later = [r for r in self.releases if r.sequence > release.sequence]
        return later[0] if later else None

    def before(self, release: Release) -> Release | None:
        earlier = [r for r in self.releases if r.sequence < release.sequence]
        return earlier[-1] if earlier else None


def in_force(published: Published, on: dt.date) -> Release | None:
    """The latest revision whose effective date is on or before ``on``."""
    dated = [r for r in published.releases if r.effective is not None and r.effective <= on]
    return max(dated, key=lambda r: (r.effective, r.sequence)) if dated else None


def version_title(revision: str, effective: dt.date) -> str:
    return f"Rev {revision} — effective {effective.isoformat()}"


def load_published(root: Path, manual_id: str, branch: str = BRANCH) -> Published:
    """Read versions.json and hsms-history.json of one manual from the branch (nothing = empty)."""
    vtext = read_branch_file(root, branch, f"{manual_id}/{VERSIONS_FILE}")
    htext = read_branch_file(root, branch, f"{manual_id}/{HISTORY_FILE}")
    try:  # the branch can be edited by hand: anything unexpected in it is the user's to repair
        from mike.versions import Versions  # mike is imported only by the verbs that publish

        versions = Versions.loads(vtext) if vtext else Versions()
        history = tuple(_event(e) for e in json.loads(htext)) if htext else ()
        releases = []
        for info in versions:
            props = info.properties or {}
            if not isinstance(props, dict):
                raise TypeError(f"properties of version {info.version} are not an object")
            eff = props.get("effective")
            releases.append(
                Release(
                    revision=str(info.version),
                    title=str(info.title),
                    effective=dt.date.fromisoformat(eff) if isinstance(eff, str) else None,
                    sequence=int(props.get("sequence", 0)),
                    current=CURRENT in info.aliases,
                    events=tuple(e for e in history if e.revision == str(info.version)),
                )
            )
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise EnvironmentFailure(
            f"{branch}:{manual_id}/: unreadable {VERSIONS_FILE} or {HISTORY_FILE} ({exc}) — "
            "repair the branch (git log / git revert on it)"
        ) from exc
    releases.sort(key=lambda r: (r.sequence, r.effective or dt.date.min))
    return Published(manual_id, branch, tuple(releases), history)


def _event(entry: Any) -> Event:
    """One history entry, with the types hsms wrote (TypeError otherwise)."""
    if not isinstance(entry, dict):
        raise TypeError(f"history entry {entry!r} is not an object")
    event = Event(**entry)
    texts = ("action", "revision", "effective", "at", "by")
    if not all(isinstance(getattr(event, name), str) for name in texts) or not isinstance(event.source_dirty, bool):
        raise TypeError(f"history entry {entry!r} has a field of the wrong type")
    return event


def published_snapshot(root: Path, manual_id: str, revision: str, branch: str = BRANCH) -> Snapshot | None:
    """The snapshot a published revision carries (None if it has none: not published by hsms)."""
    path = f"{manual_id}/{revision}/{SNAPSHOT_FILE}"
    text = read_branch_file(root, branch, path)
    return Snapshot.from_json(text, f"{branch}:{path}") if text is not None else None


def published_notes(root: Path, manual_id: str, release: Release, branch: str = BRANCH) -> tuple[str, ...] | None:
    """The change notes a revision was published with: from its snapshot, or for revisions
    published before snapshots recorded them, from manual.yml in the commit it was published
    from. None when neither is there to read."""
    snap = published_snapshot(root, manual_id, release.revision, branch)
    if snap is not None and snap.changes is not None:
        return snap.changes
    commit = next((e.source_commit for e in reversed(release.events) if e.source_commit), None)
    if commit is None:
        return None
    shown = git(root, "show", f"{commit}:{MANUALS_DIR}/{manual_id}/{MANUAL_FILE}", check=False)
    if shown.returncode != 0:
        return None
    import yaml

    try:
        notes = yaml.safe_load(shown.stdout)["document"].get("changes") or []
    except (yaml.YAMLError, TypeError, KeyError, AttributeError):
        return None
    return tuple(str(n) for n in notes) if isinstance(notes, list) else None

"""The revision history the PDF prints: this revision (from manual.yml, always), then every
revision published before it, newest first, read from the published branch — ``versions.json``
and ``hsms-history.json`` (which revisions, when replaced and why, via ``releases``) and each
revision's ``hsms-snapshot.json`` (its change notes and approver).

A snapshot written before hsms recorded change notes has none: then they are read from
manual.yml as it was in the commit the revision was published from (``source_commit`` of its
history), and said to be "not recorded" when that commit is not in the repository.

``hsms publish`` reads the branch it publishes to. A plain ``hsms build`` reads the default
published branch when the repository has one (read-only, no network), so a printed preview
shows the history its publication will show; without it, only this revision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import clock
from .changes import SNAPSHOT_FILE, Snapshot
from .errors import HsmsError
from .gitbranch import BRANCH, git, read_branch_file
from .model import Manual
from .paths import MANUAL_FILE, MANUALS_DIR
from .pdf.front_matter import RevisionRow
from .pdf.labels import label
from .releases import Release, fmt_date, load_published


def history_rows(
    root: Path, manual: Manual, *, branch: str = BRANCH, publishing: bool = False, reissue_reason: str | None = None
) -> tuple[RevisionRow, ...]:
    """This revision, then the earlier published ones, newest first. ``publishing``: the branch
    must be read (a publish already checked the repository); otherwise a folder that is not the
    root of a git repository, or has no git, simply has no published history.
    ``reissue_reason``: this revision replaces its published self (``publish --replace``)."""
    d = manual.document
    notes = (label("history.reissue", date=clock.today().isoformat(), reason=reissue_reason),) if reissue_reason else ()
    this = RevisionRow(
        d.revision, d.effective.isoformat(), f"{d.approved_by.name}, {d.approved_by.title}", d.changes, notes, this=True
    )
    if not publishing and not _is_repository_root(root):
        return (this,)
    published = load_published(root, manual.id, branch)
    own = published.get(d.revision)
    earlier = [r for r in published.releases if own is None or r.sequence < own.sequence]
    return (this, *(_row(root, manual.id, branch, r) for r in reversed(earlier)))


def _is_repository_root(root: Path) -> bool:
    try:
        p = git(root, "rev-parse", "--show-toplevel", check=False)
    except HsmsError:  # no git at all: nothing was published from here
        return False
    return p.returncode == 0 and Path(p.stdout.removesuffix("\n")).resolve() == root.resolve()


def _row(root: Path, manual_id: str, branch: str, release: Release) -> RevisionRow:
    path = f"{manual_id}/{release.revision}/{SNAPSHOT_FILE}"
    text = read_branch_file(root, branch, path)
    snap = Snapshot.from_json(text, f"{branch}:{path}") if text is not None else None
    changes = snap.changes if snap else None
    approved = snap.approved_by if snap else None
    if changes is None or approved is None:  # an older snapshot: manual.yml of the commit published
        commits = [e.source_commit for e in release.events if e.source_commit]
        old = _document_at(root, manual_id, commits[-1]) if commits else None
        if old is not None:
            changes = changes if changes is not None else old[0]
            approved = approved if approved is not None else old[1]
    notes = tuple(
        label("history.replaced", date=e.at[:10], reason=e.reason or "")
        for e in release.events
        if e.action == "replaced"
    )
    return RevisionRow(
        release.revision,
        fmt_date(release.effective) if release.effective else "",
        approved or "",
        changes or (),
        notes,
        recorded=changes is not None,
    )


def _document_at(root: Path, manual_id: str, commit: str) -> tuple[tuple[str, ...] | None, str | None] | None:
    """document.changes and the approver in manual.yml at ``commit`` (None: not readable)."""
    p = git(root, "show", f"{commit}:{MANUALS_DIR}/{manual_id}/{MANUAL_FILE}", check=False)
    if p.returncode != 0:
        return None
    try:
        data: Any = yaml.safe_load(p.stdout)
        doc = data["document"]
        changes = doc.get("changes") or []
        who = doc["approved_by"]
        if not (isinstance(changes, list) and all(isinstance(c, str) for c in changes)):
            return None
        return tuple(changes), f"{who['name']}, {who['title']}"
    except (yaml.YAMLError, TypeError, KeyError, AttributeError):
        return None

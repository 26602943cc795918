"""Versioned publishing with mike's branch layout: every manual under its own prefix.

The published branch (``gh-pages`` unless told otherwise) holds, per manual::

    <manual>/index.html            redirect → current/  (mike's "default version")
    <manual>/versions.json         mike's list: version = revision, title, aliases, properties
    <manual>/hsms-history.json     one entry per publish / replace, with the reason
    <manual>/<revision>/…          the built site + pdf/<manual>-rev-<N>.pdf + hsms-snapshot.json
    <manual>/current/…             redirect pages (alias_type redirect) → the newest revision
    index.html                     an empty page, so no server lists the clients' folders

A revision is published on or after its effective date, never before: the newest revision
is ``current`` at once, and nothing would move the alias on the day it takes effect.

A publish builds first (strict, with the PDF) into a temporary folder, then writes everything
in **one** commit through mike's ``git fast-import`` committer: a failed or interrupted publish
leaves the branch as it was. Nothing is pushed unless asked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import posixpath
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Template

from .gitbranch import BRANCH, at_root, branch_head, check_branch, git, read_branch_file, require_repo
from .changes import SNAPSHOT_FILE, Snapshot
from .errors import BuildFailed, HsmsError, UsageError, ValidationFailed
from .manual import manual_root
from .paths import MANUAL_FILE, MANUALS_DIR
from . import clock

REMOTE = "origin"
CURRENT = "current"
VERSIONS_FILE = "versions.json"
HISTORY_FILE = "hsms-history.json"
RESERVED = {CURRENT, VERSIONS_FILE, HISTORY_FILE, "index.html"}
ROOT_INDEX = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" "
              "content=\"noindex\"><title>Health and safety manuals</title></head>\n<body><p>Open the link to "
              "your company's manual that you were given.</p></body></html>\n")


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


# --- git ---------------------------------------------------------------------------------

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
            releases.append(Release(
                revision=str(info.version), title=str(info.title),
                effective=dt.date.fromisoformat(eff) if isinstance(eff, str) else None,
                sequence=int(props.get("sequence", 0)), current=CURRENT in info.aliases,
                events=tuple(e for e in history if e.revision == str(info.version))))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise HsmsError(f"{branch}:{manual_id}/: unreadable {VERSIONS_FILE} or {HISTORY_FILE} ({exc}) — "
                        "repair the branch (git log / git revert on it)") from None
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


# --- publish -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PublishResult:
    release: Release
    commit: str
    replaced: bool
    pushed: bool


def publish(root: Path, manual_id: str, *, replace_reason: str | None = None, branch: str = BRANCH,
            push: bool = False, remote: str = REMOTE) -> PublishResult:
    """Build the manual and publish it as revision ``document.revision``; see the module doc."""
    from mike import git_utils

    from .build import build_site
    from .state import load_state

    manual_root(root, manual_id)
    require_repo(root)
    try:
        state = load_state(root, manual_id)  # every problem at once, before any work
    except ValidationFailed as exc:
        raise BuildFailed(f"manual '{manual_id}' has {len(exc.problems)} problem(s); nothing was published:\n{exc}") from None
    doc = state.manual.document
    rev, effective = doc.revision, doc.effective
    yml = f"{MANUALS_DIR}/{manual_id}/{MANUAL_FILE}"
    if rev in RESERVED:
        raise UsageError(f"{yml}: document.revision '{rev}' is reserved by the published layout — use a number such as 1, 2, 3")
    if effective > clock.today():  # it would be `current` at once; moving the alias later needs a scheduler
        raise UsageError(f"revision {rev} takes effect on {effective.isoformat()} — publish it on or after that date "
                         "(workers must not see it as current before then)")
    committer = _committer(root)
    check_branch(root, branch)
    with at_root(root):
        if push:  # like mike: start from the remote branch when ours is behind (local refs only)
            try:
                git_utils.update_from_upstream(remote, branch)
            except git_utils.GitError as exc:
                raise UsageError(f"{exc} — reconcile {branch} with {remote}/{branch} first") from None
        head = branch_head(root, branch)
        published = load_published(root, manual_id, branch)
        existing = published.get(rev)
        _check_request(published, existing, rev, effective, replace_reason, yml)
        previous = published.before(existing) if existing else published.latest
        sequence = existing.sequence if existing else (published.latest.sequence + 1 if published.latest else 1)
        becomes_current = existing is None or existing.current
        with tempfile.TemporaryDirectory(prefix=f"hsms-publish-{manual_id}-") as tmp:
            site = Path(tmp) / "site"
            prev_file = None
            if previous is not None:
                prev_file = Path(tmp) / "previous-snapshot.json"
                prev_file.write_text(_previous_snapshot(root, branch, manual_id, previous.revision), encoding="utf-8")
            try:
                build_site(root, manual_id, site, pdf=True, publish=True, previous_snapshot=prev_file)
            except BuildFailed as exc:
                raise BuildFailed(f"{exc} — nothing was published") from None
            pdf = site / state.pdf_src
            if not pdf.is_file():
                raise BuildFailed(f"{manual_id}: the build wrote no {state.pdf_src} — nothing was published")
            event = Event("replaced" if existing else "published", rev, effective.isoformat(),
                          dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
                          committer, *_source(root, manual_id), reason=replace_reason)
            if branch_head(root, branch) != head:
                raise BuildFailed(f"{branch} changed while {manual_id} was building (another publish?) — "
                                  "nothing was published; run the command again")
            message = _message(manual_id, rev, effective, event)
            commit = _commit(root, branch, manual_id, site, rev, version_title(rev, effective), effective,
                             sequence, becomes_current, published, event, message)
        pushed = False
        if push:
            try:
                git_utils.push_branch(remote, branch)
            except git_utils.GitError as exc:
                raise HsmsError(f"revision {rev} was published to the local branch {branch} ({commit[:7]}) but the "
                                f"push failed: {exc} — fix the remote, then run `git push {remote} {branch}`") from None
            pushed = True
    release = load_published(root, manual_id, branch).get(rev)
    assert release is not None
    return PublishResult(release, commit, existing is not None, pushed)


def _check_request(published: Published, existing: Release | None, rev: str, effective: dt.date,
                   reason: str | None, yml: str) -> None:
    if existing and reason is None:
        raise UsageError(
            f"revision {rev} of {published.manual_id} is already published (effective "
            f"{fmt_date(existing.effective)}) and published revisions never change — raise document.revision in "
            f"{yml} (and set document.effective and document.changes) to publish a new revision; only in an "
            f"emergency, replace it with --replace --reason \"why\"")
    if reason is not None and not existing:
        raise UsageError(f"--replace: revision {rev} of {published.manual_id} is not published yet, so there is "
                         f"nothing to replace — publish it without --replace")
    if reason is not None and not reason.strip():
        raise UsageError("--replace needs a --reason that says why the published revision must change")
    # Effective dates must not go backwards in publication order (else `versions --on` is ambiguous).
    order = [r for r in published.releases if r.revision != rev]
    before = [r for r in order if r.sequence < existing.sequence] if existing else order
    after = [r for r in order if r.sequence > existing.sequence] if existing else []
    late = [r for r in before if r.effective and r.effective > effective]
    early = [r for r in after if r.effective and r.effective < effective]
    if late or early:
        other = (late or early)[-1 if late else 0]
        rel = "earlier than" if late else "later than"
        raise UsageError(f"{yml}: document.effective {effective.isoformat()} is {rel} revision {other.revision} "
                         f"(effective {fmt_date(other.effective)}) — a revision must take effect on or after the one before it")


def fmt_date(d: dt.date | None) -> str:
    return d.isoformat() if d else "unknown"


def _committer(root: Path) -> str:
    name = os.environ.get("GIT_COMMITTER_NAME") or git(root, "config", "user.name", check=False).stdout.strip()
    email = os.environ.get("GIT_COMMITTER_EMAIL") or git(root, "config", "user.email", check=False).stdout.strip()
    if not name or not email:
        raise UsageError("git does not know who is publishing — run `git config user.name \"Your Name\"` and "
                         "`git config user.email you@example.com` in the repository (the history records it)")
    return name


def _source(root: Path, manual_id: str) -> tuple[str | None, bool]:
    """The commit the manual was published from, and whether its files had uncommitted edits."""
    head = git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).stdout.strip() or None
    status = git(root, "status", "--porcelain", "--", f"{MANUALS_DIR}/{manual_id}", "partners", "overrides",
                 "mkdocs.yml", check=False).stdout.strip()
    return head, bool(status)


def _previous_snapshot(root: Path, branch: str, manual_id: str, revision: str) -> str:
    path = f"{manual_id}/{revision}/{SNAPSHOT_FILE}"
    text = read_branch_file(root, branch, path)
    if text is None:
        raise HsmsError(f"{branch}:{path} is missing, so the changes since revision {revision} cannot be listed — "
                        "was that revision published by `hsms publish`?")
    Snapshot.from_json(text, f"{branch}:{path}")
    return text


def _message(manual_id: str, rev: str, effective: dt.date, event: Event) -> str:
    src = f" from {event.source_commit[:12]}" if event.source_commit else ""
    dirty = " (with uncommitted changes)" if event.source_dirty else ""
    if event.action == "replaced":
        return (f"hsms: REPLACED {manual_id} revision {rev} (effective {effective.isoformat()}){src}{dirty}\n\n"
                f"Reason: {event.reason}\n")
    return f"hsms: published {manual_id} revision {rev} (effective {effective.isoformat()}){src}{dirty}\n"


def _redirect_template() -> Template:
    text = resources.files("mike").joinpath("templates/redirect.html").read_text(encoding="utf-8")
    return Template(text, autoescape=True, keep_trailing_newline=True)


def _redirect(template: Template, src: str, dst: str) -> str:
    """A redirect page at src pointing at dst (both branch paths), as mike writes for aliases."""
    href = posixpath.relpath(dst, posixpath.dirname(src))
    if posixpath.basename(href) == "index.html":  # directory URLs
        href = posixpath.dirname(href) + "/"
    return template.render(href=href)


def _commit(root: Path, branch: str, manual_id: str, site: Path, rev: str, title: str, effective: dt.date,
            sequence: int, becomes_current: bool, published: Published, event: Event, message: str) -> str:
    """One commit: the revision folder, the current/ redirects, versions.json, history, root pages."""
    from mike import git_utils
    from mike.versions import Versions

    vtext = read_branch_file(root, branch, f"{manual_id}/{VERSIONS_FILE}")
    versions = Versions.loads(vtext) if vtext else Versions()
    info = versions.add(rev, title, [CURRENT] if becomes_current else [], update_aliases=True)
    info.properties = {"effective": effective.isoformat(), "sequence": sequence}
    history = [e.to_json() for e in published.history] + [event.to_json()]
    dest, alias = f"{manual_id}/{rev}", f"{manual_id}/{CURRENT}"
    template = _redirect_template()
    try:
        with git_utils.Commit(branch, message) as commit:
            commit.delete_files([dest] + ([alias] if becomes_current else []))
            for f in git_utils.walk_real_files(str(site)):
                canonical = f.copy(dest, str(site))
                canonical.path = canonical.path.replace(os.sep, "/")
                commit.add_file(canonical)
                if becomes_current and canonical.path.endswith(".html"):
                    src = alias + canonical.path[len(dest):]
                    commit.add_file(git_utils.FileInfo(src, _redirect(template, src, canonical.path)))
            commit.add_file(git_utils.FileInfo(f"{manual_id}/{VERSIONS_FILE}", versions.dumps() + "\n"))
            commit.add_file(git_utils.FileInfo(f"{manual_id}/{HISTORY_FILE}",
                                               json.dumps(history, indent=1, ensure_ascii=False) + "\n"))
            commit.add_file(git_utils.FileInfo(f"{manual_id}/index.html",
                                               template.render(href=f"{CURRENT}/")))
            commit.add_file(git_utils.FileInfo("index.html", ROOT_INDEX))
            commit.add_file(git_utils.FileInfo(".nojekyll", ""))
    except git_utils.GitError as exc:
        raise BuildFailed(f"writing the commit on {branch} failed ({exc}) — the branch was left as it was") from None
    sha = branch_head(root, branch)
    assert sha
    return sha

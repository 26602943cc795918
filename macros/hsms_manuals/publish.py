"""Versioned publishing with mike's branch layout: every manual under its own prefix.

The published branch (``gh-pages`` unless told otherwise) holds, per manual::

    <manual>/index.html            redirect → current/  (mike's "default version")
    <manual>/versions.json         mike's list: version = revision, title, aliases, properties
    <manual>/hsms-history.json     one entry per publish / replace, with the reason
    <manual>/<revision>/…          the built site + pdf/<manual>-rev-<N>.pdf + hsms-snapshot.json
    <manual>/current/…             redirect pages (alias_type redirect) → the newest revision
    index.html                     an empty page, so no server lists the clients' folders

Like mike's ``deploy``, a publish is three steps: **plan** (every check and the new
versions.json, before any work), **build** (strict, with the PDF, into a temporary folder) and
**commit** (everything in one ``git fast-import`` commit: a failed or interrupted publish leaves
the branch as it was). A revision is published on or after its effective date, never before:
the newest revision is ``current`` at once, and nothing would move the alias on the day it
takes effect. Nothing is pushed unless asked."""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Template

from . import clock
from .build_marker import MARKER_FILE, read_marker
from .changes import SNAPSHOT_FILE, Snapshot, same_notes
from .errors import BuildFailed, EnvironmentFailure, UsageError, ValidationFailed
from .gitbranch import (
    BRANCH,
    REMOTE,
    BranchCommit,
    branch_head,
    check_branch,
    committer,
    git,
    push_branch,
    read_branch_file,
    require_repo,
    update_from_upstream,
)
from .manual import manual_root
from .offline import WORKER
from .paths import CONFIG, MANUAL_FILE, MANUALS_DIR, OVERRIDES_DIR, PARTNERS_DIR
from .releases import (
    CURRENT,
    HISTORY_FILE,
    VERSIONS_FILE,
    Event,
    Published,
    Release,
    fmt_date,
    load_published,
    published_notes,
    version_title,
)
from .state import ManualState

ROOT_INDEX = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="robots" '
    'content="noindex"><title>Health and safety manuals</title></head>\n<body><p>Open the link to '
    "your company's manual that you were given.</p></body></html>\n"
)


@dataclass(frozen=True)
class PublishPlan:
    """What a publish will write, decided before any work: checked and complete."""

    manual_id: str
    branch: str
    revision: str
    effective: dt.date
    replace_reason: str | None
    published: Published  # the branch as it was when planned
    head: str | None  # the branch's commit when planned (a publish meanwhile aborts ours)
    previous: Release | None  # the revision this one is compared with ("What changed")
    sequence: int
    becomes_current: bool
    by: str  # who publishes (git's committer)

    @property
    def replaces(self) -> Release | None:
        return self.published.get(self.revision)


@dataclass(frozen=True)
class PublishResult:
    release: Release
    commit: str
    replaced: bool
    pushed: bool


def publish(
    root: Path,
    manual_id: str,
    *,
    replace_reason: str | None = None,
    branch: str = BRANCH,
    push: bool = False,
    remote: str = REMOTE,
    same_notes_ok: bool = False,
) -> PublishResult:
    """Build the manual and publish it as revision ``document.revision``; see the module doc."""
    from .state import load_state

    manual_root(root, manual_id)
    require_repo(root)
    try:
        state = load_state(root, manual_id)  # every problem at once, before any work
    except ValidationFailed as exc:
        raise BuildFailed(
            f"manual '{manual_id}' has {len(exc.problems)} problem(s); nothing was published:\n{exc}"
        ) from exc
    check_branch(root, branch)
    if push:  # like mike: start from the remote branch when ours is behind (local refs only)
        update_from_upstream(root, remote, branch)
    plan = plan_publish(root, state, replace_reason, branch, same_notes_ok=same_notes_ok)
    with tempfile.TemporaryDirectory(prefix=f"hsms-publish-{manual_id}-") as tmp:
        site = build_revision(root, state, plan, Path(tmp))
        commit = commit_revision(root, plan, site, _event(root, plan))
    pushed = False
    if push:
        try:
            push_branch(root, remote, branch)
        except EnvironmentFailure as exc:
            raise EnvironmentFailure(
                f"revision {plan.revision} was published to the local branch {branch} "
                f"({commit[:7]}) but the push failed: {exc} — fix the remote, then run "
                f"`git push {remote} {branch}`"
            ) from exc
        pushed = True
    release = load_published(root, manual_id, branch).get(plan.revision)
    if release is None:  # the commit we just wrote does not list it: the branch is not ours to trust
        raise EnvironmentFailure(
            f"{branch} does not list revision {plan.revision} after publishing it — check the "
            "branch with `git log` on it"
        )
    return PublishResult(release, commit, plan.replaces is not None, pushed)


# --- 1. plan -------------------------------------------------------------------------------


def plan_publish(
    root: Path, state: ManualState, replace_reason: str | None, branch: str, *, same_notes_ok: bool = False
) -> PublishPlan:
    """Every refusal happens here, before the build: a revision already published, a replacement
    without reason, an effective date in the future or before the previous revision's, change
    notes copied from the previous revision (unless ``same_notes_ok``)."""
    manual_id = state.manual.id
    doc = state.manual.document
    rev, effective = doc.revision, doc.effective
    yml = f"{MANUALS_DIR}/{manual_id}/{MANUAL_FILE}"
    if effective > clock.today():  # it would be `current` at once; moving the alias later needs a scheduler
        raise UsageError(
            f"revision {rev} takes effect on {effective.isoformat()} — publish it on or after that date "
            "(workers must not see it as current before then)"
        )
    by = committer(root)
    published = load_published(root, manual_id, branch)
    existing = published.get(rev)
    _check_request(published, existing, rev, effective, replace_reason, yml)
    latest = published.latest
    previous = published.before(existing) if existing else latest
    if previous is not None and not same_notes_ok:
        _check_notes(root, published, previous, doc.changes, rev, yml)
    return PublishPlan(
        manual_id=manual_id,
        branch=branch,
        revision=rev,
        effective=effective,
        replace_reason=replace_reason,
        published=published,
        head=branch_head(root, branch),
        previous=previous,
        sequence=existing.sequence if existing else (latest.sequence + 1 if latest else 1),
        becomes_current=existing is None or existing.current,
        by=by,
    )


def _check_request(
    published: Published, existing: Release | None, rev: str, effective: dt.date, reason: str | None, yml: str
) -> None:
    if existing and reason is None:
        raise UsageError(
            f"revision {rev} of {published.manual_id} is already published (effective "
            f"{fmt_date(existing.effective)}) and published revisions never change — raise document.revision in "
            f"{yml} (and set document.effective and document.changes) to publish a new revision; only in an "
            f'emergency, replace it with --replace --reason "why"'
        )
    if reason is not None and not existing:
        raise UsageError(
            f"--replace: revision {rev} of {published.manual_id} is not published yet, so there is "
            f"nothing to replace — publish it without --replace"
        )
    if reason is not None and not reason.strip():
        raise UsageError("--replace needs a --reason that says why the published revision must change")
    # Effective dates must not go backwards in publication order (else `versions --on` is ambiguous).
    order = [r for r in published.releases if r.revision != rev]
    before = [r for r in order if r.sequence < existing.sequence] if existing else order
    after = [r for r in order if r.sequence > existing.sequence] if existing else []
    late = [r for r in before if r.effective and r.effective > effective]
    early = [r for r in after if r.effective and r.effective < effective]
    if late or early:
        other = late[-1] if late else early[0]
        rel = "earlier than" if late else "later than"
        raise UsageError(
            f"{yml}: document.effective {effective.isoformat()} is {rel} revision {other.revision} "
            f"(effective {fmt_date(other.effective)}) — a revision must take effect on or after the one "
            "before it"
        )


def _check_notes(
    root: Path, published: Published, previous: Release, notes: tuple[str, ...], rev: str, yml: str
) -> None:
    """Revision N's change notes must not be revision N-1's, left unedited."""
    earlier = published_notes(root, published.manual_id, previous, published.branch)
    if earlier is not None and same_notes(notes, earlier):
        raise UsageError(
            f"{yml}: document.changes are the change notes of revision {previous.revision}, unchanged — "
            f"write what changed in revision {rev} (one line per change, in words a worker understands), "
            "or pass --same-notes if these notes really describe this revision too"
        )


# --- 2. build ------------------------------------------------------------------------------


def build_revision(root: Path, state: ManualState, plan: PublishPlan, tmp: Path) -> Path:
    """The revision's site, PDF and snapshot in ``tmp/site``, exactly as `hsms build` builds it plus
    the pages only publishing writes (What changed, the superseded banner)."""
    from .build import build_site

    prev_file = None
    if plan.previous is not None:
        prev_file = tmp / "previous-snapshot.json"
        prev_file.write_text(
            _previous_snapshot(root, plan.branch, plan.manual_id, plan.previous.revision), encoding="utf-8"
        )
    site = tmp / "site"
    try:
        build_site(
            root,
            plan.manual_id,
            site,
            pdf=True,
            publish=True,
            previous_snapshot=prev_file,
            branch=plan.branch,
            replace_reason=plan.replace_reason,
        )
    except BuildFailed as exc:
        raise BuildFailed(f"{exc} — nothing was published") from exc
    except OSError as exc:  # a full disk (the temporary folder), a failing file system
        where = os.fsdecode(exc.filename) if exc.filename else str(tmp)
        raise BuildFailed(
            f"{plan.manual_id}: cannot write {where} ({exc.strerror or exc}) — nothing was published"
        ) from exc
    marker = read_marker(site)
    if marker is None or marker.drafts or marker.manual != plan.manual_id:
        what = "a drafts preview (DRAFT watermark)" if marker and marker.drafts else "not a complete hsms build"
        raise BuildFailed(
            f"{plan.manual_id}: the build made for publishing is {what}, says its {MARKER_FILE} — "
            "nothing was published; a drafts preview is never published: check the hsms plugin's "
            f"settings in {CONFIG}"
        )
    if not (site / state.pdf_src).is_file():
        raise BuildFailed(f"{plan.manual_id}: the build wrote no {state.pdf_src} — nothing was published")
    return site


def _previous_snapshot(root: Path, branch: str, manual_id: str, revision: str) -> str:
    path = f"{manual_id}/{revision}/{SNAPSHOT_FILE}"
    text = read_branch_file(root, branch, path)
    if text is None:
        raise EnvironmentFailure(
            f"{branch}:{path} is missing, so the changes since revision {revision} cannot be "
            "listed — was that revision published by `hsms publish`?"
        )
    Snapshot.from_json(text, f"{branch}:{path}")
    return text


# --- 3. commit -----------------------------------------------------------------------------


def _event(root: Path, plan: PublishPlan) -> Event:
    head = git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).stdout.strip() or None
    status = git(
        root,
        "status",
        "--porcelain",
        "--",
        f"{MANUALS_DIR}/{plan.manual_id}",
        PARTNERS_DIR,
        OVERRIDES_DIR,
        CONFIG,
        check=False,
    ).stdout.strip()
    at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Event(
        "replaced" if plan.replaces else "published",
        plan.revision,
        plan.effective.isoformat(),
        at,
        plan.by,
        head,
        bool(status),
        reason=plan.replace_reason,
    )


def _message(plan: PublishPlan, event: Event) -> str:
    src = f" from {event.source_commit[:12]}" if event.source_commit else ""
    dirty = " (with uncommitted changes)" if event.source_dirty else ""
    what = f"{plan.manual_id} revision {plan.revision} (effective {plan.effective.isoformat()}){src}{dirty}"
    if event.action == "replaced":
        return f"hsms: REPLACED {what}\n\nReason: {event.reason}\n"
    return f"hsms: published {what}\n"


def _redirect_template() -> Template:
    text = resources.files("mike").joinpath("templates/redirect.html").read_text(encoding="utf-8")
    return Template(text, autoescape=True, keep_trailing_newline=True)


def _redirect(template: Template, src: str, dst: str) -> str:
    """A redirect page at src pointing at dst (both branch paths), as mike writes for aliases."""
    href = posixpath.relpath(dst, posixpath.dirname(src))
    if posixpath.basename(href) == "index.html":  # directory URLs
        href = posixpath.dirname(href) + "/"
    return template.render(href=href)


def commit_revision(root: Path, plan: PublishPlan, site: Path, event: Event) -> str:
    """One commit: the revision folder, the current/ redirects, versions.json, history, root pages."""
    from mike.versions import Versions

    if branch_head(root, plan.branch) != plan.head:
        raise BuildFailed(
            f"{plan.branch} changed while {plan.manual_id} was building (another publish?) — "
            "nothing was published; run the command again"
        )
    mid = plan.manual_id
    vtext = read_branch_file(root, plan.branch, f"{mid}/{VERSIONS_FILE}")
    versions = Versions.loads(vtext) if vtext else Versions()
    info = versions.add(
        plan.revision,
        version_title(plan.revision, plan.effective),
        [CURRENT] if plan.becomes_current else [],
        update_aliases=True,
    )
    info.properties = {"effective": plan.effective.isoformat(), "sequence": plan.sequence}
    history = [e.to_json() for e in plan.published.history] + [event.to_json()]
    dest, alias = f"{mid}/{plan.revision}", f"{mid}/{CURRENT}"
    template = _redirect_template()
    with BranchCommit(root, plan.branch, _message(plan, event), plan.by) as commit:
        commit.delete([dest] + ([alias] if plan.becomes_current else []))
        for path in sorted(p for p in site.rglob("*") if p.is_file() and not p.is_symlink()):
            rel = path.relative_to(site).as_posix()
            if rel == MARKER_FILE:  # the build's own bookkeeping, checked before the commit; not published
                continue
            if rel == WORKER:  # the offline worker serves the whole manual from its folder (offline.py)
                if plan.becomes_current:
                    commit.add(f"{mid}/{WORKER}", path.read_bytes())
                continue
            commit.add(f"{dest}/{rel}", path.read_bytes(), executable=bool(path.stat().st_mode & 0o111))
            if plan.becomes_current and rel.endswith(".html"):
                src = f"{alias}/{rel}"
                commit.add(src, _redirect(template, src, f"{dest}/{rel}"))
        commit.add(f"{mid}/{VERSIONS_FILE}", versions.dumps() + "\n")
        commit.add(f"{mid}/{HISTORY_FILE}", json.dumps(history, indent=1, ensure_ascii=False) + "\n")
        commit.add(f"{mid}/index.html", template.render(href=f"{CURRENT}/"))
        commit.add("index.html", ROOT_INDEX)
        commit.add(".nojekyll", "")
    return commit.sha

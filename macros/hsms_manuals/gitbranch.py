"""The one git layer of hsms: running git at the repository root (never by changing the
process's working directory), reading the published branch without touching the working tree,
and writing one commit to it with ``git fast-import`` (as mike does, without its module-level
helpers that run git in the current directory)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path
from types import TracebackType
from typing import IO, cast

from . import clock
from .errors import EnvironmentFailure, UsageError
from .paths import CONFIG, MANUALS_DIR

BRANCH = "gh-pages"  # mike's default published branch
REMOTE = "origin"


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    if not root.is_dir():
        raise UsageError(f"{root} is not a folder — run hsms in the repository, or name it with --root")
    try:
        # a hand-edited branch may hold any bytes: they reach the caller's checks, never a UnicodeDecodeError
        p = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise UsageError(
            "git is not installed (or not on PATH) — install git: published revisions are kept in a git branch"
        ) from None
    if check and p.returncode != 0:
        raise EnvironmentFailure(f"git {' '.join(args)} failed: {p.stderr.strip()}")
    return p


def last_changed(root: Path, path: Path) -> dt.date | None:
    """When a file last changed: today if git has uncommitted changes of it, else the date of
    the last commit that touched it; None outside a git repository or without git."""
    try:
        rel = str(path.relative_to(root))  # a name, not a pattern: "a[1].md" must not match a1.md
        pending = git(root, "--literal-pathspecs", "status", "--porcelain", "--", rel, check=False)
        if pending.returncode != 0:
            return None
        if pending.stdout.strip():
            return clock.today()
        last = git(root, "--literal-pathspecs", "log", "-1", "--format=%cs", "--", rel, check=False)
        return dt.date.fromisoformat(last.stdout.strip()) if last.returncode == 0 and last.stdout.strip() else None
    except (UsageError, ValueError):
        return None


def git_names(root: Path, *args: str) -> list[str]:
    """Names listed by a git command run with -z: NUL-separated and never quoted, so a name
    with a space, a quote or a non-ASCII letter comes back as it is."""
    return [name for name in git(root, *args).stdout.split("\0") if name]


def branch_dirs(root: Path, commit: str) -> list[str]:
    """The top-level folders of a commit (one per published manual, on the published branch)."""
    return git_names(root, "ls-tree", "-z", "--name-only", "-d", commit)


def branch_has(root: Path, commit: str, path: str) -> bool:
    return bool(git_names(root, "ls-tree", "-z", "--name-only", commit, "--", path))


def require_repo(root: Path) -> None:
    """mike writes to a branch of the repository whose root holds mkdocs.yml."""
    p = git(root, "rev-parse", "--show-toplevel", check=False)
    top = Path(p.stdout.removesuffix("\n")).resolve() if p.returncode == 0 else None
    if top != root.resolve():
        where = f"it is inside the repository {top}" if top else "it is not a git repository"
        raise UsageError(
            f"{root} must be the root of a git repository to publish ({where}) — run `git init` "
            "there and commit the manuals; published revisions go to a branch of that repository"
        )


def ref_commit(root: Path, ref: str) -> str | None:
    p = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return p.stdout.strip() if p.returncode == 0 else None


def branch_head(root: Path, branch: str) -> str | None:
    return ref_commit(root, f"refs/heads/{branch}")


def read_branch_file(root: Path, branch: str, path: str) -> str | None:
    p = git(root, "show", f"refs/heads/{branch}:{path}", check=False)
    return p.stdout if p.returncode == 0 else None


def check_branch(root: Path, branch: str) -> None:
    """Refuse a branch that is not (or cannot become) a published branch: publishing commits
    to it with `git fast-import`, behind the back of a checked-out working tree."""
    if git(root, "check-ref-format", "--branch", branch, check=False).returncode != 0:
        raise UsageError(f"--branch '{branch}' is not a valid git branch name — the default is {BRANCH}")
    checked_out = git(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.strip()
    if branch == checked_out:
        raise UsageError(
            f"branch {branch} is checked out here, and publishing would commit to it behind your "
            f"working tree's back — publish to a branch of its own (the default is {BRANCH})"
        )
    head = branch_head(root, branch)
    if head and any(branch_has(root, head, name) for name in (MANUALS_DIR, CONFIG)):
        raise UsageError(
            f"branch {branch} holds the manuals' source ({MANUALS_DIR}/, mkdocs.yml), not published "
            f"revisions — publish to a branch of its own (the default is {BRANCH})"
        )


def committer(root: Path) -> str:
    """Who publishes (git's committer name); refused when git does not know."""
    name = os.environ.get("GIT_COMMITTER_NAME") or git(root, "config", "user.name", check=False).stdout.strip()
    email = os.environ.get("GIT_COMMITTER_EMAIL") or git(root, "config", "user.email", check=False).stdout.strip()
    if not name or not email:
        raise UsageError(
            'git does not know who is publishing — run `git config user.name "Your Name"` and '
            "`git config user.email you@example.com` in the repository (the history records it)"
        )
    return name


def update_from_upstream(root: Path, remote: str, branch: str) -> None:
    """Start from ``remote/branch`` when the local branch is behind it (local refs only, as mike)."""
    upstream = ref_commit(root, f"refs/remotes/{remote}/{branch}")
    if upstream is None:
        return
    local = branch_head(root, branch)
    if local is None:
        git(root, "update-ref", f"refs/heads/{branch}", upstream)
        return
    base = git(root, "merge-base", local, upstream, check=False).stdout.strip()
    if base == local and local != upstream:
        git(root, "update-ref", f"refs/heads/{branch}", upstream, local)
    elif base != upstream and base != local:
        raise UsageError(
            f"{branch} has diverged from {remote}/{branch} — reconcile {branch} with {remote}/{branch} first"
        )


def push_branch(root: Path, remote: str, branch: str) -> None:
    p = git(root, "push", "--", remote, branch, check=False)
    if p.returncode != 0:
        raise EnvironmentFailure(f"git push {remote} {branch} failed: {p.stderr.strip()}")


def _escape(m: re.Match[str]) -> str:
    return "\\n" if m.group(1) == "\n" else "\\" + m.group(1)


def _quote(path: str) -> str:
    """A path as fast-import reads it (quoted when it holds a quote or a line break)."""
    if re.search(r'[\n"\\]', path) or path.startswith('"'):
        return '"' + re.sub(r'([\n"\\])', _escape, path) + '"'
    return path


class BranchCommit:
    """One commit on ``branch`` through ``git fast-import``, written only if the block ends
    without an exception: a failed or interrupted publish leaves the branch as it was."""

    def __init__(self, root: Path, branch: str, message: str, name: str) -> None:
        email = os.environ.get("GIT_COMMITTER_EMAIL") or git(root, "config", "user.email", check=False).stdout.strip()
        self.root, self.branch, self.sha = root, branch, ""
        self._proc = subprocess.Popen(
            ["git", "fast-import", "--date-format=now", "--quiet", "--done"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._stdin = cast("IO[bytes]", self._proc.stdin)  # stdin=PIPE: Popen always opens it
        clean = lambda text: re.sub(r"[<>\n]", "", text)  # noqa: E731
        parent = branch_head(root, branch)
        self._write(f"commit refs/heads/{branch}\ncommitter {clean(name)} <{clean(email)}> now\n".encode())
        self._data(message.encode())
        if parent:
            self._write(f"from {parent}\n".encode())

    def _write(self, data: bytes) -> None:
        try:
            self._stdin.write(data)
        except BrokenPipeError:
            raise EnvironmentFailure(
                f"writing the commit on {self.branch} failed: {self._stderr()} — the branch was left as it was"
            ) from None

    def _data(self, data: bytes) -> None:
        self._write(f"data {len(data)}\n".encode() + data + b"\n")

    def _stderr(self) -> str:
        return self._proc.stderr.read().decode("utf-8", "replace").strip() if self._proc.stderr else ""

    def delete(self, paths: list[str]) -> None:
        for path in paths:
            self._write(f"D {_quote(path)}\n".encode())

    def add(self, path: str, data: bytes | str, *, executable: bool = False) -> None:
        mode = "100755" if executable else "100644"
        self._write(f"M {mode} inline {_quote(path)}\n".encode())
        self._data(data.encode("utf-8") if isinstance(data, str) else data)

    def __enter__(self) -> BranchCommit:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is not None:  # nothing is written: fast-import only updates the ref at the end
            self._proc.kill()
            self._proc.wait()
            return
        self._write(b"done\n")
        self._stdin.close()
        err = self._stderr()
        if self._proc.wait() != 0:
            raise EnvironmentFailure(
                f"writing the commit on {self.branch} failed: {err} — the branch was left as it was"
            )
        self.sha = branch_head(self.root, self.branch) or ""

"""The git side of publishing: running git at the repository root, and reading the
published branch (its folders and files) without touching the working tree."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path
from typing import Iterator

from .errors import HsmsError, UsageError
from .paths import MANUALS_DIR

BRANCH = "gh-pages"  # mike's default published branch


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    if not root.is_dir():
        raise UsageError(f"{root} is not a folder — run hsms in the repository, or name it with --root")
    try:
        p = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except FileNotFoundError:
        raise UsageError("git is not installed (or not on PATH) — install git: published revisions are kept "
                         "in a git branch") from None
    if check and p.returncode != 0:
        raise HsmsError(f"git {' '.join(args)} failed: {p.stderr.strip()}")
    return p


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
        raise UsageError(f"{root} must be the root of a git repository to publish ({where}) — run `git init` "
                         "there and commit the manuals; published revisions go to a branch of that repository")


@contextlib.contextmanager
def at_root(root: Path) -> Iterator[None]:
    """mike runs git in the working directory: point it at the repository, then go back."""
    with contextlib.chdir(root):
        yield


def branch_head(root: Path, branch: str) -> str | None:
    p = git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}", check=False)
    return p.stdout.strip() if p.returncode == 0 else None


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
        raise UsageError(f"branch {branch} is checked out here, and publishing would commit to it behind your "
                         f"working tree's back — publish to a branch of its own (the default is {BRANCH})")
    head = branch_head(root, branch)
    if head and any(branch_has(root, head, name) for name in (MANUALS_DIR, "mkdocs.yml")):
        raise UsageError(f"branch {branch} holds the manuals' source ({MANUALS_DIR}/, mkdocs.yml), not published "
                         f"revisions — publish to a branch of its own (the default is {BRANCH})")

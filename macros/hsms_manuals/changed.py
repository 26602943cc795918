"""Which client manuals a set of changed files touches: for CI (one job per changed manual) and
for the pre-commit hook (`hsms validate --files`). A file under ``manuals/<id>/`` touches that
manual; a file every build reads (the partner maps, the law, ``mkdocs.yml``, the theme) touches
them all; anything else touches none."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path

from .errors import UsageError
from .gitbranch import git, git_names, ref_commit
from .manual import manual_ids
from .paths import CONFIG, MANUALS_DIR, OVERRIDES_DIR, PARTNERS_DIR, shown

SHARED = (f"{PARTNERS_DIR}/", f"{OVERRIDES_DIR}/", CONFIG)  # read by every manual's build


def touched(root: Path, files: Iterable[str]) -> list[str]:
    """The ids of the existing manuals that ``files`` (paths as git or pre-commit give them,
    relative to the repository or absolute) touch, sorted."""
    existing = manual_ids(root)
    found: set[str] = set()
    for name in files:
        rel = _relative(root, name)
        if rel is None:
            continue
        if rel == CONFIG or rel.startswith(SHARED[:2]):
            return existing
        parts = rel.split("/")
        if len(parts) >= 3 and parts[0] == MANUALS_DIR and parts[1] in existing:
            found.add(parts[1])
    return sorted(found)


def _relative(root: Path, name: str) -> str | None:
    path = Path(name)
    if path.is_absolute():
        rel = shown(path, root)
        return None if Path(rel).is_absolute() else rel
    rel = posixpath.normpath(name.replace("\\", "/"))
    return None if rel.startswith("../") else rel


def changed_since(root: Path, ref: str) -> list[str]:
    """Files that differ between the common ancestor of ``ref`` and HEAD and the working tree
    (committed or not), old and new names of a rename alike."""
    if ref_commit(root, ref) is None:
        raise UsageError(
            f"'{ref}' is not a commit or branch of this repository — in CI, fetch the base branch "
            "first (e.g. git fetch origin main, or actions/checkout with fetch-depth: 0)"
        )
    base = git(root, "merge-base", ref, "HEAD").stdout.strip()
    return git_names(root, "diff", "-z", "--name-only", "--no-renames", base)


def shard(ids: list[str], spec: str | None) -> list[str]:
    """``K/N``: the K-th of N equal shares (1-based), so N parallel CI jobs split the manuals."""
    if not spec:
        return ids
    k, n = (int(x) for x in spec.split("/"))
    return [m for i, m in enumerate(ids) if i % n == k - 1]

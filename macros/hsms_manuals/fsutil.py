"""Writing output folders safely, shared by `hsms build` and `hsms export` (no MkDocs here):
where hsms may write, why a folder cannot be written, and replacing a folder in one rename."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import UsageError
from .paths import MANUALS_DIR, OVERRIDES_DIR, PARTNERS_DIR

SOURCE_DIRS = (".git", MANUALS_DIR, PARTNERS_DIR, OVERRIDES_DIR)  # hsms reads these: never write into them


def check_outside_sources(root: Path, out: Path, fix: str, *, built: tuple[str, ...] = ()) -> None:
    """Refuse an output folder (resolved) that is or holds the repository, or lies inside a folder
    hsms reads (or one of ``built``, which another command builds into): replacing it, or a folder
    in it, would destroy what hsms works from. ``fix`` tells the user what to do instead."""
    root = root.resolve()
    if out == root or out in root.parents:
        raise UsageError(f"{out} holds the repository {root} — {fix}")
    for name in (*SOURCE_DIRS, *built):
        if out == root / name or (root / name) in out.parents:
            use = "builds into" if name in built else "reads"
            raise UsageError(f"{out} is inside the repository's {name}/ folder, which hsms {use} — {fix}")


def why_not_writable(folder: Path, exc: OSError) -> str:
    """The reason a folder could not be created or written, in the user's terms."""
    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    return f"{blocker} is a file" if blocker else str(exc.strerror or exc)


def swap_in(new: Path, target: Path) -> None:
    """Replace target with new using renames (no copying, no half-written tree)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)  # put the previous tree back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

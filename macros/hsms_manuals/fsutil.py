"""Writing output folders safely, shared by `hsms build` and `hsms export` (no MkDocs here):
where hsms may write, why a folder cannot be written, replacing a folder atomically, and tidying
what a killed run left behind."""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

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
    """Replace target with new, so that at every instant target is one whole tree, the old or
    the new, even if the process is killed (kill -9) in between: one atomic exchange of the two
    folders where the system has it (Linux renameat2), else two renames, undone on failure (a
    kill between those two leaves the old tree beside, which ``recover`` puts back)."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    if _exchange(new, target):
        remove_tree(new)  # new now holds the old tree
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)  # put the previous tree back
        raise
    remove_tree(old)


def remove_tree(path: Path) -> None:
    """Remove a tree of ours, also where a folder in it was made read-only (a published site
    set read-only by hand: rmtree alone left the whole old tree, hidden, beside the new one).
    What still cannot go is left, for ``recover`` to try again."""

    def writable_then_again(func: Any, failed: str, _exc: Any) -> None:
        folder = os.path.dirname(failed)
        try:
            os.chmod(folder, os.stat(folder).st_mode | stat.S_IWUSR | stat.S_IXUSR)
            if func is os.rmdir or func is os.unlink:
                func(failed)
            else:  # listing or opening the folder itself failed: it needs reading rights too
                os.chmod(failed, os.stat(failed).st_mode | stat.S_IRWXU)
                shutil.rmtree(failed, ignore_errors=True)
        except OSError:
            pass

    shutil.rmtree(path, onerror=writable_then_again)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically; False where the system or file system cannot."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # e.g. a file system without exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to load (not Linux/macOS)
        return None


def temporary_folder(parent: Path, name: str, kind: str) -> Path:
    """A new folder ``.<name>.<kind>-<pid>-<random>`` in parent: the pid lets a later run
    recognise the leftovers of a run that was killed (see ``recover``)."""
    return Path(tempfile.mkdtemp(prefix=f".{name}.{kind}-{os.getpid()}-", dir=parent))


def recover(parent: Path, name: str, kind: str) -> None:
    """Tidy what killed runs (kill -9, power loss) left beside ``parent/name``: their
    temporary folders are removed, and a previous tree set aside by a two-rename swap is put
    back if ``name`` is missing. Folders of runs still alive are left alone."""
    pattern = re.compile(rf"^\.{re.escape(name)}\.(?:{re.escape(kind)}-(\d+)-.+|old-(\d+))$")
    try:
        entries = sorted(os.listdir(parent))
    except OSError:
        return
    for entry in entries:
        m = pattern.match(entry)
        if not m or _alive(int(m[1] or m[2])):
            continue
        path = parent / entry
        if m[2] and not os.path.lexists(parent / name):
            os.rename(path, parent / name)
        else:
            remove_tree(path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True

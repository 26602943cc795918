"""Where `hsms build` writes, checked before anything is built (no MkDocs here): the manuals to
build, the output folder, and whether an existing ``<site-dir>/<manual>`` folder is an earlier
build that may be replaced."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .build_marker import MARKER_FILE
from .errors import UsageError
from .fsutil import check_outside_sources
from .manual import manual_ids, manual_root
from .paths import SITE


def plan(
    root: Path, manuals: Sequence[str], site_dir: Path | None = None, *, allow_none: bool = False
) -> tuple[list[str], Path]:
    """What `hsms build` will do: the manuals (all when none are named; each once, in the order
    given) and the output folder. Unknown manuals and unsafe output folders are usage errors,
    raised before any build starts. ``allow_none``: no buildable manual is not a usage error
    (the caller reports folders that are not manuals)."""
    ids = list(dict.fromkeys(manuals)) or manual_ids(root)
    if not ids and not allow_none:
        raise UsageError("no manuals found under manuals/ — create one with `hsms new`")
    for mid in ids:
        manual_root(root, mid)
    out_root = (site_dir or root / SITE).resolve()
    check_site_dir(root, out_root, ids)
    return ids, out_root


def check_site_dir(root: Path, out_root: Path, ids: Sequence[str]) -> None:
    """Refuse an output folder (resolved) whose <manual> folders would replace the repository or
    its sources, or an existing folder that hsms did not build."""
    check_outside_sources(root, out_root, "choose another --site-dir, e.g. site/ (the default)")
    for mid in ids:
        target = out_root / mid
        found = not_a_build(target)
        if found:
            raise UsageError(
                f"{target} exists and was not written by `hsms build` ({found}), and building {mid} "
                f"would replace it — move it away (or, if an older hsms built it, delete it once), "
                "or choose another --site-dir"
            )


def not_a_build(folder: Path) -> str | None:
    """Why an existing folder may not be replaced by a build; None if it may (an earlier build,
    empty, or absent). Only the marker counts: a folder that merely looks like a site (index.html,
    404.html) may be someone's work."""
    if folder.is_symlink():
        return "it is a link"
    if not folder.exists():
        return None
    if not folder.is_dir():
        return "it is a file"
    marker = folder / MARKER_FILE
    if marker.is_file() and not marker.is_symlink():
        return None
    return None if not any(folder.iterdir()) else f"it has no {MARKER_FILE} marker"

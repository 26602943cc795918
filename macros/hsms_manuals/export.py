"""`hsms export`: the published branch as a folder any static web server can host."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from .errors import EnvironmentFailure, UsageError
from .fsutil import check_outside_sources, recover, swap_in, temporary_folder, why_not_writable
from .gitbranch import BRANCH, branch_dirs, branch_has, branch_head, read_branch_file, require_repo
from .releases import VERSIONS_FILE

EXPORT_MARK = ".hsms-export"  # marks a folder as ours, so a later export may replace it


def published_manuals(root: Path, branch: str, head: str) -> list[str]:
    """The manuals on the branch: top-level folders holding a versions.json."""
    return sorted(
        d for d in branch_dirs(root, head) if read_branch_file(root, branch, f"{d}/{VERSIONS_FILE}") is not None
    )


def check_destination(root: Path, out: Path) -> None:
    """Refuse a folder whose replacement would clobber the repository, what hsms builds from or
    into, or a folder that is not an earlier export."""
    check_outside_sources(root, out, "export to a folder outside it, e.g. ../www", built=("site",))
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / EXPORT_MARK).is_file())):
        raise UsageError(f"{out} exists and is not an earlier `hsms export` — choose a new or empty folder")


def export(root: Path, out: Path, manual_ids: list[str] | None = None, branch: str = BRANCH) -> tuple[str, list[str]]:
    """Write the branch (or only some manuals) to ``out`` for a static web server. The folder is
    written beside ``out`` and renamed into place; returns (commit, manuals written)."""
    require_repo(root)
    head = branch_head(root, branch)
    if head is None:
        raise UsageError(
            f"nothing is published yet (no branch '{branch}') — publish a manual with `hsms publish MANUAL`"
        )
    available = published_manuals(root, branch, head)
    if not available:
        raise UsageError(
            f"branch {branch} holds no published manual (no <manual>/{VERSIONS_FILE}) — publish one "
            f"with `hsms publish MANUAL`, or name the published branch with --branch"
        )
    wanted = list(dict.fromkeys(manual_ids or available))
    unknown = [m for m in wanted if m not in available]
    if unknown:
        raise UsageError(f"not published on {branch}: {', '.join(unknown)} — published manuals: {', '.join(available)}")
    out = out.resolve()
    check_destination(root, out)
    recover(out.parent, out.name, "export")  # what a killed export left behind
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = temporary_folder(out.parent, out.name, "export")
    except OSError as exc:
        raise UsageError(f"cannot write {out} ({why_not_writable(out.parent, exc)}) — choose another folder") from exc
    try:
        paths = [f"{m}/" for m in wanted] + (["index.html"] if branch_has(root, head, "index.html") else [])
        proc = subprocess.Popen(
            ["git", "--literal-pathspecs", "archive", "--format=tar", head, "--", *paths],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
                if hasattr(tarfile, "data_filter"):  # Python ≥ 3.11.4: also plain permissions
                    tar.extractall(tmp, members=_files_and_folders(tar), filter="data")
                else:  # pragma: no cover
                    tar.extractall(tmp, members=_files_and_folders(tar))
        except tarfile.TarError as exc:  # a hand-edited branch: a link, a device, a name out of the folder
            proc.kill()
            proc.wait()
            raise EnvironmentFailure(
                f"{branch} holds what a web folder must not ({exc}) — {out} was left as it was; "
                "repair the branch (git log / git revert on it)"
            ) from exc
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.wait() != 0:
            raise EnvironmentFailure(f"git archive {branch} failed: {err.strip()}")
        (tmp / EXPORT_MARK).write_text(json.dumps({"branch": branch, "commit": head}) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o755)
        swap_in(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise EnvironmentFailure(f"writing {out} failed ({exc}) — {out} was left as it was") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return head, wanted


def _files_and_folders(tar: Iterable[tarfile.TarInfo]) -> Iterator[tarfile.TarInfo]:
    """The members of a published branch, each a file or a folder named inside it. hsms never
    publishes a link, so a link (which could point at any file of the web server), a device or a
    name leaving the folder is a hand-edited branch, refused on every Python (the tarfile data
    filter that also refuses them came with Python 3.11.4)."""
    for member in tar:
        name = PurePosixPath(member.name)
        if member.issym() or member.islnk():
            raise tarfile.TarError(f"'{member.name}' is a link to '{member.linkname}'; hsms publishes no links")
        if not (member.isfile() or member.isdir()):
            raise tarfile.TarError(f"'{member.name}' is not a file or a folder")
        if name.is_absolute() or ".." in name.parts:
            raise tarfile.TarError(f"'{member.name}' is outside the folder")
        yield member

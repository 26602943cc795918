"""`hsms export`: the published branch as a folder any static web server can host."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .errors import HsmsError, UsageError
from .publish import BRANCH, VERSIONS_FILE, branch_head, git, read_branch_file, require_repo

EXPORT_MARK = ".hsms-export"  # marks a folder as ours, so a later export may replace it


def export(root: Path, out: Path, manual_ids: list[str] | None = None, branch: str = BRANCH) -> tuple[str, list[str]]:
    """Write the branch (or only some manuals) to ``out`` for a static web server. The folder is
    written beside ``out`` and renamed into place; returns (commit, manuals written)."""
    from .build import swap_in

    require_repo(root)
    head = branch_head(root, branch)
    if head is None:
        raise UsageError(f"nothing is published yet (no branch '{branch}') — publish a manual with `hsms publish MANUAL`")
    tree = git(root, "ls-tree", "--name-only", "-d", head).stdout.split()
    has_index = bool(git(root, "ls-tree", "--name-only", head, "index.html").stdout.strip())
    available = sorted(d for d in tree if read_branch_file(root, branch, f"{d}/{VERSIONS_FILE}") is not None)
    wanted = manual_ids or available
    unknown = [m for m in wanted if m not in available]
    if unknown:
        raise UsageError(f"not published on {branch}: {', '.join(unknown)} — published manuals: "
                         f"{', '.join(available) or '(none)'}")
    out = out.resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / EXPORT_MARK).is_file())):
        raise UsageError(f"{out} exists and is not an earlier `hsms export` — choose a new or empty folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.export-", dir=out.parent))
    try:
        paths = [f"{m}/" for m in wanted] + (["index.html"] if has_index else [])
        proc = subprocess.Popen(["git", "archive", "--format=tar", head, "--", *paths], cwd=root,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            if hasattr(tarfile, "data_filter"):  # Python ≥ 3.11.4
                tar.extractall(tmp, filter="data")
            else:  # pragma: no cover
                tar.extractall(tmp)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.wait() != 0:
            raise HsmsError(f"git archive {branch} failed: {err.strip()}")
        (tmp / EXPORT_MARK).write_text(json.dumps({"branch": branch, "commit": head}) + "\n",
                                       encoding="utf-8")
        os.chmod(tmp, 0o755)
        swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return head, wanted

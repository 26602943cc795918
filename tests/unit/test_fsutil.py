"""fsutil: output replaced whole or not at all — the swap of a finished tree into place (atomic
exchange, or two renames undone on failure), the tidying of what killed runs left behind, and
output folders that would destroy what hsms reads. (Kills at random moments: tests/security.)"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hsms_manuals import fsutil
from hsms_manuals.errors import UsageError
from hsms_manuals.fsutil import check_outside_sources, recover, swap_in, temporary_folder, why_not_writable


def tree(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def dead_pid() -> int:
    """The pid of a process that has ended."""
    p = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    return int(p.stdout)


def test_swap_in_puts_a_new_tree_where_there_was_none(tmp_path):
    new = tree(tmp_path / ".site.build-1-x", **{"index.html": "new"})
    swap_in(new, tmp_path / "site")
    assert contents(tmp_path / "site") == {"index.html": "new"} and sorted(os.listdir(tmp_path)) == ["site"]


@pytest.mark.parametrize("exchange", [True, False], ids=["atomic-exchange", "two-renames"])
def test_swap_in_replaces_the_old_tree_and_leaves_nothing_beside(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(fsutil, "_exchange", lambda a, b: False)
    tree(tmp_path / "site", **{"index.html": "old", "gone.html": "old"})
    new = tree(tmp_path / ".site.build-1-x", **{"index.html": "new"})
    swap_in(new, tmp_path / "site")
    assert contents(tmp_path / "site") == {"index.html": "new"}
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_a_failed_second_rename_puts_the_old_tree_back(tmp_path, monkeypatch):
    monkeypatch.setattr(fsutil, "_exchange", lambda a, b: False)
    tree(tmp_path / "site", **{"index.html": "old"})
    new = tree(tmp_path / ".site.build-1-x", **{"index.html": "new"})
    real_rename = os.rename

    def rename(src, dst):
        if Path(src) == new:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError):
        swap_in(new, tmp_path / "site")
    assert contents(tmp_path / "site") == {"index.html": "old"}


def test_recover_tidies_after_killed_runs_and_leaves_live_ones_alone(tmp_path):
    dead = dead_pid()
    tree(tmp_path / "site", **{"index.html": "current"})
    tree(tmp_path / f".site.build-{dead}-abc", **{"half.html": "x"})  # a killed build's temporary tree
    tree(tmp_path / f".site.old-{dead}", **{"index.html": "older"})  # set aside, and site exists: not needed
    tree(tmp_path / f".site.build-{os.getpid()}-live", **{"x.html": "x"})  # this run's own
    tree(tmp_path / f".other.build-{dead}-abc")  # another output's leftovers are its own business
    recover(tmp_path, "site", "build")
    assert sorted(os.listdir(tmp_path)) == [f".other.build-{dead}-abc", f".site.build-{os.getpid()}-live", "site"]
    assert contents(tmp_path / "site") == {"index.html": "current"}


def test_recover_puts_back_a_tree_a_killed_swap_set_aside(tmp_path):
    dead = dead_pid()
    tree(tmp_path / f".site.old-{dead}", **{"index.html": "previous"})
    recover(tmp_path, "site", "build")
    assert sorted(os.listdir(tmp_path)) == ["site"] and contents(tmp_path / "site") == {"index.html": "previous"}
    recover(tmp_path / "missing", "site", "build")  # no folder yet: nothing to do


def test_temporary_folders_carry_the_pid_recover_looks_for(tmp_path):
    folder = temporary_folder(tmp_path, "site", "build")
    assert folder.parent == tmp_path and folder.name.startswith(f".site.build-{os.getpid()}-")
    recover(tmp_path, "site", "build")
    assert folder.is_dir()  # this process is alive


@pytest.mark.parametrize(
    "out, problem",
    [
        (".", "holds the repository"),
        ("..", "holds the repository"),
        (".git/x", "is inside the repository's .git/ folder, which hsms reads"),
        ("manuals", "is inside the repository's manuals/ folder, which hsms reads"),
        ("partners/acsa", "is inside the repository's partners/ folder, which hsms reads"),
        ("overrides/partials", "is inside the repository's overrides/ folder, which hsms reads"),
        ("site/x", "is inside the repository's site/ folder, which hsms builds into"),
    ],
)
def test_output_may_not_replace_what_hsms_reads_or_builds(tmp_path, out, problem):
    target = (tmp_path / out).resolve()
    with pytest.raises(UsageError) as err:
        check_outside_sources(tmp_path, target, "choose another folder", built=("site",))
    assert str(err.value).startswith(f"{target} ") and problem in str(err.value)
    assert str(err.value).endswith(" — choose another folder")


@pytest.mark.parametrize("out", ["public", "site-preview", "manuals-copy", "../elsewhere"])
def test_other_output_folders_are_fine(tmp_path, out):
    check_outside_sources(tmp_path, (tmp_path / out).resolve(), "fix", built=("site",))


def test_why_a_folder_cannot_be_written_names_the_file_in_the_way(tmp_path):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    err = OSError(errno.ENOTDIR, "Not a directory")
    assert why_not_writable(tmp_path / "out" / "site" / "m", err) == f"{tmp_path / 'out'} is a file"
    assert why_not_writable(tmp_path / "free" / "m", OSError(errno.EACCES, "Permission denied")) == "Permission denied"


def test_swap_in_removes_an_old_tree_that_was_made_read_only(tmp_path, monkeypatch):
    """`chmod a-w site/m`, then a build: the old tree stayed beside the new one, hidden, with its
    PDF (rmtree could not empty a read-only folder). Root may write anywhere, so the check a
    non-root user meets is played here."""
    real = os.unlink

    def unlink(path, *, dir_fd=None):
        folder = os.stat(dir_fd) if dir_fd is not None else os.stat(os.path.dirname(path))
        if not folder.st_mode & stat.S_IWUSR:
            raise PermissionError(13, "Permission denied", path)
        real(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "unlink", unlink)
    target, new = tmp_path / "m", tmp_path / ".m.build-1-x"
    for folder, text in ((target, "old"), (new, "new")):
        (folder / "pdf").mkdir(parents=True)
        (folder / "pdf" / "m.pdf").write_text(text, encoding="utf-8")
        (folder / "index.html").write_text(text, encoding="utf-8")
    for folder in (target / "pdf", target):
        folder.chmod(0o555)
    swap_in(new, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]

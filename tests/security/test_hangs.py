"""Nothing in a manual folder makes hsms hang, loop or skip something silently."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from conftest import run_hsms
from hsms_manuals.cli import main
from sitekit import build, make_repo, write_manual


def test_a_fifo_page_does_not_hang_validate_or_build(tmp_path):
    # In a child process with a timeout: before the fix, this waited for a writer forever.
    root = make_repo(tmp_path)
    mroot = write_manual(root, "m")
    os.mkfifo(mroot / "docs" / "03-pipe.md")
    os.mkfifo(mroot / "manual-notes.md")  # beside docs/: never read at all
    line = (
        "manuals/m/docs/03-pipe.md: a named pipe (FIFO), not a file — remove it: docs/ may only hold files and folders"
    )
    for args, shown in (
        (["validate"], line),
        (["build", "m", "--no-pdf"], line),
        (["coverage", "m"], "warning: " + line),
    ):
        done = run_hsms(*args, cwd=root)
        assert done.returncode == 1, done.stderr
        assert shown in done.stderr.splitlines()
        assert "Traceback" not in done.stderr


def test_a_fifo_manual_yml_is_reported(tmp_path):
    root = make_repo(tmp_path)
    mroot = write_manual(root, "m")
    (mroot / "manual.yml").unlink()
    os.mkfifo(mroot / "manual.yml")
    done = run_hsms("validate", cwd=root)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "manuals/m/manual.yml: not a regular file (a named pipe (FIFO)) — replace "
        "it with an ordinary file, or remove it"
    )


def test_folder_link_loops_are_reported_by_validate_and_build(tmp_path):
    root = make_repo(tmp_path)
    mroot = write_manual(root, "m")
    (mroot / "docs" / "a").mkdir()
    (mroot / "docs" / "a" / "again").symlink_to("..", target_is_directory=True)
    (mroot / "docs" / "a" / "b").symlink_to(".", target_is_directory=True)
    (mroot / "docs" / "x").symlink_to("y")
    (mroot / "docs" / "y").symlink_to("x")
    for args in (["validate"], ["build", "m", "--no-pdf"]):
        done = run_hsms(*args, cwd=root)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        lines = done.stderr.splitlines()
        assert (
            "manuals/m/docs/a/again: a link back to manuals/m/docs, a folder that holds it (a loop) — remove the link"
            in lines
        )
        assert (
            "manuals/m/docs/a/b: a link back to manuals/m/docs/a, a folder that holds it (a loop) — remove the link"
            in lines
        )
        assert (
            "manuals/m/docs/x: a link (y) that loops back on itself — replace the link with the file it means" in lines
        )


def test_an_unreadable_folder_is_reported_by_validate(tmp_path, capsys, monkeypatch):
    root = make_repo(tmp_path)
    mroot = write_manual(root, "m")
    (mroot / "docs" / "private").mkdir()
    (mroot / "docs" / "private" / "p.md").write_text("x", encoding="utf-8")
    listdir = os.listdir

    def denied(path):  # as root (CI), chmod 000 would not stop us reading: simulate EACCES
        if Path(path) == mroot / "docs" / "private":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return listdir(path)

    monkeypatch.setattr(os, "listdir", denied)
    assert main(["--root", str(root), "validate"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "manuals/m/docs/private: cannot read this folder (Permission denied) — make it readable (chmod u+rx) or "
        "remove it: its pages would be left out silently"
    )


def test_a_manual_folder_with_an_invalid_id_fails_alone_in_build(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CI", raising=False)  # CI=true prints only failures and the summary
    root = make_repo(tmp_path)
    write_manual(root, "good")
    write_manual(root, "ríd-ñ")
    assert build(root) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines()[0] == (
        "manuals/ríd-ñ: 'ríd-ñ' is not a valid manual id (it becomes part of web addresses) — rename the folder: "
        "lowercase letters, digits and '-' (at most 63 characters), e.g. ridgeline-builders"
    )
    assert captured.err.splitlines()[-2:] == [
        "1 of 2 manual(s) failed (1 built, 0 unchanged):",
        "  manuals/ríd-ñ: 'ríd-ñ' is not a valid manual id (it becomes part of web addresses)",
    ]
    assert captured.out == f"built good → {root / 'site' / 'good'}\n"
    assert (root / "site" / "good" / "index.html").is_file()


def test_only_an_invalid_manual_folder_is_a_failure_not_no_manuals(tmp_path, capsys):
    root = make_repo(tmp_path)
    write_manual(root, "Bad_Name")
    assert build(root) == 1
    assert capsys.readouterr().err.splitlines()[-2] == "1 of 1 manual(s) failed (0 built, 0 unchanged):"

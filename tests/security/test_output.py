"""Output is never lost: a build replaces only a folder it wrote itself, a full disk or SIGTERM
ends with the previous site in place and no temporary folder left, and no traceback."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import mkdocs.utils
import pytest

from conftest import _RUNNER, TODAY
from hsms_manuals import fsutil
from sitekit import build, make_repo, site_files, write_manual


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site_files(site)}


@pytest.fixture
def built(tmp_path) -> Path:
    (tmp_path / "repo").mkdir()
    root = make_repo(tmp_path / "repo")
    write_manual(root, "m")
    assert build(root, "m") == 0
    return root


# --- a folder that is not a build ---------------------------------------------------------------


def test_a_site_dir_that_merely_looks_like_a_site_is_never_emptied(built, tmp_path, capsys):
    www = tmp_path / "www" / "m"
    www.mkdir(parents=True)
    for name, text in {"index.html": "<h1>My site</h1>", "404.html": "gone", "thesis.docx": "four years"}.items():
        (www / name).write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert build(built, "m", site_dir=tmp_path / "www") == 2
    assert capsys.readouterr().err == (
        f"error: {www} exists and was not written by `hsms build` (it has no .hsms-build marker), and building m "
        "would replace it — move it away (or, if an older hsms built it, delete it once), or choose another "
        "--site-dir\n"
    )
    assert (www / "thesis.docx").read_text(encoding="utf-8") == "four years"
    assert sorted(os.listdir(www)) == ["404.html", "index.html", "thesis.docx"]


# --- a full disk ------------------------------------------------------------------------------


def _full_after(monkeypatch, writes: int, *, named: bool = True) -> None:
    """MkDocs' page writes fail with ENOSPC after ``writes`` of them succeeded."""
    write_file = mkdocs.utils.write_file
    count = {"n": 0}

    def write(content: bytes, output_path: str) -> None:
        count["n"] += 1
        if count["n"] > writes:
            raise OSError(errno.ENOSPC, "No space left on device", output_path if named else None)
        write_file(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", write)


@pytest.mark.parametrize("named", [True, False])
def test_a_full_disk_during_a_build_keeps_the_previous_site(built, monkeypatch, capsys, named):
    site = built / "site" / "m"
    before = snapshot(site)
    _full_after(monkeypatch, 2, named=named)
    capsys.readouterr()
    assert build(built, "m", force=True) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    what = "(?:.+\\.html|" + str(site) + ")" if named else str(site)
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, err
    import re

    assert re.fullmatch(
        f"error: m: cannot write {what} \\(No space left on device\\) — {site} was left as it was", lines[0]
    ), lines[0]
    if named:  # named as it would be in the site, not in the temporary folder
        assert lines[0].startswith(f"error: m: cannot write {site}/") and ".build-" not in lines[0]
    # the closing summary repeats the reason under the manual's name
    assert err.splitlines()[-2:] == [
        "1 of 1 manual(s) failed (0 built, 0 unchanged):",
        "  " + lines[0].removeprefix("error: "),
    ]
    assert snapshot(site) == before
    assert sorted(os.listdir(built / "site")) == ["m"]


def test_a_full_disk_while_writing_the_pdf_keeps_the_previous_site(built, monkeypatch, capsys):
    from weasyprint import Document

    site = built / "site" / "m"
    before = snapshot(site)

    def full(self, target=None, **options):
        target.write(b"%PDF-1.7 half a")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Document, "write_pdf", full)
    capsys.readouterr()
    assert build(built, "m", pdf=True, force=True) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "cannot write the PDF (No space left on device)" in err
    assert snapshot(site) == before
    assert sorted(os.listdir(built / "site")) == ["m"]


def test_output_to_a_full_device_is_one_error_line(tmp_path):
    # The command's own output (stdout) on a full disk: `hsms partners > /dev/full`.
    from conftest import PROJECT

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "hsms_manuals.cli", "partners"],
            cwd=PROJECT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert (done.returncode, done.stderr) == (1, "error: cannot write the output (No space left on device)\n")


# --- SIGTERM and killed builds ----------------------------------------------------------------


def _start(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _RUNNER, TODAY.isoformat(), *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _temp_folders(site: Path) -> list[str]:
    return sorted(n for n in os.listdir(site) if n.startswith("."))


def test_sigterm_during_a_build_removes_its_temporary_folder(built):
    site = built / "site"
    before = snapshot(site / "m")
    write_manual(built, "n")
    proc = _start(built, "build", "m", "n")  # with the PDF: seconds of work to interrupt
    deadline = time.monotonic() + 60
    while not _temp_folders(site) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _temp_folders(site), "the build never started writing"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err.splitlines()[-1] == (
        "error: stopped by SIGTERM — temporary output was removed; the previous output is as it was"
    )
    assert _temp_folders(site) == []
    assert snapshot(site / "m") == before
    assert not (site / "n").exists()  # SIGTERM stops the run: the next manual is not built


def test_a_killed_builds_leftovers_are_tidied_by_the_next_build(built):
    site = built / "site"
    gone = subprocess.Popen(["true"])  # a pid that has surely exited
    gone.wait()
    (site / f".m.build-{gone.pid}-abc123").mkdir()
    (site / f".m.build-{gone.pid}-abc123" / "index.html").write_text("half", encoding="utf-8")
    alive = site / f".m.build-{os.getppid()}-def456"  # a running process's: not ours to remove
    alive.mkdir()
    assert build(built, "m", force=True) == 0  # a build that runs (an unchanged manual is skipped)
    assert _temp_folders(site) == [alive.name]


def test_a_site_set_aside_by_a_killed_two_rename_swap_is_put_back(built, monkeypatch):
    site = built / "site"
    gone = subprocess.Popen(["true"])
    gone.wait()
    before = snapshot(site / "m")
    os.rename(site / "m", site / f".m.old-{gone.pid}")  # killed between the two renames
    fsutil.recover(site, "m", "build")
    assert snapshot(site / "m") == before and _temp_folders(site) == []

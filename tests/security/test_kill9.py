"""kill -9 of `hsms build` and `hsms publish` at random moments: nothing can be cleaned up, so what
is on disk must be whole at every instant — the previous site intact, the published branch
passing `git fsck` with every earlier revision byte-identical — and a retry succeeds.

Each kill lands at a moment drawn uniformly over the length of an uninterrupted run (measured
first, in this same test). The seed is printed; HSMS_KILL_SEED=<seed> replays a run."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import _RUNNER, TODAY
from sitekit import make_repo, page, site_files, write_manual

pytestmark = pytest.mark.slow

KILLS = 10
SEED = int(os.environ.get("HSMS_KILL_SEED") or random.SystemRandom().randrange(2**32))


def start(root: Path, *args: str) -> subprocess.Popen:
    """`hsms …` in a child process of its own group (its git children are in the group too)."""
    return subprocess.Popen(
        [sys.executable, "-c", _RUNNER, TODAY.isoformat(), *args],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def run(root: Path, *args: str) -> tuple[int, float, str]:
    began = time.monotonic()
    proc = start(root, *args)
    _, err = proc.communicate(timeout=300)
    return proc.returncode, time.monotonic() - began, err.decode()


def kill_9_after(root: Path, delay: float, *args: str) -> None:
    """Start hsms, SIGKILL it after ``delay`` seconds (if still running), then wait until every
    process it started (git fast-import …) is gone, as after a real crash."""
    proc = start(root, *args)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.kill()
    proc.wait()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail("processes of the killed hsms did not end")


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in site_files(folder)}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def test_kill_9_during_hsms_build_never_loses_the_site(tmp_path):
    print(f"HSMS_KILL_SEED={SEED}")
    rng = random.Random(SEED)
    root = make_repo(tmp_path)
    write_manual(root, "m")
    code, took, err = run(root, "build", "m", "--no-pdf")  # --no-pdf: builds are byte-identical
    assert code == 0, err
    site = root / "site"
    before = digest(site / "m")
    for _ in range(KILLS):
        kill_9_after(root, rng.uniform(0, took), "build", "m", "--no-pdf")
        # Whole at every instant: the previous site, or the (identical) new one, never a mix or nothing.
        assert digest(site / "m") == before
    code, _, err = run(root, "build", "m", "--no-pdf")
    assert code == 0, err
    assert digest(site / "m") == before
    assert [n for n in os.listdir(site) if n != "m"] == []  # the killed builds' leftovers are tidied


def test_kill_9_during_hsms_publish_never_corrupts_the_branch(tmp_path):
    print(f"HSMS_KILL_SEED={SEED}")
    rng = random.Random(SEED + 1)
    root = make_repo(tmp_path)
    mdir = write_manual(root, "m")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Pat Lee")
    git(root, "config", "user.email", "pat@example.ca")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "rev 1")
    code, _, err = run(root, "publish", "m")
    assert code == 0, err
    head1 = git(root, "rev-parse", "gh-pages").strip()
    rev1 = git(root, "ls-tree", "-r", head1, "m/1")  # every file of revision 1, with its blob hash

    yml = mdir / "manual.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8")
        .replace('revision: "1"', 'revision: "2"')
        .replace("effective: 2026-10-01", "effective: 2026-11-02")
        .replace('changes: ["First issue."]', 'changes: ["New hazard page."]'),
        encoding="utf-8",
    )
    (mdir / "docs" / "03-more.md").write_text(page("More Hazards", "Check the ladder."), encoding="utf-8")
    (mdir / "docs" / "index.md").write_text(
        page("Welcome", "Read the [policy](01-policy.md) and [more](03-more.md)."), encoding="utf-8"
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "rev 2")

    code, took, err = run(root, "publish", "m")  # how long a whole publish of revision 2 takes
    assert code == 0, err
    git(root, "update-ref", "refs/heads/gh-pages", head1)  # un-publish it again: the kills publish it

    def check_branch() -> str:
        head = git(root, "rev-parse", "gh-pages").strip()
        fsck = subprocess.run(["git", "fsck", "--no-progress"], cwd=root, capture_output=True, text=True)
        assert fsck.returncode == 0, fsck.stdout + fsck.stderr
        assert git(root, "ls-tree", "-r", head, "m/1") == rev1
        return head

    for _ in range(KILLS):
        kill_9_after(root, rng.uniform(0, took), "publish", "m")
        head = check_branch()
        if head != head1:  # the kill came after the commit: it must be whole
            assert '"version": "2"' in git(root, "show", f"{head}:m/versions.json")
            assert git(root, "ls-tree", "--name-only", head, "m/2/pdf/m-rev-2.pdf").strip()
            git(root, "update-ref", "refs/heads/gh-pages", head1)
    code, _, err = run(root, "publish", "m")
    assert code == 0, err
    head = check_branch()
    assert git(root, "rev-parse", f"{head}^").strip() == head1
    assert '"version": "2"' in git(root, "show", f"{head}:m/versions.json")

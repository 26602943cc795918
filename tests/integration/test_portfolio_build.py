"""`hsms build` of a portfolio: every ready manual built, each unfinished one reported in the
closing summary, unchanged manuals skipped, parallel builds identical to serial ones, progress
on a terminal, quiet in CI, and an interrupted parallel build that leaves nothing behind."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import run_hsms
from hsms_manuals import portfolio
from hsms_manuals.build_marker import read_marker
from hsms_manuals.cli import main
from hsms_manuals.errors import BuildFailed, ValidationFailed
from sitekit import build, make_repo, page, site_files, write_manual

HSMS = str(Path(sys.executable).with_name("hsms"))


@pytest.fixture(autouse=True)
def not_ci(monkeypatch):
    """The progress lines are checked as a person sees them; CI=true has its own test."""
    monkeypatch.delenv("CI", raising=False)


def three(root: Path) -> Path:
    """Clients a and c are ready; b still has a TODO in manual.yml."""
    for mid in ("a", "b", "c"):
        write_manual(
            root,
            mid,
            company=f"Client {mid.upper()} Ltd.",
            muster="TODO: where everyone gathers" if mid == "b" else "North gate",
        )
    return root


def break_the_build(root: Path, mid: str) -> None:
    """Something only the build finds (validate passes): a claimed heading whose id the
    emergency_contacts() macro takes (its site heading 'Shop' comes first)."""
    text = (
        "Go to the muster point and wait for the head count. The foreman counts everyone against the sign-in "
        "sheet and tells the fire department who is missing. Nobody goes back in until the foreman says so, "
        "even for a phone or a jacket."
    )
    (root / "manuals" / mid / "docs" / "05-emergency.md").write_text(
        page(
            "Emergency", "## Numbers\n\n{{ emergency_contacts() }}\n\n### Shop\n\n" + text, {"emergency.muster": "shop"}
        ),
        encoding="utf-8",
    )


def digests(site: Path) -> dict[str, str]:
    """Every file of a built site and its content, except what differs between two builds of the
    same inputs by nature: the gzip header's time in sitemap.xml.gz."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site_files(site)
        if p.name != "sitemap.xml.gz"
    }


def test_one_unfinished_manual_among_three_is_reported_and_the_others_built(tmp_path, capsys):
    root = three(make_repo(tmp_path))
    assert build(root) == 1
    out, err = capsys.readouterr()
    assert sorted(out.splitlines()) == [f"built a → {root / 'site' / 'a'}", f"built c → {root / 'site' / 'c'}"]
    assert err.splitlines() == [
        "1 of 3 manual(s) failed (2 built, 0 unchanged):",
        "  b: 1 problem(s); first: manuals/b/manual.yml:21: emergency.sites.0.muster_point: not filled in yet (TODO: "
        "where everyone gathers); run `hsms validate b` (or preview it with `hsms build b --drafts`)",
    ]
    assert sorted(p.name for p in (root / "site").iterdir()) == ["a", "c"]


def test_a_named_unfinished_manual_shows_every_problem(tmp_path, capsys):
    root = three(make_repo(tmp_path))
    assert build(root, "b") == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[0] == (
        "manuals/b/manual.yml:21: emergency.sites.0.muster_point: not filled in yet (TODO: "
        "where everyone gathers) — replace it with the company's real information"
    )
    assert err.splitlines()[1] == "1 of 1 manual(s) failed (0 built, 0 unchanged):"


def test_a_failed_build_and_an_unfinished_manual_in_one_summary_in_manual_order(tmp_path, capsys):
    root = three(make_repo(tmp_path))
    break_the_build(root, "a")
    assert main(["--root", str(root), "build", "--no-pdf", "-j", "2"]) == 1
    out, err = capsys.readouterr()
    assert out == f"built c → {root / 'site' / 'c'}\n"
    lines = err.splitlines()
    assert "manuals/a/docs/05-emergency.md: covers.emergency.muster: '#shop' is not the id of your heading" in err
    assert lines[-3:] == [
        "2 of 3 manual(s) failed (1 built, 0 unchanged):",
        "  a: build failed (see the errors above) — nothing was written",
        lines[-1],
    ]
    assert lines[-1].startswith("  b: 1 problem(s); first: manuals/b/manual.yml:21:")


def test_unchanged_manuals_are_skipped_until_an_input_changes_or_force(tmp_path, capsys):
    root = make_repo(tmp_path)
    write_manual(root, "a")
    write_manual(root, "b")
    assert build(root) == 0
    capsys.readouterr()
    before = digests(root / "site" / "a")
    assert build(root) == 0
    assert capsys.readouterr().out.splitlines() == ["unchanged: a", "unchanged: b", "2 manual(s): 0 built, 2 unchanged"]
    assert digests(root / "site" / "a") == before
    page = root / "manuals" / "b" / "docs" / "01-policy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert build(root) == 0
    assert capsys.readouterr().out.splitlines() == [
        "unchanged: a",
        f"built b → {root / 'site' / 'b'}",
        "2 manual(s): 1 built, 1 unchanged",
    ]
    assert main(["--root", str(root), "build", "--no-pdf", "--force", "a"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"built a → {root / 'site' / 'a'}"
    # The build options count: the same inputs with the PDF are another build.
    assert main(["--root", str(root), "build", "a", "-j", "1"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"built a → {root / 'site' / 'a'}"
    assert (root / "site" / "a" / "pdf" / "a-rev-1.pdf").is_file()


def test_the_marker_records_the_build(tmp_path):
    root = make_repo(tmp_path)
    write_manual(root, "a")
    assert build(root) == 0
    marker = read_marker(root / "site" / "a")
    assert (marker.manual, marker.drafts, marker.pdf) == ("a", False, False)
    decided, jobs = portfolio.decide(root, ["a"], root / "site", portfolio.Options(pdf=False))
    assert jobs == [] and decided[0].kind is portfolio.Kind.UNCHANGED
    _, jobs = portfolio.decide(root, ["a"], root / "site", portfolio.Options(pdf=False, drafts=True))
    assert [j.manual_id for j in jobs] == ["a"]
    assert jobs[0].content_hash != marker.content_hash


def test_two_processes_build_the_same_bytes_as_one(tmp_path):
    root = make_repo(tmp_path)
    for mid in ("a", "b", "c"):
        write_manual(root, mid, company=f"Client {mid.upper()} Ltd.")
    assert main(["--root", str(root), "build", "--no-pdf", "-j", "1", "--site-dir", str(tmp_path / "one")]) == 0
    assert main(["--root", str(root), "build", "--no-pdf", "-j", "2", "--site-dir", str(tmp_path / "two")]) == 0
    for mid in ("a", "b", "c"):
        one, two = digests(tmp_path / "one" / mid), digests(tmp_path / "two" / mid)
        assert len(one) > 20 and one == two


def test_debug_reraises_the_first_failure(tmp_path):
    root = three(make_repo(tmp_path))
    with pytest.raises(ValidationFailed):
        main(["--root", str(root), "--debug", "build", "--no-pdf"])
    yml = root / "manuals" / "b" / "manual.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("TODO: where everyone gathers", "Gate"), encoding="utf-8")
    break_the_build(root, "c")
    with pytest.raises(BuildFailed, match="c: build failed"):  # from a worker process
        main(["--root", str(root), "--debug", "build", "--no-pdf", "-j", "2"])
    assert not [p for p in (root / "site").iterdir() if ".build-" in p.name]


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_must_be_one_or_more(tmp_path, capsys, jobs):
    root = make_repo(tmp_path)
    write_manual(root, "a")
    assert main(["--root", str(root), "build", "-j", jobs]) == 2
    assert capsys.readouterr().err.startswith(f"error: -j/--jobs {jobs}: give the number of builds to run at once")


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run hsms with stderr on a pseudo-terminal of 80 columns (stdout a pipe); what the terminal showed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    proc.wait(timeout=120)
    os.close(leader)
    assert proc.returncode == 0, shown
    return shown.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_plain_lines_otherwise_quiet_in_ci(tmp_path):
    root = make_repo(tmp_path)
    write_manual(root, "a")
    write_manual(root, "b")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"NO_MKDOCS_2_WARNING": "1"}
    shown = run_on_a_terminal([HSMS, "--root", str(root), "build", "--no-pdf", "-j", "1"], env)
    assert "building:" in shown and "2/2" in shown and "manual/s" in shown  # tqdm's bar
    plain = run_hsms("--root", str(root), "build", "--no-pdf", "--force", cwd=root, env=env)
    assert plain.returncode == 0
    assert "building:" not in plain.stderr and plain.stderr == ""
    lines = plain.stdout.splitlines()  # as each build ends: in either order with two processes
    assert sorted(lines[:2]) == [f"built a → {root / 'site' / 'a'}", f"built b → {root / 'site' / 'b'}"]
    assert lines[2:] == ["2 manual(s): 2 built, 0 unchanged"]
    ci = run_hsms("--root", str(root), "build", "--no-pdf", "--force", cwd=root, env={"CI": "true"})
    assert (ci.returncode, ci.stdout, ci.stderr) == (0, "2 manual(s): 2 built, 0 unchanged\n", "")
    ci_shown = run_on_a_terminal([HSMS, "--root", str(root), "build", "--no-pdf"], env | {"CI": "true"})
    assert "building:" not in ci_shown


def test_sigterm_stops_a_parallel_build_and_leaves_no_temporary_folder(tmp_path):
    root = make_repo(tmp_path)
    for mid in ("a", "b", "c", "d"):
        write_manual(root, mid)
    assert build(root, "a") == 0
    before = digests(root / "site" / "a")
    proc = subprocess.Popen(
        [HSMS, "--root", str(root), "build", "-j", "2", "--force"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    deadline = time.monotonic() + 60
    while not any(".build-" in p.name for p in (root / "site").iterdir()):  # a build is under way
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert not [p.name for p in (root / "site").iterdir() if p.name.startswith(".")]
    if (root / "site" / "a" / "index.html").is_file():  # a was not rebuilt yet, or rebuilt whole
        assert set(digests(root / "site" / "a")) >= set(before)


def test_status_and_a_build_with_nothing_to_build_do_not_load_mkdocs(tmp_path):
    """Deciding what to build, and hsms status, cost about what validate does: no MkDocs, no WeasyPrint."""
    root = make_repo(tmp_path)
    write_manual(root, "a")
    assert build(root) == 0
    code = (
        "import sys, datetime; import hsms_manuals.clock as c; c.today = lambda: datetime.date(2026, 12, 1); "
        "from hsms_manuals.cli import main; "
        f"codes = [main(['--root', {str(root)!r}, 'status']), main(['--root', {str(root)!r}, 'build', '--no-pdf'])]; "
        "print(codes, sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'weasyprint', 'tqdm'}))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "CI": "true"})
    assert res.stdout.splitlines()[-2:] == ["1 manual(s): 0 built, 1 unchanged", "[1, 0] []"], res.stderr

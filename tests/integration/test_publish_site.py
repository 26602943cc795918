"""`hsms publish`, `versions` and `export` in throwaway git repositories.

One module-scoped repository publishes revision 1 and then revision 2 (a page changed, one
removed, one added); tests that change the branch further work on a copy of it."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from mike.commands import list_versions

from conftest import CHROMIUM, require_browser
from hsms_manuals import clock
from hsms_manuals.changes import PageSource, Snapshot, changes_page_source, compare, fence_for
from hsms_manuals.cli import main
from sitekit import default_pages, make_repo, page, write_manual

NOTE_2 = "Working alone <b>check-ins</b> | every 2 h, see `F-03` *now*"
REV1_EFFECTIVE, REV2_EFFECTIVE = "2026-10-01", "2027-01-15"


# --- helpers -------------------------------------------------------------------------------


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *args])
    return code, out.getvalue(), err.getvalue()


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def init_repo(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Casey Consultant")
    git(root, "config", "user.email", "casey@example.com")
    commit_all(root, "manuals")


def branch_sha(root: Path, branch: str = "gh-pages") -> str:
    return git(root, "rev-parse", branch).strip()


def show(root: Path, path: str, rev: str = "gh-pages") -> str:
    return git(root, "show", f"{rev}:{path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def clone(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, symlinks=True)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Published:
    root: Path
    after_rev1: str  # gh-pages commit after revision 1
    after_rev2: str


@pytest.fixture(scope="module", autouse=True)
def today_is_rev2_effective():
    """Revisions are published on or after their effective date: pin today to revision 2's."""
    with pytest.MonkeyPatch.context() as mp:
        day = dt.date.fromisoformat(REV2_EFFECTIVE)
        mp.setattr(clock, "today", lambda: day)
        yield


@pytest.fixture(autouse=True)
def _on_rev2_effective(today):
    today(REV2_EFFECTIVE)


@pytest.fixture(scope="module")
def published(today_is_rev2_effective, tmp_path_factory) -> Published:
    root = make_repo(tmp_path_factory.mktemp("publish"))
    write_manual(root, "m", pages=default_pages())
    init_repo(root)
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # mike runs git in the cwd: prove we point it at root
    before = os.getcwd()
    os.chdir(elsewhere)
    try:
        code, out, err = run(root, "publish", "m")
        assert code == 0, err
        after_rev1 = branch_sha(root)
        mdir = root / "manuals" / "m"
        edit(mdir / "manual.yml", 'revision: "1"', 'revision: "2"')
        edit(mdir / "manual.yml", f"effective: {REV1_EFFECTIVE}", f"effective: {REV2_EFFECTIVE}")
        edit(mdir / "manual.yml", 'changes: ["First issue."]', f"changes: [{json.dumps(NOTE_2)}, Hazard page retired.]")
        edit(
            mdir / "docs" / "01-policy.md",
            "We put safety first.",
            "We put safety first, every shift.\n\nQuote: ```` four backticks ```` and {{ company.name }} stay text.",
        )
        edit(
            mdir / "docs" / "index.md",
            "Read the [policy](01-policy.md) first.",
            "Read the [policy](01-policy.md) and [working alone](03-alone.md) first.",
        )
        (mdir / "docs" / "02-hazards.md").unlink()
        (mdir / "docs" / "03-alone.md").write_text(
            page("Working <i>Alone</i>", "Call the office every 2 hours."), encoding="utf-8"
        )
        commit_all(root, "revision 2")
        code, out, err = run(root, "publish", "m")
        assert code == 0, err
        assert os.getcwd() == str(elsewhere)
    finally:
        os.chdir(before)
    assert not (elsewhere / ".git").exists()
    return Published(root, after_rev1, branch_sha(root))


# --- the branch ----------------------------------------------------------------------------


def test_branch_layout(published):
    files = set(git(published.root, "ls-tree", "-r", "gh-pages", "--name-only").split())
    for path in (
        "index.html",
        "m/index.html",
        "m/versions.json",
        "m/hsms-history.json",
        "m/1/index.html",
        "m/1/changes/index.html",
        "m/1/hsms-snapshot.json",
        "m/1/pdf/m-rev-1.pdf",
        "m/2/index.html",
        "m/2/changes/index.html",
        "m/2/03-alone/index.html",
        "m/2/pdf/m-rev-2.pdf",
        "m/current/index.html",
        "m/current/01-policy/index.html",
    ):
        assert path in files, path
    assert "m/1/02-hazards/index.html" in files and "m/2/02-hazards/index.html" not in files
    assert not any(f.startswith("m/current/") and not f.endswith(".html") for f in files)  # redirects only
    assert {f.split("/")[0] for f in files} == {".nojekyll", "index.html", "m"}
    for rev in ("1", "2"):
        assert git_bytes(published.root, f"m/{rev}/pdf/m-rev-{rev}.pdf").startswith(b"%PDF")


def test_root_index_lists_no_manuals(published):
    root_index = show(published.root, "index.html")
    assert "<a" not in root_index and "m/" not in root_index


def test_versions_json_is_mikes_format_with_titles_aliases_and_dates(published):
    data = json.loads(show(published.root, "m/versions.json"))
    assert data == [
        {
            "version": "2",
            "title": f"Rev 2 — effective {REV2_EFFECTIVE}",
            "aliases": ["current"],
            "properties": {"effective": REV2_EFFECTIVE, "sequence": 2},
        },
        {
            "version": "1",
            "title": f"Rev 1 — effective {REV1_EFFECTIVE}",
            "aliases": [],
            "properties": {"effective": REV1_EFFECTIVE, "sequence": 1},
        },
    ]
    with contextlib.chdir(published.root):  # mike itself reads the same list
        assert [str(v.version) for v in list_versions("gh-pages", "m")] == ["2", "1"]


def test_current_alias_and_manual_root_redirect_to_the_newest_revision(published):
    assert 'href="../2/"' in show(published.root, "m/current/index.html")
    assert 'href="../../2/01-policy/"' in show(published.root, "m/current/01-policy/index.html")
    assert 'href="current/"' in show(published.root, "m/index.html")


def test_publishing_revision_2_left_revision_1_byte_for_byte(published):
    root = published.root
    assert git(root, "rev-parse", f"{published.after_rev1}:m/1") == git(
        root, "rev-parse", f"{published.after_rev2}:m/1"
    )


def test_history_and_commit_messages(published):
    history = json.loads(show(published.root, "m/hsms-history.json"))
    assert [(e["action"], e["revision"], e["effective"], e["by"], e["reason"]) for e in history] == [
        ("published", "1", REV1_EFFECTIVE, "Casey Consultant", None),
        ("published", "2", REV2_EFFECTIVE, "Casey Consultant", None),
    ]
    assert history[1]["source_commit"] == git(published.root, "rev-parse", "main").strip()
    assert history[1]["source_dirty"] is False
    assert git(published.root, "log", "-1", "--format=%s", "gh-pages").startswith(
        f"hsms: published m revision 2 (effective {REV2_EFFECTIVE}) from "
    )


# --- the pages -----------------------------------------------------------------------------


def article(html: str) -> str:
    return html[html.index('<article class="md-content__inner md-typeset">') : html.index("</article>")]


def test_first_revision_says_so(published):
    page1 = article(show(published.root, "m/1/changes/index.html"))
    assert "<h1>What changed in this revision</h1>" in page1
    assert "<strong>First published revision.</strong>" in page1
    assert "<li>First issue.</li>" in page1


def test_what_changed_lists_pages_diffs_and_escaped_notes(published):
    html = article(show(published.root, "m/2/changes/index.html"))
    assert (
        f"Revision <strong>2</strong>, effective {REV2_EFFECTIVE}, replaces revision <strong>1</strong> "
        f"(effective {REV1_EFFECTIVE})."
    ) in html
    # each page in plain words, linked (a removed page is text: it has no address any more)
    pages = re.findall(
        r"<li>(.*?)</li>", html[html.index("Pages changed since revision 1") : html.index("Emergency information")]
    )
    assert pages == [
        '<a href="../01-policy/">Health and Safety Policy</a>: section “Our promise” changed.',
        "Hazard Assessment: page removed.",
        '<a href="../03-alone/">Working &lt;i&gt;Alone&lt;/i&gt;</a>: new page.',
        '<a href="../">Welcome</a>: introduction changed.',
    ]
    assert "No change to the emergency numbers, sites, muster points or first aiders." in html
    # the change notes, escaped: no markup, no table cell split, no code span
    assert (
        "<li>Working alone &lt;b&gt;check-ins&lt;/b&gt; &#124; every 2 h, see &#96;F-03&#96; &#42;now&#42;</li>" in html
    )
    assert "<li>Hazard page retired.</li>" in html
    # the diff, collapsed for auditors: in a code block, fences and Jinja inside the page text stay literal
    assert '<details class="quote">' in html and '<details class="quote" open' not in html
    diff = re.sub(r"<[^>]+>", "", html[html.index("<strong>Health and Safety Policy</strong> (01-policy.md)") :])
    assert "-We put safety first." in diff
    assert "+We put safety first, every shift." in diff
    assert "+Quote: ```` four backticks ```` and {{ company.name }} stay text." in diff
    assert "+++ revision 2/01-policy.md" in diff


def test_what_changed_page_follows_the_home_page_in_the_nav(published):
    home = show(published.root, "m/2/index.html")
    assert '<link rel="next" href="changes/">' in home
    assert "What changed in this revision" in home


def test_plain_build_has_no_publish_pages(published, tmp_path):
    code, out, err = run(published.root, "build", "m", "--no-pdf", "--site-dir", str(tmp_path))
    assert code == 0, err
    assert not (tmp_path / "m" / "changes").exists() and not (tmp_path / "m" / "hsms-snapshot.json").exists()
    assert "hsms-superseded" not in (tmp_path / "m" / "index.html").read_text(encoding="utf-8")


def test_every_published_page_carries_the_banner_script(published):
    for path in ("m/1/index.html", "m/2/01-policy/index.html", "m/2/changes/index.html"):
        html = show(published.root, path)
        assert '<div class="admonition warning hsms-superseded" id="hsms-superseded" role="alert" hidden></div>' in html
        assert 'fetch(new URL("versions.json", root)' in html
        assert "http://" not in html.split('id="hsms-superseded"')[1].split("</script>")[0]


def test_snapshot_records_approved_page_sources(published):
    snap = Snapshot.from_json(show(published.root, "m/2/hsms-snapshot.json"), "m/2")
    assert (snap.revision, snap.effective) == ("2", REV2_EFFECTIVE)
    assert sorted(snap.pages) == ["01-policy.md", "03-alone.md", "index.md"]
    assert "every shift" in snap.pages["01-policy.md"].source


# --- the PDF's revision history --------------------------------------------------------------


def pdf_texts(root: Path, path: str) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(git_bytes(root, path))).pages]


def history_page(texts: list[str]) -> str:
    """The revision history's text, one line (the page whose first line is its title)."""
    return " ".join(next(t for t in texts if t.startswith("Revision history\n")).split())


def test_each_published_pdf_prints_the_revisions_up_to_its_own(published):
    rev2 = history_page(pdf_texts(published.root, "m/2/pdf/m-rev-2.pdf"))
    assert (
        f"Revision Effective Approved by Changes 2 (this copy) {REV2_EFFECTIVE} Pat Lee, Owner {NOTE_2} "
        f"Hazard page retired. 1 {REV1_EFFECTIVE} Pat Lee, Owner First issue."
    ) in rev2
    rev1 = history_page(pdf_texts(published.root, "m/1/pdf/m-rev-1.pdf"))
    assert f"1 (this copy) {REV1_EFFECTIVE} Pat Lee, Owner First issue." in rev1 and "2 " + REV2_EFFECTIVE not in rev1


def manual_m(root: Path):
    from hsms_manuals.manual import load_manual

    manual, problems = load_manual(root, "m")
    assert manual is not None and not problems, problems
    return manual


def test_a_plain_build_reads_the_published_branch_when_there_is_one(published, tmp_path):
    from hsms_manuals.revision_history import history_rows

    rows = history_rows(published.root, manual_m(published.root))  # revision 2 is published: 1 came before
    assert [(r.revision, r.this, r.changes) for r in rows] == [
        ("2", True, (NOTE_2, "Hazard page retired.")),
        ("1", False, ("First issue.",)),
    ]
    repo = clone(published.root, tmp_path / "repo")
    bump_to_revision_3(repo)  # not published yet: every published revision came before
    assert [r.revision for r in history_rows(repo, manual_m(repo))] == ["3", "2", "1"]
    (tmp_path / "plain").mkdir()
    plain = make_repo(tmp_path / "plain")  # no git repository: only this revision
    shutil.copytree(repo / "manuals" / "m", plain / "manuals" / "m")
    assert [r.revision for r in history_rows(plain, manual_m(plain))] == ["3"]


def test_older_snapshots_without_notes_are_read_from_the_commit_published(published, tmp_path):
    from hsms_manuals.revision_history import history_rows

    repo = clone(published.root, tmp_path / "repo")
    snap = json.loads(show(repo, "m/1/hsms-snapshot.json"))
    assert snap["changes"] == ["First issue."] and snap["approved_by"] == "Pat Lee, Owner"
    del snap["changes"], snap["approved_by"]  # as hsms wrote it before revision histories
    commit_on_branch(repo, "gh-pages", {"m/1/hsms-snapshot.json": json.dumps(snap)})
    rows = history_rows(repo, manual_m(repo))
    assert (rows[1].revision, rows[1].changes, rows[1].approved_by, rows[1].recorded) == (
        "1",
        ("First issue.",),
        "Pat Lee, Owner",
        True,
    )
    history = json.loads(show(repo, "m/hsms-history.json"))
    history[0]["source_commit"] = "0" * 40  # a commit this repository does not have
    history.append({**history[0], "action": "replaced", "at": "2026-10-05T08:00:00Z", "reason": "Typo <fixed>"})
    commit_on_branch(repo, "gh-pages", {"m/hsms-history.json": json.dumps(history)})
    row = history_rows(repo, manual_m(repo))[1]
    assert (row.changes, row.approved_by, row.recorded, row.notes) == (
        (),
        "",
        False,
        ("Replaced on 2026-10-05: Typo <fixed>",),
    )


# --- hsms versions ---------------------------------------------------------------------------


def test_versions_lists_revisions(published):
    code, out, err = run(published.root, "versions", "m")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "m: 2 published revision(s) on branch gh-pages, oldest first"
    assert re.fullmatch(
        rf"  Rev 1  effective {REV1_EFFECTIVE}  published \d{{4}}-\d\d-\d\d  "
        rf"superseded on {REV2_EFFECTIVE} by revision 2",
        lines[1],
    )
    assert re.fullmatch(rf"  Rev 2  effective {REV2_EFFECTIVE}  published \d{{4}}-\d\d-\d\d  current", lines[2])


@pytest.mark.parametrize(
    "day, expected",
    [
        (
            REV1_EFFECTIVE,
            f"{REV1_EFFECTIVE}: revision 1 of m was in force (effective {REV1_EFFECTIVE}; "
            f"superseded on {REV2_EFFECTIVE} by revision 2)",
        ),
        (
            "2027-01-14",
            f"2027-01-14: revision 1 of m was in force (effective {REV1_EFFECTIVE}; "
            f"superseded on {REV2_EFFECTIVE} by revision 2)",
        ),
        (
            REV2_EFFECTIVE,
            f"{REV2_EFFECTIVE}: revision 2 of m was in force (effective {REV2_EFFECTIVE}; still in force)",
        ),
    ],
)
def test_versions_on_a_date_names_the_revision_in_force(published, day, expected):
    code, out, err = run(published.root, "versions", "m", "--on", day)
    assert (code, out, err) == (0, expected + "\n", "")


def test_versions_before_the_first_revision_is_an_error(published):
    code, out, err = run(published.root, "versions", "m", "--on", "2026-09-30")
    assert (code, out) == (1, "")
    assert err == (
        "error: no revision of m was in force on 2026-09-30: the first published revision (1) "
        f"took effect on {REV1_EFFECTIVE}\n"
    )


def test_versions_json_and_bad_date(published):
    code, out, _ = run(published.root, "versions", "m", "--on", "2026-12-01", "--format", "json")
    assert code == 0 and json.loads(out)["revision"] == "1" and json.loads(out)["superseded_by"] == "2"
    with pytest.raises(SystemExit) as exc:
        run(published.root, "versions", "m", "--on", "1 May")
    assert exc.value.code == 2


def test_unpublished_manual_has_no_versions(published, tmp_path):
    repo = clone(published.root, tmp_path / "repo")
    write_manual(repo, "other")
    assert run(repo, "versions", "other") == (
        1,
        "",
        "error: other has no published revisions on branch gh-pages — publish one with `hsms publish other`\n",
    )
    assert run(repo, "versions", "nope")[0] == 2


def test_versions_of_a_missing_branch_says_so(published):
    assert run(published.root, "versions", "m", "--branch", "nope") == (
        1,
        "",
        "error: m has no published revisions on branch nope (the branch does not exist) — publish one with "
        "`hsms publish m`\n",
    )


def commit_on_branch(repo: Path, branch: str, files: dict[str, str]) -> None:
    """Commit files to a branch that is not checked out (a hand edit of the published branch)."""
    env = {**os.environ, "GIT_INDEX_FILE": str(repo / ".git" / "hand-edit-index")}

    def run_git(*a):
        return subprocess.run(
            ["git", *a],
            cwd=repo,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    run_git("read-tree", branch)
    for path, text in files.items():
        blob = subprocess.run(
            ["git", "hash-object", "-w", "--stdin"], cwd=repo, input=text, check=True, capture_output=True, text=True
        ).stdout.strip()
        run_git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}")
    commit = run_git("commit-tree", run_git("write-tree"), "-p", branch, "-m", "hand edit")
    run_git("update-ref", f"refs/heads/{branch}", commit)


@pytest.mark.parametrize(
    "path, change",
    [
        ("m/versions.json", lambda d: d[0]["properties"].update(effective="soon")),
        ("m/versions.json", lambda d: d[0]["properties"].update(sequence="second")),
        ("m/versions.json", lambda d: d[0].update(properties=["effective"])),
        ("m/hsms-history.json", lambda d: d[0].update(at=5)),
        ("m/hsms-history.json", lambda d: d.append("published")),
        ("m/hsms-history.json", lambda d: d[0].update(note="extra")),
    ],
)
def test_a_hand_edited_branch_is_reported_not_a_traceback(published, tmp_path, path, change):
    repo = clone(published.root, tmp_path / "repo")
    data = json.loads(show(repo, path))
    change(data)
    commit_on_branch(repo, "gh-pages", {path: json.dumps(data)})
    for args in (["versions", "m"], ["publish", "m"]):
        code, out, err = run(repo, *args)
        assert (code, out) == (1, ""), err
        assert err.startswith("error: gh-pages:m/: unreadable versions.json or hsms-history.json (")
        assert err.endswith(") — repair the branch (git log / git revert on it)\n")


# --- refusals ------------------------------------------------------------------------------


def test_republishing_a_published_revision_is_refused(published):
    start = time.monotonic()
    code, out, err = run(published.root, "publish", "m")
    assert (code, out) == (2, "")
    assert err == (
        f"error: revision 2 of m is already published (effective {REV2_EFFECTIVE}) and published revisions never "
        "change — raise document.revision in manuals/m/manual.yml (and set document.effective and "
        'document.changes) to publish a new revision; only in an emergency, replace it with --replace --reason "why"\n'
    )
    assert branch_sha(published.root) == published.after_rev2
    assert time.monotonic() - start < 5  # refused before building


@pytest.mark.parametrize(
    "args, message",
    [
        (["--replace"], 'error: --replace needs --reason "why": the reason is kept in the published history\n'),
        (
            ["--reason", "x"],
            "error: --reason only goes with --replace (a new revision's notes go in document.changes)\n",
        ),
        (
            ["--replace", "--reason", "  "],
            "error: --replace needs a --reason that says why the published revision must change\n",
        ),
    ],
)
def test_replace_needs_a_reason(published, args, message):
    assert run(published.root, "publish", "m", *args) == (2, "", message)
    assert branch_sha(published.root) == published.after_rev2


def test_effective_date_may_not_go_backwards(published, tmp_path, today):
    repo = clone(published.root, tmp_path / "repo")
    yml = repo / "manuals" / "m" / "manual.yml"
    edit(yml, 'revision: "2"', 'revision: "3"')
    edit(yml, f"effective: {REV2_EFFECTIVE}", "effective: 2026-12-01")
    code, out, err = run(repo, "publish", "m")
    assert code == 2
    assert err == (
        "error: manuals/m/manual.yml: document.effective 2026-12-01 is earlier than revision 2 "
        f"(effective {REV2_EFFECTIVE}) — a revision must take effect on or after the one before it\n"
    )
    edit(yml, 'revision: "3"', 'revision: "1"')
    edit(yml, "effective: 2026-12-01", "effective: 2027-02-01")
    today("2027-02-01")
    assert run(repo, "publish", "m", "--replace", "--reason", "typo") == (
        2,
        "",
        (
            "error: manuals/m/manual.yml: document.effective 2027-02-01 is later than revision 2 "
            f"(effective {REV2_EFFECTIVE}) — a revision must take effect on or after the one before it\n"
        ),
    )
    assert branch_sha(repo) == published.after_rev2


def test_a_revision_is_not_published_before_it_takes_effect(published, tmp_path, today):
    """The newest revision becomes `current` at once: published early, workers would read rules not
    yet in force and revision 2 would say it is no longer in force."""
    repo = clone(published.root, tmp_path / "repo")
    yml = repo / "manuals" / "m" / "manual.yml"
    edit(yml, 'revision: "2"', 'revision: "3"')
    edit(yml, f"effective: {REV2_EFFECTIVE}", "effective: 2027-03-01")
    new_notes(yml)
    commit_all(repo, "revision 3")
    today("2027-02-28")
    start = time.monotonic()
    assert run(repo, "publish", "m") == (
        2,
        "",
        (
            "error: revision 3 takes effect on 2027-03-01 — publish it on or after that date (workers must not see it "
            "as current before then)\n"
        ),
    )
    assert time.monotonic() - start < 5  # refused before building
    assert branch_sha(repo) == published.after_rev2
    today("2027-03-01")
    code, out, err = run(repo, "publish", "m")
    assert code == 0, err
    assert json.loads(show(repo, "m/versions.json"))[0]["aliases"] == ["current"]


def test_nothing_to_replace_and_invalid_manuals(published, tmp_path):
    repo = clone(published.root, tmp_path / "repo")
    yml = repo / "manuals" / "m" / "manual.yml"
    edit(yml, 'revision: "2"', 'revision: "3"')
    assert run(repo, "publish", "m", "--replace", "--reason", "why") == (
        2,
        "",
        (
            "error: --replace: revision 3 of m is not published yet, so there is nothing to replace — publish it "
            "without --replace\n"
        ),
    )
    edit(yml, "partner: esc", "partner: nosuch")
    code, out, err = run(repo, "publish", "m")
    assert code == 1 and err.startswith(
        "error: manual 'm' has 1 problem(s); nothing was published:\nmanuals/m/manual.yml:"
    )
    assert branch_sha(repo) == published.after_rev2


def test_publishing_needs_a_git_repository(tmp_path):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    code, out, err = run(root, "publish", "m")
    assert (code, out) == (2, "")
    assert err == (
        f"error: {root} must be the root of a git repository to publish (it is not a git repository) — "
        "run `git init` there and commit the manuals; published revisions go to a branch of that "
        "repository\n"
    )
    assert run(root, "versions", "m")[0] == 2
    assert run(root, "export", str(tmp_path / "out"))[0] == 2


def new_notes(yml: Path) -> None:
    """Revision 3's own change notes (publish refuses revision 2's, unchanged)."""
    edit(yml, "changes: [", 'changes: ["Revision 3: the policy is reviewed.", ')


def bump_to_revision_3(repo: Path) -> None:
    edit(repo / "manuals" / "m" / "manual.yml", 'revision: "2"', 'revision: "3"')
    new_notes(repo / "manuals" / "m" / "manual.yml")
    commit_all(repo, "revision 3")


@pytest.mark.parametrize(
    "branch, message",
    [
        (
            "main",
            "error: branch main is checked out here, and publishing would commit to it behind your working "
            "tree's back — publish to a branch of its own (the default is gh-pages)\n",
        ),
        (
            "source-copy",
            "error: branch source-copy holds the manuals' source (manuals/, mkdocs.yml), not published "
            "revisions — publish to a branch of its own (the default is gh-pages)\n",
        ),
        ("bad..name", "error: --branch 'bad..name' is not a valid git branch name — the default is gh-pages\n"),
    ],
)
def test_publishing_to_a_source_branch_is_refused(published, tmp_path, branch, message):
    repo = clone(published.root, tmp_path / "repo")
    bump_to_revision_3(repo)
    git(repo, "branch", "source-copy", "main")
    before = {b: git(repo, "rev-parse", b) for b in ("main", "source-copy", "gh-pages")}
    assert run(repo, "publish", "m", "--branch", branch) == (2, "", message)
    assert {b: git(repo, "rev-parse", b) for b in before} == before
    assert git(repo, "status", "--porcelain") == ""


def test_publishing_needs_a_git_identity(published, tmp_path, monkeypatch):
    repo = clone(published.root, tmp_path / "repo")
    bump_to_revision_3(repo)
    git(repo, "config", "--unset", "user.name")
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.gitconfig
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for name in ("GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    assert run(repo, "publish", "m") == (
        2,
        "",
        (
            'error: git does not know who is publishing — run `git config user.name "Your Name"` and `git config '
            "user.email you@example.com` in the repository (the history records it)\n"
        ),
    )
    assert branch_sha(repo) == published.after_rev2


def test_no_git_or_no_folder_is_a_usage_error(published, tmp_path, monkeypatch):
    from hsms_manuals.errors import UsageError
    from hsms_manuals.gitbranch import git as run_git

    assert run(tmp_path / "nowhere", "versions", "m") == (
        2,
        "",
        f"error: {tmp_path / 'nowhere'} is not an hsms repository (no partners/topics.yml) — run hsms inside "
        "the repository or name it with --root\n",
    )
    with pytest.raises(
        UsageError, match="nowhere is not a folder — run hsms in the repository, or name it with --root"
    ):
        run_git(tmp_path / "nowhere", "status")
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on it
    message = (
        "error: git is not installed (or not on PATH) — install git: published revisions are kept in a git branch\n"
    )
    assert run(published.root, "versions", "m") == (2, "", message)
    assert run(published.root, "export", str(tmp_path / "www")) == (2, "", message)


# --- replace and failure -------------------------------------------------------------------


def test_replace_with_reason_is_recorded(published, tmp_path):
    repo = clone(published.root, tmp_path / "repo")
    edit(repo / "manuals" / "m" / "docs" / "03-alone.md", "every 2 hours", "every 1 hour")
    commit_all(repo, "fix check-in interval")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    reason = "Check-in interval was wrong (2 h instead of 1 h)"
    code, out, err = run(repo, "publish", "m", "--replace", "--reason", reason, "--push")
    assert code == 0, err
    assert out.startswith("replaced m revision 2 (Rev 2 — effective 2027-01-15) on branch gh-pages, commit ")
    assert out.splitlines()[-1] == "pushed gh-pages to origin"
    assert git(remote, "rev-parse", "gh-pages") == git(repo, "rev-parse", "gh-pages")
    history = json.loads(show(repo, "m/hsms-history.json"))
    assert [(e["action"], e["revision"], e["reason"]) for e in history][-1] == ("replaced", "2", reason)
    message = git(repo, "log", "-1", "--format=%B", "gh-pages")
    assert message.startswith("hsms: REPLACED m revision 2") and f"Reason: {reason}" in message
    assert "every 1 hour" in show(repo, "m/2/03-alone/index.html")
    assert git(repo, "rev-parse", "gh-pages:m/1") == git(repo, "rev-parse", f"{published.after_rev2}:m/1")
    assert json.loads(show(repo, "m/versions.json"))[0]["aliases"] == ["current"]
    # the changes page still compares with revision 1
    assert "replaces revision <strong>1</strong>" in show(repo, "m/2/changes/index.html")
    code, out, err = run(repo, "versions", "m")
    assert out.splitlines()[3].strip().endswith(f"by Casey Consultant: {reason}")
    # the reissued PDF says so in its revision history
    history = history_page(pdf_texts(repo, "m/2/pdf/m-rev-2.pdf"))
    assert f"2 (this copy) {REV2_EFFECTIVE} Pat Lee, Owner " in history
    assert f"Reissued on {REV2_EFFECTIVE}: {reason} 1 {REV1_EFFECTIVE} Pat Lee, Owner First issue." in history


def test_a_failing_build_publishes_nothing(published, tmp_path):
    repo = clone(published.root, tmp_path / "repo")
    mdir = repo / "manuals" / "m"
    edit(mdir / "manual.yml", 'revision: "2"', 'revision: "3"')
    new_notes(mdir / "manual.yml")
    edit(mdir / "docs" / "01-policy.md", "every shift.", "every shift. See the [missing page](nowhere.md).")
    commit_all(repo, "broken link")
    code, out, err = run(repo, "publish", "m")
    assert (code, out) == (1, "")
    # validate = what the build checks: the broken link is found before anything is built
    line = next(
        i for i, t in enumerate((mdir / "docs" / "01-policy.md").read_text().splitlines(), 1) if "nowhere.md" in t
    )
    assert err.splitlines() == [
        "error: manual 'm' has 1 problem(s); nothing was published:",
        f"manuals/m/docs/01-policy.md:{line}: link: 'nowhere.md' is not a page of this manual — "
        "link to a page of docs/, relative to this page",
    ]
    assert branch_sha(repo) == published.after_rev2
    assert not git(repo, "ls-tree", "gh-pages", "m/3")


def test_publish_builds_through_build_site(published, tmp_path, monkeypatch):
    """One build path: publish calls build.build_site with the publish pages switched on."""
    from hsms_manuals import build as build_module
    from hsms_manuals.errors import BuildFailed

    repo = clone(published.root, tmp_path / "repo")
    bump_to_revision_3(repo)
    calls = []

    def fake_build_site(
        root, manual_id, site_dir, pdf=True, *, publish=False, previous_snapshot=None, branch=None, replace_reason=None
    ):
        calls.append(
            (
                manual_id,
                pdf,
                publish,
                Snapshot.from_json(previous_snapshot.read_text(encoding="utf-8"), "previous").revision,
                branch,
            )
        )
        raise BuildFailed(f"{manual_id}: build failed (see the errors above)")

    monkeypatch.setattr(build_module, "build_site", fake_build_site)
    assert run(repo, "publish", "m") == (
        1,
        "",
        "error: m: build failed (see the errors above) — nothing was published\n",
    )
    assert calls == [("m", True, True, "2", "gh-pages")]
    assert branch_sha(repo) == published.after_rev2


def test_manuals_share_the_branch_in_isolation(published, tmp_path):
    repo = clone(published.root, tmp_path / "repo")
    write_manual(repo, "other", company="Other Client Ltd.")
    commit_all(repo, "another client")
    assert run(repo, "publish", "other")[0] == 0
    assert git(repo, "rev-parse", "gh-pages:m") == git(repo, "rev-parse", f"{published.after_rev2}:m")
    assert [v["version"] for v in json.loads(show(repo, "other/versions.json"))] == ["1"]
    out = tmp_path / "www"
    assert run(repo, "export", str(out), "other")[0] == 0
    assert sorted(p.name for p in out.iterdir()) == [".hsms-export", "index.html", "other"]
    assert not any(
        "Tiny Test Co." in p.read_text(encoding="utf-8", errors="replace")
        for p in out.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".xml")
    )


# --- export, served over loopback ------------------------------------------------------------


@pytest.fixture(scope="module")
def served(published, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "www"
    code, stdout, err = run(published.root, "export", str(out))
    assert code == 0, err
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(out), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    try:
        yield out, base
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.headers.get_content_type(), r.read()


def test_export_is_the_branch(served, published):
    out, _ = served
    assert sorted(p.name for p in out.iterdir()) == [".hsms-export", "index.html", "m"]
    assert (out / "m" / "1" / "pdf" / "m-rev-1.pdf").read_bytes() == git_bytes(published.root, "m/1/pdf/m-rev-1.pdf")


def git_bytes(root: Path, path: str) -> bytes:
    return subprocess.run(["git", "show", f"gh-pages:{path}"], cwd=root, check=True, capture_output=True).stdout


def test_export_serves_current_and_pdfs(served):
    _, base = served
    status, ctype, body = fetch(f"{base}/m/current/")
    assert (status, ctype) == (200, "text/html") and b'href="../2/"' in body
    status, ctype, body = fetch(f"{base}/m/")
    assert status == 200 and b'href="current/"' in body
    for rev in ("1", "2"):
        status, ctype, body = fetch(f"{base}/m/{rev}/pdf/m-rev-{rev}.pdf")
        assert (status, ctype) == (200, "application/pdf") and body.startswith(b"%PDF")
    status, _, body = fetch(f"{base}/")
    assert status == 200 and b"<a" not in body and b"m/" not in body  # no list of clients


def test_export_refuses_to_overwrite_other_folders(published, tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    code, out, err = run(published.root, "export", str(tmp_path))
    assert code == 2 and "is not an earlier `hsms export`" in err
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
    target = tmp_path / "site"
    assert run(published.root, "export", str(target), "m")[0] == 0
    assert run(published.root, "export", str(target))[0] == 0  # an earlier export is replaced
    assert run(published.root, "export", str(target), "other") == (
        2,
        "",
        "error: not published on gh-pages: other — published manuals: m\n",
    )


@pytest.mark.parametrize(
    "where, message",
    [
        ("afile", "{out} exists and is not an earlier `hsms export` — choose a new or empty folder"),
        ("afile/www", "cannot write {out} ({out.parent} is a file) — choose another folder"),
        (
            "repo/site",
            "{out} is inside the repository's site/ folder, which hsms builds into — export to a "
            "folder outside it, e.g. ../www",
        ),
        (
            "repo/site/www",
            "{out} is inside the repository's site/ folder, which hsms builds into — export to a "
            "folder outside it, e.g. ../www",
        ),
        (
            "repo/manuals/www",
            "{out} is inside the repository's manuals/ folder, which hsms reads — "
            "export to a folder outside it, e.g. ../www",
        ),
        (
            "repo/.git/www",
            "{out} is inside the repository's .git/ folder, which hsms reads — export to a "
            "folder outside it, e.g. ../www",
        ),
        ("repo", "{out} holds the repository {repo} — export to a folder outside it, e.g. ../www"),
        (
            "repo/partners",
            "{out} is inside the repository's partners/ folder, which hsms reads — export to a "
            "folder outside it, e.g. ../www",
        ),
    ],
)
def test_export_refuses_folders_it_must_not_replace(published, tmp_path, where, message):
    repo = clone(published.root, tmp_path / "repo")
    (tmp_path / "afile").write_text("mine", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    out = (tmp_path / where).resolve()
    code, stdout, err = run(repo, "export", str(tmp_path / where))
    assert (code, stdout, err) == (2, "", "error: " + message.format(out=out, repo=repo) + "\n")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_export_of_a_branch_without_manuals_is_refused(published, tmp_path):
    assert run(published.root, "export", str(tmp_path / "www"), "--branch", "main") == (
        2,
        "",
        (
            "error: branch main holds no published manual (no <manual>/versions.json) — publish one with "
            "`hsms publish MANUAL`, or name the published branch with --branch\n"
        ),
    )
    assert not (tmp_path / "www").exists()


def branch_with_odd_names(root: Path) -> Path:
    """A repository whose branch main looks published: manuals 'a b', 'café', 'c' and a stray folder."""
    for name in ("a b", "café", "c"):
        (root / name).mkdir(parents=True)
        (root / name / "versions.json").write_text("[]\n", encoding="utf-8")
        (root / name / "index.html").write_text(name, encoding="utf-8")
    (root / "index.html").write_text("root", encoding="utf-8")
    (root / "not-a-manual").mkdir()
    (root / "not-a-manual" / "x").write_text("x", encoding="utf-8")
    init_repo(root)
    return root


def test_export_keeps_folder_names_with_spaces_and_accents(tmp_path):
    """Names from git output are read NUL-separated (-z): nothing is split or quoted away."""
    from hsms_manuals.export import export

    root = branch_with_odd_names(tmp_path / "repo")
    commit, manuals = export(root, tmp_path / "www", branch="main")
    assert manuals == ["a b", "c", "café"]
    assert (tmp_path / "www" / "a b" / "index.html").read_text(encoding="utf-8") == "a b"
    assert (tmp_path / "www" / "café" / "index.html").read_text(encoding="utf-8") == "café"
    assert not (tmp_path / "www" / "not-a-manual").exists()
    assert export(root, tmp_path / "www2", ["a b"], branch="main")[1] == ["a b"]
    assert sorted(p.name for p in (tmp_path / "www2").iterdir()) == [".hsms-export", "a b", "index.html"]


def test_branch_dirs_reads_names_as_git_stores_them(tmp_path):
    from hsms_manuals.gitbranch import branch_dirs, branch_has

    root = branch_with_odd_names(tmp_path / "repo")
    assert branch_dirs(root, "main") == ["a b", "c", "café", "not-a-manual"]
    assert branch_has(root, "main", "a b") and branch_has(root, "main", "index.html")
    assert not branch_has(root, "main", "a")


def dump_dom(url: str, profile: Path) -> str:
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        url,
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=90)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # our own process group: chromium's helpers too
        proc.wait()
    return out.decode("utf-8")


def test_superseded_banner_in_a_browser(served, tmp_path):
    require_browser()
    _, base = served
    old = dump_dom(f"{base}/m/1/01-policy/", tmp_path / "profile")
    banner = re.search(r'<div class="admonition warning hsms-superseded"[^>]*>(.*?)</div>', old, re.S)
    assert banner, old[:2000]
    assert "hidden" not in banner.group(0).split(">")[0]
    text = re.sub(r"<[^>]+>", "", banner.group(1))
    assert text == (
        f"This revision is no longer in forceSuperseded on {REV2_EFFECTIVE} by revision 2 — see the current manual"
    )
    assert f'<a href="{base}/m/current/">see the current manual</a>' in banner.group(1)
    new = dump_dom(f"{base}/m/2/", tmp_path / "profile")
    assert '<div class="admonition warning hsms-superseded" id="hsms-superseded" role="alert" hidden=""></div>' in new
    assert 'class="md-version__current"' in new and "Rev 2 — effective 2027-01-15" in new  # Material's selector


# --- the changes page, unit level ------------------------------------------------------------


def snap(rev: str, **pages: str) -> Snapshot:
    return Snapshot("m", rev, "2026-01-01", {f"{k}.md": PageSource(k.title(), v) for k, v in pages.items()})


def test_fence_outgrows_backticks_in_the_diff():
    assert fence_for(["plain"]) == "```"
    assert fence_for(["a ``` b", "`````"]) == "``````"


def test_long_diffs_are_truncated():
    old = snap("1", a="\n".join(f"line {i}" for i in range(200)))
    new = snap("2", a="\n".join(f"line {i} changed" for i in range(200)))
    [change] = compare(old, new)
    assert change.kind == "changed" and len(change.diff) == 60 and change.more > 300
    text = changes_page_source(new, (), old)
    assert f"*… and {change.more} more diff line(s) not shown.*" in text


def test_changes_page_escapes_titles_and_notes():
    old = snap("1", a="x")
    new = Snapshot("m", "2", "2026-02-01", {"a.md": PageSource("A | [b](c) <i>", "y")})
    text = changes_page_source(new, ("*bold* | `x`",), old)
    assert "- &#42;bold&#42; &#124; &#96;x&#96;" in text
    assert "- [A &#124; &#91;b&#93;(c) &lt;i&gt;](a.md): title changed (was “A”); introduction changed." in text
    assert "    **A &#124; &#91;b&#93;(c) &lt;i&gt;** (a.md)" in text
    assert text.count("```diff") == 1


def test_export_does_not_load_mkdocs():
    """export shares only the file-system helpers with build (hsms_manuals.fsutil), not MkDocs."""
    code = "import sys, hsms_manuals.export; print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))"
    assert subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout == "[]\n"


# --- change notes, drafts previews, status (issue 12) ----------------------------------------

SAME_NOTES = (
    "error: manuals/m/manual.yml: document.changes are the change notes of revision 2, unchanged — write "
    "what changed in revision 3 (one line per change, in words a worker understands), or pass --same-notes "
    "if these notes really describe this revision too\n"
)


def test_the_previous_revisions_notes_are_refused_unless_same_notes(published, tmp_path):
    repo = clone(published.root, tmp_path / "repo")
    yml = repo / "manuals" / "m" / "manual.yml"
    edit(yml, 'revision: "2"', 'revision: "3"')
    edit(yml, "Hazard page retired.", "Hazard   page retired. ")  # spaces aside, the same notes
    commit_all(repo, "revision 3, notes not edited")
    start = time.monotonic()
    assert run(repo, "publish", "m") == (2, "", SAME_NOTES)
    assert time.monotonic() - start < 5  # refused before building
    assert branch_sha(repo) == published.after_rev2
    code, out, err = run(repo, "publish", "m", "--same-notes")
    assert code == 0, err
    snap = Snapshot.from_json(show(repo, "m/3/hsms-snapshot.json"), "m/3")
    assert snap.changes == (NOTE_2, "Hazard   page retired.")


def test_notes_of_a_revision_published_before_snapshots_kept_them_come_from_its_commit(
    published, tmp_path, monkeypatch
):
    from hsms_manuals import releases

    repo = clone(published.root, tmp_path / "repo")
    yml = repo / "manuals" / "m" / "manual.yml"
    edit(yml, 'revision: "2"', 'revision: "3"')
    commit_all(repo, "revision 3")
    real = releases.published_snapshot

    def without_notes(*args, **kwargs):
        snap = real(*args, **kwargs)
        return Snapshot(snap.manual, snap.revision, snap.effective, snap.pages)  # as hsms 0.2 wrote it

    monkeypatch.setattr(releases, "published_snapshot", without_notes)
    assert run(repo, "publish", "m") == (2, "", SAME_NOTES)
    published_from = json.loads(show(repo, "m/hsms-history.json"))[-1]["source_commit"]
    assert releases.published_notes(repo, "m", releases.load_published(repo, "m").get("2")) == (
        NOTE_2,
        "Hazard page retired.",
    )
    assert published_from  # the notes were read from manual.yml in that commit


def test_a_build_marked_as_a_drafts_preview_is_never_published(published, tmp_path, monkeypatch):
    from hsms_manuals import build as build_module

    repo = clone(published.root, tmp_path / "repo")
    bump_to_revision_3(repo)
    real = build_module.build_site

    def preview_instead(root, manual_id, site_dir, pdf=True, *, publish=False, previous_snapshot=None, **_):
        real(root, manual_id, site_dir, pdf, drafts=True)  # what a broken setup could hand publish

    monkeypatch.setattr(build_module, "build_site", preview_instead)
    assert run(repo, "publish", "m") == (
        1,
        "",
        (
            "error: m: the build made for publishing is a drafts preview (DRAFT watermark), says its .hsms-build — "
            "nothing was published; a drafts preview is never published: check the hsms plugin's settings in "
            "mkdocs.yml\n"
        ),
    )
    assert branch_sha(repo) == published.after_rev2


def test_drafts_in_mkdocs_yml_never_reach_a_published_revision(published, tmp_path):
    repo = clone(published.root, tmp_path / "repo")
    cfg = repo / "mkdocs.yml"
    edit(cfg, "    pdf: !ENV [HSMS_PDF, true]", "    pdf: !ENV [HSMS_PDF, true]\n    drafts: true")
    bump_to_revision_3(repo)
    code, out, err = run(repo, "publish", "m")
    assert code == 0, err
    home = show(repo, "m/3/index.html")
    assert "hsms-draft-mark" not in home and "noindex" not in home
    assert not git(repo, "ls-tree", "-r", "--name-only", "gh-pages", "m/3/.hsms-build")  # bookkeeping stays home


def test_status_compares_the_working_tree_with_the_published_revision(published, tmp_path, capsys):
    repo = clone(published.root, tmp_path / "repo")
    code, out, err = run(repo, "status", "--format", "json")
    row = json.loads(out)["manuals"][0]
    assert row["published"] == {"revision": "2", "effective": REV2_EFFECTIVE, "differs": False}
    policy = repo / "manuals" / "m" / "docs" / "01-policy.md"
    edit(policy, "every shift.", "every shift, every site.")
    row = json.loads(run(repo, "status", "--format", "json")[1])["manuals"][0]
    assert row["published"]["differs"] is True
    edit(policy, "every shift, every site.", "every shift.")
    edit(repo / "manuals" / "m" / "manual.yml", "Sam Ray", "Sam Rae")  # the first aider's name, not a page
    text = run(repo, "status")[1]
    assert "2 (changed since)" in text.splitlines()[1]
    draft = repo / "manuals" / "m" / "docs" / "04-draft.md"
    edit(repo / "manuals" / "m" / "manual.yml", "Sam Rae", "Sam Ray")
    draft.write_text(page("Next", "Not yet.", status="draft"), encoding="utf-8")  # drafts are not published
    assert json.loads(run(repo, "status", "--format", "json")[1])["manuals"][0]["published"]["differs"] is False

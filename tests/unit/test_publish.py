"""publish: the plan's refusals, the one-commit branch layout and what a failed build leaves —
on a real repository, with the MkDocs build replaced by a two-page fake (branch_kit)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from branch_kit import commit_all, fake_build_site, fake_builds, git, init_repo, set_document

from conftest import write_manual
from hsms_manuals import build
from hsms_manuals.build_marker import BuildMarker, write_marker
from hsms_manuals.errors import BuildFailed, EnvironmentFailure, UsageError
from hsms_manuals.publish import ROOT_INDEX, plan_publish, publish
from hsms_manuals.state import load_state


@pytest.fixture
def src(repo, monkeypatch) -> Path:
    """A committed repository with the manual `tiny` (revision 1, effective 2026-09-01)."""
    write_manual(repo, pages={"index.md": _page("Home"), "a/b.md": _page("B")})
    init_repo(repo)
    fake_builds(monkeypatch)
    return repo


def _page(title: str) -> str:
    return f"---\ntitle: {title}\ncovers: []\nstatus: approved\nowner: Owner\n---\n\nText.\n"


def show(root: Path, path: str, rev: str = "gh-pages") -> str:
    return git(root, "show", f"{rev}:{path}")


def files(root: Path, rev: str = "gh-pages") -> list[str]:
    return git(root, "ls-tree", "-r", "--name-only", rev).split()


def revision_2(root: Path, effective: str = "2026-10-01", changes: tuple[str, ...] = ("New fire exits.",)) -> None:
    set_document(root, revision="2", effective=effective, changes=list(changes))
    commit_all(root, "rev 2")


def test_the_first_publish_writes_the_whole_layout_in_one_commit(src):
    result = publish(src, "tiny")
    assert (result.replaced, result.pushed, result.release.revision, result.release.current) == (
        False,
        False,
        "1",
        True,
    )
    assert result.release.title == "Rev 1 — effective 2026-09-01"
    assert git(src, "rev-list", "--count", "gh-pages").strip() == "1"
    assert result.commit == git(src, "rev-parse", "gh-pages").strip()
    assert files(src) == [
        ".nojekyll",
        "index.html",
        "tiny/1/a/b/index.html",
        "tiny/1/hsms-snapshot.json",
        "tiny/1/index.html",
        "tiny/1/pdf/tiny-rev-1.pdf",
        "tiny/1/search.json",
        "tiny/current/a/b/index.html",
        "tiny/current/index.html",
        "tiny/hsms-history.json",
        "tiny/hsms-sw.js",  # the offline worker: at the manual's root, not in a revision
        "tiny/index.html",
        "tiny/versions.json",
    ]  # no .hsms-build: the build marker is checked, never published
    assert show(src, "index.html") == ROOT_INDEX
    assert "tiny" not in ROOT_INDEX
    # mike's redirects, relative: current/ → ../1/, the manual's root → current/
    assert 'href="../../../1/a/b/"' in show(src, "tiny/current/a/b/index.html")
    assert 'href="../1/"' in show(src, "tiny/current/index.html")
    assert 'href="current/"' in show(src, "tiny/index.html")
    versions = json.loads(show(src, "tiny/versions.json"))
    assert versions == [
        {
            "version": "1",
            "title": "Rev 1 — effective 2026-09-01",
            "aliases": ["current"],
            "properties": {"effective": "2026-09-01", "sequence": 1},
        }
    ]
    (event,) = json.loads(show(src, "tiny/hsms-history.json"))
    head = git(src, "rev-parse", "HEAD").strip()
    assert {k: event[k] for k in ("action", "revision", "effective", "by", "source_commit", "source_dirty")} == {
        "action": "published",
        "revision": "1",
        "effective": "2026-09-01",
        "by": "Casey Consultant",
        "source_commit": head,
        "source_dirty": False,
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", event["at"])
    assert git(src, "log", "-1", "--format=%B", "gh-pages").strip() == (
        f"hsms: published tiny revision 1 (effective 2026-09-01) from {head[:12]}"
    )


def test_uncommitted_changes_of_the_manual_are_recorded(src):
    (src / "manuals" / "tiny" / "docs" / "index.md").write_text(_page("Home, edited"), encoding="utf-8")
    publish(src, "tiny")
    (event,) = json.loads(show(src, "tiny/hsms-history.json"))
    assert event["source_dirty"] is True
    assert "(with uncommitted changes)" in git(src, "log", "-1", "--format=%s", "gh-pages")


def test_revision_2_leaves_revision_1_as_it_was_and_moves_current(src):
    publish(src, "tiny")
    before = {p: show(src, p) for p in files(src) if p.startswith("tiny/1/")}
    revision_2(src)
    result = publish(src, "tiny")
    assert result.release.revision == "2"
    assert {p: show(src, p) for p in files(src) if p.startswith("tiny/1/")} == before
    assert 'href="../2/"' in show(src, "tiny/current/index.html")
    versions = {v["version"]: v for v in json.loads(show(src, "tiny/versions.json"))}
    assert (versions["1"]["aliases"], versions["2"]["aliases"]) == ([], ["current"])
    assert versions["2"]["properties"] == {"effective": "2026-10-01", "sequence": 2}
    assert [e["revision"] for e in json.loads(show(src, "tiny/hsms-history.json"))] == ["1", "2"]


def test_republishing_a_published_revision_is_refused_before_any_build(src, monkeypatch):
    publish(src, "tiny")
    head = git(src, "rev-parse", "gh-pages")
    monkeypatch.setattr(build, "build_site", _never)
    with pytest.raises(UsageError) as exc:
        publish(src, "tiny")
    assert str(exc.value) == (
        "revision 1 of tiny is already published (effective 2026-09-01) and published revisions never change — "
        "raise document.revision in manuals/tiny/manual.yml (and set document.effective and document.changes) to "
        'publish a new revision; only in an emergency, replace it with --replace --reason "why"'
    )
    assert git(src, "rev-parse", "gh-pages") == head


def _never(*args, **kwargs):
    raise AssertionError("the build must not start")


def test_replace_needs_a_published_revision_and_a_real_reason(src, monkeypatch):
    monkeypatch.setattr(build, "build_site", _never)
    with pytest.raises(UsageError, match="^--replace: revision 1 of tiny is not published yet, so there is nothing"):
        publish(src, "tiny", replace_reason="typo")
    monkeypatch.setattr(build, "build_site", fake_build_site)
    publish(src, "tiny")
    monkeypatch.setattr(build, "build_site", _never)
    with pytest.raises(UsageError, match="^--replace needs a --reason that says why"):
        publish(src, "tiny", replace_reason="   ")


def test_a_replacement_keeps_its_place_and_records_the_reason(src):
    publish(src, "tiny")
    revision_2(src)
    publish(src, "tiny")
    set_document(src, revision="1", effective="2026-09-01", changes=[])
    commit_all(src, "back to 1")
    result = publish(src, "tiny", replace_reason="Wrong <b>phone</b> number")
    assert (result.replaced, result.release.current) == (True, False)
    # revision 2 stays current: replacing revision 1 does not move the alias
    assert 'href="../2/"' in show(src, "tiny/current/index.html")
    versions = {v["version"]: v for v in json.loads(show(src, "tiny/versions.json"))}
    assert versions["1"]["properties"]["sequence"] == 1
    assert versions["2"]["aliases"] == ["current"]
    events = json.loads(show(src, "tiny/hsms-history.json"))
    assert [(e["action"], e["revision"], e["reason"]) for e in events] == [
        ("published", "1", None),
        ("published", "2", None),
        ("replaced", "1", "Wrong <b>phone</b> number"),
    ]
    message = git(src, "log", "-1", "--format=%B", "gh-pages")
    assert message.startswith("hsms: REPLACED tiny revision 1 (effective 2026-09-01)")
    assert "\n\nReason: Wrong <b>phone</b> number\n" in message


def test_a_revision_is_not_published_before_it_takes_effect(src, today):
    today("2026-08-31")
    with pytest.raises(UsageError) as exc:
        plan_publish(src, load_state(src, "tiny"), None, "gh-pages")
    assert str(exc.value) == (
        "revision 1 takes effect on 2026-09-01 — publish it on or after that date "
        "(workers must not see it as current before then)"
    )
    today("2026-09-01")
    assert plan_publish(src, load_state(src, "tiny"), None, "gh-pages").becomes_current


@pytest.mark.parametrize(
    ("effective", "message"),
    [
        ("2026-08-31", "document.effective 2026-08-31 is earlier than revision 1 (effective 2026-09-01)"),
        ("2026-09-01", None),  # the same day is allowed
    ],
)
def test_effective_dates_never_go_backwards(src, effective, message):
    publish(src, "tiny")
    revision_2(src, effective=effective)
    if message is None:
        assert publish(src, "tiny").release.revision == "2"
        return
    with pytest.raises(UsageError) as exc:
        publish(src, "tiny")
    assert str(exc.value) == (
        f"manuals/tiny/manual.yml: {message} — a revision must take effect on or after the one before it"
    )


def test_a_replacement_may_not_take_effect_after_the_revision_that_follows_it(src):
    publish(src, "tiny")
    revision_2(src, effective="2026-10-01")
    publish(src, "tiny")
    set_document(src, revision="1", effective="2026-10-02", changes=[])
    with pytest.raises(UsageError, match="document.effective 2026-10-02 is later than revision 2 "):
        publish(src, "tiny", replace_reason="moved")


def test_change_notes_copied_from_the_previous_revision_are_refused_unless_asked(src):
    set_document(src, changes=["First issue."])
    commit_all(src, "notes")
    publish(src, "tiny")
    revision_2(src, changes=("First issue.",))
    with pytest.raises(UsageError) as exc:
        publish(src, "tiny")
    assert str(exc.value).startswith(
        "manuals/tiny/manual.yml: document.changes are the change notes of revision 1, unchanged — "
        "write what changed in revision 2"
    )
    assert publish(src, "tiny", same_notes_ok=True).release.revision == "2"


def test_an_invalid_manual_publishes_nothing_and_says_how_many_problems(src, monkeypatch):
    set_document(src, approved_by={"name": "", "title": ""})
    monkeypatch.setattr(build, "build_site", _never)
    with pytest.raises(BuildFailed) as exc:
        publish(src, "tiny")
    first = str(exc.value).splitlines()[0]
    assert re.fullmatch(r"manual 'tiny' has \d+ problem\(s\); nothing was published:", first)
    assert "manuals/tiny/manual.yml:" in str(exc.value)
    assert git(src, "branch", "--list", "gh-pages") == ""


def _drafts_build(root, manual_id, site_dir, pdf=True, **kw):
    fake_build_site(root, manual_id, site_dir, pdf, **kw)
    write_marker(site_dir, BuildMarker(manual_id, "test", drafts=True, pdf=True, content_hash=None))


def _no_pdf_build(root, manual_id, site_dir, pdf=True, **kw):
    fake_build_site(root, manual_id, site_dir, pdf, **kw)
    for pdf_file in (site_dir / "pdf").iterdir():
        pdf_file.unlink()


def _failing_build(root, manual_id, site_dir, pdf=True, **kw):
    raise BuildFailed("tiny: the page a/b.md has a broken link")


def _full_disk(root, manual_id, site_dir, pdf=True, **kw):
    raise OSError(28, "No space left on device", str(site_dir / "x.html"))


@pytest.mark.parametrize(
    ("fake", "message"),
    [
        (_drafts_build, "tiny: the build made for publishing is a drafts preview (DRAFT watermark), says its "),
        (_no_pdf_build, "tiny: the build wrote no pdf/tiny-rev-1.pdf — nothing was published"),
        (_failing_build, "tiny: the page a/b.md has a broken link — nothing was published"),
        (_full_disk, "tiny: cannot write "),
    ],
)
def test_a_build_that_is_not_publishable_leaves_the_branch_as_it_was(src, monkeypatch, fake, message):
    publish(src, "tiny")
    head = git(src, "rev-parse", "gh-pages")
    revision_2(src)
    monkeypatch.setattr(build, "build_site", fake)
    with pytest.raises(BuildFailed) as exc:
        publish(src, "tiny")
    assert str(exc.value).startswith(message.replace("rev-1", "rev-2"))
    assert "nothing was published" in str(exc.value)
    assert git(src, "rev-parse", "gh-pages") == head


def test_a_publish_meanwhile_aborts_ours(src, monkeypatch):
    def racing_build(root, manual_id, site_dir, pdf=True, **kw):
        fake_build_site(root, manual_id, site_dir, pdf, **kw)
        git(root, "branch", "-f", "gh-pages", "main")  # someone else wrote the branch during our build

    monkeypatch.setattr(build, "build_site", racing_build)
    with pytest.raises(BuildFailed) as exc:
        publish(src, "tiny")
    assert str(exc.value) == (
        "gh-pages changed while tiny was building (another publish?) — nothing was published; run the command again"
    )
    assert git(src, "rev-parse", "gh-pages") == git(src, "rev-parse", "main")


def test_a_failed_push_says_the_local_branch_has_the_revision(src):
    git(src, "remote", "add", "origin", str(src / "no-such-remote"))
    with pytest.raises(EnvironmentFailure) as exc:
        publish(src, "tiny", push=True)
    commit = git(src, "rev-parse", "--short=7", "gh-pages").strip()
    assert str(exc.value).startswith(
        f"revision 1 was published to the local branch gh-pages ({commit}) but the push failed: git push origin "
        "gh-pages failed: "
    )
    assert str(exc.value).endswith("— fix the remote, then run `git push origin gh-pages`")


def test_push_sends_the_branch_to_the_remote(src, tmp_path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(src, "remote", "add", "origin", str(remote))
    result = publish(src, "tiny", push=True)
    assert result.pushed
    assert git(remote, "rev-parse", "gh-pages").strip() == result.commit


@pytest.mark.parametrize("revision", ["current", "index.html", "versions.json", "hsms-history.json", "HSMS-SW.js"])
def test_a_revision_named_like_the_manuals_own_files_is_refused(src, monkeypatch, revision):
    # tiny/<revision>/ beside tiny/current/, tiny/index.html, tiny/versions.json, tiny/hsms-sw.js (the offline worker)
    set_document(src, revision=revision)
    monkeypatch.setattr(build, "build_site", _never)
    with pytest.raises(BuildFailed) as exc:
        publish(src, "tiny")
    assert str(exc.value).endswith(
        f"manuals/tiny/manual.yml:10: document.revision: '{revision}' is reserved for the published manual's own "
        'files — use a number or a date, e.g. revision: "5"'
    )
    assert git(src, "branch", "--list", "gh-pages") == ""

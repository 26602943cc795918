"""export: the published branch written to a folder for a web server — what is written, what is
refused, and that a failed export leaves the last good one."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tarfile
from pathlib import Path

import pytest
from branch_kit import git, init_repo

from hsms_manuals import export as export_module
from hsms_manuals.errors import EnvironmentFailure, UsageError
from hsms_manuals.export import EXPORT_MARK, _files_and_folders, export, published_manuals
from hsms_manuals.gitbranch import BranchCommit, branch_head

BRANCH_FILES = {
    "index.html": "<p>root</p>",
    ".nojekyll": "",
    "alpha/versions.json": "[]",
    "alpha/1/index.html": "<p>alpha 1</p>",
    "alpha/1/pdf/alpha-rev-1.pdf": "%PDF",
    "beta/versions.json": "[]",
    "beta/1/index.html": "<p>beta 1</p>",
    "assets/x.css": "not a manual: no versions.json",
}


@pytest.fixture
def src(tmp_path) -> Path:
    root = tmp_path / "src"
    (root / "manuals").mkdir(parents=True)
    (root / "manuals" / "README").write_text("sources", encoding="utf-8")
    init_repo(root)
    put(root, BRANCH_FILES)
    return root


def leftovers(parent: Path) -> list[str]:
    return [n for n in os.listdir(parent) if n.startswith(".")]


def put(root: Path, files: dict[str, str]) -> str:
    with BranchCommit(root, "gh-pages", "test", "Casey") as commit:
        for path, data in files.items():
            commit.add(path, data)
    return commit.sha


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_manuals_are_the_folders_with_a_versions_file(src):
    assert published_manuals(src, "gh-pages", branch_head(src, "gh-pages") or "") == ["alpha", "beta"]


def test_everything_published_is_written_with_a_mark_of_the_commit(src, tmp_path):
    out = tmp_path / "www"
    commit, manuals = export(src, out)
    assert (commit, manuals) == (branch_head(src, "gh-pages"), ["alpha", "beta"])
    assert tree(out) == [
        EXPORT_MARK,
        "alpha/1/index.html",
        "alpha/1/pdf/alpha-rev-1.pdf",
        "alpha/versions.json",
        "beta/1/index.html",
        "beta/versions.json",
        "index.html",
    ]  # not assets/ (no manual) nor .nojekyll
    assert json.loads((out / EXPORT_MARK).read_text(encoding="utf-8")) == {"branch": "gh-pages", "commit": commit}
    assert (out / "alpha" / "1" / "index.html").read_text(encoding="utf-8") == "<p>alpha 1</p>"
    assert oct(out.stat().st_mode & 0o777) == "0o755"  # a web server may read it


def test_named_manuals_only_once_each(src, tmp_path):
    out = tmp_path / "www"
    assert export(src, out, ["beta", "beta"])[1] == ["beta"]
    assert tree(out) == [EXPORT_MARK, "beta/1/index.html", "beta/versions.json", "index.html"]


def test_an_earlier_export_is_replaced_whole(src, tmp_path):
    out = tmp_path / "www"
    export(src, out)
    (out / "alpha" / "stale.html").write_text("old", encoding="utf-8")
    put(src, {"alpha/2/index.html": "<p>alpha 2</p>"})
    export(src, out, ["alpha"])
    assert "alpha/stale.html" not in tree(out)
    assert "alpha/2/index.html" in tree(out)
    assert not (out / "beta").exists()
    assert leftovers(tmp_path) == []


def test_nothing_published_or_an_unknown_manual_is_a_usage_error(tmp_path):
    repo = tmp_path / "src"
    repo.mkdir()
    (repo / "README").write_text("x", encoding="utf-8")
    init_repo(repo)
    out = tmp_path / "www"
    with pytest.raises(UsageError) as exc:
        export(repo, out)
    assert str(exc.value) == (
        "nothing is published yet (no branch 'gh-pages') — publish a manual with `hsms publish MANUAL`"
    )
    put(repo, {"index.html": "x"})
    with pytest.raises(UsageError, match=r"^branch gh-pages holds no published manual \(no <manual>/versions.json\)"):
        export(repo, out)
    put(repo, {"alpha/versions.json": "[]"})
    with pytest.raises(UsageError) as exc:
        export(repo, out, ["alpha", "gamma", "<b>"])
    assert str(exc.value) == "not published on gh-pages: gamma, <b> — published manuals: alpha"
    assert not out.exists()


def test_a_folder_that_is_not_an_earlier_export_is_never_replaced(src, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        export(src, out)
    assert str(exc.value) == f"{out} exists and is not an earlier `hsms export` — choose a new or empty folder"
    assert tree(out) == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    export(src, empty)  # an empty folder is fine
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="exists and is not an earlier `hsms export`"):
        export(src, a_file)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (".", "holds the repository"),
        ("manuals/www", "is inside the repository's manuals/ folder, which hsms reads"),
        ("site/www", "is inside the repository's site/ folder, which hsms builds into"),
    ],
)
def test_the_repository_and_its_sources_are_never_export_targets(src, where, message):
    out = (src / where).resolve()
    with pytest.raises(UsageError) as exc:
        export(src, out)
    assert message in str(exc.value)
    assert str(exc.value).endswith("— export to a folder outside it, e.g. ../www")
    assert git(src, "status", "--porcelain") == ""


def test_a_failed_export_leaves_the_last_good_one(src, tmp_path, monkeypatch):
    out = tmp_path / "www"
    export(src, out)
    before = {p: (out / p).read_bytes() for p in tree(out)}
    put(src, {"alpha/2/index.html": "<p>alpha 2</p>"})

    def full_disk(new, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "swap_in", full_disk)
    with pytest.raises(EnvironmentFailure) as exc:
        export(src, out)
    assert str(exc.value) == f"writing {out} failed ([Errno 28] No space left on device) — {out} was left as it was"
    assert {p: (out / p).read_bytes() for p in tree(out)} == before
    assert leftovers(tmp_path) == []


def test_an_unwritable_parent_is_a_usage_error(src, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        export(src, blocker / "www")
    assert str(exc.value) == f"cannot write {blocker / 'www'} ({blocker} is a file) — choose another folder"


def _link_on_branch(root: Path, path: str, target: str) -> None:
    """A symbolic link committed on gh-pages by hand (hsms never publishes one)."""
    env = {**os.environ, "GIT_INDEX_FILE": str(root / ".git" / "hand-index")}

    def run(*args: str, stdin: str | None = None) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, env=env, input=stdin, check=True, capture_output=True, text=True
        ).stdout.strip()

    run("read-tree", "gh-pages")
    blob = run("hash-object", "-w", "--stdin", stdin=target)
    run("update-index", "--add", "--cacheinfo", f"120000,{blob},{path}")
    commit = run("commit-tree", run("write-tree"), "-p", "gh-pages", "-m", "a link, by hand")
    run("update-ref", "refs/heads/gh-pages", commit)


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("/etc/passwd", "'alpha/evil' is a link to '/etc/passwd'; hsms publishes no links"),
        ("../../../x", "'alpha/evil' is a link to '../../../x'; hsms publishes no links"),
        ("index.html", "'alpha/evil' is a link to 'index.html'; hsms publishes no links"),  # even inside
    ],
)
def test_a_link_out_of_the_branch_is_reported_and_nothing_is_written(src, tmp_path, target, why):
    out = tmp_path / "www"
    export(src, out)
    before = tree(out)
    _link_on_branch(src, "alpha/evil", target)
    with pytest.raises(EnvironmentFailure) as exc:
        export(src, out)
    message = str(exc.value)
    assert message.startswith("gh-pages holds what a web folder must not (")
    assert why in message
    assert message.endswith(f") — {out} was left as it was; repair the branch (git log / git revert on it)")
    assert tree(out) == before
    assert leftovers(tmp_path) == []


def _tar_member(name: str, kind: bytes) -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.type = kind
    return member


@pytest.mark.parametrize(
    ("member", "why"),
    [
        (_tar_member("alpha/dev", tarfile.CHRTYPE), "'alpha/dev' is not a file or a folder"),
        (_tar_member("alpha/fifo", tarfile.FIFOTYPE), "'alpha/fifo' is not a file or a folder"),
        (_tar_member("/etc/cron.d/x", tarfile.REGTYPE), "'/etc/cron.d/x' is outside the folder"),
        (_tar_member("alpha/../../x", tarfile.REGTYPE), "'alpha/../../x' is outside the folder"),
    ],
)
def test_only_files_and_folders_inside_it_come_out_of_a_branch(member, why):
    # What the data filter of Python 3.11.4+ refuses, refused on older Pythons too (Debian 12 has 3.11.2).
    fine = [_tar_member("alpha/", tarfile.DIRTYPE), _tar_member("alpha/index.html", tarfile.REGTYPE)]
    assert list(_files_and_folders(fine)) == fine
    with pytest.raises(tarfile.TarError, match=re.escape(why)):
        list(_files_and_folders([*fine, member]))

"""gitbranch: git run at the repository root, the published branch read without a working tree,
one commit written through fast-import (all or nothing) — on real, tiny repositories."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from branch_kit import commit_all, git, init_repo

from hsms_manuals import gitbranch
from hsms_manuals.errors import EnvironmentFailure, UsageError
from hsms_manuals.gitbranch import (
    BranchCommit,
    branch_dirs,
    branch_has,
    branch_head,
    check_branch,
    committer,
    git_names,
    last_changed,
    push_branch,
    read_branch_file,
    require_repo,
    update_from_upstream,
)


@pytest.fixture
def src(tmp_path) -> Path:
    root = tmp_path / "src"
    (root / "manuals").mkdir(parents=True)
    (root / "manuals" / "a.md").write_text("a\n", encoding="utf-8")
    init_repo(root)
    return root


def write(root: Path, branch: str, files: dict[str, str | bytes], message: str = "m") -> str:
    with BranchCommit(root, branch, message, "Casey Consultant") as commit:
        for path, data in files.items():
            commit.add(path, data)
    return commit.sha


def test_git_outside_a_folder_or_without_git_is_a_usage_error(tmp_path, monkeypatch):
    with pytest.raises(UsageError, match=r"is not a folder — run hsms in the repository, or name it with --root$"):
        gitbranch.git(tmp_path / "missing", "status")
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on PATH
    with pytest.raises(UsageError, match="^git is not installed \\(or not on PATH\\) — install git"):
        gitbranch.git(tmp_path, "status")


def test_a_failing_git_command_says_which_and_why(src):
    with pytest.raises(EnvironmentFailure, match="^git rev-parse --verify nope failed: fatal: "):
        gitbranch.git(src, "rev-parse", "--verify", "nope")
    assert gitbranch.git(src, "rev-parse", "--verify", "nope", check=False).returncode != 0


def test_last_changed_is_the_commit_date_or_today_when_edited(src, today):
    path = src / "manuals" / "a.md"
    assert last_changed(src, path) == dt.date.today()  # committed just now: the commit's own date
    today("2030-01-02")
    path.write_text("edited\n", encoding="utf-8")
    assert last_changed(src, path) == dt.date(2030, 1, 2)
    assert last_changed(src, src / "manuals" / "new.md") is None  # never committed


def test_last_changed_outside_a_repository_or_without_git_is_unknown(tmp_path, monkeypatch):
    (tmp_path / "x.md").write_text("x", encoding="utf-8")
    assert last_changed(tmp_path, tmp_path / "x.md") is None
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    assert last_changed(tmp_path, tmp_path / "x.md") is None


def test_names_with_spaces_quotes_and_accents_come_back_as_they_are(src):
    names = ["a b/index.html", 'q"uote/x', "café/y", "new\nline/z"]
    sha = write(src, "gh-pages", dict.fromkeys(names, "x"))
    assert sorted(branch_dirs(src, sha)) == sorted(n.split("/")[0] for n in names)
    assert sorted(git_names(src, "ls-tree", "-r", "-z", "--name-only", sha)) == sorted(names)
    assert read_branch_file(src, "gh-pages", 'q"uote/x') == "x"
    assert branch_has(src, sha, "café/y")
    assert not branch_has(src, sha, "café/nope")


def test_require_repo_wants_the_repository_root(src, tmp_path):
    require_repo(src)
    with pytest.raises(UsageError) as exc:
        require_repo(src / "manuals")
    assert str(exc.value) == (
        f"{src / 'manuals'} must be the root of a git repository to publish (it is inside the repository "
        f"{src.resolve()}) — run `git init` there and commit the manuals; published revisions go to a branch of "
        "that repository"
    )
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(UsageError, match=r"\(it is not a git repository\)"):
        require_repo(plain)


def test_a_branch_that_cannot_hold_published_revisions_is_refused(src):
    check_branch(src, "gh-pages")  # not there yet: fine, publishing creates it
    with pytest.raises(
        UsageError, match="^--branch 'bad..name' is not a valid git branch name — the default is gh-pages$"
    ):
        check_branch(src, "bad..name")
    with pytest.raises(UsageError, match="^branch main is checked out here, and publishing would commit to it"):
        check_branch(src, "main")
    git(src, "branch", "source-copy")
    with pytest.raises(UsageError, match=r"^branch source-copy holds the manuals' source \(manuals/, mkdocs.yml\)"):
        check_branch(src, "source-copy")
    write(src, "gh-pages", {"tiny/versions.json": "[]"})
    check_branch(src, "gh-pages")


def test_the_committer_comes_from_the_environment_or_git_config(src, monkeypatch):
    assert committer(src) == "Casey Consultant"
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Robin Env")
    assert committer(src) == "Robin Env"
    monkeypatch.delenv("GIT_COMMITTER_NAME")
    git(src, "config", "--unset", "user.email")
    monkeypatch.delenv("GIT_COMMITTER_EMAIL", raising=False)
    monkeypatch.setenv("HOME", str(src / "nohome"))  # no global identity either
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    with pytest.raises(UsageError, match="^git does not know who is publishing — run `git config user.name"):
        committer(src)


def test_one_commit_holds_everything_and_chains_on_the_branch(src):
    first = write(src, "gh-pages", {"m/a.txt": "one", "index.html": "<p>"}, "first")
    assert first == branch_head(src, "gh-pages")
    with BranchCommit(src, "gh-pages", "second\n\nbody", "Casey <evil>\nname") as commit:
        commit.delete(["m"])
        commit.add("n/run.sh", "#!/bin/sh\n", executable=True)
        commit.add("n/bytes.bin", b"\x00\xff")
    assert git(src, "rev-parse", f"{commit.sha}^").strip() == first
    assert git(src, "ls-tree", "-r", "gh-pages").split("\n")[:3] == [
        f"100644 blob {git(src, 'rev-parse', 'gh-pages:index.html').strip()}\tindex.html",
        f"100644 blob {git(src, 'rev-parse', 'gh-pages:n/bytes.bin').strip()}\tn/bytes.bin",
        f"100755 blob {git(src, 'rev-parse', 'gh-pages:n/run.sh').strip()}\tn/run.sh",
    ]
    assert git(src, "log", "-1", "--format=%B", "gh-pages") == "second\n\nbody\n"
    # < > and line breaks of a name cannot forge the committer line
    assert git(src, "log", "-1", "--format=%cn|%ce", "gh-pages").strip() == "Casey evilname|casey@example.com"
    assert git(src, "symbolic-ref", "--short", "HEAD").strip() == "main"  # the working tree was not touched
    assert git(src, "status", "--porcelain") == ""


def test_an_exception_inside_the_commit_leaves_the_branch_as_it_was(src):
    before = write(src, "gh-pages", {"m/a.txt": "one"})
    with pytest.raises(RuntimeError), BranchCommit(src, "gh-pages", "half", "Casey") as commit:
        commit.add("m/b.txt", "two")
        raise RuntimeError("interrupted")
    assert branch_head(src, "gh-pages") == before
    assert read_branch_file(src, "gh-pages", "m/b.txt") is None


def test_a_commit_git_refuses_leaves_the_branch_as_it_was(src):
    before = write(src, "gh-pages", {"m/a.txt": "one"})
    with pytest.raises(
        EnvironmentFailure,
        match="(?s)^writing the commit on gh-pages failed: fatal: .* — the branch was left as it was$",
    ):
        with BranchCommit(src, "gh-pages", "bad", "Casey") as commit:
            commit.add("/absolute/path", "x")  # fast-import refuses a path starting with /
            commit.add("m/c.txt", "x" * 200_000)
    assert branch_head(src, "gh-pages") == before


def _clone(src: Path, dest: Path) -> Path:
    git(src.parent, "clone", "-q", str(src), str(dest))
    git(dest, "config", "user.name", "Other")
    git(dest, "config", "user.email", "other@example.com")
    return dest


def test_update_from_upstream_fast_forwards_only(src, tmp_path):
    write(src, "gh-pages", {"m/1.txt": "1"})
    mine = _clone(src, tmp_path / "mine")
    update_from_upstream(mine, "origin", "gh-pages")  # no local branch yet: it starts from the remote's
    assert branch_head(mine, "gh-pages") == branch_head(src, "gh-pages")
    ahead = write(src, "gh-pages", {"m/2.txt": "2"})
    git(mine, "fetch", "-q", "origin")
    update_from_upstream(mine, "origin", "gh-pages")
    assert branch_head(mine, "gh-pages") == ahead
    write(src, "gh-pages", {"m/3.txt": "theirs"})
    local = write(mine, "gh-pages", {"m/3.txt": "ours"})
    git(mine, "fetch", "-q", "origin")
    with pytest.raises(UsageError, match="^gh-pages has diverged from origin/gh-pages — reconcile gh-pages with"):
        update_from_upstream(mine, "origin", "gh-pages")
    assert branch_head(mine, "gh-pages") == local
    update_from_upstream(mine, "upstream", "gh-pages")  # no such remote branch: nothing to do
    assert branch_head(mine, "gh-pages") == local


def test_a_refused_push_is_an_environment_failure(src, tmp_path):
    write(src, "gh-pages", {"m/1.txt": "1"})
    with pytest.raises(EnvironmentFailure, match="^git push nowhere gh-pages failed: "):
        push_branch(src, "nowhere", "gh-pages")
    bare = tmp_path / "bare.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    push_branch(src, str(bare), "gh-pages")
    assert branch_head(bare, "gh-pages") == branch_head(src, "gh-pages")


def test_last_changed_reads_a_name_with_glob_characters_literally(src, today, monkeypatch):
    # git reads "a[1].md" as a pattern that also matches a1.md: the edit of a1.md is not a[1].md's
    (src / "manuals" / "a[1].md").write_text("one\n", encoding="utf-8")
    (src / "manuals" / "a1.md").write_text("one\n", encoding="utf-8")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-01-02T10:00:00")
    commit_all(src, "two pages")
    today("2030-01-02")
    (src / "manuals" / "a1.md").write_text("edited\n", encoding="utf-8")
    assert last_changed(src, src / "manuals" / "a1.md") == dt.date(2030, 1, 2)
    assert last_changed(src, src / "manuals" / "a[1].md") == dt.date(2026, 1, 2)  # its commit's date

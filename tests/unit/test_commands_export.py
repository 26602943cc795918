"""`hsms export DIR`: the lines it prints and what it writes — run(root, args) on a hand-written branch."""

from __future__ import annotations

from pathlib import Path

import pytest
from branch_kit import git, init_repo

from hsms_manuals.cli import build_parser
from hsms_manuals.commands import export as verb
from hsms_manuals.errors import UsageError
from hsms_manuals.gitbranch import BranchCommit


@pytest.fixture
def src(tmp_path) -> Path:
    root = tmp_path / "src"
    (root / "manuals").mkdir(parents=True)
    (root / "manuals" / "README").write_text("x", encoding="utf-8")
    init_repo(root)
    with BranchCommit(root, "pages", "test", "Casey") as commit:
        for m in ("alpha", "beta"):
            commit.add(f"{m}/versions.json", "[]")
            commit.add(f"{m}/1/index.html", f"<p>{m}</p>")
    return root


def run(root: Path, *argv: str) -> int:
    return verb.run(root, build_parser().parse_args(["export", *argv]))


def test_export_prints_what_it_wrote_and_how_to_serve_it(src, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(src, "www", "beta", "--branch", "pages") == 0
    out = (tmp_path / "www").resolve()
    sha = git(src, "rev-parse", "--short=7", "pages").strip()
    assert capsys.readouterr().out.splitlines() == [
        f"exported 1 manual(s) from pages ({sha}) to {out}: beta",
        f"serve it with: python -m http.server --bind 127.0.0.1 --directory {out} 8000",
    ]
    assert (out / "beta" / "1" / "index.html").is_file()
    assert not (out / "alpha").exists()


def test_the_default_branch_and_all_manuals(src, tmp_path, capsys):
    with pytest.raises(UsageError, match=r"^nothing is published yet \(no branch 'gh-pages'\)"):
        run(src, str(tmp_path / "www"))
    assert run(src, str(tmp_path / "www"), "--branch", "pages") == 0
    assert ": alpha, beta\n" in capsys.readouterr().out


def test_the_serve_command_works_when_copied_from_a_folder_with_spaces(src, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(src, "web site é", "beta", "--branch", "pages") == 0
    out = (tmp_path / "web site é").resolve()
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"serve it with: python -m http.server --bind 127.0.0.1 --directory '{out}' 8000"
    )

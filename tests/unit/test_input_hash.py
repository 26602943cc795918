"""input_hash: the content hash changes with every input a manual's output depends on, and only then."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import PROJECT, write_manual
from hsms_manuals import input_hash
from hsms_manuals.input_hash import BuildOptions, InputHasher

OPTIONS = BuildOptions()


@pytest.fixture
def site_repo(repo: Path) -> Path:
    """A repository with mkdocs.yml, overrides/ and two manuals (partner acsa)."""
    shutil.copy(PROJECT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", repo / "overrides")
    write_manual(repo, "a")
    write_manual(repo, "b")
    return repo


def digest(root: Path, manual: str = "a", options: BuildOptions = OPTIONS) -> str:
    return InputHasher(root).manual(manual, "acsa", options)


def append(path: Path, text: str = "\n# changed\n") -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


CHANGES: dict[str, Callable[[Path], None]] = {
    "a page": lambda r: append(r / "manuals/a/docs/index.md", "More text.\n"),
    "a new page": lambda r: (r / "manuals/a/docs/02-new.md").write_text("new", encoding="utf-8"),
    "a removed page": lambda r: (r / "manuals/a/docs/index.md").unlink(),
    "manual.yml": lambda r: append(r / "manuals/a/manual.yml"),
    "an image": lambda r: (r / "manuals/a/docs/map.png").write_bytes(b"\x89PNG..."),
    "a records file": lambda r: (
        (r / "manuals/a/records").mkdir() or (r / "manuals/a/records/drill.yml").write_text("x")
    ),
    "its partner map": lambda r: append(r / "partners/acsa.yml"),
    "topics.yml": lambda r: append(r / "partners/topics.yml"),
    "the legislation register": lambda r: append(r / "partners/legislation/ab.yml"),
    "mkdocs.yml": lambda r: append(r / "mkdocs.yml"),
    "the theme (overrides/)": lambda r: append(r / "overrides/assets/hsms.css", "/* x */\n"),
    "a new theme file": lambda r: (r / "overrides/partials/x.html").write_text("x", encoding="utf-8"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_input_changes_the_hash(site_repo, change):
    before = digest(site_repo)
    CHANGES[change](site_repo)
    assert digest(site_repo) != before


@pytest.mark.parametrize(
    "change",
    [
        lambda r: append(r / "manuals/b/docs/index.md", "Another client's page.\n"),
        lambda r: append(r / "partners/esc.yml"),  # another partner's map
        lambda r: (r / "site").mkdir(),
        lambda r: os.utime(r / "manuals/a/docs/index.md", (1, 1)),  # a date, not the content
    ],
    ids=["another manual", "another partner map", "the site folder", "a file's date"],
)
def test_what_the_manual_does_not_depend_on_leaves_the_hash(site_repo, change):
    before = digest(site_repo)
    change(site_repo)
    assert digest(site_repo) == before


@pytest.mark.parametrize(
    "options",
    [BuildOptions(pdf=False), BuildOptions(drafts=True), BuildOptions(drafts=True, problems=("x.md:1: a problem",))],
)
def test_the_build_options_change_the_hash(site_repo, options):
    assert digest(site_repo, options=options) != digest(site_repo)


def test_hsms_itself_and_the_rendering_libraries_change_the_hash(site_repo, monkeypatch, tmp_path):
    before = digest(site_repo)
    monkeypatch.setattr(input_hash, "__version__", "99.0")
    assert digest(site_repo) != before
    monkeypatch.undo()
    package = tmp_path / "pkg"
    shutil.copytree(input_hash.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(input_hash, "PACKAGE_DIR", package)
    assert digest(site_repo) == before  # same files, same hash
    append(package / "plugin.py")  # an edited checkout, same version number
    assert digest(site_repo) != before
    monkeypatch.undo()
    monkeypatch.setattr(input_hash, "_library_version", lambda name: "9.9" if name == "mkdocs-material" else "1")
    assert digest(site_repo) != before


def test_special_files_and_links_are_named_never_opened(site_repo):
    docs = site_repo / "manuals/a/docs"
    os.mkfifo(docs / "pipe")  # reading it would hang
    os.symlink("/etc/passwd", docs / "leak.md")
    os.symlink(site_repo / "manuals/b", docs / "other")  # a folder link: listed, not followed
    first = digest(site_repo)
    append(site_repo / "manuals/b/docs/index.md")
    assert digest(site_repo) == first
    lines = list(input_hash.tree_entries(docs, "a"))
    assert any(line.startswith("a/./leak.md\tlink:/etc/passwd") for line in lines)
    assert any(line.startswith("a/./pipe\tspecial:") for line in lines)
    assert any(line.startswith("a/./other\tlink:") for line in lines)


def test_the_hash_is_the_same_in_another_copy_of_the_repository(site_repo, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(site_repo, copy)
    assert digest(copy) == digest(site_repo)

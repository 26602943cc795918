"""paths: finding the repository from a subfolder, manual ids, and paths shown to the user."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_manual
from hsms_manuals.paths import MANUAL_ID, find_root, is_repository, shown


def test_find_root_walks_up_to_the_folder_with_partners_topics(repo):
    deep = repo / "manuals" / "tiny" / "docs" / "sub"
    deep.mkdir(parents=True)
    assert find_root(deep) == repo
    assert find_root(repo) == repo
    assert is_repository(repo)


def test_find_root_outside_a_repository_is_the_start(tmp_path):
    (tmp_path / "partners").mkdir()  # a partners/ folder without topics.yml is not a repository
    assert find_root(tmp_path) == tmp_path
    assert not is_repository(tmp_path)


def test_topics_must_be_a_file(tmp_path):
    (tmp_path / "partners" / "topics.yml").mkdir(parents=True)
    assert not is_repository(tmp_path)


def test_shown_is_relative_to_the_repository_with_slashes(tmp_path):
    assert shown(tmp_path / "manuals" / "a" / "manual.yml", tmp_path) == "manuals/a/manual.yml"
    assert shown(tmp_path / "manuals" / ".." / "partners", tmp_path) == "partners"


def test_shown_outside_the_repository_is_the_path_as_given(tmp_path):
    outside = Path("/etc/passwd")
    assert shown(outside, tmp_path) == "/etc/passwd"


@pytest.mark.parametrize("good", ["ridgeline-builders", "a", "0", "x" * 63, "a-b-c", "n9"])
def test_manual_id_accepts(good):
    assert MANUAL_ID.match(good)


@pytest.mark.parametrize("bad", ["", "-a", "A", "a_b", "a.b", "a/b", "../x", "x" * 64, "a b", "é", "a\n"])
def test_manual_id_refuses(bad):
    assert not MANUAL_ID.match(bad)  # as manual.py and scaffold.py use it


def test_an_id_with_a_trailing_newline_is_not_a_manual(repo):
    """``$`` matches before a final newline: a folder "tiny\\n" must be neither listed nor opened."""
    from hsms_manuals.errors import UsageError
    from hsms_manuals.manual import manual_ids, manual_root

    write_manual(repo, "tiny\n")
    write_manual(repo, "tiny")
    assert manual_ids(repo) == ["tiny"]
    with pytest.raises(UsageError, match="is not a manual id"):
        manual_root(repo, "tiny\n")

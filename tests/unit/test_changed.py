"""Which manuals changed files touch (CI matrices, the pre-commit hook)."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import write_manual
from hsms_manuals.changed import shard, touched
from hsms_manuals.cli import main


@pytest.fixture
def two(repo):
    write_manual(repo, "acme")
    write_manual(repo, "bolt")
    return repo


def test_files_map_to_manual_ids(two):
    assert touched(two, ["manuals/bolt/docs/index.md", "README.md", "manuals/acme/manual.yml"]) == ["acme", "bolt"]
    assert touched(two, ["manuals/acme/docs/x.md", str(two / "manuals/acme/docs/y.md")]) == ["acme"]
    assert touched(two, ["manuals/gone/manual.yml", "scripts/x.py", "../elsewhere/manuals/acme/manual.yml"]) == []


@pytest.mark.parametrize("shared", ["partners/acsa.yml", "overrides/main.html", "mkdocs.yml"])
def test_shared_inputs_touch_every_manual(two, shared):
    assert touched(two, [shared]) == ["acme", "bolt"]


def test_shards_split_the_list():
    ids = ["a", "b", "c", "d", "e"]
    assert [shard(ids, f"{k}/2") for k in (1, 2)] == [["a", "c", "e"], ["b", "d"]]
    assert shard(ids, None) == ids


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_changed_since_a_branch(two, capsys):
    _git(two, "init", "-q", "-b", "main")
    _git(two, "-c", "user.name=t", "-c", "user.email=t@x", "add", "-A")
    _git(two, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "start")
    _git(two, "checkout", "-q", "-b", "work")
    (two / "manuals/bolt/docs/index.md").write_text((two / "manuals/bolt/docs/index.md").read_text() + "More.\n")
    assert main(["--root", str(two), "changed", "--since", "main", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == ["bolt"]
    assert main(["--root", str(two), "changed"]) == 0
    assert capsys.readouterr().out == "acme\nbolt\n"
    assert main(["--root", str(two), "changed", "--since", "nope"]) == 2
    assert capsys.readouterr().err.startswith("error: 'nope' is not a commit or branch of this repository")


def test_validate_files_checks_only_the_touched_manuals(two, capsys):
    (two / "manuals/bolt/manual.yml").write_text("company: [\n")
    assert main(["--root", str(two), "validate", "--files", "manuals/acme/docs/index.md"]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 manual(s), 1 page(s)")
    assert main(["--root", str(two), "validate", "--files", "README.md"]) == 0
    assert capsys.readouterr().out == "ok: no manual is touched by these files\n"
    assert main(["--root", str(two), "validate", "--files", "manuals/bolt/manual.yml"]) == 1
    assert capsys.readouterr().err.startswith("manuals/bolt/manual.yml:2: YAML syntax error")

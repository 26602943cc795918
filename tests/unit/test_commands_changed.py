"""`hsms changed`: the manuals to build in CI, as lines or JSON, sharded — run(root, args)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from branch_kit import commit_all, git, init_repo

from conftest import write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import changed as verb


@pytest.fixture
def src(repo) -> Path:
    for m in ("alpha", "beta", "gamma"):
        write_manual(repo, m)
    init_repo(repo)
    return repo


def run(root: Path, *argv: str) -> int:
    return verb.run(root, build_parser().parse_args(["changed", *argv]))


def test_without_since_every_manual_one_per_line(src, capsys):
    assert run(src) == 0
    assert capsys.readouterr().out == "alpha\nbeta\ngamma\n"


def test_json_and_shards_split_the_list_without_overlap(src, capsys):
    assert run(src, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == ["alpha", "beta", "gamma"]
    shares = []
    for k in (1, 2):
        assert run(src, "--format", "json", "--shard", f"{k}/2") == 0
        shares.append(json.loads(capsys.readouterr().out))
    assert sorted(shares[0] + shares[1]) == ["alpha", "beta", "gamma"]
    assert set(shares[0]).isdisjoint(shares[1])


def test_since_a_ref_only_the_manuals_changed_and_nothing_printed_when_none(src, capsys):
    git(src, "checkout", "-q", "-b", "work")
    assert run(src, "--since", "main") == 0
    assert capsys.readouterr().out == ""  # text: no line at all, so a CI matrix gets no job
    assert run(src, "--since", "main", "--format", "json") == 0
    assert capsys.readouterr().out == "[]\n"
    (src / "manuals" / "beta" / "docs" / "index.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    commit_all(src, "beta changed")
    assert run(src, "--since", "main") == 0
    assert capsys.readouterr().out == "beta\n"

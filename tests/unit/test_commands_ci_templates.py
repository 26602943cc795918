"""`hsms ci-templates DIR [--only KIND]`: one "wrote" line per file then what to do next; only the
kinds asked for; refusals (an existing file, a folder that is not there) write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from hsms_manuals.cli import build_parser
from hsms_manuals.commands import ci_templates
from hsms_manuals.errors import UsageError

NEXT = "next: read the comments at the top of each file (secrets, branch names), commit them\n"


def run(root: Path, *argv: str) -> int:
    return ci_templates.run(root, build_parser().parse_args(["ci-templates", *argv]))


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """The consultancy's repository (beside the hsms repository of the ``repo`` fixture)."""
    folder = tmp_path / "consultancy"
    folder.mkdir()
    return folder


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_all_templates_by_default(repo, target, capsys):
    assert run(repo, str(target)) == 0
    assert capsys.readouterr() == (
        f"wrote {target / '.github/workflows/hsms.yml'}\nwrote {target / '.gitlab-ci.yml'}\n"
        f"wrote {target / '.pre-commit-config.yaml'}\n" + NEXT,
        "",
    )
    assert files(target) == [".github/workflows/hsms.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml"]


def test_only_the_kinds_asked_for(repo, target, capsys):
    assert run(repo, str(target), "--only", "pre-commit", "--only", "gitlab") == 0
    assert capsys.readouterr().out == (
        f"wrote {target / '.gitlab-ci.yml'}\nwrote {target / '.pre-commit-config.yaml'}\n" + NEXT
    )
    assert files(target) == [".gitlab-ci.yml", ".pre-commit-config.yaml"]


def test_an_existing_file_refuses_every_write(repo, target, capsys):
    (target / ".gitlab-ci.yml").write_text("ours\n", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        run(repo, str(target))
    assert str(exc.value) == (
        f"{target / '.gitlab-ci.yml'} already exist(s); hsms never overwrites — merge the template by hand "
        "(`hsms ci-templates /tmp/x` writes a copy) or choose others with --only"
    )
    assert files(target) == [".gitlab-ci.yml"] and (target / ".gitlab-ci.yml").read_text() == "ours\n"
    assert capsys.readouterr().out == ""
    assert run(repo, str(target), "--only", "github") == 0  # the others can still be chosen


def test_a_folder_that_is_not_there(repo, target):
    with pytest.raises(UsageError) as exc:
        run(repo, str(target / "nope"))
    assert str(exc.value) == f"{target / 'nope'} is not a folder — name the consultancy's repository folder"
    assert not (target / "nope").exists()

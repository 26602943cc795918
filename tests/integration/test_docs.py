"""README.md stays true: every command is documented and CI runs README's test command."""

from __future__ import annotations

import re
from pathlib import Path

from hsms_manuals.cli import _parser

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    blocks = re.findall(r"```bash\n(.+?)\n```", README, re.S)
    assert blocks[0] == "bash scripts/setup.sh && .venv/bin/hsms build"
    assert blocks[1] == "bash scripts/setup.sh --test && .venv/bin/python -m pytest -q"
    assert README.index(blocks[1]) < 1000  # at the top


def test_ci_runs_the_readme_test_command():
    test_command = re.findall(r"```bash\n(.+?)\n```", README, re.S)[1]
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_command_is_documented():
    verbs = _parser()._subparsers._group_actions[0].choices
    for verb in verbs:
        assert f"`hsms {verb}" in README or f"hsms {verb}`" in README, verb

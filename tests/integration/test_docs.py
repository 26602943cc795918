"""README.md stays true: its two commands come first, CI runs its test command, and every verb
and every option of every verb is documented (in the spirit of sqlite-utils' test_docs.py)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from hsms_manuals.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _verbs() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _options(parser: argparse.ArgumentParser) -> list[str]:
    """Each option by its longest spelling (--site-dir, not -s); positionals by their metavar."""
    out = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if action.option_strings:
            out.append(max(action.option_strings, key=len))
        else:
            out.append(action.metavar or action.dest.upper())
    return out


VERBS = _verbs()
PAIRS = [(verb, option) for verb, parser in VERBS.items() for option in _options(parser)]


def _documentation_of(verb: str) -> str:
    """The README's row for the verb in "The commands" table, plus its own section if it has one."""
    rows = [line for line in README.splitlines() if line.startswith(f"| `hsms {verb}")]
    section = re.search(rf"^#+ [^\n]*`hsms {verb}`[^\n]*\n(.*?)(?=^#+ |\Z)", README, re.S | re.M)
    return "\n".join(rows) + (section.group(1) if section else "")


def test_readme_starts_with_the_two_commands():
    blocks = re.findall(r"```bash\n(.+?)\n```", README, re.S)
    assert blocks[0] == "bash scripts/setup.sh && .venv/bin/hsms build"
    assert blocks[1] == "bash scripts/setup.sh --test && .venv/bin/python -m pytest -q"
    assert README.index(blocks[1]) < 1000  # at the top


def test_ci_runs_the_readme_test_command():
    test_command = re.findall(r"```bash\n(.+?)\n```", README, re.S)[1]
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_every_verb_has_a_row_in_the_commands_table(verb):
    assert any(line.startswith(f"| `hsms {verb}") for line in README.splitlines()), verb


@pytest.mark.parametrize(("verb", "option"), PAIRS, ids=[f"{v} {o}" for v, o in PAIRS])
def test_every_option_is_documented(verb, option):
    assert option in _documentation_of(verb), f"README does not document `hsms {verb} {option}`"


@pytest.mark.parametrize("option", _options(build_parser()))
def test_every_global_option_is_documented(option):
    assert f"`{option}" in README, option

"""A manual.yml with thousands of mistakes is reported in linear time: each file is composed once
for its line numbers, and cerberus no longer re-sorts its error list on every error. Measured as
work done (parses, comparisons), not as time."""

from __future__ import annotations

import cerberus.errors
import pytest
import yaml

from conftest import MANUAL_YML, write_manual
from hsms_manuals.validate import validate


def bad_forms(n: int) -> str:
    """n schema problems (a form without use:) and n duplicate ids (check_manual's own problems)."""
    return MANUAL_YML + "forms:\n" + "".join(f"  - {{id: F-{i}, title: T}}\n" for i in range(n))


def duplicate_forms(n: int) -> str:
    return MANUAL_YML + "forms:\n" + "".join("  - {id: F-1, title: T, use: U}\n" for _ in range(n + 1))


@pytest.fixture
def counted(monkeypatch):
    """Counts yaml.compose calls and cerberus error comparisons."""
    counts = {"compose": 0, "compare": 0}
    compose, less = yaml.compose, cerberus.errors.ValidationError.__lt__

    def counting_compose(*args, **kwargs):
        counts["compose"] += 1
        return compose(*args, **kwargs)

    def counting_less(self, other):
        counts["compare"] += 1
        return less(self, other)

    monkeypatch.setattr(yaml, "compose", counting_compose)
    monkeypatch.setattr(cerberus.errors.ValidationError, "__lt__", counting_less)
    return counts


@pytest.mark.parametrize("make", [bad_forms, duplicate_forms])
def test_line_numbers_come_from_one_parse_per_file(repo, counted, make):
    write_manual(repo, manual_yml=make(1500))
    problems = validate(repo, ["tiny"])[2]
    assert len(problems) == 1500
    assert counted["compose"] == 1  # manual.yml, once, however many problems it has
    lines = [p.line for p in problems]
    assert lines == sorted(lines) and len(set(lines)) == 1500  # each problem on its own line


def test_schema_problems_cost_linear_work(repo, counted):
    work = {}
    for n in (500, 1000):
        write_manual(repo, manual_yml=bad_forms(n))
        counted["compare"] = 0
        assert len(validate(repo, ["tiny"])[2]) == n
        work[n] = counted["compare"]
    # Before: about n²/2 comparisons (124,750 and 499,500); now none grow with n at all.
    assert work[1000] <= 2 * work[500] + 10

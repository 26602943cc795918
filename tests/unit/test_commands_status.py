"""`hsms status`: exit 1 when any manual is overdue for review or below its partner's pass rules
(so CI can alert), 0 otherwise — a manual never published is shown, not an alert; the branch read
and the format asked for; named manuals only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, answers, mini_partner, page, write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import status
from hsms_manuals.errors import UsageError


def run(root: Path, *argv: str) -> int:
    return status.run(root, build_parser().parse_args(["status", *argv]))


def passing(repo: Path, mid: str = "good") -> None:
    mini_partner(repo)
    body = answers("policy.statement")
    write_manual(
        repo,
        mid,
        manual_yml=MANUAL_YML.replace("partner: acsa", "partner: mini"),
        pages={"index.md": INDEX_MD, "01-policy.md": page("Policy", ["policy.statement"], body=body)},
    )


def test_all_passing_and_in_review_exits_0_even_if_never_published(repo, capsys):
    passing(repo)
    assert run(repo) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split() == [
        "good", "MINI", "COR", "100.0%", "pass", "1", "2026-09-01", "2027-09-01", "never", "0", "0", "2023", "(newest)"
    ]  # fmt: skip
    assert out.endswith(
        "1 manual(s) on 2026-12-01: 0 below pass or not measured, 0 overdue for review, 1 with unpublished changes "
        "or never published, 0 on an older instrument\n"
    )


def test_below_pass_exits_1(repo, capsys):
    passing(repo)
    write_manual(repo, "weak")  # every ACSA question unanswered
    assert run(repo) == 1
    assert run(repo, "good") == 0  # only the manuals named


def test_overdue_for_review_exits_1(repo, capsys, today):
    passing(repo)
    today("2027-09-02")
    assert run(repo) == 1
    assert "1 overdue for review" in capsys.readouterr().out


def test_a_manual_that_does_not_load_exits_1_with_a_row(repo, capsys):
    passing(repo)
    write_manual(repo, "broken", manual_yml="company: [\n")
    assert run(repo) == 1
    assert capsys.readouterr().out.splitlines()[1].startswith("broken  —         not measured")


def test_json_names_the_branch_read(repo, capsys):
    passing(repo)
    assert run(repo, "--format", "json", "--branch", "site-pages") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["branch"], data["alerts"], [m["manual"] for m in data["manuals"]]) == ("site-pages", 0, ["good"])


def test_markdown_flags_attention_only_when_there_is_some(repo, capsys):
    passing(repo)
    assert run(repo, "--format", "markdown") == 0
    assert "need attention" not in capsys.readouterr().out
    write_manual(repo, "weak")
    assert run(repo, "--format", "markdown") == 1
    assert capsys.readouterr().out.endswith(
        "**1 manual(s) need attention** (overdue for review or below the partner's pass rules).\n"
    )


def test_an_unknown_manual_is_a_usage_error(repo):
    passing(repo)
    with pytest.raises(UsageError, match=r"^unknown manual 'nope'"):
        run(repo, "nope")

"""`hsms plan MANUAL`: the action plan as Markdown (no byte-order mark, markup in the partner's or
manual's words shown as text) or as CSV for a spreadsheet (with its byte-order mark, one row per
action); warnings that do not stop it; the day it plans on."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, mini_partner, write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import plan
from hsms_manuals.errors import UsageError, ValidationFailed


def run(root: Path, *argv: str) -> int:
    return plan.run(root, build_parser().parse_args(["plan", *argv]))


def manual(repo: Path, pages: dict[str, str] | None = None) -> None:
    mini_partner(repo, question="A written <b>policy</b> | with a pipe.", short_name="ACSA")
    write_manual(repo, manual_yml=MANUAL_YML.replace("partner: acsa", "partner: mini"), pages=pages)


def test_markdown_plan(repo, capsys):
    manual(repo)
    assert run(repo, "tiny") == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(
        "# Action plan: Tiny Test Co.\n\nMade on 2026-12-01 for a certification audit (pass rule: at least 80% "
        "overall, every element at least 50%). Manual TT-001 revision 1.\n\n| # | Priority | Action | Element | "
        "Owner | Due |\n|---|---|---|---|---|---|\n"
        "| 1 | high | Answer 1.1 in the manual&#58; A written &lt;b&gt;policy&lt;/b&gt; &#124; with a pipe.<br>"
        "Write about&#58; Written health and safety policy | 1 Policy | Owner | 2026-12-31 |\n"
    )
    assert out.endswith(" | Owner | 2027-09-01 |\n")  # one newline: no blank line after the table


def test_csv_plan_for_a_spreadsheet(repo, capsys):
    manual(repo)
    assert run(repo, "tiny", "--format", "csv") == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffnumber,priority,action,detail,element,owner,due,from\r\n")  # Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows[1] == [
        "1",
        "high",
        "Answer 1.1 in the manual: A written <b>policy</b> | with a pipe.",
        "Write about: Written health and safety policy",
        "1 Policy",
        "Owner",
        "2026-12-31",
        "coverage",
    ]
    assert [r[-1] for r in rows[1:]] == ["coverage", "records", "certificate", "review"]
    assert out.endswith("review\r\n") and out.count("\n") == out.count("\r\n") == len(rows)  # CR LF, the last row too


def test_on_moves_the_due_dates(repo, capsys):
    manual(repo)
    assert run(repo, "tiny", "--on", "2027-03-01", "--format", "csv") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"))))
    assert rows[1][6] == "2027-03-31"


def test_a_broken_page_is_a_warning_and_the_plan_is_made(repo, capsys):
    manual(repo, pages={"index.md": INDEX_MD, "01-x.md": "---\ntitle: [\n---\n"})
    assert run(repo, "tiny") == 0
    out, err = capsys.readouterr()
    assert err.startswith("warning: manuals/tiny/docs/01-x.md:3: YAML syntax error")
    assert out.startswith("# Action plan: Tiny Test Co.\n")


def test_a_manual_that_does_not_load_stops_it(repo, capsys):
    manual(repo)
    (repo / "manuals" / "tiny" / "manual.yml").write_text("company: [\n", encoding="utf-8")
    with pytest.raises(ValidationFailed):
        run(repo, "tiny")
    assert capsys.readouterr().out == ""


def test_an_unknown_manual_is_a_usage_error(repo):
    with pytest.raises(UsageError, match=r"^unknown manual 'nope'"):
        run(repo, "nope")

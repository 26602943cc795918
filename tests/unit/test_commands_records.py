"""`hsms records MANUAL`: the readiness report, exit 0 when ready and 1 when not, the day it is
measured on, warnings that do not stop it (records read no page), and a bad log row that does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, write_manual
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import records
from hsms_manuals.errors import UsageError, ValidationFailed

MONTHLY = "records:\n  - {kind: inspection, title: Site inspection, every: month, topics: [inspection.schedule]}\n"
HEADER = "date,kind,site,reference,name\n"


def run(root: Path, *argv: str) -> int:
    return records.run(root, build_parser().parse_args(["records", *argv]))


def logged(repo: Path, *months: str, pages: dict[str, str] | None = None) -> Path:
    mroot = write_manual(repo, manual_yml=MANUAL_YML + MONTHLY, pages=pages)
    (mroot / "records").mkdir()
    rows = "".join(f"{m}-10,inspection,Shop,insp-{m},Pat Doe\n" for m in months)
    (mroot / "records" / "log.csv").write_text(HEADER + rows, encoding="utf-8")
    return mroot


def test_three_months_on_hand_is_ready_and_exits_0(repo, capsys):
    logged(repo, "2026-09", "2026-10", "2026-11")
    assert run(repo, "tiny") == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "Tiny Test Co. — tiny: records readiness on 2026-12-01"
    assert "Earliest audit date (3 months of records): 2026-12-01 — met" in lines
    assert lines[-1] == "READY — 3 month(s) on hand, no gaps in the audit window"
    assert err == ""


def test_on_an_earlier_day_it_is_not_ready_and_exits_1(repo, capsys):
    logged(repo, "2026-09", "2026-10", "2026-11")
    assert run(repo, "tiny", "--on", "2026-11-15") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Tiny Test Co. — tiny: records readiness on 2026-11-15"
    assert lines[-1] == (
        "NOT READY — 2 month(s) on hand, ACSA needs 3 before a first audit (earliest 2026-12-01); "
        "no gaps in the audit window"
    )


def test_json_has_the_verdict(repo, capsys):
    logged(repo, "2026-10", "2026-11")
    assert run(repo, "tiny", "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["on"], data["ready"], data["months_on_hand"], data["minimum_met"]) == ("2026-12-01", False, 2, False)


def test_a_broken_page_does_not_stop_records(repo, capsys):
    logged(repo, "2026-09", "2026-10", "2026-11", pages={"index.md": INDEX_MD, "01-x.md": "---\ntitle: [\n---\n"})
    assert run(repo, "tiny") == 0
    assert capsys.readouterr().err == ""  # no page is read


def test_a_warning_of_the_manual_is_printed_and_does_not_stop_it(repo, capsys):
    mroot = logged(repo, "2026-09", "2026-10", "2026-11")
    yml = (mroot / "manual.yml").read_text(encoding="utf-8").replace("topics: [inspection.schedule]", "topics: [x.y]")
    (mroot / "manual.yml").write_text(yml, encoding="utf-8")
    assert run(repo, "tiny") == 0  # measured all the same
    assert capsys.readouterr().err == (
        "warning: manuals/tiny/manual.yml:29: records.0.topics.0: unknown topic 'x.y' — use a topic id from "
        "partners/topics.yml\n"
    )


def test_a_bad_row_stops_it_with_its_line(repo, capsys):
    mroot = logged(repo, "2026-09")
    with (mroot / "records" / "log.csv").open("a", encoding="utf-8") as fh:
        fh.write("2026-10-10,inspectoin,Shop,x,Pat Doe\n")
    with pytest.raises(ValidationFailed) as exc:
        run(repo, "tiny")
    assert [str(p) for p in exc.value.problems] == [
        "manuals/tiny/records/log.csv:3: kind: unknown record kind 'inspectoin' — use one of: inspection"
    ]
    assert capsys.readouterr().out == ""


def test_an_unknown_manual_is_a_usage_error(repo):
    with pytest.raises(UsageError, match=r"^unknown manual 'nope'"):
        run(repo, "nope")

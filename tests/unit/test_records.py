"""Reading the records log: every bad row is one located problem; odd encodings, odd files and
hostile values are refused or kept as plain text, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MANUAL_YML, write_manual
from hsms_manuals import records_reader
from hsms_manuals.library import load_library
from hsms_manuals.manual import load_manual
from hsms_manuals.records import RecordsLog, read_log
from hsms_manuals.validate import validate

KINDS = """records:
  - {kind: inspection, title: Site inspection, every: month, topics: [inspection.schedule]}
  - {kind: drill, title: Emergency drill, every: year, per_site: true, topics: [emergency.drills]}
"""
HEADER = "date,kind,site,reference,name\n"
TODAY = dt.date(2026, 12, 1)


def log_of(repo: Path, files: dict[str, str | bytes], kinds: str = KINDS) -> RecordsLog:
    mroot = write_manual(repo, manual_yml=MANUAL_YML + kinds)
    (mroot / "records").mkdir(exist_ok=True)
    for name, content in files.items():
        path = mroot / "records" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    manual, problems = load_manual(repo, "tiny")
    assert manual is not None and problems == []
    library, _ = load_library(repo, only="acsa")
    return read_log(repo, manual, library.topics, TODAY)


def problems(repo: Path, files: dict[str, str | bytes], kinds: str = KINDS) -> list[str]:
    return [str(p) for p in log_of(repo, files, kinds).problems]


def test_good_rows_are_kept_as_dates_by_kind_and_site(repo):
    log = log_of(
        repo,
        {
            "2026.csv": HEADER + "2026-03-04,inspection,Shop,F-03-1,Pat Doe\n"
            "2026-04-02,inspection, shop ,F-03-2,Pat Doe\n\n"
            "2026-04-09,drill,Shop,F-15-1,Pat Doe\n"
        },
    )
    assert log.problems == [] and log.rows == 3 and log.files == ("manuals/tiny/records/2026.csv",)
    assert log.dates_of("inspection") == [dt.date(2026, 3, 4), dt.date(2026, 4, 2)]  # ' shop ' is Shop


def test_columns_in_any_order_with_a_topic_column(repo):
    log = log_of(
        repo,
        {
            "log.csv": "name,reference,topic,kind,site,date\nPat Doe,R-1,inspection.procedure,inspection,Shop,"
            "2026-03-04\nPat Doe,R-2,,inspection,Shop,2026-03-05\n"
        },
    )
    assert log.problems == [] and set(log.dates) == {
        ("inspection", "Shop", "inspection.procedure"),
        ("inspection", "Shop", None),
    }


def test_every_bad_row_is_reported_with_its_line(repo):
    rows = (
        HEADER
        + "\n".join(
            [
                "2026-03-04,inspction,Shop,F-03-1,Pat Doe",  # 2 unknown kind
                "04/03/2026,inspection,Shop,F-03-2,Pat Doe",  # 3 not a date
                "2026-02-30,inspection,Shop,F-03-3,Pat Doe",  # 4 impossible date
                "2027-01-05,inspection,Shop,F-03-4,Pat Doe",  # 5 after today
                "2026-03-06,inspection,Warehouse,F-03-5,Pat Doe",  # 6 unknown site
                "2026-03-07,inspection,Shop,,Pat Doe",  # 7 empty reference
                "2026-03-08,inspection,Shop,F-03-7",  # 8 a value missing
                "2026-03-09,inspection,Shop,F-03-8,Pat Doe",  # 9 good
                "2026-03-10,inspection,Shop,f-03-8,Pat Doe",  # 10 duplicate of line 9
            ]
        )
        + "\n"
    )
    assert problems(repo, {"2026.csv": rows}) == [
        "manuals/tiny/records/2026.csv:2: kind: unknown record kind 'inspction' — use one of: inspection, drill",
        "manuals/tiny/records/2026.csv:3: date: '04/03/2026' is not a date — write the date as YYYY-MM-DD, e.g. 2026-03-04",
        "manuals/tiny/records/2026.csv:4: date: '2026-02-30' is not a date — write the date as YYYY-MM-DD, e.g. 2026-03-04",
        "manuals/tiny/records/2026.csv:5: date: 2027-01-05 is after today (2026-12-01) — log a record once it is done",
        "manuals/tiny/records/2026.csv:6: site: unknown site 'Warehouse' — use one of: Shop (emergency.sites in manual.yml)",
        "manuals/tiny/records/2026.csv:7: reference: empty — fill in the reference",
        "manuals/tiny/records/2026.csv:8: 4 values, the header has 5 — put a comma between values and quotes around a "
        "value that holds a comma",
        "manuals/tiny/records/2026.csv:10: reference: the same inspection 'f-03-8' as manuals/tiny/records/2026.csv:9 — "
        "remove the duplicate row",
    ]


def test_duplicates_are_found_across_files(repo):
    assert problems(
        repo,
        {
            "2025.csv": HEADER + "2025-12-04,inspection,Shop,R-1,Pat Doe\n",
            "2026.csv": HEADER + "2026-01-04,inspection,Shop,R-1,Pat Doe\n",
        },
    ) == [
        "manuals/tiny/records/2026.csv:2: reference: the same inspection 'R-1' as manuals/tiny/records/2025.csv:2 — "
        "remove the duplicate row"
    ]


def test_a_quoted_value_over_two_lines_is_reported_where_the_row_starts(repo):
    assert problems(
        repo, {"log.csv": HEADER + '2026-03-04,inspection,Shop,R-1,"Pat\nDoe"\n2026-03-05,inspection,Shop,R-2,Pat\n'}
    ) == ["manuals/tiny/records/log.csv:2: name: holds a line break or a control character — write it on one line"]


def test_header_problems(repo):
    assert problems(
        repo,
        {
            "a.csv": "date,kind,site,reference,phone\n2026-03-04,inspection,Shop,R-1,555\n",
            "b.csv": "date;kind;site;reference;name\n",
            "c.csv": "",
        },
    ) == [
        "manuals/tiny/records/a.csv:1: phone: not a column of the records log — use only date, kind, site, reference, "
        "name, topic: the log keeps no other personal data",
        "manuals/tiny/records/a.csv:1: no name column — the header row must name date,kind,site,reference,name (and "
        "optionally topic)",
        "manuals/tiny/records/b.csv:1: the columns are separated by ';' — save it from the spreadsheet as "
        "'CSV UTF-8 (comma delimited)'",
        "manuals/tiny/records/c.csv: empty — start it with the header row: date,kind,site,reference,name",
    ]


@pytest.mark.parametrize(
    "content, line, byte",
    [
        (HEADER.encode() + "2026-03-04,inspection,Shop,R-1,Zoë\n".encode("latin-1"), 2, 0xEB),
        ("date,kind".encode("utf-16"), 1, 0xFF),
    ],
)
def test_files_that_are_not_utf8(repo, content, line, byte):
    assert problems(repo, {"log.csv": content}) == [
        f"manuals/tiny/records/log.csv:{line}: not valid UTF-8 (byte 0x{byte:02x}) — save it from the spreadsheet as "
        "'CSV UTF-8 (comma delimited)'"
    ]


def test_a_bom_and_windows_line_ends_are_fine(repo):
    log = log_of(
        repo, {"log.csv": "\ufeffdate,kind,site,reference,name\r\n2026-03-04,inspection,Shop,R-1,Pat\r\n".encode()}
    )
    assert log.problems == [] and log.rows == 1


def test_other_files_in_the_records_folder(repo):
    assert problems(repo, {"2026.xlsx": b"PK\x03\x04", "README.md": "notes", ".hidden.csv": "x"}) == [
        "manuals/tiny/records/2026.xlsx: is not a CSV file, so it is not read — save it from the spreadsheet as "
        "'CSV UTF-8 (comma delimited)', or move it out of records/"
    ]


def test_a_nul_byte_is_not_a_traceback(repo):
    [p] = problems(repo, {"log.csv": HEADER + "2026-03-04,inspection,Shop,R\x00-1,Pat\n"})
    assert p.startswith("manuals/tiny/records/log.csv:2: ") and "control character" in p


def test_huge_values_and_huge_files(repo):
    big = "x" * 300
    assert problems(repo, {"log.csv": HEADER + f"2026-03-04,inspection,Shop,R-1,{big}\n"}) == [
        "manuals/tiny/records/log.csv:2: name: 300 characters long — keep it under 200 characters: the log indexes "
        "records, it does not hold them"
    ]
    # A file that is not a log at all stops after 200 problems instead of listing them all.
    found = problems(repo, {"log.csv": HEADER + "nonsense,row,here,x,y\n" * 1000})
    assert len(found) == 202 and found[-1] == (  # 3 problems a row: 67 rows, then the last line
        "manuals/tiny/records/log.csv:68: stopped reading after 201 problems — check that this is a records log "
        "(date,kind,site,reference,name), then fix the rows above"
    )


def test_csv_injection_and_markup_are_kept_as_text(repo):
    log = log_of(repo, {"log.csv": HEADER + "2026-03-04,inspection,Shop,\"=cmd|' /C calc'!A0\",<b>Pat</b>\n"})
    assert log.problems == [] and log.rows == 1


def test_validate_reports_records_problems_but_the_manual_still_loads(repo):
    mroot = write_manual(repo, manual_yml=MANUAL_YML + KINDS)
    (mroot / "records").mkdir()
    (mroot / "records" / "2026.csv").write_text(HEADER + "2026-03-04,inspction,Shop,R-1,Pat\n", encoding="utf-8")
    _, manuals, found = validate(repo)
    assert "tiny" in manuals and [str(p) for p in found] == [
        "manuals/tiny/records/2026.csv:2: kind: unknown record kind 'inspction' — use one of: inspection, drill"
    ]


def test_record_kinds_are_checked_in_manual_yml(repo):
    kinds = """records:
  - {kind: inspection, title: Site inspection, every: month, topics: [inspection.nope], form: F-99, owner: Boss}
  - {kind: inspection, title: Again, every: fortnight, topics: [inspection.schedule]}
  - {kind: Bad Kind, title: Bad, every: week, topics: [inspection.schedule]}
"""
    write_manual(
        repo,
        manual_yml=MANUAL_YML
        + """responsibilities:
  - {role: Owner, duties: [Everything]}
"""
        + kinds,
    )
    assert [str(p) for p in validate(repo)[2]] == [
        "manuals/tiny/manual.yml:32: records.1.every: unallowed value fortnight — use one of: week, month, quarter, "
        "year, event",
        "manuals/tiny/manual.yml:33: records.2.kind: value does not match regex '^[a-z0-9][a-z0-9-]*$' — use lowercase "
        "letters, digits and '-', e.g. site-inspection",
    ]
    kinds = kinds.replace("fortnight", "month").replace("Bad Kind", "bad-kind")
    write_manual(repo, manual_yml=MANUAL_YML + "responsibilities:\n  - {role: Owner, duties: [Everything]}\n" + kinds)
    assert [str(p) for p in validate(repo)[2]] == [
        "manuals/tiny/manual.yml:31: records.0.form: unknown form 'F-99' — add it under forms:",
        "manuals/tiny/manual.yml:31: records.0.owner: unknown role 'Boss' — use one of: Owner (responsibilities: in "
        "manual.yml)",
        "manuals/tiny/manual.yml:31: records.0.topics.0: unknown topic 'inspection.nope' — use a topic id from "
        "partners/topics.yml",
        "manuals/tiny/manual.yml:32: records.1.kind: record kind 'inspection' declared twice — give every kind its own id",
    ]


def test_validate_warns_about_sampled_topics_no_record_kind_keeps(repo, capsys):
    from hsms_manuals.cli import main

    write_manual(repo, manual_yml=MANUAL_YML + KINDS)
    assert main(["--root", str(repo), "validate"]) == 0
    warnings = capsys.readouterr().err.splitlines()
    assert (
        "warning: manuals/tiny/manual.yml:28: records: no record kind keeps 'hazard.flha' (Field-level hazard "
        "assessment before work); auditors sample its records (expected every week) — add a kind with topics: "
        "[hazard.flha]" in warnings
    )
    assert not any("emergency.drills" in w or "inspection.schedule" in w for w in warnings)  # kept
    write_manual(repo, manual_yml=MANUAL_YML)  # no records log at all: nothing to warn about
    assert main(["--root", str(repo), "validate"]) == 0 and capsys.readouterr().err == ""


def test_a_file_with_an_enormous_value_stops_at_its_line(repo):
    import csv

    limit = csv.field_size_limit()
    found = problems(
        repo,
        {
            "log.csv": HEADER
            + "2026-03-04,inspection,Shop,R-1,Pat\n"
            + "2026-03-05,inspection,Shop,R-2,"
            + "x" * 50_000
            + "\n"
        },
    )
    assert found == [
        "manuals/tiny/records/log.csv:3: a value longer than 4000 characters: this is not a records log "
        "— keep one row per record (date,kind,site,reference,name), each value under 200 characters"
    ]
    assert csv.field_size_limit() == limit  # put back as it was


def _long_log(n: int, bad: dict[int, str]) -> str:
    """``n`` good rows over 2025-2026 (more than one block of text), with some rows replaced."""
    rows = [
        f"{dt.date(2025, 1, 1) + dt.timedelta(days=i % 700)},{'inspection' if i % 3 else 'drill'},Shop,"
        f"R-{i:05d},Worker {i % 40}"
        for i in range(n)
    ]
    for i, row in bad.items():
        rows[i] = row
    return HEADER + "\n".join(rows) + "\n"


def test_a_long_log_reads_the_same_in_blocks_as_row_by_row(repo, monkeypatch):
    """Good plain text is taken a block at a time; a block with a problem, a quote or a lone
    carriage return is read by the csv module. Either way every row gives the same problems (at
    its own line) and the same dates as checking each row on its own."""
    bad = {
        10: "2025-02-30,inspection,Shop,X-1,Pat Doe",
        2500: "2025-03-01,inspecton,Shop,X-2,Pat Doe",
        4000: "",
        4001: "2025-03-02,inspection,Shop,r-00007,Pat Doe",
        4002: "2025-03-02,inspection,Sh\top,X-3,Pat",
        4003: "2025-03-03,inspection, shop ,X-4,Pat Doe",
        4004: "2025-03-03,inspection,Shop,X-5, Pat",
        7000: "2026-12-25,drill,Shop,X-9,Pat Doe",
        18000: '2025-03-04,inspection,Shop,X-6,"Doe, Pat"',
        18001: '2025-03-05,inspection,Shop,X-7,"Pat\nDoe"',
        18002: "2025-03-06,inspection,Shop,X-8,Pat,Doe",
        15000: "2025-04-01,inspection,Shop,r-12001,Pat Doe",
    }  # row 12001 sits in a block taken whole
    files = {
        "a.csv": _long_log(20000, bad),
        "b.csv": HEADER
        + "2026-05-01,inspection,Shop,W-1,Pat\r\n" * 1
        + _long_log(3000, {})[len(HEADER) :].replace("R-", "W-").replace("\n", "\r\n"),
        "c.csv": HEADER + "2026-05-02,inspection,Shop,C-1,Pat\r2026-05-03,inspection,Shop,C-2,Pat\n",
    }
    fast = log_of(repo, files)
    monkeypatch.setattr(records_reader.Reader, "take_columns", lambda self, *args: False)
    slow = log_of(repo, files)
    assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]
    assert fast.dates == slow.dates and fast.rows == slow.rows == 20000 + 3001 + 2 - 9
    # Each where its row starts: the value over two lines (line 18003) moves the rows after it down one.
    assert [(p.line, p.field) for p in fast.problems] == [
        (12, "date"),
        (2502, "kind"),
        (4003, "reference"),
        (4004, "site"),
        (4004, "site"),
        (7002, "date"),
        (15002, "reference"),
        (18003, "name"),
        (18005, ""),
    ]
    assert "the same inspection 'r-00007' as manuals/tiny/records/a.csv:9" in str(fast.problems[2])
    assert "the same inspection 'r-12001' as manuals/tiny/records/a.csv:12003" in str(fast.problems[6])

"""The records log reader on its own: blocks of plain rows taken whole give exactly what checking
each row on its own gives (dates, problems, where a duplicate was first logged)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hsms_manuals import records_reader
from hsms_manuals.records_reader import Reader, norm

TODAY = dt.date(2026, 12, 1)
HEADER = "date,kind,site,reference,name\n"


def read(tmp_path: Path, files: dict[str, str], slow: bool = False) -> tuple[dict, list[str]]:
    reader = Reader(
        ["inspection", "drill"],
        {norm(s): s for s in ("Main shop", "Job sites")},
        {"inspection.schedule", "emergency.drills"},
        TODAY,
    )
    if slow:  # every row checked on its own
        reader.take_columns = lambda *args: False  # type: ignore[method-assign]
    problems = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", newline="")
        problems += [str(p) for p in reader.read_file(path, f"records/{name}")]
    return reader.finish(), problems


def rows(n: int, start: int = 0, site: str = "Main shop") -> str:
    return "".join(
        f"2026-{1 + i % 11:02d}-{1 + i % 28:02d},{('inspection', 'drill')[i % 2]},{site},R-{i},Pat Doe\n"
        for i in range(start, start + n)
    )


def test_a_plain_block_is_taken_whole_with_the_same_dates_as_row_by_row(tmp_path, monkeypatch):
    files = {"a.csv": HEADER + rows(3000), "b.csv": HEADER + rows(500, 3000, site="main  SHOP")}
    taken = []
    real = Reader.take_columns
    monkeypatch.setattr(Reader, "take_columns", lambda self, *a: taken.append(a[2]) or real(self, *a))
    fast, problems = read(tmp_path, files)
    assert problems == [] and sum(taken) == 3500  # every row in a block taken whole
    monkeypatch.undo()
    assert fast == read(tmp_path, files, slow=True)[0]
    # The two spellings of one site are one stream; counts add up per day.
    assert set(fast) == {("inspection", "Main shop", None), ("drill", "Main shop", None)}
    assert sum(sum(c.values()) for c in fast.values()) == 3500


@pytest.mark.parametrize(
    "bad, line, problem",
    [
        ("2026-01-02,inspection,Main shop,R-8,Pat Doe", 3002, "the same inspection 'R-8' as records/a.csv:10"),
        ("2026-01-02,inspection,Main shop,r-2000,Pat Doe", 3002, "as records/a.csv:2002"),
        ("2026-01-02,inspection,Main shop,R-x,Pat Doe ", 3002, None),  # a blank after the name: read as 'Pat Doe'
        ("2026-01-02,inspection, Main shop,R-x,Pat Doe", 3002, None),
        ("2026-01-02,inspection,Main shop,R-x,", 3002, "name: empty"),
        ("2026-01-02,inspection,Main shop,R-x,Pat\x7fDoe", 3002, "name: holds a line break or a control character"),
        ("2026-01-02,inspection,Main shop,R-x,Pat,Doe", 3002, "6 values, the header has 5"),
        # One value too many on a line and one too few on the next: as many values in all.
        ("2026-01-02,inspection,Main shop,R-x,Pat,2026-01-03\ninspection,Main shop,R-y,Pat", 3002, "6 values"),
        ("2026-01-02,inspection,Main shop,R-x," + "P" * 201, 3002, "name: 201 characters long"),
        ("2027-01-02,inspection,Main shop,R-x,Pat Doe", 3002, "date: 2027-01-02 is after today"),
        ("2026-01-02,audit,Main shop,R-x,Pat Doe", 3002, "kind: unknown record kind 'audit'"),
        ("2026-01-02,inspection,Office,R-x,Pat Doe", 3002, "site: unknown site 'Office'"),
    ],
)
def test_a_bad_row_in_a_block_is_found_at_its_line(tmp_path, bad, line, problem):
    files = {"a.csv": HEADER + rows(3000) + bad + "\n" + rows(1000, 5000)}
    fast, problems = read(tmp_path, files)
    slow, slow_problems = read(tmp_path, files, slow=True)
    assert fast == slow and problems == slow_problems
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == bad.count("\n") + 1
        assert problems[0].startswith(f"records/a.csv:{line}: ") and problem in problems[0]


def test_columns_in_another_order_with_an_empty_topic(tmp_path):
    text = "name,topic,reference,site,kind,date\n" + "".join(
        f"Pat,{'inspection.schedule' if i % 3 else ''},R-{i},Job sites,inspection,2026-02-{1 + i % 28:02d}\n"
        for i in range(2500)
    )
    fast, problems = read(tmp_path, {"log.csv": text})
    assert problems == [] and fast == read(tmp_path, {"log.csv": text}, slow=True)[0]
    assert set(fast) == {("inspection", "Job sites", "inspection.schedule"), ("inspection", "Job sites", None)}


def test_the_ordinal_stride_is_above_every_date():
    assert dt.date.max.toordinal() < records_reader.STREAM


def test_a_value_too_many_and_one_too_few_never_shift_into_a_good_row(tmp_path):
    """With the name second, the first value of a line could land in the name column of a good
    looking row: the csv module's rows decide."""
    head = "date,name,kind,site,reference\n"
    good = "".join(f"2026-02-{1 + i % 28:02d},Pat,inspection,Main shop,R-{i}\n" for i in range(100))
    text = head + good + "2026-01-02,Pat,inspection,Main shop,R-x,2026-01-03\nSam,inspection,Main shop,R-y\n" + good[:0]
    dates, problems = read(tmp_path, {"a.csv": text})
    assert problems == [
        "records/a.csv:102: 6 values, the header has 5 — put a comma between values and quotes around a value that "
        "holds a comma",
        "records/a.csv:103: 4 values, the header has 5 — put a comma between values and quotes around a value that "
        "holds a comma",
    ]
    assert sum(sum(c.values()) for c in dates.values()) == 100


@pytest.mark.parametrize("ends", [("\r\n",), ("\n", "\r\n"), ("\r\n", "\r\n", "\n")])
def test_windows_and_mixed_line_ends_read_as_the_csv_module_reads_them(tmp_path, ends):
    lines = rows(3000).splitlines()
    text = HEADER.replace("\n", ends[0]) + "".join(line + ends[i % len(ends)] for i, line in enumerate(lines))
    text = text.replace("R-2500,", "R-2500|x,").replace("R-10,", "R-10 ,")  # a mark character; a blank
    fast, problems = read(tmp_path, {"a.csv": text})
    assert (fast, problems) == read(tmp_path, {"a.csv": text}, slow=True)
    assert problems == [] and sum(sum(c.values()) for c in fast.values()) == 3000


def test_printable_is_str_isprintable():
    for text in ("", "a b,c|d~", "a\tb", "a\x7fb", "a\x1fb", "é ü", "a\xa0b", "a\u2028b", "x\x00", "~" * 300):
        assert records_reader._printable(text) is text.isprintable(), repr(text)
    assert all(records_reader._printable(chr(c)) is chr(c).isprintable() for c in range(0x100))

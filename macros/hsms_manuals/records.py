"""The records log of a manual: ``manuals/<id>/records/*.csv``, one row per completed record.

Each file is UTF-8 with a header row naming the columns ``date,kind,site,reference,name`` and
optionally ``topic`` (in any order); no other column is read, so no personal data beyond a name
can creep in. Files are streamed row by row; valid rows are kept only as dates per kind, site
and topic (what readiness needs), so a large log costs little memory. Every bad row is a
located problem (``records/2026.csv:14: kind: unknown record kind …``); a bad row is left out."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .audit_model import RecordKind
from .errors import Problem
from .model import Manual, Partner, Topic
from .paths import shown
from .suggest import did_you_mean

RECORDS_DIR = "records"
COLUMNS = ("date", "kind", "site", "reference", "name")  # required, in this order when we write one
OPTIONAL_COLUMNS = ("topic",)
MAX_FIELD = 200  # characters: a name or a reference, never a document
FIELD_LIMIT = 4000  # characters: a longer value stops reading the file (and bounds a chunk's memory)
MAX_PROBLEMS_PER_FILE = 200  # then stop reading that file: it is not a records log
IGNORED = ("readme.md", "readme.txt")  # notes for people may sit beside the logs

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BREAK = re.compile(r"\r\n|\r|\n")  # line ends as the csv reader counts them
CHUNK = 2000  # rows read and checked at a time
LINES = 1 << 40  # line numbers of one file stay below this
SPREADSHEET_FIX = "save it from the spreadsheet as 'CSV UTF-8 (comma delimited)'"

Where = Callable[[tuple[Any, ...], str, str], Problem]  # (path in manual.yml, problem, fix) → located Problem
StreamKey = tuple[str, str, str | None]  # (kind, site as written in manual.yml, topic column or None)


@dataclass
class RecordsLog:
    """What the log holds: the dates of valid rows by kind, site and topic, and every problem."""

    files: tuple[str, ...] = ()
    dates: dict[StreamKey, dict[dt.date, int]] = field(default_factory=dict)  # → records on each date
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(sum(c.values()) for c in self.dates.values())

    def of_kind(self, kind: str) -> list[tuple[str, str | None, dict[dt.date, int]]]:
        """(site, topic column, records by date) of one kind."""
        return [(s, t, c) for (k, s, t), c in self.dates.items() if k == kind]

    def dates_of(self, kind: str, site: str | None = None, until: dt.date | None = None) -> list[dt.date]:
        """Sorted distinct dates of a kind's records (at one site, when given), up to ``until``."""
        found: set[dt.date] = set()
        for s, _, counts in self.of_kind(kind):
            if site is None or s == site:
                found.update(counts if until is None else (d for d in counts if d <= until))
        return sorted(found)

    def first_date(self, until: dt.date | None = None) -> dt.date | None:
        days = [d for c in self.dates.values() for d in c if until is None or d <= until]
        return min(days) if days else None


_PARSED: dict[str, dt.date | None] = {}  # date text → the date (None: not a date); logs share their dates
_PARSED_MAX = 100_000


def _parse_date(text: str) -> dt.date | None:
    """A calendar date written YYYY-MM-DD from 1900 on, or None."""
    if text in _PARSED:
        return _PARSED[text]
    day = None
    if _DATE.fullmatch(text):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(text)
    if day is not None and day.year < 1900:
        day = None
    if len(_PARSED) >= _PARSED_MAX:  # a hostile log cannot grow it without bound
        _PARSED.clear()
    _PARSED[text] = day
    return day


def norm(name: str) -> str:
    """Site names match whatever the case and spacing."""
    return " ".join(name.split()).casefold()


class _Rows:
    """Checks the rows of one file against the manual; collects dates and problems."""

    def __init__(
        self,
        log: RecordsLog,
        kinds: dict[str, RecordKind],
        sites: dict[str, str],
        topics: Collection[str],
        today: dt.date,
    ):
        self.log, self.kinds, self.sites, self.topics, self.today = log, kinds, sites, topics, today
        # (kind, reference) → where it was first logged: file number × LINES + line (an int is cheaper than a pair)
        self.seen: dict[tuple[str, str], int] = {}
        self.files: list[str] = []
        self.counted: Counter[tuple[str, ...]] = Counter()  # rows taken in chunks, counted as written
        # For chunks of good rows: date as written → the date when good and not after today.
        self.days: dict[str, dt.date | None] = {}
        self.good: dict[str, int] = {}  # kind, site or topic as written → what it is (bits of ``known``)
        self.kind_list = ", ".join(kinds) or "(none: declare them under records: in manual.yml)"
        self.site_list = ", ".join(sites.values())

    def date(self, text: str) -> tuple[dt.date | None, str | None]:
        day = _parse_date(text)
        return (day, None) if day else (None, f"'{text}' is not a date")

    def day(self, text: str) -> dt.date | None:
        """A date good exactly as written and not after today."""
        day = self.date(text)[0]
        return day if day is not None and day <= self.today else None

    def take(self, chunk: list[list[str]], first: int, width: int, at: list[int], topic_at: int | None) -> bool:
        """Take a chunk of rows that are all good exactly as written, column by column (the checks of
        ``row``, in brief, done on whole columns with one call each); False, and nothing taken, when any
        row needs a closer look. ``first``: the line of the chunk's first row."""
        if set(map(len, chunk)) != {width}:
            return False  # a blank line, a missing or an extra value
        return self.take_columns(list(zip(*chunk, strict=True)), first, len(chunk), at, topic_at)

    def take_columns(self, cols: list[Any], first: int, n: int, at: list[int], topic_at: int | None) -> bool:
        """``take`` of rows given as columns (``n`` values each)."""
        dates, kinds, sites, refs, names = (cols[i] for i in at)
        topics = cols[topic_at] if topic_at is not None else None
        # Distinct values are few (a few hundred dates, a handful of kinds and sites): each is
        # checked once per log, then a chunk's column is a set of values already judged.
        days, good = self.days, self.good
        seen_dates, seen_kinds, seen_sites = set(dates), set(kinds), set(sites)
        seen_topics = set(topics) if topics is not None else set()
        for text in seen_dates.difference(days):
            days[text] = self.day(text)
        for text in seen_kinds.union(seen_sites, seen_topics).difference(good):
            good[text] = self.known(text)
        if (
            None in map(days.__getitem__, seen_dates)
            or not all(good[k] & 1 for k in seen_kinds)
            or not all(good[s] & 2 for s in seen_sites)
            or not all(t == "" or good[t] & 4 for t in seen_topics)
        ):
            return False  # a bad or future date, an unknown kind, site or topic
        for values in (refs, names):
            # Once the column is printable (no control character, no line break, no space but ' '),
            # a value with blanks around it shows as ' ' next to a line break of the joined column.
            lines = "\n".join(values)
            if (
                "" in values
                or max(map(len, values)) > MAX_FIELD
                or not " ".join(values).isprintable()
                or lines[0] == " "
                or lines[-1] == " "
                or " \n" in lines
                or "\n " in lines
            ):
                return False  # empty, too long, a control character or a line break, blanks around it
        # Every kind was found as written, so the kind column holds kind ids; every row is one line.
        refs_key = "\n".join(refs).casefold().split("\n")
        at_line = len(self.files) * LINES + first
        taken = dict(zip(zip(kinds, refs_key, strict=True), range(at_line, at_line + n), strict=True))
        if len(taken) != n or not self.seen.keys().isdisjoint(taken):
            return False  # a duplicate in the chunk, or of an earlier row
        self.seen.update(taken)
        self.counted.update(
            zip(kinds, sites, topics, dates, strict=True) if topics else zip(kinds, sites, dates, strict=True)
        )
        return True

    def known(self, text: str) -> int:
        """Bits of what a value is, exactly as written: 1 a record kind, 2 a site (any case and
        spacing, no control character), 4 a topic id."""
        return (
            (1 if text in self.kinds else 0)
            | (2 if self.sites.get(norm(text)) and not _CONTROL.search(text) else 0)
            | (4 if text in self.topics else 0)
        )

    def finish(self) -> None:
        """Add the rows taken in chunks, counted as written, to the log's dates."""
        days: Any = self.days  # every date counted was checked when taken
        into: dict[tuple[str, str, str], dict[dt.date, int]] = {}  # (kind, site, topic) as written → its dates
        for key, n in self.counted.items():
            if len(key) == 3:
                kind, site, text = key
                topic = ""
            else:
                kind, site, topic, text = key
            counts = into.get((kind, site, topic))
            if counts is None:
                counts = into[kind, site, topic] = self.log.dates.setdefault(
                    (kind, self.sites[norm(site)], topic or None), {}
                )
            day = days[text]
            counts[day] = counts.get(day, 0) + n
        self.counted.clear()

    def where(self, at: int) -> str:
        """'records/2026.csv:14' of a ``seen`` value."""
        return f"{self.files[at // LINES - 1]}:{at % LINES}"

    def row(self, name: str, line: int, values: list[str], topic_value: str | None) -> list[Problem]:
        """Check one row (date, kind, site, reference, name); record its date when it is good."""
        problems: list[Problem] = []

        def bad(column: str, problem: str, fix: str) -> None:
            problems.append(Problem(name, line, column, problem, fix))

        for column, value in zip(COLUMNS, values, strict=True):
            if not value:
                bad(column, "empty", f"fill in the {column}" + (" (YYYY-MM-DD)" if column == "date" else ""))
            elif len(value) > MAX_FIELD:
                bad(
                    column,
                    f"{len(value)} characters long",
                    f"keep it under {MAX_FIELD} characters: the log indexes records, it does not hold them",
                )
            elif _CONTROL.search(value):
                bad(column, "holds a line break or a control character", "write it on one line")
        date_text, kind_text, site_text, reference, _who = values
        day = None
        if date_text and "date" not in {p.field for p in problems}:
            day, why = self.date(date_text)
            if why:
                bad("date", why, "write the date as YYYY-MM-DD, e.g. 2026-03-04")
            elif day and day > self.today:
                bad("date", f"{day} is after today ({self.today})", "log a record once it is done")
        kind = self.kinds.get(kind_text)
        if kind_text and kind is None:
            bad("kind", f"unknown record kind '{kind_text}'", f"use one of: {self.kind_list}")
        site = self.sites.get(norm(site_text)) if site_text else None
        if site_text and site is None:
            bad("site", f"unknown site '{site_text}'", f"use one of: {self.site_list} (emergency.sites in manual.yml)")
        topic = topic_value or None
        if topic is not None and topic not in self.topics:
            bad("topic", f"unknown topic '{topic}'", "use a topic id from partners/topics.yml, or leave it empty")
        if kind is not None and reference:
            key = (kind.kind, reference.casefold())
            if key in self.seen:
                bad(
                    "reference",
                    f"the same {kind.kind} '{reference}' as {self.where(self.seen[key])}",
                    "remove the duplicate row",
                )
            else:
                self.seen[key] = len(self.files) * LINES + line
        if not problems and day is not None and kind is not None and site is not None:
            counts = self.log.dates.setdefault((kind.kind, site, topic), {})
            counts[day] = counts.get(day, 0) + 1
        return problems


def read_log(root: Path, manual: Manual, topics: Collection[str], today: dt.date) -> RecordsLog:
    """Read and check every ``records/*.csv`` of the manual (none: an empty log)."""
    folder = manual.root / RECORDS_DIR
    log = RecordsLog()
    if not folder.exists():
        return log
    if folder.is_symlink() or not folder.is_dir():
        log.problems.append(
            Problem(
                shown(folder, root), 0, "", "is not a folder", f"keep the records log as CSV files in {RECORDS_DIR}/"
            )
        )
        return log
    rows = _Rows(
        log,
        {k.kind: k for k in manual.record_kinds},
        {norm(s.name): s.name for s in manual.emergency.sites},
        topics,
        today,
    )
    files = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        name = shown(path, root)
        if path.name.startswith(".") or path.name.lower() in IGNORED:
            continue
        if path.is_symlink() or not path.is_file():
            log.problems.append(Problem(name, 0, "", "is not a plain file", f"keep only CSV files in {RECORDS_DIR}/"))
        elif path.suffix.lower() != ".csv":
            log.problems.append(
                Problem(
                    name,
                    0,
                    "",
                    "is not a CSV file, so it is not read",
                    f"{SPREADSHEET_FIX}, or move it out of {RECORDS_DIR}/",
                )
            )
        else:
            files.append(name)
            rows.files.append(name)
            with _reading():
                log.problems += list(_read_file(path, name, rows))
    rows.finish()
    log.files = tuple(files)
    return log


@contextlib.contextmanager
def _reading() -> Iterator[None]:
    """While a log is read: no value longer than FIELD_LIMIT (so a chunk of rows stays small in
    memory whatever the file holds), and the cycle collector paused — reading allocates a list or
    tuple per value and keeps none in a cycle, so scanning them again and again is wasted."""
    was, limit = gc.isenabled(), csv.field_size_limit()
    gc.disable()
    csv.field_size_limit(FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(limit)
        if was:
            gc.enable()


class _Stop(Exception):
    """Too many problems in one file: stop reading it."""


class _File:
    """Reads one records file. Plain text (no quote, carriage return without a line feed, or NUL)
    is read in blocks of whole lines, split on commas and line ends and taken column by column;
    a plain block with any problem is read again by the csv module and checked row by row (the
    same rows: without quotes a line is a row). From the first block that is not plain, the rest
    of the file is read by the csv module alone, in chunks."""

    def __init__(self, name: str, rows: _Rows):
        self.name, self.rows, self.count = name, rows, 0
        self.reader: Any = None  # the csv reader in use and the lines before its first line
        self.offset = 0

    @property
    def line_num(self) -> int:
        return self.offset + (self.reader.line_num if self.reader is not None else 0)

    def read(self, f: Any) -> Iterator[Problem]:
        block = _block(f)
        if not block:
            yield Problem(self.name, 0, "", "empty", "start it with the header row: " + ",".join(COLUMNS))
            return
        plain = _plain(block)
        if plain is None:  # the header, or a row soon after, needs the csv module
            yield from self.csv_rows(io.StringIO(block, newline=""), 0, f, header=True)
            return
        head, _, rest = plain.partition("\n")
        header = head.split(",") if head else []
        if not (yield from self.start(header)):
            return
        line = 1  # lines read so far
        while rest:
            if (rest_plain := _plain(rest)) is None:
                yield from self.csv_rows(io.StringIO(rest, newline=""), line, f)
                return
            lines = rest_plain.split("\n")
            if not lines[-1]:
                lines.pop()
            if not self.take_lines(lines, line + 1):
                yield from self.csv_rows(io.StringIO(rest_plain, newline=""), line, None)
            line += len(lines)
            rest = _block(f)

    def start(self, header: list[str]) -> Generator[Problem, None, bool]:
        """The header's problems; returns whether rows can be read."""
        columns, problems = _columns(self.name, header)
        yield from problems
        if columns is None:
            return False
        self.at = [columns[c] for c in COLUMNS]
        self.topic_at = columns.get("topic")
        self.width = len(header)
        self.need = max(self.at) + 1  # a row may leave out an optional last column (topic)
        return True

    def take_lines(self, lines: list[str], first: int) -> bool:
        """Take plain lines when each holds exactly the header's number of values."""
        if set(map(str.count, lines, itertools.repeat(","))) != {self.width - 1}:
            return False  # a blank line, a missing or an extra value
        cells = ",".join(lines).split(",")
        cols = [cells[i :: self.width] for i in range(self.width)]
        return self.rows.take_columns(cols, first, len(lines), self.at, self.topic_at)

    def csv_rows(self, text: io.StringIO, base: int, rest: Any, header: bool = False) -> Iterator[Problem]:
        """Rows read by the csv module: ``text`` (its first line is line ``base`` + 1), then the file ``rest``."""
        self.reader, self.offset = csv.reader(itertools.chain(text, rest or ())), base
        reader, rows, name = self.reader, self.rows, self.name
        if header:
            first = next(reader, None)
            if first is None:
                yield Problem(self.name, 0, "", "empty", "start it with the header row: " + ",".join(COLUMNS))
                return
            if not (yield from self.start(first)):
                return
        width, at, topic_at, need = self.width, self.at, self.topic_at, self.need
        before = reader.line_num
        # Rows are read in chunks (memory stays bounded). A chunk of good rows is taken in one go,
        # column by column; a chunk with any problem is checked row by row, and each problem
        # reported where its row starts (a row may span lines inside quotes; a blank line is a row).
        while chunk := list(itertools.islice(reader, CHUNK)):
            if rows.take(chunk, base + before + 1, width, at, topic_at):
                before = reader.line_num
                continue
            line = base + before + 1
            for row in chunk:
                here, line = line, line + 1 + sum(len(_BREAK.findall(v)) for v in row)
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # blank line
                if need <= len(row) < width:
                    row += [""] * (width - len(row))
                if len(row) != width:
                    found = [
                        Problem(
                            name,
                            here,
                            "",
                            f"{len(row)} values, the header has {width}",
                            "put a comma between values and quotes around a value that holds a comma",
                        )
                    ]
                else:
                    values = [row[i].strip() for i in at]
                    topic = row[topic_at].strip() if topic_at is not None else None
                    found = rows.row(name, here, values, topic)
                for p in found:
                    yield p
                    self.count += 1
                if self.count >= MAX_PROBLEMS_PER_FILE:
                    yield Problem(
                        name,
                        here,
                        "",
                        f"stopped reading after {self.count} problems",
                        f"check that this is a records log ({','.join(COLUMNS)}), then fix the rows above",
                    )
                    raise _Stop
            before = reader.line_num


BLOCK = 1 << 16  # characters of plain text read at a time (then to the end of its line)


def _block(f: Any) -> str:
    """The next characters of a file up to a line end (or the end of the file)."""
    text: str = f.read(BLOCK)
    if text.endswith("\r"):  # a Windows line end may be cut in two
        text += f.read(1)
    if text and not text.endswith(("\n", "\r")):
        text += f.readline()
    return text


def _plain(text: str) -> str | None:
    """Text the csv module would read as lines of values split at commas (Windows line ends
    made plain), or None when it holds a quote, a lone carriage return or a NUL."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    if '"' in text or "\x00" in text:
        return None
    return text


def _read_file(path: Path, name: str, rows: _Rows) -> Iterator[Problem]:
    file = _File(name, rows)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            yield from file.read(f)
    except _Stop:
        return
    except UnicodeDecodeError:
        line, byte = _bad_byte(path)
        yield Problem(name, line, "", f"not valid UTF-8 (byte 0x{byte:02x})", SPREADSHEET_FIX)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            yield Problem(
                name,
                file.line_num,
                "",
                f"a value longer than {FIELD_LIMIT} characters: this is not a records log",
                f"keep one row per record ({','.join(COLUMNS)}), each value under {MAX_FIELD} characters",
            )
        else:
            yield Problem(name, file.line_num, "", f"not readable as CSV ({exc})", SPREADSHEET_FIX)
    except OSError as exc:
        yield Problem(name, 0, "", f"cannot read file ({exc.strerror})", "check the file permissions")


def _columns(name: str, header: list[str]) -> tuple[dict[str, int] | None, list[Problem]]:
    """Column name → position, or None with the problems of a header we cannot use."""
    names = [h.strip().lower() for h in header]
    known = COLUMNS + OPTIONAL_COLUMNS
    problems = []
    if len(names) == 1 and (";" in names[0] or "\t" in names[0]):
        sep = "';'" if ";" in names[0] else "tabs"
        return None, [Problem(name, 1, "", f"the columns are separated by {sep}", SPREADSHEET_FIX)]
    for i, n in enumerate(names):
        if n not in known:
            problems.append(
                Problem(
                    name,
                    1,
                    n or f"column {i + 1}",
                    "not a column of the records log",
                    f"use only {', '.join(known)}: the log keeps no other personal data",
                )
            )
        elif n in names[:i]:
            problems.append(Problem(name, 1, n, "column named twice", "keep one"))
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        problems.append(
            Problem(
                name,
                1,
                "",
                f"no {', '.join(missing)} column",
                "the header row must name " + ",".join(COLUMNS) + " (and optionally topic)",
            )
        )
    if problems:
        return None, problems
    return {n: i for i, n in enumerate(names)}, []


def _bad_byte(path: Path) -> tuple[int, int]:
    """(line, byte) of the first byte that is not UTF-8, found only once decoding failed."""
    with path.open("rb") as f:
        for line, raw in enumerate(f, 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return line, raw[exc.start]
    return 0, 0


def check_record_kinds(where: Where, manual: Manual, topics: Collection[str]) -> list[Problem]:
    """``records:`` of manual.yml: unique kinds, known topics, forms and owners."""
    out: list[Problem] = []
    forms = [f.id for f in manual.forms]
    roles = [r.role for r in manual.responsibilities]
    seen: set[str] = set()
    for i, k in enumerate(manual.record_kinds):
        at = ("records", i)
        if k.kind in seen:
            out.append(where(at + ("kind",), f"record kind '{k.kind}' declared twice", "give every kind its own id"))
        seen.add(k.kind)
        for j, t in enumerate(k.topics):
            if topics and t not in topics:
                out.append(
                    where(
                        at + ("topics", j),
                        f"unknown topic '{t}'",
                        did_you_mean(t, topics, "use a topic id from partners/topics.yml"),
                    )
                )
        if k.form is not None and k.form not in forms:
            out.append(
                where(
                    at + ("form",),
                    f"unknown form '{k.form}'",
                    f"use one of: {', '.join(forms)} (forms: in manual.yml)" if forms else "add it under forms:",
                )
            )
        if k.owner is not None and roles and k.owner not in roles:
            out.append(
                where(
                    at + ("owner",),
                    f"unknown role '{k.owner}'",
                    f"use one of: {', '.join(roles)} (responsibilities: in manual.yml)",
                )
            )
    return out


def unrecorded_topics(manual: Manual, partner: Partner, program: str, topics: Mapping[str, Topic]) -> list[Topic]:
    """Topics the partner's program audits and auditors sample records for, that no record kind
    of the manual documents (only asked of a manual that keeps a records log)."""
    if not manual.record_kinds:
        return []
    kept = {t for k in manual.record_kinds for t in k.topics}
    audited = {t for e in partner.elements for q in e.questions if program in q.programs for t in q.topics}
    return [
        t
        for tid, t in topics.items()
        if t.records_every and tid in audited and tid not in kept and tid not in manual.not_applicable
    ]

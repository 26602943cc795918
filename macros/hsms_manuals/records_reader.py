"""Reading the records log's CSV files fast, with every bad row a located problem.

Plain text (no quote, no carriage return without a line feed, no NUL) is read in blocks of whole
lines. A block whose rows are all good exactly as written is taken whole: a few operations on the
whole block and on each of its columns do the checks of ``Reader.row`` for every row at once (a
value is printable, not empty, without blanks around it, short; a date, kind, site and topic is
known; no reference is logged twice). A block with any problem is read again by the csv module
and checked row by row, so each problem is reported at its own line (without quotes a line is a
row). From the first block that is not plain, the rest of the file is read by the csv module, in
chunks (a chunk of good rows is still taken column by column). Valid rows are kept only as counts
of records per date, kind, site and topic."""

from __future__ import annotations

import bisect
import contextlib
import csv
import datetime as dt
import gc
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Generator, Iterator
from operator import add, sub
from pathlib import Path
from typing import Any

from .errors import Problem

COLUMNS = ("date", "kind", "site", "reference", "name")  # required, in this order when we write one
OPTIONAL_COLUMNS = ("topic",)
MAX_FIELD = 200  # characters: a name or a reference, never a document
FIELD_LIMIT = 4000  # characters: a longer value stops reading the file (and bounds a chunk's memory)
MAX_PROBLEMS_PER_FILE = 200  # then stop reading that file: it is not a records log
SPREADSHEET_FIX = "save it from the spreadsheet as 'CSV UTF-8 (comma delimited)'"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BREAK = re.compile(r"\r\n|\r|\n")  # line ends as the csv reader counts them
CHUNK = 2000  # rows read by the csv module and checked at a time
LINES = 1 << 40  # line numbers of one file stay below this
STREAM = 1 << 22  # above the ordinal of any date (9999-12-31 is 3,652,059)

StreamKey = tuple[str, str, str | None]  # (kind, site as written in manual.yml, topic column or None)
Dates = dict[StreamKey, dict[dt.date, int]]  # → records on each date

_PARSED: dict[str, dt.date | None] = {}  # date text → the date (None: not a date); logs share their dates
_PARSED_MAX = 100_000
# Logs read in one process (a portfolio, a benchmark) share their dates: the dates good on a day
# (→ ordinal), and the date of each ordinal met (at most one per calendar day).
_GOOD: dict[dt.date, dict[str, int]] = {}
_DAY_OF: dict[int, dt.date] = {}


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


def _key(kind: str, reference: str) -> str:
    """What makes two rows the same record: the kind and the reference, whatever its case (a kind
    id holds no comma; both paths build the key with this one formula)."""
    return f"{kind},{reference}".casefold()


class _Learned(dict[Any, int]):
    """A dict that learns a missing key's value from ``learn`` (which raises KeyError for a bad one)."""

    def __init__(self, learn: Callable[[Any], int]):
        super().__init__()
        self.learn = learn

    def __missing__(self, key: Any) -> int:
        value = self[key] = self.learn(key)
        return value


class Reader:
    """Reads the files of one log against the manual: every problem, and the dates of good rows."""

    def __init__(self, kinds: Collection[str], sites: dict[str, str], topics: Collection[str], today: dt.date):
        """``kinds``: record kind ids; ``sites``: ``norm(name)`` → name of each site of manual.yml."""
        self.kinds, self.sites, self.topics, self.today = set(kinds), sites, topics, today
        self.dates: Dates = {}
        self.files: list[str] = []
        # _key of each record → where it was first logged: a row checked on its own at file number
        # × LINES + line (an int is cheaper than a pair), a row of a block taken whole at
        # -1 - its index in ``blocks``.
        self.seen: dict[str, int] = {}
        self.blocks: list[tuple[int, int, list[str]]] = []  # blocks taken whole: (file number, first line, keys)
        # Rows taken in blocks are counted by one int each: the number of their stream (kind, site
        # and topic as written) × STREAM + the day's ordinal. Ints hash and sort cheaply, and
        # there are at most streams × days of them whatever the number of rows.
        self.counted: Counter[int] = Counter()
        # Each distinct value is checked once per log, the first time it is looked up (distinct
        # values are few: a few hundred dates, a handful of kinds and sites).
        self.streams = _Learned(self.stream)  # (kind, site[, topic]) as written → number × STREAM
        self.ordinals = _Learned(self.ordinal)  # date as written → its ordinal, when good and not after today
        self.ordinals.update(_GOOD.get(today, ()))  # the good dates of the logs read before
        self.day_of = _DAY_OF  # ordinal → the date
        self.kind_list = ", ".join(kinds) or "(none: declare them under records: in manual.yml)"
        self.site_list = ", ".join(sites.values())

    def read_file(self, path: Path, name: str) -> list[Problem]:
        """Read one file (``name``: as shown to the user); its problems."""
        self.files.append(name)
        with _reading():
            return list(_read_file(path, name, self))

    def date(self, text: str) -> tuple[dt.date | None, str | None]:
        day = _parse_date(text)
        return (day, None) if day else (None, f"'{text}' is not a date")

    def day(self, text: str) -> dt.date | None:
        """A date good exactly as written and not after today."""
        day = self.date(text)[0]
        return day if day is not None and day <= self.today else None

    def take(self, chunk: list[list[str]], first: int, width: int, at: list[int], topic_at: int | None) -> bool:
        """Take a chunk of rows read by the csv module if all are good exactly as written; False, and
        nothing taken, when any row needs a closer look. ``first``: the line of the chunk's first row."""
        if set(map(len, chunk)) != {width}:
            return False  # a blank line, a missing or an extra value
        cols = list(zip(*chunk, strict=True))
        refs, names = cols[at[3]], cols[at[4]]
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
        return self.take_columns(cols, first, len(chunk), at, topic_at)

    def take_lines(self, text: str, n: int, first: int, width: int, at: list[int], topic_at: int | None) -> bool:
        """``take`` of ``n`` plain lines (``text``: as read, each line ending with a line end but
        perhaps the last). The text is split once at commas, each line end made a comma and a mark
        (a printable character the text does not hold) at the start of the value after it. Then
        every value is checked on the whole block at once: the text is printable (no control
        character, no space but ' '), and no value is empty or has a blank next to it."""
        mark = next((m for m in _MARKS if m not in text), None)
        if mark is None:
            return False
        crlf = "\r" in text  # then every line end is "\r\n" (else the csv module reads it)
        end = "\r\n" if crlf else "\n"
        flat = (text[: -len(end)] if text.endswith(end) else text).replace(end, "," + mark)
        if (
            not _printable(flat)  # a lone "\n" of a block of "\r\n" lines too
            or flat[0] == " "
            or flat[-1] == " "
            or " ," in flat
            or ", " in flat
            or mark + " " in flat
            or (topic_at is None and (",," in flat or mark + "," in flat or flat[0] == "," or flat[-1] == ","))
        ):
            return False
        # Every line holds exactly ``width`` values when there are n × width values and the n - 1
        # marks all start a value at a multiple of width (a value holds at most one: a mark always
        # follows a comma).
        cells = flat.split(",")
        if len(cells) != n * width or "".join(cells[width::width]).count(mark) != n - 1:
            return False  # a blank line, a missing or an extra value
        cols = [cells[i::width] for i in range(width)]
        cols[0] = "".join(cols[0]).split(mark)
        refs, names = cols[at[3]], cols[at[4]]
        if max(map(len, refs)) > MAX_FIELD or max(map(len, names)) > MAX_FIELD:
            return False
        if topic_at is not None and ("" in refs or "" in names):
            return False  # an empty reference or name (the topic column may be empty)
        return self.take_columns(cols, first, n, at, topic_at)

    def take_columns(self, cols: list[Any], first: int, n: int, at: list[int], topic_at: int | None) -> bool:
        """Take rows given as columns (``n`` values each) whose references and names are known good:
        every date, kind, site and topic known, no record logged twice."""
        dates, kinds, sites, refs = (cols[i] for i in at[:4])
        streams = zip(kinds, sites, strict=True) if topic_at is None else zip(kinds, sites, cols[topic_at], strict=True)
        try:
            counts = list(map(add, map(self.streams.__getitem__, streams), map(self.ordinals.__getitem__, dates)))
        except KeyError:
            return False  # a bad or future date, an unknown kind, site or topic
        # Every kind is a kind id (no comma) and every reference one line: _key of every row at once.
        keys = "\n".join(map(",".join, zip(kinds, refs, strict=True))).casefold().split("\n")
        taken = dict.fromkeys(keys, -1 - len(self.blocks))
        if len(taken) != n or not self.seen.keys().isdisjoint(taken):
            return False  # a duplicate in the block, or of an earlier row
        self.seen.update(taken)
        self.blocks.append((len(self.files), first, keys))
        self.counted.update(counts)
        return True

    def ordinal(self, text: str) -> int:
        """The ordinal of a date good exactly as written and not after today (else KeyError)."""
        day = self.day(text)
        if day is None:
            raise KeyError(text)
        good = _GOOD.setdefault(self.today, {})
        if len(good) >= _PARSED_MAX or len(_GOOD) > 2:  # a hostile log cannot grow them without bound
            _GOOD.clear()
            good = _GOOD[self.today] = {}
        good[text] = _DAY_OF.setdefault(day.toordinal(), day).toordinal()
        return good[text]

    def stream(self, stream: tuple[str, ...]) -> int:
        """The number × STREAM of a kind, site and perhaps topic good exactly as written (else KeyError)."""
        kind, site, topic = stream[0], stream[1], stream[2] if len(stream) > 2 else ""
        if (
            max(map(len, stream)) > MAX_FIELD
            or kind not in self.kinds
            or not (site.strip() and self.sites.get(norm(site)) and not _CONTROL.search(site))
            or (topic != "" and topic not in self.topics)
        ):
            raise KeyError(stream)
        return len(self.streams) * STREAM

    def finish(self) -> Dates:
        """The dates of every good row: those checked one by one, and those taken in blocks (sorted,
        a stream's counts are one slice: no step per row or per day in Python)."""
        counted = self.counted
        numbers = sorted(counted)
        for stream, base in self.streams.items():
            part = numbers[bisect.bisect_left(numbers, base) : bisect.bisect_left(numbers, base + STREAM)]
            if not part:
                continue
            topic = stream[2] if len(stream) > 2 else ""
            into = self.dates.setdefault((stream[0], self.sites[norm(stream[1])], topic or None), {})
            found = zip(
                map(self.day_of.__getitem__, map(sub, part, itertools.repeat(base))),
                map(counted.__getitem__, part),
                strict=True,
            )
            if into:  # the same stream written another way (a site's case), or rows checked one by one
                for day, n in found:
                    into[day] = into.get(day, 0) + n
            else:
                into.update(found)
        counted.clear()
        return self.dates

    def where(self, at: int, key: str) -> str:
        """'records/2026.csv:14' of a ``seen`` value (``key``: its key)."""
        if at < 0:
            file, first, keys = self.blocks[-1 - at]
            return f"{self.files[file - 1]}:{first + keys.index(key)}"
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
        date_text, kind, site_text, reference, _who = values
        day = None
        if date_text and "date" not in {p.field for p in problems}:
            day, why = self.date(date_text)
            if why:
                bad("date", why, "write the date as YYYY-MM-DD, e.g. 2026-03-04")
            elif day and day > self.today:
                bad("date", f"{day} is after today ({self.today})", "log a record once it is done")
        known_kind = kind in self.kinds
        if kind and not known_kind:
            bad("kind", f"unknown record kind '{kind}'", f"use one of: {self.kind_list}")
        site = self.sites.get(norm(site_text)) if site_text else None
        if site_text and site is None:
            bad("site", f"unknown site '{site_text}'", f"use one of: {self.site_list} (emergency.sites in manual.yml)")
        topic = topic_value or None
        if topic is not None and topic not in self.topics:
            bad("topic", f"unknown topic '{topic}'", "use a topic id from partners/topics.yml, or leave it empty")
        if known_kind and reference:
            key = _key(kind, reference)
            if key in self.seen:
                bad(
                    "reference",
                    f"the same {kind} '{reference}' as {self.where(self.seen[key], key)}",
                    "remove the duplicate row",
                )
            else:
                self.seen[key] = len(self.files) * LINES + line
        if not problems and day is not None and known_kind and site is not None:
            counts = self.dates.setdefault((kind, site, topic), {})
            counts[day] = counts.get(day, 0) + 1
        return problems


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
    """Reads one records file (see the module's docstring)."""

    def __init__(self, name: str, rows: Reader):
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
        if not _plain(block):  # the header, or a row soon after, needs the csv module
            yield from self.csv_rows(io.StringIO(block, newline=""), 0, f, header=True)
            return
        head, _, rest = block.partition("\n")
        head = head.removesuffix("\r")
        header = head.split(",") if head else []
        if not (yield from self.start(header)):
            return
        line = 1  # lines read so far
        while rest:
            if not _plain(rest):
                yield from self.csv_rows(io.StringIO(rest, newline=""), line, f)
                return
            n = rest.count("\n") + (not rest.endswith("\n"))
            if not self.rows.take_lines(rest, n, line + 1, self.width, self.at, self.topic_at):
                yield from self.csv_rows(io.StringIO(rest, newline=""), line, None)
            line += n
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
_MARKS = "|~^`"  # printable characters a records log rarely holds (one absent from a block marks its line ends)


def _block(f: Any) -> str:
    """The next characters of a file up to a line end (or the end of the file)."""
    text: str = f.read(BLOCK)
    if text.endswith("\r"):  # a Windows line end may be cut in two
        text += f.read(1)
    if text and not text.endswith(("\n", "\r")):
        text += f.readline()
    return text


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _printable(text: str) -> bool:
    """``str.isprintable``, several times faster on ASCII text (the usual log): no byte is left
    once the printable ones are deleted."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


def _plain(text: str) -> bool:
    """Whether the csv module would read the text as lines of values split at commas (line ends
    "\n" or "\r\n"): no quote, no lone carriage return, no NUL."""
    return not ('"' in text or "\x00" in text or ("\r" in text and text.count("\r") != text.count("\r\n")))


def _read_file(path: Path, name: str, rows: Reader) -> Iterator[Problem]:
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

"""Records readiness: months of documentation on hand, gaps in the expected frequency, the
earliest audit date and the certificate length the log earns (``hsms records``).

How months on hand are counted (a month is documented when the program demonstrably ran in it;
a missed week is a finding to explain, not a month without documentation):

- Months are calendar months; the one holding the audit date is not over, so it does not count.
- The log starts with its first record (any kind); months count from that record's month, weeks
  from that record's week.
- A month is **documented** when every periodic record kind has a record in it — ``week`` and
  ``month`` kinds in that month, ``quarter``/``year`` kinds in the 3 (12) months ending with it,
  unless the log is younger than that (nothing is due yet). ``per_site`` kinds are needed at
  every site of ``emergency.sites``; ``event`` kinds (incident reports) are never due.
- **Months on hand**: the consecutive documented months ending with the month before the audit
  date (none before the log started).
- A **gap** is an expected period with no record, in the audit window (the partner's
  ``window_months`` before the audit month, within the log): a week of a weekly kind (ISO
  weeks, counted in the month of their Thursday; a week not over yet is not a gap), a month of a
  monthly kind, a 3 or 12 month span of a quarterly or yearly kind.
- The earliest audit date is the first day after the partner's minimum run of documented
  months; when the run is still too short, it assumes every record is logged from now on."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .audit_model import (
    AuditType,
    Frequency,
    RecordKind,
    RecordsRules,
    month_index,
    month_label,
    month_start,
)
from .model import Element, Manual, Partner, Program, Topic
from .records import RecordsLog


@dataclass(frozen=True)
class Stream:
    """One expectation: a record kind, at one site (per_site kinds) or anywhere."""

    kind: RecordKind
    site: str | None

    @property
    def label(self) -> str:
        return lower_first(self.kind.title) + (f" at {self.site}" if self.site else "")


@dataclass(frozen=True)
class Gap:
    """Months (a run) in which a stream was not logged as often as expected."""

    stream: Stream
    first: int  # month index
    last: int
    weeks: tuple[str, ...] = ()  # the ISO weeks missing, for weekly kinds

    def describe(self) -> str:
        what = f"no {self.stream.label} logged"
        if self.weeks:
            return f"{what} in week{'s' if len(self.weeks) > 1 else ''} {', '.join(self.weeks)}"
        span = self.stream.kind.every.months or 1
        if span == 1:
            when = (
                month_label(self.first)
                if self.first == self.last
                else f"{month_label(self.first)} to {month_label(self.last)}"
            )
            return f"{what} in {when}"
        return (
            f"no {self.stream.label} logged from {month_label(self.first - span + 1)} to {month_label(self.last)} "
            f"(expected {self.stream.kind.every.phrase})"
        )


@dataclass(frozen=True)
class ElementRecords:
    """One element of the partner's audit: the records that document it."""

    element: Element
    kinds: tuple[RecordKind, ...]
    records: int
    first: dt.date | None
    last: dt.date | None
    months_on_hand: int | None  # None: no periodic record kind documents the element
    gaps: tuple[Gap, ...]  # in the audit window
    unrecorded: tuple[Topic, ...]  # topics auditors sample records for, with no record kind here

    def kind_counts(
        self, log: RecordsLog, on: dt.date, program: Program
    ) -> list[tuple[RecordKind, int, dt.date | None, dt.date | None]]:
        """(kind, records, first, last) of each kind documenting the element, up to ``on``."""
        wanted = element_topics(self.element, program)
        tally = _Tally(log, on)
        return [(kind, *tally.of(kind, wanted)) for kind in self.kinds]


@dataclass(frozen=True)
class Projection:
    """The planned audit, if every expected record is logged from now on."""

    audit: AuditType
    planned: dt.date
    months: int
    certificate_years: int | None


@dataclass(frozen=True)
class Readiness:
    manual: Manual
    partner: Partner
    program: Program
    rules: RecordsRules | None
    on: dt.date
    records: int
    files: tuple[str, ...]
    log_start: dt.date | None  # the first record
    last_record: dt.date | None
    months_on_hand: int
    window: tuple[int, int] | None  # (first, last) month sampled, within the log
    gaps: tuple[Gap, ...]  # in the window, every stream
    elements: tuple[ElementRecords, ...]
    earliest_audit: dt.date | None  # None: the partner map sets no minimum
    certificate_years: int | None  # for an audit on ``on``
    projection: Projection | None
    streams: int  # periodic expectations judged
    log: RecordsLog

    @property
    def minimum_met(self) -> bool:
        return self.rules is None or self.months_on_hand >= self.rules.minimum_months

    @property
    def unrecorded(self) -> list[Topic]:
        return list({t.id: t for e in self.elements for t in e.unrecorded}.values())

    @property
    def ready(self) -> bool:
        """Enough months on hand and no gap in the audit window (the exit code of `hsms records`)."""
        return bool(self.manual.record_kinds) and self.records > 0 and self.minimum_met and not self.gaps


def lower_first(title: str) -> str:
    """'Site inspection' → 'site inspection', but 'WHMIS training' stays."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


Summary = tuple[int, dt.date | None, dt.date | None]  # (records, first, last)


# Month index and week of every date met so far: logs share their dates (one process reading many
# logs computes each once). At most one entry per calendar day from 1900 to today, as the log
# reader keeps no other date.
_MONTHS: dict[dt.date, int] = {}
_WEEKS: dict[dt.date, int] = {}


class _Tally:
    """The log up to a day, summed once per stream of the log: records, first and last date, and
    the distinct dates of each kind at each site (what months and weeks are judged from). An
    element's figures are sums, minima and maxima of these, never a merge of dates."""

    def __init__(self, log: RecordsLog, on: dt.date):
        self.on = on
        self.parts: dict[str, list[tuple[str | None, Summary]]] = {}  # kind → (topic column, summary)
        self.days: dict[tuple[str, str], set[dt.date]] = {}  # (kind, site) → distinct dates
        for (kind, site, topic), counts in log.dates.items():
            if counts and max(counts) > on:  # records after the day asked for are left out
                counts = {d: n for d, n in counts.items() if d <= on}
            if not counts:
                continue
            self.parts.setdefault(kind, []).append((topic, (sum(counts.values()), min(counts), max(counts))))
            self.days.setdefault((kind, site), set()).update(counts)

    def of(self, kind: RecordKind, topics: set[str]) -> Summary:
        """Records of a kind that document an element (its own topic column, else the kind's topics)."""
        own = any(t in topics for t in kind.topics)
        found = [s for topic, s in self.parts.get(kind.kind, ()) if (topic in topics if topic else own)]
        return combine(found)

    def total(self) -> Summary:
        return combine([s for parts in self.parts.values() for _, s in parts])

    @functools.cache  # noqa: B019  # one tally per readiness, dropped with it
    def month_of(self) -> dict[dt.date, int]:
        """Month index of every distinct date (computed once per date, not once per stream)."""
        for d in set().union(*self.days.values()).difference(_MONTHS):
            _MONTHS[d] = d.year * 12 + d.month - 1
        return _MONTHS

    @functools.cache  # noqa: B019
    def week_of(self) -> dict[dt.date, int]:
        """The ISO week (as ``_week``) of every distinct date."""
        for d in set().union(*self.days.values()).difference(_WEEKS):
            _WEEKS[d] = _week(d)
        return _WEEKS

    def dates(self, kind: str, site: str | None) -> set[dt.date]:
        """Distinct dates of a kind's records (at one site, when given)."""
        if site is not None:
            return self.days.get((kind, site), set())
        return set().union(*(d for (k, _), d in self.days.items() if k == kind))


def combine(summaries: Sequence[Summary]) -> Summary:
    """One summary of several (each of at least one record)."""
    if not summaries:
        return 0, None, None
    return (
        sum(s[0] for s in summaries),
        min(s[1] for s in summaries if s[1] is not None),
        max(s[2] for s in summaries if s[2] is not None),
    )


class _Judge:
    """Which months each stream was logged as often as expected, from the log's start to ``on``."""

    def __init__(self, tally: _Tally, on: dt.date, first: dt.date | None):
        self.tally, self.on, self.current = tally, on, month_index(on)
        self.start = month_index(first) if first else self.current
        self.first_monday = first - dt.timedelta(days=first.weekday()) if first else on
        # By what a judgment depends on (hashing a Stream hashes every field of its record kind).
        self._judged: dict[tuple[str, Frequency, str | None], tuple[dict[int, tuple[str, ...]], set[int]]] = {}

    def bad_months(self, stream: Stream) -> dict[int, tuple[str, ...]]:
        """Complete months since the log started with a missed period (→ the ISO weeks missed)."""
        return self._judge(stream)[0]

    def undocumented(self, stream: Stream) -> set[int]:
        """Complete months since the log started in which the stream has no record at all (in its span)."""
        return self._judge(stream)[1]

    def _judge(self, stream: Stream) -> tuple[dict[int, tuple[str, ...]], set[int]]:
        key = (stream.kind.kind, stream.kind.every, stream.site)
        if key in self._judged:
            return self._judged[key]
        days = self.tally.dates(stream.kind.kind, stream.site)
        logged = set(map(self.tally.month_of().__getitem__, days))
        bad: dict[int, tuple[str, ...]] = {}
        if stream.kind.every is Frequency.WEEK:
            weeks = set(map(self.tally.week_of().__getitem__, days))
            over = self.on - dt.timedelta(days=3)  # a week whose Thursday is before this is over
            for m in range(self.start, self.current):
                missing = tuple(
                    label for t, week, label in _thursdays(m) if self.first_monday <= t < over and week not in weeks
                )
                if missing:
                    bad[m] = missing
            empty = {m for m in range(self.start, self.current) if m not in logged}
        else:
            span = stream.kind.every.months or 1
            for m in range(self.start + span - 1, self.current):  # the first span since the log started must end first
                if not any(x in logged for x in range(m - span + 1, m + 1)):
                    bad[m] = ()
            empty = set(bad)
        self._judged[key] = (bad, empty)
        return bad, empty

    def run(self, streams: Iterable[Stream]) -> int:
        """Months on hand: consecutive documented months ending last month."""
        empty = set().union(*(self.undocumented(s) for s in streams))
        n = 0
        for m in range(self.current - 1, self.start - 1, -1):
            if m in empty:
                break
            n += 1
        return n

    def gaps(self, stream: Stream, first: int) -> list[Gap]:
        """The stream's missed months from ``first`` to last month, merged into runs."""
        months = sorted(m for m in self.bad_months(stream) if first <= m < self.current)
        out: list[Gap] = []
        for m in months:
            weeks = self.bad_months(stream)[m]
            if out and out[-1].last == m - 1:
                prev = out[-1]
                out[-1] = Gap(stream, prev.first, m, prev.weeks + weeks)
            else:
                out.append(Gap(stream, m, m, weeks))
        return out


def _week(day: dt.date) -> int:
    """The ISO week a day is in, as a number: weeks since the Monday of 1 January of year 1."""
    return (day.toordinal() - 1) // 7


@functools.lru_cache(maxsize=1024)
def _thursdays(m: int) -> tuple[tuple[dt.date, int, str], ...]:
    """The Thursdays of a month: the ISO weeks that belong to it (Thursday, ``_week``, label)."""
    day = month_start(m)
    day += dt.timedelta(days=(3 - day.weekday()) % 7)
    out = []
    while month_index(day) == m:
        out.append((day, _week(day), _week_label(day)))
        day += dt.timedelta(days=7)
    return tuple(out)


def _week_label(thursday: dt.date) -> str:
    year, week, _ = thursday.isocalendar()
    return f"{year}-W{week:02d}"


def streams_of(kinds: Iterable[RecordKind], sites: Sequence[str]) -> list[Stream]:
    out = []
    for k in kinds:
        if k.every.periodic:
            out += [Stream(k, s) for s in sites] if k.per_site else [Stream(k, None)]
    return out


def element_topics(element: Element, program: Program) -> set[str]:
    return {t for q in element.questions if program.id in q.programs for t in q.topics}


def records_index(
    manual: Manual, partner: Partner, program: Program, log: RecordsLog
) -> list[tuple[Element, list[tuple[RecordKind, int, dt.date | None, dt.date | None]]]]:
    """Per element of the program, each record kind that documents it: how many records and from
    when to when (the audit pack's records index; nothing in it depends on today's date)."""
    out = []
    tally = _Tally(log, dt.date.max)
    for el in partner.elements:
        wanted = element_topics(el, program)
        if not wanted:
            continue
        tagged = {k for (k, _, t) in log.dates if t in wanted}
        rows: list[tuple[RecordKind, int, dt.date | None, dt.date | None]] = []
        for kind in manual.record_kinds:
            if not (wanted & set(kind.topics)) and kind.kind not in tagged:
                continue
            rows.append((kind, *tally.of(kind, wanted)))
        out.append((el, rows))
    return out


def compute_readiness(
    manual: Manual,
    partner: Partner,
    program: Program,
    topics: Mapping[str, Topic],
    log: RecordsLog,
    on: dt.date,
    next_audit: tuple[AuditType, dt.date] | None = None,
) -> Readiness:
    rules = partner.records_rules
    sites = [s.name for s in manual.emergency.sites]
    tally = _Tally(log, on)
    records, start_day, last = tally.total()
    current = month_index(on)
    start = month_index(start_day) if start_day else current
    judge = _Judge(tally, on, start_day)
    every_stream = streams_of(manual.record_kinds, sites)
    window_first = max(start, current - (rules.window_months if rules else 12))
    months = judge.run(every_stream) if every_stream else current - start
    gaps = tuple(g for s in every_stream for g in judge.gaps(s, window_first))

    elements = []
    topic_column = [(k, t) for (k, _, t) in log.dates if t is not None]
    for el in partner.elements:
        wanted = element_topics(el, program)
        if not wanted:
            continue  # not audited in this program
        kinds = tuple(k for k in manual.record_kinds if wanted & set(k.topics))
        tagged = {k for k, t in topic_column if t in wanted}  # rows whose topic column names the element
        n, first, final = combine([c for c in (tally.of(k, wanted) for k in manual.record_kinds) if c[0]])
        listed = kinds + tuple(k for k in manual.record_kinds if k.kind in tagged and k not in kinds)
        own = streams_of(kinds, sites)
        keeps = {t for k in kinds for t in k.topics}
        unrecorded = tuple(
            topics[t]
            for t in sorted(wanted)
            if t in topics and topics[t].records_every and t not in keeps and t not in manual.not_applicable
        )
        elements.append(
            ElementRecords(
                el,
                listed,
                n,
                first,
                final,
                judge.run(own) if own else None,
                tuple(g for s in own for g in judge.gaps(s, window_first)),
                unrecorded,
            )
        )

    earliest = None
    years = None
    projection = None
    if rules is not None:
        # Short of the minimum, the run continues with this month if every record is logged from now on.
        earliest = month_start(current - months + rules.minimum_months)
        years = rules.certificate_for(months)
        if next_audit is not None and next_audit[1] > on:
            audit, planned = next_audit
            ahead = months + month_index(planned) - current
            projection = Projection(audit, planned, ahead, rules.certificate_for(ahead))
    return Readiness(
        manual,
        partner,
        program,
        rules,
        on,
        records,
        log.files,
        start_day,
        last,
        months,
        (window_first, current - 1) if start_day else None,
        gaps,
        tuple(elements),
        earliest,
        years,
        projection,
        len(every_stream),
        log,
    )

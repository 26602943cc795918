"""The records log of a manual: ``manuals/<id>/records/*.csv``, one row per completed record.

Each file is UTF-8 with a header row naming the columns ``date,kind,site,reference,name`` and
optionally ``topic`` (in any order); no other column is read, so no personal data beyond a name
can creep in. Files are read by ``records_reader`` (blocks of rows at a time); valid rows are
kept only as dates per kind, site and topic (what readiness needs), so a large log costs little
memory. Every bad row is a located problem (``records/2026.csv:14: kind: unknown record kind
…``); a bad row is left out. This module lists the files and checks ``records:`` of manual.yml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem
from .model import Manual, Partner, Topic
from .paths import shown
from .records_reader import SPREADSHEET_FIX, Reader, StreamKey, norm
from .suggest import did_you_mean

RECORDS_DIR = "records"
IGNORED = ("readme.md", "readme.txt")  # notes for people may sit beside the logs

Where = Callable[[tuple[Any, ...], str, str], Problem]  # (path in manual.yml, problem, fix) → located Problem


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
    reader = Reader(
        [k.kind for k in manual.record_kinds],
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
            log.problems += reader.read_file(path, name)
    log.dates = reader.finish()
    log.files = tuple(files)
    return log


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

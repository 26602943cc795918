"""`hsms status`: one row per client manual — where each stands against its partner, its review
date and its published revisions. Read from the files and the published branch: no MkDocs, no
build, so it runs in seconds for a whole portfolio (and in CI, to alert)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import clock
from .certification import choose_audit
from .changes import Snapshot, source_digests
from .coverage import compute
from .errors import HsmsError, Problem, UsageError
from .library import Library, load_library
from .manual import PageReader, load_manual, manual_ids, manual_root
from .model import Manual
from .releases import load_published, published_snapshot
from .validate import check_manual, resolve_program


@dataclass(frozen=True)
class Published:
    """The newest published revision of a manual, and whether the working tree still matches it."""

    revision: str
    effective: dt.date | None
    # True: manual.yml, an approved page or a file of docs/ differs from what was published;
    # None: cannot tell (an older snapshot without source digests, whose pages are the same).
    differs: bool | None


@dataclass(frozen=True)
class Instrument:
    version: str | None  # the instrument version of the manual's partner map
    newest_map: str | None  # the map of the partner's newest instrument, when it is another one
    newest_version: str | None

    @property
    def drifting(self) -> bool:
        return self.newest_map is not None


@dataclass(frozen=True)
class ClientStatus:
    manual: str
    company: str | None = None
    partner: str | None = None  # short name
    program: str | None = None
    answered: float | None = None  # documentation readiness, % of the partner's points
    passes: bool | None = None
    revision: str | None = None
    effective: dt.date | None = None
    next_review: dt.date | None = None
    overdue: bool = False
    problems: int = 0  # what `hsms validate` reports for it
    drafts: int = 0  # pages with status: draft
    published: Published | None = None  # None: never published
    published_error: str | None = None  # the published branch could not be read
    instrument: Instrument | None = None
    error: str | None = None  # why it could not be measured (manual.yml does not load, unknown partner …)
    translations: int = 0  # translated pages (PAGE.<lang>.md)
    stale_translations: int = 0  # …whose original changed since they were marked (`hsms validate` lists them)

    @property
    def alert(self) -> bool:
        """What makes `hsms status` exit 1: overdue for review, or not passing (unmeasurable included)."""
        return self.overdue or self.passes is not True


@dataclass(frozen=True)
class PortfolioStatus:
    on: dt.date
    branch: str
    clients: tuple[ClientStatus, ...]

    @property
    def alerts(self) -> int:
        return sum(c.alert for c in self.clients)


def portfolio_status(
    root: Path, ids: Sequence[str] = (), branch: str = "gh-pages", on: dt.date | None = None
) -> PortfolioStatus:
    on = on or clock.today()
    ids = list(dict.fromkeys(ids)) or manual_ids(root)
    if not ids:
        raise UsageError("no manuals found under manuals/ — create one with `hsms new`")
    for mid in ids:
        manual_root(root, mid)
    library, _ = load_library(root)  # a broken map shows in the rows of the manuals that use it
    reader = PageReader(root)
    return PortfolioStatus(on, branch, tuple(client_status(root, mid, library, reader, branch, on) for mid in ids))


def client_status(root: Path, mid: str, library: Library, reader: PageReader, branch: str, on: dt.date) -> ClientStatus:
    manual, problems = load_manual(root, mid, reader)
    if manual is None:
        return ClientStatus(
            mid,
            problems=len(problems),
            error=_first("manual.yml does not load", problems),
            **_published(root, mid, branch, None),
        )
    problems += check_manual(root, manual, library, on)
    d = manual.document
    base = dict(
        company=manual.company.name,
        revision=d.revision,
        effective=d.effective,
        next_review=d.next_review,
        overdue=d.next_review < on,
        problems=len(problems),
        drafts=sum(not p.approved for p in manual.pages),
        translations=len(manual.translations),
        stale_translations=sum(manual.is_stale(t) for t in manual.translations),
        **_published(root, mid, branch, manual),
    )
    partner = library.partners.get(manual.partner_id)
    if partner is None:
        return ClientStatus(
            mid,
            partner=manual.partner_id,
            error=f"partner map '{manual.partner_id}' is unknown or has problems (see `hsms validate`)",
            **base,
        )
    newest = library.newest(partner.id)
    instrument = Instrument(
        partner.instrument_version,
        newest.id if newest and newest.id != partner.id else None,
        newest.instrument_version if newest and newest.id != partner.id else None,
    )
    try:
        program = resolve_program(manual, partner)
    except UsageError as exc:
        return ClientStatus(mid, partner=partner.short_name, instrument=instrument, error=str(exc), **base)
    cov = compute(
        manual, partner, program, library.topics, audit=choose_audit(manual, partner)
    )  # as `hsms coverage` judges
    return ClientStatus(
        mid,
        partner=partner.short_name,
        program=program.id,
        answered=cov.overall,
        passes=cov.passes,
        instrument=instrument,
        **base,
    )


def _first(what: str, problems: list[Problem]) -> str:
    return f"{what}: {sorted(problems)[0].short()}" if problems else what


def _published(root: Path, mid: str, branch: str, manual: Manual | None) -> dict:
    """The fields about the newest published revision (a branch that cannot be read is said, not fatal)."""
    try:
        latest = load_published(root, mid, branch).latest
        if latest is None:
            return {"published": None}
        snap = published_snapshot(root, mid, latest.revision, branch)
    except HsmsError as exc:
        return {"published_error": str(exc)}
    return {"published": Published(latest.revision, latest.effective, _differs(snap, manual))}


def _differs(snap: Snapshot | None, manual: Manual | None) -> bool | None:
    if manual is None:
        return True  # what was published can no longer be built from here
    if snap is None:
        return None
    if snap.sources is not None:
        return snap.sources != source_digests(manual)
    pages = {p.src: p.text for p in manual.approved_pages}
    return True if {src: p.source for src, p in snap.pages.items()} != pages else None

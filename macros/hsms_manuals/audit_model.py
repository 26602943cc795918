"""Typed objects for audit day: certificates and audits (manual.yml ``certification:``), the
record kinds a manual keeps (``records:``), a partner's records rules and who an auditor talks
to. Built once from validated data, like ``model``; a leaf of the model (imports nothing of hsms)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class AuditType(str, Enum):
    """The audit a certificate's life asks for next (Alberta: certification, two maintenance
    audits, then recertification before the certificate expires)."""

    CERTIFICATION = "certification"
    MAINTENANCE = "maintenance"
    RECERTIFICATION = "recertification"

    @property
    def issues_certificate(self) -> bool:
        return self is not AuditType.MAINTENANCE


class Frequency(str, Enum):
    """How often a record kind is expected: in each ISO week, calendar month, or at least once in
    every 3 or 12 months; ``event`` kinds (incident reports) have no expected frequency."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    EVENT = "event"

    @property
    def months(self) -> int | None:
        """The rolling span in months (month 1, quarter 3, year 12); None for week and event."""
        return {"month": 1, "quarter": 3, "year": 12}.get(self.value)

    @property
    def periodic(self) -> bool:
        return self is not Frequency.EVENT

    @property
    def phrase(self) -> str:
        return {
            "week": "every week",
            "month": "every month",
            "quarter": "at least once in every 3 months",
            "year": "at least once in every 12 months",
            "event": "when it happens",
        }[self.value]


class Who(str, Enum):
    """The people an auditor interviews or watches at work."""

    WORKER = "worker"
    SUPERVISOR = "supervisor"
    MANAGER = "manager"

    @property
    def plural(self) -> str:
        return {"worker": "workers", "supervisor": "supervisors", "manager": "managers"}[self.value]


@dataclass(frozen=True)
class Certificate:
    program: str
    issued: dt.date
    expires: dt.date
    number: str | None = None

    def valid_on(self, day: dt.date) -> bool:
        """Valid from its issue date up to and including its expiry date."""
        return self.issued <= day <= self.expires

    def year_of(self, day: dt.date) -> int:
        """1-based year of the certificate that ``day`` falls in (year 1 starts on the issue date)."""
        years = day.year - self.issued.year - ((day.month, day.day) < (self.issued.month, self.issued.day))
        return years + 1

    @property
    def length_years(self) -> int:
        """Whole years from issue to expiry, rounded (a 3-year certificate, a 1-year one)."""
        return max(1, round((self.expires - self.issued).days / 365.25))

    @property
    def label(self) -> str:
        return (
            f"{self.program}{' ' + self.number if self.number else ''} (issued {self.issued}, expires {self.expires})"
        )


@dataclass(frozen=True)
class PlannedAudit:
    type: AuditType
    planned: dt.date


@dataclass(frozen=True)
class AuditResult:
    """An audit already done: its overall score and, optionally, each element's."""

    type: AuditType
    date: dt.date
    overall: float
    elements: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Certification:
    """``certification:`` of manual.yml beyond partner and program: the history and the plan."""

    certificates: tuple[Certificate, ...] = ()  # oldest first
    next_audit: PlannedAudit | None = None
    audits: tuple[AuditResult, ...] = ()  # oldest first

    def held_on(self, day: dt.date, program: str | None = None) -> Certificate | None:
        """The newest certificate (of ``program``, when given) valid on ``day``."""
        valid = [c for c in self.certificates if c.valid_on(day) and (program is None or c.program == program)]
        return max(valid, key=lambda c: c.issued) if valid else None

    @property
    def last_audit(self) -> AuditResult | None:
        return max(self.audits, key=lambda a: a.date) if self.audits else None


@dataclass(frozen=True)
class RecordKind:
    """A kind of record the manual promises to keep (manual.yml ``records:``)."""

    kind: str  # id used in the records log: site-inspection
    title: str  # Site inspection
    every: Frequency
    topics: tuple[str, ...]  # the requirement topics it documents, and so the partner's elements
    form: str | None = None  # a form id of manual.yml's forms:
    per_site: bool = False  # expected at every site of emergency.sites
    owner: str | None = None  # the role (responsibilities:) that keeps it


@dataclass(frozen=True)
class CertificateTier:
    months: int  # months of records on hand at the audit
    years: int  # certificate length it earns


@dataclass(frozen=True)
class RecordsRules:
    """What a partner's audit samples of the records log (partner map ``records_rules:``)."""

    window_months: int  # the months an audit samples
    minimum_months: int  # before a first audit
    certificate_years: tuple[CertificateTier, ...] = ()  # longest first
    below_minimum: str | None = None  # what the partner does below the minimum
    verified: bool = True
    basis: str | None = None  # who sets the rule, when not the partner's own pages

    def certificate_for(self, months: int) -> int | None:
        """The certificate length ``months`` of records earn, or None below every tier."""
        return next((t.years for t in self.certificate_years if months >= t.months), None)


# --- months as integers: year * 12 + month - 1, so spans are subtraction -----------------


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> dt.date:
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# --- construction from validated, normalised dicts --------------------------------------


def certification_from(d: Mapping[str, Any]) -> Certification:
    nxt = d.get("next_audit")
    return Certification(
        certificates=tuple(
            Certificate(c["program"], c["issued"], c["expires"], c.get("number")) for c in d.get("certificates") or ()
        ),
        next_audit=PlannedAudit(AuditType(nxt["type"]), nxt["planned"]) if nxt else None,
        audits=tuple(
            AuditResult(
                AuditType(a["type"]), a["date"], a["overall"], {str(k): v for k, v in (a.get("elements") or {}).items()}
            )
            for a in d.get("audits") or ()
        ),
    )


def record_kinds_from(items: list[Mapping[str, Any]]) -> tuple[RecordKind, ...]:
    return tuple(
        RecordKind(
            r["kind"],
            r["title"],
            Frequency(r["every"]),
            tuple(r["topics"]),
            r.get("form"),
            r["per_site"],
            r.get("owner"),
        )
        for r in items
    )


def records_rules_from(d: Mapping[str, Any] | None) -> RecordsRules | None:
    if not d:
        return None
    tiers = sorted(
        (CertificateTier(t["months"], t["years"]) for t in d.get("certificate_years") or ()), key=lambda t: -t.months
    )
    return RecordsRules(
        d["window_months"], d["minimum_months"], tuple(tiers), d.get("below_minimum"), d["verified"], d.get("basis")
    )

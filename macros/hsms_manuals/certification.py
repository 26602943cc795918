"""Certificates and audit types: which audit comes next, which pass rule it is judged by, and
the checks of manual.yml's ``certification:`` history and plan.

The lifecycle is Alberta's (COR-BRIEF §1): the certification audit earns a certificate valid
3 years; maintenance audits follow in the certificate's first and second years (years 2 and 3
of the cycle, counting the certification audit as year 1) and the recertification audit in its
last year, before it expires (year 4). A 1-year certificate (fewer than 12 months of records)
is renewed by a recertification audit within its year. Without a valid certificate the next
audit is a certification audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .audit_model import AuditType, Certificate, Certification
from .errors import Problem
from .model import Manual, Partner, PassRule, add_months

MAX_CERTIFICATE_MONTHS = 36
Where = Callable[[tuple[Any, ...], str, str], Problem]  # (path in manual.yml, problem, fix) → located Problem


@dataclass(frozen=True)
class AuditChoice:
    """The audit a verdict is for, the pass rule applied, and where the audit type came from."""

    type: AuditType
    rule: PassRule
    source: str  # "--audit", "manual.yml next_audit (planned 2027-02-15)", "default"
    own_rule: bool = True  # False: a maintenance audit judged by the main rule (the partner has no other)

    @property
    def rule_note(self) -> str:
        """Why this rule: its basis, or that the partner sets no separate maintenance rule."""
        if not self.own_rule:
            return "the partner map sets no separate maintenance rule, so the main rule applies"
        return self.rule.basis or ""

    def describe(self) -> str:
        """'maintenance audit (from manual.yml next_audit, planned 2027-02-15): at least 60% overall'."""
        return f"{self.type.value} audit ({self.source_words}): {self.rule.describe()}"

    @property
    def source_words(self) -> str:
        return {"--audit": "as asked with --audit", "default": "the default: no next_audit in manual.yml"}.get(
            self.source, f"from {self.source}"
        )

    def as_dict(self) -> dict[str, Any]:
        r = self.rule
        return {
            "type": self.type.value,
            "source": self.source,
            "rule": {"overall": r.overall, "element_min": r.element_min, "basis": self.rule_note or None},
        }


def rule_for(partner: Partner, audit: AuditType) -> tuple[PassRule, bool]:
    """The pass rule of an audit type and whether it is the partner's own rule for that type:
    maintenance audits use ``pass_rules.maintenance`` when the partner defines one."""
    if audit is AuditType.MAINTENANCE:
        return (partner.maintenance_rule, True) if partner.maintenance_rule else (partner.pass_rule, False)
    return partner.pass_rule, True


def choose_audit(manual: Manual, partner: Partner, requested: AuditType | None = None) -> AuditChoice:
    """``--audit`` when given, else the manual's next audit, else a certification audit."""
    nxt = manual.certification.next_audit if manual.partner_id == partner.id else None
    if requested is not None:
        audit, source = requested, "--audit"
    elif nxt is not None:
        audit, source = nxt.type, f"manual.yml next_audit (planned {nxt.planned})"
    else:
        audit, source = AuditType.CERTIFICATION, "default"
    rule, own = rule_for(partner, audit)
    return AuditChoice(audit, rule, source, own)


def expected_audit(cert: Certification, program: str, day: dt.date) -> tuple[AuditType, Certificate | None]:
    """The audit type due on ``day`` for a company certified under ``program``, and the
    certificate that makes it so (None: no valid certificate, so a certification audit)."""
    held = cert.held_on(day, program)
    if held is None:
        return AuditType.CERTIFICATION, None
    if held.year_of(day) >= held.length_years:
        return AuditType.RECERTIFICATION, held
    return AuditType.MAINTENANCE, held


def why_not(
    audit: AuditType, day: dt.date, expected: AuditType, held: Certificate | None, cert: Certification, program: str
) -> str:
    """The problem with planning ``audit`` on ``day`` when ``expected`` is due."""
    what = f"a {audit.value} audit on {day}"
    if held is None:
        before = [c for c in cert.certificates if c.program == program and c.expires < day]
        lapsed = f" (the last expired on {max(c.expires for c in before)})" if before else ""
        return f"{what} needs a {program} certificate valid that day, and none is{lapsed}"
    year = held.year_of(day)
    if audit is AuditType.CERTIFICATION:
        return f"{what} does not fit: the {held.label} is valid then (its year {year})"
    if expected is AuditType.RECERTIFICATION:
        return f"{what} does not fit: it falls in the last year of the {held.label}, when a recertification renews it"
    return f"{what} does not fit: it falls in year {year} of the {held.label}, when a maintenance audit is due"


LIFECYCLE = (
    "maintenance audits in the certificate's first and second years, a recertification audit in its "
    "last year before it expires, a certification audit when no certificate is valid"
)


def check_certification(
    where: Where, manual: Manual, partner: Partner, program: str | None, on: dt.date
) -> list[Problem]:
    """Dates and types of ``certification:`` against each other, the partner, the program the
    manual is measured against (None: not known, the program check reports why) and the day ``on``."""
    out: list[Problem] = []
    cert = manual.certification
    programs = [p.id for p in partner.programs]
    previous: dt.date | None = None
    for i, c in enumerate(cert.certificates):
        at = ("certification", "certificates", i)
        if c.program not in programs:
            out.append(
                where(
                    at + ("program",),
                    f"{partner.short_name} has no program '{c.program}'",
                    "use one of: " + ", ".join(programs),
                )
            )
        if c.expires <= c.issued:
            out.append(
                where(
                    at + ("expires",),
                    f"expires on {c.expires}, not after it was issued ({c.issued})",
                    "check both dates on the certificate",
                )
            )
        elif c.expires > add_months(c.issued, MAX_CERTIFICATE_MONTHS):
            out.append(
                where(
                    at + ("expires",),
                    f"valid for more than 3 years ({c.issued} to {c.expires})",
                    "check the dates: a certificate is valid for at most 3 years",
                )
            )
        if c.issued > on:
            out.append(
                where(
                    at + ("issued",),
                    f"issued on {c.issued}, after today ({on})",
                    "list a certificate once it is issued; plan the audit under next_audit:",
                )
            )
        if previous is not None and c.issued < previous:
            out.append(
                where(
                    at + ("issued",),
                    f"issued {c.issued}, before the certificate listed above it ({previous})",
                    "list certificates oldest first",
                )
            )
        previous = c.issued
    element_ids = [e.id for e in partner.elements]
    previous = None
    for i, a in enumerate(cert.audits):
        at = ("certification", "audits", i)
        if a.date > on:
            out.append(
                where(
                    at + ("date",),
                    f"an audit result dated {a.date}, after today ({on})",
                    "record an audit once it is done; plan it under next_audit:",
                )
            )
        if previous is not None and a.date < previous:
            out.append(
                where(
                    at + ("date",),
                    f"dated {a.date}, before the audit listed above it ({previous})",
                    "list audits oldest first",
                )
            )
        previous = a.date
        for element in a.elements:
            if element not in element_ids:
                out.append(
                    where(
                        at + ("elements", element),
                        f"{partner.short_name} has no element '{element}'",
                        "use one of: " + ", ".join(element_ids),
                    )
                )
    nxt = cert.next_audit
    if nxt is not None and program is not None and program in programs:
        plan: tuple[Any, ...] = ("certification", "next_audit")
        expected, held = expected_audit(cert, program, nxt.planned)
        if nxt.type is not expected:
            out.append(
                where(
                    plan + ("type",),
                    why_not(nxt.type, nxt.planned, expected, held, cert, program),
                    f"use type: {expected.value} (Alberta: {LIFECYCLE})",
                )
            )
        if nxt.planned > add_months(on, MAX_CERTIFICATE_MONTHS):
            out.append(
                where(
                    plan + ("planned",),
                    f"planned for {nxt.planned}, more than 3 years from today ({on})",
                    "check the year",
                )
            )
    return out

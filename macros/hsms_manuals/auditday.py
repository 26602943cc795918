"""What `hsms records`, `hsms plan` and `hsms audit-pack` start from: the manual, its partner
and program, and its records log, loaded and checked once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import clock
from .certification import AuditChoice, choose_audit
from .errors import Problem, ValidationFailed
from .library import Library, load_library
from .manual import load_manual, manual_root
from .model import Manual, Partner, Program
from .readiness import Readiness, compute_readiness
from .records import RecordsLog, read_log
from .validate import check_audit_settings, check_manual, resolve_program


@dataclass(frozen=True)
class AuditDay:
    root: Path
    manual: Manual
    library: Library
    partner: Partner
    program: Program
    log: RecordsLog
    on: dt.date

    def readiness(self) -> Readiness:
        nxt = self.manual.certification.next_audit
        return compute_readiness(
            self.manual,
            self.partner,
            self.program,
            self.library.topics,
            self.log,
            self.on,
            (nxt.type, nxt.planned) if nxt else None,
        )

    def audit(self) -> AuditChoice:
        return choose_audit(self.manual, self.partner)


def load_audit_day(
    root: Path, manual_id: str, on: dt.date | None = None, *, pages: bool = True
) -> tuple[AuditDay, list[Problem]]:
    """Load and check; returns the warnings (problems of the manual that do not stop the
    command: an overdue review, a TODO). Raises ValidationFailed when the manual cannot be
    loaded, the partner map is broken or the records log has bad rows. ``pages=False`` (records
    readiness reads no page): only the checks readiness depends on (``check_audit_settings``)."""
    manual_root(root, manual_id)
    manual, problems = load_manual(root, manual_id, with_pages=pages)
    library, map_problems = load_library(root, only=manual.partner_id if manual else None)
    if manual is None or map_problems:
        raise ValidationFailed(map_problems + problems)
    today = clock.today()
    on = on or today
    problems += check_manual(root, manual, library, on) if pages else check_audit_settings(root, manual, library, on)
    partner = library.partners.get(manual.partner_id)
    if partner is None:  # check_manual says why (an unknown partner, a broken map)
        raise ValidationFailed(problems if pages else problems + check_manual(root, manual, library, on))
    program = resolve_program(manual, partner)
    log = read_log(root, manual, library.topics, today)
    if log.problems:
        raise ValidationFailed(log.problems)
    return AuditDay(root, manual, library, partner, program, log, on), problems

"""`hsms coverage MANUAL`: which audit questions the manual answers, and the verdict."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import clock, coverage_report, reporting
from ..audit_model import AuditType
from ..certification import choose_audit
from ..citations import law_left_behind
from ..coverage import compute
from ..errors import ExitCode, UsageError, ValidationFailed
from ..gaps import gap_list
from ..library import load_library
from ..manual import load_manual, manual_root
from ..starters import Starters
from ..suggest import did_you_mean
from ..validate import check_manual, check_province, resolve_program


def run(root: Path, args: argparse.Namespace) -> int:
    manual_root(root, args.manual)
    manual, problems = load_manual(root, args.manual)
    if manual is None:
        raise ValidationFailed(problems)
    partner_id = args.partner or manual.partner_id
    library, map_problems = load_library(root, only=partner_id)
    if map_problems:  # the verdict is only as good as the map
        raise ValidationFailed(map_problems)
    partner = library.partners.get(partner_id)
    if partner is None:
        raise UsageError(
            f"unknown partner '{partner_id}' — "
            + did_you_mean(partner_id, library.partners, f"use one of: {library.partner_ids()}")
        )
    # Problems that do not stop measuring (a TODO, an overdue review) are shown as warnings;
    # measured against another partner, so is a province that partner does not certify in.
    on = args.on or clock.today()
    reporting.problems(
        problems
        + (check_manual(root, manual, library, on) if not args.partner else check_province(root, manual, partner)),
        label="warning: ",
    )
    program = resolve_program(manual, partner, args.program)
    reporting.problems(law_left_behind(root, manual, partner, library.register), label="warning: ")
    size = manual.size_for(partner)
    if args.program and size is not None and not program.size_rule.fits(size):
        reporting.warn(
            f"{program.id} is for {program.size_rule.describe()}; {manual.company.name} has {size:g} — "
            "measured anyway, as asked"
        )
    audit = choose_audit(manual, partner, AuditType(args.audit) if args.audit else None)
    cov = compute(manual, partner, program, library.topics, audit=audit)
    gaps = gap_list(cov, Starters(root, library.topics, manual).find, library.register)
    reporting.out(coverage_report.FORMATS[args.format](cov, gaps))
    return ExitCode.OK if cov.passes else ExitCode.FAILED

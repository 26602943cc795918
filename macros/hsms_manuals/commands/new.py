"""`hsms new MANUAL --company NAME --partner ID --employees N`: a new manual from the starters."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting, scaffold
from ..errors import ExitCode, ValidationFailed
from ..library import load_library
from ..manual import load_manual


def run(root: Path, args: argparse.Namespace) -> int:
    library, problems = load_library(root, only=args.partner)
    if problems:
        raise ValidationFailed(problems)
    target = scaffold.create(root, args.manual, args.company, args.partner, args.employees, library,
                             lambda mid: load_manual(root, mid)[0])
    where = target.relative_to(root)
    reporting.out(f"created {where} from the starter library: every page is a draft (0% coverage).")
    partner = library.partners[args.partner]
    if partner.size_unit == "fte":
        reporting.out(f"note: {partner.short_name} sizes programs by FTE: company.fte starts at the head count; "
                      "set it to annual payroll hours ÷ 2080")
    reporting.out(f"next: fill in {where}/manual.yml, adapt each page, set status: approved, "
                  f"then `hsms coverage {args.manual}`")
    return ExitCode.OK

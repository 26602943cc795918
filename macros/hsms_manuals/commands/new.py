"""`hsms new MANUAL --company NAME --partner ID --employees N [--industry I] [--starter ID]`: a new
manual from the starter library; `hsms new --list-starters` lists the starters."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting, scaffold
from ..errors import ExitCode, UsageError, ValidationFailed
from ..library import load_library
from ..starter_library import load_starters


def run(root: Path, args: argparse.Namespace) -> int:
    if args.list_starters:
        for s in load_starters().values():
            partners = f" — for clients of {', '.join(s.partners)}" if s.partners else ""
            reporting.out(f"{s.id:<16} {s.label}{partners}")
            reporting.out(f"{'':<16} {s.description}")
        return ExitCode.OK
    missing = [
        name
        for name, value in (
            ("MANUAL", args.manual),
            ("--company", args.company),
            ("--partner", args.partner),
            ("--employees", args.employees),
        )
        if value is None
    ]
    if missing:
        raise UsageError(
            f"hsms new needs {', '.join(missing)} — e.g. hsms new acme-framing --company 'Acme Framing "
            "Ltd.' --partner acsa --employees 12 (or hsms new --list-starters)"
        )
    library, problems = load_library(root, only=args.partner)
    if problems:
        raise ValidationFailed(problems)
    target, starter = scaffold.create(
        root,
        args.manual,
        args.company,
        args.partner,
        args.employees,
        library,
        industry=args.industry,
        starter_id=args.starter,
    )
    where = target.relative_to(root)
    reporting.out(
        f"created {where} from the {starter.id} starter ({starter.label}): every page is a draft (0% coverage)."
    )
    partner = library.partners[args.partner]
    if partner.size_unit == "fte":
        reporting.out(
            f"note: {partner.short_name} sizes programs by FTE: company.fte starts at the head count; "
            "set it to annual payroll hours ÷ 2080"
        )
    reporting.out(
        f"next: fill in the TODOs of {where}/manual.yml, adapt each page to how the company really works, "
        f"set status: approved, then `hsms validate {args.manual}` and `hsms coverage {args.manual}`"
    )
    return ExitCode.OK

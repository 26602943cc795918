"""`hsms plan MANUAL`: the action plan before the next audit (Markdown or CSV for a spreadsheet)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import action_plan, reporting
from ..auditday import load_audit_day
from ..coverage import compute
from ..errors import ExitCode


def run(root: Path, args: argparse.Namespace) -> int:
    day, warnings = load_audit_day(root, args.manual, args.on)
    reporting.problems(warnings, label="warning: ")
    coverage = compute(day.manual, day.partner, day.program, day.library.topics, audit=day.audit())
    plan = action_plan.make_plan(coverage, day.readiness(), day.library.topics, day.on)
    text = action_plan.FORMATS[args.format](plan)
    if args.format == "markdown":
        reporting.out(text.rstrip("\n").removeprefix("\ufeff"))
    else:  # a CSV file as a spreadsheet writes it: every row ends with CR LF
        reporting.out_as_is(text)
    return ExitCode.OK

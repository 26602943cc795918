"""`hsms records MANUAL`: months of documentation on hand per element, gaps, the earliest audit
date and the certificate length the records log earns. Exit 0 when ready, 1 when not."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import records_report, reporting
from ..auditday import load_audit_day
from ..errors import ExitCode


def run(root: Path, args: argparse.Namespace) -> int:
    day, warnings = load_audit_day(root, args.manual, args.on, pages=False)
    reporting.problems(warnings, label="warning: ")
    readiness = day.readiness()
    reporting.out(records_report.FORMATS[args.format](readiness))
    return ExitCode.OK if readiness.ready else ExitCode.FAILED

"""`hsms status [MANUAL…] [--format text|json|markdown]`: one row per client manual; exit 1 when
any is overdue for review or below its partner's pass rules (so CI can alert)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting, status_report
from ..errors import ExitCode
from ..portfolio_status import portfolio_status


def run(root: Path, args: argparse.Namespace) -> int:
    status = portfolio_status(root, args.manuals, args.branch)
    reporting.out(status_report.FORMATS[args.format](status))
    return ExitCode.FAILED if status.alerts else ExitCode.OK

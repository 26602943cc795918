"""`hsms validate [MANUAL…] [--on DATE]`: every problem of the partner maps and manuals, at once."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting
from ..errors import ExitCode
from ..validate import record_warnings, unpublished_files, validate


def run(root: Path, args: argparse.Namespace) -> int:
    library, manuals, problems = validate(root, args.manuals, on=args.on)
    reporting.problems([w for m in manuals.values() for w in unpublished_files(root, m)], label="warning: ")
    reporting.problems(record_warnings(root, library, manuals), label="warning: ")
    if problems:
        reporting.problems_and_summary(problems, "nothing is published until they are fixed")
        return ExitCode.FAILED
    pages = sum(len(m.pages) for m in manuals.values())
    reporting.out(f"ok: {len(manuals)} manual(s), {pages} page(s), {len(library.partners)} partner map(s) checked")
    return ExitCode.OK

"""`hsms ci-templates DIR [--only KIND]`: write the CI templates into a consultancy's repository."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting
from ..ci_templates import write
from ..errors import ExitCode


def run(root: Path, args: argparse.Namespace) -> int:
    for path in write(args.dir, args.only):
        reporting.out(f"wrote {path}")
    reporting.out("next: read the comments at the top of each file (secrets, branch names), commit them")
    return ExitCode.OK

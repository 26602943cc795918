"""`hsms serve MANUAL [--drafts]`: a live-reloading preview of one manual (no PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ExitCode


def run(root: Path, args: argparse.Namespace) -> int:
    from .. import build

    with build.mkdocs_logging(verbose=True):
        build.serve(root, args.manual, args.dev_addr, drafts=args.drafts)
    return ExitCode.OK

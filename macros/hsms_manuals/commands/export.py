"""`hsms export DIR [MANUAL…]`: the published branch as a folder for any static web server."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from .. import reporting
from ..errors import ExitCode


def run(root: Path, args: argparse.Namespace) -> int:
    from ..export import export

    commit, manuals = export(root, args.dir, args.manuals or None, args.branch)
    out = args.dir.resolve()
    reporting.out(f"exported {len(manuals)} manual(s) from {args.branch} ({commit[:7]}) to {out}: {', '.join(manuals)}")
    reporting.out(
        f"serve it with: python -m http.server --bind 127.0.0.1 --directory {shlex.quote(str(out))} 8000"
    )  # copied as is
    return ExitCode.OK

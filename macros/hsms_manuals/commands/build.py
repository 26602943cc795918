"""`hsms build [MANUAL…]`: each manual's site and PDF into site/<manual>/, one failure not stopping the rest."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting
from ..errors import ExitCode, HsmsError


def run(root: Path, args: argparse.Namespace) -> int:
    from .. import build  # MkDocs is imported only by the verbs that build

    ids, out_root = build.plan(root, args.manuals, args.site_dir)  # usage errors before any build
    failed: list[str] = []
    with build.mkdocs_logging(args.verbose):
        for mid in ids:
            try:
                target = build.build(root, mid, out_root, pdf=not args.no_pdf)
            except HsmsError as exc:  # one client's mistake must not block the others
                if args.debug:
                    raise
                reporting.error(str(exc))
                failed.append(mid)
                continue
            reporting.out(f"built {mid} → {target}")
    if failed:
        reporting.err(f"{len(failed)} of {len(ids)} manual(s) failed: {', '.join(failed)}")
        return ExitCode.FAILED
    return ExitCode.OK

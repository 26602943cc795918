"""`hsms build [MANUAL…]`: each manual's site and PDF into site/<manual>/, one failure not stopping the rest."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting
from ..errors import ExitCode, HsmsError, Interrupted
from ..manual import stray_folders


def run(root: Path, args: argparse.Namespace) -> int:
    from .. import build  # MkDocs is imported only by the verbs that build

    # Folders under manuals/ that cannot be built (a name that is not an id) fail on their own.
    strays = [] if args.manuals else stray_folders(root)
    ids, out_root = build.plan(root, args.manuals, args.site_dir, allow_none=bool(strays))  # usage errors first
    reporting.problems(strays)
    failed: list[str] = [p.file for p in strays]
    with build.mkdocs_logging(args.verbose):
        for mid in ids:
            try:
                target = build.build(root, mid, out_root, pdf=not args.no_pdf)
            except Interrupted:  # SIGTERM stops the whole run, not just this manual
                raise
            except HsmsError as exc:  # one client's mistake must not block the others
                if args.debug:
                    raise
                reporting.error(str(exc))
                failed.append(mid)
                continue
            reporting.out(f"built {mid} → {target}")
    if failed:
        reporting.err(f"{len(failed)} of {len(ids) + len(strays)} manual(s) failed: {', '.join(failed)}")
        return ExitCode.FAILED
    return ExitCode.OK

"""`hsms publish MANUAL`: build the manual and publish it as revision document.revision (immutable)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting
from ..errors import ExitCode, UsageError


def run(root: Path, args: argparse.Namespace) -> int:
    from .. import publish as pub
    from ..build import mkdocs_logging

    if args.replace and not args.reason:
        raise UsageError('--replace needs --reason "why": the reason is kept in the published history')
    if args.reason is not None and not args.replace:
        raise UsageError("--reason only goes with --replace (a new revision's notes go in document.changes)")
    with mkdocs_logging(args.verbose):
        result = pub.publish(
            root,
            args.manual,
            replace_reason=args.reason if args.replace else None,
            branch=args.branch,
            push=args.push,
            remote=args.remote,
            same_notes_ok=args.same_notes,
        )
    r = result.release
    verb = "replaced" if result.replaced else "published"
    reporting.out(
        f"{verb} {args.manual} revision {r.revision} ({r.title}) on branch {args.branch}, commit {result.commit[:7]}"
    )
    alias = f"; {args.manual}/{pub.CURRENT}/ redirects to it" if r.current else ""
    reporting.out(f"  {args.manual}/{r.revision}/ with pdf/{args.manual}-rev-{r.revision}.pdf{alias}")
    if r.events and r.events[-1].source_dirty:
        reporting.warn(
            f"{args.manual} had uncommitted changes; commit them so the published revision can be traced to its source"
        )
    if result.pushed:
        reporting.out(f"pushed {args.branch} to {args.remote}")
    else:
        reporting.out(
            f"next: `hsms export DIR` writes the published manuals for a web server "
            f"(or `git push {args.remote} {args.branch}`)"
        )
    return ExitCode.OK

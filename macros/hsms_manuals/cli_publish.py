"""CLI verbs for versioned publishing: ``publish``, ``versions``, ``export``.

Exit codes (see hsms_manuals.errors.ExitCode): 0 ok · 1 the build failed (nothing published), no
revision was in force on the date asked, nothing is published, a push failed, the published
branch was edited into something unreadable · 2 usage: unknown manual, not a git repository,
git missing or not knowing who publishes, the revision is already published (raise
document.revision), --replace without --reason, effective date before the previous revision or
after today (publish on the day it takes effect),
--branch checked out or holding the manuals' source, an export folder that must not be replaced."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Callable

from . import gitbranch
from . import publish as pub
from .errors import ExitCode, HsmsError, UsageError
from .manual import manual_root


def cmd_publish(root: Path, args: argparse.Namespace) -> int:
    from .build import mkdocs_logging

    if args.replace and not args.reason:
        raise UsageError("--replace needs --reason \"why\": the reason is kept in the published history")
    if args.reason is not None and not args.replace:
        raise UsageError("--reason only goes with --replace (a new revision's notes go in document.changes)")
    with mkdocs_logging(args.verbose):
        result = pub.publish(root, args.manual, replace_reason=args.reason if args.replace else None,
                             branch=args.branch, push=args.push, remote=args.remote)
    r = result.release
    verb = "replaced" if result.replaced else "published"
    print(f"{verb} {args.manual} revision {r.revision} ({r.title}) on branch {args.branch}, commit {result.commit[:7]}")
    alias = f"; {args.manual}/{pub.CURRENT}/ redirects to it" if r.current else ""
    print(f"  {args.manual}/{r.revision}/ with pdf/{args.manual}-rev-{r.revision}.pdf{alias}")
    if r.events and r.events[-1].source_dirty:
        print(f"warning: {args.manual} had uncommitted changes; commit them so the published revision can be "
              "traced to its source", file=sys.stderr)
    if result.pushed:
        print(f"pushed {args.branch} to {args.remote}")
    else:
        print(f"next: `hsms export DIR` writes the published manuals for a web server "
              f"(or `git push {args.remote} {args.branch}`)")
    return ExitCode.OK


def _published(root: Path, manual_id: str, branch: str) -> pub.Published:
    gitbranch.require_repo(root)
    published = pub.load_published(root, manual_id, branch)
    if not published.releases:
        manual_root(root, manual_id)  # an unknown manual is a usage error
        missing = " (the branch does not exist)" if gitbranch.branch_head(root, branch) is None else ""
        raise HsmsError(f"{manual_id} has no published revisions on branch {branch}{missing} — publish one with "
                        f"`hsms publish {manual_id}`")
    return published


def _status(published: pub.Published, r: pub.Release) -> str:
    nxt = published.after(r)
    if r.current:
        return "current"
    if nxt:
        return f"superseded on {pub.fmt_date(nxt.effective)} by revision {nxt.revision}"
    return "superseded"


def cmd_versions(root: Path, args: argparse.Namespace) -> int:
    published = _published(root, args.manual, args.branch)
    if args.on is not None:
        return _in_force(published, args.on, args.format)
    if args.format == "json":
        rows = [{"revision": r.revision, "title": r.title, "effective": pub.fmt_date(r.effective), "current": r.current,
                 "status": _status(published, r), "history": [e.to_json() for e in r.events]}
                for r in published.releases]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return ExitCode.OK
    print(f"{args.manual}: {len(published.releases)} published revision(s) on branch {args.branch}, oldest first")
    width = max(len(r.revision) for r in published.releases)
    for r in published.releases:
        print(f"  Rev {r.revision:<{width}}  effective {pub.fmt_date(r.effective)}  published {r.published_at[:10]}  "
              f"{_status(published, r)}")
        for e in r.events:
            if e.action == "replaced":
                print(f"  {'':<{width + 4}}  replaced {e.at[:10]} by {e.by}: {e.reason}")
    return ExitCode.OK


def _in_force(published: pub.Published, on: dt.date, fmt: str) -> int:
    r = pub.in_force(published, on)
    if r is None:
        first = min((x for x in published.releases if x.effective), key=lambda x: x.effective or dt.date.max,
                    default=None)
        when = f": the first published revision ({first.revision}) took effect on {pub.fmt_date(first.effective)}" if first else ""
        raise HsmsError(f"no revision of {published.manual_id} was in force on {on.isoformat()}{when}")
    later = [x for x in published.releases if x.effective and x.effective > on]
    until = min(later, key=lambda x: (x.effective, x.sequence)) if later else None
    if fmt == "json":
        print(json.dumps({"on": on.isoformat(), "revision": r.revision, "title": r.title,
                          "effective": pub.fmt_date(r.effective), "superseded_on": pub.fmt_date(until.effective) if until else None,
                          "superseded_by": until.revision if until else None}, indent=2, ensure_ascii=False))
        return ExitCode.OK
    tail = (f"superseded on {pub.fmt_date(until.effective)} by revision {until.revision}" if until
            else "still in force")
    print(f"{on.isoformat()}: revision {r.revision} of {published.manual_id} was in force "
          f"(effective {pub.fmt_date(r.effective)}; {tail})")
    return ExitCode.OK


def cmd_export(root: Path, args: argparse.Namespace) -> int:
    from .export import export

    commit, manuals = export(root, args.dir, args.manuals or None, args.branch)
    out = args.dir.resolve()
    print(f"exported {len(manuals)} manual(s) from {args.branch} ({commit[:7]}) to {out}: {', '.join(manuals)}")
    print(f"serve it with: python -m http.server --bind 127.0.0.1 --directory {out} 8000")
    return ExitCode.OK


def _date_arg(text: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date — write it as YYYY-MM-DD") from None


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="build a manual and publish it as revision document.revision (immutable)")
    p.add_argument("manual", metavar="MANUAL")
    p.add_argument("--replace", action="store_true",
                   help="emergency only: overwrite an already published revision (needs --reason)")
    p.add_argument("--reason", help="why the published revision is replaced (kept in the history)")
    p.add_argument("--push", action="store_true", help="push the branch to the remote afterwards")
    p.add_argument("--remote", default=pub.REMOTE, help=f"remote for --push (default {pub.REMOTE})")
    p.add_argument("--branch", default=gitbranch.BRANCH, help=f"published branch (default {gitbranch.BRANCH})")
    p.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")

    v = sub.add_parser("versions", help="list a manual's published revisions, or the one in force on a date")
    v.add_argument("manual", metavar="MANUAL")
    v.add_argument("--on", type=_date_arg, metavar="DATE", help="name the revision in force on DATE (YYYY-MM-DD)")
    v.add_argument("--branch", default=gitbranch.BRANCH, help=f"published branch (default {gitbranch.BRANCH})")
    v.add_argument("--format", choices=["text", "json"], default="text")

    e = sub.add_parser("export", help="write the published manuals to a folder a static web server can host")
    e.add_argument("dir", type=Path, metavar="DIR", help="output folder (replaced as a whole)")
    e.add_argument("manuals", nargs="*", metavar="MANUAL", help="only these manuals (default: all published)")
    e.add_argument("--branch", default=gitbranch.BRANCH, help=f"published branch (default {gitbranch.BRANCH})")


VERBS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "publish": cmd_publish,
    "versions": cmd_versions,
    "export": cmd_export,
}

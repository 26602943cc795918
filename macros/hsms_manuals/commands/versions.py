"""`hsms versions MANUAL [--on DATE]`: the published revisions, or the one in force on a date."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from .. import gitbranch, reporting
from ..errors import EnvironmentFailure, ExitCode
from ..manual import manual_root
from ..releases import Published, Release, fmt_date, in_force, load_published


def _published(root: Path, manual_id: str, branch: str) -> Published:
    gitbranch.require_repo(root)
    published = load_published(root, manual_id, branch)
    if not published.releases:
        manual_root(root, manual_id)  # an unknown manual is a usage error
        missing = " (the branch does not exist)" if gitbranch.branch_head(root, branch) is None else ""
        raise EnvironmentFailure(
            f"{manual_id} has no published revisions on branch {branch}{missing} — publish one "
            f"with `hsms publish {manual_id}`"
        )
    return published


def _status(published: Published, r: Release) -> str:
    nxt = published.after(r)
    if r.current:
        return "current"
    if nxt:
        return f"superseded on {fmt_date(nxt.effective)} by revision {nxt.revision}"
    return "superseded"


def run(root: Path, args: argparse.Namespace) -> int:
    published = _published(root, args.manual, args.branch)
    if args.on is not None:
        return _in_force(published, args.on, args.format)
    if args.format == "json":
        rows = [
            {
                "revision": r.revision,
                "title": r.title,
                "effective": fmt_date(r.effective),
                "current": r.current,
                "status": _status(published, r),
                "history": [e.to_json() for e in r.events],
            }
            for r in published.releases
        ]
        reporting.out(json.dumps(rows, indent=2, ensure_ascii=False))
        return ExitCode.OK
    reporting.out(
        f"{args.manual}: {len(published.releases)} published revision(s) on branch {args.branch}, oldest first"
    )
    width = max(len(r.revision) for r in published.releases)
    for r in published.releases:
        reporting.out(
            f"  Rev {r.revision:<{width}}  effective {fmt_date(r.effective)}  published "
            f"{r.published_at[:10]}  {_status(published, r)}"
        )
        for e in r.events:
            if e.action == "replaced":
                reporting.out(f"  {'':<{width + 4}}  replaced {e.at[:10]} by {e.by}: {e.reason}")
    return ExitCode.OK


def _in_force(published: Published, on: dt.date, fmt: str) -> int:
    r = in_force(published, on)
    if r is None:
        first = min(
            (x for x in published.releases if x.effective), key=lambda x: x.effective or dt.date.max, default=None
        )
        when = (
            f": the first published revision ({first.revision}) took effect on {fmt_date(first.effective)}"
            if first
            else ""
        )
        reporting.error(f"no revision of {published.manual_id} was in force on {on.isoformat()}{when}")
        return ExitCode.FAILED
    later = [x for x in published.releases if x.effective and x.effective > on]
    until = min(later, key=lambda x: (x.effective or dt.date.max, x.sequence)) if later else None
    if fmt == "json":
        reporting.out(
            json.dumps(
                {
                    "on": on.isoformat(),
                    "revision": r.revision,
                    "title": r.title,
                    "effective": fmt_date(r.effective),
                    "superseded_on": fmt_date(until.effective) if until else None,
                    "superseded_by": until.revision if until else None,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return ExitCode.OK
    tail = f"superseded on {fmt_date(until.effective)} by revision {until.revision}" if until else "still in force"
    reporting.out(
        f"{on.isoformat()}: revision {r.revision} of {published.manual_id} was in force "
        f"(effective {fmt_date(r.effective)}; {tail})"
    )
    return ExitCode.OK

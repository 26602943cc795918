"""`hsms build [MANUAL…]`: each manual's site and PDF into site/<manual>/: unfinished manuals
reported, unchanged ones skipped, the rest built in parallel processes; one failure never stops
the others, and a closing summary names each manual that was not built and why."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import portfolio, reporting, site_dirs
from ..errors import ExitCode, UsageError
from ..manual import stray_folders
from ..portfolio import Kind, Outcome


def run(root: Path, args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(
            f"-j/--jobs {args.jobs}: give the number of builds to run at once, 1 or more "
            f"(default: {portfolio.default_jobs()}, the cores here)"
        )
    # Folders under manuals/ that cannot be built (a name that is not an id) fail on their own.
    strays = [] if args.manuals else stray_folders(root)
    ids, out_root = site_dirs.plan(root, args.manuals, args.site_dir, allow_none=bool(strays))  # usage errors first
    reporting.problems(strays)
    options = portfolio.Options(
        pdf=not args.no_pdf, drafts=args.drafts, force=args.force, verbose=args.verbose, debug=args.debug
    )
    decided, jobs = portfolio.decide(root, ids, out_root, options)
    # Named manuals show every problem; a whole portfolio only its summary line per manual.
    report = _Reporter(named=bool(args.manuals), quiet=reporting.in_ci())
    outcomes: dict[str, Outcome] = {}
    with reporting.progress(len(jobs), "building") as shown:
        for outcome in decided:
            report.show(outcome, shown)
            outcomes[outcome.manual_id] = outcome

        def done(outcome: Outcome) -> None:
            report.show(outcome, shown)
            outcomes[outcome.manual_id] = outcome
            shown.advance(outcome.manual_id)

        portfolio.build_all(jobs, args.jobs or portfolio.default_jobs(), done)
    stray = [Outcome(p.file, Kind.UNFINISHED, reason=p.problem, problems=(p,)) for p in strays]
    return _summary(stray + [outcomes[mid] for mid in ids], listed=report.named)


class _Reporter:
    def __init__(self, *, named: bool, quiet: bool):
        self.named = named
        self.quiet = quiet  # CI: only failures and the summary

    def show(self, o: Outcome, shown: reporting.Progress) -> None:
        if o.kind is Kind.FAILED or not self.quiet:
            for line in o.log:  # MkDocs' own messages: the reasons of a failed build
                shown.err(line)
        if o.kind is Kind.BUILT and not self.quiet:
            shown.out(f"built {o.manual_id} → {o.target}")
        elif o.kind is Kind.UNCHANGED and not self.quiet:
            shown.out(f"unchanged: {o.manual_id}")
        elif o.kind is Kind.FAILED:
            shown.err(f"error: {o.error}")
        elif o.kind is Kind.UNFINISHED and self.named:
            for problem in o.problems[: reporting.SHOWN_PROBLEMS]:
                shown.err(str(problem))
            if len(o.problems) > reporting.SHOWN_PROBLEMS:
                shown.err(f"… and {len(o.problems) - reporting.SHOWN_PROBLEMS} more problem(s) not shown")


def _summary(outcomes: list[Outcome], *, listed: bool) -> int:
    """One closing line, then one line per manual that was not built: the manual and why."""
    counts = {kind: sum(o.kind is kind for o in outcomes) for kind in Kind}
    made = f"{counts[Kind.BUILT]} built, {counts[Kind.UNCHANGED]} unchanged"
    failed = [o for o in outcomes if not o.ok]
    if not failed:
        reporting.out(f"{len(outcomes)} manual(s): {made}")
        return ExitCode.OK
    reporting.err(f"{len(failed)} of {len(outcomes)} manual(s) failed ({made}):")
    for o in failed:
        reporting.err(f"  {o.manual_id}: {o.reason_when_listed if listed and o.reason_when_listed else o.reason}")
    return ExitCode.FAILED

"""One function per CLI verb: load, call the model, print. Returns an exit code."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from . import cli_publish, coverage_report, scaffold
from .coverage import compute
from .errors import ExitCode, HsmsError, Problem, UsageError, ValidationFailed
from .library import Library, load_library
from .manual import load_manual, manual_root
from .validate import check_manual, resolve_program, validate

Verb = Callable[[Path, argparse.Namespace], int]


def print_problems(problems: list[Problem], label: str = "") -> None:
    for p in problems:
        print(f"{label}{p}", file=sys.stderr)


def cmd_validate(root: Path, args: argparse.Namespace) -> int:
    library, manuals, problems = validate(root, args.manuals)
    if problems:
        print_problems(problems)
        print(f"{len(problems)} problem(s) found; nothing is published until they are fixed.", file=sys.stderr)
        return ExitCode.FAILED
    pages = sum(len(m.pages) for m in manuals.values())
    print(f"ok: {len(manuals)} manual(s), {pages} page(s), {len(library.partners)} partner map(s) checked")
    return ExitCode.OK


def _library(root: Path, only: str | None = None) -> Library:
    """The topics and partner maps (just ``only`` when one partner is enough). A broken map
    is a validation failure: the model is only as good as its maps."""
    library, problems = load_library(root, only=only)
    if problems:
        raise ValidationFailed(problems)
    return library


def cmd_coverage(root: Path, args: argparse.Namespace) -> int:
    manual_root(root, args.manual)
    manual, problems = load_manual(root, args.manual)
    if manual is None:
        print_problems(problems)
        print(f"{len(problems)} problem(s): fix them before measuring coverage.", file=sys.stderr)
        return ExitCode.FAILED
    partner_id = args.partner or manual.partner_id
    library = _library(root, only=partner_id)
    partner = library.partners.get(partner_id)
    if partner is None:
        raise UsageError(f"unknown partner '{partner_id}' — use one of: {library.partner_ids()}")
    # Problems that don't stop measuring (a TODO, an overdue review) are shown as warnings.
    print_problems(problems + (check_manual(root, manual, library) if not args.partner else []), "warning: ")
    program = resolve_program(manual, partner, args.program)
    size = manual.size_for(partner)
    if args.program and size is not None and not program.size_rule.fits(size):
        print(f"warning: {program.id} is for {program.size_rule.describe()}; {manual.company.name} has {size:g} — "
              "measured anyway, as asked", file=sys.stderr)
    cov = compute(manual, partner, program)
    print(coverage_report.FORMATS[args.format](cov))
    return ExitCode.OK if cov.passes else ExitCode.FAILED


def cmd_partners(root: Path, args: argparse.Namespace) -> int:
    library = _library(root)
    rows = []
    for p in sorted(library.partners.values(), key=lambda x: (x.kind, x.province, x.id)):
        rows.append({
            "id": p.id, "name": p.name, "short_name": p.short_name, "kind": p.kind, "province": p.province,
            "instrument": {"name": p.instrument_name, "version": p.instrument_version,
                           "effective": p.instrument_effective.isoformat() if p.instrument_effective else None},
            "verified": p.verified,
            "programs": [{"id": g.id, "name": g.name, "audit": g.audit, "size_rule": g.size_rule.describe()}
                         for g in p.programs],
            "pass_rules": p.pass_rule.describe(),
            "maintenance_rules": p.maintenance_rule.describe() if p.maintenance_rule else None,
            "elements": len(p.elements), "questions": sum(len(e.questions) for e in p.elements),
        })
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return ExitCode.OK
    for r in rows:
        flag = "" if r["verified"] else "  [not fully verified]"
        print(f"{r['id']:<8} {r['short_name']} — {r['name']} ({r['province']}, {r['kind']}){flag}")
        i = r["instrument"]
        print(f"         {i['name']} {i['version'] or '(version not public)'}, effective {i['effective'] or 'unknown'}: "
              f"{r['elements']} elements, {r['questions']} questions")
        for g in r["programs"]:
            print(f"         {g['id']:<6} {g['name']} — {g['size_rule']}, {g['audit']} audit")
        print(f"         pass: {r['pass_rules']}" + (f"; maintenance: {r['maintenance_rules']}" if r["maintenance_rules"] else ""))
    return ExitCode.OK


def cmd_new(root: Path, args: argparse.Namespace) -> int:
    library = _library(root, only=args.partner)

    def load(mid: str):
        return load_manual(root, mid)[0]

    target = scaffold.create(root, args.manual, args.company, args.partner, args.employees, library, load)
    print(f"created {target.relative_to(root)} from the starter library: every page is a draft (0% coverage).")
    if library.partners[args.partner].size_unit == "fte":
        print(f"note: {library.partners[args.partner].short_name} sizes programs by FTE: company.fte starts at the head "
              "count; set it to annual payroll hours ÷ 2080")
    print(f"next: fill in {target.relative_to(root)}/manual.yml, adapt each page, set status: approved, "
          f"then `hsms coverage {args.manual}`")
    return ExitCode.OK


def cmd_build(root: Path, args: argparse.Namespace) -> int:
    from . import build

    ids, out_root = build.plan(root, args.manuals, args.site_dir)  # usage errors before any build
    failed: list[str] = []
    with build.mkdocs_logging(args.verbose):
        for mid in ids:
            try:
                target = build.build(root, mid, out_root, pdf=not args.no_pdf)
            except HsmsError as exc:  # keep going: one client's mistake must not block the others
                print(f"error: {exc}", file=sys.stderr)
                failed.append(mid)
                continue
            print(f"built {mid} → {target}")
    if failed:
        print(f"{len(failed)} of {len(ids)} manual(s) failed: {', '.join(failed)}", file=sys.stderr)
        return ExitCode.FAILED
    return ExitCode.OK


def cmd_serve(root: Path, args: argparse.Namespace) -> int:
    from . import build

    with build.mkdocs_logging(verbose=True):
        build.serve(root, args.manual, args.dev_addr)
    return ExitCode.OK


VERBS: dict[str, Verb] = {
    "validate": cmd_validate,
    "coverage": cmd_coverage,
    "partners": cmd_partners,
    "new": cmd_new,
    "build": cmd_build,
    "serve": cmd_serve,
    **cli_publish.VERBS,  # publish, versions, export
}

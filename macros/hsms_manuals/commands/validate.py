"""`hsms validate [MANUAL…] [--on DATE]`: every problem of the partner maps and manuals, at once,
then the plain-language findings of `hsms lint` as warnings (they never fail validate)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting
from ..changed import touched
from ..errors import ExitCode
from ..forms import unlisted_forms
from ..validate import record_warnings, translation_warnings, unpublished_files, validate_all


def run(root: Path, args: argparse.Namespace) -> int:
    ids = args.manuals
    if args.files:  # the pre-commit hook: only the manuals the changed files belong to
        ids = sorted(set(ids) | set(touched(root, args.files)))
        if not ids:
            reporting.out("ok: no manual is touched by these files")
            return ExitCode.OK
    v = validate_all(root, ids, on=args.on)
    warnings = sorted(
        v.warnings + [w for m in v.manuals.values() for w in unpublished_files(root, m) + unlisted_forms(root, m)]
    )
    if warnings:
        reporting.problems(warnings, label="warning: ")
    reporting.problems(record_warnings(root, v.library, v.manuals), label="warning: ")
    reporting.problems(translation_warnings(root, v.manuals), label="warning: ")
    if v.problems:
        reporting.problems_and_summary(v.problems, "nothing is published until they are fixed")
        return ExitCode.FAILED
    lint = f"; {len(v.warnings)} plain-language warning(s) (`hsms lint`)" if v.warnings else ""
    translated = sum(len(m.translations) for m in v.manuals.values())
    also = f" and {translated} translated page(s)" if translated else ""
    reporting.out(
        f"ok: {len(v.manuals)} manual(s), {v.pages} page(s){also}, {len(v.library.partners)} partner map(s) "
        f"checked{lint}"
    )
    return ExitCode.OK

"""`hsms lint [MANUAL…]`: plain-language checks of the pages (reading grade, long sentences,
vague wording). `hsms validate` prints the same findings as warnings."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting
from ..errors import ExitCode
from ..lint import change_notes, lint_pages
from ..manual import PageReader, manual_ids, manual_root, read_manual
from ..model import Quality
from ..paths import MANUALS_DIR


def run(root: Path, args: argparse.Namespace) -> int:
    ids = args.manuals or manual_ids(root)
    for mid in ids:  # unknown ids are usage errors, raised before any work
        manual_root(root, mid)
    reader = PageReader(root)
    found = []
    unread = []  # what kept a page or manual.yml from being read (or read as meant): never "ok"
    pages = 0
    for mid in ids:
        loaded = read_manual(root, mid, reader)
        unread += loaded.problems
        quality = loaded.manual.quality if loaded.manual else Quality()
        pages += len(loaded.pages)
        found += lint_pages(root, root / MANUALS_DIR / mid / "docs", loaded.pages, quality)
        if loaded.manual is not None:
            found += change_notes(root, loaded.manual)
    if found or unread:
        reporting.problems(sorted(found + unread))
        if unread:
            reporting.err(
                f"{len(unread)} problem(s) in the manual itself: a page that cannot be read is not checked "
                "(`hsms validate` lists the same problems)."
            )
        if found:
            reporting.err(
                f"{len(found)} finding(s) in {len(ids)} manual(s); write for a grade-8 reader "
                "(set quality: in manual.yml to change the targets)."
            )
        return ExitCode.FAILED
    reporting.out(f"ok: {len(ids)} manual(s), {pages} page(s) read plainly")
    return ExitCode.OK

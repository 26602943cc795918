"""`hsms posters MANUAL [--out DIR] [--paper letter|a4|both]`: site posters and wallet cards."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import posters, reporting
from ..errors import ExitCode
from ..fsutil import check_outside_sources
from ..manual import manual_root
from ..paths import SITE
from ..state import load_state


def run(root: Path, args: argparse.Namespace) -> int:
    manual_root(root, args.manual)  # an unknown manual is a usage error, before anything else
    out = (args.out or root / SITE).resolve()
    check_outside_sources(root, out, "choose another --out, e.g. site/ (the default)")
    state = load_state(root, args.manual)  # every problem at once: a broken manual prints nothing
    plan = posters.plan(state.manual)
    default = state.manual.document.page_size.lower()
    papers = {"both": ["letter", "a4"], None: [default]}.get(args.paper, [args.paper])
    written, warnings = posters.write(plan, out, papers)
    for text in warnings:
        reporting.warn(text)
    for w in written:
        reporting.out(f"wrote {w.path} ({w.what})")
    reporting.out(f"QR codes open {plan.url}")
    return ExitCode.OK

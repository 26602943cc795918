"""`hsms audit-pack MANUAL OUT`: the folder (and zip) an auditor gets: PDF, crosswalk, records
index, interview and observation preparation, README and SHA-256 manifest."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import clock, reporting
from ..audit_pack import check_destination, write_pack
from ..errors import ExitCode, ValidationFailed
from ..manual import manual_root
from ..records import read_log


def run(root: Path, args: argparse.Namespace) -> int:
    from .. import build  # MkDocs is imported only by the verbs that build
    from ..state import load_state

    manual_root(root, args.manual)
    check_destination(root, args.out.resolve())  # a refused folder is refused before any work
    state = load_state(root, args.manual)  # every problem of the manual stops the pack, as it stops a build
    log = read_log(root, state.manual, state.library.topics, clock.today())
    if log.problems:
        raise ValidationFailed(log.problems)

    def build_pdf(tmp: Path) -> Path:
        with build.mkdocs_logging(args.verbose):
            build.build_site(root, args.manual, tmp, pdf=True)
        return tmp / state.pdf_src

    pack = write_pack(root, state, log, args.out, build_pdf)
    reporting.out(
        f"wrote the audit pack of {args.manual} revision {state.manual.document.revision}: {pack.folder} "
        f"({len(pack.files)} files) and {pack.zip}"
    )
    reporting.out(f"the PDF is from {pack.pdf_from}")
    return ExitCode.OK

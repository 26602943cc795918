"""The `hsms` command: every parser is here; each verb is one module of ``commands``.

Verbs raise; ``main`` is the one place that catches: it prints one ``error: …`` line (or the
list of problems) and returns the documented exit code (``errors.ExitCode``). ``--debug``
re-raises instead, with the whole traceback and its causes."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import NoReturn

from . import __version__, reporting
from .audit_model import AuditType
from .ci_templates import KINDS as CI_TEMPLATE_KINDS
from .commands import VERBS
from .errors import ExitCode, HsmsError, Interrupted, UsageError, ValidationFailed
from .gitbranch import BRANCH, REMOTE
from .paths import find_root, is_repository
from .starter_library import INDUSTRIES
from .yamlio import FIRST_YEAR, LAST_YEAR, YEARS_FIX

FORMATS = ("text", "json", "markdown")


def date_arg(text: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date — write it as YYYY-MM-DD") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # as in manual.yml: 9999-12-31 + a day is no date
        raise argparse.ArgumentTypeError(f"'{text}' is out of range — {YEARS_FIX}")
    return day


def shard_arg(text: str) -> str:
    m = re.fullmatch(r"(\d{1,4})/(\d{1,4})", text)
    if not m or not 1 <= int(m[1]) <= int(m[2]):
        raise argparse.ArgumentTypeError(f"'{text}' is not a share — write K/N with 1 <= K <= N, e.g. 2/4")
    return text


class _Parser(argparse.ArgumentParser):
    """argparse, with the arguments its errors quote shown like everything hsms prints (no control
    character reaches the terminal). Subcommand parsers are of the same class."""

    def error(self, message: str) -> NoReturn:
        super().error(reporting.visible(message))


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="hsms", description="Health and safety manuals as code: validate, measure, build and publish.")
    p.add_argument("--root", type=Path, help="repository folder (default: nearest folder with partners/topics.yml)")
    p.add_argument("--debug", action="store_true", help="show a traceback on errors")
    p.add_argument("--version", action="version", version=f"hsms {__version__}")
    sub = p.add_subparsers(dest="verb", required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check manuals and partner maps; list every problem")
    v.add_argument("manuals", nargs="*", metavar="MANUAL", help="manual ids (default: all)")
    v.add_argument("--on", type=date_arg, metavar="DATE", help="check as on DATE (YYYY-MM-DD), e.g. review dates")
    v.add_argument(
        "--files",
        nargs="+",
        metavar="FILE",
        help="check the manuals these changed files belong to (the pre-commit hook passes them)",
    )

    li = sub.add_parser("lint", help="plain-language checks: reading grade, long sentences, vague wording")
    li.add_argument("manuals", nargs="*", metavar="MANUAL", help="manual ids (default: all)")

    ch = sub.add_parser("changed", help="list the manuals a branch changes (for CI: one job per manual)")
    ch.add_argument(
        "--since",
        metavar="REF",
        help="compare with the common ancestor of REF and HEAD (e.g. origin/main); without it, every manual",
    )
    ch.add_argument("--format", choices=FORMATS[:2], default="text")
    ch.add_argument("--shard", type=shard_arg, metavar="K/N", help="only the K-th of N shares (parallel CI jobs)")

    ct = sub.add_parser("ci-templates", help="write CI templates (GitHub Actions, GitLab CI, pre-commit) into DIR")
    ct.add_argument(
        "dir", type=Path, metavar="DIR", help="the consultancy's repository (existing files are never overwritten)"
    )
    ct.add_argument(
        "--only", action="append", choices=CI_TEMPLATE_KINDS, help="write only this template (repeatable; default: all)"
    )

    c = sub.add_parser("coverage", help="which audit questions a manual answers")
    c.add_argument("manual", metavar="MANUAL")
    c.add_argument("--partner", help="measure against another partner (what-if)")
    c.add_argument("--program", help="program id, e.g. COR or SECOR (default: from the manual or company size)")
    c.add_argument("--format", choices=FORMATS, default="text")
    c.add_argument("--on", type=date_arg, metavar="DATE", help="measure as on DATE (YYYY-MM-DD)")
    c.add_argument(
        "--audit",
        choices=[a.value for a in AuditType],
        help="the audit type whose pass rule applies (default: next_audit in manual.yml, else certification)",
    )

    r = sub.add_parser("records", help="records readiness: months on hand per element, gaps, earliest audit date")
    r.add_argument("manual", metavar="MANUAL")
    r.add_argument("--on", type=date_arg, metavar="DATE", help="as on DATE (YYYY-MM-DD; default today)")
    r.add_argument("--format", choices=FORMATS, default="text")

    ap = sub.add_parser(
        "audit-pack",
        help="write the auditor's folder and zip: PDF, crosswalk, records index, "
        "interview preparation, SHA-256 manifest",
    )
    ap.add_argument("manual", metavar="MANUAL")
    ap.add_argument("out", type=Path, metavar="OUT", help="the pack's folder (OUT.zip is written beside it)")
    ap.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages when the PDF is built")

    pl = sub.add_parser("plan", help="action plan before the next audit: gaps, records, dates; owner and due date")
    pl.add_argument("manual", metavar="MANUAL")
    pl.add_argument("--format", choices=("markdown", "csv"), default="markdown")
    pl.add_argument("--on", type=date_arg, metavar="DATE", help="plan as on DATE (YYYY-MM-DD; default today)")

    pa = sub.add_parser("partners", help="list partners, instruments, programs and size rules")
    pa.add_argument("--format", choices=FORMATS[:2], default="text")

    n = sub.add_parser("new", help="start a client manual from the starter library (all pages draft)")
    n.add_argument("manual", nargs="?", metavar="MANUAL", help="new manual id, e.g. ridgeline-builders")
    n.add_argument("--company", help="the company's name")
    n.add_argument("--partner", help="certifying partner id (see `hsms partners`)")
    n.add_argument("--employees", type=int, help="peak number of workers incl. management")
    n.add_argument("--industry", choices=INDUSTRIES, help="the company's industry (default: the partner's usual one)")
    n.add_argument("--starter", metavar="ID", help="a starter by id (see --list-starters)")
    n.add_argument("--list-starters", action="store_true", help="list the starters and exit")

    b = sub.add_parser("build", help="build each manual's website and PDF into site/<manual>/")
    b.add_argument("manuals", nargs="*", metavar="MANUAL", help="manual ids (default: all)")
    b.add_argument("--site-dir", type=Path, help="output folder (default: site/)")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF edition (faster previews)")
    b.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
    b.add_argument(
        "--drafts",
        action="store_true",
        help="preview: build draft pages and unfinished manuals, watermarked DRAFT (never publishable)",
    )
    b.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="build N manuals at once, each in its own process (default: the number of cores)",
    )
    b.add_argument("--force", action="store_true", help="rebuild manuals whose inputs did not change")

    s = sub.add_parser("serve", help="preview one manual with live reload")
    s.add_argument("manual", metavar="MANUAL")
    s.add_argument("--dev-addr", help="address:port to serve on (default 127.0.0.1:8000)")
    s.add_argument(
        "--drafts", action="store_true", help="preview draft pages and an unfinished manual, watermarked DRAFT"
    )

    pu = sub.add_parser("publish", help="build a manual and publish it as revision document.revision (immutable)")
    pu.add_argument("manual", metavar="MANUAL")
    pu.add_argument(
        "--replace",
        action="store_true",
        help="emergency only: overwrite an already published revision (needs --reason)",
    )
    pu.add_argument("--reason", help="why the published revision is replaced (kept in the history)")
    pu.add_argument("--push", action="store_true", help="push the branch to the remote afterwards")
    pu.add_argument("--remote", default=REMOTE, help=f"remote for --push (default {REMOTE})")
    pu.add_argument("--branch", default=BRANCH, help=f"published branch (default {BRANCH})")
    pu.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
    pu.add_argument(
        "--same-notes",
        action="store_true",
        help="publish although document.changes are the previous revision's notes, unchanged",
    )

    ve = sub.add_parser("versions", help="list a manual's published revisions, or the one in force on a date")
    ve.add_argument("manual", metavar="MANUAL")
    ve.add_argument("--on", type=date_arg, metavar="DATE", help="name the revision in force on DATE (YYYY-MM-DD)")
    ve.add_argument("--branch", default=BRANCH, help=f"published branch (default {BRANCH})")
    ve.add_argument("--format", choices=FORMATS[:2], default="text")

    po = sub.add_parser("posters", help="print site posters and wallet cards with a QR code to the emergency plan")
    po.add_argument("manual", metavar="MANUAL")
    po.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: site/)")
    po.add_argument(
        "--paper", choices=("letter", "a4", "both"), help="paper size (default: the manual's document.page_size)"
    )

    st = sub.add_parser(
        "status",
        help="one row per client manual: coverage, review date, published revision, "
        "instrument; exit 1 if any is overdue or below pass",
    )
    st.add_argument("manuals", nargs="*", metavar="MANUAL", help="manual ids (default: all)")
    st.add_argument("--format", choices=FORMATS, default="text")
    st.add_argument("--branch", default=BRANCH, help=f"published branch (default {BRANCH})")

    e = sub.add_parser("export", help="write the published manuals to a folder a static web server can host")
    e.add_argument("dir", type=Path, metavar="DIR", help="output folder (replaced as a whole)")
    e.add_argument("manuals", nargs="*", metavar="MANUAL", help="only these manuals (default: all published)")
    e.add_argument("--branch", default=BRANCH, help=f"published branch (default {BRANCH})")

    tr = sub.add_parser("translate", help="translated pages: mark them current, export and import PO files")
    trs = tr.add_subparsers(dest="action", required=True, metavar="ACTION")
    tm = trs.add_parser("mark", help="record that translated pages match their original pages as they are now")
    tm.add_argument("manual", metavar="MANUAL")
    tm.add_argument("pages", nargs="+", metavar="PAGE", help="translated pages, e.g. 03-worker-rights.pa.md")
    te = trs.add_parser("export", help="write one PO file per approved page, for a translation tool")
    te.add_argument("manual", metavar="MANUAL")
    te.add_argument("--lang", required=True, help="a language of languages: translations: in manual.yml")
    te.add_argument("--out", type=Path, metavar="DIR", help="output folder (default translations/MANUAL/LANG/)")
    ti = trs.add_parser("import", help="write translated pages (PAGE.<lang>.md) from translated PO files")
    ti.add_argument("manual", metavar="MANUAL")
    ti.add_argument("dir", type=Path, metavar="DIR", help="the folder of translated .po files")
    ti.add_argument("--lang", required=True, help="the language of the files")
    ti.add_argument("--replace", action="store_true", help="replace translated pages that already exist")
    return p


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Interrupted("stopped by SIGTERM — temporary output was removed; the previous output is as it was")


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C, so temporary folders are removed."""
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (embedded use): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with _sigterm_raises():
            root = (args.root or find_root(Path.cwd())).resolve()
            if not is_repository(root):
                raise UsageError(
                    f"{root} is not an hsms repository (no partners/topics.yml) — run hsms inside the "
                    "repository or name it with --root"
                )
            return int(VERBS[args.verb](root, args))
    except BrokenPipeError:  # `hsms partners | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(ExitCode.OK)
    except KeyboardInterrupt:
        if args.debug:
            raise
        return int(ExitCode.INTERRUPTED)
    except HsmsError as exc:
        if args.debug:
            raise
        return _report(exc)


def _report(exc: HsmsError) -> int:
    try:
        if isinstance(exc, ValidationFailed):
            reporting.problems_and_summary(exc.problems, "fix them first (`hsms validate` lists them all)")
        else:
            reporting.error(str(exc))
    except (OSError, HsmsError):  # stderr itself cannot be written: the exit code still tells
        pass
    return int(exc.exit_code)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

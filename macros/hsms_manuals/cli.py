"""The `hsms` command: parses arguments and calls one function per verb. Nothing else.

Exit codes: 0 ok · 1 validation/coverage/build failure · 2 usage error (unknown manual,
partner or option; refused operation). User mistakes print one `error: …` line (or the
list of problems); `--debug` shows the traceback instead."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import __version__, cli_publish, commands
from .errors import ExitCode, HsmsError, UsageError, ValidationFailed


def find_root(start: Path) -> Path:
    """The repository: the nearest folder upward holding partners/topics.yml."""
    for d in (start, *start.parents):
        if (d / "partners" / "topics.yml").is_file():
            return d
    return start


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hsms", description="Health and safety manuals as code: validate, measure, build and publish.")
    p.add_argument("--root", type=Path, help="repository folder (default: nearest folder with partners/topics.yml)")
    p.add_argument("--debug", action="store_true", help="show a traceback on errors")
    p.add_argument("--version", action="version", version=f"hsms {__version__}")
    sub = p.add_subparsers(dest="verb", required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check manuals and partner maps; list every problem")
    v.add_argument("manuals", nargs="*", metavar="MANUAL", help="manual ids (default: all)")

    c = sub.add_parser("coverage", help="which audit questions a manual answers")
    c.add_argument("manual", metavar="MANUAL")
    c.add_argument("--partner", help="measure against another partner (what-if)")
    c.add_argument("--program", help="program id, e.g. COR or SECOR (default: from the manual or company size)")
    c.add_argument("--format", choices=["text", "json", "markdown"], default="text")

    pa = sub.add_parser("partners", help="list partners, instruments, programs and size rules")
    pa.add_argument("--format", choices=["text", "json"], default="text")

    n = sub.add_parser("new", help="start a client manual from the starter library (all pages draft)")
    n.add_argument("manual", metavar="MANUAL", help="new manual id, e.g. ridgeline-builders")
    n.add_argument("--company", required=True)
    n.add_argument("--partner", required=True)
    n.add_argument("--employees", required=True, type=int)

    b = sub.add_parser("build", help="build each manual's website and PDF into site/<manual>/")
    b.add_argument("manuals", nargs="*", metavar="MANUAL", help="manual ids (default: all)")
    b.add_argument("--site-dir", type=Path, help="output folder (default: site/)")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF edition (faster previews)")
    b.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")

    s = sub.add_parser("serve", help="preview one manual with live reload")
    s.add_argument("manual", metavar="MANUAL")
    s.add_argument("--dev-addr", help="address:port to serve on (default 127.0.0.1:8000)")

    cli_publish.add_parsers(sub)  # publish, versions, export
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = (args.root or find_root(Path.cwd())).resolve()
    run: Callable[[Path, argparse.Namespace], int] = commands.VERBS[args.verb]
    try:
        if not (root / "partners" / "topics.yml").is_file():
            raise UsageError(f"{root} is not an hsms repository (no partners/topics.yml) — run hsms inside the "
                             "repository or name it with --root")
        return int(run(root, args))
    except ValidationFailed as exc:
        if args.debug:
            raise
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found; fix them first (`hsms validate` lists them all).", file=sys.stderr)
        return int(exc.exit_code)
    except HsmsError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `hsms partners | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(ExitCode.OK)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

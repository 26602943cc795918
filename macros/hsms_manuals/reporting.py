"""Everything the ``hsms`` command prints goes through here: results on stdout; problems,
warnings and errors on stderr. Long problem lists are capped, and a failure to write the
output (a full disk, ``> /dev/full``) becomes ``OutputFailed`` instead of a traceback."""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from .errors import OutputFailed, Problem, as_escape

SHOWN_PROBLEMS = 200  # a list longer than this is cut: nobody reads problem 201 before fixing the first


# Control characters (C0 but tab and line feed, DEL, C1, and a carriage return that does not end a
# CSV row) act on a terminal: an escape sequence in a page title or a records log could clear the
# screen, rewrite a line or hide the problems above it. They are printed as escapes (\\u001b), which
# JSON output reads back as the same character.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def visible(text: str) -> str:
    """The text with its control characters written out (see _CONTROL)."""
    return _CONTROL.sub(as_escape, text)


def _write(stream: TextIO, text: str) -> None:
    text = visible(text)
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise  # `hsms partners | head`: the reader left; cli.main ends quietly
    except OSError as exc:
        reason = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
        raise OutputFailed(f"cannot write the output ({reason})") from exc


def out(text: str = "") -> None:
    """A line of the command's result (stdout)."""
    _write(sys.stdout, text + "\n")


def out_as_is(text: str) -> None:
    """The command's result exactly as given (a CSV file: every row ends with CR LF, the last too)."""
    _write(sys.stdout, text)


def err(text: str) -> None:
    """A line for the person at the terminal (stderr)."""
    _write(sys.stderr, text + "\n")


def warn(text: str) -> None:
    err(f"warning: {text}")


def error(text: str) -> None:
    err(f"error: {text}")


def problems(items: Iterable[Problem], *, label: str = "") -> int:
    """Print problems (``label`` e.g. "warning: "), at most SHOWN_PROBLEMS; returns how many there were."""
    listed = list(items)
    for p in listed[:SHOWN_PROBLEMS]:
        err(f"{label}{p}")
    if len(listed) > SHOWN_PROBLEMS:
        err(f"… and {len(listed) - SHOWN_PROBLEMS} more problem(s) not shown")
    return len(listed)


def summary(count: int, then: str) -> None:
    """The one closing line of a problem list: "3 problem(s) found; <then>."."""
    err(f"{count} problem(s) found; {then}.")


def problems_and_summary(items: Iterable[Problem], then: str) -> None:
    summary(problems(items), then)


def in_ci() -> bool:
    """CI=true (GitHub Actions, GitLab CI and most others set it): long commands stay quiet."""
    return os.environ.get("CI") == "true"


class Progress:
    """Progress of a long command over many items: a bar on stderr when it is a terminal (tqdm),
    and nothing more otherwise (the lines printed through it are then the progress). Lines go
    above the bar, which is redrawn after them."""

    def __init__(self, total: int, what: str, *, bar: bool):
        self._bar: Any = None
        if bar and total:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=what, unit="manual", file=sys.stderr, leave=False, dynamic_ncols=True)

    def _print(self, stream: TextIO, text: str) -> None:
        if self._bar is None:
            _write(stream, text + "\n")
            return
        with self._bar.external_write_mode(file=stream):
            _write(stream, text + "\n")

    def out(self, text: str) -> None:
        self._print(sys.stdout, text)

    def err(self, text: str) -> None:
        self._print(sys.stderr, text)

    def advance(self, current: str = "") -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(current, refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


@contextmanager
def progress(total: int, what: str) -> Iterator[Progress]:
    """A Progress with a bar only on a terminal, and never under CI."""
    shown = Progress(total, what, bar=sys.stderr.isatty() and not in_ci())
    try:
        yield shown
    finally:
        shown.close()

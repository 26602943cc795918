"""The one small exception tree, translated at two boundaries only: the CLI (``cli.main``: one
line or the list of problems, and an exit code) and the MkDocs build (``plugin``: ``PluginError``).

    HsmsError                 a user-facing failure (never our own bug: those keep their traceback)
    ├── UsageError            exit 2: the command line asks for something that does not exist or is refused
    ├── DataError             exit 1: the manual's or the library's data is wrong
    │   └── ValidationFailed      carries every located Problem (validate, loading, the build's checks)
    ├── PageError             exit 1: a page failed to render (Jinja, a macro's arguments)
    ├── EnvironmentFailure    exit 1: the machine or the repository around the data (git, disk, the
    │                         published branch) did not let the command finish
    │   └── OutputFailed          writing the command's own output failed (disk full, closed pipe)
    └── BuildFailed           exit 1: a site, PDF or publish step failed; the previous output was kept
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

# Line breaks (as str.splitlines counts them) in a quoted value would start lines of their own:
# a fake problem, or a CI workflow command ("::error::…") read from the log.
_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def as_escape(char: re.Match[str]) -> str:
    """A matched character written as \\u001b: JSON's form, so JSON output reads it back as is."""
    return f"\\u{ord(char[0]):04x}"


def one_line(text: str) -> str:
    """The text with its line breaks written as escapes (\\u000a), like other control characters
    on the terminal (``reporting.visible``)."""
    return _BREAK.sub(as_escape, text)


class ExitCode(IntEnum):
    """Documented exit codes of the ``hsms`` command (README, "Exit codes")."""

    OK = 0
    FAILED = 1  # validation problems, coverage below the pass rules, a failed build or publish
    USAGE = 2  # bad arguments, unknown manual or partner, refused operation
    INTERRUPTED = 130  # Ctrl-C or SIGTERM: temporary output removed, previous output kept


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as we can."""

    file: str
    line: int
    field: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.short()} — {one_line(self.fix)}"

    def short(self) -> str:
        """Where and what, without the fix: for one-line summaries (one line, whatever the
        problem quotes)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return one_line(f"{where}:{field} {self.problem}")


class HsmsError(Exception):
    """Base class. Raised for what the user can act on; ``str()`` is the one line shown."""

    exit_code = ExitCode.FAILED


class UsageError(HsmsError):
    """Raised by the CLI's verbs and by id lookups (manual, partner, program, revision, folders):
    the command asks for something that does not exist or that hsms refuses to do."""

    exit_code = ExitCode.USAGE


class DataError(HsmsError):
    """Raised by loaders and checks when partner maps, topics, manual.yml or pages are wrong."""


class ValidationFailed(DataError):
    """Raised by ``validate``/``state.load_state`` with every problem found, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # `hsms build -j N` sends failures back from its worker processes
        return (type(self), (list(self.problems),))


class PageError(HsmsError):
    """Raised while rendering a page (Jinja syntax, names a page may not use, macro arguments);
    ``str()`` is one ``file:line: jinja: problem — fix`` line."""


class EnvironmentFailure(HsmsError):
    """Raised by the git layer, publishing and export when git, the published branch, the disk or
    the network of a push get in the way; the message says what was left as it was."""


class OutputFailed(EnvironmentFailure):
    """Raised by ``reporting`` when the command's own output cannot be written (e.g. disk full)."""


class Interrupted(HsmsError):
    """Raised in the CLI process on SIGTERM, so that the cleanup of a build or publish runs."""

    exit_code = ExitCode.INTERRUPTED


class BuildFailed(HsmsError):
    """Raised by ``build``, ``edition``/``pdf`` and ``publish`` when a site, PDF or publish step
    failed; the previous output was left untouched."""

"""The one small exception hierarchy, translated at two boundaries only:
the CLI (one line + exit code) and the MkDocs build (``PluginError``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of the ``hsms`` command."""

    OK = 0
    FAILED = 1  # validation problems, coverage below the pass rules, a failed build
    USAGE = 2  # bad arguments, unknown manual or partner, refused operation


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as we can."""

    file: str
    line: int
    field: str
    problem: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.problem} — {self.fix}"


class HsmsError(Exception):
    """Base class; raised for user mistakes, never for our own bugs."""

    exit_code = ExitCode.FAILED


class UsageError(HsmsError):
    """The command line asked for something that does not exist or is not allowed."""

    exit_code = ExitCode.USAGE


class ValidationFailed(HsmsError):
    """Input data has problems; carries every problem found, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildFailed(HsmsError):
    """A site, PDF or publish step failed; the previous output was left untouched."""

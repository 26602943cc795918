"""errors: the problem line users read and the exit code each kind of failure gives."""

from __future__ import annotations

import pytest

from hsms_manuals import errors
from hsms_manuals.errors import (
    BuildFailed,
    DataError,
    EnvironmentFailure,
    ExitCode,
    HsmsError,
    Interrupted,
    OutputFailed,
    PageError,
    Problem,
    UsageError,
    ValidationFailed,
)


def test_problem_line_is_file_line_field_problem_dash_fix():
    p = Problem("manuals/a/manual.yml", 12, "document.effective", "'2026-13-01' is not a date", "write YYYY-MM-DD")
    assert str(p) == "manuals/a/manual.yml:12: document.effective: '2026-13-01' is not a date — write YYYY-MM-DD"


def test_problem_line_without_a_line_or_a_field():
    assert (
        str(Problem("manuals/a/docs", 0, "", "no home page", "add docs/index.md"))
        == "manuals/a/docs: no home page — add docs/index.md"
    )
    assert str(Problem("f.md", 3, "", "p", "f")) == "f.md:3: p — f"
    assert str(Problem("f.md", 0, "title", "p", "f")) == "f.md: title: p — f"


def test_a_problem_is_one_line_whatever_the_value_it_quotes():
    # A line break in a value would print a line of its own: a fake problem, or a CI workflow command.
    p = Problem("m.yml", 3, "company.province", "unallowed value ZZ\n::error::fine\r\nx\u2028y", "use AB\nor BC")
    assert (
        str(p)
        == "m.yml:3: company.province: unallowed value ZZ\\u000a::error::fine\\u000d\\u000ax\\u2028y — use AB\\u000aor BC"
    )
    assert len(str(p).splitlines()) == 1
    assert errors.one_line("a\x0bb\x1cc\x85d") == "a\\u000bb\\u001cc\\u0085d"  # every break splitlines knows


def test_validation_failed_sorts_by_file_then_line_and_lists_every_problem():
    b9 = Problem("b.md", 9, "x", "late", "fix b9")
    a10 = Problem("a.md", 10, "x", "ten", "fix a10")
    a2 = Problem("a.md", 2, "x", "two", "fix a2")
    exc = ValidationFailed([b9, a10, a2])
    assert exc.problems == [a2, a10, b9]  # line 2 before line 10: numbers, not text
    assert str(exc).splitlines() == [str(a2), str(a10), str(b9)]
    assert isinstance(exc, DataError)


@pytest.mark.parametrize(
    ("cls", "code"),
    [
        (UsageError, 2),
        (DataError, 1),
        (ValidationFailed, 1),
        (PageError, 1),
        (EnvironmentFailure, 1),
        (OutputFailed, 1),
        (BuildFailed, 1),
        (Interrupted, 130),
        (HsmsError, 1),
    ],
)
def test_exit_codes_as_documented(cls, code):
    exc = cls([]) if cls is ValidationFailed else cls("x")
    assert int(exc.exit_code) == code
    assert isinstance(exc, HsmsError)


def test_exit_code_values_match_readme():
    assert [(c.name, int(c)) for c in ExitCode] == [("OK", 0), ("FAILED", 1), ("USAGE", 2), ("INTERRUPTED", 130)]


def test_tree_shape():
    assert issubclass(OutputFailed, EnvironmentFailure)
    assert issubclass(ValidationFailed, DataError)
    assert not issubclass(UsageError, DataError)
    # Each exception class says who raises it (the tree is documented where it is defined).
    for name in dir(errors):
        obj = getattr(errors, name)
        if isinstance(obj, type) and issubclass(obj, HsmsError):
            assert obj.__doc__ and "Raised" in obj.__doc__ or obj is HsmsError, name


def test_problem_is_immutable():
    p = Problem("a", 1, "f", "p", "x")
    with pytest.raises(AttributeError):
        p.line = 2  # type: ignore[misc]

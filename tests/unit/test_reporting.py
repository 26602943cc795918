"""reporting: results on stdout, problems on stderr, long lists capped, one summary line, and a
failed write (full disk) as OutputFailed instead of a traceback."""

from __future__ import annotations

import errno
import io
import json
import sys

import pytest

from hsms_manuals import reporting
from hsms_manuals.errors import OutputFailed, Problem


def test_out_goes_to_stdout_and_messages_to_stderr(capsys):
    reporting.out("result")
    reporting.warn("careful")
    reporting.error("broken")
    reporting.err("plain")
    got = capsys.readouterr()
    assert got.out == "result\n"
    assert got.err == "warning: careful\nerror: broken\nplain\n"


def test_out_as_is_adds_no_line_end(capsys):
    reporting.out_as_is("a,b\r\n1,2\r\n")
    assert capsys.readouterr().out == "a,b\r\n1,2\r\n"


def test_control_characters_reach_no_terminal(capsys):
    # An escape sequence in a value (a page title, a records log) would clear the screen, recolour
    # or rewrite the line; a lone carriage return would print over the problem before it.
    reporting.err("site: unknown '\x1b[2J\x1b]0;owned\x07' \x9b31m x\rall good\x7f")
    reporting.out("tab\tkept")
    got = capsys.readouterr()
    assert got.err == "site: unknown '\\u001b[2J\\u001b]0;owned\\u0007' \\u009b31m x\\u000dall good\\u007f\n"
    assert got.out == "tab\tkept\n"


def test_csv_rows_keep_their_line_ends_and_json_reads_back_the_same_value(capsys):
    reporting.out_as_is('a,b\r\n"x\ry",\x1b\r\n')
    assert capsys.readouterr().out == 'a,b\r\n"x\\u000dy",\\u001b\r\n'
    value = "C1 \x9b and DEL \x7f"  # json.dumps leaves both as they are
    reporting.out(json.dumps({"site": value}, ensure_ascii=False))
    assert json.loads(capsys.readouterr().out) == {"site": value}


def test_problems_and_summary(capsys):
    items = [Problem("a.md", 1, "title", "missing", "add a title"), Problem("b.md", 0, "", "empty", "write it")]
    reporting.problems_and_summary(items, "fix them first")
    assert capsys.readouterr().err.splitlines() == [
        "a.md:1: title: missing — add a title",
        "b.md: empty — write it",
        "2 problem(s) found; fix them first.",
    ]


def test_problems_with_a_label(capsys):
    assert reporting.problems([Problem("a.md", 1, "", "p", "f")], label="warning: ") == 1
    assert capsys.readouterr().err == "warning: a.md:1: p — f\n"


def test_long_lists_are_capped_but_counted(capsys):
    items = [Problem("a.md", n, "", "p", "f") for n in range(1, reporting.SHOWN_PROBLEMS + 6)]
    assert reporting.problems(items) == reporting.SHOWN_PROBLEMS + 5
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == reporting.SHOWN_PROBLEMS + 1
    assert lines[-2] == f"a.md:{reporting.SHOWN_PROBLEMS}: p — f"
    assert lines[-1] == "… and 5 more problem(s) not shown"


class _Full(io.StringIO):
    def write(self, s: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


class _Closed(io.StringIO):
    def write(self, s: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def test_a_full_disk_is_output_failed(monkeypatch):
    monkeypatch.setattr(sys, "stdout", _Full())
    with pytest.raises(OutputFailed, match=r"^cannot write the output \(No space left on device\)$") as info:
        reporting.out("x")
    assert int(info.value.exit_code) == 1


def test_an_error_without_strerror_names_the_errno(monkeypatch):
    class _NoReason(io.StringIO):
        def write(self, s: str) -> int:
            raise OSError(errno.EIO, None)

    monkeypatch.setattr(sys, "stderr", _NoReason())
    with pytest.raises(OutputFailed, match=r"\(EIO\)"):
        reporting.error("x")


def test_a_closed_pipe_is_left_to_the_cli(monkeypatch):
    monkeypatch.setattr(sys, "stdout", _Closed())
    with pytest.raises(BrokenPipeError):
        reporting.out("x")

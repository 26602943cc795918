"""cli: the parsers (dates, shares, required arguments) and ``main``, the one place that catches:
one ``error: …`` line or the problem list, the documented exit code, ``--debug`` re-raising,
Ctrl-C/SIGTERM as 130, a reader that left the pipe as success, and the repository check."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hsms_manuals import cli, commands, reporting
from hsms_manuals.errors import (
    BuildFailed,
    EnvironmentFailure,
    ExitCode,
    Interrupted,
    OutputFailed,
    PageError,
    Problem,
    UsageError,
    ValidationFailed,
)


def parse(*argv: str) -> argparse.Namespace:
    return cli.build_parser().parse_args(list(argv))


# --- argument types ------------------------------------------------------------------------------


def test_a_date_is_written_yyyy_mm_dd():
    assert cli.date_arg("2027-02-28") == dt.date(2027, 2, 28)


@pytest.mark.parametrize("text", ["2027-02-30", "2027-2-3", "20270203", "2027-02-03T00:00", "tomorrow", ""])
def test_anything_else_is_refused_with_how_to_write_it(text):
    with pytest.raises(argparse.ArgumentTypeError) as exc:
        cli.date_arg(text)
    assert str(exc.value) == f"'{text}' is not a date — write it as YYYY-MM-DD"


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_a_date_out_of_range_is_refused_like_in_manual_yml(text):
    """Date arithmetic on 9999-12-31 (a month on, a week back from 0001-01-01) raised a traceback."""
    with pytest.raises(argparse.ArgumentTypeError) as exc:
        cli.date_arg(text)
    assert str(exc.value) == f"'{text}' is out of range — write a year between 1900 and 2999"
    assert cli.date_arg("1900-01-01") and cli.date_arg("2999-12-31")


def test_a_bad_date_on_the_command_line_is_an_argparse_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        parse("validate", "--on", "2027-13-01")
    assert exc.value.code == 2
    assert "argument --on: '2027-13-01' is not a date — write it as YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["1/1", "2/4", "4/4", "1/9999"])
def test_a_share_is_k_of_n(text):
    assert cli.shard_arg(text) == text


@pytest.mark.parametrize("text", ["0/4", "5/4", "1/0", "2", "a/b", "1/2/3", " 1/2", "1/12345", "-1/2"])
def test_a_share_outside_1_to_n_is_refused(text):
    with pytest.raises(argparse.ArgumentTypeError) as exc:
        cli.shard_arg(text)
    assert str(exc.value) == f"'{text}' is not a share — write K/N with 1 <= K <= N, e.g. 2/4"


# --- the parser ----------------------------------------------------------------------------------


def test_every_verb_of_the_parser_has_a_command_and_back():
    sub = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == set(cli.VERBS)


def test_argparse_errors_show_control_characters_as_escapes(capsys):
    with pytest.raises(SystemExit) as exc:
        parse("validate", "--on", "x\x1b[31mRED")
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "hsms validate: error: argument --on: 'x\\u001b[31mRED' is not a date — write it as YYYY-MM-DD"
    )


def test_every_verb_names_a_module_with_a_run_function():
    # Verbs are imported when they run: a wrong module name would only show then.
    for verb, module in commands.MODULES.items():
        assert callable(importlib.import_module(f"hsms_manuals.commands.{module}").run), verb


def test_a_run_imports_only_the_module_of_its_own_verb(repo):
    # Each verb brings its libraries (MkDocs, mike, WeasyPrint, …): importing all eighteen cost
    # about 0.2 s of every start.
    code = (
        "import sys; from hsms_manuals import cli; cli.main(['--root', sys.argv[1], 'partners']); "
        "print(sorted(m for m in sys.modules if m.startswith('hsms_manuals.commands.')))"
    )
    run = subprocess.run([sys.executable, "-c", code, str(repo)], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "['hsms_manuals.commands.partners']"


def test_defaults_users_rely_on():
    a = parse("coverage", "tiny")
    assert (a.format, a.on, a.partner, a.program, a.audit, a.root, a.debug) == (
        "text",
        None,
        None,
        None,
        None,
        None,
        False,
    )
    b = parse("build")
    assert (b.manuals, b.no_pdf, b.drafts, b.jobs, b.force, b.site_dir) == ([], False, False, None, False, None)
    assert parse("plan", "tiny").format == "markdown"
    assert parse("publish", "tiny").branch == parse("status").branch == parse("versions", "x").branch


def test_options_are_parsed_into_their_types():
    a = parse("--root", "somewhere", "build", "a", "b", "-j", "3", "--site-dir", "out", "--no-pdf")
    assert (a.root, a.manuals, a.jobs, a.site_dir, a.no_pdf) == (Path("somewhere"), ["a", "b"], 3, Path("out"), True)
    assert parse("records", "tiny", "--on", "2027-01-05").on == dt.date(2027, 1, 5)
    assert parse("ci-templates", "d", "--only", "github", "--only", "gitlab").only == ["github", "gitlab"]


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "the following arguments are required: COMMAND"),
        (["coverage"], "the following arguments are required: MANUAL"),
        (["coverage", "x", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["plan", "x", "--format", "json"], "argument --format: invalid choice: 'json'"),
        (["build", "-j", "two"], "argument -j/--jobs: invalid int value: 'two'"),
        (["translate", "export", "x"], "the following arguments are required: --lang"),
        (["translate", "mark", "x"], "the following arguments are required: PAGE"),
        (["changed", "--shard", "3/2"], "'3/2' is not a share"),
        (["posters", "x", "--paper", "legal"], "argument --paper: invalid choice: 'legal'"),
    ],
)
def test_usage_mistakes_exit_2_with_argparse_message(capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        parse(*argv)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


# --- main: the one place that catches ------------------------------------------------------------


@pytest.fixture
def verb(monkeypatch, repo):
    """Replace `hsms partners` by a verb that does what the test says; returns the calls seen."""
    calls: list[tuple[Path, argparse.Namespace]] = []

    def install(body):
        def fake(root: Path, args: argparse.Namespace) -> int:
            calls.append((root, args))
            return body()

        monkeypatch.setitem(cli.VERBS, "partners", fake)
        return calls

    return install


def test_main_runs_the_verb_in_the_root_and_returns_its_code(verb, repo, capsys):
    calls = verb(lambda: ExitCode.FAILED)
    assert cli.main(["--root", str(repo), "partners", "--format", "json"]) == 1
    ((root, args),) = calls
    assert root == repo.resolve() and args.format == "json"
    assert capsys.readouterr() == ("", "")


def test_main_finds_the_root_upward_from_the_current_folder(verb, repo, monkeypatch):
    calls = verb(lambda: ExitCode.OK)
    deep = repo / "manuals" / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert cli.main(["partners"]) == 0
    assert calls[0][0] == repo.resolve()


def test_outside_a_repository_is_a_usage_error_naming_the_folder(verb, tmp_path, capsys):
    calls = verb(lambda: ExitCode.OK)
    assert cli.main(["--root", str(tmp_path / "elsewhere"), "partners"]) == 2
    assert calls == []
    assert capsys.readouterr() == (
        "",
        f"error: {tmp_path / 'elsewhere'} is not an hsms repository (no partners/topics.yml) — run hsms "
        "inside the repository or name it with --root\n",
    )


def raises(exc: BaseException):
    def body():
        raise exc

    return body


@pytest.mark.parametrize(
    "exc, code",
    [
        (UsageError("unknown manual 'x' — use one of: a, b"), 2),
        (PageError("docs/a.md:3: jinja: unknown name 'x' — fix it"), 1),
        (EnvironmentFailure("git is not installed — install it"), 1),
        (OutputFailed("cannot write the output (No space left on device)"), 1),
        (BuildFailed("the PDF failed — the previous site was kept"), 1),
        (Interrupted("stopped by SIGTERM"), 130),
    ],
)
def test_a_user_facing_error_is_one_line_and_its_exit_code(verb, repo, capsys, exc, code):
    verb(raises(exc))
    assert cli.main(["--root", str(repo), "partners"]) == code
    assert capsys.readouterr() == ("", f"error: {exc}\n")


def test_validation_failed_lists_every_problem_sorted_then_one_summary(verb, repo, capsys):
    found = [
        Problem("manuals/t/docs/b.md", 2, "title", "missing", "add a title"),
        Problem("manuals/t/manual.yml", 0, "", "empty file", "write the manual"),
        Problem("manuals/t/docs/a.md", 9, "owner", "empty", "name an owner"),
    ]
    verb(raises(ValidationFailed(found)))
    assert cli.main(["--root", str(repo), "partners"]) == 1
    assert capsys.readouterr() == (
        "",
        "manuals/t/docs/a.md:9: owner: empty — name an owner\n"
        "manuals/t/docs/b.md:2: title: missing — add a title\n"
        "manuals/t/manual.yml: empty file — write the manual\n"
        "3 problem(s) found; fix them first (`hsms validate` lists them all).\n",
    )


def test_debug_re_raises_the_error_itself(verb, repo):
    verb(raises(UsageError("unknown manual 'x'")))
    with pytest.raises(UsageError, match="unknown manual 'x'"):
        cli.main(["--root", str(repo), "--debug", "partners"])


def test_debug_re_raises_an_interruption(verb, repo):
    verb(raises(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        cli.main(["--root", str(repo), "--debug", "partners"])


def test_ctrl_c_exits_130_without_a_traceback(verb, repo, capsys):
    verb(raises(KeyboardInterrupt()))
    assert cli.main(["--root", str(repo), "partners"]) == 130
    assert capsys.readouterr() == ("", "")


def test_our_own_bugs_keep_their_traceback(verb, repo):
    verb(raises(KeyError("bug")))
    with pytest.raises(KeyError):
        cli.main(["--root", str(repo), "partners"])


def test_a_reader_that_left_the_pipe_ends_quietly_with_0(verb, repo, monkeypatch, tmp_path):
    verb(raises(BrokenPipeError()))
    opened: list[str] = []
    dup2: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "open", lambda path, flags: opened.append(path) or 99)
    monkeypatch.setattr(os, "dup2", lambda fd, to: dup2.append((fd, to)))
    with open(tmp_path / "stdout", "w") as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        assert cli.main(["--root", str(repo), "partners"]) == 0
        # later writes (Python's flush at exit) go to /dev/null instead of failing again
        assert (opened, dup2) == ([os.devnull], [(99, stdout.fileno())])


def test_when_stderr_itself_cannot_be_written_the_exit_code_still_tells(verb, repo, monkeypatch):
    verb(raises(UsageError("unknown manual 'x'")))

    def full(text: str) -> None:
        raise OutputFailed("cannot write the output (No space left on device)")

    monkeypatch.setattr(reporting, "err", full)
    assert cli.main(["--root", str(repo), "partners"]) == 2


# --- SIGTERM unwinds like Ctrl-C ------------------------------------------------------------------


def test_sigterm_during_a_verb_raises_interrupted_and_exits_130(verb, repo, capsys):
    def body():
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM did not interrupt the verb")

    verb(body)
    before = signal.getsignal(signal.SIGTERM)
    assert cli.main(["--root", str(repo), "partners"]) == 130
    assert capsys.readouterr().err == (
        "error: stopped by SIGTERM — temporary output was removed; the previous output is as it was\n"
    )
    assert signal.getsignal(signal.SIGTERM) is before  # the handler is put back afterwards

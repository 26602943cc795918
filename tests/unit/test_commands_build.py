"""`hsms build`: what it prints per manual and the closing summary (one line per manual not built,
and why), exit 1 when any was not built, quiet under CI except failures, folders under manuals/
that are not manuals, and usage errors before any work. The builds themselves (MkDocs, WeasyPrint)
are tests/integration/test_build.py's: here ``portfolio.build_all`` reports made-up outcomes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from conftest import MANUAL_YML, write_manual
from hsms_manuals import portfolio
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import build
from hsms_manuals.errors import UsageError
from hsms_manuals.portfolio import Job, Kind, Outcome


def run(root: Path, *argv: str) -> int:
    return build.run(root, build_parser().parse_args(["build", *argv]))


class Builds:
    def __init__(self) -> None:
        self.outcomes: dict[str, Outcome] = {}  # per manual; BUILT into its target when not set
        self.calls: list[tuple[list[str], int]] = []  # the manuals given to build_all, and how many at once

    def build_all(self, jobs: Sequence[Job], workers: int, done: Callable[[Outcome], None]) -> None:
        self.calls.append(([j.manual_id for j in jobs], workers))
        for j in jobs:
            done(self.outcomes.get(j.manual_id) or Outcome(j.manual_id, Kind.BUILT, target=j.out_root / j.manual_id))


@pytest.fixture
def builds(monkeypatch) -> Builds:
    """Instead of building, each job gets the outcome set in ``builds.outcomes``."""
    fake = Builds()
    monkeypatch.setattr(portfolio, "build_all", fake.build_all)
    return fake


@pytest.fixture(autouse=True)
def not_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)


def broken(repo: Path, mid: str = "broken") -> None:
    write_manual(repo, mid, manual_yml=MANUAL_YML.replace("  number: TT-001\n", ""))


def test_every_manual_built_prints_where_and_one_summary(repo, builds, capsys):
    write_manual(repo, "a")
    write_manual(repo, "b")
    assert run(repo, "--site-dir", str(repo / "out"), "-j", "3") == 0
    out = (repo / "out").resolve()
    assert capsys.readouterr() == (
        f"built a → {out / 'a'}\nbuilt b → {out / 'b'}\n2 manual(s): 2 built, 0 unchanged\n",
        "",
    )
    assert builds.calls == [(["a", "b"], 3)]


def test_an_unfinished_manual_is_not_built_and_named_in_the_summary(repo, builds, capsys):
    write_manual(repo, "a")
    broken(repo)
    assert run(repo) == 1
    out, err = capsys.readouterr()
    assert out == f"built a → {(repo / 'site' / 'a').resolve()}\n"
    assert err == (
        "1 of 2 manual(s) failed (1 built, 0 unchanged):\n"
        "  broken: 1 problem(s); first: manuals/broken/manual.yml:8: document.number: required field; "
        "run `hsms validate broken` (or preview it with `hsms build broken --drafts`)\n"
    )
    assert builds.calls == [(["a"], portfolio.default_jobs())]


def test_a_named_unfinished_manual_lists_its_problems_above(repo, builds, capsys):
    broken(repo)
    assert run(repo, "broken") == 1
    assert capsys.readouterr() == (
        "",
        "manuals/broken/manual.yml:8: document.number: required field — add 'number:' (see the formats in README.md)\n"
        "1 of 1 manual(s) failed (0 built, 0 unchanged):\n"
        "  broken: 1 problem(s), listed above; nothing was built (or preview it with `hsms build broken --drafts`)\n",
    )


def test_a_failed_build_shows_mkdocs_messages_and_its_error(repo, builds, capsys):
    write_manual(repo, "a")
    write_manual(repo, "b")
    builds.outcomes["a"] = Outcome(
        "a",
        Kind.FAILED,
        reason="the PDF failed; the previous site was kept",
        error="the PDF of a failed: font missing — install it",
        log=("WARNING -  Doc file 'x.md' contains a link to 'y.md'",),
    )
    assert run(repo) == 1
    out, err = capsys.readouterr()
    assert out == f"built b → {(repo / 'site' / 'b').resolve()}\n"
    assert err == (
        "WARNING -  Doc file 'x.md' contains a link to 'y.md'\n"
        "error: the PDF of a failed: font missing — install it\n"
        "1 of 2 manual(s) failed (1 built, 0 unchanged):\n"
        "  a: the PDF failed; the previous site was kept\n"
    )


def test_under_ci_only_failures_and_the_summary_are_printed(repo, builds, capsys, monkeypatch):
    monkeypatch.setenv("CI", "true")
    write_manual(repo, "a")
    write_manual(repo, "b")
    builds.outcomes["a"] = Outcome("a", Kind.BUILT, target=repo / "site" / "a", log=("INFO - Building documentation",))
    builds.outcomes["b"] = Outcome("b", Kind.FAILED, reason="failed", error="b broke", log=("ERROR - b's page",))
    assert run(repo) == 1
    assert capsys.readouterr() == (
        "",
        "ERROR - b's page\nerror: b broke\n1 of 2 manual(s) failed (1 built, 0 unchanged):\n  b: failed\n",
    )
    builds.outcomes.pop("b")
    assert run(repo) == 0
    assert capsys.readouterr() == ("2 manual(s): 2 built, 0 unchanged\n", "")


def test_a_folder_that_is_not_a_manual_fails_on_its_own(repo, builds, capsys):
    write_manual(repo, "a")
    (repo / "manuals" / "Bad Name").mkdir()
    (repo / "manuals" / "no-yml").mkdir()
    assert run(repo) == 1
    out, err = capsys.readouterr()
    assert out == f"built a → {(repo / 'site' / 'a').resolve()}\n"
    assert err.splitlines() == [
        "manuals/Bad Name: 'Bad Name' is not a valid manual id (it becomes part of web addresses) — rename the "
        "folder: lowercase letters, digits and '-' (at most 63 characters), e.g. ridgeline-builders",
        "manuals/no-yml/manual.yml: file not found — add manual.yml (see README.md, 'Client manuals') or remove the "
        "folder",
        "2 of 3 manual(s) failed (1 built, 0 unchanged):",
        "  manuals/Bad Name: 'Bad Name' is not a valid manual id (it becomes part of web addresses)",
        "  manuals/no-yml/manual.yml: file not found",
    ]


def test_only_stray_folders_is_still_a_failure_not_a_usage_error(repo, builds, capsys):
    (repo / "manuals" / "Bad").mkdir()
    assert run(repo) == 1
    assert capsys.readouterr().err.endswith(
        "1 of 1 manual(s) failed (0 built, 0 unchanged):\n  manuals/Bad: "
        "'Bad' is not a valid manual id (it becomes part of web addresses)\n"
    )


def test_no_manuals_at_all_is_a_usage_error(repo, builds):
    with pytest.raises(UsageError, match=r"^no manuals found under manuals/ — create one with `hsms new`$"):
        run(repo)


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_jobs_below_one_is_a_usage_error(repo, builds, jobs):
    write_manual(repo)
    with pytest.raises(UsageError) as exc:
        run(repo, "-j", jobs)
    assert str(exc.value) == (
        f"-j/--jobs {jobs}: give the number of builds to run at once, 1 or more "
        f"(default: {portfolio.default_jobs()}, the cores here)"
    )
    assert builds.calls == []


def test_an_unknown_manual_is_refused_before_any_build(repo, builds):
    write_manual(repo, "a")
    with pytest.raises(UsageError, match=r"^unknown manual 'nope'"):
        run(repo, "a", "nope")
    assert builds.calls == []


def test_a_site_dir_inside_the_sources_is_refused(repo, builds):
    write_manual(repo, "a")
    with pytest.raises(UsageError, match=r"choose another --site-dir, e\.g\. site/ \(the default\)$"):
        run(repo, "--site-dir", str(repo / "partners"))
    assert builds.calls == []


def test_options_reach_the_builds(repo, builds, monkeypatch):
    write_manual(repo, "a")
    got: list[portfolio.Options] = []
    decide = portfolio.decide

    def spy(root, ids, out_root, options, on=None):
        got.append(options)
        return decide(root, ids, out_root, options, on)

    monkeypatch.setattr(portfolio, "decide", spy)
    run(repo, "--no-pdf", "--drafts", "--force", "-v")
    assert got == [portfolio.Options(pdf=False, drafts=True, force=True, verbose=True, debug=False)]

"""portfolio: what `hsms build` decides for each manual without building (unfinished, unchanged,
to build) and how one build's outcome is reported — with the MkDocs build replaced by a stand-in."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from conftest import MANUAL_YML, write_manual
from hsms_manuals import build
from hsms_manuals.build_marker import BuildMarker, write_marker
from hsms_manuals.errors import BuildFailed, Interrupted, ValidationFailed
from hsms_manuals.portfolio import Job, Kind, Options, Outcome, build_all, build_one, captured_log, decide

BAD = MANUAL_YML.replace("  employees: 24\n", "  employees: lots\n")


def ids(outcomes: list[Outcome]) -> list[tuple[str, Kind]]:
    return [(o.manual_id, o.kind) for o in outcomes]


def test_each_manual_is_unfinished_or_to_build_in_the_order_given(repo, tmp_path):
    for m in ("b", "a"):
        write_manual(repo, m)
    write_manual(repo, "bad", manual_yml=BAD)
    decided, jobs = decide(repo, ["b", "bad", "a"], tmp_path / "site", Options())
    assert [j.manual_id for j in jobs] == ["b", "a"]
    (bad,) = decided
    assert bad.kind is Kind.UNFINISHED and not bad.ok
    assert bad.reason.startswith("1 problem(s); first: manuals/bad/manual.yml:4: company.employees")
    assert bad.reason.endswith("; run `hsms validate bad` (or preview it with `hsms build bad --drafts`)")
    assert bad.reason_when_listed == (
        "1 problem(s), listed above; nothing was built (or preview it with `hsms build bad --drafts`)"
    )
    assert [p.field for p in bad.problems] == ["company.employees"]


def test_an_unchanged_build_is_skipped_until_forced_or_the_inputs_change(repo, tmp_path):
    write_manual(repo)
    out = tmp_path / "site"
    _, (job,) = decide(repo, ["tiny"], out, Options())
    (out / "tiny").mkdir(parents=True)
    write_marker(out / "tiny", BuildMarker("tiny", "x", drafts=False, pdf=True, content_hash=job.content_hash))
    decided, jobs = decide(repo, ["tiny"], out, Options())
    assert (ids(decided), jobs) == ([("tiny", Kind.UNCHANGED)], [])
    assert decided[0].target == out / "tiny" and decided[0].ok
    assert [j.manual_id for j in decide(repo, ["tiny"], out, Options(force=True))[1]] == ["tiny"]
    assert [j.manual_id for j in decide(repo, ["tiny"], out, Options(pdf=False))[1]] == ["tiny"]  # another build
    (repo / "manuals" / "tiny" / "docs" / "index.md").write_text(
        "---\ntitle: Home\ncovers: []\nstatus: approved\nowner: Owner\n---\n\nNew words.\n", encoding="utf-8"
    )
    assert [j.manual_id for j in decide(repo, ["tiny"], out, Options())[1]] == ["tiny"]


def test_a_marker_of_another_manual_is_not_this_ones_build(repo, tmp_path):
    write_manual(repo)
    out = tmp_path / "site"
    _, (job,) = decide(repo, ["tiny"], out, Options())
    (out / "tiny").mkdir(parents=True)
    write_marker(out / "tiny", BuildMarker("other", "x", drafts=False, pdf=True, content_hash=job.content_hash))
    assert decide(repo, ["tiny"], out, Options())[1] == [job]


def test_a_drafts_preview_builds_an_invalid_manual_but_not_one_that_does_not_load(repo, tmp_path, today):
    write_manual(repo, "overdue")
    write_manual(repo, "broken", manual_yml="company: [unclosed\n")
    today("2028-06-01")  # the review of "overdue" is late: a problem, but the manual loads
    decided, jobs = decide(repo, ["overdue", "broken"], tmp_path / "site", Options())
    assert jobs == [] and ids(decided) == [("overdue", Kind.UNFINISHED), ("broken", Kind.UNFINISHED)]
    decided, jobs = decide(repo, ["overdue", "broken"], tmp_path / "site", Options(drafts=True))
    assert [j.manual_id for j in jobs] == ["overdue"]
    (broken,) = decided
    assert broken.kind is Kind.UNFINISHED
    assert broken.reason.startswith("cannot be previewed: it does not load (")
    assert broken.reason_when_listed.startswith("cannot be previewed: it does not load (")
    assert broken.reason_when_listed.endswith(" problem(s), listed above) — fix that first")
    with pytest.raises(ValidationFailed):
        decide(repo, ["broken"], tmp_path / "site", Options(drafts=True, debug=True))


def test_a_broken_partner_map_stops_only_the_manuals_that_use_it(repo, tmp_path):
    write_manual(repo, "acsa-client")
    write_manual(repo, "esc-client", manual_yml=MANUAL_YML.replace("partner: acsa", "partner: esc"))
    (repo / "partners" / "esc.yml").write_text("name: [unclosed\n", encoding="utf-8")
    decided, jobs = decide(repo, ["acsa-client", "esc-client"], tmp_path / "site", Options())
    assert [j.manual_id for j in jobs] == ["acsa-client"]
    assert ids(decided) == [("esc-client", Kind.UNFINISHED)]
    assert any(p.file == "partners/esc.yml" for p in decided[0].problems)


def _job(root: Path, tmp_path: Path, **options) -> Job:
    return Job(root, "tiny", tmp_path / "site", Options(**options), "hash")


def test_one_build_reports_its_outcome_and_its_warnings(repo, tmp_path, monkeypatch):
    def fake(root, mid, out_root, pdf, *, drafts, content_hash):
        logging.getLogger("mkdocs.plugins").warning("a warning from the build")
        logging.getLogger("mkdocs").info("progress")
        assert (pdf, drafts, content_hash) == (True, False, "hash")
        return out_root / mid

    monkeypatch.setattr(build, "build", fake)
    outcome = build_one(_job(repo, tmp_path))
    assert (outcome.kind, outcome.target) == (Kind.BUILT, tmp_path / "site" / "tiny")
    assert outcome.log == ("WARNING -  a warning from the build",)
    verbose = build_one(_job(repo, tmp_path, verbose=True))
    assert verbose.log == ("WARNING -  a warning from the build", "INFO    -  progress")


def test_a_failed_build_is_an_outcome_unless_debugging(repo, tmp_path, monkeypatch):
    def fake(root, mid, out_root, pdf, *, drafts, content_hash):
        raise BuildFailed("tiny: the page x.md links to y.md, which does not exist\nmore detail")

    monkeypatch.setattr(build, "build", fake)
    outcome = build_one(_job(repo, tmp_path))
    assert (outcome.kind, outcome.ok) == (Kind.FAILED, False)
    assert outcome.reason == "the page x.md links to y.md, which does not exist"
    assert outcome.error == "tiny: the page x.md links to y.md, which does not exist\nmore detail"
    with pytest.raises(BuildFailed):
        build_one(_job(repo, tmp_path, debug=True))


def test_an_interrupted_build_is_never_reported_as_failed(repo, tmp_path, monkeypatch):
    def fake(root, mid, out_root, pdf, *, drafts, content_hash):
        raise Interrupted("stopped")

    monkeypatch.setattr(build, "build", fake)
    with pytest.raises(Interrupted):
        build_one(_job(repo, tmp_path))


def test_one_worker_builds_in_order_and_reports_each(repo, tmp_path, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(build, "build", lambda root, mid, out_root, pdf, **kw: seen.append(mid) or out_root / mid)
    jobs = [Job(repo, m, tmp_path, Options(), "h") for m in ("c", "a", "b")]
    done: list[Outcome] = []
    build_all(jobs, 1, done.append)
    assert seen == ["c", "a", "b"]
    assert ids(done) == [("c", Kind.BUILT), ("a", Kind.BUILT), ("b", Kind.BUILT)]


def test_the_log_capture_leaves_the_logger_as_it_was():
    logger = logging.getLogger("mkdocs")
    level, handlers = logger.level, list(logger.handlers)
    with captured_log(False) as lines:
        logging.getLogger("mkdocs.x").error("boom")
    assert lines == ["ERROR   -  boom"]
    assert (logger.level, logger.handlers) == (level, handlers)


def test_worker_processes_report_every_outcome(repo, tmp_path, monkeypatch):
    # fork: the workers start with this stand-in build; jobs and outcomes cross the process boundary
    monkeypatch.setattr(build, "build", lambda root, mid, out_root, pdf, **kw: out_root / f"{mid}-{os.getpid()}")
    jobs = [Job(repo, m, tmp_path, Options(), "h") for m in ("a", "b", "c")]
    done: list[Outcome] = []
    build_all(jobs, 2, done.append)
    assert sorted((o.manual_id, o.kind) for o in done) == [(m, Kind.BUILT) for m in ("a", "b", "c")]
    assert all(o.target is not None and o.target.name != f"{o.manual_id}-{os.getpid()}" for o in done)  # not here

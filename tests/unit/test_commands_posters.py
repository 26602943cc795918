"""`hsms posters MANUAL`: the paper sizes asked for (default: the manual's page size), the output
folder refused inside the sources, one line per file written and the QR code's target, warnings
from the layout, and a manual that is broken or has nowhere for the QR code to lead printing
nothing. The PDFs themselves are tests/integration/test_posters_print.py's: ``posters.write`` is
replaced here by a recorder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals import posters
from hsms_manuals.cli import build_parser
from hsms_manuals.commands import posters as posters_verb
from hsms_manuals.errors import DataError, UsageError, ValidationFailed

URL = "site_url: https://manuals.example.ca/tiny/\n"
PLAN = page("Emergency response plan", ["emergency.plan"], body="Call 911 first. Then call the owner.\n")


def run(root: Path, *argv: str) -> int:
    return posters_verb.run(root, build_parser().parse_args(["posters", *argv]))


@pytest.fixture
def written(monkeypatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake(p: posters.PosterPlan, out: Path, papers: Sequence[str]):
        calls.append({"url": p.url, "out": out, "papers": list(papers)})
        files = [posters.Written(posters.poster_file(out, p.manual.id, x), f"1 poster(s), {x}") for x in papers]
        return files, ["manuals/tiny/manual.yml: the poster of site 'Shop' does not fit"]

    monkeypatch.setattr(posters, "write", fake)
    return calls


def manual(repo: Path, yml: str = MANUAL_YML + URL, plan: str = PLAN) -> None:
    write_manual(repo, manual_yml=yml, pages={"index.md": INDEX_MD, "08-emergency.md": plan})


def test_default_paper_is_the_manuals_page_size(repo, written, capsys):
    manual(repo)
    assert run(repo, "tiny") == 0
    site = (repo / "site").resolve()
    (call,) = written
    assert call == {"url": "https://manuals.example.ca/tiny/current/08-emergency/", "out": site, "papers": ["letter"]}
    assert capsys.readouterr() == (
        f"wrote {site / 'tiny-posters-letter.pdf'} (1 poster(s), letter)\n"
        "QR codes open https://manuals.example.ca/tiny/current/08-emergency/\n",
        "warning: manuals/tiny/manual.yml: the poster of site 'Shop' does not fit\n",
    )


def test_a4_manual_and_paper_options(repo, written, tmp_path):
    manual(repo, yml=MANUAL_YML.replace("  revision:", "  page_size: A4\n  revision:") + URL)
    run(repo, "tiny")
    run(repo, "tiny", "--paper", "both", "--out", str(tmp_path / "print"))
    run(repo, "tiny", "--paper", "letter")
    assert [(c["papers"], c["out"]) for c in written] == [
        (["a4"], (repo / "site").resolve()),
        (["letter", "a4"], (tmp_path / "print").resolve()),
        (["letter"], (repo / "site").resolve()),
    ]


@pytest.mark.parametrize("inside", ["manuals", "partners/x", "."])
def test_an_output_folder_inside_the_sources_is_refused(repo, written, inside):
    manual(repo)
    with pytest.raises(UsageError, match=r"choose another --out, e\.g\. site/ \(the default\)$"):
        run(repo, "tiny", "--out", str(repo / inside))
    assert written == []


def test_without_site_url_the_qr_codes_would_lead_nowhere(repo, written):
    manual(repo, yml=MANUAL_YML)
    with pytest.raises(UsageError) as exc:
        run(repo, "tiny")
    assert str(exc.value) == (
        "manuals/tiny/manual.yml has no site_url, so the posters' QR codes would lead nowhere — add the address "
        "the manual is published at, e.g. site_url: https://manuals.example.ca/tiny/"
    )
    assert written == []


def test_without_an_approved_emergency_plan_nothing_is_printed(repo, written):
    manual(repo, plan=PLAN.replace("status: approved", "status: draft"))
    with pytest.raises(DataError, match=r"^manuals/tiny/docs/: no approved page covers emergency\.plan"):
        run(repo, "tiny")
    assert written == []


def test_a_broken_manual_prints_nothing(repo, written, capsys):
    manual(repo, yml=MANUAL_YML.replace("  number: TT-001\n", "") + URL)
    with pytest.raises(ValidationFailed):
        run(repo, "tiny")
    assert written == [] and capsys.readouterr().out == ""


def test_an_unknown_manual_is_a_usage_error_first(repo, written):
    with pytest.raises(UsageError, match=r"^unknown manual 'nope'"):
        run(repo, "nope", "--out", str(repo / "manuals"))  # the manual is checked before the folder

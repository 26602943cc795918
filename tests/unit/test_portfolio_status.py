"""status and status_report: one row per client manual, and the exit code CI alerts on
(published revisions are covered in tests/integration/test_publish_site.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import PROJECT, write_manual
from hsms_manuals.cli import main
from hsms_manuals.library import load_library
from hsms_manuals.portfolio_status import portfolio_status
from hsms_manuals.status_report import as_dict, as_markdown, as_text


@pytest.fixture
def portfolio(repo: Path) -> Path:
    """Ridgeline (passes), Northfork (passes) and a new client that is still mostly TODO."""
    for mid in ("ridgeline-builders", "northfork-wellsite"):
        shutil.copytree(PROJECT / "manuals" / mid, repo / "manuals" / mid)
    write_manual(
        repo,
        "acme",
        pages={
            "index.md": "---\ntitle: Home\ncovers: []\nstatus: approved\nowner: Owner\n---\n\nHi.\n",
            "01-draft.md": "---\ntitle: Policy\ncovers: [policy.statement]\nstatus: draft\n"
            "owner: Owner\n---\n\nTo do.\n",
        },
    )
    return repo


def run(root: Path, *args: str, capsys) -> tuple[int, str]:
    code = main(["--root", str(root), "status", *args])
    return code, capsys.readouterr().out


def test_one_row_per_manual_with_coverage_review_and_drafts(portfolio):
    s = portfolio_status(portfolio)
    rows = {c.manual: c for c in s.clients}
    assert list(rows) == ["acme", "northfork-wellsite", "ridgeline-builders"]
    r = rows["ridgeline-builders"]
    assert (r.partner, r.program, r.passes, r.answered, r.revision, r.overdue, r.drafts, r.problems) == (
        "ACSA",
        "COR",
        True,
        100.0,
        "4",
        False,
        0,
        0,
    )
    assert r.published is None and r.published_error is None  # not a git repository: never published
    a = rows["acme"]
    assert (a.passes, a.drafts, a.answered) == (False, 1, 0.0)
    assert a.alert and not r.alert
    assert s.alerts == 1


def test_text_table_and_exit_code(portfolio, capsys):
    code, out = run(portfolio, capsys=capsys)
    assert code == 1  # acme is below pass
    lines = out.splitlines()
    assert lines[0].split() == [
        "Manual",
        "Partner",
        "Answered",
        "Rev",
        "Effective",
        "Next",
        "review",
        "Published",
        "Problems",
        "Drafts",
        "Instrument",
    ]
    assert lines[1].split() == [
        "acme",
        "ACSA",
        "COR",
        "0.0%",
        "BELOW",
        "PASS",
        "1",
        "2026-09-01",
        "2027-09-01",
        "never",
        "0",
        "1",
        "2023",
        "(newest)",
    ]
    assert lines[3].split()[:7] == ["ridgeline-builders", "ACSA", "COR", "100.0%", "pass", "4", "2026-09-01"]
    assert lines[-1] == (
        "3 manual(s) on 2026-12-01: 1 below pass or not measured, 0 overdue for review, 3 with "
        "unpublished changes or never published, 0 on an older instrument"
    )


def test_all_passing_exits_0_and_overdue_exits_1(portfolio, capsys, today):
    shutil.rmtree(portfolio / "manuals" / "acme")
    assert run(portfolio, capsys=capsys)[0] == 0
    today("2027-09-02")  # Ridgeline's review (2026-09-01 + 12 months) is overdue
    code, out = run(portfolio, "ridgeline-builders", capsys=capsys)
    assert code == 1
    assert "2027-09-01 OVERDUE" in out.splitlines()[1]


def test_json_has_every_field(portfolio, capsys):
    code, out = run(portfolio, "--format", "json", "acme", "ridgeline-builders", capsys=capsys)
    data = json.loads(out)
    assert code == 1 and data["on"] == "2026-12-01" and data["branch"] == "gh-pages" and data["alerts"] == 1
    ridgeline = data["manuals"][1]
    assert ridgeline == {
        "manual": "ridgeline-builders",
        "company": "Ridgeline Builders Ltd.",
        "partner": "ACSA",
        "program": "COR",
        "answered": 100.0,
        "passes": True,
        "revision": "4",
        "effective": "2026-09-01",
        "next_review": "2027-09-01",
        "overdue": False,
        "problems": 0,
        "drafts": 0,
        "translations": {"count": 6, "stale": 0},
        "published": None,
        "published_error": None,
        "instrument": {"version": "2023", "newest_map": None, "newest_version": None, "drifting": False},
        "error": None,
        "alert": False,
    }


def test_markdown_pastes_into_a_pull_request_comment(portfolio, capsys):
    code, out = run(portfolio, "--format", "markdown", capsys=capsys)
    lines = out.splitlines()
    assert lines[0] == "### Manuals — status on 2026-12-01"
    assert lines[2] == (
        "| Manual | Partner | Answered | Rev | Effective | Next review | Published | Problems | Drafts | Instrument |"
    )
    assert lines[3] == "|---|---|---|---|---|---|---|---|---|---|"
    assert lines[4] == (
        "| acme | ACSA COR | 0.0% **BELOW PASS** | 1 | 2026-09-01 | 2027-09-01 | **never** | 0 | 1 | 2023 (newest) |"
    )
    assert lines[-1] == "**1 manual(s) need attention** (overdue for review or below the partner's pass rules)."


def test_markdown_escapes_what_the_files_say(portfolio):
    yml = portfolio / "manuals" / "acme" / "manual.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace('revision: "1"', 'revision: "1_a"'), encoding="utf-8")
    acsa = portfolio / "partners" / "acsa.yml"
    acsa.write_text(
        acsa.read_text(encoding="utf-8").replace('version: "2023"', 'version: "2023 | <b>x</b> *"'), encoding="utf-8"
    )
    md = as_markdown(portfolio_status(portfolio, ["acme"]))
    row = md.splitlines()[4]
    assert "| 1&#95;a |" in row and "| 2023 &#124; &lt;b&gt;x&lt;/b&gt; &#42; (newest) |" in row and "<b>" not in md


def test_a_manual_that_does_not_load_is_a_row_not_a_crash(portfolio, capsys):
    yml = portfolio / "manuals" / "acme" / "manual.yml"
    yml.write_text("company: [", encoding="utf-8")
    s = portfolio_status(portfolio, ["acme"])
    c = s.clients[0]
    assert c.error.startswith("manual.yml does not load: manuals/acme/manual.yml:2: YAML syntax error")
    assert c.alert and c.answered is None
    code, out = run(portfolio, "acme", capsys=capsys)
    assert code == 1
    assert "not measured" in out.splitlines()[1]
    assert out.splitlines()[2].startswith("acme: not measured — manual.yml does not load: manuals/acme/manual.yml:2:")


def test_an_unknown_manual_is_a_usage_error(portfolio, capsys):
    assert main(["--root", str(portfolio), "status", "nope"]) == 2
    assert capsys.readouterr().err.startswith("error: unknown manual 'nope'")


def replace_acsa(root: Path, text: str = "replaced_by: acsa-2026\n") -> None:
    """A newer ACSA instrument in acsa-2026.yml; acsa.yml says it is replaced."""
    acsa = root / "partners" / "acsa.yml"
    newer = (
        acsa.read_text(encoding="utf-8")
        .replace("id: acsa\n", "id: acsa-2026\n")
        .replace('version: "2023"', 'version: "2026"')
    )
    (root / "partners" / "acsa-2026.yml").write_text(newer, encoding="utf-8")
    acsa.write_text(acsa.read_text(encoding="utf-8").replace("id: acsa\n", "id: acsa\n" + text), encoding="utf-8")


def test_a_client_on_a_replaced_instrument_is_drifting(portfolio, capsys):
    replace_acsa(portfolio)
    library, problems = load_library(portfolio)
    assert problems == []
    assert library.newest("acsa").id == "acsa-2026" and library.newest("esc").id == "esc"
    s = portfolio_status(portfolio, ["ridgeline-builders", "northfork-wellsite"])
    r, n = s.clients
    assert (r.instrument.version, r.instrument.newest_map, r.instrument.newest_version) == ("2023", "acsa-2026", "2026")
    assert not n.instrument.drifting
    assert "2023 → newer: 2026 (acsa-2026)" in as_text(s)
    assert as_dict(s)["manuals"][0]["instrument"]["drifting"] is True
    assert "2023 **→ newer&#58; 2026 (acsa-2026)**" in as_markdown(s)  # ':' escaped, shown as ':'


@pytest.mark.parametrize(
    "text, problem",
    [
        ("replaced_by: acsa\n", "replaced_by: a partner map cannot replace itself"),
        ("replaced_by: acsa-2027\n", "replaced_by: unknown partner map 'acsa-2027'"),
        ("replaced_by: ab-ohs\n", "replaced_by: 'ab-ohs' is a legislation map, this is a certifying-partner map"),
        ("replaced_by: Not An Id\n", "replaced_by: value does not match regex"),
    ],
)
def test_replaced_by_is_checked(portfolio, text, problem):
    replace_acsa(portfolio, text)
    _, problems = load_library(portfolio)
    assert [str(p) for p in problems if p.file == "partners/acsa.yml"][0].startswith(f"partners/acsa.yml:11: {problem}")


def test_a_replaced_by_loop_is_a_problem(portfolio):
    replace_acsa(portfolio)
    newer = portfolio / "partners" / "acsa-2026.yml"
    newer.write_text(
        newer.read_text(encoding="utf-8").replace("id: acsa-2026\n", "id: acsa-2026\nreplaced_by: acsa\n"),
        encoding="utf-8",
    )
    _, problems = load_library(portfolio)
    assert any("replaced_by goes round in a loop (acsa → acsa-2026 → acsa)" in str(p) for p in problems)


def test_out_of_date_translations_are_counted_never_an_alert(portfolio, capsys):
    rights = portfolio / "manuals" / "ridgeline-builders" / "docs" / "03-worker-rights.md"
    rights.write_text(rights.read_text(encoding="utf-8") + "\nOne more sentence in English.\n", encoding="utf-8")
    r = {c.manual: c for c in portfolio_status(portfolio).clients}["ridgeline-builders"]
    assert (r.translations, r.stale_translations, r.alert) == (6, 2, False)  # its fr and pa translations
    code, out = run(portfolio, "ridgeline-builders", capsys=capsys)
    assert code == 0
    assert (
        "ridgeline-builders: 2 of 6 translated page(s) out of date — `hsms validate ridgeline-builders` lists them"
        in out.splitlines()
    )
    assert out.splitlines()[-1].endswith(", 2 translated page(s) out of date")
    data = json.loads(run(portfolio, "--format", "json", "ridgeline-builders", capsys=capsys)[1])
    assert data["manuals"][0]["translations"] == {"count": 6, "stale": 2}

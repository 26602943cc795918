"""Audit day through the command line and the built site: hsms records on the shipped manuals,
bad rows, hsms plan, hsms audit-pack (manifest, reproducibility, refusals) and the audit guide's
interview and observation preparation."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import PROJECT
from hsms_manuals.cli import main
from sitekit import POLICY, build, make_repo, page, write_manual

RIDGELINE, NORTHFORK = "ridgeline-builders", "northfork-wellsite"


def run(capsys, *args: str, root: Path = PROJECT) -> tuple[int, str, str]:
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


# --- hsms records on the shipped manuals (the clock is 2026-12-01) --------------------------------


def test_ridgeline_has_thirteen_months_and_earns_a_three_year_cor(capsys):
    code, out, err = run(capsys, "records", RIDGELINE)
    lines = out.splitlines()
    assert (code, err) == (1, "")  # gaps to explain: exit 1
    assert "Months of documentation on hand: 13 (2025-11 to 2026-11)" in lines
    assert "Earliest audit date (3 months of records): 2026-02-01 — met" in lines
    assert "An audit on 2026-12-01 would earn: a 3-year certificate" in lines
    assert (
        "Next audit: recertification on 2027-01-12 — 14 month(s) on hand by then if every expected record is "
        "logged: a 3-year certificate"
    ) in lines
    assert "  no site inspection logged in weeks 2025-W52, 2026-W01" in lines  # the Christmas shutdown
    assert lines[-1] == (
        "GAPS — 13 month(s) on hand; 3 gap(s) in the audit window: fix them or be ready to explain them"
    )


def test_northfork_has_four_months_and_earns_a_one_year_secor(capsys):
    code, out, err = run(capsys, "records", NORTHFORK)
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert "Months of documentation on hand: 4 (2026-08 to 2026-11)" in lines
    assert "Earliest audit date (3 months of records): 2026-11-01 — met" in lines
    assert "An audit on 2026-12-01 would earn: a 1-year certificate" in lines
    assert lines[-1] == "READY — 4 month(s) on hand, no gaps in the audit window"


def test_records_as_on_an_earlier_day(capsys):
    code, out, _ = run(capsys, "records", NORTHFORK, "--on", "2026-10-15", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert (data["months_on_hand"], data["earliest_audit"], data["minimum_met"], data["certificate"]) == (
        2,
        "2026-11-01",
        False,
        "no certificate: fewer than 3 months of records",
    )


def test_records_json_per_element(capsys):
    data = json.loads(run(capsys, "records", RIDGELINE, "--format", "json")[1])
    inspections = next(e for e in data["elements"] if e["id"] == "7")
    assert inspections["months_on_hand"] == 13
    assert {k["kind"] for k in inspections["kinds"]} >= {"site-inspection", "shop-inspection", "equipment-service"}
    assert data["next_audit"] == {
        "type": "recertification",
        "planned": "2027-01-12",
        "months_on_hand": 14,
        "certificate_years": 3,
    }


def test_a_bad_row_stops_records_with_its_line(repo, capsys):
    from conftest import MANUAL_YML
    from conftest import write_manual as write_tiny

    mroot = write_tiny(
        repo,
        manual_yml=MANUAL_YML + "records:\n  - {kind: drill, title: Drill, every: year, topics: [emergency.drills]}\n",
    )
    (mroot / "records").mkdir()
    (mroot / "records" / "2026.csv").write_text(
        "date,kind,site,reference,name\n2026-03-04,dril,Shop,D-1,Pat\n", encoding="utf-8"
    )
    assert run(capsys, "records", "tiny", root=repo) == (
        1,
        "",
        (
            "manuals/tiny/records/2026.csv:2: kind: unknown record kind 'dril' — use one of: drill\n"
            "1 problem(s) found; fix them first (`hsms validate` lists them all).\n"
        ),
    )


# --- hsms plan ------------------------------------------------------------------------------------


def test_plan_of_ridgeline_puts_the_weak_element_first(capsys):
    code, out, err = run(capsys, "plan", RIDGELINE)
    assert (code, err) == (0, "")
    rows = [line for line in out.splitlines() if line.startswith("| 1 |")]
    assert rows == [
        "| 1 | urgent | Raise 9 Investigations&#58; 45% at the maintenance audit of 2025-11-18, under the "
        "50% a recertification audit needs<br>Go through the auditor&#x27;s findings for this element; fix "
        "the manual, the records and what people say and do | 9 Investigations | Safety Coordinator | "
        "2026-12-29 |"
    ]


def test_plan_as_csv(capsys):
    code, out, _ = run(capsys, "plan", NORTHFORK, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert code == 0 and rows[0] == ["number", "priority", "action", "detail", "element", "owner", "due", "from"]
    assert rows[1][1:3] == [
        "high",
        "Prepare the certification audit on 2027-01-20: brief people with the interview "
        "and observation preparation, have the records ready, make the audit pack",
    ]
    assert rows[1][5:] == ["Owner/Operations Manager", "2027-01-06", "audit"]


# --- hsms audit-pack on a small manual ------------------------------------------------------------

KINDS = """records:
  - {kind: inspection, title: Shop inspection, form: F-01, every: month, topics: [inspection.schedule]}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("repo"))
    pages = {
        "index.md": page("Welcome", "Read the [policy](01-policy.md) first."),
        "01-policy.md": page(
            "Health and Safety Policy",
            "## Our promise\n\n"
            + POLICY
            + "\n\nThe policy is posted on the notice board and explained at orientation.",
            ("policy.statement", "policy.signed", "policy.posted"),
        ),
        "02-draft.md": page("Secret Draft Procedures", "Not ready.", ("worker.rights",), status="draft"),
    }
    mdir = write_manual(root, "small", pages=pages)
    with (mdir / "manual.yml").open("a", encoding="utf-8") as f:
        f.write(KINDS)
    (mdir / "records").mkdir()
    (mdir / "records" / "2026.csv").write_text(
        "date,kind,site,reference,name\n"
        "2026-09-03,inspection,Shop,=cmd|' /C calc'!A0,<b>Sam</b>\n"
        "2026-10-01,inspection,Shop,F-01-2,Sam Ray\n2026-11-05,inspection,Shop,F-01-3,Sam Ray\n",
        encoding="utf-8",
    )
    return root


def pack(small: Path, capsys, out: Path) -> tuple[int, str, str]:
    return run(capsys, "audit-pack", "small", str(out), root=small)


def test_the_pack_holds_what_the_auditor_needs_with_a_manifest(small, tmp_path, capsys):
    out = tmp_path / "pack"
    code, stdout, err = pack(small, capsys, out)
    assert (code, err) == (0, "")
    assert stdout.splitlines() == [
        f"wrote the audit pack of small revision 1: {out} (8 files) and {out}.zip",
        "the PDF is from a fresh build",
    ]
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "MANIFEST.txt",
        "README.txt",
        "crosswalk.csv",
        "crosswalk.md",
        "interviews.md",
        "records-index.csv",
        "records-index.md",
        "small-rev-1.pdf",
    ]
    manifest = (out / "MANIFEST.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in manifest] == [n for n in names if n != "MANIFEST.txt"]
    for line in manifest:
        digest, name = line.split("  ")
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert "Tiny Test Co." in PdfReader(out / "small-rev-1.pdf").pages[0].extract_text()
    index = list(csv.reader(io.StringIO((out / "records-index.csv").read_text(encoding="utf-8-sig"))))
    assert [
        "D",
        "Inspections",
        "inspection",
        "Shop inspection",
        "F-01",
        "month",
        "3",
        "2026-09-03",
        "2026-11-05",
    ] in index
    for name in names:  # drafts never leak; record fields (a hostile reference) are not copied into the pack
        if name.endswith((".md", ".csv", ".txt")):
            text = (out / name).read_text(encoding="utf-8-sig")
            assert "Secret Draft" not in text and "cmd|" not in text and "<b>" not in text, name
    interviews = (out / "interviews.md").read_text(encoding="utf-8")
    assert "- **Brief them on:** Health and Safety Policy" in interviews


def test_two_runs_give_the_same_zip_bytes(small, tmp_path, capsys):
    assert pack(small, capsys, tmp_path / "a")[0] == 0
    assert pack(small, capsys, tmp_path / "b")[0] == 0
    first, second = (tmp_path / "a.zip").read_bytes(), (tmp_path / "b.zip").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.zip") as z:
        infos = z.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {(2026, 10, 1, 0, 0, 0)}  # the manual's effective date
        assert infos[0].filename.startswith("small-rev-1-audit-pack/") and z.comment == b"hsms audit pack"


def test_a_pack_replaces_an_earlier_pack_but_nothing_else(small, tmp_path, capsys):
    out = tmp_path / "pack"
    assert pack(small, capsys, out)[0] == 0
    assert pack(small, capsys, out)[0] == 0  # an earlier pack: replaced
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me", encoding="utf-8")
    assert pack(small, capsys, other) == (
        2,
        "",
        f"error: {other} exists and is not an earlier `hsms audit-pack` — choose a new or empty folder\n",
    )
    assert (other / "mine.txt").read_text(encoding="utf-8") == "keep me"
    (tmp_path / "x.zip").write_text("not a pack", encoding="utf-8")
    code, _, err = pack(small, capsys, tmp_path / "x")
    assert (
        code == 2
        and err
        == f"error: {tmp_path / 'x.zip'} exists and is not an earlier audit pack — move it away "
        "or choose another folder\n"
    )
    code, _, err = pack(small, capsys, small / "manuals" / "pack")
    assert code == 2 and "inside the repository's manuals/ folder" in err


def test_the_pack_takes_the_pdf_of_an_up_to_date_build(small, tmp_path, capsys):
    assert build(small, "small", pdf=True) == 0
    capsys.readouterr()
    code, out, _ = pack(small, capsys, tmp_path / "p")
    assert code == 0 and out.splitlines()[1] == "the PDF is from site/small (built from the current sources)"
    assert (tmp_path / "p" / "small-rev-1.pdf").read_bytes() == (
        small / "site" / "small" / "pdf" / "small-rev-1.pdf"
    ).read_bytes()


# --- the audit guide in the site ------------------------------------------------------------------


def test_the_guide_shows_the_rule_applied_and_the_interview_preparation(small, tmp_path):
    assert build(small, "small", site_dir=tmp_path) == 0
    summary = (tmp_path / "small" / "audit" / "index.html").read_text(encoding="utf-8")
    assert "the pass rule of a certification audit (no next audit in manual.yml)" in summary
    assert '<a href="interviews/">Interview and observation preparation</a>' in summary
    prep = (tmp_path / "small" / "audit" / "interviews" / "index.html").read_text(encoding="utf-8")
    assert "Interview and observation preparation" in prep
    assert "Who the auditor talks to:</strong> workers" in prep
    assert 'href="../../01-policy/"' in prep and "Secret Draft" not in prep

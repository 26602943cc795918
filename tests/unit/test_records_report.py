"""records_report: what `hsms records` says — the certificate so many months earn in the partner's
words, the rules in one line, the verdict line, and the text and Markdown reports (aligned, escaped).
The readiness figures themselves are tested in test_readiness.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MANUAL_YML, write_manual
from hsms_manuals.audit_model import CertificateTier, RecordsRules
from hsms_manuals.auditday import load_audit_day
from hsms_manuals.readiness import Readiness
from hsms_manuals.records_report import as_markdown, as_text, certificate_words, describe_rules, verdict

ACSA = RecordsRules(
    12, 3, (CertificateTier(12, 3), CertificateTier(3, 1)), "ACSA issues only a temporary letter, not a COR"
)
MONTHLY = "  - {kind: inspection, title: Site inspection, every: month, topics: [inspection.schedule]}\n"


def ready(repo: Path, rows: list[str], kinds: str = MONTHLY) -> Readiness:
    mroot = write_manual(repo, manual_yml=MANUAL_YML + ("records:\n" + kinds if kinds else ""))
    if rows:
        (mroot / "records").mkdir(exist_ok=True)
        (mroot / "records" / "log.csv").write_text(
            "date,kind,site,reference,name\n" + "\n".join(rows) + "\n", encoding="utf-8"
        )
    return load_audit_day(repo, "tiny", dt.date(2026, 12, 1))[0].readiness()


def monthly(*months: str) -> list[str]:
    return [f"{m}-10,inspection,Shop,I-{m},Pat Doe" for m in months]


@pytest.mark.parametrize(
    "rules, months, words",
    [
        (ACSA, 12, "a 3-year certificate"),
        (ACSA, 11, "a 1-year certificate"),
        (ACSA, 3, "a 1-year certificate"),
        (ACSA, 2, "ACSA issues only a temporary letter, not a COR"),  # the partner's own words below the minimum
        (RecordsRules(12, 3, (CertificateTier(3, 1),)), 0, "no certificate: fewer than 3 months of records"),
        (RecordsRules(12, 3), 6, "the ACSA map sets no certificate length"),
        (RecordsRules(12, 3, (CertificateTier(6, 1),)), 4, "no certificate length for so few months"),
        (None, 12, "the ACSA map sets no records rules"),
    ],
)
def test_what_the_months_on_hand_earn(rules, months, words):
    assert certificate_words(rules, months, "ACSA") == words


def test_the_rules_in_one_line():
    assert describe_rules(ACSA) == (
        "an audit samples the last 12 months; at least 3 months before a first audit; 12+ months → 3-year "
        "certificate; 3+ months → 1-year certificate; below 3: ACSA issues only a temporary letter, not a COR"
    )
    assert describe_rules(RecordsRules(12, 6, verified=False, basis="Alberta's rule since 2023")) == (
        "an audit samples the last 12 months; at least 6 months before a first audit (Alberta's rule since 2023) "
        "[not verified]"
    )


def test_the_verdict_line_in_each_state(repo):
    assert (
        verdict(ready(repo, [], kinds=""))
        == "NO RECORDS — the manual declares no record kinds (records: in manual.yml)"
    )
    assert verdict(ready(repo, [])) == "NO RECORDS — nothing is logged yet (manuals/tiny/records/*.csv)"
    assert verdict(ready(repo, monthly("2026-09", "2026-11"))) == (
        "NOT READY — 1 month(s) on hand, ACSA needs 3 before a first audit (earliest 2027-02-01); "
        "1 gap(s) in the audit window"
    )
    assert (
        verdict(ready(repo, monthly("2026-09", "2026-10", "2026-11")))
        == "READY — 3 month(s) on hand, no gaps in the audit window"
    )
    assert (
        verdict(ready(repo, monthly("2026-05", "2026-06", "2026-07", "2026-09", "2026-10", "2026-11")))
        == "GAPS — 3 month(s) on hand; 1 gap(s) in the audit window: fix them or be ready to explain them"
    )


def test_the_text_table_stays_aligned_when_an_element_has_no_record_kind(repo):
    lines = as_text(ready(repo, monthly("2026-09", "2026-11"))).split("\n")
    table = lines[lines.index(next(x for x in lines if x.startswith("Element"))) :][:11]
    assert table[0] == "Element" + " " * 46 + "Records  First       Last                Months  Gaps"
    assert table[1] == "  1 Management Commitment" + " " * 34 + "0  -           -           no record kind  -"
    assert table[7] == "  7 Inspections & Maintenance" + " " * 30 + "2  2026-09-10  2026-11-10               1  1"
    assert {line.rfind("  ") for line in table} == {len(table[0]) - len("Gaps") - 2}  # the Gaps column lines up
    assert lines[-1].startswith("NOT READY — ")
    assert "Gaps in the audit window (2026-09 to 2026-11):" in lines
    assert "  no site inspection logged in 2026-10" in lines


def test_markdown_report_escapes_names_and_keeps_the_verdict_first(repo):
    kinds = '  - {kind: inspection, title: "Site | <b>inspection</b>", every: month, topics: [inspection.schedule]}\n'
    md = as_markdown(ready(repo, monthly("2026-09", "2026-11"), kinds)).split("\n")
    assert md[:3] == [
        "# Records readiness: Tiny Test Co. — ACSA COR",
        "",
        "On 2026-12-01. **NOT READY — 1 month(s) on hand, ACSA needs 3 before a first audit (earliest "
        "2027-02-01); 1 gap(s) in the audit window**",
    ]
    assert "| 7 Inspections &amp; Maintenance | 2 | 2026-09-10 | 2026-11-10 | 1 | 1 |" in md
    assert "- no site &#124; &lt;b&gt;inspection&lt;/b&gt; logged in 2026-10" in md
    assert all(line.count("|") == 7 for line in md if line.startswith("| "))  # no value splits a cell

"""coverage_report: the coverage verdict and gap list as text (people), JSON (tools) and Markdown
(pull-request comments) — exact lines, and hostile names that stay text in Markdown."""

from __future__ import annotations

import json
import re

from coverage_kit import ANSWER, PROGRAM, TOPICS, Register, coverage, manual, partner, q, section_page

from hsms_manuals.answers import Place
from hsms_manuals.coverage import compute
from hsms_manuals.coverage_report import FORMATS, as_dict, as_json, as_markdown, as_text
from hsms_manuals.gaps import gap_list
from hsms_manuals.model import Element, Evidence
from hsms_manuals.starters import StarterAnswer

EXAMPLE = StarterAnswer("ridgeline-builders", Place("05-alone.md", "Working alone", "check-in", "Check in"))
LAW = Register({"hazard.control": ["OHS Code Part 2: assess and control hazards"]})


def report(fmt: str, cov=None) -> str:
    cov = cov or coverage()
    return FORMATS[fmt](cov, gap_list(cov, lambda t: EXAMPLE if t == "alone.checkin" else None, LAW))


def test_text_report_lists_every_question_the_verdict_and_what_to_fix():
    assert report("text").split("\n") == [
        "Tiny Test Co. — tiny, revision 3 (effective 2026-09-01)",
        "ACME Audit Tool 2025 — program COR (external audit)",
        "Pass rule: at least 80% overall, every element at least 50%",
        "",
        "  1 Hazard assessment                                     83.3%  ok",
        "      1.1     answered 01-hazards.md#hazard-assess",
        "      1.2     PARTIAL  01-hazards.md#hazard-assess; needs: hazard.control",
        "      1.3     n/a      No work above 3 m.",
        "  2 Working alone                                         16.7%  BELOW MINIMUM",
        "      2.1     THIN     needs: alone.checkin",
        "      2.2     MISSING  needs: hazard.control",
        "      2.3     field    by interview",
        "      2.4     PARTIAL  01-hazards.md#hazard-assess; needs: hazard.control [criteria 1/2]",
        "",
        "Documentation readiness: 50.0% — DOES NOT PASS (at least 80% overall, every element at least 50%)",
        "1 question(s) need field evidence (interview/observation): not manual gaps, prepare for them.",
        "",
        "What to fix: 4 question(s) not fully answered",
        "",
        "  1.2 Is there a written 1.2?",
        "      Partly answered · 1 Hazard assessment · 10 points",
        "    - Hazard controls (hazard.control): How each hazard is controlled.",
        "        missing: no claim",
        "        draft claiming it: 03-controls.md (approve when ready)",
        "        law: OHS Code Part 2: assess and control hazards",
        "",
        "  2.1 Is there a written 2.1?",
        "      Claimed but thin · 2 Working alone · 10 points",
        "    - Working alone check-in (alone.checkin): How often a lone worker checks in.",
        "        missing: 3 words (needs 40) — in 02-alone.md#alone-checkin",
        "        example: ridgeline-builders: 05-alone.md#check-in (Working alone › Check in)",
        "",
        "  2.2 Is there a written 2.2?",
        "      Missing · 2 Working alone",  # points: null (the partner's default): no points shown
        "    - Hazard controls (hazard.control): How each hazard is controlled.",
        "        missing: no claim",
        "        draft claiming it: 03-controls.md (approve when ready)",
        "        law: OHS Code Part 2: assess and control hazards",
        "",
        "  2.4 Is there a written 2.4?",
        "      Partly answered · 2 Working alone · 10 points · 1 of 2 criteria met",
        "    - Hazard controls (hazard.control): How each hazard is controlled.",
        "        missing: no claim",
        "        draft claiming it: 03-controls.md (approve when ready)",
        "        law: OHS Code Part 2: assess and control hazards",
        "",
    ]


def test_a_passing_manual_says_so_and_has_no_fix_list():
    m = manual(
        section_page("01-all.md", {t: ANSWER for t in ("hazard.assess", "hazard.control", "alone.checkin")}),
        na={"heights.plan": "No work above 3 m."},
    )
    text = report("text", coverage(m))
    assert "Documentation readiness: 100.0% — PASSES (at least 80% overall, every element at least 50%)" in text
    assert "What to fix" not in text
    md = report("markdown", coverage(m))
    assert "**Documentation readiness: 100.0% — passes** (at least 80% overall, every element at least 50%)." in md
    assert "Every documentation question is answered." in md and "### What to fix" not in md


def test_json_report_holds_the_figures_and_the_gap_list():
    data = json.loads(report("json"))
    assert {
        k: data[k]
        for k in (
            "manual",
            "company",
            "revision",
            "effective",
            "partner",
            "instrument",
            "program",
            "pass_rules",
            "audit",
            "overall",
            "passes",
            "earned",
            "possible",
            "field_evidence",
        )
    } == {
        "manual": "tiny",
        "company": "Tiny Test Co.",
        "revision": "3",
        "effective": "2026-09-01",
        "partner": "acme",
        "instrument": "Audit Tool 2025",
        "program": "COR",
        "pass_rules": {"overall": 80, "element_min": 50},
        "audit": None,
        "overall": 50.0,
        "passes": False,
        "earned": 30.0,
        "possible": 60.0,
        "field_evidence": 1,
    }
    assert [(e["id"], e["percent"], e["passes"]) for e in data["elements"]] == [("1", 83.3, True), ("2", 16.7, False)]
    q24 = data["elements"][1]["questions"][3]
    assert q24 == {
        "id": "2.4",
        "text": "Is there a written 2.4?",
        "evidence": ["documentation"],
        "points": 10,
        "scoring": "criteria",
        "status": "partial",
        "earned": 5.0,
        "answered_in": [{"page": "01-hazards.md", "section": "hazard-assess", "title": "About hazard.assess"}],
        "missing_topics": ["hazard.control"],
        "reasons": ["Hazard controls: no claim", "criteria met: 1 of 2"],
        "criteria_met": {"met": 1, "of": 2},
        "not_applicable_reasons": [],
    }
    field = data["elements"][1]["questions"][2]
    assert (field["status"], field["missing_topics"], field["reasons"]) == ("field_evidence", [], [])
    assert [(g["question"], g["status"], g["criteria"]) for g in data["gaps"]] == [
        ("1.2", "partial", None),
        ("2.1", "thin", None),
        ("2.2", "missing", None),
        ("2.4", "partial", "1 of 2 criteria met"),
    ]
    assert data["gaps"][1]["topics"] == [
        {
            "id": "alone.checkin",
            "title": "Working alone check-in",
            "status": "thin",
            "missing": ["3 words (needs 40)"],
            "claimed_in": [{"page": "02-alone.md", "section": "alone-checkin", "title": "About alone.checkin"}],
            "drafts": [],
            "legislation": [],
            "example": {
                "manual": "ridgeline-builders",
                "page": "05-alone.md",
                "section": "check-in",
                "title": "Check in",
            },
        }
    ]
    assert as_json(coverage(), []) == json.dumps(as_dict(coverage(), []), indent=2, ensure_ascii=False)


def test_markdown_report_for_a_pull_request_comment():
    md = report("markdown").split("\n")
    assert md[:14] == [
        "## Coverage: Tiny Test Co. — ACME COR",
        "",
        "Revision 3, effective 2026-09-01 · Audit Tool 2025 · Certificate of Recognition (external audit)",
        "",
        "**Documentation readiness: 50.0% — does not pass** (at least 80% overall, every element at least 50%).",
        "",
        "| Element | Readiness | Verdict |",
        "|---|---:|---|",
        "| 1 Hazard assessment | 83.3% | ok |",
        "| 2 Working alone | 16.7% | **BELOW MINIMUM** (needs 50%) |",
        "",
        "1 question needs field evidence (interviews or observation on site): the manual cannot answer it — "
        "prepare people and records for it.",
        "",
        "### What to fix (4 questions)",
    ]
    assert md[md.index("**2.1** Is there a written 2.1? — *Claimed but thin* (2 Working alone, 10 points)") :][:5] == [
        "**2.1** Is there a written 2.1? — *Claimed but thin* (2 Working alone, 10 points)",
        "",
        "- **Working alone check-in**: How often a lone worker checks in.",
        "  - Missing: 3 words (needs 40) — in `02-alone.md#alone-checkin`",
        "  - Example to adapt: `ridgeline-builders/docs/05-alone.md#check-in` (Working alone › Check in)",
    ]
    assert md[md.index("| Question | Status | Answered in / note |") :] == [
        "| Question | Status | Answered in / note |",
        "|---|---|---|",
        "| 1.1 Is there a written 1.1? | Answered | `01-hazards.md#hazard-assess` |",
        "| 1.2 Is there a written 1.2? | Partly answered | `01-hazards.md#hazard-assess` |",
        "| 1.3 Is there a written 1.3? | Not applicable | No work above 3 m. |",
        "| 2.1 Is there a written 2.1? | Claimed but thin |  |",
        "| 2.2 Is there a written 2.2? | Missing |  |",
        "| 2.3 Is there a written 2.3? | Needs field evidence |  |",
        "| 2.4 Is there a written 2.4? | Partly answered | `01-hazards.md#hazard-assess` |",
        "",
        "</details>",
    ]


def test_two_field_evidence_questions_are_plural():
    p = partner(
        Element(
            "1",
            "Talk",
            (
                q("1.1", "hazard.assess"),
                q("1.2", "hazard.assess", evidence=(Evidence.INTERVIEW,)),
                q("1.3", "hazard.assess", evidence=(Evidence.OBSERVATION,)),
            ),
        )
    )
    md = report("markdown", compute(manual(section_page("01-a.md", {"hazard.assess": ANSWER})), p, PROGRAM, TOPICS))
    assert (
        "2 questions need field evidence (interviews or observation on site): the manual cannot answer them — "
        "prepare people and records for them."
    ) in md.split("\n")


HOSTILE = "Acme <script>alert(1)</script> *Co* [x](javascript:y) | &amp; `rm` ~~s~~\n# Owned @everyone"
_CELL_BAR = re.compile(r"(?<!\\)\|")


def test_hostile_names_stay_one_line_of_text_in_markdown():
    m = manual(
        section_page("01-a|b.md", {"hazard.assess": ANSWER}),
        company=HOSTILE,
        na={"heights.plan": "<img src=x onerror=alert(1)> | no"},
    )
    p = partner(
        Element("1", "Haz <b>|</b>", (q("1.1", "hazard.assess", text="Is it | <i>ok</i>?"), q("1.3", "heights.plan")))
    )
    md = as_markdown(compute(m, p, PROGRAM, TOPICS), [])
    assert md.split("\n")[0] == (
        "## Coverage: Acme &lt;script&gt;alert(1)&lt;/script&gt; \\*Co\\* \\[x\\](javascript:y) \\| &amp;amp; "
        "\\`rm\\` \\~\\~s\\~\\~ # Owned @everyone — ACME COR"
    )
    assert "<script" not in md and "<img" not in md and "<i>" not in md and "<b>" not in md
    table = [line for line in md.split("\n") if line.startswith("| ")]
    # every row of both tables has exactly its own cells: no | of a value splits a cell
    assert [len(_CELL_BAR.findall(line)) for line in table] == [4, 4, 4, 4, 4]
    assert "| 1.1 Is it \\| &lt;i&gt;ok&lt;/i&gt;? | Answered | `01-a\\|b.md#hazard-assess` |" in table


def test_text_report_marks_an_element_only_field_evidence_without_a_verdict():
    p = partner(
        Element("1", "Written", (q("1.1", "hazard.assess"),)),
        Element("2", "Talk", (q("2.1", "hazard.assess", evidence=(Evidence.INTERVIEW,)),)),
    )
    cov = compute(manual(section_page("01-a.md", {"hazard.assess": ANSWER})), p, PROGRAM, TOPICS)
    lines = as_text(cov, []).split("\n")
    assert lines[6] == "  2 " + "Talk".ljust(52) + "   n/a"  # no percent, no verdict
    assert lines[7] == "      2.1     field    by interview (see 01-a.md#hazard-assess)"
    assert "| 2 Talk | n/a | not scored (field evidence only) |" in as_markdown(cov, []).split("\n")

"""Finding law cited in page text: phrases, their variants, lines, and which findings are problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from hsms_manuals.citations import normalise, wrong_law
from hsms_manuals.library import load_library

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def register():
    library, problems = load_library(PROJECT)
    assert problems == []
    return library.register


def found(register, text: str) -> list[tuple[int, str, str, str | None]]:
    return [
        (c.line, c.text, c.jurisdiction, c.historical.id if c.historical else None) for c in register.scanner.scan(text)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Alberta *OHS Code* Part 2 requires this.", [(1, "OHS Code", "AB", None)]),
        ("the Occupational Health and Safety Act says", [(1, "Occupational Health and Safety Act", "AB", None)]),
        ("WorkSafeBC OHS Regulation s.3.1", [(1, "WorkSafeBC OHS Regulation", "BC", None)]),
        ("under the BC Workers Compensation Act", [(1, "BC Workers Compensation Act", "BC", None)]),
        ("The Saskatchewan Employment Act, s.3-21", [(1, "Saskatchewan Employment Act", "SK", None)]),
        (
            "The Occupational Health and Safety Regulations, 2020",
            [(1, "Occupational Health and Safety Regulations, 2020", "SK", None)],
        ),
        ("The Workplace Safety and Health Act", [(1, "Workplace Safety and Health Act", "MB", None)]),
        # the 2017 Alberta numbering, however it is written
        ("AB OHS Act (2017) s.37(1)(a)", [(1, "OHS Act (2017) s.", "AB", "ab-ohs-act-2017")]),
        ("see OHS Act section 40", [(1, "OHS Act section 40", "AB", "ab-ohs-act-2017")]),
        (
            "section 37 of the\n*Occupational Health and Safety Act*",
            [(1, "section 37 of the *Occupational Health and Safety Act", "AB", "ab-ohs-act-2017")],
        ),
        ("the OHS Act, 1993", [(1, "OHS Act, 1993", "SK", "sk-ohs-act-1993")]),  # the longest phrase names it
        # current numbering and look-alikes are not the 2017 Act
        ("OHS Act section 17 and s.33", [(1, "OHS Act", "AB", None)]),
        ("OHS Act s.370", [(1, "OHS Act", "AB", None)]),
        # no law: the bare names other provinces share, everyday words
        ("Workers Compensation Act and the OHS Regulation", []),
        ("Contact the foreman. Practise the drill. Regular checks. Act fast; the barcode reader.", []),
    ],
)
def test_phrases_and_their_variants(register, text, expected):
    assert found(register, text) == expected


def test_lines_are_counted_from_the_top_of_the_file(register):
    text = "---\ntitle: X\n---\n\nIntro.\n\nSee the *OHS Code*\nPart 7 and the\nBC OHS Regulation.\n"
    assert found(register, text) == [(7, "OHS Code", "AB", None), (9, "BC OHS Regulation", "BC", None)]


def test_normal_form_joins_spellings():
    assert normalise("Occupational Health and Safety Act section 37") == normalise("OHS  Act s. 37") == "ohs act s.37"


def test_only_another_province_or_repealed_numbering_is_a_problem(register):
    text = "OHS Code Part 28.\nOHS Act s.37 lists the elements.\nWorkSafeBC OHS Regulation Part 4.\n"
    cites = register.scanner.scan(text)
    ab = [(f.line, f.problem, f.fix) for f in wrong_law(cites, "AB", register)]
    assert ab == [
        (
            2,
            "cites the repealed Occupational Health and Safety Act (2017) ('OHS Act s.37') as law; it was repealed on "
            "2021-12-01",
            "cite the Occupational Health and Safety Act (SA 2020 c O-2.2) in force now: see legislation_refs()",
        ),
        (
            3,
            "cites British Columbia law ('WorkSafeBC OHS Regulation'), but the company is in Alberta",
            "cite Alberta law: see legislation_refs()",
        ),
    ]
    bc = [(f.line, f.problem) for f in wrong_law(cites, "BC", register)]
    assert bc == [
        (1, "cites Alberta law ('OHS Code'), but the company is in British Columbia"),
        (2, "cites Alberta law ('OHS Act s.37'), but the company is in British Columbia"),
    ]
    on = [f.fix for f in wrong_law(cites, "ON", register)]
    assert on == ["cite ON law: see legislation_refs()"] * 3  # no register for Ontario: its code


def test_a_page_with_no_anchor_word_costs_no_pattern_search(register):
    assert register.scanner.scan("crew foreman hazard ladder " * 2000) == []

"""The legislation register: loading, located problems, and the topic → provisions lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_manual
from hsms_manuals.library import load_library
from hsms_manuals.validate import validate

REGISTER = Path(__file__).resolve().parents[2] / "partners" / "legislation"


def load(repo: Path):
    library, problems = load_library(repo)
    return library.register, [str(p) for p in problems]


def test_the_shipped_register_loads_without_problems(repo):
    register, problems = load(repo)
    assert problems == []
    assert set(register.jurisdictions) >= {"AB", "BC", "SK", "MB"}
    ab = register.jurisdictions["AB"]
    act = next(i for i in ab.instruments if i.id == "ab-ohs-act")
    assert (act.citation, str(act.in_force)) == ("SA 2020 c O-2.2", "2021-12-01")
    old = next(h for h in ab.historical if h.id == "ab-ohs-act-2017")
    assert old.replaced_by is act and len(old.checklist) == 10  # the 2017 s.37 list, labelled historical


def test_no_current_provision_cites_the_repealed_act(repo):
    register, _ = load(repo)
    for j in register.jurisdictions.values():
        historical = {h.id for h in j.historical}
        assert not any(p.instrument.id in historical for p in j.provisions)


@pytest.mark.parametrize(
    "workers, expected",
    [
        (4, []),
        (5, ["OHS Act s.14", "OHS Code Part 13"]),
        (19, ["OHS Act s.14", "OHS Code Part 13"]),
        (20, ["OHS Act s.13", "OHS Code Part 13"]),
        (None, ["OHS Act s.14", "OHS Act s.13", "OHS Code Part 13"]),
    ],
)
def test_provisions_for_a_topic_follow_province_and_size(repo, workers, expected):
    register, _ = load(repo)
    assert [p.cite for p in register.provisions_for("committee.structure", "AB", workers)] == expected


def test_provisions_come_from_the_province_asked_for(repo):
    register, _ = load(repo)
    assert [p.cite for p in register.provisions_for("control.working_alone", "AB")] == ["OHS Code Part 28"]
    assert [p.cite for p in register.provisions_for("admin.annual_review", "MB", 25)] == ["WSH Act s.7.4"]
    assert [p.cite for p in register.provisions_for("policy.statement", "BC", 10)] == []  # s.3.1 is for 20+
    assert register.provisions_for("control.working_alone", "ON") == []  # no register: nothing


def test_sask_violence_plan_is_in_force_since_may_2024(repo):
    register, _ = load(repo)
    (p,) = [p for p in register.provisions_for("control.violence_prevention", "SK") if p.ref == "s.3-21"]
    assert str(p.in_force) == "2024-05-17" and p.verified and p.applies_to(1)


def write(repo: Path, name: str, text: str) -> None:
    (repo / "partners" / "legislation" / name).write_text(text, encoding="utf-8")


BAD = """\
jurisdiction: AB
name: Alberta
provenance: {source: test, verified: false}
instruments:
  - id: ab-x-act
    kind: statute
    title: X Act
    short: X Act
    citation: SA 1 c 1
    cited_as: ["X Act", "SA 1 c 1"]
    verified: true
provisions:
  - id: ab-x-1
    instrument: ab-x-code
    ref: s.1
    summary: Something.
    topics: [nope.topic]
    workers: {min: 20, below: 10}
"""


def in_file(problems: list[str], name: str) -> list[str]:
    return sorted((p for p in problems if p.startswith(name + ":")), key=lambda p: int(p.split(":")[1]))


def test_every_problem_of_a_register_file_is_located(repo):
    write(repo, "ab.yml", BAD)
    _, problems = load(repo)
    assert in_file(problems, "partners/legislation/ab.yml") == [
        "partners/legislation/ab.yml:6: instruments.0.kind: unallowed value statute — use one of: act, regulation, code",
        "partners/legislation/ab.yml:13: provisions.0.verified: required field — add 'verified:' (see the formats in README.md)",
    ]
    write(
        repo,
        "ab.yml",
        BAD.replace("kind: statute", "kind: act").replace(
            "workers: {min: 20, below: 10}", "workers: {min: 20, below: 10}\n    verified: false"
        ),
    )
    _, problems = load(repo)
    assert in_file(problems, "partners/legislation/ab.yml") == [
        "partners/legislation/ab.yml:10: instruments.0.cited_as.1: 'SA 1 c 1' does not name an Act, a Code or a "
        "Regulation (Reg) — write the phrase as pages cite it, e.g. 'OHS Act, SA 2020 c O-2.2'",
        "partners/legislation/ab.yml:14: provisions.0.instrument: unknown instrument 'ab-x-code' — use the id of an "
        "instrument in force listed under instruments: (never a historical one)",
        "partners/legislation/ab.yml:17: provisions.0.topics.0: unknown topic 'nope.topic' — use a topic id from "
        "partners/topics.yml",
        "partners/legislation/ab.yml:18: provisions.0.workers.below: below must be more than min — "
        "e.g. workers: {min: 5, below: 20}",
    ]


def test_file_name_and_jurisdiction_must_agree(repo):
    (repo / "partners" / "legislation" / "mb.yml").rename(repo / "partners" / "legislation" / "manitoba.yml")
    _, problems = load(repo)
    assert problems == [
        "partners/legislation/manitoba.yml:4: jurisdiction: jurisdiction 'MB' does not match the "
        "file name 'manitoba.yml' — name the file after the jurisdiction code: mb.yml"
    ]


def test_a_phrase_that_two_provinces_share_is_refused(repo):
    text = (REGISTER / "bc.yml").read_text(encoding="utf-8")
    write(
        repo, "bc.yml", text.replace('cited_as: ["BC OHS Regulation",', 'cited_as: ["OHS Code", "BC OHS Regulation",')
    )
    _, problems = load(repo)
    assert len(problems) == 1 and problems[0].startswith("partners/legislation/bc.yml:")
    assert problems[0].endswith(
        "'OHS Code' also identifies AB law — use a phrase only this jurisdiction's law "
        "uses (add the province or the citation)"
    )


def test_a_broken_register_fails_validate_but_keeps_the_others(repo):
    write(repo, "sk.yml", "jurisdiction: [\n")
    write_manual(repo)
    library, _, problems = validate(repo)
    assert [str(p) for p in problems] == [
        "partners/legislation/sk.yml:2: YAML syntax error: did not find expected node content "
        "— fix the indentation or quoting on this line (quote text that contains ': ' or starts with a symbol)"
    ]
    assert "SK" not in library.register.jurisdictions and "AB" in library.register.jurisdictions

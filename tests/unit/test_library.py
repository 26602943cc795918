"""library: partners/ loaded and cross-checked — every problem of a partner map located with a fix
(file name and id, programs, ids that collide once written as web addresses, scoring, unknown
topics and programs, replaced_by chains), a broken map left out while the others load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import PROJECT
from hsms_manuals.library import load_library

TINY = """\
id: tiny
name: Tiny Safety Association
short_name: TSA
kind: certifying-partner
province: AB
instrument:
  name: Tiny Audit
  version: "2025"
  effective: 2025-01-01
provenance:
  source: tests
  verified: true
default_points: 10
programs:
  - id: COR
    name: Certificate of Recognition
    audit: external
    size_rule: {unit: employees, min: 1}
pass_rules:
  overall: 80
  element_min: 50
elements:
  - id: "1"
    title: Policy
    questions:
      - id: "1.1"
        text: Is there a signed policy?
        evidence: [documentation]
        topics: [policy.statement]
"""


@pytest.fixture
def partners(tmp_path: Path) -> Path:
    """A repository whose partners/ holds the shipped topics and law, and the maps a test writes."""
    (tmp_path / "partners").mkdir()
    shutil.copy(PROJECT / "partners" / "topics.yml", tmp_path / "partners" / "topics.yml")
    shutil.copytree(PROJECT / "partners" / "legislation", tmp_path / "partners" / "legislation")
    return tmp_path


def write(root: Path, name: str, text: str) -> None:
    (root / "partners" / f"{name}.yml").write_text(text, encoding="utf-8")


def problems(root: Path, only: str | None = None) -> list[str]:
    return [str(p) for p in load_library(root, only)[1]]


def test_a_good_map_loads(partners):
    write(partners, "tiny", TINY)
    library, found = load_library(partners)
    assert found == [] and list(library.partners) == ["tiny"] and library.partner_ids() == "tiny"
    assert library.partners["tiny"].elements[0].questions[0].topics == ("policy.statement",)


def test_cross_references_inside_a_map(partners):
    text = (
        TINY.replace("id: tiny", "id: tiny-sa")
        .replace("province: AB\n", "province: AB\nprovinces: [BC, SK]\n")
        .replace(
            "    size_rule: {unit: employees, min: 1}\n",
            "    size_rule: {unit: employees, min: 1}\n"
            "  - id: COR\n    name: Again\n    audit: external\n    size_rule: {unit: fte, min: 1}\n",
        )
        .replace(
            "        topics: [policy.statement]\n",
            "        topics: [policy.statment]\n        programs: [COR, SECOR]\n"
            "      - id: 1-1\n        text: Same address?\n        evidence: [documentation]\n"
            "        scoring: criteria\n"
            '      - id: "1.3"\n        text: Criteria?\n        evidence: [documentation]\n'
            "        topics: [policy.signed]\n        criteria: [{text: Signed, topics: [policy.signed]}]\n"
            '  - id: "1 "\n    title: Again\n    questions:\n'
            '      - id: "1.3"\n        text: Twice\n        evidence: [documentation]\n',
        )
    )
    write(partners, "tiny", text)
    assert problems(partners) == [
        "partners/tiny.yml:1: id: id 'tiny-sa' does not match the file name 'tiny.yml' — rename the file to "
        "tiny-sa.yml or set id: tiny",
        "partners/tiny.yml:6: provinces: the partner's own province AB is not among the provinces it certifies in — "
        "add AB to provinces, or correct province",
        "partners/tiny.yml:20: programs.1.id: duplicate program id 'COR' — give every program its own id",
        "partners/tiny.yml:15: programs: programs count size in different units — use one unit (employees or fte) "
        "for all programs",
        "partners/tiny.yml:34: elements.0.questions.0.topics.0: unknown topic 'policy.statment' — did you mean "
        "policy.statement?",
        "partners/tiny.yml:35: elements.0.questions.0.programs.1: unknown program 'SECOR' — use one of: COR",
        "partners/tiny.yml:36: elements.0.questions.1.id: question id '1-1' is the same as '1.1' once written as a "
        "web address — give every question its own id",
        "partners/tiny.yml:39: elements.0.questions.1.scoring: scoring: criteria needs a 'criteria:' list — list "
        "each criterion as {text: ..., topics: [...]}, or use scoring: proportional",
        "partners/tiny.yml:44: elements.0.questions.2.criteria: criteria are only used with scoring: criteria (this "
        "question is proportional) — add 'scoring: criteria' or remove 'criteria:'",
        "partners/tiny.yml:45: elements.1.id: element id '1 ' is the same as '1' once written as a web address — "
        "give every element its own id",
        "partners/tiny.yml:48: elements.1.questions.0.id: duplicate question id '1.3' — give every question its own id",
        "partners/tiny.yml:48: elements.1.questions.0.topics: no topics: nothing in a manual could answer this "
        "question — add 'topics:' with the topic ids that answer it",
    ]


def test_a_broken_map_is_left_out_and_the_others_load(partners):
    write(partners, "tiny", TINY)
    write(partners, "bad", TINY.replace("id: tiny", "id: bad").replace("overall: 80", "overall: lots"))
    write(partners, "worse", "id: [unclosed\n")
    library, found = load_library(partners)
    assert list(library.partners) == ["tiny"]
    assert [(p.file, p.field) for p in found] == [
        ("partners/bad.yml", "pass_rules.overall"),
        ("partners/worse.yml", ""),
    ]


def test_only_the_map_asked_for_is_loaded_unless_it_does_not_exist(partners):
    write(partners, "tiny", TINY)
    write(partners, "bad", "id: [unclosed\n")
    assert list(load_library(partners, "tiny")[0].partners) == ["tiny"] and problems(partners, "tiny") == []
    assert problems(partners, "nosuch") != []  # everything is loaded, so the caller can list what there is
    assert problems(partners, "topics") != []  # topics.yml is not a partner map
    assert problems(partners, "../partners/tiny") != []


def replacing(pid: str, kind: str = "certifying-partner", by: str | None = None) -> str:
    text = TINY.replace("id: tiny", f"id: {pid}").replace("kind: certifying-partner", f"kind: {kind}")
    return text + (f"replaced_by: {by}\n" if by else "")


@pytest.mark.parametrize(
    "maps, expected",
    [
        (
            {"old": "old"},
            "partners/old.yml:30: replaced_by: a partner map cannot replace itself — name the map of the "
            "newer instrument",
        ),
        (
            {"old": "nosuch", "new": None},
            "partners/old.yml:30: replaced_by: unknown partner map 'nosuch' — name one of: new",
        ),
        (
            {"old": "new", "new": None, "kind:new": "legislation"},
            "partners/old.yml:30: replaced_by: 'new' is a legislation map, this is a certifying-partner map — name a map of "
            "the same kind",
        ),
        (
            {"old": "new", "new": "old"},
            "partners/new.yml:30: replaced_by: replaced_by goes round in a loop "
            "(new → old → new) — the newest map must have no replaced_by",
        ),
    ],
)
def test_replaced_by_names_a_newer_map_of_the_same_kind_and_ends(partners, maps, expected):
    for pid, by in maps.items():
        if not pid.startswith("kind:"):
            write(partners, pid, replacing(pid, maps.get(f"kind:{pid}", "certifying-partner"), by))
    assert expected in problems(partners)


def test_the_newest_map_is_at_the_end_of_the_chain(partners):
    write(partners, "v1", replacing("v1", by="v2"))
    write(partners, "v2", replacing("v2", by="v3"))
    write(partners, "v3", replacing("v3"))
    library, found = load_library(partners)
    assert found == []
    assert [library.newest(p).id for p in ("v1", "v2", "v3")] == ["v3", "v3", "v3"]
    assert library.newest("nosuch") is None


def test_a_duplicate_topic_id_in_the_catalogue(partners):
    topics = (partners / "partners" / "topics.yml").read_text(encoding="utf-8")
    (partners / "partners" / "topics.yml").write_text(
        topics + "  - {id: policy.statement, title: Again, description: Twice.}\n", encoding="utf-8"
    )
    found = problems(partners)
    assert len(found) == 1 and found[0].endswith(
        ": duplicate topic id 'policy.statement' — give every topic its own id"
    )

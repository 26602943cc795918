"""schemas: cerberus errors turned into `file:line: field: problem — fix` lines (a fix for every
rule), the coercions YAML needs (911 and revision 4 are text; yes is not a number), and the fast
path for page front matter, which must give exactly what the full check gives."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from cerberus import SchemaError

import hsms_manuals
from hsms_manuals.schemas import MANUAL, PAGE, TRANSLATION, Schema, check_definition, plain_page
from hsms_manuals.yamlio import parse_yaml

SMALL = {
    "name": {"type": "string", "required": True, "empty": False},
    "phone": {"type": "string", "coerce": lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v},
    "kind": {"type": "string", "allowed": ["shop", "field"]},
    "workers": {"type": "integer", "min": 1, "max": 500},
    "fte": {"type": "number", "above": 0, "nullable": True},
    "code": {"type": "string", "regex": r"^[A-Z]{2}$", "meta": {"fix": "write two capital letters, e.g. AB"}},
    "when": {"type": "date"},
    "sites": {"type": "list", "schema": {"type": "dict", "schema": {"name": {"type": "string", "required": True}}}},
}


def lines(text: str, schema=SMALL) -> list[str]:
    doc, problems = Schema(schema).check(parse_yaml(text, "manuals/tiny/x.yml"))
    assert (doc is None) == bool(problems)
    return [str(p) for p in problems]


def test_every_problem_at_once_with_its_line_and_a_fix():
    text = (
        "name: ''\n"
        "kind: office\n"
        "workers: 0\n"
        "fte: 0\n"
        "code: ab\n"
        "when: '2026-01-01'\n"
        "sites:\n"
        "  - name: Shop\n"
        "  - {}\n"
        "colour: blue\n"
    )
    assert sorted(lines(text)) == sorted(
        [
            "manuals/tiny/x.yml:1: name: empty values not allowed — fill it in or remove the field",
            "manuals/tiny/x.yml:2: kind: unallowed value office — use one of: shop, field",
            "manuals/tiny/x.yml:3: workers: min value is 1 — use a value at least 1",
            "manuals/tiny/x.yml:4: fte: must be more than 0 — see the formats in README.md",
            "manuals/tiny/x.yml:5: code: value does not match regex '^[A-Z]{2}$' — write two capital letters, e.g. AB",
            "manuals/tiny/x.yml:6: when: must be of date type — write the date as YYYY-MM-DD, without quotes",
            "manuals/tiny/x.yml:9: sites.1.name: required field — add 'name:' (see the formats in README.md)",
            "manuals/tiny/x.yml:10: colour: unknown field — remove it or correct the spelling of the field name",
        ]
    )


def test_a_missing_required_field_and_a_document_that_is_not_a_mapping():
    assert lines("kind: shop\n") == [
        "manuals/tiny/x.yml:1: name: required field — add 'name:' (see the formats in README.md)"
    ]
    assert lines("- a\n- b\n") == [
        "manuals/tiny/x.yml:1: expected a mapping of fields, found list — write "
        "'field: value' lines (see the formats in README.md)"
    ]
    assert lines("") == [
        "manuals/tiny/x.yml:1: expected a mapping of fields, found nothing — write 'field: value' "
        "lines (see the formats in README.md)"
    ]


def test_yaml_numbers_and_booleans_are_not_what_they_look_like():
    doc, problems = Schema(SMALL).check(parse_yaml("name: Shop\nphone: 911\nworkers: 12\n", "x.yml"))
    assert problems == [] and doc["phone"] == "911" and doc["workers"] == 12
    assert lines("name: Shop\nworkers: yes\n") == [
        "manuals/tiny/x.yml:2: workers: must be of integer type — write a whole number, e.g. 12"
    ]
    assert lines("name: Shop\nworkers: 12.5\n") == [
        "manuals/tiny/x.yml:2: workers: must be of integer type — write a whole number, e.g. 12"
    ]


def test_a_text_field_written_as_yaml_mapping_says_to_quote_it():
    assert lines("name:\n  Duty: check the ladder\n") == [
        "manuals/tiny/x.yml:1: name: must be of string type — put the text in quotes: YAML reads 'words: more "
        "words' as a field"
    ]


@pytest.mark.parametrize(
    "front",
    [
        "title: Policy\nstatus: approved\nowner: Owner\n",
        "title: Policy\nstatus: draft\nowner: Owner\ncovers: [policy.statement]\n",
        "title: Policy\nstatus: approved\nowner: Owner\ncovers: {policy.statement: our-promise}\n",
        "title: Policy\nstatus: approved\nowner: Owner\ndescription: What we promise.\n",
        "title: Policy\nstatus: approved\nowner: Owner\ndescription:\n",
    ],
)
def test_the_fast_path_gives_what_the_full_check_gives_for_a_valid_page(front):
    src = parse_yaml(front, "p.md")
    doc, problems = Schema(PAGE).check(src)
    assert problems == []
    assert plain_page(src.data) == doc


@pytest.mark.parametrize(
    "front",
    [
        "title: ''\nstatus: approved\nowner: Owner\n",
        "title: 2024\nstatus: approved\nowner: Owner\n",  # the full check makes it text
        "title: T\nstatus: Approved\nowner: Owner\n",
        "title: T\nstatus: approved\n",
        "title: T\nstatus: approved\nowner: Owner\ncovers: policy.statement\n",
        "title: T\nstatus: approved\nowner: Owner\ncolour: blue\n",
        "title: T\nstatus: approved\nowner: Owner\ndescription: " + "x" * 301 + "\n",
        "title: T\nstatus: approved\nowner: Owner\ndescription: ''\n",
        "title: T\nstatus: approved\nowner: Owner\ndescription: [a]\n",
        "- not a mapping\n",
    ],
)
def test_anything_else_goes_to_the_full_check(front):
    src = parse_yaml(front, "p.md")
    assert plain_page(src.data) is None
    doc, _ = Schema(PAGE).check(src)
    assert doc is None or front.startswith("title: 2024")


def test_a_page_says_how_to_write_covers():
    assert lines("title: T\nstatus: approved\nowner: O\ncovers: policy.statement\n", PAGE) == [
        "manuals/tiny/x.yml:4: covers: must be a list or a mapping (field: value lines) — write covers as "
        "'topic.id: heading-id' lines (or a list of topic ids on a short page)"
    ]


def test_a_translation_may_not_carry_what_makes_a_page_count():
    text = "title: Droits\ntranslation: {status: draft}\nstatus: approved\ncovers: [policy.statement]\nowner: O\n"
    assert sorted(lines(text, TRANSLATION)) == [
        "manuals/tiny/x.yml:3: status: field is read-only — remove it: only the controlled page's status: counts — a "
        "translation never counts for coverage or approval; write translation: {status: draft}",
        "manuals/tiny/x.yml:4: covers: field is read-only — remove it: only the controlled page's covers: counts — a "
        "translation never counts for coverage or approval",
        "manuals/tiny/x.yml:5: owner: field is read-only — remove it: only the controlled page's owner: counts — a "
        "translation never counts for coverage or approval",
    ]
    doc, problems = Schema(TRANSLATION).check(
        parse_yaml(
            "title: 2024\ntranslation: {status: reviewed, reviewed_by: Ana}\n"
            "translated_from: {revision: 4, digest: 'sha256:" + "a" * 64 + "'}\n",
            "x.md",
        )
    )
    assert problems == [] and doc["title"] == "2024" and doc["translated_from"]["revision"] == "4"


def test_the_manual_schema_refuses_a_true_headcount():
    assert any(
        line.startswith("manuals/tiny/x.yml:") and "employees: must be of integer type" in line
        for line in lines("company: {name: Co, province: AB, employees: true}\n", MANUAL)
    )


# Every schema the package builds a validator from. A run trusts them (cerberus' own check of a
# schema costs 4–60 ms, at every start), so each is checked here instead.
def _our_schemas() -> dict[str, dict]:
    from hsms_manuals import schemas, starter_library

    return {
        name: getattr(schemas, name, None) or getattr(starter_library, name)
        for name in ("TOPICS", "PARTNER", "LEGISLATION", "MANUAL", "PAGE", "TRANSLATION", "STARTER")
    }


@pytest.mark.parametrize("name", sorted(_our_schemas()))
def test_each_schema_of_the_package_passes_cerberus_check(name):
    check_definition(_our_schemas()[name])


def test_check_definition_refuses_a_broken_schema():
    with pytest.raises(SchemaError, match="strnig"):
        check_definition({"name": {"type": "strnig"}})
    with pytest.raises(SchemaError, match="above"):
        check_definition({"fte": {"type": "number", "above": "zero"}})  # our own rule's arguments too


def test_every_validator_the_package_builds_uses_a_checked_schema():
    # Every call Schema(X) in the package names one of the schemas above (not a dict built in place).
    package = Path(hsms_manuals.__file__).parent
    calls = [
        node
        for f in package.rglob("*.py")
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Schema"
    ]
    named = [ast.unparse(c.args[0]) if c.args else ast.unparse(c) for c in calls]
    assert named and set(named) <= set(_our_schemas()), sorted(set(named) - set(_our_schemas()))

"""fast_schema: a plainly valid document is normalised exactly as cerberus normalises it, and
nothing cerberus refuses is ever accepted — checked on every shipped YAML file and on thousands
of mutations of them."""

from __future__ import annotations

import copy
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest

from hsms_manuals import schemas
from hsms_manuals.fast_schema import NotPlain, compile_schema
from hsms_manuals.starter_library import STARTER
from hsms_manuals.yamlio import front_matter_source, load_yaml_file

REPO = Path(__file__).resolve().parents[2]
STARTERS = REPO / "macros" / "hsms_manuals" / "starters"


def shipped() -> list[tuple[str, dict[str, Any], Path]]:
    """(name, schema, file) of every YAML file the repository ships that a schema checks."""
    out = [("MANUAL", schemas.MANUAL, p) for p in sorted(REPO.glob("manuals/*/manual.yml"))]
    out += [("PARTNER", schemas.PARTNER, p) for p in sorted(REPO.glob("partners/*.yml")) if p.name != "topics.yml"]
    out += [("TOPICS", schemas.TOPICS, REPO / "partners" / "topics.yml")]
    out += [("LEGISLATION", schemas.LEGISLATION, p) for p in sorted(REPO.glob("partners/legislation/*.yml"))]
    out += [("STARTER", STARTER, p) for p in sorted(STARTERS.glob("*/starter.yml"))]
    return out


def pages() -> list[Path]:
    return sorted(REPO.glob("manuals/*/docs/**/*.md"))


def cerberus(schema: dict[str, Any], data: Any) -> Any:
    """What cerberus alone gives: the normalised document, or None."""
    s = schemas.Schema(schema)
    s._fast = None
    v = s._validator
    return v.document if v.validate(data) else None


def fast(schema: dict[str, Any], data: Any) -> Any:
    check = compile_schema(schema)
    assert check is not None
    try:
        return check(data)
    except NotPlain:
        return NotPlain


def ids(cases: list[tuple[str, dict[str, Any], Path]]) -> list[str]:
    return [f"{name}:{path.parent.name}/{path.name}" for name, _, path in cases]


@pytest.mark.parametrize("name, schema, path", shipped(), ids=ids(shipped()))
def test_every_shipped_file_takes_the_fast_path_to_the_same_document(name, schema, path):
    data = load_yaml_file(path, str(path)).data
    expected = cerberus(schema, copy.deepcopy(data))
    assert expected is not None
    assert fast(schema, copy.deepcopy(data)) == expected


def test_every_shipped_page_front_matter_gives_the_same_document():
    assert pages()
    for path in pages():
        data = front_matter_source(path.read_text(encoding="utf-8"), str(path)).data
        schema = schemas.TRANSLATION if "translation" in (data or {}) else schemas.PAGE
        expected = cerberus(schema, copy.deepcopy(data))
        got = fast(schema, copy.deepcopy(data))
        assert got == expected or (got is NotPlain and expected is None), path


ODD_VALUES: list[Any] = [
    None,
    "",
    " ",
    "x",
    "AB",
    "ab\n",
    0,
    -1,
    1,
    12,
    100,
    101,
    100_001,
    2.5,
    0.0,
    True,
    False,
    [],
    {},
    ["x"],
    [None],
    [{}],
    {"x": 1},
    {"name": "x"},
    dt.date(2026, 1, 1),
    dt.datetime(2026, 1, 1, 8, 0),
    "2026-01-01",
    "inspection.schedule",
    "week",
    "Letter",
    "403-555-0100",
    911,
]


def paths(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(data, dict):
        for k, v in data.items():
            out += paths(v, at + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += paths(v, at + (i,))
    return out


def mutate(data: Any, rng: random.Random) -> Any:
    """A copy of the document with one or two values changed, a field removed or an unknown one added."""
    data = copy.deepcopy(data)
    for _ in range(rng.choice((1, 1, 2))):
        at = rng.choice(paths(data))
        if not at:
            continue
        parent = data
        for key in at[:-1]:
            parent = parent[key]
        what = rng.random()
        if what < 0.15 and isinstance(parent, dict):
            del parent[at[-1]]
        elif what < 0.2 and isinstance(parent, dict):
            parent[rng.choice(["extra", "nmae", 3, "default"])] = "x"
        elif what < 0.25 and isinstance(parent, list):
            parent.append(copy.deepcopy(rng.choice(ODD_VALUES + [parent[at[-1]]])))
        else:
            parent[at[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    return data


@pytest.mark.parametrize("name, schema, path", shipped()[:6], ids=ids(shipped()[:6]))
def test_mutations_are_never_accepted_when_cerberus_refuses_them(name, schema, path):
    data = load_yaml_file(path, str(path)).data
    rng = random.Random(path.name)
    fast_taken = 0
    for _ in range(400):
        doc = mutate(data, rng)
        expected = cerberus(schema, copy.deepcopy(doc))
        got = fast(schema, copy.deepcopy(doc))
        if got is NotPlain:
            continue
        fast_taken += 1
        assert got == expected, doc
    assert fast_taken > 30  # plenty of the mutations are still valid, and take the fast path


def test_what_the_fast_path_leaves_to_cerberus():
    small = {
        "n": {"type": "number", "min": 0},
        "kind": {"type": "string", "allowed": ["a", "b"]},
        "when": {"type": "date"},
        "tags": {"type": "list", "default": [], "schema": {"type": "string"}},
    }
    check = compile_schema(small)
    assert check is not None
    assert check({"n": 2}) == {"n": 2, "tags": []}
    for odd in ({"n": True}, {"kind": ""}, {"when": dt.datetime(2026, 1, 1)}, {"other": 1}, [], {"tags": [1]}):
        with pytest.raises(NotPlain):
            check(odd)
    assert cerberus(small, {"when": dt.datetime(2026, 1, 1)}) is not None  # a datetime is a date to cerberus
    assert compile_schema({"x": {"type": "string", "oneof": [{}]}}) is None  # a rule not compiled: no fast path
    assert compile_schema({"x": {"anything": True}}) is None

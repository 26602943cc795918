"""starter_library: the curated starters `hsms new` begins a client manual from — which one a
partner's client in a province gets, the usage errors when none fits, and how a starter's pages
are composed from its layers (a later layer's page replaces an earlier one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECT
from hsms_manuals import starter_library
from hsms_manuals.errors import UsageError, ValidationFailed
from hsms_manuals.library import load_library
from hsms_manuals.starter_library import choose, default_industry, load_starters

PARTNERS = load_library(PROJECT)[0].partners
LISTING = (
    "ab-construction (Alberta construction (AB; construction)); ab-oil-gas (Alberta oil and gas (AB; "
    "oil-and-gas)); bc-construction (British Columbia construction (BC; construction))"
)


@pytest.mark.parametrize(
    "partner, province, industry, starter",
    [
        ("acsa", "AB", None, "ab-construction"),  # the partner's usual industry
        ("esc", "AB", None, "ab-oil-gas"),
        ("bccsa", "BC", None, "bc-construction"),
        ("ab-ohs", "AB", None, "ab-construction"),  # the first starter made for it
        ("acsa", "AB", "oil-and-gas", "ab-oil-gas"),  # asked for: another industry than the partner's usual
        ("esc", "AB", "construction", "ab-construction"),
    ],
)
def test_the_starter_for_a_partners_client(partner, province, industry, starter):
    assert choose(PARTNERS[partner], province, industry).id == starter


def test_a_starter_asked_for_by_id_must_exist_and_fit_the_province():
    assert choose(PARTNERS["acsa"], "AB", starter_id="ab-oil-gas").id == "ab-oil-gas"
    with pytest.raises(UsageError) as err:
        choose(PARTNERS["acsa"], "AB", starter_id="ab-constructoin")
    assert str(err.value) == "unknown starter 'ab-constructoin' — did you mean ab-construction?"
    with pytest.raises(UsageError) as err:
        choose(PARTNERS["acsa"], "AB", starter_id="zzz")
    assert str(err.value) == f"unknown starter 'zzz' — use one of: {LISTING} (`hsms new --list-starters`)"
    with pytest.raises(UsageError) as err:
        choose(PARTNERS["bccsa"], "AB", starter_id="bc-construction")
    assert str(err.value) == (
        "starter bc-construction is written for BC law, but the company is in AB — choose a "
        "starter for AB (`hsms new --list-starters`)"
    )


def test_no_starter_for_the_industry_in_the_province():
    with pytest.raises(UsageError) as err:
        choose(PARTNERS["bccsa"], "BC", "oil-and-gas")
    assert str(err.value) == f"no starter for oil-and-gas in BC yet — starters: {LISTING}"


def test_the_usual_industry_comes_from_the_first_starter_made_for_the_partner():
    starters = load_starters()
    assert [default_industry(PARTNERS[p], starters) for p in ("acsa", "esc", "bccsa", "ab-ohs")] == [
        "construction",
        "oil-and-gas",
        "construction",
        "construction",
    ]


def test_every_shipped_starter_composes_pages_that_name_no_company():
    starters = load_starters()
    assert list(starters) == ["ab-construction", "ab-oil-gas", "bc-construction"]
    pages = starters["ab-oil-gas"].pages()
    assert list(pages) == sorted(pages) and "index.md" in pages and "05-hazard-control.md" in pages
    assert "H2S" in pages["05-hazard-control.md"] or "hydrogen sulphide" in pages["05-hazard-control.md"].lower()
    for starter in starters.values():
        assert starter.manual_template()["company"]  # a template with the company's TODOs
        for text in starter.pages().values():
            assert "Ridgeline" not in text and "Northfork" not in text  # never another client's manual


# --- a library written here (hsms's own data, checked when loaded) ---------------------------------


def _starter(folder: Path, sid: str, layers: str, **over: str) -> None:
    (folder / sid).mkdir(parents=True)
    fields = {
        "id": sid,
        "title": "T",
        "description": "D",
        "province": "AB",
        "industries": "[construction]",
        "partners": "[acsa]",
        "layers": layers,
    } | over
    (folder / sid / "starter.yml").write_text("".join(f"{k}: {v}\n" for k, v in fields.items()), encoding="utf-8")
    (folder / sid / "manual.yml").write_text("company: {name: TODO}\n", encoding="utf-8")


def _page(folder: Path, layer: str, rel: str, text: str) -> None:
    path = folder / "_layers" / layer / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def library(tmp_path, monkeypatch):
    monkeypatch.setattr(starter_library, "_folder", lambda: tmp_path)
    load_starters.cache_clear()
    yield tmp_path
    load_starters.cache_clear()


def test_a_later_layer_replaces_an_earlier_page_of_the_same_name(library):
    _page(library, "common", "index.md", "common home")
    _page(library, "common", "01-policy.md", "common policy")
    _page(library, "common", "sub/02-plan.md", "common plan")
    _page(library, "common", ".hidden.md", "never")
    _page(library, "common", "notes.txt", "never")
    _page(library, "alberta", "01-policy.md", "Alberta policy")
    _starter(library, "ab-x", "[common, alberta]")
    assert load_starters()["ab-x"].pages() == {
        "01-policy.md": "Alberta policy",
        "index.md": "common home",
        "sub/02-plan.md": "common plan",
    }


def test_a_broken_library_is_reported_as_problems_of_hsms_own_data(library):
    _page(library, "common", "index.md", "home")
    _starter(library, "good", "[common]")
    _starter(library, "misnamed", "[common]", id="other")
    _starter(library, "no-layer", "[common, nowhere]")
    _starter(library, "bad", "[common]", industries="[farming]")
    with pytest.raises(ValidationFailed) as err:
        load_starters()
    assert [(p.file, p.field, p.problem) for p in err.value.problems] == [
        ("starters/bad/starter.yml", "industries.0", "unallowed value farming"),
        ("starters/misnamed/starter.yml", "id", "id must be the folder name 'misnamed'"),
        ("starters/no-layer/starter.yml", "layers", "no such layer: nowhere"),
    ]

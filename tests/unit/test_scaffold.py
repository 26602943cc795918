"""scaffold (`hsms new`): a client manual started from a starter — the refusals before anything is
written, the company name kept as data, the committee or representative the law asks for, every
page a draft, and nothing half-made when it fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from hsms_manuals import scaffold
from hsms_manuals.errors import UsageError
from hsms_manuals.library import Library, load_library
from hsms_manuals.manual import load_manual
from hsms_manuals.scaffold import PLACEHOLDER_PHONE, create, document_number
from hsms_manuals.yamlio import front_matter_source


@pytest.fixture
def library(repo) -> Library:
    lib, problems = load_library(repo)
    assert problems == []
    return lib


def settings(target: Path) -> dict:
    return yaml.safe_load((target / "manual.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("company", "number"),
    [
        ("Ridgeline Builders", "RB-HSMS-001"),
        ("northfork wellsite services ltd.", "NWSL-HSMS-001"),
        ("A B C D E F G H", "ABCDEF-HSMS-001"),  # at most six letters
        ("3M Canada", "3C-HSMS-001"),
        ("Ökö-Bau", "KB-HSMS-001"),  # only ASCII letters and digits start a word
        ("日本建設", "CO-HSMS-001"),
    ],
)
def test_document_number_from_the_initials(company, number):
    assert document_number(company) == number


def test_a_new_manual_is_all_drafts_with_the_facts_it_knows(repo, library, today):
    today("2026-12-03")
    target, starter = create(repo, "acme", "Acme Roofing", "acsa", 12, library)
    assert target == repo / "manuals" / "acme"
    data = settings(target)
    assert data["company"]["name"] == "Acme Roofing"
    assert (data["company"]["province"], data["company"]["employees"]) == ("AB", 12)
    assert "fte" not in data["company"]  # ACSA counts heads
    assert data["certification"] == {"partner": "acsa"}
    assert data["document"]["number"] == "AR-HSMS-001"
    assert str(data["document"]["effective"]) == "2026-12-03"
    assert data["starter"] == {"id": starter.id}
    # 5–19 workers in Alberta: a representative, to fill in, right after emergency:
    keys = list(data)
    assert keys[keys.index("emergency") + 1] == "representative"
    assert data["representative"]["phone"] == PLACEHOLDER_PHONE
    assert "committee" not in data
    pages = sorted(p for p in (target / "docs").rglob("*.md"))
    assert pages
    for path in pages:
        rel = path.relative_to(target / "docs").as_posix()
        assert front_matter_source(path.read_text(encoding="utf-8"), rel).data["status"] == "draft", rel
    text = (target / "manual.yml").read_text(encoding="utf-8")
    assert text.startswith("# Acme Roofing: health and safety manual settings")
    assert [n for n in os.listdir(repo / "manuals") if n.startswith(".")] == []


def test_twenty_workers_in_alberta_get_a_committee(repo, library):
    target, _ = create(repo, "big", "Big Co", "acsa", 20, library)
    data = settings(target)
    assert [m["represents"] for m in data["committee"]["members"]] == ["workers", "employer"]
    assert "representative" not in data


def test_a_partner_counting_fte_gets_a_first_estimate(repo, library):
    target, _ = create(repo, "bc", "Coast Framing", "bccsa", 8, library)
    assert settings(target)["company"]["fte"] == 8


@pytest.mark.parametrize(
    "company",
    ['Smith & Sons "{{ config }}" <b>', "{% include 'x' %}: Co", "- not a list", "O'Brien #1 *Best*"],
)
def test_the_company_name_is_data_kept_exactly_as_typed(repo, library, company):
    target, _ = create(repo, "odd", company, "acsa", 3, library)
    assert settings(target)["company"]["name"] == company
    manual, problems = load_manual(repo, "odd")
    assert manual is not None and manual.company.name == company
    assert not [p for p in problems if p.field.startswith("company.name")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Bad_Id", "Co", "acsa", 5), "manual id 'Bad_Id' must be "),
        (("ok", "Co", "acssa", 5), "unknown partner 'acssa' — did you mean acsa?"),
        (("ok", "Co", "acsa", 0), "--employees must be between 1 and "),
        (("ok", "Co", "acsa", 10**7), "--employees must be between 1 and "),
        (("ok", "   ", "acsa", 5), "--company must be the company's name on one line"),
        (("ok", "Two\nLines", "acsa", 5), "--company must be the company's name on one line"),
        (("ok", "Bell\x07", "acsa", 5), "--company must be the company's name on one line"),
        # YAML reads these as line breaks: the name would leave manual.yml's first comment line
        (("ok", "Acme\x85Roofing", "acsa", 5), "--company must be the company's name on one line"),
        (("ok", "Acme\u2028Roofing", "acsa", 5), "--company must be the company's name on one line"),
        (("ok", "Acme\u2029Roofing", "acsa", 5), "--company must be the company's name on one line"),
    ],
)
def test_refusals_write_nothing(repo, library, args, message):
    with pytest.raises(UsageError) as exc:
        create(repo, *args, library)
    assert str(exc.value).startswith(message)
    assert os.listdir(repo / "manuals") == []


def test_an_existing_manual_is_never_overwritten(repo, library):
    (repo / "manuals" / "acme").mkdir()
    (repo / "manuals" / "acme" / "manual.yml").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        create(repo, "acme", "Acme", "acsa", 5, library)
    assert str(exc.value) == "manuals/acme already exists — hsms new never overwrites; choose another id"
    assert (repo / "manuals" / "acme" / "manual.yml").read_text(encoding="utf-8") == "mine"


def test_a_failure_half_way_leaves_nothing(repo, library, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(scaffold, "manual_yaml", broken)
    with pytest.raises(OSError):
        create(repo, "acme", "Acme", "acsa", 5, library)
    assert os.listdir(repo / "manuals") == []


def test_a_starter_page_that_is_not_a_draft_is_refused(repo, library, monkeypatch):
    from hsms_manuals import starter_library

    real = starter_library.Starter.pages

    def approved(self):
        pages = dict(real(self))
        first = sorted(pages)[0]
        pages[first] = pages[first].replace("status: draft", "status: approved")
        return pages

    monkeypatch.setattr(starter_library.Starter, "pages", approved)
    with pytest.raises(UsageError, match=r"^starter page .+ is not marked status: draft — fix the starter library$"):
        create(repo, "acme", "Acme", "acsa", 5, library)
    assert os.listdir(repo / "manuals") == []

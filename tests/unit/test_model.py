"""The typed model: size rules, program choice, dates, and construction from validated data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MANUAL_YML, PROJECT
from hsms_manuals.errors import UsageError
from hsms_manuals.library import load_library
from hsms_manuals.model import (
    Company,
    Document,
    Evidence,
    Manual,
    Partner,
    PassRule,
    Person,
    Phone,
    Program,
    SizeRule,
    add_months,
    manual_from,
    partner_from,
)
from hsms_manuals.schemas import MANUAL, PARTNER, Schema
from hsms_manuals.validate import resolve_program
from hsms_manuals.yamlio import Source, parse_yaml

ACSA_LIKE = {
    "id": "acsa-like",
    "name": "ACSA-like partner",
    "short_name": "ACSAL",
    "kind": "certifying-partner",
    "province": "AB",
    "instrument": {"name": "COR Audit Instrument", "version": 2023, "effective": dt.date(2023, 1, 1)},
    "provenance": {"source": "tests", "verified": True},
    "programs": [
        {
            "id": "SECOR",
            "name": "Small",
            "audit": "self-assessment",
            "size_rule": {"unit": "employees", "min": 1, "below": 11},
        },
        {"id": "COR", "name": "Large", "audit": "external", "size_rule": {"unit": "employees", "min": 10}},
    ],
    "pass_rules": {"overall": 80, "element_min": 50, "maintenance": {"overall": 60, "element_min": None}},
    "elements": [
        {
            "id": "1",
            "title": "Policy",
            "questions": [
                {"id": "1.1", "text": "Policy exists.", "evidence": ["documentation"], "topics": ["policy.statement"]},
                {
                    "id": "1.2",
                    "text": "Workers know it.",
                    "evidence": ["interview"],
                    "points": 5,
                    "programs": ["COR"],
                    "topics": ["policy.posted"],
                },
            ],
        }
    ],
}

BC_LIKE = {
    **ACSA_LIKE,
    "id": "bc-like",
    "short_name": "BCL",
    "province": "BC",
    "programs": [
        {"id": "SMALL", "name": "Small COR", "audit": "internal", "size_rule": {"unit": "fte", "min": 0, "below": 20}},
        {"id": "LARGE", "name": "Large COR", "audit": "external", "size_rule": {"unit": "fte", "min": 20}},
    ],
}


def build_partner(data: dict) -> Partner:
    """Validate and normalise like the loader does, then build the typed partner."""
    doc, problems = Schema(PARTNER).check(Source("partner.yml", "", data))
    assert problems == []
    return partner_from(doc)


def build_manual(
    employees: int = 24, fte: float | None = None, program: str | None = "COR", partner: str = "acsa"
) -> Manual:
    text = MANUAL_YML.replace("employees: 24", f"employees: {employees}\n  fte: {'null' if fte is None else fte}")
    text = text.replace("program: COR", f"program: {program or 'null'}").replace("partner: acsa", f"partner: {partner}")
    doc, problems = Schema(MANUAL).check(parse_yaml(text, "manual.yml"))
    assert problems == []
    return manual_from("tiny", Path("/nowhere/tiny"), doc, ())


# --- SizeRule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule, size, fits",
    [
        (SizeRule("employees", 1, 11), 0, False),
        (SizeRule("employees", 1, 11), 1, True),  # min is inclusive
        (SizeRule("employees", 1, 11), 10, True),
        (SizeRule("employees", 1, 11), 11, False),  # below is exclusive
        (SizeRule("employees", 10), 10, True),
        (SizeRule("employees", 10), 10_000, True),  # no upper bound
        (SizeRule("employees", 10), 9, False),
        (SizeRule("fte", 0, 20), 0, True),
        (SizeRule("fte", 0, 20), 19.99, True),
        (SizeRule("fte", 0, 20), 20, False),
    ],
)
def test_size_rule_fits_edges(rule, size, fits):
    assert rule.fits(size) is fits


def test_size_rule_describe():
    assert SizeRule("employees", 1, 11).describe() == "1 to fewer than 11 employees"
    assert SizeRule("fte", 20).describe() == "20 or more FTE"
    assert SizeRule("fte", 0, 19.5).describe() == "0 to fewer than 19.5 FTE"


# --- Partner.program_for -------------------------------------------------------------------


@pytest.mark.parametrize("size, default", [(1, "SECOR"), (10, "SECOR"), (11, "COR"), (250, "COR"), (0, None)])
def test_program_for_acsa_like(size, default):
    partner = build_partner(ACSA_LIKE)
    program = partner.program_for(size)
    assert (program.id if program else None) == default


def test_exactly_ten_may_choose_either_but_eleven_must_hold_cor():
    partner = build_partner(ACSA_LIKE)
    assert partner.program("COR").size_rule.fits(10)
    assert partner.program("SECOR").size_rule.fits(10)
    assert not partner.program("SECOR").size_rule.fits(11)
    assert partner.program("NOPE") is None


@pytest.mark.parametrize(
    "fte, expected", [(0.5, "SMALL"), (19, "SMALL"), (19.99, "SMALL"), (20, "LARGE"), (20.01, "LARGE")]
)
def test_program_for_bc_fte(fte, expected):
    assert build_partner(BC_LIKE).program_for(fte).id == expected


def test_shipped_maps_size_rules():
    library, problems = load_library(PROJECT)
    assert problems == []
    acsa, bccsa = library.partners["acsa"], library.partners["bccsa"]
    assert [acsa.program_for(n).id for n in (1, 10, 11)] == ["SECOR", "SECOR", "COR"]
    assert [bccsa.program_for(n).id for n in (19, 19.99, 20)] == ["SMALL", "SMALL", "LARGE"]
    assert bccsa.size_unit == "fte" and acsa.size_unit == "employees"


def test_size_for_uses_the_partner_unit_and_fte_may_be_missing():
    acsa, bc = build_partner(ACSA_LIKE), build_partner(BC_LIKE)
    manual = build_manual(employees=24, fte=None, program=None)
    assert manual.size_for(acsa) == 24
    assert manual.size_for(bc) is None
    assert build_manual(employees=24, fte=19.99, program=None).size_for(bc) == 19.99


def test_resolve_program_fte_missing_is_a_clear_usage_error():
    bc = build_partner(BC_LIKE)
    with pytest.raises(UsageError, match=r"cannot choose a BCL program for tiny: set company.fte .* or pass --program"):
        resolve_program(build_manual(fte=None, program=None), bc)
    assert resolve_program(build_manual(fte=None, program=None), bc, "LARGE").id == "LARGE"
    assert resolve_program(build_manual(fte=19.99, program=None), bc).id == "SMALL"


def test_resolve_program_written_asked_or_derived():
    acsa = build_partner(ACSA_LIKE)
    assert resolve_program(build_manual(employees=10, program=None), acsa).id == "SECOR"
    assert resolve_program(build_manual(employees=10, program="COR", partner="acsa-like"), acsa).id == "COR"
    # What-if: a program written for another partner is ignored; the size decides.
    assert resolve_program(build_manual(employees=10, program="COR", partner="acsa"), acsa).id == "SECOR"
    assert resolve_program(build_manual(employees=10, program="COR", partner="acsa-like"), acsa, "SECOR").id == "SECOR"
    with pytest.raises(UsageError, match=r"^ACSAL has no program 'BIG' — use one of: SECOR, COR$"):
        resolve_program(build_manual(), acsa, "BIG")


# --- construction from validated data --------------------------------------------------------


def test_partner_from_applies_defaults():
    p = build_partner(ACSA_LIKE)
    q1, q2 = p.elements[0].questions
    assert p.default_points == 10 and q1.points is None and q2.points == 5
    assert q1.programs == frozenset({"SECOR", "COR"}) and q2.programs == frozenset({"COR"})
    assert q1.documentary and not q2.documentary and q2.evidence == (Evidence.INTERVIEW,)
    assert q1.verified and p.elements[0].verified
    assert p.instrument_version == "2023"  # a number in YAML is kept as text
    assert p.pass_rule == PassRule(80, 50) and p.maintenance_rule == PassRule(60, None)
    assert p.elements[0].label == "1 Policy"


def test_partner_is_active_edges():
    p = build_partner({**ACSA_LIKE, "active_from": dt.date(2020, 1, 1), "active_to": dt.date(2025, 12, 31)})
    assert not p.is_active(dt.date(2019, 12, 31))
    assert p.is_active(dt.date(2020, 1, 1)) and p.is_active(dt.date(2025, 12, 31))
    assert not p.is_active(dt.date(2026, 1, 1))
    assert build_partner(ACSA_LIKE).is_active(dt.date(1900, 1, 1))


def test_manual_from_applies_defaults():
    m = build_manual()
    assert m.company == Company("Tiny Test Co.", "AB", 24, None)
    assert m.document.title == "Health and Safety Manual" and m.document.review_months == 12
    assert m.document.revision == "1" and m.document.changes == () and m.document.page_size == "Letter"
    assert m.emergency.numbers[0] == Phone("Fire, ambulance, police", "911")
    assert m.not_applicable == {} and m.forms == () and m.responsibilities == ()
    assert m.program_id == "COR" and m.partner_id == "acsa"


def test_pass_rule_describe():
    assert PassRule(80, 50).describe() == "at least 80% overall, every element at least 50%"
    assert PassRule(60, None).describe() == "at least 60% overall"


def test_phone_tel_keeps_digits_and_plus():
    assert Phone("x", "+1 (403) 555-0148").tel == "+14035550148"


def test_program_is_plain_data():
    assert Program("COR", "Certificate", "external", SizeRule("employees", 10)).size_rule.below is None


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),  # clamped to the month's last day
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),  # year rolls over
        (dt.date(2026, 9, 1), 12, dt.date(2027, 9, 1)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29)),
        (dt.date(2026, 5, 10), 0, dt.date(2026, 5, 10)),
        (dt.date(2026, 1, 31), 36, dt.date(2029, 1, 31)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_document_next_review():
    person = Person("Pat Doe", "Owner")
    assert Document("N", "1", dt.date(2026, 9, 1), person).next_review == dt.date(2027, 9, 1)
    assert Document("N", "1", dt.date(2026, 8, 31), person, review_months=6).next_review == dt.date(2027, 2, 28)
    assert Document("N", "1", dt.date(2026, 1, 31), person, review_months=1).next_review == dt.date(2026, 2, 28)


def test_one_schema_validates_many_documents_without_leaking_state():
    from hsms_manuals.schemas import PAGE

    schema = Schema(PAGE)
    first, _ = schema.check(
        Source("a.md", "", {"title": 2024, "covers": ["policy.signed"], "status": "approved", "owner": "Owner"})
    )
    bad, problems = schema.check(Source("b.md", "", {"title": "B", "status": "maybe", "owner": "Owner", "x": 1}))
    second, _ = schema.check(Source("c.md", "", {"title": "C", "status": "draft", "owner": "Owner"}))
    assert first == {"title": "2024", "covers": ["policy.signed"], "status": "approved", "owner": "Owner"}
    assert bad is None and [(p.field, p.problem) for p in problems] == [
        ("status", "unallowed value maybe"),
        ("x", "unknown field"),
    ]
    assert second == {"title": "C", "covers": [], "status": "draft", "owner": "Owner"}
    assert first["covers"] is not second["covers"]


def test_true_is_not_an_integer():
    doc, problems = Schema(MANUAL).check(parse_yaml(MANUAL_YML.replace("employees: 24", "employees: yes"), "m.yml"))
    assert doc is None and [str(p) for p in problems] == [
        "m.yml:4: company.employees: must be of integer type — write the peak number of workers incl. management (1 to 100000), e.g. 24"
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"title": "Policy", "covers": ["policy.signed"], "status": "approved", "owner": "Owner"},
        {"title": "Policy", "covers": {"policy.signed": "signed"}, "status": "draft", "owner": "Owner"},
        {"title": "Policy", "status": "approved", "owner": "Owner"},
        {"title": 2024, "status": "approved", "owner": "Owner"},
        {"title": "", "status": "approved", "owner": "Owner"},
        {"title": "P", "status": "final", "owner": "Owner"},
        {"title": "P", "status": "approved", "owner": ""},
        {"title": "P", "status": "approved"},
        {"title": "P", "covers": None, "status": "approved", "owner": "O"},
        {"title": "P", "covers": "policy.signed", "status": "approved", "owner": "O"},
        {"title": "P", "status": "approved", "owner": "O", "tags": ["x"]},
        ["not", "a", "mapping"],
        None,
    ],
)
def test_plain_pages_skip_cerberus_with_the_same_result(data):
    """The fast path for plainly valid pages gives what cerberus gives, and nothing else."""
    from hsms_manuals.schemas import PAGE, plain_page

    fast = plain_page(data)
    checked, problems = Schema(PAGE).check(Source("a.md", "", data))
    if fast is not None:
        assert problems == [] and fast == checked
    else:  # everything the fast path leaves to cerberus is odd in some way (or needs coercing)
        assert problems or checked != data

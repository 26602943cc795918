"""audit_model: certificates (valid dates, years of their life, length), the certification
history, records rules (which certificate so many months earn), record frequencies and months
as integers — the dates audit day and `hsms records` depend on."""

from __future__ import annotations

import datetime as dt

import pytest

from hsms_manuals.audit_model import (
    AuditType,
    Certificate,
    Certification,
    Frequency,
    Who,
    certification_from,
    month_end,
    month_index,
    month_label,
    month_start,
    record_kinds_from,
    records_rules_from,
)

D = dt.date
COR = Certificate("COR", D(2024, 3, 16), D(2027, 3, 15), "AB-1234")


def test_a_certificate_is_valid_from_its_issue_date_through_its_expiry_date():
    assert [COR.valid_on(d) for d in (D(2024, 3, 15), D(2024, 3, 16), D(2027, 3, 15), D(2027, 3, 16))] == [
        False,
        True,
        True,
        False,
    ]


@pytest.mark.parametrize(
    "day, year",
    [(D(2024, 3, 16), 1), (D(2025, 3, 15), 1), (D(2025, 3, 16), 2), (D(2026, 12, 31), 3), (D(2027, 3, 15), 3)],
)
def test_the_year_of_a_certificate_starts_on_its_issue_date(day, year):
    assert COR.year_of(day) == year


def test_a_leap_day_certificate_turns_a_year_on_the_first_of_march():
    leap = Certificate("COR", D(2024, 2, 29), D(2027, 2, 28))
    assert (leap.year_of(D(2025, 2, 28)), leap.year_of(D(2025, 3, 1))) == (1, 2)
    assert leap.length_years == 3


def test_length_and_label():
    assert COR.length_years == 3
    assert Certificate("SECOR", D(2026, 1, 1), D(2026, 12, 31)).length_years == 1
    assert Certificate("SECOR", D(2026, 1, 1), D(2026, 1, 2)).length_years == 1  # never 0
    assert COR.label == "COR AB-1234 (issued 2024-03-16, expires 2027-03-15)"
    assert Certificate("SECOR", D(2026, 1, 1), D(2026, 12, 31)).label == "SECOR (issued 2026-01-01, expires 2026-12-31)"


def test_the_certificate_held_is_the_newest_valid_one_of_the_program():
    old = Certificate("COR", D(2021, 3, 16), D(2024, 3, 15))
    renewed = Certificate("COR", D(2024, 1, 10), D(2027, 1, 9))
    secor = Certificate("SECOR", D(2024, 6, 1), D(2027, 5, 31))
    c = Certification((old, renewed, secor))
    assert c.held_on(D(2024, 2, 1), "COR") == renewed  # both valid: the newer one
    assert c.held_on(D(2024, 7, 1)) == secor
    assert c.held_on(D(2024, 7, 1), "COR") == renewed
    assert c.held_on(D(2027, 6, 1)) is None
    assert Certification().held_on(D(2024, 7, 1)) is None and Certification().last_audit is None


def test_construction_from_validated_data():
    c = certification_from(
        {
            "certificates": [{"program": "COR", "issued": D(2024, 3, 16), "expires": D(2027, 3, 15), "number": "AB-1"}],
            "next_audit": {"type": "maintenance", "planned": D(2026, 3, 1)},
            "audits": [
                {"type": "certification", "date": D(2024, 3, 1), "overall": 88, "elements": {1: 90, "2": 70}},
                {"type": "maintenance", "date": D(2025, 3, 1), "overall": 91},
            ],
        }
    )
    assert c.certificates == (Certificate("COR", D(2024, 3, 16), D(2027, 3, 15), "AB-1"),)
    assert (c.next_audit.type, c.next_audit.planned) == (AuditType.MAINTENANCE, D(2026, 3, 1))
    assert c.audits[0].elements == {"1": 90, "2": 70}  # YAML's integer element ids become the map's ids
    assert c.last_audit.date == D(2025, 3, 1) and c.last_audit.elements == {}
    assert certification_from({}) == Certification()


def test_only_a_maintenance_audit_issues_no_certificate():
    assert [t.issues_certificate for t in AuditType] == [True, False, True]


def test_records_rules_give_the_longest_certificate_the_months_earn_whatever_the_order_written():
    rules = records_rules_from(
        {
            "window_months": 12,
            "minimum_months": 3,
            "verified": True,
            "certificate_years": [{"months": 3, "years": 1}, {"months": 12, "years": 3}],
        }
    )
    assert [(t.months, t.years) for t in rules.certificate_years] == [(12, 3), (3, 1)]
    assert [rules.certificate_for(m) for m in (0, 2, 3, 11, 12, 40)] == [None, None, 1, 1, 3, 3]
    assert (rules.below_minimum, rules.basis) == (None, None)
    assert records_rules_from(None) is None and records_rules_from({}) is None


def test_record_kinds_from_validated_data():
    [kind] = record_kinds_from(
        [
            {
                "kind": "site-inspection",
                "title": "Site inspection",
                "every": "month",
                "topics": ["inspect.workplace"],
                "per_site": True,
            }
        ]
    )
    assert (kind.kind, kind.every, kind.topics, kind.form, kind.per_site, kind.owner) == (
        "site-inspection",
        Frequency.MONTH,
        ("inspect.workplace",),
        None,
        True,
        None,
    )


def test_frequencies_in_months_and_words():
    assert [(f.months, f.periodic) for f in Frequency] == [
        (None, True),
        (1, True),
        (3, True),
        (12, True),
        (None, False),
    ]
    assert Frequency.QUARTER.phrase == "at least once in every 3 months"
    assert Frequency.EVENT.phrase == "when it happens"
    assert [w.plural for w in Who] == ["workers", "supervisors", "managers"]


@pytest.mark.parametrize(
    "day, label, start, end",
    [
        (D(2026, 1, 15), "2026-01", D(2026, 1, 1), D(2026, 1, 31)),
        (D(2026, 12, 31), "2026-12", D(2026, 12, 1), D(2026, 12, 31)),
        (D(2024, 2, 10), "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        (D(2025, 2, 10), "2025-02", D(2025, 2, 1), D(2025, 2, 28)),
    ],
)
def test_months_as_integers(day, label, start, end):
    i = month_index(day)
    assert (month_label(i), month_start(i), month_end(i)) == (label, start, end)
    assert month_index(D(2027, 1, 1)) - month_index(D(2026, 12, 31)) == 1  # spans are subtraction

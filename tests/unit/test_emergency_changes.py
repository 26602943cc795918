"""emergency_changes: the emergency information kept with each revision, and what changed in it."""

from __future__ import annotations

import json

import pytest

from hsms_manuals.emergency_changes import Change, Group, compare, from_data, markdown, to_data
from hsms_manuals.model import Emergency, Phone, Site

SHOP = Site(
    "Main shop",
    "Front gate",
    (Phone("Priya Sandhu", "403-555-0162"),),
    "7720 Kestrel Dr",
    "Red Deer Hospital",
    "403-555-0100",
)
BEFORE = Emergency(
    (Phone("Fire, ambulance, police", "911"), Phone("Safety line", "403-555-0148")),
    Phone("Safety Coordinator", "403-555-0148"),
    (SHOP,),
)


def test_kept_as_json_and_read_back():
    assert from_data(json.loads(json.dumps(to_data(BEFORE)))) == BEFORE


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"numbers": [], "report_incident": {"label": 1, "phone": "x"}, "sites": []},
        {"numbers": [{"label": "a"}], "report_incident": {}, "sites": []},
    ],
)
def test_anything_else_is_refused(bad):
    with pytest.raises((KeyError, TypeError, ValueError)):
        from_data(bad)


def test_no_change():
    assert compare(BEFORE, BEFORE) == []


def test_a_new_muster_point_first_aider_number_and_site_appear():
    shop = Site(
        "Main shop",
        "Parking lot east",
        SHOP.first_aid + (Phone("Omar Haddad", "403-555-0177"),),
        SHOP.address,
        SHOP.hospital,
        SHOP.phone,
    )
    yard = Site("North yard", "Gate 2", (Phone("Ana Reyes", "403-555-0190"),))
    after = Emergency(
        (
            Phone("Fire, ambulance, police", "911"),
            Phone("Safety line", "403-555-0199"),
            Phone("One-Call", "1-800-242-3447"),
        ),
        BEFORE.report_incident,
        (shop, yard),
    )
    groups = compare(BEFORE, after)
    assert groups == [
        Group(
            "Emergency numbers",
            "numbers",
            (
                Change("Number", "Safety line", "403-555-0148", "403-555-0199"),
                Change("Number", "One-Call", None, "1-800-242-3447"),
            ),
        ),
        Group(
            "Main shop",
            "site",
            (
                Change("Muster point", "", "Front gate", "Parking lot east"),
                Change("First aider", "Omar Haddad", None, "403-555-0177"),
            ),
        ),
        Group(
            "North yard",
            "new site",
            (Change("Muster point", "", None, "Gate 2"), Change("First aider", "Ana Reyes", None, "403-555-0190")),
        ),
    ]
    assert markdown(groups) == [
        "### Emergency numbers",
        "",
        "- Number changed: Safety line, now 403-555-0199 (was 403-555-0148)",
        "- Number added: One-Call, 1-800-242-3447",
        "",
        "### Main shop",
        "",
        "- Muster point: now “Parking lot east” (was “Front gate”)",
        "- First aider added: Omar Haddad, 403-555-0177",
        "",
        "### New site: North yard",
        "",
        "- Muster point: Gate 2",
        "- First aider: Ana Reyes, 403-555-0190",
        "",
    ]


def test_removed_site_first_aider_and_a_new_incident_contact():
    after = Emergency(
        BEFORE.numbers[:1],
        Phone("Foreman", "403-555-0155"),
        (Site("Main shop", "Front gate", (), "7720 Kestrel Dr", "", "403-555-0101"),),
    )
    assert markdown(compare(BEFORE, after)) == [
        "### Emergency numbers",
        "",
        "- Number removed: Safety line, 403-555-0148",
        "",
        "### Report an incident",
        "",
        "- Contact: now “Foreman, 403-555-0155” (was “Safety Coordinator, 403-555-0148”)",
        "",
        "### Main shop",
        "",
        "- Site phone: now “403-555-0101” (was “403-555-0100”)",
        "- First aider removed: Priya Sandhu, 403-555-0162",
        "- Hospital removed (was “Red Deer Hospital”)",
        "",
    ]
    gone = Emergency(BEFORE.numbers, BEFORE.report_incident, ())
    assert markdown(compare(BEFORE, gone)) == [
        "### Site removed: Main shop",
        "",
        "This site is no longer listed in the emergency information.",
        "",
    ]


def test_what_a_manual_says_is_escaped():
    after = Emergency(
        BEFORE.numbers,
        BEFORE.report_incident,
        (Site("Main shop", "<b>Gate</b> *now*", SHOP.first_aid, SHOP.address, SHOP.hospital, SHOP.phone),),
    )
    [line] = [x for x in markdown(compare(BEFORE, after)) if x.startswith("- ")]
    assert "<b>" not in line and "*now*" not in line and "&lt;b&gt;Gate" in line

"""Substance: minimum words, leftover placeholders and the points an auditor looks for."""

from __future__ import annotations

import pytest

from hsms_manuals.model import LookFor, Topic
from hsms_manuals.substance import DEFAULT_MIN_WORDS, judge, missing_points, placeholders

ALONE = Topic(
    "control.working_alone",
    "Working alone",
    "Check-ins for lone workers.",
    min_words=20,
    look_for=(
        LookFor("check-in interval", ("check-in", "every hour", "every 2 hours")),
        LookFor("means of contact", ("phone", "radio", "satellite", "inreach")),
        LookFor("who responds", ("supervisor", "foreman", "responds")),
    ),
)


@pytest.mark.parametrize(
    "text",
    [
        "Call in every two hours... Check In by PHONE; your foreman answers.",
        "We CHECK-IN by radio. The supervisor responds.",
        "Check ins are by satellite phones (inReach). The foreman responds.",
    ],
)
def test_points_match_whole_words_any_case_hyphen_or_space_and_plurals(text):
    assert missing_points(text, ALONE.look_for) == []


def test_a_point_is_missing_when_no_term_is_mentioned():
    assert missing_points("Be careful when you are alone. Phones help.", ALONE.look_for) == [
        "check-in interval",
        "who responds",
    ]


def test_terms_match_whole_words_only():
    # "supervisors" is a plural of a term; "telephone", "phoneme" and "radiology" hold no whole term
    assert missing_points("The phoneme radiology checkinning telephone supervisors", ALONE.look_for) == [
        "check-in interval",
        "means of contact",
    ]


@pytest.mark.parametrize(
    "text, found",
    [
        ("TODO: write the check-in plan", ["TODO"]),
        ("Call TBD at FIXME o'clock", ["TBD", "FIXME"]),
        ("Ask XXX for the key", ["XXX"]),
        ("Lorem ipsum dolor sit amet", ["Lorem ipsum"]),
        ("Call [insert name] on [Your phone number]", ["[insert name]", "[Your phone number]"]),
        ("The policy is signed by <company name> and <Name of President>", ["<company name>", "<Name of President>"]),
        ("Phone 000-000-0000 after hours", ["000-000-0000"]),
        ("A todo list is fine, a <br> tag too, and [see the form] as well as T.B.D. or XXL gloves", []),
    ],
)
def test_placeholders(text, found):
    assert placeholders(text) == found


def test_judge_gives_every_reason():
    words, reasons = judge("TODO: call on the radio.", "Working alone", "TODO: call on the radio.", ALONE)
    assert words == 5
    assert reasons == (
        "5 words (needs 20)",
        "still says TODO",
        "missing point: check-in interval",
        "missing point: who responds",
    )


def test_a_heading_title_can_meet_a_point_but_does_not_count_as_words():
    text = "Call the office by phone or radio and your supervisor will answer you every time you call."
    words, reasons = judge(text, "Check-in every hour", text, ALONE)
    assert (words, reasons) == (17, ("17 words (needs 20)",))


def test_default_minimum_words_without_a_topic():
    assert judge("one two three", "", "", None) == (3, (f"3 words (needs {DEFAULT_MIN_WORDS})",))
    assert judge(" ".join(["word"] * DEFAULT_MIN_WORDS), "", "", None)[1] == ()

"""Judging claims: a topic is answered only where a claimed section has substance."""

from __future__ import annotations

from pathlib import Path

from conftest import MANUAL_YML, write_manual
from hsms_manuals.answers import PAGE_CLAIM_MAX_WORDS, answer_topics, judge_claim
from hsms_manuals.library import load_library
from hsms_manuals.manual import load_manual
from hsms_manuals.model import Claim, LookFor, Page, Topic
from hsms_manuals.sections import PageText
from hsms_manuals.status import Status

WORDS = (
    "Each foreman walks the site with the crew before work starts. They look for hazards, write them on the "
    "form, rate each one and name the control. Everyone signs the form, and the foreman keeps it in the "
    "site binder for the rest of the job."
)  # 46 words
TOPIC = Topic("hazard.flha", "FLHA", "Before work.", look_for=(LookFor("signed", ("sign", "signs", "signed")),))


def page(body: str, *claims: Claim, title: str = "Hazards") -> Page:
    return Page("04-hazards.md", title, claims, "approved", "Owner", sections=PageText(body, 7))


def test_a_section_with_enough_words_and_every_point_answers():
    p = page(f"## Before work\n\n{WORDS}\n\n## Other\n\nShort.", Claim("hazard.flha", ("before-work",)))
    result = judge_claim(p, p.claims[0], TOPIC)
    assert result.answered and result.words == 46
    assert [(x.page, x.section, x.title, x.label, x.ref) for x in result.places] == [
        ("04-hazards.md", "before-work", "Before work", "Hazards › Before work", "04-hazards.md#before-work")
    ]


def test_the_section_claimed_is_judged_not_the_page():
    p = page(f"## Before work\n\nDo an FLHA.\n\n## Other\n\n{WORDS}", Claim("hazard.flha", ("before-work",)))
    assert judge_claim(p, p.claims[0], TOPIC).reasons == ("3 words (needs 40)", "missing point: signed")


def test_several_sections_are_judged_together():
    half = WORDS.split(". ")
    p = page(
        f"## One\n\n{half[0]}. {half[1]}.\n\n## Two\n\n{'. '.join(half[2:])}", Claim("hazard.flha", ("one", "two"))
    )
    result = judge_claim(p, p.claims[0], TOPIC)
    assert result.answered and [x.section for x in result.places] == ["one", "two"]


def test_a_claimed_heading_that_does_not_exist_is_thin():
    p = page(f"## Before work\n\n{WORDS}", Claim("hazard.flha", ("after-work",)))
    assert judge_claim(p, p.claims[0], TOPIC).reasons == ("no heading '#after-work' on this page",)


def test_a_whole_page_claim_counts_on_a_short_page_only():
    short = page(WORDS, Claim("hazard.flha"))
    assert judge_claim(short, short.claims[0], TOPIC).answered
    long_text = "\n\n".join([WORDS] * (PAGE_CLAIM_MAX_WORDS // 46 + 1))
    long = page(long_text, Claim("hazard.flha"))
    result = judge_claim(long, long.claims[0], TOPIC)
    assert result.reasons == (
        f"claimed for the whole page, which has {result.words} words: name the section that answers it",
    )
    assert result.words >= PAGE_CLAIM_MAX_WORDS


REAL = (
    "Before work starts, the foreman and the crew walk the site, write each hazard on the FLHA form and name "
    "its control. When conditions change, they stop and do it again. Everyone signs it. The formal assessment "
    "is reviewed every year, and whenever we add a new task or new equipment."
)


def test_statuses_of_topics(repo: Path):
    body = f"## Good\n\n{REAL}\n\n## Thin\n\nTODO\n"
    write_manual(
        repo,
        pages={
            "index.md": "---\ntitle: Home\ncovers: []\nstatus: approved\nowner: Owner\n---\n\nHi.\n",
            "a.md": "---\ntitle: A\ncovers:\n  hazard.flha: good\n  hazard.formal: thin\n  hazard.review: thin\n"
            f"status: approved\nowner: Owner\n---\n\n{body}",
            "b.md": f"---\ntitle: B\ncovers:\n  hazard.review: good\nstatus: approved\nowner: Owner\n---\n\n{body}",
            "c.md": f"---\ntitle: C\ncovers:\n  hazard.health: good\nstatus: draft\nowner: Owner\n---\n\n{body}",
        },
        manual_yml=MANUAL_YML + "not_applicable:\n  control.fall_protection: All our work is on the ground.\n",
    )
    library, _ = load_library(repo)
    manual, problems = load_manual(repo, "tiny")
    answers = answer_topics(manual, library.topics)
    assert {t: a.status for t, a in answers.items()} == {
        "hazard.flha": Status.ANSWERED,
        "hazard.formal": Status.THIN,
        "hazard.review": Status.ANSWERED,
        "control.fall_protection": Status.NOT_APPLICABLE,
    }  # the draft's claim does not count
    assert [p.ref for p in answers["hazard.review"].answered_in] == ["b.md#good"]
    assert answers["hazard.formal"].describe() == (
        "thin in a.md#thin: 1 words (needs 60), still says TODO, missing point: every job and task, "
        "missing point: risk rated, missing point: controls named, missing point: written down"
    )
    assert answers["control.fall_protection"].na_reason == "All our work is on the ground."

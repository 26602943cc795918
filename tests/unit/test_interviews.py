"""interviews: what to prepare for the questions an auditor checks by talking to people or watching
work — who is asked, the approved sections to brief them on (never a draft, never a thin claim),
the records to have ready, what the manual does not answer yet; hostile names stay text."""

from __future__ import annotations

import dataclasses

from coverage_kit import ANSWER, PAGES, PROGRAM, TOPICS, manual, partner, q, section_page

from hsms_manuals.audit_model import Frequency, RecordKind, Who
from hsms_manuals.interviews import intro, preparation, render, who_of, who_words
from hsms_manuals.model import Element, Evidence, Form

INTERVIEW, OBSERVATION, DOCS = Evidence.INTERVIEW, Evidence.OBSERVATION, Evidence.DOCUMENTATION

ELEMENT = Element(
    "1",
    "Hazard <b>assessment</b>",
    (
        q("1.1", "hazard.assess", evidence=(INTERVIEW,), text="Can workers *say* how hazards are rated?"),
        q("1.2", "hazard.control", evidence=(OBSERVATION, INTERVIEW), who=(Who.MANAGER,)),
        q("1.3", "hazard.assess"),  # documentation only: nothing to prepare people for
        q("1.4", "heights.plan", evidence=(OBSERVATION,)),  # every topic not applicable
        q("1.5", "alone.checkin", "hazard.assess", evidence=(DOCS, INTERVIEW)),
    ),
)
DOCS_ONLY = Element("2", "Documents", (q("2.1", "hazard.assess"),))


def the_manual():
    m = manual(*PAGES, section_page("04-more.md", {"hazard.assess": ANSWER}), na={"heights.plan": "No heights."})
    return dataclasses.replace(
        m,
        forms=(Form("F-01", "Hazard <assessment> form", "Before each job."),),
        record_kinds=(
            RecordKind(
                "hazard-assessment", "Field-level *hazard* assessment", Frequency.WEEK, ("hazard.assess",), "F-01"
            ),
            RecordKind("check-in", "Check-in log", Frequency.WEEK, ("alone.checkin",)),
            RecordKind("other", "Unrelated log", Frequency.MONTH, ("heights.plan",)),
        ),
    )


def test_only_field_questions_with_a_live_topic_are_prepared_and_only_their_elements_shown():
    preps = preparation(the_manual(), partner(ELEMENT, DOCS_ONLY), PROGRAM, TOPICS)
    assert [(ep.element.id, [p.question.id for p in ep.questions]) for ep in preps] == [("1", ["1.1", "1.2", "1.5"])]
    p11, p12, p15 = preps[0].questions
    assert (p11.methods, p12.methods, p15.methods) == ((INTERVIEW,), (OBSERVATION, INTERVIEW), (INTERVIEW,))


def test_pages_to_brief_on_are_approved_sections_that_answer_never_drafts_or_thin_claims():
    _, p12, p15 = preparation(the_manual(), partner(ELEMENT), PROGRAM, TOPICS)[0].questions
    # hazard.control is claimed only by a draft; alone.checkin only by a thin section of 02-alone.md
    assert p12.pages == () and [t.id for t in p12.unanswered] == ["hazard.control"]
    assert p15.pages == ("01-hazards.md", "04-more.md") and [t.id for t in p15.unanswered] == ["alone.checkin"]


def test_records_are_the_kinds_documenting_a_live_topic_with_their_form():
    p11, p12, p15 = preparation(the_manual(), partner(ELEMENT), PROGRAM, TOPICS)[0].questions
    assert [(k.kind, f.id if f else None) for k, f in p11.records] == [("hazard-assessment", "F-01")]
    assert p12.records == ()
    assert [(k.kind, f.id if f else None) for k, f in p15.records] == [
        ("hazard-assessment", "F-01"),
        ("check-in", None),
    ]


def test_who_is_the_maps_or_the_usual_people_for_the_method():
    assert who_of(q("a", evidence=(INTERVIEW,))) == ((Who.WORKER, Who.SUPERVISOR), True)
    assert who_of(q("a", evidence=(OBSERVATION,))) == ((Who.WORKER,), True)
    assert who_of(q("a", evidence=(OBSERVATION, INTERVIEW))) == ((Who.WORKER, Who.SUPERVISOR), True)
    assert who_of(q("a", evidence=(INTERVIEW,), who=(Who.MANAGER, Who.WORKER))) == ((Who.MANAGER, Who.WORKER), False)
    both = q("b", "hazard.assess", evidence=(INTERVIEW, OBSERVATION))
    [prep] = preparation(the_manual(), partner(Element("9", "Both", (both,))), PROGRAM, TOPICS)[0].questions
    assert who_words(prep) == "workers, supervisors (the usual people for interviews and observations)"


def test_a_question_of_another_program_is_not_prepared():
    other = dataclasses.replace(q("1.1", "hazard.assess", evidence=(INTERVIEW,)), programs=frozenset({"SECOR"}))
    assert preparation(the_manual(), partner(Element("1", "X", (other,))), PROGRAM, TOPICS) == []


def test_rendered_markdown_escapes_every_value_from_yaml():
    preps = preparation(the_manual(), partner(ELEMENT), PROGRAM, TOPICS)
    assert render(preps, lambda src: f"[{src}]({src})", str).split("\n") == [
        "## 1 Hazard &lt;b&gt;assessment&lt;/b&gt;",
        "",
        "### 1&#46;1",
        "",
        "Can workers &#42;say&#42; how hazards are rated?",
        "",
        "- **How:** interview",
        "- **Who the auditor talks to:** workers, supervisors (the usual people for interviews)",
        "- **Brief them on:** [01-hazards.md](01-hazards.md), [04-more.md](04-more.md)",
        "- **Have these records ready:** Field-level &#42;hazard&#42; assessment (F-01 Hazard &lt;assessment&gt; form)",
        "",
        "### 1&#46;2",
        "",
        "Is there a written 1.2?",
        "",
        "- **How:** observation and interview",
        "- **Who the auditor talks to:** managers",
        "- **On the site tour:** the auditor looks for this at work; fix what does not match the manual before the audit",
        "- **Not in the manual yet:** Hazard controls",
        "",
        "### 1&#46;5",
        "",
        "Is there a written 1.5?",
        "",
        "- **How:** interview",
        "- **Who the auditor talks to:** workers, supervisors (the usual people for interviews)",
        "- **Brief them on:** [01-hazards.md](01-hazards.md), [04-more.md](04-more.md)",
        "- **Have these records ready:** Field-level &#42;hazard&#42; assessment (F-01 Hazard &lt;assessment&gt; "
        "form); Check-in log",
        "- **Not in the manual yet:** Working alone check-in",
        "",
    ]


def test_the_intro_names_the_partner_and_program_as_text():
    p = dataclasses.replace(partner(ELEMENT), short_name="<ACME>")
    assert intro(the_manual(), p, PROGRAM).startswith(
        "What the &lt;ACME&gt; auditor checks by talking to people or watching work (program COR), "
    )

"""A small hand-built partner and manual whose coverage has every status a report shows (answered,
partial, thin, missing, not applicable, field evidence, criteria), for test_gaps and
test_coverage_report. No files: the model objects are built directly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from hsms_manuals.coverage import Coverage, compute
from hsms_manuals.model import (
    Claim,
    Company,
    Criterion,
    Document,
    Element,
    Emergency,
    Evidence,
    Manual,
    Page,
    Partner,
    PassRule,
    Person,
    Phone,
    Program,
    Question,
    Scoring,
    SizeRule,
    Topic,
)
from hsms_manuals.sections import PageText

DOC = (Evidence.DOCUMENTATION,)
PROGRAM = Program("COR", "Certificate of Recognition", "external", SizeRule("employees", 20))
# Forty-eight words of plain text: enough substance for a topic without look_for points.
ANSWER = (
    "Every crew checks the work area before the shift starts. The foreman writes down what could hurt "
    "someone, how likely it is and how bad it could be, and the control we use. Everyone on the crew "
    "reads it, asks questions and signs it before work starts today."
)
TOPICS = {
    t.id: t
    for t in (
        Topic("hazard.assess", "Hazard assessment", "How hazards are found and rated."),
        Topic("hazard.control", "Hazard controls", "How each hazard is controlled."),
        Topic("alone.checkin", "Working alone check-in", "How often a lone worker checks in."),
        Topic("heights.plan", "Fall protection plan", "The plan for work above 3 m."),
    )
}


def q(qid: str, *topics: str, points: float | None = 10, evidence=DOC, text: str = "", **kw) -> Question:
    return Question(
        qid, text or f"Is there a written {qid}?", tuple(evidence), points, frozenset({"COR"}), topics, **kw
    )


def partner(*elements: Element) -> Partner:
    return Partner(
        id="acme",
        name="Acme Safety Association",
        short_name="ACME",
        kind="certifying-partner",
        province="AB",
        instrument_name="Audit Tool",
        instrument_version="2025",
        instrument_effective=None,
        source="tests",
        verified=True,
        notes=None,
        default_points=10,
        programs=(PROGRAM,),
        pass_rule=PassRule(80, 50),
        maintenance_rule=None,
        elements=elements,
    )


def section_page(src: str, sections: dict[str, str], status: str = "approved") -> Page:
    """A page with one section per topic ("## About <topic> { #<id> }") holding the given text."""
    body = "\n\n".join(f"## About {t} {{ #{t.replace('.', '-')} }}\n\n{text}" for t, text in sections.items())
    claims = tuple(Claim(t, (t.replace(".", "-"),)) for t in sections)
    return Page(src, src[3:-3].title(), claims, status, "Owner", sections=PageText(body, 7))


def manual(*pages: Page, company: str = "Tiny Test Co.", na: dict[str, str] | None = None) -> Manual:
    return Manual(
        id="tiny",
        root=Path("/nowhere/tiny"),
        company=Company(company, "AB", 30, 25.0),
        partner_id="acme",
        program_id=None,
        document=Document("TT-001", "3", dt.date(2026, 9, 1), Person("Pat Doe", "Owner")),
        emergency=Emergency((Phone("911", "911"),), Phone("Owner", "403-555-0100"), ()),
        not_applicable=na or {},
        pages=pages,
    )


# Element 1: answered, partial and not applicable; element 2: thin, missing (claimed by a draft),
# field evidence only and criteria scoring.
ELEMENTS = (
    Element(
        "1",
        "Hazard assessment",
        (
            q("1.1", "hazard.assess", points=20),
            q("1.2", "hazard.assess", "hazard.control"),
            q("1.3", "heights.plan", points=5),
        ),
    ),
    Element(
        "2",
        "Working alone",
        (
            q("2.1", "alone.checkin"),
            q("2.2", "hazard.control", points=None),
            q("2.3", "alone.checkin", evidence=(Evidence.INTERVIEW,)),
            q(
                "2.4",
                "hazard.assess",
                "hazard.control",
                scoring=Scoring.CRITERIA,
                criteria=(
                    Criterion("Hazards are rated.", ("hazard.assess",)),
                    Criterion("Controls are named.", ("hazard.control",)),
                ),
            ),
        ),
    ),
)
PAGES = (
    section_page("01-hazards.md", {"hazard.assess": ANSWER}),
    section_page("02-alone.md", {"alone.checkin": "Call in often."}),
    section_page("03-controls.md", {"hazard.control": ANSWER}, status="draft"),
)


def coverage(m: Manual | None = None, p: Partner | None = None) -> Coverage:
    return compute(
        m or manual(*PAGES, na={"heights.plan": "No work above 3 m."}), p or partner(*ELEMENTS), PROGRAM, TOPICS
    )


class Register:
    """The one method of legislation.Register that gap_list uses: provisions for a topic."""

    def __init__(self, law: dict[str, list[str]]):
        self.law = law
        self.asked: list[tuple[str, str, int | None]] = []

    def provisions_for(self, topic: str, province: str, workers: int | None = None) -> list[SimpleNamespace]:
        self.asked.append((topic, province, workers))
        return [SimpleNamespace(cite=c, summary=s) for c, s in (x.split(": ", 1) for x in self.law.get(topic, []))]

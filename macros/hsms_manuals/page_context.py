"""What the theme's templates (overrides/) get for each page as ``hsms``: document control, the
emergency component, the audit questions the page answers and the interface's words. Plain data,
built from the build's state; the templates never dig in the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .emergency import emergency_block
from .icons import THEME_COLOR
from .state import AUDIT_DIR, ManualState
from .ui_text import SCRIPT_KEYS, TEXT


@dataclass(frozen=True)
class QuestionLink:
    label: str  # "ACSA 6.9"
    text: str
    status: str
    url: str  # site-relative, for the template's |url filter


@dataclass(frozen=True)
class PageControl:
    """Template context: document control + audit trace for one page (or the 404 page: src None)."""

    company: str
    title: str
    number: str
    revision: str
    effective: str
    approved_by: str
    next_review: str
    partner: str
    program: str
    pdf_url: str | None
    emergency_home: Markup  # the emergency component as the home page shows it
    emergency_panel: Markup  # … and inside the Emergency control of every page
    questions: tuple[QuestionLink, ...]
    guide_url: str
    owner: str | None  # who keeps this page current (None on generated pages)
    text: Any  # ui_text.TEXT: every word of the interface
    theme_color: str = THEME_COLOR  # the phone's browser chrome and home-screen app

    @property
    def script_text(self) -> dict[str, str]:
        """The words the pages' script shows (JSON in the page)."""
        return {key: self.text[key] for key in SCRIPT_KEYS}


def page_control(state: ManualState, src: str | None, *, pdf: bool) -> PageControl:
    s, d = state, state.manual.document
    em = s.manual.emergency
    links = tuple(
        QuestionLink(f"{s.partner.short_name} {a.result.question.id}", a.result.question.text,
                     a.result.status.value, a.guide_src[:-3] + "/#" + a.anchor)
        for a in s.answers.get(src or "", ()))
    owner = s.manual.page_by_src[src].owner if src in s.manual.page_by_src else None
    return PageControl(
        company=s.manual.company.name, title=d.title, number=d.number, revision=d.revision,
        effective=d.effective.isoformat(), approved_by=f"{d.approved_by.name}, {d.approved_by.title}",
        next_review=d.next_review.isoformat(), partner=s.partner.short_name, program=s.program.id,
        pdf_url=s.pdf_src if pdf else None,
        # Built from escaped values only (emergency.py): safe to print as markup.
        emergency_home=Markup(emergency_block(em, id_prefix="hsms-emergency")),  # noqa: S704
        emergency_panel=Markup(emergency_block(em, id_prefix="hsms-sos", title=TEXT["emergency_open"])),  # noqa: S704
        questions=links, guide_url=f"{AUDIT_DIR}/", owner=owner, text=TEXT)

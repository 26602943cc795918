"""What the theme's templates (overrides/) get for each page as ``hsms``: document control, the
emergency component, the audit questions the page answers, the page's language (switcher,
translation banners) and hsms's own words in that language. Plain data, built from the build's
state; the templates never dig in the model."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .drafts import DraftNotice
from .emergency import emergency_block
from .i18n import t
from .icons import THEME_COLOR
from .languages import KNOWN
from .state import AUDIT_DIR, ManualState
from .translated_nav import NavItem
from .translation_site import PageLanguage, page_language


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
    owner: str | None  # who keeps this page current (None on generated pages and translations)
    language: PageLanguage  # the page's language, the switcher, translation banners
    home: bool  # the home page or one of its translations (the emergency block)
    draft: DraftNotice | None = None  # a drafts preview: what blocks approval
    theme_color: str = THEME_COLOR  # the phone's browser chrome and home-screen app
    sidebar: tuple[NavItem, ...] | None = None  # a translated page: the navigation in its language

    def t(self, msgid: str, **values: object) -> str:
        """One of hsms's own messages in the page's language (i18n); templates escape it."""
        return t(self.language.lang, msgid, **values)

    @property
    def script_text(self) -> dict[str, str]:
        """The words the pages' script (overrides/assets/hsms.js) shows; it fills in {date} and {n}."""
        lang = self.language.lang
        return {
            "offline": t(lang, "You are offline — this is the copy saved on {date}."),
            "offline_unsaved": t(
                lang,
                "You are offline and this page was not saved on this phone — here is the home page, saved on {date}.",
            ),
            "table_scroll": t(lang, "Table {n} (scroll sideways to see all of it)"),
        }


def page_control(
    state: ManualState,
    src: str | None,
    url: str,
    *,
    pdf_url: str | None,
    draft: DraftNotice | None = None,
    sidebar: tuple[NavItem, ...] | None = None,
) -> PageControl:
    """``src``: the page's file in docs/ (None for the 404 page); ``url``: its address in the site."""
    s, d = state, state.manual.document
    m = s.manual
    links = tuple(
        QuestionLink(
            f"{s.partner.short_name} {a.result.question.id}",
            a.result.question.text,
            a.result.status.value,
            a.guide_src[:-3] + "/#" + a.anchor,
        )
        for a in s.answers.get(src or "", ())
    )
    if src is None:
        controlled = m.languages.controlled
        language = PageLanguage(controlled, KNOWN[controlled].direction, KNOWN[controlled].material or "en")
    else:
        language = page_language(m, s.root, src, url)
    lang = language.lang
    trans = m.translation_by_src.get(src or "")
    return PageControl(
        company=m.company.name,
        title=d.title,
        number=d.number,
        revision=d.revision,
        effective=d.effective.isoformat(),
        approved_by=f"{d.approved_by.name}, {d.approved_by.title}",
        next_review=d.next_review.isoformat(),
        partner=s.partner.short_name,
        program=s.program.id,
        pdf_url=pdf_url,
        # Built from escaped values only (emergency.py): safe to print as markup.
        emergency_home=Markup(emergency_block(m.emergency, id_prefix="hsms-emergency", lang=lang)),  # noqa: S704
        emergency_panel=Markup(
            emergency_block(  # noqa: S704
                m.emergency,
                id_prefix="hsms-sos",
                lang=lang,
                title=t(lang, "Emergency numbers, muster points and first aiders"),
            )
        ),
        questions=links,
        guide_url=f"{AUDIT_DIR}/",
        owner=m.page_by_src[src].owner if src in m.page_by_src else None,
        language=language,
        home=src == "index.md" or getattr(trans, "original", None) == "index.md",
        draft=draft,
        sidebar=sidebar,
    )

"""The navigation sidebar of a translated page, in the reader's language.

MkDocs has one navigation for the whole build (the English pages, README "Languages"). On a
translated page the sidebar lists the same pages in the same order, each by its translated title
linking to the translation where there is one, else by its English title linking to the English
page and marked, in the reader's language, as English. This module turns MkDocs' navigation into
plain data; ``overrides/partials/nav.html`` prints it (and prints Material's own sidebar elsewhere)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup
from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from .i18n import t
from .model import Manual

# The section title that is hsms's own words (site_nav), said in the reader's language; a folder's
# title is the authors' text and stays as written.
_AUDIT_GUIDE = "Audit guide"


@dataclass(frozen=True)
class NavItem:
    title: str  # plain text (the template escapes it)
    url: str = ""  # site-relative, for the theme's |url filter; "" for a section
    lang: str = ""  # the language of the page it leads to when that is not the reader's ("en")
    note: str = ""  # after the title, in the reader's language: "English page" for an untranslated one
    current: bool = False  # the page being read
    children: tuple[NavItem, ...] = ()

    @property
    def open(self) -> bool:
        """A section holding the page being read starts expanded."""
        return self.current or any(child.open for child in self.children)


def translated_nav(items: Sequence[StructureItem], manual: Manual, src: str) -> tuple[NavItem, ...] | None:
    """The sidebar of the page ``src`` when it is a published translation, else None (the page
    keeps Material's English sidebar). ``items``: MkDocs' ``nav.items``."""
    trans = manual.translation_by_src.get(src)
    if trans is None or trans not in manual.published_translations:
        return None
    english = t(trans.lang, "English page")
    controlled = manual.languages.controlled

    def walk(item: StructureItem) -> NavItem:
        if isinstance(item, Section):
            title = _plain(item.title)
            if title == _AUDIT_GUIDE:
                title = t(trans.lang, "Audit guide")
            return NavItem(title, children=tuple(walk(child) for child in item.children))
        if isinstance(item, Page):
            other = manual.translation(item.file.src_uri, trans.lang)  # published ones only
            if other is not None:
                return NavItem(other.title, other.url, current=other.src == src)
            return NavItem(_plain(item.title), item.url, lang=controlled, note=english)
        return NavItem(_plain(item.title), getattr(item, "url", "") or "")  # a Link: as MkDocs has it

    return tuple(walk(item) for item in items)


def _plain(title: object) -> str:
    """MkDocs' titles are Markup where hsms escaped the authors' text (plugin, site_nav): back to text."""
    if isinstance(title, Markup):
        return title.unescape()
    return "" if title is None else str(title)

"""The site's navigation: approved pages (every page in a drafts preview) in manual order, folders
as (nested) sections, the "What changed" page of a published revision after the home page, then
the printable forms and the audit guide."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from .changes import CHANGES_SRC, CHANGES_TITLE
from .state import AUDIT_DIR, INTERVIEWS_SRC, ManualState, element_src, section_title


def navigation(state: ManualState, *, with_changes: bool = False) -> list[Any]:
    """MkDocs' ``nav`` (src paths and {title: [...]} sections)."""
    nav: list[Any] = []
    sections: dict[tuple[str, ...], list[Any]] = {(): nav}
    for page in state.pages:  # ordered: a folder's pages before its subfolders
        folders = tuple(page.src.split("/")[:-1])
        for depth in range(1, len(folders) + 1):
            if folders[:depth] not in sections:
                sections[folders[:depth]] = []
                # A folder name is the page authors' text: the theme prints nav titles unescaped.
                title = Markup(escape(section_title(folders[depth - 1])))
                sections[folders[: depth - 1]].append({title: sections[folders[:depth]]})
        sections[folders].append(page.src)
    if with_changes:  # right after the home page
        nav.insert(nav.index("index.md") + 1 if "index.md" in nav else 0, {CHANGES_TITLE: CHANGES_SRC})
    forms = [{Markup(escape(f"{f.id} {f.title}")): f.file} for f in state.manual.form_pages]
    if forms:  # the printable Markdown forms, before the audit guide
        nav.append({"Forms": forms})
    guide = [f"{AUDIT_DIR}/index.md"] + [element_src(e.element) for e in state.coverage.elements] + [INTERVIEWS_SRC]
    nav.append({"Audit guide": guide})
    return nav

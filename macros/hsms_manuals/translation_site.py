"""What a page of the site says about languages: its own language and direction, the language
switcher's entries (to the translation when there is one, else to the original with
``?lang=xx``), the draft/stale banners of a translation and the fallback notices of an original.

One build holds every language (README "Languages"): a translation ``03-x.pa.md`` is published
at ``pa/03-x/``, outside the navigation, and links between translated pages stay in the language."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .gitbranch import last_changed
from .i18n import t
from .languages import KNOWN, translated_src
from .model import Manual, Translation

LANG_PARAM = "lang"  # ?lang=fr: the reader came from the French switcher entry


@dataclass(frozen=True)
class Alternate:
    lang: str
    label: str  # in that language: "Français", or "Français — pas encore traduite (page en anglais)"
    url: str  # site-relative, for the theme's |url filter
    query: str  # "?lang=fr" when it leads to the original, for the fallback notice
    current: bool


@dataclass(frozen=True)
class Notice:
    """A one-line notice in a reader's language, shown by a small script when that reader arrives."""

    lang: str
    dir: str
    text: str


@dataclass(frozen=True)
class PageLanguage:
    lang: str
    dir: str
    material: str  # Material's UI strings to use (English chrome for a language Material lacks)
    alternates: tuple[Alternate, ...] = ()
    fallbacks: tuple[Notice, ...] = ()  # on an original: for each language it is not translated into
    status: str | None = None  # on a translation: draft or checked, in its language
    stale: str | None = None  # on a stale translation: the banner's text, then a link…
    stale_link: str | None = None  # …with this text…
    original_url: str | None = None  # …to the original (site-relative)
    home_url: str | None = None  # on a translation: the home page in its language, when translated


def page_language(manual: Manual, root: Path, src: str, url: str) -> PageLanguage:
    """``src``: the page's file in docs/ (a translation, an original, or a generated page);
    ``url``: its address in the site (MkDocs' file.url)."""
    langs = manual.languages
    trans = manual.translation_by_src.get(src)
    if trans is not None and trans not in manual.published_translations:
        trans = None
    original_src = trans.original if trans else src
    original_url = _original_url(manual, original_src, url if trans is None else None)
    here = trans.lang if trans else langs.controlled
    info = KNOWN[here]
    alternates: list[Alternate] = []
    fallbacks: list[Notice] = []
    for code in langs.all if langs.translations else ():
        lang = KNOWN[code]
        if code == langs.controlled:
            alternates.append(
                Alternate(code, lang.native, original_url, f"?{LANG_PARAM}={code}" if trans else "", code == here)
            )
            continue
        other = manual.translation(original_src, code)
        if other is not None:
            alternates.append(Alternate(code, lang.native, other.url, "", code == here))
        else:
            alternates.append(
                Alternate(
                    code,
                    t(code, "{language} — not translated yet (English page)", language=lang.native),
                    original_url,
                    f"?{LANG_PARAM}={code}",
                    False,
                )
            )
            fallbacks.append(
                Notice(code, lang.direction, t(code, "This page is not translated yet — here is the English version."))
            )
    if trans is None:
        return PageLanguage(here, info.direction, info.material or "en", tuple(alternates), tuple(fallbacks))
    status = (
        t(
            here,
            "Translation checked by {name}. The English page is the controlled document.",
            name=trans.reviewed_by or "",
        )
        if trans.status == "reviewed"
        else t(
            here, "Draft translation — to be checked by a fluent speaker. The English page is the controlled document."
        )
    )
    stale = None
    if manual.is_stale(trans):
        if trans.from_digest is None:
            stale = t(here, "This translation may not match the English page — ")
        else:
            stale = t(
                here,
                "The English page changed on {date}; this translation may be out of date — ",
                date=(last_changed(root, manual.docs_dir / trans.original) or manual.document.effective).isoformat(),
            )
    return PageLanguage(
        here,
        info.direction,
        info.material or "en",
        tuple(alternates),
        (),
        status,
        stale,
        t(here, "read the English page") if stale else None,
        original_url,
        # The header's logo and company name lead a reader home in the language they are reading.
        home.url if (home := manual.translation("index.md", here)) is not None else None,
    )


def _original_url(manual: Manual, src: str, url: str | None) -> str:
    page = manual.page_by_src.get(src)
    if page is not None:
        return page.url or "./"  # the home page: "./" keeps ?lang= after a slash
    return url or "./"  # a generated page (the audit guide): its own address


_MD_LINK = re.compile(r"(\]\(\s*<?)([^)\s:#>?]+\.md)(?=[#)\s>?])")
_MD_REF = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*<?)([^\s:#>?]+\.md)(?=[#\s>?]|$)", re.M)  # [id]: page.md


def localise_links(markdown: str, manual: Manual, trans: Translation) -> str:
    """In a translation, a link to another page leads to that page's translation when it has one."""
    here = posixpath.dirname(trans.src)

    def swap(m: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(here, m.group(2)))
        if manual.translation(target, trans.lang) is None:
            return m.group(0)
        return m.group(1) + translated_src(m.group(2), trans.lang)

    return _MD_REF.sub(swap, _MD_LINK.sub(swap, markdown))

"""Checks of a manual's translations: declared languages, pages that exist to be translated,
the same rules for the text as controlled pages, and — as warnings — stale translations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .errors import Problem
from .languages import KNOWN
from .model import Manual, Translation
from .page_rules import body_problems
from .paths import shown

# (src, field path, problem, fix) → a located Problem (validate._Where.page / .yml)
PageProblem = Callable[[str, tuple[Any, ...], str, str], Problem]
YmlProblem = Callable[[tuple[Any, ...], str, str], Problem]


def check_translations(root: Path, manual: Manual, page: PageProblem, yml: YmlProblem) -> list[Problem]:
    out: list[Problem] = []
    langs = manual.languages
    for i, code in enumerate(langs.translations):
        if code == langs.controlled:
            out.append(
                yml(
                    ("languages", "translations", i),
                    f"'{code}' is the controlled language, not a translation",
                    "remove it from translations:",
                )
            )
    out += unprintable_languages(langs.controlled, langs.translations, yml)
    seen: set[str] = set()
    for i, code in enumerate(langs.translations):  # the model keeps the first of a duplicate
        if code in seen:
            out.append(yml(("languages", "translations", i), f"'{code}' is listed twice", "remove the duplicate"))
        seen.add(code)
    for page_ in manual.pages:  # pa/ holds the Punjabi pages in the site
        folder = page_.src.split("/")[0]
        if "/" in page_.src and folder in langs.translations:
            out.append(
                page(
                    page_.src,
                    (),
                    f"{folder}/ is where the site puts the {KNOWN[folder].english} translations",
                    "rename the folder",
                )
            )
    for t in manual.translations:
        name = KNOWN[t.lang].english
        if t.lang == langs.controlled:
            out.append(
                page(
                    t.src,
                    (),
                    f"a translation into {name} ({t.lang}) of a manual whose controlled language is {name}",
                    f"merge it into {t.original} or remove it",
                )
            )
        elif t.lang not in langs.translations:
            out.append(
                page(
                    t.src,
                    (),
                    f"a translation into {name} ({t.lang}), which manual.yml does not declare",
                    f"add {t.lang} to languages: translations: in manual.yml, or rename the file",
                )
            )
        if t.original not in manual.page_by_src:
            out.append(
                page(
                    t.src,
                    (),
                    f"there is no page {t.original} for it to translate",
                    "name a translation after the page it translates: PAGE.<language>.md beside PAGE.md",
                )
            )
        if t.status == "reviewed" and not t.reviewed_by:
            out.append(
                page(
                    t.src,
                    ("translation", "reviewed_by"),
                    "a reviewed translation without a reviewer",
                    "name the fluent speaker who checked it: reviewed_by: NAME, or write status: draft",
                )
            )
        found = body_problems(t.text, "")
        if found:
            where = shown(manual.docs_dir / t.src, root)
            out += [replace(p, file=where) for p in found]
    return out


def unprintable_languages(controlled: str, translations: tuple[str, ...], yml: YmlProblem) -> list[Problem]:
    """A language the PDF cannot print (no shipped font for its script) is refused when declared,
    not when the build reaches the PDF."""
    out = []
    for path, code in (
        (("languages", "controlled"), controlled),
        *((("languages", "translations", i), c) for i, c in enumerate(translations)),
    ):
        lang = KNOWN.get(code)
        if lang is not None and lang.unprintable:
            out.append(
                yml(
                    path,
                    f"{code} ({lang.english}): {lang.unprintable}",
                    f"remove {code} until hsms ships a font for it",
                )
            )
    return out


def stale_warnings(manual: Manual, page: PageProblem) -> list[Problem]:
    """Warnings, not problems: a stale translation does not stop the controlled manual."""
    out = []
    for t in manual.published_translations:
        if not manual.is_stale(t):
            continue
        if t.from_digest is None:
            out.append(
                page(
                    t.src,
                    (),
                    f"not marked as translated from the current {t.original}, so it shows an out-of-date banner",
                    mark_fix(manual, t),
                )
            )
        else:
            out.append(
                page(
                    t.src,
                    ("translated_from", "digest"),
                    f"{t.original} changed since this translation was made: it shows an out-of-date banner",
                    "update the translation, then " + mark_fix(manual, t),
                )
            )
    return out


def mark_fix(manual: Manual, t: Translation) -> str:
    return f"run `hsms translate mark {manual.id} {t.src}` once it matches the current page"

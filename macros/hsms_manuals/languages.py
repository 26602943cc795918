"""The languages a manual may be translated into, and how translated pages are named.

A manual has one controlled language (the approved, audited text; English for every
certifying partner today) and any number of translations. A translated page lives beside
its original with mkdocs-static-i18n's *suffix* convention: ``03-worker-rights.pa.md`` is
the Punjabi translation of ``03-worker-rights.md``. It records the digest of the original
file it was translated from, so a later edit of the original makes it visibly stale."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47 primary tag, as in <html lang>
    english: str  # "Punjabi"
    native: str  # "ਪੰਜਾਬੀ": how the language switcher names it
    script: str  # ISO 15924: Latn, Guru, Arab…
    direction: str = "ltr"  # "rtl" for Arabic-script languages
    material: str | None = None  # Material's UI strings (partials/languages/<x>.html); None = English chrome
    # Why the PDF cannot print this language (no shipped font covers its script; pdf/fonts); "" = it can.
    unprintable: str = ""


# Chinese and Korean: the site shows them (the reader's device has the fonts), the PDF cannot.
# Sizes: @fontsource/noto-sans-sc and -kr 5.3.0, all WOFF files of one weight (the whole package
# ships ~100 of them per weight); the package's other fonts together are under 1 MB.
_CJK = (
    "the PDF cannot print {what}: hsms ships no font for them ({font} is {size} per weight, too big "
    "to ship with the package)"
)

# Languages spoken on Western Canadian crews (Alberta's most common after English), with the
# facts the site and the PDF need. A code not here is refused with this list as the fix.
KNOWN: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "English", "Latn", material="en"),
        Language("fr", "French", "Français", "Latn", material="fr"),
        Language("es", "Spanish", "Español", "Latn", material="es"),
        Language("pa", "Punjabi", "ਪੰਜਾਬੀ", "Guru"),  # Material has no Punjabi UI strings: English chrome
        Language("tl", "Tagalog", "Tagalog", "Latn", material="tl"),
        Language(
            "zh",
            "Chinese",
            "中文",
            "Hans",
            material="zh",
            unprintable=_CJK.format(what="Chinese characters", font="Noto Sans SC", size="4.6 MB"),
        ),
        Language("vi", "Vietnamese", "Tiếng Việt", "Latn", material="vi"),
        Language("ar", "Arabic", "العربية", "Arab", "rtl", material="ar"),
        Language("ur", "Urdu", "اردو", "Arab", "rtl", material="ur"),
        Language("fa", "Persian", "فارسی", "Arab", "rtl", material="fa"),
        Language("hi", "Hindi", "हिन्दी", "Deva", material="hi"),
        Language("uk", "Ukrainian", "Українська", "Cyrl", material="uk"),
        Language("ru", "Russian", "Русский", "Cyrl", material="ru"),
        Language(
            "ko",
            "Korean",
            "한국어",
            "Kore",
            material="ko",
            unprintable=_CJK.format(what="Korean (Hangul)", font="Noto Sans KR", size="3.3 MB"),
        ),
        Language("de", "German", "Deutsch", "Latn", material="de"),
        Language("pt", "Portuguese", "Português", "Latn", material="pt"),
    )
}

CONTROLLED_DEFAULT = "en"
DIGEST_PREFIX = "sha256:"
TRANSLATION_STATUSES = ("draft", "reviewed")


def known_codes() -> str:
    return ", ".join(f"{c} ({lang.english})" for c, lang in KNOWN.items())


@dataclass(frozen=True)
class Languages:
    """manual.yml ``languages:``: the controlled language and the translations, in the order written."""

    controlled: str = CONTROLLED_DEFAULT
    translations: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        """Every language once, the controlled one first."""
        return tuple(dict.fromkeys((self.controlled, *self.translations)))


def split_suffix(src: str) -> tuple[str, str] | None:
    """``03-x.pa.md`` → (``03-x.md``, ``pa``) when ``pa`` is a known language code; else None.
    Only known codes count, so ``notes.v2.md`` stays an ordinary page."""
    if not src.endswith(".md"):
        return None
    stem = src[:-3]
    base, dot, code = stem.rpartition(".")
    if not dot or not base or base.endswith("/") or code not in KNOWN:
        return None
    return base + ".md", code


def translated_src(src: str, lang: str) -> str:
    """``03-x.md`` → ``03-x.pa.md``."""
    return f"{src[:-3]}.{lang}.md"


def digest(data: bytes) -> str:
    """The digest recorded in ``translated_from``: of the original page's file, as bytes."""
    return DIGEST_PREFIX + hashlib.sha256(data).hexdigest()

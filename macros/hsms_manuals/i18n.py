"""The words hsms writes itself (document control labels, the Emergency control, banners and
notices) come from gettext catalogues, not from code: ``locale/hsms.pot`` holds every English
message, ``locale/<lang>/LC_MESSAGES/hsms.po`` its translation (read with Babel). A message
with no translation in a language is shown in English. Every message goes through ``t()``;
a test checks that each key used in templates and modules is in the catalogues."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "hsms"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def messages(lang: str) -> dict[str, str]:
    """msgid → msgstr of one language (empty for English and languages with no catalogue).
    Fuzzy entries count: the shipped translations are drafts, marked so in their header."""
    path = catalogue_path(lang)
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        catalogue = read_po(fh, locale=None, domain=DOMAIN)
    return {str(m.id): str(m.string) for m in catalogue if m.id and isinstance(m.id, str) and m.string}


def has_catalogue(lang: str) -> bool:
    return bool(messages(lang))


def t(lang: str, msgid: str, /, **values: object) -> str:
    """The message in ``lang`` (English when it has none), with ``{name}`` placeholders filled.
    Values are plain text; templates escape the result."""
    text = messages(lang).get(msgid, msgid) if lang != "en" else msgid
    return text.format(**values) if values else text

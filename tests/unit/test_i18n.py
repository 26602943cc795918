"""hsms's own words come from the catalogues: every message a template or module asks for is in
the English template and translated in every shipped catalogue, with the same placeholders, and
hsms's partials print no English of their own outside t()."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hsms_manuals import i18n
from hsms_manuals.pdf.labels import LABELS, label, printing_in

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "macros" / "hsms_manuals"
SHIPPED = ("fr", "pa")
_TEMPLATE_CALL = re.compile(r"""hsms\.t\(\s*(["'])(.+?)\1""")
_PYTHON_CALL = re.compile(r"""\bt\(\s*[\w.]+\s*,\s*(["'])(.+?)\1""")


def used_keys() -> dict[str, str]:
    """msgid → where it is used."""
    found: dict[str, str] = {}
    for path in sorted((REPO / "overrides").rglob("*.html")):
        for m in _TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(m.group(2), str(path.relative_to(REPO)))
    for path in sorted(PACKAGE.rglob("*.py")):
        for m in _PYTHON_CALL.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(m.group(2), str(path.relative_to(REPO)))
    for key, text in LABELS.items():  # the printed words: label(key) looks them up in the catalogue
        found.setdefault(text, f"pdf/labels.py: {key}")
    return found


def catalogue(path: Path) -> dict[str, str]:
    with path.open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_used_is_in_the_template_and_nothing_else():
    used = used_keys()
    assert len(used) >= 25  # the scan finds the calls (a broken pattern would pass vacuously)
    template = set(catalogue(i18n.TEMPLATE))
    missing = {k: where for k, where in used.items() if k not in template}
    assert missing == {}, "add these messages to locale/hsms.pot and every catalogue"
    assert template - set(used) == set(), "messages no template or module uses any more"


@pytest.mark.parametrize("lang", SHIPPED)
def test_each_shipped_catalogue_translates_every_message_with_the_same_placeholders(lang):
    template = catalogue(i18n.TEMPLATE)
    translated = catalogue(i18n.catalogue_path(lang))
    assert set(translated) == set(template)
    for msgid, msgstr in translated.items():
        assert msgstr, f"{lang}: no translation for {msgid!r}"
        assert fields(msgstr) == fields(msgid), f"{lang}: {msgid!r}"
    assert "DRAFT translation" in i18n.catalogue_path(lang).read_text(encoding="utf-8").split("msgid", 1)[0]


# Partials that workers never see: the drafts preview (`--drafts`) is the consultancy's working
# view, never published, and speaks the consultant's language (English), like the CLI.
CONSULTANT_ONLY = {"hsms-draft.html"}


def test_partials_print_no_words_outside_the_catalogue():
    for path in sorted((REPO / "overrides" / "partials").glob("hsms-*.html")):
        if path.name in CONSULTANT_ONLY:
            continue
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"<script>.*?</script>", "", text, flags=re.S)  # data for the script only
        text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S)
        text = re.sub(r"<[^>]*>", "", text)
        leftover = re.sub(r"[\s·;:—]+", " ", text).strip()
        assert leftover == "", f"{path.name} prints words outside t(): {leftover!r}"


def test_t_falls_back_to_english_and_fills_placeholders():
    assert i18n.t("pa", "Revision {revision}", revision="4") == "ਸੋਧ 4"
    assert i18n.t("de", "Revision {revision}", revision="4") == "Revision 4"  # no German catalogue
    assert i18n.t("fr", "Hospital") == "Hôpital"


def test_printed_words_follow_the_language_being_printed():
    assert label("contents") == "Contents"
    with printing_in("pa"):
        assert label("contents") == "ਸਮੱਗਰੀ"
        assert (
            label("dates", effective="2026-09-01", next_review="2027-09-01")
            == "2026-09-01 ਤੋਂ ਲਾਗੂ · ਅਗਲੀ ਸਮੀਖਿਆ 2027-09-01"
        )
    assert label("contents") == "Contents"

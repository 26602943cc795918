"""translation_checks: a manual's translations — declared languages, a page for each translation
to translate, a reviewer for a reviewed one, the page rules for its text — and, as warnings only,
translations made from an older version of their page."""

from __future__ import annotations

from pathlib import Path

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.errors import Problem
from hsms_manuals.manual import load_manual
from hsms_manuals.model import Manual, page_digest
from hsms_manuals.translation_checks import check_translations, mark_fix, stale_warnings

OLD = 'translated_from: {revision: "1", digest: "sha256:' + "0" * 64 + '"}\n'


def translated(title: str, status: str = "draft", extra: str = "", body: str = "Bonjour.\n") -> str:
    return f"---\ntitle: {title}\ntranslation: {{status: {status}}}\n{extra}---\n\n{body}"


def load(repo: Path, languages: str, pages: dict[str, str]) -> Manual:
    write_manual(
        repo,
        manual_yml=MANUAL_YML + f"languages: {languages}\n",
        pages={"index.md": INDEX_MD, "01-rights.md": page("Rights")} | pages,
    )
    manual, problems = load_manual(repo, "tiny")
    assert problems == [] and manual is not None, problems
    return manual


def at_page(src: str, path: tuple, problem: str, fix: str) -> Problem:
    return Problem(src, 0, ".".join(map(str, path)), problem, fix)


def at_yml(path: tuple, problem: str, fix: str) -> Problem:
    return Problem("manual.yml", 0, ".".join(map(str, path)), problem, fix)


def checked(repo: Path, manual: Manual) -> list[str]:
    return [str(p) for p in check_translations(repo, manual, at_page, at_yml)]


def test_good_translations_have_no_problems(repo):
    m = load(
        repo,
        "{controlled: en, translations: [fr, pa]}",
        {
            "01-rights.fr.md": translated("Droits"),
            "01-rights.pa.md": "---\ntitle: ਹੱਕ\ntranslation: {status: reviewed, reviewed_by: Harjit Singh}\n---\n\nਸਤ.\n",
        },
    )
    assert checked(repo, m) == []


def test_languages_listed_wrongly_in_manual_yml(repo):
    m = load(repo, "{controlled: en, translations: [fr, en, pa, fr]}", {})
    assert checked(repo, m) == [
        "manual.yml: languages.translations.1: 'en' is the controlled language, not a translation — remove it from "
        "translations:",
        "manual.yml: languages.translations.3: 'fr' is listed twice — remove the duplicate",
    ]


def test_every_translation_that_cannot_be_shown_is_named_with_its_fix(repo):
    m = load(
        repo,
        "{controlled: en, translations: [fr, pa]}",
        {
            "fr/01-guide.md": page("Guide"),  # a folder the site uses for the French pages
            "01-rights.de.md": translated("Rechte"),
            "01-rights.fr.md": translated("Droits", "reviewed"),
            "02-gone.pa.md": translated("ਗਿਆ"),
            "index.en.md": translated("Home"),
        },
    )
    assert checked(repo, m) == [
        "fr/01-guide.md: fr/ is where the site puts the French translations — rename the folder",
        "01-rights.de.md: a translation into German (de), which manual.yml does not declare — add de to languages: "
        "translations: in manual.yml, or rename the file",
        "01-rights.fr.md: translation.reviewed_by: a reviewed translation without a reviewer — name the fluent "
        "speaker who checked it: reviewed_by: NAME, or write status: draft",
        "02-gone.pa.md: there is no page 02-gone.md for it to translate — name a translation after the page it "
        "translates: PAGE.<language>.md beside PAGE.md",
        "index.en.md: a translation into English (en) of a manual whose controlled language is English — merge it "
        "into index.md or remove it",
    ]


def test_a_translations_text_follows_the_rules_of_any_page_with_its_own_file_and_line(repo):
    m = load(
        repo,
        "{controlled: en, translations: [fr]}",
        {"01-rights.fr.md": translated("Droits", body="Texte.\n\n<script>alert(1)</script>\n")},
    )
    assert checked(repo, m) == [
        "manuals/tiny/docs/01-rights.fr.md:8: html: <script> is not allowed in a page (it runs code in the reader's "
        "browser) — remove it; write the content in Markdown"
    ]


def test_stale_translations_are_warnings_naming_the_command_that_marks_them(repo):
    m = load(
        repo,
        "{controlled: en, translations: [fr, pa]}",
        {
            "01-rights.fr.md": translated("Droits"),
            "01-rights.pa.md": translated("ਹੱਕ", extra=OLD),
            "index.pa.md": translated("ਘਰ", extra=OLD),
            "index.de.md": translated("Start"),  # not a declared language: not published, so no banner to warn of
        },
    )
    current = page_digest(m.page_by_src["index.md"])
    (m.docs_dir / "index.pa.md").write_text(
        translated("ਘਰ", extra=f'translated_from: {{revision: "1", digest: "{current}"}}\n'), encoding="utf-8"
    )
    m, _ = load_manual(repo, "tiny")
    assert [str(p) for p in stale_warnings(m, at_page)] == [
        "01-rights.fr.md: not marked as translated from the current 01-rights.md, so it shows an out-of-date banner "
        "— run `hsms translate mark tiny 01-rights.fr.md` once it matches the current page",
        "01-rights.pa.md: translated_from.digest: 01-rights.md changed since this translation was made: it shows an "
        "out-of-date banner — update the translation, then run `hsms translate mark tiny 01-rights.pa.md` once it "
        "matches the current page",
    ]
    assert (
        mark_fix(m, m.translation_by_src["index.pa.md"])
        == "run `hsms translate mark tiny index.pa.md` once it matches the current page"
    )

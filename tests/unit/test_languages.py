"""Translations in the model: declared languages, PAGE.<lang>.md beside PAGE.md, translation front
matter, what validate refuses and warns about, and `hsms translate mark`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.cli import main
from hsms_manuals.languages import split_suffix
from hsms_manuals.manual import load_manual
from hsms_manuals.model import page_digest
from hsms_manuals.translation_files import with_translated_from
from hsms_manuals.validate import translation_warnings, validate

LANGS = "languages: {controlled: en, translations: [fr, pa]}\n"
LINE = MANUAL_YML.count("\n") + 1  # of languages:, appended to the test manual.yml


def translation(title: str = "ਘਰ", body: str = "ਸੁਰੱਖਿਆ ਪਹਿਲਾਂ।\n", extra: str = "", status: str = "draft") -> str:
    return f"---\ntitle: {title}\ntranslation: {{status: {status}}}\n{extra}---\n\n{body}"


def problems(root: Path) -> list[str]:
    return [str(p) for p in validate(root)[2]]


def test_suffix_convention_only_for_known_language_codes():
    assert split_suffix("03-worker-rights.pa.md") == ("03-worker-rights.md", "pa")
    assert split_suffix("safe-work/ladders.fr.md") == ("safe-work/ladders.md", "fr")
    assert split_suffix("notes.v2.md") is None  # not a language: an ordinary page
    assert split_suffix("index.md") is None
    assert split_suffix(".pa.md") is None


def test_translations_are_not_pages_and_never_count(repo):
    write_manual(
        repo,
        manual_yml=MANUAL_YML + LANGS,
        pages={
            "index.md": INDEX_MD,
            "01-policy.md": page("Policy", ["policy.statement"]),
            "index.pa.md": translation(),
            "01-policy.fr.md": translation("Politique", "Texte.\n"),
        },
    )
    manual, found = load_manual(repo, "tiny")
    assert found == []
    assert [p.src for p in manual.pages] == ["index.md", "01-policy.md"]  # coverage reads pages only
    assert {(t.src, t.original, t.lang, t.status) for t in manual.translations} == {
        ("index.pa.md", "index.md", "pa", "draft"),
        ("01-policy.fr.md", "01-policy.md", "fr", "draft"),
    }
    assert manual.translation("01-policy.md", "fr").url == "fr/01-policy/"
    assert manual.translation("index.md", "pa").url == "pa/"
    assert problems(repo) == []


def test_a_translation_cannot_claim_coverage_or_approval(repo):
    write_manual(
        repo,
        manual_yml=MANUAL_YML + LANGS,
        pages={
            "index.md": INDEX_MD,
            "index.pa.md": "---\ntitle: ਘਰ\ncovers: [policy.statement]\nstatus: approved\nowner: Owner\n---\n\nਟੈਕਸਟ\n",
        },
    )
    assert problems(repo) == [
        "manuals/tiny/docs/index.pa.md:2: translation: required field — add 'translation:' (see the formats in README.md)",
        "manuals/tiny/docs/index.pa.md:3: covers: field is read-only — remove it: only the controlled page's covers: "
        "counts — a translation never counts for coverage or approval",
        "manuals/tiny/docs/index.pa.md:4: status: field is read-only — remove it: only the controlled page's status: "
        "counts — a translation never counts for coverage or approval; write translation: {status: draft}",
        "manuals/tiny/docs/index.pa.md:5: owner: field is read-only — remove it: only the controlled page's owner: "
        "counts — a translation never counts for coverage or approval",
    ]


def test_languages_are_checked(repo):
    write_manual(
        repo,
        manual_yml=MANUAL_YML + "languages: {controlled: en, translations: [fr, xx, en, fr]}\n",
        pages={
            "index.md": INDEX_MD,
            "index.de.md": translation("Start"),
            "02-none.fr.md": translation("X"),
            "pa/notes.md": page("Notes"),
            "index.fr.md": translation("Accueil", status="reviewed"),
        },
    )
    found = problems(repo)
    assert any(
        f"manual.yml:{LINE}: languages.translations.1: unallowed value xx — use a language code from this list: "
        "en (English), fr (French)" in p
        for p in found
    ), found
    assert (
        "manuals/tiny/docs/index.de.md:0: a translation into German (de), which manual.yml does not declare — "
        "add de to languages: translations: in manual.yml, or rename the file" not in found
    )  # schema failed first
    write_manual(repo, manual_yml=MANUAL_YML + "languages: {controlled: en, translations: [fr, en, fr, pa]}\n")
    found = problems(repo)
    assert found == [
        "manuals/tiny/docs/02-none.fr.md:2: there is no page 02-none.md for it to translate — name a translation after "
        "the page it translates: PAGE.<language>.md beside PAGE.md",
        "manuals/tiny/docs/index.de.md:2: a translation into German (de), which manual.yml does not declare — add de "
        "to languages: translations: in manual.yml, or rename the file",
        "manuals/tiny/docs/index.fr.md:3: translation.reviewed_by: a reviewed translation without a reviewer — name "
        "the fluent speaker who checked it: reviewed_by: NAME, or write status: draft",
        "manuals/tiny/docs/pa/notes.md:2: pa/ is where the site puts the Punjabi translations — rename the folder",
        f"manuals/tiny/manual.yml:{LINE}: languages.translations.1: 'en' is the controlled language, not a translation — "
        "remove it from translations:",
        f"manuals/tiny/manual.yml:{LINE}: languages.translations.2: 'fr' is listed twice — remove the duplicate",
    ]


def test_hostile_translation_text_is_refused_like_a_page(repo):
    write_manual(
        repo,
        manual_yml=MANUAL_YML + LANGS,
        pages={
            "index.md": INDEX_MD,
            "index.pa.md": translation("<script>x</script>", "{{ config.extra }}\n\n<script>alert(1)</script>\n"),
        },
    )
    found = problems(repo)
    assert found and all(p.startswith("manuals/tiny/docs/index.pa.md:") for p in found), found
    assert any("script" in p for p in found) and any("jinja" in p for p in found), found


def test_mark_records_the_original_and_staleness_follows_its_edits(repo, capsys):
    mdir = write_manual(repo, manual_yml=MANUAL_YML + LANGS, pages={"index.md": INDEX_MD, "index.pa.md": translation()})
    manual, _ = load_manual(repo, "tiny")
    assert [str(w) for w in translation_warnings(repo, {"tiny": manual})] == [
        "manuals/tiny/docs/index.pa.md:2: not marked as translated from the current index.md, so it shows an "
        "out-of-date banner — run `hsms translate mark tiny index.pa.md` once it matches the current page"
    ]
    assert main(["--root", str(repo), "translate", "mark", "tiny", "index.pa.md"]) == 0
    assert (
        capsys.readouterr().out == "marked manuals/tiny/docs/index.pa.md: translated from index.md as of revision 1\n"
    )
    text = (mdir / "docs/index.pa.md").read_text(encoding="utf-8")
    manual, _ = load_manual(repo, "tiny")
    want = page_digest(manual.page_by_src["index.md"])
    assert text == translation(extra=f'translated_from: {{revision: "1", digest: "{want}"}}\n')
    manual, _ = load_manual(repo, "tiny")
    assert translation_warnings(repo, {"tiny": manual}) == []
    assert not manual.is_stale(manual.translations[0])
    # The English page changes: the translation is stale until it is marked again.
    (mdir / "docs/index.md").write_text(INDEX_MD + "\nNew rule.\n", encoding="utf-8")
    manual, _ = load_manual(repo, "tiny")
    assert manual.is_stale(manual.translations[0])
    assert [str(w) for w in translation_warnings(repo, {"tiny": manual})] == [
        "manuals/tiny/docs/index.pa.md:4: translated_from.digest: index.md changed since this translation was made: "
        "it shows an out-of-date banner — update the translation, then run `hsms translate mark tiny index.pa.md` "
        "once it matches the current page"
    ]
    assert main(["--root", str(repo), "validate"]) == 0  # a warning: the controlled manual is not blocked
    assert "warning: manuals/tiny/docs/index.pa.md:4:" in capsys.readouterr().err
    assert main(["--root", str(repo), "translate", "mark", "tiny", "index.pa.md"]) == 0
    manual, _ = load_manual(repo, "tiny")
    assert manual.translations[0].from_digest == page_digest(manual.page_by_src["index.md"])
    assert (mdir / "docs/index.pa.md").read_text(encoding="utf-8").count("translated_from") == 1


def test_mark_refuses_what_is_not_a_translation(repo, capsys):
    write_manual(repo, manual_yml=MANUAL_YML + LANGS, pages={"index.md": INDEX_MD, "index.pa.md": translation()})
    assert main(["--root", str(repo), "translate", "mark", "tiny", "index.md"]) == 2
    assert main(["--root", str(repo), "translate", "mark", "tiny", "01-x.fr.md"]) == 2
    err = capsys.readouterr().err
    assert "error: index.md is not a translated page" in err
    assert "error: tiny has no translated page 01-x.fr.md — its translations: index.pa.md" in err


@pytest.mark.parametrize(
    "text, want",
    [
        ("---\ntitle: A\n---\nbody\n", "---\ntitle: A\nX\n---\nbody\n"),
        (
            "---\ntitle: A\ntranslated_from:\n  revision: '1'\n  digest: old\nb: 1\n---\n\n---\n",
            "---\ntitle: A\nb: 1\nX\n---\n\n---\n",
        ),
        (
            "---\r\ntitle: A\r\ntranslated_from: {revision: '1'}\r\n---\r\nbody\r\n",
            "---\r\ntitle: A\r\nX\n---\r\nbody\r\n",
        ),
    ],
)
def test_with_translated_from_changes_only_that_field(text, want):
    assert with_translated_from(text, "X\n") == want


def test_a_language_the_pdf_cannot_print_is_refused_when_declared(repo):
    """Chinese and Korean: no shipped font (several MB per weight), so validate says so at manual.yml's
    line instead of the build failing at the PDF."""
    write_manual(repo, manual_yml=MANUAL_YML + "languages: {controlled: en, translations: [fr, zh, ar, ko]}\n")
    assert problems(repo) == [
        f"manuals/tiny/manual.yml:{LINE}: languages.translations.1: zh (Chinese): the PDF cannot print Chinese "
        "characters: hsms ships no font for them (Noto Sans SC is 4.6 MB per weight, too big to ship with the "
        "package) — remove zh until hsms ships a font for it",
        f"manuals/tiny/manual.yml:{LINE}: languages.translations.3: ko (Korean): the PDF cannot print Korean "
        "(Hangul): hsms ships no font for them (Noto Sans KR is 3.3 MB per weight, too big to ship with the "
        "package) — remove ko until hsms ships a font for it",
    ]


def test_unprintable_languages_names_each_place():
    from hsms_manuals.translation_checks import unprintable_languages

    def yml(path, problem, fix):
        return (path, problem.split(":")[0], fix)

    assert unprintable_languages("en", ("ar", "hi", "ru", "vi", "pa"), yml) == []  # fonts ship for these
    assert unprintable_languages("zh", ("fr", "ko"), yml) == [
        (("languages", "controlled"), "zh (Chinese)", "remove zh until hsms ships a font for it"),
        (("languages", "translations", 1), "ko (Korean)", "remove ko until hsms ships a font for it"),
    ]


def test_every_printable_language_has_a_shipped_font_for_its_script():
    """Each script a declarable language writes in is covered by a font in fonts.css (a letter of it)."""
    import re

    from hsms_manuals.languages import KNOWN
    from hsms_manuals.pdf.weasy import FONTS_CSS

    claimed: set[int] = set()
    for ranges in re.findall(r"unicode-range:([^;]+);", FONTS_CSS.read_text()):
        for item in ranges.split(","):
            first, _, last = item.strip().removeprefix("U+").partition("-")
            claimed.update(range(int(first, 16), int(last or first, 16) + 1))
    sample = {
        "Latn": "aéœ",
        "Guru": "ਸੁਰੱਖਿਆ",
        "Arab": "السلامة",
        "Deva": "सुरक्षा",
        "Cyrl": "безпеки",
        "Hans": "安全",
        "Kore": "안전",
    }
    extra = {"vi": "ơư ạ đ", "ur": "حفاظت ے ں", "fa": "ایمنی پ گ", "uk": "ї є ґ"}
    for code, lang in KNOWN.items():
        text = (sample[lang.script] + extra.get(code, "")).replace(" ", "")
        covered = all(ord(c) in claimed for c in text)
        assert covered == (not lang.unprintable), code

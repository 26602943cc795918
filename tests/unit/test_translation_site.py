"""translation_site: what a page says about languages — its language and direction, the switcher's
entries (to a translation, or to the original with ?lang=), the banners of a draft, reviewed or
stale translation, the fallback notices of an original, and links kept in the language."""

from __future__ import annotations

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.manual import load_manual
from hsms_manuals.model import Manual, page_digest
from hsms_manuals.translation_site import Alternate, Notice, localise_links, page_language

LANGS = "languages: {controlled: en, translations: [fr, ar]}\n"


def translation(title: str, status: str = "draft", extra: str = "", body: str = "Texte.\n") -> str:
    who = ", reviewed_by: 'Zoé <b>Roy</b>'" if status == "reviewed" else ""
    return f"---\ntitle: {title}\ntranslation: {{status: {status}{who}}}\n{extra}---\n\n{body}"


def load(repo, pages: dict[str, str], langs: str = LANGS) -> Manual:
    write_manual(repo, manual_yml=MANUAL_YML + langs, pages={"index.md": INDEX_MD, **pages})
    manual, problems = load_manual(repo, "tiny")
    assert manual is not None, problems
    return manual


def test_an_original_lists_every_language_and_a_notice_where_it_is_not_translated(repo):
    m = load(repo, {"work/ladders.md": page("Ladders"), "work/ladders.fr.md": translation("Échelles")})
    info = page_language(m, repo, "work/ladders.md", "work/ladders/")
    assert (info.lang, info.dir, info.material, info.status, info.stale) == ("en", "ltr", "en", None, None)
    assert info.alternates == (
        Alternate("en", "English", "work/ladders/", "", True),
        Alternate("fr", "Français", "fr/work/ladders/", "", False),
        Alternate("ar", "العربية — not translated yet (English page)", "work/ladders/", "?lang=ar", False),
    )
    (notice,) = info.fallbacks
    assert (notice.lang, notice.dir) == ("ar", "rtl")
    # each entry speaks its own language; hsms has no Arabic catalogue yet, so English
    assert notice.text == "This page is not translated yet — here is the English version."


def test_a_draft_translation_in_its_own_language(repo):
    m = load(repo, {"work/ladders.md": page("Ladders"), "work/ladders.fr.md": translation("Échelles")})
    info = page_language(m, repo, "work/ladders.fr.md", "fr/work/ladders/")
    assert (info.lang, info.dir, info.material) == ("fr", "ltr", "fr")
    assert info.status == (
        "Traduction provisoire — elle doit encore être vérifiée par une personne qui parle bien le français. "
        "La page anglaise est le document officiel."
    )
    assert info.alternates[0] == Alternate("en", "English", "work/ladders/", "?lang=en", False)
    assert info.alternates[1] == Alternate("fr", "Français", "fr/work/ladders/", "", True)
    assert info.alternates[2] == Alternate(
        "ar", "العربية — not translated yet (English page)", "work/ladders/", "?lang=ar", False
    )  # in Arabic's own words (no catalogue yet: English), not the French reader's
    assert info.fallbacks == ()  # notices belong to the original
    # never marked as translated from the current page: the banner without a date
    assert info.stale == "Cette traduction ne correspond peut-être pas à la page anglaise — "
    assert (info.stale_link, info.original_url) == ("lire la page anglaise", "work/ladders/")


def test_a_reviewed_and_current_translation_names_its_reviewer_and_has_no_banner(repo):
    m = load(repo, {"work/ladders.md": page("Ladders")})
    digest = page_digest(m.page_by_src["work/ladders.md"])
    extra = f'translated_from: {{revision: "1", digest: "{digest}"}}\n'
    m = load(repo, {"work/ladders.md": page("Ladders"), "work/ladders.fr.md": translation("É", "reviewed", extra)})
    info = page_language(m, repo, "work/ladders.fr.md", "fr/work/ladders/")
    assert info.status == "Traduction vérifiée par Zoé <b>Roy</b>. La page anglaise est le document officiel."
    assert (info.stale, info.stale_link) == (None, None)  # the theme escapes the name (it is data here)


def test_a_stale_translation_says_since_when_the_original_changed(repo):
    m = load(repo, {"work/ladders.md": page("Ladders")})
    extra = 'translated_from: {revision: "1", digest: "sha256:' + "0" * 64 + '"}\n'
    m = load(repo, {"work/ladders.md": page("Ladders"), "work/ladders.fr.md": translation("É", extra=extra)})
    info = page_language(m, repo, "work/ladders.fr.md", "fr/work/ladders/")
    # not in git: the manual's effective date
    assert info.stale == "La page anglaise a changé le 2026-09-01 ; cette traduction n’est peut-être plus à jour — "


def test_a_right_to_left_language_and_english_chrome_where_material_has_none(repo):
    langs = "languages: {controlled: en, translations: [ar, pa]}\n"
    m = load(repo, {"index.ar.md": translation("الرئيسية"), "index.pa.md": translation("ਘਰ")}, langs)
    ar = page_language(m, repo, "index.ar.md", "ar/")
    pa = page_language(m, repo, "index.pa.md", "pa/")
    assert (ar.lang, ar.dir, ar.material) == ("ar", "rtl", "ar")
    assert (pa.lang, pa.dir, pa.material) == ("pa", "ltr", "en")
    assert ar.alternates[0] == Alternate("en", "English", "./", "?lang=en", False)  # the home page keeps ?lang


def test_a_translation_of_an_unapproved_page_or_undeclared_language_is_not_published(repo):
    m = load(
        repo,
        {
            "work/draft.md": page("Draft", status="draft"),
            "work/draft.fr.md": translation("Brouillon"),
            "work/ok.md": page("Ok"),
            "work/ok.es.md": translation("Bien"),
        },
    )
    for src, url in (("work/draft.fr.md", "fr/work/draft/"), ("work/ok.es.md", "es/work/ok/")):
        info = page_language(m, repo, src, url)
        assert (info.lang, info.status) == ("en", None)


def test_one_language_only_has_no_switcher(repo):
    write_manual(repo)
    m, _ = load_manual(repo, "tiny")
    info = page_language(m, repo, "index.md", "")
    assert (info.alternates, info.fallbacks, info.lang) == ((), (), "en")


def test_a_generated_page_links_to_itself(repo):
    m = load(repo, {"index.fr.md": translation("Accueil")})
    info = page_language(m, repo, "audit/index.md", "audit/")
    assert info.alternates[0].url == "audit/"
    assert info.fallbacks[0] == Notice("fr", "ltr", "Cette page n’est pas encore traduite — voici la version anglaise.")
    assert [n.lang for n in info.fallbacks] == ["fr", "ar"]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("See [ladders](ladders.md).", "See [ladders](ladders.fr.md)."),
        ("See [ladders](ladders.md#rules).", "See [ladders](ladders.fr.md#rules)."),
        ("See [ladders]( <ladders.md> ).", "See [ladders]( <ladders.fr.md> )."),
        ("See [home](../index.md).", "See [home](../index.md)."),  # not translated: stays English
        ("See [x](https://example.com/ladders.md).", "See [x](https://example.com/ladders.md)."),
        ("ladders.md in prose", "ladders.md in prose"),
        # reference-style links: the definition is the link
        ("[ladders][l]\n\n[l]: ladders.md\n", "[ladders][l]\n\n[l]: ladders.fr.md\n"),
        ("[l]: <ladders.md#rules> 'Title'", "[l]: <ladders.fr.md#rules> 'Title'"),
        ("[l]: ../index.md", "[l]: ../index.md"),
        ("[l]: https://example.com/ladders.md", "[l]: https://example.com/ladders.md"),
        ("    [l]: ladders.md", "    [l]: ladders.md"),  # indented code, not a definition
    ],
)
def test_links_to_translated_pages_stay_in_the_language(repo, markdown, expected):
    m = load(
        repo,
        {
            "work/ladders.md": page("Ladders"),
            "work/ladders.fr.md": translation("Échelles"),
            "work/lockout.md": page("Lockout"),
            "work/lockout.fr.md": translation("Cadenassage"),
        },
    )
    assert localise_links(markdown, m, m.translation("work/lockout.md", "fr")) == expected

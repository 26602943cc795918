"""A translated manual built for real: each page in its own language and direction, a switcher
that keeps the reader on the same page, draft and stale banners in the page's language, the
fallback notice, and (in Chromium) the reader's remembered language."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import require_browser
from hsms_manuals.cli import main
from sitekit import build, make_repo, write_manual

MARK = "---\ntitle: {title}\ntranslation: {{status: {status}}}\n---\n\n{body}\n"


def translated(title: str, body: str, status: str = "draft") -> str:
    return MARK.format(title=title, body=body, status=status)


def tiny_translated(root: Path) -> Path:
    mdir = write_manual(root, "tiny")
    with (mdir / "manual.yml").open("a", encoding="utf-8") as fh:
        fh.write("languages: {controlled: en, translations: [fr, pa, ar]}\n")
    docs = mdir / "docs"
    (docs / "index.pa.md").write_text(translated("ਜੀ ਆਇਆਂ ਨੂੰ", "ਪਹਿਲਾਂ [ਨੀਤੀ](01-policy.md) ਪੜ੍ਹੋ।"), encoding="utf-8")
    (docs / "01-policy.pa.md").write_text(
        translated(
            "ਸਿਹਤ ਅਤੇ ਸੁਰੱਖਿਆ ਨੀਤੀ", "## ਸਾਡਾ ਵਾਅਦਾ\n\nਅਸੀਂ ਸੁਰੱਖਿਆ ਨੂੰ ਪਹਿਲ ਦਿੰਦੇ ਹਾਂ। [ਘਰ](index.md) · [FLHA](02-hazards.md)"
        ),
        encoding="utf-8",
    )
    (docs / "01-policy.ar.md").write_text(translated("سياسة الصحة والسلامة", "نضع السلامة أولاً."), encoding="utf-8")
    (docs / "01-policy.fr.md").write_text(
        translated("Politique", "Texte.", status="reviewed").replace(
            "status: reviewed", "status: reviewed, reviewed_by: Luc Roy"
        ),
        encoding="utf-8",
    )
    assert (
        main(
            [
                "--root",
                str(root),
                "translate",
                "mark",
                "tiny",
                "index.pa.md",
                "01-policy.pa.md",
                "01-policy.ar.md",
                "01-policy.fr.md",
            ]
        )
        == 0
    )
    return mdir


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("lang"))
    tiny_translated(root)
    assert build(root, "tiny") == 0
    return root / "site" / "tiny"


def html(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def switcher(text: str) -> list[tuple[str, str, str]]:
    return [
        (m[1], m[0], re.sub(r"\s+", " ", m[2]).strip())
        for m in re.findall(
            r'<a href="([^"]*)" hreflang="([^"]*)" lang="[^"]*" class="md-select__link hsms-lang-link"[^>]*>([^<]*)</a>',
            text,
        )
    ]


def test_each_page_has_its_language_and_direction(site):
    for rel, lang, direction in (
        ("", "en", "ltr"),
        ("01-policy", "en", "ltr"),
        ("pa", "pa", "ltr"),
        ("pa/01-policy", "pa", "ltr"),
        ("ar/01-policy", "ar", "rtl"),
        ("fr/01-policy", "fr", "ltr"),
    ):
        text = html(site, rel)
        assert f'<html lang="{lang}"' in text, rel
        assert f'<body dir="{direction}"' in text, rel
    # Material's own words follow the page's language where Material has them (French), else English.
    assert 'placeholder="Rechercher"' in html(site, "fr/01-policy")
    assert 'placeholder="Search"' in html(site, "pa/01-policy")


def test_the_switcher_keeps_the_page(site):
    assert switcher(html(site, "01-policy")) == [
        ("en", "./", "English"),
        ("fr", "../fr/01-policy/", "Français"),
        ("pa", "../pa/01-policy/", "ਪੰਜਾਬੀ"),
        ("ar", "../ar/01-policy/", "العربية"),
    ]
    # Not translated: the link says so in the reader's language and leads to the English page.
    assert switcher(html(site, "02-hazards")) == [
        ("en", "./", "English"),
        ("fr", "./?lang=fr", "Français — pas encore traduite (page en anglais)"),
        ("pa", "./?lang=pa", "ਪੰਜਾਬੀ — ਅਜੇ ਅਨੁਵਾਦ ਨਹੀਂ (ਅੰਗਰੇਜ਼ੀ ਪੰਨਾ)"),
        ("ar", "./?lang=ar", "العربية — not translated yet (English page)"),
    ]  # no Arabic catalogue: English words
    assert switcher(html(site, "pa")) == [
        ("en", "../?lang=en", "English"),
        ("fr", "../?lang=fr", "Français — pas encore traduite (page en anglais)"),
        ("pa", "./", "ਪੰਜਾਬੀ"),
        ("ar", "../?lang=ar", "العربية — not translated yet (English page)"),
    ]


def test_translated_pages_link_to_translations_and_stay_out_of_the_english_nav(site):
    text = html(site, "pa/01-policy")
    assert '<a href="../">ਘਰ</a>' in text  # index.md → the Punjabi home
    assert '<a href="../../02-hazards/">FLHA</a>' in text  # untranslated → the English page
    assert "ਸਿਹਤ ਅਤੇ ਸੁਰੱਖਿਆ ਨੀਤੀ" not in html(site, "01-policy")  # not in the English navigation


def logo_link(text: str) -> str:
    return re.search(r'<a href="([^"]*)" title="[^"]*" class="md-header__button md-logo"', text)[1]


def test_the_header_logo_leads_home_in_the_pages_language(site):
    assert logo_link(html(site, "pa/01-policy")) == "../"  # the Punjabi home
    assert logo_link(html(site, "pa")) == "./"
    # No French or Arabic home page: their logo leads to the English home, as on English pages.
    assert logo_link(html(site, "fr/01-policy")) == "../.."
    assert logo_link(html(site, "ar/01-policy")) == "../.."
    assert logo_link(html(site, "01-policy")) == ".."


def test_the_light_and_dark_buttons_are_named_in_the_pages_language(site):
    def names(page: str) -> list[str]:
        part = html(site, page).split('class="md-header__option hsms-palette"', 1)[1].split("</div>", 1)[0]
        return re.findall(r'aria-label="([^"]*)"', part)

    assert names("01-policy") == ["Switch to dark mode", "Switch to light mode"]
    assert names("fr/01-policy") == ["Passer au mode sombre", "Passer au mode clair"]
    assert names("pa/01-policy") == ["ਗੂੜ੍ਹੇ ਮੋਡ ’ਤੇ ਜਾਓ", "ਹਲਕੇ ਮੋਡ ’ਤੇ ਜਾਓ"]
    assert names("ar/01-policy") == ["Switch to dark mode", "Switch to light mode"]  # no Arabic catalogue


def sidebar(text: str) -> list[tuple[str, str]]:
    """(href, words) of each page link of the primary navigation, as a reader sees them."""
    nav = text[
        text.index('<nav class="md-nav md-nav--primary"') : text.index('<div class="md-sidebar md-sidebar--secondary"')
    ]
    return [
        (m[0], re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", m[1])).strip())
        for m in re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*"[^>]*>(.*?)</a>', nav, re.S)
    ]


def test_a_translated_page_lists_the_pages_in_its_language(site):
    pa = sidebar(html(site, "pa/01-policy"))
    assert pa[:3] == [
        ("../", "ਜੀ ਆਇਆਂ ਨੂੰ"),  # translated: its title, to the translation
        ("./", "ਸਿਹਤ ਅਤੇ ਸੁਰੱਖਿਆ ਨੀਤੀ"),  # the page being read
        ("../../02-hazards/", "Hazard Assessment · ਅੰਗਰੇਜ਼ੀ ਪੰਨਾ"),
    ]  # not: the English page, marked
    assert ("../../audit/", "Audit guide · ਅੰਗਰੇਜ਼ੀ ਪੰਨਾ") in pa  # generated pages are English pages too
    text = html(site, "pa/01-policy")
    assert 'class="md-nav__link md-nav__link--active" aria-current="page">' in text
    assert '<span class="md-ellipsis">ਆਡਿਟ ਗਾਈਡ</span>' in text  # hsms's own section title, in Punjabi
    assert (
        '<a href="../../02-hazards/" class="md-nav__link" hreflang="en">\n      <span class="md-ellipsis">'
        '<bdi lang="en">Hazard Assessment</bdi>'
    ) in text  # English words marked as English, isolated in RTL
    # French: the home page is not translated into French; Arabic: nor is it, and the English title is isolated.
    assert sidebar(html(site, "fr/01-policy"))[:2] == [("../..", "Welcome · page en anglais"), ("./", "Politique")]
    assert sidebar(html(site, "ar/01-policy"))[1] == ("./", "سياسة الصحة والسلامة")
    # English pages keep Material's navigation of the English pages.
    english = sidebar(html(site, "02-hazards"))
    assert english[:3] == [
        ("..", "Welcome"),
        ("../01-policy/", "Health and Safety Policy"),
        ("./", "Hazard Assessment"),
    ]
    assert "hsms-nav-note" not in html(site, "02-hazards")


def test_translation_status_is_shown_in_its_language(site):
    assert (
        '<div class="admonition note hsms-translation" role="note"><p>ਕੱਚਾ ਅਨੁਵਾਦ — ਇਸ ਦੀ ਜਾਂਚ ਅਜੇ ਪੰਜਾਬੀ ਚੰਗੀ '
        "ਤਰ੍ਹਾਂ ਜਾਣਨ ਵਾਲੇ ਵਿਅਕਤੀ ਨੇ ਕਰਨੀ ਹੈ। ਅਸਲ ਦਸਤਾਵੇਜ਼ ਅੰਗਰੇਜ਼ੀ ਪੰਨਾ ਹੈ।</p></div>"
    ) in html(site, "pa/01-policy")
    assert "Traduction vérifiée par Luc Roy. La page anglaise est le document officiel." in html(site, "fr/01-policy")
    assert "hsms-stale" not in html(site, "pa/01-policy")  # marked against the current page
    assert "hsms-translation" not in html(site, "01-policy")
    # Document control and the emergency block speak the page's language; the values stay as written.
    home = html(site, "pa")
    assert "ਐਮਰਜੈਂਸੀ ਵਿੱਚ" in home and "ਇਕੱਠੇ ਹੋਣ ਦੀ ਥਾਂ" in home and "North gate" in home
    assert "ਸੋਧ 1" in home


def test_the_footer_line_is_in_the_pages_language(site):
    text = html(site, "pa")
    footer = re.findall(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', text, re.S)
    assert footer == ["TM-001 · ਸੋਧ 1 · 2026-10-01 ਤੋਂ ਲਾਗੂ"], footer
    english = re.findall(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', html(site, "01-policy"), re.S)
    assert english == ["TM-001 · Revision 1 · Effective 2026-10-01"], english


def test_an_untranslated_page_carries_the_fallback_notice_for_each_language(site):
    text = html(site, "02-hazards")
    assert (
        '<p class="hsms-fallback" data-hsms-fallback="fr" lang="fr" dir="ltr" hidden>Cette page n’est pas encore '
        "traduite — voici la version anglaise.</p>"
    ) in text
    assert 'data-hsms-fallback="ar" lang="ar" dir="rtl" hidden>' in text
    assert 'data-hsms-fallback="' not in html(site, "01-policy")  # translated into every language


def test_search_index_holds_each_language(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "pa/01-policy/" in {doc["location"] for doc in index["docs"]}
    # One English lunr index (no multi-language trimmer, which would delete Gurmukhi and Arabic words),
    # words split at punctuation too, the Gurmukhi danda included.
    assert index["config"]["lang"] == ["en"] and "।॥" in index["config"]["separator"]


def test_an_english_edit_makes_the_translation_stale(tmp_path, capsys):
    root = make_repo(tmp_path)
    mdir = tiny_translated(root)
    git = ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "first"], check=True)
    policy = mdir / "docs" / "01-policy.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\nA new rule.\n", encoding="utf-8")
    subprocess.run(
        git + ["commit", "-qam", "new rule"],
        check=True,
        env={"GIT_COMMITTER_DATE": "2026-11-20T10:00:00", "PATH": "/usr/bin:/bin"},
    )
    capsys.readouterr()
    assert main(["--root", str(root), "validate", "tiny"]) == 0
    err = capsys.readouterr().err
    assert (
        "warning: manuals/tiny/docs/01-policy.pa.md:4: translated_from.digest: 01-policy.md changed since this "
        "translation was made: it shows an out-of-date banner — update the translation, then run `hsms translate "
        "mark tiny 01-policy.pa.md` once it matches the current page"
    ) in err
    assert build(root, "tiny") == 0
    text = html(root / "site" / "tiny", "pa/01-policy")
    assert (
        '<div class="admonition warning hsms-stale" role="alert"><p>ਅੰਗਰੇਜ਼ੀ ਪੰਨਾ 2026-11-20 ਨੂੰ ਬਦਲਿਆ ਗਿਆ; ਹੋ '
        'ਸਕਦਾ ਹੈ ਇਹ ਅਨੁਵਾਦ ਪੁਰਾਣਾ ਹੋਵੇ — <a href="../../01-policy/" hreflang="en" lang="en">ਅੰਗਰੇਜ਼ੀ ਪੰਨਾ ਪੜ੍ਹੋ</a>'
        "</p></div>"
    ) in text
    assert "hsms-stale" not in html(root / "site" / "tiny", "pa")  # its own original did not change
    fr = html(root / "site" / "tiny", "fr/01-policy")
    assert "La page anglaise a changé le 2026-11-20 ; cette traduction n’est peut-être plus à jour" in fr


def test_hostile_translation_title_stays_text(tmp_path):
    root = make_repo(tmp_path)
    mdir = write_manual(root, "tiny")
    with (mdir / "manual.yml").open("a", encoding="utf-8") as fh:
        fh.write("languages: {controlled: en, translations: [pa]}\n")
    (mdir / "docs" / "index.pa.md").write_text(
        translated('"<img src=x onerror=alert(1)> {{ 7*7 }}"', "ਟੈਕਸਟ"), encoding="utf-8"
    )
    assert build(root, "tiny") == 0
    text = html(root / "site" / "tiny", "pa")
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }}" in text


# --- in a real browser ---------------------------------------------------------------


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site.parent)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/tiny/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser_page():
    chromium = require_browser()
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        yield context.new_page()
        browser.close()


def choose(page, label: str) -> None:
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(".md-select__link", has_text=label).first.click()
    page.wait_for_load_state()


def test_switcher_keeps_the_page_and_remembers_the_language(browser_page, served):
    page = browser_page
    page.goto(served + "01-policy/")
    assert page.locator("html").get_attribute("lang") == "en"
    choose(page, "ਪੰਜਾਬੀ")
    assert page.url == served + "pa/01-policy/"
    assert page.locator("html").get_attribute("lang") == "pa"
    assert "ਸਾਡਾ ਵਾਅਦਾ" in page.locator("article").inner_text()
    choose(page, "English")
    assert page.url == served + "01-policy/?lang=en"
    assert page.locator(".hsms-fallback:visible").count() == 0
    page.goto(served + "pa/")  # the reader picks Punjabi again, then follows a link to an untranslated page
    page.goto(served + "02-hazards/")
    notice = page.locator(".hsms-fallback:visible")
    assert notice.count() == 1 and notice.inner_text() == "ਇਸ ਪੰਨੇ ਦਾ ਅਜੇ ਅਨੁਵਾਦ ਨਹੀਂ ਹੋਇਆ — ਇਹ ਅੰਗਰੇਜ਼ੀ ਰੂਪ ਹੈ।"
    page.goto(served + "02-hazards/?lang=fr")
    assert (
        page.locator(".hsms-fallback:visible").inner_text()
        == "Cette page n’est pas encore traduite — voici la version anglaise."
    )


def test_right_to_left_page_renders_right_to_left(browser_page, served):
    page = browser_page
    page.goto(served + "ar/01-policy/")
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "rtl"


@pytest.mark.parametrize("word", ["ਪਹਿਲ", "ਹਾਂ"])  # a word inside a sentence, and one before the danda (।)
def test_gurmukhi_whole_word_search_finds_the_punjabi_page(browser_page, served, word):
    page = browser_page
    page.goto(served + "pa/")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(word, delay=30)
    page.locator("input.md-search__input").press("End")  # Gurmukhi is inserted as text: Material waits for a key
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    titles = page.locator(".md-search-result__article h1").all_inner_texts()
    assert "ਸਿਹਤ ਅਤੇ ਸੁਰੱਖਿਆ ਨੀਤੀ" in titles, titles


# --- the Punjabi PDF -----------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("langpdf"))
    tiny_translated(root)
    assert build(root, "tiny", pdf=True) == 0
    return root / "site" / "tiny"


def pdf_text(path: Path) -> tuple[str, set[str]]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    return "\n".join(page.extract_text() for page in reader.pages), fonts


def test_the_punjabi_pdf_has_its_pages_words_and_fonts(pdf_site):
    text, fonts = pdf_text(pdf_site / "pdf" / "tiny-rev-1-pa.pdf")
    # pypdf returns the vowel sign ਿ in visual order (before its consonant), so the words checked
    # here have none; every glyph drawn is checked by the build itself (a .notdef fails it).
    for words in (
        "ਅਸੀਂ",
        "ਹਾਂ।",
        "ਜੀ ਆਇਆਂ ਨੂੰ",  # the translated pages' words come back
        "ਸਮੱਗਰੀ",
        "ਐਮਰਜੈਂਸੀ",  # hsms's own words in Punjabi
        "TM-001",
        "Pat Lee",
    ):  # the same document control
        assert words in text, words
    assert "ਇਹ ਸੋਧ 1 ਦਾ ਅਨੁਵਾਦ ਹੈ।" in text  # the cover: a translation of revision 1, English is controlled
    assert "ਦਾ ਅਜੇ ਅਨੁਵਾਦ ਨਹੀਂ ਹੋਇਆ" in text and "Hazard Assessment" in text  # listed, not printed
    assert "Do an FLHA before each task" not in text
    assert any(f.startswith("Noto-Sans-Gurmukhi") for f in fonts), fonts
    assert all(f.startswith(("Atkinson-Hyperlegible", "Noto-Sans")) for f in fonts), fonts


def test_the_arabic_pdf_is_right_to_left_in_the_shipped_arabic_font(pdf_site):
    # The build is strict: a character no font has (a .notdef glyph) would have failed it.
    text, fonts = pdf_text(pdf_site / "pdf" / "tiny-rev-1-ar.pdf")
    # Shaped (joined letters) and extracted in logical order. Only words whose letters share no glyph
    # skeleton: WeasyPrint maps a glyph Noto Sans Arabic reuses (ن's skeleton is ض's) to the first letter
    # drawn with it (Kozea/WeasyPrint#2841), so "نضع" comes back wrong though it is drawn right.
    assert "سياسة الصحة والسلامة" in text and "السلامة أولاً" in text
    assert any(f.startswith("Noto-Sans-Arabic") for f in fonts), fonts
    assert all(f.startswith(("Atkinson-Hyperlegible", "Noto-Sans")) for f in fonts), fonts  # no system font


def test_each_language_has_its_pdf_and_the_english_one_has_no_translation(pdf_site):
    assert sorted(p.name for p in (pdf_site / "pdf").iterdir()) == [
        "tiny-rev-1-ar.pdf",
        "tiny-rev-1-fr.pdf",
        "tiny-rev-1-pa.pdf",
        "tiny-rev-1.pdf",
    ]
    english, _ = pdf_text(pdf_site / "pdf" / "tiny-rev-1.pdf")
    assert "ਅਸੀਂ" not in english and "Do an FLHA before each task" in english
    french, _ = pdf_text(pdf_site / "pdf" / "tiny-rev-1-fr.pdf")
    assert "Table des matières" in french and "Ceci est une traduction de la révision 1" in french
    assert "Page 2 sur 5" in french and "Page 2 of" not in french  # the footer's page number too
    punjabi, _ = pdf_text(pdf_site / "pdf" / "tiny-rev-1-pa.pdf")
    assert "ਪੰਨਾ 2 / " in punjabi
    # A translated page offers its own language's PDF.
    assert 'href="../../pdf/tiny-rev-1-pa.pdf"' in html(pdf_site, "pa/01-policy")
    assert 'href="../pdf/tiny-rev-1.pdf"' in html(pdf_site, "01-policy")


def test_translations_are_saved_for_offline_reading(site):
    worker = (site / "hsms-sw.js").read_text(encoding="utf-8")
    assert '"pa/"' in worker and '"pa/01-policy/"' in worker and '"ar/01-policy/"' in worker

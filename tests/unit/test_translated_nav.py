"""The sidebar of a translated page as plain data: translated titles and addresses where there is a
translation, the English page marked as English where not, hsms's own section title translated, the
page being read marked and its sections open."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.manual import load_manual
from hsms_manuals.translated_nav import NavItem, translated_nav


def translation(title: str) -> str:
    return f"---\ntitle: {title}\ntranslation: {{status: draft}}\n---\n\nTexte.\n"


def mkdocs_page(title: str, src: str) -> Page:
    return Page(title, File(src, "docs", "site", use_directory_urls=True), MkDocsConfig())


def nav_items() -> list[Page | Section | Link]:
    return [
        mkdocs_page("Home", "index.md"),
        Section(
            "Safe work",
            [
                mkdocs_page("Ladders & scaffolds", "safe-work/ladders.md"),
                mkdocs_page("Lockout", "safe-work/lockout.md"),
            ],
        ),
        Section("Audit guide", [mkdocs_page("Audit guide", "audit/index.md")]),
        Link("Alberta OHS", "https://www.alberta.ca/ohs"),
    ]


def manual(repo, lang_line: str = "languages: {controlled: en, translations: [fr, pa]}\n"):
    write_manual(
        repo,
        manual_yml=MANUAL_YML + lang_line,
        pages={
            "index.md": INDEX_MD,
            "safe-work/ladders.md": page("Ladders & scaffolds"),
            "safe-work/lockout.md": page("Lockout", status="draft"),
            "safe-work/ladders.fr.md": translation("Échelles & échafaudages"),
            "safe-work/lockout.fr.md": translation("Cadenassage"),
        },
    )  # of a draft page: not published
    found, problems = load_manual(repo, "tiny")
    assert problems == []
    return found


def test_a_translated_page_gets_the_navigation_in_its_language(repo):
    sidebar = translated_nav(nav_items(), manual(repo), "safe-work/ladders.fr.md")
    english = "page en anglais"
    assert sidebar == (
        NavItem("Home", "", lang="en", note=english),
        NavItem(
            "Safe work",
            children=(  # a folder: the authors' words, as written
                NavItem("Échelles & échafaudages", "fr/safe-work/ladders/", current=True),
                NavItem("Lockout", "safe-work/lockout/", lang="en", note=english),
            ),
        ),
        NavItem("Guide d’audit", children=(NavItem("Audit guide", "audit/", lang="en", note=english),)),
        NavItem("Alberta OHS", "https://www.alberta.ca/ohs"),
    )
    assert sidebar is not None
    assert [item.open for item in sidebar] == [False, True, False, False]


def test_an_english_or_unpublished_page_keeps_materials_navigation(repo):
    m = manual(repo)
    assert translated_nav(nav_items(), m, "safe-work/ladders.md") is None
    assert translated_nav(nav_items(), m, "safe-work/lockout.fr.md") is None  # its original is a draft
    assert translated_nav(nav_items(), m, "audit/index.md") is None


def test_a_language_without_a_catalogue_marks_english_pages_in_english(repo):
    m = manual(repo, "languages: {controlled: en, translations: [fr, ar]}\n")
    (repo / "manuals" / "tiny" / "docs" / "index.ar.md").write_text(translation("الصفحة الرئيسية"), encoding="utf-8")
    m, problems = load_manual(repo, "tiny")
    sidebar = translated_nav(nav_items(), m, "index.ar.md")
    assert sidebar is not None
    assert sidebar[0] == NavItem("الصفحة الرئيسية", "ar/", current=True)
    assert sidebar[1].children[0] == NavItem(
        "Ladders & scaffolds", "safe-work/ladders/", lang="en", note="English page"
    )

"""translated_edition: the PDF of a translation — which languages get one, its file name, the
translated pages in navigation order with the English document control, the cover notes in its
language, the pages not yet translated, and a bad document reported as hsms's bug."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals import translated_edition
from hsms_manuals.errors import BuildFailed
from hsms_manuals.pdf.labels import label
from hsms_manuals.state import ManualState, load_state
from hsms_manuals.translated_edition import (
    edition_languages,
    translated_document,
    translated_pdf_src,
    write_translated_editions,
)

COVER_FR = (
    "Ceci est une traduction de la révision 1. Le manuel anglais est le document officiel : en cas de différence, "
    "c’est le manuel anglais qui s’applique."
)
DRAFT_FR = "Traduction provisoire — elle doit encore être vérifiée par une personne qui parle bien la langue."


def translation(title: str, status: str = "draft") -> str:
    who = ", reviewed_by: Zoé Roy" if status == "reviewed" else ""
    return f"---\ntitle: {title}\ntranslation: {{status: {status}{who}}}\n---\n\nTexte.\n"


def state(repo: Path, pages: dict[str, str], langs: str = "[fr, ar, pa]") -> ManualState:
    write_manual(
        repo,
        manual_yml=MANUAL_YML + f"languages: {{controlled: en, translations: {langs}}}\n",
        pages={"index.md": INDEX_MD, **pages},
    )
    return load_state(repo, "tiny")


PAGES = {
    "work/ladders.md": page("Ladders"),
    "work/ladders.fr.md": translation("Échelles", "reviewed"),
    "work/lockout.md": page("Lockout"),
    "work/plan.md": page("Emergency plan", ["emergency.plan"]),
    "work/plan.fr.md": translation("Plan d’urgence", "reviewed"),
    "index.fr.md": translation("Accueil", "reviewed"),
    "index.ar.md": translation("الرئيسية"),
    "work/draft.md": page("Draft", status="draft"),
    "work/draft.pa.md": translation("ਖਰੜਾ"),  # of an unapproved page: never published
}

HTML = {
    "index.fr.md": "<p>Bienvenue.</p>",
    "work/ladders.fr.md": "<p>Échelles.</p>",
    "work/plan.fr.md": "<p>Plan.</p>",
    "index.ar.md": "<p>مرحبا</p>",
}


def test_each_language_with_a_published_translation_gets_a_pdf_in_declared_order(repo):
    s = state(repo, PAGES)
    assert edition_languages(s) == ("fr", "ar")  # pa's only translation is of a draft page
    assert translated_pdf_src(s, "fr") == "pdf/tiny-rev-1-fr.pdf"


def test_the_french_document(repo, tmp_path):
    s = state(repo, PAGES)
    doc = translated_document(s, "fr", HTML, tmp_path, "https://manuals.example.com/tiny/1/")
    assert [(x.title, x.level, x.url, x.html) for x in doc.sections] == [
        ("Accueil", 1, "fr/", "<p>Bienvenue.</p>"),
        ("Échelles", 2, "fr/work/ladders/", "<p>Échelles.</p>"),
        ("Plan d’urgence", 2, "fr/work/plan/", "<p>Plan.</p>"),
    ]
    assert [x.source for x in doc.sections] == [
        "manuals/tiny/docs/index.fr.md",
        "manuals/tiny/docs/work/ladders.fr.md",
        "manuals/tiny/docs/work/plan.fr.md",
    ]
    assert doc.emergency_plan == doc.sections[2].anchor
    assert len({x.anchor for x in doc.sections}) == 3
    assert (doc.lang, doc.direction, doc.crosswalk) == ("fr", "ltr", ())
    assert doc.translation_notes == (COVER_FR,)  # every page reviewed: no draft note
    assert doc.untranslated == ("Lockout",)
    # the English document control, unchanged
    assert (doc.company, doc.number, doc.revision, doc.effective) == ("Tiny Test Co.", "TT-001", "1", "2026-09-01")
    assert (doc.approved_by_name, doc.published_url) == ("Pat Doe", "https://manuals.example.com/tiny/1/")


def test_a_draft_translation_is_said_on_the_cover_and_a_page_without_html_is_left_out(repo, tmp_path):
    s = state(repo, PAGES)
    doc = translated_document(s, "ar", HTML, tmp_path)
    assert [x.title for x in doc.sections] == ["الرئيسية"]
    assert (doc.direction, doc.emergency_plan) == ("rtl", "")  # the plan is not translated into Arabic
    assert len(doc.translation_notes) == 2
    assert doc.untranslated == ("Ladders", "Lockout", "Emergency plan")
    fr = translated_document(s, "fr", {k: v for k, v in HTML.items() if k != "work/ladders.fr.md"}, tmp_path)
    assert [x.title for x in fr.sections] == ["Accueil", "Plan d’urgence"]
    draft_fr = translated_document(state(repo, {**PAGES, "index.fr.md": translation("Accueil")}), "fr", HTML, tmp_path)
    assert draft_fr.translation_notes == (COVER_FR, DRAFT_FR)


def test_an_invalid_document_is_reported_as_a_bug_of_hsms(repo, tmp_path):
    s = state(repo, PAGES)
    with pytest.raises(BuildFailed) as exc:
        translated_document(s, "fr", HTML, tmp_path, "ftp://nope")
    assert str(exc.value).startswith("tiny: the French PDF cannot be made — invalid PrintDocument:")
    assert str(exc.value).endswith("This is a bug in hsms, not in the manual: please report it with this message")


def test_each_pdf_is_written_beside_the_site_with_its_page_count(repo, tmp_path, monkeypatch):
    s = state(repo, PAGES)
    written = []

    def fake_write(doc, out):
        # the PDF's own labels are printed in its language (ar has no catalogue yet: English)
        written.append((doc.lang, out, label("translation.missing")))
        return 3

    monkeypatch.setattr(translated_edition, "write_pdf", fake_write)
    pages = write_translated_editions(s, list(HTML.items()), tmp_path)
    assert pages == {"fr": 3, "ar": 3}
    assert written == [
        ("fr", tmp_path / "pdf/tiny-rev-1-fr.pdf", "Pages pas encore traduites"),
        ("ar", tmp_path / "pdf/tiny-rev-1-ar.pdf", "Pages not yet translated"),
    ]
    assert (tmp_path / "pdf").is_dir()
    assert label("translation.missing") == "Pages not yet translated"  # English again afterwards

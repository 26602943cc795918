"""page_context: what the theme gets for a page — document control, the emergency component in the
page's language (home and Emergency control), the page's own words for the script, the 404 page."""

from __future__ import annotations

from conftest import INDEX_MD, MANUAL_YML, page, write_manual
from hsms_manuals.page_context import page_control
from hsms_manuals.state import load_state

LANGS = "languages: {controlled: en, translations: [fr]}\n"
FR_HOME = "---\ntitle: Accueil\ntranslation: {status: draft}\n---\n\nBienvenue.\n"


def state(repo):
    write_manual(
        repo,
        manual_yml=MANUAL_YML + LANGS,
        pages={"index.md": INDEX_MD, "01-policy.md": page("Policy"), "index.fr.md": FR_HOME},
    )
    return load_state(repo, "tiny")


def test_an_english_page_gets_document_control_and_english_words(repo):
    c = page_control(state(repo), "01-policy.md", "01-policy/", pdf_url="pdf/tiny-rev-1.pdf")
    assert (c.company, c.number, c.revision, c.effective, c.approved_by) == (
        "Tiny Test Co.",
        "TT-001",
        "1",
        "2026-09-01",
        "Pat Doe, Owner",
    )
    assert c.pdf_url == "pdf/tiny-rev-1.pdf" and c.owner == "Owner" and not c.home
    assert c.language.lang == "en" and c.t("Emergency") == "Emergency"
    assert '<h2 id="hsms-sos-title">Emergency numbers, muster points and first aiders</h2>' in c.emergency_panel
    assert 'href="tel:911"' in c.emergency_panel and "Front gate" in c.emergency_panel
    assert c.script_text["offline"] == "You are offline — this is the copy saved on {date}."  # the script fills it


def test_a_translated_home_page_is_the_home_in_its_own_words(repo):
    c = page_control(state(repo), "index.fr.md", "fr/", pdf_url=None)
    assert c.home and c.language.lang == "fr" and c.owner is None
    assert c.t("Emergency") == "Urgence"
    assert "Numéros d’urgence, points de rassemblement et secouristes" in c.emergency_panel
    assert "En cas d’urgence" in c.emergency_home and "Point de rassemblement" in c.emergency_home
    assert c.script_text["offline"] == "Vous êtes hors ligne — voici la copie enregistrée le {date}."
    assert set(c.script_text) == {"offline", "offline_unsaved", "table_scroll"}


def test_the_404_page_has_the_emergency_control_in_the_controlled_language(repo):
    c = page_control(state(repo), None, "404.html", pdf_url=None)
    assert not c.home and c.questions == () and c.owner is None
    assert c.language.lang == "en" and 'id="hsms-sos-title"' in c.emergency_panel


def test_the_ids_of_the_two_copies_differ(repo):
    c = page_control(state(repo), "index.md", "", pdf_url=None)
    assert c.home
    assert 'id="hsms-emergency-title"' in c.emergency_home and 'id="hsms-sos-title"' in c.emergency_panel

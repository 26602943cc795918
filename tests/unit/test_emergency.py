"""emergency: one component wherever contacts are shown — tap-to-call buttons first, each site's
details — in the page's language, with every value from manual.yml printed as text."""

from __future__ import annotations

import html as html_lib
import re

from hsms_manuals.emergency import call_button, emergency_block, emergency_markdown
from hsms_manuals.model import Emergency, Phone, Site

HOSTILE = "<img src=x onerror=alert(1)> {{ config }}"
EM = Emergency(
    numbers=(Phone("Fire, ambulance, police", "911"), Phone("Poison centre", "1-800-332-1414")),
    report_incident=Phone("Safety Coordinator", "403-555-0148"),
    sites=(
        Site(
            "Main shop",
            "Front gate",
            (Phone("Priya Sandhu", "403-555-0162"), Phone("Luis Ramirez", "403-555-0163")),
            address="4410 52 Ave, Red Deer",
            hospital="Red Deer Regional Hospital",
            phone="403-555-0140",
        ),
        Site("Yard", "Back fence", (Phone("Ann Lee", "+1 (403) 555-0170"),)),
    ),
)


def text_of(html: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def test_the_numbers_come_first_as_buttons_biggest_first():
    html = emergency_block(EM, id_prefix="x")
    buttons = re.findall(r'<a class="hsms-call__button[^"]*" href="tel:([^"]+)"', html)
    assert buttons == ["911", "18003321414", "4035550148"]  # emergency numbers, then who to report to
    assert html.index("hsms-call__button") < html.index("Main shop")
    assert "Report an incident: Safety Coordinator" in text_of(html)


def test_each_site_has_its_details_and_one_line_per_first_aider():
    html = emergency_block(EM, id_prefix="x")
    assert '<h3 class="hsms-site__name">Main shop</h3>' in html and '<h3 class="hsms-site__name">Yard</h3>' in html
    main = html.split("Main shop", 1)[1].split("Yard", 1)[0]
    assert text_of(main).startswith(
        "Address 4410 52 Ave, Red Deer Site phone 403-555-0140 Muster point Front gate "
        "First aid Priya Sandhu 403-555-0162 Luis Ramirez 403-555-0163 Hospital"
    )
    assert main.count("<li>") == 2  # each first aider a line of their own, each number a link
    assert 'href="tel:+14035550170"' in html  # a tel: target keeps digits and the leading +
    yard = html.split("Yard", 1)[1]
    assert "Address" not in yard and "Hospital" not in yard and "Site phone" not in yard  # what the site lacks


def test_ids_are_unique_per_copy_and_the_heading_level_follows():
    home = emergency_block(EM, id_prefix="hsms-emergency")
    panel = emergency_block(EM, id_prefix="hsms-sos", level=3, title="Emergency numbers")
    assert 'id="hsms-emergency-title"' in home and 'id="hsms-sos-title"' in panel
    assert '<h3 id="hsms-sos-title">Emergency numbers</h3>' in panel and "<h4 " in panel


def test_words_follow_the_page_language_values_stay_as_written():
    fr = text_of(emergency_block(EM, id_prefix="x", lang="fr"))
    assert "En cas d’urgence" in fr and "Hôpital Red Deer Regional Hospital" in fr
    assert "Signaler un incident" in fr and "Safety Coordinator" in fr
    pa = text_of(emergency_block(EM, id_prefix="x", lang="pa"))
    assert "ਐਮਰਜੈਂਸੀ ਵਿੱਚ" in pa and "Priya Sandhu" in pa
    assert "Hospital" not in pa.replace("Red Deer Regional Hospital", "")


def test_hostile_values_are_text_never_markup():
    em = Emergency(
        (Phone(HOSTILE, "911"),),
        Phone(HOSTILE, "1"),
        (Site(HOSTILE, HOSTILE, (Phone(HOSTILE, "2"),), address=HOSTILE, hospital=HOSTILE),),
    )
    for html in (emergency_block(em, id_prefix="x"), emergency_markdown(em)):
        assert "<img" not in html and "{{" not in html
        assert html.count("&lt;img") >= 6


def test_markdown_form_gives_each_site_a_heading_of_the_page_and_no_blank_line_inside_html():
    md = emergency_markdown(EM, "fr")
    assert "### Main shop" in md.splitlines() and "### Yard" in md.splitlines()
    for line in md.splitlines():  # Markdown passes an HTML block through only up to a blank line
        assert line == "" or line.startswith(("<", "### "))
    assert "Point de rassemblement" in md


def test_a_button_is_one_line_with_label_and_number():
    assert call_button("Fire <x>", Phone("911", "9-1-1"), "report") == (
        '<a class="hsms-call__button hsms-call__button--report" href="tel:911"><span class="hsms-call__label">'
        'Fire &lt;x&gt;</span> <span class="hsms-call__number">9-1-1</span></a>'
    )

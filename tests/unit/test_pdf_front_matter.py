"""pdf.front_matter: the emergency block (numbers, incident reporting, every site) and the revision
history printed after the contents. Every value from manual.yml or a branch is escaped."""

from __future__ import annotations

from hsms_manuals.media import EMERGENCY_ANCHOR
from hsms_manuals.model import Emergency, Phone, Site
from hsms_manuals.pdf.front_matter import HISTORY_ANCHOR, RevisionRow, emergency_block, revision_history
from hsms_manuals.pdf.labels import printing_in


def emergency(*sites: Site) -> Emergency:
    return Emergency(
        numbers=(Phone("Fire, ambulance, police", "911"), Phone("Poison centre", "1-800-332-1414")),
        report_incident=Phone("Site supervisor", "403-555-0100"),
        sites=sites or (Site("Shop", "Front gate", (Phone("Pat", "403-555-0101"),), "1 Main St", "General"),),
    )


def test_numbers_come_first_then_the_incident_line_each_number_unbroken():
    source = emergency_block(emergency())
    assert source.startswith(f'<section class="emergency" id="{EMERGENCY_ANCHOR}">\n<h1>In an emergency</h1>')
    body = source.split("<tbody>\n")[1].split("\n</tbody>")[0]
    assert body.split("\n") == [
        '<tr><td>Fire, ambulance, police</td><td><span class="phone">911</span></td></tr>',
        '<tr><td>Poison centre</td><td><span class="phone">1-800-332-1414</span></td></tr>',
        '<tr class="report"><td>Report an incident: Site supervisor</td>'
        '<td><span class="phone">403-555-0100</span></td></tr>',
    ]


def test_the_plan_is_linked_only_when_there_is_one():
    assert '<a class="xref" href="#p-04-emergency">The emergency response plan</a>' in emergency_block(
        emergency(), "p-04-emergency"
    )
    assert "xref" not in emergency_block(emergency())


def test_each_site_lists_its_fields_and_leaves_out_the_empty_ones():
    full = Site("Shop", "Front gate", (Phone("Pat", "403-555-0101"), Phone("Lee", "403-555-0102")), "1 Main St", "RDH")
    bare = Site("Yard", "Back fence", ())
    source = emergency_block(emergency(full, bare))
    shop, yard = source.split('<div class="emergency-site">')[1:]
    assert [row.split("</th>")[0] for row in shop.split('<th scope="row">')[1:]] == [
        "Address",
        "Muster point",
        "First aid",
        "Nearest hospital",
    ]
    assert (
        '<ul class="first-aiders"><li>Pat <span class="phone">403-555-0101</span></li>'
        '<li>Lee <span class="phone">403-555-0102</span></li></ul>'
    ) in shop
    assert [row.split("</th>")[0] for row in yard.split('<th scope="row">')[1:]] == ["Muster point", "First aid"]
    assert "<h2>Yard</h2>" in yard and "<td>Back fence</td>" in yard


def test_a_site_phone_is_printed_where_the_site_has_one():
    source = emergency_block(emergency(Site("Shop", "Gate", (), phone="403-555-0199")))
    assert '<th scope="row">Site phone</th><td><span class="phone">403-555-0199</span></td>' in source


def test_every_emergency_value_is_escaped():
    hostile = Emergency(
        numbers=(Phone("Fire <b>now</b>", "<911>"),),
        report_incident=Phone('Lead "x" & co', "1"),
        sites=(Site("Yard <script>", "Gate 'A'", (Phone("<i>Pat</i>", "2"),), "<addr>", "<hospital>"),),
    )
    source = emergency_block(hostile, 'p-x" onload="y')
    for raw in ("<b>", "<911>", "<script>", "<i>", "<addr>", "<hospital>", '" onload="y', "'A'"):
        assert raw not in source, raw
    assert "Report an incident: Lead &quot;x&quot; &amp; co" in source
    assert "Gate &#x27;A&#x27;" in source


def test_revision_history_rows_newest_first_as_given():
    source = revision_history(
        (
            RevisionRow("3", "2026-09-01", "Dana Kowalski, President", ("New ladder rule", "Fixed phone"), this=True),
            RevisionRow("2", "2025-09-01", "Dana Kowalski, President", (), ("Replaced on 2025-10-01: typo",)),
            RevisionRow("1", "", "", (), recorded=False),
        )
    )
    assert source.startswith(f'<section class="history" id="{HISTORY_ANCHOR}">\n<h1>Revision history</h1>')
    assert source.split("<tbody>\n")[1].split("\n</tbody>")[0].split("\n") == [
        "<tr class=this><td>3 (this copy)</td><td>2026-09-01</td><td>Dana Kowalski, President</td>"
        "<td><ul><li>New ladder rule</li><li>Fixed phone</li></ul></td></tr>",
        "<tr><td>2</td><td>2025-09-01</td><td>Dana Kowalski, President</td><td><ul>"
        '<li>No change notes were written for this revision.</li><li class="replaced">Replaced on 2025-10-01: typo'
        "</li></ul></td></tr>",
        "<tr><td>1</td><td></td><td></td><td><ul><li>Change notes not recorded.</li></ul></td></tr>",
    ]


def test_every_history_value_is_escaped():
    source = revision_history(
        (RevisionRow("<3>", "<date>", "Dana <K>", ("Added <i>x</i>",), ("Replaced: <number>",), this=True),)
    )
    for raw in ("<3>", "<date>", "<K>", "<i>", "<number>"):
        assert raw not in source, raw
    assert "<td>&lt;3&gt; (this copy)</td>" in source


def test_the_words_are_in_the_language_printed():
    with printing_in("fr"):
        source = emergency_block(emergency()) + revision_history((RevisionRow("1", "", "", (), this=True),))
    for english in ("In an emergency", "Report an incident", "Muster point", "Revision history", "(this copy)"):
        assert english not in source, english

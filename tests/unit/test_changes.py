"""changes: the snapshot kept with each published revision and the "What changed" page in words."""

from __future__ import annotations

import json

import pytest

from conftest import MANUAL_YML, page, write_manual
from hsms_manuals.changes import PageSource, Snapshot, changes_page_source, compare, in_words, snapshot
from hsms_manuals.errors import EnvironmentFailure
from hsms_manuals.manual import load_manual
from hsms_manuals.model import Emergency, Phone, Site

ALONE = (
    "---\ntitle: Working Alone\n---\nIntro.\n\n## Check-in times\n\nEvery 2 hours.\n\n## Who you call\n\nThe office.\n"
)
SHOP = Site("Main shop", "Front gate", (Phone("Priya Sandhu", "403-555-0162"),))
EMERGENCY = Emergency((Phone("Fire, ambulance, police", "911"),), Phone("Safety Coordinator", "403-555-0148"), (SHOP,))


def snap(rev: str, emergency: Emergency | None = EMERGENCY, **pages: str) -> Snapshot:
    return Snapshot(
        "m",
        rev,
        f"2026-0{rev}-01",
        {f"{k}.md": PageSource(k.replace("_", " ").title(), v) for k, v in pages.items()},
        emergency=emergency,
    )


def test_snapshot_keeps_the_emergency_information():
    s = snap("2", working_alone=ALONE)
    again = Snapshot.from_json(s.to_json(), "x")
    assert again == s and json.loads(s.to_json())["format"] == 2


def test_a_format_1_snapshot_is_still_read():
    old = json.dumps(
        {
            "format": 1,
            "manual": "m",
            "revision": "1",
            "effective": "2026-01-01",
            "pages": {"a.md": {"title": "A", "source": "x"}},
        }
    )
    assert Snapshot.from_json(old, "x") == Snapshot("m", "1", "2026-01-01", {"a.md": PageSource("A", "x")})


@pytest.mark.parametrize(
    "text",
    [
        '{"format": 3}',
        '{"format": 2, "manual": "m", "revision": "1", "effective": "x", "pages": {}, "emergency": {"numbers": 5}}',
        "[]",
    ],
)
def test_an_unreadable_snapshot_says_where(text):
    with pytest.raises(EnvironmentFailure, match="^here: not a readable hsms snapshot"):
        Snapshot.from_json(text, "here")


def test_pages_and_sections_in_words():
    new_alone = ALONE.replace("Every 2 hours.", "Every hour.").replace("## Who", "## Night shifts\n\nHourly.\n\n## Who")
    old, new = snap("1", working_alone=ALONE, gone="x"), snap("2", working_alone=new_alone, fresh="y")
    words = {ch.src: in_words(ch) for ch in compare(old, new)}
    assert words == {
        "fresh.md": "new page",
        "gone.md": "page removed",
        "working_alone.md": "section “Check-in times” changed; section “Night shifts” added",
    }
    retitled = snap("3", working_alone=ALONE.replace("title: Working Alone", "title: Alone").replace("Intro.", "Hi."))
    [ch] = compare(
        snap("1", working_alone=ALONE),
        Snapshot("m", "3", "x", {"working_alone.md": PageSource("Alone", retitled.pages["working_alone.md"].source)}),
    )
    assert in_words(ch) == "title changed (was “Working Alone”); introduction changed"


def test_the_page_notes_then_pages_then_emergency_then_the_collapsed_diff():
    more = Emergency(
        EMERGENCY.numbers,
        EMERGENCY.report_incident,
        (Site("Main shop", "Parking lot", SHOP.first_aid + (Phone("Omar Haddad", "403-555-0177"),)),),
    )
    old = snap("1", working_alone=ALONE)
    new = snap("2", more, working_alone=ALONE.replace("The office.", "The office, then the **owner**."))
    text = changes_page_source(new, ("Omar is a first aider.",), old)
    order = [
        text.index(s)
        for s in (
            "## Change notes",
            "## Pages changed since revision 1",
            "- [Working Alone](working_alone.md): section “Who you call” changed.",
            "## Emergency information since revision 1",
            "### Main shop",
            "- Muster point: now “Parking lot” (was “Front gate”)",
            "- First aider added: Omar Haddad, 403-555-0177",
            '??? quote "Line by line',
        )
    ]
    assert order == sorted(order)
    details = text.split('??? quote "')[1].splitlines()[1:]
    assert all(line.startswith("    ") for line in details if line)  # all of the diff inside the block
    assert "    +The office, then the **owner**." in details


def test_no_emergency_data_in_the_previous_revision_is_said_plainly():
    text = changes_page_source(snap("2", working_alone=ALONE), (), snap("1", None, working_alone=ALONE))
    assert "No page changed." in text and "??? quote" not in text
    assert "Revision 1 was published before hsms kept the emergency information" in text
    text = changes_page_source(snap("2", working_alone=ALONE), (), snap("1", working_alone=ALONE))
    assert "No change to the emergency numbers, sites, muster points or first aiders." in text


def test_a_snapshot_from_disk_keeps_digests_of_pages_and_form_files_for_status(repo):
    mroot = write_manual(
        repo,
        manual_yml=MANUAL_YML + "forms:\n  - {id: F-02, title: Check, use: Weekly, file: forms/F-02.md}\n",
        pages={"index.md": page("Home"), "02-draft.md": page("Draft", status="draft")},
    )
    (mroot / "forms").mkdir()
    (mroot / "forms" / "F-02.md").write_text("# Weekly check\n\n- [ ] Guards on\n", encoding="utf-8")
    manual = load_manual(repo, "tiny")[0]
    assert manual is not None
    s = snapshot(manual)
    assert sorted(s.sources or {}) == ["docs/index.md", "forms/F-02.md", "manual.yml"]  # no draft page
    assert Snapshot.from_json(s.to_json(), "x") == s
    (mroot / "forms" / "F-02.md").write_text("# Weekly check\n\n- [ ] Guards on\n- [ ] Lights\n", encoding="utf-8")
    changed = snapshot(load_manual(repo, "tiny")[0])  # type: ignore[arg-type]
    assert changed.sources["forms/F-02.md"] != s.sources["forms/F-02.md"]  # type: ignore[index]
    assert changed.sources["manual.yml"] == s.sources["manual.yml"]  # type: ignore[index]

"""The shipped manual as workers get it — published, exported and served — on a phone in Chromium:
reading without signal after one visit (the offline notice, the PDF and the audit guide), a new
revision reaching a phone that saved the old one (never served as current again), and the
"What changed" page (written for people; axe-core clean)."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from browserkit import axe_violations, chromium, phone_context, serve, set_signal
from conftest import TODAY
from hsms_manuals import clock
from hsms_manuals.cli import main
from sitekit import copy_manual, make_repo

MID = "ridgeline-builders"
REV5_EFFECTIVE = "2026-11-15"  # after revision 4 (2026-09-01), before TODAY


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True)


def hsms(root: Path, *args: str) -> None:
    assert main(["--root", str(root), *args]) == 0


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def revision_5(root: Path) -> None:
    """What a consultant changes for revision 5: a first aider and a muster point in manual.yml, a
    section changed and one added on the working-alone page, the change notes."""
    mdir = root / "manuals" / MID
    yml = mdir / "manual.yml"
    edit(yml, 'revision: "4"', 'revision: "5"')
    edit(yml, "effective: 2026-09-01", f"effective: {REV5_EFFECTIVE}")
    edit(yml, "  changes:\n", "  changes:\n    - Night shifts in the shop now check in every hour.\n")
    edit(
        yml,
        '        - {name: "Jenna Whitford (Safety Coordinator)", phone: "403-555-0148"}\n',
        '        - {name: "Jenna Whitford (Safety Coordinator)", phone: "403-555-0148"}\n'
        '        - {name: "Omar Haddad (Shop Hand)", phone: "403-555-0177"}\n',
    )
    edit(
        yml,
        "muster_point: Front gate by the flagpole, across from the office door",
        "muster_point: Parking lot east of the office, by the green muster sign",
    )
    page = mdir / "docs" / "08-working-alone.md"
    edit(
        page,
        "| Medium | Shop work with hand and power tools, yard work, loading | Every hour |",
        "| Medium | Shop work with hand and power tools, yard work, loading, night shifts | Every hour |",
    )
    edit(
        page,
        "## Who you check in with",
        "## Night shifts\n\nNight shifts in the shop check in every hour, "
        "also when the work is low risk.\n\n## Who you check in with",
    )


@pytest.fixture(scope="module", autouse=True)
def today_is_pinned():
    """Module fixtures publish: pin the clock for them as the autouse ``today`` does for each test."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(clock, "today", lambda: TODAY)
        yield


@pytest.fixture(scope="module")
def site(today_is_pinned, tmp_path_factory):
    """Revision 4 published and exported; the test publishes revision 5 when it is ready for it."""
    root = make_repo(tmp_path_factory.mktemp("repo"))
    copy_manual(root, MID)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Casey Consultant")
    git(root, "config", "user.email", "casey@example.com")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "manuals")
    hsms(root, "publish", MID)
    www = tmp_path_factory.mktemp("www") / "www"
    hsms(root, "export", str(www))
    with serve(www.parent) as url:
        yield root, www, url + "www/" + MID + "/"


def publish_revision_5(root: Path, www: Path) -> None:
    revision_5(root)
    git(root, "commit", "-qam", "Ridgeline rev 5: night shifts")
    hsms(root, "publish", MID)
    hsms(root, "export", str(www))


@pytest.fixture(scope="module")
def browsers():
    with chromium() as c:
        yield c


def worker_build(page) -> str:
    """The build id of the cache the phone's offline worker saved ('5-…'), once one is ready."""
    return page.evaluate("""async () => {
        const keys = await caches.keys();
        return keys.filter(k => k.startsWith("hsms:")).map(k => k.split(":").pop()).join(",");
    }""")


def wait_for_saved_revision(page, revision: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        builds = worker_build(page).split(",")
        if builds == [b for b in builds if b.startswith(revision + "-")] and builds != [""]:
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"the phone never saved revision {revision} (caches: {worker_build(page)})")


def notice(page, shown: bool = True) -> str:
    """The offline notice's text ("" when hidden); ``shown``: wait for it (the script may read the saved copy first)."""
    box = page.locator("#hsms-offline")
    if shown:
        box.wait_for(state="visible", timeout=10000)
    return box.inner_text() if box.is_visible() else ""


def test_a_phone_reads_offline_and_never_gets_a_superseded_revision_as_current(browsers, site):
    root, www, base = site
    context = phone_context(browsers.browser)
    page = context.new_page()
    page.goto(base)  # the stable address → revision 4
    assert page.url == base + "4/"
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)
    wait_for_saved_revision(page, "4")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == base + "hsms-sw.js"  # the manual's folder

    # Without signal: the manual, the audit guide and the PDF open, each saying it is the saved copy.
    set_signal(context, page, online=False)
    page.goto(base + "current/12-inspections/")
    assert page.url == base + "4/12-inspections/" and page.locator("h1").inner_text() == "Inspections"
    assert re.fullmatch(r"You are offline — this is the copy saved on \w+ \d{1,2}, \d{4}\.", notice(page)), notice(page)
    page.goto(base + "4/audit/element-6/")
    assert page.locator("h1").inner_text().startswith("6 ") and notice(page).startswith("You are offline")
    pdf = page.evaluate(
        """async (url) => { const r = await fetch(url);
        const b = new Uint8Array(await r.arrayBuffer()); return [r.status, String.fromCharCode(...b.slice(0, 5))]; }""",
        base + f"4/pdf/{MID}-rev-4.pdf",
    )
    assert pdf == [200, "%PDF-"]
    page.goto(base + "4/no-such-page/")  # never saved: home, emergency first
    assert page.url.startswith(base + "4/?") and page.locator("#hsms-emergency-title").is_visible()
    assert notice(page).startswith("You are offline and this page was not saved on this phone")
    set_signal(context, page, online=True)

    # Revision 5 is published. With signal, the phone gets it and saves it in place of revision 4.
    publish_revision_5(root, www)
    page.goto(base)
    assert page.url == base + "5/" and notice(page, shown=False) == ""
    wait_for_saved_revision(page, "5")

    # Without signal again: the stable address and current/ open revision 5, never the saved revision 4.
    set_signal(context, page, online=False)
    for address in (base, base + "current/", base + "index.html"):
        page.goto(address)
        assert page.url == base + "5/", address
        assert "Revision 5" in page.locator(".hsms-control").inner_text()
    page.goto(base + "current/08-working-alone/")
    assert page.url == base + "5/08-working-alone/" and page.locator("#night-shifts").is_visible()
    page.goto(base + "4/08-working-alone/")  # the old copy went with its worker
    assert page.url.startswith(base + "5/?") and notice(page).startswith("You are offline and this page was not saved")
    context.close()


def test_what_changed_is_written_for_people(browsers, site):
    root, www, base = site
    if not (www / MID / "5").is_dir():
        publish_revision_5(root, www)
    context = phone_context(browsers.browser, service_workers="block")
    page = context.new_page()
    page.goto(base + "5/changes/")
    text = page.locator("article").inner_text()
    assert "Night shifts in the shop now check in every hour." in text  # the change notes
    assert "Working Alone: section “Check-in times” changed; section “Night shifts” added" in text
    assert "Omar Haddad (Shop Hand)" in text and "403-555-0177" in text  # a new first aider
    assert "Parking lot east of the office, by the green muster sign" in text  # a new muster point
    assert "**" not in text  # no Markdown markers
    raw = page.locator("article details")
    assert raw.count() == 1 and not raw.first.get_attribute("open")  # the diff, collapsed
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    context.close()


@pytest.mark.parametrize("width", [390, 600, 768])
def test_the_revision_selector_never_covers_the_emergency_control(browsers, site, width):
    """A phone's header has no room for Material's revision selector next to the Emergency control,
    the language and the light/dark buttons: it is left out there, and shown (beside it, shrunk when
    it must be) where it fits."""
    _root, _www, base = site
    context = browsers.browser.new_context(viewport={"width": width, "height": 844}, service_workers="block")
    page = context.new_page()
    page.goto(base + "4/")
    selector = page.locator(".md-version__current")
    selector.wait_for(state="attached", timeout=10000)  # Material adds it from versions.json
    covered = page.evaluate("""() => {
        const r = document.querySelector("#hsms-sos summary").getBoundingClientRect();
        return [r.left + 1, r.left + r.width / 2, r.right - 1]
            .filter(x => !document.elementFromPoint(x, r.top + r.height / 2).closest("#hsms-sos"));
    }""")
    assert covered == []
    assert selector.is_visible() == (width > 480)
    if width > 480:  # at 600 px shrunk to an ellipsis, at 768 px in full
        assert selector.inner_text().startswith("Rev 4")
    context.close()


@pytest.mark.parametrize("width", [390, 600])
def test_a_header_with_no_room_for_the_title_shows_none_of_it(browsers, site, width):
    """At 390 px the header leaves the manual's title about 20 px, where it showed as "R…". It is
    kept out of sight there (screen readers still read it) and shown where it fits."""
    _root, _www, base = site
    context = browsers.browser.new_context(viewport={"width": width, "height": 844}, service_workers="block")
    page = context.new_page()
    page.goto(base + "4/")
    shown = page.evaluate("""() => {
        const r = document.querySelector(".md-header__topic").getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return r.width > 0 && !!hit && !!hit.closest(".md-header__topic");
    }""")
    assert shown == (width > 480)
    assert "Ridgeline Builders" in page.locator(".md-header__title").aria_snapshot()
    context.close()

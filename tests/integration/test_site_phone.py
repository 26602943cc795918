"""The shipped manual in a real browser (Debian's Chromium) at a 390×844 phone viewport: the
Emergency control on every page, tap targets, accessibility (axe-core), no outside requests,
search, and reading without signal after one visit."""

from __future__ import annotations

import re

import pytest

from browserkit import TAP_TO_CALL, axe_violations, chromium, phone_context, serve, set_signal
from sitekit import REPO, build

# Home, a content page, the emergency plan, a printable form, the audit guide, an element page, a 404.
PAGES = (
    "",
    "04-hazard-assessment/",
    "13-emergency-response/",
    "forms/F-01-flha/",
    "audit/",
    "audit/element-6/",
    "no-such-page/",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("phone")
    assert build(REPO, "ridgeline-builders", site_dir=out) == 0
    with serve(out) as url:
        yield url + "ridgeline-builders/"


@pytest.fixture(scope="module")
def browsers():
    with chromium() as c:
        yield c


@pytest.fixture(scope="module")
def browser(browsers):
    return browsers.browser


@pytest.fixture(scope="module")
def phone(browser):
    # Routing sees page requests only with service workers off: this context checks that no
    # request leaves the loopback server (the offline test below runs with them on).
    context = phone_context(browser, service_workers="block")
    outside: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("http://127.0.0.1")
            else (outside.append(route.request.url), route.abort())[1]
        ),
    )
    yield context.new_page(), outside
    context.close()


def test_emergency_numbers_are_big_tap_to_call_buttons_above_the_fold(phone, server):
    page, outside = phone
    page.goto(server)
    buttons = page.locator("article a.hsms-call__button")
    assert buttons.count() >= 3
    first = buttons.first.bounding_box()
    assert first["y"] < 844  # visible without scrolling
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300  # gloves: big targets
        assert buttons.nth(i).get_attribute("href").startswith("tel:")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert outside == []


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_the_emergency_numbers_in_one_tap(phone, server, path):
    page, outside = phone
    response = page.goto(server + path)
    assert response.status == (404 if path == "no-such-page/" else 200)
    control = page.locator("summary.hsms-sos__button")
    box = control.bounding_box()
    assert control.is_visible() and box["y"] < 60 and box["height"] >= 44  # in the header, a thumb's size
    assert control.inner_text().strip() == "Emergency"
    panel = page.locator(".hsms-sos__panel")
    assert not panel.is_visible()
    control.click()  # one tap
    assert panel.is_visible()
    assert panel.locator("a.hsms-call__button[href='tel:911']").is_visible()
    assert "Front gate by the flagpole" in panel.inner_text()  # muster point, from manual.yml
    links = page.evaluate(TAP_TO_CALL)
    assert any(link["text"] == "1-866-415-8690" for link in links)
    for link in links:  # every number on the page
        assert link["height"] >= 44 and link["width"] >= 44, link
        assert link["lines"] == 1, link  # never wrapped mid-number
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.keyboard.press("Escape")  # closes like a dialog
    assert not panel.is_visible()
    assert outside == []


def test_the_emergency_page_lists_first_aiders_one_per_line(phone, server):
    page, _ = phone
    page.goto(server + "13-emergency-response/")
    aiders = page.locator("article ul.hsms-first-aid").first.locator("li")
    assert aiders.count() == 2
    one, two = aiders.nth(0).bounding_box(), aiders.nth(1).bounding_box()
    assert two["y"] >= one["y"] + one["height"] - 1  # one under the other
    assert "Priya Sandhu (Shop Lead)" in aiders.nth(0).inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_core_finds_no_violations(browser, server, path, scheme):
    context = phone_context(browser, service_workers="block", color_scheme=scheme)
    page = context.new_page()
    page.goto(server + path)
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    assert axe_violations(page) == []
    page.locator("summary.hsms-sos__button").click()  # and with the numbers open
    assert axe_violations(page) == []
    context.close()


def test_dark_mode_follows_the_phone_until_the_reader_picks_and_the_pick_is_kept(browser, server):
    context = phone_context(browser, service_workers="block", color_scheme="dark")
    page = context.new_page()
    page.goto(server + "04-hazard-assessment/")
    scheme = "document.body.dataset.mdColorScheme"
    assert page.evaluate(scheme) == "slate"  # the phone's setting, before any script of Material's
    # Material's palette component recalculates the whole page's style on load: ours replaces it.
    assert page.locator("[data-md-component=palette]").count() == 0
    toggle = page.get_by_role("button", name="Switch to light mode")
    assert toggle.is_visible() and page.get_by_role("button", name="Switch to dark mode").count() == 0
    box = toggle.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    toggle.click()
    assert page.evaluate(scheme) == "default"
    back = page.get_by_role("button", name="Switch to dark mode")
    assert back.is_visible() and page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Switch to dark mode"
    )
    page.goto(server + "13-emergency-response/")  # the pick is kept on the next page …
    assert page.evaluate(scheme) == "default"
    page.emulate_media(color_scheme="light")  # … and over the phone's setting changing
    # Resolves once the page's own listener for the change (registered first) has run.
    page.evaluate("""() => { window.changed = new Promise(done => matchMedia("(prefers-color-scheme: dark)")
        .addEventListener("change", () => setTimeout(done, 0), {once: true})); }""")
    page.emulate_media(color_scheme="dark")
    page.evaluate("window.changed")
    assert page.evaluate(scheme) == "default"
    context.close()


def test_dark_mode_reaches_the_page_root_and_an_old_stored_state_is_not_a_pick(browser, server):
    context = phone_context(browser, service_workers="block", color_scheme="dark")
    page = context.new_page()
    page.goto(server)
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "dark"  # scroll bars
    # Material's own component stored its state on every visit, a pick or not: such a value must
    # not keep a reader who never picked in light mode on a dark phone.
    page.evaluate("""() => __md_set("__palette", {index: 0, color: {media: "(prefers-color-scheme: light)",
        scheme: "default", primary: "custom", accent: "custom"}})""")
    page.reload()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.get_by_role("button", name="Switch to light mode").is_visible()
    context.close()


def test_with_no_pick_the_colours_change_with_the_phone_while_a_page_is_open(browser, server):
    context = phone_context(browser, service_workers="block", color_scheme="light")
    page = context.new_page()
    page.goto(server)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'", timeout=5000)
    assert page.get_by_role("button", name="Switch to light mode").is_visible()
    context.close()


def test_tables_and_callouts_are_body_size_on_a_phone(phone, server):
    page, _ = phone
    page.goto(server + "08-working-alone/")
    sizes = page.evaluate("""() => ({
        body: parseFloat(getComputedStyle(document.querySelector("article p")).fontSize),
        table: parseFloat(getComputedStyle(document.querySelector("article table td")).fontSize),
        callout: parseFloat(getComputedStyle(document.querySelector("article .admonition p:not(.admonition-title)")).fontSize),
    })""")
    assert sizes["table"] == sizes["body"] == sizes["callout"] >= 16, sizes


def test_a_long_page_with_tables_fits_the_phone(phone, server):
    page, outside = phone
    page.goto(server + "04-hazard-assessment/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".hsms-control").inner_text().startswith("RB-HSMS-001")
    assert outside == []


def test_search_finds_approved_pages(phone, server):
    page, outside = phone
    page.goto(server)
    page.locator("label.md-search__icon, label[for='__search']").first.click()
    page.locator("input.md-search__input").press_sequentially("muster", delay=30)  # Material listens to keys
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    text = page.locator(".md-search-result").inner_text().lower()
    assert "emergency" in text
    assert outside == []


def test_after_one_visit_the_whole_manual_opens_without_signal(browser, server):
    context = phone_context(browser)
    page = context.new_page()
    page.goto(server)  # one visit with signal …
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20000)
    set_signal(context, page, online=False)  # … then none
    page.goto(server + "12-inspections/")  # a page never opened before
    assert page.locator("h1").inner_text() == "Inspections"
    assert "RB-HSMS-001" in page.locator(".hsms-control").inner_text()
    offline = page.locator("#hsms-offline")  # it says so, and since when
    offline.wait_for(state="visible", timeout=10000)
    assert offline.get_attribute("role") == "status"
    assert re.fullmatch(r"You are offline — this is the copy saved on \w+ \d{1,2}, \d{4}\.", offline.inner_text())
    page.goto(server + "forms/F-01-flha/")  # the forms, for paper on site
    assert page.locator("h1").inner_text().startswith("F-01")
    page.goto(server + "no-such-page/")  # not saved: the home page, emergency first
    assert page.locator("#hsms-emergency-title").inner_text() == "In an emergency"
    assert offline.inner_text().startswith("You are offline and this page was not saved on this phone")
    set_signal(context, page, online=True)
    page.goto(server + "12-inspections/")  # with signal again: the page as published, no notice
    assert not offline.is_visible()
    context.close()


def test_the_manual_installs_on_a_phone_with_its_icons_and_colour(browsers, server, tmp_path):
    context = browsers.installable_phone(tmp_path / "profile")
    page = context.new_page()
    page.goto(server + "04-hazard-assessment/")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20000)
    cdp = context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []  # Chromium would install it
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and manifest["url"] == server + "manifest.webmanifest"
    assert (
        page.locator('meta[name="theme-color"]').first.get_attribute("content") == "#003b5c"
    )  # (Material adds its own too)
    icon = page.request.get(server + "icons/icon-maskable-512.png")
    assert icon.ok and icon.headers["content-type"] == "image/png"
    context.close()

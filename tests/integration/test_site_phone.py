"""The shipped manual in a real browser (Debian's Chromium) at a 390×844 phone viewport."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import require_browser
from sitekit import REPO, build


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("phone")
    assert build(REPO, "ridgeline-builders", site_dir=out) == 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/ridgeline-builders/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    chromium = require_browser()
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield browser
        browser.close()


def phone_context(browser, **options):
    return browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, **options)


@pytest.fixture(scope="module")
def phone(browser):
    # Routing sees page requests only with service workers off: this context checks that no
    # request leaves the loopback server (the offline test below runs with them on).
    context = phone_context(browser, service_workers="block")
    outside: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
                  else (outside.append(route.request.url), route.abort())[1])
    yield context.new_page(), outside
    context.close()


def test_emergency_numbers_are_big_tap_to_call_buttons_above_the_fold(phone, server):
    page, outside = phone
    page.goto(server)
    buttons = page.locator("a.hsms-call__button")
    assert buttons.count() >= 3
    first = buttons.first.bounding_box()
    assert first["y"] < 844                          # visible without scrolling
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300   # gloves: big targets
        assert buttons.nth(i).get_attribute("href").startswith("tel:")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390   # no sideways scrolling
    assert outside == []


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
    page.goto(server)                                   # one visit with signal …
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20000)
    context.set_offline(True)                           # … then none
    page.goto(server + "12-inspections/")               # a page never opened before
    assert page.locator("h1").inner_text() == "Inspections"
    assert "RB-HSMS-001" in page.locator(".hsms-control").inner_text()
    page.goto(server + "no-such-page/")                 # not saved: the home page, emergency first
    assert page.locator("#hsms-emergency-title").inner_text() == "In an emergency"
    context.close()

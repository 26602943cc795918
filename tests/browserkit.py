"""Helpers for the browser tests: a loopback web server for a built or exported site (it answers
unknown addresses with the manual's own 404 page, as real hosts do), Debian's Chromium at a
phone's size, and axe-core (from tests/browser, installed by `scripts/setup.sh --test`)."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import require_browser

AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files; an unknown address gets the 404.html of the manual folder it is under."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        if code == 404:
            first = self.path.lstrip("/").split("/", 1)[0]
            page = Path(self.directory) / first / "404.html"
            if first and page.is_file():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return
        super().send_error(code, message, explain)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT/ serving ``folder`` until the block ends."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Chromium:
    playwright: object
    browser: object

    def installable_phone(self, profile: Path):
        """A phone context with a real profile (installing is refused in incognito contexts)."""
        return self.playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(require_browser()),
            args=ARGS,
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
        )


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@contextmanager
def chromium() -> Iterator[Chromium]:
    path = require_browser()
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(path), args=ARGS)
        try:
            yield Chromium(p, browser)
        finally:
            browser.close()


def phone_context(browser, **options):
    return browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, **options)


def require_axe() -> Path:
    if not AXE.is_file():
        reason = "needs axe-core in tests/browser/node_modules (bash scripts/setup.sh --test installs it with npm)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: this accessibility test would be skipped — {reason}")
        pytest.skip(reason)
    return AXE


def axe_violations(page) -> list[str]:
    """Every axe-core violation of the page as it is now (any impact), one line each."""
    page.add_script_tag(path=str(require_axe()))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ` +
            v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
    }""")
    return list(result)


# Checked in the page: every phone link that is visible is at least 44 px tall and its number sits
# on one line (a Range over its digits gives one line box).
TAP_TO_CALL = """() => [...document.querySelectorAll('a[href^="tel:"]')]
  .filter(a => a.offsetParent !== null && a.getClientRects().length > 0)
  .map(a => {
    const box = a.getBoundingClientRect();
    const target = a.querySelector(".hsms-call__number") || a;
    const range = document.createRange();
    range.selectNodeContents(target);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return {text: target.textContent.trim(), height: box.height, width: box.width, lines: tops.size};
  })"""


_PROBE = """() => fetch("hsms-probe-" + Date.now() + ".txt", {cache: "no-store"}).then(() => true, () => false)"""


def set_signal(context, page, online: bool, timeout_ms: int = 15000) -> None:
    """Switch the phone's network on or off and wait until the page's service worker sees it too:
    Chromium applies the change to the worker a moment after the page, longer on a busy machine.
    (A probe address no worker saved: offline the worker refuses it, online the server answers.)"""
    context.set_offline(not online)
    waited = 0
    while page.evaluate(_PROBE) != online:
        if waited >= timeout_ms:
            raise AssertionError(f"the service worker never saw the network {'on' if online else 'off'}")
        page.wait_for_timeout(200)
        waited += 200

"""Offline reading: fill in the service worker (``overrides/hsms-sw.js``, copied to the site root by
the theme) with what a phone saves after its first visit — every page (the audit guide, the forms
and "What changed" included), the assets, the PDF and the downloadable forms — so the manual opens
without signal later. The cache name changes whenever that list does.

Where the worker lives decides what it can serve (a worker controls only the addresses under its
own folder):

- a built site (``hsms build``): the site's root; it controls the whole site;
- a published revision (``hsms publish``): the *manual's* folder, beside the revision folders
  (``<manual>/hsms-sw.js``, moved there by the publish commit; only the current revision's). So one
  worker controls the manual's stable address, ``current/`` and every revision: offline, the
  stable address and ``current/…`` open the newest revision the phone has seen (from the saved
  ``versions.json``), never a superseded one as if it were current; a superseded revision's own
  pages still say so (their banner reads the same saved ``versions.json``)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .model import Manual
from .releases import CURRENT

WORKER = "hsms-sw.js"
VERSIONS = "versions.json"
ASSETS = (
    "assets/stylesheets/*.css",
    "assets/javascripts/bundle.*.js",
    "assets/javascripts/workers/search.*.js",
    "assets/hsms.css",
    "assets/hsms.js",
    "search/search_index.json",
    "manifest.webmanifest",
    "icons/*.png",
    "pdf/*.pdf",
)


def page_urls(site: Path) -> list[str]:
    """Every page of a built site as its address relative to the site root ('./' for the home page)."""
    folders = sorted(f.parent.relative_to(site).as_posix() for f in site.rglob("index.html"))
    return ["./" if rel == "." else rel + "/" for rel in sorted(folders, key=lambda rel: rel != ".")]  # home first


def precache_urls(manual: Manual, site: Path) -> list[str]:
    """Site-relative addresses saved on the phone: every page (published translations included: a
    Punjabi reader needs the Punjabi emergency page without signal too), assets, the PDFs, published
    files and forms."""
    files = [f.relative_to(site).as_posix() for pattern in ASSETS for f in site.glob(pattern)]
    files += [rel for rel in manual.published_files if (site / rel).is_file()]
    files += [f.url for f in manual.form_downloads if f.url and (site / f.url).is_file()]
    return page_urls(site) + sorted(dict.fromkeys(files))


_MARKER = re.compile("__BUILD__|__PRECACHE__|__CURRENT__")


def fill_offline_worker(manual: Manual, site: Path, *, published: bool = False) -> None:
    """Fill in the worker of a built site. ``published``: it will live in the manual's folder, one
    level above the revision (its addresses are then prefixed with the revision's folder)."""
    worker = site / WORKER
    if not worker.is_file():
        return
    urls = precache_urls(manual, site)
    revision = manual.document.revision
    current = None
    if published:
        urls = [VERSIONS] + [f"{revision}/" + ("" if u == "./" else u) for u in urls]
        current = {"revision": revision, "alias": CURRENT + "/"}
    listed = json.dumps(urls)
    build = f"{revision}-{hashlib.sha256(listed.encode()).hexdigest()[:10]}"
    values = {"__BUILD__": build, "__PRECACHE__": listed, "__CURRENT__": json.dumps(current)}
    # One pass: a file name holding a marker ("a__CURRENT__b.png") stays a file name, not code.
    text = _MARKER.sub(lambda m: values[m[0]], worker.read_text(encoding="utf-8"))
    worker.write_text(text, encoding="utf-8")

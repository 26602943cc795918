"""Offline reading: fill in the service worker (``overrides/hsms-sw.js``, copied to the site root
by the theme) with the pages and assets a phone saves after the first visit, so the manual opens
without signal later. The cache name changes whenever that list does."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .model import Manual

WORKER = "hsms-sw.js"
ASSETS = ("assets/stylesheets/*.css", "assets/javascripts/bundle.*.js", "assets/javascripts/workers/search.*.js",
          "assets/hsms.css", "assets/hsms.js", "search/search_index.json",
          "manifest.webmanifest", "icons/*.png")


def precache_urls(manual: Manual, site: Path) -> list[str]:
    """Site-relative addresses saved on the phone: the home page, every approved page, the assets."""
    urls = ["./"] + [p.url for p in manual.approved_pages if p.url]
    return urls + sorted(f.relative_to(site).as_posix() for pattern in ASSETS for f in site.glob(pattern))


def fill_offline_worker(manual: Manual, site: Path) -> None:
    worker = site / WORKER
    if not worker.is_file():
        return
    listed = json.dumps(precache_urls(manual, site))
    build = f"{manual.document.revision}-{hashlib.sha256(listed.encode()).hexdigest()[:10]}"
    text = worker.read_text(encoding="utf-8")
    worker.write_text(text.replace("__BUILD__", build).replace("__PRECACHE__", listed), encoding="utf-8")

"""offline: the service worker lists what a phone saves for reading without signal, and its
cache name changes whenever that list does (so phones drop an old revision's pages)."""

from __future__ import annotations

import json
import re

from conftest import page, write_manual
from hsms_manuals.manual import load_manual
from hsms_manuals.offline import WORKER, fill_offline_worker, precache_urls

WORKER_JS = 'const BUILD = "__BUILD__";\nconst PRECACHE = __PRECACHE__;\n'


def manual(repo, pages):
    write_manual(repo, pages=pages)
    m, problems = load_manual(repo, "tiny")
    assert problems == [] and m is not None, problems
    return m


def site_with_assets(tmp_path):
    site = tmp_path / "site"
    for rel in ("assets/stylesheets/main.abc.min.css", "assets/javascripts/bundle.123.min.js",
                "assets/javascripts/workers/search.9.min.js", "assets/hsms.css", "search/search_index.json",
                "assets/javascripts/lunr/min/lunr.fr.min.js", "private/notes.txt"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x")
    (site / WORKER).write_text(WORKER_JS)
    return site


def test_precache_lists_home_approved_pages_and_the_assets(repo, tmp_path):
    m = manual(repo, {"index.md": page("Home"), "01-policy.md": page("Policy"),
                      "02-draft.md": page("Draft", status="draft"), "forms/README.md": page("Forms")})
    assert precache_urls(m, site_with_assets(tmp_path)) == [
        "./", "01-policy/", "forms/",  # the home page once, no draft
        "assets/hsms.css", "assets/javascripts/bundle.123.min.js", "assets/javascripts/workers/search.9.min.js",
        "assets/stylesheets/main.abc.min.css", "search/search_index.json"]  # not lunr's languages, nothing private


def test_fill_the_worker(repo, tmp_path):
    m = manual(repo, {"index.md": page("Home"), "a.md": page("A")})
    site = site_with_assets(tmp_path)
    fill_offline_worker(m, site)
    text = (site / WORKER).read_text(encoding="utf-8")
    build = re.search(r'BUILD = "([^"]+)"', text)
    assert build and re.fullmatch(r"1-[0-9a-f]{10}", build[1])  # revision 1 of the tiny manual
    listed = json.loads(re.search(r"PRECACHE = (.*);", text)[1])  # type: ignore[index]
    assert listed == precache_urls(m, site)


def test_the_cache_name_changes_with_the_list(repo, tmp_path):
    def build_name(pages) -> str:
        m = manual(repo, pages)
        site = site_with_assets(tmp_path / str(len(pages)))
        fill_offline_worker(m, site)
        return re.search(r'BUILD = "([^"]+)"', (site / WORKER).read_text())[1]  # type: ignore[index]

    assert build_name({"index.md": page("Home")}) != build_name({"index.md": page("Home"), "b.md": page("B")})


def test_no_worker_no_change(repo, tmp_path):
    m = manual(repo, {"index.md": page("Home")})
    site = tmp_path / "site"
    site.mkdir()
    fill_offline_worker(m, site)
    assert list(site.iterdir()) == []

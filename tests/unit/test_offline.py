"""offline: what the phone saves after one visit, and where the worker lives (built site or published)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import MANUAL_YML, write_manual
from hsms_manuals.manual import load_manual
from hsms_manuals.offline import WORKER, fill_offline_worker, page_urls, precache_urls

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEMPLATE = "const CACHE = 'x:__BUILD__'; const PRECACHE = __PRECACHE__; const CURRENT = __CURRENT__;"


def built_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for rel in (
        "index.html",
        "a/index.html",
        "audit/element-1/index.html",
        "forms/F-01-flha/index.html",
        "assets/hsms.css",
        "assets/hsms.js",
        "assets/javascripts/bundle.ab12.min.js",
        "search/search_index.json",
        "manifest.webmanifest",
        "icons/icon-192.png",
        "pdf/tiny-rev-1.pdf",
        "forms/F-02.pdf",
        "404.html",
        "assets/images/unlisted.svg",
    ):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(PDF if rel.endswith(".pdf") else b"x")
    (site / WORKER).write_text(TEMPLATE, encoding="utf-8")
    return site


def tiny(repo: Path):
    mroot = write_manual(
        repo, manual_yml=MANUAL_YML + "forms:\n  - {id: F-02, title: Inspection, use: Weekly, file: forms/F-02.pdf}\n"
    )
    (mroot / "forms").mkdir()
    (mroot / "forms" / "F-02.pdf").write_bytes(PDF)
    manual = load_manual(repo, "tiny")[0]
    assert manual is not None
    return manual


def test_every_page_the_pdf_and_the_forms_are_saved(repo, tmp_path):
    site = built_site(tmp_path)
    assert page_urls(site) == ["./", "a/", "audit/element-1/", "forms/F-01-flha/"]  # the audit guide and forms too
    urls = precache_urls(tiny(repo), site)
    assert urls[:4] == ["./", "a/", "audit/element-1/", "forms/F-01-flha/"]
    assert {
        "pdf/tiny-rev-1.pdf",
        "forms/F-02.pdf",
        "assets/hsms.js",
        "manifest.webmanifest",
        "icons/icon-192.png",
        "search/search_index.json",
    } <= set(urls)
    assert "assets/images/unlisted.svg" not in urls and "404.html" not in urls
    assert len(urls) == len(set(urls))


def worker_values(site: Path) -> tuple[str, list[str], object]:
    text = (site / WORKER).read_text(encoding="utf-8")
    found = re.fullmatch(r"const CACHE = 'x:(.*)'; const PRECACHE = (.*); const CURRENT = (.*);", text)
    assert found, text
    return found[1], json.loads(found[2]), json.loads(found[3])


def test_a_built_site_worker_serves_the_site_root(repo, tmp_path):
    site = built_site(tmp_path)
    manual = tiny(repo)
    fill_offline_worker(manual, site)
    build, urls, current = worker_values(site)
    assert urls == precache_urls(manual, site) and current is None
    assert re.fullmatch(re.escape(manual.document.revision) + r"-[0-9a-f]{10}", build)


def test_a_published_worker_lives_beside_the_revisions_and_knows_which_is_current(repo, tmp_path):
    site = built_site(tmp_path)
    manual = tiny(repo)
    rev = manual.document.revision
    fill_offline_worker(manual, site, published=True)
    build, urls, current = worker_values(site)
    assert urls[0] == "versions.json"  # which revision is current, saved too
    assert urls[1:3] == [f"{rev}/", f"{rev}/a/"] and f"{rev}/pdf/tiny-rev-1.pdf" in urls
    assert current == {"revision": rev, "alias": "current/"}
    assert build.startswith(rev + "-")


def test_the_cache_name_changes_with_what_is_saved(repo, tmp_path):
    manual = tiny(repo)
    first = built_site(tmp_path / "one")
    fill_offline_worker(manual, first)
    second = built_site(tmp_path / "two")
    (second / "b").mkdir()
    (second / "b" / "index.html").write_bytes(b"x")
    fill_offline_worker(manual, second)
    assert worker_values(first)[0] != worker_values(second)[0]


def test_no_worker_no_change(repo, tmp_path):
    site = built_site(tmp_path)
    (site / WORKER).unlink()
    fill_offline_worker(tiny(repo), site)
    assert not (site / WORKER).exists()


def test_a_file_name_holding_a_marker_stays_a_file_name(repo, tmp_path):
    """The markers are filled in one pass: a page or picture named after one is listed as written
    (it turned the published worker into a syntax error, and no phone got an offline copy)."""
    site = built_site(tmp_path)
    for name in ("a__CURRENT__b", "c__PRECACHE__d", "e__BUILD__f"):
        (site / name).mkdir()
        (site / name / "index.html").write_bytes(b"x")
    manual = tiny(repo)
    fill_offline_worker(manual, site, published=True)
    _build, urls, current = worker_values(site)
    rev = manual.document.revision
    assert {f"{rev}/a__CURRENT__b/", f"{rev}/c__PRECACHE__d/", f"{rev}/e__BUILD__f/"} <= set(urls)
    assert current == {"revision": rev, "alias": "current/"}

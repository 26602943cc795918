"""Drafts preview: `hsms build --drafts` and `hsms serve --drafts` show draft pages and unfinished
manuals, watermarked DRAFT on every site page and every PDF page, with what blocks approval, and
never indexable or publishable (the build marker says drafts: true)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from hsms_manuals.build_marker import read_marker
from hsms_manuals.cli import main
from sitekit import default_pages, make_repo, page, site_files, write_manual

HSMS = str(Path(sys.executable).with_name("hsms"))
TODO_SITE = "TODO: main site name"


@pytest.fixture(autouse=True)
def not_ci(monkeypatch):
    """`built …` lines are checked as a person sees them (CI=true prints only the summary)."""
    monkeypatch.delenv("CI", raising=False)


@pytest.fixture
def unfinished(tmp_path) -> Path:
    """A manual being written: a TODO in manual.yml, a draft page linked from an approved one."""
    root = make_repo(tmp_path)
    pages = default_pages() | {
        "03-alone.md": page(
            "Working Alone", "## Check-in\n\nCall the office every 2 hours.", ("control.working_alone",), status="draft"
        ),
    }
    pages["index.md"] = page("Welcome", "Read the [policy](01-policy.md) and [working alone](03-alone.md).")
    write_manual(root, "m", site=TODO_SITE, pages=pages)
    return root


def drafts(root: Path, *args: str) -> int:
    return main(["--root", str(root), "build", "m", "--drafts", *args])


def html_pages(site: Path) -> list[Path]:
    return site_files(site, ".html")


def test_an_unfinished_manual_is_refused_without_drafts_and_previewed_with(unfinished, capsys):
    assert main(["--root", str(unfinished), "build", "m", "--no-pdf"]) == 1
    assert "preview it with `hsms build m --drafts`" in capsys.readouterr().err
    assert drafts(unfinished, "--no-pdf") == 0
    assert capsys.readouterr().out.splitlines()[0] == f"built m → {unfinished / 'site' / 'm'}"
    site = unfinished / "site" / "m"
    assert (site / "03-alone" / "index.html").is_file()  # the draft page is there
    for f in html_pages(site):  # every page, the 404 page and the audit guide included
        text = f.read_text(encoding="utf-8")
        assert '<div class="hsms-draft-mark" aria-hidden="true">DRAFT</div>' in text, f
        assert "DRAFT preview — not approved, not for use." in text, f
        assert '<meta name="robots" content="noindex">' in text, f
        assert "serviceWorker.register" not in text, f  # never saved on phones for offline reading
    marker = read_marker(site)
    assert (marker.manual, marker.drafts, marker.pdf) == ("m", True, False)


def test_the_banner_lists_what_blocks_approval(unfinished, capsys):
    assert drafts(unfinished, "--no-pdf") == 0
    policy = (unfinished / "site" / "m" / "01-policy" / "index.html").read_text(encoding="utf-8")
    banner = policy[policy.index('<div class="admonition danger hsms-draft"') :]
    banner = banner[: banner.index("</details>")]
    # the TODO, and the home page's link to the draft page (validate's link check)
    assert "<summary>2 problem(s) and 1 draft page(s) block approval</summary>" in banner
    assert (
        "<li>manuals/m/manual.yml:20: emergency.sites.0.name: not filled in yet (TODO: main site name) — replace "
        "it with the company&#39;s real information</li>"
    ) in banner
    assert '<li><a href="../03-alone/">Working Alone</a> (03-alone.md)</li>' in banner
    assert "This page is a draft" not in banner
    alone = (unfinished / "site" / "m" / "03-alone" / "index.html").read_text(encoding="utf-8")
    assert "<strong>This page is a draft</strong>" in alone
    assert "DRAFT — Tiny Test Co. — Health and Safety Manual" in alone  # header and browser tab


def test_every_pdf_page_is_watermarked_and_the_pdf_says_what_blocks_approval(unfinished, capsys):
    assert drafts(unfinished) == 0
    pdf = unfinished / "site" / "m" / "pdf" / "m-rev-1-DRAFT.pdf"
    texts = [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]
    assert len(texts) >= 4
    assert all("DRAFT — not approved, not for use" in t for t in texts)
    assert all(re.search(r"\bDRAFT\b", t.replace("DRAFT — not approved, not for use", "")) for t in texts)
    blockers = texts[1]
    assert "2 problem(s) and 1 draft page(s) block approval" in blockers
    assert "manuals/m/manual.yml:20: emergency.sites.0.name: not filled in yet" in blockers
    assert "Working Alone" in blockers
    assert any("Draft page — not approved" in t and "Call the office every 2 hours." in t for t in texts)
    assert not (unfinished / "site" / "m" / "pdf" / "m-rev-1.pdf").exists()


def test_a_finished_manual_previews_too(tmp_path, capsys):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    assert drafts(root, "--no-pdf") == 0
    home = (root / "site" / "m" / "index.html").read_text(encoding="utf-8")
    assert "nothing blocks approval any more: build without --drafts to make the real manual" in home


def test_a_page_whose_macros_fail_is_shown_with_its_problem(unfinished, capsys):
    hazards = unfinished / "manuals" / "m" / "docs" / "02-hazards.md"
    hazards.write_text(hazards.read_text(encoding="utf-8") + "\nHello {{ company.nme }}.\n", encoding="utf-8")
    assert drafts(unfinished, "--no-pdf") == 0
    text = (unfinished / "site" / "m" / "02-hazards" / "index.html").read_text(encoding="utf-8")
    assert "This page cannot be shown yet" in text
    assert "manuals/m/docs/02-hazards.md:14: jinja: company has no field &#39;nme&#39;" in text


def test_a_manual_that_does_not_load_cannot_be_previewed(unfinished, capsys):
    yml = unfinished / "manuals" / "m" / "manual.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("partner: esc", "partner: nosuch"), encoding="utf-8")
    assert drafts(unfinished, "--no-pdf") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("manuals/m/manual.yml:6: certification.partner: unknown partner 'nosuch' — ")
    assert err[-2:] == [
        "1 of 1 manual(s) failed (0 built, 0 unchanged):",
        "  m: cannot be previewed: it does not load (2 problem(s), listed above) — fix that first",
    ]
    assert not (unfinished / "site" / "m").exists()
    assert main(["--root", str(unfinished), "build", "--drafts", "--no-pdf"]) == 1  # the whole portfolio: one line
    assert capsys.readouterr().err.splitlines()[-1] == (
        "  m: cannot be previewed: it does not load (manuals/m/manual.yml:6: certification.partner: unknown partner "
        "'nosuch' (and 1 more problem(s))) — fix that first; `hsms validate m` lists every problem"
    )


def test_drafts_and_real_builds_are_told_apart_by_the_cache(unfinished, capsys):
    assert drafts(unfinished, "--no-pdf") == 0
    yml = unfinished / "manuals" / "m" / "manual.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(TODO_SITE, "Shop"), encoding="utf-8")
    alone = unfinished / "manuals" / "m" / "docs" / "03-alone.md"
    alone.write_text(alone.read_text(encoding="utf-8").replace("status: draft", "status: approved"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(unfinished), "build", "m", "--no-pdf"]) == 0
    assert capsys.readouterr().out.startswith("built m")  # not "unchanged": the preview is another build
    assert read_marker(unfinished / "site" / "m").drafts is False
    text = (unfinished / "site" / "m" / "index.html").read_text(encoding="utf-8")
    assert "DRAFT" not in text and "noindex" not in text


def test_serve_drafts_previews_an_unfinished_manual(unfinished):
    from test_serve import fetch_until, free_port

    port = free_port()
    proc = subprocess.Popen(
        [HSMS, "--root", str(unfinished), "serve", "m", "--drafts", "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        alone = fetch_until(base + "03-alone/", "Call the office every 2 hours.")
        assert "hsms-draft-mark" in alone and "<strong>This page is a draft</strong>" in alone
        assert "not filled in yet (TODO: main site name)" in alone
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def test_a_page_with_active_content_is_replaced_by_its_problem_in_a_preview(unfinished, capsys):
    hazards = unfinished / "manuals" / "m" / "docs" / "02-hazards.md"
    hazards.write_text(hazards.read_text(encoding="utf-8") + '\n<script>alert("x")</script>\n', encoding="utf-8")
    assert drafts(unfinished, "--no-pdf") == 0
    text = (unfinished / "site" / "m" / "02-hazards" / "index.html").read_text(encoding="utf-8")
    assert "This page cannot be shown yet" in text and "manuals/m/docs/02-hazards.md: built page: " in text
    assert 'alert("x")' not in text and "Do an FLHA before each task." not in text  # nothing of the page itself

"""Appendix B of the PDF as a build makes it: every form of manual.yml listed with where to find
it, each Markdown form printed on its own page after Appendix A (read back with pypdf)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from sitekit import build, default_pages, make_repo, write_manual

FORMS = """\
forms:
  - {id: F-01, title: Field-Level Hazard Assessment, use: Start of every task, file: forms/F-01-flha.md}
  - {id: F-02, title: "Inspection <checklist>", use: Weekly, file: forms/F-02.pdf}
  - {id: F-03, title: Training Record, use: After training}
  - {id: F-04, title: Near Miss Report, use: After a near miss, file: forms/F-04-near-miss.md}
"""
FLHA = """\
Fill this in with {{ company.name }} before work starts.

Open the form on your phone, quaggaweb.
{ .web-only }

Print it double-sided, quaggapaper.
{ .print-only }

## Hazards

| Task | Hazards | Controls |
|---|---|---|
| row-1 | | |
| row-2 | | |
| row-3 | | |

## Sign

| Name | Signature |
|---|---|
| | |
"""
NEAR_MISS = "What happened, quaggamiss?\n\n| When | Where | What |\n|---|---|---|\n| | | |\n"
PDF = b"%PDF-1.4\n% a real form would be longer\n%%EOF\n"


@pytest.fixture(scope="module")
def reader(tmp_path_factory) -> PdfReader:
    root = make_repo(tmp_path_factory.mktemp("pdfforms"))
    mdir = write_manual(root, "m", revision="4", pages=default_pages())
    yml = (mdir / "manual.yml").read_text()
    (mdir / "manual.yml").write_text(yml[: yml.index("forms:")] + FORMS)
    (mdir / "forms").mkdir()
    (mdir / "forms" / "F-01-flha.md").write_text(FLHA)
    (mdir / "forms" / "F-04-near-miss.md").write_text(NEAR_MISS)
    (mdir / "forms" / "F-02.pdf").write_bytes(PDF)
    assert build(root, "m", pdf=True) == 0
    return PdfReader(str(root / "site" / "m" / "pdf" / "m-rev-4.pdf"))


@pytest.fixture(scope="module")
def texts(reader) -> list[str]:
    return [p.extract_text() for p in reader.pages]


def outline_titles(items: list) -> list[str]:
    return [t for item in items for t in (outline_titles(item) if isinstance(item, list) else [item.title])]


def page_starting(texts: list[str], title: str) -> int:
    """0-based index of the one page whose text starts with ``title`` (a section's or form's title)."""
    found = [i for i, t in enumerate(texts) if t.startswith(title + "\n")]
    assert len(found) == 1, (title, found)
    return found[0]


def test_appendix_b_follows_appendix_a_and_each_markdown_form_has_its_own_page(texts):
    crosswalk = page_starting(texts, "Appendix A — Audit crosswalk")
    listing = page_starting(texts, "Appendix B — Forms")
    flha = page_starting(texts, "F-01 Field-Level Hazard Assessment")
    near_miss = page_starting(texts, "F-04 Near Miss Report")
    assert crosswalk < listing < flha < near_miss == len(texts) - 1
    assert "When to use it: Start of every task" in texts[flha]
    assert "Fill this in with Tiny Test Co. before work starts." in texts[flha]  # the page's variables
    assert "quaggapaper" in texts[flha] and "row-3" in texts[flha]


def test_the_listing_says_where_to_find_every_form(texts):
    listing = page_starting(texts, "Appendix B — Forms")
    flat = " ".join(texts[listing].split()).replace("/ ", "/")  # a long address breaks after a /
    flha, near_miss = (
        page_starting(texts, "F-01 Field-Level Hazard Assessment"),
        page_starting(texts, "F-04 Near Miss Report"),
    )
    assert f"F-01 Field-Level Hazard Assessment page {flha + 1}" in flat
    assert (
        "F-02 Inspection <checklist> Download it from https://manuals.example.ca/m/current/forms/F-02.pdf, "
        "or ask your supervisor for a printed copy."
    ) in flat
    assert "F-03 Training Record Ask your supervisor for a copy." in flat
    assert f"F-04 Near Miss Report page {near_miss + 1}" in flat


def test_the_contents_list_the_appendix_and_each_printed_form_with_its_page(texts):
    contents = "\n".join(texts[1:3])
    listing = page_starting(texts, "Appendix B — Forms")
    flha = page_starting(texts, "F-01 Field-Level Hazard Assessment")
    assert re.search(rf"Appendix B — Forms[ .]+{listing + 1}\b", contents)
    assert re.search(rf"F-01 Field-Level Hazard Assessment[ .]+{flha + 1}\b", contents)
    assert "F-03 Training Record" not in contents  # listed in the appendix, not printed


def test_the_appendix_and_each_printed_form_are_bookmarks(reader):
    titles = outline_titles(reader.outline)
    appendix = titles.index("Appendix B — Forms")
    assert titles[appendix + 1 : appendix + 3] == ["F-01 Field-Level Hazard Assessment", "F-04 Near Miss Report"]


def test_forms_print_only_in_the_appendix_and_without_their_web_only_blocks(texts):
    everything = "\n".join(texts)
    assert everything.count("quaggamiss") == 1  # not also printed as a section of the manual
    assert "quaggaweb" not in everything

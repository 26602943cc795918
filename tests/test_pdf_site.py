"""The PDF edition as a build produces it: read back with pypdf, as an auditor would read it."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from sitekit import build, default_pages, make_repo, page, write_manual

ROWS = 70
LONG_TABLE = "| Task | Hazard | Control | Who checks |\n|---|---|---|---|\n" + "\n".join(
    f"| task-{i} cut and drill {'concrete ' * 3}| hazard-{i} silica dust and noise | control-{i} wet cutting, "
    f"vacuum, hearing protection | checker-{i} foreman |" for i in range(ROWS))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_repo(tmp_path_factory.mktemp("pdf"))
    pages = default_pages() | {
        "03-tasks.md": page("Task Inventory", "## All tasks\n\n" + LONG_TABLE, ("hazard.review",)),
        "04-draft.md": page("Quaggadraft plans", "Quaggadraft words never print.", ("hazard.health",), "draft"),
    }
    write_manual(root, "m", company="Tiny Test Co.", revision="7", pages=pages)
    assert build(root, "m", pdf=True) == 0
    pdf = root / "site" / "m" / "pdf" / "m-rev-7.pdf"
    reader = PdfReader(str(pdf))
    return root / "site" / "m", reader, [p.extract_text() for p in reader.pages]


def first_page_with(texts: list[str], pattern: str, start: int = 0) -> int:
    """1-based number of the first page (from ``start``) whose text matches ``pattern``."""
    for i in range(start, len(texts)):
        if re.search(pattern, texts[i], re.M):
            return i + 1
    raise AssertionError(f"{pattern!r} not found")


def test_every_site_page_links_to_the_pdf_of_this_revision(built):
    site, _, _ = built
    for html in site.rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        href = re.search(r'<a href="([^"]+)" class="hsms-pdf" download>Download PDF — Rev 7</a>', text)
        assert href, html
        assert (html.parent / href.group(1)).resolve() == (site / "pdf" / "m-rev-7.pdf").resolve()


def test_cover_has_the_controlled_document_fields(built):
    _, _, texts = built
    cover = texts[0]
    for expected in ("Tiny Test Co.", "Health and Safety Manual", "TM-001", "Revision 7", "2026-10-01",
                     "Pat Lee, Owner", "Signature", "Energy Safety Canada (ESC)", "SECOR"):
        assert expected in cover, expected


def test_contents_page_numbers_match_where_the_sections_are(built):
    _, _, texts = built
    contents = texts[1]
    assert contents.startswith("Tiny Test Co. · TM-001 · Rev 7") or "Contents" in contents
    body_start = 2  # after the cover and the contents page
    for title in ("Welcome", "Health and Safety Policy", "Hazard Assessment", "Task Inventory"):
        m = re.search(rf"^{re.escape(title)}[ .]*?(\d+)$", contents, re.M)
        assert m, f"{title} missing from contents"
        number = int(m.group(1))
        assert first_page_with(texts, rf"^{re.escape(title)}$", body_start) == number, title


def test_running_header_footer_and_page_x_of_y(built):
    _, reader, texts = built
    n = len(reader.pages)
    assert n >= 5
    middle = texts[n // 2]
    assert "Tiny Test Co. · TM-001 · Rev 7" in middle
    assert f"Page {n // 2 + 1} of {n}" in middle
    assert "Uncontrolled when printed — check the current revision at https://manuals.example.ca/m/" in middle


def test_crosswalk_points_at_the_page_that_answers(built):
    _, _, texts = built
    start = first_page_with(texts, r"^Appendix A — Audit crosswalk$", 2) - 1
    crosswalk = "\n".join(texts[start:])
    policy_page = first_page_with(texts, r"^Health and Safety Policy$", 2)
    # ESC A.1 (the policy) is answered by the policy page: its row carries that page number.
    row = " ".join(crosswalk[crosswalk.index("\nA.1 "):crosswalk.index("\nA.2 ")].split())
    assert f"Partial Health and Safety Policy, p. {policy_page} Not yet answered: Policy reviewed annually" in row
    assert "Needs field" in crosswalk  # interview/observation questions are listed as such


def test_drafts_never_print(built):
    _, _, texts = built
    assert not any("quaggadraft" in t.lower() for t in texts)


def test_long_table_splits_across_pages_with_every_cell_and_repeated_header(built):
    _, _, texts = built
    everything = "\n".join(texts)
    for i in range(ROWS):
        for cell in (f"task-{i}", f"hazard-{i}", f"control-{i}", f"checker-{i}"):
            assert cell in everything, cell
    pages_with_rows = [t for t in texts if "checker-" in t]
    assert len(pages_with_rows) >= 2
    assert all("Who checks" in t for t in pages_with_rows)  # header row repeated on each page


def test_bookmarks_follow_the_sections(built):
    _, reader, _ = built
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:2] == ["Contents", "Welcome"] or "Welcome" in titles
    assert "Task Inventory" in titles and "Appendix A — Audit crosswalk" in titles

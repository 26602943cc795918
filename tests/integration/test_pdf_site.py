"""The PDF edition as a build produces it: read back with pypdf, as an auditor would read it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from sitekit import build, default_pages, make_repo, page, write_manual

ROWS = 70
LONG_TABLE = "| Task | Hazard | Control | Who checks |\n|---|---|---|---|\n" + "\n".join(
    f"| task-{i} cut and drill {'concrete ' * 3}| hazard-{i} silica dust and noise | control-{i} wet cutting, "
    f"vacuum, hearing protection | checker-{i} foreman |"
    for i in range(ROWS)
)

REVIEW = (
    "The owner and the safety representative review this task inventory every year in March, and again "
    "whenever we take on a new task, buy new equipment or start work at a new kind of site. Changes are "
    "written into the table and explained to the crew at the next safety meeting."
)


# The home page marks a paragraph and a block for the site only, and two for paper only.
HOME = """Read the [policy](01-policy.md) first.

Tap a number to call it, quaggaweb.
{ .web-only }

The emergency numbers are on {{ emergency_page() }}.
{ .print-only }

<div class="web-only" markdown>

## On your phone

Quaggaphone steps.

</div>

!!! print-only "On paper"
    Quaggapaper steps.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_repo(tmp_path_factory.mktemp("pdf"))
    pages = default_pages() | {
        "index.md": page("Welcome", HOME),
        # The long table pushes the claimed section two pages or more past the page's start.
        "03-tasks.md": page(
            "Task Inventory",
            "## All tasks\n\n" + LONG_TABLE + "\n\n## Yearly review\n\n" + REVIEW,
            {"hazard.review": "yearly-review"},
        ),
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
    for expected in (
        "Tiny Test Co.",
        "Health and Safety Manual",
        "TM-001",
        "Revision 7",
        "2026-10-01",
        "Pat Lee, Owner",
        "Signature",
        "Energy Safety Canada (ESC)",
        "SECOR",
    ):
        assert expected in cover, expected


def test_contents_page_numbers_match_where_the_sections_are(built):
    _, _, texts = built
    contents = texts[1]
    assert contents.splitlines()[0] == "Contents"
    assert "Tiny Test Co. · TM-001 · Rev 7 Contents" in contents  # the running header
    entries = re.findall(r"^(.+?)(?: \.)+ (\d+)$", contents, re.M)
    assert [title for title, _ in entries] == [
        "In an emergency",
        "Revision history",
        "Welcome",
        "Health and Safety Policy",
        "Our promise",
        "Hazard Assessment",
        "Field-level hazard assessment",
        "Task Inventory",
        "All tasks",
        "Yearly review",
        "Appendix A — Audit crosswalk",
        "Appendix B — Forms",
    ]  # the forms of manual.yml, listed (none has a file to print)
    body_start = 2  # after the cover and the contents page
    for title in (
        "In an emergency",
        "Revision history",
        "Welcome",
        "Health and Safety Policy",
        "Hazard Assessment",
        "Task Inventory",
    ):
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


def running_title(text: str) -> str:
    """The section title in a page's running header ("Tiny Test Co. · TM-001 · Rev 7 Contents")."""
    return text.split("· Rev 7 ", 1)[1].splitlines()[0] if "· Rev 7 " in text else ""


def test_emergency_block_is_the_page_right_after_the_contents(built):
    _, _, texts = built
    titles = [running_title(t) for t in texts]
    last_contents = max(i for i, title in enumerate(titles) if title == "Contents")
    emergency = texts[last_contents + 1]
    assert emergency.startswith("In an emergency\n") and titles[last_contents + 1] == "In an emergency"
    flat = " ".join(emergency.split())
    for expected in (
        "Who to call Number",
        "Fire, ambulance, police 911",
        "Report an incident: Owner 780-555-0100",
        "Shop",
        "Muster point North gate",
        "First aid Sam Ray 780-555-0101",
    ):
        assert expected in flat, expected
    assert "tap" not in flat.lower()
    assert titles[last_contents + 2] != "In an emergency"  # on its own page
    # the home page's print-only sentence gives its page number
    assert f"The emergency numbers are on page {last_contents + 2}." in " ".join("\n".join(texts).split())


def test_revision_history_has_this_revision_and_its_notes(built):
    _, _, texts = built
    page = texts[first_page_with(texts, r"^Revision history$", 2) - 1]
    flat = " ".join(page.split())
    assert "Revision Effective Approved by Changes 7 (this copy) 2026-10-01 Pat Lee, Owner First issue." in flat


def test_effective_and_next_review_dates_on_every_page_but_the_cover(built):
    _, _, texts = built
    assert "Effective 2026-10-01 · Next review 2027-10-01" in texts[0]  # on the cover, where the footer reads it
    for text in texts[1:]:
        footer = text.splitlines()[-3:]
        assert footer[0] == "Effective 2026-10-01 · Next review 2027-10-01", footer
        assert footer[1].startswith("Uncontrolled when printed — check the current revision at ")
        assert footer[2].startswith("Page ")


def structure_types(node, seen=None) -> set[str]:
    seen = set() if seen is None else seen
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            structure_types(kid, seen)
    elif hasattr(node, "get"):
        if "/S" in node:
            seen.add(str(node["/S"]))
        if "/K" in node:
            structure_types(node["/K"], seen)
    return seen


def test_the_pdf_is_tagged_for_screen_readers(built):
    _, reader, _ = built
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Health and Safety Manual — Tiny Test Co."
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()
    types = structure_types(catalog["/StructTreeRoot"]["/K"])
    assert {"/Document", "/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD", "/L", "/LI", "/Link"} <= types, types


def test_web_only_blocks_stay_on_the_site_and_print_only_blocks_on_paper(built):
    site, _, texts = built
    pdf = "\n".join(texts)
    assert "Quaggapaper steps." in pdf and "On paper" in pdf
    assert "quaggaweb" not in pdf.lower() and "quaggaphone" not in pdf.lower() and "On your phone" not in pdf
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "quaggaweb" in home and "Quaggaphone steps." in home and "On your phone" in home
    assert "quaggapaper" not in home.lower() and "On paper" not in home and "emergency numbers are on" not in home
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "quaggaweb" in index and "quaggapaper" not in index.lower()


def test_crosswalk_points_at_the_page_that_answers(built):
    _, _, texts = built
    start = first_page_with(texts, r"^Appendix A — Audit crosswalk$", 2) - 1
    crosswalk = "\n".join(texts[start:])
    policy_page = first_page_with(texts, r"^Health and Safety Policy$", 2)
    # ESC A.1 (the policy) is answered by the policy page: its row carries that page number.
    row = " ".join(crosswalk[crosswalk.index("\nA.1 ") : crosswalk.index("\nA.2 ")].split())
    assert (
        f"Partly answered Health and Safety Policy › Our promise, p. {policy_page} Policy reviewed annually: no claim"
    ) in row
    assert "Needs field" in crosswalk  # interview/observation questions are listed as such


def test_a_claimed_section_prints_the_page_where_it_starts(built):
    _, _, texts = built
    start = first_page_with(texts, r"^Task Inventory$", 2)
    review = first_page_with(texts, r"^Yearly review$", start)
    assert review >= start + 2
    appendix = " ".join("\n".join(texts[first_page_with(texts, r"^Appendix A — Audit crosswalk$", 2) - 1 :]).split())
    row = appendix[appendix.index("B.4 ") : appendix.index("B.5 ")]
    assert f"Answered Task Inventory › Yearly review, p. {review}" in row


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


def outline_titles(outline) -> list:
    """pypdf's outline as titles: a list after an item holds that item's children."""
    return [outline_titles(item) if isinstance(item, list) else item.title for item in outline]


def test_bookmarks_follow_the_sections(built):
    _, reader, _ = built
    assert outline_titles(reader.outline) == [
        "Contents",
        "In an emergency",
        "Revision history",
        "Welcome",
        "Health and Safety Policy",
        ["Our promise"],
        "Hazard Assessment",
        ["Field-level hazard assessment"],
        "Task Inventory",
        ["All tasks", "Yearly review"],
        "Appendix A — Audit crosswalk",
        "Appendix B — Forms",
    ]


def test_each_section_names_its_owner_under_the_title(built):
    _, _, texts = built
    start = first_page_with(texts, r"^Task Inventory$", 2)
    assert re.search(r"^Task Inventory\nOwner: Owner\nAll tasks$", texts[start - 1], re.M)


# ---------------------------------------------------------------- links, anchors, owners


def page_as(title: str, body: str, covers: tuple[str, ...] = (), owner: str = "Owner") -> str:
    return page(title, body, covers).replace("\nowner: Owner\n", f"\nowner: {owner}\n")


# Forty words of substance, so that each page's whole-page claim answers its topic.
FILLER = (
    "We keep a record of this for every job and every crew, and the owner checks it each month. Workers "
    "can ask the field supervisor for a copy at any time, and we go over it at the monthly safety meeting "
    "with everyone."
)
LINKED_PAGES = {
    "index.md": page(
        "Welcome",
        "Read the [policy](01-policy.md), the [dash page](x-y.md), the "
        "[underscore page](x_y.md), the [flat page](c-d.md) and the [folder page](c/d.md).",
    ),
    "01-policy.md": page(
        "Health and Safety Policy",
        "Check us against the [audit guide](audit/index.md), the "
        "[checklist](files/checklist.docx) and the [Alberta OHS site](https://www.alberta.ca/).",
        ("policy.statement",),
    ),
    # Pairs whose file names give the same slug: x-y / x_y, c-d / c/d.
    "x-y.md": page("Dash Page", f"Dash body. {FILLER}", ("training.needs",)),
    "x_y.md": page("Underscore Page", f"Underscore body. {FILLER}", ("parties.suppliers",)),
    "c-d.md": page("Flat Page", f"Flat body. {FILLER}", ("admin.statistics",)),
    "c/d.md": page_as(
        "Folder Page",
        f"Folder body. {FILLER} Back to the [dash page](../x-y.md).",
        ("control.vehicles",),
        owner="Safety Coordinator",
    ),
}


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    root = make_repo(tmp_path_factory.mktemp("pdf-links"))
    mdir = write_manual(root, "n", revision="2", pages=LINKED_PAGES)
    (mdir / "docs" / "files").mkdir()
    (mdir / "docs" / "files" / "checklist.docx").write_bytes(b"PK\x03\x04 a form")
    assert build(root, "n", pdf=True) == 0
    reader = PdfReader(str(root / "site" / "n" / "pdf" / "n-rev-2.pdf"))
    return reader, [p.extract_text() for p in reader.pages]


def links(reader: PdfReader) -> list[tuple[int, str, str | int]]:
    """Every link annotation as (0-based page, "uri", address) or (0-based page, "goto", target page)."""
    out: list[tuple[int, str, str | int]] = []
    named = reader.named_destinations
    for number, pdf_page in enumerate(reader.pages):
        for annot in pdf_page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action["/S"] == "/URI":
                out.append((number, "uri", str(action["/URI"])))
            else:
                dest = annot.get("/Dest") if action is None else action["/D"]
                out.append((number, "goto", reader.get_destination_page_number(named[str(dest)])))
    return out


def section_pages(texts: list[str]) -> dict[str, int]:
    """Section title → 0-based page it starts on (after the cover and contents)."""
    return {
        title: first_page_with(texts, rf"^{re.escape(title)}$", 2) - 1
        for title in ("Welcome", "Health and Safety Policy", "Dash Page", "Underscore Page", "Flat Page", "Folder Page")
    }


def test_pages_whose_names_slug_alike_are_separate_sections(linked):
    reader, texts = linked
    where = section_pages(texts)
    assert len(set(where.values())) == len(where)  # each its own page(s)
    home_targets = {target for number, kind, target in links(reader) if number == where["Welcome"] and kind == "goto"}
    assert home_targets == {
        where[t] for t in ("Health and Safety Policy", "Dash Page", "Underscore Page", "Flat Page", "Folder Page")
    }
    folder_targets = [target for number, kind, target in links(reader) if number == where["Folder Page"]]
    assert folder_targets == [where["Dash Page"]]


def test_links_to_what_the_pdf_lacks_are_plain_text_and_external_links_stay(linked):
    reader, texts = linked
    found = links(reader)
    uris = [target for _, kind, target in found if kind == "uri"]
    assert uris == ["https://www.alberta.ca/"]  # not file:…, not https://manuals.example.ca/n/audit/
    policy = texts[section_pages(texts)["Health and Safety Policy"]]
    assert "Check us against the audit guide, the checklist and the Alberta OHS site." in " ".join(policy.split())


def test_crosswalk_rows_point_at_the_right_one_of_two_alike_pages(linked):
    _, texts = linked
    where = section_pages(texts)
    appendix = " ".join("\n".join(texts[first_page_with(texts, r"^Appendix A — Audit crosswalk$", 2) - 1 :]).split())
    for title in ("Dash Page", "Underscore Page", "Flat Page", "Folder Page"):
        assert f"{title}, p. {where[title] + 1}" in appendix, title


def test_folder_pages_sit_under_their_navigation_group(linked):
    reader, texts = linked
    assert outline_titles(reader.outline) == [
        "Contents",
        "In an emergency",
        "Revision history",
        "Welcome",
        "Health and Safety Policy",
        "Flat Page",
        "Dash Page",
        "Underscore Page",
        "C",
        ["Folder Page"],
        "Appendix A — Audit crosswalk",
        "Appendix B — Forms",
    ]
    folder = texts[section_pages(texts)["Folder Page"]]
    assert re.search(r"^C\nFolder Page\nOwner: Safety Coordinator\nFolder body", folder, re.M)


def test_a_pdf_layout_problem_fails_the_build_in_one_line(tmp_path, capsys, monkeypatch):
    import hsms_manuals.edition

    monkeypatch.setattr(hsms_manuals.edition, "section_anchors", lambda srcs: {src: "p-same" for src in srcs})
    root = make_repo(tmp_path)
    write_manual(root, "m")
    assert build(root, "m", pdf=True) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "error: m: the PDF edition cannot be made — " in err
    assert "anchor is used by an earlier section" in err


@pytest.mark.skipif(
    bool(
        shutil.which("fc-list")
        and subprocess.run(["fc-list", ":charset=1f6a7"], capture_output=True, text=True).stdout.strip()
    ),
    reason="this machine has a font that draws 🚧, so the PDF does not miss it",
)
def test_a_character_no_font_can_draw_fails_with_the_way_out(tmp_path, capsys):
    root = make_repo(tmp_path)
    pages = default_pages()
    pages["01-policy.md"] = page(
        "Health and Safety Policy", "## Our promise\n\nWork zone 🚧 ahead.", ("policy.statement",)
    )
    write_manual(root, "m", pages=pages)
    assert build(root, "m", pdf=True) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    expected = (
        'WARNING -  PDF: cannot draw "🚧" (U+1F6A7) in section "Health and Safety Policy": no font '
        "of the PDF has it — remove it, or add a font that covers it to macros/hsms_manuals/pdf/fonts/fonts.css"
    )
    assert err.count(expected) == 1, err
    assert ".notdef" not in err

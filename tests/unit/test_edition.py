"""edition: a manual's state and built pages turned into the PrintDocument of its PDF — the pages
in navigation order under their folder's heading, every audit question in the crosswalk with the
section that answers it, the forms of Appendix B with where to find each, the document control
fields; and the file itself (one tiny WeasyPrint render)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import MANUAL_YML, answers, page, write_manual
from hsms_manuals.coverage import Status
from hsms_manuals.edition import (
    document_control,
    emergency_plan_page,
    nav_group,
    print_document,
    print_forms,
    section_anchors,
    write_edition,
)
from hsms_manuals.errors import BuildFailed
from hsms_manuals.state import load_state

FORMS = """site_url: https://m.example/tiny/
forms:
  - {id: F-01, title: "Hazard check", use: "Every task", file: forms/F-01-check.md}
  - {id: F-02, title: "Inspection", use: "Weekly", file: forms/F-02.pdf}
  - {id: F-03, title: "Training record", use: "After training"}
"""
PAGES = {
    "index.md": page("Home"),
    "01-policy.md": page("Policy", ["policy.statement"], body=answers("policy.statement")),
    "02-safe_work/ladders.md": page("Ladders"),
    "02-safe_work/lockout.md": page("Lockout", owner="Shop foreman"),
    "03-emergency.md": page("Emergency plan", ["emergency.plan"]),
    "04-draft.md": page("Draft page", ["emergency.plan"], status="draft"),
}


@pytest.fixture
def state(repo):
    mroot = write_manual(repo, manual_yml=MANUAL_YML + FORMS, pages=PAGES)
    (mroot / "forms").mkdir()
    (mroot / "forms" / "F-01-check.md").write_text("Fill it in.\n", encoding="utf-8")
    (mroot / "forms" / "F-02.pdf").write_bytes(b"%PDF-1.4")
    return load_state(repo, "tiny")


def built(state) -> dict[str, str]:
    return {p.src: f"<p>{p.title} body</p>" for p in state.pages}


def test_section_anchors_are_unique_and_in_order():
    anchors = section_anchors(["index.md", "x-y.md", "x_y.md", "a/b.md", "a-b.md"])
    assert list(anchors.values()) == ["p000-index", "p001-x-y", "p002-x-y", "p003-a-b", "p004-a-b"]
    assert len(set(anchors.values())) == 5


def test_nav_group_names_the_top_folder():
    assert nav_group("02-safe_work") == "Safe work"
    assert nav_group("02-safe_work/ladders") == "Safe work"


def test_the_pages_print_in_navigation_order_under_their_folder(state, tmp_path):
    doc = print_document(state, built(state), tmp_path)
    assert [(s.title, s.level, s.group, s.owner) for s in doc.sections] == [
        ("Home", 1, "", "Owner"),
        ("Policy", 1, "", "Owner"),
        ("Emergency plan", 1, "", "Owner"),  # a folder's pages come after the files, as in the navigation
        ("Ladders", 2, "Safe work", "Owner"),
        ("Lockout", 2, "", "Shop foreman"),  # the group opens once
    ]
    assert doc.sections[3].source == "manuals/tiny/docs/02-safe_work/ladders.md"
    assert doc.sections[3].url == "02-safe_work/ladders/"
    assert doc.sections[0].html == "<p>Home body</p>"
    assert not any(s.draft for s in doc.sections)
    assert doc.base_url == str(tmp_path) and doc.draft is None


def test_a_page_without_built_html_is_left_out(state, tmp_path):
    html = built(state)
    del html["01-policy.md"]
    doc = print_document(state, html, tmp_path)
    assert "Policy" not in [s.title for s in doc.sections]
    assert not any(a.startswith("p001") for row in doc.crosswalk for a in row.anchors)


def test_the_emergency_block_points_to_the_first_approved_plan(state, tmp_path):
    assert emergency_plan_page(state.manual).src == "03-emergency.md"  # not the draft that also covers it
    doc = print_document(state, built(state), tmp_path)
    assert doc.emergency_plan == "p002-03-emergency"
    assert doc.emergency == state.manual.emergency
    html = built(state)
    del html["03-emergency.md"]
    assert print_document(state, html, tmp_path).emergency_plan == ""  # not printed: no link


def test_document_control(state):
    fields = document_control(state)
    assert {k: fields[k] for k in ("company", "number", "revision", "effective", "site_url")} == {
        "company": "Tiny Test Co.",
        "number": "TT-001",
        "revision": "1",
        "effective": "2026-09-01",
        "site_url": "https://m.example/tiny/",
    }
    assert (fields["approved_by_name"], fields["approved_by_title"]) == ("Pat Doe", "Owner")
    assert fields["partner"] == f"{state.partner.name} ({state.partner.short_name})"
    assert fields["program"].startswith("COR — ")


def test_without_a_site_url_the_footer_still_says_where_to_check(repo):
    write_manual(repo, pages={"index.md": page("Home")})
    assert document_control(load_state(repo, "tiny"))["site_url"] == "the company's published manual"


def test_every_question_is_in_the_crosswalk_with_where_it_is_answered(state, tmp_path):
    doc = print_document(state, built(state), tmp_path)
    questions = [r.question.id for e in state.coverage.elements for r in e.questions]
    assert [row.question for row in doc.crosswalk] == questions
    answered = [row for row in doc.crosswalk if row.anchors]
    assert answered and all(a.startswith(("p001-01-policy", "p002-03-emergency")) for r in answered for a in r.anchors)
    assert all(len(r.anchors) == len(r.titles) for r in doc.crosswalk)
    for row in doc.crosswalk:
        if row.status == Status.FIELD_EVIDENCE.value:
            assert row.note.startswith("Needs field evidence: ")
        if row.status == Status.MISSING.value:
            assert row.anchors == ()


def test_forms_are_listed_with_where_to_find_them(state):
    forms = print_forms(state.manual, {"forms/F-01-check.md": "<p>Fill it in.</p>"})
    assert [(f.id, f.anchor, f.html, f.file, f.url) for f in forms] == [
        ("F-01", "hsms-form-1", "<p>Fill it in.</p>", "", "forms/F-01-check/"),
        ("F-02", "hsms-form-2", None, "https://m.example/tiny/current/forms/F-02.pdf", "forms/F-02.pdf"),
        ("F-03", "hsms-form-3", None, "", ""),
    ]
    published = print_forms(state.manual, {}, "https://m.example/tiny/1/")
    assert published[1].file == "https://m.example/tiny/1/forms/F-02.pdf"  # this very revision's copy
    assert published[0].html is None  # not built: listed without a page


def test_without_a_site_url_a_form_file_is_its_path_in_the_site(repo):
    mroot = write_manual(repo, manual_yml=MANUAL_YML + FORMS.replace("site_url: https://m.example/tiny/\n", ""))
    (mroot / "forms").mkdir()
    (mroot / "forms" / "F-01-check.md").write_text("Fill it in.\n", encoding="utf-8")
    (mroot / "forms" / "F-02.pdf").write_bytes(b"%PDF-1.4")
    assert print_forms(load_state(repo, "tiny").manual, {})[1].file == "forms/F-02.pdf"


def test_a_drafts_preview_prints_draft_pages_and_what_blocks_approval(repo, tmp_path):
    write_manual(repo, pages={**PAGES, "05-x.md": page("X", ["no.such.topic"])})
    preview = load_state(repo, "tiny", drafts=True)
    doc = print_document(preview, {p.src: "<p>x</p>" for p in preview.pages}, tmp_path)
    assert [s.title for s in doc.sections if s.draft] == ["Draft page"]
    assert doc.draft is not None and doc.draft.draft_pages == ("Draft page",)
    assert any("05-x.md" in problem for problem in doc.draft.problems)


def test_pieces_that_do_not_fit_are_a_bug_report_not_a_traceback(state, tmp_path):
    with pytest.raises(BuildFailed) as error:
        print_document(state, built(state), tmp_path, published_url="not-an-address")
    message = str(error.value)
    assert message.startswith("tiny: the PDF edition cannot be made — invalid PrintDocument:")
    assert "published_url: 'not-an-address'" in message
    assert message.endswith(
        "This is a bug in hsms, not in the manual: please report it with this message; "
        "`hsms build --no-pdf` builds the site meanwhile"
    )


def test_write_edition_writes_the_revision_pdf_into_the_site(state, tmp_path):
    site = tmp_path / "site"
    pages = write_edition(state, list(built(state).items()), site, forms=[("forms/F-01-check.md", "<p>Fill</p>")])
    out = site / "pdf" / "tiny-rev-1.pdf"
    reader = PdfReader(out)
    assert pages == len(reader.pages)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Tiny Test Co." in text and "Lockout body" in text and "F-01 Hazard check" in text

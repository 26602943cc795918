"""Posters and wallet cards: the QR target, the sheet geometry and the escaping (no layout here;
tests/integration/test_posters_print.py prints and scans them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from hsms_manuals import posters
from hsms_manuals.errors import DataError, UsageError
from hsms_manuals.model import Claim, Company, Document, Emergency, Manual, Page, Person, Phone, Site

HOSTILE = '<script>alert("x")</script> & {{ company.name }}'


def manual(site_url: str | None = "https://manuals.example.ca/m", plan_page: str | None = "07-emergency/plan.md"):
    pages = (
        Page("index.md", "Home", (), "approved", "Owner"),
        Page("07-emergency/draft.md", "Old plan", (Claim("emergency.plan"),), "draft", "Owner"),
    )
    if plan_page:
        pages += (Page(plan_page, "Plan", (Claim("emergency.contacts"), Claim("emergency.plan")), "approved", "Owner"),)
    return Manual(
        id="m",
        root=Path("/nowhere/manuals/m"),
        company=Company(HOSTILE, "AB", 6),
        partner_id="esc",
        program_id=None,
        document=Document("TM-001", "3", dt.date(2026, 9, 1), Person("Pat", "Owner")),
        emergency=Emergency(
            (Phone(HOSTILE, "911"),),
            Phone(HOSTILE, "780-555-0100"),
            (Site(HOSTILE, HOSTILE, (Phone(HOSTILE, "780-555-0101"),), HOSTILE, HOSTILE),),
        ),
        site_url=site_url,
        pages=pages,
    )


def test_the_qr_code_opens_the_current_revisions_emergency_plan_page():
    assert posters.plan(manual()).url == "https://manuals.example.ca/m/current/07-emergency/plan/"
    assert posters.plan(manual(site_url="https://x.ca/m/")).url == "https://x.ca/m/current/07-emergency/plan/"


def test_no_site_url_or_no_emergency_plan_page_is_refused():
    with pytest.raises(UsageError, match="manuals/m/manual.yml has no site_url"):
        posters.plan(manual(site_url=None))
    with pytest.raises(DataError, match="no approved page covers emergency.plan"):  # the draft does not count
        posters.plan(manual(plan_page=None))


@pytest.mark.parametrize(
    "build",
    [
        lambda p, s: posters.poster_html(p, s, "letter", 1.0),
        lambda p, s: posters.card_sheets_html(p, s, "a4", 0.9),
        lambda p, s: posters.card_probe_html(posters.card_back(p, s), 1.0),
    ],
)
def test_every_value_from_manual_yml_is_escaped(build):
    m = manual()
    html = build(posters.plan(m), m.emergency.sites[0])
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in html


@pytest.mark.parametrize("paper", list(posters.PAPERS))
def test_eight_cards_fit_the_sheet_centred_and_apart(paper):
    _, width, height = posters.PAPERS[paper]
    boxes = posters.card_boxes(paper)
    assert len(boxes) == 8
    assert all((b.w, b.h) == (85.6, 54.0) for b in boxes)
    assert all(b.x >= 10 and b.y >= 10 and b.x + b.w <= width - 10 and b.y + b.h <= height - 10 for b in boxes)
    for a in boxes:
        for b in boxes:
            if a is not b:
                assert (
                    a.x + a.w + 5.9 <= b.x or b.x + b.w + 5.9 <= a.x or a.y + a.h + 5.9 <= b.y or b.y + b.h + 5.9 <= a.y
                )  # 6 mm between cards
    # centred: mirrored for the back of the sheet (flipped on either edge), every card lands on a card
    spots = {(round(b.x, 2), round(b.y, 2)) for b in boxes}
    assert {(round(width - b.x - b.w, 2), round(b.y, 2)) for b in boxes} == spots
    assert {(round(b.x, 2), round(height - b.y - b.h, 2)) for b in boxes} == spots


def test_cut_marks_run_along_every_card_edge_in_the_margin_and_never_touch_a_card():
    boxes = posters.card_boxes("letter")
    marks = posters.cut_marks(boxes)
    edges_x = {round(v, 2) for b in boxes for v in (b.x, b.x + b.w)}
    edges_y = {round(v, 2) for b in boxes for v in (b.y, b.y + b.h)}
    vertical = [m for m in marks if m.w == 0]
    horizontal = [m for m in marks if m.h == 0]
    assert {m.x for m in vertical} == edges_x and len(vertical) == 2 * len(edges_x)  # above and below
    assert {m.y for m in horizontal} == edges_y and len(horizontal) == 2 * len(edges_y)  # left and right
    for m in marks:
        for b in boxes:
            apart = m.x + m.w < b.x or b.x + b.w < m.x or m.y + m.h < b.y or b.y + b.h < m.y
            assert apart, (m, b)


def test_output_names_say_manual_kind_and_paper():
    out = Path("/out")
    assert posters.poster_file(out, "m", "a4") == Path("/out/m-posters-a4.pdf")
    assert posters.cards_file(out, "m", "letter") == Path("/out/m-cards-letter.pdf")


def test_a_site_without_address_or_hospital_prints_without_them():
    m = manual()
    site = dataclasses.replace(m.emergency.sites[0], address=None, hospital=None)
    html = posters.poster_html(posters.plan(m), site, "letter", 1.0)
    assert 'class="address"' not in html and "Nearest hospital" not in html


@pytest.mark.parametrize("where", ["a-file", "a-file/sub"])
def test_an_output_folder_that_cannot_be_made_is_a_usage_error(tmp_path, where):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = tmp_path / where
    with pytest.raises(UsageError) as exc:
        posters.write(posters.plan(manual()), out, ["letter"])
    assert str(exc.value) == f"cannot write {out} ({tmp_path / 'a-file'} is a file) — choose another --out"

"""`hsms posters`: real PDFs of the shipped Ridgeline manual (two sites), read back as a worker and
a phone would — the text with pypdf, the QR codes rasterized (pypdfium2) and decoded (OpenCV)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from hsms_manuals.cli import main
from sitekit import copy_manual, default_pages, make_repo, page, write_manual

URL = "https://manuals.example.ca/ridgeline-builders/current/13-emergency-response/"
SITES = ("Main shop and yard", "Active job sites")


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    root = make_repo(tmp_path_factory.mktemp("posters"))
    copy_manual(root, "ridgeline-builders")
    out = root / "printed"
    code, stdout, err = run(root, "posters", "ridgeline-builders", "--out", str(out), "--paper", "both")
    assert code == 0, err
    return root, out, stdout, err


def qr_codes(pdf: Path, page: int) -> tuple[str, ...]:
    """Every QR code OpenCV finds on a page rendered at 288 dpi."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    image = np.array(document[page].render(scale=4).to_pil().convert("L"))
    document.close()
    ok, texts, _, _ = cv2.QRCodeDetector().detectAndDecodeMulti(image)
    return tuple(texts) if ok else ()


def test_it_says_what_it_wrote(printed):
    _, out, stdout, err = printed
    assert err == ""
    assert stdout.splitlines() == [
        f"wrote {out}/ridgeline-builders-posters-letter.pdf (2 poster(s), Letter)",
        f"wrote {out}/ridgeline-builders-cards-letter.pdf (2 sheet(s) of 8 wallet cards, front and back, Letter)",
        f"wrote {out}/ridgeline-builders-posters-a4.pdf (2 poster(s), A4)",
        f"wrote {out}/ridgeline-builders-cards-a4.pdf (2 sheet(s) of 8 wallet cards, front and back, A4)",
        f"QR codes open {URL}",
    ]
    assert sorted(p.name for p in out.iterdir()) == sorted(  # nothing half-written left behind
        f"ridgeline-builders-{kind}-{paper}.pdf" for kind in ("posters", "cards") for paper in ("letter", "a4")
    )


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_poster_qr_code_decodes_to_the_current_emergency_plan(printed, paper):
    _, out, _, _ = printed
    pdf = out / f"ridgeline-builders-posters-{paper}.pdf"
    assert len(PdfReader(pdf).pages) == len(SITES)  # one page per site
    for number in range(len(SITES)):
        assert qr_codes(pdf, number) == (URL,)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_wallet_card_back_has_a_qr_code_that_decodes(printed, paper):
    _, out, _, _ = printed
    pdf = out / f"ridgeline-builders-cards-{paper}.pdf"
    assert len(PdfReader(pdf).pages) == 2 * len(SITES)  # front and back per site
    for sheet in range(len(SITES)):
        assert qr_codes(pdf, 2 * sheet) == ()  # fronts: the numbers
        assert qr_codes(pdf, 2 * sheet + 1) == (URL,) * 8


def phone_sizes(pdf_page) -> dict[str, float]:
    """Each phone number on the page → the largest size it is printed at, in points (a first
    aider may share the safety line's number, in smaller type)."""
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if re.fullmatch(r"[\d-]{3,}", text.strip()):
            sizes[text.strip()] = max(sizes.get(text.strip(), 0), size * abs(tm[3]) * abs(cm[3]))

    pdf_page.extract_text(visitor_text=visit)
    return sizes


def test_a_poster_is_big_and_has_everything_for_its_site(printed):
    _, out, _, _ = printed
    reader = PdfReader(out / "ridgeline-builders-posters-letter.pdf")
    shop, jobs = (" ".join(p.extract_text().split()) for p in reader.pages)
    for text in (
        "IN AN EMERGENCY",
        "Ridgeline Builders Ltd. · Main shop and yard",
        "7720 Kestrel Industrial Drive, Red Deer",
        "Fire, ambulance, police 911",
        "Alberta OHS Contact Centre 1-866-415-8690",
        "Report every incident: Safety Coordinator (Jenna Whitford) 403-555-0148",
        "MUSTER POINT Front gate by the flagpole, across from the office door",
        "Priya Sandhu (Shop Lead) 403-555-0162",
        "Red Deer Regional Hospital Centre",
        "Scan for the emergency plan",
        "From RB-HSMS-001 revision 4, effective 2026-09-01.",
    ):
        assert text in shop, text
    assert "Tyler Okafor (Foreman, Crew 1) 403-555-0155" in jobs and "Priya Sandhu" not in jobs
    for pdf_page in reader.pages:  # legible from 2 m: numbers at 28 pt or more
        sizes = phone_sizes(pdf_page)
        for number in ("911", "403-555-0148", "1-800-242-3447"):
            assert sizes[number] >= 28, (number, sizes)


def test_the_pdfs_are_tagged_and_the_right_paper_size(printed):
    _, out, _, _ = printed
    for paper, points in (("letter", (612, 792)), ("a4", (595, 842))):
        for kind in ("posters", "cards"):
            reader = PdfReader(out / f"ridgeline-builders-{kind}-{paper}.pdf")
            assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
            assert reader.metadata.title.endswith("— Ridgeline Builders Ltd.")
            for p in reader.pages:
                assert (round(p.mediabox.width), round(p.mediabox.height)) == points


def test_the_default_is_the_manuals_paper_into_site(printed):
    root, _, _, _ = printed
    code, stdout, err = run(root, "posters", "ridgeline-builders")
    assert (code, err) == (0, "")
    assert stdout.splitlines()[0] == f"wrote {root}/site/ridgeline-builders-posters-letter.pdf (2 poster(s), Letter)"
    assert sorted(p.name for p in (root / "site").iterdir()) == [
        "ridgeline-builders-cards-letter.pdf",
        "ridgeline-builders-posters-letter.pdf",
    ]


def test_too_much_for_one_poster_is_a_warning_naming_the_site(tmp_path):
    root = make_repo(tmp_path)
    muster = "Behind the shed, " * 150
    write_manual(
        root,
        "m",
        muster=muster.strip(),
        pages=default_pages() | {"09-emergency.md": page("Emergency", "## Plan\n\nCall 911.", ("emergency.plan",))},
    )
    code, stdout, err = run(root, "posters", "m", "--out", str(tmp_path / "o"))
    assert code == 0
    pages = len(PdfReader(tmp_path / "o" / "m-posters-letter.pdf").pages)
    assert pages > 1
    assert err.splitlines() == [
        "warning: manuals/m/manual.yml: the poster of site 'Shop' does not fit one Letter page even at 70% size, so "
        f"it prints on {pages} pages — shorten its muster point, hospital or first aiders",
        "warning: manuals/m/manual.yml: the wallet card of site 'Shop' is too full to print in full even at its "
        "smallest size, so its end is cut off — shorten its muster point, hospital, first aiders or emergency number "
        "labels",
    ]


@pytest.mark.parametrize(
    "change, code, message",
    [
        (
            ("site_url: https://manuals.example.ca/m/\n", ""),
            2,
            "error: manuals/m/manual.yml has no site_url, so the posters' QR codes would lead nowhere — add the address "
            "the manual is published at, e.g. site_url: https://manuals.example.ca/m/\n",
        ),
        (
            None,
            1,
            "error: manuals/m/docs/: no approved page covers emergency.plan, so the posters' QR codes have no "
            "emergency plan to open — approve the emergency response plan page (covers: [emergency.plan, …])\n",
        ),
    ],
)
def test_nothing_to_point_the_qr_code_at_is_an_error(tmp_path, change, code, message):
    root = make_repo(tmp_path)
    mdir = write_manual(root, "m")
    if change:
        yml = mdir / "manual.yml"
        yml.write_text(yml.read_text().replace(*change))
        write_manual(root, "n", pages=default_pages() | {"09-e.md": page("E", "Plan.", ("emergency.plan",))})
    assert run(root, "posters", "m", "--out", str(tmp_path / "o")) == (code, "", message)
    assert not (tmp_path / "o").exists()


def test_bad_requests_are_refused_before_any_work(tmp_path):
    root = make_repo(tmp_path)
    write_manual(root, "m")
    code, out, err = run(root, "posters", "nope")
    assert (code, out) == (2, "") and err.startswith("error: unknown manual 'nope'")
    code, out, err = run(root, "posters", "m", "--out", str(root / "manuals" / "x"))
    assert (code, out) == (2, "")
    assert err == (
        f"error: {root / 'manuals' / 'x'} is inside the repository's manuals/ folder, which hsms reads — "
        "choose another --out, e.g. site/ (the default)\n"
    )
    yml = root / "manuals" / "m" / "manual.yml"
    yml.write_text(yml.read_text().replace('phone: "911"', 'phone: ""'))
    code, out, err = run(root, "posters", "m")
    assert (code, out) == (1, "") and err.endswith(
        "problem(s) found; fix them first (`hsms validate` lists them all).\n"
    )
    assert not (root / "site").exists()

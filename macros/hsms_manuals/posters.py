"""`hsms posters`: site posters and wallet cards, printed from manual.yml's emergency data.

Per site, a poster (one page, Letter or A4) with the emergency numbers, incident reporting,
muster point, first aiders and nearest hospital, big enough to read from 2 m, and a QR code to
the emergency plan page of the *current* revision (``<site_url>current/<page>/``: it never goes
stale when a revision is published); and a sheet of eight wallet cards (ID-1, 85.6 × 54 mm, the
size of a bank card) with cut marks, front (numbers) and back (muster point, first aiders,
hospital, QR code).

This module builds the HTML (plain string building, every value escaped); ``pdf.sheets`` lays
it out with WeasyPrint, shrinking a poster or card whose content does not fit until it does."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .edition import emergency_plan_page
from .errors import DataError, UsageError
from .fsutil import why_not_writable
from .model import Manual, Phone, Site
from .paths import MANUAL_FILE, MANUALS_DIR
from .pdf.labels import label

PAPERS = {"letter": ("Letter", 215.9, 279.4), "a4": ("A4", 210.0, 297.0)}  # name, width, height in mm
CARD_W, CARD_H = 85.6, 54.0  # ISO/IEC 7810 ID-1
CARD_COLUMNS, CARD_ROWS, CARD_GAP = 2, 4, 6.0  # eight cards per sheet, 6 mm apart for the cut
MARK_LENGTH, MARK_OFFSET = 6.0, 2.0  # cut marks in the margin: 6 mm long, 2 mm from the cards
# Tried in turn until a poster or card fits on its page: at the smallest, the emergency numbers
# on a poster are still 28 pt (capitals about 7 mm tall, readable at 2 m) and the other words 14 pt.
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7)
CARD_SCALES = (1.0, 0.95, 0.9, 0.85, 0.8)  # a card's numbers stay at 6.7 pt or more


@dataclass(frozen=True)
class PosterPlan:
    """What `hsms posters` prints, checked before any layout."""

    manual: Manual
    url: str  # the QR code's target: the current revision's emergency plan page


def plan(manual: Manual) -> PosterPlan:
    """The QR code's target, or the reason there is none (a usage error: nothing to print yet)."""
    yml = f"{MANUALS_DIR}/{manual.id}/{MANUAL_FILE}"
    if not manual.site_url:
        raise UsageError(
            f"{yml} has no site_url, so the posters' QR codes would lead nowhere — add the address "
            f"the manual is published at, e.g. site_url: https://manuals.example.ca/{manual.id}/"
        )
    page = emergency_plan_page(manual)
    if page is None:
        raise DataError(
            f"{MANUALS_DIR}/{manual.id}/docs/: no approved page covers emergency.plan, so the posters' "
            "QR codes have no emergency plan to open — approve the emergency response plan page "
            "(covers: [emergency.plan, …])"
        )
    return PosterPlan(manual, manual.site_url.rstrip("/") + "/current/" + page.url)


def qr_svg(url: str) -> str:
    """The QR code as an <img> with an SVG data URI (vector: sharp at any size), quiet zone included."""
    import segno  # only `hsms posters` needs it

    code = segno.make(url, error="m", micro=False)
    return f'<img class="qr" alt="{_e(url)}" src="{code.svg_data_uri(scale=1, border=4)}">'


def _e(text: str) -> str:
    return html.escape(text, quote=True)


POSTER_PT, CARD_PT = 20.0, 7.0  # the root font size at scale 1: every size in posters.css is in rem


def _head(title: str, page: str, font_pt: float) -> str:
    """``page``: the @page rule's body; ``font_pt``: the root font size (posters.css sizes are rem)."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{_e(title)}</title>
<style>@page {{ {page} }} html {{ font-size: {font_pt:.2f}pt; }}</style></head>
<body>"""


def _source(p: PosterPlan) -> str:
    d = p.manual.document
    return label("poster.source", number=d.number, revision=d.revision, effective=d.effective.isoformat())


def _phone(n: Phone) -> str:
    return f'<span class="phone">{_e(n.phone)}</span>'


# --- posters ---------------------------------------------------------------------------------


def poster_html(p: PosterPlan, site: Site, paper: str, scale: float) -> str:
    """One site's poster as a one-page HTML document (``paper`` a key of PAPERS)."""
    m = p.manual
    em = m.emergency
    numbers = "\n".join(
        f'<tr><td class="who">{_e(n.label)}</td><td class="number">{_phone(n)}</td></tr>' for n in em.numbers
    )
    aiders = "\n".join(f"<li>{_e(f.label)} {_phone(f)}</li>" for f in site.first_aid)
    address = f'<p class="address">{_e(site.address)}</p>' if site.address else ""
    hospital = (
        (
            f'<div class="field"><p class="label">{_e(label("poster.hospital"))}</p>'
            f'<p class="value">{_e(site.hospital)}</p></div>'
        )
        if site.hospital
        else ""
    )
    page = f"size: {PAPERS[paper][0]}; margin: 12mm"
    return f"""{_head(f"{label('poster.title')} — {site.name}", page, POSTER_PT * scale)}
<main class="poster">
<h1 class="band">{_e(label("poster.title"))}</h1>
<p class="where"><span class="company">{_e(m.company.name)}</span> · <span class="site">{_e(site.name)}</span></p>
{address}
<table class="numbers">
<thead><tr><th colspan="2">{_e(label("poster.call"))}</th></tr></thead>
<tbody>
{numbers}
<tr class="report"><td class="who">{_e(label("poster.report"))}: {_e(em.report_incident.label)}</td>
<td class="number">{_phone(em.report_incident)}</td></tr>
</tbody>
</table>
<div class="lower">
<div class="facts">
<div class="field muster"><p class="label">{_e(label("poster.muster"))}</p><p class="value">{_e(site.muster_point)}</p></div>
<div class="field"><p class="label">{_e(label("poster.first_aid"))}</p><ul class="aiders">{aiders}</ul></div>
{hospital}
</div>
<div class="scan">{qr_svg(p.url)}<p><strong>{_e(label("poster.scan"))}</strong></p><p class="url">{_e(p.url)}</p></div>
</div>
<p class="source">{_e(_source(p))}</p>
</main>
</body>
</html>
"""


# --- wallet cards ----------------------------------------------------------------------------


def card_front(p: PosterPlan, site: Site) -> str:
    m, em = p.manual, p.manual.emergency
    rows = "".join(f"<tr><td>{_e(n.label)}</td><td>{_phone(n)}</td></tr>" for n in em.numbers)
    rows += (
        f'<tr class="report"><td>{_e(label("poster.report"))}: {_e(em.report_incident.label)}</td>'
        f"<td>{_phone(em.report_incident)}</td></tr>"
    )
    return (
        f'<div class="card-in"><p class="card-band">{_e(label("card.title"))} · {_e(m.company.name)}</p>'
        f'<p class="card-site">{_e(site.name)}</p><table class="card-numbers">{rows}</table></div>'
    )


def card_back(p: PosterPlan, site: Site) -> str:
    aiders = "".join(f"<li>{_e(f.label)} {_phone(f)}</li>" for f in site.first_aid)
    hospital = (
        f'<p class="card-label">{_e(label("poster.hospital"))}</p><p>{_e(site.hospital)}</p>' if site.hospital else ""
    )
    d = p.manual.document
    return (
        f'<div class="card-in card-back"><div class="card-qr">{qr_svg(p.url)}<p>{_e(label("card.scan"))}</p>'
        f'<p class="card-rev">{_e(d.number)} Rev {_e(d.revision)}</p></div><div class="card-text">'
        f'<p class="card-label">{_e(label("poster.muster"))}</p><p class="card-muster">{_e(site.muster_point)}</p>'
        f'<p class="card-label">{_e(label("poster.first_aid"))}</p><ul>{aiders}</ul>{hospital}</div></div>'
    )


def card_probe_html(card: str, scale: float) -> str:
    """One card alone on a page of its own size: it fits when this lays out on one page."""
    return f"""{_head("card", f"size: {CARD_W}mm {CARD_H}mm; margin: 0", CARD_PT * scale)}
<div class="card probe">{card}</div>
</body>
</html>
"""


@dataclass(frozen=True)
class Box:
    x: float  # mm from the left edge of the sheet
    y: float  # mm from the top
    w: float
    h: float

    def style(self) -> str:
        return f"left:{self.x:.2f}mm;top:{self.y:.2f}mm;width:{self.w:.2f}mm;height:{self.h:.2f}mm"


def card_boxes(paper: str) -> list[Box]:
    """The eight cards of a sheet, centred, so a back printed on the other side of the sheet
    (flipped on either edge) falls on its front."""
    _, width, height = PAPERS[paper]
    grid_w = CARD_COLUMNS * CARD_W + (CARD_COLUMNS - 1) * CARD_GAP
    grid_h = CARD_ROWS * CARD_H + (CARD_ROWS - 1) * CARD_GAP
    x0, y0 = (width - grid_w) / 2, (height - grid_h) / 2
    return [
        Box(x0 + c * (CARD_W + CARD_GAP), y0 + r * (CARD_H + CARD_GAP), CARD_W, CARD_H)
        for r in range(CARD_ROWS)
        for c in range(CARD_COLUMNS)
    ]


def cut_marks(boxes: Sequence[Box]) -> list[Box]:
    """Short hairlines in the sheet's margin on the line of every card edge (none on a card)."""
    left = min(b.x for b in boxes)
    right = max(b.x + b.w for b in boxes)
    top = min(b.y for b in boxes)
    bottom = max(b.y + b.h for b in boxes)
    xs = sorted({round(v, 2) for b in boxes for v in (b.x, b.x + b.w)})
    ys = sorted({round(v, 2) for b in boxes for v in (b.y, b.y + b.h)})
    marks = [Box(x, top - MARK_OFFSET - MARK_LENGTH, 0, MARK_LENGTH) for x in xs]
    marks += [Box(x, bottom + MARK_OFFSET, 0, MARK_LENGTH) for x in xs]
    marks += [Box(left - MARK_OFFSET - MARK_LENGTH, y, MARK_LENGTH, 0) for y in ys]
    marks += [Box(right + MARK_OFFSET, y, MARK_LENGTH, 0) for y in ys]
    return marks


def card_sheets_html(p: PosterPlan, site: Site, paper: str, scale: float) -> str:
    """Two pages: eight fronts, then eight backs, each with cut marks."""
    boxes = card_boxes(paper)
    marks = "".join(
        f'<div class="mark{" v" if m.w == 0 else " h"}" style="{m.style()}"></div>' for m in cut_marks(boxes)
    )
    pages = []
    for side, card in (("front", card_front(p, site)), ("back", card_back(p, site))):
        cards = "".join(f'<div class="card {side}" style="{b.style()}">{card}</div>' for b in boxes)
        pages.append(f'<section class="sheet" style="height:{PAPERS[paper][2]}mm">{marks}{cards}</section>')
    title = f"{label('card.title')} — {site.name}"
    return f"""{_head(title, f"size: {PAPERS[paper][0]}; margin: 0", CARD_PT * scale)}
{"".join(pages)}
</body>
</html>
"""


# --- output ----------------------------------------------------------------------------------


def poster_file(out: Path, manual_id: str, paper: str) -> Path:
    return out / f"{manual_id}-posters-{paper}.pdf"


def cards_file(out: Path, manual_id: str, paper: str) -> Path:
    return out / f"{manual_id}-cards-{paper}.pdf"


@dataclass(frozen=True)
class Written:
    path: Path
    what: str  # "2 posters, Letter"


def write(p: PosterPlan, out: Path, papers: Sequence[str]) -> tuple[list[Written], list[str]]:
    """Every poster and card sheet for each paper size in ``papers``; returns what was written
    and the warnings (a site whose poster or card does not fit even at the smallest size)."""
    from .pdf.sheets import Renderer  # WeasyPrint: only here

    m = p.manual
    sites = m.emergency.sites
    written: list[Written] = []
    warnings: list[str] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # --out names a file, or a folder that cannot be made
        raise UsageError(f"cannot write {out} ({why_not_writable(out, exc)}) — choose another --out") from None
    for paper in papers:
        name = PAPERS[paper][0]
        r = Renderer()
        posters = []
        for site in sites:
            document, _, fits = r.fit(partial(poster_html, p, site, paper), SCALES)
            if not fits:
                warnings.append(
                    f"{MANUALS_DIR}/{m.id}/{MANUAL_FILE}: the poster of site '{site.name}' does not fit "
                    f"one {name} page even at {SCALES[-1]:.0%} size, so it prints on "
                    f"{len(document.pages)} pages — shorten its muster point, hospital or first aiders"
                )
            posters.append(document)
        path = poster_file(out, m.id, paper)
        r.write(posters, path, f"{label('poster.title')} — {m.company.name}")
        written.append(Written(path, f"{len(sites)} poster(s), {name}"))
        sheets = []
        for site in sites:
            scales = []
            for side in (card_front(p, site), card_back(p, site)):
                _, scale, fits = r.fit(partial(card_probe_html, side), CARD_SCALES)
                scales.append(scale)
                if not fits:
                    warnings.append(
                        f"{MANUALS_DIR}/{m.id}/{MANUAL_FILE}: the wallet card of site '{site.name}' is too "
                        "full to print in full even at its smallest size, so its end is cut off — "
                        "shorten its muster point, hospital, first aiders or emergency number labels"
                    )
            sheets.append(r.render(card_sheets_html(p, site, paper, min(scales))))
        path = cards_file(out, m.id, paper)
        r.write(sheets, path, f"{label('card.title')} — {m.company.name}")
        written.append(
            Written(path, f"{len(sites)} sheet(s) of {CARD_COLUMNS * CARD_ROWS} wallet cards, front and back, {name}")
        )
        warnings += [f"PDF: {w}" for w in r.warnings]
    return written, warnings

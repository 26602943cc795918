"""The PDF edition of a manual: the site's approved pages in navigation order, plus the
audit crosswalk, handed to the WeasyPrint renderer in ``macros.pdf``."""

from __future__ import annotations

from pathlib import Path

from .coverage import Status
from .pdf import CrosswalkRow, PrintDocument, PrintSection, write_pdf
from .state import ManualState, slug


def page_url(src: str) -> str:
    """The site URL of a page with directory URLs: 04-x.md → 04-x/, index.md → ''."""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def anchor(src: str) -> str:
    return "p-" + slug(src[:-3])


def print_document(state: ManualState, html_by_src: dict[str, str], site_dir: Path) -> PrintDocument:
    m, d = state.manual, state.manual.document
    sections = tuple(
        PrintSection(anchor(p.src), p.title, html_by_src[p.src], level=p.src.count("/") + 1, url=page_url(p.src))
        for p in m.approved_pages if p.src in html_by_src)
    titles = {p.src: p.title for p in m.approved_pages}
    rows = []
    for e in state.coverage.elements:
        for r in e.questions:
            note = " ".join(r.reasons) if r.status is Status.NOT_APPLICABLE else ""
            if r.status is Status.FIELD_EVIDENCE:
                note = "Needs field evidence: " + ", ".join(x.value for x in r.question.evidence)
            elif r.missing_topics:
                note = "Not yet answered: " + "; ".join(state.library.topics[t].title for t in r.missing_topics)
            rows.append(CrosswalkRow(
                element=e.element.label, question=r.question.id, text=r.question.text, status=r.status.value,
                anchors=tuple(anchor(s) for s in r.covered_by), titles=tuple(titles[s] for s in r.covered_by), note=note))
    return PrintDocument(
        company=m.company.name, title=d.title, number=d.number, revision=d.revision,
        effective=d.effective.isoformat(), approved_by_name=d.approved_by.name, approved_by_title=d.approved_by.title,
        partner=f"{state.partner.name} ({state.partner.short_name})",
        program=f"{state.program.id} — {state.program.name}",
        site_url=m.site_url or "the company's published manual",
        sections=sections, crosswalk=tuple(rows), page_size=d.page_size, base_url=str(site_dir))


def write_edition(state: ManualState, sections: list[tuple[str, str]], site_dir: Path) -> Path:
    """Write site_dir/pdf/<manual>-rev-<N>.pdf; returns its path."""
    out = site_dir / state.pdf_src
    out.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(print_document(state, dict(sections), site_dir), out)
    return out

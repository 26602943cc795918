"""The PDF edition of a manual: the emergency block and the revision history, the site's approved
pages in navigation order, the audit crosswalk and the forms, handed to the WeasyPrint renderer
in ``hsms_manuals.pdf``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .coverage import Status
from .drafts import draft_notice
from .errors import BuildFailed
from .model import Manual, Page
from .paths import shown
from .pdf import CrosswalkRow, DraftInfo, PrintDocument, PrintSection, write_pdf
from .pdf.forms import PrintForm
from .pdf.front_matter import RevisionRow
from .state import ManualState, section_title
from .text import slug


def section_anchors(srcs: Sequence[str]) -> dict[str, str]:
    """src → its section's id in the PDF, unique by construction: the position comes first
    ("p003-x-y"), so x-y.md and x_y.md, or a/b.md and a-b.md, never share one."""
    return {src: f"p{i:03d}-{slug(src[:-3])}" for i, src in enumerate(srcs)}


def nav_group(folder: str) -> str:
    """The top-level section a docs folder's pages print under (named as in the navigation)."""
    return section_title(folder.split("/")[0])


EMERGENCY_PLAN_TOPIC = "emergency.plan"


def emergency_plan_page(manual: Manual) -> Page | None:
    """The approved page with the emergency response plan: the first, in navigation order, that
    answers the emergency-plan topic (the PDF's emergency block and the posters point to it)."""
    return next((p for p in manual.approved_pages if EMERGENCY_PLAN_TOPIC in p.covers), None)


def document_control(state: ManualState) -> dict[str, Any]:
    """The fields of a PrintDocument that every edition (English or translated) prints alike."""
    m, d = state.manual, state.manual.document
    return dict(
        company=m.company.name,
        title=d.title,
        number=d.number,
        revision=d.revision,
        effective=d.effective.isoformat(),
        next_review=d.next_review.isoformat(),
        emergency=m.emergency,
        approved_by_name=d.approved_by.name,
        approved_by_title=d.approved_by.title,
        partner=f"{state.partner.name} ({state.partner.short_name})",
        program=f"{state.program.id} — {state.program.name}",
        site_url=m.site_url or "the company's published manual",
    )


def print_forms(manual: Manual, form_html: dict[str, str], published_url: str = "") -> tuple[PrintForm, ...]:
    """Appendix B: every form of manual.yml in its order. A Markdown form prints from its built
    HTML (``form_html``: its file → HTML); a PDF, Word or Excel form is listed with its address:
    this revision's when publishing, else the current revision's (``site_url`` + ``current/``),
    else its path in the site."""
    where = published_url or (f"{manual.site_url}current/" if manual.site_url else "")
    out = []
    for i, f in enumerate(manual.forms, 1):
        page = form_html.get(f.file) if f.file and f.is_page else None
        download = where + f.url if f.url and not f.is_page else ""
        out.append(PrintForm(f.id, f.title, f.use, f"hsms-form-{i}", page, download, url=f.url or ""))
    return tuple(out)


def print_document(
    state: ManualState,
    html_by_src: dict[str, str],
    site_dir: Path,
    published_url: str = "",
    history: tuple[RevisionRow, ...] = (),
    form_html: dict[str, str] | None = None,
) -> PrintDocument:
    """``published_url``: where this revision is being published ("<site_url><revision>/"), so
    links to the audit guide and files go there; "" (a plain build) prints them as text.
    ``history``: the revision history (``revision_history.history_rows``).
    ``form_html``: the built HTML of the Markdown forms, by file (``forms/F-01-flha.md``).
    Raises BuildFailed if the pieces do not fit together (a bug of ours, never the manual's)."""
    m, d = state.manual, state.manual.document
    printed = [p for p in state.pages if p.src in html_by_src]  # drafts too, in a preview
    anchors = section_anchors([p.src for p in printed])
    sections = []
    folder_before = ""
    for p in printed:  # navigation order: a folder's pages are one group, as on the site
        folder = p.src.rpartition("/")[0]
        sections.append(
            PrintSection(
                anchors[p.src],
                p.title,
                html_by_src[p.src],
                level=2 if folder else 1,
                url=p.url,
                owner=p.owner,
                group=nav_group(folder) if folder and folder != folder_before else "",
                source=shown(m.docs_dir / p.src, state.root),
                draft=not p.approved,
            )
        )
        folder_before = folder
    cov = state.coverage
    notice = draft_notice(state)
    draft = (
        DraftInfo(notice.summary, notice.problems, notice.more, tuple(p.title for p in notice.draft_pages))
        if notice
        else None
    )
    rows = []
    for e in cov.elements:
        for r in e.questions:
            note = " ".join(r.na_reasons) if r.status is Status.NOT_APPLICABLE else ""
            if r.status is Status.FIELD_EVIDENCE:
                note = "Needs field evidence: " + ", ".join(x.value for x in r.question.evidence)
            elif r.gaps or r.criteria_met:
                note = "; ".join(cov.reasons(r))
            places = [p for p in r.answered_in if p.page in anchors]
            rows.append(
                CrosswalkRow(
                    element=e.element.label,
                    question=r.question.id,
                    text=r.question.text,
                    status=r.status.value,
                    # The section's own id in the PDF (ids are prefixed by their page's anchor, see pdf.rewrite).
                    anchors=tuple(f"{anchors[p.page]}--{p.section}" if p.section else anchors[p.page] for p in places),
                    titles=tuple(p.label for p in places),
                    note=note,
                )
            )
    plan = emergency_plan_page(m)
    try:
        return PrintDocument(
            **document_control(state),
            emergency_plan=anchors.get(plan.src, "") if plan else "",
            history=history,
            sections=tuple(sections),
            crosswalk=tuple(rows),
            page_size=d.page_size,
            base_url=str(site_dir),
            published_url=published_url,
            draft=draft,
            forms=print_forms(m, form_html or {}, published_url),
        )
    except ValueError as exc:
        raise BuildFailed(
            f"{m.id}: the PDF edition cannot be made — {exc}\n"
            "This is a bug in hsms, not in the manual: please report it with this message; "
            "`hsms build --no-pdf` builds the site meanwhile"
        ) from exc


def write_edition(
    state: ManualState,
    sections: list[tuple[str, str]],
    site_dir: Path,
    published_url: str = "",
    history: tuple[RevisionRow, ...] = (),
    forms: Sequence[tuple[str, str]] = (),
) -> int:
    """Write site_dir/pdf/<manual>-rev-<N>.pdf; returns its page count. See print_document;
    ``forms``: (file, built HTML) of the Markdown forms."""
    out = site_dir / state.pdf_src
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_pdf(print_document(state, dict(sections), site_dir, published_url, history, dict(forms)), out)

"""The PDF of a translation: the translated pages in navigation order, with the same document
control as the English PDF (number, revision, dates, approver, emergency block), a cover saying
it is a translation of revision N and that the English manual is the controlled document, and
the titles of the pages not yet translated. Its words come from hsms's catalogue for the language;
fonts that cover the script ship with the package (pdf/fonts)."""

from __future__ import annotations

from pathlib import Path

from .edition import document_control, emergency_plan_page, section_anchors
from .errors import BuildFailed
from .languages import KNOWN
from .paths import shown
from .pdf import PrintDocument, PrintSection, write_pdf
from .pdf.labels import label, printing_in
from .state import PDF_DIR, ManualState


def translated_pdf_src(state: ManualState, lang: str) -> str:
    m = state.manual
    return f"{PDF_DIR}/{m.id}-rev-{m.document.revision}-{lang}.pdf"


def edition_languages(state: ManualState) -> tuple[str, ...]:
    """The languages with at least one published translation: each gets its own PDF."""
    found = {t.lang for t in state.manual.published_translations}
    return tuple(code for code in state.manual.languages.translations if code in found)


def translated_document(
    state: ManualState, lang: str, html_by_src: dict[str, str], site_dir: Path, published_url: str = ""
) -> PrintDocument:
    m, d = state.manual, state.manual.document
    pairs = [(p, m.translation(p.src, lang)) for p in m.approved_pages]
    printed = [(p, t) for p, t in pairs if t is not None and t.src in html_by_src]
    anchors = section_anchors([t.src for _, t in printed])
    sections = tuple(
        PrintSection(
            anchors[t.src],
            t.title,
            html_by_src[t.src],
            level=2 if "/" in p.src else 1,
            url=t.url,
            source=shown(m.docs_dir / t.src, state.root),
        )
        for p, t in printed
    )
    plan = emergency_plan_page(m)
    plan_translation = m.translation(plan.src, lang) if plan else None
    with printing_in(lang):
        notes = [label("translation.cover", revision=d.revision)]
        if any(t.status == "draft" for _, t in printed):
            notes.append(label("translation.draft"))
    try:
        return PrintDocument(
            **document_control(state),
            emergency_plan=anchors.get(plan_translation.src, "") if plan_translation else "",
            sections=sections,
            crosswalk=(),
            page_size=d.page_size,
            base_url=str(site_dir),
            published_url=published_url,
            lang=lang,
            direction=KNOWN[lang].direction,
            translation_notes=tuple(notes),
            untranslated=tuple(p.title for p, t in pairs if t is None),
        )
    except ValueError as exc:
        raise BuildFailed(
            f"{m.id}: the {KNOWN[lang].english} PDF cannot be made — {exc}\n"
            "This is a bug in hsms, not in the manual: please report it with this message"
        ) from exc


def write_translated_editions(
    state: ManualState, sections: list[tuple[str, str]], site_dir: Path, published_url: str = ""
) -> dict[str, int]:
    """Write site_dir/pdf/<manual>-rev-<N>-<lang>.pdf for each language; returns page counts."""
    html_by_src = dict(sections)
    pages = {}
    for lang in edition_languages(state):
        out = site_dir / translated_pdf_src(state, lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        doc = translated_document(state, lang, html_by_src, site_dir, published_url)
        with printing_in(lang):
            pages[lang] = write_pdf(doc, out)
    return pages

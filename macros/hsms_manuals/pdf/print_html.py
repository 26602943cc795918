"""The printed manual as one HTML document: cover, contents with page numbers, the emergency
block, the revision history, the approved pages in navigation order (without their web-only
blocks), the audit crosswalk and the forms (``combined_html``, cheap string building;
``weasy.write_pdf`` does the slow layout). Text fields are escaped here; section HTML is
trusted (our own Markdown output)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..coverage import Status
from ..media import EMERGENCY_ANCHOR, WEB_ONLY, drop_marked, print_emergency_ref
from ..model import Emergency
from .forms import FORMS_ANCHOR, PrintForm, forms_appendix
from .front_matter import HISTORY_ANCHOR, RevisionRow, emergency_block, revision_history
from .labels import label
from .rewrite import Heading, SectionRewriter, page_key

PAGE_SIZES = {"Letter": "letter", "A4": "A4"}  # our name → CSS @page size
STATUS_LABELS = {s.value: s.label for s in Status}  # the site's words, in the crosswalk's status column
_SUMMARY_WORDS = {  # "12 questions: 8 answered, 1 partly answered, …"
    "answered": "answered",
    "partial": "partly answered",
    "thin": "claimed but thin",
    "missing": "missing",
    "not_applicable": "not applicable",
    "field_evidence": "need field evidence",
}
CROSSWALK_ANCHOR = "hsms-crosswalk"
DRAFT_ANCHOR = "hsms-draft"
CONTENTS_ANCHOR = "hsms-contents"
_ANCHOR_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_FORM_ANCHOR_RE = re.compile(r"^hsms-form-[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class PrintSection:
    """One approved page. ``html`` is its rendered article content; links and image
    paths in it are read as a browser would on the page at ``url`` (e.g.
    "04-hazard-assessment/"); ``url=""`` is the site root (the home page), so there
    they are relative to the site root."""

    anchor: str  # unique id for the section, e.g. "p004-04-hazard-assessment"
    title: str  # plain text
    html: str  # trusted HTML
    level: int = 1  # nav depth (1 = top)
    url: str = ""  # the page's site URL, so links to it become links inside the PDF
    owner: str = ""  # the role that keeps the page current, printed under the title
    group: str = ""  # the navigation group this section opens (e.g. "Procedures"), printed above it
    source: str = ""  # the page's file as the user knows it (manuals/<id>/docs/x.md), for messages
    draft: bool = False  # a draft page (only a drafts preview prints one)


@dataclass(frozen=True)
class CrosswalkRow:
    """One partner audit question and where the manual answers it."""

    element: str  # "6 Hazard Control"
    question: str  # "6.9"
    text: str  # our paraphrase
    status: str  # a key of STATUS_LABELS
    anchors: tuple[str, ...]  # PrintSection anchors that answer it
    titles: tuple[str, ...]  # their titles, same order
    note: str = ""  # N/A reason or evidence note, printed as given


@dataclass(frozen=True)
class DraftInfo:
    """A drafts preview: a DRAFT watermark and running header on every page, and after the cover
    what blocks approval."""

    summary: str  # "2 problem(s) and 3 draft page(s) block approval"
    problems: tuple[str, ...]
    more: int  # problems not listed
    draft_pages: tuple[str, ...]  # titles


@dataclass(frozen=True)
class PrintDocument:
    """Everything the PDF shows. Raises ValueError listing every inconsistency."""

    company: str
    title: str
    number: str
    revision: str
    effective: str  # ISO date text
    approved_by_name: str
    approved_by_title: str
    partner: str
    program: str
    site_url: str  # printed in the "uncontrolled when printed" footer
    sections: tuple[PrintSection, ...]
    crosswalk: tuple[CrosswalkRow, ...]
    page_size: str = "Letter"  # "Letter" or "A4"
    base_url: str | None = None  # where relative image paths resolve (the built site folder)
    # Where this very revision is published ("https://…/<manual>/<revision>/"), known only when
    # publishing: links to pages and files the PDF lacks go there. "" = they print as plain text.
    published_url: str = ""
    next_review: str = ""  # ISO date text, printed with the effective date in every page's footer
    emergency: Emergency | None = None  # printed right after the contents, on its own page
    emergency_plan: str = ""  # the anchor of the section with the emergency response plan, if any
    history: tuple[RevisionRow, ...] = ()  # the revision history, newest first
    forms: tuple[PrintForm, ...] = ()  # Appendix B
    lang: str = "en"  # a translated edition: its language and direction (<html lang dir>)
    direction: str = "ltr"
    translation_notes: tuple[str, ...] = ()  # on a translation's cover: what it is, that English is controlled
    untranslated: tuple[str, ...] = ()  # a translation: titles of the pages it lacks, listed after the contents
    draft: DraftInfo | None = None  # a drafts preview, never publishable

    def __post_init__(self) -> None:
        problems = list(_problems(self))
        if problems:
            raise ValueError("invalid PrintDocument:\n  " + "\n  ".join(problems))


def _problems(doc: PrintDocument) -> Iterator[str]:
    if doc.page_size not in PAGE_SIZES:
        yield f"page_size: {doc.page_size!r} is not one of {', '.join(PAGE_SIZES)}"
    if doc.draft and doc.published_url:
        yield "published_url: a drafts preview is never published"
    if doc.published_url and not re.match(r"^https?://[^/]+/(.*/)?$", doc.published_url):
        yield f"published_url: {doc.published_url!r} is not an http(s) address ending in /"
    anchors: set[str] = set()
    urls: set[str] = set()
    for i, section in enumerate(doc.sections):
        where = f"sections[{i}] ({section.anchor!r})"
        if not _ANCHOR_RE.match(section.anchor) or section.anchor.startswith("hsms-"):
            yield f"{where}: anchor must be letters, digits, - or _, start with a letter, not 'hsms-'"
        if section.anchor in anchors:
            yield f"{where}: anchor is used by an earlier section"
        anchors.add(section.anchor)
        if section.level < 1:
            yield f"{where}: level must be 1 or more"
        if section.url:
            key = page_key(section.url)
            if key in urls:
                yield f"{where}: url {section.url!r} is used by an earlier section"
            urls.add(key)
    if doc.emergency_plan and doc.emergency_plan not in anchors:
        yield f"emergency_plan: {doc.emergency_plan!r} is not a section of this document"
    if sum(r.this for r in doc.history) > 1:
        yield "history: more than one row is this revision"
    form_anchors: set[str] = set()
    for i, form in enumerate(doc.forms):
        if form.html is None:
            continue
        if not _FORM_ANCHOR_RE.match(form.anchor) or form.anchor in form_anchors:
            yield f"forms[{i}] ({form.id!r}): anchor {form.anchor!r} must be unique and look like 'hsms-form-1'"
        form_anchors.add(form.anchor)
    for i, row in enumerate(doc.crosswalk):
        where = f"crosswalk[{i}] ({row.question!r})"
        if row.status not in STATUS_LABELS:
            yield f"{where}: status {row.status!r} is not one of {', '.join(STATUS_LABELS)}"
        if len(row.anchors) != len(row.titles):
            yield f"{where}: {len(row.anchors)} anchors but {len(row.titles)} titles"
        for anchor in row.anchors:
            if anchor.split("--", 1)[0] not in anchors:
                yield f"{where}: anchor {anchor!r} is not a section of this document (or an id in one)"


# ---------------------------------------------------------------- HTML


def combined_html(doc: PrintDocument) -> str:
    """The whole printed manual as one HTML document (styled by print.css)."""
    pages = {page_key(s.url): s.anchor for s in doc.sections if s.url}
    at_root = [s.anchor for s in doc.sections if not s.url]
    if len(at_root) == 1:  # the home page: links to "../" land on it
        pages.setdefault("", at_root[0])
    bodies = []
    headings = []
    ids = {s.anchor for s in doc.sections}
    for section in doc.sections:
        rewriter = SectionRewriter(section.anchor, section.url, pages, doc.published_url)
        printed, _ = drop_marked(section.html, WEB_ONLY)
        body, found = rewriter.rewrite(printed)
        bodies.append(print_emergency_ref(body, _e(label("page_ref"))))
        headings.append(found)
        ids |= rewriter.ids
    parts = [_head(doc)]
    if doc.draft:  # a fixed box: WeasyPrint repeats it on every page
        parts.append('<div class="draft-mark" aria-hidden="true">DRAFT</div>')
    parts.append(_cover(doc))
    if doc.draft:
        parts.append(_draft(doc.draft))
    parts.append(_contents(doc, headings))
    if doc.untranslated:
        parts.append(_untranslated(doc))
    if doc.emergency is not None:
        parts.append(emergency_block(doc.emergency, doc.emergency_plan))
    if doc.history:
        parts.append(revision_history(doc.history))
    for section, body in zip(doc.sections, bodies, strict=True):
        group = f'<p class="group-title">{_e(section.group)}</p>\n' if section.group else ""
        owner = (
            f'\n<p class="section-owner">{_e(label("section.owner", owner=section.owner))}</p>' if section.owner else ""
        )
        if section.draft:
            owner += '\n<p class="section-draft">Draft page — not approved</p>'

        parts.append(
            f'<article class="section level-{min(section.level, 3)}" id="{section.anchor}">\n'
            f'{group}<h1 class="section-title">{_e(section.title)}</h1>{owner}\n{body}\n</article>'
        )
    if doc.crosswalk:
        parts.append(_crosswalk(doc, ids))
    if doc.forms:
        parts.append(forms_appendix(doc.forms))
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def _untranslated(doc: PrintDocument) -> str:
    items = "\n".join(f"<li>{_e(title)}</li>" for title in doc.untranslated)
    return f"""<section class="untranslated">
<h1>{_e(label("translation.missing"))}</h1>
<p>{_e(label("translation.missing.lead"))}</p>
<ul>
{items}
</ul>
</section>"""


def _draft(info: DraftInfo) -> str:
    """What blocks approval, on its own page after the cover."""
    problems = "".join(f"<li>{_e(p)}</li>" for p in info.problems)
    if info.more:
        problems += f"<li>… and {info.more} more problem(s): run hsms validate</li>"
    pages = "".join(f"<li>{_e(t)}</li>" for t in info.draft_pages)
    return (
        f'<section class="draft-blockers" id="{DRAFT_ANCHOR}">\n'
        "<h1>DRAFT — not approved, not for use</h1>\n"
        "<p>This is a preview built with <code>--drafts</code>. It can never be published. "
        f"{_e(info.summary[:1].upper() + info.summary[1:])}.</p>\n"
        + (f"<h2>Problems</h2>\n<ul>{problems}</ul>\n" if problems else "")
        + (f"<h2>Draft pages</h2>\n<ul>{pages}</ul>\n" if pages else "")
        + "</section>"
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _control_note(doc: PrintDocument) -> str:
    return label("control", url=doc.site_url) if doc.site_url else label("control.short")


def _head(doc: PrintDocument) -> str:
    draft = '<meta name="robots" content="noindex">\n' if doc.draft else ""
    return f"""<!DOCTYPE html>
<html lang="{_e(doc.lang)}" dir="{_e(doc.direction)}">
<head>
<meta charset="utf-8">
<title>{"DRAFT — " if doc.draft else ""}{_e(doc.title)} — {_e(doc.company)}</title>
<meta name="author" content="{_e(doc.company)}">
<meta name="description" content="{_e(doc.number)} Rev {_e(doc.revision)}, effective {_e(doc.effective)}">
<meta name="generator" content="hsms">
{draft}</head>
<body>"""


def _dates(doc: PrintDocument) -> str:
    return label("dates", effective=doc.effective, next_review=doc.next_review or "—")


def _cover(doc: PrintDocument) -> str:
    fields = [
        (label("cover.number"), doc.number),
        (label("cover.revision"), doc.revision),
        (label("cover.effective"), doc.effective),
        (label("cover.next_review"), doc.next_review or "—"),
        (label("cover.partner"), doc.partner),
        (label("cover.program"), doc.program),
    ]
    rows = "\n".join(f"<tr><th>{_e(name)}</th><td>{_e(value)}</td></tr>" for name, value in fields)
    translation = "".join(f'<p class="translation-note">{_e(note)}</p>\n' for note in doc.translation_notes)
    return f"""<section class="cover">
<p class="running-id">{_e(doc.company)} · {_e(doc.number)} · Rev {_e(doc.revision)}</p>
<p class="running-dates">{_e(_dates(doc))}</p>
<p class="company">{_e(doc.company)}</p>
<p class="manual-title">{_e(doc.title)}</p>
<table class="cover-fields">
{rows}
</table>
<div class="approval">
<p>{_e(label("cover.approved"))} <strong>{_e(doc.approved_by_name)}</strong>, {_e(doc.approved_by_title)}</p>
<p class="sign-line">{_e(label("cover.signature"))} <span class="blank"></span> {_e(label("cover.date"))} <span class="blank short"></span></p>
</div>
{translation}<p class="control-note">{_e(_control_note(doc))}</p>
</section>"""


def _contents(doc: PrintDocument, headings: list[list[Heading]]) -> str:
    items = []
    if doc.emergency is not None:
        items.append(f'<li class="toc-front"><a href="#{EMERGENCY_ANCHOR}">{_e(label("emergency.title"))}</a></li>')
    if doc.history:
        items.append(f'<li class="toc-front"><a href="#{HISTORY_ANCHOR}">{_e(label("history.title"))}</a></li>')
    for section, found in zip(doc.sections, headings, strict=True):
        level = min(section.level, 3)
        if section.group:
            items.append(f'<li class="toc-group"><a href="#{section.anchor}">{_e(section.group)}</a></li>')
        items.append(
            f'<li class="toc-section toc-level-{level}"><a href="#{section.anchor}">{_e(section.title)}</a></li>'
        )
        items.extend(
            f'<li class="toc-heading toc-level-{level}"><a href="#{h.id}">{h.html}</a></li>' for h in found if h.html
        )
    if doc.crosswalk:
        items.append(f'<li class="toc-appendix"><a href="#{CROSSWALK_ANCHOR}">{_e(label("crosswalk.title"))}</a></li>')
    if doc.forms:
        items.append(f'<li class="toc-appendix"><a href="#{FORMS_ANCHOR}">{_e(label("forms.title"))}</a></li>')
        items.extend(
            f'<li class="toc-heading toc-form"><a href="#{f.anchor}">{_e(f.id)} {_e(f.title)}</a></li>'
            for f in doc.forms
            if f.html is not None
        )
    return f"""<nav class="toc" id="{CONTENTS_ANCHOR}">
<h1>{_e(label("contents"))}</h1>
<ul>
{chr(10).join(items)}
</ul>
</nav>"""


def _crosswalk(doc: PrintDocument, ids: set[str]) -> str:
    counts = {status: 0 for status in STATUS_LABELS}
    groups: dict[str, list[CrosswalkRow]] = {}
    for row in doc.crosswalk:
        counts[row.status] += 1
        groups.setdefault(row.element, []).append(row)
    summary = ", ".join(f"{n} {_SUMMARY_WORDS[s]}" for s, n in counts.items() if n)
    body = []
    for element, rows in groups.items():
        body.append(f'<tr class="element"><th colspan="5">{_e(element)}</th></tr>')
        body.extend(_crosswalk_row(row, ids) for row in rows)
    return f"""<section class="appendix" id="{CROSSWALK_ANCHOR}">
<h1>{_e(label("crosswalk.title"))}</h1>
<p>Where this manual answers each audit question. Certifying partner: {_e(doc.partner)}.
Program: {_e(doc.program)}. Page numbers refer to this printed copy.</p>
<p class="crosswalk-summary">{len(doc.crosswalk)} questions: {summary}.</p>
<p class="crosswalk-legend">Not applicable rows are shaded grey and give the reason.
Rows marked “Needs field evidence” are checked by the auditor through interviews or
observation on site; the manual alone cannot answer them.</p>
<table class="crosswalk">
<colgroup><col class="c-question"><col class="c-text"><col class="c-status"><col class="c-where"><col class="c-note"></colgroup>
<thead><tr><th>Question</th><th>What the auditor checks</th><th>Status</th><th>Answered in</th><th>Note</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</section>"""


def _crosswalk_row(row: CrosswalkRow, ids: set[str]) -> str:
    """``ids``: every id in the document; a section id the page does not have (a heading a
    macro renamed) falls back to its page, so the page number printed is never wrong."""
    where = (
        "<br>".join(
            f'<a class="xref" href="#{_e(anchor if anchor in ids else anchor.split("--", 1)[0])}">{_e(title)}</a>'
            for anchor, title in zip(row.anchors, row.titles, strict=True)
        )
        or "—"
    )
    return (
        f'<tr class="status-{row.status}"><td>{_e(row.question)}</td><td>{_e(row.text)}</td>'
        f'<td><span class="status">{STATUS_LABELS[row.status]}</span></td>'
        f"<td>{where}</td><td>{_e(row.note)}</td></tr>"
    )

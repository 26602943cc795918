"""The printed manual as one HTML document: cover, contents with page numbers, the approved
pages in navigation order, and the audit crosswalk (``combined_html``, cheap string building;
``weasy.write_pdf`` does the slow layout). Text fields are escaped here; section HTML is
trusted (our own Markdown output)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..coverage import Status
from .rewrite import Heading, SectionRewriter, page_key

PAGE_SIZES = {"Letter": "letter", "A4": "A4"}  # our name → CSS @page size
STATUS_LABELS = {s.value: s.label for s in Status}  # the site's words, in the crosswalk's status column
_SUMMARY_WORDS = {  # "12 questions: 8 covered, 1 partly covered, …"
    "covered": "covered",
    "partial": "partly covered",
    "missing": "missing",
    "not_applicable": "not applicable",
    "field_evidence": "need field evidence",
}
CROSSWALK_ANCHOR = "hsms-crosswalk"
CONTENTS_ANCHOR = "hsms-contents"
_ANCHOR_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


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

    def __post_init__(self) -> None:
        problems = list(_problems(self))
        if problems:
            raise ValueError("invalid PrintDocument:\n  " + "\n  ".join(problems))


def _problems(doc: PrintDocument) -> Iterator[str]:
    if doc.page_size not in PAGE_SIZES:
        yield f"page_size: {doc.page_size!r} is not one of {', '.join(PAGE_SIZES)}"
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
    for i, row in enumerate(doc.crosswalk):
        where = f"crosswalk[{i}] ({row.question!r})"
        if row.status not in STATUS_LABELS:
            yield f"{where}: status {row.status!r} is not one of {', '.join(STATUS_LABELS)}"
        if len(row.anchors) != len(row.titles):
            yield f"{where}: {len(row.anchors)} anchors but {len(row.titles)} titles"
        for anchor in row.anchors:
            if anchor not in anchors:
                yield f"{where}: anchor {anchor!r} is not a section of this document"


# ---------------------------------------------------------------- HTML


def combined_html(doc: PrintDocument) -> str:
    """The whole printed manual as one HTML document (styled by print.css)."""
    pages = {page_key(s.url): s.anchor for s in doc.sections if s.url}
    at_root = [s.anchor for s in doc.sections if not s.url]
    if len(at_root) == 1:  # the home page: links to "../" land on it
        pages.setdefault("", at_root[0])
    bodies = []
    headings = []
    for section in doc.sections:
        rewriter = SectionRewriter(section.anchor, section.url, pages, doc.published_url)
        body, found = rewriter.rewrite(section.html)
        bodies.append(body)
        headings.append(found)
    parts = [_head(doc), _cover(doc), _contents(doc, headings)]
    for section, body in zip(doc.sections, bodies, strict=True):
        group = f'<p class="group-title">{_e(section.group)}</p>\n' if section.group else ""
        owner = f'\n<p class="section-owner">Owner: {_e(section.owner)}</p>' if section.owner else ""
        parts.append(
            f'<article class="section level-{min(section.level, 3)}" id="{section.anchor}">\n'
            f'{group}<h1 class="section-title">{_e(section.title)}</h1>{owner}\n{body}\n</article>'
        )
    if doc.crosswalk:
        parts.append(_crosswalk(doc))
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _control_note(doc: PrintDocument) -> str:
    note = "Uncontrolled when printed"
    return f"{note} — check the current revision at {doc.site_url}" if doc.site_url else note


def _head(doc: PrintDocument) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{_e(doc.title)} — {_e(doc.company)}</title>
<meta name="author" content="{_e(doc.company)}">
<meta name="description" content="{_e(doc.number)} Rev {_e(doc.revision)}, effective {_e(doc.effective)}">
<meta name="generator" content="hsms">
</head>
<body>"""


def _cover(doc: PrintDocument) -> str:
    fields = [
        ("Document number", doc.number),
        ("Revision", doc.revision),
        ("Effective date", doc.effective),
        ("Certifying partner", doc.partner),
        ("Program", doc.program),
    ]
    rows = "\n".join(f"<tr><th>{name}</th><td>{_e(value)}</td></tr>" for name, value in fields)
    return f"""<section class="cover">
<p class="running-id">{_e(doc.company)} · {_e(doc.number)} · Rev {_e(doc.revision)}</p>
<p class="company">{_e(doc.company)}</p>
<p class="manual-title">{_e(doc.title)}</p>
<table class="cover-fields">
{rows}
</table>
<div class="approval">
<p>Approved by: <strong>{_e(doc.approved_by_name)}</strong>, {_e(doc.approved_by_title)}</p>
<p class="sign-line">Signature <span class="blank"></span> Date <span class="blank short"></span></p>
</div>
<p class="control-note">{_e(_control_note(doc))}</p>
</section>"""


def _contents(doc: PrintDocument, headings: list[list[Heading]]) -> str:
    items = []
    for section, found in zip(doc.sections, headings, strict=True):
        level = min(section.level, 3)
        if section.group:
            items.append(f'<li class="toc-group"><a href="#{section.anchor}">{_e(section.group)}</a></li>')
        items.append(
            f'<li class="toc-section toc-level-{level}">'
            f'<a href="#{section.anchor}">{_e(section.title)}</a></li>'
        )
        items.extend(
            f'<li class="toc-heading toc-level-{level}"><a href="#{h.id}">{h.html}</a></li>'
            for h in found
            if h.html
        )
    if doc.crosswalk:
        items.append(
            f'<li class="toc-appendix"><a href="#{CROSSWALK_ANCHOR}">'
            "Appendix A — Audit crosswalk</a></li>"
        )
    return f"""<nav class="toc" id="{CONTENTS_ANCHOR}">
<h1>Contents</h1>
<ul>
{chr(10).join(items)}
</ul>
</nav>"""


def _crosswalk(doc: PrintDocument) -> str:
    counts = {status: 0 for status in STATUS_LABELS}
    groups: dict[str, list[CrosswalkRow]] = {}
    for row in doc.crosswalk:
        counts[row.status] += 1
        groups.setdefault(row.element, []).append(row)
    summary = ", ".join(f"{n} {_SUMMARY_WORDS[s]}" for s, n in counts.items() if n)
    body = []
    for element, rows in groups.items():
        body.append(f'<tr class="element"><th colspan="5">{_e(element)}</th></tr>')
        body.extend(_crosswalk_row(row) for row in rows)
    return f"""<section class="appendix" id="{CROSSWALK_ANCHOR}">
<h1>Appendix A — Audit crosswalk</h1>
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


def _crosswalk_row(row: CrosswalkRow) -> str:
    where = "<br>".join(
        f'<a class="xref" href="#{anchor}">{_e(title)}</a>'
        for anchor, title in zip(row.anchors, row.titles, strict=True)
    ) or "—"
    return (
        f'<tr class="status-{row.status}"><td>{_e(row.question)}</td><td>{_e(row.text)}</td>'
        f'<td><span class="status">{STATUS_LABELS[row.status]}</span></td>'
        f"<td>{where}</td><td>{_e(row.note)}</td></tr>"
    )

"""Appendix B of the printed manual: the forms. A list of every form of manual.yml with where to
find it (a page of this appendix, or the file to download), then each Markdown form on its own
page, its tables ruled with room to write in by hand (print.css)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from .labels import label
from .rewrite import SectionRewriter

FORMS_ANCHOR = "hsms-forms"


@dataclass(frozen=True)
class PrintForm:
    """One form of manual.yml's ``forms:``."""

    id: str  # "F-01"
    title: str
    use: str  # when to use it
    anchor: str  # its id in the PDF ("hsms-form-1"), used when it prints (html is not None)
    html: str | None = None  # a Markdown form's rendered body (trusted: our Markdown output)
    # A file to download instead: its address ("https://…/current/forms/F-03.pdf"), or without a
    # site_url its path in the site ("forms/F-03.pdf"); "" if none.
    file: str = ""
    url: str = ""  # a Markdown form's address in the site ("forms/F-01-flha/"): its image paths are relative to it


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def forms_appendix(forms: tuple[PrintForm, ...]) -> str:
    rows = []
    for f in forms:
        if f.html is not None:
            where = f'<a class="xref page-only" href="#{_e(f.anchor)}">{_e(label("forms.here"))}</a>'
        elif f.file.startswith(("https://", "http://")):  # its address on the web: a link
            address = f'<a class="form-file" href="{_e(f.file)}">{_e(f.file)}</a>'
            where = _e(label("forms.file", file="\0")).replace("\0", address)
        elif f.file:  # no site_url: its path in the site
            where = _e(label("forms.file_path", file=f.file))
        else:
            where = _e(label("forms.none"))
        rows.append(f"<tr><td>{_e(f.id)}</td><td>{_e(f.title)}</td><td>{where}</td></tr>")
    head = "".join(f"<th>{_e(label(k))}</th>" for k in ("forms.id", "forms.form_title", "forms.where"))
    parts = [
        f"""<section class="appendix forms" id="{FORMS_ANCHOR}">
<h1>{_e(label("forms.title"))}</h1>
<p>{_e(label("forms.lead"))}</p>
<table class="forms-list">
<colgroup><col class="c-id"><col class="c-title"><col class="c-where"></colgroup>
<thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</section>"""
    ]
    for f in forms:
        if f.html is None:
            continue
        # Ids get the form's anchor as prefix (two forms may both have "#signatures"); links to
        # pages become plain text: a form is printed to be filled in, not followed.
        body, _ = SectionRewriter(f.anchor, f.url, {}).rewrite(f.html)
        parts.append(f"""<article class="form" id="{_e(f.anchor)}">
<h1 class="form-title">{_e(f.id)} {_e(f.title)}</h1>
<p class="form-use">{_e(label("forms.use", use=f.use))}</p>
{body}
</article>""")
    return "\n".join(parts)

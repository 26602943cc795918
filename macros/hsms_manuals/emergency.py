"""The emergency component: big tap-to-call buttons, then each site's address, muster point, first
aiders (one per line, each number a button) and hospital. One component wherever contacts are
shown — the home page, the Emergency control of every page, and ``emergency_contacts()`` — so a
worker finds the same thing everywhere, in the page's language (hsms's words from the catalogue,
i18n.py; the manual's values as written). It is plain HTML in the page (from manual.yml,
escaped): it works offline and without JavaScript.

Every piece is one line of HTML without blank lines, so it passes through Markdown untouched
when a macro puts it in a page; ``esc`` writes every value as character references."""

from __future__ import annotations

from .i18n import t
from .model import Emergency, Phone, Site
from .text import esc


def call_button(label: str, phone: Phone, modifier: str = "", *, label_html: str | None = None) -> str:
    """One big button; ``label`` is plain text (escaped here), or ``label_html`` already HTML."""
    cls = "hsms-call__button" + (f" hsms-call__button--{modifier}" if modifier else "")
    shown = label_html if label_html is not None else esc(label)
    return (
        f'<a class="{cls}" href="tel:{phone.tel}"><span class="hsms-call__label">{shown}</span> '
        f'<span class="hsms-call__number">{esc(phone.phone)}</span></a>'
    )


def call_list(em: Emergency, lang: str = "en") -> str:
    """The numbers to call, biggest first: emergency numbers, then who to report an incident to."""
    items = [call_button(n.label, n) for n in em.numbers]
    # Our words as the catalogue has them (no Markdown reads this HTML line), the manual's value escaped.
    report = t(lang, "Report an incident: {contact}", contact=esc(em.report_incident.label))
    items.append(call_button("", em.report_incident, "report", label_html=report))
    return '<ul class="hsms-call">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def person_line(person: Phone) -> str:
    return (
        f'<li><span class="hsms-person">{esc(person.label)}</span> '
        f'<a class="hsms-tel" href="tel:{person.tel}">{esc(person.phone)}</a></li>'
    )


def site_details(site: Site, lang: str = "en") -> str:
    def row(term: str, value: str) -> str:
        return f"<dt>{esc(term)}</dt><dd>{value}</dd>"

    rows = []
    if site.address:
        rows.append(row(t(lang, "Address"), esc(site.address)))
    if site.phone:
        rows.append(row(t(lang, "Site phone"), f'<a class="hsms-tel" href="tel:{site.tel}">{esc(site.phone)}</a>'))
    rows.append(row(t(lang, "Muster point"), esc(site.muster_point)))
    rows.append(
        row(
            t(lang, "First aid"),
            '<ul class="hsms-first-aid">' + "".join(person_line(p) for p in site.first_aid) + "</ul>",
        )
    )
    if site.hospital:
        rows.append(row(t(lang, "Hospital"), esc(site.hospital)))
    return '<dl class="hsms-site">' + "".join(rows) + "</dl>"


def emergency_block(
    em: Emergency, *, id_prefix: str, lang: str = "en", level: int = 2, title: str | None = None
) -> str:
    """The whole component as HTML, with its own heading (``level``; ``title`` as given, else "In
    an emergency") and one heading per site. ``id_prefix`` keeps ids unique when the component
    appears twice on a page (home page + control)."""
    heading = esc(title or t(lang, "In an emergency"))
    out = [
        f'<section class="hsms-emergency" aria-labelledby="{id_prefix}-title">',
        f'<h{level} id="{id_prefix}-title">{heading}</h{level}>',
        call_list(em, lang),
    ]
    for site in em.sites:
        out.append(f'<h{level + 1} class="hsms-site__name">{esc(site.name)}</h{level + 1}>{site_details(site, lang)}')
    out.append("</section>")
    return "".join(out)


def emergency_markdown(em: Emergency, lang: str = "en") -> str:
    """For ``emergency_contacts()``: the same component, with each site as a Markdown heading of the
    page (so it is in the page's table of contents and can be linked to)."""
    out = [call_list(em, lang), ""]
    for site in em.sites:
        out += [f"### {esc(site.name)}", "", site_details(site, lang), ""]
    return "\n".join(out)

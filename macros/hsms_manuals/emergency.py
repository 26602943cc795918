"""The emergency component: big tap-to-call buttons, then each site's address, muster point, first
aiders (one per line, each number a button) and hospital. One component wherever contacts are
shown — the home page, the Emergency control of every page, and ``emergency_contacts()`` — so a
worker finds the same thing everywhere. It is plain HTML in the page (from manual.yml, escaped):
it works offline and without JavaScript.

Every piece is one line of HTML without blank lines, so it passes through Markdown untouched
when a macro puts it in a page; ``esc`` writes every value as character references."""

from __future__ import annotations

from .model import Emergency, Phone, Site
from .text import esc
from .ui_text import TEXT


def call_button(label: str, phone: Phone, modifier: str = "", prefix: str = "") -> str:
    """One big button; ``label`` is the manual's text (escaped), ``prefix`` our own words (ui_text)."""
    cls = "hsms-call__button" + (f" hsms-call__button--{modifier}" if modifier else "")
    return (f'<a class="{cls}" href="tel:{phone.tel}"><span class="hsms-call__label">{prefix}{esc(label)}</span> '
            f'<span class="hsms-call__number">{esc(phone.phone)}</span></a>')


def call_list(em: Emergency) -> str:
    """The numbers to call, biggest first: emergency numbers, then who to report an incident to."""
    items = [call_button(n.label, n) for n in em.numbers]
    items.append(call_button(em.report_incident.label, em.report_incident, "report", prefix=f"{TEXT['report_incident']} "))
    return '<ul class="hsms-call">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def person_line(person: Phone) -> str:
    return (f'<li><span class="hsms-person">{esc(person.label)}</span> '
            f'<a class="hsms-tel" href="tel:{person.tel}">{esc(person.phone)}</a></li>')


def site_details(site: Site) -> str:
    rows = []
    if site.address:
        rows.append(f"<dt>{TEXT['address']}</dt><dd>{esc(site.address)}</dd>")
    if site.phone:
        rows.append(f"<dt>{TEXT['site_phone']}</dt><dd><a class=\"hsms-tel\" href=\"tel:{site.tel}\">{esc(site.phone)}</a></dd>")
    rows.append(f"<dt>{TEXT['muster_point']}</dt><dd>{esc(site.muster_point)}</dd>")
    rows.append(f"<dt>{TEXT['first_aid']}</dt><dd><ul class=\"hsms-first-aid\">"
                + "".join(person_line(p) for p in site.first_aid) + "</ul></dd>")
    if site.hospital:
        rows.append(f"<dt>{TEXT['hospital']}</dt><dd>{esc(site.hospital)}</dd>")
    return '<dl class="hsms-site">' + "".join(rows) + "</dl>"


def emergency_block(em: Emergency, *, id_prefix: str, level: int = 2, title: str | None = None) -> str:
    """The whole component as HTML, with its own heading (``level``) and one heading per site.
    ``id_prefix`` keeps ids unique when the component appears twice on a page (home page + control)."""
    heading = esc(title or TEXT["emergency_title"])
    out = [f'<section class="hsms-emergency" aria-labelledby="{id_prefix}-title">',
           f'<h{level} id="{id_prefix}-title">{heading}</h{level}>', call_list(em)]
    for site in em.sites:
        out.append(f'<h{level + 1} class="hsms-site__name">{esc(site.name)}</h{level + 1}>{site_details(site)}')
    out.append("</section>")
    return "".join(out)


def emergency_markdown(em: Emergency) -> str:
    """For ``emergency_contacts()``: the same component, with each site as a Markdown heading of the
    page (so it is in the page's table of contents and can be linked to)."""
    out = [call_list(em), ""]
    for site in em.sites:
        out += [f"### {esc(site.name)}", "", site_details(site), ""]
    return "\n".join(out)

"""Checks of what pages claim (``covers``): known topics, headings that exist on the page, no
whole-page claim on a long page, and the policy's signer named where ``policy.signed`` is
answered. Whether the claimed text has substance is judged by coverage (``answers``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .answers import PAGE_CLAIM_MAX_WORDS
from .errors import Problem
from .located import Where
from .model import Claim, Manual, Page, Topic
from .sections import PageText
from .suggest import did_you_mean
from .text import one_line

SIGNED = "policy.signed"
_SIGNER_VARIABLE = re.compile(r"\{\{-?\s*document\.approved_by\.name\b")
HEADINGS_SHOWN = 12  # in "headings here: …"
_REPEAT = re.compile(r"_[0-9]+$")


def check_claims(where: Where, manual: Manual, topics: Mapping[str, Topic]) -> list[Problem]:
    out: list[Problem] = []
    for page in manual.pages:
        if page.claims:
            out += _check_page(where, manual, page, topics)
    return out


def _key(i: int, claim: Claim) -> str | int:
    """How the claim is addressed in front matter: its index in a list, its topic in a mapping."""
    return claim.topic if claim.sections else i


def _check_page(where: Where, manual: Manual, page: Page, topics: Mapping[str, Topic]) -> list[Problem]:
    out: list[Problem] = []
    text = page.sections or PageText("")
    seen: set[str] = set()
    for i, claim in enumerate(page.claims):
        at = ("covers", _key(i, claim))
        if topics and claim.topic not in topics:  # no catalogue (topics.yml broken): reported there
            out.append(
                where.page(
                    page.src,
                    at,
                    f"unknown topic '{claim.topic}'",
                    did_you_mean(claim.topic, topics, "use a topic id from partners/topics.yml"),
                )
            )
            continue
        if claim.topic in seen:
            out.append(where.page(page.src, at, f"topic '{claim.topic}' listed twice", "remove the duplicate"))
            continue
        seen.add(claim.topic)
        missing = [hid for hid in claim.sections if text.heading(hid) is None]
        for hid in missing:
            out.append(where.page(page.src, at, f"no heading '#{hid}' on this page", _headings_here(text)))
        if not missing and claim.topic == SIGNED and page.approved:
            out += _check_signer(where, manual, page, claim, at)
    whole = [c for c in page.claims if c.whole_page]
    if whole and text.words >= PAGE_CLAIM_MAX_WORDS:
        out.append(
            where.page(
                page.src,
                ("covers",),
                f"this page has {text.words} words: name the section that answers each topic",
                "write covers as topic: heading-id",
            )
        )
    return out


def _headings_here(text: PageText) -> str:
    ids = [f"#{i}" for i in text.ids]
    if not ids:
        return "this page has no headings: put a heading (## Title) above the text that answers it"
    more = ", …" if len(ids) > HEADINGS_SHOWN else ""
    return "headings here: " + ", ".join(ids[:HEADINGS_SHOWN]) + more


def _check_signer(where: Where, manual: Manual, page: Page, claim: Claim, at: tuple) -> list[Problem]:
    """The section that says the policy is signed names who signs it: document.approved_by."""
    text = page.sections or PageText("")
    if claim.whole_page:
        source = "\n".join(text.source)
    else:
        source = "\n".join(text.section_source(h) for h in (text.heading(hid) for hid in claim.sections) if h)
    name = manual.document.approved_by.name
    if _SIGNER_VARIABLE.search(source) or _names(source, name):
        return []
    return [
        where.page(
            page.src,
            at,
            f"the text that answers it does not name the signer, {one_line(name)} (document.approved_by in manual.yml)",
            "write {{ document.approved_by.name }}, {{ document.approved_by.title }} in it",
        )
    ]


def _names(text: str, name: str) -> bool:
    words = name.split()
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"
    return re.search(pattern, text, re.I) is not None


def toc_ids(toc: Iterable[Any]) -> list[str]:
    """Every heading id of a built page (MkDocs' ``page.toc``), in order."""
    out: list[str] = []
    for item in toc:
        out.append(item.id)
        out += toc_ids(item.children)
    return out


def _base(hid: str) -> str:
    """'shop_2' → 'shop': the id toc would give before making it unique."""
    return _REPEAT.sub("", hid)


def claims_not_built(page: Page, built: list[str]) -> list[str]:
    """The build's check that each claimed heading id is in the rendered page and names the
    heading `validate` read from the source: a heading a macro prints with the same words takes
    the id first ('shop'), and the written one becomes 'shop_1'."""
    text = page.sections or PageText("")
    written = [_base(h) for h in text.ids]
    printed = [_base(h) for h in built]
    out = []
    for claim in page.claims:
        for hid in claim.sections:
            heading = text.heading(hid)
            if hid in built and (
                heading is not None and heading.explicit or printed.count(_base(hid)) == written.count(_base(hid))
            ):
                continue
            out.append(
                f"covers.{claim.topic}: '#{hid}' is not the id of your heading in the built page (a heading "
                f"printed by a macro has the same words) — give your heading its own id "
                f"(## Title {{ #{_base(hid)}-here }}) and claim that id"
            )
    return out

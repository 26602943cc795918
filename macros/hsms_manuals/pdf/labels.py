"""Every fixed word printed on paper by hsms (the manual PDF, posters, wallet cards), in one
place, so that a translation (issue 14) replaces this table and nothing else. Values with
``{name}`` are filled with ``str.format``; they hold no markup (they are escaped when used)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..i18n import t

LABELS: dict[str, str] = {
    # the manual PDF
    "contents": "Contents",
    "emergency.title": "In an emergency",
    "emergency.lead": "Call for help first. Then do what the emergency response plan says.",
    "emergency.plan": "The emergency response plan",
    "emergency.who": "Who to call",
    "emergency.number": "Number",
    "emergency.report": "Report an incident: {contact}",
    "site.address": "Address",
    "site.phone": "Site phone",
    "site.muster": "Muster point",
    "site.first_aid": "First aid",
    "site.hospital": "Nearest hospital",
    "history.title": "Revision history",
    "history.lead": "Every published revision of this manual, newest first, with its change notes.",
    "history.revision": "Revision",
    "history.effective": "Effective",
    "history.approved": "Approved by",
    "history.changes": "Changes",
    "history.this": "{revision} (this copy)",
    "history.none": "No change notes were written for this revision.",
    "history.unrecorded": "Change notes not recorded.",
    "history.replaced": "Replaced on {date}: {reason}",
    "history.reissue": "Reissued on {date}: {reason}",
    "dates": "Effective {effective} · Next review {next_review}",
    "control": "Uncontrolled when printed — check the current revision at {url}",
    "control.short": "Uncontrolled when printed",
    "page_ref": "page ",
    "page_of": "Page {page} of {pages}",  # every page's footer: the numbers are CSS counters
    "crosswalk.title": "Appendix A — Audit crosswalk",
    "forms.title": "Appendix B — Forms",
    "forms.lead": "Blank forms to copy and fill in. Forms kept as PDF, Word or Excel files are listed with "
    "where to find them.",
    "forms.use": "When to use it: {use}",
    "forms.file": "Download it from {file}, or ask your supervisor for a printed copy.",
    "forms.file_path": "Download {file} from the manual's website, or ask your supervisor for a printed copy.",
    "forms.none": "Ask your supervisor for a copy.",
    "forms.id": "Form",
    "forms.form_title": "Title",
    "forms.where": "Where to find it",
    "forms.here": "page ",
    "cover.number": "Document number",
    "cover.revision": "Revision",
    "cover.effective": "Effective date",
    "cover.next_review": "Next review",
    "cover.partner": "Certifying partner",
    "cover.program": "Program",
    "cover.approved": "Approved by:",
    "cover.signature": "Signature",
    "cover.date": "Date",
    "section.owner": "Owner: {owner}",
    # a translated edition (issue 14)
    "translation.cover": "This is a translation of revision {revision}. The English manual is the controlled "
    "document: where the two differ, the English manual applies.",
    "translation.draft": "Draft translation — to be checked by a fluent speaker.",
    "translation.missing": "Pages not yet translated",
    "translation.missing.lead": "Read these pages in the English manual:",
    # posters and wallet cards
    "poster.title": "In an emergency",
    "poster.call": "Call",
    "poster.report": "Report every incident",
    "poster.muster": "Muster point",
    "poster.first_aid": "First aiders",
    "poster.hospital": "Nearest hospital",
    "poster.scan": "Scan for the emergency plan",
    "poster.source": "From {number} revision {revision}, effective {effective}. The QR code always opens the "
    "current revision.",
    "card.title": "Emergency",
    "card.scan": "Scan for the plan",
}


# The language of what is being printed: a translated edition prints its words in its language
# (from hsms's catalogues, i18n); everything else prints English.
_LANGUAGE: ContextVar[str] = ContextVar("hsms_print_language", default="en")


@contextmanager
def printing_in(lang: str) -> Iterator[None]:
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def label(key: str, **values: str) -> str:
    """The words for ``key`` in the language being printed, filled with ``values`` (plain text,
    not yet escaped)."""
    return t(_LANGUAGE.get(), LABELS[key], **values)

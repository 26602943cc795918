"""The one status vocabulary: coverage, the audit guide, the PDF and every report use these
values (JSON) and labels (people). A leaf module."""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    ANSWERED = "answered"  # claimed, and the claimed text has substance
    PARTIAL = "partial"  # a question with some of its topics answered
    THIN = "thin"  # claimed, but the text is too short, a placeholder or misses a point
    MISSING = "missing"  # nothing claims it
    NOT_APPLICABLE = "not_applicable"
    FIELD_EVIDENCE = "field_evidence"  # checked by interview or observation, not in the manual

    @property
    def label(self) -> str:
        """The words people see, the same on the site, in the PDF and in reports."""
        return LABELS[self]


LABELS = {
    Status.ANSWERED: "Answered",
    Status.PARTIAL: "Partly answered",
    Status.THIN: "Claimed but thin",
    Status.MISSING: "Missing",
    Status.NOT_APPLICABLE: "Not applicable",
    Status.FIELD_EVIDENCE: "Needs field evidence",
}

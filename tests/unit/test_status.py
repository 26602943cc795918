"""status: one vocabulary for coverage, the guide, the PDF and JSON reports."""

from __future__ import annotations

import json

from hsms_manuals.status import LABELS, Status


def test_json_values_are_the_documented_words():
    assert json.dumps([s for s in Status]) == json.dumps(
        ["answered", "partial", "thin", "missing", "not_applicable", "field_evidence"]
    )
    assert Status("field_evidence") is Status.FIELD_EVIDENCE


def test_every_status_has_its_own_label():
    assert set(LABELS) == set(Status)
    assert len(set(LABELS.values())) == len(Status)
    assert Status.FIELD_EVIDENCE.label == "Needs field evidence"
    assert Status.THIN.label == "Claimed but thin"
    assert Status.PARTIAL.label == "Partly answered"


def test_json_values_are_documented_in_the_readme():
    from conftest import PROJECT

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    missing = [s.value for s in Status if f"`{s.value}`" not in readme and f'"{s.value}"' not in readme]
    assert missing == []

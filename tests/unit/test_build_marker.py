"""build_marker: what hsms writes into every folder it builds, and reading it back defensively."""

from __future__ import annotations

import json

import pytest

from hsms_manuals.build_marker import MARKER_FILE, BuildMarker, read_marker, write_marker

MARKER = BuildMarker("ridgeline-builders", "0.2.0", drafts=False, pdf=True, content_hash="sha256:abc")


def test_a_marker_reads_back_as_written(tmp_path):
    write_marker(tmp_path, MARKER)
    assert read_marker(tmp_path) == MARKER
    data = json.loads((tmp_path / MARKER_FILE).read_text(encoding="utf-8"))
    assert data == {
        "format": 1,
        "manual": "ridgeline-builders",
        "hsms_version": "0.2.0",
        "drafts": False,
        "pdf": True,
        "content_hash": "sha256:abc",
    }


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        '{"format": 2, "manual": "m"}',
        '{"format": 1, "manual": "m", "hsms_version": "1", "drafts": "no", "pdf": true, "content_hash": null}',
        '{"format": 1, "manual": 3, "hsms_version": "1", "drafts": false, "pdf": true, "content_hash": null}',
        '{"format": 1, "manual": "m", "hsms_version": "1", "drafts": false, "pdf": true}',
    ],
)
def test_anything_odd_is_no_marker(tmp_path, text):
    (tmp_path / MARKER_FILE).write_text(text, encoding="utf-8")
    assert read_marker(tmp_path) is None


def test_no_marker_a_folder_marker_or_a_linked_marker_is_none(tmp_path):
    assert read_marker(tmp_path) is None
    assert read_marker(tmp_path / "absent") is None
    other = tmp_path / "other"
    other.mkdir()
    write_marker(other, MARKER)
    site = tmp_path / "site"
    site.mkdir()
    (site / MARKER_FILE).symlink_to(other / MARKER_FILE)
    assert read_marker(site) is None
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / MARKER_FILE).mkdir()
    assert read_marker(tmp_path / "dir") is None

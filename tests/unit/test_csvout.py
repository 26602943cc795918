"""csvout: spreadsheets open the CSV with its accents and never run a cell as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from hsms_manuals.csvout import cell, to_csv


@pytest.mark.parametrize(
    "hostile",
    ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", "\n=1", '=HYPERLINK("http://x","y")'],
)
def test_formula_starts_become_text(hostile):
    assert cell(hostile) == "'" + hostile


@pytest.mark.parametrize("safe", ["Fall protection", "1+1", "a=b", " =not at start", "", "Élément"])
def test_other_text_is_unchanged(safe):
    assert cell(safe) == safe


def test_numbers_stay_numbers_and_none_is_empty():
    assert cell(-5) == -5
    assert cell(2.5) == 2.5
    assert cell(None) == ""
    assert cell(True) == "True"  # a bool is text, not a number


def test_to_csv_bom_crlf_and_round_trip():
    rows = [["Hazard", 'Says "stop", then, waits', -3], ["Line\nbreak", "=1+2", None]]
    text = to_csv(["Topic", "Note", "Score"], rows)
    assert text.startswith("\ufeffTopic,Note,Score\r\n")
    assert text.endswith("\r\n")
    back = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert back == [
        ["Topic", "Note", "Score"],
        ["Hazard", 'Says "stop", then, waits', "-3"],
        ["Line\nbreak", "'=1+2", ""],
    ]


def test_to_csv_encodes_accents_for_excel():
    data = to_csv(["Nom"], [["Sécurité"]]).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs to read UTF-8
    assert "Sécurité".encode() in data

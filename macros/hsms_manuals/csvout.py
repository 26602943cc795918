"""CSV for spreadsheets (the action plan, the audit pack): UTF-8 with a byte order mark so Excel
reads the accents, and no cell a spreadsheet would run as a formula. A leaf module."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A cell starting with one of these is a formula in Excel, LibreOffice and Google Sheets
# (`=cmd|' /C calc'!A0`, `+1+1`, `@SUM(…)`); a leading apostrophe makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell(value: object) -> object:
    """Numbers as they are; text that could start a formula, prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return "\ufeff" + out.getvalue()

"""clock: the one source of today's date, patchable by tests (the autouse ``today`` fixture)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import hsms_manuals
from conftest import TODAY
from hsms_manuals import clock

PACKAGE = Path(hsms_manuals.__file__).parent


def test_unpatched_clock_is_the_real_date():
    spec = importlib.util.spec_from_file_location("unpatched_clock", PACKAGE / "clock.py")
    assert spec and spec.loader
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    before = dt.date.today()
    got = fresh.today()
    assert before <= got <= dt.date.today()


def test_the_today_fixture_patches_the_clock(today):
    assert clock.today() == TODAY
    today("2030-02-28")
    assert clock.today() == dt.date(2030, 2, 28)
    today(dt.date(2027, 1, 1))
    assert clock.today() == dt.date(2027, 1, 1)


def test_no_module_reads_the_date_past_the_clock():
    """``from .clock import today`` would copy the function (a patch would not reach it), and
    ``date.today()`` or an environment variable would bypass the clock altogether."""
    offenders = []
    for f in sorted(PACKAGE.rglob("*.py")):
        if f.name == "clock.py" and f.parent == PACKAGE:
            continue
        text = f.read_text(encoding="utf-8")
        for pattern in (
            r"from \.+clock import",
            r"from hsms_manuals\.clock import",
            r"\bdate\.today\(",
            r"HSMS_TODAY",
            r"\bdate\.fromtimestamp\(",
        ):
            if re.search(pattern, text):
                offenders.append(f"{f.relative_to(PACKAGE)}: {pattern}")
    assert offenders == []

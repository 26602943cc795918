"""The one clock. Code that needs the date calls ``clock.today()`` (through the module, so tests
can patch this function); nothing reads the date from the environment. A what-if date is an
explicit ``--on DATE`` argument of the commands that offer one, never of ``publish``."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.date.today()

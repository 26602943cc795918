"""CLI verbs for versioned publishing (placeholder registry: filled in by the publish work)."""

from __future__ import annotations

import argparse
from typing import Callable

VERBS: dict[str, Callable] = {}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    return None

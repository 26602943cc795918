"""The repository's layout: folder and file names hsms reads and writes, manual ids, and how a
path is shown to the user. A leaf module: it imports nothing of hsms."""

from __future__ import annotations

import re
from pathlib import Path

MANUALS_DIR = "manuals"
MANUAL_FILE = "manual.yml"
PARTNERS_DIR = "partners"
TOPICS_FILE = "topics.yml"
OVERRIDES_DIR = "overrides"
CONFIG = "mkdocs.yml"
SITE = "site"

# A manual id names a folder, a web address segment, a PDF file and a published branch folder.
MANUAL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\Z")  # \Z: "$" would let "tiny\n" through
ID_RULE = "lowercase letters, digits and '-' (at most 63 characters), e.g. ridgeline-builders"


def find_root(start: Path) -> Path:
    """The repository: the nearest folder upward holding partners/topics.yml (else ``start``)."""
    for d in (start, *start.parents):
        if (d / PARTNERS_DIR / TOPICS_FILE).is_file():
            return d
    return start


def is_repository(root: Path) -> bool:
    return (root / PARTNERS_DIR / TOPICS_FILE).is_file()


def shown(path: Path, root: Path) -> str:
    """A path as the user should see it: relative to the repository when possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)

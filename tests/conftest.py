"""Shared fixtures: tiny real repositories on disk (partners/ copied from the project)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]

MANUAL_YML = """\
company:
  name: Tiny Test Co.
  province: AB
  employees: 24
certification:
  partner: acsa
  program: COR
document:
  number: TT-001
  revision: "1"
  effective: 2026-09-01
  approved_by: {name: Pat Doe, title: Owner}
emergency:
  numbers:
    - {label: "Fire, ambulance, police", phone: "911"}
  report_incident: {contact: Owner, phone: "403-555-0100"}
  sites:
    - name: Shop
      muster_point: Front gate
      first_aid:
        - {name: Pat Doe, phone: "403-555-0101"}
"""

INDEX_MD = """\
---
title: Home
covers: []
status: approved
owner: Owner
---

Welcome.
"""


def page(title: str, covers: list[str] | str = (), status: str = "approved", owner: str = "Owner",
         body: str = "Some text.\n") -> str:
    """A Markdown page with front matter (covers as a flow list unless given as raw text)."""
    cov = covers if isinstance(covers, str) else "[" + ", ".join(covers) + "]"
    return f"---\ntitle: {title}\ncovers: {cov}\nstatus: {status}\nowner: {owner}\n---\n\n{body}"


def write_manual(root: Path, manual_id: str = "tiny", manual_yml: str | bytes | None = MANUAL_YML,
                 pages: dict[str, str | bytes] | None = None) -> Path:
    """Write manuals/<id>/manual.yml (None = leave it out) and docs/<name> pages (index.md by default)."""
    mroot = root / "manuals" / manual_id
    (mroot / "docs").mkdir(parents=True, exist_ok=True)
    if manual_yml is not None:
        _write(mroot / "manual.yml", manual_yml)
    for name, text in ({"index.md": INDEX_MD} if pages is None else pages).items():
        (mroot / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        _write(mroot / "docs" / name, text)
    return mroot


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository: the project's partners/ and an empty manuals/ folder."""
    shutil.copytree(PROJECT / "partners", tmp_path / "partners")
    (tmp_path / "manuals").mkdir()
    return tmp_path

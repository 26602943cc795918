"""Shared fixtures: tiny real repositories on disk (partners/ copied from the project)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hsms_manuals import clock

PROJECT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package (Playwright's own download needs the internet)


def require_browser() -> Path:
    """Debian's Chromium (and Playwright to drive it), or skip — except under CI=true, where a browser
    test that would be skipped fails instead: CI must never pass by not looking."""
    import importlib.util
    import os

    missing = [
        what
        for what, ok in (
            ("Debian's chromium package", CHROMIUM.exists()),
            ("the playwright package", importlib.util.find_spec("playwright") is not None),
        )
        if not ok
    ]
    if missing:
        reason = f"needs {' and '.join(missing)} (bash scripts/setup.sh --test installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: this browser test would be skipped — {reason}")
        pytest.skip(reason)
    return CHROMIUM


TODAY = dt.date(2026, 12, 1)  # the shipped manuals are in force and none is overdue


@pytest.fixture(autouse=True)
def today(monkeypatch) -> Callable[[str | dt.date], None]:
    """Every test runs on TODAY; ``today("2027-09-02")`` moves the clock (hsms_manuals.clock.today)."""

    def set_today(day: str | dt.date) -> None:
        value = dt.date.fromisoformat(day) if isinstance(day, str) else day
        monkeypatch.setattr(clock, "today", lambda: value)

    set_today(TODAY)
    return set_today


# `hsms` in a child process on a pinned date: the entry point's code path, with the clock patched.
_RUNNER = (
    "import sys, datetime; import hsms_manuals.clock as c; day = datetime.date.fromisoformat(sys.argv[1]); "
    "c.today = lambda: day; from hsms_manuals.cli import main; sys.exit(main(sys.argv[2:]))"
)


def run_hsms(
    *args: str, cwd: Path, on: dt.date = TODAY, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-c", _RUNNER, on.isoformat(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


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
      hospital: Red Deer Regional Hospital Centre
      phone: "403-555-0102"
committee:
  members:
    - {name: Sam Lee, represents: workers}
    - {name: Pat Doe, represents: employer}
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


def page(
    title: str, covers: list[str] | str = (), status: str = "approved", owner: str = "Owner", body: str = "Some text.\n"
) -> str:
    """A Markdown page with front matter (covers as a flow list unless given as raw text)."""
    cov = covers if isinstance(covers, str) else "[" + ", ".join(covers) + "]"
    return f"---\ntitle: {title}\ncovers: {cov}\nstatus: {status}\nowner: {owner}\n---\n\n{body}"


# Text that answers a topic as 9a's substance checks want it (enough words of its own, every
# look_for point): for tests whose claims must count without being about the wording.
ANSWERS = {
    "policy.statement": (
        "We are committed to the health and safety of every worker. Safety comes first in every job we do, "
        "and no task is so urgent that it cannot be done safely. Every worker and supervisor follows the OHS "
        "Act, the OHS Code and the rules in this manual. We give workers the training, tools and time to work "
        "safely, we fix hazards when they are found, and we listen when anyone speaks up."
    ),
    "policy.signed": "Signed by the owner, {{ document.approved_by.name }}, and dated the day this manual takes effect.",
    "hazard.formal": (
        "We keep a written job inventory that lists every job and every task we do, in the office, the shop and "
        "the field. For each task we name its hazards, rate the risk by how likely and how severe harm would be, "
        "and write down the controls that keep people safe. The supervisor and the workers who do the task fill "
        "in the form together, and we review it each year or when the work changes."
    ),
    "incident.reporting": (
        "Report every injury, near miss, spill and case of property damage to your supervisor right away, before "
        "the end of your shift. Your supervisor fills in the incident report the same day. The owner calls "
        "Alberta OHS at once after a serious injury or a serious incident, and reports injuries to the WCB "
        "within 72 hours, as the law requires."
    ),
}


def answers(*topics: str) -> str:
    """A page body answering the topics (one paragraph each)."""
    return "\n\n".join(ANSWERS[t] for t in topics) + "\n"


def write_manual(
    root: Path,
    manual_id: str = "tiny",
    manual_yml: str | bytes | None = MANUAL_YML,
    pages: dict[str, str | bytes] | None = None,
) -> Path:
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


def mini_partner(repo: Path, question: str = "A written policy.", short_name: str = "MINI") -> None:
    """partners/mini.yml: ACSA's programs and rules, one element of one question (policy.statement),
    so a small manual can pass or fail it."""
    acsa = (repo / "partners" / "acsa.yml").read_text(encoding="utf-8")
    head = acsa[: acsa.index("\nelements:\n") + 1].replace("id: acsa\n", "id: mini\n")
    body = (
        'elements:\n  - id: "1"\n    title: Policy\n    questions:\n      - id: "1.1"\n'
        f"        text: {question}\n        evidence: [documentation]\n        points: 10\n"
        "        topics: [policy.statement]\n"
    )
    (repo / "partners" / "mini.yml").write_text(
        head.replace("short_name: ACSA", f"short_name: {short_name}") + body, "utf-8"
    )

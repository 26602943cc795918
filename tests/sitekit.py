"""Helpers for tests that build real sites: a throwaway repository with the shared config,
theme and partner maps, and small manuals written on the spot."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from hsms_manuals.cli import main

REPO = Path(__file__).resolve().parents[1]


def make_repo(tmp: Path) -> Path:
    """A repository like ours, without the shipped manuals."""
    for name in ("mkdocs.yml", "partners", "overrides"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp / name)
    (tmp / "manuals").mkdir()
    return tmp


def copy_manual(root: Path, manual_id: str, as_id: str | None = None) -> Path:
    dest = root / "manuals" / (as_id or manual_id)
    shutil.copytree(REPO / "manuals" / manual_id, dest)
    return dest


MANUAL_YML = """\
company:
  name: {company}
  province: AB
  employees: 6
certification:
  partner: esc
  program: SECOR
document:
  number: TM-001
  revision: "{revision}"
  effective: 2026-10-01
  approved_by: {{name: Pat Lee, title: Owner}}
  changes: ["First issue."]
site_url: https://manuals.example.ca/{mid}/
emergency:
  numbers:
    - {{label: "Fire, ambulance, police", phone: "911"}}
  report_incident: {{contact: Owner, phone: "780-555-0100"}}
  sites:
    - name: {site}
      muster_point: {muster}
      first_aid:
        - {{name: Sam Ray, phone: "780-555-0101"}}
      hospital: Drayton Valley Hospital and Care Centre
      phone: "780-555-0102"
representative: {{name: Sam Ray, phone: "780-555-0101"}}
forms:
  - {{id: F-01, title: Field-Level Hazard Assessment, use: Every task}}
"""


def write_manual(
    root: Path,
    mid: str,
    *,
    company: str = "Tiny Test Co.",
    revision: str = "1",
    site: str = "Shop",
    muster: str = "North gate",
    pages: dict[str, str] | None = None,
) -> Path:
    """A small ESC SECOR manual; ``pages`` maps file name → full page text (front matter included)."""
    mdir = root / "manuals" / mid
    (mdir / "docs").mkdir(parents=True)
    q = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'  # noqa: E731
    (mdir / "manual.yml").write_text(
        MANUAL_YML.format(company=q(company), revision=revision, mid=mid, site=q(site), muster=q(muster)),
        encoding="utf-8",
    )
    pages = pages if pages is not None else default_pages()
    for name, text in pages.items():
        path = mdir / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return mdir


def page(title: str, body: str, covers: tuple[str, ...] | dict[str, str] = (), status: str = "approved") -> str:
    """A page; ``covers`` is a tuple of topics (the whole page answers them) or topic → heading id."""
    q = '"' + title.replace('"', '\\"') + '"'
    claims = (
        "covers:\n" + "".join(f"  {t}: {h}\n" for t, h in covers.items())
        if isinstance(covers, dict)
        else f"covers: [{', '.join(covers)}]\n"
    )
    return f"---\ntitle: {q}\n{claims}status: {status}\nowner: Owner\n---\n\n{body}\n"


POLICY = (
    "We are committed to finding and controlling the hazards of our work before anyone gets hurt. Every "
    "worker and supervisor follows the OHS Act and Code and the rules in this manual. We give you the "
    "training, tools and time to work safely, and we listen when you speak up.\n\n"
    "Signed by the owner, {{ document.approved_by.name }}, and dated the day this manual takes effect."
)


def default_pages() -> dict[str, str]:
    return {
        "index.md": page("Welcome", "Read the [policy](01-policy.md) first."),
        "01-policy.md": page(
            "Health and Safety Policy",
            "## Our promise\n\nWe put safety first.\n\n" + POLICY,
            {"policy.statement": "our-promise", "policy.signed": "our-promise"},
        ),
        "02-hazards.md": page(
            "Hazard Assessment",
            "## Field-level hazard assessment\n\nDo an FLHA before each task.\n\n"
            "See the [policy](01-policy.md#our-promise).",
            ("hazard.flha", "hazard.formal"),
        ),
    }


def build(root: Path, *manuals: str, pdf: bool = False, site_dir: Path | None = None, force: bool = False) -> int:
    args = ["--root", str(root), "build", *manuals]
    if not pdf:
        args.append("--no-pdf")
    if force:  # build even when the inputs are those of the last build
        args.append("--force")
    if site_dir:
        args += ["--site-dir", str(site_dir)]
    return main(args)


def site_files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and (not suffixes or p.suffix in suffixes))

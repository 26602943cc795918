"""`hsms new`: start a client manual from the starter library (``starter_library``).

The pages come from a curated starter chosen by the partner's province and the industry; they
name the company only through ``{{ company.name }}``, so nothing of another client is ever
copied. Every page is a draft, so the new manual honestly starts at 0% until the consultant
adapts and approves each page. Facts the command cannot know are ``TODO:`` values (and
000-000-0000 phone numbers), which validation reports until they are filled in."""

from __future__ import annotations

import re
import shutil
import unicodedata
import uuid
from pathlib import Path

import yaml

from . import clock
from .errors import UsageError
from .fact_checks import COMMITTEE_FROM, REPRESENTATIVE_FROM
from .library import Library
from .paths import ID_RULE, MANUAL_FILE, MANUAL_ID, MANUALS_DIR
from .schemas import MAX_EMPLOYEES
from .starter_library import Starter, choose
from .suggest import did_you_mean
from .yamlio import front_matter_source, split_front_matter

TODO = "TODO"
PLACEHOLDER_PHONE = "000-000-0000"


def document_number(company: str) -> str:
    """RBL-HSMS-001 for "Ridgeline Builders Ltd.": the initials of the name's words (up to six)."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", company)).upper()[:6]
    return f"{initials or 'CO'}-HSMS-001"


def manual_yaml(starter: Starter, company: str, partner_id: str, employees: int, fte: bool) -> str:
    """The starter's manual.yml template with what `hsms new` knows filled in. The company name is
    data (a YAML value), never a pattern or a template: any characters are kept as typed."""
    data = starter.manual_template()
    data["company"] = {**data["company"], "name": company, "province": starter.province, "employees": employees}
    if fte:  # a partner that counts FTE (BCCSA) needs it to pick the program; the head count is a first estimate
        data["company"]["fte"] = employees
    else:
        data["company"].pop("fte", None)
    data["certification"] = {"partner": partner_id}
    data["document"] = {**data["document"], "number": document_number(company), "effective": clock.today()}
    data["starter"] = {"id": starter.id}
    # The committee or representative the law asks for at this size, after emergency: (to fill in).
    data = _after(data, "emergency", _committee(starter.province, employees))
    head = (
        f"# {company}: health and safety manual settings (see README.md, 'Client manuals').\n"
        f"# Started from the '{starter.id}' starter ({starter.title}). Replace every {TODO} and every "
        f"{PLACEHOLDER_PHONE};\n# `hsms validate` lists what is left.\n"
    )
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _committee(province: str, employees: int) -> dict:
    """The committee or representative the law asks for at this size (see fact_checks), to fill in."""
    if province in COMMITTEE_FROM and employees >= COMMITTEE_FROM[province]:
        return {
            "committee": {
                "members": [
                    {"name": f"{TODO}: a member chosen by the workers", "represents": "workers"},
                    {"name": f"{TODO}: a member named by the employer", "represents": "employer"},
                ]
            }
        }
    if province in REPRESENTATIVE_FROM and employees >= REPRESENTATIVE_FROM[province]:
        return {"representative": {"name": f"{TODO}: the health and safety representative", "phone": PLACEHOLDER_PHONE}}
    return {}


def _after(data: dict, key: str, extra: dict) -> dict:
    """``data`` with ``extra``'s keys placed right after ``key`` (manual.yml reads top to bottom)."""
    out: dict = {}
    for k, v in data.items():
        out[k] = v
        if k == key:
            out.update(extra)
    return out if key in data else {**data, **extra}


def check_draft(rel: str, text: str) -> None:
    """A starter page must arrive as a draft (and with front matter): never approved by accident."""
    front, _ = split_front_matter(text)
    if front is None or front_matter_source(text, rel).data.get("status") != "draft":
        raise UsageError(f"starter page {rel} is not marked status: draft — fix the starter library")


def create(
    root: Path,
    manual_id: str,
    company: str,
    partner_id: str,
    employees: int,
    library: Library,
    industry: str | None = None,
    starter_id: str | None = None,
) -> tuple[Path, Starter]:
    if not MANUAL_ID.match(manual_id):
        raise UsageError(f"manual id '{manual_id}' must be {ID_RULE}")
    partner = library.partners.get(partner_id)
    if partner is None:
        raise UsageError(
            f"unknown partner '{partner_id}' — "
            + did_you_mean(partner_id, library.partners, f"use one of: {library.partner_ids()}")
        )
    if not 1 <= employees <= MAX_EMPLOYEES:
        raise UsageError(f"--employees must be between 1 and {MAX_EMPLOYEES} (the peak number of workers)")
    # Control characters and Unicode line breaks (NEL, U+2028, U+2029): YAML reads those as line
    # breaks too, and the name is also written in manual.yml's first comment line.
    if not company.strip() or any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in company):
        raise UsageError("--company must be the company's name on one line")
    target = root / MANUALS_DIR / manual_id
    if target.exists():
        raise UsageError(f"{MANUALS_DIR}/{manual_id} already exists — hsms new never overwrites; choose another id")
    starter = choose(partner, partner.province, industry, starter_id)
    pages = starter.pages()
    for rel, text in pages.items():
        check_draft(rel, text)

    # Build beside the target, then rename: an interrupted `new` leaves nothing half-made.
    # (mkdir, not mkdtemp: mkdtemp makes the folder 0700 and the rename would keep that.)
    tmp = target.parent / f".{manual_id}-{uuid.uuid4().hex[:12]}.tmp"
    tmp.parent.mkdir(parents=True, exist_ok=True)
    tmp.mkdir()
    try:
        for rel, text in pages.items():
            path = tmp / "docs" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (tmp / MANUAL_FILE).write_text(
            manual_yaml(starter, company, partner_id, employees, partner.size_unit == "fte"), encoding="utf-8"
        )
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target, starter

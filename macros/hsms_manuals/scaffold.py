"""`hsms new`: start a client manual from the starter library (the shipped examples).

Every page is copied as ``status: draft`` so the new manual honestly starts at 0% until the
consultant adapts and approves each page. Company-specific facts the command cannot know are
written as ``TODO:`` values, which validation reports until they are filled in."""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path

import yaml

from . import clock
from .errors import UsageError
from .fact_checks import COMMITTEE_FROM, REPRESENTATIVE_FROM
from .library import Library
from .manual import manual_ids
from .manual_files import scan_docs
from .model import Manual
from .paths import ID_RULE, MANUAL_FILE, MANUAL_ID, MANUALS_DIR
from .schemas import MAX_EMPLOYEES
from .suggest import did_you_mean
from .yamlio import load_front_matter, split_front_matter

_STATUS = re.compile(r"^status:[^\r\n]*", re.M)
TODO = "TODO"
PLACEHOLDER_PHONE = "000-000-0000"


def pick_starter(root: Path, partner_id: str, library: Library, load) -> Manual:
    """The shipped example closest to the new client: same partner, else same province."""
    starters = [m for m in (load(mid) for mid in manual_ids(root)) if m is not None]
    if not starters:
        raise UsageError("no starter manual found under manuals/ to copy pages from")
    province = library.partners[partner_id].province
    return (next((m for m in starters if m.partner_id == partner_id), None)
            or next((m for m in starters if library.partners.get(m.partner_id) and
                     library.partners[m.partner_id].province == province), None)
            or starters[0])


def starter_names(starter: Manual, new_company: str) -> list[str]:
    """Names that belong to the starter company and must not survive in an approved page:
    the company (and its first word), the approver, the first aiders — except any the new
    company's own name contains ("Ridgeline Roofing" may say Ridgeline)."""
    company = starter.company.name
    first_word = company.split()[0].strip(".,")
    people = [starter.document.approved_by.name] + [f.label for s in starter.emergency.sites for f in s.first_aid]
    people = [re.sub(r"\s*\(.*\)\s*$", "", p) for p in people]  # "Priya Sandhu (Shop Lead)" → the name
    names = [n for n in dict.fromkeys([company, first_word, *people]) if len(n) >= 3]
    return [n for n in names if n.lower() not in new_company.lower()]


def rename_company(text: str, starter: Manual, new_company: str) -> str:
    """The starter's roles and forms name the starter company ("Act for Ridgeline as prime
    contractor"): put the new company's name in its place."""
    company = starter.company.name
    first_word = company.split()[0].strip(".,")
    # A function, not a replacement template: the name is data ('Acme \\1 Ltd', 'C:\\new Ltd' stay as typed).
    return re.sub(rf"\b{re.escape(first_word)}\b", lambda _: new_company, text.replace(company, new_company))


def manual_yaml(company: str, province: str, partner_id: str, employees: int, number: str, starter: Manual,
                fte: bool = False) -> str:
    def rename(text: str) -> str:
        return rename_company(text, starter, company)

    data = {
        "company": {"name": company, "province": province, "employees": employees,
                    # A partner that counts FTE (BCCSA) needs it to pick the program; the head
                    # count is a first estimate (`hsms new` says so).
                    **({"fte": employees} if fte else {}),
                    "industry": f"{TODO}: what the company does"},
        "certification": {"partner": partner_id},
        "document": {"number": number, "revision": "0", "effective": clock.today(),
                     "approved_by": {"name": f"{TODO}: senior manager who signs the manual",
                                     "title": f"{TODO}: their job title"},
                     "review_months": 12, "changes": ["First draft from the starter library."]},
        "emergency": {
            "numbers": [{"label": "Fire, ambulance, police", "phone": "911"}],
            "report_incident": {"contact": f"{TODO}: who workers call to report an incident", "phone": PLACEHOLDER_PHONE},
            "sites": [{"name": f"{TODO}: main site name", "address": f"{TODO}: street address",
                       "phone": PLACEHOLDER_PHONE,
                       "muster_point": f"{TODO}: where everyone gathers",
                       "first_aid": [{"name": f"{TODO}: first aider's name", "phone": PLACEHOLDER_PHONE}],
                       "hospital": f"{TODO}: nearest hospital and its address"}],
        },
        **_committee(province, employees),
        # The starter's roles and forms are generic: a starting point to adapt, used by its pages.
        "responsibilities": [{"role": rename(r.role), "duties": [rename(d) for d in r.duties]}
                             for r in starter.responsibilities],
        "forms": [{"id": f.id, "title": rename(f.title), "use": rename(f.use)} for f in starter.forms],
        # The kinds of records the starter keeps (never its records log: that is the client's own).
        "records": [{"kind": k.kind, "title": rename(k.title), "every": k.every.value, "topics": list(k.topics),
                     **({"form": k.form} if k.form else {}), **({"per_site": True} if k.per_site else {}),
                     **({"owner": rename(k.owner)} if k.owner else {})} for k in starter.record_kinds],
        "not_applicable": {},
        "starter": {"manual": starter.id, "names": starter_names(starter, company)},
    }
    head = (f"# {company}: health and safety manual settings (see README.md, 'Client manuals').\n"
            f"# Replace every {TODO} and every {PLACEHOLDER_PHONE}; `hsms validate` lists what is left.\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _committee(province: str, employees: int) -> dict:
    """The committee or representative the law asks for at this size (see fact_checks), to fill in."""
    if province in COMMITTEE_FROM and employees >= COMMITTEE_FROM[province]:
        return {"committee": {"members": [{"name": f"{TODO}: a member chosen by the workers", "represents": "workers"},
                                          {"name": f"{TODO}: a member named by the employer", "represents": "employer"}]}}
    if province in REPRESENTATIVE_FROM and employees >= REPRESENTATIVE_FROM[province]:
        return {"representative": {"name": f"{TODO}: the health and safety representative", "phone": PLACEHOLDER_PHONE}}
    return {}


def make_draft(page: Path) -> None:
    """Set the page's front matter to status: draft, whatever its status line looked like
    (quotes, a comment, CRLF), then check it: a starter page must never arrive approved."""
    text = page.read_text(encoding="utf-8-sig")
    front, lines = split_front_matter(text)
    if front is None:
        raise UsageError(f"{page}: starter page has no front matter — fix the starter manual first")
    head, body = text.split("\n", lines)[:lines], text.split("\n", lines)[lines:]
    head_text = "\n".join(head)
    head_text, n = _STATUS.subn("status: draft", head_text, count=1)
    if n == 0:  # no status line: add one after the opening ---
        head_text = head_text.replace("\n", "\nstatus: draft\n", 1)
    page.write_text("\n".join([head_text, *body]), encoding="utf-8")
    if load_front_matter(page, str(page)).data.get("status") != "draft":
        raise UsageError(f"{page}: could not mark the starter page as a draft — check its front matter")


def starter_files(root: Path, starter: Manual) -> tuple[str, ...]:
    """The starter's files to copy: what its site would publish from docs/, found only inside
    the starter (never through a link out of it, never a FIFO)."""
    found, problems = scan_docs(root, starter.root)
    if problems or found is None:
        first = problems[0] if problems else f"{starter.docs_dir}: no docs/ folder"
        raise UsageError(f"the starter manual {starter.id} cannot be copied: {first}")
    return found.published


def create(root: Path, manual_id: str, company: str, partner_id: str, employees: int,
           library: Library, load) -> Path:
    if not MANUAL_ID.match(manual_id):
        raise UsageError(f"manual id '{manual_id}' must be {ID_RULE}")
    if partner_id not in library.partners:
        raise UsageError(f"unknown partner '{partner_id}' — "
                         + did_you_mean(partner_id, library.partners, f"use one of: {library.partner_ids()}"))
    if not 1 <= employees <= MAX_EMPLOYEES:
        raise UsageError(f"--employees must be between 1 and {MAX_EMPLOYEES} (the peak number of workers)")
    if not company.strip() or any(ord(c) < 32 or ord(c) == 127 for c in company):
        raise UsageError("--company must be the company's name on one line")
    target = root / MANUALS_DIR / manual_id
    if target.exists():
        raise UsageError(f"{MANUALS_DIR}/{manual_id} already exists — hsms new never overwrites; choose another id")
    starter = pick_starter(root, partner_id, library, load)
    partner = library.partners[partner_id]
    number = "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", company)).upper()[:6] + "-HSMS-001"

    # Build beside the target, then rename: an interrupted `new` leaves nothing half-made.
    # (mkdir, not mkdtemp: mkdtemp makes the folder 0700 and the rename would keep that.)
    tmp = target.parent / f".{manual_id}-{uuid.uuid4().hex[:12]}.tmp"
    tmp.mkdir()
    try:
        (tmp / "docs").mkdir()
        for rel in starter_files(root, starter):
            (tmp / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(starter.docs_dir / rel, tmp / "docs" / rel)
        for page in (tmp / "docs").rglob("*.md"):
            make_draft(page)
        (tmp / MANUAL_FILE).write_text(manual_yaml(company, partner.province, partner_id, employees, number, starter,
                                                   fte=partner.size_unit == "fte"),
                                       encoding="utf-8")
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target

"""Typed objects for partners, topics and manuals. Built once from validated data;
macros, templates and reports use these, never raw dicts."""

from __future__ import annotations

import calendar
import datetime as dt
import posixpath
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any

from .assets import allowed_type
from .audit_model import (
    Certification,
    Frequency,
    RecordKind,
    RecordsRules,
    Who,
    certification_from,
    record_kinds_from,
    records_rules_from,
)
from .languages import Languages, digest
from .sections import PageText
from .yamlio import page_body


class Evidence(str, Enum):
    DOCUMENTATION = "documentation"
    INTERVIEW = "interview"
    OBSERVATION = "observation"


@dataclass(frozen=True)
class LookFor:
    """One point an auditor looks for in the answer to a topic: met when any term is mentioned."""

    point: str  # in words: "check-in interval"
    any: tuple[str, ...]  # "check-in", "every hour", …


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str
    records_every: Frequency | None = None  # auditors sample records for it, expected this often
    min_words: int | None = None  # words a claimed section needs (None: the default, 40)
    look_for: tuple[LookFor, ...] = ()


@dataclass(frozen=True)
class SizeRule:
    unit: str  # "employees" (peak headcount) or "fte" (payroll hours / 2080)
    min: float = 0
    below: float | None = None

    def fits(self, size: float) -> bool:
        return size >= self.min and (self.below is None or size < self.below)

    def describe(self) -> str:
        unit = "FTE" if self.unit == "fte" else "employees"
        if self.below is None:
            return f"{_num(self.min)} or more {unit}"
        return f"{_num(self.min)} to fewer than {_num(self.below)} {unit}"


@dataclass(frozen=True)
class Program:
    id: str
    name: str
    audit: str
    size_rule: SizeRule
    approximated: str | None = None  # why its questions only approximate the real audit


@dataclass(frozen=True)
class PassRule:
    overall: float
    element_min: float | None = None
    basis: str | None = None  # who sets it, when not the partner: "Alberta's rule for maintenance audits since 2023"

    def describe(self) -> str:
        floor = f", every element at least {_num(self.element_min)}%" if self.element_min is not None else ""
        return f"at least {_num(self.overall)}% overall{floor}"


class Scoring(str, Enum):
    """How a question's points are earned from the topics the manual answers."""

    PROPORTIONAL = "proportional"  # points × share of topics answered
    ALL_OR_NOTHING = "all_or_nothing"  # full points only when every topic is answered
    CRITERIA = "criteria"  # points × criteria met ÷ criteria (a criterion is met when all its topics are)


@dataclass(frozen=True)
class Criterion:
    text: str  # our paraphrase of one criterion the auditor checks
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    evidence: tuple[Evidence, ...]
    points: float | None
    programs: frozenset[str]
    topics: tuple[str, ...]  # with criteria scoring: every criterion's topics, in order, once each
    verified: bool = True
    scoring: Scoring = Scoring.PROPORTIONAL
    criteria: tuple[Criterion, ...] = ()
    who: tuple[Who, ...] = ()  # who the auditor interviews or watches; () = the default for its evidence

    @property
    def documentary(self) -> bool:
        """Only documentation evidence can be answered by the manual itself."""
        return Evidence.DOCUMENTATION in self.evidence


@dataclass(frozen=True)
class Element:
    id: str
    title: str
    questions: tuple[Question, ...]
    verified: bool = True
    note: str | None = None  # e.g. "question ids and points here are ours"

    @property
    def label(self) -> str:
        return f"{self.id} {self.title}"


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    short_name: str
    kind: str
    province: str
    instrument_name: str
    instrument_version: str | None
    instrument_effective: dt.date | None
    source: str
    verified: bool
    notes: str | None
    default_points: float
    programs: tuple[Program, ...]
    pass_rule: PassRule
    maintenance_rule: PassRule | None
    elements: tuple[Element, ...]
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    provinces: tuple[str, ...] = ()  # where it certifies; () = its home province only
    records_rules: RecordsRules | None = None
    replaced_by: str | None = None  # the map of the partner's newer instrument

    @property
    def certifies_in(self) -> tuple[str, ...]:
        return self.provinces or (self.province,)

    def program(self, program_id: str) -> Program | None:
        return next((p for p in self.programs if p.id == program_id), None)

    def program_for(self, size: float) -> Program | None:
        """The default program for a company of this size: the first whose rule fits."""
        return next((p for p in self.programs if p.size_rule.fits(size)), None)

    @property
    def size_unit(self) -> str:
        return self.programs[0].size_rule.unit

    def is_active(self, on: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= on) and (self.active_to is None or on <= self.active_to)


@dataclass(frozen=True)
class Company:
    name: str
    province: str
    employees: int
    fte: float | None = None
    industry: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Person:
    name: str
    title: str


@dataclass(frozen=True)
class Document:
    number: str
    revision: str
    effective: dt.date
    approved_by: Person
    title: str = "Health and Safety Manual"
    review_months: int = 12
    changes: tuple[str, ...] = ()
    page_size: str = "Letter"  # PDF paper: Letter (Canada) or A4

    @property
    def next_review(self) -> dt.date:
        return add_months(self.effective, self.review_months)


@dataclass(frozen=True)
class Phone:
    label: str  # who or what to call
    phone: str

    @property
    def tel(self) -> str:
        """The number as a tel: URI target (digits and a leading + only)."""
        return "".join(c for c in self.phone if c.isdigit() or c == "+")


@dataclass(frozen=True)
class Site:
    name: str
    muster_point: str
    first_aid: tuple[Phone, ...]
    address: str | None = None
    hospital: str = ""
    phone: str = ""  # how to reach the site (office, trailer, foreman's cell)

    @property
    def tel(self) -> str:
        return Phone(self.name, self.phone).tel


@dataclass(frozen=True)
class Member:
    name: str
    represents: str  # "workers" or "employer"


@dataclass(frozen=True)
class Committee:
    """The joint health and safety committee: its members, or where its terms of reference are."""

    members: tuple[Member, ...] = ()
    terms_of_reference: str | None = None  # "page.md#heading-id"


@dataclass(frozen=True)
class Emergency:
    numbers: tuple[Phone, ...]
    report_incident: Phone
    sites: tuple[Site, ...]


@dataclass(frozen=True)
class Role:
    role: str
    duties: tuple[str, ...]


@dataclass(frozen=True)
class Form:
    id: str
    title: str
    use: str
    # The form's file, relative to the manual folder (always under forms/): forms/F-01.pdf, a .docx or
    # .xlsx to download, or a Markdown .md the site renders as a printable page. None: listed only.
    file: str | None = None
    text: str = field(default="", repr=False, compare=False)  # a Markdown form's text, read when loaded

    @property
    def suffix(self) -> str:
        return "" if self.file is None else posixpath.splitext(self.file)[1].lower()

    @property
    def is_page(self) -> bool:
        """A Markdown form: the site renders it as a page (src = its file), the PDF prints it."""
        return self.suffix == ".md"

    @property
    def url(self) -> str | None:
        """Its address in the site, relative to the site root: forms/F-01.pdf, forms/F-01-flha/."""
        if self.file is None:
            return None
        return self.file[:-3] + "/" if self.is_page else self.file


@dataclass(frozen=True)
class Claim:
    """A page says it answers a topic: in these sections (heading ids), or () for the whole page."""

    topic: str
    sections: tuple[str, ...] = ()

    @property
    def whole_page(self) -> bool:
        return not self.sections


@dataclass(frozen=True)
class Quality:
    """Plain-language targets for `hsms lint` (manual.yml ``quality:``)."""

    grade: float = 8.0  # Flesch–Kincaid grade a page should not exceed
    sentence_words: int = 30  # longest sentence, in words
    vague: tuple[str, ...] | None = None  # the phrases flagged (None: lint's default list)
    allow: tuple[str, ...] = ()  # phrases of the list this manual may use


@dataclass(frozen=True)
class Page:
    src: str  # path relative to the manual's docs folder, '/'-separated: "04-hazards.md"
    title: str
    claims: tuple[Claim, ...]
    status: str
    owner: str
    # The whole file as read when the manual was loaded (front matter included), so checks of
    # the text (law cited, starter names) need not read it again.
    text: str = field(default="", repr=False, compare=False)
    links: tuple[str, ...] = ()  # files of docs/ the page links to (relative to docs/)
    description: str | None = None  # front matter; the site's meta description (else the first paragraph)
    # Its headings and sections, read only for pages that claim something.
    sections: PageText | None = field(default=None, compare=False, repr=False)

    @property
    def covers(self) -> tuple[str, ...]:
        """The topic ids it claims, in the order written."""
        return tuple(c.topic for c in self.claims)

    @property
    def approved(self) -> bool:
        return self.status == "approved"

    @property
    def url(self) -> str:
        """Its address in the site (MkDocs' directory URLs): 04-x.md → 04-x/, index.md → '',
        and a folder's README.md is its index, as in MkDocs."""
        folder, _, name = self.src.rpartition("/")
        if name.lower() in ("index.md", "readme.md"):
            return f"{folder}/" if folder else ""
        return self.src[:-3] + "/"


@dataclass(frozen=True)
class Translation:
    """A translated page (``03-x.pa.md``): never approved content, never counted for coverage."""

    src: str  # "03-worker-rights.pa.md"
    original: str  # "03-worker-rights.md"
    lang: str  # "pa"
    title: str
    status: str  # "draft" (to be checked by a fluent speaker) or "reviewed"
    reviewed_by: str | None = None
    from_revision: str | None = None  # translated_from: what `hsms translate mark` recorded
    from_digest: str | None = None
    text: str = field(default="", repr=False, compare=False)

    @property
    def url(self) -> str:
        """Its address in the site: the original's address under the language's folder (pa/03-x/)."""
        folder, _, name = self.original.rpartition("/")
        base = (
            (f"{folder}/" if folder else "") if name.lower() in ("index.md", "readme.md") else self.original[:-3] + "/"
        )
        return f"{self.lang}/{base}"


@dataclass(frozen=True)
class Manual:
    id: str
    root: Path  # manuals/<id>
    company: Company
    partner_id: str
    program_id: str | None  # as written; None = derive from the partner's size rule
    document: Document
    emergency: Emergency
    site_url: str | None = None
    responsibilities: tuple[Role, ...] = ()
    forms: tuple[Form, ...] = ()
    not_applicable: dict[str, str] = field(default_factory=dict)
    pages: tuple[Page, ...] = ()
    starter_names: tuple[str, ...] = ()  # from `hsms new`: the starter company's names
    files: tuple[str, ...] = ()  # docs/'s other files MkDocs would publish (images, forms, anything)
    form_files: tuple[str, ...] = ()  # the regular files under forms/, relative to the manual folder
    logo: str | None = None  # an image of docs/ (relative to docs/): home-screen icons, header logo
    publish_files: tuple[str, ...] = ()  # listed in manual.yml: published whatever links to them
    certification: Certification = field(default_factory=Certification)  # certificates, audits, next audit
    record_kinds: tuple[RecordKind, ...] = ()  # manual.yml records:
    starter_manual: str | None = None  # from an older `hsms new`: the manual its pages were copied from
    starter_id: str | None = None  # from `hsms new`: the starter of the starter library it began from
    committee: Committee | None = None
    representative: Phone | None = None  # the health and safety representative: name and phone
    quality: Quality = field(default_factory=Quality)
    languages: Languages = field(default_factory=Languages)  # manual.yml languages:
    translations: tuple[Translation, ...] = ()  # translated pages (docs/*.<lang>.md), whatever their language

    @cached_property
    def translation_by_src(self) -> dict[str, Translation]:
        return {t.src: t for t in self.translations}

    @cached_property
    def published_translations(self) -> tuple[Translation, ...]:
        """Translations the site shows: of a declared language and of an approved page."""
        approved = {p.src for p in self.approved_pages}
        return tuple(t for t in self.translations if t.lang in self.languages.translations and t.original in approved)

    def translation(self, src: str, lang: str) -> Translation | None:
        """The published translation of a page into a language, if there is one."""
        return self._translation_index.get((src, lang))

    @cached_property
    def _translation_index(self) -> dict[tuple[str, str], Translation]:
        return {(t.original, t.lang): t for t in self.published_translations}

    def is_stale(self, t: Translation) -> bool:
        """The original changed since the translation was marked (or it never was)."""
        original = self.page_by_src.get(t.original)
        return original is None or t.from_digest != page_digest(original)

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @cached_property
    def page_by_src(self) -> dict[str, Page]:
        return {p.src: p for p in self.pages}

    @property
    def approved_pages(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.approved)

    @property
    def form_pages(self) -> tuple[Form, ...]:
        """The Markdown forms: printable pages of the site (and the PDF's forms appendix)."""
        return tuple(f for f in self.forms if f.is_page)

    @property
    def form_downloads(self) -> tuple[Form, ...]:
        """The forms with a PDF, Word or Excel file the site offers for download."""
        return tuple(f for f in self.forms if f.file is not None and not f.is_page)

    @cached_property
    def published_files(self) -> tuple[str, ...]:
        """The files of ``files`` the site publishes: listed under publish_files, or of an allowed
        type (assets.ASSET_TYPES) and linked from an approved page."""
        linked = {target for p in self.approved_pages for target in p.links}
        listed = set(self.publish_files)
        return tuple(f for f in self.files if f in listed or (allowed_type(f) and f in linked))

    def size_for(self, partner: Partner) -> float | None:
        """The company size in the partner's unit (None when FTE is needed but missing)."""
        return self.company.fte if partner.size_unit == "fte" else self.company.employees


def page_digest(page: Page) -> str:
    """What `hsms translate mark` records: the digest of what a translator translates, the title
    and the body as written (so a change of covers: or owner: does not make translations stale)."""
    body, _ = page_body(page.text)
    return digest(f"{page.title}\n{body}".encode())


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _num(x: float | None) -> str:
    return "" if x is None else (f"{x:g}")


# --- construction from validated, normalised dicts --------------------------------------


def topic_from(d: dict[str, Any]) -> Topic:
    return Topic(
        d["id"],
        d["title"],
        d["description"],
        Frequency(d["records_every"]) if d.get("records_every") else None,
        d.get("min_words"),
        tuple(LookFor(p["point"], tuple(p["any"])) for p in d.get("look_for") or ()),
    )


def partner_from(d: dict[str, Any]) -> Partner:
    programs = tuple(
        Program(p["id"], p["name"], p["audit"], SizeRule(**p["size_rule"]), p.get("approximated"))
        for p in d["programs"]
    )
    all_programs = frozenset(p.id for p in programs)
    rules = d["pass_rules"]
    maint = rules.get("maintenance")
    return Partner(
        id=d["id"],
        name=d["name"],
        short_name=d["short_name"],
        kind=d["kind"],
        province=d["province"],
        instrument_name=d["instrument"]["name"],
        instrument_version=d["instrument"]["version"],
        instrument_effective=d["instrument"]["effective"],
        source=d["provenance"]["source"],
        verified=d["provenance"]["verified"],
        notes=d["provenance"].get("notes"),
        default_points=d["default_points"],
        programs=programs,
        pass_rule=PassRule(rules["overall"], rules.get("element_min")),
        maintenance_rule=PassRule(maint["overall"], maint.get("element_min"), maint.get("basis")) if maint else None,
        elements=tuple(
            Element(
                e["id"],
                e["title"],
                tuple(question_from(q, all_programs) for q in e["questions"]),
                e["verified"],
                e.get("note"),
            )
            for e in d["elements"]
        ),
        active_from=d.get("active_from"),
        active_to=d.get("active_to"),
        provinces=tuple(d.get("provinces") or ()),
        records_rules=records_rules_from(d.get("records_rules")),
        replaced_by=d.get("replaced_by"),
    )


def question_from(q: dict[str, Any], all_programs: frozenset[str]) -> Question:
    criteria = tuple(Criterion(c["text"], tuple(c["topics"])) for c in q.get("criteria") or ())
    topics = tuple(dict.fromkeys(t for c in criteria for t in c.topics)) if criteria else tuple(q["topics"])
    return Question(
        q["id"],
        q["text"],
        tuple(Evidence(x) for x in q["evidence"]),
        q["points"],
        frozenset(q.get("programs") or all_programs),
        topics,
        q["verified"],
        Scoring(q["scoring"]),
        criteria,
        tuple(Who(w) for w in q.get("who") or ()),
    )


def manual_from(
    manual_id: str,
    root: Path,
    d: dict[str, Any],
    pages: tuple[Page, ...],
    files: tuple[str, ...] = (),
    translations: tuple[Translation, ...] = (),
    form_files: tuple[str, ...] = (),
    form_texts: dict[str, str] | None = None,
) -> Manual:
    form_texts = form_texts or {}
    c, doc, em = d["company"], d["document"], d["emergency"]
    return Manual(
        id=manual_id,
        root=root,
        company=Company(c["name"], c["province"], c["employees"], c.get("fte"), c.get("industry"), c.get("address")),
        partner_id=d["certification"]["partner"],
        program_id=d["certification"].get("program"),
        document=Document(
            doc["number"],
            doc["revision"],
            doc["effective"],
            Person(doc["approved_by"]["name"], doc["approved_by"]["title"]),
            doc["title"],
            doc["review_months"],
            tuple(doc["changes"]),
            doc["page_size"],
        ),
        emergency=Emergency(
            numbers=tuple(Phone(n["label"], n["phone"]) for n in em["numbers"]),
            report_incident=Phone(em["report_incident"]["contact"], em["report_incident"]["phone"]),
            sites=tuple(
                Site(
                    s["name"],
                    s["muster_point"],
                    tuple(Phone(f["name"], f["phone"]) for f in s["first_aid"]),
                    s.get("address"),
                    s["hospital"],
                    s["phone"],
                )
                for s in em["sites"]
            ),
        ),
        site_url=d.get("site_url"),
        responsibilities=tuple(Role(r["role"], tuple(r["duties"])) for r in d["responsibilities"]),
        forms=tuple(
            Form(f["id"], f["title"], f["use"], f.get("file"), form_texts.get(f.get("file") or "", ""))
            for f in d["forms"]
        ),
        not_applicable={k: (v or "") for k, v in d["not_applicable"].items()},
        pages=pages,
        starter_names=tuple((d.get("starter") or {}).get("names", ())),
        files=files,
        publish_files=tuple(d.get("publish_files") or ()),
        form_files=form_files,
        certification=certification_from(d["certification"]),
        record_kinds=record_kinds_from(d["records"]),
        starter_manual=(d.get("starter") or {}).get("manual"),
        starter_id=(d.get("starter") or {}).get("id"),
        committee=Committee(
            tuple(Member(x["name"], x["represents"]) for x in d["committee"]["members"]),
            d["committee"].get("terms_of_reference"),
        )
        if d.get("committee")
        else None,
        representative=Phone(d["representative"]["name"], d["representative"]["phone"])
        if d.get("representative")
        else None,
        quality=quality_from(d.get("quality")),
        languages=languages_from(d.get("languages")),
        translations=translations,
        logo=d.get("logo"),
    )


def quality_from(q: dict[str, Any] | None) -> Quality:
    if not q:
        return Quality()
    vague = q.get("vague")
    return Quality(
        q.get("grade", 8.0),
        q.get("sentence_words", 30),
        tuple(vague) if vague is not None else None,
        tuple(q.get("allow") or ()),
    )


def languages_from(d: dict[str, Any] | None) -> Languages:
    if not d:
        return Languages()
    return Languages(d["controlled"], tuple(d["translations"]))  # as written: validate reports duplicates

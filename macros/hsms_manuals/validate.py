"""Cross-reference checks of a manual against the library: ids, programs, N/A reasons,
duplicates and the review date. Schema checks happen while loading."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import assets, clock
from .certification import check_certification
from .citations import wrong_law
from .claim_checks import check_claims
from .errors import Problem, UsageError
from .fact_checks import check_facts
from .forms import check_forms
from .icons import logo_problems
from .legislation import Register
from .library import Library, load_library
from .links import link_problems, targets
from .lint import change_notes, lint_pages
from .located import Where
from .manual import PageReader, manual_ids, manual_root, read_manual, stray_folders
from .model import Manual, Page, Partner, Program, Quality
from .page_rules import body_problems, drawing_problems
from .paths import MANUAL_FILE, MANUALS_DIR, PARTNERS_DIR, shown
from .records import check_record_kinds, read_log, unrecorded_topics
from .schemas import SLUG
from .suggest import did_you_mean
from .text import slug
from .translation_checks import check_translations, stale_warnings
from .yamlio import parse_yaml, read_text, split_front_matter


def resolve_program(manual: Manual, partner: Partner, program_id: str | None = None) -> Program:
    """The program a manual is measured against: asked for, written, or derived from size."""
    wanted = program_id or (manual.program_id if manual.partner_id == partner.id else None)
    if wanted:
        program = partner.program(wanted)
        if program is None:
            raise UsageError(
                f"{partner.short_name} has no program '{wanted}' — "
                + did_you_mean(
                    wanted, [p.id for p in partner.programs], "use one of: " + ", ".join(p.id for p in partner.programs)
                )
            )
        return program
    size = manual.size_for(partner)
    program = partner.program_for(size) if size is not None else None
    if program is None:
        raise UsageError(
            f"cannot choose a {partner.short_name} program for {manual.id}: "
            + (
                "set company.fte (annual payroll hours ÷ 2080)"
                if size is None
                else f"no program fits {size:g} {partner.size_unit}"
            )
            + " or pass --program"
        )
    return program


def unknown_topic_fix(topic: str, library: Library) -> str:
    return did_you_mean(topic, library.topics, "use a topic id from partners/topics.yml")


def check_manual(root: Path, manual: Manual, library: Library, on: dt.date | None = None) -> list[Problem]:
    where = Where(root, manual)
    out: list[Problem] = []
    on = on or clock.today()

    partner = library.partners.get(manual.partner_id)
    broken_map = re.fullmatch(SLUG, manual.partner_id) and (root / PARTNERS_DIR / f"{manual.partner_id}.yml").is_file()
    if partner is None and broken_map:  # (a path such as ../x is no partner id: never looked up as a file)
        out.append(
            where.yml(
                ("certification", "partner"),
                f"partner map '{manual.partner_id}' has problems",
                f"fix the problems reported in partners/{manual.partner_id}.yml",
            )
        )
    elif partner is None:
        out.append(
            where.yml(
                ("certification", "partner"),
                f"unknown partner '{manual.partner_id}'",
                did_you_mean(
                    manual.partner_id, library.partners, f"use one of: {library.partner_ids()} (see `hsms partners`)"
                ),
            )
        )
    else:
        if not partner.is_active(on):
            out.append(
                where.yml(
                    ("certification", "partner"),
                    f"{partner.short_name} is not an active certifying partner on {on}",
                    "choose an active partner (see `hsms partners`)",
                )
            )
        out += check_province(root, manual, partner)
        out += _check_program(where, manual, partner)
        out += check_certification(where.yml, manual, partner, _program_id(manual, partner), on)

    for topic, reason in manual.not_applicable.items():
        if library.topics and topic not in library.topics:  # empty = topics.yml broken, already reported
            out.append(
                where.yml(("not_applicable", topic), f"unknown topic '{topic}'", unknown_topic_fix(topic, library))
            )
        elif not reason.strip():
            out.append(
                where.yml(
                    ("not_applicable", topic),
                    "not applicable without a reason",
                    "say in plain words why this does not apply to the company",
                )
            )

    out += check_claims(where, manual, library.topics)
    out += check_facts(where, manual)
    covered_by: dict[str, list[str]] = defaultdict(list)
    titles: dict[str, str] = {}
    for page in manual.pages:
        if page.approved:
            for topic in page.covers:
                covered_by[topic].append(page.src)
            if page.title in titles:
                out.append(
                    where.page(
                        page.src,
                        ("title",),
                        f"same title as {titles[page.title]}",
                        "give every page its own title so readers can tell them apart",
                    )
                )
            titles.setdefault(page.title, page.src)
    program_id = _program_id(manual, partner) if partner is not None else None
    out += check_pages(root, manual.docs_dir, manual.pages, manual.published_files, partner, manual.files, program_id)
    out += _check_publishable(where, manual)
    out += _check_files(where, manual)
    out += check_translations(root, manual, where.page, where.yml)
    out += check_forms(root, manual, where.yml)
    out += logo_problems(manual, where.yml)
    for topic in manual.not_applicable:
        if topic in covered_by:
            out.append(
                where.yml(
                    ("not_applicable", topic),
                    f"marked not applicable but claimed by {', '.join(dict.fromkeys(covered_by[topic]))}",
                    "remove it from not_applicable or from the page's covers",
                )
            )

    for key, items in (
        ("forms", [f.id for f in manual.forms]),
        ("emergency.sites", [s.name for s in manual.emergency.sites]),
    ):
        seen: set[str] = set()
        for i, name in enumerate(items):
            if name in seen:
                out.append(
                    where.yml(
                        tuple(key.split(".")) + (i,), f"duplicate entry '{name}'", "give every entry its own name"
                    )
                )
            seen.add(name)

    out += check_record_kinds(where.yml, manual, library.topics)
    out += _check_unfinished(root, manual, where)
    out += _check_starter_text(root, manual)
    out += _check_law_cited(root, manual, library.register)

    due = manual.document.next_review
    if due < on:
        out.append(
            where.yml(
                ("document", "effective"),
                f"review overdue since {due} (effective {manual.document.effective} + "
                f"{manual.document.review_months} months)",
                "review the manual, raise document.revision and set a new document.effective date",
            )
        )
    return out


def check_pages(
    root: Path,
    docs: Path,
    pages: tuple[Page, ...],
    files: Iterable[str] | None = None,
    partner: Partner | None = None,
    present: Iterable[str] = (),
    program_id: str | None = None,
) -> list[Problem]:
    """What can be checked of the pages alone (also when manual.yml is broken): the ``{{ … }}``
    language of each body, and the links of approved pages (``files``: the published files of
    docs/, None when unknown; ``partner``: whose audit guide pages the build adds, if known)."""
    generated = (
        None if partner is None else ["audit/index.md"] + [f"audit/element-{slug(e.id)}.md" for e in partner.elements]
    )  # as state.element_src
    target = targets(pages, files if files is not None else (), generated, present)
    elements = None
    if partner is not None:  # whose elements, named as the build names them ("ESC SECOR")
        whose = f"{partner.short_name} {program_id}" if program_id else partner.short_name
        elements = ([e.id for e in partner.elements], whose)
    out: list[Problem] = []
    for page in pages:
        found = body_problems(page.text, "", elements)  # the text read when the manual was loaded
        if page.approved:
            found += [
                p
                for p in link_problems(page.src, page.text, "", target)
                if files is not None or "not a published file" not in p.problem
            ]
        if found:  # the shown path costs a file-system look-up: only for a page with problems
            name = shown(docs / page.src, root)
            out += [replace(p, file=name) for p in found]
    return out


# Names the build and publishing write themselves: a page there would be replaced or collide.
RESERVED_FOLDERS = ("audit/", "pdf/", "search/")
RESERVED_PAGES = ("changes.md",)  # the "What changed" page of published revisions
# The published branch's own names in <manual>/ (hsms-sw.js: the offline worker, offline.WORKER).
RESERVED_REVISIONS = ("current", "versions.json", "hsms-history.json", "index.html", "hsms-sw.js")


def _check_publishable(where: Where, manual: Manual) -> list[Problem]:
    """What would make the built site wrong: a draft home page, two pages at one address,
    pages or a revision with a name the build or publishing uses itself."""
    out: list[Problem] = []
    if manual.document.revision.lower() in RESERVED_REVISIONS:
        out.append(
            where.yml(
                ("document", "revision"),
                f"'{manual.document.revision}' is reserved for the published manual's own files",
                'use a number or a date, e.g. revision: "5"',
            )
        )
    for page in manual.pages:
        if page.src.startswith(RESERVED_FOLDERS) or page.src in RESERVED_PAGES:
            out.append(
                where.page(
                    page.src,
                    (),
                    f"{page.src} is a name the build writes itself (the audit guide, "
                    "the PDF, search or the 'What changed' page)",
                    "rename or move the page",
                )
            )
    home = next((p for p in manual.pages if p.src == "index.md"), None)
    if home is not None and not home.approved:
        out.append(
            where.page(
                home.src,
                ("status",),
                "the home page is a draft: the site would have no home page and no emergency numbers",
                "approve it (status: approved); workers land on this page",
            )
        )
    seen: dict[str, str] = {}
    for page in manual.approved_pages:
        key = page.url.lower()  # case-insensitive: many web hosts and file systems are
        if key in seen:
            out.append(
                where.page(
                    page.src, (), f"same web address '{page.url or '/'}' as {seen[key]}", "rename one of the two files"
                )
            )
        seen.setdefault(key, page.src)
    return out


def check_province(root: Path, manual: Manual, partner: Partner) -> list[Problem]:
    """A partner certifies only in its provinces: a BC company cannot hold an Alberta-only COR."""
    if manual.company.province in partner.certifies_in:
        return []
    where = Where(root, manual)
    provinces = ", ".join(partner.certifies_in)
    return [
        where.yml(
            ("company", "province"),
            f"{partner.short_name} certifies in {provinces}, not in {manual.company.province}",
            "choose a partner that certifies in the company's province (see `hsms partners`), "
            "or correct company.province",
        )
    ]


def _check_files(where: Where, manual: Manual) -> list[Problem]:
    """docs/'s other files: only allowed types that a page links to, or files listed under
    publish_files, are published (assets.py); anything else is a mistake to fix, not to ship."""
    out: list[Problem] = []
    listed = set(manual.publish_files)
    for rel in manual.files:
        if rel not in listed and not assets.allowed_type(rel):
            kind = assets.suffix(rel) or "extension-less"
            out.append(
                where.file(
                    rel,
                    f"{kind} files are not published (only images and forms: {' '.join(assets.ASSET_TYPES)})",
                    "remove it from docs/ (keep private notes outside the manual), or list it under "
                    "publish_files: in manual.yml to publish it",
                )
            )
        elif assets.suffix(rel) == ".svg":  # a drawing opened on its own runs its scripts
            out += drawing_problems(manual.docs_dir / rel, shown(manual.docs_dir / rel, where.root))
    for rel in manual.published_files:
        if rel.startswith(RESERVED_FOLDERS):
            out.append(
                where.file(
                    rel,
                    f"{rel} is in a folder the build writes itself (the audit guide, the PDF, search)",
                    "move it to another folder and update the links",
                )
            )
    files, seen = set(manual.files), set()
    for i, rel in enumerate(manual.publish_files):
        refusal = assets.publish_refusal(rel)
        if refusal:
            out.append(where.yml(("publish_files", i), f"'{rel}' cannot be listed: {refusal}", "remove the entry"))
        elif rel not in files:
            out.append(
                where.yml(
                    ("publish_files", i),
                    f"'{rel}' is not a file of docs/",
                    "write the path relative to docs/, e.g. forms/contacts.csv, or remove the entry",
                )
            )
        elif rel in seen:
            out.append(where.yml(("publish_files", i), f"'{rel}' is listed twice", "remove the duplicate"))
        seen.add(rel)
    return out


def unpublished_files(root: Path, manual: Manual) -> list[Problem]:
    """Warnings: allowed files that no page links to (so they are not published). A file only a
    draft links to is not reported: it is published with that page."""
    linked = {target for p in manual.pages for target in p.links}
    where = Where(root, manual)
    return [
        where.file(
            rel,
            "no page links to it, so it is not published",
            "link it from a page, list it under publish_files: in manual.yml, or remove it",
        )
        for rel in manual.files
        if assets.allowed_type(rel) and rel not in linked and rel not in manual.publish_files and rel != manual.logo
    ]


def _check_program(where: Where, manual: Manual, partner: Partner) -> list[Problem]:
    size = manual.size_for(partner)
    if size is None:
        return [
            where.yml(
                ("company", "fte"),
                f"{partner.short_name} sizes programs by FTE but company.fte is missing",
                "add company.fte: annual payroll hours ÷ 2080",
            )
        ]
    if manual.program_id is None:
        if partner.program_for(size) is None:
            return [
                where.yml(
                    ("company",),
                    f"no {partner.short_name} program fits {size:g} {partner.size_unit}",
                    "check the company size or set certification.program",
                )
            ]
        return []
    program = partner.program(manual.program_id)
    if program is None:
        return [
            where.yml(
                ("certification", "program"),
                f"{partner.short_name} has no program '{manual.program_id}'",
                did_you_mean(
                    manual.program_id,
                    [p.id for p in partner.programs],
                    "use one of: " + ", ".join(p.id for p in partner.programs),
                ),
            )
        ]
    if not program.size_rule.fits(size):
        fitting = partner.program_for(size)
        return [
            where.yml(
                ("certification", "program"),
                f"{program.id} is for {program.size_rule.describe()}, the company has {size:g}",
                f"use {fitting.id}" if fitting else "check the company size",
            )
        ]
    return []


def check_audit_settings(root: Path, manual: Manual, library: Library, on: dt.date) -> list[Problem]:
    """The part of ``check_manual`` that records readiness depends on: the partner and program, the
    certification history and plan, the record kinds (no page is read)."""
    where = Where(root, manual)
    partner = library.partners.get(manual.partner_id)
    out = check_record_kinds(where.yml, manual, library.topics)
    if partner is not None:
        out += _check_program(where, manual, partner)
        out += check_certification(where.yml, manual, partner, _program_id(manual, partner), on)
    return out


def _program_id(manual: Manual, partner: Partner) -> str | None:
    """The program written, or the one the company's size picks (None: neither; reported elsewhere)."""
    if manual.program_id:
        return manual.program_id
    size = manual.size_for(partner)
    program = partner.program_for(size) if size is not None else None
    return program.id if program else None


@dataclass(frozen=True)
class Validation:
    """The outcome of `hsms validate`: problems fail it; warnings (plain-language lint) never do."""

    library: Library
    manuals: dict[str, Manual]
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)
    pages: int = 0  # pages read, in loaded and broken manuals alike


def validate(
    root: Path, ids: list[str] | None = None, on: dt.date | None = None
) -> tuple[Library, dict[str, Manual], list[Problem]]:
    """Load and check the library and the given manuals (all by default) as on ``on`` (default
    today); collect every problem."""
    v = validate_all(root, ids, on, lint=False)
    return v.library, v.manuals, v.problems


def validate_all(root: Path, ids: list[str] | None = None, on: dt.date | None = None, lint: bool = True) -> Validation:
    """Everything `hsms validate` reports. A manual whose manual.yml does not load still has its
    pages checked (their front matter, body and links), so one mistake hides no other."""
    library, problems = load_library(root)
    strays = [] if ids else stray_folders(root)
    problems += strays
    ids = ids if ids else manual_ids(root)
    if not ids and not strays:
        raise UsageError(f"no manuals found under {root / 'manuals'} — create one with `hsms new`")
    for mid in ids:  # unknown ids are usage errors, raised before any work
        manual_root(root, mid)
    manuals: dict[str, Manual] = {}
    warnings: list[Problem] = []
    reader = PageReader(root)
    on = on or clock.today()
    pages = 0
    for mid in ids:
        loaded = read_manual(root, mid, reader)
        problems += loaded.problems
        pages += len(loaded.pages)
        docs = root / MANUALS_DIR / mid / "docs"
        if loaded.manual is not None:
            manuals[mid] = loaded.manual
            problems += check_manual(root, loaded.manual, library, on)
            # The records log is checked here, not in check_manual: a bad row must not stop the
            # manual itself from being built and published.
            problems += read_log(root, loaded.manual, library.topics, clock.today()).problems
        else:
            problems += check_pages(root, docs, loaded.pages)
        if lint:
            quality = loaded.manual.quality if loaded.manual else Quality()
            warnings += lint_pages(root, docs, loaded.pages, quality)
            warnings += change_notes(root, loaded.manual) if loaded.manual else []
    return Validation(library, manuals, sorted(set(problems)), sorted(set(warnings)), pages)


def translation_warnings(root: Path, manuals: dict[str, Manual]) -> list[Problem]:
    """Warnings: translations that no longer match their page (they show an out-of-date banner)."""
    return [w for m in manuals.values() for w in stale_warnings(m, Where(root, m).page)]


def record_warnings(root: Path, library: Library, manuals: dict[str, Manual]) -> list[Problem]:
    """Warnings, not problems: a manual that keeps a records log but no record kind for a topic
    auditors sample records for (its readiness is then only as good as the kinds it keeps)."""
    out = []
    for manual in manuals.values():
        partner = library.partners.get(manual.partner_id)
        program = _program_id(manual, partner) if partner else None
        if partner is None or program is None:
            continue
        where = Where(root, manual)
        for t in unrecorded_topics(manual, partner, program, library.topics):
            every = t.records_every.phrase if t.records_every else ""
            out.append(
                where.yml(
                    ("records",),
                    f"no record kind keeps '{t.id}' ({t.title}); auditors sample its records (expected {every})",
                    f"add a kind with topics: [{t.id}]",
                )
            )
    return out


def _check_unfinished(root: Path, manual: Manual, where: Where) -> list[Problem]:
    """Values `hsms new` could not know ("TODO: …", 000-000-0000) must be filled in."""
    path = manual.root / MANUAL_FILE
    text = read_text(path, shown(path, root))
    if "TODO" not in text and "000-000-0000" not in text:
        return []
    data = parse_yaml(text, str(path)).data
    out: list[Problem] = []

    def walk(node: Any, at: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, at + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, at + (i,))
        elif isinstance(node, str) and (node.startswith("TODO") or node == "000-000-0000"):
            out.append(where.yml(at, f"not filled in yet ({node})", "replace it with the company's real information"))

    walk(data, ())
    return out


def _check_starter_text(root: Path, manual: Manual) -> list[Problem]:
    """An approved page copied by `hsms new` must not still name the starter company or its
    people (nor may manual.yml's roles and forms, which pages print): template wording that
    does not match the company is a classic audit finding."""
    if not manual.starter_names:
        return []
    # Longest first, so "Ridgeline Builders Ltd." is named rather than "Ridgeline"; whole words only.
    names = sorted(manual.starter_names, key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names))
    out: list[Problem] = []
    files = [manual.root / MANUAL_FILE] + [manual.docs_dir / p.src for p in manual.approved_pages]
    for path in files:
        text = read_text(path, shown(path, root))
        in_yaml_until = split_front_matter(text)[1] if path.suffix == ".md" else len(text)
        for line, content in enumerate(text.splitlines(), 1):
            if path.name == MANUAL_FILE and content.startswith("starter:"):
                break  # the list of names itself
            hit = pattern.search(content)
            if hit:  # every line to fix, once each
                how = (
                    "write the company's name"
                    if line <= in_yaml_until
                    else "for the company's name, write {{ company.name }}"
                )
                out.append(
                    Problem(
                        shown(path, root),
                        line,
                        "",
                        f"still names '{hit.group(0)}' from the starter manual",
                        f"rewrite it for {manual.company.name} ({how})",
                    )
                )
    return out


def _check_law_cited(root: Path, manual: Manual, register: Register) -> list[Problem]:
    """An approved page must cite the law of the company's province, and never a repealed
    act's numbering as law (the register's ``cited_as`` phrases identify both)."""
    out: list[Problem] = []
    for page in manual.approved_pages:
        found = wrong_law(register.scanner.scan(page.text), manual.company.province, register)
        name = shown(manual.docs_dir / page.src, root) if found else ""
        out += [Problem(name, f.line, "", f.problem, f.fix) for f in found]
    return out

"""Loading one client manual: ``manuals/<id>/manual.yml``, the front matter of its pages, and
the other files of docs/ (only those ``manual_files`` finds inside the manual)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import assets
from .errors import Problem, UsageError
from .languages import split_suffix
from .manual_files import check_manual_folder, scan_docs, scan_forms
from .model import Claim, Manual, Page, Translation, manual_from
from .paths import ID_RULE, MANUAL_FILE, MANUAL_ID, MANUALS_DIR, shown
from .schemas import MANUAL, PAGE, TRANSLATION, Schema, plain_page
from .sections import PageText, slugify
from .suggest import did_you_mean
from .text import one_line
from .yamlio import SourceError, front_matter_source, load_yaml_file, page_body, read_text

HEADING_ID_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]*$")


def manual_ids(root: Path) -> list[str]:
    """Every folder under manuals/ with a valid id that holds a manual.yml, sorted."""
    base = root / MANUALS_DIR
    return (
        sorted(p.parent.name for p in base.glob(f"*/{MANUAL_FILE}") if MANUAL_ID.match(p.parent.name))
        if base.is_dir()
        else []
    )


def manual_root(root: Path, manual_id: str) -> Path:
    """The folder of a manual, or a usage error listing the manuals that exist."""
    if not MANUAL_ID.match(manual_id):
        raise UsageError(f"'{manual_id}' is not a manual id — manual ids are {ID_RULE}")
    path = root / MANUALS_DIR / manual_id
    if not os.path.lexists(path / MANUAL_FILE):  # a manual.yml that is not a file is reported when loading
        ids = manual_ids(root)
        known = ", ".join(ids) or "(none yet: create one with `hsms new`)"
        raise UsageError(
            f"unknown manual '{manual_id}' — "
            + did_you_mean(manual_id, ids, f"expected {MANUALS_DIR}/{manual_id}/{MANUAL_FILE}; manuals here: {known}")
        )
    return path


def nav_key(rel: Path) -> tuple:
    """Navigation order: a folder's pages before its subfolders', index.md first (as MkDocs)."""
    return (rel.parent.parts, rel.name.lower() not in ("index.md", "readme.md"), rel.name)


def stray_folders(root: Path) -> list[Problem]:
    """Folders under manuals/ that are not manuals hsms can use: a name that is not a valid id,
    or no manual.yml (misnamed manual.yaml). They must not vanish silently."""
    base = root / MANUALS_DIR
    out = []
    for d in sorted(base.iterdir()) if base.is_dir() else ():
        if not d.is_dir() or d.name.startswith("."):
            continue
        if not MANUAL_ID.match(d.name):
            out.append(
                Problem(
                    shown(d, root),
                    0,
                    "",
                    f"'{d.name}' is not a valid manual id (it becomes part of web addresses)",
                    f"rename the folder: {ID_RULE}",
                )
            )
        elif not os.path.lexists(d / MANUAL_FILE):
            out.append(
                Problem(
                    shown(d / MANUAL_FILE, root),
                    0,
                    "",
                    "file not found",
                    f"add {MANUAL_FILE} (see README.md, 'Client manuals') or remove the folder",
                )
            )
    return out


class PageReader:
    """Reads page front matter with one reusable validator (the hot path of `validate`);
    also holds the manual.yml validator, so validating many manuals builds each schema once."""

    def __init__(self, root: Path):
        self.root = root
        self.schema = Schema(PAGE)
        self.translation_schema = Schema(TRANSLATION)
        self.manual_schema = Schema(MANUAL)

    def read(self, docs: Path, rel: str, problems: list[Problem], docs_shown: str | None = None) -> Page | None:
        """``docs_shown``: ``docs`` as shown to the user, when the caller knows it already."""
        path = docs / rel
        name = f"{docs_shown}/{rel}" if docs_shown else shown(path, self.root)
        try:
            text = read_text(path, name)
            src = front_matter_source(text, name)
        except SourceError as e:
            problems.append(Problem(e.path, e.line, "", e.problem, e.fix))
            return None
        doc = plain_page(src.data)
        if doc is None:
            doc, probs = self.schema.check(src)
            problems += probs
        if doc is None:
            return None
        claims, bad = claims_from(doc["covers"])
        problems += [Problem(name, src.line_of(at), ".".join(map(str, at)), problem, fix) for at, problem, fix in bad]
        # Headings and words are read only where something is claimed (the common case in
        # `validate` is one pass over the lines of those pages).
        sections = PageText(*page_body(text)) if claims else None
        return Page(
            rel,
            doc["title"],
            claims,
            doc["status"],
            doc["owner"],
            text=text,
            links=assets.links(text, rel),
            sections=sections,
            description=doc.get("description"),
        )

    def read_translation(
        self, docs: Path, rel: str, original: str, lang: str, problems: list[Problem]
    ) -> Translation | None:
        path = docs / rel
        name = shown(path, self.root)
        try:
            text = read_text(path, name)
            src = front_matter_source(text, name)
        except SourceError as e:
            problems.append(Problem(e.path, e.line, "", e.problem, e.fix))
            return None
        doc, probs = self.translation_schema.check(src)
        problems += probs
        if doc is None:
            return None
        made_from = doc["translated_from"] or {}
        return Translation(
            rel,
            original,
            lang,
            doc["title"],
            doc["translation"]["status"],
            doc["translation"]["reviewed_by"],
            made_from.get("revision"),
            made_from.get("digest"),
            text=text,
        )


def claims_from(covers: list | dict) -> tuple[tuple[Claim, ...], list[tuple[tuple, str, str]]]:
    """``covers`` as written → claims, and (field path, problem, fix) for what cannot be read.

    A list names topics the whole page answers; a mapping names the heading id(s) of the
    section(s) that answer each topic."""
    claims: list[Claim] = []
    bad: list[tuple[tuple, str, str]] = []
    # Topic ids are checked against the catalogue by claim_checks (so a claim keeps its index).
    if isinstance(covers, list):
        return tuple(Claim(str(topic)) for topic in covers), bad
    for topic, value in covers.items():
        at = ("covers", topic)
        ids = value if isinstance(value, list) else [value]
        if value is None or value == []:
            bad.append(
                (
                    at,
                    "no heading id",
                    "write the id of the heading that answers it, without '#' "
                    "(in YAML an unquoted ' #' starts a comment, so '#id' reads as nothing)",
                )
            )
            continue
        problem = next((_heading_id_problem(x) for x in ids if _heading_id_problem(x)), None)
        if problem:
            bad.append((at, *problem))
            continue
        claims.append(Claim(str(topic), tuple(dict.fromkeys(ids))))
    return tuple(claims), bad


def _heading_id_problem(value: object) -> tuple[str, str] | None:
    if not isinstance(value, str) or not value:
        return f"{value!r} is not a heading id", "write the heading id as text, e.g. before-you-work-alone"
    shown_value = one_line(value)
    if value.startswith("#") and HEADING_ID_RE.match(value[1:]):
        return f"'{value}': write heading ids without '#'", f"write {value[1:]}"
    if any(c.isspace() for c in value):
        return f"'{shown_value}' is a heading title, not its id", f"write its id: {slugify(value)}"
    if not HEADING_ID_RE.match(value):
        return (
            f"'{shown_value}' cannot be a heading id here",
            "use letters, digits, '-', '_', '.' or ':' (set it on the heading as ## Title { #the-id })",
        )
    return None


@dataclass(frozen=True)
class Loaded:
    """What could be read of one manual: the manual (None when manual.yml or docs/ is broken),
    every page that read, and the problems. Pages are kept even when manual.yml is broken, so
    `hsms validate` still checks them: one mistake must not hide the others."""

    manual: Manual | None
    pages: tuple[Page, ...]
    problems: list[Problem]


def read_manual(root: Path, manual_id: str, reader: PageReader | None = None, *, with_pages: bool = True) -> Loaded:
    """Schema-check manual.yml and every page; cross-references are checked in ``validate``.
    ``with_pages=False``: manual.yml only (the manual has no pages; `hsms records` reads none)."""
    mroot = manual_root(root, manual_id)
    problems: list[Problem] = check_manual_folder(root, mroot)
    if problems:  # a manual folder or manual.yml that is a link: nothing of it is read
        return Loaded(None, (), problems)
    reader = reader or PageReader(root)
    try:
        src = load_yaml_file(mroot / MANUAL_FILE, shown(mroot / MANUAL_FILE, root))
        doc, probs = reader.manual_schema.check(src)
        problems += probs
    except SourceError as e:
        problems.append(Problem(e.path, e.line, "", e.problem, e.fix))
        doc = None
    if not with_pages:
        return Loaded(manual_from(manual_id, mroot, doc, ()) if doc is not None else None, (), problems)

    docs = mroot / "docs"
    found, probs = scan_docs(root, mroot)
    problems += probs
    if found is None:
        if probs:  # docs/ is a link out of the manual, a file, unreadable: reported
            return Loaded(None, (), problems)
        problems.append(
            Problem(shown(mroot, root), 0, "", "no docs/ folder", "put the manual's Markdown pages in docs/")
        )
        return Loaded(None, (), problems)
    published = found.published
    page_srcs = sorted((f for f in published if assets.is_page(f)), key=lambda f: nav_key(Path(f)))
    docs_shown = shown(docs, root)  # resolved once, not once per page
    # docs/x.<lang>.md (a known language code) is a translation of docs/x.md, not a page of its own.
    translated = {rel: split_suffix(rel) for rel in page_srcs}
    read = [reader.read(docs, rel, problems, docs_shown) for rel in page_srcs if translated[rel] is None]
    read_t = [
        reader.read_translation(docs, rel, *pair, problems) for rel, pair in translated.items() if pair is not None
    ]
    translations = tuple(t for t in read_t if t is not None)
    pages = tuple(p for p in read if p is not None)
    if not any(p.src == "index.md" for p in pages) and not any(pr.file.endswith("docs/index.md") for pr in problems):
        problems.append(
            Problem(shown(docs, root), 0, "", "no home page", "add docs/index.md (the page workers land on)")
        )
    form_files, probs = scan_forms(root, mroot)
    problems += probs
    if doc is None:
        return Loaded(None, pages, problems)
    return Loaded(
        manual_from(
            manual_id,
            mroot,
            doc,
            pages,
            files=tuple(f for f in published if not assets.is_page(f)),
            translations=translations,
            form_files=form_files,
            form_texts=_markdown_forms(root, mroot, doc, form_files, problems),
        ),
        pages,
        problems,
    )


def load_manual(
    root: Path, manual_id: str, reader: PageReader | None = None, *, with_pages: bool = True
) -> tuple[Manual | None, list[Problem]]:
    """The manual (None when it cannot be loaded) and every problem found while reading it.
    ``with_pages=False``: manual.yml only (`hsms records` reads no page)."""
    loaded = read_manual(root, manual_id, reader, with_pages=with_pages)
    return loaded.manual, loaded.problems


def _markdown_forms(
    root: Path, mroot: Path, doc: dict, found: tuple[str, ...], problems: list[Problem]
) -> dict[str, str]:
    """The text of each Markdown form manual.yml lists (only files the scan found inside the manual)."""
    texts: dict[str, str] = {}
    for entry in doc.get("forms") or ():
        rel = entry.get("file")
        if rel and rel.lower().endswith(".md") and rel in found and rel not in texts:
            try:
                texts[rel] = read_text(mroot / rel, shown(mroot / rel, root))
            except SourceError as e:
                problems.append(Problem(e.path, e.line, "", e.problem, e.fix))
    return texts

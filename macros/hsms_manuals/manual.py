"""Loading one client manual: ``manuals/<id>/manual.yml`` and the front matter of its pages."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem, UsageError
from .model import Manual, Page, manual_from
from .paths import ID_RULE, MANUAL_FILE, MANUAL_ID, MANUALS_DIR, shown
from .schemas import MANUAL, PAGE, Schema
from .yamlio import SourceError, front_matter_source, load_yaml_file, read_text


def manual_ids(root: Path) -> list[str]:
    """Every folder under manuals/ with a valid id that holds a manual.yml, sorted."""
    base = root / MANUALS_DIR
    return sorted(p.parent.name for p in base.glob(f"*/{MANUAL_FILE}")
                  if MANUAL_ID.match(p.parent.name)) if base.is_dir() else []


def manual_root(root: Path, manual_id: str) -> Path:
    """The folder of a manual, or a usage error listing the manuals that exist."""
    if not MANUAL_ID.match(manual_id):
        raise UsageError(f"'{manual_id}' is not a manual id — manual ids are {ID_RULE}")
    path = root / MANUALS_DIR / manual_id
    if not (path / MANUAL_FILE).is_file():
        known = ", ".join(manual_ids(root)) or "(none yet: create one with `hsms new`)"
        raise UsageError(f"unknown manual '{manual_id}' — expected {MANUALS_DIR}/{manual_id}/{MANUAL_FILE}; manuals here: {known}")
    return path


def nav_key(rel: Path) -> tuple:
    """Navigation order: a folder's pages before its subfolders', index.md first (as MkDocs)."""
    return (rel.parent.parts, rel.name.lower() not in ("index.md", "readme.md"), rel.name)


def published_path(rel: Path) -> bool:
    """What MkDocs publishes by default: nothing under a '.'-folder or a top-level templates/."""
    return not any(part.startswith(".") for part in rel.parts) and rel.parts[0] != "templates"


def page_files(docs: Path) -> list[Path]:
    """The manual's Markdown pages in navigation order (the files MkDocs would build)."""
    return sorted((p for p in docs.rglob("*.md") if published_path(p.relative_to(docs))),
                  key=lambda p: nav_key(p.relative_to(docs)))


class PageReader:
    """Reads page front matter with one reusable validator (the hot path of `validate`);
    also holds the manual.yml validator, so validating many manuals builds each schema once."""

    def __init__(self, root: Path):
        self.root = root
        self.schema = Schema(PAGE)
        self.manual_schema = Schema(MANUAL)

    def read(self, docs: Path, path: Path, problems: list[Problem]) -> Page | None:
        name = shown(path, self.root)
        try:
            text = read_text(path, name)
            src = front_matter_source(text, name)
        except SourceError as e:
            problems.append(Problem(e.path, e.line, "", e.problem, e.fix))
            return None
        doc, probs = self.schema.check(src)
        problems += probs
        if doc is None:
            return None
        return Page(path.relative_to(docs).as_posix(), doc["title"], tuple(doc["covers"]), doc["status"], doc["owner"],
                    text)


def load_manual(root: Path, manual_id: str, reader: PageReader | None = None) -> tuple[Manual | None, list[Problem]]:
    """Schema-check manual.yml and every page; cross-references are checked in ``validate``."""
    mroot = manual_root(root, manual_id)
    problems: list[Problem] = []
    reader = reader or PageReader(root)
    try:
        src = load_yaml_file(mroot / MANUAL_FILE, shown(mroot / MANUAL_FILE, root))
        doc, probs = reader.manual_schema.check(src)
        problems += probs
    except SourceError as e:
        problems.append(Problem(e.path, e.line, "", e.problem, e.fix))
        doc = None

    docs = mroot / "docs"
    if not docs.is_dir():
        problems.append(Problem(shown(mroot, root), 0, "", "no docs/ folder", "put the manual's Markdown pages in docs/"))
        return None, problems
    pages = [reader.read(docs, p, problems) for p in page_files(docs)]
    if not any(p and p.src == "index.md" for p in pages) and not any(pr.file.endswith("docs/index.md") for pr in problems):
        problems.append(Problem(shown(docs, root), 0, "", "no home page", "add docs/index.md (the page workers land on)"))
    if doc is None:
        return None, problems
    return manual_from(manual_id, mroot, doc, tuple(p for p in pages if p is not None)), problems

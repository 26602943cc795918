"""Forms that open: the files that manual.yml's ``forms:`` entries name under ``manuals/<id>/forms/``.

A form is a PDF, Word or Excel file the site offers for download, or a Markdown file the site
renders as a printable page (and the PDF prints in its forms appendix). The files are found by
``manual_files.scan_forms`` (regular files inside the manual only, as docs/); here they are
checked against the entries, and their site addresses are decided: a form keeps its path, so
``forms/F-01.pdf`` is published at ``forms/F-01.pdf`` and ``forms/F-02-flha.md`` at ``forms/F-02-flha/``."""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import Problem
from .manual_files import FORMS
from .model import Form, Manual
from .page_rules import body_problems
from .paths import MANUALS_DIR, shown

# What a form may be, and how the forms index names it. Downloads are checked by their first
# bytes too: a renamed file would otherwise be offered to workers as a form that does not open.
FORM_TYPES: dict[str, str] = {".pdf": "PDF", ".docx": "Word", ".xlsx": "Excel", ".md": "page"}
_MAGIC: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF-", "a PDF"),
    ".docx": (b"PK\x03\x04", "a Word .docx file"),
    ".xlsx": (b"PK\x03\x04", "an Excel .xlsx file"),
}

YmlProblem = Callable[[tuple[Any, ...], str, str], Problem]


def check_forms(root: Path, manual: Manual, yml: YmlProblem) -> list[Problem]:
    """Every form entry's file: under forms/, of a form type, present (found inside the manual),
    really of its type, listed once, not at a docs/ file's address; Markdown forms' text obeys
    the page rules (only the allowed ``{{ … }}``)."""
    out: list[Problem] = []
    where = f"{MANUALS_DIR}/{manual.id}/{FORMS}/"
    found = set(manual.form_files)
    docs_paths = set(manual.files) | {p.src for p in manual.pages}
    first: dict[str, str] = {}
    for i, form in enumerate(manual.forms):
        rel = form.file
        if rel is None:
            continue
        at = ("forms", i, "file")
        norm = posixpath.normpath(rel) if rel and not rel.startswith(("/", "\\")) else ""
        if "\\" in rel or norm != rel or not rel.startswith(FORMS + "/"):
            out.append(
                yml(
                    at,
                    f"'{rel}' is not a file in {FORMS}/",
                    f"put the form in {where} and write its path from the manual folder, "
                    f"e.g. file: {FORMS}/{posixpath.basename(rel.replace(chr(92), '/')) or 'F-01.pdf'}",
                )
            )
            continue
        if form.suffix not in FORM_TYPES:
            out.append(
                yml(
                    at,
                    f"{form.suffix or 'a file without a type'} cannot be a form (forms are PDF, Word, Excel or "
                    f"Markdown: {' '.join(FORM_TYPES)})",
                    "save the form as one of these types",
                )
            )
            continue
        path = manual.root / rel
        if rel not in found:
            if not os.path.lexists(path):  # a file that exists but may not be used was reported by the scan
                out.append(
                    yml(
                        at,
                        f"file not found: {where}{rel[len(FORMS) + 1 :]}",
                        f"put the form there, or correct the name (files in {where}: "
                        f"{', '.join(sorted(f[len(FORMS) + 1 :] for f in found)) or 'none'})",
                    )
                )
            continue
        if rel in first:
            out.append(yml(at, f"'{rel}' is already the file of form {first[rel]}", "give each form its own file"))
            continue
        first[rel] = form.id
        if rel in docs_paths:  # a docs/ file or page at the same site address
            out.append(
                yml(
                    at,
                    f"docs/{rel} would be published at the same address as this form",
                    "rename or move one of the two",
                )
            )
        if form.suffix in _MAGIC:
            magic, kind = _MAGIC[form.suffix]
            if not _starts_with(path, magic):
                out.append(
                    yml(
                        at,
                        f"{where}{rel[len(FORMS) + 1 :]} is not {kind} (its content does not match its name)",
                        f"export the form as {kind} again, or give the file its real type",
                    )
                )
        if form.is_page:
            out += body_problems(form.text, shown(path, root))
    return out


def unlisted_forms(root: Path, manual: Manual) -> list[Problem]:
    """Warnings: files in forms/ that no entry names (so they are not published)."""
    listed = {f.file for f in manual.forms if f.file}
    return [
        Problem(
            shown(manual.root / rel, root),
            0,
            "",
            "no entry of forms: in manual.yml names it, so it is not published",
            f"add it to a form (file: {rel}) or remove it",
        )
        for rel in manual.form_files
        if rel not in listed
    ]


def form_page_source(form: Form) -> str:
    """The Markdown MkDocs builds for a Markdown form: its title from manual.yml, then its text.
    The title line is JSON (a YAML subset), so any title is one safe front-matter value."""
    return f"---\ntitle: {json.dumps(f'{form.id} {form.title}')}\n---\n\n{form.text}"


FORM_PAGE_HEAD_LINES = 4  # the lines form_page_source puts before the form's own text


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(magic)) == magic
    except OSError:
        return False

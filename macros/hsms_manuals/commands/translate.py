"""`hsms translate mark|export|import`: record that translated pages match their originals as
they are now (``translated_from``: the revision and the original file's digest); hand pages to a
translation tool as PO files and write the translations back."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import reporting
from ..errors import ExitCode, OutputFailed, Problem, UsageError, ValidationFailed
from ..fsutil import check_outside_sources
from ..languages import split_suffix
from ..manual import load_manual
from ..model import Manual
from ..paths import shown
from ..translate_po import export_catalogue, import_catalogue, po_name
from ..translation_files import (
    find_translation,
    translated_from_line,
    translation_src,
    with_translated_from,
    write_all_atomically,
    write_atomically,
)
from ..yamlio import read_text

TRANSLATIONS_DIR = "translations"  # default folder of `hsms translate export`


def run(root: Path, args: argparse.Namespace) -> int:
    return {"mark": mark, "export": export, "import": import_}[args.action](root, args)


def mark(root: Path, args: argparse.Namespace) -> int:
    manual, problems = load_manual(root, args.manual)
    if manual is None:
        raise ValidationFailed(problems)
    # A translated page whose front matter is broken is left out of the manual: its problems say
    # why, rather than "no translated page" for a file that is there.
    named = [translation_src(manual, page) for page in args.pages]
    left_out = {shown(manual.docs_dir / src, root) for src in named if split_suffix(src) is not None}
    left_out -= {shown(manual.docs_dir / src, root) for src in manual.translation_by_src}
    if broken := [p for p in problems if p.file in left_out]:
        raise ValidationFailed(broken)
    targets = [find_translation(manual, page) for page in args.pages]  # every name checked before any write
    # Only problems of the pages being marked (and a missing original) stop it: marking one page
    # must not wait for an unrelated draft elsewhere to be fixed.
    names = {shown(manual.docs_dir / t.src, root) for t in targets}
    mine = [p for p in problems if p.file in names]
    for t in targets:
        if t.original not in manual.page_by_src:
            mine.append(_no_original(root, manual.docs_dir / t.src, t.original))
    if mine:
        raise ValidationFailed(mine)
    for t in targets:
        path = manual.docs_dir / t.src
        text = read_text(path, shown(path, root))
        newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
        write_atomically(path, with_translated_from(text, translated_from_line(manual, t, newline)))
        reporting.out(
            f"marked {shown(path, root)}: translated from {t.original} as of revision {manual.document.revision}"
        )
    return ExitCode.OK


def _no_original(root: Path, path: Path, original: str) -> Problem:
    return Problem(
        shown(path, root),
        0,
        "",
        f"there is no page {original} for it to translate",
        "name a translation after the page it translates: PAGE.<language>.md beside PAGE.md",
    )


def export(root: Path, args: argparse.Namespace) -> int:
    """`hsms translate export MANUAL --lang L [--out DIR]`: one PO file per approved page."""
    manual, problems = load_manual(root, args.manual)
    if manual is None or problems:
        raise ValidationFailed(problems)
    _check_language(manual, args.lang)
    out = (args.out or root / TRANSLATIONS_DIR / manual.id / args.lang).resolve()
    check_outside_sources(root, out, "choose another --out, e.g. translations/ (the default)")
    for page in manual.approved_pages:
        target = out / po_name(page.src)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(export_catalogue(manual, page, args.lang))
        except OSError as exc:
            raise OutputFailed(f"cannot write {target} ({exc.strerror or exc})") from exc
    reporting.out(f"exported {len(manual.approved_pages)} page(s) of {manual.id} for {args.lang} to {out}")
    return ExitCode.OK


def import_(root: Path, args: argparse.Namespace) -> int:
    """`hsms translate import MANUAL --lang L DIR`: write PAGE.<lang>.md from translated PO files."""
    manual, problems = load_manual(root, args.manual)
    if manual is None or problems:
        raise ValidationFailed(problems)
    _check_language(manual, args.lang)
    folder = args.dir
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder — name the folder holding the translated .po files")
    files = sorted(folder.rglob("*.po"))
    if not files:
        raise UsageError(
            f"{folder} holds no .po files — export them with `hsms translate export {manual.id} --lang {args.lang}`"
        )
    found: list[Problem] = []
    done = [imp for f in files if (imp := import_catalogue(root, manual, args.lang, f, found)) is not None]
    seen: dict[str, int] = {}
    for imp in done:
        seen[imp.src] = seen.get(imp.src, 0) + 1
    found += [
        Problem(str(folder), 0, "", f"{src} comes from {n} files", "keep one PO file per page")
        for src, n in seen.items()
        if n > 1
    ]
    if not args.replace:  # a translation written by hand is not lost to a PO file that lacks it
        found += [
            Problem(
                shown(manual.docs_dir / imp.src, root),
                0,
                "",
                "is already translated, and importing would replace it",
                "import with --replace to replace it (git keeps the old text), or leave its PO file out",
            )
            for imp in done
            if (manual.docs_dir / imp.src).is_file()
        ]
    if found:  # nothing is written unless every file can be imported
        raise ValidationFailed(found)
    write_all_atomically({manual.docs_dir / imp.src: imp.text for imp in done})
    for imp in done:
        kept = (
            f" ({imp.untranslated} untranslated entr{'y' if imp.untranslated == 1 else 'ies'} kept in English)"
            if imp.untranslated
            else ""
        )
        reporting.out(f"wrote {shown(manual.docs_dir / imp.src, root)}{kept}")
    return ExitCode.OK


def _check_language(manual: Manual, lang: str) -> None:
    if lang not in manual.languages.translations:
        declared = ", ".join(manual.languages.translations) or "none yet"
        raise UsageError(
            f"{manual.id} does not declare '{lang}' — add it to languages: translations: in "
            f"manual.yml (declared: {declared})"
        )

"""`hsms audit-pack`: one folder (and a zip beside it) for the auditor — the manual's PDF, the
crosswalk, the records index per element, the interview and observation preparation, a README
and a SHA-256 manifest. The same inputs give the same bytes: files are written from sorted data
with no build date in them (only the manual's own dates), and the zip has sorted entries, fixed
timestamps (the manual's effective date) and fixed permissions. Written beside the target and
renamed into place; a folder that is not an earlier pack is never replaced. No MkDocs here: the
command passes in how to build the PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import interviews
from .coverage import Status
from .csvout import to_csv
from .errors import EnvironmentFailure, UsageError
from .fsutil import check_outside_sources, swap_in, why_not_writable
from .inputs import is_current
from .paths import SITE
from .readiness import records_index
from .records import RecordsLog
from .state import ManualState
from .text import esc

TITLE = "hsms audit pack"  # first line of README.txt and the zip's comment: how an earlier pack is known
MANIFEST = "MANIFEST.txt"
README = "README.txt"
ZIP_EPOCH = dt.date(1980, 1, 1)  # the earliest date a zip entry can carry


@dataclass(frozen=True)
class Pack:
    folder: Path
    zip: Path
    files: tuple[str, ...]
    pdf_from: str  # "site/<manual>" (up to date) or "a fresh build"


def zip_path(out: Path) -> Path:
    return out.with_name(out.name + ".zip")


def check_destination(root: Path, out: Path) -> None:
    """Refuse what a pack must not replace: the repository, its sources or site/, a folder that
    is not an earlier pack, a zip that is not one."""
    check_outside_sources(
        root, out, "write the pack outside the repository, e.g. ../audit-packs/<manual>", built=(SITE,)
    )
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise UsageError(f"{out} exists and is not a folder — choose a new folder for the pack")
    if out.is_dir() and any(out.iterdir()) and not _is_pack(out):
        raise UsageError(f"{out} exists and is not an earlier `hsms audit-pack` — choose a new or empty folder")
    archive = zip_path(out)
    if archive.is_symlink() or (archive.exists() and not _is_pack_zip(archive)):
        raise UsageError(f"{archive} exists and is not an earlier audit pack — move it away or choose another folder")


def _is_pack(folder: Path) -> bool:
    try:
        return (folder / MANIFEST).is_file() and (folder / README).read_text(encoding="utf-8").startswith(TITLE)
    except (OSError, UnicodeDecodeError):
        return False


def _is_pack_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return z.comment == TITLE.encode()
    except (OSError, zipfile.BadZipFile):
        return False


def pdf_of(root: Path, state: ManualState, build_pdf: Callable[[Path], Path]) -> tuple[bytes, str]:
    """The manual's PDF: site/<manual>'s when that build was made from the current sources,
    else a fresh build (``build_pdf(tmp)`` builds into tmp and returns the PDF's path)."""
    site = root / SITE / state.manual.id
    built = site / state.pdf_src
    if built.is_file() and is_current(site, root, state.manual.id):
        return built.read_bytes(), f"{SITE}/{state.manual.id} (built from the current sources)"
    with tempfile.TemporaryDirectory(prefix="hsms-pack-build-") as tmp:
        return build_pdf(Path(tmp)).read_bytes(), "a fresh build"


def crosswalk(state: ManualState) -> tuple[str, str]:
    """Every question of the program → status and the sections that answer it (CSV, Markdown)."""
    header = [
        "element",
        "element_title",
        "question",
        "text",
        "evidence",
        "points",
        "status",
        "answered_in",
        "not_yet_answered",
        "not_applicable",
    ]
    rows = []
    md = [
        f"# Audit crosswalk: {esc(state.manual.company.name)}",
        "",
        f"{esc(state.partner.name)} ({esc(state.partner.short_name)}) {esc(state.partner.instrument_name)}, program "
        f"{esc(state.program.id)}. Manual {esc(state.manual.document.number)} revision "
        f"{esc(state.manual.document.revision)}, effective {state.manual.document.effective}. Page titles are "
        "the sections of the PDF.",
        "",
    ]
    for e in state.coverage.elements:
        md += [
            f"## {esc(e.element.label)}",
            "",
            "| Question | Evidence | Status | Answered in | Note |",
            "|---|---|---|---|---|",
        ]
        for r in e.questions:
            q = r.question
            pages = [place.label for place in r.answered_in]  # "Working Alone › Check-in times"
            missing = [state.library.topics[t].title for t in r.missing_topics if t in state.library.topics]
            reasons = list(r.na_reasons) if r.status is Status.NOT_APPLICABLE else []
            evidence = ", ".join(x.value for x in q.evidence)
            rows.append(
                [
                    e.element.id,
                    e.element.title,
                    q.id,
                    q.text,
                    evidence,
                    q.points,
                    r.status.value,
                    "; ".join(pages),
                    "; ".join(missing),
                    " ".join(reasons),
                ]
            )
            note = "Not yet answered: " + "; ".join(missing) if missing else " ".join(reasons)
            md.append(
                f"| {esc(q.id)} {esc(q.text)} | {esc(evidence)} | {esc(r.status.label)} "
                f"| {esc('; '.join(pages))} | {esc(note)} |"
            )
        md.append("")
    return to_csv(header, rows), "\n".join(md)


def records_index_files(state: ManualState, log: RecordsLog) -> tuple[str, str]:
    header = ["element", "element_title", "kind", "title", "form", "every", "records", "first", "last"]
    rows = []
    md = [
        f"# Records index: {esc(state.manual.company.name)}",
        "",
        "Per element of the audit, each kind of record the company keeps: how many are logged and from when "
        "to when. The records themselves are in the company's files; ask for any of them.",
        "",
    ]
    for element, kinds in records_index(state.manual, state.partner, state.program, log):
        md += [f"## {esc(element.label)}", ""]
        if not kinds:
            md += ["No record kind documents this element.", ""]
            continue
        md += ["| Record | Form | Expected | Records | First | Last |", "|---|---|---|---|---|---|"]
        for kind, n, first, last in kinds:
            rows.append(
                [
                    element.id,
                    element.title,
                    kind.kind,
                    kind.title,
                    kind.form or "",
                    kind.every.value,
                    n,
                    first.isoformat() if first else "",
                    last.isoformat() if last else "",
                ]
            )
            md.append(
                f"| {esc(kind.title)} | {esc(kind.form or '')} | {esc(kind.every.phrase)} | {n} "
                f"| {first or '-'} | {last or '-'} |"
            )
        md.append("")
    return to_csv(header, rows), "\n".join(md)


def interviews_file(state: ManualState) -> str:
    preps = interviews.preparation(state.manual, state.partner, state.program, state.library.topics)
    return "\n".join(
        [
            f"# Interview and observation preparation: {esc(state.manual.company.name)}",
            "",
            interviews.intro(state.manual, state.partner, state.program),
            "",
            interviews.render(preps, lambda src: esc(state.page_title(src)), state.page_title),
        ]
    )


def readme(state: ManualState, pdf_name: str) -> str:
    m, d = state.manual, state.manual.document
    return "\n".join(
        [
            f"{TITLE} — {m.company.name}",
            "",
            f"Manual: {d.title}, {d.number} revision {d.revision}, effective {d.effective} (approved by "
            f"{d.approved_by.name}, {d.approved_by.title}).",
            f"Audit instrument: {state.partner.name} {state.partner.instrument_name}, program {state.program.id}.",
            "",
            f"{pdf_name:<30} the manual as approved, with the audit crosswalk as Appendix A",
            f"{'crosswalk.csv, .md':<30} every audit question: its status and the sections that answer it",
            f"{'records-index.csv, .md':<30} per element, the records kept: how many, first and last date",
            f"{'interviews.md':<30} interview and observation questions: who is asked, what to have ready",
            f"{MANIFEST:<30} SHA-256 of every other file (check: sha256sum -c {MANIFEST})",
            "",
        ]
    )


def contents(state: ManualState, log: RecordsLog, pdf: bytes) -> dict[str, bytes]:
    cross_csv, cross_md = crosswalk(state)
    index_csv, index_md = records_index_files(state, log)
    texts = {
        "crosswalk.csv": cross_csv,
        "crosswalk.md": cross_md + "\n",
        "records-index.csv": index_csv,
        "records-index.md": index_md + "\n",
        "interviews.md": interviews_file(state) + "\n",
        README: readme(state, state.pdf_name),
    }
    out = {name: text.encode("utf-8") for name, text in texts.items()} | {state.pdf_name: pdf}
    out[MANIFEST] = "".join(f"{hashlib.sha256(out[n]).hexdigest()}  {n}\n" for n in sorted(out)).encode()
    return out


def write_zip(target: Path, files: dict[str, bytes], folder: str, day: dt.date) -> None:
    """Sorted entries, one fixed timestamp and mode: the same files give the same bytes."""
    stamp = max(day, ZIP_EPOCH)
    with zipfile.ZipFile(target, "w") as z:
        z.comment = TITLE.encode()
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(stamp.year, stamp.month, stamp.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the mode below is read
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name], compresslevel=9)


def write_pack(root: Path, state: ManualState, log: RecordsLog, out: Path, build_pdf: Callable[[Path], Path]) -> Pack:
    out = out.resolve()
    check_destination(root, out)
    pdf, pdf_from = pdf_of(root, state, build_pdf)
    files = contents(state, log, pdf)
    archive = zip_path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.pack-", dir=out.parent))
    except OSError as exc:
        raise UsageError(f"cannot write {out} ({why_not_writable(out.parent, exc)}) — choose another folder") from exc
    tmp_zip = out.with_name(f".{archive.name}.{os.getpid()}.tmp")
    old_zip = out.with_name(f".{archive.name}.{os.getpid()}.old")
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        os.chmod(tmp, 0o755)
        write_zip(
            tmp_zip,
            files,
            f"{state.manual.id}-rev-{state.manual.document.revision}-audit-pack",
            state.manual.document.effective,
        )
        if archive.exists():
            os.rename(archive, old_zip)
        os.rename(tmp_zip, archive)
        try:
            swap_in(tmp, out)
        except BaseException:
            os.replace(old_zip, archive) if old_zip.exists() else archive.unlink()
            raise
        old_zip.unlink(missing_ok=True)
    except OSError as exc:
        raise EnvironmentFailure(f"writing the audit pack failed ({exc}) — {out} was left as it was") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp_zip.unlink(missing_ok=True)
    return Pack(out, archive, tuple(sorted(files)), pdf_from)

"""Writing translated pages: ``translated_from`` is recorded by a command (`hsms translate
mark`, `hsms translate import`), never by hand, and files are replaced atomically."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import OutputFailed, UsageError
from .languages import split_suffix
from .model import Manual, Translation, page_digest

_KEY = re.compile(r"translated_from\s*:")


def translated_from_line(manual: Manual, t: Translation, newline: str = "\n") -> str:
    """The front matter line recording what the translation was made from: the original page as it is now."""
    digest = page_digest(manual.page_by_src[t.original])
    return f'translated_from: {{revision: "{manual.document.revision}", digest: "{digest}"}}{newline}'


def with_translated_from(text: str, line: str) -> str:
    """``text`` (a page whose front matter opens on its first line) with its ``translated_from:``
    replaced by ``line`` (added at the end of the front matter); everything else unchanged."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        raise ValueError("no front matter")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip() in ("---", "...")), None)
    if end is None:
        raise ValueError("front matter is not closed")
    kept: list[str] = []
    inside = False
    for raw in lines[1:end]:
        if _KEY.match(raw):
            inside = True
            continue
        if inside and raw[:1] in (" ", "\t"):
            continue  # the old block's continuation lines
        inside = False
        kept.append(raw)
    return "".join([lines[0], *kept, line, *lines[end:]])


def _stage(path: Path, text: str) -> str:
    """Write ``text`` to a new temporary file beside ``path``, with path's permissions (0644 for
    a new file); its name. Raises OSError, leaving nothing behind."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_atomically(path: Path, text: str) -> None:
    """Replace a file in one step: a reader (or a crash) never sees half of it."""
    tmp = None
    try:
        tmp = _stage(path, text)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputFailed(f"cannot write {path} ({exc.strerror or exc})") from exc


def write_all_atomically(files: dict[Path, str]) -> None:
    """Write several files all or none: each is written beside its target first, and only when
    every one is written are they moved into place (a target that is a folder, or a folder that
    cannot be written, fails before any file changes). If a move still fails, the files moved
    before it get their old text back."""
    staged: dict[Path, str] = {}
    before: dict[Path, bytes | None] = {}
    try:
        for path, text in files.items():
            if path.exists() and not path.is_file():
                raise OutputFailed(f"cannot write {path} (it is a folder) — move it away, then import again")
            staged[path] = _stage(path, text)
        for path, tmp in staged.items():
            before[path] = path.read_bytes() if path.exists() else None
            os.replace(tmp, path)
    except (OSError, OutputFailed) as exc:
        for done, old in before.items():  # the last one failed: it is unchanged, restoring it is harmless
            if old is None:
                done.unlink(missing_ok=True)
            else:
                done.write_bytes(old)
        for tmp in staged.values():
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OutputFailed):
            raise
        raise OutputFailed(f"cannot write {path} ({exc.strerror or exc}) — nothing was written") from exc


def translation_src(manual: Manual, page: str) -> str:
    """A page named on the command line (relative to docs/, or a path ending so), relative to docs/."""
    rel = page.replace(os.sep, "/")
    marker = f"manuals/{manual.id}/docs/"
    return rel.split(marker, 1)[1] if marker in rel else rel.removeprefix("docs/")


def find_translation(manual: Manual, page: str) -> Translation:
    """A translated page named as given on the command line (relative to docs/, or a path ending so)."""
    rel = translation_src(manual, page)
    found = manual.translation_by_src.get(rel)
    if found is not None:
        return found
    if split_suffix(rel) is None:
        raise UsageError(
            f"{page} is not a translated page — name one such as 03-worker-rights.pa.md (PAGE.<language>.md in docs/)"
        )
    known = ", ".join(sorted(manual.translation_by_src)) or "(none yet)"
    raise UsageError(f"{manual.id} has no translated page {rel} — its translations: {known}")

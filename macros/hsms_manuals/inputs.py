"""What a manual's build is made from, as one SHA-256: its manual.yml and docs/, the shared
configuration, theme and partner maps, hsms itself and the versions of the libraries that render
it. `hsms build` stamps each built site with it, so `hsms audit-pack` can tell whether the PDF
in ``site/<manual>/`` is the PDF of the current sources (no MkDocs here)."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from .paths import CONFIG, MANUAL_FILE, MANUALS_DIR, OVERRIDES_DIR, PARTNERS_DIR

STAMP = ".hsms-inputs"  # in site/<manual>/: a dotfile, never published or served
PACKAGE = Path(__file__).resolve().parent
LIBRARIES = (
    "hsms-manuals",
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "weasyprint",
    "pydyf",
    "fonttools",
)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts] if folder.is_dir() else []


def fingerprint(root: Path, manual_id: str) -> str:
    mroot = root / MANUALS_DIR / manual_id
    files = [
        mroot / MANUAL_FILE,
        root / CONFIG,
        *_files(mroot / "docs"),
        *_files(root / PARTNERS_DIR),
        *_files(root / OVERRIDES_DIR),
    ]
    h = hashlib.sha256()
    for path in sorted(f for f in files if f.is_file()):
        h.update(f"{path.relative_to(root).as_posix()}\0".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    for path in sorted(_files(PACKAGE)):
        h.update(f"hsms_manuals/{path.relative_to(PACKAGE).as_posix()}\0".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            h.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} missing\0".encode())
    return h.hexdigest()


def stamp(site: Path, root: Path, manual_id: str) -> None:
    """Record what a successful build of ``site`` (a folder about to become site/<manual>) was made from."""
    (site / STAMP).write_text(fingerprint(root, manual_id) + "\n", encoding="utf-8")


def is_current(site: Path, root: Path, manual_id: str) -> bool:
    try:
        return (site / STAMP).read_text(encoding="utf-8").strip() == fingerprint(root, manual_id)
    except OSError:
        return False

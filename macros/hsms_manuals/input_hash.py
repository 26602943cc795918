"""The content hash of everything a manual's built output depends on, so `hsms build` can skip a
manual whose inputs did not change since its last build (the hash is kept in the build marker).

What goes in: every file of ``manuals/<id>/`` (manual.yml, docs/ with its images, records),
the manual's partner map, ``partners/topics.yml``, the legislation register, ``mkdocs.yml``,
``overrides/``, hsms itself (its version and every file of the installed package, so an edited
checkout counts too), the versions of the libraries that render the site and the PDF, and the
build options (PDF or not, drafts preview or not, and for a preview the problems its banner
lists). Files are hashed by content, never by date. Nothing here follows a symbolic link or
opens anything but a regular file."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import __version__
from .paths import CONFIG, MANUALS_DIR, OVERRIDES_DIR, PARTNERS_DIR, TOPICS_FILE

LEGISLATION_DIR = "legislation"  # partners/legislation/
PACKAGE_DIR = Path(__file__).resolve().parent
# The libraries whose output ends up in a built manual (a new Material changes the theme's files).
RENDERING_LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-macros-plugin",
    "Markdown",
    "pymdown-extensions",
    "Jinja2",
    "MarkupSafe",
    "weasyprint",
    "pydyf",
)
_SKIPPED_DIRS = ("__pycache__",)


def _file_digest(path: Path) -> str:
    """A regular file's content digest; other kinds are named, never opened (a FIFO would hang)."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return f"missing:{exc.errno}"
    if stat.S_ISLNK(st.st_mode):
        try:
            return "link:" + os.readlink(path)
        except OSError as exc:
            return f"link-unreadable:{exc.errno}"
    if not stat.S_ISREG(st.st_mode):
        return f"special:{stat.S_IFMT(st.st_mode)}"
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError as exc:
        return f"unreadable:{exc.errno}"


def tree_entries(base: Path, label: str) -> Iterable[str]:
    """One line per file under ``base`` (relative path and digest), in a fixed order; links to
    folders are listed as links, not followed."""
    if not base.is_dir() or base.is_symlink():
        yield f"{label}\t{_file_digest(base)}"
        return
    for folder, dirs, files in os.walk(base, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
        rel = Path(folder).relative_to(base).as_posix()
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            yield f"{label}/{rel}/{name}\t{_file_digest(Path(folder) / name)}"
        for name in dirs:  # a link to a folder is listed by os.walk among dirs, and not entered
            if (Path(folder) / name).is_symlink():
                yield f"{label}/{rel}/{name}\t{_file_digest(Path(folder) / name)}"


def _digest(lines: Iterable[str]) -> str:
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return h.hexdigest()


def _library_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


@dataclass(frozen=True)
class BuildOptions:
    """The options that change what a build writes."""

    pdf: bool = True
    drafts: bool = False
    problems: tuple[str, ...] = ()  # a drafts preview prints them in its banner

    def to_json(self) -> str:
        return json.dumps({"pdf": self.pdf, "drafts": self.drafts, "problems": list(self.problems)})


@dataclass
class InputHasher:
    """Hashes one repository's inputs; what all manuals share is hashed once per command."""

    root: Path
    _partner_digests: dict[str, str] = field(default_factory=dict)

    @cached_property
    def shared(self) -> str:
        root = self.root
        lines = [f"hsms\t{__version__}"]
        lines += tree_entries(PACKAGE_DIR, "hsms_manuals")
        lines += [f"library\t{name}\t{_library_version(name)}" for name in RENDERING_LIBRARIES]
        lines.append(f"{CONFIG}\t{_file_digest(root / CONFIG)}")
        lines += tree_entries(root / OVERRIDES_DIR, OVERRIDES_DIR)
        lines.append(f"{PARTNERS_DIR}/{TOPICS_FILE}\t{_file_digest(root / PARTNERS_DIR / TOPICS_FILE)}")
        lines += tree_entries(root / PARTNERS_DIR / LEGISLATION_DIR, f"{PARTNERS_DIR}/{LEGISLATION_DIR}")
        return _digest(lines)

    def _partner(self, partner_id: str) -> str:
        if partner_id not in self._partner_digests:
            self._partner_digests[partner_id] = _file_digest(self.root / PARTNERS_DIR / f"{partner_id}.yml")
        return self._partner_digests[partner_id]

    def manual(self, manual_id: str, partner_id: str, options: BuildOptions) -> str:
        """The hash of everything the built output of one manual depends on."""
        lines = [
            f"shared\t{self.shared}",
            f"partner\t{partner_id}\t{self._partner(partner_id)}",
            f"options\t{options.to_json()}",
        ]
        lines += tree_entries(self.root / MANUALS_DIR / manual_id, manual_id)
        return "sha256:" + _digest(lines)

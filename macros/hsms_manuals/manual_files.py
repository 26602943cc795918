"""Which files of a manual folder hsms may read: regular files inside ``manuals/<id>/``.

A manual is untrusted input (client staff send pull requests) and builds run where other
clients' manuals and the build's secrets are. So the folder is walked without ever following
a link out of it, and nothing but regular files and folders is accepted:

- a link whose target leaves ``manuals/<id>/`` (another client's page, ``/etc/passwd``, a whole
  ``docs/`` folder) is a problem naming the link and where it points;
- a link loop, a dangling link, a FIFO, a socket or a device is a problem (reading a FIFO
  would wait forever; MkDocs follows folder links and would walk a loop without end);
- a folder that cannot be read is a problem, not silently skipped.

Links that stay inside the manual are followed, as MkDocs follows them. Every folder is
walked, ``.``-folders too: MkDocs walks them (following links) even though it publishes
nothing from them."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .paths import MANUAL_FILE, MANUALS_DIR
from .yamlio import file_kind

DOCS = "docs"
FORMS = "forms"  # the forms that manual.yml's `forms:` entries name (forms.py)


@dataclass(frozen=True)
class DocsFiles:
    """The regular files of a manual's docs/ folder, '/'-separated and relative to docs/."""

    all: tuple[str, ...]  # every regular file found, '.'-folders included

    @property
    def published(self) -> tuple[str, ...]:
        """The files MkDocs would put in the site (not under a '.'-folder or a top-level templates/)."""
        return tuple(f for f in self.all if published_path(f))


def published_path(rel: str) -> bool:
    """What MkDocs publishes by default: nothing under a '.'-folder or a top-level templates/."""
    parts = rel.split("/")
    return not any(part.startswith(".") for part in parts) and parts[0] != "templates"


def inside(path: str, folder: str) -> bool:
    """Whether a real path is ``folder`` or below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class _Walk:
    """One walk of one manual folder; collects problems instead of stopping at the first."""

    def __init__(self, root: Path, mroot: Path):
        self.root = root
        self.mroot = mroot
        self.boundary = os.path.realpath(mroot)
        self.problems: list[Problem] = []

    def problem(self, path: Path, problem: str, fix: str) -> None:
        self.problems.append(Problem(shown_unresolved(path, self.root), 0, "", problem, fix))

    def target(self, path: Path) -> tuple[str, os.stat_result] | None:
        """The real path and stat of what a link points at, if it is inside the manual; else
        a problem is recorded and None returned."""
        written = os.readlink(path)
        try:
            real = os.path.realpath(path, strict=True)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.problem(
                    path, f"a link ({written}) that loops back on itself", "replace the link with the file it means"
                )
            else:
                self.problem(
                    path, f"a link to {written}, which does not exist", "remove the link, or put the file there"
                )
            return None
        if not inside(real, self.boundary):
            where = shown_unresolved(Path(real), self.root)
            self.problem(
                path,
                f"a link to {where}, outside {MANUALS_DIR}/{self.mroot.name}/",
                f"put a copy of what this manual needs inside {MANUALS_DIR}/{self.mroot.name}/ instead of a link"
                " (a manual may only use its own files)",
            )
            return None
        return real, os.stat(real)

    def entry(self, path: Path, real_parent: str | None = None) -> tuple[str, os.stat_result] | None:
        """(real path, stat) of a folder entry that may be used, following a link inside the manual.
        ``real_parent``: the real path of its folder, when known (saves resolving it again)."""
        try:
            st = os.lstat(path)
        except OSError as exc:
            self.problem(path, f"cannot read it ({exc.strerror})", "check the file permissions")
            return None
        if stat.S_ISLNK(st.st_mode):
            return self.target(path)
        real = os.path.join(real_parent, path.name) if real_parent else os.path.realpath(path)
        return real, st

    def files(self, docs: Path, holding: str = "the manual's pages") -> list[str]:
        """Regular files under docs (relative, '/'-separated), problems for everything else."""
        top = self.entry(docs)
        if top is None:
            return []
        real, st = top
        if not stat.S_ISDIR(st.st_mode):
            what = "a file" if stat.S_ISREG(st.st_mode) else file_kind(st.st_mode)
            self.problem(docs, f"{docs.name}/ is {what}, not a folder", f"make {docs.name}/ a folder holding {holding}")
            return []
        found: list[str] = []
        # (path as MkDocs sees it, relative name, real path, real paths of the folders above)
        todo: list[tuple[Path, str, str, frozenset[str]]] = [(docs, "", real, frozenset({real}))]
        while todo:
            folder, rel, real, above = todo.pop()
            try:
                names = sorted(os.listdir(folder))
            except OSError as exc:
                self.problem(
                    folder,
                    f"cannot read this folder ({exc.strerror})",
                    "make it readable (chmod u+rx) or remove it: its pages would be left out silently",
                )
                continue
            for name in names:
                path = folder / name
                name_rel = f"{rel}/{name}" if rel else name
                got = self.entry(path, real)
                if got is None:
                    continue
                target, st = got
                if stat.S_ISDIR(st.st_mode):
                    if target in above:
                        self.problem(
                            path,
                            f"a link back to {shown_unresolved(Path(target), self.root)}, a folder "
                            "that holds it (a loop)",
                            "remove the link",
                        )
                    else:
                        todo.append((path, name_rel, target, above | {target}))
                elif stat.S_ISREG(st.st_mode):
                    if os.access(path, os.R_OK):
                        found.append(name_rel)
                    else:
                        self.problem(path, "cannot read this file (Permission denied)", "make it readable or remove it")
                else:
                    self.problem(
                        path,
                        f"{file_kind(st.st_mode)}, not a file",
                        f"remove it: {docs.name}/ may only hold files and folders",
                    )
        return sorted(found)


def shown_unresolved(path: Path, root: Path) -> str:
    """A path relative to the repository, without resolving its last part (so a link is
    named as the link, not as its target)."""
    base = os.path.realpath(root)
    parent = os.path.realpath(path.parent)
    full = os.path.join(parent, path.name)
    return os.path.relpath(full, base).replace(os.sep, "/") if inside(full, base) else full


def check_manual_folder(root: Path, mroot: Path) -> list[Problem]:
    """The manual folder and its manual.yml must be real, and manual.yml a regular file inside it."""
    if mroot.is_symlink():
        return [
            Problem(
                shown_unresolved(mroot, root),
                0,
                "",
                f"the manual folder is a link to {os.readlink(mroot)}",
                f"make {MANUALS_DIR}/{mroot.name} a real folder (a manual may only use its own files)",
            )
        ]
    walk = _Walk(root, mroot)
    yml = mroot / MANUAL_FILE
    if yml.is_symlink():
        walk.target(yml)
    return walk.problems


def scan_docs(root: Path, mroot: Path) -> tuple[DocsFiles | None, list[Problem]]:
    """The files of ``mroot/docs`` hsms may read, and the problems found on the way. None when
    there is no docs/ folder (no problem: the caller reports that) or it cannot be used (a problem)."""
    docs = mroot / DOCS
    if not os.path.lexists(docs):
        return None, []
    walk = _Walk(root, mroot)
    files = walk.files(docs)
    refused = any(p.file == shown_unresolved(docs, root) for p in walk.problems)
    return (None if refused else DocsFiles(tuple(files))), walk.problems


def scan_forms(root: Path, mroot: Path) -> tuple[tuple[str, ...], list[Problem]]:
    """The regular files of ``mroot/forms`` ('forms/F-01.pdf', relative to the manual folder), found
    by the same rules as docs/, and the problems found on the way. No forms/ folder: none."""
    folder = mroot / FORMS
    if not os.path.lexists(folder):
        return (), []
    walk = _Walk(root, mroot)
    files = walk.files(folder, "the forms that manual.yml lists")
    visible = (f for f in files if not any(part.startswith(".") for part in f.split("/")))
    return tuple(f"{FORMS}/{f}" for f in visible), walk.problems

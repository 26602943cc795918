"""Problems about one manual, located in its files: line numbers are looked up only when a
problem is found, and each file is read and indexed once however many problems it has (see
yamlio.Source.line_of); valid files, the common case, are never parsed twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem
from .model import Manual
from .paths import MANUAL_FILE, shown
from .yamlio import Source, SourceError, front_matter_source, load_yaml_file, read_text


@dataclass
class Where:
    root: Path  # the repository
    manual: Manual
    _sources: dict[Path, Source | None] = field(default_factory=dict)

    def _line(self, f: Path, name: str, path: tuple[Any, ...], front_matter: bool) -> int:
        if f not in self._sources:
            try:
                self._sources[f] = (
                    front_matter_source(read_text(f, name), name) if front_matter else load_yaml_file(f, name)
                )
            except SourceError:
                self._sources[f] = None
        src = self._sources[f]
        return src.line_of(path) if src is not None else 0

    def yml(self, path: tuple[Any, ...], problem: str, fix: str, field: str | None = None) -> Problem:
        """A problem in manual.yml at ``path`` (shown as ``field`` when given)."""
        f = self.manual.root / MANUAL_FILE
        name = shown(f, self.root)
        return Problem(
            name, self._line(f, name, path, False), ".".join(map(str, path)) if field is None else field, problem, fix
        )

    def page(self, src: str, path: tuple[Any, ...], problem: str, fix: str) -> Problem:
        """A problem in a page's front matter at ``path``."""
        f = self.manual.docs_dir / src
        name = shown(f, self.root)
        return Problem(name, self._line(f, name, path, True), ".".join(map(str, path)), problem, fix)

    def file(self, src: str, problem: str, fix: str) -> Problem:
        """A problem with a whole file of docs/."""
        return Problem(shown(self.manual.docs_dir / src, self.root), 0, "", problem, fix)

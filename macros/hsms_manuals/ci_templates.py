"""CI templates a consultancy copies into its repository (`hsms ci-templates DIR`): a GitHub
Actions workflow, a GitLab CI pipeline and a pre-commit configuration. They are package data
(``ci/``), so the command works from the wheel. Existing files are never overwritten: the
command refuses before writing anything."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import OutputFailed, UsageError


@dataclass(frozen=True)
class Template:
    kind: str
    source: str  # file name under ci/
    target: str  # where it goes in the consultancy's repository


TEMPLATES = (
    Template("github", "github-workflow.yml", ".github/workflows/hsms.yml"),
    Template("gitlab", "gitlab-ci.yml", ".gitlab-ci.yml"),
    Template("pre-commit", "pre-commit-config.yaml", ".pre-commit-config.yaml"),
)
KINDS = tuple(t.kind for t in TEMPLATES)


def text_of(template: Template) -> str:
    return resources.files("hsms_manuals").joinpath("ci", template.source).read_text(encoding="utf-8")


def chosen(kinds: list[str] | None) -> list[Template]:
    return [t for t in TEMPLATES if not kinds or t.kind in kinds]


def write(target_dir: Path, kinds: list[str] | None = None) -> list[Path]:
    """Write the chosen templates under ``target_dir``; refuse (UsageError) if any file exists."""
    if not target_dir.is_dir():
        raise UsageError(f"{target_dir} is not a folder — name the consultancy's repository folder")
    templates = chosen(kinds)
    taken = [target_dir / t.target for t in templates if (target_dir / t.target).exists()]
    if taken:
        names = ", ".join(str(p) for p in taken)
        raise UsageError(
            f"{names} already exist(s); hsms never overwrites — merge the template by hand "
            f"(`hsms ci-templates /tmp/x` writes a copy) or choose others with --only"
        )
    written = []
    for t in templates:
        path = target_dir / t.target
        tmp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written beside the target and renamed: never a half-written workflow.
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text_of(t))
            os.chmod(tmp, 0o644)
            os.link(tmp, path)  # fails if the file appeared meanwhile: still never overwrites
            os.unlink(tmp)
        except OSError as exc:
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)
            if isinstance(exc, FileExistsError):
                raise UsageError(f"{path} (or its folder) exists already; hsms never overwrites") from None
            raise OutputFailed(f"cannot write {path} ({exc.strerror})") from exc
        written.append(path)
    return written

"""The build marker: a small file hsms writes into every folder it builds (``site/<manual>/.hsms-build``).

It says that the folder is an hsms build (so a later build may replace it), of which manual,
by which hsms, from which inputs (the content hash of ``input_hash``) and how: a drafts preview
(``drafts: true``) can never be published, and `hsms publish` reads the marker of the build it
made to make sure. No MkDocs here: `hsms build` reads markers before deciding what to build."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

MARKER_FILE = ".hsms-build"
MARKER_FORMAT = 1


@dataclass(frozen=True)
class BuildMarker:
    manual: str
    hsms_version: str
    drafts: bool  # a drafts preview: watermarked, never publishable
    pdf: bool  # the PDF edition was built
    content_hash: str | None  # input_hash of everything the output depends on; None = not known

    def to_json(self) -> str:
        return json.dumps({"format": MARKER_FORMAT, **asdict(self)}, indent=1, sort_keys=True) + "\n"


def write_marker(folder: Path, marker: BuildMarker) -> None:
    (folder / MARKER_FILE).write_text(marker.to_json(), encoding="utf-8")


def read_marker(folder: Path) -> BuildMarker | None:
    """The marker of a built folder; None when it has none or it is not one hsms wrote (a
    marker is ours to trust only as far as a build may be skipped or replaced: anything odd in
    it means "not known", and the folder is built again)."""
    path = folder / MARKER_FILE
    try:
        if path.is_symlink() or not path.is_file():
            return None
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != MARKER_FORMAT:
            return None
        marker = BuildMarker(
            manual=data["manual"],
            hsms_version=data["hsms_version"],
            drafts=data["drafts"],
            pdf=data["pdf"],
            content_hash=data["content_hash"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    texts_ok = isinstance(marker.manual, str) and isinstance(marker.hsms_version, str)
    flags_ok = isinstance(marker.drafts, bool) and isinstance(marker.pdf, bool)
    hash_ok = marker.content_hash is None or isinstance(marker.content_hash, str)
    return marker if texts_ok and flags_ok and hash_ok else None

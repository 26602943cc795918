"""What changed between two published revisions of a manual.

Each published revision carries a *snapshot* of its approved pages (``hsms-snapshot.json``:
page src → title + Markdown source), its document control (change notes, approver: the printed
revision history of later revisions reads them), since format 2 the emergency information of
manual.yml, and a digest of each source file it was built from (manual.yml, the approved pages, the
other files of docs/). ``hsms publish`` reads the previous revision's snapshot from the published
branch: the hsms plugin turns the comparison into the generated page "What changed in this
revision" (the change notes, the pages and sections that changed in plain words, what changed in
the emergency information, and — collapsed, for auditors — the line-by-line diff of each changed
page), and publish refuses notes copied unchanged from it; `hsms status` compares the digests with
the working tree. Everything here is plain data in, text out: no git, no MkDocs."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import emergency_changes
from .errors import EnvironmentFailure
from .model import Emergency, Manual
from .page_sections import INTRO, SectionChange, front_matter_changed, section_changes
from .paths import MANUAL_FILE
from .text import esc, link
from .yamlio import read_text

SNAPSHOT_FILE = "hsms-snapshot.json"
SNAPSHOT_FORMAT = 2  # 2 adds "emergency"; format 1 snapshots (no emergency data) are still read
READABLE_FORMATS = (1, 2)
CHANGES_SRC = "changes.md"
CHANGES_TITLE = "What changed in this revision"
DIFF_CONTEXT = 2  # unchanged lines shown around each change
DIFF_MAX_LINES = 60  # per page; the rest is summarised
LINE_MAX_CHARS = 200


@dataclass(frozen=True)
class PageSource:
    title: str
    source: str  # the page file as written (front matter + Markdown)


@dataclass(frozen=True)
class Snapshot:
    """The approved pages, document control and emergency information of one revision, as published."""

    manual: str
    revision: str
    effective: str  # ISO date
    pages: dict[str, PageSource]
    # Recorded since hsms 0.3 (None in older snapshots): the revision's change notes, its approver
    # ("Dana Kowalski, President") and the sha256 of each file it was built from ("manual.yml",
    # "docs/01-policy.md", "docs/map.png"); since format 2, manual.yml's emergency:.
    changes: tuple[str, ...] | None = None
    approved_by: str | None = None
    sources: dict[str, str] | None = None
    emergency: Emergency | None = None

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": SNAPSHOT_FORMAT,
            "manual": self.manual,
            "revision": self.revision,
            "effective": self.effective,
            "pages": {src: {"title": p.title, "source": p.source} for src, p in sorted(self.pages.items())},
        }
        if self.changes is not None:
            data["changes"] = list(self.changes)
        if self.approved_by is not None:
            data["approved_by"] = self.approved_by
        if self.sources is not None:
            data["sources"] = dict(sorted(self.sources.items()))
        if self.emergency is not None:
            data["emergency"] = emergency_changes.to_data(self.emergency)
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, where: str) -> Snapshot:
        try:
            d: Any = json.loads(text)
            if d.get("format") not in READABLE_FORMATS:
                raise ValueError(f"unknown snapshot format {d.get('format')!r}")
            pages = {str(src): PageSource(str(p["title"]), str(p["source"])) for src, p in d["pages"].items()}
            changes = d.get("changes")  # absent from snapshots written before hsms printed revision histories
            if changes is not None and not (isinstance(changes, list) and all(isinstance(c, str) for c in changes)):
                raise ValueError("changes is not a list of texts")
            approved = d.get("approved_by")
            sources = {str(k): str(v) for k, v in d["sources"].items()} if d.get("sources") is not None else None
            emergency = emergency_changes.from_data(d["emergency"]) if d.get("emergency") is not None else None
            return cls(
                str(d["manual"]),
                str(d["revision"]),
                str(d["effective"]),
                pages,
                None if changes is None else tuple(changes),
                None if approved is None else str(approved),
                sources,
                emergency,
            )
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise EnvironmentFailure(
                f"{where}: not a readable hsms snapshot ({exc}) — was this revision published by `hsms publish`?"
            ) from exc


def snapshot(manual: Manual) -> Snapshot:
    """The approved pages of a manual as they are on disk now."""
    pages = {p.src: PageSource(p.title, read_text(manual.docs_dir / p.src, p.src)) for p in manual.approved_pages}
    d = manual.document
    return Snapshot(
        manual.id,
        d.revision,
        d.effective.isoformat(),
        pages,
        d.changes,
        f"{d.approved_by.name}, {d.approved_by.title}",
        source_digests(manual),
        manual.emergency,
    )


def source_digests(manual: Manual) -> dict[str, str]:
    """sha256 of what a published revision is built from: manual.yml, the approved pages, the
    files of docs/ the site publishes (images) and the forms' files (forms/). Draft pages are left
    out: not published."""
    files = [manual.root / MANUAL_FILE] + [manual.docs_dir / p.src for p in manual.approved_pages]
    files += [manual.docs_dir / rel for rel in manual.published_files]
    files += [manual.root / f.file for f in manual.forms if f.file is not None]
    return {f.relative_to(manual.root).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def same_notes(notes: tuple[str, ...], earlier: tuple[str, ...]) -> bool:
    """Change notes copied from an earlier revision: the same lines, spaces aside (no notes at all
    is another matter: nothing was copied)."""

    def norm(lines: tuple[str, ...]) -> list[str]:
        return [" ".join(line.split()) for line in lines if line.strip()]

    return bool(norm(notes)) and norm(notes) == norm(earlier)


def read_snapshot(path: Path) -> Snapshot:
    return Snapshot.from_json(path.read_text(encoding="utf-8"), str(path))


# --- comparing two revisions -------------------------------------------------------------


@dataclass(frozen=True)
class PageChange:
    src: str
    title: str  # the title in the newer revision (the old one for removed pages)
    kind: str  # "added" | "removed" | "changed"
    old_title: str = ""  # set when the title changed
    diff: tuple[str, ...] = ()  # unified diff lines, at most DIFF_MAX_LINES
    more: int = 0  # diff lines left out
    sections: tuple[SectionChange, ...] = ()  # by heading, in words
    details: bool = False  # the front matter changed (title, topics covered, owner …)


def compare(previous: Snapshot, current: Snapshot) -> list[PageChange]:
    """Pages added, removed and changed from previous to current, in page order."""
    out: list[PageChange] = []
    for src in sorted(set(previous.pages) | set(current.pages)):
        old, new = previous.pages.get(src), current.pages.get(src)
        if old is None and new is not None:
            out.append(PageChange(src, new.title, "added"))
        elif new is None and old is not None:
            out.append(PageChange(src, old.title, "removed"))
        elif old is not None and new is not None and (old.source != new.source or old.title != new.title):
            lines = list(
                difflib.unified_diff(
                    old.source.splitlines(),
                    new.source.splitlines(),
                    f"revision {previous.revision}/{src}",
                    f"revision {current.revision}/{src}",
                    n=DIFF_CONTEXT,
                    lineterm="",
                )
            )
            shown = tuple(_clip(line) for line in lines[:DIFF_MAX_LINES])
            out.append(
                PageChange(
                    src,
                    new.title,
                    "changed",
                    old.title if old.title != new.title else "",
                    shown,
                    max(0, len(lines) - DIFF_MAX_LINES),
                    tuple(section_changes(old.source, new.source)),
                    front_matter_changed(old.source, new.source),
                )
            )
    return out


def _clip(line: str) -> str:
    line = line.replace("\t", "    ")
    return line if len(line) <= LINE_MAX_CHARS else line[: LINE_MAX_CHARS - 1] + "…"


def fence_for(lines: tuple[str, ...] | list[str]) -> str:
    """A backtick fence longer than any backtick run in the text, so nothing inside can close it."""
    longest = max((len(m) for line in lines for m in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


# --- the generated page ------------------------------------------------------------------


def in_words(ch: PageChange) -> str:
    """What happened to a page, escaped: "section “Check-in times” changed; section “Night shifts” added"."""
    if ch.kind == "added":
        return "new page"
    if ch.kind == "removed":
        return "page removed"
    parts = [f"title changed (was “{esc(ch.old_title)}”)"] if ch.old_title else []
    parts += [
        f"introduction {s.kind}" if s.title == INTRO else f"section “{esc(s.title)}” {s.kind}" for s in ch.sections
    ]
    if ch.details and not ch.old_title:
        parts.append("page details changed (the topics it covers, its owner or status)")
    return "; ".join(parts) or "spacing or layout changed"


def changes_page_source(current: Snapshot, notes: tuple[str, ...], previous: Snapshot | None) -> str:
    """Markdown of "What changed in this revision". Every text from the manual is escaped; the
    page is excluded from Jinja rendering by the plugin, and diffs sit in fenced code blocks."""
    here = CHANGES_SRC
    out = ["---", f"title: {json.dumps(CHANGES_TITLE)}", "---", ""]
    if previous is None:
        out += [
            f"**First published revision.** Revision {esc(current.revision)} takes effect on "
            f"{esc(current.effective)}; there is no earlier published revision to compare it with.",
            "",
        ]
    else:
        out += [
            f"Revision **{esc(current.revision)}**, effective {esc(current.effective)}, replaces revision "
            f"**{esc(previous.revision)}** (effective {esc(previous.effective)}).",
            "",
        ]
    out += ["## Change notes", ""]
    out += [f"- {esc(n)}" for n in notes] if notes else ["No change notes were written for this revision."]
    out.append("")
    if previous is None:
        return "\n".join(out)

    changes = compare(previous, current)
    out += [f"## Pages changed since revision {esc(previous.revision)}", ""]
    if not changes:
        out += ["No page changed.", ""]
    for ch in changes:
        name = esc(ch.title) if ch.kind == "removed" else link(here, ch.src, ch.title)
        out.append(f"- {name}: {in_words(ch)}.")
    out += [""] + emergency_section(previous, current) + raw_diff(changes, previous, current)
    return "\n".join(out)


def emergency_section(previous: Snapshot, current: Snapshot) -> list[str]:
    out = [f"## Emergency information since revision {esc(previous.revision)}", ""]
    if previous.emergency is None or current.emergency is None:
        return out + [
            f"Revision {esc(previous.revision)} was published before hsms kept the emergency information "
            "with each revision, so its changes cannot be shown here. The home page has the current "
            "emergency numbers, sites, muster points and first aiders.",
            "",
        ]
    groups = emergency_changes.compare(previous.emergency, current.emergency)
    if not groups:
        return out + ["No change to the emergency numbers, sites, muster points or first aiders.", ""]
    return out + emergency_changes.markdown(groups)


def raw_diff(changes: list[PageChange], previous: Snapshot, current: Snapshot) -> list[str]:
    """Collapsed (pymdownx.details): each changed page's Markdown, line by line, for auditors."""
    changed = [ch for ch in changes if ch.kind == "changed"]
    if not changed:
        return []
    out = [
        f'??? quote "Line by line, for auditors: the Markdown of revision {esc(previous.revision)} and '
        f'{esc(current.revision)} (lines starting with - were removed, with + added)"',
        "",
    ]
    for ch in changed:
        fence = fence_for(ch.diff)
        block = [f"**{esc(ch.title)}** ({esc(ch.src)})", "", f"{fence}diff", *ch.diff, fence, ""]
        if ch.more:
            block += [f"*… and {ch.more} more diff line(s) not shown.*", ""]
        out += ["    " + line for line in block]  # inside the collapsed block
    return out

"""Which of a manual's non-page files are published, and why the others are not.

Everything in ``docs/`` used to be copied into the public site (``internal-notes.txt``,
``contacts.csv``). Now a file is published only when

- its type is on the allowlist (``ASSET_TYPES``: images and fillable forms) and an approved
  page links to it, or
- it is listed under ``publish_files:`` in manual.yml (any type but active web content).

Another type is a validation problem naming the file; an allowed file that no page links to
is not published and gets a warning. The build publishes exactly ``published_files``; the
plugin drops every other file before MkDocs copies anything."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

# Images a page shows, and forms a worker downloads. Lowercase; the file's suffix is compared
# in lowercase. SVG may hold scripts: its content is checked as well (see validate).
ASSET_TYPES: dict[str, str] = {
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".webp": "image",
    ".svg": "image",
    ".pdf": "document",
    ".docx": "document",
    ".xlsx": "document",
}

# What `publish_files:` may never publish: files a browser runs or that restyle the site
# (an XSS on the manual's own web address), whatever the consultant lists.
# (This also keeps the theme's and the build's own .html/.js/.css/.xml files from being replaced.)
ACTIVE_TYPES = (".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".cjs", ".css", ".wasm", ".xml", ".xsl", ".swf")

_PAGE_SUFFIX = ".md"
# Link targets in a page: Markdown links and images (inline, <angle>, reference definitions)
# and the src/href/data attributes of HTML tags. A miss is safe: the build then fails on a
# broken link. Three patterns, each starting with a literal, so a page is scanned in
# microseconds (one alternation of all three cost a millisecond per page).
_INLINE = re.compile(r"\]\(\s*(?:<([^>\n]+)>|([^)\s]+))")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)
_TAG = re.compile(r"<[A-Za-z][^>]*>")
_ATTRIBUTE = re.compile(r"\b(?:src|href|data)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def suffix(rel: str) -> str:
    return posixpath.splitext(rel)[1].lower()


def is_page(rel: str) -> bool:
    return rel.endswith(_PAGE_SUFFIX)


def allowed_type(rel: str) -> bool:
    return suffix(rel) in ASSET_TYPES


def urls(markdown: str) -> list[tuple[str, int]]:
    """Every link target written in a page (Markdown links, images, reference definitions, the
    src/href/data of HTML tags), as written, with its offset in ``markdown``, in page order."""
    found = [(m[1], m.start(1)) if m[1] is not None else (m[2], m.start(2)) for m in _INLINE.finditer(markdown)]
    if "]:" in markdown:
        found += [(m[1], m.start(1)) for m in _REFERENCE.finditer(markdown)]
    if "<" in markdown:
        for tag in _TAG.finditer(markdown):
            for a in _ATTRIBUTE.finditer(tag[0]):
                group = next(i for i, g in enumerate(a.groups(), 1) if g is not None)
                found.append((a[group], tag.start() + a.start(group)))
    return sorted(found, key=lambda item: item[1])


def links(markdown: str, page_src: str) -> tuple[str, ...]:
    """Files of the same docs/ folder that a page's text links to ('/'-separated, relative to
    docs/), in order of first appearance. Web addresses, anchors and targets outside docs/ are
    left out."""
    here = posixpath.dirname(page_src)
    targets: dict[str, None] = {}
    for url, _ in urls(markdown):
        target = local_target(here, url)
        if target:
            targets.setdefault(target)
    return tuple(targets)


def local_target(here: str, url: str) -> str | None:
    url = url.strip()
    if not url or url.startswith(("#", "/", "\\")) or _SCHEME.match(url):
        return None
    path = unquote(url.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    target = posixpath.normpath(posixpath.join(here, path))
    return None if target == ".." or target.startswith("../") or target == "." else target


def publish_refusal(rel: str) -> str | None:
    """Why ``publish_files:`` may not list this path (None: it may)."""
    if is_page(rel):
        return "pages are published by their status, not by publish_files"
    if suffix(rel) in ACTIVE_TYPES:
        return f"{suffix(rel)} files run or restyle in the reader's browser and are never published"
    return None

"""Links between a manual's pages and to its files, checked as the strict build checks them, but
before anything is built and with every problem at once (`hsms validate`, and the build's own
check in ``state.load_state``):

- a link to a page that does not exist, or to a draft (drafts are not published);
- an anchor that is not an id of the target page: a heading written in it (ids computed as
  MkDocs' toc does, ``sections.PageText``), or an id set with ``{: #id }`` or ``id="…"``;
- a link to a file of docs/ the site does not publish, a folder, a place outside docs/, or an
  absolute address on the same server.

Only approved pages are checked: drafts are not built. Links printed by macros are hsms's own;
links inside code are not links. A heading printed by a macro cannot be linked to."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

from .assets import is_page, urls
from .errors import Problem
from .page_rules import page_body
from .sections import PageText
from .suggest import did_you_mean

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_JINJA = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}|\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# {: #id } at the end of any block (attr_list; the { #id } form without ':' works on headings only,
# which PageText reads).
_ATTR_IDS = re.compile(r"\{:[ \t]*[^}\n]*?#([A-Za-z0-9_][^\s}#]*)[^}\n]*\}")
_HTML_IDS = re.compile(r"\bid\s*=\s*(?:\"([^\"]+)\"|'([^']+)')", re.I)
SHOWN_IDS = 8  # anchors listed in a problem


@dataclass(frozen=True)
class Target:
    """What a page may link to: pages (and whether each is approved, with its ids) and files."""

    approved: dict[str, str]  # approved page src → its text (ids are read only when an anchor needs them)
    drafts: frozenset[str]
    files: frozenset[str]  # published files of docs/ (images, forms)
    generated: frozenset[str] | None  # pages the build adds (audit guide); None = unknown, accept audit/*
    present: frozenset[str] = frozenset()  # every file of docs/, published or not (for "did you mean")
    _ids: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)

    def ids(self, src: str) -> frozenset[str] | None:
        """The ids of an approved page (None: not an approved page)."""
        if src not in self.approved:
            return None
        if src not in self._ids:
            self._ids[src] = page_ids(page_body(self.approved[src])[0])
        return self._ids[src]


def page_ids(body: str) -> frozenset[str]:
    """The ids a link may point at in a page body: its headings as MkDocs gives them, and ids set
    on any block with attr_list or in raw HTML."""
    text = _visible(body)
    ids = set(PageText(body).ids)
    ids |= set(_ATTR_IDS.findall(text))
    ids |= {a or b for a, b in _HTML_IDS.findall(text)}
    return frozenset(ids)


def _blank(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def _visible(body: str) -> str:
    """The body with Jinja, comments, code spans and fenced code blanked out (offsets kept)."""
    if "{" in body:
        body = _JINJA.sub(_blank, body)
    if "<!--" in body:
        body = _COMMENT.sub(_blank, body)
    if "`" in body or "~~~" in body:
        lines = body.split("\n")
        fence = ""
        for i, line in enumerate(lines):
            if fence:
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = ""
                lines[i] = " " * len(line)
                continue
            m = _FENCE.match(line)
            if m:
                fence = m.group(1)
                lines[i] = " " * len(line)
        body = _CODE_SPAN.sub(_blank, "\n".join(lines))
    return body


def targets(
    pages: Iterable, files: Iterable[str], generated: Iterable[str] | None, present: Iterable[str] = ()
) -> Target:
    approved: dict[str, str] = {}
    drafts: set[str] = set()
    for p in pages:
        if p.approved:
            approved[p.src] = p.text
        else:
            drafts.add(p.src)
    return Target(
        approved,
        frozenset(drafts),
        frozenset(files),
        frozenset(generated) if generated is not None else None,
        frozenset(files) | frozenset(present),
    )


def link_problems(src: str, text: str, shown: str, target: Target) -> list[Problem]:
    """Every broken link of one page (``text`` is the whole file, front matter included)."""
    body, offset = page_body(text)
    visible = _visible(body)
    here = posixpath.dirname(src)
    out: list[Problem] = []
    for url, at in urls(visible):
        problem = _check(url.strip(), src, here, target)
        if problem:
            line = offset + visible.count("\n", 0, at) + 1
            out.append(Problem(shown, line, "link", *problem))
    return out


def _check(url: str, src: str, here: str, t: Target) -> tuple[str, str] | None:
    if not url or _SCHEME.match(url) or url.startswith("//"):
        return None  # a web address, mailto:, tel:
    if url.startswith(("/", "\\")):
        return (f"'{url}' is an absolute address", "write the link relative to this page, e.g. 02-policy.md")
    path, _, anchor = url.partition("#")
    path = unquote(path.split("?", 1)[0])
    anchor = unquote(anchor)
    if not path:  # an anchor on this page
        return _anchor(url, src, anchor, t) if anchor else None
    rel = posixpath.normpath(posixpath.join(here, path))
    if rel == ".." or rel.startswith("../"):
        return (f"'{url}' points outside the manual's docs/ folder", "link only to pages and files in docs/")
    if path.endswith("/") or rel in {posixpath.dirname(p) for p in t.approved} | {"."}:
        index = posixpath.join(rel, "index.md") if rel != "." else "index.md"
        return (
            f"'{url}' is a folder, not a page",
            f"link to the page itself, e.g. {posixpath.relpath(index, here or '.')}",
        )
    if is_page(rel):
        if rel in t.approved:
            return _anchor(url, rel, anchor, t) if anchor else None
        if rel in t.drafts:
            return (
                f"'{url}' is a draft (status: draft), so it is not published",
                "approve that page, or remove the link",
            )
        if t.generated is None and rel.startswith("audit/") or t.generated is not None and rel in t.generated:
            return None
        known = [posixpath.relpath(p, here or ".") for p in sorted(t.approved)]
        return (
            f"'{url}' is not a page of this manual",
            did_you_mean(posixpath.relpath(rel, here or "."), known, "link to a page of docs/, relative to this page"),
        )
    if rel in t.files:
        return None
    if rel in t.present:  # the file is there: "did you mean" would name the link as written
        return (
            f"'{url}' is not a published file of docs/",
            "only images and forms are published when a page links to them: list it under publish_files: "
            "in manual.yml, or remove the link",
        )
    known = [posixpath.relpath(f, here or ".") for f in sorted(t.present)]
    return (
        f"'{url}' is not a published file of docs/",
        did_you_mean(
            posixpath.relpath(rel, here or "."),
            known,
            "put the file in docs/ (an image or a form) and link it relative to this page",
        ),
    )


def _anchor(url: str, page: str, anchor: str, t: Target) -> tuple[str, str] | None:
    ids = t.ids(page)
    if ids is None or anchor in ids:
        return None
    where = "this page" if url.startswith("#") else page
    listed = ", ".join("#" + i for i in sorted(ids)[:SHOWN_IDS]) + (" …" if len(ids) > SHOWN_IDS else "")
    return (
        f"'{url}': no heading or id '#{anchor}' on {where}",
        did_you_mean(
            anchor, ids, f"use one of: {listed}" if ids else "give the heading an id: ## Title { #id }"
        ).replace("did you mean ", "did you mean #"),
    )

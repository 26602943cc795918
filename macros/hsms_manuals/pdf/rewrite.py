"""Fit one page's rendered article HTML into the combined print document.

Every id gets the section anchor as prefix (two pages may both have ``id="records"``),
links between pages become in-document links, and image paths are made relative to the
site root. Plain regular expressions over the tags: the HTML is our own Markdown output.

A link to anything the PDF does not contain (the audit guide, a file) goes to the published
revision when the PDF is built for publishing (``published``, "https://…/<manual>/<revision>/");
otherwise it keeps its words and loses its address: the builder's folder (file:) is wrong on
every other machine, and site_url + path is not where the published site serves it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

# Only for resolving relative URLs; never fetched.
_FAKE_ROOT = "http://site.invalid/"

# An opening tag with its attributes (quoted values may contain ">").
_TAG_RE = re.compile(r"""<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+(?:[^>"']|"[^"]*"|'[^']*')*)?)>""")
# One attribute: name, optional "=value" (double, single or not quoted).
_ATTR_RE = re.compile(r"""(\s+)([^\s=/>"']+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_KEPT_SCHEMES = ("http", "https", "mailto", "tel")  # links that work from a PDF on any machine
_HEADERLINK_RE = re.compile(r"""<a\b[^>]*\bclass=["'][^"']*\bheaderlink\b[^"']*["'][^>]*>.*?</a>""", re.S | re.I)
_H1_RE = re.compile(r"""<h1\b((?:[^>"']|"[^"]*"|'[^']*')*)>.*?</h1>\s*""", re.S | re.I)
_H2_RE = re.compile(r"""<h2\b((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</h2>""", re.S | re.I)
_ANY_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Heading:
    """An h2 of a section, for the table of contents."""

    id: str  # already prefixed with the section anchor
    html: str  # inline text, still HTML-escaped as it came


def page_key(path: str) -> str:
    """The comparable form of a site path: "a/b/", "a/b/index.html", "a/b.md" → "a/b"."""
    path = path.split("#", 1)[0].split("?", 1)[0].strip("/")
    for suffix in (".html", ".md"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    return path.strip("/")


def _value(raw: str) -> str:
    if raw[:1] in "\"'":
        raw = raw[1:-1]
    return html.unescape(raw)


def _id_of(attrs: str) -> str | None:
    return next((_value(a[4]) for a in _ATTR_RE.finditer(attrs) if a[2].lower() == "id" and a[4]), None)


class SectionRewriter:
    """Rewrites the HTML of one section; ``pages`` maps page_key(url) → section anchor."""

    def __init__(self, anchor: str, url: str, pages: dict[str, str], published: str = ""):
        self.anchor = anchor
        self.base = urljoin(_FAKE_ROOT, url.lstrip("/"))
        self.rewrite_paths = bool(url)
        self.pages = pages
        self.published = published  # this revision's site root on the web, or ""
        self._unnamed = 0
        self.ids: set[str] = set()  # every id in the rewritten section (already prefixed)

    def rewrite(self, body: str) -> tuple[str, list[Heading]]:
        """Return the section body ready to embed, and its h2 headings."""
        body = _HEADERLINK_RE.sub("", body)
        body = self._drop_leading_h1(body)
        body = _TAG_RE.sub(self._tag, body)
        headings = []
        for m in _H2_RE.finditer(body):  # every h2 has an id by now (see _tag)
            text = _SPACE_RE.sub(" ", _ANY_TAG_RE.sub("", m[2])).strip()
            headings.append(Heading(html.escape(_id_of(m[1]) or ""), text))
        return body, headings

    def _drop_leading_h1(self, body: str) -> str:
        """The page's own h1 repeats the title we print; keep its id as a link target."""
        m = _H1_RE.search(body)
        if not m or _ANY_TAG_RE.sub("", body[: m.start()]).strip():
            return body
        h1_id = _id_of(m[1])
        keep = f'<span id="{html.escape(h1_id)}"></span>' if h1_id is not None else ""
        return body[: m.start()] + keep + body[m.end() :]

    def _tag(self, m: re.Match[str]) -> str:
        name, attrs = m[1].lower(), m[2]
        if not attrs and name != "h2":
            return m[0]
        seen_id = False

        def attr(a: re.Match[str]) -> str:
            nonlocal seen_id
            key = a[2].lower()
            if a[4] is None or key not in ("id", "href", "src"):
                return a[0]
            value = _value(a[4])
            if key == "id":
                seen_id = True
                new = self._id(value)
            elif key == "href":
                href = self._href(value)
                if href is None:
                    return ""  # plain text: the words stay, the link goes
                new = href
            else:
                new = self._src(value)
            return f'{a[1]}{a[2]}="{html.escape(new)}"'

        attrs = _ATTR_RE.sub(attr, attrs)
        if name == "h2" and not seen_id:
            self._unnamed += 1
            attrs += f' id="{self._id(f"section-{self._unnamed}")}"'
        return f"<{m[1]}{attrs}>"

    def _id(self, value: str) -> str:
        new = f"{self.anchor}--{value}"
        self.ids.add(new)
        return new

    def _href(self, value: str) -> str | None:
        """The link inside the PDF, or None for plain text."""
        if value.startswith("#"):  # a link names an id; it does not make one (``ids`` holds only real ones)
            return f"#{self.anchor}--{value[1:]}" if value[1:] else f"#{self.anchor}"
        if value.startswith("//"):
            value = "https:" + value
        if _SCHEME_RE.match(value):  # external: kept if it works from a PDF (never file:)
            return value if urlsplit(value).scheme.lower() in _KEPT_SCHEMES else None
        resolved = urljoin(self.base, value)
        parts = urlsplit(resolved)
        target = self.pages.get(page_key(parts.path))
        if target is not None:
            return f"#{target}--{parts.fragment}" if parts.fragment else f"#{target}"
        if self.published and resolved.startswith(_FAKE_ROOT):  # a page or file the PDF lacks
            return self.published + resolved[len(_FAKE_ROOT) :]
        return None

    def _src(self, value: str) -> str:
        if not self.rewrite_paths or not value or _SCHEME_RE.match(value) or value[0] == "/":
            return value
        return urljoin(self.base, value)[len(_FAKE_ROOT) :]

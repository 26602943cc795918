"""Text helpers shared by everything that writes Markdown or HTML: escaping, links, slugs.
A leaf module: it imports nothing of hsms."""

from __future__ import annotations

import html
import posixpath
import re


def esc(value: object) -> str:
    """Escape text for Markdown + HTML output (also safe inside table cells and link text)."""
    return (html.escape(str(value), quote=True).replace("|", "&#124;").replace("[", "&#91;")
            .replace("]", "&#93;").replace("*", "&#42;").replace("_", "&#95;").replace("`", "&#96;"))


def link(here: str, target: str, text: str, anchor: str = "") -> str:
    """A Markdown link from page ``here`` to page ``target`` (src paths), relative so that MkDocs
    checks it in strict mode."""
    rel = posixpath.relpath(target, posixpath.dirname(here) or ".")
    return f"[{esc(text)}]({rel}{'#' + anchor if anchor else ''})"


def slug(text: str) -> str:
    """An id as a URL/anchor part: '6.9' → '6-9', 'A' → 'a'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"

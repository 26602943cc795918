"""`hsms translate export/import`: one gettext PO file per page (Babel), so a translation tool
(Weblate, a professional translator's CAT tool) can translate a manual without touching Markdown.

A PO file names its page in its header (``Project-Id-Version: <manual>/<page> revision <N>
<digest>``, ``Language: <lang>``); each entry's ``msgctxt`` is the unit's position on the page
(po_segments). Import refuses a file for another manual, language or page version, an entry
whose msgid was edited, and a translation that adds or changes ``{{ … }}``/``{% … %}``; it
writes ``PAGE.<lang>.md`` with ``translated_from`` set, all files or none."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from . import clock
from .errors import Problem
from .model import Manual, Page, page_digest
from .page_rules import body_problems
from .paths import shown
from .po_segments import Segmented, segment
from .text import CONTROL_CHARACTER
from .yamlio import split_front_matter

TITLE = "title"
_PROJECT = re.compile(
    r"^(?P<manual>[a-z0-9][a-z0-9-]*)/(?P<page>\S+\.md) revision (?P<revision>\S+) "
    r"(?P<digest>sha256:[0-9a-f]{64})$"
)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_CODE = re.compile(r"`[^`]+`")


def page_body(text: str) -> tuple[str, str]:
    """(front matter block with its delimiters, body) of a page's text: body is byte for byte what follows."""
    _, lines = split_front_matter(text)
    if not lines:
        return "", text
    parts = text.split("\n", lines)
    return "\n".join(parts[:-1]) + "\n", parts[-1]


def po_name(src: str) -> str:
    return src[:-3] + ".po"


def export_catalogue(manual: Manual, page: Page, lang: str) -> bytes:
    """The PO file of one page: its title and every translatable unit of its body."""
    seg = segment(page_body(page.text)[1])
    stamp = dt.datetime.combine(clock.today(), dt.time())  # the one clock: same inputs, same file
    cat = Catalog(
        locale=lang,
        domain=page.src[:-3],
        project=f"{manual.id}/{page.src}",
        creation_date=stamp,
        revision_date=stamp,
        version=f"revision {manual.document.revision} {page_digest(page)}",
        fuzzy=False,
        header_comment=f"# {manual.company.name} — {page.title}\n# Translate msgstr only; keep {{{{ … }}}}, "
        "`code`, links' targets and Markdown markup as they are.",
    )
    cat.add(page.title, "", context=TITLE, auto_comments=["the page title"])
    for i, unit in enumerate(seg.units):
        notes = [unit.kind]
        if _TEMPLATE.search(unit.text) or _CODE.search(unit.text):
            notes.append("keep {{ … }}, {% … %} and `code` exactly as they are")
        cat.add(unit.text, "", context=str(i), auto_comments=notes)
    buf = io.BytesIO()
    write_po(buf, cat, width=0, omit_header=False)
    return buf.getvalue()


@dataclass(frozen=True)
class Imported:
    src: str  # the translated page to write: PAGE.<lang>.md
    text: str
    untranslated: int  # entries with no msgstr, kept in English


def import_catalogue(root: Path, manual: Manual, lang: str, path: Path, problems: list[Problem]) -> Imported | None:
    name = shown(path, root) if path.is_relative_to(root) else str(path)
    found = len(problems)

    def problem(line: int, field: str, what: str, fix: str) -> None:
        problems.append(Problem(name, line, field, what, fix))

    try:
        raw = path.read_bytes()
        if bad := _unclosed_line(raw):  # Babel reads it, dropping the text's last character
            problem(
                bad,
                "",
                "a quoted text on this line is not closed (or has text after its closing quote)",
                'end it with a " (saving the file from the translation tool writes it right)',
            )
            return None
        cat = read_po(io.BytesIO(raw), abort_invalid=True)
    except PoFileError as exc:
        problem(
            getattr(exc, "lineno", 0) + 1,
            "",
            f"not a PO file hsms can read ({exc})",
            "save it from the translation tool as a gettext PO file",
        )
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problem(0, "", f"cannot read it ({exc})", "save it from the translation tool as a UTF-8 gettext PO file")
        return None
    head = _PROJECT.match(cat.project + " " + cat.version if cat.project and cat.version else "")
    if head is None:
        problem(
            1,
            "Project-Id-Version",
            "not a page exported by `hsms translate export`",
            f"export the pages with `hsms translate export {manual.id} --lang {lang}` and translate those files",
        )
        return None
    if head["manual"] != manual.id:
        problem(
            1,
            "Project-Id-Version",
            f"exported from manual {head['manual']}, not {manual.id}",
            f"import it into {head['manual']}",
        )
    language = str(cat.locale) if cat.locale else ""
    if language != lang:
        problem(
            1,
            "Language",
            f"a translation into '{language or '(none)'}', not '{lang}'",
            f"import it with --lang {language}" if language else "set Language: in the file's header",
        )
    page = manual.page_by_src.get(head["page"])
    if page is None or not page.approved:
        problem(
            1,
            "Project-Id-Version",
            f"{manual.id} has no approved page {head['page']}",
            "export again: pages are exported by their current names",
        )
    if len(problems) > found or page is None:
        return None
    if head["digest"] != page_digest(page):
        problem(
            1,
            "Project-Id-Version",
            f"{page.src} changed since this file was exported",
            "export the page again; translation tools carry the finished entries over to the new file",
        )
        return None
    seg = segment(page_body(page.text)[1])
    texts, untranslated = _texts(cat, seg, page, problem)
    if len(problems) > found:
        return None
    title, body = texts[0], seg.join(texts[1:])
    front = f"title: {json.dumps(title, ensure_ascii=False)}\n"  # a JSON string is a YAML double-quoted one
    text = (
        f"---\n{front}translation: {{status: draft}}\n"
        f'translated_from: {{revision: "{head["revision"]}", digest: "{head["digest"]}"}}\n---\n{body}'
    )
    for p in body_problems(text, ""):
        problem(0, p.field, f"the translated page would have this problem: {p.problem}", p.fix)
    if len(problems) > found:
        return None
    return Imported(page.src[:-3] + f".{lang}.md", text, untranslated)


# A line of a PO file that holds quoted text: a keyword (msgid, msgstr[0] …) or nothing, then one
# string closed by an unescaped quote, then nothing (comments and blank lines hold none).
_QUOTED_LINE = re.compile(rb'[ \t]*(?:msg[a-z_]+(?:\[\d+\])?[ \t]+)?"(?:[^"\\\r\n]|\\.)*"[ \t]*\r?')


def _unclosed_line(raw: bytes) -> int:
    """The first line (1-based) with quoted text that is not closed, or 0."""
    for n, line in enumerate(raw.split(b"\n"), 1):
        text = line.lstrip()
        if (text.startswith((b"msg", b'"'))) and not _QUOTED_LINE.fullmatch(line):
            return n
    return 0


def _texts(cat: Catalog, seg: Segmented, page: Page, problem) -> tuple[list[str], int]:
    wanted = [(TITLE, page.title)] + [(str(i), u.text) for i, u in enumerate(seg.units)]
    out: list[str] = []
    untranslated = 0
    for context, msgid in wanted:
        msg = cat.get(msgid, context=context)
        if msg is None:
            problem(
                0,
                context,
                f"no entry for: {msgid[:60]!r}",
                "keep every entry of the exported file and do not edit msgid (export again if unsure)",
            )
            continue
        text = str(msg.string or "")
        if CONTROL_CHARACTER.search(text):
            problem(
                msg.lineno or 0,
                context,
                "the translation holds a control character",
                "delete it (it can come in with text pasted from another program)",
            )
            continue
        if not text:
            untranslated += 1
            out.append(msgid)
            continue
        if Counter(_TEMPLATE.findall(text)) != Counter(_TEMPLATE.findall(msgid)):
            problem(
                msg.lineno or 0,
                context,
                "the translation adds, drops or changes a {{ … }} or {% … %}",
                "copy every {{ … }} and {% … %} of msgid into msgstr exactly as it is, and add none",
            )
            continue
        hostile = body_problems(f"---\ntitle: x\n---\n{text}\n", "")
        if hostile:  # markup or template code the page rules refuse, located at its entry
            problem(
                msg.lineno or 0,
                context,
                f"the translation would put this in the page: {hostile[0].problem}",
                hostile[0].fix,
            )
            continue
        if context != TITLE and "\n\n" in text.strip("\n") and "\n\n" not in msgid:
            problem(
                msg.lineno or 0,
                context,
                "the translation has a blank line inside one entry",
                "keep one paragraph per entry (a blank line would change the page's structure)",
            )
            continue
        out.append(text)
    return out, untranslated

"""Plain-language checks of a manual's pages (`hsms lint`, and warnings of `hsms validate`):
the reading grade of each page, sentences that are too long, and vague wording an auditor or a
worker cannot act on ("as required", "appropriate"), and change notes copied unchanged from the
previous revision. Up to 40% of workers have some difficulty
reading: a manual is written at about grade 8.

Only the author's prose is read: front matter, Jinja (``{{ … }}`` prints data from manual.yml),
code, HTML comments, headings and link targets are left out. The grade is Flesch–Kincaid,
computed by textstat on the page's sentences; a list item, a table cell and an admonition's
text each count as their own sentence, as a reader meets them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import Problem, UsageError
from .model import Manual, Page, Quality
from .page_rules import page_body
from .paths import MANUAL_FILE, shown
from .sections import strip_comments, strip_jinja
from .yamlio import SourceError, load_yaml_file

# Phrase → what to write instead. Whole words, any case. The list is the consultancy's to tune
# per manual: `quality: {vague: [...], allow: [...]}` in manual.yml.
VAGUE: dict[str, str] = {
    "as required": "say what is required, by whom and when",
    "where practicable": "say what is done, and what is done when it cannot be",
    "where practical": "say what is done, and what is done when it cannot be",
    "where possible": "say what is done, and what is done when it cannot be",
    "if possible": "say what is done, and what is done when it cannot be",
    "as necessary": "say when it is necessary and who decides",
    "if necessary": "say when it is necessary and who decides",
    "when necessary": "say when it is necessary and who decides",
    "as needed": "say when it is needed and who decides",
    "as appropriate": "say which one, or who decides",
    "appropriate": "name the thing itself (which glove, which form, which person)",
    "appropriately": "say how",
    "adequate": "say how much or which one (a number, a standard, a model)",
    "adequately": "say how much or how well, in a way someone can check",
    "reasonable": "say what is expected, in a way someone can check",
    "reasonably": "say what is expected, in a way someone can check",
    "sufficient": "say how much (a number or a standard)",
    "suitable": "name the thing itself (which tool, which standard)",
    "proper": "name the thing itself, or the rule it must meet",
    "properly": "say how, step by step, or point to the procedure",
    "timely": "give the time limit (e.g. within 24 hours)",
    "in a timely manner": "give the time limit (e.g. within 24 hours)",
    "as soon as possible": "give the time limit (e.g. before the end of the shift)",
    "as soon as practicable": "give the time limit (e.g. before the end of the shift)",
    "periodically": "say how often (every week, every month)",
    "periodic": "say how often (every week, every month)",
    "from time to time": "say how often (every week, every month)",
    "regularly": "say how often (every week, every month)",
    "etc.": "list everything that is meant",
}

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^#{1,6}(\s|$)")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(\[[ xX]\][ \t]+)?")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+\"([^\"]*)\")?[ \t]*$")
_QUOTE = re.compile(r"^[ \t]*(>[ \t]?)+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|mailto|tel):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ATTR = re.compile(r"\{:?[ \t]*[#.:][^}\n]*\}")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_EMPHASIS = re.compile(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_ESCAPE = re.compile(r"\\(.)")
# A sentence ends at . ! or ? followed by a space and a capital, a digit or an opening quote;
# "e.g. a", "s. 17" and "3.5 m" do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|approx|No|St|Dr|Mr|Mrs|Ms|Ave|Rd|Hwy|s|ss|Reg|Alta|Inc|Ltd)\.)$")
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int  # of the page file, where the sentence starts

    @property
    def words(self) -> int:
        return len(WORD.findall(self.text))


@dataclass(frozen=True)
class Finding:
    """One lint result for a page or a value; shown as a Problem (warning)."""

    line: int
    field: str  # "grade" | "sentence" | "vague"
    problem: str
    fix: str


def _inline(text: str) -> str:
    """Inline Markdown → what a reader sees (code spans kept as written)."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _ATTR.sub("", text)
    text = _CODE_SPAN.sub(r"\2", text)
    text = text.replace("**", "").replace("__", "")
    text = _EMPHASIS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    return " ".join(text.split())


def units(body: str, first_line: int) -> Iterator[tuple[str, int]]:
    """The body's blocks of prose as (text, file line): paragraphs, list items, table cells,
    admonition and quote text. Headings, code, rules and blank Jinja are skipped."""
    # Jinja and comments out (macros print data, not the author's prose), line count kept.
    body = strip_comments(strip_jinja(body))
    lines = body.split("\n")
    fence = ""
    block: list[str] = []
    start = 0

    def flush() -> Iterator[tuple[str, int]]:
        if block:
            text = _inline(" ".join(block))
            block.clear()
            if text:
                yield text, start

    for i, raw in enumerate(lines):
        line_no = first_line + i
        if fence:
            if raw.strip().startswith(fence) and not raw.strip().strip(fence[0]):
                fence = ""
            continue
        m = _FENCE.match(raw)
        if m:
            yield from flush()
            fence = m.group(1)
            continue
        stripped = raw.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not stripped or _RULE.match(raw) or _SETEXT.match(stripped) and not block:
            yield from flush()
            continue
        if _HEADING.match(stripped) or (
            _SETEXT.match(nxt.strip()) and nxt.strip() and not block and not stripped.startswith(("|", "-", "*"))
        ):
            yield from flush()
            continue
        if _ADMONITION.match(raw):
            yield from flush()  # its title is a heading; its indented text follows
            continue
        if (
            raw.startswith(("    ", "\t"))
            and not block
            and i
            and not lines[i - 1].strip()
            and not _ITEM.match(raw)
            and _is_code_context(lines, i)
        ):
            continue  # an indented code block
        if "|" in stripped and (_TABLE_SEP.match(nxt) or _TABLE_SEP.match(stripped) or _in_table(lines, i)):
            yield from flush()
            if not _TABLE_SEP.match(stripped):
                for cell in stripped.strip("|").split("|"):
                    text = _inline(cell)
                    if text:
                        yield text, line_no
            continue
        item = _ITEM.match(raw)
        if item:
            yield from flush()
            block.append(raw[item.end() :])
            start = line_no
            continue
        text = _QUOTE.sub("", raw)
        if not block:
            start = line_no
        block.append(text.strip())
    yield from flush()


def _is_code_context(lines: list[str], i: int) -> bool:
    """An indented line after a blank line is code, unless it continues a list or an admonition."""
    for j in range(i - 1, -1, -1):
        prev = lines[j]
        if not prev.strip():
            continue
        return not (prev.startswith((" ", "\t")) or _ITEM.match(prev) or _ADMONITION.match(prev))
    return True


def _in_table(lines: list[str], i: int) -> bool:
    """A '|' line below a table's separator row, with no blank line between."""
    for j in range(i - 1, -1, -1):
        prev = lines[j].strip()
        if not prev or "|" not in prev:
            return False
        if _TABLE_SEP.match(prev):
            return True
    return False


def sentences(body: str, first_line: int = 1) -> list[Sentence]:
    """The page's prose, one sentence each, with the file line it starts on."""
    out: list[Sentence] = []
    for text, line in units(body, first_line):
        parts = _split(text)
        out += [Sentence(p, line) for p in parts if WORD.search(p)]
    return out


def _split(text: str) -> list[str]:
    parts: list[str] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        head = text[pos : m.start()].rstrip("\"'”’)")
        if _ABBREVIATIONS.search(head):
            continue
        parts.append(text[pos : m.start()].strip())
        pos = m.end()
    parts.append(text[pos:].strip())
    return [p for p in parts if p]


def grade(items: Iterable[Sentence]) -> float | None:
    """Flesch–Kincaid grade of the sentences (None for fewer than 30 words: too short to grade):
    0.39 × words per sentence + 11.8 × syllables per word − 15.59, on our sentences (a list item
    or a table cell is one), with textstat's syllable count of each word."""
    listed = list(items)
    words = [w for s in listed for w in WORD.findall(s.text)]
    if len(words) < MIN_WORDS_TO_GRADE:
        return None
    syllables = sum(syllable_count(w.lower()) for w in words)
    return 0.39 * len(words) / len(listed) + 11.8 * syllables / len(words) - 15.59


@cache
def syllable_count(word: str) -> int:
    """textstat's count (the CMU pronouncing dictionary, else hyphenation), once per word: a
    manual repeats its words, and the library caches only recent texts."""
    import textstat  # loads the pronouncing dictionary: only when a page is graded

    return max(1, int(textstat.syllable_count(word)))


MIN_WORDS_TO_GRADE = 30


def vague_phrases(quality: Quality) -> tuple[str, ...]:
    """The phrases a manual's pages are checked for: the default list, or the manual's own, less ``allow``."""
    allowed = {a.lower() for a in quality.allow}
    listed = quality.vague if quality.vague is not None else tuple(VAGUE)
    return tuple(p for p in listed if p.strip() and p.lower() not in allowed)


def vague_pattern(quality: Quality) -> re.Pattern[str] | None:
    return _pattern(vague_phrases(quality))


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)


def vague_fix(phrase: str) -> str:
    return VAGUE.get(phrase.lower(), "say exactly what is meant, in a way someone can check")


def lint_text(text: str, quality: Quality) -> list[Finding]:
    """Every finding of one page (``text`` is the whole file, front matter included)."""
    body, offset = page_body(text)
    found = sentences(body, offset + 1)
    out: list[Finding] = []
    g = grade(found)
    if g is not None and g > quality.grade:
        out.append(
            Finding(
                offset + 1 if found else 1,
                "grade",
                f"reads at grade {g:.1f} (target {quality.grade:g} or lower)",
                "use shorter sentences and everyday words; split long paragraphs into steps",
            )
        )
    for s in found:
        if s.words > quality.sentence_words:
            out.append(
                Finding(
                    s.line,
                    "sentence",
                    f"{s.words} words in one sentence (at most {quality.sentence_words}): '{_clip(s.text)}'",
                    "split it into shorter sentences or a list of steps",
                )
            )
    pattern = vague_pattern(quality)
    if pattern is not None:
        for s in found:
            for m in pattern.finditer(s.text):
                out.append(Finding(s.line, "vague", f"'{m.group(0)}' is vague", vague_fix(m.group(0))))
    return out


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def lint_page(text: str, shown: str, quality: Quality) -> list[Problem]:
    return [Problem(shown, f.line, f.field, f.problem, f.fix) for f in lint_text(text, quality)]


def page_grade(text: str) -> float | None:
    """The grade of one page file, for reports."""
    body, offset = page_body(text)
    return grade(sentences(body, offset + 1))


def lint_pages(root: Path, docs: Path, pages: Iterable[Page], quality: Quality) -> list[Problem]:
    """Findings of every page (drafts too: lint helps while a page is being written)."""
    out: list[Problem] = []
    for page in pages:
        out += lint_page(page.text, shown(docs / page.src, root), quality)
    return out


def lint_manual(root: Path, manual: Manual, history: bool = True) -> list[Problem]:
    """Every finding of a manual: its pages, and (``history``) change notes copied from the
    previous revision."""
    out = lint_pages(root, manual.docs_dir, manual.pages, manual.quality)
    return out + (change_notes(root, manual) if history else [])


# --- change notes -----------------------------------------------------------------------------

HISTORY_DEPTH = 50  # commits of manual.yml looked at to find the previous revision


def previous_notes(root: Path, manual: Manual) -> tuple[str, tuple[str, ...]] | None:
    """(revision, change notes) of the revision before ``document.revision``, read from the git
    history of manual.yml (the last committed version with another revision); None when there
    is none (not a git repository, a first revision, history too long)."""
    import yaml

    from .gitbranch import git  # git only when asked: lint works without it

    rel = shown(manual.root / MANUAL_FILE, root)
    try:
        log = git(root, "log", f"-n{HISTORY_DEPTH}", "--format=%H", "--", rel, check=False)
    except UsageError:  # git is not installed
        return None
    for commit in log.stdout.split() if log.returncode == 0 else ():
        shown_file = git(root, "show", f"{commit}:{rel}", check=False)
        if shown_file.returncode != 0:
            continue
        try:
            doc = (yaml.safe_load(shown_file.stdout) or {}).get("document") or {}
        except (yaml.YAMLError, AttributeError):
            continue
        revision = str(doc.get("revision", ""))
        if revision and revision != manual.document.revision:
            changes = doc.get("changes") or []
            return revision, tuple(str(c) for c in changes) if isinstance(changes, list) else ()
    return None


def change_notes(root: Path, manual: Manual) -> list[Problem]:
    """Change notes copied from the previous revision tell workers nothing about this one."""
    notes = manual.document.changes
    previous = previous_notes(root, manual) if notes else None
    if previous is None or tuple(n.strip() for n in previous[1]) != tuple(n.strip() for n in notes):
        return []
    path = manual.root / MANUAL_FILE
    name = shown(path, root)
    try:
        line = load_yaml_file(path, name).line_of(("document", "changes"))
    except SourceError:
        line = 0
    return [
        Problem(
            name,
            line,
            "document.changes",
            f"the same change notes as revision {previous[0]}",
            f"write what changed in revision {manual.document.revision}, in words a worker understands",
        )
    ]

"""Does a claimed section really answer its topic? Enough words of its own, no leftover
placeholder, and every point an auditor looks for (``look_for`` in topics.yml) mentioned.

Matching a point is case-insensitive, on whole words and phrases, and treats a hyphen like a
space ("check-in" = "check in"); a term also matches its plural (+s, +es)."""

from __future__ import annotations

import re
from functools import lru_cache

from .model import LookFor, Topic
from .sections import count_words

DEFAULT_MIN_WORDS = 40

# Leftovers of a template or a draft. Upper-case markers only as written in capitals (a word
# like "todo" in a sentence is rare, "TODO:" in a draft is not); bracketed and angled
# fill-ins by their first word.
PLACEHOLDERS = re.compile(
    r"(?<![\w-])(?:TODO|TBD|FIXME|XXX+)(?![\w-])"
    r"|(?i:lorem\s+ipsum)"
    r"|(?i:\[\s*(?:insert|add|enter|fill\s+in|your|name\s+of|company\s+name|date|tbd)\b[^\]\n]{0,60}\])"
    r"|(?i:<\s*(?:insert|your|company|employer|client|name|date|phone|address|site|person|title|signature)"
    r"\b[^<>\n]{0,60}>)"
    r"|\b0{3}-0{3}-0{4}\b"  # the phone number `hsms new` writes
)
_HYPHENS = re.compile(r"[-‐‑‒–—_/]+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, hyphens as spaces, one space between words: what look_for terms match."""
    return _SPACE.sub(" ", _HYPHENS.sub(" ", text.lower().replace("’", "'")))


@lru_cache(maxsize=4096)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(normalise(t).strip()) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?:e?s)?(?![\w])")


def placeholders(text: str) -> list[str]:
    """Placeholder texts left in ``text`` (markup and Jinja already removed, tags kept), once each."""
    return list(dict.fromkeys(m[0] for m in PLACEHOLDERS.finditer(text)))


def missing_points(text: str, look_for: tuple[LookFor, ...]) -> list[str]:
    """The points of ``look_for`` that no term of theirs mentions in ``text``."""
    if not look_for:
        return []
    plain = " " + normalise(text) + " "
    return [p.point for p in look_for if not _pattern(p.any).search(plain)]


def min_words(topic: Topic | None) -> int:
    return topic.min_words if topic is not None and topic.min_words is not None else DEFAULT_MIN_WORDS


def judge(text: str, title: str, raw: str, topic: Topic | None) -> tuple[int, tuple[str, ...]]:
    """(words, reasons the text is thin; none = it answers the topic).

    ``text``: the claim's own words; ``title``: its heading(s), searched for points but not
    counted; ``raw``: the same text before markup was removed (placeholders like <name>)."""
    words = count_words(text)
    reasons = []
    needed = min_words(topic)
    if words < needed:
        reasons.append(f"{words} words (needs {needed})")
    for found in placeholders(raw):
        reasons.append(f"still says {found if len(found) <= 40 else found[:39] + '…'}")
    if topic is not None:
        reasons += [f"missing point: {p}" for p in missing_points(title + "\n" + text, topic.look_for)]
    return words, tuple(reasons)

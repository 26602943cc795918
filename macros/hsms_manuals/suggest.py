""" "Did you mean …?" for ids a user mistyped (topics, partners, programs, pages, manuals).
A leaf module: it imports nothing of hsms."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def _thing(ident: str) -> str:
    """The part of a topic id that names the thing: 'working_alone' of 'control.working_alone'."""
    return ident.rsplit(".", 1)[-1]


def close(word: str, known: Iterable[str], n: int = 1) -> list[str]:
    """The ``n`` known ids closest to ``word``, best first, in any case: difflib's ratio of at
    least 0.8, or the same letters in another order ('acas' for 'acsa'). For dotted topic ids the
    thing named must be close too (0.6: 'control.nope' is not 'control.ppe' because they share
    'control.'), and the same thing under another area counts ('hazard.working_alone')."""
    options = {k.lower(): k for k in known}
    w = word.lower()
    topics = _is_topic(w) and all(_is_topic(k) for k in options)
    scored = []
    for low, original in options.items():
        whole = difflib.SequenceMatcher(None, w, low).ratio()
        thing = difflib.SequenceMatcher(None, _thing(w), _thing(low)).ratio() if topics else 1.0
        swapped = len(w) > 2 and sorted(w) == sorted(low)
        if (whole >= 0.8 and thing >= 0.6) or swapped or (topics and _thing(w) == _thing(low)):
            scored.append((-(whole + thing), original))
    return [original for _, original in sorted(scored)[:n]]


def _is_topic(ident: str) -> bool:
    """area.thing (lowercase, no path, no file extension such as .md or .png)."""
    return (
        "." in ident
        and "/" not in ident
        and not ident.endswith((".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".pdf", ".docx", ".xlsx"))
    )


def did_you_mean(word: str, known: Iterable[str], otherwise: str) -> str:
    """A fix: "did you mean x?" when an id is close, else ``otherwise``."""
    found = close(word, known)
    if not found:
        return otherwise
    return "did you mean " + " or ".join(found) + "?"

""""Did you mean …?" for ids a user mistyped (topics, partners, programs, pages, manuals).
A leaf module: it imports nothing of hsms."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def _last(ident: str) -> str:
    """The part of an id that names the thing: 'working_alone' of 'control.working_alone'."""
    return ident.rsplit(".", 1)[-1].rsplit("/", 1)[-1]


def close(word: str, known: Iterable[str], n: int = 1) -> list[str]:
    """The ``n`` known ids closest to ``word``, best first, in any case: difflib's ratio of at
    least 0.8 on the whole id and 0.6 on its last part (so 'control.nope' is not taken for
    'control.ppe' because they share 'control.'), the same letters in another order, or the
    same last part under another area."""
    options = {k.lower(): k for k in known}
    w = word.lower()
    scored = []
    for low, original in options.items():
        whole = difflib.SequenceMatcher(None, w, low).ratio()
        last = difflib.SequenceMatcher(None, _last(w), _last(low)).ratio()
        swapped = len(w) > 2 and sorted(w) == sorted(low)  # 'acas' for 'acsa': letters swapped
        if (whole >= 0.8 and last >= 0.6) or swapped or (last == 1.0 and "." in w and "." in low):
            scored.append((-(whole + last), original))
    return [original for _, original in sorted(scored)[:n]]


def did_you_mean(word: str, known: Iterable[str], otherwise: str) -> str:
    """A fix: "did you mean x?" when an id is close, else ``otherwise``."""
    found = close(word, known)
    if not found:
        return otherwise
    return "did you mean " + " or ".join(found) + "?"

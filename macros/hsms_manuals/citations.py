"""Law cited in page text: which jurisdiction's law a page names, and whether it names a repealed
act's numbering as law.

A ``cited_as`` phrase of the register ("OHS Code", "WorkSafeBC OHS Regulation", "OHS Act s.37")
becomes one regular expression that tolerates how people write citations: any case, line
breaks and emphasis marks between words, "s." / "section" / "sec." alike, "OHS" for
"Occupational Health and Safety" (and "WSH" for Manitoba's "Workplace Safety and Health"), an
optional comma or full stop, and "s.37 of the OHS Act" for "OHS Act s.37". All phrases are
scanned at once, longest first, so the most specific one names the citation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem
from .paths import shown

if TYPE_CHECKING:  # legislation imports normalise from here
    from .legislation import Historical, Register
    from .model import Manual, Partner

_ALIASES = {
    "ohs": r"(?:ohs|oh&s|occupational[\s*_]+health[\s*_]+and[\s*_]+safety)",
    "wsh": r"(?:wsh|workplace[\s*_]+safety[\s*_]+and[\s*_]+health)",
}
_SECTION = r"(?:sections?|sec\.|ss\.|s\.)"
_GAP = r"[\s*_`,]+"  # between words: spaces, line breaks, emphasis marks, a comma


def normalise(phrase: str) -> str:
    """The canonical form of a phrase: two phrases with the same form find the same text."""
    text = phrase.lower().replace("oh&s", "ohs")
    text = re.sub(r"occupational\s+health\s+and\s+safety", "ohs", text)
    text = re.sub(r"workplace\s+safety\s+and\s+health", "wsh", text)
    text = re.sub(r"(?<![a-z0-9])(?:sections?|sec\.|ss\.|s\.)\s*", "s.", text)
    return re.sub(r"[\s,]+", " ", text).strip()


def _token(tok: str) -> str:
    if tok in _ALIASES:
        return _ALIASES[tok]
    if tok.startswith("s."):
        return _SECTION + r"\s*" + _literal(tok[2:])
    return _literal(tok)


def _literal(text: str) -> str:
    out = re.escape(text)
    return out + r"\.?" if len(text) == 1 and text.isalpha() else out  # "c" also as "c."


def phrase_pattern(phrase: str) -> str:
    """A phrase as a regular expression (case-insensitive, word-bounded)."""
    tokens = normalise(phrase).split(" ")
    forms = [_GAP.join(_token(t) for t in tokens)]
    if len(tokens) > 1 and tokens[-1].startswith("s.") and tokens[-1] != "s.":
        # "OHS Act s.37" is also written "section 37 of the OHS Act"
        rest = _GAP.join(_token(t) for t in tokens[:-1])
        forms.append(_token(tokens[-1]) + _GAP + "of" + _GAP + f"(?:the{_GAP})?" + rest)
    end = r"(?![a-z0-9])" if phrase.rstrip()[-1:].isalnum() else ""
    return r"(?<![a-z0-9])(?:" + "|".join(forms) + ")" + end


def first_letters(phrase: str) -> set[str]:
    """The characters (lower case) a text matching ``phrase_pattern(phrase)`` can start with."""
    tokens = normalise(phrase).split(" ")
    first = tokens[0]
    out = {"o" if first == "ohs" else "w" if first == "wsh" else first[0]}
    if len(tokens) > 1 and tokens[-1].startswith("s.") and tokens[-1] != "s.":
        out.add("s")  # "section 37 of the OHS Act"
    return out


@dataclass(frozen=True)
class Citation:
    """A phrase in a page that cites a jurisdiction's law."""

    line: int  # 1-based line in the file
    text: str  # as written (spaces collapsed)
    jurisdiction: str
    historical: Historical | None  # the repealed instrument it cites, if any


# Every cited_as phrase names the kind of instrument, so a page whose lower-cased text holds none
# of these words cites no law: the common case costs three substring searches.
ANCHORS = ("act", "code", "reg")
_ANCHOR_WORD = re.compile(r"(?<![a-z0-9])(?:act(?![a-z0-9])|codes?(?![a-z0-9])|reg(?:ulations?)?(?![a-z]))")
_ANCHOR_AT = re.compile(r"act(?![a-z0-9])|codes?(?![a-z0-9])|reg(?:ulations?)?(?![a-z])")
_BEFORE, _AFTER = 120, 60  # the most text a phrase spans before and after its anchor word
_WORD_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]")


def has_anchor(phrase: str) -> bool:
    return _ANCHOR_WORD.search(phrase.lower()) is not None


@dataclass(frozen=True)
class Scanner:
    register: Register

    @cached_property
    def _compiled(self) -> tuple[dict[str, re.Pattern[str]], dict[str, tuple[str, Historical | None]]]:
        """One pattern per first letter a phrase can start with (each holding only those
        phrases, longest first, so the most specific phrase wins), and group name → (code,
        historical act)."""
        entries: list[tuple[str, str, Historical | None]] = []
        for j in self.register.jurisdictions.values():
            for ins in j.instruments:
                entries += [(p, j.code, None) for p in ins.cited_as]
            for h in j.historical:
                entries += [(p, j.code, h) for p in h.cited_as]
        entries.sort(key=lambda e: -len(normalise(e[0])))
        groups = {f"c{i}": (code, hist) for i, (_, code, hist) in enumerate(entries)}
        by_first: dict[str, list[str]] = {}
        for i, (phrase, _, _) in enumerate(entries):
            for letter in first_letters(phrase):
                by_first.setdefault(letter, []).append(f"(?P<c{i}>{phrase_pattern(phrase)})")
        return {k: re.compile("|".join(v), re.IGNORECASE) for k, v in by_first.items()}, groups

    def scan(self, text: str) -> list[Citation]:
        """Every citation in ``text``, in order. Only the stretches around an anchor word (Act,
        Code, Reg…) are searched with the full pattern: scanning whole pages with it would
        make `hsms validate` many times slower."""
        by_first, groups = self._compiled
        low = text.lower()
        if not by_first or not any(a in low for a in ANCHORS):
            return []
        spans: list[list[int]] = []
        for at in _anchor_words(low):
            start, end = max(0, at - _BEFORE), at + _AFTER
            if spans and start <= spans[-1][1]:
                spans[-1][1] = end
            else:
                spans.append([start, end])
        out: list[Citation] = []
        line, pos = 1, 0
        for start, end in spans:
            # A phrase starts a word: try the pattern only there (trying it at every character
            # of the window costs several times more). The first alternative that matches is
            # the longest phrase, as the alternatives are ordered longest first.
            done = start
            for w in _WORD_START.finditer(text, start, end):
                regex = by_first.get(low[w.start()])
                if regex is None or w.start() < done:
                    continue
                m = regex.match(text, w.start(), end)
                if m is None:
                    continue
                done = m.end()
                line += text.count("\n", pos, m.start())
                pos = m.start()
                code, hist = groups[m.lastgroup or ""]
                out.append(Citation(line, " ".join(m.group(0).split()), code, hist))
        return out


def _anchor_words(low: str) -> list[int]:
    """Where the anchor words start as whole words ("act", not "contact"), in order. Found with
    substring searches: a pattern search over the whole page costs far more."""
    found = []
    for word in ANCHORS:
        i = low.find(word)
        while i != -1:
            if (i == 0 or not low[i - 1].isalnum()) and _ANCHOR_AT.match(low, i):
                found.append(i)
            i = low.find(word, i + 1)
    return sorted(found)


@dataclass(frozen=True)
class Finding:
    line: int
    problem: str
    fix: str


def wrong_law(citations: list[Citation], province: str, register: Register) -> list[Finding]:
    """Citations a manual for a company in ``province`` must not make: another jurisdiction's
    law, or a repealed act's numbering cited as law. One finding per line and kind."""
    out: dict[tuple[int, str], Finding] = {}
    here = register.name_of(province)
    for c in citations:
        if c.jurisdiction != province:
            key = (c.line, c.jurisdiction)
            problem = f"cites {register.name_of(c.jurisdiction)} law ('{c.text}'), but the company is in {here}"
            fix = f"cite {here} law: see legislation_refs()"
        elif c.historical is not None:
            h = c.historical
            key = (c.line, h.id)
            problem = f"cites the repealed {h.title} ('{c.text}') as law; it was repealed on {h.repealed}"
            fix = (
                f"cite the {h.replaced_by.title} ({h.replaced_by.citation}) in force now: see legislation_refs()"
                if h.replaced_by
                else "cite the law in force: see legislation_refs()"
            )
        else:
            continue
        out.setdefault(key, Finding(c.line, problem, fix))
    return list(out.values())


def cites_province(text: str, province: str, register: Register) -> Citation | None:
    """The first citation of ``province``'s law in force in a page's text, if any."""
    return next((c for c in register.scanner.scan(text) if c.jurisdiction == province and c.historical is None), None)


def law_left_behind(root: Path, manual: Manual, partner: Partner, register: Register) -> list[Problem]:
    """Measuring a manual against a partner that certifies in another province: the approved
    pages that still cite the law of the company's own province (one problem per page, at its
    first citation)."""
    here = manual.company.province
    if here in partner.certifies_in:  # e.g. a BC company with Energy Safety Canada (AB, BC, SK)
        return []
    names = [register.name_of(p) for p in partner.certifies_in]
    there = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    fix = (
        f"cite {there} law there: see legislation_refs()"
        if len(names) == 1
        else "cite the law of the province the company is audited in: see legislation_refs()"
    )
    out = []
    for page in manual.approved_pages:
        c = cites_province(page.text, here, register)
        if c is not None:
            out.append(
                Problem(
                    shown(manual.docs_dir / page.src, root),
                    c.line,
                    "",
                    f"cites {register.name_of(here)} law ('{c.text}'), but {partner.short_name} certifies in {there}",
                    fix,
                )
            )
    return out

"""The shared library: the topic catalogue and the partner audit maps under ``partners/``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem
from .legislation import EMPTY, Register, load_register
from .model import Partner, Topic, partner_from, topic_from
from .paths import PARTNERS_DIR, TOPICS_FILE, shown
from .schemas import PARTNER, SLUG, TOPICS, Schema
from .suggest import did_you_mean
from .text import slug
from .yamlio import Source, SourceError, load_yaml_file


@dataclass(frozen=True)
class Library:
    topics: dict[str, Topic]
    partners: dict[str, Partner]
    register: Register = EMPTY  # the law by province (partners/legislation/)

    def partner_ids(self) -> str:
        return ", ".join(sorted(self.partners)) or "(none)"

    def newest(self, partner_id: str) -> Partner | None:
        """The map at the end of a partner map's ``replaced_by`` chain: the partner's newest
        instrument (the map itself when nothing replaces it; None for an unknown id)."""
        partner = self.partners.get(partner_id)
        seen = {partner_id}
        while partner is not None and partner.replaced_by and partner.replaced_by not in seen:
            seen.add(partner.replaced_by)
            nxt = self.partners.get(partner.replaced_by)
            if nxt is None:
                break
            partner = nxt
        return partner


def load_library(root: Path, only: str | None = None) -> tuple[Library, list[Problem]]:
    """Load and check ``partners/``; a broken partner file is reported and left out.

    ``only``: load just that partner's map (a build needs one; `hsms validate` checks all).
    If it has no file, everything is loaded so the error can list the partners there are."""
    problems: list[Problem] = []
    pdir = root / PARTNERS_DIR
    topics: dict[str, Topic] = {}
    tsrc = _load(pdir / TOPICS_FILE, root, problems)
    if tsrc is not None:
        doc, probs = Schema(TOPICS).check(tsrc)
        problems += probs
        if doc:
            counts = Counter(t["id"] for t in doc["topics"])
            for i, t in enumerate(doc["topics"]):
                if counts[t["id"]] > 1 and t["id"] in topics:
                    problems.append(
                        Problem(
                            tsrc.path,
                            tsrc.line_of(("topics", i, "id")),
                            f"topics.{i}.id",
                            f"duplicate topic id '{t['id']}'",
                            "give every topic its own id",
                        )
                    )
                topics.setdefault(t["id"], topic_from(t))

    register, probs = load_register(root, topics, lambda path: shown(path, root))
    problems += probs

    partners: dict[str, Partner] = {}
    sources: dict[str, Source] = {}
    schema = Schema(PARTNER)
    paths = sorted(pdir.glob("*.yml"))
    if only and re.match(SLUG, only) and only != TOPICS_FILE[:-4] and (pdir / f"{only}.yml").is_file():
        paths = [pdir / f"{only}.yml"]
    for path in paths:
        if path.name == TOPICS_FILE:
            continue
        src = _load(path, root, problems)
        if src is None:
            continue
        doc, probs = schema.check(src)
        problems += probs
        if doc is None:
            continue
        before = len(problems)
        problems += _check_partner(doc, src, path.stem, topics)
        if len(problems) == before:
            partners[doc["id"]] = partner_from(doc)
            sources[doc["id"]] = src
    if len(paths) > 1:  # every map is loaded: what replaces what can be checked
        problems += _check_replacements(partners, sources)
    return Library(topics, partners, register), problems


def _check_replacements(partners: dict[str, Partner], sources: dict[str, Source]) -> list[Problem]:
    """``replaced_by`` names another map of the same kind, and the chain ends (no loop)."""
    out: list[Problem] = []
    for pid, partner in sorted(partners.items()):
        target = partner.replaced_by
        if target is None:
            continue
        src = sources[pid]
        where = (src.path, src.line_of(("replaced_by",)), "replaced_by")
        if target == pid:
            out.append(Problem(*where, "a partner map cannot replace itself", "name the map of the newer instrument"))
        elif target not in partners:
            out.append(
                Problem(
                    *where,
                    f"unknown partner map '{target}'",
                    f"name one of: {', '.join(sorted(set(partners) - {pid}))}",
                )
            )
        elif partners[target].kind != partner.kind:
            out.append(
                Problem(
                    *where,
                    f"'{target}' is a {partners[target].kind} map, this is a {partner.kind} map",
                    "name a map of the same kind",
                )
            )
        else:
            seen = [pid]
            while target is not None and target not in seen and target in partners:
                seen.append(target)
                target = partners[target].replaced_by
            if target in seen:
                out.append(
                    Problem(
                        *where,
                        f"replaced_by goes round in a loop ({' → '.join(seen + [target])})",
                        "the newest map must have no replaced_by",
                    )
                )
    return out


def _load(path: Path, root: Path, problems: list[Problem]) -> Source | None:
    try:
        return load_yaml_file(path, shown(path, root))
    except SourceError as e:
        problems.append(Problem(e.path, e.line, "", e.problem, e.fix))
        return None


def _check_partner(doc: dict, src: Source, stem: str, topics: dict[str, Topic]) -> list[Problem]:
    """Cross-references inside one partner map."""
    out: list[Problem] = []

    def add(path: tuple, problem: str, fix: str) -> None:
        out.append(Problem(src.path, src.line_of(path), ".".join(map(str, path)), problem, fix))

    if doc["id"] != stem:
        add(
            ("id",),
            f"id '{doc['id']}' does not match the file name '{stem}.yml'",
            f"rename the file to {doc['id']}.yml or set id: {stem}",
        )
    if doc.get("provinces") and doc["province"] not in doc["provinces"]:
        add(
            ("provinces",),
            f"the partner's own province {doc['province']} is not among the provinces it certifies in",
            f"add {doc['province']} to provinces, or correct province",
        )
    program_ids = [p["id"] for p in doc["programs"]]
    for i, pid in enumerate(program_ids):
        if program_ids.index(pid) != i:
            add(("programs", i, "id"), f"duplicate program id '{pid}'", "give every program its own id")
    units = {p["size_rule"]["unit"] for p in doc["programs"]}
    if len(units) > 1:
        add(("programs",), "programs count size in different units", "use one unit (employees or fte) for all programs")
    # Ids become page names and anchors of the audit guide ("6.9" → q-6-9): ids that differ
    # only in case or punctuation ("1.1" and "1-1") would share one.
    seen_elements: dict[str, str] = {}
    seen_questions: dict[str, str] = {}
    for ei, el in enumerate(doc["elements"]):
        if slug(el["id"]) in seen_elements:
            add(
                ("elements", ei, "id"),
                f"element id '{el['id']}' is the same as '{seen_elements[slug(el['id'])]}' "
                "once written as a web address",
                "give every element its own id",
            )
        seen_elements.setdefault(slug(el["id"]), el["id"])
        for qi, q in enumerate(el["questions"]):
            qpath = ("elements", ei, "questions", qi)
            if slug(q["id"]) in seen_questions:
                same = seen_questions[slug(q["id"])]
                add(
                    qpath + ("id",),
                    f"duplicate question id '{q['id']}'"
                    if same == q["id"]
                    else f"question id '{q['id']}' is the same as '{same}' once written as a web address",
                    "give every question its own id",
                )
            seen_questions.setdefault(slug(q["id"]), q["id"])
            _check_scoring(q, qpath, add)
            refs: list[tuple[tuple[Any, ...], str]] = [
                (qpath + ("topics", ti), t) for ti, t in enumerate(q.get("topics") or ())
            ]
            refs += [
                (qpath + ("criteria", ci, "topics", ti), t)
                for ci, c in enumerate(q.get("criteria") or ())
                for ti, t in enumerate(c["topics"])
            ]
            for path, t in refs:
                if topics and t not in topics:  # no catalogue (topics.yml broken): that one problem is enough
                    add(
                        path,
                        f"unknown topic '{t}'",
                        did_you_mean(t, topics, "use a topic id from partners/topics.yml or add the topic there"),
                    )
            for pi, p in enumerate(q.get("programs") or ()):
                if p not in program_ids:
                    add(
                        qpath + ("programs", pi),
                        f"unknown program '{p}'",
                        did_you_mean(p, program_ids, "use one of: " + ", ".join(dict.fromkeys(program_ids))),
                    )
    return out


def _check_scoring(q: dict, qpath: tuple, add: Callable[[tuple, str, str], None]) -> None:
    """``scoring: criteria`` takes its topics from ``criteria:``; every other style needs ``topics:``."""
    if q["scoring"] == "criteria":
        if not q.get("criteria"):
            add(
                qpath + ("scoring",),
                "scoring: criteria needs a 'criteria:' list",
                "list each criterion as {text: ..., topics: [...]}, or use scoring: proportional",
            )
        elif q.get("topics"):
            add(
                qpath + ("topics",),
                "with scoring: criteria the topics come from the criteria",
                "remove 'topics:' (or put its topics into the criteria)",
            )
    else:
        if q.get("criteria"):
            add(
                qpath + ("criteria",),
                f"criteria are only used with scoring: criteria (this question is {q['scoring']})",
                "add 'scoring: criteria' or remove 'criteria:'",
            )
        if not q.get("topics"):
            add(
                qpath + ("topics",),
                "no topics: nothing in a manual could answer this question",
                "add 'topics:' with the topic ids that answer it",
            )

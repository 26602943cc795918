"""The legislation register: ``partners/legislation/<jurisdiction>.yml``, one file per province.

Every law citation hsms prints in a manual comes from here, filtered to the manual's province:
the acts, regulations and codes in force, the provisions (part or section) with our own one-line
paraphrase, the topics each supports and the employer sizes it applies to. Repealed acts are kept
as ``historical`` entries (a labelled checklist and the phrases that identify a citation of
them), never printed as current law. ``cited_as`` phrases let ``citations`` find law cited in
page text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .citations import Scanner, has_anchor, normalise
from .errors import Problem
from .schemas import LEGISLATION, Schema
from .suggest import did_you_mean
from .yamlio import Source, SourceError, load_yaml_file

REGISTER_DIR = "legislation"  # under partners/


@dataclass(frozen=True)
class Instrument:
    """An act, regulation or code in force in one jurisdiction."""

    id: str
    jurisdiction: str
    kind: str  # act | regulation | code
    title: str
    short: str  # how a manual names it: "OHS Code"
    citation: str  # "Alta Reg 191/2021"
    in_force: dt.date | None
    cited_as: tuple[str, ...]  # phrases that identify a citation of it in page text
    verified: bool

    @property
    def label(self) -> str:
        since = f", in force {self.in_force}" if self.in_force else ""
        return f"{self.title} ({self.citation}{since})"


@dataclass(frozen=True)
class ChecklistItem:
    ref: str
    summary: str  # our paraphrase
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Historical:
    """A repealed instrument: its numbering must not be cited as law. Its checklist (e.g. the
    2017 Alberta Act's ten program elements, still embedded in partner instruments) is kept
    for reference only."""

    id: str
    jurisdiction: str
    title: str
    citation: str
    repealed: dt.date
    replaced_by: Instrument | None
    cited_as: tuple[str, ...]
    checklist: tuple[ChecklistItem, ...]
    verified: bool


@dataclass(frozen=True)
class Provision:
    """A part or section of an instrument in force, with what it requires in our own words."""

    id: str
    instrument: Instrument
    ref: str  # "Part 28", "s.17"
    summary: str
    topics: tuple[str, ...]
    in_force: dt.date | None
    min_workers: int = 1
    below_workers: int | None = None
    verified: bool = False

    @property
    def cite(self) -> str:
        """As printed in a manual: "OHS Code Part 28"."""
        return f"{self.instrument.short} {self.ref}"

    def applies_to(self, workers: int | None) -> bool:
        """Whether it binds an employer of this size (None: any size)."""
        return workers is None or (
            workers >= self.min_workers and (self.below_workers is None or workers < self.below_workers)
        )

    def describe_size(self) -> str:
        if self.below_workers is not None:
            return f"{self.min_workers} to {self.below_workers - 1} workers"
        return f"{self.min_workers} or more workers" if self.min_workers > 1 else "every employer"


@dataclass(frozen=True)
class Jurisdiction:
    code: str  # AB
    name: str  # Alberta
    source: str
    verified: bool
    notes: str | None
    instruments: tuple[Instrument, ...]
    historical: tuple[Historical, ...]
    provisions: tuple[Provision, ...]


@dataclass(frozen=True)
class Register:
    jurisdictions: dict[str, Jurisdiction]

    @cached_property
    def scanner(self) -> Scanner:
        """Finds law cited in page text (compiled once per register)."""
        return Scanner(self)

    def name_of(self, code: str) -> str:
        j = self.jurisdictions.get(code)
        return j.name if j else code

    def provisions_for(self, topic_id: str, province: str, workers: int | None = None) -> list[Provision]:
        """The provisions of ``province``'s law that support a topic, in register order;
        with ``workers``, only those that bind an employer of that size."""
        j = self.jurisdictions.get(province)
        if j is None:
            return []
        return [p for p in j.provisions if topic_id in p.topics and p.applies_to(workers)]

    def provisions_for_topics(
        self, topic_ids: set[str] | frozenset[str], province: str, workers: int | None = None
    ) -> list[Provision]:
        j = self.jurisdictions.get(province)
        if j is None:
            return []
        return [p for p in j.provisions if topic_ids.intersection(p.topics) and p.applies_to(workers)]


EMPTY = Register({})


def load_register(root: Path, topics: dict[str, Any], shown: Any) -> tuple[Register, list[Problem]]:
    """Load every ``partners/legislation/*.yml``; a broken file is reported and left out.
    ``topics``: the topic catalogue (empty when topics.yml is broken: topic ids are then not
    checked). ``shown``: path → how it is printed."""
    problems: list[Problem] = []
    folder = root / "partners" / REGISTER_DIR
    schema = Schema(LEGISLATION)
    loaded: list[tuple[Source, dict[str, Any]]] = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else ():
        try:
            src = load_yaml_file(path, shown(path))
        except SourceError as e:
            problems.append(Problem(e.path, e.line, "", e.problem, e.fix))
            continue
        doc, probs = schema.check(src)
        problems += probs
        if doc is None:
            continue
        probs = _check(doc, src, path.stem, topics)
        problems += probs
        if not probs:
            loaded.append((src, doc))
    problems += _check_across(loaded)
    jurisdictions = {}
    for _src, doc in loaded:
        j = _jurisdiction_from(doc)
        jurisdictions[j.code] = j
    return Register(jurisdictions), problems


def _check(doc: dict[str, Any], src: Source, stem: str, topics: dict[str, Any]) -> list[Problem]:
    """Cross-references inside one register file."""
    out: list[Problem] = []

    def add(path: tuple, problem: str, fix: str) -> None:
        out.append(Problem(src.path, src.line_of(path), ".".join(map(str, path)), problem, fix))

    code = doc["jurisdiction"]
    if stem != code.lower():
        add(
            ("jurisdiction",),
            f"jurisdiction '{code}' does not match the file name '{stem}.yml'",
            f"name the file after the jurisdiction code: {code.lower()}.yml",
        )
    instruments = {i["id"] for i in doc["instruments"]}
    for key in ("instruments", "historical"):
        for n, item in enumerate(doc[key]):
            for c, phrase in enumerate(item["cited_as"]):
                if not has_anchor(phrase):  # the scanner only looks near these words
                    add(
                        (key, n, "cited_as", c),
                        f"'{phrase}' does not name an Act, a Code or a Regulation (Reg)",
                        "write the phrase as pages cite it, e.g. 'OHS Act, SA 2020 c O-2.2'",
                    )
    seen: set[str] = set()
    for key in ("instruments", "historical", "provisions"):
        for n, item in enumerate(doc[key]):
            if item["id"] in seen:
                add((key, n, "id"), f"duplicate id '{item['id']}'", "give every instrument and provision its own id")
            seen.add(item["id"])
    for n, h in enumerate(doc["historical"]):
        if h.get("replaced_by") and h["replaced_by"] not in instruments:
            add(
                ("historical", n, "replaced_by"),
                f"unknown instrument '{h['replaced_by']}'",
                "use the id of an instrument listed under instruments:",
            )
        for c, item in enumerate(h["checklist"]):
            _unknown_topics(item["topics"], ("historical", n, "checklist", c, "topics"), topics, add)
    for n, p in enumerate(doc["provisions"]):
        if p["instrument"] not in instruments:
            add(
                ("provisions", n, "instrument"),
                f"unknown instrument '{p['instrument']}'",
                "use the id of an instrument in force listed under instruments: (never a historical one)",
            )
        size = p.get("workers") or {}
        if size.get("below") is not None and size["below"] <= size.get("min", 1):
            add(
                ("provisions", n, "workers", "below"),
                "below must be more than min",
                "e.g. workers: {min: 5, below: 20}",
            )
        _unknown_topics(p["topics"], ("provisions", n, "topics"), topics, add)
    return out


def _unknown_topics(ids: list[str], at: tuple, topics: dict[str, Any], add: Callable[..., None]) -> None:
    for i, t in enumerate(ids):
        if topics and t not in topics:  # no catalogue (topics.yml broken): that one problem is enough
            add(at + (i,), f"unknown topic '{t}'", did_you_mean(t, topics, "use a topic id from partners/topics.yml"))


def _check_across(loaded: list[tuple[Source, dict[str, Any]]]) -> list[Problem]:
    """A phrase must identify one jurisdiction: the same ``cited_as`` in two files, or an id
    used by two files, would make the citation check (or the register) ambiguous."""
    out: list[Problem] = []
    phrases: dict[str, str] = {}
    ids: dict[str, str] = {}
    codes: dict[str, str] = {}
    for src, doc in loaded:
        code = doc["jurisdiction"]
        if code in codes:
            out.append(
                Problem(
                    src.path,
                    src.line_of(("jurisdiction",)),
                    "jurisdiction",
                    f"jurisdiction {code} is also in {codes[code]}",
                    "keep one file per jurisdiction",
                )
            )
        codes.setdefault(code, src.path)
        for key in ("instruments", "historical", "provisions"):
            for n, item in enumerate(doc[key]):
                if item["id"] in ids and ids[item["id"]] != code:
                    out.append(
                        Problem(
                            src.path,
                            src.line_of((key, n, "id")),
                            f"{key}.{n}.id",
                            f"id '{item['id']}' is also used in the {ids[item['id']]} register",
                            "start ids with the jurisdiction code, e.g. ab-ohs-code",
                        )
                    )
                ids.setdefault(item["id"], code)
        for key in ("instruments", "historical"):
            for n, item in enumerate(doc[key]):
                for c, phrase in enumerate(item["cited_as"]):
                    norm = normalise(phrase)
                    if phrases.get(norm, code) != code:
                        out.append(
                            Problem(
                                src.path,
                                src.line_of((key, n, "cited_as", c)),
                                f"{key}.{n}.cited_as.{c}",
                                f"'{phrase}' also identifies {phrases[norm]} law",
                                "use a phrase only this jurisdiction's law uses (add the province or the citation)",
                            )
                        )
                    phrases.setdefault(norm, code)
    return out


def _jurisdiction_from(d: dict[str, Any]) -> Jurisdiction:
    code = d["jurisdiction"]
    instruments = {
        i["id"]: Instrument(
            i["id"],
            code,
            i["kind"],
            i["title"],
            i["short"],
            i["citation"],
            i["in_force"],
            tuple(i["cited_as"]),
            i["verified"],
        )
        for i in d["instruments"]
    }
    historical = tuple(
        Historical(
            h["id"],
            code,
            h["title"],
            h["citation"],
            h["repealed"],
            instruments.get(h.get("replaced_by") or ""),
            tuple(h["cited_as"]),
            tuple(ChecklistItem(c["ref"], c["summary"], tuple(c["topics"])) for c in h["checklist"]),
            h["verified"],
        )
        for h in d["historical"]
    )
    provisions = tuple(
        Provision(
            p["id"],
            instruments[p["instrument"]],
            p["ref"],
            p["summary"],
            tuple(p["topics"]),
            p["in_force"],
            (p.get("workers") or {}).get("min", 1),
            (p.get("workers") or {}).get("below"),
            p["verified"],
        )
        for p in d["provisions"]
    )
    prov = d["provenance"]
    return Jurisdiction(
        code,
        d["name"],
        prov["source"],
        prov["verified"],
        prov.get("notes"),
        tuple(instruments.values()),
        historical,
        provisions,
    )

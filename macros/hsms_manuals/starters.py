"""Where a topic is answered elsewhere, so a gap list can point a consultant at text to adapt:
first the starter of the starter library the manual came from (`hsms new` records it as
``starter: {id: …}``; shown as ``starters/<id>``), then another manual of the repository (the
shipped examples, or any client manual): the manual it was copied from first (older manuals
record ``starter: {manual: …}``), then the others by id.

Manuals are loaded lazily, one at a time, until every topic asked for is found."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .answers import Place, TopicAnswer, answer_topics
from .errors import ValidationFailed
from .manual import PageReader, claims_from, load_manual, manual_ids
from .model import Manual, Page, Topic
from .sections import PageText
from .starter_library import load_starters
from .yamlio import SourceError, front_matter_source, page_body


@dataclass(frozen=True)
class StarterAnswer:
    manual: str  # the manual's id
    place: Place  # the section that answers the topic there

    @property
    def ref(self) -> str:
        return f"{self.manual}: {self.place.ref}"


@dataclass
class Starters:
    root: Path
    topics: Mapping[str, Topic]
    manual: Manual  # the manual being measured (never its own starter)
    _loaded: list[tuple[str, Mapping[str, TopicAnswer]]] = field(default_factory=list)
    _pending: Iterator[str] | None = None

    def _order(self) -> Iterator[str]:
        starter = self._starter()
        if starter is not None:
            self._loaded.append((starter.id, answer_topics(starter, self.topics)))
            yield starter.id
        first = [self.manual.starter_manual] if self.manual.starter_manual else []
        reader = PageReader(self.root)
        for mid in dict.fromkeys(first + manual_ids(self.root)):
            if mid == self.manual.id or not (self.root / "manuals" / mid / "manual.yml").is_file():
                continue
            other, _ = load_manual(self.root, mid, reader)
            if other is not None:
                self._loaded.append((mid, answer_topics(other, self.topics)))
                yield mid

    def _starter(self) -> Manual | None:
        """The manual's starter (its pages as if approved: they are hsms's own curated text)."""
        try:
            starter = load_starters().get(self.manual.starter_id or "")
        except ValidationFailed:  # a broken starter library is reported by `hsms new`
            return None
        if starter is None:
            return None
        pages = tuple(p for p in (_starter_page(rel, text) for rel, text in starter.pages().items()) if p)
        return replace(self.manual, id=f"starters/{starter.id}", pages=pages, not_applicable={})

    def find(self, topic: str) -> StarterAnswer | None:
        """The first section of another manual that answers ``topic``."""
        for mid, answers in self._loaded:
            if (hit := _answered(answers, topic)) is not None:
                return StarterAnswer(mid, hit)
        if self._pending is None:
            self._pending = self._order()
        for mid in self._pending:
            if (hit := _answered(self._loaded[-1][1], topic)) is not None:
                return StarterAnswer(mid, hit)
        return None


def _answered(answers: Mapping[str, TopicAnswer], topic: str) -> Place | None:
    answer = answers.get(topic)
    return answer.answered_in[0] if answer is not None and answer.answered_in else None


def _starter_page(rel: str, text: str) -> Page | None:
    try:
        doc = front_matter_source(text, rel).data
    except SourceError:
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("covers"), (list, dict)):
        return None
    claims, _ = claims_from(doc["covers"])
    return Page(
        rel,
        str(doc.get("title", rel)),
        claims,
        "approved",
        str(doc.get("owner", "")),
        text=text,
        sections=PageText(*page_body(text)) if claims else None,
    )

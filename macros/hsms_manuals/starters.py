"""The starter library: where another manual of the repository (the shipped examples, or any
client manual) answers a topic, so a gap list can point a consultant at text to adapt.

Manuals are loaded lazily, one at a time, until every topic asked for is found: the manual a
client manual was started from first (`hsms new` records it), then the others by id."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .answers import Place, TopicAnswer, answer_topics
from .manual import PageReader, load_manual, manual_ids
from .model import Manual, Topic


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
        first = [self.manual.starter_manual] if self.manual.starter_manual else []
        reader = PageReader(self.root)
        for mid in dict.fromkeys(first + manual_ids(self.root)):
            if mid == self.manual.id or not (self.root / "manuals" / mid / "manual.yml").is_file():
                continue
            other, _ = load_manual(self.root, mid, reader)
            if other is not None:
                self._loaded.append((mid, answer_topics(other, self.topics)))
                yield mid

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

"""What extraction hands on: a candidate form with its count, kinds and where it was seen."""

from __future__ import annotations

from dataclasses import dataclass, field

Sighting = tuple[str, int, str]  # where a form was seen: path, line, context sentence
Seen = tuple[str, int, str, int]  # … and the unit's place in the corpus, to keep the earliest


@dataclass
class Form:
    """A candidate form that passed: its count, kinds, sources and general-language frequency."""

    text: str
    count: int
    kinds: int
    sources: list[Sighting] = field(default_factory=list)
    pos: str | None = None
    zipf: float = 0.0
    provisional: bool = False

    @property
    def specificity(self) -> float:
        """1 for a word unknown to general language, falling to 0.05 for the most common words."""
        return max(0.05, min(1.0, 1.0 - self.zipf / 7.0))

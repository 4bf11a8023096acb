"""What extraction hands on: a candidate form with its count, kinds and where it was seen."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Where a form was seen: path, line, context sentence, and the post's id and date (None: not known).
Sighting = tuple[str, int, str, str | None, str | None]
#: … with the unit's place in the corpus (to keep the earliest) after the sentence.
Seen = tuple[str, int, str, int, str | None, str | None]


def sighting(seen: Seen) -> Sighting:
    """A sighting as the linker gets it: its place in the corpus left out.

    >>> sighting(("posts.jsonl", 3, "小红书", 42, "9f1c", "2025-01-14"))
    ('posts.jsonl', 3, '小红书', '9f1c', '2025-01-14')
    """
    return seen[0], seen[1], seen[2], seen[4], seen[5]


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

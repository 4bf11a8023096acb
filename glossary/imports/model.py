"""What an importer returns: the concepts read from a file and the rows it skipped, with why."""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.terms.model import Concept


@dataclass(frozen=True)
class Skipped:
    line: int  # 1-based line of the row/entry in the file (0 when unknown)
    reason: str  # one line: why this row was not imported


@dataclass
class Imported:
    concepts: list[Concept]  # glossary.terms.model.Concept, status "candidate"
    skipped: list[Skipped] = field(default_factory=list)

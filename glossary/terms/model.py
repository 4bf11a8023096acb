"""The glossary's data model: concepts, their aliases and where they were seen.

A :class:`Concept` is one thing of the event written every way people write it:

>>> c = Concept(id="xiaohongshu", category="platform", zh="小红书", en="RedNote",
...             aliases=[Alias("Little Red Book", "calque")])
>>> c.forms()
['小红书', 'RedNote', 'Little Red Book']
>>> Concept.from_dict(c.to_dict()) == c
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from glossary.terms import schema
from glossary.terms.schema import (  # noqa: F401 (re-exported: the schema's tables, by their old address)
    ALIAS_FIELDS,
    ALIAS_KINDS,
    CATEGORIES,
    CONCEPT_FIELDS,
    CONFIDENCES,
    EXAMPLE_FIELDS,
    ORIGIN_FIELDS,
    ORIGINS,
    PROPOSAL_FIELDS,
    REF_FIELDS,
    SOURCE_FIELDS,
    STATUSES,
)


def _plan(record: schema.Record) -> tuple[tuple[str, str], ...]:
    """How :func:`_to_dict` writes each field of ``record``, in the schema's order: ``always``
    (required, or with a default), ``set`` (an integer: unless None), else only when not empty."""
    return tuple(
        (f.name, "always" if f.required or f.default is not None else "set" if f.type is int else "nonempty")
        for f in record.fields
    )


def _to_dict(obj: Any, plan: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """A record as a plain dict in the schema's key order, without empty fields."""
    d: dict[str, Any] = {}
    for name, mode in plan:
        value = getattr(obj, name)
        if mode == "always" or (value is not None if mode == "set" else value):
            d[name] = _plain(value)
    return d


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
    if isinstance(value, dict):
        return dict(value)
    return value.to_dict() if hasattr(value, "to_dict") else value


@dataclass
class Alias:
    """Another way of writing a concept, with its kind (see :data:`ALIAS_KINDS`)."""

    text: str
    kind: str = "variant"
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self, _ALIAS)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Alias:
        return cls(text=d["text"], kind=d.get("kind", "variant"), note=d.get("note"))


@dataclass
class Source:
    """Where a concept was seen: a file, a line and the sentence around it, and the post's id
    and date when the corpus gave them."""

    path: str
    line: int | None = None
    sentence: str | None = None
    id: str | None = None
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self, _SOURCE)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Source:
        date = d.get("date")
        return cls(
            path=d["path"],
            line=d.get("line"),
            sentence=d.get("sentence"),
            id=d.get("id"),
            date=str(date) if date is not None else None,
        )


@dataclass
class Example:
    """A short example sentence in Chinese with its English translation, written by a person."""

    zh: str
    en: str

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self, _EXAMPLE)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Example:
        return cls(zh=d.get("zh", ""), en=d.get("en", ""))


@dataclass
class Ref:
    """A public article where the term is used: its address, outlet and date (no copied text)."""

    url: str
    outlet: str | None = None
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self, _REF)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Ref:
        date = d.get("date")
        return cls(url=d["url"], outlet=d.get("outlet"), date=str(date) if date is not None else None)


@dataclass
class Proposal:
    """A value proposed for a field but not written into it: its origin, confidence and why.

    >>> Proposal("zh", "蓝天", "dictionary", "low", "CC-CEDICT: 蓝天 /blue sky/").to_dict()["confidence"]
    'low'
    """

    field: str
    value: str
    origin: str
    confidence: str = "low"
    why: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self, _PROPOSAL)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Proposal:
        return cls(
            field=d["field"],
            value=d["value"],
            origin=d["origin"],
            confidence=d.get("confidence", "low"),
            why=d.get("why"),
        )


@dataclass
class Concept:
    """One concept of the glossary in every script and spelling."""

    id: str
    category: str = "other"
    #: ``background`` for ordinary words the coverage uses (lookup answers them, extraction skips them);
    #: None (or ``event``) for the event's own vocabulary.
    scope: str | None = None
    zh: str | None = None
    zh_hant: str | None = None
    pinyin: str | None = None
    en: str | None = None
    aliases: list[Alias] = field(default_factory=list)
    literal: str | None = None
    gloss: str | None = None
    note: str | None = None
    example: Example | None = None
    related: list[str] = field(default_factory=list)
    status: str = "candidate"
    refs: list[Ref] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    origin: dict[str, str] = field(default_factory=dict)
    #: Forms build found for it, awaiting review: not forms of the concept until accepted.
    proposed: list[Alias] = field(default_factory=list)
    confidence: dict[str, str] = field(default_factory=dict)
    proposals: list[Proposal] = field(default_factory=list)

    def forms(self) -> list[str]:
        """Every surface form of the concept (not its ``proposed`` ones), without repeats, in order."""
        seen: list[str] = []
        for text in (self.zh, self.zh_hant, self.en, *(a.text for a in self.aliases)):
            if text and text not in seen:
                seen.append(text)
        return seen

    @property
    def background(self) -> bool:
        """Whether the concept is ordinary vocabulary the coverage uses, not the event's own."""
        return self.scope == "background"

    def origin_of(self, name: str) -> str:
        """Where the value of field ``name`` came from (``human`` unless recorded)."""
        return self.origin.get(name, "human")

    def to_dict(self) -> dict[str, Any]:
        """A plain dict in terms.yaml's key order (the schema's), without empty fields."""
        return _to_dict(self, _CONCEPT)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Concept:
        return cls(
            id=d["id"],
            category=d.get("category", "other"),
            scope=d.get("scope"),
            zh=d.get("zh"),
            zh_hant=d.get("zh_hant"),
            pinyin=d.get("pinyin"),
            en=d.get("en"),
            aliases=[Alias.from_dict(a) for a in d.get("aliases") or []],
            literal=d.get("literal"),
            gloss=d.get("gloss"),
            note=d.get("note"),
            example=Example.from_dict(d["example"]) if d.get("example") else None,
            related=list(d.get("related") or []),
            status=d.get("status", "candidate"),
            refs=[Ref.from_dict(r) for r in d.get("refs") or []],
            sources=[Source.from_dict(s) for s in d.get("sources") or []],
            origin=dict(d.get("origin") or {}),
            proposed=[Alias.from_dict(a) for a in d.get("proposed") or []],
            confidence=dict(d.get("confidence") or {}),
            proposals=[Proposal.from_dict(p) for p in d.get("proposals") or []],
        )


def importance(data: dict[str, Any]) -> int:
    """How central a concept is to the event, from its terms.yaml data: the more ways people
    write it and the more articles use it, the more central (a tie-break for rankings).

    >>> importance({"aliases": [{"text": "XHS"}, {"text": "RED"}], "refs": [{"url": "https://a"}]})
    4
    """
    return len(data.get("aliases") or []) + 2 * len(data.get("refs") or []) + len(data.get("sources") or [])


_ALIAS, _SOURCE, _EXAMPLE, _REF, _PROPOSAL, _CONCEPT = (
    _plan(r) for r in (schema.ALIAS, schema.SOURCE, schema.EXAMPLE, schema.REF, schema.PROPOSAL, schema.CONCEPT)
)

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

#: Categories a concept may have.
CATEGORIES: tuple[str, ...] = (
    "platform",
    "app",
    "company",
    "organization",
    "person",
    "place",
    "law",
    "court",
    "policy",
    "event",
    "community",
    "nickname",
    "slang",
    "meme",
    "custom",
    "hashtag",
    "food",
    "culture",
    "media",
    "concept",
    "other",
)

#: Kinds of alias, with their meaning.
ALIAS_KINDS: dict[str, str] = {
    "official": "official English name",
    "transliteration": "transliteration (pinyin or other romanization)",
    "calque": "calque / literal translation",
    "translation": "other translation",
    "nickname": "nickname",
    "abbreviation": "abbreviation",
    "hashtag": "hashtag",
    "variant": "spelling variant",
    "misspelling": "misspelling",
    "deprecated": "avoid / deprecated",
}

STATUSES: tuple[str, ...] = ("candidate", "reviewed")

#: Where a field's value came from.
ORIGINS: tuple[str, ...] = ("human", "dictionary", "mt", "rule")

#: Fields of a concept whose origin can be recorded.
ORIGIN_FIELDS: tuple[str, ...] = ("zh", "zh_hant", "pinyin", "en", "literal", "note", "gloss")


@dataclass
class Alias:
    """Another way of writing a concept, with its kind (see :data:`ALIAS_KINDS`)."""

    text: str
    kind: str = "variant"
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "kind": self.kind}
        if self.note:
            d["note"] = self.note
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Alias:
        return cls(text=d["text"], kind=d.get("kind", "variant"), note=d.get("note"))


@dataclass
class Source:
    """Where a concept was seen: a file, a line and the sentence around it."""

    path: str
    line: int | None = None
    sentence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"path": self.path}
        if self.line is not None:
            d["line"] = self.line
        if self.sentence:
            d["sentence"] = self.sentence
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Source:
        return cls(path=d["path"], line=d.get("line"), sentence=d.get("sentence"))


@dataclass
class Example:
    """A short example sentence in Chinese with its English translation, written by a person."""

    zh: str
    en: str

    def to_dict(self) -> dict[str, Any]:
        return {"zh": self.zh, "en": self.en}

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
        d: dict[str, Any] = {"url": self.url}
        if self.outlet:
            d["outlet"] = self.outlet
        if self.date:
            d["date"] = self.date
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Ref:
        date = d.get("date")
        return cls(url=d["url"], outlet=d.get("outlet"), date=str(date) if date is not None else None)


@dataclass
class Concept:
    """One concept of the glossary in every script and spelling."""

    id: str
    category: str = "other"
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

    def forms(self) -> list[str]:
        """Every surface form of the concept, without repeats, in order."""
        seen: list[str] = []
        for text in (self.zh, self.zh_hant, self.en, *(a.text for a in self.aliases)):
            if text and text not in seen:
                seen.append(text)
        return seen

    def origin_of(self, name: str) -> str:
        """Where the value of field ``name`` came from (``human`` unless recorded)."""
        return self.origin.get(name, "human")

    def to_dict(self) -> dict[str, Any]:
        """A plain dict in terms.yaml's key order, without empty fields."""
        d: dict[str, Any] = {"id": self.id, "category": self.category}
        for name in ("zh", "zh_hant", "pinyin", "en"):
            if getattr(self, name):
                d[name] = getattr(self, name)
        if self.aliases:
            d["aliases"] = [a.to_dict() for a in self.aliases]
        for name in ("literal", "gloss", "note"):
            if getattr(self, name):
                d[name] = getattr(self, name)
        if self.example:
            d["example"] = self.example.to_dict()
        if self.related:
            d["related"] = list(self.related)
        d["status"] = self.status
        if self.refs:
            d["refs"] = [r.to_dict() for r in self.refs]
        if self.sources:
            d["sources"] = [s.to_dict() for s in self.sources]
        if self.origin:
            d["origin"] = dict(self.origin)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Concept:
        return cls(
            id=d["id"],
            category=d.get("category", "other"),
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
        )


def importance(data: dict[str, Any]) -> int:
    """How central a concept is to the event, from its terms.yaml data: the more ways people
    write it and the more articles use it, the more central (a tie-break for rankings).

    >>> importance({"aliases": [{"text": "XHS"}, {"text": "RED"}], "refs": [{"url": "https://a"}]})
    4
    """
    return len(data.get("aliases") or []) + 2 * len(data.get("refs") or []) + len(data.get("sources") or [])


#: Every key a concept mapping in terms.yaml may hold, with the type of its value.
CONCEPT_FIELDS: dict[str, type] = {
    "id": str,
    "category": str,
    "zh": str,
    "zh_hant": str,
    "pinyin": str,
    "en": str,
    "aliases": list,
    "literal": str,
    "gloss": str,
    "note": str,
    "example": dict,
    "related": list,
    "status": str,
    "refs": list,
    "sources": list,
    "origin": dict,
}
ALIAS_FIELDS: dict[str, type] = {"text": str, "kind": str, "note": str}
SOURCE_FIELDS: dict[str, type] = {"path": str, "line": int, "sentence": str}
EXAMPLE_FIELDS: dict[str, type] = {"zh": str, "en": str}
REF_FIELDS: dict[str, type] = {"url": str, "outlet": str, "date": str}

"""The schema of terms.yaml, stated once: every record, its fields in the order the writer
writes them, their types, which are required, the values allowed and what each means.

Validation (:mod:`glossary.terms.store`), the writer's key order
(:meth:`glossary.terms.model.Concept.to_dict`, :func:`glossary.terms.store.to_node`), the JSON
export and its JSON Schema (``glossary export --schema``), that of ``lookup --json`` and the README's field
table (``scripts/schema_docs.py``) are all read from here.

>>> [f.name for f in CONCEPT.fields][:6]
['id', 'category', 'scope', 'zh', 'zh_hant', 'pinyin']
>>> CONCEPT["status"].values, CONCEPT["category"].default
(('candidate', 'reviewed'), 'other')
>>> json_schema()["properties"]["concepts"]["items"]["properties"]["zh"]
{'type': 'string', 'description': 'the term in simplified Chinese (小红书)'}
"""

from __future__ import annotations

from dataclasses import dataclass
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

#: How a concept belongs to the event: its own vocabulary, or ordinary words its coverage uses in their
#: dictionary sense (物价, "monthly active users"), which lookup answers but extraction does not list as
#: the event's terms.
SCOPES: tuple[str, ...] = ("event", "background")

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

#: Where a field's value came from (``text``: a statement of the corpus itself pairs it with the
#: concept's other language, "小红书 (Xiaohongshu)"; the statement's sentence is the first source;
#: ``import`` names the file after a colon: ``import:termbase.csv``).
ORIGINS: tuple[str, ...] = ("human", "glossary", "dictionary", "mt", "rule", "text", "import")

#: The origins written with the name of where the value came from after a colon.
NAMED_ORIGINS: tuple[str, ...] = ("import",)


def origin_kind(value: str) -> str:
    """The origin a recorded value stands for: ``import:termbase.csv`` → ``import``.

    >>> origin_kind("import:termbase.csv"), origin_kind("rule"), origin_kind("mt:x")
    ('import', 'rule', 'mt:x')
    """
    kind, colon, name = value.partition(":")
    return kind if colon and kind in NAMED_ORIGINS and name.strip() and "\n" not in name else value


def imported_from(name: str) -> str:
    """The origin of a value read from the file called ``name``.

    >>> imported_from("my termbase.csv")
    'import:my termbase.csv'
    """
    return f"import:{' '.join(name.split())}"


#: How sure the origin is of a value: a name CC-CEDICT spells in pinyin is ``high``; a word-by-word
#: composition or a machine translation of a name is ``low`` (and only ever a proposal).
CONFIDENCES: tuple[str, ...] = ("high", "medium", "low")

#: Fields of a concept whose origin can be recorded.
ORIGIN_FIELDS: tuple[str, ...] = ("zh", "zh_hant", "pinyin", "en", "literal", "note", "gloss", "category")

#: A concept id: lower-case letters, digits and hyphens.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

_JSON_TYPES = {str: "string", int: "integer", list: "array", dict: "object"}


@dataclass(frozen=True)
class Field:
    """One key of a record: its value's type, whether it must be there, the values allowed
    (``values``; the names an allowed value may be called in messages: ``noun``) and, for a
    list or mapping, what it holds (``items``: a :class:`Record` or a type)."""

    name: str
    type: type
    description: str
    required: bool = False
    values: tuple[str, ...] = ()
    noun: str = ""
    items: Record | type | None = None
    default: Any = None
    pattern: str = ""


@dataclass(frozen=True)
class Record:
    """A mapping of terms.yaml (a concept, an alias …): its fields in the writer's order."""

    name: str
    description: str
    fields: tuple[Field, ...]

    def __getitem__(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def types(self) -> dict[str, type]:
        """Each field's type, in order."""
        return {f.name: f.type for f in self.fields}


ALIAS = Record(
    "alias",
    "another way of writing the concept (a bare string is an alias of kind 'variant')",
    (
        Field("text", str, "the form as written", required=True),
        Field("kind", str, "what kind of alias it is", values=tuple(ALIAS_KINDS), noun="alias kind", default="variant"),
        Field("note", str, "a remark on this form"),
    ),
)
SOURCE = Record(
    "source",
    "where the concept was seen in a corpus",
    (
        Field("path", str, "the file, relative to the folder or file named (`<stdin>`: standard input)", required=True),
        Field("line", int, "the line it starts on"),
        Field("sentence", str, "the sentence around it"),
        Field("id", str, "the post's id, from the record field `--id-field` names (JSON Lines, CSV, TSV, Parquet)"),
        Field("date", str, "the post's date as the record writes it, from the field `--date-field` names"),
    ),
)
EXAMPLE = Record(
    "example",
    "a short example sentence, written for the glossary",
    (
        Field("zh", str, "the sentence in Chinese", required=True),
        Field("en", str, "its English translation", required=True),
    ),
)
REF = Record(
    "ref",
    "a public article where the term is used (no copied text)",
    (
        Field("url", str, "its address (https:// or http://)", required=True, pattern=r"^https?://"),
        Field("outlet", str, "who published it"),
        Field("date", str, "when (YYYY-MM-DD)"),
    ),
)
PROPOSAL = Record(
    "proposal",
    "a value a machine proposes but does not write (a name's word-by-word or machine translation)",
    (
        Field("field", str, "the field it would fill", required=True, values=ORIGIN_FIELDS, noun="proposal field"),
        Field("value", str, "the proposed value", required=True),
        Field("origin", str, "where it came from", required=True, values=ORIGINS, noun="origin"),
        Field("confidence", str, "how sure that origin is", required=True, values=CONFIDENCES, noun="confidence"),
        Field("why", str, "how it was found"),
    ),
)
CONCEPT = Record(
    "concept",
    "one thing of the event, written every way people write it",
    (
        Field("id", str, "stable slug: lower-case letters, digits and hyphens", required=True, pattern=ID_PATTERN),
        Field("category", str, "what kind of thing it is", values=CATEGORIES, noun="category", default="other"),
        Field(
            "scope",
            str,
            "`background`: ordinary words the event's coverage uses in their dictionary sense (lookup answers them; extraction does not list them as the event's terms); omitted: the event's own vocabulary",
            values=SCOPES,
            noun="scope",
        ),
        Field("zh", str, "the term in simplified Chinese (小红书)"),
        Field("zh_hant", str, "in traditional Chinese (小紅書)"),
        Field("pinyin", str, "with tone marks, written as the word is written (Xiǎohóngshū)"),
        Field("en", str, "the preferred English (RedNote); a concept needs zh or en"),
        Field("aliases", list, "other forms, each with its kind", items=ALIAS),
        Field(
            "proposed",
            list,
            "forms build found for a reviewed concept, not yet forms of it: `glossary review` accepts them as aliases or rejects them",
            items=ALIAS,
        ),
        Field("literal", str, "a character-by-character gloss"),
        Field("gloss", str, "the dictionary's sense, when the concept has no English of its own"),
        Field("note", str, "what it is, in a sentence or two"),
        Field("example", dict, "an example sentence and its translation", items=EXAMPLE),
        Field("related", list, "ids of related but distinct concepts", items=str),
        Field(
            "status", str, "candidate (machine-found) or reviewed", values=STATUSES, noun="status", default="candidate"
        ),
        Field("refs", list, "public articles that use the term", items=REF),
        Field("sources", list, "where it was seen", items=SOURCE),
        Field(
            "origin",
            dict,
            "where a field's value came from, when not a person (field: origin; an import names its file: import:termbase.csv)",
            values=ORIGINS,
            noun="origin",
            items=str,
        ),
        Field(
            "confidence",
            dict,
            "how sure each recorded origin is of its field's value (field: confidence)",
            values=CONFIDENCES,
            noun="confidence",
            items=str,
        ),
        Field("proposals", list, "values proposed for review, never written as the field's value", items=PROPOSAL),
    ),
)
DOCUMENT = Record(
    "top level",
    "a terms file",
    (
        Field("name", str, "the glossary's name"),
        Field("description", str, "what it covers"),
        Field("concepts", list, "the concepts, in the file's order", required=True, items=CONCEPT),
        Field("rejected", list, "forms a reviewer turned down: never proposed again", items=str),
    ),
)

#: Every key of each record with the type of its value (what validation checks).
CONCEPT_FIELDS = CONCEPT.types()
ALIAS_FIELDS = ALIAS.types()
SOURCE_FIELDS = SOURCE.types()
EXAMPLE_FIELDS = EXAMPLE.types()
REF_FIELDS = REF.types()
PROPOSAL_FIELDS = PROPOSAL.types()
TOP_FIELDS = tuple(DOCUMENT.types())


def _json_field(field: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _JSON_TYPES[field.type]}
    if field.type is list and field.items is not None:
        out["items"] = _json_record(field.items) if isinstance(field.items, Record) else {"type": "string"}
    elif field.type is dict and isinstance(field.items, Record):
        out = _json_record(field.items)
    elif field.type is dict:  # origin: a field name → where its value came from
        out["propertyNames"] = {"enum": list(ORIGIN_FIELDS)}
        out["additionalProperties"] = {"enum": list(field.values)}
        if field.name == "origin":  # … or an origin that names where: import:termbase.csv
            named = "|".join(NAMED_ORIGINS)
            out["additionalProperties"] = {"anyOf": [{"enum": list(field.values)}, {"pattern": f"^({named}):\\S"}]}
    if field.values and field.type is str:
        out["enum"] = list(field.values)
    if field.pattern:
        out["pattern"] = field.pattern
    if field.default is not None:
        out["default"] = field.default
    out["description"] = field.description
    return out


def _json_record(record: Record) -> dict[str, Any]:
    return {
        "type": "object",
        "description": record.description,
        "properties": {f.name: _json_field(f) for f in record.fields},
        "required": [f.name for f in record.fields if f.required],
        "additionalProperties": False,
    }


#: The version of the JSON contract (the export's ``version``): raised when a field changes meaning or goes.
JSON_VERSION = 1
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the JSON export: its version, the glossary's name, description and concepts."""
    export = Record("glossary", "a glossary exported as JSON (glossary export --format json)", DOCUMENT.fields[:3])
    doc = _json_record(export)
    concept = doc["properties"]["concepts"]["items"]
    concept["required"] = ["id", "category", "status"]  # always written
    concept["anyOf"] = [{"required": ["zh"]}, {"required": ["en"]}]
    version = {"const": JSON_VERSION, "description": "the version of this JSON contract"}
    doc["properties"] = {"version": version, **doc["properties"]}
    doc["required"] = ["version", "name", "description", "concepts"]
    return {"$schema": JSON_SCHEMA_DIALECT, "title": "glossary", **doc}


def _nullable(kind: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], "description": description, **extra}


#: ``answered_from``: which source answered a lookup (a concept's ``origin`` says where a field's value came from).
ANSWERED_FROM = ("glossary", "cc-cedict")


def lookup_json_schema() -> dict[str, Any]:
    """A JSON Schema of ``glossary lookup --json`` and ``glossary search --json``: a list of matches, best first."""
    alias, source = _json_record(ALIAS), _json_record(SOURCE)
    match = {
        "type": "object",
        "description": "one answer: a concept of the glossary or a CC-CEDICT entry",
        "properties": {
            "id": {
                "type": "string",
                "description": "the concept's id, or cc-cedict:WORD:PINYIN for a dictionary entry",
            },
            "answered_from": {"enum": list(ANSWERED_FROM), "description": "which source answered"},
            "score": {"type": "number", "minimum": 0, "maximum": 1, "description": "how well it matches (1: exactly)"},
            "zh": _nullable("string", CONCEPT["zh"].description),
            "zh_hant": _nullable("string", CONCEPT["zh_hant"].description),
            "pinyin": _nullable("string", CONCEPT["pinyin"].description),
            "en": _nullable("string", "the preferred English, or the dictionary's first sense"),
            "aliases": {"type": "array", "items": alias, "description": CONCEPT["aliases"].description},
            "note": _nullable("string", CONCEPT["note"].description),
            "category": _nullable(
                "string",
                "the concept's category; `dictionary` for a CC-CEDICT entry",
                enum=[*CATEGORIES, "dictionary", None],
            ),
            "status": _nullable("string", CONCEPT["status"].description, enum=[*STATUSES, None]),
            "literal": _nullable("string", CONCEPT["literal"].description),
            "gloss": _nullable("string", "the dictionary's senses (a concept's own gloss, or the entry in full)"),
            "sources": {"type": "array", "items": source, "description": CONCEPT["sources"].description},
            "matched": _nullable("string", "the form or text that matched"),
            "via": _nullable("string", "search: the field that matched (zh, en, pinyin, alias:KIND, note …)"),
        },
        "additionalProperties": False,
    }
    match["required"] = list(match["properties"])
    return {"$schema": JSON_SCHEMA_DIALECT, "title": "glossary lookup --json", "type": "array", "items": match}


def _type_name(field: Field) -> str:
    if field.type is list:
        return f"list of {field.items.name} mappings" if isinstance(field.items, Record) else "list of strings"
    if field.type is dict:
        return f"{field.items.name} mapping" if isinstance(field.items, Record) else "mapping: field → value"
    return {str: "string", int: "integer"}[field.type]


def field_table() -> str:
    """The README's table of terms.yaml's fields, in Markdown (``scripts/schema_docs.py`` writes it)."""
    rows = ["| record | field | type | required | values | meaning |", "| --- | --- | --- | --- | --- | --- |"]
    for record in (CONCEPT, ALIAS, EXAMPLE, REF, SOURCE, PROPOSAL, DOCUMENT):
        for f in record.fields:
            values = ", ".join(f.values)
            if f.default is not None:
                values += f" (default {f.default})"
            rows.append(
                f"| {record.name} | `{f.name}` | {_type_name(f)} | {'yes' if f.required else ''} | {values.strip()} "
                f"| {f.description} |"
            )
    return "\n".join(rows) + "\n"

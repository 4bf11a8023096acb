"""The schema stated once: validation, the writer, the JSON export and the README all follow it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary import export
from glossary.errors import ValidationError
from glossary.terms import schema
from glossary.terms.model import Concept
from glossary.terms.store import load, validate
from tests.conftest import REPO


def test_the_readme_shows_the_field_table_generated_from_the_schema() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "schema_docs.py")], capture_output=True, text=True, check=True
    )
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import schema_docs
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert schema_docs.shown(readme) == result.stdout == schema.field_table(), (
        "README.md's field table is stale: run python scripts/schema_docs.py --write"
    )
    for name in schema.CATEGORIES + tuple(schema.ALIAS_KINDS) + schema.ORIGINS:
        assert name in result.stdout


def test_the_writer_writes_the_schemas_order(terms_file: Path) -> None:
    full = Concept.from_dict(
        {
            "proposals": [{"why": "w", "confidence": "low", "origin": "mt", "value": "蓝天", "field": "zh"}],
            "confidence": {"pinyin": "high"},
            "origin": {"pinyin": "rule"},
            "sources": [{"sentence": "s", "line": 0, "path": "a.txt"}],
            "refs": [{"date": "2025-01-15", "url": "https://example.org/a"}],
            "status": "reviewed",
            "related": ["b"],
            "example": {"en": "E", "zh": "中"},
            "note": "n",
            "gloss": "g",
            "literal": "l",
            "proposed": [{"kind": "variant", "text": "小红薯"}],
            "aliases": [{"note": "x", "kind": "calque", "text": "Little Red Book"}],
            "en": "RedNote",
            "pinyin": "Xiǎohóngshū",
            "zh_hant": "小紅書",
            "zh": "小红书",
            "scope": "event",
            "category": "platform",
            "id": "xiaohongshu",
        }
    )
    d = full.to_dict()
    assert list(d) == [f.name for f in schema.CONCEPT.fields]
    assert list(d["aliases"][0]) == ["text", "kind", "note"]
    assert list(d["sources"][0]) == ["path", "line", "sentence"]  # line 0 is a line, not nothing
    assert list(d["refs"][0]) == ["url", "date"] and list(d["example"]) == ["zh", "en"]
    assert list(d["proposals"][0]) == ["field", "value", "origin", "confidence", "why"]
    assert Concept(id="a", en="A").to_dict() == {"id": "a", "category": "other", "en": "A", "status": "candidate"}


def test_the_json_export_follows_its_json_schema(bundled_terms: Path) -> None:
    glossary = load(bundled_terms)
    doc = json.loads(export.export(glossary, "json"))
    js = json.loads(export.export(glossary, "json-schema"))
    assert js["$schema"].startswith("https://json-schema.org/") and set(doc) == set(js["required"])
    concept = js["properties"]["concepts"]["items"]
    assert list(concept["properties"]) == [f.name for f in schema.CONCEPT.fields]
    assert concept["properties"]["category"]["enum"] == list(schema.CATEGORIES)
    kinds = concept["properties"]["aliases"]["items"]["properties"]["kind"]["enum"]
    for c in doc["concepts"]:
        assert set(concept["required"]) <= set(c) <= set(concept["properties"])
        assert list(c) == [k for k in concept["properties"] if k in c]  # the schema's order
        assert c["category"] in concept["properties"]["category"]["enum"]
        assert c["status"] in concept["properties"]["status"]["enum"]
        assert "zh" in c or "en" in c
        assert all(a["kind"] in kinds for a in c.get("aliases", []))
        assert all(v in schema.ORIGINS and k in schema.ORIGIN_FIELDS for k, v in c.get("origin", {}).items())


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", "platfrom", "concept 'a': unknown category 'platfrom' (expected one of: platform, app,"),
        ("status", "done", "concept 'a': unknown status 'done' (expected one of: candidate, reviewed)"),
        (
            "aliases",
            [{"text": "A", "kind": "nick"}],
            "concept 'a': unknown alias kind 'nick' (expected one of: official,",
        ),
        (
            "aliases",
            [{"text": "A", "kind": ["x"]}],
            "concept 'a': unknown alias kind ['x'] (expected one of: official,",
        ),
        (
            "origin",
            {"en": "robot"},
            "concept 'a': unknown origin 'robot' (expected one of: human, glossary, dictionary, mt, rule, text, import)",
        ),
        ("confidence", {"zh": "sure"}, "concept 'a': unknown confidence 'sure' (expected one of: high, medium, low)"),
        (
            "proposals",
            [{"field": "zh", "value": "蓝天", "origin": "guess", "confidence": "low"}],
            "concept 'a': unknown origin 'guess'",
        ),
        ("proposals", [{"field": "zh", "origin": "mt", "confidence": "low"}], "concept 'a': proposal has no 'value'"),
    ],
)
def test_values_the_schema_does_not_allow_are_named(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError) as e:
        validate({"concepts": [{"id": "a", "en": "A", field: value}]})
    assert message in str(e.value)

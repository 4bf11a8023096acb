"""The JSON contract: the export, ``lookup --json``/``search --json`` and ``extract --format json``
each validate against the JSON Schema the package ships (``--schema``), and ``origin`` means
one thing: where a field's value came from."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from glossary import export as ex
from glossary.cli import app
from glossary.extract.link import Extracted
from glossary.extract.link import json_schema as extract_schema
from glossary.terms.lookup import Match
from glossary.terms.schema import JSON_VERSION, json_schema, lookup_json_schema
from glossary.terms.store import load
from tests.conftest import REPO

runner = CliRunner()


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(schema: dict, doc: object) -> list[str]:
    return [e.message for e in validator(schema).iter_errors(doc)]


@pytest.mark.parametrize("option", [["--schema"], ["-f", "json-schema"]])
def test_export_schema_is_printed(option: list[str], terms_file: Path) -> None:
    result = runner.invoke(app, ["export", *option, "--glossary", str(terms_file)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json_schema()


def test_export_validates_and_carries_its_version(terms_file: Path, bundled_terms: Path) -> None:
    for path in (terms_file, bundled_terms):
        doc = json.loads(ex.export(load(path), "json"))
        assert list(doc)[0] == "version" and doc["version"] == JSON_VERSION
        assert errors(json_schema(), doc) == []
        assert all(isinstance(c.get("origin", {}), dict) for c in doc["concepts"])


def test_the_export_schema_rejects_what_is_not_the_contract(terms_file: Path) -> None:
    doc = json.loads(ex.export(load(terms_file), "json"))
    wrong = [
        {**doc, "version": JSON_VERSION + 1},
        {k: v for k, v in doc.items() if k != "version"},
        {**doc, "concepts": [{**doc["concepts"][0], "origin": "glossary"}]},  # origin is field → origin
        {**doc, "concepts": [{**doc["concepts"][0], "origin": {"zh": "guess"}}]},
        {**doc, "concepts": [{"id": "x", "category": "other", "status": "candidate"}]},  # neither zh nor en
    ]
    for bad in wrong:
        assert errors(json_schema(), bad), bad


def test_lookup_and_search_json_validate(terms_file: Path) -> None:
    schema = json.loads(runner.invoke(app, ["lookup", "--schema"]).stdout)
    assert schema == lookup_json_schema()
    answers = []
    for args in (["lookup", "Red", "Note"], ["lookup", "难民"], ["lookup", "refugee"], ["search", "red"]):
        result = runner.invoke(app, [*args, "--json", "--glossary", str(terms_file)])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data and errors(schema, data) == []
        answers += [m["answered_from"] for m in data]
        assert all("origin" not in m for m in data)
    assert {"glossary", "cc-cedict"} <= set(answers)
    assert errors(schema, [{**data[0], "answered_from": "guess"}])


def test_extract_json_validates(terms_file: Path) -> None:
    schema = json.loads(runner.invoke(app, ["extract", "--schema"]).stdout)
    assert schema == extract_schema()
    corpus = REPO / "tests" / "data" / "corpus"
    result = runner.invoke(app, ["extract", str(corpus), "--format", "json", "--glossary", str(terms_file)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data and errors(schema, data) == []
    assert any(c["links"] for c in data) and any(c["in_glossary"] for c in data)
    assert errors(schema, [{**data[0], "score": "high"}])


def test_schemas_name_every_field_written() -> None:
    """A field added to a lookup match or an extracted concept without its schema fails here."""
    assert set(lookup_json_schema()["items"]["properties"]) == {f.name for f in dataclasses.fields(Match)}
    sample = Extracted("x", ["x"], None, None, None, None, 0.5, 1)
    assert set(extract_schema()["items"]["properties"]) == set(sample.to_json())

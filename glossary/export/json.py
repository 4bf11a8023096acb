"""JSON: the whole glossary as data, readable back with :meth:`Concept.from_dict`.

>>> import json
>>> from glossary.terms.model import Concept
>>> c = Concept(id="xiaohongshu", category="platform", zh="小红书", en="RedNote")
>>> text = render(ExportData((c,), name="Demo"))
>>> data = json.loads(text)
>>> data["version"], data["name"], [Concept.from_dict(d) == c for d in data["concepts"]]
(1, 'Demo', [True])
"""

from __future__ import annotations

import json

from glossary.export.registry import ExportData, Exporter, register
from glossary.terms.schema import JSON_VERSION, json_schema


def render(data: ExportData) -> str:
    """``{"version", "name", "description", "concepts": [...]}``, keys in terms.yaml's order, UTF-8, 2-space indent."""
    doc = {
        "version": JSON_VERSION,
        "name": data.name,
        "description": data.description,
        "concepts": [c.to_dict() for c in data.concepts],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


register("json", Exporter(render, suffix=".json", description="JSON: every field of every concept, for scripts"))


def render_schema(data: ExportData) -> str:
    """The JSON Schema of what the ``json`` format writes (the same for every glossary), from
    :mod:`glossary.terms.schema`."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


register(
    "json-schema",
    Exporter(
        render_schema, suffix=".schema.json", description="JSON Schema of the json format (fields, types, values)"
    ),
)

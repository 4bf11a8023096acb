"""CSV and TSV for spreadsheets: one row per concept, one column per field.

Aliases are one per line inside their cell, as ``text [kind]``; sources as
``path:line`` lines, with the first example sentence in its own column. The CSV
starts with a UTF-8 byte order mark so that spreadsheet programs detect the
encoding (read it back with ``encoding="utf-8-sig"``).

>>> from glossary.model import Alias, Concept
>>> c = Concept(id="xhs", zh="小红书", en="RedNote", aliases=[Alias("Little Red Book", "calque")])
>>> rows = list(_csv.DictReader(io.StringIO(render_csv(ExportData((c,))).lstrip("\\ufeff"))))
>>> rows[0]["zh"], parse_aliases(rows[0]["aliases"])
('小红书', [Alias(text='Little Red Book', kind='calque', note=None)])
"""

from __future__ import annotations

import csv as _csv
import io
import re

from ..model import Alias, Concept
from .common import example, one_line, where
from .registry import ExportData, Exporter, register

COLUMNS = ["id", "category", "status", "zh", "zh_hant", "pinyin", "en", "aliases",
           "literal", "gloss", "note", "example", "sources"]
_ALIAS = re.compile(r"^(?P<text>.*) \[(?P<kind>[a-z]+)\]$")


def format_aliases(aliases: list[Alias]) -> str:
    return "\n".join(f"{one_line(a.text)} [{a.kind}]" for a in aliases)


def parse_aliases(cell: str) -> list[Alias]:
    """The aliases of a cell written by :func:`format_aliases`."""
    out = []
    for line in cell.splitlines():
        m = _ALIAS.match(line)
        out.append(Alias(m["text"], m["kind"]) if m else Alias(line))
    return out


def row(c: Concept) -> list[str]:
    ex = example(c)
    return [c.id, c.category, c.status, c.zh or "", c.zh_hant or "", c.pinyin or "", c.en or "",
            format_aliases(c.aliases), c.literal or "", c.gloss or "", c.note or "",
            one_line(ex.sentence) if ex else "", "\n".join(where(s) for s in c.sources)]


def _render(data: ExportData, dialect: type[_csv.Dialect]) -> str:
    out = io.StringIO()
    writer = _csv.writer(out, dialect=dialect)
    writer.writerow(COLUMNS)
    writer.writerows(row(c) for c in data.concepts)
    return out.getvalue()


class _TSV(_csv.excel_tab):
    lineterminator = "\n"


def render_csv(data: ExportData) -> str:
    return "\ufeff" + _render(data, _csv.excel)


def render_tsv(data: ExportData) -> str:
    return _render(data, _TSV)


register("csv", Exporter(render_csv, suffix=".csv", description="CSV for spreadsheets (UTF-8 with BOM), one row per concept"))
register("tsv", Exporter(render_tsv, suffix=".tsv", description="the same columns as csv, tab-separated"))

"""CSV and TSV for spreadsheets: one row per concept, one column per field.

Aliases are one per line inside their cell, as ``text [kind]``; sources as
``path:line`` lines, with the first example sentence in its own column, and the post id and
date of each source (what ``--id-field`` and ``--date-field`` kept) line for line in the
``source_ids`` and ``source_dates`` columns (empty when no source has one). The CSV
starts with a UTF-8 byte order mark so that spreadsheet programs detect the
encoding (read it back with ``encoding="utf-8-sig"``).

Both are safe to open in a spreadsheet (OWASP's advice on CSV injection): a cell
that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — which a
spreadsheet would run as a formula — begins with a single quote instead
(``'=HYPERLINK(…)``); :func:`plain` takes it off again. The TSV has one record per
line: a newline, tab or backslash inside a cell is written ``\\n``, ``\\t``, ``\\\\``
and nothing is quoted (``plain(unescape_tsv(cell))`` reads a cell back).

>>> from glossary.terms.model import Alias, Concept
>>> c = Concept(id="xhs", zh="小红书", en="RedNote", aliases=[Alias("Little Red Book", "calque")], note="=1+2")
>>> rows = list(_csv.DictReader(io.StringIO(render_csv(ExportData((c,))).lstrip("\\ufeff"))))
>>> rows[0]["zh"], parse_aliases(rows[0]["aliases"]), rows[0]["note"], plain(rows[0]["note"])
('小红书', [Alias(text='Little Red Book', kind='calque', note=None)], "'=1+2", '=1+2')
"""

from __future__ import annotations

import csv as _csv
import io

from glossary.export.common import example, one_line, ref_label, where
from glossary.export.registry import ExportData, Exporter, register
from glossary.terms.model import Alias, Concept
from glossary.text.cells import escape_tsv, neutralise, plain, tagged, unescape_tsv, untagged
from glossary.text.normalize import clean_text

__all__ = [
    "COLUMNS",
    "cells",
    "escape_tsv",
    "format_aliases",
    "neutralise",
    "parse_aliases",
    "plain",
    "render_csv",
    "render_tsv",
    "row",
    "unescape_tsv",
]

COLUMNS = [
    "id",
    "category",
    "status",
    "zh",
    "zh_hant",
    "pinyin",
    "en",
    "aliases",
    "literal",
    "gloss",
    "note",
    "example",
    "refs",
    "sources",
    "source_ids",
    "source_dates",
]


def format_aliases(aliases: list[Alias]) -> str:
    return "\n".join(tagged(one_line(a.text), a.kind) for a in aliases)


def parse_aliases(cell: str) -> list[Alias]:
    """The aliases of a cell written by :func:`format_aliases`."""
    out = []
    for line in cell.splitlines():
        text, kind = untagged(line)
        out.append(Alias(text, kind) if kind else Alias(text))
    return out


def row(c: Concept) -> list[str]:
    ex = example(c)
    return [
        c.id,
        c.category,
        c.status,
        c.zh or "",
        c.zh_hant or "",
        c.pinyin or "",
        c.en or "",
        format_aliases(c.aliases),
        c.literal or "",
        c.gloss or "",
        c.note or "",
        (one_line(ex.sentence) if ex.place else ex.text()) if ex else "",
        "\n".join(f"{ref_label(r)}: {r.url}" for r in c.refs),
        "\n".join(where(s) for s in c.sources),
        _per_source([one_line(s.id) if s.id else "" for s in c.sources]),
        _per_source([one_line(s.date) if s.date else "" for s in c.sources]),
    ]


def _per_source(values: list[str]) -> str:
    """One line per source, in the order of the ``sources`` cell; empty when every line would be."""
    return "\n".join(values) if any(values) else ""


def cells(c: Concept) -> list[str]:
    """The row of a concept, every cell cleaned and neutralised."""
    return [neutralise(clean_text(cell)) for cell in row(c)]


def render_csv(data: ExportData) -> str:
    out = io.StringIO()
    writer = _csv.writer(out, dialect=_csv.excel)
    writer.writerow(COLUMNS)
    writer.writerows(cells(c) for c in data.concepts)
    return "\ufeff" + out.getvalue()


def render_tsv(data: ExportData) -> str:
    lines = ["\t".join(COLUMNS)]
    lines.extend("\t".join(escape_tsv(cell) for cell in cells(c)) for c in data.concepts)
    return "\n".join(lines) + "\n"


register(
    "csv", Exporter(render_csv, suffix=".csv", description="CSV for spreadsheets (UTF-8 with BOM), one row per concept")
)
register("tsv", Exporter(render_tsv, suffix=".tsv", description="the same columns as csv, tab-separated"))

r"""Markdown: a table, and a definition list (Python-Markdown ``def_list``, pandoc, PHP Markdown Extra).

Corpus text is escaped so that it shows as written
(:func:`glossary.export.common.markdown_escape`).
"""

from __future__ import annotations

from glossary.export.common import alias_text, definition, example, ref_label, safe_url
from glossary.export.common import markdown_escape as escape
from glossary.export.registry import ExportData, Exporter, register
from glossary.terms.model import Concept


def chinese_cell(c: Concept, table: bool = False) -> str:
    if c.zh and c.zh_hant and c.zh_hant != c.zh:
        return f"{escape(c.zh, table=table)} ({escape(c.zh_hant, table=table)})"
    return escape(c.zh or c.zh_hant, table=table)


def _title(data: ExportData) -> list[str]:
    lines = [f"# {escape(data.name or 'Glossary')}", ""]
    if data.description:
        lines += [escape(data.description), ""]
    return lines


def render_table(data: ExportData) -> str:
    """One table row per concept: Chinese, pinyin, English, other forms, category, note."""
    lines = _title(data)
    lines += ["| Chinese | Pinyin | English | Also | Category | Note |", "| --- | --- | --- | --- | --- | --- |"]
    for c in data.concepts:
        also = "; ".join(escape(alias_text(a), table=True) for a in c.aliases)
        note = escape(definition(c), table=True)
        if c.literal:
            note = f"*Literally* “{escape(c.literal, table=True)}”. {note}".strip()
        ex = example(c)
        if ex:
            note = f"{note} *Example:* {escape(ex.text(), table=True)}".strip()
        if c.refs:
            links = ", ".join(
                f"[{escape(ref_label(r), table=True)}](<{safe_url(r.url)}>)" for r in c.refs if safe_url(r.url)
            )
            note = f"{note} *Used in:* {links}.".strip() if links else note
        cells = [
            chinese_cell(c, table=True),
            escape(c.pinyin, table=True),
            escape(c.en, table=True),
            also,
            escape(c.category, table=True),
            note,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def render_deflist(data: ExportData) -> str:
    """One term per concept (English · characters · pinyin), its definition and details indented below."""
    lines = _title(data)
    for c in data.concepts:
        parts = [escape(c.en, line_start=True), chinese_cell(c), f"*{escape(c.pinyin)}*" if c.pinyin else ""]
        lines.append(" · ".join(p for p in parts if p))
        lines.append(f":   {escape(definition(c), line_start=True) or '—'}")
        details = []
        if c.aliases:
            details.append("*Also:* " + "; ".join(escape(alias_text(a)) for a in c.aliases) + ".")
        if c.literal:
            details.append(f"*Literally:* “{escape(c.literal)}”.")
        details.append(f"*Category:* {escape(c.category)}.")
        ex = example(c)
        if ex:
            details.append(f"*Example:* {escape(ex.text())}")
        if c.refs:
            details.append(
                "*Used in:* " + "; ".join(f"[{escape(ref_label(r))}](<{safe_url(r.url)}>)" for r in c.refs) + "."
            )
        lines += ["", "    " + " ".join(details), ""]
    return "\n".join(lines)


register("markdown", Exporter(render_table, suffix=".md", description="Markdown table (GitHub, MkDocs, pandoc)"))
register(
    "markdown-dl",
    Exporter(render_deflist, suffix=".md", description="Markdown definition list (MkDocs def_list, pandoc)"),
)

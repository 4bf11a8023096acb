r"""Markdown: a table, and a definition list (Python-Markdown ``def_list``, pandoc, PHP Markdown Extra).

Corpus text is escaped so that it shows as written: HTML special characters as
entities, Markdown punctuation with backslashes, and ``|`` so it cannot split a
table cell.

>>> escape("a|b <i>*x*</i> & `c`", table=True)
'a\\|b &lt;i&gt;\\*x\\*&lt;/i&gt; &amp; \\`c\\`'
>>> escape("# not a heading", line_start=True), escape("1. not a list", line_start=True)
('\\# not a heading', '1\\. not a list')
"""

from __future__ import annotations

import re

from glossary.export.common import alias_text, definition, example, one_line, ref_label, safe_url
from glossary.export.registry import ExportData, Exporter, register
from glossary.terms.model import Concept

_PUNCT = re.compile(r"([\\`*_\[\]])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def escape(text: str | None, line_start: bool = False, table: bool = False) -> str:
    """Inline-safe Markdown for untrusted text (one line); in a table cell ``|`` is escaped too."""
    text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("~", "&#126;")
    text = _PUNCT.sub(r"\\\1", text)
    if table:
        text = text.replace("|", "\\|")
    if line_start:  # what would start a heading, a list or a definition at the start of a line
        if text[:1] in ("#", "-", "+"):
            text = "\\" + text
        elif text[:1] == ":":
            text = "&#58;" + text[1:]
        else:
            text = _LIST_NUMBER.sub(r"\1\\\2", text)
    return text


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

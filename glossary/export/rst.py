r"""reStructuredText for Sphinx: one ``glossary`` directive, each concept an entry whose
terms are all its forms (English, simplified, traditional and every alias), so
``:term:`Little Red Book``` and ``:term:`小红书``` both link to the same entry.

Each entry also carries an anchor named after its concept id, ``glossary-<id>``: an explicit
target (``.. _glossary-xiaohongshu:``) at the head of its definition. Sphinx numbers the
anchors of terms it cannot spell in ASCII (``#term-133``), and the numbers shift as the
glossary grows; the id's anchor never does. It needs nothing but plain ``sphinx-build`` (no
extension in ``conf.py``) and plain docutils reads it too: link ``glossary.html#glossary-<id>``
or write ``:ref:`RedNote <glossary-xiaohongshu>``` (a ``:ref:`` to it needs a title).

>>> escape("a_b *c* `d` |e| x : y")
'a\\_b \\*c\\* \\`d\\` \\|e\\| x \\: y'
>>> escape(".. not a comment"), escape("1. not a list")
('\\.. not a comment', '1\\. not a list')
"""

from __future__ import annotations

import re

from glossary.export.common import alias_text, definition, example, one_line, ref_label, safe_url
from glossary.export.registry import ExportData, Exporter, register
from glossary.terms.model import Concept
from glossary.terms.schema import ID_PATTERN
from glossary.text.normalize import display_width as width

_SPECIAL = re.compile(r"([\\*`|_\[\]<>:])")
_LIST_NUMBER = re.compile(r"^(\(?[0-9A-Za-z#]{1,3})([.)])(\s|$)")
_BLOCK_START = tuple("-+*#.>=|(~^'\"!$%&,;?@/{}")


def escape(text: str | None) -> str:
    """Untrusted text as literal reST inline text (one line); nothing in it can start markup."""
    text = _SPECIAL.sub(r"\\\1", one_line(text))
    if text.startswith(_BLOCK_START):
        return "\\" + text
    return _LIST_NUMBER.sub(r"\1\\\2\3", text)


def terms(c: Concept) -> list[str]:
    """Every form of the concept, once each (Sphinx compares terms without case)."""
    out: list[str] = []
    seen: set[str] = set()
    for form in (c.en, c.zh, c.zh_hant, *(a.text for a in c.aliases)):
        text = one_line(form)
        if text and text.lower() not in seen:
            seen.add(text.lower())
            out.append(text)
    return out


def anchor(c: Concept) -> str | None:
    """The entry's stable anchor, ``glossary-<id>`` (None for an id terms.yaml would not accept).

    >>> anchor(Concept(id="tiktok-refugee")), anchor(Concept(id="not: an id"))
    ('glossary-tiktok-refugee', None)
    """
    return f"glossary-{c.id}" if re.fullmatch(ID_PATTERN, c.id) else None


def entry(c: Concept) -> list[str]:
    lines = [f"   {escape(t)}" for t in terms(c)]
    if anchor(c):
        lines += [f"      .. _{anchor(c)}:", ""]
    head = []
    if c.zh or c.zh_hant:
        chars = escape(c.zh or c.zh_hant)
        if c.zh and c.zh_hant and c.zh_hant != c.zh:
            chars += f" ({escape(c.zh_hant)})"
        head.append(f"**{chars}**")
    if c.pinyin:
        head.append(f"*{escape(c.pinyin)}*")
    if c.en:
        head.append(escape(c.en))
    status = ", candidate" if c.status == "candidate" else ""
    paragraphs = [" · ".join(head) + f" ({escape(c.category)}{status})"]
    if definition(c):
        paragraphs.append(escape(definition(c)))
    details = []
    if c.literal:
        details.append(f"*Literally:* “{escape(c.literal)}”.")
    if c.aliases:
        details.append("*Also:* " + "; ".join(escape(alias_text(a)) for a in c.aliases) + ".")
    if details:
        paragraphs.append(" ".join(details))
    ex = example(c)
    if ex:
        paragraphs.append(f"*Example:* {escape(ex.text())}")
    if c.refs:
        paragraphs.append(
            "*Used in:* " + "; ".join(f"`{escape(ref_label(r))} <{safe_url(r.url)}>`__" for r in c.refs) + "."
        )
    for p in paragraphs:
        lines += [f"      {p}", ""]
    return lines


def render(data: ExportData) -> str:
    title = escape(data.name or "Glossary")
    lines = [title, "=" * width(title), ""]
    if data.description:
        lines += [escape(data.description), ""]
    lines += [".. glossary::", ""]
    for c in data.concepts:
        lines += entry(c)
    return "\n".join(lines).rstrip("\n") + "\n"


register(
    "rst",
    Exporter(render, suffix=".rst", description="reStructuredText: a Sphinx glossary directive, every form a term"),
)

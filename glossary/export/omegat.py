r"""OmegaT glossaries: three tab-separated columns, source term, target term, comment.

OmegaT reads UTF-8 from files ending in ``.utf8`` (and from any file whose first
line carries a ``coding`` magic comment, which this one does); it skips lines
starting with ``#``, so a hashtag source is written without its ``#``. Each
source form gets its own row; forms to avoid say so in the comment.

>>> from glossary.terms.model import Alias, Concept
>>> c = Concept(id="xhs", zh="小红书", zh_hant="小紅書", pinyin="Xiǎohóngshū", en="RedNote",
...             aliases=[Alias("Little Red Book", "calque"), Alias("#RedNote", "hashtag")])
>>> print(render_en_zh(ExportData((c,))).replace("\t", " | "), end="")
# Glossary in tab-separated format -*- coding: utf-8 -*-
RedNote | 小红书 | Xiǎohóngshū · 小紅書
Little Red Book | 小红书 | calque · Xiǎohóngshū · 小紅書
>>> render_zh_en(ExportData((c,))).splitlines()[1:]
['小红书\tRedNote\tXiǎohóngshū', '小紅書\tRedNote\ttraditional · Xiǎohóngshū']
"""

from __future__ import annotations

from typing import Iterator

from glossary.export.common import AVOID_KINDS, KIND_LABELS, one_line
from glossary.export.registry import ExportData, Exporter, register
from glossary.terms.model import Concept
from glossary.text.normalize import has_cjk

HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-\n"


def cell(text: str | None) -> str:
    """Text safe in a column: no tabs or newlines, no leading '#'."""
    return one_line(text).lstrip("#").strip()


def _rows(c: Concept, to_chinese: bool) -> Iterator[tuple[str, str, str]]:
    target = c.zh or c.zh_hant if to_chinese else c.en
    if not target:
        return
    sources: list[tuple[str, str | None]] = []  # (form, alias kind)
    main = [c.en] if to_chinese else [c.zh, c.zh_hant]
    sources += [(f, None) for f in main if f]
    sources += [(a.text, a.kind) for a in c.aliases if has_cjk(a.text) != to_chinese]
    seen: set[str] = set()
    for form, kind in sources:
        text = cell(form)
        if not text or text in seen:
            continue
        seen.add(text)
        notes: list[str] = []
        if kind:
            notes.append(("avoid: " if kind in AVOID_KINDS else "") + KIND_LABELS.get(kind, kind))
        if not to_chinese and c.zh_hant and form == c.zh_hant and c.zh and c.zh != c.zh_hant:
            notes.append("traditional")
        if c.pinyin:
            notes.append(one_line(c.pinyin))
        if to_chinese and c.zh_hant and c.zh_hant != target:
            notes.append(one_line(c.zh_hant))
        if c.example and c.example.zh:  # the translator sees the term in use
            notes.append("e.g. " + " — ".join(cell(x) for x in (c.example.zh, c.example.en) if x))
        notes += [cell(r.url) for r in c.refs[:1]]
        yield text, cell(target), " · ".join(notes)


def _render(data: ExportData, to_chinese: bool) -> str:
    lines = [HEADER]
    for c in data.concepts:
        for source, target, comment in _rows(c, to_chinese):
            lines.append(f"{source}\t{target}\t{comment}\n" if comment else f"{source}\t{target}\n")
    return "".join(lines)


def render_en_zh(data: ExportData) -> str:
    """English → Chinese: English forms to the simplified characters."""
    return _render(data, True)


def render_zh_en(data: ExportData) -> str:
    """Chinese → English: simplified and traditional forms to the English name."""
    return _render(data, False)


register(
    "omegat",
    Exporter(render_en_zh, suffix=".utf8", description="OmegaT glossary, English → Chinese (source, target, comment)"),
)
register(
    "omegat-zh-en",
    Exporter(render_zh_en, suffix=".utf8", description="OmegaT glossary, Chinese → English (source, target, comment)"),
)

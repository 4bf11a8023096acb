r"""Pleco flashcards: the text file Pleco's *Import Cards* reads, one card a line.

Each concept with Chinese is a card ``简体[繁體]<TAB>pinyin<TAB>definition``: pinyin with tone
numbers (``Xiao3hong2shu1``, which every Pleco version reads), the definition its English and
note. Cards are filed under ``//Glossary/<category>`` folders, which ``glossary import``
reads back as the category. Concepts without Chinese characters (an English name, 996) have no card: a flashcard's
headword is characters.

>>> from glossary.terms.model import Concept
>>> c = Concept(id="cat-tax", category="custom", zh="猫税", zh_hant="貓稅", pinyin="māoshuì", en="cat tax",
...             note="Pet photos\tas the\nentry toll.")
>>> print(render(ExportData((c, Concept(id="x", en="English only")))).replace("\t", " | "), end="")
//Glossary/custom
猫税[貓稅] | mao1shui4 | cat tax — Pet photos as the entry toll.
"""

from __future__ import annotations

import re

from glossary.export.common import one_line
from glossary.export.registry import ExportData, Exporter, register
from glossary.terms.model import Concept
from glossary.text.normalize import has_cjk

_TONE_MARKS = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ]")


def cell(text: str | None) -> str:
    """Text safe in a column: one line, no tabs, no Pleco folder marker at its start."""
    return one_line(text).replace("\t", " ").lstrip("/").strip()


def card(c: Concept) -> str | None:
    """The card line of a concept, or None if it has no Chinese."""
    from glossary.text.pinyin import to_style

    zh, hant = cell(c.zh), cell(c.zh_hant)
    if not has_cjk(zh + hant):  # 996: a flashcard's headword is characters
        return None
    headword = f"{zh}[{hant}]" if zh and hant and hant != zh else zh or hant
    # word by word: a word without tone marks (a Latin word: 一刷一个refugee) is written as it is
    words = (c.pinyin or "").split(" ")
    pinyin = cell(" ".join(to_style(w, "numbers") if _TONE_MARKS.search(w) else w for w in words))
    definition = " — ".join(x for x in (cell(c.en), cell(c.note or c.gloss)) if x)
    return f"{headword}\t{pinyin}\t{definition}"


def render(data: ExportData) -> str:
    lines: list[str] = []
    folder = None
    for c in sorted(data.concepts, key=lambda c: c.category or "other"):
        line = card(c)
        if line is None:
            continue
        if c.category != folder:
            folder = c.category
            lines.append(f"//Glossary/{folder or 'other'}")
        lines.append(line)
    return "\n".join(lines) + ("\n" if lines else "")


register(
    "pleco",
    Exporter(render, suffix=".txt", description="Pleco flashcards (Import Cards): 简体[繁體], pinyin, definition"),
)

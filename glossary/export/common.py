"""Helpers the format modules share: order, headwords, forms by script, labels.

>>> from glossary.model import Alias, Concept
>>> c = Concept(id="xiaohongshu", zh="小红书", en="RedNote", aliases=[Alias("Little Red Book", "calque")])
>>> headword(c), alias_text(c.aliases[0])
('RedNote', 'Little Red Book (calque)')
>>> [x.id for x in ordered([c, Concept(id="b", zh="字节跳动", pinyin="Zìjié Tiàodòng")])]
['xiaohongshu', 'b']
>>> one_line("two\\nlines\\t and  tabs")
'two lines and tabs'
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable

from ..model import ALIAS_KINDS, Alias, Concept, Source
from ..normalize import fold

#: Short labels of alias kinds for readers.
KIND_LABELS: dict[str, str] = {
    "official": "official",
    "transliteration": "transliteration",
    "calque": "calque",
    "translation": "translation",
    "nickname": "nickname",
    "abbreviation": "abbreviation",
    "hashtag": "hashtag",
    "variant": "variant",
    "misspelling": "misspelling",
    "deprecated": "avoid",
}
assert set(KIND_LABELS) == set(ALIAS_KINDS)

#: Alias kinds a writer should not use.
AVOID_KINDS = frozenset({"misspelling", "deprecated"})

_SPACE = re.compile(r"\s+")


def one_line(text: str | None) -> str:
    """Whitespace (newlines, tabs) collapsed to single spaces, stripped."""
    return _SPACE.sub(" ", text or "").strip()


def headword(c: Concept) -> str:
    """The concept's main name for an English reader: English, else pinyin, else Chinese."""
    return c.en or c.pinyin or c.zh or c.zh_hant or c.id


def sort_key(c: Concept) -> tuple[str, str]:
    """Alphabetical by headword (case, tones and punctuation ignored), then id: stable across edits."""
    return (fold(headword(c)) or headword(c), c.id)


def ordered(concepts: Iterable[Concept]) -> list[Concept]:
    """Concepts in the order every export writes them."""
    return sorted(concepts, key=sort_key)


def definition(c: Concept) -> str:
    """The explanation of a concept: its note, else its dictionary gloss."""
    return one_line(c.note or c.gloss)


def example(c: Concept) -> Source | None:
    """The first source that carries a sentence."""
    return next((s for s in c.sources if s.sentence), None)


def where(s: Source) -> str:
    """``path:line`` of a source."""
    return f"{s.path}:{s.line}" if s.line is not None else s.path


def alias_text(a: Alias) -> str:
    """``Little Red Book (calque)``."""
    return f"{one_line(a.text)} ({KIND_LABELS.get(a.kind, a.kind)})"


def timestamp_of(path: str | os.PathLike[str] | None) -> int:
    """The one time an export may record: ``$SOURCE_DATE_EPOCH``, else the file's mtime, else 0."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.strip().isdigit():
        return int(env)
    try:
        return int(Path(path).stat().st_mtime) if path else 0
    except OSError:
        return 0

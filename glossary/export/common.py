"""Helpers the format modules share: order, headwords, forms by script, labels.

>>> from glossary.model import Alias, Concept
>>> c = Concept(id="xiaohongshu", zh="小红书", en="RedNote", aliases=[Alias("Little Red Book", "calque")])
>>> headword(c), alias_text(c.aliases[0])
('RedNote', 'Little Red Book (calque)')
>>> [x.id for x in ordered([c, Concept(id="b", zh="字节跳动", pinyin="Zìjié Tiàodòng")])]
['xiaohongshu', 'b']
>>> one_line("two\\nlines\\t and  tabs")
'two lines and tabs'
>>> cleaned(Concept(id="x", en="Red\\x00Note\\rnow", aliases=[Alias("\\u202eRN")])).en
'RedNote\\nnow'
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Iterable

from ..model import ALIAS_KINDS, Alias, Concept, Source
from ..normalize import clean_text, fold

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


def _clean(value: str | None) -> str | None:
    return clean_text(value) if value else value


def cleaned(c: Concept) -> Concept:
    """The concept with every text made inert (:func:`glossary.normalize.clean_text`): no NUL,
    no bare CR, no other control character or bidi override reaches an export, whatever the
    terms file holds. The same concept (no copy) when there is nothing to clean."""
    texts = [c.id, c.category, c.status, c.zh, c.zh_hant, c.pinyin, c.en, c.literal, c.gloss, c.note,
             *(x for a in c.aliases for x in (a.text, a.kind, a.note)),
             *(x for s in c.sources for x in (s.path, s.sentence)),
             *(x for kv in c.origin.items() for x in kv)]
    if all(t is None or t.isprintable() for t in texts):
        return c
    fields = {name: _clean(getattr(c, name)) for name in ("id", "category", "status", "zh", "zh_hant", "pinyin",
                                                          "en", "literal", "gloss", "note")}
    return dataclasses.replace(
        c, **fields,
        aliases=[Alias(_clean(a.text) or "", _clean(a.kind) or "", _clean(a.note)) for a in c.aliases],
        sources=[Source(_clean(s.path) or "", s.line, _clean(s.sentence)) for s in c.sources],
        origin={_clean(k) or "": _clean(v) or "" for k, v in c.origin.items()},
    )


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

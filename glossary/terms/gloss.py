"""Glossing a sentence or a post: every glossary and dictionary term in it, in order.

What a learner does with a post they can't read: the glossary's terms are spotted in any
of their spellings (the extractor's matcher), the rest of the Chinese is segmented (the
extractor's segmenter, which knows the glossary's words) and each word is looked up in
CC-CEDICT.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "terms.yaml"
>>> _ = p.write_text('''concepts:
...   - {id: xiaohongshu, zh: 小红书, pinyin: Xiǎohóngshū, en: RedNote, status: reviewed}
...   - {id: cat-tax, zh: 猫税, pinyin: māoshuì, en: cat tax, aliases: [{text: 交猫税, kind: variant}]}
... ''', encoding="utf-8")
>>> [(t.text, t.origin) for t in gloss("我在小红书上交了猫税。", p)]
[('我', 'cc-cedict'), ('在', 'cc-cedict'), ('小红书', 'glossary'), ('上交', 'cc-cedict'), ('了', 'cc-cedict'), ('猫税', 'glossary')]
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Iterator

from glossary.text.normalize import form_keys, has_cjk


@dataclass(frozen=True)
class Term:
    """One term of a glossed text: where it is, and what it is."""

    text: str
    start: int
    origin: str  # glossary or cc-cedict
    pinyin: str | None
    en: str | None
    concept_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def gloss(text: str, glossary_path: str | os.PathLike[str] | None = None, *, dictionary: bool = True) -> list[Term]:
    """Every glossary term and dictionary word of ``text``, in order of appearance."""
    from glossary.extract.pipeline import Scanner
    from glossary.paths import glossary_file
    from glossary.terms import store

    concepts = store.load(glossary_file(glossary_path)).concepts
    by_key: dict[str, Any] = {}
    for concept in concepts:
        for form in concept.forms():
            for key in form_keys(form):
                by_key.setdefault(key, concept)
    scanner = Scanner(concepts)
    terms: list[Term] = []
    position = 0
    for span in sorted(scanner.spots(text), key=lambda s: (s.start, -s.end)):
        if span.start < position:
            continue
        if dictionary:
            terms += _words(text[position : span.start], position, scanner.segmenter)
        form = text[span.start : span.end]
        concept = next((by_key[k] for k in form_keys(form) if k in by_key), None)
        if concept is not None:
            terms.append(Term(form, span.start, "glossary", concept.pinyin, concept.en, concept.id))
        position = span.end
    if dictionary:
        terms += _words(text[position:], position, scanner.segmenter)
    return terms


def _words(gap: str, offset: int, segmenter: Any) -> Iterator[Term]:
    """The dictionary words of a stretch of text without glossary terms: the commonest entry of
    each, with its first three meaningful senses."""
    from glossary.dictionary.query import Dictionary

    if not has_cjk(gap):
        return
    dictionary = Dictionary()
    position = 0
    for word in segmenter.cut(gap):
        start = gap.find(word, position)
        position = start + len(word) if start >= 0 else position
        if not has_cjk(word):
            continue
        entry = dictionary.commonest(word)
        if entry:
            yield Term(word, offset + start, "cc-cedict", entry.marks, "; ".join(entry.senses[:3]) or None)
        else:
            yield Term(word, offset + start, "unknown", None, None)

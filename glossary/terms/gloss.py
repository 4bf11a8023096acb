"""Glossing a sentence or a post: every glossary and dictionary term in it, in order.

What a learner does with a post they can't read: the glossary's terms are spotted in any
of their spellings (:mod:`glossary.terms.spotting`, the matcher extraction uses too), the rest
of the Chinese is segmented (:mod:`glossary.text.segmenter`, taught the glossary's words) and
each word is looked up in CC-CEDICT.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "terms.yaml"
>>> _ = p.write_text('''concepts:
...   - {id: xiaohongshu, zh: 小红书, pinyin: Xiǎohóngshū, en: RedNote, status: reviewed}
...   - {id: cat-tax, zh: 猫税, pinyin: māoshuì, en: cat tax, aliases: [{text: 交猫税, kind: variant}]}
... ''', encoding="utf-8")
>>> [(t.text, t.answered_from) for t in gloss("我在小红书上交了猫税。", p)]
[('我', 'cc-cedict'), ('在', 'cc-cedict'), ('小红书', 'glossary'), ('上交', 'cc-cedict'), ('了', 'cc-cedict'), ('猫税', 'glossary')]
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Iterator

from glossary.text.normalize import has_cjk


@dataclass(frozen=True)
class Term:
    """One term of a glossed text: where it is, and what it is."""

    text: str
    start: int
    answered_from: str  # glossary, cc-cedict or unknown: which source answered
    pinyin: str | None
    en: str | None
    concept_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def gloss(text: str, glossary_path: str | os.PathLike[str] | None = None, *, dictionary: bool = True) -> list[Term]:
    """Every glossary term and dictionary word of ``text``, in order of appearance."""
    from glossary.paths import glossary_file
    from glossary.terms import store
    from glossary.terms.spotting import cjk_forms, concept_matcher
    from glossary.text.segmenter import segmenter_for

    concepts = store.load(glossary_file(glossary_path)).concepts
    segmenter = segmenter_for(cjk_forms(concepts)) if dictionary else None
    terms: list[Term] = []
    position = 0
    for m in concept_matcher(concepts).find(text):
        if dictionary:
            terms += _words(text[position : m.start], position, segmenter)
        concept = m.value
        terms.append(Term(m.text, m.start, "glossary", concept.pinyin, concept.en, concept.id))
        position = m.end
    if dictionary:
        terms += _words(text[position:], position, segmenter)
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

"""Mentions: the spans of a text that may name a concept, and what kind of evidence each is.

Shared by the finders (English names, Chinese words, glossary terms), the
statement patterns and the linker. Kept free of heavy imports.

>>> Kind.describe(Kind.CAMEL | Kind.GLOSSARY)
['glossary', 'brand']
>>> zh_or_latin("小红书"), zh_or_latin("RedNote"), zh_or_latin("TikTok难民")
('zh', 'latin', 'zh')
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from glossary.text.normalize import has_cjk


class Kind:
    """Bit flags: why a form is a candidate (a form may carry several)."""

    GLOSSARY = 1  # a form of a glossary concept
    NAME = 2  # multi-word proper name (Supreme Court)
    WORD = 4  # single capitalised word, not sentence-initial
    CAMEL = 8  # brand or CamelCase name, letters with digits (RedNote, Lemon8)
    ACRONYM = 16  # CCG, SCOTUS
    HASHTAG = 32  # #TikTokRefugee, #小红书#
    QUOTE = 64  # a quoted coinage ("cat tax", “对账”)
    ROMAN = 128  # romanised Chinese (Xiaohongshu, Lyu Xiang)
    ZH = 256  # a Chinese word from the segmenter
    NEW = 512  # a word the segmenter's dictionary lacks (new-word discovery)
    STATEMENT = 1024  # named by one of the text's own statements ("known in English as ...")

    NAMES = {
        GLOSSARY: "glossary",
        NAME: "name",
        WORD: "word",
        CAMEL: "brand",
        ACRONYM: "acronym",
        HASHTAG: "hashtag",
        QUOTE: "quoted",
        ROMAN: "romanized",
        ZH: "chinese",
        NEW: "new word",
        STATEMENT: "statement",
    }
    #: Kinds strong enough for a form to stand on one occurrence.
    STRONG = GLOSSARY | HASHTAG | STATEMENT

    @classmethod
    def describe(cls, flags: int) -> list[str]:
        return [name for bit, name in cls.NAMES.items() if flags & bit]


class Span(NamedTuple):
    """A mention: ``text[start:end]`` is ``form``, found as ``kind``."""

    start: int
    end: int
    form: str
    kind: int


_LATIN = re.compile(r"[A-Za-z]")


def zh_or_latin(form: str) -> str:
    """'zh' if the form holds Chinese characters (mixed forms count as Chinese), else 'latin'."""
    return "zh" if has_cjk(form) else "latin"


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (the earlier one, or a glossary one, on ties).

    >>> [s.form for s in resolve_overlaps([Span(0, 7, "RedNote", 8), Span(0, 12, "RedNote user", 2), Span(14, 16, "US", 1)])]
    ['RedNote user', 'US']
    """
    if len(spans) < 2:
        return spans
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), -(s.kind & Kind.GLOSSARY), s.start))
    # the spans taken so far, as (start, end) in order: they do not overlap, so their ends rise
    # with their starts, and the one that starts last before a span ends is the only one to check
    bounds: list[tuple[int, int]] = []
    taken: list[Span] = []
    for s in ordered:
        k = bisect.bisect_left(bounds, (s.end, -1)) - 1
        if k < 0 or bounds[k][1] <= s.start:
            bisect.insort(bounds, (s.start, s.end))
            taken.append(s)
    return sorted(taken)

"""The one sentence splitter: Chinese and English sentence ends, found once per text.

A sentence ends after 。！？!?…；, after a full stop or semicolon before a space (closing quotes
and brackets stay with it), and at a line break, except inside a wrapped English sentence.
A full stop after an abbreviation (Mr., U.S., Jan., e.g.) or an initial does not end one.

>>> split_sentences("我在小红书上。你呢？Hello Mr. Chew! Bye.")
['我在小红书上。', '你呢？', 'Hello Mr. Chew!', 'Bye.']
>>> split_sentences('He said "bye." Then (e.g. on RedNote) left.')
['He said "bye."', 'Then (e.g. on RedNote) left.']
"""

from __future__ import annotations

import bisect
import re

#: Closing quotes and brackets that stay with the sentence they end.
_CLOSERS = re.escape("”’\"'」』）)]")
#: Sentence ends: Chinese and English stops, and line breaks except inside a wrapped English sentence
#: (group 1: an English full stop or semicolon). Every end starts with one character of a set, looked
#: behind at once: a regular expression that starts so is searched for that set alone, several times faster.
_BOUNDARY = re.compile(
    rf"[。！？!?…；\n.;](?:(?<=[。！？!?…；])[。！？!?…；]*[{_CLOSERS}]*"
    rf"|(?<=\n)(?<![A-Za-z0-9,;:'\"’”)\]*_\-–—]\n)(?![a-z(（])|(?<=([.;]))[{_CLOSERS}]*(?=\s))"
)
_SPACE = re.compile(r"\s+")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mrs?|Ms|Dr|St|Jr|Sr|Prof|Inc|Ltd|No|Fig|vs?|etc|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)|\b[a-z]\.[a-z])$"
)
#: The longest context :meth:`Sentences.at` returns, in characters.
MAX_CONTEXT = 300


class Sentences:
    """The sentence boundaries of a text, found once for many look-ups.

    >>> s = Sentences("It rained. Millions joined RedNote (小红书). Then more.")
    >>> s.at(27, 34)
    'Millions joined RedNote (小红书).'
    >>> Sentences("他们涌入小红书。又称小红薯！").at(9, 12)
    '又称小红薯！'
    >>> Sentences("The U.S. Supreme Court ruled. Then TikTok went dark.").at(9, 22)
    'The U.S. Supreme Court ruled.'
    >>> Sentences("Its pinyin\\nis Xiǎohóngshū, written\\nXiaohongshu. 小红书\\n小红薯").at(14, 25)
    'Its pinyin is Xiǎohóngshū, written Xiaohongshu.'
    """

    __slots__ = ("text", "ends")

    def __init__(self, text: str) -> None:
        self.text = text
        ends = []
        for m in _BOUNDARY.finditer(text):
            if m.group(1) == "." and _ABBREVIATION.search(text, max(0, m.start() - 6), m.start()):
                continue  # U.S., Mr., Jan., e.g.
            ends.append(m.end())
        self.ends = ends

    def at(self, start: int, end: int) -> str:
        """The sentence around ``text[start:end]``, on one line, at most MAX_CONTEXT characters."""
        ends = self.ends
        i = bisect.bisect_right(ends, start)
        left = ends[i - 1] if i else 0
        j = bisect.bisect_left(ends, end)
        right = ends[j] if j < len(ends) else len(self.text)
        if right - left > MAX_CONTEXT:
            half = (MAX_CONTEXT - (end - start)) // 2
            left, right = max(left, start - half), min(right, end + half)
        sentence = self.text[left:right]
        if "\n" in sentence or "  " in sentence or "\t" in sentence:
            sentence = _SPACE.sub(" ", sentence)
        return sentence.strip()

    def split(self) -> list[str]:
        """Every sentence, stripped (empty ones dropped)."""
        out = []
        left = 0
        for right in [*self.ends, len(self.text)]:
            sentence = self.text[left:right].strip()
            if sentence:
                out.append(sentence)
            left = right
        return out


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :class:`Sentences`)."""
    return Sentences(text).split()


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``text[start:end]`` (see :class:`Sentences`)."""
    return Sentences(text).at(start, end)


#: Where a long text is best cut, in order of preference: a line break, a sentence end, a space, a comma.
_CUTS = ("\n", "。！？!?；;", " \t", "，,、")


def cut_point(text: str, lo: int, hi: int) -> int:
    """The best place to cut ``text`` in ``(lo, hi]``: just after a line break, a sentence end,
    a space or a comma (the last of the first kind found), else ``hi``.

    >>> cut_point("小红书很火。TikTok难民来了", 3, 12), cut_point("abcdefgh", 2, 6)
    (6, 6)
    """
    for separators in _CUTS:
        at = max(text.rfind(c, lo, hi) for c in separators)
        if at >= 0:
            return at + 1
    return hi

"""Characters to pinyin, the one path every command takes: CC-CEDICT's readings for the
words it lists (names capitalised, neutral tones kept: 谢谢 xièxie), else pypinyin's, which
resolve polyphonic characters by phrase context (银行 yínháng, 行政 xíngzhèng).

>>> Romanizer().pinyin("小红书", category="platform")
'Xiǎohóngshū'
"""

from __future__ import annotations

from typing import Any

from glossary.dictionary.query import Dictionary
from glossary.text.normalize import has_cjk, strip_tones
from glossary.text.pinyin import (
    ATTACHING_SUFFIXES,
    HAN_RUN,
    NAME_DOTS,
    NEVER_NAMES,
    PROPER_CATEGORIES,
    TITLE_CATEGORIES,
    Word,
    marks,
    parse,
    render,
)

# --- deriving pinyin from characters ---------------------------------------------------------


class Romanizer:
    """Derives pinyin words from Chinese text, using CC-CEDICT and pypinyin."""

    def __init__(self, dictionary: Dictionary | None = None, known: dict[str, str] | None = None) -> None:
        """``known`` maps Chinese forms to a pinyin written by hand (the glossary's): it wins
        wherever the form appears as a word."""
        if dictionary is None:
            dictionary = Dictionary()
        self.dictionary = dictionary
        self.known = {k: v for k, v in (known or {}).items() if k and v and has_cjk(k)}
        self._segmenter: Any = None
        self._remembered: dict[tuple[str, str, str | None], str] = {}

    # readings

    def _context(self, run: str) -> list[str]:
        """pypinyin's reading of each character of a run, in the context of the whole run."""
        from pypinyin import Style, lazy_pinyin

        return lazy_pinyin(run, style=Style.TONE, errors=lambda chars: ["?"] * len(chars))

    def _dictionary_reading(self, word: str, context: list[str], proper: bool | None) -> tuple[list[str], bool] | None:
        """CC-CEDICT's marked syllables for a word (capitals kept), picking the reading pypinyin agrees with."""
        readings = self.dictionary.readings(word)
        if not readings:
            return None
        if len(readings) > 1:
            agreeing = [
                r
                for r in readings
                if [strip_tones(s).lower() for s in marks(r[0])] == [strip_tones(s) for s in context]
                and [s.lower() for s in marks(r[0])] == context
            ]
            if agreeing:
                readings = agreeing
            elif proper is not None:
                readings = sorted(readings, key=lambda r: r[1] != proper)
        syllables = marks(readings[0][0])
        if len(syllables) != len(word):
            return None
        return syllables, readings[0][1]

    def _lcut(self, run: str) -> list[str]:
        """The segmenter's words of a run; the glossary's forms are words of it."""
        from glossary.text.segmenter import segmenter_for

        if self._segmenter is None:
            self._segmenter = segmenter_for(tuple(sorted(self.known)))
        return self._segmenter.cut(run)

    def _segment(self, run: str) -> list[str]:
        """The segmenter's words, merged where the dictionary knows the longer word (抖+音 → 抖音)."""
        tokens = self._lcut(run)
        words: list[str] = []
        i = 0
        while i < len(tokens):
            for j in range(min(len(tokens), i + 4), i + 1, -1):
                joined = "".join(tokens[i:j])
                if self.dictionary.has(joined):
                    words.append(joined)
                    i = j
                    break
            else:
                words.append(tokens[i])
                i += 1
        merged: list[str] = []
        for w in words:
            if merged and len(w) == 1 and w in ATTACHING_SUFFIXES:
                merged[-1] += w
            else:
                merged.append(w)
        return merged

    def _split_capitals(self, syllables: list[str]) -> list[Word]:
        """Dictionary syllables of a name split into words at capitals: Zì jié Tiào dòng → Zìjié Tiàodòng."""
        words: list[Word] = []
        for s in syllables:
            if s[:1].isupper() or not words:
                words.append(Word("", [s.lower()], proper=s[:1].isupper()))
            else:
                words[-1].syllables.append(s.lower())
        return words

    def _person(self, run: str, context: list[str]) -> list[Word] | None:
        """A Chinese personal name as surname + given name (Zhōu Shòuzī), if it starts with a surname."""
        if not 2 <= len(run) <= 4:
            return None
        for size in (2, 1):  # compound surnames (欧阳) first
            surname, given = run[:size], run[size:]
            reading = self.dictionary.is_surname(surname) if given else None
            if reading and size == 1 and len(given) > 2:
                return None  # a given name has one or two characters: 卢特尼克 is Lutnick, written as one word
            if reading:
                sur = [s.lower() for s in marks(reading)]
                return [Word(surname, sur, proper=True), Word(given, context[size:], proper=True)]
        return None

    def words(self, text: str, category: str | None = None) -> list[Word]:
        """The pinyin words of ``text``; ``category`` decides whether it is written as a name."""
        name = category in PROPER_CATEGORIES
        # a foreign name written with the interpunct (查理·普斯): each part is one transliterated
        # word, and pinyin writes the dot as a space (Chálǐ Pǔsī)
        foreign = category == "person" and any(dot in text for dot in NAME_DOTS)
        out: list[Word] = []
        for m in HAN_RUN.finditer(text):
            run, other = m.group(1), m.group(2)
            if other:
                if not (foreign and other.strip() in NAME_DOTS):
                    out.append(Word(other, []))
                continue
            out.extend(self._run_words(run, "place" if foreign else category, name))
        if category in TITLE_CATEGORIES and out and out[0].chinese:
            out[0].proper = True
        return out

    def _hand_set(self, form: str) -> list[Word]:
        return [p for p in parse(self.known[form]) if isinstance(p, Word)]

    def _run_words(self, run: str, category: str | None, name: bool) -> list[Word]:
        if run in self.known:
            return self._hand_set(run)
        if len(run) > 1 and any(form in run for form in self.known):
            words: list[Word] = []
            for w in self._segment(run):
                words += self._hand_set(w) if w in self.known else self._derived(w, category, name)
            return words
        return self._derived(run, category, name)

    def _derived(self, run: str, category: str | None, name: bool) -> list[Word]:
        context = self._context(run)
        whole = self._dictionary_reading(run, context, True if name else None)
        if whole:
            syllables, proper = whole
            if proper and category not in NEVER_NAMES:
                return self._split_capitals(syllables)
            return [Word(run, [s.lower() for s in syllables], proper=name)]
        if category == "person":
            person = self._person(run, context)
            if person:
                return person
        if len(run) <= 4 and name or len(run) <= 3:
            # short names and compounds are written as one word (Xiǎohóngshū, pínglùnqū)
            syllables: list[str] = []
            proper = name
            for w, start in self._offsets(self._segment(run)):
                found = self._dictionary_reading(w, context[start : start + len(w)], None)
                syllables += [s.lower() for s in found[0]] if found else context[start : start + len(w)]
                proper = proper or bool(found and found[1] and start == 0 and len(w) == len(run))
            return [Word(run, syllables, proper=proper)]
        words: list[Word] = []
        for w, start in self._offsets(self._segment(run)):
            found = self._dictionary_reading(w, context[start : start + len(w)], None)
            if found and found[1]:
                split = self._split_capitals(found[0])
                words.extend(split)
            else:
                syllables = [s.lower() for s in found[0]] if found else context[start : start + len(w)]
                words.append(Word(w, syllables, proper=name))
        return words

    @staticmethod
    def _offsets(words: list[str]) -> list[tuple[str, int]]:
        out, start = [], 0
        for w in words:
            out.append((w, start))
            start += len(w)
        return out

    def syllables(self, text: str, category: str | None = None) -> list[str | None]:
        """One tone-marked syllable per character of ``text`` (None for non-Chinese characters)."""
        out: list[str | None] = [None] * len(text)
        for m in HAN_RUN.finditer(text):
            if m.group(1):
                words = self._run_words(m.group(1), category, category in PROPER_CATEGORIES)
                for k, s in enumerate(s for w in words for s in w.syllables):
                    out[m.start(1) + k] = s
        return out

    def alternatives(self, text: str, category: str | None = None) -> list[list[str]] | None:
        """Every reading of each character of a Chinese ``text``, tone-marked and lower case: the
        one :meth:`syllables` gives first, then pypinyin's other readings (for matching
        romanizations that read a character otherwise). None if a character is not Chinese.

        >>> Romanizer().alternatives("小红书")
        [['xiǎo'], ['hóng', 'gōng'], ['shū']]
        """
        from pypinyin import Style
        from pypinyin import pinyin as heteronyms

        chosen = self.syllables(text, category)
        others = heteronyms(text, style=Style.TONE, heteronym=True, errors=lambda chars: [[] for _ in chars])
        if len(others) != len(text) or any(s is None for s in chosen):
            return None
        return [list(dict.fromkeys([s.lower() for s in (first, *rest) if s])) for first, rest in zip(chosen, others)]

    def pinyin(self, text: str, style: str = "marks", category: str | None = None) -> str:
        """The pinyin of ``text`` in a style (see :data:`STYLES`)."""
        found = self._remembered.get((text, style, category))
        return found if found is not None else render(self.words(text, category), style)

    def remember(self, done: dict[tuple[str, str, str | None], str]) -> None:
        """Take :meth:`pinyin`'s answers worked out beforehand (``(text, style, category)``: pinyin),
        by another process with a romanizer like this one (the same dictionary, no ``known``).

        >>> r = Romanizer()
        >>> r.remember({("小红书", "marks", None): "Xiǎohóngshū"})
        >>> r.pinyin("小红书")
        'Xiǎohóngshū'
        """
        self._remembered.update(done)


def pinyin(text: str, style: str = "marks", category: str | None = None) -> str:
    """Pinyin of Chinese ``text``; a convenience wrapper around :class:`Romanizer`."""
    return Romanizer().pinyin(text, style, category)

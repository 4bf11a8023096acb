"""Pinyin for Chinese terms: tone marks, tone numbers, toneless and zhuyin.

Readings come from CC-CEDICT for words it lists (it also marks names with
capitals and carries neutral tones: 谢谢 xièxie), else from pypinyin, which
resolves polyphonic characters by phrase context (银行 yínháng, 行政 xíngzhèng).
Word boundaries come from the dictionary and jieba. Names and brands are written
as proper nouns (Xiǎohóngshū, Zìjié Tiàodòng, Zhōu Shòuzī), common words in
lower case with any names inside them capitalised (Zhōngguó jiàndié).

A pinyin already written (by hand in terms.yaml) is converted, never re-derived:

>>> to_style("Xiǎohóngshū", "numbers")
'Xiao3hong2shu1'
>>> to_style("Zìjié Tiàodòng", "none")
'Zijie Tiaodong'
>>> to_style("xièxie", "zhuyin")
'ㄒㄧㄝˋ ㄒㄧㄝ˙'
>>> to_style("Dì-yī Xiūzhèng'àn", "numbers")
"Di4-yi1 Xiu1zheng4'an4"
>>> syllabify("xiǎohóngshū")
['xiǎo', 'hóng', 'shū']
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import UsageError
from .normalize import has_cjk, strip_tones

if TYPE_CHECKING:  # pragma: no cover
    from .dictionary import Dictionary

STYLES: tuple[str, ...] = ("marks", "numbers", "none", "zhuyin")

#: Categories whose terms are names: written capitalised, as proper nouns are.
PROPER_CATEGORIES: frozenset[str] = frozenset({"person", "company", "platform", "app", "place", "organization"})

#: The dots that separate the parts of a foreign name written in characters.
_NAME_DOTS: frozenset[str] = frozenset({"·", "・", "•", "‧"})

#: Categories whose terms are titles: the first word is capitalised (Dìyī xiūzhèng'àn).
TITLE_CATEGORIES: frozenset[str] = frozenset({"law", "court"})

#: Categories of coinages that only sound like names (集美 'sis', not the district Jímeǐ).
_NEVER_NAMES: frozenset[str] = frozenset({"slang"})

#: Single-character words that attach to the word before them (评论区 pínglùnqū, 美国人 Měiguórén).
_SUFFIXES = frozenset("人们区者性化员家式型界")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"([{_HAN}]+)|([^\\s{_HAN}]+)")
_VOWEL_START = re.compile(r"^[aeoāáǎàēéěèōóǒò]", re.IGNORECASE)


@dataclass
class Word:
    """A written word: its tone-marked syllables (lower case) and whether it is a name.

    Non-Chinese tokens (TikTok, 75) keep their text and have no syllables.
    """

    text: str
    syllables: list[str]
    proper: bool = False

    @property
    def chinese(self) -> bool:
        return bool(self.syllables)


# --- rendering -------------------------------------------------------------------------------


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _syllable(s: str, style: str) -> str:
    from pypinyin import Style
    from pypinyin.contrib.tone_convert import to_normal, to_tone3
    from pypinyin.style import convert

    low = s.lower()
    if style == "marks":
        return low
    if style == "numbers":
        return to_tone3(low, neutral_tone_with_five=True)
    if style == "none":
        return to_normal(low, v_to_u=True)
    if style == "zhuyin":
        return convert(low, Style.BOPOMOFO, True) or low
    raise UsageError(f"unknown pinyin style {style!r} (expected one of: {', '.join(STYLES)})")


def render_word(word: Word, style: str = "marks") -> str:
    """One word in a style; syllables after the first that start with a, o or e get an apostrophe."""
    if not word.chinese:
        return word.text
    if style == "zhuyin":
        return " ".join(_syllable(s, style) for s in word.syllables)
    out = ""
    for i, s in enumerate(word.syllables):
        piece = _syllable(s, style)
        if i and _VOWEL_START.match(s):
            out += "'"
        out += piece
    return _cap(out) if word.proper else out


def render(words: list[Word], style: str = "marks") -> str:
    """Words in a style, separated by spaces."""
    if style not in STYLES:
        raise UsageError(f"unknown pinyin style {style!r} (expected one of: {', '.join(STYLES)})")
    return " ".join(render_word(w, style) for w in words)


# --- converting a written pinyin ------------------------------------------------------------


@lru_cache(maxsize=1)
def _valid_syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows, with ü folded to u (as :func:`strip_tones` does)."""
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for r in readings.split(","):
            out.add(strip_tones(r).replace("v", "u"))
    return frozenset(out)


_TONED = re.compile("[\u0304\u0301\u030c\u0300]")


def syllabify(word: str) -> list[str] | None:
    """Split a written pinyin word (no spaces) into syllables, or None if it is not pinyin.

    Tone marks help: a syllable carries at most one. Fewest syllables wins.
    """
    word = unicodedata.normalize("NFC", word)
    plain = strip_tones(word).lower()
    if len(plain) != len(word) or not plain.isalpha():
        return None
    valid = _valid_syllables()
    n = len(word)
    # fewest syllables up to each position (-1: none) and where the last one starts: linear
    # time and memory (a list of syllables per position was quadratic)
    count = array("i", [-1]) * (n + 1)
    back = array("i", [0]) * (n + 1)
    count[0] = 0
    dead = 0
    for i in range(1, n + 1):
        for j in range(max(0, i - 6), i):
            if count[j] < 0 or (count[i] >= 0 and count[j] + 1 >= count[i]) or plain[j:i] not in valid:
                continue
            if len(_TONED.findall(unicodedata.normalize("NFD", word[j:i]))) > 1:
                continue
            count[i] = count[j] + 1
            back[i] = j
        dead = dead + 1 if count[i] < 0 else 0
        if dead >= 6:
            return None  # no syllable spans six unreachable positions
    if count[n] < 0:
        return None
    out: list[str] = []
    i = n
    while i > 0:
        out.append(word[back[i]:i])
        i = back[i]
    return out[::-1]


def parse(pinyin: str) -> list[Word | str]:
    """A written pinyin as words and the separators between them (spaces, hyphens)."""
    out: list[Word | str] = []
    for token in re.split(r"([\s\-]+)", pinyin):
        if not token:
            continue
        if re.fullmatch(r"[\s\-]+", token):
            out.append(token)
            continue
        pieces = token.split("'")
        syllables: list[str] = []
        for piece in pieces:
            found = syllabify(piece) if piece else None
            if found is None:
                syllables = []
                break
            syllables += found
        if syllables:
            out.append(Word(token, [s.lower() for s in syllables], proper=token[:1].isupper()))
        else:
            out.append(Word(token, []))
    return out


def to_style(pinyin: str, style: str = "marks") -> str:
    """Convert a tone-marked pinyin (as written in terms.yaml) to another style, keeping its words."""
    if style == "marks":
        return pinyin
    parts = parse(pinyin)
    if style == "zhuyin":
        return " ".join(render_word(p, style) for p in parts if isinstance(p, Word))
    return "".join(p if isinstance(p, str) else render_word(p, style) for p in parts)


def align(pinyin: str, text: str) -> list[str | None] | None:
    """The syllables of a written pinyin laid over the characters of ``text`` (None for
    non-Chinese characters), or None if they do not line up one to one.

    >>> align("TikTok nànmín", "TikTok难民")
    [None, None, None, None, None, None, 'nàn', 'mín']
    """
    syllables = [s for p in parse(pinyin) if isinstance(p, Word) for s in p.syllables]
    positions = [i for i, ch in enumerate(text) if has_cjk(ch)]
    if len(syllables) != len(positions):
        return None
    out: list[str | None] = [None] * len(text)
    for i, s in zip(positions, syllables):
        out[i] = s
    return out


# --- deriving pinyin from characters ---------------------------------------------------------


def _jieba() -> object:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


class Romanizer:
    """Derives pinyin words from Chinese text, using CC-CEDICT and pypinyin."""

    def __init__(self, dictionary: "Dictionary | None" = None, known: dict[str, str] | None = None):
        """``known`` maps Chinese forms to a pinyin written by hand (the glossary's): it wins
        wherever the form appears as a word."""
        if dictionary is None:
            from .dictionary import Dictionary

            dictionary = Dictionary()
        self.dictionary = dictionary
        self.known = {k: v for k, v in (known or {}).items() if k and v and has_cjk(k)}
        self._tokenizer: object = None

    # readings

    def _context(self, run: str) -> list[str]:
        """pypinyin's reading of each character of a run, in the context of the whole run."""
        from pypinyin import Style, lazy_pinyin

        return lazy_pinyin(run, style=Style.TONE, errors=lambda chars: ["?"] * len(chars))

    def _dictionary_reading(self, word: str, context: list[str], proper: bool | None) -> tuple[list[str], bool] | None:
        """CC-CEDICT's marked syllables for a word (capitals kept), picking the reading pypinyin agrees with."""
        from .dictionary import marks

        readings = self.dictionary.readings(word)
        if not readings:
            return None
        if len(readings) > 1:
            agreeing = [r for r in readings if [strip_tones(s).lower() for s in marks(r[0])] == [strip_tones(s) for s in context]
                        and [s.lower() for s in marks(r[0])] == context]
            if agreeing:
                readings = agreeing
            elif proper is not None:
                readings = sorted(readings, key=lambda r: r[1] != proper)
        syllables = marks(readings[0][0])
        if len(syllables) != len(word):
            return None
        return syllables, readings[0][1]

    def _lcut(self, run: str) -> list[str]:
        if not self.known:
            return _jieba().lcut(run, HMM=True)
        if self._tokenizer is None:
            self._tokenizer = _jieba().Tokenizer()
            for form in self.known:
                self._tokenizer.add_word(form)  # type: ignore[attr-defined]
        return self._tokenizer.lcut(run, HMM=True)  # type: ignore[attr-defined]

    def _segment(self, run: str) -> list[str]:
        """jieba's words, merged where the dictionary knows the longer word (抖+音 → 抖音)."""
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
            if merged and len(w) == 1 and w in _SUFFIXES:
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
        from .dictionary import marks

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
        foreign = category == "person" and any(dot in text for dot in _NAME_DOTS)
        out: list[Word] = []
        for m in _RUN.finditer(text):
            run, other = m.group(1), m.group(2)
            if other:
                if not (foreign and other.strip() in _NAME_DOTS):
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
            if proper and category not in _NEVER_NAMES:
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
                found = self._dictionary_reading(w, context[start:start + len(w)], None)
                syllables += [s.lower() for s in found[0]] if found else context[start:start + len(w)]
                proper = proper or bool(found and found[1] and start == 0 and len(w) == len(run))
            return [Word(run, syllables, proper=proper)]
        words: list[Word] = []
        for w, start in self._offsets(self._segment(run)):
            found = self._dictionary_reading(w, context[start:start + len(w)], None)
            if found and found[1]:
                split = self._split_capitals(found[0])
                words.extend(split)
            else:
                syllables = [s.lower() for s in found[0]] if found else context[start:start + len(w)]
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
        for m in _RUN.finditer(text):
            if m.group(1):
                words = self._run_words(m.group(1), category, category in PROPER_CATEGORIES)
                for k, s in enumerate(s for w in words for s in w.syllables):
                    out[m.start(1) + k] = s
        return out

    def pinyin(self, text: str, style: str = "marks", category: str | None = None) -> str:
        """The pinyin of ``text`` in a style (see :data:`STYLES`)."""
        return render(self.words(text, category), style)


def pinyin(text: str, style: str = "marks", category: str | None = None) -> str:
    """Pinyin of Chinese ``text``; a convenience wrapper around :class:`Romanizer`."""
    return Romanizer().pinyin(text, style, category)

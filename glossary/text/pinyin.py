"""Pinyin for Chinese terms: tone marks, tone numbers, toneless and zhuyin.

Syllables, words and styles; deriving pinyin from characters is
:mod:`glossary.dictionary.romanize`'s job, which writes names and brands as proper
nouns (Xiǎohóngshū, Zìjié Tiàodòng, Zhōu Shòuzī) and common words in lower case.

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

from glossary.errors import UsageError
from glossary.text.normalize import has_cjk, strip_tones

STYLES: tuple[str, ...] = ("marks", "numbers", "none", "zhuyin")

#: Categories whose terms are names: written capitalised, as proper nouns are.
PROPER_CATEGORIES: frozenset[str] = frozenset({"person", "company", "platform", "app", "place", "organization"})

#: The dots that separate the parts of a foreign name written in characters.
NAME_DOTS: frozenset[str] = frozenset({"·", "・", "•", "‧"})

#: Categories whose terms are titles: the first word is capitalised (Dìyī xiūzhèng'àn).
TITLE_CATEGORIES: frozenset[str] = frozenset({"law", "court"})

#: Categories of coinages that only sound like names (集美 'sis', not the district Jímeǐ).
NEVER_NAMES: frozenset[str] = frozenset({"slang"})

#: Single-character words that attach to the word before them (评论区 pínglùnqū, 美国人 Měiguórén).
ATTACHING_SUFFIXES = frozenset("人们区者性化员家式型界")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"([{_HAN}]+)|([^\\s{_HAN}]+)")
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
        out.append(word[back[i] : i])
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


_NUMBERED_SYLLABLE = re.compile(r"^[A-Za-z:üÜ]+[1-5]$")


def marks(numbered: str) -> list[str]:
    (
        """CC-CEDICT numbered syllables as tone-marked ones, keeping capitals and non-syllables.

    >>> marks("Zi4 jie2 Tiao4 dong4")
    ['Zì', 'jié', 'Tiào', 'dòng']
    """
        ""
    )
    from pypinyin.contrib.tone_convert import to_tone

    out = []
    for s in numbered.split():
        if _NUMBERED_SYLLABLE.match(s):
            upper = s[0].isupper()
            m = to_tone(s.lower().replace("u:", "v"))
            out.append(m[:1].upper() + m[1:] if upper else m)
        else:
            out.append(s)
    return out

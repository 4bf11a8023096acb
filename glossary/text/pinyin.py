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
from typing import Iterable

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


# --- syllables: the one splitter ----------------------------------------------------------

#: Combining tone marks of pinyin and the tone each marks.
TONE_MARKS: dict[str, int] = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}

#: Readings only interjections have (呣 m, 嗯 n, ng, 噷 hm, 哼 hng): never a syllable of a word.
INTERJECTIONS = frozenset({"m", "n", "ng", "hm", "hng"})

#: Spellings of ü that are not in pypinyin's data (lǚ is written lv, lyu or lu).
U_SPELLINGS = frozenset({"lv", "nv", "lyu", "nyu", "lve", "nve", "lue", "nue"})

#: No pinyin syllable is longer than this (zhuang, shuang); erhua adds an r.
LONGEST_SYLLABLE = 6


@lru_cache(maxsize=1)
def inventory() -> frozenset[str]:
    """Every toneless pinyin syllable (from pypinyin's data), lower case, with the common spellings of ü.

    >>> {"xiao", "e", "lyu", "lv", "lu"} <= inventory(), "ng" in inventory()
    (True, False)
    """
    from pypinyin.pinyin_dict import pinyin_dict

    readings = {r for rs in set(pinyin_dict.values()) for r in rs.split(",")}  # each toned syllable once
    out = {strip_tones(r).lower() for r in readings}
    return frozenset({s for s in out if s.isalpha() and s.isascii()} - INTERJECTIONS | U_SPELLINGS)


def tone_of(syllable: str) -> int:
    """The tone a syllable's mark gives it: 1–4, or 5 (neutral) when it has none.

    >>> tone_of("hóng"), tone_of("xie")
    (2, 5)
    """
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in TONE_MARKS:
            return TONE_MARKS[ch]
    return 5


def syllabify(word: str, *, apostrophes: bool = False, erhua: bool = False) -> list[str] | None:
    """Split a pinyin word (letters only: no spaces, apostrophes or hyphens) into syllables, or
    None if it is not pinyin. Case and tone marks are kept.

    Fewest syllables wins; on a tie, the fewer ü spelt v or yu (Hànyǔ is Hàn yǔ, not Hà nyǔ),
    then the later syllable starting earlier (mǐn gǎn). Tone marks help: a syllable carries at most one. With ``apostrophes`` the word is taken as written
    by the rules of pinyin, where a syllable starting with a, o or e inside a word follows an
    apostrophe, so none starts inside this one; with ``erhua`` a syllable may end in the r
    of erhua (diǎnr). Linear in time and memory.

    >>> syllabify("xiǎohóngshū"), syllabify("Èluósī", apostrophes=True), syllabify("yīdiǎnr", erhua=True)
    (['xiǎo', 'hóng', 'shū'], ['È', 'luó', 'sī'], ['yī', 'diǎnr'])
    >>> syllabify("Tiananmen"), syllabify("Tiananmen", apostrophes=True), syllabify("tiktok")
    (['Tian', 'an', 'men'], None, None)
    """
    word = unicodedata.normalize("NFC", word)
    plain = strip_tones(word).lower()
    n = len(word)
    if len(plain) != n or not plain.isalpha() or not plain.isascii():
        return None
    valid = inventory()
    marks_before: array[int] | None = None  # tone marks in word[:i], when the word has any
    if plain != word.lower():
        marks_before = array("i", [0])
        for ch in word:
            marks_before.append(marks_before[-1] + sum(c in TONE_MARKS for c in unicodedata.normalize("NFD", ch)))
    longest = LONGEST_SYLLABLE + erhua
    window = longest + 1
    # cost[i % window]: (fewest syllables up to i, of which spelt ü as v or yu), None if i is unreachable
    cost: list[tuple[int, int] | None] = [(0, 0)] + [None] * longest
    back = array("i", [0])  # where the best cut ending at i starts; grows only as far as the search gets
    dead = 0
    for i in range(1, n + 1):
        best: tuple[int, int] | None = None
        start = 0
        for j in range(max(0, i - longest), i):
            prev = cost[j % window]
            if prev is None or (best is not None and prev[0] + 1 > best[0]):
                continue
            if apostrophes and j and plain[j] in "aoe":
                continue
            if marks_before is not None and marks_before[i] - marks_before[j] > 1:
                continue
            piece = plain[j:i]
            if piece not in valid:
                if not erhua or piece[-1] != "r" or piece == "err" or (i < n and plain[i] in "aeiouv"):
                    continue
                piece = piece[:-1]  # erhua: diǎnr
                if piece not in valid:
                    continue
            here = (prev[0] + 1, prev[1] + (piece in U_SPELLINGS))
            if best is None or here < best:
                best, start = here, j
        cost[i % window] = best
        back.append(start)
        dead = dead + 1 if best is None else 0
        if dead >= longest:
            return None  # no syllable spans that many unreachable positions
    if n == 0 or cost[n % window] is None:
        return None
    out: list[str] = []
    i = n
    while i > 0:
        out.append(word[back[i] : i])
        i = back[i]
    return out[::-1]


class _Automaton:
    """A deterministic automaton for "one or more pinyin syllables", built lazily: one dictionary
    look-up per character, so that a very long word is judged in linear time and constant memory."""

    def __init__(self, syllables: frozenset[str]) -> None:
        # the syllables' trie: node 0 is the root; children[node][char] -> node; final: nodes ending a syllable
        self.children: list[dict[str, int]] = [{}]
        self.final: set[int] = set()
        for syllable in syllables:
            node = 0
            for c in syllable:
                nxt = self.children[node].get(c)
                if nxt is None:
                    nxt = len(self.children)
                    self.children[node][c] = nxt
                    self.children.append({})
                node = nxt
            self.final.add(node)
        self.states: list[frozenset[int]] = [frozenset({0})]
        self.ids: dict[frozenset[int], int] = {self.states[0]: 0}
        self.moves: list[dict[str, int]] = [{}]
        self.accepting: list[bool] = [False]

    def _move(self, state: int, c: str) -> int:
        nodes = {self.children[n][c] for n in self.states[state] if c in self.children[n]}
        done = bool(nodes & self.final)
        if done:
            nodes.add(0)  # a syllable ended here: the next may start
        key = frozenset(nodes)
        target = self.ids.get(key)
        if target is None:
            target = len(self.states)
            self.ids[key] = target
            self.states.append(key)
            self.moves.append({})
            self.accepting.append(done)
        self.moves[state][c] = target
        return target

    def matches(self, w: str) -> bool:
        """True if ``w`` (lower case, toneless) is one or more pinyin syllables."""
        state = 0
        moves = self.moves
        for c in w:
            nxt = moves[state].get(c)
            state = self._move(state, c) if nxt is None else nxt
            if not self.states[state]:
                return False
        return bool(w) and self.accepting[state]


@lru_cache(maxsize=1)
def _automaton() -> _Automaton:
    return _Automaton(inventory())


def is_syllables(letters: str) -> bool:
    """True if ``letters`` (lower case, toneless) cut into pinyin syllables, as :func:`syllabify`
    would cut them; in constant memory, however long.

    >>> is_syllables("xiaohongshu"), is_syllables("tiktok"), is_syllables("xiao" * 100_000)
    (True, False, True)
    """
    return _automaton().matches(letters)


def spellings(syllables: Iterable[str]) -> list[str]:
    """A word's syllables written without tones, lower case, in each common spelling of ü
    (v as typed, u as most English text has it, yu as passports do), for matching.

    >>> spellings(["lǚ", "xiáng"]), spellings(["Xiǎo", "hóng", "shū"])
    (['lvxiang', 'luxiang', 'lyuxiang'], ['xiaohongshu'])
    """
    decomposed = unicodedata.normalize("NFD", "".join(syllables).lower())
    plain = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    plain = plain.replace("v", "ü")
    if "ü" not in plain:
        return [strip_tones(plain)]
    return [strip_tones(plain.replace("ü", u)) for u in ("v", "u", "yu")]


def join_syllables(syllables: list[str]) -> str:
    """Write pinyin syllables as words: joined, with a new word at each capital.

    >>> join_syllables(["Zì", "jié", "Tiào", "dòng"]), join_syllables(["nàn", "mín"])
    ('Zìjié Tiàodòng', 'nànmín')
    """
    out = ""
    for s in syllables:
        if out and (s[:1].isupper() or not s[:1].isalpha() or not out[-1:].isalpha()):
            out += " "
        out += s
    return out


# --- converting a written pinyin ------------------------------------------------------------


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

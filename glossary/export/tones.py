"""Pinyin split into syllables with their tones, and aligned with the characters for ruby.

>>> [(s.text, s.tone) for s in syllables("Xiǎohóngshū") ]
[('Xiǎo', 3), ('hóng', 2), ('shū', 1)]
>>> [(s.text, s.tone) for s in syllables("mǐngǎncí")]
[('mǐn', 3), ('gǎn', 3), ('cí', 2)]
>>> [(s.text, s.tone) for s in syllables("TikTok nànmín")]
[('TikTok', None), (' ', None), ('nàn', 4), ('mín', 2)]
>>> ruby("小红书", "Xiǎohóngshū")
[('小', 'Xiǎo', 3), ('红', 'hóng', 2), ('书', 'shū', 1)]
>>> ruby("TikTok难民", "TikTok nànmín")
[('TikTok', '', None), ('难', 'nàn', 4), ('民', 'mín', 2)]
>>> ruby("75天", "75 tiān")
[('75', '', None), ('天', 'tiān', 1)]
>>> ruby("996", "jiǔjiǔliù")
[('9', 'jiǔ', 3), ('9', 'jiǔ', 3), ('6', 'liù', 4)]
>>> ruby("一点儿", "yīdiǎnr")        # erhua: no syllable per character, one ruby for the word
[('一点儿', 'yīdiǎnr', None)]
>>> initials("Zìjié Tiàodòng"), initials("TikTok nànmín")
('zjtd', '')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from glossary.text.normalize import has_cjk, strip_tones
from glossary.text.pinyin import syllabify, tone_of

_LETTERS = "A-Za-z\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff"
_WORD = re.compile(f"[{_LETTERS}]+|[0-9]+|[^{_LETTERS}0-9]+")


@dataclass(frozen=True)
class Syllable:
    """A piece of a pinyin string: a syllable with its tone (5 = neutral), or other text (tone None)."""

    text: str
    tone: int | None


def syllables(pinyin: str) -> list[Syllable]:
    """Split a pinyin string into syllables with tones; words that are not pinyin stay whole."""
    out: list[Syllable] = []
    for piece in _WORD.findall(unicodedata.normalize("NFC", pinyin)):
        parts = syllabify(piece, apostrophes=True, erhua=True) if piece[0].isalpha() else None
        if parts is None:
            out.append(Syllable(piece, None))
        else:
            out.extend(Syllable(p, tone_of(p)) for p in parts)
    return out


def initials(pinyin: str) -> str:
    """First letters of the syllables (``xhs``); empty when any word is not pinyin."""
    parts = syllables(pinyin)
    if any(p.tone is None and p.text.strip(" -'’·") for p in parts):
        return ""
    return "".join(strip_tones(p.text[0]).lower() for p in parts if p.tone is not None)


def ruby(chars: str, pinyin: str | None) -> list[tuple[str, str, int | None]]:
    """(base, reading, tone) pieces for ruby: one per character when the pinyin lines up, else one for the word.

    Latin runs in the characters (``TikTok``) match the same word in the pinyin and get no reading;
    digits match one syllable each; punctuation gets none.
    """
    if not pinyin:
        return [(chars, "", None)]
    sylls = [s for s in syllables(pinyin) if s.tone is not None or s.text.strip(" -'’·")]
    out: list[tuple[str, str, int | None]] = []
    k = 0
    i = 0
    while i < len(chars):
        ch = chars[i]
        if has_cjk(ch):
            if k >= len(sylls) or sylls[k].tone is None:
                return [(chars, pinyin, None)]
            out.append((ch, sylls[k].text, sylls[k].tone))
            k += 1
            i += 1
            continue
        run = re.match(r"[A-Za-z0-9]+", chars[i:])
        if run is None:  # punctuation and spaces: no reading
            out.append((ch, "", None))
            i += 1
            continue
        word = run.group(0)
        if k < len(sylls) and strip_tones(sylls[k].text).lower() == word.lower():
            out.append((word, "", None))
            k += 1
        elif word.isdigit() and k + len(word) <= len(sylls) and all(s.tone for s in sylls[k : k + len(word)]):
            out.extend((d, sylls[k + n].text, sylls[k + n].tone) for n, d in enumerate(word))
            k += len(word)
        else:
            return [(chars, pinyin, None)]
        i += len(word)
    if k != len(sylls):
        return [(chars, pinyin, None)]
    return out

"""The one pinyin syllable splitter (text.pinyin.syllabify) and the modules that use it."""

from __future__ import annotations

import pytest

from glossary.export.tones import ruby, syllables
from glossary.extract.english import is_pinyin, pinyin_split
from glossary.text.normalize import strip_tones
from glossary.text.pinyin import inventory, join_syllables, parse, syllabify, to_style


@pytest.mark.parametrize(
    ("pinyin", "expected"),
    [
        ("èsǐ", [("è", 4), ("sǐ", 3)]),  # 饿死: a word starting with the syllable è
        ("Éluósī", [("É", 2), ("luó", 2), ("sī", 1)]),  # 俄罗斯
        ("ēnài", [("ē", 1), ("nài", 4)]),
        ("ěxīn", [("ě", 3), ("xīn", 1)]),
    ],
)
def test_tones_split_words_starting_with_the_syllable_e(pinyin: str, expected: list[tuple[str, int]]) -> None:
    assert [(s.text, s.tone) for s in syllables(pinyin)] == expected


def test_ruby_over_a_word_starting_with_e() -> None:
    assert ruby("俄罗斯", "Éluósī") == [("俄", "É", 2), ("罗", "luó", 2), ("斯", "sī", 1)]


def test_fewest_syllables_then_standard_spellings_of_u() -> None:
    # 'nyu' spells nü (Lyu Xiang), but Hànyǔ is Hàn yǔ, not Hà nyǔ
    assert syllabify("Hànyǔ") == ["Hàn", "yǔ"]
    assert syllabify("hanyu") == ["han", "yu"]
    assert syllabify("lyuxiang") == ["lyu", "xiang"]
    assert syllabify("mǐngǎncí") == ["mǐn", "gǎn", "cí"]


def test_apostrophes_and_erhua_are_options_of_the_one_splitter() -> None:
    assert syllabify("Tiananmen") == ["Tian", "an", "men"]  # English text drops the apostrophes
    assert syllabify("Tiananmen", apostrophes=True) is None  # written pinyin has them: Tiān'ānmén
    assert syllabify("yīdiǎnr") is None
    assert syllabify("yīdiǎnr", erhua=True) == ["yī", "diǎnr"]
    assert syllabify("nǚér", erhua=True) == ["nǚ", "ér"]  # the r of ér is no erhua


def test_a_syllable_carries_one_tone_mark() -> None:
    assert syllabify("xīān") == ["xī", "ān"]
    assert syllabify("xian") == ["xian"]


def test_interjection_readings_are_not_syllables() -> None:
    assert not {"m", "n", "ng", "hm", "hng"} & inventory()
    assert syllabify("lemon") is None and not is_pinyin("lemon")
    assert [s.tone for s in syllables("Lemon8")] == [None, None]


@pytest.mark.parametrize(
    "word", ["Xiǎohóngshū", "Zìjié", "Tiàodòng", "nànmín", "Dǒuyīn", "Měiguórén", "èsǐ", "lǚxiáng"]
)
def test_the_three_callers_cut_alike(word: str) -> None:
    cut = syllabify(word)
    assert cut and [s.text for s in syllables(word)] == cut
    assert pinyin_split(word) == tuple(strip_tones(s).lower() for s in cut)
    assert [s for w in parse(word) for s in w.syllables] == [s.lower() for s in cut]


def test_join_syllables_and_styles() -> None:
    assert join_syllables(["Zì", "jié", "Tiào", "dòng"]) == "Zìjié Tiàodòng"
    assert to_style("Éluósī", "numbers") == "E2luo2si1"

"""Any corpus input in bounded memory and linear time: very long words and very long lines.

The sizes are large enough that the quadratic versions fail here (memory several times
the bound, or a recursion error) and small enough that the linear ones pass at once.
"""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path
from typing import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.extract import english
from glossary.extract.mentions import Kind, Span, resolve_overlaps
from glossary.extract.pipeline import Options, Scanner, Tally, extract, windows
from glossary.extract.readers import Unit
from glossary.terms import store
from glossary.text.pinyin import inventory, syllabify


def peak_bytes(work: Callable[[], object]) -> tuple[object, int]:
    """What ``work`` returns and the most memory it held at once (tracemalloc)."""
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_long_pinyin_word_splits_in_linear_memory() -> None:
    word = "xiaohongshu" * 800  # 8,800 letters: a tuple per position held some 70 MB
    english.pinyin_split("xiaohongshu" * 10)  # pypinyin's data loaded before the measure
    parts, peak = peak_bytes(lambda: english.pinyin_split(word))
    assert parts == ("xiao", "hong", "shu") * 800
    assert peak < 5_000_000
    assert english.is_pinyin(word) and english.is_romanized(word)


def test_a_long_word_that_is_not_pinyin_is_judged_at_once() -> None:
    rng = random.Random(7)
    word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(50_000))
    english.is_pinyin("xiaohongshu" * 10)
    (parts, pinyin, romanized), peak = peak_bytes(
        lambda: (english.pinyin_split(word), english.is_pinyin(word), english.is_romanized(word))
    )
    assert (parts, pinyin, romanized) == (None, False, False)
    assert peak < 2_000_000
    # a pinyin word spoilt by its very last letter
    assert not english.is_pinyin("xiao" * 20_000 + "q") and english.pinyin_split("xiao" * 20_000 + "q") is None


def test_long_pinyin_with_tone_marks_syllabifies_in_linear_memory() -> None:
    word = "xiǎohóngshū" * 800
    syllabify("xiǎohóngshū")
    parts, peak = peak_bytes(lambda: syllabify(word))
    assert parts == ["xiǎo", "hóng", "shū"] * 800
    assert peak < 5_000_000
    assert syllabify("xiǎohóngshū" * 800 + "x") is None


def test_split_and_automaton_agree_on_short_words() -> None:
    rng = random.Random(3)
    syllables = sorted(inventory())
    for _ in range(2000):
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))
        word = word[: rng.randint(1, len(word))]
        # above the cache limit the automaton answers alone: it must agree with the split
        long = word * (80 // len(word) + 1)
        assert english.is_pinyin(long) == (english.pinyin_split(long) is not None), long


def test_a_long_run_of_names_and_connectors_does_not_recurse() -> None:
    # one name per connector (a recursion 4,000 deep); short lines, so that none reads as a headline
    text = "Lyu Xiang of\nZhang Wei of\n" * 2000
    assert [s.form for s in english.find(text)] == ["Lyu Xiang", "Zhang Wei"] * 2000


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8), st.sampled_from([1, 2, 8, 9])), max_size=25))
def test_resolve_overlaps_keeps_the_longest_span_of_each_overlap(raw: list[tuple[int, int, int]]) -> None:
    spans = [Span(start, start + size, "x" * size, kind) for start, size, kind in raw]
    # the specification: longest first (a glossary span, then the earlier one, on ties), kept if it overlaps nothing kept
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), -(s.kind & Kind.GLOSSARY), s.start))
    expected: list[Span] = []
    for s in ordered:
        if all(s.end <= t.start or s.start >= t.end for t in expected):
            expected.append(s)
    assert resolve_overlaps(spans) == (sorted(expected) if len(spans) >= 2 else spans)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab 。\n", max_size=400), st.integers(4, 60), st.integers(0, 20))
def test_windows_tile_the_text(text: str, size: int, overlap: int) -> None:
    cuts = list(windows(text, size, overlap))
    owned = [own for _, own, _ in cuts]
    assert "".join(text[a:b] for a, b in owned) == text
    for lo, (a, b), hi in cuts:
        assert lo == max(0, a - overlap) and hi == min(len(text), b + overlap)
        assert 0 < b - a <= size


def test_terms_across_window_cuts_are_counted_once(terms_file: Path) -> None:
    scanner = Scanner(store.load(terms_file).concepts)
    for sentence in ("RedNote users on 小红书 call themselves TikTok refugees. ", "小红书RedNote字节跳动TikTok难民"):
        repeats = 200_000 // len(sentence)  # one line of 200,000 characters: some ten windows
        tally = Tally()
        scanner.scan(Unit("long.txt", 1, sentence * repeats), tally)
        for term in ("RedNote", "小红书"):
            assert tally.counts[term] == repeats, (sentence, term)
        assert tally.units == 1 and tally.chars == len(sentence) * repeats


def test_a_long_line_keeps_its_line_numbers_and_contexts(tmp_path: Path, terms_file: Path) -> None:
    sentence = "Millions of TikTok refugees joined RedNote (小红书) in January. "
    long_line = sentence * 3300  # about 200,000 characters
    corpus = tmp_path / "one-line.txt"
    corpus.write_text(f"A first paragraph.\n\n{long_line}\nLemon8 came next, and Lemon8 stayed.\n", encoding="utf-8")
    found = {c.forms[0]: c for c in extract([str(corpus)], store.load(terms_file).concepts, Options())}
    rednote = next(c for c in found.values() if "RedNote" in c.forms)
    assert rednote.count == 2 * 3300  # RedNote and 小红书, each on every sentence
    assert {s["line"] for s in rednote.sources} == {3}
    assert all(s["context"] == sentence.strip() for s in rednote.sources)
    lemon = found["Lemon8"]
    assert lemon.count == 2 and [s["line"] for s in lemon.sources] == [4]


def test_a_long_hyphenated_word_ending_in_a_number_is_no_regex_trap(tmp_path: Path) -> None:
    """A URL slug such as 'supreme-court-s-tiktok-decision-…-1737139632' made the numbered-pinyin
    check backtrack exponentially (minutes for 90 characters). It must finish at once; the run is
    in a subprocess so that a regression fails on its timeout instead of hanging the suite."""
    import subprocess
    import sys

    slug = (
        "-".join(["supreme", "court", "s", "tiktok", "decision", "and", "what", "it", "may", "mean"] * 6)
        + "-1737139632"
    )
    code = (
        "from glossary.text.normalize import form_keys, without_tone_digits\n"
        f"key = {slug!r}\n"
        "assert without_tone_digits(key.replace('-', '')) is None\n"
        "assert form_keys('xiao3hong2shu1')[1] == 'xiaohongshu'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


_PIECES = [
    "Xiaohongshu",
    "RedNote",
    "HONG KONG",
    "(AP)",
    " — ",
    " -- ",
    ", or ",
    '"',
    "“",
    "”",
    "refugees",
    "my",
    " called ",
    " as they call themselves",
    "self-proclaimed ",
    "Garman",
    "TikTok",
    "難民",
    "「",
    "」",
    "\n",
    " ",
    ",",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_statements_and_datelines_name_only_what_the_text_holds(pieces: list[str]) -> None:
    from glossary.extract import english, statements

    text = "".join(pieces)
    for a, b in english.datelines(text):
        assert a == 0 or text[a - 1] == "\n"  # a dateline opens a line
        assert text[a:b].rstrip().endswith(("—", "–", "--"))
    for st_ in statements.find(text, english.find(text), []):
        assert st_.y in text and (st_.x is None or st_.x in text)

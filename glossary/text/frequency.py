"""How common a word is (wordfreq): English for the rules that leave everyday words alone, Chinese
for the Anki deck's frequency band.

>>> english_zipf("like") > 6 > english_zipf("Xiaohongshu")
True
"""

from __future__ import annotations

import contextlib
import functools
import math
from pathlib import Path


@functools.lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """wordfreq's English word frequencies (loaded once, on first need)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "best")  # as wordfreq asks for it itself: one table, built once


def english_zipf(word: str) -> float:
    """How common a lower-cased English word is, on the Zipf scale (0 unknown … 7 'the')."""
    f = english_frequencies().get(word.lower().replace("’", "'"))
    return math.log10(f) + 9 if f else 0.0


@functools.lru_cache(maxsize=1)
def chinese_frequencies() -> dict[str, float]:
    """wordfreq's Chinese word frequencies, keyed by simplified characters (loaded once, on first need)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("zh", "best")  # as wordfreq's zipf_frequency asks for it: built once


def chinese_zipf(word: str) -> float:
    """How common a Chinese word (simplified) is on the Zipf scale, 0.0 when wordfreq does not list
    the word itself (no estimate from its parts: 猫税 is not as common as 猫 and 税 suggest).

    >>> chinese_zipf("难民") > 4 > chinese_zipf("小红书") > 0 == chinese_zipf("猫税")
    True
    """
    f = chinese_frequencies().get(word)
    return math.log10(f) + 9 if f else 0.0


def wordfreq_stamp(language: str) -> str:
    """The identity of wordfreq's tables for ``language`` (paths, times, sizes), found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    folder = Path(spec.origin).parent / "data" if spec and spec.origin else Path("wordfreq")
    stamps = []
    for size in ("large", "small"):
        with contextlib.suppress(OSError):
            st = (folder / f"{size}_{language}.msgpack.gz").stat()
            stamps.append(f"{folder}/{size}_{language}|{st.st_mtime_ns}|{st.st_size}")
    return ";".join(stamps)

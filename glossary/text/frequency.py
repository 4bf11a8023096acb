"""How common an English word is (wordfreq), for the rules that leave everyday words alone.

>>> english_zipf("like") > 6 > english_zipf("Xiaohongshu")
True
"""

from __future__ import annotations

import functools
import math


@functools.lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """wordfreq's English word frequencies (loaded once, on first need)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def english_zipf(word: str) -> float:
    """How common a lower-cased English word is, on the Zipf scale (0 unknown … 7 'the')."""
    f = english_frequencies().get(word.lower().replace("’", "'"))
    return math.log10(f) + 9 if f else 0.0

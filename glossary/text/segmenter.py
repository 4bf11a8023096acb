"""The one Chinese word segmenter: rjieba (jieba's dictionary and algorithm in Rust).

>>> segmenter_for(()).cut("美国网友涌入小红书")[:2]
['美国', '网友']
"""

from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=4)
def segmenter_for(forms: tuple[str, ...]) -> Any:
    """A jieba segmenter (rjieba: jieba's dictionary and algorithm in Rust) that knows these words."""
    import rjieba

    if not forms:  # the one rjieba made on import (its dictionary loaded), as a new one would be
        return rjieba.cut.__self__
    segmenter = rjieba.Jieba()
    for form in forms:
        segmenter.add_word(form, None, "nz")
    return segmenter

"""Simplified ↔ traditional characters with OpenCC, phrase by phrase in both directions.

OpenCC converts whole phrases before single characters, so one simplified
character can become different traditional ones by context (发 → 發 or 髮):

>>> to_traditional("小红书"), to_traditional("头发"), to_traditional("发现")
('小紅書', '頭髮', '發現')
>>> to_simplified("小紅書"), chinese_script("小紅書"), chinese_script("小红书"), chinese_script("RedNote")
('小红书', 'traditional', 'simplified', 'none')
>>> both("TikTok難民")
('TikTok难民', 'TikTok難民')
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from glossary.text.normalize import has_cjk

#: Default OpenCC configurations: Taiwan standard characters (without Taiwan vocabulary).
TO_TRADITIONAL = "s2tw"
TO_SIMPLIFIED = "tw2s"


@lru_cache(maxsize=8)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_traditional(text: str, config: str = TO_TRADITIONAL) -> str:
    """Traditional characters for ``text`` (other scripts pass through)."""
    return _converter(config).convert(text)


def to_simplified(text: str, config: str = TO_SIMPLIFIED) -> str:
    """Simplified characters for ``text`` (other scripts pass through)."""
    if len(text) <= SHORT:
        return _short_simplified(text, config)
    return _converter(config).convert(text)


#: Texts up to this long (words, names: converted again and again) are converted once per process.
SHORT = 16


@lru_cache(maxsize=1 << 17)
def _short_simplified(text: str, config: str) -> str:
    return _converter(config).convert(text)


def chinese_script(text: str) -> str:
    """``simplified``, ``traditional``, ``both`` (written the same in either) or ``none`` (no Chinese)."""
    if not has_cjk(text):
        return "none"
    simplified, traditional = to_simplified(text), to_traditional(text)
    if simplified == text and traditional == text:
        return "both"
    if simplified == text:
        return "simplified"
    if traditional == text:
        return "traditional"
    return "mixed"


def both(text: str) -> tuple[str, str]:
    """(simplified, traditional) for a term written in either script."""
    simplified = to_simplified(text)
    return simplified, to_traditional(simplified)


#: OpenCC configurations for the regional forms a reader may type: Taiwan with its phrases,
#: Hong Kong, and Taiwan or Hong Kong text back to simplified with their phrases.
REGIONAL = ("s2twp", "s2hk", "s2tw", "tw2sp", "hk2s")


def regional_forms(text: str) -> list[str]:
    """The other ways ``text`` is written in Taiwan, Hong Kong and mainland China (OpenCC's phrase tables).

    >>> regional_forms("软件")
    ['軟體', '軟件']
    >>> regional_forms("RedNote")
    []
    """
    if not has_cjk(text):
        return []
    out: list[str] = []
    for config in REGIONAL:
        form = _converter(config).convert(text)
        if form != text and form not in out:
            out.append(form)
    return out

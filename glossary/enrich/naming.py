"""A concept's category from how its own sentences name it: "the Chinese app Xiaohongshu",
"ByteDance, a Beijing-based company", "美团 (Meituan) is a delivery app", "字节跳动公司", "杭州市".

>>> stated_category(["ByteDance"], ["TikTok is owned by ByteDance, a Beijing-based company."])
('company', 'ByteDance, a Beijing-based company')
>>> stated_category(["Xiaohongshu"], ["Users moved to the Chinese app Xiaohongshu this week."])
('app', 'the Chinese app Xiaohongshu')
>>> stated_category(["二手"], ["二手市场很热闹。"]) is None  # 市场 'market' does not name a city
True
"""

from __future__ import annotations

import re
from typing import Iterable

#: English nouns that say what a named thing is, by category.
_NOUNS: dict[str, str] = {
    **dict.fromkeys(("app", "apps", "application"), "app"),
    **dict.fromkeys(("platform", "social network", "social media site"), "platform"),
    **dict.fromkeys(
        ("company", "firm", "startup", "start-up", "corporation", "conglomerate", "tech giant", "retailer"), "company"
    ),
    **dict.fromkeys(
        ("agency", "organization", "organisation", "ministry", "committee", "university", "think tank", "nonprofit"),
        "organization",
    ),
    **dict.fromkeys(("city", "province", "county", "town", "village", "region"), "place"),
    **dict.fromkeys(("newspaper", "magazine", "news outlet", "broadcaster", "news agency"), "media"),
    **dict.fromkeys(("court",), "court"),
    **dict.fromkeys(
        ("influencer", "blogger", "founder", "CEO", "chief executive", "spokesperson", "senator"), "person"
    ),
}
_NOUN = "|".join(sorted(map(re.escape, _NOUNS), key=len, reverse=True))
#: Up to three words between the article and the noun ("a Beijing-based Internet company").
_MODIFIERS = r"(?:[\w'’-]+ ){0,3}?"

#: Chinese words that follow a name and say what it is; a word after them may undo it (市场 'market').
_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("公司", "company", ""),
    ("集团", "company", ""),
    ("集團", "company", ""),
    ("大学", "organization", ""),
    ("大學", "organization", ""),
    ("协会", "organization", ""),
    ("協會", "organization", ""),
    ("委员会", "organization", ""),
    ("委員會", "organization", ""),
    ("法院", "court", ""),
    ("市", "place", "场場值面价價"),
    ("省", "place", "钱錢时時心力事去下掉"),
    ("县", "place", "城"),
    ("縣", "place", "城"),
    ("平台", "platform", ""),
)


def _english(form: str, sentence: str) -> tuple[str, str] | None:
    f = re.escape(form)
    patterns = (
        rf"\b(?:the|a|an) {_MODIFIERS}(?P<noun>{_NOUN}) {f}(?![\w-])",  # the Chinese app Xiaohongshu
        rf"(?<![\w-]){f}\)?,? (?:is |was )?(?:a|an|the) {_MODIFIERS}(?P<noun>{_NOUN})\b",  # ByteDance, a company
        rf"\b(?P<noun>CEO|founder|influencer|blogger|spokesperson|Senator|senator) {f}(?![\w-])",  # CEO Shou Chew
    )
    for pattern in patterns:
        m = re.search(pattern, sentence)
        if m:
            noun = m.group("noun")
            return _NOUNS.get(noun) or _NOUNS[noun.lower()], m.group(0)
    return None


def _chinese(form: str, sentence: str) -> tuple[str, str] | None:
    for start in (m.start() for m in re.finditer(re.escape(form), sentence)):
        after = sentence[start + len(form) :]
        for suffix, category, undo in _SUFFIXES:
            following = after[len(suffix) : len(suffix) + 1]
            if after.startswith(suffix) and not (following and following in undo):
                return category, form + suffix
    return None


def stated_category(forms: Iterable[str], sentences: Iterable[str]) -> tuple[str, str] | None:
    """The category a concept's own sentences give one of its forms, with the words that say so;
    None when none does. English forms are read in "the app X", "X, a company", "X is an app",
    "CEO X"; Chinese ones before 公司, 集团, 大学, 协会, 法院, 市, 省, 县, 平台."""
    from glossary.text.normalize import has_cjk

    forms = [f.lstrip("#") for f in forms if len(f.lstrip("#")) >= 2]
    sentences = [s for s in sentences if s]
    for sentence in sentences:
        for form in forms:
            found = _chinese(form, sentence) if has_cjk(form) else _english(form, sentence)
            if found:
                return found
    return None

"""People's names as writers vary them: a title before (or, in Chinese, after) the name, and the
other orders of a name's words.

Kept free of heavy imports: lookup reads every query through :func:`untitled`.

>>> untitled("President-elect Trump"), untitled("Senator Marco Rubio"), untitled("美国总统特朗普"), untitled("特朗普总统")
('Trump', 'Marco Rubio', '特朗普', '特朗普')
>>> name_orders("Shou Zi Chew")
['Chew Shou Zi', 'Zi Chew Shou', 'Shou Chew']
"""

from __future__ import annotations

import re

from glossary.text.normalize import has_cjk

#: English words of a title or office before a name, lower case, dots dropped (Sen. → sen).
#: A title needs one of them; the words in :data:`EN_QUALIFIERS` may come with it.
EN_TITLES = frozenset(
    """president pres senator sen rep representative congressman congresswoman congressmember lawmaker
    mr mrs ms mx miss dr prof professor sir dame lord lady judge justice secretary governor gov mayor
    speaker chairman chairwoman chair ceo cfo coo cto founder cofounder minister premier chancellor
    ambassador amb envoy commissioner spokesperson spokesman spokeswoman director attorney general gen
    leader king queen prince princess pope vp whip""".split()
)
#: Words that qualify a title (former President, U.S. Senator, Commerce Secretary, President-elect).
EN_QUALIFIERS = frozenset(
    """former ex then late incoming outgoing acting deputy vice co elect designate nominee us u s uk
    american china chinese taiwan taiwanese the of state commerce treasury defense homeland security
    national intelligence foreign ministry affairs trade house senate majority minority chief prime
    executive federal district supreme court white press republican democratic democrat gop
    senior""".split()
)
#: Chinese titles and offices, written after a name (特朗普总统) or before it (总统特朗普), both scripts.
ZH_TITLES = tuple(
    sorted(
        """总统 總統 副总统 副總統 候任总统 候任總統 当选总统 當選總統 参议员 參議員 众议员 眾議員 联邦参议员
        聯邦參議員 国务卿 國務卿 部长 部長 州长 州長 市长 市長 议长 議長 总理 總理 主席 首席执行官 首席執行官
        执行长 執行長 行政总裁 行政總裁 总裁 總裁 首席执行长 首席執行長 创始人 創始人 创办人 創辦人 董事长
        董事長 大法官 首席大法官 法官 司法部长 司法部長 总检察长 總檢察長 发言人 發言人 大使 特使 先生 女士
        博士 教授 委员长 委員長""".split(),
        key=len,
        reverse=True,
    )
)
#: What may come before a Chinese title that opens a query: a country, an office, a tense (美国总统, 前总统).
ZH_QUALIFIERS = tuple(
    sorted(
        """美国 美國 美 中国 中國 前 现任 現任 时任 時任 新任 候任 当选 當選 外交部 商务部 商務部 财政部 財政部
        司法部 国会 國會 白宫 白宮 联邦 聯邦 TikTok 抖音 字节跳动 字節跳動 小红书 小紅書""".split(),
        key=len,
        reverse=True,
    )
)
_EN_TOKEN = r"[A-Za-z]+|[^\sA-Za-z.\-]+"  # (compiled by re's own cache when an English query first needs it)
#: The shortest name left once a title is taken away: a Chinese name of two characters, a Latin one of two letters.
MIN_NAME = 2


def untitled(query: str) -> str | None:
    """``query`` without the title or office written with the name (President Trump, 特朗普总统,
    美国总统特朗普), or None when it has none (or nothing but a title).

    >>> untitled("Rep. John Moolenaar"), untitled("Commerce Secretary Howard Lutnick"), untitled("Mr. Chew")
    ('John Moolenaar', 'Howard Lutnick', 'Chew')
    >>> untitled("TikTok CEO Shou Chew"), untitled("川普總統"), untitled("前总统拜登"), untitled("总统府")
    ('Shou Chew', '川普', '拜登', None)
    >>> untitled("President"), untitled("Chinese spy"), untitled("secretary of state")
    (None, None, None)
    """
    text = query.strip()
    return _untitled_zh(text) if has_cjk(text) else _untitled_en(text)


def _untitled_en(text: str) -> str | None:
    tokens = [(m.group(), m.end()) for m in re.finditer(_EN_TOKEN, text)]
    titled, i = False, 0
    words = EN_TITLES | EN_QUALIFIERS
    if len(tokens) > 2 and tokens[0][0].lower() not in words and tokens[1][0].lower() in words:
        i = 1  # an organisation before its office: TikTok CEO Shou Chew, First Lady Melania Trump
    while i < len(tokens) and tokens[i][0].lower() in words:
        titled = titled or tokens[i][0].lower() in EN_TITLES
        i += 1
    if not titled or i == 0 or i >= len(tokens):
        return None
    rest = text[tokens[i - 1][1] :].lstrip(" .-,")
    return rest if len(rest) >= MIN_NAME else None


def _untitled_zh(text: str) -> str | None:
    rest = text
    for title in ZH_TITLES:  # after the name: 特朗普总统
        if rest.endswith(title) and len(rest) - len(title) >= MIN_NAME:
            rest = rest[: -len(title)].rstrip()
            break
    if rest == text:  # before it: (美国)总统特朗普
        start = 0
        while True:
            qualifier = next((q for q in ZH_QUALIFIERS if text.startswith(q, start)), None)
            if qualifier is None:
                break
            start += len(qualifier)
        title = next((t for t in ZH_TITLES if text.startswith(t, start)), None)
        if title and len(text) - start - len(title) >= MIN_NAME:
            rest = text[start + len(title) :].lstrip(" ·")
    return rest if rest != text and len(rest) >= MIN_NAME else None


def name_orders(name: str) -> list[str]:
    """Other ways a personal name of two to four words is written: family name first or last
    (Chew Shou Zi, Yiming Zhang) and, from three words, the first and last alone (Shou Chew,
    Merrick Garland for Merrick B. Garland). Empty for anything that does not look like a name.

    >>> name_orders("Zhang Yiming"), name_orders("Merrick B. Garland"), name_orders("grace period")
    (['Yiming Zhang'], ['Garland Merrick B.', 'B. Garland Merrick', 'Merrick Garland'], [])
    """
    words = _name_words(name)
    if not words:
        return []
    out = [" ".join(words[-1:] + words[:-1]), " ".join(words[1:] + words[:1])]
    short = first_and_last(name)
    if short:
        out.append(short)
    return [o for o in dict.fromkeys(out) if o != name]


def first_and_last(name: str) -> str | None:
    """A personal name of three or four words without its middle ones (Donald J. Trump: Donald Trump).

    >>> first_and_last("Shou Zi Chew"), first_and_last("Shou Chew"), first_and_last("the cat tax")
    ('Shou Chew', None, None)
    """
    words = _name_words(name)
    return f"{words[0]} {words[-1]}" if words and len(words) >= 3 else None


def _name_words(name: str) -> list[str]:
    """The words of what looks like a personal name (two to four capitalised words, no title first), else []."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() and w[:1].isalpha() for w in words):
        return []
    if words[0].lower().rstrip(".") in EN_TITLES:
        return []
    return words

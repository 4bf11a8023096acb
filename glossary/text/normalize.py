"""Folding of surface forms into lookup keys, shared by the index and the query side.

Kept free of heavy imports: it runs on every lookup.

>>> fold("Red Note"), fold("#TikTokRefugee"), fold("Xiǎohóngshū")
('rednote', 'tiktokrefugee', 'xiaohongshu')
>>> query_keys("xiao3hong2shu1")
['xiao3hong2shu1', 'xiaohongshu']
>>> query_keys("TikTok refugees")
['tiktokrefugees', 'tiktokrefugee']
>>> has_cjk("TikTok难民"), has_cjk("RedNote")
(True, False)
"""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_DROP = re.compile(r"[\W_]+", re.UNICODE)
# syllables ending in a tone digit, then at most one without: no nested choice, so no backtracking blow-up
_NUMBERED_PINYIN = re.compile(r"^(?:[a-z]*[aeiouvnrg][1-5])*(?:[a-z]*[aeiouvnrg])?$")
_TONE_DIGIT = re.compile(r"(?<=[aeiouvnrg])[1-5]")


def has_cjk(text: str) -> bool:
    """True if ``text`` holds at least one Chinese character."""
    return _CJK.search(text) is not None


def strip_tones(text: str) -> str:
    """Remove pinyin tone marks: ``Xiǎohóngshū`` → ``Xiaohongshu``, ``lǜ`` → ``lu``."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """The lookup key of a form: no case, tone marks, spaces, hyphens, '#' or punctuation."""
    text = unicodedata.normalize("NFKC", text)
    return _DROP.sub("", strip_tones(text).casefold())


def singular(key: str) -> str | None:
    """A folded English plural's (or possessive's) singular, else None.

    >>> singular("refugees"), singular("chinesespies"), singular("cattaxes"), singular("rednotes"), singular("boss")
    ('refugee', 'chinesespy', 'cattax', 'rednote', None)
    """
    if len(key) <= 3 or not key.endswith("s") or key.endswith("ss") or has_cjk(key):
        return None
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith(("xes", "ches", "shes", "sses", "zes")):
        return key[:-2]
    return key[:-1]


#: Verbs Chinese writers swap in a verb + object phrase (交猫税 / 缴猫税: to pay the cat tax).
_VERB_VARIANTS = {"缴": "交", "繳": "交"}
_VERBS = ("交", "缴", "繳")


def verb_object_keys(key: str) -> list[str]:
    """Keys of a Chinese verb + object phrase: the common verb, and the object alone.

    >>> verb_object_keys("缴猫税"), verb_object_keys("交猫税"), verb_object_keys("小红书")
    (['交猫税', '猫税'], ['猫税'], [])
    """
    if len(key) < 3 or key[0] not in _VERBS or not has_cjk(key[1:]):
        return []
    out = []
    if key[0] in _VERB_VARIANTS:
        out.append(_VERB_VARIANTS[key[0]] + key[1:])
    out.append(key[1:])
    return out


#: Chinese writes the English "App" for 应用 ("application") inside a word: 苹果App商店 is 苹果应用商店.
APP_WORD = re.compile("应用|應用")


def app_key(key: str) -> str | None:
    """A Chinese key with 应用 written as "app", as Chinese text often writes it; None without 应用.

    >>> app_key("苹果应用商店"), app_key("应用"), app_key("小红书")
    ('苹果app商店', None, None)
    """
    if len(key) < 3 or ("应用" not in key and "應用" not in key):
        return None
    return APP_WORD.sub("app", key)


def without_tone_digits(key: str) -> str | None:
    """``xiao3hong2shu1`` → ``xiaohongshu`` when the key reads as numbered pinyin, else None."""
    if any(c in "12345" for c in key) and _NUMBERED_PINYIN.match(key):
        return _TONE_DIGIT.sub("", key)
    return None


def slug(text: str) -> str:
    """A lower-case id from English or pinyin.

    >>> slug("TikTok refugees"), slug("#Xiǎohóngshū")
    ('tiktok-refugees', 'xiaohongshu')
    """
    return re.sub(r"[^a-z0-9]+", "-", strip_tones(text.lstrip("#")).casefold()).strip("-")[:60].strip("-")


def display_width(text: str) -> int:
    """Columns ``text`` takes at a terminal: CJK characters take two.

    >>> display_width("小红书"), display_width("RedNote")
    (6, 7)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def form_keys(text: str) -> list[str]:
    """Every key under which a form is indexed, the form's own first.

    >>> form_keys("Chinese spies"), form_keys("缴猫税")
    (['chinesespies', 'chinesespy'], ['缴猫税', '交猫税', '猫税'])
    """
    key = fold(text)
    keys = [key] if key else []
    for extra in (singular(key), without_tone_digits(key), *verb_object_keys(key), app_key(key)):
        if extra and extra not in keys:
            keys.append(extra)
    return keys


#: 的 between two Chinese characters: writers add or drop it (中国的间谍 / 中国间谍).
_LINKING_DE = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])的(?=[\u3400-\u4dbf\u4e00-\u9fff])")


def query_keys(query: str) -> list[str]:
    """Every key a query may match, most literal first; a 的 between two Chinese characters may
    be left out.

    >>> query_keys("中国的间谍"), query_keys("Chinese spies")
    (['中国的间谍', '中国间谍'], ['chinesespies', 'chinesespy'])
    """
    keys = form_keys(query)
    if keys and "的" in keys[0]:
        bare = _LINKING_DE.sub("", keys[0])
        if bare and bare not in keys:
            keys += [k for k in form_keys(bare) if k not in keys]
    return keys


# --- untrusted text ------------------------------------------------------------------

# C0 and C1 controls but tab and newline, DEL, and the bidi embeddings, overrides, isolates
# and marks that can make one string display as another (U+202E shows 书红小 as 小红书).
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
_UNSAFE_LINE = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\u2028\u2029]"
# (compiled by re's own cache when first needed: most text is printable and never needs them)


def clean_text(text: str) -> str:
    r"""Untrusted text made inert where it is read: control characters (but tab and newline),
    NUL, bidi overrides and isolates removed; a bare CR becomes a newline.

    >>> clean_text("小红\u202e书\x1b]0;pwned\x07 RedNote\r\nline\rnext\x00")
    '小红书]0;pwned RedNote\nline\nnext'
    """
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(_UNSAFE, "", text)


def terminal_safe(text: str, keep_newlines: bool = True) -> str:
    r"""Text about to be printed to a terminal: every control character that could move the cursor,
    set a title, write the clipboard or reorder the line is shown as a visible escape instead.

    >>> terminal_safe("RedNote\x1b]52;c;ZXZpbA==\x07 小红书")
    'RedNote\\x1b]52;c;ZXZpbA==\\x07 小红书'
    >>> terminal_safe("a\nb", keep_newlines=False)
    'a\\x0ab'
    """
    if text.isprintable():
        return text
    return re.sub(_UNSAFE if keep_newlines else _UNSAFE_LINE, _escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

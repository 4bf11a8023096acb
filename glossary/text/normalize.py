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

import functools
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
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """The lookup key of a form: no case, tone marks, spaces, hyphens, '#' or punctuation."""
    if text.isascii():  # nothing to compose, decompose or fold beyond lower case
        return _DROP.sub("", text.lower())
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


#: English words whose inflected forms no suffix rule finds: past tenses, participles and plurals.
IRREGULAR = {
    "paid": "pay", "fled": "flee", "sold": "sell", "bought": "buy", "made": "make", "took": "take",
    "taken": "take", "went": "go", "gone": "go", "gave": "give", "given": "give", "brought": "bring",
    "won": "win", "spent": "spend", "sent": "send", "stole": "steal", "stolen": "steal", "wrote": "write",
    "written": "write", "ran": "run", "came": "come", "began": "begin", "begun": "begin", "held": "hold",
    "met": "meet", "told": "tell", "said": "say", "got": "get", "gotten": "get", "lost": "lose",
    "fought": "fight", "kept": "keep", "built": "build", "chose": "choose", "chosen": "choose",
    "men": "man", "women": "woman", "children": "child",
}  # fmt: skip
#: British spellings made American, word by word, before a word is stemmed (colonised: colonized,
#: favourite, centre, catalogue, defence): (pattern, what replaces the match before its group 1).
AMERICAN = (
    (r"(?<=[a-z]{2})is(e|es|ed|ing|ation|ations)$", "iz"),
    (r"(?<=[a-z]{3})our(s|ed|ing|ite|ites|able|ful|er|ers)?$", "or"),
    (r"(?<=[a-z]{2}[^aeiou])tre(s|d)?$", "ter"),
    (r"(?<=[a-z]{3})ogue(s)?$", "og"),
    (r"(?<=^def|^off|^lic)ence(s)?$", "ense"),
)
#: (The patterns of stemming are compiled by re's own cache when first needed: a Chinese query never needs them.)
_VOWEL = r"[aeiouy]"
#: A stem that ends consonant–vowel–consonant (not w, x or y) after a consonant: its 'e' was dropped (liking).
_SHORT_CVC = r"^[^aeiou]*[aeiou][^aeiouwxy]$"
_NOT_PLURAL = ("ss", "us", "is", "news")


def stem(word: str) -> str:
    """An English word without its plural, past or -ing ending, and without a silent final 'e'
    (Porter's first step and its last, with 'y' for 'ies'/'ied' and a few irregular verbs), in
    American spelling (:data:`AMERICAN`): one stem for every form of a word, so phrases match
    however their words are inflected or spelt. A stem need not be a word (Chinese → chines);
    words that are not lower-case a–z pass through.

    >>> [stem(w) for w in ("flocking", "flocked", "flocks", "flock", "banned", "banning", "paying", "paid")]
    ['flock', 'flock', 'flock', 'flock', 'ban', 'ban', 'pay', 'pay']
    >>> [stem(w) for w in ("liked", "liking", "like", "spies", "taxes", "rated", "refugees", "news", "thing")]
    ['like', 'like', 'like', 'spy', 'tax', 'rate', 'refugee', 'news', 'thing']
    >>> [stem(w) for w in ("deleted", "delete", "pauses", "hopping", "hoped", "using", "agreed")]
    ['delet', 'delet', 'paus', 'hop', 'hope', 'use', 'agree']
    >>> [stem(w) for w in ("colonised", "colonized", "favourites", "favorite", "centres", "center", "defence")]
    ['colonize', 'colonize', 'favorit', 'favorit', 'center', 'center', 'defens']
    """
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    for pattern, american in _american():
        m = pattern.search(word)
        if m:
            word = word[: m.start()] + american + (m.group(1) or "")
    return _silent_e(_unsuffixed(word))


@functools.lru_cache(maxsize=1)
def _american() -> list[tuple[re.Pattern[str], str]]:
    """:data:`AMERICAN`, compiled when an English word is first stemmed."""
    return [(re.compile(pattern), american) for pattern, american in AMERICAN]


def _unsuffixed(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_NOT_PLURAL):
        return word[:-1]
    if word.endswith("eed"):
        return word[:-1] if re.search(_VOWEL, word[:-3]) else word
    for ending in ("ing", "ed"):
        base = word[: -len(ending)]
        if word.endswith(ending) and re.search(_VOWEL, base):
            if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "aeiouylsz":
                return base[:-1]  # banned → ban
            return base + "e" if _keeps_e(base) else base  # rated → rate, liking → like
    return word


def _keeps_e(base: str) -> bool:
    """True if ``base`` + 'e' is a word whose 'e' an ending drops but the stem keeps (rat|e, lik|e)."""
    return base.endswith(("at", "bl", "iz")) or re.match(_SHORT_CVC, base) is not None


def _silent_e(word: str) -> str:
    if len(word) > 3 and word.endswith("e") and not word.endswith("ee") and not _keeps_e(word[:-1]):
        return word[:-1]
    return word


#: 's and a plural's closing apostrophe (compiled by re's own cache when first needed: a Chinese query never needs it)
_POSSESSIVE = r"(?<=[^\W_])['’ʼ][sS](?![^\W_])|(?<=[sS])['’ʼ](?![^\W_])"
_LATIN_WORD = r"[a-z]+"
#: Runs of Chinese characters, and words of letters or digits in any other script (75-day: 75, day).
WORD_RUNS = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"


def word_runs(text: str) -> list[str]:
    """The runs of :data:`WORD_RUNS` in ``text``.

    >>> word_runs("TikTok难民 75-day")
    ['TikTok', '难民', '75', 'day']
    """
    return re.findall(WORD_RUNS, text)


def stem_words(text: str) -> list[str]:
    """The folded runs of ``text`` (:data:`WORD_RUNS`), possessives dropped and each English word
    stemmed (:func:`stem`).

    >>> stem_words("TikTok refugees' posts"), stem_words("Trump’s 75-day pauses"), stem_words("TikTok难民")
    (['tiktok', 'refugee', 'post'], ['trump', '75', 'day', 'paus'], ['tiktok', '难民'])
    """
    text = re.sub(_POSSESSIVE, "", unicodedata.normalize("NFKC", text))
    return [re.sub(_LATIN_WORD, _stem_match, fold(run)) for run in word_runs(text)]


def _stem_match(match: re.Match[str]) -> str:
    return stem(match.group())


def stem_key(text: str) -> str | None:
    """The key of ``text`` with every word stemmed (:func:`stem_words`), if that differs from its key.

    >>> stem_key("flocking to"), stem_key("Chinese spies' memes"), stem_key("flock to"), stem_key("小红书")
    ('flockto', 'chinesspymeme', None, None)
    """
    folded = fold(text)
    if not any("a" <= c <= "z" for c in folded):
        return None  # no English word to stem (小红书)
    key = "".join(stem_words(text))
    return key if key and key != folded else None


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


#: Chinese for an app, which Chinese writers write "App" or "APP" as often inside a word (苹果App商店
#: is 苹果应用商店, 中制App is 中制应用): the one pattern lookup's index and extraction's matcher use.
APP_WORD = re.compile("应用程序|应用程式|應用程式|应用|應用|软件|軟體|軟件")


def app_key(key: str) -> str | None:
    """A Chinese key with 应用 (软件…) written as "app", as Chinese text often writes it; None without one.

    >>> app_key("苹果应用商店"), app_key("应用"), app_key("小红书")
    ('苹果app商店', None, None)
    """
    if len(key) < 3 or not APP_WORD.search(key):
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

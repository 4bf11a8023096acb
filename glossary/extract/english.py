"""Finding English-script candidates in running text.

Multi-word proper names (Supreme Court, Center for China and Globalization),
brand and CamelCase names (RedNote, ByteDance, Lemon8), acronyms (CCG),
hashtags (#TikTokRefugee, #小红书#), quoted coinages ("cat tax", “对账”) and
romanised Chinese (Xiaohongshu, Lyu Xiang, laowai). Sentence-initial capitals,
weekdays, months and ordinary words do not pass as names; possessives and
lower-case hyphenated tails end a name (Mao Zedong’s, ByteDance-owned); clause
openers, clock words, titles, bylines and page furniture join none; a title-cased
line is a headline, and no name runs across its end; a credit glued to its year
(Statista2023, Getty Images2025) is no name.

>>> [(s.form, Kind.describe(s.kind)) for s in find("On Monday the Supreme Court met. Users of Xiaohongshu, or RedNote, paid the 'cat tax'.")]
[('Supreme Court', ['name']), ('Xiaohongshu', ['romanized']), ('RedNote', ['brand']), ('cat tax', ['quoted'])]
>>> [s.form for s in find("很多TikTok难民用上了Lemon8。#TikTokRefugee #小红书# Lyu Xiang of the Center for China and Globalization")]
['TikTok', 'Lemon8', '#TikTokRefugee', '#小红书', 'Lyu Xiang', 'Center for China and Globalization']
>>> is_romanized("Xiaohongshu"), is_romanized("banana"), is_romanized("Douyin"), is_romanized("women")
(True, False, True, False)
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from typing import Iterator

from glossary.extract.finders import FINDERS, Finder
from glossary.extract.mentions import Kind, Span, resolve_overlaps
from glossary.text.frequency import english_frequencies as _en_freq
from glossary.text.frequency import english_zipf as zipf
from glossary.text.normalize import strip_tones
from glossary.text.pinyin import is_syllables, syllabify

WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun".split()
)
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
TITLES = frozenset(
    "mr mrs ms miss dr prof sir madam president senator sen rep representative congressman congresswoman "
    "governor gov mayor premier chairman chairwoman minister judge justice ceo cfo".split()
)
#: Clock words: "9 PM Beijing time" holds no name "PM Beijing".
TIME_WORDS = frozenset("am pm gmt utc est edt pst pdt cst cet bst hkt".split())
#: Page furniture around an article's text (MORE STORIES, Related, Advertisement, Top images via …).
FURNITURE = frozenset(
    "advertisement advertising sponsored related share inline subscribe newsletter stories story trending "
    "photo photos image images via courtesy caption credit credits editor reporter".split()
)
#: Function words that open a clause ("As the Supreme Court …") and never begin a name.
FUNCTION_WORDS = frozenset(
    "as at by with from after before since while when whenever if but so then yet though although because "
    "this that these those it its we he she they our his her their my your you i some many most all every "
    "no not also now here there what why how who where which whose once until unless despite amid".split()
)
#: Words that join the parts of a longer name ("Center for China and Globalization").
CONNECTORS = frozenset("of for and the de la du von van v vs on in at to &".split())
#: Capitalised acronyms too common to be terms.
COMMON_ACRONYMS = frozenset("I A OK AM PM TV ID PS PR FAQ DIY LOL OMG BTW IMO CEO CFO CTO FYI AKA UK EU UN".split())
#: A lower-cased word at least this frequent in English (Zipf scale) is ordinary, not a name.
ORDINARY_ZIPF = 4.0

_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F]*(?:['’\-][A-Za-z0-9\u00C0-\u024F]+)*")
_HASHTAG = re.compile(r"(?<![\w&/])#([^\s#,.!?;:，。！？；：、()（）\[\]{}\"“”'‘’<>]+)#?")
_QUOTE = re.compile(
    r"[“\"]([^“”\"\n]{1,60}?)[”\"]"
    r"|(?<![A-Za-z0-9])[‘']([^‘’'\n]{1,40}?)[’'](?![A-Za-z0-9])"
    r"|[「『]([^「」『』\n]{1,30}?)[」』]"
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_INITIAL_SKIP = " \t\n\"“”'‘’(（「『*_#>-–—"
_SENTENCE_END = frozenset(".!?。！？…:：;；")
_QUOTE_TRIM = " ,.;:!?，。；：！？、"
#: Where a token ends its name: a possessive ("Mao Zedong’s") or a lower-case hyphenated tail ("ByteDance-owned").
_TAIL = re.compile(r"['’][sS]$|-(?=[a-z])")
#: A word glued to a year: a credit whose space was lost ("Statista2023", "Getty Images2025"), not a name.
_GLUED_YEAR = re.compile(r"[a-z]{2}(?:19|20)\d\d$")
#: Connectors after which a one-word name does not go on ("Rednote in English").
_LOOSE = frozenset("in at on to".split())

Token = tuple[int, int, str, str]  # start, end, text, shape


def phrase_zipf(text: str) -> float:
    """How common an English word or phrase is (Zipf scale); a phrase is as rare as its words together.

    >>> phrase_zipf("the") > phrase_zipf("Supreme Court") > phrase_zipf("Xiaohongshu")
    True
    """
    words = re.findall(r"[A-Za-z0-9'’]+", text.lower())
    if not words:
        return 0.0
    freq = _en_freq()
    inverse = 0.0
    for w in words:
        f = freq.get(w.replace("’", "'"))
        if not f:
            return 0.0
        inverse += 1 / f
    return math.log10(1 / inverse) + 9


def is_ordinary(word: str) -> bool:
    """True for everyday English words (``Sunday``, ``Users``), false for names (``Douyin``)."""
    low = word.lower()
    return low in WEEKDAYS or low in MONTHS or zipf(low) >= ORDINARY_ZIPF


#: Words longer than this are split without the cache (a hostile 10 MB "word" must not stay in memory).
_CACHED_WORD = 64


def _pinyin_letters(word: str) -> str | None:
    """``word`` lower-cased, toneless, without apostrophes and hyphens; None if it cannot be pinyin."""
    w = strip_tones(word).lower().replace("'", "").replace("’", "").replace("-", "")
    if not w.isalpha() or not w.isascii():
        return None
    return w


@functools.lru_cache(maxsize=65536)
def _split_cached(word: str) -> tuple[str, ...] | None:
    return _split(word)


def _split(word: str) -> tuple[str, ...] | None:
    w = _pinyin_letters(word)
    if w is None or not is_syllables(w):
        return None
    parts = syllabify(w)
    return tuple(parts) if parts else None


def pinyin_split(word: str) -> tuple[str, ...] | None:
    """``word`` cut into pinyin syllables (fewest pieces), or None if it is not pinyin.

    Linear in the length of ``word``.

    >>> pinyin_split("xiaohongshu"), pinyin_split("Yiming"), pinyin_split("tiktok")
    (('xiao', 'hong', 'shu'), ('yi', 'ming'), None)
    """
    return _split_cached(word) if len(word) <= _CACHED_WORD else _split(word)


def is_pinyin(word: str) -> bool:
    """True if ``word`` cuts into pinyin syllables (``pinyin_split`` is not None), in constant memory.

    >>> is_pinyin("xiaohongshu"), is_pinyin("tiktok"), is_pinyin("xiao" * 100_000)
    (True, False, True)
    """
    if len(word) <= _CACHED_WORD:
        return _split_cached(word) is not None
    w = _pinyin_letters(word)
    return w is not None and is_syllables(w)


def _syllables_at_least_two(word: str) -> bool:
    if len(word) <= _CACHED_WORD:
        parts = _split_cached(word)
        return parts is not None and len(parts) >= 2
    return is_pinyin(word)  # longer than any one syllable


def is_romanized(word: str) -> bool:
    """A word that reads as two or more pinyin syllables and is not an English word."""
    return len(word) >= 4 and _syllables_at_least_two(word) and zipf(word) < 2.5


def _is_initial(text: str, start: int) -> bool:
    """True if ``start`` opens a sentence (nothing but quotes and spaces since the last full stop)."""
    i = start - 1
    while i >= 0 and text[i] in _INITIAL_SKIP:
        i -= 1
    if i < 0 or text[i] in _SENTENCE_END:
        # "U.S. Supreme Court": a full stop after a single capital is an abbreviation
        return not (i >= 1 and text[i] == "." and text[i - 1].isupper() and (i < 2 or not text[i - 2].isalpha()))
    return False


def _shape(token: str) -> str:
    """'acronym', 'camel', 'cap', 'lower' or 'other'."""
    core = token.replace("-", "").replace("'", "").replace("’", "")
    if not core:
        return "other"
    if core.isalpha():
        if core.islower():
            return "lower"
        if core.isupper():
            return "acronym" if 2 <= len(core) <= 7 else "cap"
        return "cap" if core[1:].islower() or len(core) == 1 else "camel"
    letters = [c for c in core if c.isalpha()]
    has_digit = any(c.isdigit() for c in core)
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "acronym" if len(letters) <= 7 else "cap"
    if has_digit:
        return "camel"
    if any(c.isupper() for c in core[1:]) and any(c.islower() for c in core):
        return "camel"
    if core[0].isupper():
        return "cap"
    return "lower"


def _lines(text: str, tokens: list[Token]) -> tuple[list[tuple[int, int]], set[int]]:
    """The headlines of ``text`` and the line breaks no name runs across.

    A line is *title-cased* when every word of four letters or more is capitalised; it is a
    headline when it is title-cased and has four words or more and no full stop at its end
    (or five words or more): its capitals say nothing. A name does not run across the
    break before or after a title-cased line without sentence punctuation at its end.
    """
    headlines = []
    breaks: set[int] = set()
    start = 0
    starts = [t[0] for t in tokens]
    prev_title = False
    for line in text.split("\n"):
        end = start + len(line)
        title = False
        if not _CJK.search(line):
            on_line = tokens[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
            words = [t for t in on_line if len(t[2]) > 1 and t[3] != "mark" and t[2].lower() not in CONNECTORS]
            long = [t for t in words if len(t[2]) >= 4]
            cased = bool(long) and all(t[3] != "lower" for t in long)
            stripped = line.rstrip(" \t\"”'’)")
            title = cased and bool(stripped) and stripped[-1] not in _SENTENCE_END
            if (cased and len(words) >= 5) or (title and len(words) >= 4):
                headlines.append((start, end))
        if start and (title or prev_title):
            breaks.add(start - 1)
        prev_title = title
        start = end + 1
    return headlines, breaks


_MARKS = re.compile(r"[#“\"‘'「『]")


def find_marked(text: str) -> list[Span]:
    """Hashtags and quoted coinages, in any script (the part of :func:`find` that Chinese text needs)."""
    if not _MARKS.search(text):
        return []
    return resolve_overlaps(_marked(text))


#: The characters every match of :data:`_HASHTAG` and :data:`_QUOTE` starts with.
_HASH = re.compile("#")
_OPENING = re.compile("[“\"‘'「『]")


def anchored(pattern: re.Pattern[str], anchor: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match is non-empty and starts where ``anchor``
    (one character) matches: only those places are tried (a pattern that opens with a look-behind
    is otherwise tried at every character, in Python).

    >>> [m.group() for m in anchored(_HASHTAG, _HASH, "a #TikTok b#c #小红书#")]
    ['#TikTok', '#小红书#']
    """
    at, search, match = 0, anchor.search, pattern.match
    while (hit := search(text, at)) is not None:
        m = match(text, hit.start())
        if m is None:
            at = hit.start() + 1
        else:
            yield m
            at = m.end()


def _marked(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in anchored(_HASHTAG, _HASH, text):
        tag = m.group(1)
        if not tag.isdigit() and len(tag) >= 2:
            spans.append(Span(m.start(), m.start() + 1 + len(tag), "#" + tag, Kind.HASHTAG))
    for m in anchored(_QUOTE, _OPENING, text):
        group = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
        inner = m.group(group)
        stripped = inner.strip(_QUOTE_TRIM)
        if _coinage(stripped):
            offset = m.start(group) + inner.index(stripped)
            spans.append(Span(offset, offset + len(stripped), stripped, Kind.QUOTE))
    return spans


def _tokens(text: str) -> list[Token]:
    """The words of ``text`` with their shapes; a possessive or a lower-case hyphenated tail is cut off
    its word as a ``'mark'`` that ends a name ("ByteDance-owned Lemon8", "Mao Zedong’s").

    >>> [(t[2], t[3]) for t in _tokens("ByteDance-owned Mao Zedong’s Coca-Cola")]
    [('ByteDance', 'camel'), ('-owned', 'mark'), ('Mao', 'cap'), ('Zedong', 'cap'), ('’s', 'mark'), ('Coca-Cola', 'camel')]
    """
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        tail = _TAIL.search(word, 1)
        if tail is None or not word[0].isupper():
            out.append((m.start(), m.end(), word, _shape(word)))
            continue
        cut = m.start() + tail.start()
        out.append((m.start(), cut, word[: tail.start()], _shape(word[: tail.start()])))
        out.append((cut, m.end(), word[tail.start() :], "mark"))
    return out


def find(text: str) -> list[Span]:
    """Every English-script candidate mention of ``text`` (and hashtags and quotes in any script), in order."""
    spans = _marked(text)
    tokens = _tokens(text)
    headlines, breaks = _lines(text, tokens) if "\n" in text or len(tokens) >= 4 else ([], set())
    if breaks:  # a break ends a sentence: no name runs across it, and the next line's first word opens one
        chars = list(text)
        for at in breaks:
            chars[at] = "…"
        text = "".join(chars)

    def names(seq: list[Token]) -> list[Span]:
        credit = [i for i, t in enumerate(seq) if _GLUED_YEAR.search(t[2])]
        if credit:  # "Getty Images2025 Lemon8": the credit, glued to its year, ends where the year does
            seq = seq[credit[-1] + 1 :]
        if not seq or _byline(text, seq):
            return []
        headline = any(a <= seq[0][0] < b for a, b in headlines)
        return _name_spans(text, seq, headline)

    seq: list[Token] = []
    for tok in tokens:
        if seq and not _joins(text, seq[-1], tok):
            spans.extend(names(seq))
            seq = []
        if tok[3] in ("cap", "acronym", "camel") or (seq and tok[2].lower() in CONNECTORS):
            seq.append(tok)
        else:
            if seq:
                spans.extend(names(seq))
                seq = []
            if tok[3] == "lower" and len(tok[2]) >= 5 and is_romanized(tok[2]):
                spans.append(Span(tok[0], tok[1], tok[2], Kind.ROMAN))
    if seq:
        spans.extend(names(seq))
    if _TONED.search(text):
        spans.extend(_toned_pinyin(text, tokens))
    return resolve_overlaps(spans)


#: A pinyin tone mark, lower case.
_TONED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def _toned_pinyin(text: str, tokens: list[Token]) -> list[Span]:
    """Runs of two or more lower-case words that are pinyin with tone marks, written a syllable or a
    word at a time (māo shuì, duì zhàng): romanised Chinese, one candidate.

    >>> text = "paid the māo shuì, or cat tax, and did duì zhàng; a café à la carte"
    >>> [s.form for s in _toned_pinyin(text, _tokens(text))]
    ['māo shuì', 'duì zhàng']
    """
    spans: list[Span] = []
    run: list[Token] = []
    for tok in [*tokens, (len(text), len(text), "", "end")]:
        toned = tok[3] == "lower" and _TONED.search(tok[2]) is not None and is_pinyin(tok[2])
        if toned and (not run or text[run[-1][1] : tok[0]] == " "):
            run.append(tok)
            continue
        if len(run) >= 2:
            spans.append(Span(run[0][0], run[-1][1], text[run[0][0] : run[-1][1]], Kind.ROMAN))
        run = [tok] if toned else []
    return spans


#: A wire story's dateline at the start of a line: "HONG KONG (AP) —", "BEIJING, Jan. 20 (Xinhua) --".
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+)*(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?)?"
    r"[ \t]*(?:\([A-Z][A-Za-z .]{1,30}\))?[ \t]*(?:—|–|--)",
    re.M,
)


def datelines(text: str) -> list[tuple[int, int]]:
    r"""Where the datelines of ``text`` are: page furniture, whose place and agency are no terms.

    >>> text = "HONG KONG (AP) — Users left.\nBEIJING, Jan. 20 (Xinhua) -- More left. RED — a brand."
    >>> [text[a:b] for a, b in datelines(text)]
    ['HONG KONG (AP) —', 'BEIJING, Jan. 20 (Xinhua) --']
    """
    if "—" not in text and "–" not in text and "--" not in text:
        return []
    return [m.span() for m in _DATELINE.finditer(text)]


def _byline(text: str, seq: list[Token]) -> bool:
    """True for the names of a byline: "By Jane Doe and John Roe" at the start of a line."""
    first = seq[0]
    if first[2] not in ("By", "BY") or len(seq) < 2:
        return False
    line_start = text.rfind("\n", 0, first[0]) + 1
    return not text[line_start : first[0]].strip()


def _coinage(inner: str) -> bool:
    """A quoted stretch short enough to be a term, not a quoted sentence. An everyday word in
    scare quotes passes too: it stands only as the short form of a term (these "refugees")."""
    if not inner or inner[0].isdigit():
        return False
    if _CJK.search(inner):
        return 2 <= len(inner) <= 10 and not re.search(r"[，。！？,.!?\s]", inner)
    words = inner.split()
    if not 1 <= len(words) <= 4 or re.search(r"[.!?;:]", inner):
        return False
    return all(_TOKEN.fullmatch(w.strip(",")) for w in words)


def _joins(text: str, a: Token, b: Token) -> bool:
    gap = text[a[1] : b[0]]
    if gap in (" ", "\n"):
        return True
    return gap == ". " and a[2].lower() in ("v", "vs", "st", "mr", "ms", "dr")


def _breaks_name(tok: Token, inside: bool) -> bool:
    """Words that are never part of a name: weekdays, months, titles, clock words, page furniture,
    clause openers ("As"), ordinary words in capitals (MORE STORIES), and a capitalised connector
    inside a run ("Scrutiny The TikTok")."""
    word = tok[2]
    low = word.lower()
    if low in WEEKDAYS or low in MONTHS or low in TITLES or low in TIME_WORDS or low in FURNITURE:
        return True
    if low in FUNCTION_WORDS and tok[3] == "cap":
        return True
    if inside and low in CONNECTORS and word[0].isupper() and low not in ("v", "vs", "&"):
        return True
    return len(word) >= 4 and word.isupper() and word.isalpha() and is_ordinary(low)


def _name_spans(text: str, seq: list[Token], headline: bool) -> list[Span]:
    """The names in a run of capitalised words, once stray words are trimmed off."""
    out: list[Span] = []
    # split at the words that are never part of a name
    parts: list[list[Token]] = [[]]
    for i, tok in enumerate(seq):
        if _breaks_name(tok, i > 0):
            parts.append([])
            continue
        if parts[-1] and _describes(parts[-1][-1], tok):
            parts.append([])  # "American TikTok", "Chinese Xiaohongshu": the brand is the name
        parts[-1].append(tok)
    for part in parts:
        out.extend(_trim(text, part, headline))
    return out


def _describes(before: Token, tok: Token) -> bool:
    """True if ``before`` is an everyday capitalised word ("American") in front of a brand or a
    romanised name ("TikTok", "Xiaohongshu"), which it describes rather than names."""
    return (
        before[3] == "cap"
        and (tok[3] == "camel" or (tok[3] == "cap" and is_romanized(tok[2])))
        and is_ordinary(before[2])
    )


def _trim(text: str, part: list[Token], headline: bool) -> list[Span]:
    out: list[Span] = []
    while True:  # a loop, not a recursion, over the pieces a long run of words is cut into
        lo, hi = 0, len(part)
        while lo < hi and (part[lo][2].lower() in CONNECTORS or _stray_first(text, part[lo])):
            lo += 1
        while lo < hi and part[hi - 1][2].lower() in CONNECTORS:
            hi -= 1
        if lo == hi:
            return out
        part = part[lo:hi]
        lows = [t[2].lower() for t in part]
        # "Lyu Xiang of the Center for …": a name of two words or more does not go on past a connector;
        # "and" joins two names ("Douyin and Weibo") unless the name is an organisation's ("… for … and …")
        cut = next((i for i, w in enumerate(lows) if w in CONNECTORS), None)
        loose = next((i for i, w in enumerate(lows) if w in _LOOSE), None)
        if loose is not None:  # "Rednote in English": in, at, on and to end a name
            cut = loose
        elif cut is None or cut < 2:
            cut = lows.index("and") if "and" in lows and not ({"of", "for"} & set(lows[: lows.index("and")])) else None
        if cut is None:
            # a headline is no name: only its brands, acronyms and romanised words stand on their own
            pieces = (
                [[t] for t in part if t[3] != "cap" or is_romanized(t[2])] if headline and len(part) > 1 else [part]
            )
            out.extend(span for piece in pieces if (span := _single(text, piece, headline)))
            return out
        out.extend(_trim(text, part[:cut], headline))  # no cut left in there: one level deep
        part = part[cut + 1 :]


def _single(text: str, part: list[Token], headline: bool) -> Span | None:
    start, end = part[0][0], part[-1][1]
    form = text[start:end]
    if len(part) >= 2:
        if len(part) > 8:
            return None
        kind = Kind.NAME
        if all(is_pinyin(t[2]) and zipf(t[2]) < 4.5 for t in part if t[2].lower() not in CONNECTORS):
            kind |= Kind.ROMAN
        return Span(start, end, form, kind)
    tok = part[0]
    shape = tok[3]
    if shape == "acronym":
        return None if tok[2] in COMMON_ACRONYMS else Span(start, end, form, Kind.ACRONYM)
    if shape == "camel":
        return Span(start, end, form, Kind.CAMEL)
    if is_romanized(tok[2]):
        return Span(start, end, form, Kind.ROMAN)
    if headline or _is_initial(text, start) or len(tok[2]) < 2:
        return None
    return Span(start, end, form, Kind.WORD)


def _stray_first(text: str, tok: Token) -> bool:
    """A capitalised everyday word opening a sentence ("Users", "The", "Many") is not part of a name."""
    return tok[3] == "cap" and _is_initial(text, tok[0]) and is_ordinary(tok[2])


class EnglishFinder(Finder):
    """Names, brands, acronyms, romanised Chinese, hashtags and quoted coinages (the marks alone in
    text without Latin letters)."""

    def spans(self, text: str) -> list[Span]:
        return find(text) if _LATIN.search(text) else find_marked(text)


_LATIN = re.compile(r"[A-Za-z]")
FINDERS.register("english", EnglishFinder())

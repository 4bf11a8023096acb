"""Finding the event's terms in a corpus: candidate forms with counts and sources.

One pass over the text units counts every candidate form:

- the glossary's own terms, in every one of their forms (case, spacing, hyphens,
  plurals, hashtags, pinyin), through the one term matcher (:mod:`glossary.text.matcher`);
- Chinese words from the segmenter (rjieba: jieba's dictionary and algorithm in
  Rust), which knows the glossary's terms; words its dictionary lacks are new
  words, and pairs of tokens that always go together are joined (赛博 + 握手,
  TikTok + 难民);
- English names, brands, acronyms, hashtags, quoted coinages and romanised
  Chinese (:mod:`glossary.extract.english`);
- the text's own statements linking two forms (:mod:`glossary.extract.statements`).

Forms are then kept or dropped by how specific they are to the corpus, weighed
against general-language frequencies (wordfreq), and linked into concepts by
:mod:`glossary.extract.link`. A second, cheaper pass finds the sources of the forms kept
and, for Chinese new words, what stands on either side of each occurrence: a word whose
left or right neighbour never varies (branching entropy) is part of a longer one and goes.
Memory holds the candidate tables only: the text streams.

>>> scanner = Scanner([Concept(id="xiaohongshu", zh="小红书", en="RedNote", aliases=[Alias("Little Red Book", "calque")])])
>>> tally = Tally()
>>> scanner.scan(Unit("a.txt", 1, "Red Note (小红书) is also called the little red book."), tally)
>>> sorted(tally.counts.items())
[('Red Note', 1), ('little red book', 1), ('小红书', 1)]
>>> [k[:2] for k in tally.statements]  # "called" links only across scripts; here it names a form
[('Red Note', '小红书'), (None, 'little red book')]
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, replace
from itertools import compress
from typing import Any, Callable, Iterable, Iterator, Sequence

from glossary.extract import english, statements
from glossary.extract.candidates import Form, Seen, Sighting, sighting
from glossary.extract.finders import FINDERS, Active, Finder, active
from glossary.extract.link import Extracted, Linker, short_forms
from glossary.extract.mentions import Kind, Span, resolve_overlaps
from glossary.extract.readers import Input, Unit
from glossary.report import once, warn
from glossary.terms.model import Alias, Concept  # noqa: F401  (Alias: the docstring examples use it)
from glossary.terms.ownership import Owners
from glossary.terms.spotting import cjk_forms, concept_matcher
from glossary.text.matcher import Automaton, is_word_char, searchable
from glossary.text.normalize import has_cjk
from glossary.text.scripts import both, to_simplified
from glossary.text.segmenter import segmenter_for
from glossary.text.sentences import Sentences, cut_point

#: A Chinese word must be this many times more frequent in the corpus than in general
#: Chinese (wordfreq) to stand as a term.
MIN_RATIO = 25.0
#: Pairs of tokens joined into a new word must go together at least this often.
MIN_COHESION = 0.5
#: A Chinese word or compound at least this common in general Chinese (Zipf scale) is not a term.
MAX_GENERAL_ZIPF = 3.5
#: … nor, even when a statement names it, one at least this common.
MAX_STATED_ZIPF = 4.5
#: An English name seen fewer than ``min_count`` times stands if it is rarer than this in general
#: English (Zipf scale): one article is a normal input, and its specific names are in it once.
MAX_ONCE_NAME_ZIPF = 3.5
#: The kinds of evidence that make an English form a proper name.
NAME_KINDS = Kind.NAME | Kind.WORD | Kind.CAMEL | Kind.ACRONYM | Kind.ROMAN
#: The pair table holds at most this many pairs: past it, a share of the pairs fixed by their text
#: alone is kept (:meth:`Tally.thin`), so that every split of the corpus keeps the same ones.
PAIR_LIMIT = 1_000_000
#: Where the scan runs: ``local`` (this machine) or ``dask`` (a Dask cluster).
ENGINES = ("local", "dask")
#: The smallest share of an input worth a worker of its own, in bytes (see :func:`split`).
BATCH_CHARS = 200_000
#: A unit longer than this many characters (one very long line) is scanned in windows of this size …
WINDOW = 20_000
#: … each overlapping its neighbours by this much plus the longest glossary term: more than any
#: statement pattern reaches (a cue looks 120 characters ahead, a form 40 back) and than a
#: context sentence shows (:data:`glossary.text.sentences.MAX_CONTEXT`), so that no mention a window
#: owns is cut off and each reads as it would in the whole line.
OVERLAP = 1_000
#: Parts of speech (jieba's tag set) a Chinese word may have to be a candidate.
NOUNISH = frozenset("n nr ns nt nz nrt nrfg ng nw x j l vn an".split() + [""])
#: Chinese tokens that never start or end a joined word (particles, pronouns, measure words).
FUNCTION_WORDS = frozenset(
    "的 了 是 在 和 与 及 或 也 都 就 还 而 并 把 被 让 向 从 由 为 将 对 等 着 过 吗 呢 吧 啊 呀 嘛 "
    "天 年 月 日 号 周 次 个 位 名 条 张 只 件 篇 届 楼 "
    "这 那 这个 那个 一个 他们 我们 你们 她们 它们 他 她 它 我 你 有 没有 不 很 更 最 又 再 才 "
    "上 下 中 里 说 会 能 要 想 去 来 到 给 用 个 些 种 一 两 几 多 之 其 所 于 以 但 如果 因为 所以".split()
)


# --- the candidate tables -------------------------------------------------------------------


def _corpus_order(seen: Seen) -> tuple[int, int, str, str]:
    """Where a sighting stands in the corpus (unit, line, then text): whichever worker saw it."""
    return seen[3], seen[1] or 0, seen[0], seen[2]


class Tally:
    """Counts, kinds, sources and statements of the forms seen so far; mergeable across workers."""

    def __init__(self, max_sources: int = 3) -> None:
        self.max_sources = max_sources
        self.counts: Counter[str] = Counter()
        self.kinds: dict[str, int] = {}
        self.zh: Counter[str] = Counter()
        #: adjacent tokens ``a`` and ``b`` as ``a + "\x00" + b`` (one string: hashed once, pickled small)
        self.pairs: Counter[str] = Counter()
        #: how often the pair table was halved (:meth:`thin`): it keeps the pairs of :func:`pair_kept`
        self.pair_level = 0
        self.sources: dict[str, list[Seen]] = {}
        self.full: set[str] = set()
        self.statements: dict[tuple[str | None, str, str, str], list] = {}
        self.recount: set[str] = set()
        self.bylines: Counter[str] = Counter()
        self.bound: set[str] = set()
        self.compounds: set[str] = set()
        self.sides: dict[str, tuple[Counter[str], Counter[str]]] = {}
        self.tokens = 0
        self.units = 0
        self.chars = 0
        #: pinyin worked out by the count pass's workers: ``(text, style, category)`` → pinyin
        self.pinyin: dict[tuple[str, str, str | None], str] = {}

    def add(self, form: str, kind: int, unit: Context, start: int, end: int) -> None:
        if "\n" in form or "  " in form:
            form = " ".join(form.split())
        self.counts[form] += 1
        self.kinds[form] = self.kinds.get(form, 0) | kind
        if form not in self.full:
            self.add_source(form, unit, start, end)

    def add_source(self, form: str, unit: Context, start: int, end: int) -> None:
        found = self.sources.setdefault(form, [])
        where = (unit.path, unit.line_at(start))  # unit: a Context
        for s in found:
            if s[0] == where[0] and s[1] == where[1]:
                return
        found.append((where[0], where[1], unit.sentence(start, end), unit.seq, unit.unit.id, unit.unit.date))
        if len(found) >= self.max_sources:
            self.full.add(form)

    def merge(self, other: Tally) -> None:
        """Add another tally's counts; sources are kept in order, up to the limit."""
        self.counts.update(other.counts)
        for form, kind in other.kinds.items():
            self.kinds[form] = self.kinds.get(form, 0) | kind
        self.zh.update(other.zh)
        self.pair_level = max(self.pair_level, other.pair_level)
        self.pairs.update(other.pairs)
        self.thin(settle=True)
        # keep the earliest sources in corpus order, whichever worker saw them
        for form, found in other.sources.items():
            mine = self.sources.get(form)
            if not mine:
                self.sources[form] = list(found)
            else:  # each place once, as it was first seen (two units may share a line: a long one's pieces)
                places: dict[tuple[str, int], Seen] = {}
                for x in sorted(mine + found, key=_corpus_order):
                    places.setdefault(x[:2], x)
                self.sources[form] = list(places.values())[: self.max_sources]
            if len(self.sources[form]) >= self.max_sources:
                self.full.add(form)
        for key, (count, source) in other.statements.items():
            if key in self.statements:
                mine = self.statements[key]
                mine[0] += count
                if _corpus_order(source) < _corpus_order(mine[1]):
                    mine[1] = source
            else:
                self.statements[key] = [count, source]
        self.recount |= other.recount
        for form, (left, right) in other.sides.items():
            mine = self.sides.setdefault(form, (Counter(), Counter()))
            mine[0].update(left)
            mine[1].update(right)
        self.bylines.update(other.bylines)
        self.tokens += other.tokens
        self.units += other.units
        self.chars += other.chars
        self.pinyin.update(other.pinyin)

    def thin(self, settle: bool = False) -> None:
        """Keep the pair table within :data:`PAIR_LIMIT`, whatever the split: past it, only the pairs
        whose text hashes into the first half of the range stay, then the first quarter, and so on
        (``pair_level`` halvings). Which pairs stay depends on their text alone and a kept pair was
        kept at every lower level, so its count is exact, and the tallies of any split of the corpus,
        merged, keep the same pairs as one tally of it all (the level each reaches is at most the
        whole corpus's, the smallest at which its pairs fit). ``settle``: also drop the pairs added
        since the last thinning that the level excludes: before the table is read or sent."""
        if self.pair_level and (settle or len(self.pairs) > PAIR_LIMIT):
            self.pairs = _sampled(self.pairs, self.pair_level)
        while len(self.pairs) > PAIR_LIMIT and self.pair_level < 32:
            self.pair_level += 1
            self.pairs = _sampled(self.pairs, self.pair_level)


def pair_kept(pair: str, level: int) -> bool:
    """True if the pair table keeps ``pair`` once halved ``level`` times: its CRC-32 (the same on
    every machine, unlike ``hash``) lies in the first 2^-level of the range.

    >>> [pair_kept("TikTok\\x00难民", level) for level in range(5)]
    [True, True, True, False, False]
    """
    return zlib.crc32(pair.encode("utf-8")) >> (32 - level) == 0 if level else True


def _sampled(pairs: Counter[str], level: int) -> Counter[str]:
    """The pairs of ``pairs`` that :func:`pair_kept` keeps at ``level``, with their counts."""
    bound = 1 << (32 - level)
    crc32 = zlib.crc32
    return Counter({k: v for k, v in pairs.items() if crc32(k.encode("utf-8")) < bound})


# --- the scanner ----------------------------------------------------------------------------------


class Context:
    """A unit being scanned (``seq``: its place in the corpus), with its sentences found on first need."""

    __slots__ = ("unit", "path", "seq", "_sentences", "_newlines")

    def __init__(self, unit: Unit, seq: int = 0) -> None:
        self.unit = unit
        self.path = unit.path
        self.seq = seq
        self._sentences: Sentences | None = None
        self._newlines: list[int] | None = None

    def line_at(self, offset: int) -> int:
        """The file line of ``offset`` (as :meth:`Unit.line_at`, by bisection: a long unit is not recounted)."""
        unit = self.unit
        if not unit.multiline:
            return unit.line
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(unit.text)]
        return unit.line + bisect.bisect_left(self._newlines, offset)

    def sentence(self, start: int, end: int) -> str:
        if self._sentences is None:
            self._sentences = Sentences(self.unit.text)
        return self._sentences.at(start, end)


_NEWLINE = re.compile("\n")
#: A pair of tokens (in the tokens joined by NULs) that may make a new word: a single character or a
#: Latin word, or a word of two characters before another, then a Chinese word; group 1 is both,
#: NUL between (``a + "\x00" + b``), looked at from the NUL before ``a`` so that ``b`` begins the next.
_PAIR = re.compile(
    r"\x00(?=((?:[\u3400-\u9fff](?<![{}])|(?!(?:{})\x00)[\u3400-\u9fff]{{2}}(?=\x00[\u3400-\u9fff]{{2}}(?:\x00|$))"
    r"|[A-Za-z][A-Za-z0-9]*)\x00[\u3400-\u9fff][\u3400-\u9fff]+))".format(
        "".join(sorted({w for w in FUNCTION_WORDS if len(w) == 1})),
        "|".join(sorted(w for w in FUNCTION_WORDS if len(w) == 2)),
    )
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Titles and bracketed names: 《小红书使用指北》, 【赛博对账】.
_TITLE = re.compile(r"《([\u3400-\u9fffA-Za-z0-9·]{2,12})》|【([\u3400-\u9fff]{2,12})】|〖([\u3400-\u9fff]{2,12})〗")
_LATIN = re.compile(r"[A-Za-z]")


class Scanner:
    """Finds the candidate mentions of each unit; one per process."""

    def __init__(self, concepts: Sequence[Concept] = (), segmenter: Any = None) -> None:
        self.matcher = concept_matcher(concepts)
        self.segmenter = segmenter or segmenter_for(cjk_forms(concepts))
        self.longest = self.matcher.longest + 1 if len(self.matcher) else 0  # a plural's s or a hashtag's #

    @property
    def overlap(self) -> int:
        """How far windows of a long unit overlap: more than the longest term and any statement reaches."""
        return OVERLAP + self.longest

    def spots(self, text: str) -> list[Span]:
        """Every occurrence of a glossary term in ``text``, in any of its spellings."""
        return [Span(start, end, text[start:end], Kind.GLOSSARY) for start, end, _ in self.matcher.spans(text)]

    def scan(self, unit: Unit, tally: Tally, seq: int = 0) -> None:
        """Count the candidates of one unit (the ``seq``-th of the corpus) into ``tally``.

        A unit longer than :data:`WINDOW` (one long line) is scanned window by window, each
        window overlapping its neighbours by more than the longest term or pattern; each
        mention is counted by the window that owns its start, so none is lost or counted twice.
        """
        text = unit.text
        tally.units += 1
        tally.chars += len(text)
        if len(text) <= WINDOW:
            self._scan(Context(unit, seq), tally, None)
            return
        line, counted = unit.line, 0
        for lo, own, hi in windows(text, WINDOW, self.overlap):
            if unit.multiline:
                line, counted = line + text.count("\n", counted, lo), lo
            part = Unit(unit.path, line, text[lo:hi], unit.multiline, unit.id, unit.date)
            self._scan(Context(part, seq), tally, (own[0] - lo, own[1] - lo))

    def _scan(self, ctx: Context, tally: Tally, own: tuple[int, int] | None) -> None:
        """Scan one unit, or (``own`` given) one window of a long unit, counting only what starts
        in ``text[own[0]:own[1]]``: the rest of the window is context, another window's to count."""
        text = ctx.unit.text
        spans = self.spots(text)
        finders = _finders()
        found = [s for finder in finders.spanning for s in finder.spans(text)]
        if found:
            spans = resolve_overlaps(spans + found)
        lines = english.datelines(text)
        if lines:  # "HONG KONG (AP) —": where a story was filed, not what it is about
            spans = [s for s in spans if not any(a <= s.start < b for a, b in lines)]
        counted = spans if own is None else [s for s in spans if own[0] <= s.start < own[1]]
        for s in counted:
            tally.add(s.form, s.kind, ctx, s.start, s.end)
            if s.kind & Kind.QUOTE:
                tally.recount.add(s.form)
        for finder in finders.scanning:
            finder.scan(self, ctx, spans, own, tally)


_ACTIVE: list[Any] = [None, None]


def _finders(fresh: bool = False) -> Active:
    """The registered finders, looked up again when the registry changes or (``fresh``: at the start
    of a run) a plugin may have been installed."""
    if fresh or _ACTIVE[0] != FINDERS.version or _ACTIVE[1] is None:
        _ACTIVE[1] = active()
        _ACTIVE[0] = FINDERS.version
    return _ACTIVE[1]


#: Words that introduce a byline or a credit: neither they nor the names after them are terms.
BYLINE_CUES = (
    "作者 笔者 来源 稿源 出处 责任编辑 编辑 主编 校对 审校 审核 记者 通讯员 撰文 撰稿 文字 图片来源 图片 "
    "图源 图文 摄影 摄像 视频 排版 美编 策划 监制 出品 翻译 编译 实习生 文 图"
).split()
#: … of which these also stand without a colon, at the start of a line or bracket (（记者李华北京电）).
_BARE_CUES = "作者 记者 通讯员 撰文 责任编辑 编辑 摄影 实习生".split()


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted({c for w in words for c in both(w)}, key=len, reverse=True))


_BYLINE = re.compile(
    rf"(?:(?<![\u3400-\u9fff])(?:{_alternatives(BYLINE_CUES)})\s*[:：｜|/丨]|(?:^|(?<=[\s（(【\[|｜]))(?:{_alternatives(_BARE_CUES)}))\s*([\u3400-\u9fff·]{{2,12}})",
    re.M,
)
#: Where a byline may start: a cue and its separator, or a bare cue. Every alternative starts with a
#: character, so the search skips the rest of the text in C (:data:`_BYLINE` tries every position).
_BYLINE_START = re.compile(
    "|".join(
        [re.escape(c) + r"\s*[:：｜|/丨]" for c in sorted({c for w in BYLINE_CUES for c in both(w)})]
        + [re.escape(c) for c in sorted({c for w in _BARE_CUES for c in both(w)})]
    )
)


def has_byline(text: str) -> bool:
    """True if :data:`_BYLINE` matches somewhere in ``text``: it can only match where
    :data:`_BYLINE_START` does (a cue inside another cue or its separator follows a Chinese
    character, which neither alternative allows).

    >>> has_byline("作者：王小明"), has_byline("文化作者：王"), has_byline("好文章（记者李华）")
    (True, False, True)
    """
    return any(_BYLINE.match(text, m.start()) for m in _BYLINE_START.finditer(text))


#: Boilerplate of a page's head and foot, never a term.
BOILERPLATE = frozenset(
    c for w in [*BYLINE_CUES, *"版权 版权声明 原标题 免责声明 转载 阅读原文".split()] for c in both(w)
)


def bylines(text: str, segmenter: Any) -> list[str]:
    """The names credited in ``text`` after 作者, 记者, 责任编辑 …: not terms.

    >>> bylines("作者：王小明 来源：某某日报。（记者李华北京电）文化", segmenter_for(()))
    ['王小明', '某某日报', '李华']
    """
    out = []
    for m in _BYLINE.finditer(text):
        run = m.group(1)
        if len(run) > 4:  # a name then more: the name is the first word
            first = segmenter.cut(to_simplified(run))[0]
            run = run[: len(first)] if len(first) > 1 else run[:3]
        out.append(run)
    return out


def zh_tokens(text: str, segmenter: Any) -> tuple[list[str], list[str]]:
    """The segmenter's tokens of ``text`` in its own script, and the same tokens in simplified
    characters: traditional text is cut as its simplified form is (位元組跳動 like 位元组跳动).

    >>> zh_tokens("位元組跳動的下載量", segmenter_for(()))[0][-1]
    '下載量'
    """
    traditional = len(_traditional().findall(text))
    # a stray traditional character in simplified text (jieba's own dictionary has some) is cut
    # as it stands; a text one in ten of whose non-ASCII characters (Chinese, its punctuation) is
    # traditional is converted first
    wide = len(text) - len(text.encode("ascii", "ignore")) if traditional else 0
    simple = to_simplified(text) if traditional and traditional * 10 >= wide else text
    if simple == text or len(simple) != len(text):
        words = segmenter.cut(text)
        return words, words
    words = segmenter.cut(simple)
    original, at = [], 0
    for w in words:
        original.append(text[at : at + len(w)])
        at += len(w)
    return original, words


@functools.lru_cache(maxsize=1)
def _traditional() -> re.Pattern[str]:
    """A pattern for any character OpenCC writes otherwise in simplified script (紅, 組): a text
    without one is converted for nothing."""
    chars = "".join(map(chr, range(0x3400, 0xA000)))
    simple = to_simplified(chars)
    changed = [c for c, s in zip(chars, simple) if c != s] if len(simple) == len(chars) else ["\u3400-\u9fff"]
    return re.compile("[" + "".join(changed) + "]")


class ChineseWords(Finder):
    """Chinese words: every token of the segmenter and every pair of adjacent tokens is counted;
    after the pass, pairs that nearly always go together and that general language lacks are
    joined into new words (赛博 + 握手, TikTok + 难民). Traditional text is segmented through its
    simplified form and counted in its own. Names in bylines are noted, never terms; 《…》 titles
    and 【…】 brackets count as quoted. Which words are terms is chosen by :func:`select`."""

    def spans(self, text: str) -> list[Span]:
        if "《" not in text and "【" not in text and "〖" not in text:
            return []
        return [
            Span(m.start(m.lastindex), m.end(m.lastindex), m[m.lastindex], Kind.QUOTE) for m in _TITLE.finditer(text)
        ]

    def scan(
        self, scanner: Scanner, ctx: Context, spans: list[Span], own: tuple[int, int] | None, tally: Tally
    ) -> None:
        text = ctx.unit.text
        owned = text if own is None else text[own[0] : own[1]]
        if _CJK.search(owned):
            # the hot path: every token counted, every adjacent pair too, all in C; which of
            # them are terms (part of speech, frequency) is decided once at the end
            words, simple = zh_tokens(owned, scanner.segmenter)
            tally.tokens += len(words)
            tally.zh.update(words)
            # new words join a single character or a Latin word to the Chinese word after it
            # (薯 + 队长, TikTok + 难民): found by one regular expression over the tokens, in C
            if words is simple:
                tally.pairs.update(_PAIR.findall("\x00" + "\x00".join(words)))
            else:  # the pattern knows simplified function words: match there, count the original
                joined, plain = "\x00" + "\x00".join(words), "\x00" + "\x00".join(simple)
                tally.pairs.update(joined[m.start(1) : m.end(1)] for m in _PAIR.finditer(plain))
            if has_byline(owned):
                tally.bylines.update(bylines(owned, scanner.segmenter))
        else:
            tally.tokens += len(owned.split())

    def finish(self, tally: Tally, options: Options, segmenter: Any) -> list[str]:
        plural_stems(tally, segmenter)
        joined = new_words(tally, options.min_count, segmenter)
        for word in [w for w in joined if only_credited(tally, w)]:
            del joined[word]
        for word, (_, _, count) in joined.items():
            tally.counts[word] = max(tally.counts.get(word, 0), count)
            tally.kinds[word] = tally.kinds.get(word, 0) | Kind.ZH | Kind.NEW
        return list(joined)


def plural_stems(tally: Tally, segmenter: Any) -> None:
    """A word the segmenter lacks, glued to the plural suffix 们 (薯友们, 薯子們), counts for its stem."""
    glued = [w for w in tally.zh if w.endswith(("们", "們")) and len(w) >= 3 and _CJK_WORD.fullmatch(w)]
    for word in glued:
        if segmenter is None or not (segmenter.has_word(word) or segmenter.has_word(to_simplified(word))):
            tally.zh[word[:-1]] += tally.zh.pop(word)


# --- running over a corpus ----------------------------------------------------------------------


def windows(text: str, size: int, overlap: int) -> Iterator[tuple[int, tuple[int, int], int]]:
    """Cut ``text`` into windows ``text[lo:hi]`` of about ``size + 2 * overlap`` characters, each
    owning ``text[own[0]:own[1]]``; the owned parts tile the text. A cut falls at a line break,
    sentence end, space or comma in the last quarter of a window when there is one.

    >>> [(lo, own, hi) for lo, own, hi in windows("aaaa bbbb cccc", 6, 2)]
    [(0, (0, 5), 7), (3, (5, 10), 12), (8, (10, 14), 14)]
    """
    n = len(text)
    start = 0
    while start < n:
        end = n if n - start <= size else cut_point(text, start + size * 3 // 4, start + size)
        yield max(0, start - overlap), (start, end), min(n, end + overlap)
        start = end


@dataclass
class Options:
    """How an extraction runs."""

    min_count: int = 2
    max_sources: int = 3
    workers: int = 1
    text_field: str = "text"
    #: the record fields (JSON Lines, CSV, TSV, Parquet) holding a post's id and date, kept in its sources
    id_field: str | None = None
    date_field: str | None = None
    input_format: str | None = None
    use_glossary: bool = True
    #: list the glossary's background concepts (``scope: background``) too, after the event's terms
    background: bool = False
    follow_symlinks: bool = False
    #: the smallest part of an input a worker reads (bytes; see :func:`split`); the result never depends on it
    batch_chars: int = BATCH_CHARS
    #: ``local`` (this machine's processes) or ``dask`` (a Dask cluster: :mod:`glossary.extract.dask_engine`)
    engine: str = "local"
    #: a Dask scheduler's address (``tcp://host:8786``); None: a local cluster of ``workers`` processes
    scheduler: str | None = None


@dataclass(frozen=True)
class Part:
    """A share of the corpus that whoever scans it reads itself: the units of input ``number``
    (``source``) that start in the ``part``-th of its ``parts`` slices of equal size (by the
    UTF-8 length of the text before them). A unit's place in the corpus is
    ``number * UNITS_PER_INPUT`` plus its number in the input, on every engine.
    ``id_field``, ``date_field``: the record fields whose post id and date its units carry."""

    number: int
    source: Input
    part: int = 0
    parts: int = 1
    #: read through fsspec (a Dask worker: any address, compressed or not), not as a local file
    remote: bool = False
    id_field: str | None = None
    date_field: str | None = None

    def units(self, text_field: str = "text") -> Iterator[tuple[int, Unit]]:
        """(place in the corpus, unit) of each unit of this part, read from its input."""
        from glossary.extract import readers
        from glossary.extract.dask_engine import UNITS_PER_INPUT

        base = self.number * UNITS_PER_INPUT
        read = readers.fsspec_units if self.remote else readers.units
        fields = {"id_field": self.id_field, "date_field": self.date_field}
        with contextlib.closing(read(self.source, text_field, **fields)) as found:
            if self.parts == 1:
                for n, unit in enumerate(found):
                    yield base + n, unit
                return
            span = -(-max(self.source.size, 1) // self.parts)
            at = 0
            for n, unit in enumerate(found):
                share = min(self.parts - 1, at // span)
                if share > self.part:
                    return  # the rest is other parts': not read
                if share == self.part:
                    yield base + n, unit
                at += len(unit.text.encode("utf-8", "replace"))


def split(sources: Sequence[Input], options: Options, remote: bool = False) -> list[Part]:
    """The corpus as parts for ``options.workers`` processes: an input each, an input much larger
    than its share (a fraction of the corpus a worker would otherwise scan alone) in several parts.
    Reading a part reads the parts before it in its input too, so an input has at most two per worker.
    ``remote``: the parts are read through fsspec (by Dask workers)."""
    fields = {"remote": remote, "id_field": options.id_field, "date_field": options.date_field}
    if options.workers <= 1:
        return [Part(number, source, **fields) for number, source in enumerate(sources)]
    target = share_target(sum(s.size for s in sources), options, options.workers)
    out = []
    for number, source in enumerate(sources):
        parts = max(1, min(-(-source.size // target), 2 * options.workers))
        out += [Part(number, source, part, parts, **fields) for part in range(parts)]
    return out


def batches(parts: Sequence[Any], target: int) -> list[list[Any]]:
    """Consecutive parts grouped into tasks of at least ``target`` bytes of input each (the last
    may be smaller; a task per tiny file would cost more to send than to scan); a part of unknown
    size (a remote file: 0) is a task of its own.

    >>> from types import SimpleNamespace as P
    >>> [[p.source.size for p in b] for b in batches([P(source=P(size=n), parts=1) for n in (5, 5, 0, 20, 3)], 10)]
    [[5, 5], [0], [20], [3]]
    """
    out: list[list[Any]] = []
    batch: list[Any] = []
    size = 0
    for part in parts:
        share = part.source.size // part.parts
        if not share and batch:
            out.append(batch)
            batch, size = [], 0
        batch.append(part)
        size += share or target
        if size >= target:
            out.append(batch)
            batch, size = [], 0
    if batch:
        out.append(batch)
    return out


def share_target(total: int, options: Options, workers: int) -> int:
    """The bytes of input a part or task should hold, of ``total``: at least ``options.batch_chars``,
    and about a quarter of a worker's share of the corpus, so the work still spreads evenly."""
    return max(options.batch_chars, total // (4 * max(workers, 1)), 1)


def task_target(parts: Sequence[Part], options: Options, workers: int) -> int:
    """The bytes of input a task of :func:`batches` should hold (:func:`share_target`)."""
    return share_target(sum(p.source.size // p.parts for p in parts), options, workers)


#: The characters of text one process's first pass keeps for its second (see :class:`Kept`).
KEEP_CHARS = 16_000_000


class Kept:
    """The units a process's first pass read, kept for its second pass so that it does not read and
    decode them again: a part's units whole or not at all, up to ``limit`` characters in all (memory
    stays bounded; past the limit the second pass reads the rest again)."""

    def __init__(self, limit: int | None = None) -> None:
        self.room = KEEP_CHARS if limit is None else limit
        self.parts: dict[tuple[int, int], list[tuple[int, Unit]]] = {}

    def record(self, part: Part, found: Iterable[tuple[int, Unit]]) -> Iterator[tuple[int, Unit]]:
        """``found`` (the part's units as read) passed on, and kept if they fit."""
        kept: list[tuple[int, Unit]] | None = []
        for seq, unit in found:
            if kept is not None:
                self.room -= len(unit.text)
                if self.room < 0:
                    kept = None
                else:
                    kept.append((seq, unit))
            yield seq, unit
        if kept is not None:
            self.parts[part.number, part.part] = kept

    def units(self, part: Part, text_field: str) -> Iterable[tuple[int, Unit]]:
        """The part's units for the second pass: those kept (handed over once), else read again."""
        kept = self.parts.pop((part.number, part.part), None)
        return part.units(text_field) if kept is None else kept


class _Work:
    """What a pass does with each unit: scan it (``work='scan'``) or find given forms in it (``'count'``)."""

    def __init__(
        self,
        work: str,
        scanner: Scanner | None,
        forms: Sequence[str],
        counted: Sequence[str],
        max_sources: int,
        bounded: Sequence[str] = (),
    ) -> None:
        self.counter = FormCounter(forms, counted, max_sources, bounded) if work == "count" else None
        self.scanner = scanner
        self.tally = Tally(max_sources)
        self.romanizer: Any = None
        #: the units kept from the first pass (one process runs both): recorded by the scan, read by the count
        self.kept: Kept | None = None

    def romanize(self, names: Sequence[tuple[str, str | None]]) -> None:
        """Work out the pinyin of Chinese forms (``(text, category)``) for the linker, into the tally."""
        from glossary.dictionary.romanize import Romanizer
        from glossary.errors import GlossaryError

        try:
            self.romanizer = self.romanizer or Romanizer()
            for text, category in names:
                self.tally.pinyin[text, "marks", category] = self.romanizer.pinyin(text, category=category)
        except GlossaryError:  # no dictionary: the linker will say so itself
            return

    @property
    def done(self) -> bool:
        return self.counter is not None and self.counter.done

    def result(self) -> Tally:
        """The tally of the parts scanned, its pair table settled (:meth:`Tally.thin`): as it is sent or read."""
        self.tally.thin(settle=True)
        return self.tally

    def part(self, part: Part, text_field: str) -> int:
        """Scan one part into the tally; returns the bytes of its input it stands for."""
        tally = self.tally
        found: Iterable[tuple[int, Unit]] = part.units(text_field)
        if self.kept is not None:
            found = self.kept.units(part, text_field) if self.counter is not None else self.kept.record(part, found)
        for seq, unit in found:
            if self.counter is not None:
                self.counter.scan(unit, tally, seq)
                if self.counter.done:
                    break
            else:
                self.scanner.scan(unit, tally, seq)  # type: ignore[union-attr]
                if len(tally.pairs) > PAIR_LIMIT:
                    tally.thin()
        tally.thin()
        return part.source.size // part.parts


def run_parts(
    parts: Sequence[Part],
    concepts: Sequence[Concept],
    options: Options,
    progress: Callable[[int], None] | None = None,
    work: str = "scan",
    forms: Sequence[str] = (),
    counted: Sequence[str] = (),
    scanner: Scanner | None = None,
    names: Sequence[tuple[str, str | None]] = (),
    bounded: Sequence[str] = (),
    kept: Kept | None = None,
) -> Tally:
    """Scan the parts of a corpus (``work='count'``: find ``forms`` in them, sources for all,
    counts too for ``counted``), in this process or spread over ``options.workers`` processes
    that read their parts themselves. The tally is the same however the work is split.

    ``bounded``: forms whose neighbouring characters the count pass notes (``tally.sides``).
    ``names``: Chinese forms (``(text, category)``) whose pinyin the processes work out on the
    side, into the tally's ``pinyin`` (only when there are several: one process leaves them to the linker).
    ``kept``: where one process keeps the units of its first pass for its second (see :class:`Kept`)."""
    if work == "scan" and scanner is None:
        _finders(fresh=True)  # plugins load here: a broken one stops the run before any work
        scanner = Scanner(concepts)
    if options.workers <= 1 or len(parts) <= 1:
        job = _Work(work, scanner, forms, counted, options.max_sources, bounded)
        job.kept = kept
        for part in parts:
            done = job.part(part, options.text_field)
            if progress:
                progress(done)
            if job.done:
                break
        return job.result()
    return _run_parallel(parts, concepts, options, progress, (work, scanner, forms, counted, bounded), names)


#: Chinese forms romanised per task of the count pass's workers.
PINYIN_CHUNK = 250


def _worker(spec: tuple, concepts: list[dict] | None, options: Options, tasks: Any, results: Any) -> None:
    """A worker process: read and scan the batches of parts it takes, in the order given, into one tally;
    report each part's bytes as it goes and send the tally, with the warnings of each part, at the end."""
    from glossary.report import collected

    work, scanner, forms, counted, bounded = spec
    if scanner is None and work == "scan":  # not forked: build the scanner once, here
        _finders(fresh=True)
        scanner = Scanner([Concept.from_dict(c) for c in concepts or []])
    job = _Work(work, scanner, forms, counted, options.max_sources, bounded)
    said: dict[tuple[int, int], list[str]] = {}
    try:
        while True:
            part = tasks.get()
            if part is None:
                break
            if isinstance(part, list):
                job.romanize(part)
                continue
            for one in part:  # a batch of consecutive parts
                if job.done:
                    break
                with collected() as messages:
                    size = job.part(one, options.text_field)
                if messages:
                    said[one.number, one.part] = messages
                results.put(("part", size))
        results.put(("done", job.result(), said))
    except BaseException as e:  # the parent must not wait for a tally that will never come
        results.put(("error", e, None))
        raise


def _run_parallel(
    parts: Sequence[Part],
    concepts: Sequence[Concept],
    options: Options,
    progress: Callable[[int], None] | None,
    spec: tuple,
    names: Sequence[tuple[str, str | None]] = (),
) -> Tally:
    """Workers take parts in corpus order from one queue (input descriptors, never text), each
    keeping one tally over its parts (so each keeps its own first sources); the tallies merge once
    at the end. A forked worker inherits the scanner built here; it is never sent per part."""
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    context = mp.get_context("fork" if "fork" in methods else None)
    inherit = context.get_start_method() == "fork"
    if not inherit:
        spec = (spec[0], None, *spec[2:])  # a spawned worker builds its own scanner from the concepts
    payload = None if inherit else [c.to_dict() for c in concepts]
    tasks, results = context.Queue(), context.Queue()
    jobs = batches(parts, task_target(parts, options, options.workers))
    for job in jobs:
        tasks.put(tuple(job))
    for i in range(0, len(names), PINYIN_CHUNK):
        tasks.put(list(names[i : i + PINYIN_CHUNK]))
    procs = [
        context.Process(target=_worker, args=(spec, payload, options, tasks, results), daemon=True)
        for _ in range(min(options.workers, len(jobs)))
    ]
    for _ in procs:
        tasks.put(None)
    for p in procs:
        p.start()
    try:
        if spec[0] == "scan":
            _prepare()  # while the workers scan
        tally, said = _gather(procs, results, options, progress)
        for p in procs:
            p.join()
    except BaseException:
        for p in procs:  # a worker failed or the run was interrupted: the others would wait for ever
            p.terminate()
        raise
    finally:
        tasks.close()
        results.close()
    for key in sorted(said):  # the inputs' warnings, in corpus order
        for message in said[key]:
            warn(message)
    return tally


def _prepare() -> None:
    """Load what choosing and linking the forms will need (word frequencies, the tokenizer wordfreq
    uses for Chinese, pypinyin's phrases, CC-CEDICT), and what the count pass's workers would each
    load again (the readers' character weights, the romanizer's segmenter): done here while the
    workers scan, it is off the run's serial path. Only caches are filled; no result depends on it."""
    from pypinyin import lazy_pinyin

    from glossary.errors import GlossaryError
    from glossary.extract import readers

    readers.plausibility("小红书")
    segmenter_for(())
    general_zipf("赛博握手")  # wordfreq's Chinese frequencies and its tokenizer
    english.is_ordinary("note")
    _traditional()
    lazy_pinyin("小红书")
    with contextlib.suppress(GlossaryError):  # no dictionary: the run says so where it needs one
        _dictionary().has("小红书")


def _gather(
    procs: list[Any], results: Any, options: Options, progress: Callable[[int], None] | None
) -> tuple[Tally, dict[tuple[int, int], list[str]]]:
    """The workers' tallies merged and their warnings by part, as they come."""
    tallies: list[Tally] = []
    said: dict[tuple[int, int], list[str]] = {}
    while len(tallies) < len(procs):
        kind, found, messages = _next(procs, results)
        if kind == "part":
            if progress:
                progress(found)
        elif kind == "error":
            raise found
        else:
            tallies.append(found)
            said.update(messages)
    tally = Tally(options.max_sources)
    for part in tallies:
        tally.merge(part)
    return tally, said


def _next(procs: list[Any], results: Any) -> tuple[str, Any, Any]:
    """The workers' next message; a worker that died without one (killed, out of memory) is an
    error, not a wait for ever."""
    import queue

    from glossary.errors import WorkerError

    while True:
        try:
            item = results.get(timeout=1.0)
        except queue.Empty:
            dead = [p.exitcode for p in procs if p.exitcode]
            if not dead:
                continue
            try:  # its own error may still be on the way
                item = results.get(timeout=1.0)
            except queue.Empty:
                why = f"killed by signal {-dead[0]}" if dead[0] < 0 else f"exit status {dead[0]}"
                raise WorkerError(f"a worker process died mid-run ({why}); nothing was written") from None
        return (item[0], item[1], None) if len(item) == 2 else item


class FormCounter:
    """Finds given forms wherever they occur: sources for some, sources and counts for others.

    Forms that only wanted sources drop out once they have enough, and the pass
    ends as soon as nothing is left to find. For the ``bounded`` forms (Chinese new words)
    it notes the characters on either side of every occurrence, in ``tally.sides``.
    """

    def __init__(
        self, sources: Iterable[str], counts: Iterable[str] = (), max_sources: int = 3, bounded: Iterable[str] = ()
    ) -> None:
        self.bounded = set(bounded)
        self.counted = set(counts) | self.bounded
        self.wanted = set(sources) | self.counted
        self.max_sources = max_sources
        self._build()

    def _build(self) -> None:
        entries = {}
        for form in sorted(self.wanted):  # two forms alike in lower case: the same one wins in every process
            key = form.lower()
            # a Chinese character at an edge needs no word-boundary check there
            entries[key] = (form, len(form), not _CJK.match(key[0]), not _CJK.match(key[-1]))
        self.automaton = Automaton(entries)
        self._size = len(self.wanted)

    @property
    def done(self) -> bool:
        return not self.wanted

    def scan(self, unit: Unit, tally: Tally, seq: int = 0) -> None:
        if not self.wanted:
            return
        text = unit.text
        low = searchable(text)
        n = len(text)
        ctx = Context(unit, seq)
        wanted, counted, full, counts, word = self.wanted, self.counted, tally.full, tally.counts, is_word_char
        for _, end, (form, length, latin_start, latin_end) in self.automaton.find(low):
            if form not in wanted:
                continue
            start = end - length
            if latin_start and start > 0 and word(text[start]) and word(text[start - 1]):
                continue
            if latin_end and end < n and word(text[end - 1]) and word(text[end]):
                continue
            counts[form] += 1
            if form in self.bounded:
                sides = tally.sides.get(form)
                if sides is None:
                    sides = tally.sides[form] = (Counter(), Counter())
                left, right = sides
                left[text[start - 1] if start else ""] += 1
                right[text[end] if end < n else ""] += 1
            if form not in full:
                tally.add_source(form, ctx, start, end)
            elif form not in counted:
                wanted.discard(form)
        if len(wanted) < 0.7 * self._size:
            self._build()


# --- choosing the forms --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _zh_freq() -> dict[str, float]:
    from glossary.text.frequency import chinese_frequencies

    return chinese_frequencies()


@functools.lru_cache(maxsize=1 << 16)
def general_zipf(form: str) -> float:
    """How common a form is in general Chinese or English (Zipf scale; 0 if unknown).

    A Chinese compound wordfreq does not list is estimated from its parts
    (研究人员 from 研究 and 人员), so that compositional phrases do not pass for new terms.
    """
    form = form.lstrip("#")
    if has_cjk(form):
        simplified = to_simplified(form)
        f = _zh_freq().get(simplified)
        if f:
            return math.log10(f) + 9
        if re.search(r"[A-Za-z0-9]", simplified):
            return 0.0
        from wordfreq import zipf_frequency

        _quiet_jieba()
        return zipf_frequency(simplified, "zh")
    return english.phrase_zipf(form)


@functools.lru_cache(maxsize=1)
def _quiet_jieba() -> None:
    """jieba (wordfreq cuts Chinese with it) says nothing of loading its dictionary: set once, as
    setting a logger's level clears every logger's cache."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)


def new_words(tally: Tally, min_count: int, segmenter: Any = None) -> dict[str, tuple[str, str, int]]:
    """Pairs of adjacent tokens that nearly always go together and that general language lacks.

    The second token must be a noun (Chinese compounds end in their head) and a
    Latin part may only come first (TikTok + 难民). Two words of two characters
    join when general Chinese hardly ever puts them together (赛博 + 对账, see
    :func:`_compound`), even seen once when the second is itself a term of the text
    (:func:`_compound_once`, in a corpus of up to :data:`MAX_ONCE_TOKENS` tokens); or when they
    always go together in the corpus, if their boundaries then prove free (:func:`_cohesive`:
    the word's name goes into ``tally.bound``, checked by :func:`free_boundaries` on the second
    pass). Returns each joined word with its parts and how often the pair was seen.
    """
    out: dict[str, tuple[str, str, int]] = {}
    need = max(min_count, 2)
    total = max(tally.tokens, 1)
    once, zh, pairs = min_count <= 2 and tally.tokens <= MAX_ONCE_TOKENS, tally.zh, tally.pairs
    # most pairs are seen fewer than ``need`` times: unless pairs seen once count, they are passed over in C
    frequent = pairs.items() if once else ((p, pairs[p]) for p in compress(pairs, map(need.__le__, pairs.values())))
    for pair, c in frequent:
        if c < need:
            # cheap tests first: most pairs are seen once, few of them are a rare word before another
            if not (once and c == 1):
                continue
            a, b = pair.split("\x00")
            if zh.get(a) == 1 and zh.get(b, 0) >= need and _compound_once(a, b, zh, total, segmenter):
                out[a + b] = (a, b, c)
                tally.compounds.add(a + b)
            continue
        a, b = pair.split("\x00")
        if not (a.isalnum() and b.isalnum()):
            continue
        if len(a) == 2 and has_cjk(a):
            if _compound(a, b, c, tally.zh, total, segmenter):
                out[a + b] = (a, b, c)
            elif a + b not in tally.recount and _cohesive(a, b, c, tally.zh, segmenter):  # quoted: counted already
                out[a + b] = (a, b, c)
                tally.bound.add(a + b)
            continue
        if _function(a) or _function(b):
            continue
        # the noun mostly comes after this token, and this token mostly goes with it
        if c < MIN_COHESION * tally.zh[b] or c < 0.3 * tally.zh[a]:
            continue
        if not has_cjk(b) or a.isdigit() or len(a) == 1 and len(b) == 1 or _is_cue(a) or _is_cue(b):
            continue  # two single characters: the segmenter's HMM already decides those
        if len(a) == 1 and has_cjk(a) and _pos(to_simplified(a), segmenter) not in NOUNISH | {"zg", "a", "ag"}:
            continue  # 交 + 猫税 is a verb and its object, not a word
        word = a + b
        if (
            len(word) > 10
            or _pos(to_simplified(b), segmenter) not in NOUNISH
            or (segmenter is not None and segmenter.has_word(to_simplified(word)))
        ):
            continue
        if general_zipf(word) < MAX_GENERAL_ZIPF:
            out[word] = (a, b, c)
    return out


#: Titles and forms of address after a name: 吕翔老师 is 吕翔.
TITLES = frozenset(
    "老师 先生 女士 小姐 教授 博士 同学 总统 主席 部长 总理 议员 记者 编辑 经理 总裁 董事 议长 大使 发言人 律师 医生".split()
)
#: Two known words join into a compound when general Chinese puts them together this rarely (Zipf) …
MAX_COMPOUND_ZIPF = 1.5
#: … and they go together in the corpus this much more often than chance (PMI, in bits).
MIN_COMPOUND_PMI = 4.0


def _compound(a: str, b: str, count: int, zh: Counter[str], total: int, segmenter: Any) -> bool:
    """True if two words of two characters stand together as one term: a noun head, parts that
    attract each other in the corpus (pointwise mutual information) and a whole general Chinese
    lacks (赛博 + 对账, not 美国 + 网友)."""
    if math.log2(count * total / max(zh[a] * zh[b], 1)) < MIN_COMPOUND_PMI or not has_cjk(b):
        return False
    if _function(a) or _function(b) or _is_cue(a) or _is_cue(b):
        return False
    if to_simplified(b) in TITLES or a[-1] in _PHRASE_END:
        return False  # 吕翔老师 is a name and a title, 交了猫税 a verb phrase
    if _pos(to_simplified(b), segmenter) not in NOUNISH | VERBISH:
        return False
    return general_zipf(a + b) < MAX_COMPOUND_ZIPF  # wordfreq's estimate, the dearest test, last


def _joinable(a: str, b: str, segmenter: Any) -> bool:
    """True if two words of two characters may make one compound: Chinese, neither a function word,
    a cue or a title, the first no phrase's end, the second a noun or verb head."""
    if not (_CJK_WORD.fullmatch(a) and _CJK_WORD.fullmatch(b)):
        return False
    if _function(a) or _function(b) or _is_cue(a) or _is_cue(b):
        return False
    if to_simplified(b) in TITLES or a[-1] in _PHRASE_END:
        return False  # 吕翔老师 is a name and a title, 交了猫税 a verb phrase
    return _pos(to_simplified(b), segmenter) in NOUNISH | VERBISH


def _compound_once(a: str, b: str, zh: Counter[str], total: int, segmenter: Any) -> bool:
    """True if a pair seen once is a compound of a term of the text (中美网友赛博对账 once, 对账 often):
    the first word is seen only here (the caller checks) and is no everyday word, the second is a
    rare word the text uses again and again, and general Chinese lacks the whole."""
    if len(a) != 2 or len(b) != 2 or math.log2(total / zh[b]) < MIN_COMPOUND_PMI:
        return False
    # cheapest first: most heads and modifiers are everyday words, ruled out by their listed frequency
    if _listed_zipf(b) >= MAX_VERB_ZIPF or _listed_zipf(a) >= MAX_GENERAL_ZIPF:
        return False
    if general_zipf(b) >= MAX_VERB_ZIPF or general_zipf(a) >= MAX_GENERAL_ZIPF:
        return False  # 中国 + 薯友: an everyday word before the term describes it
    if not _joinable(a, b, segmenter) or _pos(to_simplified(a), segmenter) not in NOUNISH | {"t"}:
        return False
    return general_zipf(a + b) < MAX_COMPOUND_ZIPF


def _listed_zipf(word: str) -> float:
    """How common wordfreq says ``word`` is as written (Zipf scale; 0 if it does not list it): no estimate."""
    f = _zh_freq().get(word)
    return math.log10(f) + 9 if f else 0.0


#: A pair seen once is weighed only in a corpus of at most this many tokens (an article or a few
#: hundred): in a larger one a compound that matters recurs, and pairs seen once are thinned out.
MAX_ONCE_TOKENS = 100_000
#: Two words that always stand together in the corpus (each, this share of its occurrences) …
MIN_PAIR_COHESION = 0.8
#: … make a word when general Chinese would put them together this rarely (an estimate from the parts).
MAX_COHESIVE_ZIPF = 3.5


def _cohesive(a: str, b: str, count: int, zh: Counter[str], segmenter: Any) -> bool:
    """True if two words of two characters nearly always stand together (间谍 + 爸爸, 泼天 + 富贵):
    a candidate whose boundaries the second pass then checks (:func:`free_boundaries`)."""
    if count < MIN_PAIR_COHESION * zh[a] or count < MIN_PAIR_COHESION * zh[b] or not _joinable(a, b, segmenter):
        return False
    word = a + b
    if segmenter is not None and segmenter.has_word(to_simplified(word)):
        return False  # the segmenter would have cut it as one word: it is in the dictionary
    if general_zipf(word) >= MAX_COHESIVE_ZIPF or _pos(to_simplified(a), segmenter) in {"d", "p", "c", "r"}:
        return False
    # a verb and a known word are a phrase (晒出 + 账单); a verb and a word no dictionary has, a pun (发抖 + 难财)
    return _pos(to_simplified(a), segmenter) != "v" or segmenter is None or not segmenter.has_word(to_simplified(b))


#: A Chinese new word whose left or right neighbours vary less than this (entropy in bits) is part
#: of a longer word (難財 of 發抖難財, 載量 of 下載量): its boundary is not free.
MIN_BRANCHING = 0.5


def branching(neighbours: Counter[str]) -> float:
    """The entropy (bits) of what stands on one side of a form's occurrences; an open boundary
    (punctuation, Latin, a particle, the text's edge) counts as a new neighbour every time.

    >>> branching(Counter({"抖": 3})), branching(Counter({"抖": 1, "，": 1})), branching(Counter({"的": 2}))
    (0.0, 1.0, 1.0)
    """
    counts = [n for ch, n in neighbours.items() if not _open(ch)]
    counts += [1] * (sum(neighbours.values()) - sum(counts))
    total = sum(counts)
    return max(0.0, -sum(n / total * math.log2(n / total) for n in counts)) if total else 0.0


@functools.lru_cache(maxsize=1 << 14)
def _open(ch: str) -> bool:
    """True if ``ch`` ends a word wherever it stands: not a Chinese character, or a particle (的, 们, 將)."""
    return not ch or not _CJK.match(ch) or ch in _OPEN or to_simplified(ch) in _OPEN


def free_boundaries(sides: tuple[Counter[str], Counter[str]] | None) -> bool:
    """True unless a form seen at least twice has one side always bound to the same character."""
    if sides is None or sum(sides[0].values()) < 2:
        return True
    return min(branching(sides[0]), branching(sides[1])) >= MIN_BRANCHING


def _function(word: str) -> bool:
    """True for function words (的, 这个) and boilerplate (作者, 责任编辑), in either script."""
    if word in FUNCTION_WORDS or word in BOILERPLATE:
        return True
    return _traditional().search(word) is not None and to_simplified(word) in FUNCTION_WORDS


def _is_cue(word: str) -> bool:
    """True for the words of the statement cues themselves (又称, 英文名 …), which are not terms."""
    if not (word[:1].isascii() or statements._ZH_HINT.match(word)):
        return False  # a cue begins with a Latin letter or as a Chinese cue does: most words are passed over here
    m = statements.CUE.fullmatch(word)
    return m is not None and m.lastgroup != f"c{len(statements._CUES) - 1}"


def _discount_parts(tally: Tally, wholes: Iterable[str]) -> None:
    """Occurrences of 队长 inside 薯队长 are the new word's, not 队长's own."""
    for whole in wholes:
        if not has_cjk(whole) or len(whole) > 16:
            continue
        count = tally.counts.get(whole, 0)
        for i in range(len(whole)):
            for j in range(i + 2, len(whole) + 1):
                part = whole[i:j]
                if part != whole and part in tally.zh:
                    tally.zh[part] = max(0, tally.zh[part] - count)


def _discount_forms(forms: dict[str, Form], gained: dict[str, int], need: int) -> None:
    """Once stated forms are counted in full: 红薯 seen only inside 小红薯 is no term of its own.
    ``gained``: how many occurrences of each whole the full count added (the first pass's were
    taken off its parts already)."""
    for whole, more in gained.items():
        if whole not in forms or not has_cjk(whole) or more <= 0:
            continue
        for text in _parts_of(whole, forms):
            form = forms[text]
            if form.kinds & ~(Kind.ZH | Kind.NEW) == 0:
                form.count -= more
                if form.count < need:
                    del forms[text]


def _parts_of(whole: str, forms: dict[str, Form]) -> list[str]:
    """The forms written inside ``whole`` (not itself): by its substrings when it is short, as it mostly is."""
    n = len(whole)
    if n * (n + 1) // 2 > len(forms):
        return [text for text in forms if text != whole and text in whole]
    inside = {whole[i:j] for i in range(n) for j in range(i + 1, n + 1)} - {whole}
    return [text for text in inside if text in forms]


def select(
    tally: Tally, options: Options, segmenter: Any = None, glossary_forms: set[str] | None = None
) -> dict[str, Form]:
    """The forms worth a place in a concept: glossary terms, stated forms, specific names and new words."""
    kept: dict[str, Form] = {}
    need = options.min_count
    for form, count in tally.counts.items():
        kinds = tally.kinds.get(form, 0)
        quoted = bool(kinds & Kind.QUOTE) and form in tally.recount
        named = bool(kinds & NAME_KINDS) and not has_cjk(form)
        if count < need and not kinds & Kind.STRONG and not quoted and not named and form not in tally.compounds:
            continue
        z = general_zipf(form)
        if (
            kinds & Kind.STATEMENT
            and not kinds & Kind.GLOSSARY
            and (
                (has_cjk(form) and (z >= MAX_STATED_ZIPF or _glued(form, segmenter)))
                or (form.islower() and english.is_ordinary(form))
            )
        ):
            continue  # 用户, 他们, "users": everyday words a statement happens to touch; 將生效 a clause's end
        if kinds & Kind.STRONG or form in tally.compounds:
            pass  # a compound of a term of the text (赛博对账) stands on one occurrence
        elif quoted and count < need and _coinage(form, z, segmenter):
            pass  # “赛博迁徙”: a short Chinese coinage in quotes stands on one occurrence
        elif quoted and count < need:
            if z >= MAX_GENERAL_ZIPF:
                continue
            # a quoted coinage may be written without quotes elsewhere: kept until counted in full
            kept[form] = Form(form, count, kinds, _plain(tally.sources.get(form)), zipf=z, provisional=True)
            continue
        elif count < need and not (named and z < MAX_ONCE_NAME_ZIPF):
            continue  # a name seen once stands only if it is specific (Lemon8, Wuhan; not California)
        elif kinds & Kind.QUOTE and not kinds & (Kind.NAME | Kind.CAMEL | Kind.ROMAN | Kind.ACRONYM) and z >= 3.5:
            continue
        elif kinds & Kind.WORD and not kinds & ~Kind.WORD & ~Kind.QUOTE and english.is_ordinary(form):
            continue
        kept[form] = Form(form, count, kinds, _plain(tally.sources.get(form)), zipf=z)
    total = max(tally.tokens, 1)
    skip = glossary_forms or set()
    zh = _zh_freq()
    # a name seen once may stand (抖音) when the count asked is low and the corpus an article or a few hundred
    names = _names() if need <= 2 and tally.tokens <= MAX_ONCE_TOKENS else frozenset()
    for word, count in tally.zh.items():
        if count < need and word not in names:
            continue
        if len(word) < 2 or word in kept or word in skip or not word.isalpha() or not _CJK.match(word):
            continue
        listed = zh.get(word)
        if listed and math.log10(listed) + 9 >= (MAX_GENERAL_ZIPF if count >= need else MAX_ONCE_NAME_ZIPF):
            continue  # quick exit for the many everyday words
        simple = to_simplified(word)
        if simple in skip or _function(word) or _is_cue(simple) or only_credited(tally, word):
            continue
        # the cheap tests first: wordfreq's estimate of an unlisted word (z) is worked out last
        known = segmenter is None or segmenter.has_word(word) or segmenter.has_word(simple)
        if not known and (simple[0] in _EDGE or simple[-1] in _EDGE):
            continue  # 而小红书, 网民们, 将生效: a new word glued to a particle is no word
        pos = _pos(simple, segmenter)
        if pos not in NOUNISH and pos not in VERBISH:
            continue
        z = general_zipf(word)
        if count < need and not _once_name(simple, pos, z):
            continue
        if known and (z >= MAX_GENERAL_ZIPF or (count / total) / 10 ** (z - 9) < MIN_RATIO):
            continue
        if pos not in NOUNISH and not (z < (MAX_VERB_ZIPF if known else MAX_GENERAL_ZIPF) and _in_cedict(simple)):
            continue  # 扩列, 对账, 平替: words CC-CEDICT lists that general Chinese rarely uses
        if known and pos not in NAME_POS and not _in_cedict(simple):
            continue  # 工资水平, 下載量: a phrase the segmenter's dictionary lists, not a name nor a word of CC-CEDICT
        kinds = Kind.ZH | (0 if known else Kind.NEW)
        kept[word] = Form(word, count, kinds, _plain(tally.sources.get(word)), pos=pos, zipf=z)
    for name in tally.bylines:
        if name in kept and not kept[name].kinds & Kind.GLOSSARY and only_credited(tally, name):
            del kept[name]
    for cut in cut_words(kept, tally):
        del kept[cut]
    return kept


#: A cut-off word is at least this long (not Li of Lisa: a surname is a word of its own).
CUT_WORD = 5
#: What makes a form more than the start of a longer word of the text.
_WHOLE = Kind.GLOSSARY | Kind.STATEMENT | Kind.HASHTAG | Kind.QUOTE


def cut_words(kept: dict[str, Form], tally: Tally) -> list[str]:
    """The English forms seen once that are the start of a longer word of the text (Xiaohongs of
    Xiaohongshu): a word cut off where a text ends or a line breaks it, no name of its own."""
    once = [
        t for t, f in kept.items() if f.count == 1 and len(t) >= CUT_WORD and not f.kinds & _WHOLE and not has_cjk(t)
    ]
    if not once:
        return []
    words = sorted({t.lower() for t in tally.counts if not has_cjk(t)})
    out = []
    for text in once:
        low = text.lower()
        i = bisect.bisect_right(words, low)
        while i < len(words) and words[i].startswith(low):
            if words[i][len(low)].isalnum():
                out.append(text)
                break
            i += 1
    return out


#: Parts of speech of proper names in the segmenter's tag set (people, places, organisations, other names).
NAME_POS = frozenset("nr ns nt nz nrt nrfg".split())


def _once_name(word: str, pos: str, zipf: float) -> bool:
    """True for a word seen once that stands as a name: tagged a noun or a name, written as one by
    CC-CEDICT, and rare in general Chinese (抖音; not 上海)."""
    return (pos in NAME_POS or pos == "n") and zipf < MAX_ONCE_NAME_ZIPF and _proper_name(word)


def drop_loose(forms: dict[str, Form], concepts: Sequence[Concept]) -> None:
    """Drop glossary forms that are everyday Chinese (中文, 翻译, 话题) when no other form of their
    concept is in the text: such a word alone does not show the concept (see :func:`loose_forms`)."""
    loose = loose_forms(concepts)
    if not loose:
        return
    from glossary.text.normalize import fold

    ids = set(loose.values())
    owner = {fold(g): c.id for c in concepts if c.id in ids for f in c.forms() for g in (*both(f), f)}
    seen: dict[str, list[str]] = {}
    for text, form in forms.items():
        if form.kinds & Kind.GLOSSARY and fold(text) in owner:
            seen.setdefault(owner[fold(text)], []).append(text)
    for concept, texts in seen.items():
        if all(loose.get(to_simplified(t)) == concept for t in texts):
            for t in texts:
                del forms[t]


def nested_forms(forms: dict[str, Form], concepts: Sequence[Concept], owners: Owners) -> None:
    """Add the shorter forms of a glossary concept written inside a longer form of the same concept
    (间谍爸爸 in 找回间谍爸爸, 英语角 in 线上英语角, cat tax in pay the cat tax): the matcher keeps the
    longest match only, yet the shorter form is the term itself, the one other texts write alone.
    Such a form counts no mention of its own; an everyday Chinese word (翻譯 in 翻譯功能) is not added."""
    from glossary.terms.spotting import spotted_forms

    found = [t for t, f in forms.items() if f.kinds & Kind.GLOSSARY and len(t) > 2]
    if not found:
        return
    by_id = {c.id: c for c in concepts}
    for text in found:
        concept = by_id.get(owners.owner(text) or "")
        for inner in spotted_forms(concept) if concept else ():
            written = _written_inside(inner, text)
            if written and written not in forms and not (has_cjk(written) and general_zipf(written) >= MAX_STATED_ZIPF):
                outer = forms[text]
                # counted once, in the longer form: a concept's count is its mentions
                forms[written] = Form(written, 0, Kind.GLOSSARY, list(outer.sources), zipf=general_zipf(written))


def glossary_parts(forms: dict[str, Form], tally: Tally, owners: Owners) -> None:
    """Count the glossary term at either end of an English name that did not stand (App Store of
    "Apple's iPhone App Store" seen once): the longer name took the term's place in the text, so
    that dropping it would lose the term with it."""
    names = [
        t
        for t, kinds in tally.kinds.items()
        if kinds & Kind.NAME and not kinds & Kind.GLOSSARY and t not in forms and " " in t and not has_cjk(t)
    ]
    for name in names:
        part = _glossary_end(name.split(), owners)
        if part is None:
            continue
        count, seen = tally.counts.get(name, 0), _plain(tally.sources.get(name))
        if part in forms:
            forms[part].count += count
            forms[part].sources = forms[part].sources or seen
        else:
            forms[part] = Form(part, count, Kind.GLOSSARY, seen, zipf=general_zipf(part))


def _glossary_end(words: list[str], owners: Owners) -> str | None:
    """The longest glossary form that ``words`` start or end with, if any (not an everyday word
    that the matcher would not spot either)."""
    from glossary.terms.spotting import everyday

    for n in range(len(words) - 1, 0, -1):
        for part in (" ".join(words[:n]), " ".join(words[-n:])):
            if owners.owner(part) and not everyday(part):
                return part
    return None


def _written_inside(form: str, text: str) -> str | None:
    """``form`` as ``text`` writes it inside itself (in its script, case and spacing), if it does
    and is shorter: Chinese anywhere, Latin on word boundaries."""
    if form.startswith("#") or len(form) < 2 or len(form) >= len(text):
        return None
    if has_cjk(form):
        simple = to_simplified(text)
        at = simple.find(to_simplified(form)) if len(simple) == len(text) else -1
        return text[at : at + len(form)] if at >= 0 else None
    m = re.search(rf"(?<![A-Za-z0-9]){re.escape(form)}(?![A-Za-z0-9])", text, re.IGNORECASE)
    return m.group() if m else None


def loose_forms(concepts: Sequence[Concept]) -> dict[str, str]:
    """The glossary's Chinese forms that everyday Chinese uses (Zipf ≥ :data:`MAX_STATED_ZIPF`) for more
    than the concept, in simplified script, with their concept's id: a common word CC-CEDICT does not
    write as a name (翻译, 话题, 苹果), or one the concept lists only as an alias (中文 for 普通话)."""
    out: dict[str, str] = {}
    for concept in concepts:
        own = {concept.zh, concept.zh_hant}
        for form in concept.forms():
            if not _CJK_WORD.fullmatch(form) or general_zipf(form) < MAX_STATED_ZIPF:
                continue
            if form not in own or not _proper_name(to_simplified(form)):
                out.setdefault(to_simplified(form), concept.id)
    return out


def _proper_name(word: str) -> bool:
    """True if CC-CEDICT writes ``word`` as a name (上海, 微信); False if it cannot tell."""
    return word in _names()


@functools.lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    """The words CC-CEDICT writes as names, in both scripts (none if the dictionary is not there)."""
    from glossary.errors import GlossaryError

    try:
        return _dictionary().names()
    except GlossaryError:
        return frozenset()


def _needs_free_boundaries(tally: Tally, text: str, form: Form) -> bool:
    """True for a Chinese new word or stated form (瑞爾 of 基特瑞爾) whose boundaries only the corpus
    can confirm: not a glossary term, nor quoted, whose marks draw its boundaries."""
    if form.kinds & (Kind.GLOSSARY | Kind.QUOTE | Kind.HASHTAG) or not _CJK.match(text[0]):
        return False
    return text in tally.bound or bool(form.kinds & (Kind.NEW | Kind.STATEMENT))


def _glued(form: str, segmenter: Any) -> bool:
    """True for Chinese text that starts or ends with a particle and is no word: 將生效, 將於, 而小红书."""
    simple = to_simplified(form)
    if not _CJK.match(simple[0]) or not _CJK.match(simple[-1]) or (simple[0] not in _OPEN and simple[-1] not in _OPEN):
        return False  # (not measure words: 周受资 is a name, 周 no particle)
    return segmenter is None or not segmenter.has_word(simple)


def only_credited(tally: Tally, form: str) -> bool:
    """True if ``form`` is seen only in bylines and credits (作者：王小明), not in the text itself."""
    credited = tally.bylines.get(form, 0)
    return credited > 0 and max(tally.zh.get(form, 0), tally.counts.get(form, 0)) <= credited


#: Characters a new word never starts or ends with: particles, pronouns' plural, connectives.
_EDGE = frozenset({w for w in FUNCTION_WORDS if len(w) == 1} | set("们而便即亦则并且"))
#: Particles, pronouns and connectives: a word's boundary (not measure words or 上, 中: 位元組, 上海).
_OPEN = frozenset(_EDGE - set("天年月日号周次个位名条张只件篇届楼上下中里一两几多"))


#: Parts of speech of a word that CC-CEDICT lists and that may be a term though not a noun (扩列, 对账, 平替).
VERBISH = frozenset("v vn vi a l z".split())
#: … and how rare such a word must be when the segmenter's dictionary knows it (对账 1.9, not 爆笑 3.4).
MAX_VERB_ZIPF = 2.5
#: A quoted Chinese coinage of this many characters stands on one occurrence.
COINAGE_LENGTH = (2, 4)


def _coinage(form: str, zipf: float, segmenter: Any = None) -> bool:
    """A short, uncommon, all-Chinese quoted form: “赛博迁徙”, 「不賣就禁」; not a clause (“你喜欢吗”),
    an idiom (“心甘情愿”) or a verb of everyday Chinese in scare quotes (“上缴”). A name before a
    short Chinese word is one too: “TikTok难民”, “TikTok 难民”."""
    lo, hi = COINAGE_LENGTH
    named = _NAMED_COINAGE.fullmatch(form)
    if named:
        form = named[1]
    if not (lo <= len(form) <= hi and zipf < MAX_GENERAL_ZIPF and _CJK_WORD.fullmatch(form)):
        return False
    simple = to_simplified(form)
    if simple[0] in _PHRASE_START or simple[-1] in _PHRASE_END:
        return False
    if segmenter is None or not segmenter.has_word(simple):
        return True
    pos = _pos(simple, segmenter)
    return pos != "i" and not (pos in VERBISH and zipf >= MAX_VERB_ZIPF)


#: A Latin name (a capital or a digit in it) and a short Chinese word after it.
_NAMED_COINAGE = re.compile(r"[A-Za-z]*[A-Z0-9][A-Za-z0-9]* ?([\u3400-\u9fff]{2,4})")
#: A quoted phrase starting or ending so is a clause (“很有帮助”, “你喜欢吗”), not a coinage.
_PHRASE_START = frozenset("很更最太这那我你他她它咱而也都就还又再才")
_PHRASE_END = frozenset("的了着过吗呢吧啊呀嘛们")


_CJK_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@functools.lru_cache(maxsize=1)
def _dictionary() -> Any:
    from glossary.dictionary.query import Dictionary

    return Dictionary()


def _in_cedict(word: str) -> bool:
    """True if CC-CEDICT lists ``word`` (simplified or traditional); False if the dictionary is not there."""
    from glossary.errors import GlossaryError

    try:
        return _dictionary().has(word)
    except GlossaryError:
        return False


_POS: dict[tuple[int, str], str] = {}


def _plain(seen: list[Seen] | None) -> list[Sighting]:
    return [sighting(s) for s in seen or []]


def _pos(word: str, segmenter: Any) -> str:
    """The segmenter's part of speech for a word on its own ('x' if it cuts the word up)."""
    if segmenter is None:
        return "n"
    key = (id(segmenter), word)
    if key not in _POS:
        if len(_POS) > 200_000:
            _POS.clear()
        tags = segmenter.tag(word)
        _POS[key] = tags[0][1] if len(tags) == 1 else "x"
    return _POS[key]


def extract(
    paths: Sequence[str],
    concepts: Sequence[Concept] = (),
    options: Options | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Extracted]:
    """Extract the concepts of a corpus: candidate forms, linked into concepts, best first.

    Warnings about the inputs go to :mod:`glossary.report`, each once (the corpus may be read twice).
    Raises :class:`~glossary.errors.UsageError` if the corpus holds no text.
    """
    options = options or Options()
    concepts = list(concepts) if options.use_glossary else []
    with once():
        return _extract(paths, concepts, options, progress)


def _extract(
    paths: Sequence[str], concepts: list[Concept], options: Options, progress: Callable[[int], None] | None
) -> list[Extracted]:
    from glossary.extract import readers

    if options.engine == "dask":
        return _extract_on_dask(paths, concepts, options)
    if options.engine != "local":
        from glossary.errors import UsageError

        raise UsageError(f"unknown engine {options.engine!r} (expected one of: {', '.join(ENGINES)})")
    sources = readers.sources(paths, options.input_format, options.follow_symlinks)
    with readers.spooled(sources) as sources:
        parts = split(sources, options)
        kept = Kept()

        def count(
            forms: Sequence[str],
            counted: Sequence[str],
            names: Sequence[tuple[str, str | None]],
            bounded: Sequence[str],
        ) -> Tally:
            return run_parts(
                parts, concepts, options, None, "count", forms, counted, names=names, bounded=bounded, kept=kept
            )

        first = run_parts(parts, concepts, options, progress, kept=kept)
        return _choose_and_link(paths, concepts, options, first, count)


def _extract_on_dask(paths: Sequence[str], concepts: list[Concept], options: Options) -> list[Extracted]:
    from glossary.extract import dask_engine

    with dask_engine.cluster(options) as client:
        inputs = dask_engine.inputs(paths, options.input_format, options.follow_symlinks)
        parts = split(inputs, replace(options, workers=dask_engine.workers(client)), remote=True)
        tasks = batches(parts, task_target(parts, options, dask_engine.workers(client)))
        passes = dask_engine.DaskRun(client, tasks, concepts, options, scan_input, merge_parts)
        tally = passes.run() or Tally(options.max_sources)

        def count(
            forms: Sequence[str],
            counted: Sequence[str],
            names: Sequence[tuple[str, str | None]],
            bounded: Sequence[str],
        ) -> Tally:
            return passes.run("count", forms, counted, bounded) or Tally(options.max_sources)

        return _choose_and_link(paths, concepts, options, tally, count)


def _choose_and_link(
    paths: Sequence[str],
    concepts: list[Concept],
    options: Options,
    tally: Tally,
    count: Callable[[Sequence[str], Sequence[str], Sequence[tuple[str, str | None]], Sequence[str]], Tally],
) -> list[Extracted]:
    """After the scan: new words joined, forms chosen, a second pass (``count``) for the sources
    and counts still missing, then the forms linked into concepts."""
    from glossary.errors import UsageError

    if not tally.units or not tally.chars:
        raise UsageError("the corpus is empty: no text found in " + ", ".join(paths))
    segmenter = segmenter_for(cjk_forms(concepts))
    joined = [word for finder in _finders().finishing for word in finder.finish(tally, options, segmenter)]
    _discount_parts(tally, dict.fromkeys([*joined, *sorted(tally.recount)]))  # each whole once
    forms = select(tally, options, segmenter, set(cjk_forms(concepts)))
    drop_loose(forms, concepts)
    linker = Linker(concepts, min_count=options.min_count, background=options.background)
    glossary_parts(forms, tally, linker.owners)
    nested_forms(forms, concepts, linker.owners)
    # a second, cheaper pass: sources for the Chinese words kept, counts for the forms statements
    # named, the neighbours of the new words whose boundaries must be free
    counted = sorted(tally.recount & set(forms))
    bounded = sorted(f for f, form in forms.items() if _needs_free_boundaries(tally, f, form))
    again = sorted({f for f, form in forms.items() if not form.sources} | set(counted) | set(bounded))
    remembered: dict[tuple[str, str, str | None], str] = {}
    if again:
        second = count(again, counted, _pinyin_wanted(forms), bounded)
        remembered = second.pinyin
        for f in bounded:
            if not free_boundaries(second.sides.get(f)):
                del forms[f]  # 難財 of 發抖難財: part of a longer word
        again = [f for f in again if f in forms]
        first = {f: forms[f].count for f in counted if f in forms}  # what _discount_parts took off
        for f in again:
            if f in tally.recount and second.counts.get(f):
                forms[f].count = max(forms[f].count, second.counts[f])
            if second.sources.get(f):
                forms[f].sources = _plain(second.sources[f])
        _discount_forms(forms, {f: forms[f].count - n for f, n in first.items() if f in forms}, options.min_count)
    for f in [f for f, form in forms.items() if form.provisional and form.count < options.min_count]:
        del forms[f]
    forms.update(short_forms(tally.counts, tally.kinds, tally.sources, forms))  # "refugees" of TikTok refugees
    # the linker sees forms and statements in one order, however the work was split
    statements_found = {
        key: [count, where[:3]] for key, (count, where) in sorted(tally.statements.items(), key=_statement_order)
    }
    if remembered:
        linker.romanizer.remember(remembered)
    return linker.link(dict(sorted(forms.items())), statements_found)


def _pinyin_wanted(forms: dict[str, Form]) -> list[tuple[str, str | None]]:
    """The pinyin the linker will ask for, worked out beforehand where it can be: each Chinese form
    not of the glossary, with the category it has as a concept of its own (most new concepts are)."""
    from glossary.extract.link import guess_category

    found = {
        (t.lstrip("#"), guess_category([t], forms))
        for t, f in forms.items()
        if has_cjk(t) and not f.kinds & Kind.GLOSSARY
    }
    return sorted(found, key=lambda n: (n[0], n[1] or ""))


# --- a partition's work on a Dask worker (see glossary.extract.dask_engine) -------------------------

_SCANNERS: dict[str, Scanner] = {}


def scan_input(
    parts: Sequence[Part],
    token: str,
    concepts: list[Concept],
    max_sources: int,
    text_field: str,
    work: str = "scan",
    forms: Sequence[str] = (),
    counted: Sequence[str] = (),
    bounded: Sequence[str] = (),
) -> tuple[Tally, list[str]]:
    """A Dask task's parts (consecutive in the corpus) scanned into one tally (``work='count'``:
    ``forms`` found, the neighbours of ``bounded`` noted), with the warnings their reading gave: the
    local workers' :class:`_Work` on :class:`Part` read through fsspec, so both engines scan,
    number and thin units alike."""
    from glossary.report import collected

    if work == "scan" and token not in _SCANNERS:  # once per worker process and glossary
        _finders(fresh=True)
        _SCANNERS.clear()
        _SCANNERS[token] = Scanner(concepts)
    job = _Work(work, _SCANNERS.get(token), forms, counted, max_sources, bounded)
    with collected() as said:
        for part in parts:
            job.part(part, text_field)
            if job.done:
                break
    return job.result(), said


def merge_parts(a: tuple[Tally, list[str]], b: tuple[Tally, list[str]]) -> tuple[Tally, list[str]]:
    """Two partitions' results as one (``a`` stands before ``b`` in the corpus)."""
    a[0].merge(b[0])
    return a[0], a[1] + b[1]


def _statement_order(item: tuple[tuple[str | None, str, str, str], list]) -> tuple[str, ...]:
    return tuple(part or "" for part in item[0])


FINDERS.register("chinese", ChineseWords())

"""The text's own statements that two forms name one thing, in English and in Chinese.

"X, known in English as Y", "X (Y)", "X, or Y,", "X, which literally means Y", "X, also
called Y", "dubbed Y"; 又称, 俗称, 简称, 被称为, 即, "X（Y）", 英文名 … Each
statement names the forms on either side of its cue. The forms are the
mentions found around the cue (glossary terms, names, quoted words, Chinese
words), so a statement never invents a boundary of its own.

Naming cues ("dubbed", 被称为) often sit far from their subject, so they link
across scripts (小红书 … 被称为 RedNote), or two names side by side in one script
("Xiaohongshu, nicknamed RedNote"); on their own they still make the named form
a candidate.

>>> from glossary.extract.mentions import Span, Kind
>>> text = "Xiaohongshu, known in English as RedNote, is popular."
>>> [tuple(s[:4]) for s in find(text, [Span(0, 11, "Xiaohongshu", Kind.ROMAN), Span(33, 40, "RedNote", Kind.CAMEL)], [])]
[('Xiaohongshu', 'RedNote', 'known in English as', 'alias')]
>>> text = "小红书，又称小红薯。"
>>> tokens = [(0, 3, "小红书", "nz"), (3, 4, "，", "x"), (4, 6, "又称", "n"), (6, 9, "小红薯", "nz"), (9, 10, "。", "x")]
>>> [tuple(s[:4]) for s in find(text, [], tokens)]
[('小红书', '小红薯', '又称', 'alias')]
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any, Iterable, Iterator, NamedTuple, Sequence

from glossary.extract.english import is_ordinary, is_romanized
from glossary.extract.finders import FINDERS, Finder
from glossary.extract.mentions import Kind, Span, zh_or_latin
from glossary.text.normalize import fold, has_cjk

if TYPE_CHECKING:
    from glossary.extract.pipeline import Context, Scanner, Tally

Token = tuple[int, int, str, str]  # start, end, word, part of speech


class Statement(NamedTuple):
    """``x`` and ``y`` are said to be one thing (``x`` is None when only ``y`` was named)."""

    x: str | None
    y: str
    cue: str
    kind: str  # alias, naming, literal or paren
    start: int
    end: int


#: The traditional characters of the simplified ones Chinese cues are written with.
_TRADITIONAL = dict(zip("称为简别昵译网国们亲戏谑号过说这", "稱為簡別暱譯網國們親戲謔號過說這"))


def _either(pattern: str) -> str:
    """A cue pattern (no character classes in it) that matches in either script: 又称 and 又稱.

    >>> _either("又称为")
    '又[称稱][为為]'
    """
    return "".join(f"[{c}{_TRADITIONAL[c]}]" if c in _TRADITIONAL else c for c in pattern)


_CUES: list[tuple[str, str]] = [
    (
        "alias",
        r"(?i:(?:(?:also|better|widely|commonly|officially|internationally|locally|now)\s+)?known\s+"
        r"(?:(?:in|to)\s+(?:English|Chinese|Mandarin|the\s+West|foreigners|English\s+speakers)\s+"
        r"|internationally\s+|abroad\s+|overseas\s+|outside\s+China\s+)?as)\b",
    ),
    (
        "alias",
        r"(?i:a\.k\.a\.|\baka\b|\balso\s+named\b|\bor\s+simply\b|\bshort\s+for\b|\b(?:its|the)\s+(?:English|Chinese)\s+name\s+(?:is\b)?)",
    ),
    ("apposition", r"(?<=, )or(?=\s+[\"“'‘]?[A-Z#\u3400-\u9fff])"),
    (
        "literal",
        r"(?i:\b(?:which|that)\s+(?:in\s+(?:English|Chinese|Mandarin)\s+)?(?:(?:literally|directly|roughly|loosely)\s+)?"
        r"(?:means|translates\s+(?:literally\s+)?(?:to|as))\b"
        r"|\bliterally(?:\s+(?:meaning|means|translated\s+as|translating\s+as))?\b"
        r"|\b(?:meaning|translated\s+as|rendered\s+as|Chinese\s+for)\b)",
    ),
    (
        "naming",
        r"(?i:\b(?:(?:also|often|sometimes|jokingly|affectionately|widely)\s+)?(?:called|dubbed|nicknamed|termed|branded|labell?ed)\b"
        r"|\b(?:who\s+)?(?:call|styl|dubb?)(?:e|ed|ing)?\s+themselves\b|\bso-called\b|\bself-(?:proclaimed|described|styled)\b)",
    ),
    # "“TikTok refugees,” as they call themselves": the name stands before its cue
    (
        "named before",
        r"(?i:\bas\s+(?:they|we|some|many|users)\s+(?:call|called|dub|dubbed|style|styled)\s+(?:themselves|ourselves)\b)",
    ),
    ("literal", _either(r"直译(?:为|是|过来是|过来就是)?|字面意思(?:为|是|就是)|字面上是|意为|意思是|意即")),
    (
        "alias",
        _either(
            r"(?:又称|又叫|也称|也叫|亦称|俗称|简称|全称|别称|昵称|人称|别名|又名|也就是|英文名(?:字|称)?|英文译名|英译名"
            r"|中文名(?:字|称)?|英文叫|中文叫|英文里叫|中文里叫)(?:为|是|叫|作)?"
        ),
    ),
    (
        "naming",
        _either(
            r"被(?:网友|外国网友|美国网友|中国网友|大家|人们|媒体|外界|外媒|不少人|很多人)?(?:戏|昵|俗|简|亲切地|戏谑地)?(?:称(?:为|作)?|叫(?:做|作))"
            r"|(?<!被)称(?:为|作)|叫做|叫作|戏称(?:为)?|自称(?:为)?|号称|叫(?=(?:他们|她们|它们|他|她|它)[“\"「『])"
        ),
    ),
    ("alias", r"(?<![立随旋亦])即(?![使将便刻时可日兴位席])"),
    ("paren", r"[(（]"),
]
CUE = re.compile("|".join(f"(?P<c{i}>{pattern})" for i, (_, pattern) in enumerate(_CUES)))
_KIND = {f"c{i}": kind for i, (kind, _) in enumerate(_CUES)}
#: Where a cue may begin: one character class and a few words, far quicker to scan for than CUE itself.
#: Characters a Chinese cue (or a bracket) may begin with: found in C, each hit then tried against CUE.
_ZH_FIRST = re.compile(r"[(（即被中人英全字意自号直又也亦俗简别昵称叫戏號簡別暱稱戲]")
#: How each Chinese cue of :data:`_CUES` (and a bracket) begins: its first character and what may follow it
#: ("" when anything may). Only the places where one of these begins are tried against :data:`CUE`;
#: a Chinese cue added to :data:`_CUES` adds its beginning here (a test compares with :data:`_ZH_FIRST`).
_ZH_STARTS = {
    "直": "译",
    "字": "面",
    "意": "为思即",
    "又": "称叫名",
    "也": "称叫就",
    "亦": "称",
    "俗": "称",
    "简": "称",
    "全": "称",
    "别": "称名",
    "昵": "称",
    "人": "称",
    "英": "文译",
    "中": "文",
    "称": "为作",
    "叫": "做作他她它",
    "戏": "称",
    "自": "称",
    "号": "称",
    "被": "",
    "即": "",
    "(": "",
    "（": "",
}


def _starts_pattern(starts: dict[str, str]) -> str:
    """One alternative per first character (in either script), each a character then a look-ahead: the
    pattern opens with a character in every branch, so Python's search skips other text in C, and
    each match is one character long, so no place where a cue begins is passed over."""
    out = []
    for first, following in starts.items():
        ahead = (
            f"(?=[{''.join(sorted({c for f in following for c in (f, _TRADITIONAL.get(f, f))}))}])" if following else ""
        )
        out += [re.escape(c) + ahead for c in sorted({first, _TRADITIONAL.get(first, first)})]
    return "|".join(out)


_ZH_HINT = re.compile(_starts_pattern(_ZH_STARTS))
#: Words one of which an English cue holds: a unit without any of them has no English cue.
_EN_KEYS = (
    "known",
    "aka",
    "a.k.a",
    "also named",
    "or simply",
    ", or ",
    "short for",
    "name",
    "mean",
    "translat",
    "literally",
    "rendered",
    "chinese for",
    "call",
    "dubbed",
    "themselves",
    "so-called",
    "self-",
    "nicknamed",
    "termed",
    "branded",
    "label",
)
_CUE_START_EN = re.compile(
    r"\b(?:known|aka|a\.k\.a|also|better|widely|commonly|officially|internationally|locally|now|or|short|its|the"
    r"|which|that|literally|meaning|translated|rendered|chinese|called|dubbed|nicknamed|termed|branded|label\w*"
    r"|call\w*|who|often|sometimes|jokingly|affectionately|as|styl\w*|dubb?\w*|so|self)\b",
    re.I,
)
_HAS_LATIN = re.compile(r"[A-Za-z]")


def cues(text: str, start: int = 0) -> Iterator[re.Match]:
    """The cues of ``text`` from ``start`` on, left to right, none overlapping.

    >>> [m.group() for m in cues("小红书又称小红薯，known in English as RedNote (RN)")]
    ['又称', 'known in English as', '(']
    """
    end = start
    hits: Iterable[int] = (h.start() for h in _ZH_HINT.finditer(text, start))  # lazily: the first may do
    if _HAS_LATIN.search(text, start):
        low = text.lower()
        if any(key in low for key in _EN_KEYS):
            hits = sorted([*hits, *(h.start() for h in _CUE_START_EN.finditer(text, start))])
    for at in hits:
        if at < end:
            continue
        m = CUE.match(text, at)
        if m and m.end() > m.start():
            end = m.end()
            yield m


_GAP_BEFORE = " \t\n,，、:：\"“”'‘’「」『』"
_GAP_AFTER = " \t:：\"“”'‘’「」『』"
_NOUNISH = ("n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng", "eng", "x", "", "j", "l", "vn", "an")
_PAREN_SPLIT = re.compile(r"\s*(?:[,;/，；、]|\bor\b|或|或者)\s*")
_PAREN_PREFIX = re.compile(
    r"^(?:(?:literally|lit\.|meaning|means|i\.e\.|aka|a\.k\.a\.|also\s+(?:written|spelled|spelt|known\s+as|called)|also|or"
    r"|pinyin|Chinese|English|in\s+Chinese|in\s+English)[:\s]+"
    r"|(?:英文名?|英文名称|中文名?|简称|全称|又称|俗称|即|拼音|直译)[：:为是]?\s*)",
    re.I,
)
_LITERAL_PREFIX = re.compile(r"^(?:literally|lit\.|meaning|直译)", re.I)
_QUOTES = "\"“”'‘’「」『』《》"
_PLAIN_PHRASE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?: [A-Za-z][A-Za-z'’-]*){0,3}")
_DATE = re.compile(r"^(?:\d|[A-Z][a-z]+\.? \d|\d+年)")
MAX_ZH = 10
_ARTICLE = re.compile(r"(?:the|a|an) (?=\S)", re.I)


class _Index:
    """Mentions by where they start and end, tokens by position: built once per text."""

    __slots__ = ("ending", "starting", "tokens", "token_ending", "token_starting", "_starts", "_ends")

    def __init__(self, spans: Sequence[Span], tokens: Sequence[Token]) -> None:
        self.ending: dict[int, Span] = {}
        self.starting: dict[int, Span] = {}
        for s in spans:
            if s.end not in self.ending or s.start < self.ending[s.end].start:
                self.ending[s.end] = s
            if s.start not in self.starting or s.end > self.starting[s.start].end:
                self.starting[s.start] = s
        self.tokens = tokens
        self.token_ending = {t[1]: i for i, t in enumerate(tokens)}
        self.token_starting = {t[0]: i for i, t in enumerate(tokens)}
        # tokens one after another (as a segmenter gives them): found by bisection, else by a scan
        ordered = all(a[1] <= b[0] and a[0] <= a[1] for a, b in zip(tokens, tokens[1:]))
        self._starts = [t[0] for t in tokens] if ordered else None
        self._ends = [t[1] for t in tokens] if ordered else None

    def inside(self, start: int, end: int) -> Sequence[Token]:
        """The tokens within ``[start, end)``, in order."""
        if self._starts is None or self._ends is None:
            return [t for t in self.tokens if t[0] >= start and t[1] <= end]
        return self.tokens[bisect.bisect_left(self._starts, start) : bisect.bisect_right(self._ends, end)]


def find(
    text: str, spans: Sequence[Span], tokens: Sequence[Token], first: int = 0, found: Sequence[re.Match] | None = None
) -> list[Statement]:
    """Every statement of ``text`` that names a form, given its mentions and Chinese tokens.

    ``first``: where the first cue is, if the caller already searched for it; ``found``: the cues
    from there on (``list(cues(text, first))``), if it has them too.
    """
    out: list[Statement] = []
    index = _Index(spans, tokens)
    for m in cues(text, first) if found is None else found:
        kind = _KIND[m.lastgroup or ""]
        if kind == "paren":
            out.extend(_paren(text, m.start(), index))
            continue
        if kind == "named before":
            named = _before(text, m.start(), index)
            if named and _sized(named) and _is_form(named):
                out.append(Statement(None, named, " ".join(m.group().split()), "naming", m.start(), m.end()))
            continue
        allow = "的之" if kind == "alias" and has_cjk(m.group()) else ""
        x = _before(text, m.start(), index, allow)
        after = m.end()
        pronoun = _PRONOUN.match(text, after)
        if pronoun:  # 网友也叫它 XHS: the one before the cue is who calls, not what is called
            x, after = None, pronoun.end()
        y = _after(text, after, index, literal=kind == "literal")
        if y is None and kind == "naming":  # 'termed paying the "cat tax"': the quoted name a few words on
            y = _quoted_after(text, after, index)
        if not y or not _sized(y) or (x and fold(x) == fold(y)):
            continue
        if x and (not _sized(x) or _DEMONSTRATIVE.match(x)):
            x = None  # 这群人被称为…: a pointer back, not a name
        if kind == "apposition":  # "Xiaohongshu, or RedNote, …": two names of one thing, not a list
            if not (x and _apposition(text, x, y, m.start(), after)):
                continue
            kind = "alias"
        cue = " ".join(m.group().split())
        if x and _links(kind, x, y):
            out.append(Statement(x, y, cue, kind, m.start(), m.end()))
        elif _is_form(y):
            out.append(Statement(None, y, cue, kind, m.start(), m.end()))
        out.extend(_alternatives(text, index, y, after, m, kind))
    return out


_OR = re.compile(r"\s*[”\"'’」』]?\s*(?:或者|或是|或|、|/|,?\s+or\s+)\s*")


def _alternatives(text: str, index: _Index, y: str, after: int, m: re.Match, kind: str) -> list[Statement]:
    """A second name the same cue gives: 叫它们“薯友”或“薯子” names 薯友 and 薯子, one thing."""
    at = text.find(y, after, after + len(y) + 4)
    sep = _OR.match(text, at + len(y)) if at >= 0 else None
    if not sep:
        return []
    other = _after(text, sep.end(), index, literal=kind == "literal")
    if not other or not _sized(other) or fold(other) == fold(y) or not _is_form(other):
        return []
    return [Statement(y, other, " ".join(m.group().split()), "alias", m.start(), sep.end() + len(other))]


_NAME_START = re.compile(r"[A-Z#\u3400-\u9fff\uf900-\ufaff]")
_CLOSE = "\"”'’」』"


_WORDS_TO_QUOTE = re.compile(r"(?:\s+[a-z]+){1,3}\s*(?=[\"“‘'])")


def _quoted_after(text: str, pos: int, index: _Index) -> str | None:
    """A quoted form one to three lower-case words after ``pos``: 'termed paying the "cat tax"'."""
    m = _WORDS_TO_QUOTE.match(text, pos)
    span = index.starting.get(m.end() + 1) if m else None
    return span.form if span is not None and span.kind & Kind.QUOTE else None


def _apposition(text: str, x: str, y: str, cue: int, after: int) -> bool:
    """True if ", or" stands between two names in apposition: "Xiaohongshu, or "RedNote," has …";
    not a list ("A, B, or C") nor a choice at the end of a sentence ("TikTok, or RedNote?").

    >>> _apposition("Users of Xiaohongshu, or RedNote, wrote.", "Xiaohongshu", "RedNote", 21, 24)
    True
    >>> _apposition("Reels, Shorts, or RedNote, and more.", "Shorts", "RedNote", 14, 17)
    False
    """
    if not (_NAME_START.match(x) and _NAME_START.match(y)):
        return False
    at = text.rfind(x, max(0, cue - len(x) - 4), cue)
    before = text[max(0, at - 12) : max(at, 0)].rstrip(" " + _CLOSE + "“‘「『")
    if at < 0 or before.endswith((",", "，", "、")) or re.search(r"\b(?:and|or)$", before):
        return False  # an item of a list
    end = text.find(y, after, after + len(y) + 4)
    rest = text[end + len(y) : end + len(y) + 12].lstrip(_CLOSE) if end >= 0 else ""
    return rest[:1] in (",", ")", "—", "–") and not re.match(r",\s*(?:and|or)\b", rest)


def _sized(form: str) -> bool:
    """Two characters at least: a lone 兴 or "a" names nothing."""
    return len(form.strip("#")) >= 2


def _links(kind: str, x: str, y: str) -> bool:
    cross = zh_or_latin(x) != zh_or_latin(y)
    if kind == "naming":  # "Xiaohongshu, nicknamed RedNote": two names side by side; not "Users, dubbed …"
        return cross or (_a_name(x) and _a_name(y))
    if kind == "literal":
        return cross or is_romanized(x.split()[0])
    return True


def _a_name(form: str) -> bool:
    """A Latin form that names something: capitalised (or a hashtag) and not an everyday word."""
    return (form[:1].isupper() or form[:1] == "#") and not (len(form.split()) == 1 and is_ordinary(form))


def _is_form(y: str) -> bool:
    """Worth a place as a named form even without a partner: not a date, not an everyday word."""
    if has_cjk(y):
        return 2 <= len(y) <= MAX_ZH
    words = y.split()
    if len(words) == 1 and is_ordinary(y):
        return False
    return 1 <= len(words) <= 5 and not _DATE.match(y)


_PROPER = frozenset("nr ns nt nz nrt nrfg x j eng".split() + [""])
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")
_CJK_CHARS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PRONOUN = re.compile(r"(?:它们|他们|她们|它|他|她|其|之)(?:为|作)?")


def _chunk(text: str, pos: int, backwards: bool) -> tuple[int, int] | None:
    """A short stretch of Chinese (four characters at most) between punctuation and the cue.

    ``，小红书又称`` → 小红书; ``俗称小红薯。`` → 小红薯.
    """
    i = pos
    if backwards:
        while i > 0 and _CJK_RUN.match(text[i - 1]):
            i -= 1
        start, end = i, pos
    else:
        while i < len(text) and _CJK_RUN.match(text[i]):
            i += 1
        start, end = pos, i
    piece = text[start:end]
    if has_cjk(piece) and len(_CJK_CHARS.findall(piece)) <= 4 and len(piece) <= 16:
        return start, end
    return None


_FUNCTIONAL = ("v", "p", "d", "c", "r", "m", "q", "u", "y", "e", "o", "f")


def _trim_chunk(chunk: tuple[int, int] | None, index: _Index, backwards: bool) -> tuple[int, int] | None:
    """Drop the verbs, prepositions, pronouns … at the far end of a chunk: 要用梯子 → 梯子 (小红薯 stays whole)."""
    if chunk is None or not index.tokens:
        return chunk
    start, end = chunk
    inside = list(index.inside(start, end))
    if backwards:
        while len(inside) > 1 and inside[0][3][:1] in _FUNCTIONAL:
            inside.pop(0)
        start = inside[0][0] if inside else start
    else:
        while len(inside) > 1 and inside[-1][3][:1] in _FUNCTIONAL:
            inside.pop()
        end = inside[-1][1] if inside else end
    return (start, end) if has_cjk(index_text(index, start, end)) else None


def index_text(index: _Index, start: int, end: int) -> str:
    return "".join(t[2] for t in index.inside(start, end))


def _run(index: _Index, pos: int, backwards: bool) -> tuple[int, int] | None:
    """The noun-like Chinese token(s) ending (or starting) at ``pos``.

    A proper name or a word of three characters or more stands alone (中国社交平台小红书 → 小红书);
    a short common noun takes the noun before it (全球化 + 智库). A Latin token joins
    only next to the cue (TikTok + 难民 after 被称为) or, before it, touching the noun (TikTok难民简称…).
    """
    tokens = index.tokens
    if backwards:
        idx = index.token_ending.get(pos)
        order = range(idx, -1, -1) if idx is not None else range(0)
    else:
        idx = index.token_starting.get(pos)
        order = range(idx, len(tokens)) if idx is not None else range(0)
    run: list[Token] = []
    for i in order:
        t = tokens[i]
        if t[3] not in _NOUNISH or not t[2].isalnum():
            break
        if run and not has_cjk(t[2]) and not (backwards and len(run) == 1 and t[1] == run[0][0]):
            break  # …but TikTok难民 before its cue holds together
        if sum(len(r[2]) for r in run) + len(t[2]) > MAX_ZH:
            break
        run.append(t)
        if backwards:
            # 中国社交平台小红书 → 小红书: a name, or a word of three characters, stands alone
            if len(run) >= 2 or (has_cjk(t[2]) and (t[3] in _PROPER or len(t[2]) >= 3)):
                break
        elif len(run) >= 3:
            break  # 小红书 + 用户: Chinese compounds end in their head, so read on over nouns
    if not any(has_cjk(t[2]) for t in run):
        return None
    return (min(t[0] for t in run), max(t[1] for t in run))


def _before(text: str, pos: int, index: _Index, allow: str = "") -> str | None:
    skipped = 0
    bracket = False
    while pos > 0 and skipped < 3:
        c = text[pos - 1]
        if c in ")）" and not bracket:  # "对账 (duìzhàng), literally …": look past a bracket
            opening = max(text.rfind("(", 0, pos - 1), text.rfind("（", 0, pos - 1))
            if opening < 0 or pos - opening > 40:
                break
            pos, bracket, skipped = opening, True, 0
        elif c in _GAP_BEFORE or c in allow:
            pos -= 1
            skipped += 1
        else:
            break
    span = index.ending.get(pos)
    if span:
        return span.form
    run = _trim_chunk(_chunk(text, pos, backwards=True), index, True) or _run(index, pos, backwards=True)
    return text[run[0] : run[1]] if run else None


def _after(text: str, pos: int, index: _Index, literal: bool = False) -> str | None:
    skipped = 0
    while pos < len(text) and text[pos] in _GAP_AFTER and skipped < 3:
        pos += 1
        skipped += 1
    article = _ARTICLE.match(text, pos)
    if article:
        pos = article.end()
    span = index.starting.get(pos)
    chunk = _trim_chunk(_chunk(text, pos, backwards=False), index, False)
    run = chunk or _run(index, pos, backwards=False)
    if span and not (run and run[1] > span.end and has_cjk(text[run[0] : run[1]])):
        return span.form  # …unless the words go on: 即小红书用户 is more than 小红书
    if run:
        return text[run[0] : run[1]]
    if literal:
        m = _PLAIN_PHRASE.match(text, pos)
        if m:
            return m.group()
    return None


def _paren(text: str, open_at: int, index: _Index) -> list[Statement]:
    """``X (Y)`` and ``X（Y）``: Y in another script, an acronym of X, or X's literal meaning."""
    close = re.compile(r"[)）]").search(text, open_at + 1, open_at + 120)
    if not close:
        return []
    inner = text[open_at + 1 : close.start()]
    x = _before(text, open_at, index) or (_phrase_before(text, open_at) if has_cjk(inner) else None)
    if not x:
        return []
    x = None if _DEMONSTRATIVE.match(x) else x
    if not x:
        return []
    out = []
    for part in _PAREN_SPLIT.split(inner):
        stated, part = _paren_cue(part.strip())
        literal = stated == "literal" or bool(_LITERAL_PREFIX.match(part)) or (has_cjk(x) and not has_cjk(part))
        part = _PAREN_PREFIX.sub("", part).strip().strip(_QUOTES).strip()
        if not _sized(part) or not _sized(x) or fold(part) == fold(x) or not _paren_form(part, literal):
            continue
        if (
            stated in ("alias", "naming")
            or zh_or_latin(part) != zh_or_latin(x)
            or literal
            or is_acronym(part, x)
            or is_romanized(part.split()[0])
            or is_romanized(x.split()[0])
        ):
            out.append(Statement(x, part, "(…)", "paren", open_at, close.end()))
    return out


#: Words a bracket may put before its cue: 网络戏称, 网友昵称, sometimes nicknamed.
_CUE_LEAD = re.compile(r"(?:[\u3400-\u9fff]{1,4}|(?:[A-Za-z.]+\s+){1,2})?")


def _paren_cue(part: str) -> tuple[str | None, str]:
    """A bracket's own cue and the form after it: ``亦稱TT`` → ('alias', 'TT');
    ``网络戏称“洋抖难民”`` → ('naming', '“洋抖难民”'); ``literally means add oil`` → ('literal', 'add oil').

    >>> _paren_cue("亦稱TT"), _paren_cue("also known as RedNote"), _paren_cue("RedNote")
    (('alias', 'TT'), ('alias', 'RedNote'), (None, 'RedNote'))
    """
    lead = _CUE_LEAD.match(part)
    for at in range(lead.end() if lead else 0, -1, -1):
        m = CUE.match(part, at)
        if m and m.end() > at and _KIND[m.lastgroup or ""] != "paren":
            return _KIND[m.lastgroup or ""], _MEANS.sub("", part[m.end() :].strip(), count=1)
    return None, part


_MEANS = re.compile(r"^(?:means|meaning|is|as|to)\s+", re.I)
#: The start of a phrase that points at something named before it (这群人, 他们): never a form of its own.
_DEMONSTRATIVE = re.compile(
    r"^(?:这|這|那|该|該|此|其|他们|他們|她们|她們|它们|它們|我们|我們|你们|你們|大家|人们|人們)"
)


_PHRASE_STOP = frozenset(
    "a an the his her their its our my your this that these those in on at of to for from with by as and or "
    "up set is are was were be been called named into about".split()
)


def _phrase_before(text: str, pos: int) -> str | None:
    """'an English corner (英语角)': the two to four words before a bracket, articles and the like left out."""
    words = list(re.finditer(r"[A-Za-z][A-Za-z'’-]*", text[max(0, pos - 60) : pos]))
    if not words or text[max(0, pos - 60) + words[-1].end() : pos].strip().strip(_QUOTES):
        return None  # (a closing quote may stand between: "TikTok Refugee" (TikTok 难民))
    picked = []
    for m in reversed(words):
        if m.group().lower() in _PHRASE_STOP or len(picked) == 4:
            break
        picked.append(m)
        if (
            picked
            and len(picked) > 1
            and not text[max(0, pos - 60) + m.end() : max(0, pos - 60) + picked[-2].start()].isspace()
        ):
            picked.pop()
            break
    if not 2 <= len(picked) <= 4:
        return None
    base = max(0, pos - 60)
    return text[base + picked[-1].start() : base + picked[0].end()]


def _paren_form(part: str, literal: bool) -> bool:
    if has_cjk(part):
        # TikTok 难民 may have a space between its scripts, never one between characters
        spaced = re.search(r"[\u3400-\u9fff]\s+[\u3400-\u9fff]", part)
        return len(part) <= MAX_ZH and not spaced and not re.search(r"[，。！？]", part) and not _DATE.match(part)
    words = part.split()
    if not 1 <= len(words) <= 6 or _DATE.match(part) or not re.fullmatch(r"[#A-Za-z0-9\u00C0-\u024F '’&.-]+", part):
        return False
    return literal or any(w[:1].isupper() or w[:1] == "#" or any(c.isdigit() for c in w) for w in words)


def is_acronym(short: str, long: str) -> bool:
    """``CCG`` of ``Center for China and Globalization``; ``PAFACA`` of the Act it shortens.

    >>> is_acronym("CCG", "Center for China and Globalization"), is_acronym("PAFACA", "Protecting Americans from Foreign Adversary Controlled Applications Act")
    (True, True)
    >>> is_acronym("RN", "Supreme Court")
    False
    """
    if not short.isupper() or not 2 <= len(short) <= 8:
        return False
    words = re.findall(r"[A-Za-z]+", long)
    every = "".join(w[0] for w in words).upper()
    capital = "".join(w[0] for w in words if w[0].isupper())
    return short in (every, capital) or (len(short) >= 3 and (every.startswith(short) or capital.startswith(short)))


__all__ = ["Statement", "find", "is_acronym", "CUE", "Kind"]


#: A form a statement names is looked for this far after its cue.
STATED_REACH = 300
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class StatementFinder(Finder):
    """The statements of a unit that link two forms (又称, "known in English as" …); a form a statement
    names that no finder cut out (全球化智库, "little red book") is counted too, and counted anew later."""

    def scan(
        self, scanner: Scanner, ctx: Context, spans: list[Span], own: tuple[int, int] | None, tally: Tally
    ) -> None:
        text = ctx.unit.text
        cue = next(cues(text), None)
        if cue is None:
            return
        found = list(cues(text, cue.start()))  # found once for the tokens and the statements
        owned = text if own is None else text[own[0] : own[1]]
        tokens = _tokens_near_cues(scanner.segmenter, text, cue.start(), found) if _CJK.search(owned) else []
        _count(ctx, spans, tokens, tally, cue.start(), own, found)


def _tokens_near_cues(segmenter: Any, text: str, first: int, found: Sequence[re.Match] | None = None) -> list[Token]:
    """Tagged tokens around the cues (the forms a statement names sit next to its cue; ``found``:
    ``list(cues(text, first))`` if the caller has it).

    The text on each side of a cue is segmented on its own, so that no token
    straddles a cue (jieba would read 即小红书 as one word).
    """
    pieces: list[list[int]] = []
    for m in cues(text, first) if found is None else found:
        lo, hi = max(0, m.start() - 40), min(len(text), m.end() + 40)
        if pieces and lo < pieces[-1][1]:
            pieces[-1][1] = m.start()
            lo = pieces[-1][1]
        pieces.append([lo, m.start()])
        pieces.append([m.start(), m.end()])
        pieces.append([m.end(), hi])
    tokens = []
    for lo, hi in pieces:
        at = lo
        for w, p in segmenter.tag(text[lo:hi]) if hi > lo else ():
            tokens.append((at, at + len(w), w, p))
            at += len(w)
    return tokens


def _count(
    ctx: Context,
    spans: list[Span],
    tokens: list,
    tally: Tally,
    first: int = 0,
    window: tuple[int, int] | None = None,
    found: Sequence[re.Match] | None = None,
) -> None:
    """Count the statements of a unit (only those starting in ``window``, when given) into ``tally``."""
    unit = ctx.unit
    text = unit.text
    own = {s.form for s in spans}
    for st in find(text, spans, tokens, first, found):
        if window is not None and not window[0] <= st.start < window[1]:
            continue
        key = (st.x, st.y, st.cue, st.kind)
        if key in tally.statements:
            tally.statements[key][0] += 1
        else:
            where = (unit.path, ctx.line_at(st.start), ctx.sentence(st.start, st.end), ctx.seq)
            tally.statements[key] = [1, where]
        for form in (st.x, st.y):
            if form is None:
                continue
            tally.kinds[form] = tally.kinds.get(form, 0) | Kind.STATEMENT
            if form not in own:
                # a form the finders did not cut out (全球化智库, "little red book"): count it anew later
                at = text.find(form, max(0, st.start - 40), st.end + STATED_REACH + len(form))
                at = at if at >= 0 else st.start
                tally.add(form, Kind.STATEMENT | (Kind.ZH if has_cjk(form) else 0), ctx, at, at + len(form))
                tally.recount.add(form)


FINDERS.register("statements", StatementFinder())

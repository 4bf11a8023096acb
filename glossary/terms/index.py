"""A terms file's lookup index: ``glossary-v<schema>-<hash>.sqlite`` in the cache folder, one per
terms file, rebuilt when the file's size or modification time changes."""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from glossary import paths
from glossary.cachedb import SCHEMA, Progress, build, fresh, reporter, source_stamp
from glossary.text.normalize import app_key, fold, form_keys, has_cjk, stem_key, strip_tones, word_runs

if TYPE_CHECKING:
    from glossary.terms.model import Concept

#: The index's tables as this code writes them: an index written before a change is rebuilt.
TABLES = 2  # 2: the loose table (stems, parts of longer forms, other orders of a name)

# --- the glossary ----------------------------------------------------------------


def glossary_db(glossary_path: Path | None = None, progress: Progress | None = None) -> sqlite3.Connection:
    """A read-only connection to a terms file's index, rebuilt first if missing or stale."""
    source = paths.glossary_file(glossary_path)
    try:
        stamp = f"{source_stamp(source)}|tables {TABLES}"
    except FileNotFoundError:
        from glossary.errors import NotFoundError

        raise NotFoundError(f"{source}: no such glossary file") from None
    digest = f"{zlib.crc32(str(source.resolve()).encode()):08x}"
    db = paths.cache_dir() / f"glossary-v{SCHEMA}-{digest}.sqlite"
    con = fresh(db, stamp)
    if con:
        return con
    from glossary.terms import store

    report = reporter(progress, f"building the glossary index of {source} in {db.parent}")
    report(0.0)
    glossary = store.load(source)
    report(0.5)
    con = build(db, {"source": stamp}, lambda c: fill_glossary(c, glossary.concepts), stale=lambda other: False)
    report(1.0)
    return con


def fill_glossary(con: sqlite3.Connection, concepts: Iterable[Concept]) -> None:
    """Write concepts and every key they can be found under."""
    con.executescript(
        """
        CREATE TABLE concepts (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, category TEXT,
                               status TEXT, data TEXT, haystack TEXT);
        CREATE TABLE keys (key TEXT, concept INTEGER, field TEXT, form TEXT, weight REAL);
        CREATE TABLE loose (key TEXT, concept INTEGER, field TEXT, form TEXT, weight REAL);
        """
    )
    concept_rows, key_rows, loose_rows = [], [], []
    for rowid, concept in enumerate(concepts, start=1):
        keys = concept_keys(concept)
        for key, field, form, weight in keys:
            key_rows.append((key, rowid, field, form, weight))
        for key, field, form, weight in loose_keys(concept, {k for k, *_ in keys}):
            loose_rows.append((key, rowid, field, form, weight))
        haystack = "\n".join(
            [*(t.casefold() for t in concept.forms()), *(k for k, *_ in keys)]
            + [strip_tones(t).casefold() for t in (concept.note, concept.literal, concept.gloss, concept.pinyin) if t]
        )
        data = json.dumps(concept.to_dict(), ensure_ascii=False)
        concept_rows.append((rowid, concept.id, concept.category, concept.status, data, haystack))
    con.executemany("INSERT INTO concepts VALUES (?,?,?,?,?,?)", concept_rows)
    con.executemany("INSERT INTO keys VALUES (?,?,?,?,?)", key_rows)
    con.executemany("INSERT INTO loose VALUES (?,?,?,?,?)", loose_rows)
    con.execute("CREATE INDEX keys_key ON keys (key)")
    con.execute("CREATE INDEX loose_key ON loose (key)")


def concept_keys(concept: Concept) -> list[tuple[str, str, str, float]]:
    """(key, field, form, weight) for every way of writing ``concept``."""
    from pypinyin import Style, lazy_pinyin

    from glossary.text.scripts import regional_forms

    out: dict[str, tuple[str, str, str, float]] = {}

    def add(key: str, field: str, form: str, weight: float) -> None:
        if key and (key not in out or out[key][3] < weight):
            out[key] = (key, field, form, weight)

    named = [("zh", concept.zh), ("zh_hant", concept.zh_hant), ("en", concept.en)]
    named += [(f"alias:{a.kind}", a.text) for a in concept.aliases]
    for field, form in named:
        if not form:
            continue
        for n, key in enumerate(form_keys(form)):
            add(key, field, form, 1.0 if n == 0 else 0.95)
        if has_cjk(form):
            for regional in regional_forms(form):  # Taiwan and Hong Kong usage (OpenCC's phrase tables)
                for key in form_keys(regional):
                    add(key, f"{field}:regional", form, 0.96)
            syllables = lazy_pinyin(form)
            add(fold("".join(syllables)), "pinyin", form, 0.93)
            initials = "".join(s[0] for s in lazy_pinyin(form, style=Style.FIRST_LETTER) if s)
            if len(initials) >= 2:
                add(fold(initials), "initials", form, 0.85)
    if concept.pinyin:
        add(fold(concept.pinyin), "pinyin", concept.pinyin, 0.97)
    add(fold(concept.id), "id", concept.id, 0.9)
    return list(out.values())


# --- loose keys: matched whole, never as a prefix or substring ---------------------------

#: A form whose words are stemmed (flocking to → flock to): nearly the form itself.
STEM_WEIGHT = 0.95
#: A person's name in another order, or without its middle names (Chew Shou Zi, Shou Chew).
NAME_WEIGHT = 0.9
#: Words of a longer form (grace period of 75-day grace period): below every exact answer, more
#: the more of the form they cover (up to PART_WEIGHT + PART_SHARE).
PART_WEIGHT = 0.7
PART_SHARE = 0.15
#: A form of more words than this (a sentence) is not cut into parts.
MAX_PART_WORDS = 12
#: Words a part neither starts nor ends with.
EDGE_STOPWORDS = frozenset(
    """a an the of to in on at for and or by with from as is are be was were it its this that these
    those my your our their his her i you we they me us him them not no so but if than then there here
    what who how why when where do does did s t will would can could should just up out about into
    over via vs per""".split()
    + "我们 你们 他们 她们 这个 那个 一个 这些 那些 什么 就是 还是 可以 已经 没有 不是 自己 大家 因为 所以 但是 如果".split()
)
#: Alias kinds whose parts are not looked for: a misspelling's words are misspelt, a hashtag has none.
NO_PARTS = ("misspelling", "hashtag")


def loose_keys(concept: Concept, taken: set[str] = frozenset()) -> list[tuple[str, str, str, float]]:
    """(key, field, form, weight) for the looser ways of writing ``concept``, matched only whole:
    each form with its words stemmed, a person's name in its other orders, and the parts of a
    longer form that are words of it (:func:`form_parts`). ``taken``: the concept's own keys,
    left out.
    """
    from glossary.text.names import name_orders

    out: dict[str, tuple[str, str, str, float]] = {}

    def add(key: str | None, field: str, form: str, weight: float) -> None:
        if key and key not in taken and (key not in out or out[key][3] < weight):
            out[key] = (key, field, form, weight)

    named = [("zh", concept.zh, None), ("zh_hant", concept.zh_hant, None), ("en", concept.en, None)]
    named += [(f"alias:{a.kind}", a.text, a.kind) for a in concept.aliases]
    for field, form, kind in named:
        if not form:
            continue
        add(stem_key(form), f"stem:{field}", form, STEM_WEIGHT)
        for other in app_forms(form):
            add(fold(other), f"app:{field}", form, STEM_WEIGHT)
        bare = bare_form(form)
        if bare:
            for key in (*form_keys(bare), stem_key(bare)):
                add(key, f"bare:{field}", form, STEM_WEIGHT)
        if concept.category == "person" and kind not in NO_PARTS:
            for other in name_orders(form):
                add(fold(other), f"name:{field}", form, NAME_WEIGHT)
        if kind not in NO_PARTS:
            whole = len(fold(form))
            for part in form_parts(form):
                add(part, f"part:{field}", form, round(PART_WEIGHT + PART_SHARE * len(part) / whole, 3))
    return list(out.values())


#: "App" beside Chinese, which is 应用 (APP_WORD: the other way round).
#: (Compiled by re's own cache when an index is first built: never on the lookup path.)
_APP = r"(?i)(?<=[\u3400-\u9fff])app|app(?=[\u3400-\u9fff])"


def app_forms(form: str) -> list[str]:
    """A Chinese form with 应用 (应用程序, 软件…) written "app", or with an "app" beside Chinese written 应用.

    >>> app_forms("苹果应用商店"), app_forms("中制APP"), app_forms("RedNote app"), app_forms("小红书")
    (['苹果app商店'], ['中制应用'], [], [])
    """
    if not has_cjk(form):
        return []
    out = [app_key(form) or form, re.sub(_APP, "应用", form)]
    return [o for o in dict.fromkeys(out) if o != form]


_QUALIFIED = r"^(?:to\s+)?(?P<bare>[^()]*?[^\W_][^()]*?)\s*(?:\([^()]*\))?$"


def bare_form(form: str) -> str | None:
    """An English form without the qualifier in brackets after it or the 'to' before a verb, as
    running text writes it; None if it has neither.

    >>> bare_form("ban (block)"), bare_form("to ban"), bare_form("Ministry of the Interior (Taiwan)"), bare_form("ban")
    ('ban', 'ban', 'Ministry of the Interior', None)
    """
    if has_cjk(form):
        return None
    m = re.match(_QUALIFIED, form.strip())
    bare = m.group("bare").strip() if m else ""
    return bare if bare and bare != form.strip() else None


def form_parts(form: str) -> list[str]:
    """The folded keys of the runs of whole words inside a longer form, shorter than it: English
    words as written, Chinese words as the segmenter cuts them (the simplified spelling's words for a
    traditional form). A part starts and ends with a word of its own (no 'the', 的 or single
    character at either end), and one word alone is no everyday English word (day, period).

    >>> form_parts("75-day grace period"), form_parts("75天宽限期"), form_parts("75天寬限期")
    (['75day', '75daygrace', 'daygrace', 'daygraceperiod', 'graceperiod'], ['宽限期'], ['寬限期'])
    >>> form_parts("我是你的中国间谍朋友"), form_parts("pay the cat tax")
    (['中国', '中国间谍', '中国间谍朋友', '间谍', '间谍朋友', '朋友'], ['paythecat', 'cattax'])
    """
    words = _words(form)
    if len(words) < 2 or len(words) > MAX_PART_WORDS:
        return []
    folded = [fold(w) for w in words]
    edges = [_edge(w, f) for w, f in zip(words, folded)]
    out: list[str] = []
    for i in range(len(words)):
        if not edges[i]:
            continue
        for j in range(i + 1, len(words) + 1):
            if (i, j) == (0, len(words)) or not edges[j - 1]:
                continue
            if j == i + 1 and not has_cjk(words[i]) and _everyday(words[i]):
                continue
            key = "".join(folded[i:j])
            if len(key) >= (2 if has_cjk(key) else 3) and key not in out:
                out.append(key)
    return out


def _words(form: str) -> list[str]:
    """A form's words: Latin words and numbers as written, Chinese runs cut by the segmenter."""
    words: list[str] = []
    for run in word_runs(form):
        words += _chinese_words(run) if has_cjk(run) else [run]
    return words


def _chinese_words(run: str) -> list[str]:
    from glossary.text.scripts import to_simplified
    from glossary.text.segmenter import segmenter_for

    simplified = to_simplified(run)
    cut = segmenter_for(()).cut(simplified if len(simplified) == len(run) else run)
    out, start = [], 0
    for word in cut:  # the same characters, in the form's own script
        out.append(run[start : start + len(word)])
        start += len(word)
    return out


def _edge(word: str, key: str) -> bool:
    """True if a part may start or end with ``word`` (folded: ``key``)."""
    if has_cjk(word):
        return len(word) >= 2 and word not in EDGE_STOPWORDS
    return key not in EDGE_STOPWORDS


def _everyday(word: str) -> bool:
    from glossary.terms.spotting import everyday

    return everyday(word)

"""Finding concepts by any form: characters, pinyin, English, aliases, hashtags and typos.

Served from the terms file's SQLite index (see :mod:`glossary.terms.index`); words the
glossary lacks fall back to CC-CEDICT (:class:`glossary.dictionary.query.Dictionary`), in
both directions.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.errors import NotFoundError, UsageError
from glossary.terms.index import glossary_db
from glossary.text.names import first_and_last, untitled
from glossary.text.normalize import fold, has_cjk, query_keys, singular, stem_key, stem_words, strip_tones, word_runs

if TYPE_CHECKING:
    from glossary.dictionary.query import Dictionary

#: A query longer than this (folded) is not searched for the terms inside it.
MAX_CONTAINED = 60
#: Substring searches answered by SQLite before the keys are loaded into memory for the rest.
SQL_SUBSTRING_SEARCHES = 2
EXACT = 0.9  # a glossary hit at or above this score needs no dictionary fallback


@dataclass
class Match:
    """One answer to a lookup, from the glossary or from the dictionary."""

    id: str
    answered_from: str  # glossary or cc-cedict: which source answered
    score: float
    zh: str | None = None
    zh_hant: str | None = None
    pinyin: str | None = None
    en: str | None = None
    aliases: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None
    category: str | None = None
    status: str | None = None
    literal: str | None = None
    gloss: str | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    matched: str | None = None
    via: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["score"] = round(self.score, 3)
        return d


def _rank(m: Match) -> tuple[float, bool, bool, str]:
    """Best first; among equal scores (to three places) the glossary before CC-CEDICT, and a hit on a
    concept's own zh, zh_hant or en before one on an alias: 小红书er (its zh starts with 小红书)
    before 博主, whose alias 小红书博主 does."""
    return (-round(m.score, 3), m.answered_from != "glossary", _on_alias(m.via), m.id)


#: The kinds of loose key (glossary.terms.index.loose_keys) a hit's ``via`` may start with, before the field.
_LOOSE = ("stem", "part", "name", "bare", "app")


def _on_alias(via: str | None) -> bool:
    """True for a hit on an alias, also through one of its loose keys (part:alias:variant)."""
    kind, _, field = (via or "").partition(":")
    return (field if kind in _LOOSE else via or "").startswith("alias")


def _concept_match(data: dict[str, Any], score: float, form: str | None, via: str | None) -> Match:
    return Match(
        id=data["id"],
        answered_from="glossary",
        score=score,
        zh=data.get("zh"),
        zh_hant=data.get("zh_hant"),
        pinyin=data.get("pinyin"),
        en=data.get("en"),
        aliases=data.get("aliases", []),
        note=data.get("note"),
        category=data.get("category"),
        status=data.get("status"),
        literal=data.get("literal"),
        gloss=data.get("gloss"),
        sources=data.get("sources", []),
        matched=form,
        via=via,
    )


class Lookup:
    """Lookups against one glossary's index (and the dictionary's, opened when first needed).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "terms.yaml"
    >>> _ = p.write_text('''concepts:
    ...   - id: xiaohongshu
    ...     zh: 小红书
    ...     zh_hant: 小紅書
    ...     pinyin: Xiǎohóngshū
    ...     en: RedNote
    ...     aliases: [{text: Little Red Book, kind: calque}]
    ... ''', encoding="utf-8")
    >>> finder = Lookup(p)
    >>> [finder.lookup(q, dictionary=False)[0].zh for q in ("小紅書", "xiao3hong2shu1", "XHS", "red note", "Xiaohongsu")]
    ['小红书', '小红书', '小红书', '小红书', '小红书']
    """

    def __init__(self, glossary_path: str | Path | None = None) -> None:
        self.glossary_path = Path(glossary_path) if glossary_path else None
        self.con = glossary_db(self.glossary_path)
        self._dictionary: Dictionary | None = None
        self._fuzzy_keys: list[str] | None = None  # typable keys, shortest first
        self._fuzzy_lengths: list[int] = []
        self._all_keys: tuple[str, list[str], list[int]] | None = None
        self._substring_searches = 0

    @property
    def dictionary(self) -> Dictionary:
        """CC-CEDICT (its index is opened, and built if missing, on the first query)."""
        if self._dictionary is None:
            from glossary.dictionary.query import Dictionary  # its patterns compile on import: not before it is asked

            self._dictionary = Dictionary()
        return self._dictionary

    # -- the glossary --------------------------------------------------------

    def _first(self, hits: dict[int, tuple[float, str, str]], limit: int, with_zh: bool) -> tuple[list[int], set[str]]:
        """The hits that can be among the first ``limit`` answers (as :func:`_rank` ranks them), and,
        ``with_zh``, the zh of the others: a broad query (小红书, in hundreds of forms) reads only
        the concepts it may show."""
        if limit <= 0 or len(hits) <= limit:
            return list(hits), set()
        zh = "json_extract(data, '$.zh')" if with_zh else "NULL"
        sql = f"SELECT rowid, id, {zh} FROM concepts WHERE rowid IN ({','.join('?' * len(hits))})"
        rows = {rowid: (concept_id, z) for rowid, concept_id, z in self.con.execute(sql, tuple(hits))}
        order = sorted(hits, key=lambda r: (-round(hits[r][0], 3), _on_alias(hits[r][1]), rows[r][0]))
        return order[:limit], {z for r in order[limit:] if (z := rows[r][1])}

    def _concept(self, rowid: int) -> dict[str, Any]:
        return json.loads(self.con.execute("SELECT data FROM concepts WHERE rowid = ?", (rowid,)).fetchone()[0])

    def _glossary_hits(self, query: str) -> dict[int, tuple[float, str, str]]:
        hits: dict[int, tuple[float, str, str]] = {}

        def hit(rowid: int, score: float, how: str, form: str) -> None:
            if rowid not in hits or hits[rowid][0] < score:
                hits[rowid] = (score, how, form)

        keys = query_keys(query)
        if not keys:
            return hits
        for n, rowid, how, form, weight in self._whole(_with_stem(keys, query)):
            hit(rowid, weight * (1.0 if n == 0 else 0.97), how, form)
        names = [key for name in person_names(query) for key in query_keys(name)]
        for _, rowid, how, form, weight in self._whole(names, people=True):
            hit(rowid, weight * 0.97, how, form)
        key = keys[0]
        if len(key) >= 2:
            rows = self.con.execute(
                "SELECT concept, field, form, key FROM keys WHERE key > ? AND key < ? || char(1114111)", (key, key)
            )
            for rowid, how, form, longer in rows:
                hit(rowid, 0.55 + 0.3 * len(key) / len(longer), how, form)
        if len(key) >= (2 if has_cjk(key) else 3):
            inside = self._keys_containing(key)
            if inside:
                marks = ",".join("?" * len(inside))
                rows = self.con.execute(f"SELECT concept, field, form, key FROM keys WHERE key IN ({marks})", inside)
                for rowid, how, form, longer in rows:
                    hit(rowid, 0.45 + 0.3 * len(key) / len(longer), how, form)
        best = max((h[0] for h in hits.values()), default=0.0)
        if best < EXACT:
            for rowid, score, how, form in self._contained(query):
                hit(rowid, score, how, form)
            best = max((h[0] for h in hits.values()), default=0.0)
        if best < EXACT and len(key) >= 4 and typable(key):
            for rowid, score, how, form in self._fuzzy(key):
                hit(rowid, score, how, form)
        return hits

    def _whole(self, keys: list[str], people: bool = False) -> list[tuple[int, int, str, str, float]]:
        """(which key, concept, field, form, weight) of the keys and loose keys equal to one of ``keys``
        (``people``: of people only), in the order of ``keys``, a concept's own keys before its loose ones."""
        position: dict[str, int] = {}
        for n, key in enumerate(keys):
            position.setdefault(key, n)
        if not position:
            return []
        marks = ",".join("?" * len(position))
        rows = self.con.execute((_PEOPLE if people else _WHOLE).format(marks=marks), (*position, *position))
        return sorted(
            ((position[key], rowid, how, form, weight) for key, _, rowid, how, form, weight in rows),
            key=lambda row: row[0],
        )

    def _keys_containing(self, key: str) -> list[str]:
        """The index keys that hold ``key`` after their first character (a substring search in C:
        every distinct key in one string, loaded once per :class:`Lookup`)."""
        if self._all_keys is None and self._substring_searches < SQL_SUBSTRING_SEARCHES:
            # a one-off lookup (the CLI's) scans in SQLite; a library that asks more loads the keys once
            self._substring_searches += 1
            rows = self.con.execute("SELECT DISTINCT key FROM keys WHERE instr(key, ?) > 1", (key,))
            return [k for (k,) in rows if not k.startswith(key)]
        if self._all_keys is None:
            keys = [k for (k,) in self.con.execute("SELECT DISTINCT key FROM keys")]
            self._all_keys = ("\n" + "\n".join(keys) + "\n", keys, [0] * len(keys))
            starts, position = self._all_keys[2], 1
            for i, k in enumerate(keys):
                starts[i] = position
                position += len(k) + 1
        text, keys, starts = self._all_keys
        found: list[str] = []
        position = text.find(key, 1)
        while position != -1:
            i = bisect.bisect_right(starts, position) - 1
            if not keys[i].startswith(key):  # a key that starts with it is a prefix hit
                found.append(keys[i])
            position = text.find(key, position + 1)
        return list(dict.fromkeys(found))

    def _contained(self, query: str) -> list[tuple[int, float, str, str]]:
        """Glossary terms written inside a longer query (小红书app, the RedNote app), longest first.

        A term must stand on word boundaries in Latin script ("refuge" is not inside "refugee");
        Chinese has none, so any run of two characters or more counts there.
        """
        key = fold(query)
        if len(key) < 3 or len(key) > MAX_CONTAINED:
            return []
        scored = {p: _contained_score(p, key, chinese_head(key)) for p in inside_parts(query) if p != key}
        stemmed = stem_key(query)  # Chinese spies' memes: Chinese spy
        if stemmed:
            head = chinese_head(stemmed)
            for p in stem_parts(query) - {stemmed}:
                scored[p] = max(scored.get(p, 0.0), _contained_score(p, stemmed, head))
        if not scored:
            return []
        marks = ",".join("?" * len(scored))
        rows = self.con.execute(_CONTAINED.format(marks=marks), (*scored, *scored))
        return [(rowid, weight * scored[part], f"contains:{how}", form) for part, rowid, how, form, weight in rows]

    def _fuzzy(self, key: str) -> list[tuple[int, float, str, str]]:
        from rapidfuzz import fuzz, process

        if self._fuzzy_keys is None:
            keys = [k for (k,) in self.con.execute("SELECT DISTINCT key FROM keys") if typable(k)]
            self._fuzzy_keys = sorted(keys, key=len)  # stable: keys of one length keep the index's order
            self._fuzzy_lengths = [len(k) for k in self._fuzzy_keys]
        near = process.extract(key, self._fuzzy_window(key), scorer=fuzz.ratio, score_cutoff=85, limit=10)
        if not near:
            return []
        ratio = {candidate: r for candidate, r, _ in near}
        marks = ",".join("?" * len(ratio))
        rows = self.con.execute(f"SELECT key, concept, field, form, weight FROM keys WHERE key IN ({marks})", [*ratio])
        by_key: dict[str, list[tuple[int, float, str, str]]] = {}
        for candidate, rowid, how, form, weight in rows:
            by_key.setdefault(candidate, []).append(
                (rowid, 0.85 * weight * ratio[candidate] / 100, f"fuzzy:{how}", form)
            )
        return [row for candidate in ratio for row in by_key.get(candidate, [])]

    def _fuzzy_window(self, key: str) -> list[str]:
        """The keys long enough and short enough to reach a ratio of 85 with ``key``: ratio is
        2·common/(a+b), so a key of length b can only if 0.85·a/1.15 ≤ b ≤ 1.15·a/0.85."""
        lo = math.ceil(len(key) * 0.85 / 1.15 - 1e-9)
        hi = math.floor(len(key) * 1.15 / 0.85 + 1e-9)
        lengths = self._fuzzy_lengths
        return (self._fuzzy_keys or [])[bisect.bisect_left(lengths, lo) : bisect.bisect_right(lengths, hi)]

    # -- the dictionary ------------------------------------------------------

    def _dictionary_hits(self, query: str) -> dict[int, float]:
        hits: dict[int, float] = {}

        def hit(rowid: int, score: float) -> None:
            hits[rowid] = max(hits.get(rowid, 0.0), score)

        db = self.dictionary
        q = query.strip()
        if has_cjk(q):
            for rowid in db.find_written(q):
                hit(rowid, 0.88)
            for rowid, word in db.find_prefix(q, limit=50):
                hit(rowid, 0.5 + 0.2 * len(q) / len(word))
            return hits
        for n, key in enumerate(query_keys(q)):
            for rowid, position in db.find_english(key):
                hit(
                    rowid, (0.8 if position == 0 else 0.74) - 0.02 * n
                )  # an exact English gloss beats a typo match in the glossary
            for rowid in db.find_pinyin(key):
                hit(rowid, 0.7 - 0.02 * n)
        if len(hits) < 5:
            words = [w for w in q.replace('"', " ").split() if w.isalnum()]
            for rowid in db.find_text(words, limit=30):
                hit(rowid, 0.45)
        return hits

    def _dictionary_match(self, rowid: int, score: float) -> Match:
        entry = self.dictionary.entry(rowid)
        definitions = list(entry.definitions)
        if entry.freq > 0:  # common words first: up to 0.1 for a very frequent word
            score += 0.1 * min(max(math.log10(entry.freq * 1e9), 0.0), 8.0) / 8.0
        return Match(
            id=f"cc-cedict:{entry.simplified}:{entry.pinyin.replace(' ', '')}",
            answered_from="cc-cedict",
            score=min(score, 0.99),
            zh=entry.simplified,
            zh_hant=entry.traditional,
            pinyin=entry.marks,
            # a word's first meaningful sense (a name's entry means the name: 林 "surname Lin"); the entry in full below
            en=((definitions if entry.proper else entry.senses or definitions) or [None])[0],
            note="; ".join(definitions),
            gloss="; ".join(definitions),
            category="dictionary",
        )

    # -- public --------------------------------------------------------------

    def lookup(self, query: str, limit: int = 10, dictionary: bool = True) -> list[Match]:
        """Concepts matching ``query`` in any script or spelling, best first.

        The dictionary is consulted when the glossary has no exact hit.
        """
        if not query.strip():
            raise UsageError("empty query")
        hits = self._glossary_hits(query)
        best = max((score for score, _, _ in hits.values()), default=0.0)
        consult = dictionary and best < EXACT
        kept, known = self._first(hits, limit, consult)
        matches = [_concept_match(self._concept(r), hits[r][0], hits[r][2], hits[r][1]) for r in kept]
        if consult:
            known |= {m.zh for m in matches if m.zh}
            for rowid, score in self._dictionary_hits(query).items():
                m = self._dictionary_match(rowid, score)
                if m.zh not in known:
                    matches.append(m)
        matches.sort(key=_rank)
        return matches[:limit]

    def search(self, text: str, limit: int = 50) -> list[Match]:
        """Concepts with ``text`` in any field, best first: whole-word and prefix hits on the main
        forms (zh, en, pinyin) before aliases, then substrings, then notes, literal and gloss.

        Each match says which field matched (``via``: zh, zh_hant, en, pinyin, alias:KIND, id,
        initials, note, literal, gloss) and the text it matched (``matched``).

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "terms.yaml"
        >>> _ = p.write_text('''concepts:
        ...   - id: hong-kong
        ...     zh: 香港
        ...     pinyin: Xiānggǎng
        ...     en: Hong Kong
        ...     note: Hong Kong users joined too.
        ...   - id: xiaohongshu
        ...     zh: 小红书
        ...     pinyin: Xiǎohóngshū
        ...     en: RedNote
        ... ''', encoding="utf-8")
        >>> [(m.id, m.via) for m in Lookup(p).search("hóng")]
        [('xiaohongshu', 'pinyin'), ('hong-kong', 'en')]
        >>> [(m.id, m.via) for m in Lookup(p).search("users")]
        [('hong-kong', 'note')]
        """
        if not text.strip():
            raise UsageError("empty search text")
        query = _SearchQuery(text)
        key_hits: dict[int, list[tuple[str, str, str]]] = {}
        if query.key:
            rows = self.con.execute("SELECT concept, field, form, key FROM keys WHERE instr(key, ?) > 0", (query.key,))
            for rowid, how, form, key in rows:
                key_hits.setdefault(rowid, []).append((how, form, key))
        candidates = set(key_hits)
        for needle in dict.fromkeys((query.lowered, query.plain)):
            rows = self.con.execute("SELECT rowid FROM concepts WHERE instr(haystack, ?) > 0", (needle,))
            candidates.update(rowid for (rowid,) in rows)
        ranked = []
        for rowid in candidates:
            data = self._concept(rowid)
            hit = query.best(data, key_hits.get(rowid, []))
            if hit:
                ranked.append((hit, rowid, data))
        from glossary.terms.model import importance  # only search ranks by it: off the lookup path

        # by kind of hit (exact, whole word, prefix, substring, text), then the more central concept, then the closer hit
        ranked.sort(key=lambda r: (-math.floor(r[0][0] * 10 + 1e-9), -importance(r[2]), -r[0][0], r[1]))
        return [_concept_match(data, score, form, how) for (score, how, form), _, data in ranked[:limit]]

    def concepts(self, category: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
        """Every concept (as terms.yaml data), in file order, optionally filtered."""
        sql, args = "SELECT data FROM concepts WHERE 1", []
        if category:
            sql, args = sql + " AND category = ?", [*args, category]
        if status:
            sql, args = sql + " AND status = ?", [*args, status]
        return [json.loads(d) for (d,) in self.con.execute(sql + " ORDER BY rowid", args)]

    def show(self, concept_id: str) -> Match:
        row = self.con.execute("SELECT data FROM concepts WHERE id = ?", (concept_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no concept with id {concept_id!r}")
        return _concept_match(json.loads(row[0]), 1.0, None, "id")


#: A key's concepts: its own keys and its loose ones (matched whole: stems, parts, names in other orders).
_WHOLE = (
    "SELECT key, 0, concept, field, form, weight FROM keys WHERE key IN ({marks})"
    " UNION ALL SELECT key, 1, concept, field, form, weight FROM loose WHERE key IN ({marks})"
)
#: … only people (a name without its title).
_PEOPLE = (
    "SELECT key, 0, concept, field, form, weight FROM keys JOIN concepts c ON c.rowid = concept"
    " WHERE key IN ({marks}) AND c.category = 'person' UNION ALL"
    " SELECT key, 1, concept, field, form, weight FROM loose JOIN concepts c ON c.rowid = concept"
    " WHERE key IN ({marks}) AND c.category = 'person'"
)
#: The concepts of known terms inside a query: keys, stems and names (a part of a longer form is too loose).
_CONTAINED = (
    "SELECT key, concept, field, form, weight FROM keys WHERE key IN ({marks}) UNION ALL"
    " SELECT key, concept, field, form, weight FROM loose WHERE key IN ({marks}) AND field NOT LIKE 'part:%'"
)


#: A Chinese key this long (a law's or an office's name) is matched despite a few characters
#: written otherwise, as an English one is despite a typo.
LONG_CHINESE = 6


def typable(key: str) -> bool:
    """True for a key looked up despite a typo: no Chinese, Latin letters beside it (TiTok难民 for
    TikTok难民), or a long Chinese name (保護美國人免受外國對手控制應用法案).

    >>> typable("tiktok"), typable("tiktok难民"), typable("小红书"), typable("12306"), typable("外国对手控制应用")
    (True, True, False, True, True)
    """
    return not has_cjk(key) or any("a" <= c <= "z" for c in key) or len(key) >= LONG_CHINESE


def person_names(query: str) -> list[str]:
    """The names a query may give a person by: without its title (President Trump, 特朗普总统), and
    without its middle names (Donald J. Trump: Donald Trump). The other orders of a name need no
    search: the index holds them (:func:`glossary.terms.index.loose_keys`).

    >>> person_names("Senator Marco Rubio"), person_names("Donald J. Trump"), person_names("grace period")
    (['Marco Rubio'], ['Donald Trump'], [])
    """
    name = untitled(query)
    short = first_and_last(name or query.strip())
    return [n for n in (name, short) if n]


def _with_stem(keys: list[str], query: str) -> list[str]:
    """A query's keys, and then its key with every word stemmed (flocking to: flock to), if new."""
    stemmed = stem_key(query)
    return [*keys, stemmed] if stemmed and stemmed not in keys else keys


#: Particles that may close a Chinese phrase after its head (美国网友交猫税了), and the plural 们 (美国网友们).
_CLOSING_PARTICLES = "了啦呢吧啊呀吗嘛的们們"
#: A known term that ends a Chinese query (its head: 中美网友对账 is a kind of 对账) answers it at least this well.
HEAD_SCORE = 0.75


def chinese_head(key: str) -> str:
    """A folded Chinese query without the particles that may close it (the head ends it)."""
    return key.rstrip(_CLOSING_PARTICLES) if has_cjk(key[-1:]) else ""


def _contained_score(part: str, key: str, head: str) -> float:
    """How well a known term inside a query answers it: by the share of the query it covers; a
    Chinese term that ends the query is its head (Chinese phrases end in their head), at least
    :data:`HEAD_SCORE`, and a Chinese term before it less.

    >>> [round(_contained_score(p, "小红书对账", "小红书对账"), 2) for p in ("对账", "小红书")]
    [0.75, 0.74]
    """
    score = 0.55 + 0.35 * len(part) / len(key)
    if head and has_cjk(part[0]):  # in a Chinese phrase the head answers better than what qualifies it
        score = max(score, HEAD_SCORE) if head.endswith(part) else min(score, HEAD_SCORE - 0.01)
    return score


def inside_parts(query: str) -> set[str]:
    """The folded keys a query may hold as a known term: runs of whole words (Latin) and of
    two characters or more (Chinese), joined as they stand.

    >>> sorted(inside_parts("the RedNote app"))
    ['app', 'rednote', 'rednoteapp', 'the', 'therednote', 'therednoteapp']
    >>> "refuge" in inside_parts("refugee"), "小红书" in inside_parts("我在小红书上"), "小红书" in inside_parts("小红书app")
    (False, True, True)
    """
    return _parts([fold(r) for r in word_runs(query)])


def stem_parts(query: str) -> set[str]:
    """:func:`inside_parts` of a query with its words stemmed (:func:`glossary.text.normalize.stem_words`).

    >>> sorted(stem_parts("Chinese spies' memes"))
    ['chines', 'chinesspy', 'chinesspymeme', 'meme', 'spy', 'spymeme']
    """
    return _parts(stem_words(query))


def _parts(runs: list[str]) -> set[str]:
    runs = [r for r in runs if r]
    parts: set[str] = set()
    for i in range(len(runs)):
        for j in range(i + 1, len(runs) + 1):
            parts.add("".join(runs[i:j]))
    for run in runs:
        if has_cjk(run):
            parts.update(run[a:b] for a in range(len(run)) for b in range(a + 2, len(run) + 1))
    for left, right in zip(runs, runs[1:]):  # a Latin word and the Chinese beside it (TikTok难民潮来了)
        if has_cjk(right) and not has_cjk(left):
            parts.update(left + right[:b] for b in range(1, len(right)))
        elif has_cjk(left) and not has_cjk(right):
            parts.update(left[a:] + right for a in range(1, len(left)))
    return {p for p in parts if len(p) >= (2 if has_cjk(p) else 3)}


#: Fields searched as text (whole words, then substrings), after every form.
_TEXT_FIELDS = ("note", "literal", "gloss")
_WORD_SPLIT = re.compile(r"[\s\-_/·,;:()]+")


@lru_cache(maxsize=4096)
def _syllables(pinyin: str) -> list[str]:
    """A written pinyin's syllables, folded (a word that is not pinyin counts as one)."""
    from glossary.text.pinyin import Word, parse

    return [fold(s) for w in parse(pinyin) if isinstance(w, Word) for s in (w.syllables or [w.text])]


class _SearchQuery:
    """One search text, compared with a concept's fields (see :meth:`Lookup.search`)."""

    def __init__(self, text: str) -> None:
        self.text = text.strip()
        self.key = fold(self.text)
        self.lowered = unicodedata.normalize("NFC", self.text).casefold()
        self.plain = strip_tones(self.lowered)
        self.toned = self.plain != self.lowered

    def _form(self, form: str, words: list[str] | None = None) -> float:
        """0 (no hit) … 1 (the whole form) for a form whose words (folded) are ``words``
        (default: split at spaces, hyphens and punctuation)."""
        key = fold(form)
        if not self.key or self.key not in key:
            return 0.0
        if key == self.key:
            return 1.0
        if words is None:
            words = [fold(w) for w in _WORD_SPLIT.split(form)]
        ratio = 0.02 * len(self.key) / len(key)
        for i in range(len(words)):
            run = ""
            for word in words[i:]:
                run += word
                if run == self.key or (len(run) > 3 and singular(run) == self.key):
                    return 0.9 + ratio
                if len(run) >= len(self.key):
                    break
        if key.startswith(self.key):
            return 0.85 + ratio
        return 0.6 + ratio

    def _pinyin(self, pinyin: str) -> float:
        key = fold(pinyin)
        if not self.key or self.key not in key:
            return 0.0
        score = self._form(pinyin, [] if key == self.key else _syllables(pinyin))
        if score and self.toned and self.lowered in unicodedata.normalize("NFC", pinyin).casefold():
            score += 0.03  # the tones typed are the tones written
        return score

    def best(self, data: dict[str, Any], key_hits: list[tuple[str, str, str]]) -> tuple[float, str, str] | None:
        """(score, field, text matched) of the best hit in one concept, or None."""
        hits: list[tuple[float, str, str]] = []
        for name in ("zh", "zh_hant", "en"):
            form = data.get(name)
            if form:
                hits.append((self._form(form), name, form))
        if data.get("pinyin"):
            hits.append((self._pinyin(data["pinyin"]), "pinyin", data["pinyin"]))
        for alias in data.get("aliases", []):
            form = alias["text"]
            score = self._form(form)
            hits.append((score and score - 0.2, f"alias:{alias.get('kind', 'variant')}", form))
        score = self._form(data["id"])
        hits.append((score and score - 0.2, "id", data["id"]))
        for how, form, key in key_hits:  # keys made from the characters: their pinyin and initials
            if how in ("pinyin", "initials"):
                score = 1.0 if key == self.key else 0.85 if key.startswith(self.key) else 0.6
                hits.append((score - (0.25 if how == "initials" else 0.05), how, form))
        best = max(hits, default=(0.0, "", ""))
        if best[0] > 0:
            return best
        for name in _TEXT_FIELDS:
            value = data.get(name)
            folded = strip_tones(value).casefold() if value else ""
            for needle in dict.fromkeys((self.lowered, self.plain)):
                if needle and needle in folded:
                    whole = re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", folded) is not None
                    return (0.45 if whole else 0.4), name, value
        return None


def lookup(query: str, glossary_path: str | Path | None = None, limit: int = 10) -> list[Match]:
    """Shortcut: :meth:`Lookup.lookup` on the given (or default) glossary."""
    return Lookup(glossary_path).lookup(query, limit=limit)

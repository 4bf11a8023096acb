"""Finding concepts by any form: characters, pinyin, English, aliases, hashtags and typos.

Served from the SQLite index (see :mod:`glossary.index`); words the glossary
lacks fall back to CC-CEDICT, in both directions.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import NotFoundError, UsageError
from .index import dictionary_db, glossary_db
from .normalize import fold, has_cjk, query_keys

#: A query longer than this (folded) is not searched for the terms inside it.
MAX_CONTAINED = 60
EXACT = 0.9  # a glossary hit at or above this score needs no dictionary fallback


@dataclass
class Match:
    """One answer to a lookup, from the glossary or from the dictionary."""

    id: str
    origin: str
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


def _concept_match(data: dict[str, Any], score: float, form: str | None, via: str | None) -> Match:
    return Match(
        id=data["id"],
        origin="glossary",
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

    def __init__(self, glossary_path: str | Path | None = None):
        self.glossary_path = Path(glossary_path) if glossary_path else None
        self.con = glossary_db(self.glossary_path)
        self._dictionary: sqlite3.Connection | None = None
        self._fuzzy_keys: list[str] | None = None

    @property
    def dictionary(self) -> sqlite3.Connection:
        if self._dictionary is None:
            self._dictionary = dictionary_db()
        return self._dictionary

    # -- the glossary --------------------------------------------------------

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
        for n, key in enumerate(keys):
            for rowid, how, form, weight in self.con.execute("SELECT concept, field, form, weight FROM keys WHERE key = ?", (key,)):
                hit(rowid, weight * (1.0 if n == 0 else 0.97), how, form)
        key = keys[0]
        if len(key) >= 2:
            rows = self.con.execute(
                "SELECT concept, field, form, key FROM keys WHERE key > ? AND key < ? || char(1114111)", (key, key)
            )
            for rowid, how, form, longer in rows:
                hit(rowid, 0.55 + 0.3 * len(key) / len(longer), how, form)
        if len(key) >= (2 if has_cjk(key) else 3):
            rows = self.con.execute("SELECT concept, field, form, key FROM keys WHERE instr(key, ?) > 1", (key,))
            for rowid, how, form, longer in rows:
                hit(rowid, 0.45 + 0.3 * len(key) / len(longer), how, form)
        best = max((h[0] for h in hits.values()), default=0.0)
        if best < EXACT:
            for rowid, score, how, form in self._contained(key):
                hit(rowid, score, how, form)
            best = max((h[0] for h in hits.values()), default=0.0)
        if best < EXACT and len(key) >= 4 and not has_cjk(key):
            for rowid, score, how, form in self._fuzzy(key):
                hit(rowid, score, how, form)
        return hits

    def _contained(self, key: str) -> list[tuple[int, float, str, str]]:
        """Glossary terms written inside a longer query (小红书app, the RedNote app), longest first."""
        if len(key) < 3 or len(key) > MAX_CONTAINED:
            return []
        shortest = 2 if has_cjk(key) else 3
        parts = {key[i:j] for i in range(len(key)) for j in range(i + shortest, len(key) + 1) if j - i < len(key)}
        if not parts:
            return []
        marks = ",".join("?" * len(parts))
        rows = self.con.execute(f"SELECT key, concept, field, form, weight FROM keys WHERE key IN ({marks})", tuple(parts))
        return [(rowid, weight * (0.55 + 0.35 * len(part) / len(key)), f"contains:{how}", form) for part, rowid, how, form, weight in rows]

    def _fuzzy(self, key: str) -> list[tuple[int, float, str, str]]:
        from rapidfuzz import fuzz, process

        if self._fuzzy_keys is None:
            self._fuzzy_keys = [k for (k,) in self.con.execute("SELECT DISTINCT key FROM keys") if not has_cjk(k)]
        out = []
        for candidate, ratio, _ in process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=85, limit=10):
            for rowid, how, form, weight in self.con.execute("SELECT concept, field, form, weight FROM keys WHERE key = ?", (candidate,)):
                out.append((rowid, 0.85 * weight * ratio / 100, f"fuzzy:{how}", form))
        return out

    # -- the dictionary ------------------------------------------------------

    def _dictionary_hits(self, query: str) -> dict[int, float]:
        hits: dict[int, float] = {}

        def hit(rowid: int, score: float) -> None:
            hits[rowid] = max(hits.get(rowid, 0.0), score)

        db = self.dictionary
        q = query.strip()
        if has_cjk(q):
            for (rowid,) in db.execute("SELECT id FROM entries WHERE simplified = ? OR traditional = ?", (q, q)):
                hit(rowid, 0.88)
            for rowid, word in db.execute(
                "SELECT id, simplified FROM entries WHERE simplified > ? AND simplified < ? || char(1114111) LIMIT 50", (q, q)
            ):
                hit(rowid, 0.5 + 0.2 * len(q) / len(word))
            return hits
        for n, key in enumerate(query_keys(q)):
            for rowid, position in db.execute("SELECT entry, min(position) FROM en_keys WHERE key = ? GROUP BY entry", (key,)):
                hit(rowid, (0.72 if position == 0 else 0.66) - 0.02 * n)
            for (rowid,) in db.execute("SELECT entry FROM py_keys WHERE key = ?", (key,)):
                hit(rowid, 0.7 - 0.02 * n)
        if len(hits) < 5:
            words = [w for w in q.replace('"', " ").split() if w.isalnum()]
            if words:
                fts = " ".join(f'"{w}"' for w in words)
                for (rowid,) in db.execute("SELECT rowid FROM defs_fts WHERE defs_fts MATCH ? ORDER BY rank LIMIT 30", (fts,)):
                    hit(rowid, 0.45)
        return hits

    def _dictionary_match(self, rowid: int, score: float) -> Match:
        simp, trad, pinyin, marks, defs, freq = self.dictionary.execute(
            "SELECT simplified, traditional, pinyin, pinyin_marks, definitions, freq FROM entries WHERE id = ?", (rowid,)
        ).fetchone()
        definitions = json.loads(defs)
        if freq > 0:  # common words first: up to 0.1 for a very frequent word
            score += 0.1 * min(max(math.log10(freq * 1e9), 0.0), 8.0) / 8.0
        return Match(
            id=f"cc-cedict:{simp}:{pinyin.replace(' ', '')}",
            origin="cc-cedict",
            score=min(score, 0.99),
            zh=simp,
            zh_hant=trad,
            pinyin=marks,
            en=definitions[0] if definitions else None,
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
        matches = [_concept_match(self._concept(r), s, form, how) for r, (s, how, form) in hits.items()]
        best = max((m.score for m in matches), default=0.0)
        if dictionary and best < EXACT:
            known = {m.zh for m in matches if m.zh}
            for rowid, score in self._dictionary_hits(query).items():
                m = self._dictionary_match(rowid, score)
                if m.zh not in known:
                    matches.append(m)
        matches.sort(key=lambda m: (-m.score, m.origin != "glossary", m.id))
        return matches[:limit]

    def search(self, text: str, limit: int = 50) -> list[Match]:
        """Concepts with ``text`` in any field (forms, pinyin, note, gloss), prefix hits first."""
        needle = text.strip().casefold()
        if not needle:
            raise UsageError("empty search text")
        folded = fold(text)
        scores: dict[int, float] = {}
        for rowid, key in self.con.execute("SELECT concept, key FROM keys"):
            if folded and key == folded:
                score = 1.0
            elif folded and key.startswith(folded):
                score = 0.8
            elif folded and folded in key:
                score = 0.6
            else:
                continue
            scores[rowid] = max(scores.get(rowid, 0.0), score)
        for rowid, haystack in self.con.execute("SELECT rowid, haystack FROM concepts"):
            if needle in haystack or (folded and folded in haystack):
                scores[rowid] = max(scores.get(rowid, 0.0), 0.4)
        matches = [_concept_match(self._concept(r), s, None, "search") for r, s in scores.items()]
        matches.sort(key=lambda m: (-m.score, m.id))
        return matches[:limit]

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


def lookup(query: str, glossary_path: str | Path | None = None, limit: int = 10) -> list[Match]:
    """Shortcut: :meth:`Lookup.lookup` on the given (or default) glossary."""
    return Lookup(glossary_path).lookup(query, limit=limit)

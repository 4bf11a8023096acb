"""A terms file's lookup index: ``glossary-v<schema>-<hash>.sqlite`` in the cache folder, one per
terms file, rebuilt when the file's size or modification time changes."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from glossary import paths
from glossary.cachedb import SCHEMA, Progress, build, fresh, reporter, source_stamp
from glossary.text.normalize import fold, form_keys, has_cjk, strip_tones

if TYPE_CHECKING:
    from glossary.terms.model import Concept

# --- the glossary ----------------------------------------------------------------


def glossary_db(glossary_path: Path | None = None, progress: Progress | None = None) -> sqlite3.Connection:
    """A read-only connection to a terms file's index, rebuilt first if missing or stale."""
    source = paths.glossary_file(glossary_path)
    try:
        stamp = source_stamp(source)
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
        """
    )
    concept_rows, key_rows = [], []
    for rowid, concept in enumerate(concepts, start=1):
        keys = concept_keys(concept)
        for key, field, form, weight in keys:
            key_rows.append((key, rowid, field, form, weight))
        haystack = "\n".join(
            [*(t.casefold() for t in concept.forms()), *(k for k, *_ in keys)]
            + [strip_tones(t).casefold() for t in (concept.note, concept.literal, concept.gloss, concept.pinyin) if t]
        )
        data = json.dumps(concept.to_dict(), ensure_ascii=False)
        concept_rows.append((rowid, concept.id, concept.category, concept.status, data, haystack))
    con.executemany("INSERT INTO concepts VALUES (?,?,?,?,?,?)", concept_rows)
    con.executemany("INSERT INTO keys VALUES (?,?,?,?,?)", key_rows)
    con.execute("CREATE INDEX keys_key ON keys (key)")


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

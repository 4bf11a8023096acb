"""The SQLite lookup index, derived from terms.yaml and CC-CEDICT and rebuilt when either changes.

Two databases live in the cache directory:

- ``cedict-v*.sqlite``: the dictionary, built once per dictionary file;
- ``glossary-v*-<hash>.sqlite``: one per terms file, rebuilt when the file's
  size or modification time changes.

Opening an index only stats the source file and reads one row, so a fresh
index costs no YAML parsing and no heavy import.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from pathlib import Path
from typing import Callable, Iterable

from . import paths
from .normalize import fold, form_keys, has_cjk, strip_tones

SCHEMA = 5


def _stamp(source: Path) -> str:
    """The source file's identity for freshness; a loop or an unreadable path is one clear error (missing: FileNotFoundError)."""
    try:
        st = source.stat()
    except FileNotFoundError:
        raise
    except OSError as e:
        from .errors import UnusableFileError
        from .store import unusable_message

        raise UnusableFileError(unusable_message(source, e)) from None
    return f"{source.resolve()}|{st.st_mtime_ns}|{st.st_size}|{SCHEMA}"


def _fresh(db: Path, stamp: str) -> sqlite3.Connection | None:
    if not db.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        row = con.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
    except sqlite3.Error:
        return None
    if row and row[0] == stamp:
        return con
    con.close()
    return None


def _build(db: Path, stamp: str, fill: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """Build a database into a temporary file and move it into place atomically."""
    import contextlib
    import tempfile

    db.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=db.name + ".", suffix=".tmp", dir=db.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        fill(con)
        con.execute("INSERT INTO meta VALUES ('source', ?)", (stamp,))
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, db)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


# --- the dictionary ------------------------------------------------------------


def dictionary_db(cedict_path: Path | None = None) -> sqlite3.Connection:
    """A read-only connection to the CC-CEDICT index, built first if missing or stale."""
    from .cedict import data_path

    source = cedict_path or data_path()
    db = paths.cache_dir() / f"cedict-v{SCHEMA}.sqlite"
    stamp = _stamp(source)
    return _fresh(db, stamp) or _build(db, stamp, lambda con: _fill_dictionary(con, source))


def _fill_dictionary(con: sqlite3.Connection, source: Path) -> None:
    from pypinyin.contrib.tone_convert import to_tone
    from wordfreq import get_frequency_dict

    from .cedict import english_keys, entries

    freq = get_frequency_dict("zh")
    con.executescript(
        """
        CREATE TABLE entries (id INTEGER PRIMARY KEY, simplified TEXT, traditional TEXT,
                              pinyin TEXT, pinyin_marks TEXT, definitions TEXT, freq REAL);
        CREATE TABLE en_keys (key TEXT, entry INTEGER, position INTEGER);
        CREATE TABLE py_keys (key TEXT, entry INTEGER);
        """
    )
    rows, en_rows, py_rows = [], [], []
    for i, e in enumerate(entries(source), start=1):
        marks = join_syllables([to_tone(s.replace("u:", "v")) if s[-1:].isdigit() else s for s in e.pinyin.split()])
        rows.append((i, e.simplified, e.traditional, e.pinyin, marks, json.dumps(e.definitions, ensure_ascii=False), freq.get(e.simplified, 0.0)))
        for position, definition in enumerate(e.definitions):
            for key in english_keys(definition):
                en_rows.append((key, i, position))
        py_rows.append((fold("".join(c for c in e.pinyin if not c.isdigit())), i))
    con.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO en_keys VALUES (?,?,?)", en_rows)
    con.executemany("INSERT INTO py_keys VALUES (?,?)", py_rows)
    con.executescript(
        """
        CREATE INDEX entries_simplified ON entries (simplified);
        CREATE INDEX entries_traditional ON entries (traditional);
        CREATE INDEX en_keys_key ON en_keys (key);
        CREATE INDEX py_keys_key ON py_keys (key);
        CREATE VIRTUAL TABLE defs_fts USING fts5 (definitions, content='entries', content_rowid='id');
        INSERT INTO defs_fts (rowid, definitions) SELECT id, definitions FROM entries;
        """
    )


def join_syllables(syllables: list[str]) -> str:
    """Write pinyin syllables as words: joined, with a new word at each capital.

    >>> join_syllables(["Zì", "jié", "Tiào", "dòng"]), join_syllables(["nàn", "mín"])
    ('Zìjié Tiàodòng', 'nànmín')
    """
    out = ""
    for s in syllables:
        if out and (s[:1].isupper() or not s[:1].isalpha() or not out[-1:].isalpha()):
            out += " "
        out += s
    return out


# --- the glossary ----------------------------------------------------------------


def glossary_db(glossary_path: Path | None = None) -> sqlite3.Connection:
    """A read-only connection to a terms file's index, rebuilt first if missing or stale."""
    source = paths.glossary_file(glossary_path)
    try:
        stamp = _stamp(source)
    except FileNotFoundError:
        from .errors import NotFoundError

        raise NotFoundError(f"{source}: no such glossary file") from None
    digest = f"{zlib.crc32(str(source.resolve()).encode()):08x}"
    db = paths.cache_dir() / f"glossary-v{SCHEMA}-{digest}.sqlite"
    con = _fresh(db, stamp)
    if con:
        return con
    from . import store

    glossary = store.load(source)
    return _build(db, stamp, lambda c: fill_glossary(c, glossary.concepts))


def fill_glossary(con: sqlite3.Connection, concepts: Iterable) -> None:
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


def concept_keys(concept) -> list[tuple[str, str, str, float]]:
    """(key, field, form, weight) for every way of writing ``concept``."""
    from pypinyin import Style, lazy_pinyin

    from .chars import regional_forms

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

"""The CC-CEDICT index: the dictionary as SQLite, built once per install in the cache folder.

``cedict-v<schema>-<version>-<checksum>.sqlite`` is one file per package version and
dictionary data file, so that two installs sharing the cache never rebuild each
other's file; the data file's checksum is kept beside it in
``cedict-data-<hash>.json``, keyed by the file's path, size and modification time.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from glossary import __version__, paths
from glossary.cachedb import SCHEMA, Progress, build, fresh, read_meta, reporter

T = TypeVar("T")
_ASCII_DIGITS = str.maketrans("", "", "0123456789")

# --- the dictionary ------------------------------------------------------------


def dictionary_db(cedict_path: Path | None = None, progress: Progress | None = None) -> sqlite3.Connection:
    """A read-only connection to the CC-CEDICT index, built first if missing or stale.

    The index is named after the package version and the data file's checksum: each
    install keeps its own, and an install whose data file changes builds a new one.
    """
    from glossary.dictionary.cedict import data_path

    source = (cedict_path or data_path()).resolve()
    version = re.sub(r"[^A-Za-z0-9.]+", "_", __version__)
    checksum = data_checksum(source)
    db = paths.cache_dir() / f"cedict-v{SCHEMA}-{version}-{checksum[:16]}.sqlite"
    stamp = f"{SCHEMA}|{__version__}|{checksum}"
    con = fresh(db, stamp)
    if con:
        return con
    report = reporter(progress, f"building the CC-CEDICT index in {db.parent} (once per install)")
    meta = {"source": stamp, "data": str(source), "version": __version__, "checksum": checksum}

    def stale(other: Path) -> bool:
        """Another install's file is kept; this install's for a data file that changed, or one whose data is gone, is not."""
        theirs = read_meta(other)
        data = theirs.get("data")
        if not data or not Path(data).exists():
            return True
        return data == str(source) and theirs.get("version") == __version__ and theirs.get("checksum") != checksum

    report(0.0)
    with _collector_paused():
        con = build(db, meta, lambda c: _fill_dictionary(c, source, report), stale)
    _sweep_checksums(db.parent)
    report(1.0)
    return con


def _sweep_checksums(folder: Path) -> None:
    """Remove remembered checksums of data files that no longer exist."""
    for sidecar in folder.glob("cedict-data-*.json"):
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8")).get("path")
            if not data or not Path(data).exists():
                sidecar.unlink()
        except (OSError, ValueError, AttributeError):
            continue


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a build makes a million small tuples and no cycles,
    and the collector's passes over them would take a third of the build's time."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def data_checksum(source: Path) -> str:
    """The SHA-256 of a dictionary data file, remembered beside the index while the file's size and mtime stay."""
    st = source.stat()
    sidecar = paths.cache_dir() / f"cedict-data-{zlib.crc32(str(source).encode()):08x}.json"
    key = {"path": str(source), "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    try:
        known = json.loads(sidecar.read_text(encoding="utf-8"))
        if {k: known.get(k) for k in key} == key and isinstance(known.get("sha256"), str):
            return known["sha256"]
    except (OSError, ValueError):
        pass
    import hashlib

    from glossary.text.files import atomic_write

    checksum = hashlib.sha256(source.read_bytes()).hexdigest()
    try:
        sidecar.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(sidecar, json.dumps({**key, "sha256": checksum}) + "\n")
    except OSError:
        pass  # a read-only cache: computed again next time
    return checksum


def _fill_dictionary(con: sqlite3.Connection, source: Path, report: Callable[[float], None] = lambda f: None) -> None:
    """Write the entries, their English and pinyin keys, and the full-text index of definitions.

    Work is shared wherever CC-CEDICT repeats itself (320,000 syllables are ~2,500
    distinct ones; a third of the definitions occur more than once), and SQLite indexes
    the entries in a second thread while Python computes the lookup keys.
    """
    from itertools import count
    from json.encoder import encode_basestring as encode_string

    from glossary.dictionary.cedict import LINE, lines

    read = _in_thread(lines, source)  # zlib lets go of the GIL: the file is decompressed while the libraries load

    from pypinyin.contrib.tone_convert import to_tone
    from wordfreq import get_frequency_dict

    freq = get_frequency_dict("zh")
    con.executescript(
        """
        CREATE TABLE entries (id INTEGER PRIMARY KEY, simplified TEXT, traditional TEXT,
                              pinyin TEXT, pinyin_marks TEXT, definitions TEXT, freq REAL);
        CREATE TABLE en_keys (key TEXT, entry INTEGER, position INTEGER);
        CREATE TABLE py_keys (key TEXT, entry INTEGER);
        """
    )
    text = read()
    report(0.1)
    fields: list[tuple[str, ...]] = []  # (traditional, simplified, pinyin, definitions) of each entry
    chunk = max(len(text) // 10, 1)
    for start in range(0, len(text), chunk):
        report(0.1 + 0.2 * start / len(text))
        fields += [
            m.groups() for line in text[start : start + chunk] if not line.startswith("#") and (m := LINE.match(line))
        ]
    del text
    trads, simps, pinyins, raw = zip(*fields) if fields else ((), (), (), ())
    del fields
    definitions = [list(filter(None, d.split("/"))) for d in raw]
    report(0.35)
    written = [_written(p, to_tone) for p in pinyins]
    # what json.dumps(definitions, ensure_ascii=False) writes, without building an encoder per entry
    as_json = ["[" + ", ".join(map(encode_string, ds)) + "]" for ds in definitions]
    frequencies = [freq.get(s, 0.0) for s in simps]
    del freq  # wordfreq's table is large: let it go before the keys are built
    report(0.4)
    con.executemany(
        "INSERT INTO entries VALUES (?,?,?,?,?,?,?)",
        zip(count(1), simps, trads, pinyins, written, as_json, frequencies),
    )
    del trads, simps, raw, written, as_json, frequencies
    report(0.5)

    with _meanwhile(con, _ENTRY_INDEXES):
        en_rows = _english_rows(definitions, report)
    del definitions
    report(0.8)
    con.executemany("INSERT INTO en_keys VALUES (?,?,?)", en_rows)
    del en_rows
    report(0.85)
    with _meanwhile(con, "CREATE INDEX en_keys_key ON en_keys (key);"):
        py_rows = _pinyin_rows(pinyins)
    report(0.9)
    con.executemany("INSERT INTO py_keys VALUES (?,?)", py_rows)
    con.execute("CREATE INDEX py_keys_key ON py_keys (key)")


_ENTRY_INDEXES = """
    CREATE INDEX entries_simplified ON entries (simplified);
    CREATE INDEX entries_traditional ON entries (traditional);
    CREATE VIRTUAL TABLE defs_fts USING fts5 (definitions, content='entries', content_rowid='id');
    INSERT INTO defs_fts (rowid, definitions) SELECT id, definitions FROM entries;
"""


def _in_thread(function: Callable[..., T], *args: object) -> Callable[[], T]:
    """Start ``function(*args)`` in a thread; return what waits for its result (or raises its exception)."""
    import threading

    outcome: list = []

    def run() -> None:
        try:
            outcome.append((True, function(*args)))
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            outcome.append((False, e))

    worker = threading.Thread(target=run, name="glossary-index-read", daemon=True)
    worker.start()

    def result() -> T:
        worker.join()
        ok, value = outcome[0]
        if not ok:
            raise value
        return value

    return result


@contextmanager
def _meanwhile(con: sqlite3.Connection, script: str) -> Iterator[None]:
    """Run ``script`` in a worker thread while the block computes in Python (SQLite lets go of the GIL).

    The block must not use ``con``; if it fails, the script is interrupted.
    """
    import threading

    failed: list[BaseException] = []

    def run() -> None:
        try:
            con.executescript(script)
        except BaseException as e:  # noqa: BLE001 - handed to the calling thread
            failed.append(e)

    worker = threading.Thread(target=run, name="glossary-index")
    worker.start()
    try:
        yield
    except BaseException:
        con.interrupt()  # stop the worker's statement rather than wait for it
        raise
    finally:
        worker.join()
    if failed:
        raise failed[0]


_MARKS: dict[str, str] = {}  # numbered syllable -> the same with tone marks
_PLAIN: dict[str, str] = {}  # the same, for lower-case syllables that join the next without a space


def _written(pinyin: str, to_tone: Callable[[str], str]) -> str:
    """CC-CEDICT's numbered pinyin with tone marks, written as words; each distinct syllable is converted once."""
    try:  # most entries are lower-case syllables written as one word
        return "".join([_PLAIN[s] for s in pinyin.split()])
    except KeyError:
        from glossary.text.pinyin import join_syllables  # off the lookup path

        return join_syllables([_mark(s, to_tone) for s in pinyin.split()])


def _mark(syllable: str, to_tone: Callable[[str], str]) -> str:
    mark = _MARKS.get(syllable)
    if mark is None:
        mark = _MARKS[syllable] = to_tone(syllable.replace("u:", "v")) if syllable[-1:].isdigit() else syllable
        if mark[:1].isalpha() and not mark[:1].isupper() and mark[-1:].isalpha():
            _PLAIN[syllable] = mark
    return mark


def _english_rows(definitions: list[list[str]], report: Callable[[float], None]) -> list[tuple[str, int, int]]:
    """The (key, entry, position) rows of English keys; each distinct definition's keys are computed once."""
    from glossary.dictionary.cedict import english_keys

    distinct = list(dict.fromkeys(d for ds in definitions for d in ds))
    keys_of: dict[str, list[str]] = {}
    chunk = max(len(distinct) // 10, 1)
    for start in range(0, len(distinct), chunk):
        report(0.5 + 0.3 * start / len(distinct))
        keys_of.update((d, english_keys(d)) for d in distinct[start : start + chunk])
    return [
        (key, i, position)
        for i, ds in enumerate(definitions, start=1)
        for position, definition in enumerate(ds)
        for key in keys_of[definition]
    ]


def _pinyin_rows(pinyins: Iterable[str]) -> list[tuple[str, int]]:
    """The (key, entry) rows of toneless pinyin: ``nan4 min2`` is found as ``nanmin``."""
    from glossary.dictionary.cedict import fold_fast

    return [
        (fold_fast(p.translate(_ASCII_DIGITS) if p.isascii() else "".join(c for c in p if not c.isdigit())), i)
        for i, p in enumerate(pinyins, start=1)
    ]

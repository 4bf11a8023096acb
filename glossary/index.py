"""The SQLite lookup index, derived from terms.yaml and CC-CEDICT and rebuilt when either changes.

Two kinds of database live in the cache directory:

- ``cedict-v<schema>-<version>-<checksum>.sqlite``: the dictionary, one per package
  version and dictionary data file, so that two installs sharing the cache never
  rebuild each other's file; the data file's checksum is kept beside it in
  ``cedict-data-<hash>.json``, keyed by the file's path, size and modification time;
- ``glossary-v<schema>-<hash>.sqlite``: one per terms file, rebuilt when the file's
  size or modification time changes.

Opening an index only stats the source file and reads one row, so a fresh
index costs no YAML parsing and no heavy import. Building one reports its progress
to an optional callback (see :data:`Progress`); the library never prints.
Writing a new index removes the files it makes stale: older schemas, the
same install's index of a dictionary file that has changed since, and
temporary files a killed build left behind.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import zlib
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from . import __version__, paths
from .normalize import fold, form_keys, has_cjk, strip_tones

SCHEMA = 6

T = TypeVar("T")

#: Told how an index build goes: ``progress(message, fraction)``, with ``fraction``
#: 0.0 when the build starts and 1.0 when it is done. ``message`` says what is built
#: where, e.g. ``building the CC-CEDICT index in /home/me/.cache/glossary (once per install)``.
Progress = Callable[[str, float], None]

_progress: ContextVar[Progress | None] = ContextVar("glossary_index_progress", default=None)

_TEMP = re.compile(r"^(?:cedict|glossary)-v\d+.*\.sqlite\.(?:(\d+)-)?[^.]*\.tmp$")
_VERSIONED = re.compile(r"^(cedict|glossary)-v(\d+)[-.]")
_ASCII_DIGITS = str.maketrans("", "", "0123456789")
ABANDONED_AFTER = 3600.0  # seconds untouched after which a temporary file of unknown owner is dead


@contextmanager
def reporting(progress: Progress | None) -> Iterator[None]:
    """Within the block, index builds that are not given a ``progress`` callback report to this one.

    This reaches builds started deep inside the library (a lookup that falls back to the dictionary).
    """
    token = _progress.set(progress)
    try:
        yield
    finally:
        _progress.reset(token)


def _reporter(progress: Progress | None, message: str) -> Callable[[float], None]:
    report = progress or _progress.get()
    if report is None:
        return lambda fraction: None
    return lambda fraction: report(message, fraction)


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


def _build(
    db: Path, meta: dict[str, str], fill: Callable[[sqlite3.Connection], None], stale: Callable[[Path], bool]
) -> sqlite3.Connection:
    """Build a database into a temporary file, move it into place atomically, then sweep what it made stale.

    ``meta`` is written into the ``meta`` table (its ``source`` is the freshness stamp).
    """
    import contextlib
    import tempfile

    db.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{db.name}.{os.getpid()}-", suffix=".tmp", dir=db.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp, check_same_thread=False)  # a builder may hand it to a worker thread
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -65536")  # 64 MB: index creation sorts in memory
        con.execute("PRAGMA temp_store = MEMORY")
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        fill(con)
        con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        con.commit()
        con.close()
        os.replace(tmp, db)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    sweep(db.parent, keep=db, stale=stale)
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


# --- cleaning the cache --------------------------------------------------------


def sweep(folder: Path, keep: Path, stale: Callable[[Path], bool]) -> list[Path]:
    """Remove the index files of ``keep``'s kind that are stale, and abandoned temporary files; return them.

    Stale: an older schema, or what ``stale(path)`` says of another file of the current schema.
    """
    kind, schema = _VERSIONED.match(keep.name).groups()  # type: ignore[union-attr]
    removed = []
    for path in folder.iterdir():
        if path == keep:
            continue
        if _TEMP.match(path.name):
            dead = _abandoned(path)
        else:
            m = _VERSIONED.match(path.name)
            if not m or m[1] != kind or not path.name.endswith(".sqlite"):
                continue
            dead = int(m[2]) < int(schema) or (m[2] == schema and stale(path))
        if dead:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path)
    return removed


def _abandoned(tmp: Path) -> bool:
    """A temporary file whose build died: its process is gone, or (pid unknown) it is long untouched."""
    import time

    m = _TEMP.match(tmp.name)
    pid = int(m[1]) if m and m[1] else None
    if pid is not None and pid != os.getpid() and not paths.process_alive(pid):
        return True
    try:
        return time.time() - tmp.stat().st_mtime > ABANDONED_AFTER
    except FileNotFoundError:
        return False



def _meta(db: Path) -> dict[str, str]:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT key, value FROM meta"))
        finally:
            con.close()
    except sqlite3.Error:
        return {}


# --- the dictionary ------------------------------------------------------------


def dictionary_db(cedict_path: Path | None = None, progress: Progress | None = None) -> sqlite3.Connection:
    """A read-only connection to the CC-CEDICT index, built first if missing or stale.

    The index is named after the package version and the data file's checksum: each
    install keeps its own, and an install whose data file changes builds a new one.
    """
    from .cedict import data_path

    source = (cedict_path or data_path()).resolve()
    version = re.sub(r"[^A-Za-z0-9.]+", "_", __version__)
    checksum = data_checksum(source)
    db = paths.cache_dir() / f"cedict-v{SCHEMA}-{version}-{checksum[:16]}.sqlite"
    stamp = f"{SCHEMA}|{__version__}|{checksum}"
    con = _fresh(db, stamp)
    if con:
        return con
    report = _reporter(progress, f"building the CC-CEDICT index in {db.parent} (once per install)")
    meta = {"source": stamp, "data": str(source), "version": __version__, "checksum": checksum}

    def stale(other: Path) -> bool:
        """Another install's file is kept; this install's for a data file that changed, or one whose data is gone, is not."""
        theirs = _meta(other)
        data = theirs.get("data")
        if not data or not Path(data).exists():
            return True
        return data == str(source) and theirs.get("version") == __version__ and theirs.get("checksum") != checksum

    report(0.0)
    with _collector_paused():
        con = _build(db, meta, lambda c: _fill_dictionary(c, source, report), stale)
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

    from .store import atomic_write

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

    from .cedict import LINE, lines

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
        fields += [m.groups() for line in text[start : start + chunk] if not line.startswith("#") and (m := LINE.match(line))]
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
        "INSERT INTO entries VALUES (?,?,?,?,?,?,?)", zip(count(1), simps, trads, pinyins, written, as_json, frequencies)
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
    from .cedict import english_keys

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
    from .cedict import fold_fast

    return [
        (fold_fast(p.translate(_ASCII_DIGITS) if p.isascii() else "".join(c for c in p if not c.isdigit())), i)
        for i, p in enumerate(pinyins, start=1)
    ]


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


def glossary_db(glossary_path: Path | None = None, progress: Progress | None = None) -> sqlite3.Connection:
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

    report = _reporter(progress, f"building the glossary index of {source} in {db.parent}")
    report(0.0)
    glossary = store.load(source)
    report(0.5)
    con = _build(db, {"source": stamp}, lambda c: fill_glossary(c, glossary.concepts), stale=lambda other: False)
    report(1.0)
    return con


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

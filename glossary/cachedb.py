"""Derived SQLite files in the cache folder: built atomically, fresh while their source is unchanged, swept when stale.

Both indexes (CC-CEDICT's in :mod:`glossary.dictionary.index`, a terms file's in
:mod:`glossary.terms.index`) are such files. Opening one only stats the source and
reads one row; building one reports its progress to an optional callback (see
:data:`Progress`); the library never prints. Writing a new file removes the files
it makes stale: older schemas, and temporary files a killed build left behind.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Callable, Iterator

from glossary import paths

SCHEMA = 7  # 7: the CC-CEDICT English keys skip every sense the one sense filter names

#: Told how an index build goes: ``progress(message, fraction)``, with ``fraction``
#: 0.0 when the build starts and 1.0 when it is done. ``message`` says what is built
#: where, e.g. ``building the CC-CEDICT index in /home/me/.cache/glossary (once per install)``.
Progress = Callable[[str, float], None]

_progress: ContextVar[Progress | None] = ContextVar("glossary_index_progress", default=None)

#: a build's temporary file: ``.cedict-v7-….sqlite.<pid>.<random>.tmp`` (:func:`glossary.text.files.temp_path`),
#: or an older build's ``cedict-v6-….sqlite.<pid>-<random>.tmp``
_TEMP = re.compile(r"^\.?(?:cedict|glossary)-v\d+.*\.sqlite\.(?:(\d+)[-.])?[^.]*\.tmp$")
_VERSIONED = re.compile(r"^(cedict|glossary)-v(\d+)[-.]")
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


def reporter(progress: Progress | None, message: str) -> Callable[[float], None]:
    report = progress or _progress.get()
    if report is None:
        return lambda fraction: None
    return lambda fraction: report(message, fraction)


def source_stamp(source: Path) -> str:
    """The source file's identity for freshness; a loop or an unreadable path is one clear error (missing: FileNotFoundError)."""
    try:
        st = source.stat()
    except FileNotFoundError:
        raise
    except OSError as e:
        from glossary.errors import UnusableFileError
        from glossary.text.files import unusable_message

        raise UnusableFileError(unusable_message(source, e)) from None
    return f"{source.resolve()}|{st.st_mtime_ns}|{st.st_size}|{SCHEMA}"


def fresh(db: Path, stamp: str) -> sqlite3.Connection | None:
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


def build(
    db: Path, meta: dict[str, str], fill: Callable[[sqlite3.Connection], None], stale: Callable[[Path], bool]
) -> sqlite3.Connection:
    """Build a database into a temporary file, move it into place atomically, then sweep what it made stale.

    ``meta`` is written into the ``meta`` table (its ``source`` is the freshness stamp).
    """
    import contextlib

    from glossary.text.files import temp_path

    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(db)
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


def read_meta(db: Path) -> dict[str, str]:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT key, value FROM meta"))
        finally:
            con.close()
    except sqlite3.Error:
        return {}


# --- plain data derived from slow sources ----------------------------------------


#: The folder of :func:`derived` values, inside the cache folder.
DERIVED = "derived"


def derived(name: str, key: str, build: Callable[[], Any]) -> Any:
    """Plain data (dicts, lists, sets, strings, numbers) that takes long to derive from its sources,
    kept in the cache folder as ``derived/<name>-<digest of key>.marshal`` and read back while ``key``
    (the sources' versions or hashes) is unchanged: a new key's file replaces the old ones of ``name``.

    A file that cannot be read is derived again; a value marshal cannot write, or a cache folder that
    cannot be written, is derived and not kept. ``build``'s errors propagate, and nothing is kept.
    """
    import hashlib
    import marshal

    folder = paths.cache_dir() / DERIVED
    digest = hashlib.sha256(f"{SCHEMA}|{key}".encode()).hexdigest()[:20]
    path = folder / f"{name}-{digest}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    try:
        data = marshal.dumps(value)
    except ValueError:  # not plain data (a date in YAML): derived every time
        return value
    try:
        _keep(path, data)
    except OSError:  # a read-only cache: derived every time
        pass
    return value


def _keep(path: Path, data: bytes) -> None:
    """Write ``path`` atomically, then remove the other files of its name (older keys)."""
    import contextlib

    from glossary.text.files import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data, error=lambda e: e)
    name = path.name.rsplit("-", 1)[0]
    for other in path.parent.glob(f"{name}-*.marshal"):
        if other != path and other.name.rsplit("-", 1)[0] == name:
            with contextlib.suppress(OSError):
                other.unlink()

"""Exports: the glossary as Anki decks, documentation, exchange formats and one HTML page.

Every format is an exporter in one registry (:mod:`glossary.export.registry`);
the built-in ones register themselves below through the same :func:`register`
call a plugin uses. An export is derived from terms.yaml only and reproducible:
the same glossary gives the same bytes.

>>> import tempfile, pathlib
>>> from glossary.terms.store import load
>>> g = load(pathlib.Path(__file__).parents[2] / "tests" / "data" / "sample_terms.yaml")
>>> text = export(g, "omegat-zh-en", categories=["platform"]).decode()
>>> text.splitlines()[1].split("\\t")
['小红书', 'RedNote', 'Xiǎohóngshū']
>>> export(g, "json") == export(g, "json")
True
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from glossary.errors import NotFoundError, OutputError, UsageError
from glossary.export.common import cleaned, ordered, timestamp_of
from glossary.export.registry import (
    ENTRY_POINT_GROUP,
    ExportData,
    Exporter,
    get,
    names,
    register,
    unregister,
)
from glossary.terms.model import CATEGORIES, STATUSES
from glossary.text.files import atomic_write
from glossary.text.normalize import clean_text

if TYPE_CHECKING:
    from glossary.terms.store import Glossary

__all__ = [
    "ENTRY_POINT_GROUP",
    "ExportData",
    "Exporter",
    "data_for",
    "export",
    "get",
    "names",
    "register",
    "target",
    "unregister",
    "write",
]


def data_for(glossary: Glossary, categories: Iterable[str] = (), statuses: Iterable[str] = ()) -> ExportData:
    """The :class:`ExportData` of a loaded glossary, filtered by category and status.

    Raises :class:`UsageError` for an unknown category or status and
    :class:`NotFoundError` when the filters leave nothing to export.
    """
    categories, statuses = list(categories or ()), list(statuses or ())
    for value, allowed, what in [(c, CATEGORIES, "category") for c in categories] + [
        (s, STATUSES, "status") for s in statuses
    ]:
        if value not in allowed:
            raise UsageError(f"unknown {what} {value!r} (expected one of: {', '.join(allowed)})")
    concepts = [
        c
        for c in glossary.concepts
        if (not categories or c.category in categories) and (not statuses or c.status in statuses)
    ]
    if not concepts and (categories or statuses):
        raise NotFoundError(
            "no concept matches "
            + " and ".join(
                x
                for x in (
                    f"category {', '.join(categories)}" if categories else "",
                    f"status {', '.join(statuses)}" if statuses else "",
                )
                if x
            )
        )
    return ExportData(
        concepts=tuple(ordered(cleaned(c) for c in concepts)),
        name=clean_text(glossary.name) if glossary.name else glossary.name,
        description=clean_text(glossary.description) if glossary.description else glossary.description,
        timestamp=timestamp_of(glossary.path),
    )


def export(glossary: Glossary, fmt: str, categories: Iterable[str] = (), statuses: Iterable[str] = ()) -> bytes:
    """The glossary in format ``fmt`` as bytes."""
    exporter = get(fmt)
    return exporter(data_for(glossary, categories, statuses))


def target(path: str | os.PathLike[str], suffix: str) -> Path:
    """Where ``-o PATH`` writes: a folder (one that exists, or a path ending in ``/``, created
    here if missing) gets the format's default file name, ``glossary<suffix>``; anything else is the file.

    Raises :class:`NotFoundError` when the folder the file goes in does not exist.
    """
    text = os.fspath(path)
    p = Path(text)
    if text.endswith(("/", os.sep)) or p.is_dir():
        if not p.is_dir():
            if not p.parent.is_dir():
                raise NotFoundError(f"{p.parent}: no such directory")
            try:
                p.mkdir()
            except FileExistsError:
                raise OutputError(f"{text}: not a directory") from None
        return p / f"glossary{suffix}"
    return p


def _kind(mode: int) -> str | None:
    """What a special file is, or None for a regular file (or a folder, refused elsewhere)."""
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return name
    return None


def write(path: str | os.PathLike[str], content: bytes) -> Path:
    """Write ``content`` to ``path`` atomically (a reader sees the old file or the new one); return the file written.

    A symbolic link is followed and kept: its target is replaced. A device, FIFO or socket
    is refused with :class:`~glossary.errors.OutputError` (never replaced by a regular file, never written through).
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))  # write the file the link names, keep the link
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as e:
        raise OutputError(f"{path}: cannot write: {e.strerror}") from None
    if mode is not None and _kind(mode):
        raise OutputError(f"{path} is {_kind(mode)}, not a file: not writing to it")
    if not path.parent.is_dir():
        raise NotFoundError(f"{path.parent}: no such directory")
    atomic_write(path, content, error=lambda e: OutputError(f"{path}: cannot write: {e.strerror or e}"))
    return path


# The built-in formats: each module calls register(name, Exporter(...)) when imported.
from glossary.export import anki, csv, html, json, markdown, mkdocs, omegat, pleco, rst, tbx  # noqa: E402,F401

"""Exports: the glossary as Anki decks, documentation, exchange formats and one HTML page.

Every format is an exporter in one registry (:mod:`glossary.export.registry`);
the built-in ones register themselves below through the same :func:`register`
call a plugin uses. An export is derived from terms.yaml only and reproducible:
the same glossary gives the same bytes.

>>> import tempfile, pathlib
>>> from glossary.store import load
>>> g = load(pathlib.Path(__file__).parents[2] / "tests" / "data" / "sample_terms.yaml")
>>> text = export(g, "omegat-zh-en", categories=["platform"]).decode()
>>> text.splitlines()[1].split("\\t")
['小红书', 'RedNote', 'Xiǎohóngshū']
>>> export(g, "json") == export(g, "json")
True
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..errors import NotFoundError, UsageError
from ..model import CATEGORIES, STATUSES
from .common import ordered, timestamp_of
from .registry import ENTRY_POINT_GROUP, ExportData, Exporter, PluginError, get, names, register, unregister

if TYPE_CHECKING:
    from ..store import Glossary

__all__ = [
    "ENTRY_POINT_GROUP", "ExportData", "Exporter", "PluginError",
    "data_for", "export", "get", "names", "register", "unregister", "write",
]


def data_for(glossary: Glossary, categories: Iterable[str] = (), statuses: Iterable[str] = ()) -> ExportData:
    """The :class:`ExportData` of a loaded glossary, filtered by category and status.

    Raises :class:`UsageError` for an unknown category or status and
    :class:`NotFoundError` when the filters leave nothing to export.
    """
    categories, statuses = list(categories or ()), list(statuses or ())
    for value, allowed, what in [(c, CATEGORIES, "category") for c in categories] + [(s, STATUSES, "status") for s in statuses]:
        if value not in allowed:
            raise UsageError(f"unknown {what} {value!r} (expected one of: {', '.join(allowed)})")
    concepts = [
        c for c in glossary.concepts
        if (not categories or c.category in categories) and (not statuses or c.status in statuses)
    ]
    if not concepts and (categories or statuses):
        raise NotFoundError("no concept matches " + " and ".join(
            x for x in (f"category {', '.join(categories)}" if categories else "",
                        f"status {', '.join(statuses)}" if statuses else "") if x))
    return ExportData(
        concepts=tuple(ordered(concepts)),
        name=glossary.name,
        description=glossary.description,
        timestamp=timestamp_of(glossary.path),
    )


def export(glossary: Glossary, fmt: str, categories: Iterable[str] = (), statuses: Iterable[str] = ()) -> bytes:
    """The glossary in format ``fmt`` as bytes."""
    exporter = get(fmt)
    return exporter(data_for(glossary, categories, statuses))


def write(path: str | os.PathLike[str], content: bytes) -> Path:
    """Write ``content`` to ``path`` atomically (a reader sees the old file or the new one)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise NotFoundError(f"{path.parent}: no such directory")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


# The built-in formats: each module calls register(name, Exporter(...)) when imported.
from . import anki, csv, html, json, markdown, mkdocs, omegat, rst, tbx  # noqa: E402,F401

"""Imports: a termbase, a CAT tool's glossary or a learner's flashcards read as candidate concepts.

Every format is an :class:`Importer` in one registry (a :class:`glossary.registry.Registry`,
entry-point group ``glossary.importers``): a module with ``parse(path) -> Imported``
(:mod:`glossary.imports.model`), the file suffixes it owns and, for files whose suffix says
nothing (``.txt``), a test of the file's first lines. A built-in format is one
:func:`register` line below; a plugin declares an entry point whose object is an
:class:`Importer` (or a plain ``parse`` function)::

    [project.entry-points."glossary.importers"]
    myformat = "mypackage.termbase:importer"

:func:`read` picks the format (``--format``, else the suffix, else the content), parses the
file and reports each skipped row as a warning naming the file and line; a file that cannot
be read as that format at all is an :class:`~glossary.errors.UnusableFileError`. The
concepts then go through the same merge as ``glossary build`` (:mod:`glossary.curate.merge`).

>>> names()
['csv', 'tsv', 'pleco', 'omegat', 'tbx']
>>> format_for("termbase.csv"), format_for("flashcards.txt", "//Slang\\n小红书[小紅書]\\txiao3hong2shu1\\tRedNote\\n")
('csv', 'pleco')
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from glossary.errors import PluginError, UnusableFileError, UsageError
from glossary.imports.model import Imported, Skipped
from glossary.registry import Registry
from glossary.report import warn

__all__ = [
    "ENTRY_POINT_GROUP",
    "IMPORTERS",
    "Imported",
    "Importer",
    "Skipped",
    "detect",
    "format_for",
    "get",
    "names",
    "read",
    "register",
]

ENTRY_POINT_GROUP = "glossary.importers"


@dataclass(frozen=True)
class Importer:
    """A named input format: its parser (a function, or ``"module:function"`` imported when first
    used), the suffixes it owns, a one-line description, and ``sniff(head) -> bool`` telling its
    files by their first lines (decoded) when the suffix does not."""

    parse: Callable[[Path], Imported] | str
    suffixes: tuple[str, ...] = ()
    description: str = ""
    sniff: Callable[[str], bool] | str | None = None

    def __call__(self, path: Path) -> Imported:
        return _resolve(self.parse)(path)

    def recognises(self, head: str) -> bool:
        """Whether a file that begins with ``head`` looks like this format."""
        return bool(self.sniff and _resolve(self.sniff)(head))


def _resolve(target: Callable[..., Any] | str) -> Callable[..., Any]:
    if callable(target):
        return target
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _as_importer(name: str, obj: Any) -> Importer:
    if isinstance(obj, Importer):
        return obj
    if callable(obj):
        doc = (getattr(obj, "__doc__", None) or "").strip().splitlines()
        return Importer(obj, tuple(getattr(obj, "suffixes", ())), doc[0] if doc else "")
    raise PluginError(f"importer {name!r} is a {type(obj).__name__}, not an Importer or a function")


#: The import formats, in the order a file's content is tested against them.
IMPORTERS: Registry[Importer] = Registry("importer", ENTRY_POINT_GROUP, coerce=_as_importer, label="import format")


def register(name: str, importer: Importer | Callable[[Path], Imported], *, replace: bool = False) -> None:
    """Make ``importer`` available as ``glossary import --format NAME``."""
    IMPORTERS.register(name, importer, replace=replace)


def names() -> list[str]:
    """Every import format: the built-in ones, then installed plugins."""
    return IMPORTERS.names()


def get(name: str) -> Importer:
    """The importer called ``name`` (a plugin is loaded the first time it is asked for)."""
    return IMPORTERS.get(name)


#: Bytes of a file looked at to tell its format.
HEAD_SIZE = 8192


def _loaded() -> dict[str, Importer]:
    """Every importer that loads; a plugin that does not is a warning, not the end of every import."""
    out = {}
    for name in names():
        try:
            out[name] = get(name)
        except PluginError as e:
            warn(str(e))
    return out


def format_for(path: str | Path, head: str | None = None) -> str:
    """The format of a file: the one that owns its suffix, else the first whose ``sniff`` accepts
    ``head`` (the file's first lines). :class:`UsageError` when neither tells."""
    suffix = Path(path).suffix.lower()
    importers = _loaded()
    for name, importer in importers.items():
        if suffix in importer.suffixes:
            return name
    if head is not None:
        for name, importer in importers.items():
            if importer.recognises(head):
                return name
    raise UsageError(f"{path}: cannot tell its format; give --format ({', '.join(names())})")


def detect(path: str | Path) -> str:
    """The format of an import file, by :func:`format_for` from its suffix or first lines."""
    from glossary.imports.source import head_of

    path = Path(path)
    suffix = path.suffix.lower()
    if any(suffix in importer.suffixes for importer in _loaded().values()):
        return format_for(path)
    return format_for(path, head_of(path))


def read(path: str | Path, fmt: str | None = None) -> Imported:
    """The concepts of an import file in format ``fmt`` (None: found out by :func:`format_for`).

    Each skipped row is a warning (``FILE:LINE: skipped: why``); a file with nothing to import
    is an :class:`UnusableFileError`.
    """
    path = Path(path)
    name = fmt or detect(path)
    imported = get(name)(path)
    for skipped in imported.skipped:
        warn(
            f"{path}:{skipped.line}: skipped: {skipped.reason}"
            if skipped.line
            else f"{path}: skipped: {skipped.reason}"
        )
    if not imported.concepts:
        rows = len(imported.skipped)
        why = f"every row was skipped ({rows})" if rows else "no terms in it"
        raise UnusableFileError(f"{path}: nothing to import: {why}")
    return imported


# The built-in formats, one line each; the module of each exposes parse(path) -> Imported.
register(
    "csv",
    Importer(
        "glossary.imports.table:parse_csv",
        (".csv",),
        "CSV: the csv export or a termbase with a header (en,zh / English,Chinese / term,translation)",
        "glossary.imports.table:sniff_csv",
    ),
)
register(
    "tsv",
    Importer(
        "glossary.imports.table:parse_tsv",
        (".tsv",),
        "TSV: the tsv export or a tab-separated termbase with a header",
        "glossary.imports.table:sniff_tsv",
    ),
)
register(
    "pleco",
    Importer(
        "glossary.imports.pleco:parse",
        (),
        "Pleco flashcards: 汉字[繁體]<TAB>pinyin<TAB>definition, //categories",
        "glossary.imports.pleco:sniff",
    ),
)
register(
    "omegat",
    Importer(
        "glossary.imports.omegat:parse",
        (".utf8",),
        "OmegaT glossary: source<TAB>target<TAB>comment, # comments",
        "glossary.imports.omegat:sniff",
    ),
)
register(
    "tbx",
    Importer(
        "glossary.imports.tbx:parse",
        (".tbx",),
        "TBX: TBX-Basic (ed-2, DCA) or TBX v2 (martif), tig and ntig terms",
        "glossary.imports.tbx:sniff",
    ),
)

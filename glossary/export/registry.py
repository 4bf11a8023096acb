"""The exporters' registry (a :class:`glossary.registry.Registry`): built-in formats and plugins register the same way.

An exporter turns an :class:`ExportData` (the filtered, ordered concepts of a
glossary) into bytes. Built-in formats call :func:`register` when their module is
imported; third-party packages declare an entry point in the group
``glossary.exporters`` whose object is an :class:`Exporter` (or a plain function
``render(data) -> bytes | str``), loaded only when its name is asked for::

    [project.entry-points."glossary.exporters"]
    myformat = "mypackage.export:exporter"

>>> register("shout", Exporter(lambda data: " ".join(c.id.upper() for c in data.concepts),
...                            suffix=".txt", description="ids in capitals"))
>>> "shout" in names()
True
>>> get("shout").suffix
'.txt'
>>> unregister("shout")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from glossary.errors import PluginError
from glossary.registry import Registry
from glossary.terms.model import Concept

__all__ = [
    "ENTRY_POINT_GROUP",
    "EXPORTERS",
    "ExportData",
    "Exporter",
    "PluginError",
    "get",
    "names",
    "register",
    "unregister",
]

ENTRY_POINT_GROUP = "glossary.exporters"


@dataclass(frozen=True)
class ExportData:
    """What an exporter gets: the concepts to write, in a stable order, and the glossary's metadata.

    ``timestamp`` (seconds since the epoch) is the only time an exporter may write:
    ``$SOURCE_DATE_EPOCH`` when set, else the terms file's modification time, so the
    same file always gives the same bytes. (The Anki deck's notes also carry the times
    its ledger gave their content: see :mod:`glossary.export.anki`.)
    """

    concepts: tuple[Concept, ...]
    name: str = ""
    description: str = ""
    timestamp: int = 0


Render = Callable[[ExportData], "bytes | str"]


@dataclass(frozen=True)
class Exporter:
    """A named output format: a render function, the usual file suffix and a one-line description."""

    render: Render
    suffix: str = ".txt"
    description: str = ""
    binary: bool = False

    def __call__(self, data: ExportData) -> bytes:
        out = self.render(data)
        return out.encode("utf-8") if isinstance(out, str) else bytes(out)


def _as_exporter(name: str, obj: Any) -> Exporter:
    if isinstance(obj, Exporter):
        return obj
    if callable(obj):
        doc = (getattr(obj, "__doc__", None) or "").strip().splitlines()
        return Exporter(
            render=obj,
            suffix=getattr(obj, "suffix", ".txt"),
            description=getattr(obj, "description", doc[0] if doc else ""),
            binary=bool(getattr(obj, "binary", False)),
        )
    raise PluginError(f"exporter {name!r} is a {type(obj).__name__}, not an Exporter or a function")


#: The exporters: the built-in formats register when :mod:`glossary.export` is imported.
EXPORTERS: Registry[Exporter] = Registry(
    "exporter", ENTRY_POINT_GROUP, coerce=_as_exporter, label="export format", sort=True
)


def register(name: str, exporter: Exporter | Render, *, replace: bool = False) -> None:
    """Make ``exporter`` available as ``glossary export --format NAME``.

    Registering a name twice is an error unless ``replace`` is true.
    """
    EXPORTERS.register(name, exporter, replace=replace)


def unregister(name: str) -> None:
    """Forget a registered exporter (for tests and plugins that replace a format)."""
    EXPORTERS.unregister(name)


def names() -> list[str]:
    """Every exporter name: registered ones and installed plugins (plugins are not imported)."""
    return EXPORTERS.names()


def get(name: str) -> Exporter:
    """The exporter called ``name``; a plugin is imported the first time it is asked for."""
    return EXPORTERS.get(name)

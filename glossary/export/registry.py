"""The one registry of exporters: built-in formats and plugins register the same way.

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

from glossary.errors import PluginError, UsageError
from glossary.terms.model import Concept

ENTRY_POINT_GROUP = "glossary.exporters"


@dataclass(frozen=True)
class ExportData:
    """What an exporter gets: the concepts to write, in a stable order, and the glossary's metadata.

    ``timestamp`` (seconds since the epoch) is the only time an exporter may write:
    ``$SOURCE_DATE_EPOCH`` when set, else the terms file's modification time, so the
    same file always gives the same bytes.
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


_registry: dict[str, Exporter] = {}
_plugins_loaded: dict[str, Exporter] = {}


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


def register(name: str, exporter: Exporter | Render, *, replace: bool = False) -> None:
    """Make ``exporter`` available as ``glossary export --format NAME``.

    Registering a name twice is an error unless ``replace`` is true.
    """
    if not name or any(c.isspace() for c in name):
        raise UsageError(f"exporter name {name!r} must be a non-empty word")
    if name in _registry and not replace:
        raise UsageError(f"an exporter named {name!r} is already registered")
    _registry[name] = _as_exporter(name, exporter)


def unregister(name: str) -> None:
    """Forget a registered exporter (for tests and plugins that replace a format)."""
    _registry.pop(name, None)
    _plugins_loaded.pop(name, None)


def _entry_points() -> dict[str, Any]:
    """Entry points of the ``glossary.exporters`` group by name, not loaded."""
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def names() -> list[str]:
    """Every exporter name: registered ones and installed plugins (plugins are not imported)."""
    return sorted(set(_registry) | set(_plugins_loaded) | set(_entry_points()))


def get(name: str) -> Exporter:
    """The exporter called ``name``; a plugin is imported the first time it is asked for."""
    if name in _registry:
        return _registry[name]
    if name in _plugins_loaded:
        return _plugins_loaded[name]
    ep = _entry_points().get(name)
    if ep is None:
        raise UsageError(f"unknown export format {name!r} (known: {', '.join(names())})")
    try:
        obj = ep.load()
    except Exception as e:  # a broken plugin must not crash the command with a traceback
        raise PluginError(f"cannot load exporter {name!r} from {ep.value}: {type(e).__name__}: {e}") from e
    exporter = _as_exporter(name, obj)
    _plugins_loaded[name] = exporter
    return exporter

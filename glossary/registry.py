"""Registries: named components that built-in modules and plugins add the same way.

One :class:`Registry` holds one kind of component (exporters, readers, term finders).
Built-in components call :meth:`Registry.register` when their module is imported (the
registry imports its ``builtins`` modules the first time it is asked anything);
third-party packages declare an entry point in the registry's group, loaded only
when its name is asked for, or when every component is (:meth:`Registry.all`)::

    [project.entry-points."glossary.finders"]
    hashtags = "mypackage.finders:finder"

A plugin that cannot be imported is a :class:`~glossary.errors.PluginError`, never a traceback.
(Modelled on spaCy's ``catalogue`` registries, whose entry-point groups are named
``namespace_kind``; ours keep the dotted names the exporters have always used.)

>>> shouts = Registry("shout", "glossary.test-shouts")
>>> shouts.register("upper", str.upper)
>>> shouts.get("upper")("RedNote"), "upper" in shouts, shouts.names()
('REDNOTE', True, ['upper'])
>>> shouts.get("lower")
Traceback (most recent call last):
...
glossary.errors.UsageError: unknown shout 'lower' (known: upper)
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Generic, Iterator, TypeVar

from glossary.errors import PluginError, UsageError

T = TypeVar("T")


class Registry(Generic[T]):
    """Named components of one kind, in registration order; entry points of ``group`` are plugins.

    ``coerce(name, obj)`` turns what was registered (or what a plugin's entry point names)
    into the component, raising :class:`PluginError` for anything else; ``label`` names a
    component in "unknown …" messages (default: ``kind``); ``builtins``: the modules that
    register the built-in components, imported on first use; ``sort``: names in alphabetical
    order rather than in the order of registration.
    """

    def __init__(
        self,
        kind: str,
        group: str,
        *,
        coerce: Callable[[str, Any], T] | None = None,
        label: str = "",
        builtins: tuple[str, ...] = (),
        sort: bool = False,
    ) -> None:
        self.kind = kind
        self.group = group
        self.label = label or kind
        self._coerce = coerce
        self._builtins = builtins
        self._sort = sort
        self._registered: dict[str, T] = {}
        self._plugins: dict[str, T] = {}
        self._loading = False
        self._entry_points: tuple[tuple[str, ...], dict[str, Any]] | None = None
        #: Changes whenever a component comes or goes (for callers that cache what they derive).
        self.version = 0

    def _ready(self) -> None:
        """Import the modules of the built-in components, once."""
        if self._builtins and not self._loading:
            self._loading = True
            for module in self._builtins:
                importlib.import_module(module)

    def _as(self, name: str, obj: Any) -> T:
        return self._coerce(name, obj) if self._coerce else obj

    def register(self, name: str, component: Any, *, replace: bool = False) -> None:
        """Add ``component`` as ``name``; registering a name twice is an error unless ``replace``."""
        if not name or any(c.isspace() for c in name):
            raise UsageError(f"{self.kind} name {name!r} must be a non-empty word")
        if name in self._registered and not replace:
            article = "an" if self.kind[:1] in "aeiou" else "a"
            raise UsageError(f"{article} {self.kind} named {name!r} is already registered")
        self._registered[name] = self._as(name, component)
        self._plugins.pop(name, None)
        self.version += 1

    def unregister(self, name: str) -> None:
        """Forget a component (for tests and plugins that replace one)."""
        self._registered.pop(name, None)
        self._plugins.pop(name, None)
        self.version += 1

    def entry_points(self) -> dict[str, Any]:
        """The group's entry points by name, not loaded (looked up once per ``sys.path``: reading
        every installed distribution's metadata costs about 50 ms each time)."""
        import sys
        from importlib.metadata import entry_points

        where = tuple(sys.path)
        if self._entry_points is None or self._entry_points[0] != where:
            self._entry_points = (where, {ep.name: ep for ep in entry_points(group=self.group)})
        return self._entry_points[1]

    def names(self) -> list[str]:
        """Every name: registered ones in order, then installed plugins by name (plugins are not imported)."""
        self._ready()
        known = [*self._registered, *(n for n in self._plugins if n not in self._registered)]
        known += sorted(set(self.entry_points()) - set(known))
        return sorted(known) if self._sort else known

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.names()

    def get(self, name: str) -> T:
        """The component called ``name``; a plugin is imported the first time it is asked for."""
        self._ready()
        if name in self._registered:
            return self._registered[name]
        if name in self._plugins:
            return self._plugins[name]
        ep = self.entry_points().get(name)
        if ep is None:
            raise UsageError(f"unknown {self.label} {name!r} (known: {', '.join(self.names())})")
        return self._load(name, ep)

    def _load(self, name: str, ep: Any) -> T:
        try:
            obj = ep.load()
        except Exception as e:  # a broken plugin must not crash the command with a traceback
            raise PluginError(f"cannot load {self.kind} {name!r} from {ep.value}: {type(e).__name__}: {e}") from e
        component = self._as(name, obj)
        self._plugins[name] = component
        self.version += 1
        return component

    def all(self) -> dict[str, T]:
        """Every component by name, in the order of :meth:`names`, plugins loaded."""
        return {name: self.get(name) for name in self.names()}

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

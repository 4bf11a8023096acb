"""Term finders: what spots the candidate forms of a text, one registered finder per kind of evidence.

The pipeline runs every finder in :data:`FINDERS` on every unit of the corpus: the
English names, brands and coinages (:mod:`glossary.extract.english`), the text's own
naming statements (:mod:`glossary.extract.statements`) and the Chinese words and new
words (:mod:`glossary.extract.pipeline`) are built in; a plugin is an entry point in
the group ``glossary.finders`` naming a :class:`Finder`, or a plain function
``find(text) -> [Span, …]``::

    [project.entry-points."glossary.finders"]
    tickers = "mypackage.finders:tickers"

A new finder is one module and one :meth:`~glossary.registry.Registry.register` call.

>>> from glossary.extract.mentions import Kind
>>> shouting = as_finder("shouting", lambda text: [Span(0, 4, text[:4], Kind.WORD)])
>>> shouting.spans("LOUD words")
[Span(start=0, end=4, form='LOUD', kind=4)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

from glossary.errors import PluginError
from glossary.extract.mentions import Span
from glossary.registry import Registry

if TYPE_CHECKING:
    from glossary.extract.pipeline import Context, Options, Scanner, Tally


class Finder:
    """A term finder; it overrides what it needs of the three steps, in the pipeline's order.

    - :meth:`spans`: the mentions in a unit's text, each with the :class:`~glossary.extract.mentions.Kind`
      of evidence it is. The glossary's own terms and every finder's spans are merged, the
      longest of overlapping ones kept, and counted.
    - :meth:`scan`: anything else it counts in a unit, once the mentions are known (the
      segmenter's words; the statements that link two forms).
    - :meth:`finish`: after the pass over the corpus, before the forms are chosen (joining new
      words); returns the forms it added, whose parts then count for less.
    """

    def spans(self, text: str) -> list[Span]:
        """The candidate mentions of ``text``."""
        return []

    def scan(
        self, scanner: Scanner, ctx: Context, spans: list[Span], own: tuple[int, int] | None, tally: Tally
    ) -> None:
        """Count into ``tally`` what this finder sees in the unit of ``ctx`` (``own``: the part of a
        long unit's window this window counts; ``spans``: every mention of the whole window)."""

    def finish(self, tally: Tally, options: Options, segmenter: Any) -> Iterable[str]:
        """Work on the whole corpus's tally; the forms added."""
        return ()


class FunctionFinder(Finder):
    """A finder made of a function ``find(text)`` returning spans (or ``(start, end, form, kind)`` tuples)."""

    def __init__(self, find: Callable[[str], Iterable[Any]]) -> None:
        self.find = find

    def spans(self, text: str) -> list[Span]:
        return [s if isinstance(s, Span) else Span(*s) for s in self.find(text)]


def as_finder(name: str, obj: Any) -> Finder:
    """A registered object as a :class:`Finder`: a finder (or its class), or a function of the text."""
    if isinstance(obj, type) and issubclass(obj, Finder):
        obj = obj()
    if isinstance(obj, Finder):
        return obj
    if callable(obj):
        return FunctionFinder(obj)
    raise PluginError(f"finder {name!r} is a {type(obj).__name__}, not a Finder or a function")


#: The term finders, in the order they run; the built-in ones register when their modules are imported.
FINDERS: Registry[Finder] = Registry(
    "finder",
    "glossary.finders",
    coerce=as_finder,
    label="term finder",
    builtins=("glossary.extract.english", "glossary.extract.statements", "glossary.extract.pipeline"),
)


def _overrides(finder: Finder, method: str) -> bool:
    return getattr(type(finder), method) is not getattr(Finder, method)


class Active:
    """The finders of one run, split by the steps each takes part in (no call for a step it skips)."""

    def __init__(self, finders: Iterable[Finder]) -> None:
        finders = list(finders)
        self.spanning = [f for f in finders if _overrides(f, "spans")]
        self.scanning = [f for f in finders if _overrides(f, "scan")]
        self.finishing = [f for f in finders if _overrides(f, "finish")]


def active() -> Active:
    """Every registered finder, plugins loaded, grouped by step."""
    return Active(FINDERS.all().values())

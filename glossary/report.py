"""Warnings and notices: the library reports them here and never prints; the CLI renders them.

Code deep in the library calls :func:`warn` (something was skipped or replaced) or
:func:`note` (what the program is doing, such as waiting for a lock). Where they go is
the caller's choice, held in a context variable: the ``glossary`` command writes them
to stderr; without a sink they are dropped; :func:`collected` keeps them in a list.

>>> with collected() as said:
...     warn("skipped 小红书.png: binary or undecodable file")
...     note("waiting for another writer (terms.yaml.lock)…")
>>> said
['skipped 小红书.png: binary or undecodable file', 'waiting for another writer (terms.yaml.lock)…']
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, Literal

Level = Literal["warning", "note"]
#: Told each report: ``sink(level, message)``; ``level`` is ``"warning"`` or ``"note"``.
Sink = Callable[[Level, str], None]

_sink: ContextVar[Sink | None] = ContextVar("glossary_report_sink", default=None)


def warn(message: str) -> None:
    """Report a warning: something was skipped, replaced or doubtful, and the work goes on."""
    _report("warning", message)


def note(message: str) -> None:
    """Report a notice: what the program is doing, when the user would otherwise wonder (a wait)."""
    _report("note", message)


def _report(level: Level, message: str) -> None:
    sink = _sink.get()
    if sink is not None:
        sink(level, message)


@contextmanager
def reporting_to(sink: Sink | None) -> Iterator[None]:
    """Within the block, every warning and notice goes to ``sink`` (None: dropped)."""
    token = _sink.set(sink)
    try:
        yield
    finally:
        _sink.reset(token)


@contextmanager
def collected() -> Iterator[list[str]]:
    """Within the block, the messages reported are kept, in order, in the list given (and not passed on)."""
    messages: list[str] = []
    with reporting_to(lambda level, message: messages.append(message)):
        yield messages


@contextmanager
def once() -> Iterator[None]:
    """Within the block, each message is passed on to the sink in place only the first time it is reported.

    >>> with collected() as said, once():
    ...     for _ in range(2):
    ...         warn("skipped a.png: binary or undecodable file")
    >>> said
    ['skipped a.png: binary or undecodable file']
    """
    outer = _sink.get()
    said: set[tuple[Level, str]] = set()

    def sink(level: Level, message: str) -> None:
        if (level, message) not in said:
            said.add((level, message))
            if outer is not None:
                outer(level, message)

    with reporting_to(sink):
        yield


__all__ = ["Level", "Sink", "warn", "note", "reporting_to", "collected", "once"]

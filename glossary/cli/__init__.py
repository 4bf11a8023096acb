"""The ``glossary`` command: a thin typer layer over the library.

Each module here registers its commands on one typer app (:mod:`.base`). The
``glossary`` entry point imports only the module of the command it runs, so
``glossary lookup`` never pays for the other commands; ``from glossary.cli
import app`` gives the app with every command.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, Iterable

#: The module that defines each command.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("lookup", "search", "list", "show", "add", "edit", "remove", "validate", "index"), "core"),
    **dict.fromkeys(("extract", "build"), "extract"),
    **dict.fromkeys(("enrich", "pinyin"), "enrich"),
    **dict.fromkeys(("translate", "models"), "translate"),
    **dict.fromkeys(("export", "annotate"), "export"),
    **dict.fromkeys(("init", "where"), "home"),
    "review": "review",
    "gloss": "gloss",
    "import": "imports",
    "anki": "anki",
}
MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))
_ROOT_OPTIONS_WITH_VALUE = ("--glossary", "-g", "--lock-timeout")


def load(modules: Iterable[str] = MODULES) -> Any:
    """The typer app with the commands of ``modules`` registered."""
    for module in modules:
        importlib.import_module(f"{__name__}.{module}")
    from glossary.cli.base import app

    return app


def command_name(argv: list[str]) -> str | None:
    """The command an argument list runs: its first word that is not a root option.

    >>> command_name(["--glossary", "my.yaml", "lookup", "小红书"]), command_name(["--help"])
    ('lookup', None)
    """
    args = iter(argv)
    for arg in args:
        if arg in _ROOT_OPTIONS_WITH_VALUE:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


#: Root flags a user may also give after the command name (``glossary lookup xhs --no-color``).
ANYWHERE = ("--no-color", "--verbose", "--traceback")


def root_flags_first(argv: list[str]) -> list[str]:
    """``argv`` with the root flags of :data:`ANYWHERE` moved before the command (after ``--`` nothing moves).

    >>> root_flags_first(["lookup", "xhs", "--no-color"])
    ['--no-color', 'lookup', 'xhs']
    """
    end = argv.index("--") if "--" in argv else len(argv)
    flags = [a for a in argv[:end] if a in ANYWHERE]
    return flags + [a for a in argv[:end] if a not in ANYWHERE] + argv[end:]


def main() -> None:
    """Entry point of the ``glossary`` command; Ctrl-C while it starts is one line and status 130 too."""
    try:
        argv = root_flags_first(sys.argv[1:])
        module = COMMANDS.get(command_name(argv) or "")
        load((module,) if module else MODULES)(args=argv, prog_name="glossary")
    except KeyboardInterrupt:
        from glossary.errors import ExitStatus

        sys.stderr.write("interrupted\n")
        sys.exit(int(ExitStatus.INTERRUPTED))


def __getattr__(name: str) -> Any:
    if name == "app":
        return load()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main", "load", "COMMANDS"]

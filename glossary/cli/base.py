"""The typer application and what every command shares: options, errors, output."""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click
import typer
from typer.core import TyperGroup

from glossary import __version__
from glossary.cli import output
from glossary.cli.output import safe, safe_block
from glossary.errors import ExitStatus, GlossaryError, ValidationError

EPILOG = """\b
Examples:
  glossary lookup 小红书                     characters, simplified or traditional
  glossary lookup xiao3hong2shu1             pinyin: tone numbers, marks, none; initials (xhs)
  glossary lookup "red note"                 English names, aliases, #hashtags, typos
  glossary lookup refugee                    words outside the glossary come from CC-CEDICT
  glossary lookup 小红书 --json              a JSON list of matches, for scripts
  glossary list --category platform
  glossary extract articles/ --format json   find the event's terms in texts
  glossary build articles/ --dry-run         merge them into terms.yaml (shows the diff)
  glossary enrich --dry-run                  fill pinyin, characters, glosses
  glossary translate "我在小红书上" --explain  offline MT with the glossary enforced
  glossary export -f anki -o rednote.apkg    Anki, html, tbx, csv, markdown, … (--list)
"""


class HelpFormatter(click.HelpFormatter):
    """Help without stray markup: typer escapes ``[required]`` and ``[default: …]`` for rich
    even when rich does not render the help (``rich_markup_mode=None``)."""

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, text.replace("\\[", "[")) for term, text in rows], col_max, col_spacing)


class HelpContext(click.Context):
    formatter_class = HelpFormatter


def _plain_help(command: click.Command) -> None:
    """Give ``command`` and every command under it the plain help formatter."""
    command.context_class = HelpContext
    for sub in getattr(command, "commands", {}).values():
        _plain_help(sub)


class GlossaryGroup(TyperGroup):
    """The one place where a command's outcome becomes an exit status: the library's own exceptions
    become ``error: …`` on stderr and their status, Ctrl-C a line and 130, anything else (a bug) one
    line and :attr:`ExitStatus.ERROR`, with the stack under ``--traceback``. A command may also
    return an :class:`ExitStatus` (``no match``: NOT_FOUND). The library's warnings are shown here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_help(self)

    def invoke(self, ctx: Any) -> Any:
        from glossary.cachedb import reporting
        from glossary.report import reporting_to

        progress = BuildProgress()
        try:
            with reporting(progress), reporting_to(Warnings(progress)):
                try:
                    result = super().invoke(ctx)
                finally:
                    progress.close()
        except GlossaryError as e:
            if traceback_wanted():
                show_traceback(e)
            report(e)
            raise typer.Exit(int(e.status)) from None
        except KeyboardInterrupt:
            interrupted()
        except click.Abort as e:  # click.prompt turns Ctrl-C into Abort
            if isinstance(e.__context__, KeyboardInterrupt):
                typer.echo(err=True)  # end the prompt's line
                interrupted()
            raise
        except (click.ClickException, click.exceptions.Exit):
            raise
        except OSError as e:
            if e.errno == errno.EPIPE:
                raise  # a closed pipe (glossary list | head): click exits quietly
            unexpected(e)
        except Exception as e:
            unexpected(e)
        if isinstance(result, ExitStatus) and result != ExitStatus.OK:
            raise typer.Exit(int(result))
        return result


def interrupted() -> NoReturn:
    """Ctrl-C: one line, no traceback, status 130."""
    typer.echo("interrupted", err=True)
    raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None


def traceback_wanted() -> bool:
    """True with ``--traceback`` or ``GLOSSARY_TRACEBACK=1``."""
    return bool(_root_options.get("traceback")) or os.environ.get("GLOSSARY_TRACEBACK", "").strip() not in ("", "0")


def show_traceback(error: BaseException) -> None:
    """The full stack of ``error`` on stderr, for a bug report (terminal-safe: messages may quote a corpus)."""
    import traceback

    typer.echo(safe_block("".join(traceback.format_exception(error))), err=True, nl=False)


def unexpected(error: Exception) -> NoReturn:
    """An exception the library did not raise on purpose (a bug): one line, or the stack with ``--traceback``."""
    lines = str(error).strip().splitlines()
    what = type(error).__name__ + (f": {lines[0]}" if lines else "")
    if traceback_wanted():
        show_traceback(error)
        typer.echo(f"error: unexpected {safe(what)}", err=True)
    else:
        typer.echo(f"error: unexpected {safe(what)}; rerun with --traceback for the details", err=True)
    raise typer.Exit(int(ExitStatus.ERROR)) from None


class Warnings:
    """Shows the library's warnings (``warning: …``) and notices on stderr, terminal-safe,
    after ending a progress line that is being redrawn."""

    def __init__(self, progress: BuildProgress) -> None:
        self.progress = progress

    def __call__(self, level: str, message: str) -> None:
        self.progress.close()
        typer.echo(f"warning: {safe(message)}" if level == "warning" else safe(message), err=True)


class BuildProgress:
    """Shows an index build that takes more than ``delay`` seconds on stderr.

    At a terminal, one line that counts up to 100 %; elsewhere (a log, a pipe), exactly
    one line per build, so that a slow first run is never silent.
    """

    #: seconds a build runs before it is shown ($GLOSSARY_PROGRESS_DELAY; the tests set it high)
    delay = float(os.environ.get("GLOSSARY_PROGRESS_DELAY") or 1.0)

    def __init__(self) -> None:
        self.message: str | None = None
        self.start = 0.0
        self.shown = False
        self.open = False  # a counting line without its newline yet

    def __call__(self, message: str, fraction: float) -> None:
        now = time.monotonic()
        if message != self.message or fraction <= 0.0:
            self.close()
            self.message, self.start, self.shown = message, now, False
        elapsed = now - self.start
        if not self.shown and elapsed < self.delay:
            return
        stream = sys.stderr
        if not stream.isatty():
            if not self.shown:
                stream.write(f"{message}…\n")
                stream.flush()
        elif fraction >= 1.0:
            line = fit(f"{message}… done in {elapsed:.1f} s")
            clear = " " * max(len(fit(f"{message}… 100%")) - len(line), 0) if output.no_color() else "\033[K"
            stream.write(f"\r{line}{clear}\n")  # with NO_COLOR no escape code at all: spaces clear the line
            self.open = False
        else:
            stream.write(f"\r{fit(f'{message}… {fraction:4.0%}')}")
            stream.flush()
            self.open = True
        self.shown = True

    def close(self) -> None:
        """End a counting line cut short (an error or Ctrl-C), so that what follows starts on its own line."""
        if self.open:
            sys.stderr.write("\n")
            self.open = False


def fit(line: str) -> str:
    """``line`` shortened in the middle to the terminal's width, so that '\\r' can redraw it."""
    import shutil

    width = shutil.get_terminal_size().columns - 1
    if len(line) <= width:
        return line
    head = width // 2
    return line[:head] + "…" + line[len(line) - (width - head - 1) :]


def report(error: GlossaryError) -> None:
    if isinstance(error, ValidationError):
        for problem in error.problems:
            typer.echo(f"error: {safe(str(problem))}", err=True)
        n = len(error.problems)
        typer.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was changed.", err=True)
    else:
        typer.echo(f"error: {safe_block(str(error))}", err=True)


app = typer.Typer(
    cls=GlossaryGroup,
    name="glossary",
    help="English–Chinese glossary of the TikTok refugees / 小红书 (RedNote) event: look up, build, enrich and export terms.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glossary {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    glossary: Path | None = typer.Option(
        None,
        "--glossary",
        "-g",
        help="Terms file for every command (also GLOSSARY_FILE; default: the nearest terms.yaml, else the bundled event glossary).",
    ),
    verbose: bool = typer.Option(
        False,
        "--verbose",
        "-v",
        help="Say which terms file is used and why, where the cache and data live, and where a write kept the previous version.",
    ),
    lock_timeout: float | None = typer.Option(
        None,
        "--lock-timeout",
        min=0,
        metavar="SECONDS",
        help="How long a write waits for another writer to finish (also GLOSSARY_LOCK_TIMEOUT; default 600).",
    ),
    no_color: bool = typer.Option(
        False,
        "--no-color",
        help="No colour or other escape codes (also NO_COLOR=1); colour is only ever used at a terminal.",
    ),
    with_traceback: bool = typer.Option(
        False,
        "--traceback",
        help="On an unexpected error, show the full stack for a bug report (also GLOSSARY_TRACEBACK=1).",
    ),
) -> None:
    """English–Chinese glossary of the TikTok refugees / 小红书 (RedNote) event."""
    _root_options.update(glossary=glossary, verbose=verbose, told=False, traceback=with_traceback)
    output.set_no_color(no_color)
    if output.no_color():
        click.get_current_context().color = False  # click.echo strips any escape code that slips through
    _root_options["lock_timeout"] = (
        lock_timeout  # given to the store by resolve_writable: no store import on the lookup path
    )


def locate(glossary: Path | None) -> Any:
    """The terms file a command works on and why (see :func:`glossary.paths.locate`)."""
    from glossary.paths import locate as find

    located = find(glossary or _root_options.get("glossary"))
    if _root_options.get("verbose") and not _root_options.get("told"):
        _root_options["told"] = True
        for line in where_lines(located):
            typer.echo(line, err=True)
    return located


def where_lines(located: Any) -> list[str]:
    """The terms file in use and why, then the cache and data folders."""
    from glossary import paths

    return [
        f"glossary: {located.path}  ({located.explain()})",
        f"cache:    {paths.cache_dir()}",
        f"data:     {paths.data_dir()}",
    ]


def resolve(glossary: Path | None) -> Path:
    """The terms file a read command works on: --glossary, GLOSSARY_FILE, the nearest terms.yaml, the bundled one."""
    return locate(glossary).path


def resolve_writable(glossary: Path | None) -> Path:
    """The terms file a write command changes; the bundled glossary is refused with the way out."""
    from glossary.errors import ReadOnlyError
    from glossary.text import files
    from glossary.text.files import read_only_message

    located = locate(glossary)
    if located.bundled:
        raise ReadOnlyError(read_only_message(located.path))
    files.set_lock_options(timeout=_root_options.get("lock_timeout"))
    return located.path


#: Options given before the command name; the root callback sets them on every invocation.
_root_options: dict[str, Any] = {}


GlossaryOption = typer.Option(
    None,
    "--glossary",
    "-g",
    help="Terms file to use (default: $GLOSSARY_FILE, else the nearest terms.yaml, else the bundled event glossary).",
)
JsonOption = typer.Option(False, "--json", help="Print JSON for scripts.")


def schema_option(schema: str, output: str) -> Any:
    """``--schema``: print the JSON Schema that ``schema`` (``module:function``) returns and exit,
    before the command's arguments are asked for; ``output`` names the output it describes."""

    def show(value: bool) -> None:
        if value:
            import importlib

            module, function = schema.split(":")
            echo_json(getattr(importlib.import_module(module), function)())
            raise typer.Exit()

    return typer.Option(
        False,
        "--schema",
        is_eager=True,
        expose_value=False,
        callback=show,
        help=f"Print the JSON Schema of {output} and exit.",
    )


DryRunOption = typer.Option(False, "--dry-run", help="Show the change as a unified diff; write nothing.")


def report_write(doc: Any, done: str, dry_run: bool) -> None:
    """After a write command: on a dry run the diff and what would happen; else what changed (and, with
    --verbose, where the previous version was kept)."""
    if dry_run:
        typer.echo(output.colour_diff(doc.diff()), nl=False)
        typer.echo(f"dry run: would have {done[0].lower()}{done[1:]}; nothing was written", err=True)
        return
    typer.echo(done)
    report_backup(doc)


def report_backup(doc: Any) -> None:
    """With --verbose, after a write: where the previous version was kept and how to put it back."""
    if doc.written and doc.backup is not None and _root_options.get("verbose"):
        typer.echo(f"previous version kept as {doc.backup} (undo: cp {doc.backup} {doc.path})", err=True)


def echo_json(data: Any) -> None:
    import json

    typer.echo(output.json_safe(json.dumps(data, ensure_ascii=False, indent=2)))

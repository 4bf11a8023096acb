"""The typer application and what every command shares: options, errors, output."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import GlossaryError, ValidationError

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


class GlossaryGroup(TyperGroup):
    """Turns the library's own exceptions into a message on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GlossaryError as e:
            report(e)
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None


def report(error: GlossaryError) -> None:
    if isinstance(error, ValidationError):
        for problem in error.problems:
            typer.echo(f"error: {problem}", err=True)
        n = len(error.problems)
        typer.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was changed.", err=True)
    else:
        typer.echo(f"error: {error}", err=True)


app = typer.Typer(
    cls=GlossaryGroup,
    name="glossary",
    help="English–Chinese glossary of the TikTok refugees / 小红书 (RedNote) event: look up, build, enrich and export terms.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glossary {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    glossary: Optional[Path] = typer.Option(
        None, "--glossary", "-g", help="Terms file for every command (also GLOSSARY_FILE; default: the bundled event glossary)."
    ),
) -> None:
    """English–Chinese glossary of the TikTok refugees / 小红书 (RedNote) event."""
    _root_options["glossary"] = glossary


def resolve(glossary: Optional[Path]) -> Path:
    """The terms file a command works on: its own --glossary, the root's, GLOSSARY_FILE, or the bundled one."""
    from ..paths import glossary_file

    return glossary_file(glossary or _root_options.get("glossary"))


#: Options given before the command name; the root callback sets them on every invocation.
_root_options: dict[str, Any] = {}


GlossaryOption = typer.Option(
    None,
    "--glossary",
    "-g",
    help="Terms file to use (default: $GLOSSARY_FILE, else the bundled event glossary).",
)
JsonOption = typer.Option(False, "--json", help="Print JSON for scripts.")


def echo_json(data: Any) -> None:
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))

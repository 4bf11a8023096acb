"""Where a glossary lives: init (start your own) and where (which file, and why)."""

from __future__ import annotations

from pathlib import Path

import typer

from glossary.cli.base import app, locate, where_lines


@app.command()
def init(
    path: Path = typer.Argument(Path("terms.yaml"), help="The new terms file (default: terms.yaml in this folder)."),
    empty: bool = typer.Option(
        False, "--empty", help="Start with no concepts instead of a copy of the bundled event glossary."
    ),
) -> None:
    """Start a glossary of your own: a copy of the bundled event glossary, or an empty one.

    Commands run in this folder (or below it) then use it; an existing file is never overwritten.
    Examples: glossary init · glossary init docs/terms.yaml --empty
    """
    from glossary.terms.home import init_glossary

    created = init_glossary(path, empty=empty)
    what = "an empty glossary" if empty else f"a copy of the bundled event glossary ({created.concepts} concepts)"
    typer.echo(f"created {path}: {what}")
    if path.name == "terms.yaml" and path.absolute().parent == Path.cwd():
        typer.echo(
            "commands run in this folder or below it now use it; 'glossary where' says which file is in use", err=True
        )
    else:
        typer.echo(f"use it with: glossary --glossary {path} COMMAND (or GLOSSARY_FILE={path})", err=True)


@app.command()
def where(glossary: Path | None = typer.Option(None, "--glossary", "-g", help="Terms file to explain.")) -> None:
    """Print the terms file in use and why, and the cache and data folders."""
    for line in where_lines(locate(glossary)):
        typer.echo(line)

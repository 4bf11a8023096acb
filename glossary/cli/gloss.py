"""The gloss command: every term of a sentence or post, in order, with pinyin and English."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from glossary.cli.base import GlossaryOption, JsonOption, app, echo_json, resolve
from glossary.errors import ExitStatus, UsageError


@app.command()
def gloss(
    text: list[str] = typer.Argument(..., help="A sentence or paragraph, or - to read it from stdin."),
    no_dictionary: bool = typer.Option(
        False, "--no-dictionary", help="Only the glossary's terms, not every CC-CEDICT word."
    ),
    as_json: bool = JsonOption,
    glossary: Path | None = GlossaryOption,
) -> ExitStatus:
    """List every glossary and dictionary term of a text, in order, with pinyin and English.

    Example: glossary gloss "我在小红书上交了猫税"
    """
    from glossary.cli.core import table
    from glossary.terms.gloss import gloss as run
    from glossary.text.normalize import clean_text, terminal_safe

    joined = " ".join(text)
    source = sys.stdin.read() if joined == "-" else joined
    source = clean_text(source)
    if not source.strip():
        raise UsageError("no text to gloss")
    terms = run(source, resolve(glossary), dictionary=not no_dictionary)
    if as_json:
        echo_json([t.to_json() for t in terms])
        return ExitStatus.OK
    if not terms:
        typer.echo("no glossary or dictionary terms found", err=True)
        return ExitStatus.NOT_FOUND
    rows = [
        [t.text, t.pinyin or "", t.en or "", t.concept_id or ("" if t.answered_from == "cc-cedict" else "?")]
        for t in terms
    ]
    typer.echo(terminal_safe(table(rows, ["term", "pinyin", "English", "glossary"])))
    return ExitStatus.OK

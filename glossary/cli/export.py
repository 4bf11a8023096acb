"""Export commands: ``glossary export`` (every format of the registry) and ``glossary annotate``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from glossary.cli.base import GlossaryOption, app, echo_json, resolve
from glossary.errors import UsageError


def _list_formats(as_json: bool) -> None:
    from glossary.errors import PluginError
    from glossary.export import get, names

    rows = []
    for name in names():
        try:
            exp = get(name)
            rows.append({"name": name, "suffix": exp.suffix, "binary": exp.binary, "description": exp.description})
        except PluginError as e:
            rows.append({"name": name, "suffix": "", "binary": False, "description": f"(cannot load: {e})"})
    if as_json:
        echo_json(rows)
        return
    width = max(len(r["name"]) for r in rows)
    swidth = max(len(r["suffix"]) for r in rows)
    for r in rows:
        typer.echo(f"{r['name']:<{width}}  {r['suffix']:<{swidth}}  {r['description']}")


@app.command()
def export(
    fmt: str | None = typer.Option(None, "--format", "-f", help="Output format (see --list): anki, html, tbx, csv, …"),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        help="File to write (a folder, or a path ending in /: glossary.SUFFIX in it). Default: standard output.",
    ),
    category: list[str] | None = typer.Option(
        None, "--category", "-c", help="Only this category (repeat for several)."
    ),
    status: list[str] | None = typer.Option(
        None, "--status", "-s", help="Only this status: candidate or reviewed (repeatable)."
    ),
    list_formats: bool = typer.Option(False, "--list", help="List the available formats and exit."),
    as_json: bool = typer.Option(False, "--json", help="With --list: the formats as JSON."),
    schema: bool = typer.Option(False, "--schema", help="Print the JSON Schema of the json format and exit."),
    glossary: Path | None = GlossaryOption,
) -> None:
    """Export the glossary: Anki deck, HTML page, TBX, CSV, Markdown, reST, MkDocs, OmegaT, JSON.

    Examples: glossary export --format anki -o rednote.apkg · glossary export -f html -o glossary.html ·
    glossary export -f tbx --status reviewed -o terms.tbx · glossary export -f tbx2 -o omegat/glossary/terms.tbx ·
    glossary export --list · glossary export --schema
    """
    if list_formats:
        _list_formats(as_json)
        return
    if schema:
        from glossary.terms.schema import json_schema

        echo_json(json_schema())
        return
    if not fmt:
        raise UsageError("give --format FORMAT (glossary export --list shows the formats)")
    from glossary.export import data_for, get, target, write
    from glossary.terms.store import load

    exporter = get(fmt)
    path = resolve(glossary)
    status_line = _Status()
    try:
        if path.is_file() and path.stat().st_size >= LARGE_BYTES:
            status_line.show(f"reading {path} ({path.stat().st_size / 1e6:.1f} MB)…")
        data = data_for(load(path), category or (), status or ())
        if len(data.concepts) >= LARGE_CONCEPTS:
            status_line.show(f"exporting {len(data.concepts):,} concepts as {fmt}…")
        content = exporter(data)
    finally:
        status_line.clear()
    if output is None or output == "-":
        if exporter.binary and sys.stdout.isatty():
            raise UsageError(f"the {fmt} format is binary: give -o FILE{exporter.suffix}")
        stream = typer.get_binary_stream("stdout")
        stream.write(content)
        stream.flush()
        return
    written = write(target(output, exporter.suffix), content)
    typer.echo(f"wrote {len(data.concepts)} concepts as {fmt} to {written} ({len(content):,} bytes)", err=True)


#: A glossary this large (concepts, or bytes of YAML) says what it is doing, on a terminal.
LARGE_CONCEPTS = 2_000
LARGE_BYTES = 1_000_000


class _Status:
    """One line of progress on standard error, shown only when it is a terminal, wiped when done."""

    def __init__(self) -> None:
        self.stream = sys.stderr
        self.active = False

    def show(self, text: str) -> None:
        if not self.stream.isatty():
            return
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
        self.active = True

    def clear(self) -> None:
        if self.active:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.active = False


@app.command()
def annotate(
    file: Path = typer.Argument(..., help="Markdown file to annotate ('-' for standard input)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write (may be FILE itself). Default: standard output."
    ),
    link: str | None = typer.Option(
        None, "--link", help="Link each term to its entry in the HTML glossary at this URL (#id is appended)."
    ),
    no_ruby: bool = typer.Option(False, "--no-ruby", help="Mark Chinese terms like English ones, without pinyin ruby."),
    glossary: Path | None = GlossaryOption,
) -> None:
    """Mark the glossary's terms in a Markdown document (the first occurrence of each).

    Chinese terms get their pinyin as ruby, English ones an <abbr> with the definition
    on hover (or a link with --link). Code is left alone; running it twice changes nothing.

    Examples: glossary annotate post.md -o post.annotated.md ·
    glossary annotate notes.md --link glossary.html -o notes.md
    """
    from glossary.export import write
    from glossary.export.annotate import Annotator
    from glossary.terms.store import load
    from glossary.text.normalize import clean_text

    if str(file) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"{file}: no such file") from None
        except UnicodeDecodeError:
            raise UsageError(f"{file}: not UTF-8 text") from None
    text = clean_text(text)  # untrusted: no terminal escapes, NUL or bidi overrides pass through
    result = Annotator(load(resolve(glossary)).concepts, link=link, ruby=not no_ruby).annotate(text)
    if output is None or str(output) == "-":
        typer.echo(result, nl=False)
    else:
        write(output, result.encode("utf-8"))

"""Extraction commands: ``glossary extract`` and ``glossary build``.

Only typer and the standard library are imported here: the extractor (jieba,
pyahocorasick, wordfreq, pypinyin …) is imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from glossary.cli.base import GlossaryOption, app, echo_json, resolve, resolve_writable, schema_option
from glossary.cli.output import Progress, progress_counter, safe, safe_block
from glossary.errors import UsageError

OUTPUT_FORMATS = ("table", "json", "yaml", "csv")
#: Show a progress bar (on a terminal) when the corpus is at least this large.
PROGRESS_BYTES = 1 << 20

PathsArgument = typer.Argument(
    ..., metavar="PATH...", help="Files, folders (read recursively) or - for standard input."
)
TextFieldOption = typer.Option(
    "text",
    "--text-field",
    help="JSON Lines, CSV, TSV, Parquet: the field or column holding the text (a dotted name reaches into objects).",
)
IdFieldOption = typer.Option(
    None,
    "--id-field",
    metavar="FIELD",
    help="JSON Lines, CSV, TSV, Parquet: the field or column holding the post's id, kept in its sources (default: none).",
)
DateFieldOption = typer.Option(
    None,
    "--date-field",
    metavar="FIELD",
    help="JSON Lines, CSV, TSV, Parquet: the field or column holding the post's date, kept in its sources as written.",
)
InputFormatOption = typer.Option(
    None,
    "--input-format",
    help="Read every input as txt, md, html, jsonl, csv, tsv or parquet (default: by extension; stdin: guessed).",
)
MinCountOption = typer.Option(
    2,
    "--min-count",
    "-m",
    min=1,
    help="Occurrences a form needs unless a glossary term, hashtag, stated name or proper name rare in English.",
)
WorkersOption = typer.Option(1, "--workers", "-j", min=1, help="Processes to spread a large corpus over.")
EngineOption = typer.Option(
    "local",
    "--engine",
    help="local (this machine's processes) or dask (a Dask cluster: a local one, or --scheduler's; "
    "inputs may then be globs, s3://, gs://, https:// and compressed files).",
)
SchedulerOption = typer.Option(
    None, "--scheduler", metavar="ADDRESS", help="--engine dask: a running Dask scheduler (tcp://host:8786)."
)
NoGlossaryOption = typer.Option(False, "--no-glossary", help="Discover terms without the glossary's help.")
BackgroundOption = typer.Option(
    False,
    "--background",
    help="Also list the glossary's background concepts (ordinary words the coverage uses), after the event's terms.",
)
MaxSourcesOption = typer.Option(3, "--max-sources", min=1, help="Sources kept per form.")
FollowSymlinksOption = typer.Option(
    False,
    "--follow-symlinks",
    help="Follow symbolic links inside folders even out of the paths given (default: such links are skipped).",
)


def _run(paths: list[str], glossary: Path | None, new_only: bool, **settings: Any) -> list:
    """Extract from ``paths`` with ``settings`` (the fields of ``pipeline.Options``); only the
    concepts the glossary lacks with ``new_only``. A progress bar at a terminal for a large local corpus."""
    from glossary.extract import readers
    from glossary.extract.pipeline import Options, extract
    from glossary.report import collected
    from glossary.terms import store

    options = Options(**settings)
    concepts = [] if not options.use_glossary else store.load(resolve(glossary)).concepts
    if options.scheduler and options.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if options.engine != "local":  # inputs may be remote: no progress bar from local sizes
        found = extract(paths, concepts, options)
    else:
        with Progress() as bar:
            counter = None
            if bar.active:  # the corpus's size, for the bar: a listing of its files (not needed otherwise)
                with collected():  # extract says each warning
                    listed = readers.sources(paths, options.input_format, options.follow_symlinks)
                total = sum(s.size for s in listed)
                counter = progress_counter(bar, total, "reading") if total >= PROGRESS_BYTES else None
            found = extract(paths, concepts, options, progress=counter)
    return [c for c in found if not c.known] if new_only else found


@app.command()
def extract(
    paths: list[str] = PathsArgument,
    fmt: str = typer.Option(
        "table", "--format", "-f", help="table, json, yaml or csv (json is the stable interface for scripts)."
    ),
    limit: int = typer.Option(0, "--limit", "-n", min=0, help="Show at most this many concepts (0: all)."),
    new_only: bool = typer.Option(False, "--new", help="Only concepts the glossary does not have yet."),
    text_field: str = TextFieldOption,
    id_field: str | None = IdFieldOption,
    date_field: str | None = DateFieldOption,
    input_format: str | None = InputFormatOption,
    min_count: int = MinCountOption,
    workers: int = WorkersOption,
    no_glossary: bool = NoGlossaryOption,
    background: bool = BackgroundOption,
    max_sources: int = MaxSourcesOption,
    follow_symlinks: bool = FollowSymlinksOption,
    engine: str = EngineOption,
    scheduler: str | None = SchedulerOption,
    schema: bool = schema_option("glossary.extract.link:json_schema", "--format json's output"),
    glossary: Path | None = GlossaryOption,
) -> None:
    """Find the event's terms in texts and join every form of a concept into one entry, best first.

    Reads txt, Markdown, HTML and JSON Lines in UTF-8, UTF-16, GB18030/GBK or Big5 (EUC-JP,
    Shift-JIS and EUC-KR as themselves); links out of the paths given, FIFOs and devices are skipped.
    Examples: glossary extract articles/ · glossary extract posts.jsonl --text-field body --format json
    """
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"unknown format {fmt!r} (expected one of: {', '.join(OUTPUT_FORMATS)})")
    found = _run(
        paths,
        glossary,
        new_only,
        text_field=text_field,
        id_field=id_field,
        date_field=date_field,
        input_format=input_format,
        min_count=min_count,
        workers=workers,
        use_glossary=not no_glossary,
        background=background,
        max_sources=max_sources,
        follow_symlinks=follow_symlinks,
        engine=engine,
        scheduler=scheduler,
    )
    if limit:
        found = found[:limit]
    rows = [c.to_json() for c in found]
    if fmt == "json":
        echo_json(rows)
    elif fmt == "yaml":
        typer.echo(to_yaml(rows), nl=False)
    elif fmt == "csv":
        typer.echo(to_csv(rows), nl=False)
    else:
        from glossary.cli.output import terminal_width

        typer.echo(to_table(rows, terminal_width()))
    typer.echo(f"{len(rows)} concept{'s' if len(rows) != 1 else ''}", err=True)


@app.command()
def build(
    paths: list[str] = PathsArgument,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the change as a unified diff; write nothing."),
    new_only: bool = typer.Option(False, "--new", help="Only add new concepts; leave existing ones as they are."),
    text_field: str = TextFieldOption,
    id_field: str | None = IdFieldOption,
    date_field: str | None = DateFieldOption,
    input_format: str | None = InputFormatOption,
    min_count: int = MinCountOption,
    workers: int = WorkersOption,
    max_sources: int = MaxSourcesOption,
    background: bool = BackgroundOption,
    enrich: bool = typer.Option(
        True, "--enrich/--no-enrich", help="Enrich new candidates first: other script, pinyin, glosses (no MT)."
    ),
    follow_symlinks: bool = FollowSymlinksOption,
    engine: str = EngineOption,
    scheduler: str | None = SchedulerOption,
    glossary: Path | None = GlossaryOption,
) -> None:
    """Extract from texts and merge the result into terms.yaml.

    New concepts arrive as 'status: candidate'; existing ones gain new forms and
    sources; no existing value is changed or dropped; comments are kept.
    Example: glossary build articles/ --dry-run
    """
    from glossary.curate import merge

    path = resolve(glossary) if dry_run else resolve_writable(glossary)
    found = _run(
        paths,
        glossary,
        new_only,
        text_field=text_field,
        id_field=id_field,
        date_field=date_field,
        input_format=input_format,
        min_count=min_count,
        workers=workers,
        max_sources=max_sources,
        background=background,
        follow_symlinks=follow_symlinks,
        engine=engine,
        scheduler=scheduler,
    )
    if dry_run:
        report, diff = merge.plan(path, found, max_sources, enrich)
        typer.echo(safe_block(diff), nl=False)
        typer.echo(f"dry run: would add {report.summary()} to {path}", err=True)
        return
    report = merge.build(path, found, max_sources, enrich)
    typer.echo(f"added {report.summary()} to {path}")


# --- output formats -----------------------------------------------------------------------


def to_table(rows: list[dict[str, Any]], width: int | None = None) -> str:
    """A table that reads at a terminal: rank, characters, pinyin, English, count, score, other
    forms; fitted to ``width`` (cells wrapped), every cell in full without it."""
    from glossary.cli.output import table

    body = []
    for n, r in enumerate(rows, start=1):
        main = {r.get("zh"), r.get("en")}
        others = [f for f in r["forms"] if f not in main]
        body.append(
            [
                safe(cell)
                for cell in (
                    str(n),
                    r.get("zh") or "",
                    r.get("pinyin") or "",
                    r.get("en") or "",
                    str(r["count"]),
                    f"{r['score']:.1f}",
                    " · ".join(others),
                    ("*" if r.get("in_glossary") else "") + (r.get("category") or ""),
                )
            ]
        )
    if not body:
        return "no terms found"
    return (
        table(body, ["#", "zh", "pinyin", "en", "count", "score", "other forms", "category"], width)
        + "\n(* in the glossary)"
    )


def to_yaml(rows: list[dict[str, Any]]) -> str:
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    out = io.StringIO()
    yaml.dump(rows, out)
    return out.getvalue()


CSV_COLUMNS = (
    "id",
    "zh",
    "pinyin",
    "en",
    "category",
    "score",
    "count",
    "forms",
    "links",
    "path",
    "line",
    "context",
    "source_id",
    "source_date",
)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """One line per concept: forms joined by ' | ', links as rule:from>to, the first source (with
    its post's id and date when the corpus gave them). Text from the corpus is untrusted: a cell
    a spreadsheet would run as a formula begins with ``'`` (:func:`glossary.text.cells.neutralise`)."""
    import csv
    import io

    from glossary.text.cells import neutralise

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        first = r["sources"][0] if r["sources"] else {}
        text = [
            r["id"],
            r.get("zh") or "",
            r.get("pinyin") or "",
            r.get("en") or "",
            r.get("category") or "",
            " | ".join(r["forms"]),
            " | ".join(f"{link['rule']}:{link['from']}>{link['to']}" for link in r["links"]),
            first.get("path", ""),
            first.get("context") or "",
            first.get("id", ""),
            first.get("date", ""),
        ]
        cells = [neutralise(cell) for cell in text]
        writer.writerow([*cells[:5], r["score"], r["count"], *cells[5:8], first.get("line", ""), *cells[8:]])
    return out.getvalue()

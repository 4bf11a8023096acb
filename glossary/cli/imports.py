"""``glossary import``: a termbase, an OmegaT glossary or Pleco flashcards merged into terms.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from glossary.cli.base import DryRunOption, GlossaryOption, JsonOption, app, echo_json, resolve, resolve_writable
from glossary.cli.output import safe, safe_block


@app.command("import")
def import_file(
    file: Path = typer.Argument(..., help="The file to import: CSV, TSV, an OmegaT glossary, Pleco flashcards."),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="Its format: csv, tsv, omegat, pleco, … (default: from its suffix or content)."
    ),
    dry_run: bool = DryRunOption,
    as_json: bool = JsonOption,
    enrich: bool = typer.Option(
        True, "--enrich/--no-enrich", help="Enrich new candidates first: other script, pinyin, glosses (no MT)."
    ),
    glossary: Path | None = GlossaryOption,
) -> None:
    """Merge a termbase into terms.yaml, as build merges extracted terms.

    New concepts arrive as 'status: candidate', each value marked as imported from the file;
    a reviewed concept is never changed (its new forms are proposed for review); a row that
    cannot be read is skipped with a warning naming its line. Nothing is written unless the
    whole import succeeds.
    Examples: glossary import termbase.csv --dry-run · glossary import flashcards.txt --format pleco
    """
    from glossary import imports
    from glossary.curate import merge
    from glossary.terms.schema import imported_from

    path = resolve(glossary) if dry_run else resolve_writable(glossary)
    name = fmt or imports.detect(file)
    imported = imports.read(file, name)
    origin = imported_from(file.name)
    if dry_run:
        report, diff = merge.plan_import(path, imported.concepts, origin, enrich=enrich)
    else:
        report = merge.build_import(path, imported.concepts, origin, enrich=enrich)
    if as_json:
        echo_json(_as_json(file, name, path, dry_run, report, imported))
        return
    if dry_run:
        typer.echo(safe_block(diff), nl=False)
    for line in _lines(report):
        typer.echo(safe(line), err=dry_run)
    done = f"{file.name} ({name}) into {path}: {_summary(report, len(imported.skipped))}"
    typer.echo(f"dry run: would import {done}; nothing was written" if dry_run else f"imported {done}", err=dry_run)


def _summary(report: Any, skipped: int) -> str:
    matched = len(report.matched)
    return ", ".join(
        [
            f"{matched} entr{'ies' if matched != 1 else 'y'} matched existing concepts",
            report.summary(),
            f"{skipped} row{'s' if skipped != 1 else ''} skipped",
        ]
    )


def _lines(report: Any) -> list[str]:
    """What the import did, concept by concept."""
    lines = [f"matched:  {form} → {cid}" for form, cid in report.matched]
    lines += [f"added:    {cid}" for cid in report.added]
    lines += [f"aliases:  {cid}: {'; '.join(forms)}" for cid, forms in report.extended.items()]
    lines += [f"proposed: {cid}: {'; '.join(forms)}" for cid, forms in report.proposed.items()]
    return lines


def _as_json(file: Path, fmt: str, terms: Path, dry_run: bool, report: Any, imported: Any) -> dict[str, Any]:
    return {
        "file": str(file),
        "format": fmt,
        "glossary": str(terms),
        "dry_run": dry_run,
        "matched": [{"entry": form, "id": cid} for form, cid in report.matched],
        "added": report.added,
        "aliases": report.extended,
        "proposed": report.proposed,
        "sources": report.sources,
        "skipped": [{"line": s.line, "reason": s.reason} for s in imported.skipped],
    }

"""Anki commands: ``glossary anki update`` (a learner's own collection, field by field)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from glossary.cli.base import GlossaryOption, app, resolve
from glossary.cli.output import safe

if TYPE_CHECKING:
    from glossary.export.anki_update import UpdateReport

anki_app = typer.Typer(
    name="anki",
    help="Keep the glossary's notes in your Anki collection up to date, keeping your own fields.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(anki_app, name="anki")


@anki_app.command("update")
def update(
    collection: Path = typer.Argument(
        ..., help="Your Anki collection: collection.anki2, or the profile folder that holds it."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show what would change; write nothing."),
    templates: bool = typer.Option(
        False,
        "--templates",
        help="Also give our card types (by name) the glossary's templates and styling, to show new fields; "
        "your own card types stay.",
    ),
    glossary: Path | None = GlossaryOption,
) -> None:
    """Update the glossary's notes in your collection: only our fields that changed, new concepts
    added to the glossary's deck; your fields, sounds, tags, scheduling and history stay. Close Anki first.

    Examples: glossary anki update ~/.local/share/Anki2/"User 1" --dry-run ·
    glossary anki update ~/.local/share/Anki2/"User 1"/collection.anki2
    """
    from glossary.export import data_for
    from glossary.export.anki_update import require_anki, update_collection
    from glossary.terms.store import load

    require_anki()  # before reading anything
    data = data_for(load(resolve(glossary)), (), ())
    report = update_collection(collection, data, dry_run=dry_run, templates=templates)
    for line in report_lines(report):
        typer.echo(line)


def report_lines(report: UpdateReport) -> list[str]:
    """The update's report: a summary line, then one line per note that changed or was left alone."""
    verb = "would update" if report.dry_run else "updated"
    lines = [
        f"{verb} {safe(report.collection)}: {len(report.updated)} updated, {len(report.added)} added, "
        f"{len(report.unchanged)} unchanged, {len(report.orphaned)} orphaned"
    ]
    if report.new_fields:
        lines.append(f"  note type: fields added: {', '.join(report.new_fields)}")
    if report.templates:
        lines.append(f"  note type: the glossary's {', '.join(report.templates)}")
    elif report.new_fields:
        lines.append("  (your cards show the new fields once their templates do: add --templates for ours)")
    for plan in report.updated:
        what = list(plan.writes) + (["tags"] if plan.add_tags or plan.drop_tags else [])
        lines.append(f"  updated   {safe(plan.concept_id)}: {', '.join(what)}")
    lines += [f"  added     {safe(plan.concept_id)}" for plan in report.added]
    lines += [
        f"  kept      {safe(plan.concept_id)}: {', '.join(plan.kept)} (your edit; the glossary changed it too)"
        for plan in report.kept
    ]
    lines += [
        f"  orphaned  {safe(label)} (no longer in the glossary; left in your collection)" for label in report.orphaned
    ]
    if report.dry_run:
        lines.append("nothing written (--dry-run)")
    return lines

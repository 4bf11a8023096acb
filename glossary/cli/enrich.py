"""Enrichment commands: enrich, pinyin."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from glossary.cli.base import GlossaryOption, JsonOption, app, echo_json, resolve, resolve_writable
from glossary.cli.output import Progress, colour_diff


def _check_mt() -> bool | None:
    """Before any work, for ``enrich --mt``: the extra and at least one zh↔en model must be
    installed. With one direction only, MT fills what it can (said on stderr)."""
    from glossary.enrich import packages as models
    from glossary.enrich.translate import check_ready, has_model

    models.require_extra()
    have = {pair: has_model(*pair) for pair in (("zh", "en"), ("en", "zh"))}
    if not any(have.values()):
        check_ready("zh", "en")  # raises, naming the install commands
    for (source, target), found in have.items():
        if not found:
            typer.echo(
                f"note: no {source}→{target} model installed: nothing is machine-translated {source}→{target}", err=True
            )
            return None
    return True


@app.command()
def enrich(
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show the diff; write nothing."),
    concept_id: list[str] | None = typer.Option(None, "--id", help="Only this concept; repeatable."),
    field: list[str] | None = typer.Option(
        None, "--field", "-f", help="Only fill this field (zh, zh_hant, pinyin, en, gloss, literal); repeatable."
    ),
    mt: bool = typer.Option(
        False,
        "--mt/--no-mt",
        help="Machine-translate zh/en that the dictionary cannot give (needs an installed model; origin: mt).",
    ),
    as_json: bool = JsonOption,
    glossary: Path | None = GlossaryOption,
) -> None:
    """Fill missing fields (characters, pinyin, English, gloss, literal) and record each one's origin.

    A value already in the file is never changed. At a terminal, progress is shown on stderr. Origins: rule (OpenCC, pinyin,
    composition), dictionary (CC-CEDICT), mt (machine translation).

    Examples: glossary enrich --dry-run · glossary enrich --id cat-tax · glossary enrich -f pinyin
    """
    from glossary.enrich.enricher import FIELDS, enrich_file

    fields = tuple(field) if field else FIELDS
    path = resolve(glossary) if dry_run else resolve_writable(glossary)
    use_mt = _check_mt() if mt else False
    with Progress() as progress:
        result = enrich_file(path, concept_id or [], dry_run=dry_run, fields=fields, mt=use_mt, progress=progress)
    if as_json:
        echo_json({"written": result.written, "changes": [c.to_json() for c in result.changes]})
        return
    if dry_run and result.diff:
        typer.echo(colour_diff(result.diff), nl=False)
    counts: dict[str, int] = {}
    for c in result.changes:
        counts[f"{c.field} ({c.origin})"] = counts.get(f"{c.field} ({c.origin})", 0) + 1
    concepts = len({c.id for c in result.changes})
    detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    n = len(result.changes)
    if not n:
        typer.echo("nothing to fill: every field enrich can fill has a value", err=True)
    elif dry_run:
        typer.echo(
            f"dry run: would fill {n} field{'s' if n != 1 else ''} in {concepts} concept{'s' if concepts != 1 else ''} ({detail}); nothing was written",
            err=True,
        )
    else:
        typer.echo(
            f"filled {n} field{'s' if n != 1 else ''} in {concepts} concept{'s' if concepts != 1 else ''} of {path} ({detail})"
        )


@app.command("pinyin")
def pinyin_(
    text: list[str] = typer.Argument(..., help="Chinese text, or - to read lines from stdin."),
    style: str = typer.Option(
        "marks", "--style", "-s", help="marks (Xiǎohóngshū), numbers (Xiao3hong2shu1), none (Xiaohongshu) or zhuyin."
    ),
    category: str | None = typer.Option(
        None, "--category", "-c", help="Write as a name of this category (person, company, platform, …)."
    ),
    glossary: Path | None = GlossaryOption,
) -> None:
    """Pinyin of Chinese text; a glossary term gets its pinyin from the glossary (hand-set pinyin wins).

    Examples: glossary pinyin 字节跳动 · glossary pinyin 周受资 -c person · glossary pinyin 谢谢 --style zhuyin
    """
    from glossary.enrich.enricher import pinyin_lines

    joined = " ".join(text)
    lines = sys.stdin.read().splitlines() if joined == "-" else [joined]
    for line in pinyin_lines(lines, style, category, resolve(glossary)):
        typer.echo(line)

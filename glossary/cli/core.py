"""Core commands: lookup, search, list, show, add, edit, remove, validate, index."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, List, Optional

import typer

from ..errors import UsageError
from ..normalize import display_width as width, slug
from .base import DryRunOption, GlossaryOption, JsonOption, app, echo_json, report_write, resolve, resolve_writable

# --- text output -------------------------------------------------------------------


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def clip(text: str, columns: int) -> str:
    """Cut ``text`` to fit ``columns`` display columns, marking the cut with an ellipsis."""
    if width(text) <= columns:
        return text
    while width(text) > columns - 1:
        text = text[:-1]
    return text + "…"


def table(rows: list[list[str]], header: list[str], max_width: int = 36) -> str:
    rows = [[clip(c, max_width) for c in row] for row in rows]
    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(pad(c, w) for c, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(pad(c, w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def headline(m: Any) -> str:
    chars = " · ".join(dict.fromkeys(x for x in (m.zh, m.zh_hant) if x))
    parts = [typer.style(chars, bold=True) if chars else "", m.pinyin or "", m.en or ""]
    return "  ".join(p for p in parts if p)


def card(m: Any) -> str:
    """A readable card for one match."""
    lines = [headline(m)]
    tag = m.category or ""
    if m.origin == "glossary":
        lines.append(typer.style(f"[{tag} · {m.status} · id: {m.id}]", dim=True))
    else:
        lines.append(typer.style("[CC-CEDICT dictionary entry]", dim=True))
    if m.aliases:
        lines.append("aliases: " + "; ".join(f"{a['text']} ({a.get('kind', 'variant')})" for a in m.aliases))
    if m.literal:
        lines.append(f"literal: {m.literal}")
    if m.gloss and m.origin == "glossary":
        lines.append(f"gloss:   {m.gloss}")
    if m.note:
        lines.append(f"note:    {m.note}")
    for s in m.sources[:5]:
        where = f"{s['path']}:{s['line']}" if s.get("line") else s["path"]
        lines.append(f"seen:    {where}" + (f"  “{s['sentence']}”" if s.get("sentence") else ""))
    if len(m.sources) > 5:
        lines.append(f"         … and {len(m.sources) - 5} more sources")
    return "\n".join(lines)


def short(n: int, m: Any) -> str:
    origin = "glossary" if m.origin == "glossary" else "CC-CEDICT"
    en = (m.en or "")[:60]
    chars = m.zh or ""
    return f"{n:>2}. {chars}  {m.pinyin or ''}  {en}  ({origin}, {m.score:.2f})".replace("    ", "  ")


# --- commands ------------------------------------------------------------------------


@app.command()
def lookup(
    query: List[str] = typer.Argument(..., help="Characters, pinyin (any tones, spacing, initials), English, alias or hashtag."),
    limit: int = typer.Option(8, "--limit", "-n", help="How many matches at most."),
    no_dictionary: bool = typer.Option(False, "--no-dictionary", help="Search the glossary only, not CC-CEDICT."),
    as_json: bool = JsonOption,
    glossary: Optional[Path] = GlossaryOption,
) -> None:
    """Look a term up in any script or spelling; the best match as a card, the rest as a list.

    Examples: glossary lookup 小红书 · glossary lookup xhs · glossary lookup "Little Red Book"
    """
    from ..lookup import Lookup

    text = " ".join(query)
    matches = Lookup(resolve(glossary)).lookup(text, limit=limit, dictionary=not no_dictionary)
    if as_json:
        echo_json([m.to_json() for m in matches])
        if not matches:
            raise typer.Exit(1)
        return
    if not matches:
        typer.echo(f"no match for {text!r}", err=True)
        raise typer.Exit(1)
    typer.echo(card(matches[0]))
    if len(matches) > 1:
        typer.echo("\nalso:")
        for n, m in enumerate(matches[1:], start=2):
            typer.echo(short(n, m))


@app.command()
def search(
    text: str = typer.Argument(..., help="Text to find in any field (forms, pinyin, note, gloss)."),
    limit: int = typer.Option(50, "--limit", "-n"),
    as_json: bool = JsonOption,
    glossary: Optional[Path] = GlossaryOption,
) -> None:
    """Substring and prefix search across every field of the glossary."""
    from ..lookup import Lookup

    matches = Lookup(resolve(glossary)).search(text, limit=limit)
    if as_json:
        echo_json([m.to_json() for m in matches])
    elif matches:
        typer.echo(table([[m.id, m.zh or "", m.pinyin or "", m.en or ""] for m in matches], ["id", "zh", "pinyin", "en"]))
    if not matches:
        if not as_json:
            typer.echo(f"nothing found for {text!r}", err=True)
        raise typer.Exit(1)


@app.command("list")
def list_(
    category: Optional[str] = typer.Option(None, "--category", "-c", help="Only this category."),
    status: Optional[str] = typer.Option(None, "--status", "-s", help="Only this status (candidate, reviewed)."),
    as_json: bool = JsonOption,
    glossary: Optional[Path] = GlossaryOption,
) -> None:
    """List the glossary's concepts, in file order."""
    from ..lookup import Lookup
    from ..model import CATEGORIES, STATUSES

    if category and category not in CATEGORIES:
        raise UsageError(f"unknown category {category!r} (expected one of: {', '.join(CATEGORIES)})")
    if status and status not in STATUSES:
        raise UsageError(f"unknown status {status!r} (expected one of: {', '.join(STATUSES)})")
    concepts = Lookup(resolve(glossary)).concepts(category=category, status=status)
    if as_json:
        echo_json(concepts)
        return
    rows = [[c["id"], c.get("zh", ""), c.get("pinyin", ""), c.get("en", ""), c.get("category", "")] for c in concepts]
    if rows:
        typer.echo(table(rows, ["id", "zh", "pinyin", "en", "category"]))
    typer.echo(f"{len(rows)} concept{'s' if len(rows) != 1 else ''}", err=True)


@app.command()
def show(
    concept_id: str = typer.Argument(..., metavar="ID", help="The concept's id."),
    as_json: bool = JsonOption,
    glossary: Optional[Path] = GlossaryOption,
) -> None:
    """Show one concept by its id."""
    from ..lookup import Lookup

    m = Lookup(resolve(glossary)).show(concept_id)
    if as_json:
        echo_json(m.to_json())
    else:
        typer.echo(card(m))


def parse_alias(value: str) -> dict[str, str]:
    """``"Little Red Book=calque"`` → ``{"text": "Little Red Book", "kind": "calque"}``; no kind means variant."""
    from ..model import ALIAS_KINDS

    text, sep, kind = value.rpartition("=")
    if sep and kind.strip() in ALIAS_KINDS:
        return {"text": text.strip(), "kind": kind.strip()}
    if sep and kind.strip():
        raise UsageError(f"unknown alias kind {kind.strip()!r} in {value!r} (expected one of: {', '.join(ALIAS_KINDS)})")
    return {"text": value.strip(), "kind": "variant"}


AliasOption = typer.Option(None, "--alias", "-a", help="An alias as TEXT=KIND (e.g. 'Little Red Book=calque'); repeatable.")


def _fields(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@app.command()
def add(
    concept_id: Optional[str] = typer.Option(None, "--id", help="Stable slug (default: from the English or pinyin)."),
    zh: Optional[str] = typer.Option(None, "--zh", help="Simplified characters."),
    zh_hant: Optional[str] = typer.Option(None, "--zh-hant", help="Traditional characters."),
    pinyin: Optional[str] = typer.Option(None, "--pinyin", help="Pinyin with tone marks (Xiǎohóngshū)."),
    en: Optional[str] = typer.Option(None, "--en", help="Preferred English."),
    category: Optional[str] = typer.Option(None, "--category", "-c"),
    alias: Optional[List[str]] = AliasOption,
    literal: Optional[str] = typer.Option(None, "--literal", help="Literal character-by-character gloss."),
    note: Optional[str] = typer.Option(None, "--note", help="One-line English note."),
    status: str = typer.Option("reviewed", "--status", help="candidate or reviewed."),
    interactive: bool = typer.Option(False, "--interactive", "-i", help="Prompt for the main fields (the default at a terminal when no --zh/--en is given)."),
    dry_run: bool = DryRunOption,
    glossary: Optional[Path] = GlossaryOption,
) -> None:
    """Add a concept to terms.yaml (prompts for the main fields when run interactively without them)."""
    from .. import store
    from ..model import Concept

    path = resolve_writable(glossary)
    if interactive or not (zh or en):
        if not (interactive or sys.stdin.isatty()):
            raise UsageError("give at least --zh or --en (or --interactive to be prompted)")
        zh = zh or typer.prompt("Chinese (simplified)", default="", show_default=False) or None
        en = en or typer.prompt("English", default="", show_default=False) or None
        if not (zh or en):
            raise UsageError("a concept needs Chinese or English")
        pinyin = pinyin or typer.prompt("Pinyin with tone marks", default="", show_default=False) or None
        category = category or typer.prompt("Category", default="other")
        note = note or typer.prompt("One-line note", default="", show_default=False) or None
    concept_id = concept_id or slug(en or pinyin or "") or None
    if not concept_id:
        raise UsageError("give --id (no English or pinyin to make one from)")
    concept = Concept.from_dict(
        _fields(id=concept_id, category=category or "other", zh=zh, zh_hant=zh_hant, pinyin=pinyin, en=en,
                literal=literal, note=note, status=status, aliases=[parse_alias(a) for a in alias or []])
    )
    if concept.zh or concept.zh_hant:
        from ..enrich import complete

        complete(concept)  # the other script and pinyin when missing (origin: rule)
    with store.editing(path, dry_run=dry_run) as doc:
        doc.add(concept)
    report_write(doc, f"added {concept.id} to {path}", dry_run)


@app.command()
def edit(
    concept_id: str = typer.Argument(..., metavar="ID"),
    zh: Optional[str] = typer.Option(None, "--zh"),
    zh_hant: Optional[str] = typer.Option(None, "--zh-hant"),
    pinyin: Optional[str] = typer.Option(None, "--pinyin"),
    en: Optional[str] = typer.Option(None, "--en"),
    category: Optional[str] = typer.Option(None, "--category", "-c"),
    alias: Optional[List[str]] = typer.Option(None, "--alias", "-a", help="Add an alias, TEXT=KIND; repeatable."),
    remove_alias: Optional[List[str]] = typer.Option(None, "--remove-alias", help="Remove the alias with this text; repeatable."),
    literal: Optional[str] = typer.Option(None, "--literal"),
    note: Optional[str] = typer.Option(None, "--note"),
    status: Optional[str] = typer.Option(None, "--status"),
    dry_run: bool = DryRunOption,
    glossary: Optional[Path] = GlossaryOption,
) -> None:
    """Change fields of a concept in place; everything else in the file stays as it was."""
    from .. import store

    path = resolve_writable(glossary)
    values = _fields(zh=zh, zh_hant=zh_hant, pinyin=pinyin, en=en, category=category, literal=literal, note=note, status=status)
    with store.editing(path, dry_run=dry_run) as doc:
        if alias or remove_alias:
            current = [a.to_dict() for a in doc.concept(concept_id).aliases]
            gone = set(remove_alias or [])
            missing = gone - {a["text"] for a in current}
            if missing:
                raise UsageError(f"{concept_id} has no alias {sorted(missing)[0]!r}")
            kept = [a for a in current if a["text"] not in gone]
            values["aliases"] = kept + [parse_alias(a) for a in alias or []]
        if not values:
            raise UsageError("nothing to change: give at least one field option")
        origin = doc.concept(concept_id).origin
        kept = {field: source for field, source in origin.items() if field not in values}
        if kept != origin:  # a person set these fields now: they are human values
            values["origin"] = kept or None
        doc.update(concept_id, **values)
    report_write(doc, f"{'updated' if doc.changed else 'unchanged'} {concept_id} in {path}", dry_run)


@app.command()
def remove(
    concept_id: str = typer.Argument(..., metavar="ID"),
    dry_run: bool = DryRunOption,
    glossary: Optional[Path] = GlossaryOption,
) -> None:
    """Remove a concept from terms.yaml (the previous version is kept as terms.yaml~)."""
    from .. import store

    path = resolve_writable(glossary)
    with store.editing(path, dry_run=dry_run) as doc:
        doc.remove(concept_id)
    report_write(doc, f"removed {concept_id} from {path}", dry_run)


@app.command()
def validate(glossary: Optional[Path] = GlossaryOption) -> None:
    """Check terms.yaml against the schema and report every problem with its line.

    Warnings (exit code 0): a concept without an example or refs, and two concepts
    whose forms are the same once folded as lookup folds them.
    """
    from .. import store

    from ..checks import warnings as check

    path = resolve(glossary)
    g = store.load(path)
    found = check(g.concepts, path, store.read_text(path))
    for problem in found:
        typer.echo(f"warning: {problem}", err=True)
    typer.echo(f"{path}: {len(g)} concepts, valid" + (f", {len(found)} warning{'s' if len(found) != 1 else ''}" if found else ""))


@app.command()
def index(glossary: Optional[Path] = GlossaryOption) -> None:
    """Build (or check) the SQLite lookup index for the glossary and CC-CEDICT, and say how long it took."""
    from .. import paths
    from ..index import dictionary_db, glossary_db

    start = time.perf_counter()
    con = glossary_db(resolve(glossary))
    mid = time.perf_counter()
    dictionary_db()
    end = time.perf_counter()
    n = con.execute("SELECT count(*) FROM concepts").fetchone()[0]
    typer.echo(f"glossary index: {n} concepts ({mid - start:.2f} s)")
    typer.echo(f"dictionary index: CC-CEDICT ({end - mid:.2f} s)")
    typer.echo(f"cache: {paths.cache_dir()}")

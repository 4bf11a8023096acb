"""Core commands: lookup, search, list, show, add, edit, remove, validate, index."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click
import typer

from glossary.cli import output
from glossary.cli.base import (
    DryRunOption,
    GlossaryOption,
    JsonOption,
    app,
    echo_json,
    report_write,
    resolve,
    resolve_writable,
    schema_option,
)
from glossary.cli.output import safe
from glossary.errors import ExitStatus, NotFoundError, UsageError
from glossary.text.normalize import slug

# --- text output -------------------------------------------------------------------

#: Where a card's labelled lines continue when wrapped ("aliases: " is nine columns).
LABEL = 9


def table(rows: list[list[str]], header: list[str]) -> str:
    """A table of untrusted cells: fitted to the terminal's width, in full to a pipe."""
    return output.table([[safe(c) for c in row] for row in rows], header, output.terminal_width())


def headline(m: Any, columns: int | None = None) -> list[str]:
    """Characters (bold at a terminal), pinyin and English, wrapped to ``columns``."""
    chars = " · ".join(dict.fromkeys(safe(x) for x in (m.zh, m.zh_hant) if x))
    lines = output.wrap("  ".join(p for p in (chars, safe(m.pinyin or ""), safe(m.en or "")) if p), columns, LABEL)
    if chars and lines[0].startswith(chars):
        lines[0] = output.style(chars, bold=True) + lines[0][len(chars) :]
    return lines


def card(m: Any, columns: int | None = None) -> str:
    """A readable card for one match, each line wrapped to ``columns`` (None: never wrapped)."""
    lines = headline(m, columns)
    if m.answered_from == "glossary":
        tag = f"[{safe(m.category or '')} · {safe(m.status)} · id: {safe(m.id)}]"
    else:
        tag = "[CC-CEDICT dictionary entry]"
    lines += [output.style(line, dim=True) for line in output.wrap(tag, columns)]
    body = []
    if m.aliases:
        body.append("aliases: " + "; ".join(f"{safe(a['text'])} ({safe(a.get('kind', 'variant'))})" for a in m.aliases))
    if m.literal:
        body.append(f"literal: {safe(m.literal)}")
    if m.gloss and m.answered_from == "glossary":
        body.append(f"gloss:   {safe(m.gloss)}")
    if m.note:
        body.append(f"note:    {safe(m.note)}")
    for s in m.sources[:5]:
        where = f"{safe(s['path'])}:{s['line']}" if s.get("line") else safe(s["path"])
        body.append(f"seen:    {where}" + (f"  “{safe(s['sentence'])}”" if s.get("sentence") else ""))
    if len(m.sources) > 5:
        body.append(f"         … and {len(m.sources) - 5} more sources")
    return "\n".join([*lines, output.fit(body, columns, LABEL)] if body else lines)


def short(n: int, m: Any, columns: int | None = None) -> str:
    """One line for a further match: rank, characters, pinyin, English, which source answered and score."""
    answered = "glossary" if m.answered_from == "glossary" else "CC-CEDICT"
    text = f"{n:>2}. {safe(m.zh or '')}  {safe(m.pinyin or '')}  {safe(m.en or '')}  ({answered}, {m.score:.2f})"
    return output.fit([text.replace("    ", "  ")], columns, 4)


# --- commands ------------------------------------------------------------------------


@app.command()
def lookup(
    query: list[str] = typer.Argument(
        ..., help="Characters, pinyin (any tones, spacing, initials), English, alias or hashtag."
    ),
    limit: int = typer.Option(8, "--limit", "-n", help="How many matches at most."),
    no_dictionary: bool = typer.Option(False, "--no-dictionary", help="Search the glossary only, not CC-CEDICT."),
    as_json: bool = JsonOption,
    schema: bool = schema_option("glossary.terms.schema:lookup_json_schema", "--json's output"),
    glossary: Path | None = GlossaryOption,
) -> ExitStatus:
    """Look a term up in any script or spelling; the best match as a card, the rest as a list.

    Examples: glossary lookup 小红书 · glossary lookup xhs · glossary lookup "Little Red Book"
    """
    from glossary.terms.lookup import Lookup

    text = " ".join(query)
    matches = Lookup(resolve(glossary)).lookup(text, limit=limit, dictionary=not no_dictionary)
    if as_json:
        echo_json([m.to_json() for m in matches])
        return ExitStatus.OK if matches else ExitStatus.NOT_FOUND
    if not matches:
        typer.echo(f"no match for {text!r}", err=True)
        return ExitStatus.NOT_FOUND
    columns = output.terminal_width()
    typer.echo(card(matches[0], columns))
    if len(matches) > 1:
        typer.echo("\nalso:")
        for n, m in enumerate(matches[1:], start=2):
            typer.echo(short(n, m, columns))
    return ExitStatus.OK


@app.command()
def search(
    text: str = typer.Argument(..., help="Text to find in any field (forms, pinyin, note, gloss)."),
    limit: int = typer.Option(50, "--limit", "-n"),
    as_json: bool = JsonOption,
    glossary: Path | None = GlossaryOption,
) -> ExitStatus:
    """Search every field of the glossary; whole-word and prefix hits on the main forms first.

    The 'matched' column names the field that matched: zh, zh_hant, en, pinyin, alias:KIND,
    id, initials, note, literal or gloss. Example: glossary search hóng
    """
    from glossary.terms.lookup import Lookup

    matches = Lookup(resolve(glossary)).search(text, limit=limit)
    if as_json:
        echo_json([m.to_json() for m in matches])
    elif matches:
        rows = [[m.id, m.zh or "", m.pinyin or "", m.en or "", m.via or ""] for m in matches]
        typer.echo(table(rows, ["id", "zh", "pinyin", "en", "matched"]))
    if not matches:
        if not as_json:
            typer.echo(f"nothing found for {text!r}", err=True)
        return ExitStatus.NOT_FOUND
    return ExitStatus.OK


@app.command("list")
def list_(
    category: str | None = typer.Option(None, "--category", "-c", help="Only this category."),
    status: str | None = typer.Option(None, "--status", "-s", help="Only this status (candidate, reviewed)."),
    as_json: bool = JsonOption,
    glossary: Path | None = GlossaryOption,
) -> None:
    """List the glossary's concepts, in file order."""
    from glossary.terms.lookup import Lookup
    from glossary.terms.model import CATEGORIES, STATUSES

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
    concept_id: str = typer.Argument(
        ..., metavar="ID|FORM", help="The concept's id, or any form of it (characters, pinyin, English, alias)."
    ),
    as_json: bool = JsonOption,
    glossary: Path | None = GlossaryOption,
) -> None:
    """Show one concept by its id, or else the glossary's best match for the text (said on stderr).

    Examples: glossary show xiaohongshu · glossary show xhs · glossary show 小红书
    """
    from glossary.terms.lookup import Lookup

    finder = Lookup(resolve(glossary))
    try:
        m = finder.show(concept_id)
    except NotFoundError:
        best = finder.lookup(concept_id, limit=1, dictionary=False) if concept_id.strip() else []
        if not best:
            raise NotFoundError(
                f"no concept with id {concept_id!r}, and none of the glossary's forms matches it"
            ) from None
        m = best[0]
        typer.echo(f"no id {concept_id!r}; showing the best match: {safe(m.id)}", err=True)
    if as_json:
        echo_json(m.to_json())
    else:
        typer.echo(card(m, output.terminal_width()))


def parse_alias(value: str) -> dict[str, str]:
    """``"Little Red Book=calque"`` → ``{"text": "Little Red Book", "kind": "calque"}``; no kind means variant."""
    from glossary.terms.model import ALIAS_KINDS

    text, sep, kind = value.rpartition("=")
    if sep and kind.strip() in ALIAS_KINDS:
        return {"text": text.strip(), "kind": kind.strip()}
    if sep and kind.strip():
        raise UsageError(
            f"unknown alias kind {kind.strip()!r} in {value!r} (expected one of: {', '.join(ALIAS_KINDS)})"
        )
    return {"text": value.strip(), "kind": "variant"}


AliasOption = typer.Option(
    None, "--alias", "-a", help="An alias as TEXT=KIND (e.g. 'Little Red Book=calque'); repeatable."
)


def _fields(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@app.command()
def add(
    concept_id: str | None = typer.Option(None, "--id", help="Stable slug (default: from the English or pinyin)."),
    zh: str | None = typer.Option(None, "--zh", help="Simplified characters."),
    zh_hant: str | None = typer.Option(None, "--zh-hant", help="Traditional characters."),
    pinyin: str | None = typer.Option(None, "--pinyin", help="Pinyin with tone marks (Xiǎohóngshū)."),
    en: str | None = typer.Option(None, "--en", help="Preferred English."),
    category: str | None = typer.Option(None, "--category", "-c"),
    alias: list[str] | None = AliasOption,
    literal: str | None = typer.Option(None, "--literal", help="Literal character-by-character gloss."),
    note: str | None = typer.Option(None, "--note", help="One-line English note."),
    status: str = typer.Option("reviewed", "--status", help="candidate or reviewed."),
    interactive: bool = typer.Option(
        False,
        "--interactive",
        "-i",
        help="Prompt for the main fields (the default at a terminal when no --zh/--en is given).",
    ),
    dry_run: bool = DryRunOption,
    glossary: Path | None = GlossaryOption,
) -> None:
    """Add a concept to terms.yaml (prompts for the main fields when run interactively without them).

    At a terminal each answer is checked as it is typed: the category against the list, an
    alias as TEXT=KIND, forms and the id against the rest of the glossary.
    """
    from glossary.curate.edit import add as add_concept
    from glossary.errors import GlossaryError
    from glossary.terms import store

    path = resolve_writable(glossary)
    aliases = [parse_alias(a) for a in alias or []]
    prompted = interactive or not (zh or en)
    if prompted:
        if not (interactive or sys.stdin.isatty()):
            raise UsageError("give at least --zh or --en (or --interactive to be prompted)")
        answers = Answers(store.load(path).concepts)
        zh, en = answers.names(zh, en)
        category = category or answers.category()
        pinyin = pinyin or answers.pinyin(zh, zh_hant, category)
        aliases = aliases or answers.aliases()
        note = note or typer.prompt("One-line note", default="", show_default=False) or None
        concept_id = concept_id or answers.concept_id(slug(en or pinyin or ""))
    concept_id = concept_id or slug(en or pinyin or "") or None
    if not concept_id:
        raise UsageError("give --id (no English or pinyin to make one from)")
    given = _fields(
        id=concept_id,
        category=category or "other",
        zh=zh,
        zh_hant=zh_hant,
        pinyin=pinyin,
        en=en,
        literal=literal,
        note=note,
        status=status,
        aliases=aliases,
    )
    try:
        doc = add_concept(path, given, dry_run=dry_run)
    except GlossaryError:
        if prompted:
            typer.echo(f"your answers, to fix and run again:\n  {add_command(path, given)}", err=True)
        raise
    report_write(doc, f"added {concept_id} to {path}", dry_run)


def add_command(path: Path, fields: dict[str, Any]) -> str:
    """The ``glossary add`` command line that adds a concept with these fields."""
    import shlex

    args = ["glossary", "--glossary", str(path), "add"]
    for name in ("id", "zh", "zh_hant", "pinyin", "en", "category", "literal", "note", "status"):
        if fields.get(name):
            args += [f"--{name.replace('_', '-')}", fields[name]]
    for a in fields.get("aliases", []):
        args += ["--alias", f"{a['text']}={a['kind']}"]
    return shlex.join(args)


class Answers:
    """The prompts of an interactive ``add``: each answer is checked against the glossary as it
    is typed, and asked again (saying why) when it would be refused at the end."""

    def __init__(self, concepts: list[Any]) -> None:
        from glossary.text.normalize import fold

        self.fold = fold
        self.ids = {c.id for c in concepts}
        self.claims: dict[str, tuple[str, str]] = {}
        for c in concepts:
            for form in c.forms():
                self.claims.setdefault(fold(form), (c.id, form))

    def _unclaimed(self, text: str) -> str:
        owner = self.claims.get(self.fold(text)) if text else None
        if owner:
            raise click.BadParameter(f"{text!r} is already a form of concept {owner[0]!r} (as {owner[1]!r})")
        return text

    def names(self, zh: str | None, en: str | None) -> tuple[str | None, str | None]:
        """Chinese and English; at least one of them."""
        while True:
            zh = (
                zh
                or typer.prompt("Chinese (simplified)", default="", show_default=False, value_proc=self._unclaimed)
                or None
            )
            en = en or typer.prompt("English", default="", show_default=False, value_proc=self._unclaimed) or None
            if zh or en:
                return zh, en
            typer.echo("Error: a concept needs Chinese or English (or both)", err=True)

    def category(self) -> str:
        from glossary.terms.model import CATEGORIES

        return typer.prompt("Category", default="other", type=click.Choice(CATEGORIES))

    def pinyin(self, zh: str | None, zh_hant: str | None, category: str) -> str | None:
        """Pinyin, suggesting what ``glossary enrich`` would write for the characters."""
        suggested = suggest_pinyin(zh, zh_hant, category)
        if suggested:
            return typer.prompt("Pinyin with tone marks", default=suggested) or None
        return typer.prompt("Pinyin with tone marks", default="", show_default=False) or None

    def _alias(self, value: str) -> dict[str, str] | None:
        if not value.strip():
            return None
        try:
            parsed = parse_alias(value)
        except UsageError as e:
            raise click.BadParameter(str(e)) from None
        self._unclaimed(parsed["text"])
        return parsed

    def aliases(self) -> list[dict[str, str]]:
        """Aliases as TEXT=KIND, one per prompt, until an empty answer."""
        from glossary.terms.model import ALIAS_KINDS

        out: list[dict[str, str]] = []
        label = f"Alias as TEXT=KIND ({', '.join(ALIAS_KINDS)}; empty when done)"
        while True:
            found = typer.prompt(label, default="", show_default=False, value_proc=self._alias)
            if not found:
                return out
            out.append(found)

    def _new_id(self, value: str) -> str:
        if not slug(value) or slug(value) != value:
            raise click.BadParameter(f"an id is a lower-case slug such as {slug(value) or 'cat-tax'!r}")
        if value in self.ids:
            raise click.BadParameter(f"a concept with id {value!r} already exists")
        return value

    def concept_id(self, derived: str) -> str:
        """The id made from the English or pinyin when it is new, else asked for."""
        if derived and derived not in self.ids:
            return derived
        if derived:
            typer.echo(f"the id {derived!r} is taken: choose another", err=True)
        return typer.prompt("Id", value_proc=self._new_id)


def suggest_pinyin(zh: str | None, zh_hant: str | None, category: str) -> str | None:
    """The pinyin ``glossary enrich`` would give these characters in this category (None without any)."""
    from glossary.enrich.enricher import complete
    from glossary.terms.model import Concept

    concept = Concept(id="new", category=category, zh=zh, zh_hant=zh_hant)
    complete(concept)
    return concept.pinyin


@app.command()
def edit(
    concept_id: str = typer.Argument(..., metavar="ID"),
    zh: str | None = typer.Option(None, "--zh"),
    zh_hant: str | None = typer.Option(None, "--zh-hant"),
    pinyin: str | None = typer.Option(None, "--pinyin"),
    en: str | None = typer.Option(None, "--en"),
    category: str | None = typer.Option(None, "--category", "-c"),
    scope: str | None = typer.Option(
        None, "--scope", help="background: ordinary words the coverage uses (extract and build skip them); event."
    ),
    alias: list[str] | None = typer.Option(None, "--alias", "-a", help="Add an alias, TEXT=KIND; repeatable."),
    remove_alias: list[str] | None = typer.Option(
        None, "--remove-alias", help="Remove the alias with this text; repeatable."
    ),
    literal: str | None = typer.Option(None, "--literal"),
    note: str | None = typer.Option(None, "--note"),
    status: str | None = typer.Option(None, "--status"),
    unset: list[str] | None = typer.Option(
        None,
        "--unset",
        metavar="FIELD",
        help="Clear this field and where its value came from (or give it as --FIELD ''); repeatable.",
    ),
    new_id: str | None = typer.Option(
        None, "--id", metavar="NEW", help="Rename the concept; every related list that names it follows."
    ),
    dry_run: bool = DryRunOption,
    glossary: Path | None = GlossaryOption,
) -> None:
    """Change fields of a concept in place; everything else in the file stays as it was.

    Examples: glossary edit cat-tax --note "Pet owners' bills." · glossary edit cat-tax --unset gloss ·
    glossary edit cat-tax --id mao-shui (an Anki deck exported before sees the renamed concept as a new note)
    """
    from glossary.curate.edit import edit as edit_concept

    path = resolve_writable(glossary)
    values = _fields(
        zh=zh,
        zh_hant=zh_hant,
        pinyin=pinyin,
        en=en,
        category=category,
        scope=scope,
        literal=literal,
        note=note,
        status=status,
    )
    doc = edit_concept(
        path,
        concept_id,
        values,
        add_aliases=[parse_alias(a) for a in alias or []],
        remove_aliases=remove_alias or [],
        unset=[u.strip().replace("-", "_") for u in unset or []],
        new_id=new_id,
        dry_run=dry_run,
    )
    renamed = f" (now {new_id})" if new_id and doc.changed else ""
    report_write(doc, f"{'updated' if doc.changed else 'unchanged'} {concept_id}{renamed} in {path}", dry_run)


@app.command()
def remove(
    concept_id: str = typer.Argument(..., metavar="ID"),
    dry_run: bool = DryRunOption,
    glossary: Path | None = GlossaryOption,
) -> None:
    """Remove a concept from terms.yaml, and its id from every related list.

    The previous version is kept in the data folder (glossary --verbose says where).
    """
    from glossary.curate.edit import remove as remove_concept

    path = resolve_writable(glossary)
    doc = remove_concept(path, concept_id, dry_run=dry_run)
    report_write(doc, f"removed {concept_id} from {path}", dry_run)


@app.command()
def validate(glossary: Path | None = GlossaryOption) -> None:
    """Check terms.yaml against the schema and report every problem with its line.

    Warnings (exit code 0): a concept without an example or refs, and two concepts
    whose forms are the same once folded as lookup folds them.
    """
    from glossary.terms import store
    from glossary.terms.checks import warnings as check

    path = resolve(glossary)
    g = store.load(path)
    found = check(g.concepts, path, store.read_text(path))
    for problem in found:
        typer.echo(f"warning: {problem}", err=True)
    typer.echo(
        f"{path}: {len(g)} concepts, valid"
        + (f", {len(found)} warning{'s' if len(found) != 1 else ''}" if found else "")
    )


@app.command()
def index(glossary: Path | None = GlossaryOption) -> None:
    """Build (or check) the SQLite lookup index for the glossary and CC-CEDICT, and say how long it took."""
    from glossary import paths
    from glossary.dictionary.query import Dictionary
    from glossary.terms.index import glossary_db

    start = time.perf_counter()
    con = glossary_db(resolve(glossary))
    mid = time.perf_counter()
    Dictionary().open()
    end = time.perf_counter()
    n = con.execute("SELECT count(*) FROM concepts").fetchone()[0]
    typer.echo(f"glossary index: {n} concepts ({mid - start:.2f} s)")
    typer.echo(f"dictionary index: CC-CEDICT ({end - mid:.2f} s)")
    typer.echo(f"cache: {paths.cache_dir()}")

"""The review command: walk the candidates best first and decide on each."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from glossary.cli.base import (
    DryRunOption,
    GlossaryOption,
    JsonOption,
    app,
    echo_json,
    report_backup,
    resolve,
    resolve_writable,
)
from glossary.cli.output import colour_diff
from glossary.errors import GlossaryError, UsageError

KEYS = {"a": "accept", "e": "edit", "m": "merge", "r": "relate", "x": "reject", "s": "skip", "q": "quit"}
MENU = "[a]ccept  [e]dit  [m]erge into  [r]elate to  re[x]ect  [s]kip  [q]uit"


@app.command()
def review(
    accept: list[str] | None = typer.Option(
        None,
        "--accept",
        help="Accept this candidate (status: reviewed), or the forms proposed for a reviewed concept "
        "(ID:FORM: that one) as aliases; repeatable.",
    ),
    reject: list[str] | None = typer.Option(
        None,
        "--reject",
        help="Reject this candidate (removed), or the forms proposed for a reviewed concept (ID:FORM: that one); "
        "never proposed by build again; repeatable.",
    ),
    merge: list[str] | None = typer.Option(
        None, "--merge", help="CANDIDATE=EXISTING: its forms and sources join EXISTING; repeatable."
    ),
    relate: list[str] | None = typer.Option(
        None, "--relate", help="CANDIDATE=EXISTING: accept it and list each as related to the other; repeatable."
    ),
    set_: list[str] | None = typer.Option(
        None,
        "--set",
        metavar="FIELD=VALUE",
        help="With one --accept: set this field of the candidate first (FIELD= clears it); repeatable.",
    ),
    interactive: bool = typer.Option(
        False, "--interactive", "-i", help="Walk the candidates even when not at a terminal (answers from stdin)."
    ),
    as_json: bool = JsonOption,
    dry_run: bool = DryRunOption,
    glossary: Path | None = GlossaryOption,
) -> None:
    """Review the candidates that build found, best first: accept, edit, merge, relate, reject or skip;
    and the forms build proposed for reviewed concepts: accept (as aliases) or reject.

    At a terminal with no decision flags it walks every candidate with its evidence and
    where each field came from; elsewhere it lists them (--json for scripts). The decisions
    of one command line are one write: all of them, or none if one fails; --dry-run shows its diff.
    Examples: glossary review · glossary review --accept dog-tax --reject more-stories ·
    glossary review --accept dog-tax --set "note=Pets pay it too." --dry-run
    """
    from glossary.curate import review as lib

    decisions = _decisions(accept, reject, merge, relate, set_)
    if decisions:
        path = resolve(glossary) if dry_run else resolve_writable(glossary)
        outcomes, doc = lib.decide_all(path, decisions, dry_run=dry_run, candidates_only=True)
        if dry_run:
            typer.echo(colour_diff(doc.diff()), nl=False)
        for n, o in enumerate(outcomes, start=1):
            last = "; nothing was written" if dry_run and n == len(outcomes) else ""
            typer.echo(f"dry run: would have {o.message}{last}" if dry_run else o.message, err=dry_run)
        report_backup(doc)
        return
    path = resolve(glossary)
    found = lib.candidates(path)
    if as_json:
        echo_json([c.to_json() for c in found])
        return
    if not (interactive or (sys.stdin.isatty() and sys.stdout.isatty())):
        _list(found)
        return
    _walk(resolve_writable(glossary), found)


def _decisions(
    accept: list[str] | None,
    reject: list[str] | None,
    merge: list[str] | None,
    relate: list[str] | None,
    settings: list[str] | None,
) -> list[Any]:
    """The decisions the flags state, in the order accept, reject, merge, relate."""
    from glossary.curate import review as lib

    values = lib.parse_settings(settings or [])
    if values and len(accept or []) != 1:
        raise UsageError("--set sets fields of the candidate accepted: give exactly one --accept ID with it")
    decisions = []
    for decision, given in ((lib.ACCEPT, accept), (lib.REJECT, reject)):
        for value in given or []:
            cid, forms = lib.parse_choice(value)
            decisions.append(lib.Decision(cid, decision, None, values if decision == lib.ACCEPT else None, forms))
    for decision, given in ((lib.MERGE, merge), (lib.RELATE, relate)):
        for value in given or []:
            cid, target = lib.parse_target(value)
            decisions.append(lib.Decision(cid, decision, target))
    return decisions


def _list(found: list[Any]) -> None:
    from glossary.cli.core import table
    from glossary.text.normalize import terminal_safe

    if found:
        rows = [
            [c.concept.id, c.concept.zh or "", c.concept.en or "", c.concept.category, str(c.evidence)] for c in found
        ]
        header = ["id", "zh", "en", "category", "evidence"]
        if any(c.proposed for c in found):
            header.append("proposed")
            for row, c in zip(rows, found):
                row.append(" · ".join(c.proposed))
        typer.echo(terminal_safe(table(rows, header)))
    typer.echo(f"{len(found)} candidate{'s' if len(found) != 1 else ''}", err=True)


def describe(candidate: Any, n: int, total: int) -> str:
    """A candidate as the reviewer sees it: forms, where each field came from, its evidence."""
    from glossary.text.normalize import terminal_safe

    c = candidate.concept
    lines = [
        f"[{n}/{total}] {c.id} · {c.category} · {candidate.evidence} source{'s' if candidate.evidence != 1 else ''}"
    ]
    chars = " · ".join(dict.fromkeys(x for x in (c.zh, c.zh_hant) if x))
    lines.append("  ".join(x for x in (chars, c.pinyin or "", c.en or "") if x))
    fields = [
        f"{name} ({c.origin_of(name)})"
        for name in ("zh", "zh_hant", "pinyin", "en", "gloss", "literal")
        if getattr(c, name)
    ]
    lines.append("fields:  " + " · ".join(fields))
    if c.aliases:
        lines.append("aliases: " + "; ".join(f"{a.text} ({a.kind})" for a in c.aliases))
    if candidate.proposed:
        lines.append("proposed: " + "; ".join(f"{a.text} ({a.kind})" for a in c.proposed) + "  (accept or reject)")
    if c.gloss:
        lines.append(f"gloss:   {c.gloss}")
    if c.note:
        lines.append(f"note:    {c.note}")
    if c.example:
        lines.append(f"example: {c.example.zh} | {c.example.en}")
    for r in c.refs:
        lines.append("ref:     " + " · ".join(x for x in (r.url, r.outlet, r.date) if x))
    for s in c.sources[:3]:
        where = f"{s.path}:{s.line}" if s.line else s.path
        lines.append(f"seen:    {where}" + (f"  “{s.sentence}”" if s.sentence else ""))
    return terminal_safe("\n".join(lines))


def _walk(path: Path, found: list[Any]) -> None:
    from glossary.curate import review as lib

    if not found:
        typer.echo("no candidates to review")
        return
    done = 0
    for n, candidate in enumerate(found, start=1):
        typer.echo("\n" + describe(candidate, n, len(found)))
        while True:
            key = typer.prompt(MENU, default="s", show_default=False).strip().lower()[:1]
            choice = KEYS.get(key)
            if choice is None:
                typer.echo(f"unknown answer {key!r}: type one of {', '.join(KEYS)}", err=True)
                continue
            if choice == "quit":
                typer.echo(f"reviewed {done} of {len(found)} candidates", err=True)
                return
            if choice == "skip":
                break
            try:
                lib.check_decision(candidate.concept, choice)
                outcome = _decide(path, candidate.concept.id, choice)
            except (UsageError, GlossaryError) as e:  # a bad answer: say why, ask again; nothing is lost
                typer.echo(f"error: {e}", err=True)
                continue
            if outcome is None:
                continue
            typer.echo(outcome.message)
            if choice == "edit":
                candidate = type(candidate)(lib.ensure_candidate(path, candidate.concept.id), candidate.evidence)
                typer.echo(describe(candidate, n, len(found)))
                continue
            done += 1
            break
    typer.echo(f"reviewed {done} of {len(found)} candidates", err=True)


def _decide(path: Path, concept_id: str, choice: str) -> Any:
    from glossary.curate import review as lib

    if choice == "edit":
        field = typer.prompt(f"field ({', '.join(lib.EDITABLE)})").strip()
        if field not in lib.EDITABLE:
            raise UsageError(f"cannot edit {field!r} (editable: {', '.join(lib.EDITABLE)})")
        if field == "category":
            from glossary.terms.model import CATEGORIES

            typer.echo("categories: " + ", ".join(CATEGORIES))
        if field == "scope":
            from glossary.terms.schema import SCOPES

            typer.echo("scopes: " + ", ".join(SCOPES))
        hint = {"example": " (CHINESE SENTENCE | ENGLISH TRANSLATION)", "ref": " to add (URL | OUTLET | DATE)"}.get(
            field, ""
        )
        value = typer.prompt(f"new {field}{hint}, or - to clear it").strip()
        return lib.decide(path, concept_id, lib.EDIT, values={field: "" if value == "-" else value})
    if choice in ("merge", "relate"):
        target = typer.prompt(f"{choice} {'into' if choice == 'merge' else 'to'} which concept (id)").strip()
        return lib.decide(path, concept_id, choice, target)
    return lib.decide(path, concept_id, choice)

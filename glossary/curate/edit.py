"""Changing a concept by hand: the values a person sets are human values.

Every value of terms.yaml records where it came from (``origin``: rule, dictionary, mt;
absent means a person). A field a person sets loses its machine origin, whoever filled
it before; the origins of the other fields stay.
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from glossary.errors import UsageError
from glossary.terms import store


def set_by_hand(doc: store.Document, concept_id: str, values: dict[str, Any]) -> None:
    """Set fields of a concept in an open document as a person: each field set now loses its machine origin."""
    origin = doc.concept(concept_id).origin
    kept = {name: source for name, source in origin.items() if name not in values}
    if kept != origin:
        values = {**values, "origin": kept or None}
    doc.update(concept_id, **values)


def edit(
    path: str | os.PathLike[str],
    concept_id: str,
    values: dict[str, Any],
    *,
    add_aliases: Iterable[dict[str, str]] = (),
    remove_aliases: Iterable[str] = (),
    dry_run: bool = False,
) -> store.Document:
    """Change fields of a concept in place (everything else in the file stays as it was), in one
    atomic write; aliases are added (``{"text", "kind"}``) or removed by text. Returns the
    document written (or, with ``dry_run``, not written: its diff says what would change)."""
    values = dict(values)
    add_aliases, remove_aliases = list(add_aliases), set(remove_aliases)
    with store.editing(path, dry_run=dry_run) as doc:
        if add_aliases or remove_aliases:
            current = [a.to_dict() for a in doc.concept(concept_id).aliases]
            missing = remove_aliases - {a["text"] for a in current}
            if missing:
                raise UsageError(f"{concept_id} has no alias {sorted(missing)[0]!r}")
            values["aliases"] = [a for a in current if a["text"] not in remove_aliases] + add_aliases
        if not values:
            raise UsageError("nothing to change: give at least one field option")
        set_by_hand(doc, concept_id, values)
    return doc


def add(path: str | os.PathLike[str], fields: dict[str, Any], *, dry_run: bool = False) -> store.Document:
    """Add a concept from its fields (as ``Concept.to_dict`` writes them) in one atomic write;
    its other script and pinyin are filled when missing (origin ``rule``), never a value given.

    Returns the document written (with ``dry_run``, not written: its diff says what would change);
    a clash with another concept is a :class:`~glossary.errors.ConflictError` and changes nothing.
    """
    from glossary.enrich.enricher import complete
    from glossary.terms.model import Concept

    concept = Concept.from_dict(fields)
    if concept.zh or concept.zh_hant:
        complete(concept)
    with store.editing(path, dry_run=dry_run) as doc:
        doc.add(concept)
    return doc

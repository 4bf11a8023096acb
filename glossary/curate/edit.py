"""Changing a concept by hand: the values a person sets are human values.

Every value of terms.yaml records where it came from (``origin``: rule, dictionary, mt;
absent means a person) and how sure that origin is (``confidence``). A field a person sets
or clears loses that bookkeeping, whoever filled it before; the other fields keep theirs.
A concept's id is renamed with every ``related`` list that names it (:func:`rename`).
"""

from __future__ import annotations

import os
import re
from typing import Any, Iterable

from glossary.errors import ConflictError, UsageError
from glossary.terms import store
from glossary.terms.model import Concept

#: Fields a person may clear (``--unset``): the optional ones without a default.
CLEARABLE = ("zh", "zh_hant", "pinyin", "en", "literal", "gloss", "note", "example", "refs", "related", "scope")


def set_by_hand(doc: store.Document, concept_id: str, values: dict[str, Any]) -> None:
    """Set (``None``: clear) fields of a concept in an open document as a person: each field
    set or cleared now loses its machine origin and confidence."""
    concept = doc.concept(concept_id)
    for name in ("origin", "confidence"):
        recorded = getattr(concept, name)
        kept = {field: value for field, value in recorded.items() if field not in values}
        if kept != recorded:
            values = {**values, name: kept or None}
    doc.update(concept_id, **values)


def check_clear(concept_id: str, fields: Iterable[str], values: dict[str, Any], current: Any) -> None:
    """A :class:`UsageError` unless every field of ``fields`` may be cleared from ``current``
    (a :class:`~glossary.terms.model.Concept`) with ``values`` set at the same time."""
    for name in fields:
        if name not in CLEARABLE:
            why = "is required" if name == "id" else "has a default: set another value instead"
            if name not in store.CONCEPT_FIELDS:
                why = "is not a field"
            raise UsageError(f"cannot clear {name!r}: it {why} (clearable: {', '.join(CLEARABLE)})")
    after = {name: values.get(name, getattr(current, name)) for name in ("zh", "en")}
    if not any(after[name] for name in ("zh", "en") if name not in fields):
        raise UsageError(
            f"cannot clear {' and '.join(n for n in ('zh', 'en') if n in fields)} of {concept_id}: a concept needs zh or en"
        )


def rename(doc: store.Document, concept_id: str, new_id: str) -> list[str]:
    """Give a concept a new id in an open document, and every ``related`` list that names it
    the new one; returns the ids of the concepts whose ``related`` changed."""
    from glossary.terms.schema import ID_PATTERN

    if not re.match(ID_PATTERN, new_id):
        raise UsageError(f"{new_id!r} is not an id: lower-case letters, digits and hyphens, a letter or digit first")
    if new_id == concept_id:
        raise UsageError(f"{concept_id} already has the id {new_id!r}")
    if new_id in doc.ids():
        raise ConflictError(f"a concept with id {new_id!r} already exists in {doc.path}")
    holders = pointing_to(doc, concept_id)
    doc.rename(concept_id, new_id)
    return retarget(doc, holders, concept_id, new_id)


def pointing_to(doc: store.Document, concept_id: str) -> list[Concept]:
    """The concepts whose ``related`` names ``concept_id`` (read before it changes)."""
    if not doc.may_name(concept_id):
        return []
    return [c for c in doc.concepts() if concept_id in c.related]


def retarget(doc: store.Document, holders: Iterable[Concept], old: str, new: str | None) -> list[str]:
    """In each of ``holders`` (from :func:`pointing_to`), ``related`` names ``new`` instead of
    ``old`` (``None``: drops it; a concept never lists itself); returns the ids changed."""
    changed = []
    for concept in holders:
        if concept.id == old:
            continue
        related = [new if r == old else r for r in concept.related]
        related = [r for r in dict.fromkeys(related) if r is not None and r != concept.id]
        doc.update(concept.id, related=related or None)
        changed.append(concept.id)
    return changed


def remove(path: str | os.PathLike[str], concept_id: str, *, dry_run: bool = False) -> store.Document:
    """Remove a concept, and its id from every ``related`` list that names it, in one atomic
    write. Returns the document written (or, with ``dry_run``, not written)."""
    with store.editing(path, dry_run=dry_run) as doc:
        holders = pointing_to(doc, concept_id)
        doc.remove(concept_id)
        retarget(doc, holders, concept_id, None)
    return doc


def edit(
    path: str | os.PathLike[str],
    concept_id: str,
    values: dict[str, Any],
    *,
    add_aliases: Iterable[dict[str, str]] = (),
    remove_aliases: Iterable[str] = (),
    unset: Iterable[str] = (),
    new_id: str | None = None,
    dry_run: bool = False,
) -> store.Document:
    """Change fields of a concept in place (everything else in the file stays as it was), in one
    atomic write; aliases are added (``{"text", "kind"}``) or removed by text; the fields of
    ``unset`` (or set to ``""``) are cleared with their origin; ``new_id`` renames the concept
    and every ``related`` list naming it. Returns the document written (or, with ``dry_run``,
    not written: its diff says what would change)."""
    cleared = list(dict.fromkeys([*unset, *(k for k, v in values.items() if v == "")]))
    values = {k: v for k, v in values.items() if v != ""}
    _check_scope(values)
    add_aliases, remove_aliases = list(add_aliases), set(remove_aliases)
    with store.editing(path, dry_run=dry_run) as doc:
        if add_aliases or remove_aliases:
            current = [a.to_dict() for a in doc.concept(concept_id).aliases]
            missing = remove_aliases - {a["text"] for a in current}
            if missing:
                raise UsageError(f"{concept_id} has no alias {sorted(missing)[0]!r}")
            values["aliases"] = [a for a in current if a["text"] not in remove_aliases] + add_aliases
        if not values and not cleared and new_id is None:
            raise UsageError("nothing to change: give at least one field option")
        if set(cleared) & set(values):
            raise UsageError(f"{sorted(set(cleared) & set(values))[0]!r} is both set and cleared")
        if cleared:
            check_clear(concept_id, cleared, values, doc.concept(concept_id))
        if values or cleared:
            set_by_hand(doc, concept_id, {**values, **dict.fromkeys(cleared)})
        if new_id is not None:
            rename(doc, concept_id, new_id)
    return doc


def _check_scope(values: dict[str, Any]) -> None:
    """A :class:`UsageError` for a scope the schema does not know."""
    from glossary.terms.schema import SCOPES

    if "scope" in values and values["scope"] not in SCOPES:
        raise UsageError(f"unknown scope {values['scope']!r} (expected one of: {', '.join(SCOPES)})")


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

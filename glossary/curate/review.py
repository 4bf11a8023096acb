"""Reviewing candidates: the workflow that turns machine-found concepts into reviewed entries.

``glossary build`` adds what it finds as ``status: candidate``. A person then walks the
candidates, best first, and for each one decides:

- **accept**: it becomes ``status: reviewed``; values a machine filled keep their origin;
- **edit** a field: the value becomes a person's (its origin is dropped);
- **merge** it into an existing concept: its forms become aliases there, its sources join
  that concept's, and the candidate is gone;
- **relate** it to an existing concept: it is accepted as a concept of its own and each
  lists the other under ``related`` (dog tax beside cat tax);
- **reject** it: it is removed, and its forms are remembered under the file's top-level
  ``rejected`` list, so the next ``build`` never proposes them again.

Every decision is one locked, validated, atomic write through :func:`glossary.terms.store.editing`.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "terms.yaml"
>>> _ = p.write_text('''concepts:
...   - {id: cat-tax, zh: 猫税, en: cat tax, status: reviewed}
...   - {id: dog-tax, zh: 狗税, en: dog tax, status: candidate}
...   - {id: more-stories, en: MORE STORIES, status: candidate}
... ''', encoding="utf-8")
>>> [c.concept.id for c in candidates(p)]
['dog-tax', 'more-stories']
>>> decide(p, "dog-tax", RELATE, "cat-tax").message
'dog-tax (狗税 · dog tax) accepted, related to cat-tax'
>>> decide(p, "more-stories", REJECT).message
'more-stories (MORE STORIES) rejected: build will not propose MORE STORIES again'
>>> [c.concept.id for c in candidates(p)], rejected_forms(p)
([], ['MORE STORIES'])
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from glossary.curate.edit import set_by_hand
from glossary.errors import ConflictError, NotFoundError, UsageError
from glossary.terms.model import ALIAS_KINDS, CATEGORIES, ORIGIN_FIELDS, Alias, Concept
from glossary.text.normalize import fold

ACCEPT, EDIT, MERGE, RELATE, REJECT = "accept", "edit", "merge", "relate", "reject"
DECISIONS = (ACCEPT, EDIT, MERGE, RELATE, REJECT)

#: Fields a reviewer may set on a candidate.
EDITABLE = ("zh", "zh_hant", "pinyin", "en", "category", "literal", "gloss", "note", "example", "ref")


def parse_example(value: str) -> dict[str, str]:
    """``"我交了猫税。 | I paid the cat tax."`` → an example (a Chinese sentence and its translation).

    >>> parse_example("我交了猫税。 | I paid the cat tax.")
    {'zh': '我交了猫税。', 'en': 'I paid the cat tax.'}
    """
    zh, sep, en = value.partition("|")
    if not sep or not zh.strip() or not en.strip():
        raise UsageError(f"an example is 'CHINESE SENTENCE | ENGLISH TRANSLATION', got {value!r}")
    return {"zh": zh.strip(), "en": en.strip()}


def parse_ref(value: str) -> dict[str, str]:
    """``"https://… | Outlet | 2025-01-15"`` → a ref (outlet and date optional).

    >>> parse_ref("https://example.org/a | Example News | 2025-01-15")
    {'url': 'https://example.org/a', 'outlet': 'Example News', 'date': '2025-01-15'}
    """
    parts = [p.strip() for p in value.split("|")]
    if not parts[0].startswith(("https://", "http://")) or len(parts) > 3:
        raise UsageError(f"a ref is 'URL | OUTLET | DATE' (outlet and date optional), got {value!r}")
    return {k: v for k, v in zip(("url", "outlet", "date"), parts) if v}


@dataclass(frozen=True)
class Candidate:
    """A candidate concept and how strong its evidence is."""

    concept: Concept
    evidence: int

    def to_json(self) -> dict[str, Any]:
        data = self.concept.to_dict()
        data["evidence"] = self.evidence
        data["origins"] = {
            name: self.concept.origin_of(name)
            for name in ORIGIN_FIELDS
            if getattr(self.concept, name) and (name != "category" or name in self.concept.origin)  # a default
        }
        return data


@dataclass(frozen=True)
class Outcome:
    """What one decision did."""

    decision: str
    concept_id: str
    message: str
    written: bool


def candidates(path: str | os.PathLike[str]) -> list[Candidate]:
    """The file's candidates, best first: most evidence, then both scripts, then file order."""
    from glossary.terms import store

    glossary = store.load(path)
    found = [Candidate(c, len(c.sources)) for c in glossary.concepts if c.status == "candidate"]
    order = {c.concept.id: n for n, c in enumerate(found)}
    return sorted(found, key=lambda c: (-c.evidence, not (c.concept.zh and c.concept.en), order[c.concept.id]))


def rejected_forms(path: str | os.PathLike[str]) -> list[str]:
    """The forms a person rejected in this file (its top-level ``rejected`` list)."""
    from glossary.terms import store

    return list(store.load(path).rejected)


def label(concept: Concept) -> str:
    """``id (zh · en)`` for messages."""
    forms = " · ".join(x for x in (concept.zh, concept.en) if x)
    return f"{concept.id} ({forms})" if forms else concept.id


def decide(
    path: str | os.PathLike[str],
    concept_id: str,
    decision: str,
    target: str | None = None,
    values: dict[str, Any] | None = None,
    *,
    dry_run: bool = False,
) -> Outcome:
    """Carry out one decision on one candidate, in one atomic write."""
    from glossary.terms import store

    if decision not in DECISIONS:
        raise UsageError(f"unknown decision {decision!r} (expected one of: {', '.join(DECISIONS)})")
    if decision in (MERGE, RELATE) and not target:
        raise UsageError(f"{decision} needs the id of an existing concept")
    with store.editing(path, dry_run=dry_run) as doc:
        concept = doc.concept(concept_id)
        if decision == ACCEPT:
            doc.update(concept_id, status="reviewed")
            message = f"{label(concept)} accepted"
        elif decision == EDIT:
            edit_fields(doc, concept_id, values or {})
            message = f"{label(doc.concept(concept_id))} edited: {', '.join(sorted(values or {}))}"
        elif decision == MERGE:
            message = _merge(doc, concept, _existing(doc, target, concept_id))
        elif decision == RELATE:
            other = _existing(doc, target, concept_id)
            doc.update(concept_id, status="reviewed", related=_plus(concept.related, other.id))
            doc.update(other.id, related=_plus(other.related, concept_id))
            message = f"{label(concept)} accepted, related to {other.id}"
        else:
            forms = concept.forms()
            doc.remove(concept_id)
            doc.reject(forms)
            message = f"{label(concept)} rejected: build will not propose {' · '.join(forms)} again"
    return Outcome(decision, concept_id, message, doc.written)


def edit_fields(doc: Any, concept_id: str, values: dict[str, Any]) -> None:
    """Set fields as a person: each value set now loses its machine origin."""
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise UsageError(f"cannot edit {unknown[0]!r} (editable: {', '.join(EDITABLE)})")
    if values.get("category") and values["category"] not in CATEGORIES:
        raise UsageError(f"unknown category {values['category']!r} (expected one of: {', '.join(CATEGORIES)})")
    if not values:
        raise UsageError("nothing to change: give at least one field")
    concept = doc.concept(concept_id)
    changes = dict(values)
    if "example" in changes:
        changes["example"] = parse_example(changes["example"])
    if "ref" in changes:  # a ref is added to the concept's refs
        changes["refs"] = [r.to_dict() for r in concept.refs] + [parse_ref(changes.pop("ref"))]
    set_by_hand(doc, concept_id, changes)


def _existing(doc: Any, target: str | None, concept_id: str) -> Concept:
    if target == concept_id:
        raise UsageError(f"{concept_id} cannot be merged into or related to itself")
    try:
        return doc.concept(target)
    except NotFoundError:
        raise NotFoundError(f"no concept with id {target!r} to merge into or relate to") from None


def _plus(ids: Iterable[str], new: str) -> list[str]:
    out = list(ids)
    return out if new in out else [*out, new]


def _merge(doc: Any, candidate: Concept, target: Concept) -> str:
    """The candidate's forms become the target's aliases, its sources the target's; the candidate goes."""
    have = {fold(f) for f in target.forms()}
    kinds = {a.text: a.kind for a in candidate.aliases}
    aliases = list(target.aliases)
    added = []
    for form in candidate.forms():
        if fold(form) and fold(form) not in have:
            have.add(fold(form))
            kind = kinds.get(form, "hashtag" if form.startswith("#") else "variant")
            aliases.append(Alias(form, kind if kind in ALIAS_KINDS else "variant"))
            added.append(form)
    places = {(s.path, s.line) for s in target.sources}
    sources = list(target.sources) + [s for s in candidate.sources if (s.path, s.line) not in places]
    doc.remove(candidate.id)
    changes: dict[str, Any] = {}
    if added:
        changes["aliases"] = [a.to_dict() for a in aliases]
    if len(sources) != len(target.sources):
        changes["sources"] = [s.to_dict() for s in sources]
    if changes:
        doc.update(target.id, **changes)  # aliases and sources written one per line by the store
    what = f"new forms {' · '.join(added)}" if added else "no new forms"
    return f"{label(candidate)} merged into {target.id} ({what})"


def parse_target(value: str) -> tuple[str, str]:
    """``"dog-tax=cat-tax"`` → ``("dog-tax", "cat-tax")``.

    >>> parse_target("dog-tax=cat-tax")
    ('dog-tax', 'cat-tax')
    """
    concept_id, sep, target = value.partition("=")
    if not sep or not concept_id.strip() or not target.strip():
        raise UsageError(f"expected CANDIDATE=EXISTING, got {value!r}")
    return concept_id.strip(), target.strip()


def ensure_candidate(path: Path, concept_id: str) -> Concept:
    """The candidate with this id; a reviewed concept or a missing id is a clear error."""
    from glossary.terms import store

    concept = store.load(path).get(concept_id)
    if concept.status != "candidate":
        raise ConflictError(f"{concept_id} is already reviewed; change it with 'glossary edit {concept_id}'")
    return concept

"""Reviewing candidates: the workflow that turns machine-found concepts into reviewed entries.

``glossary build`` adds what it finds as ``status: candidate``. A person then walks the
candidates, best first, and for each one decides:

- **accept**: it becomes ``status: reviewed``; values a machine filled keep their origin;
- **edit** a field: the value becomes a person's (its origin is dropped);
- **merge** it into an existing concept: its forms fill that concept's empty fields or become
  aliases there (each of its kind), its example fills a missing one, its refs and sources join
  that concept's, references to it follow, and the candidate is gone (:func:`merged`);
- **relate** it to an existing concept: it is accepted as a concept of its own and each
  lists the other under ``related`` (dog tax beside cat tax);
- **reject** it: it is removed, and its forms are remembered under the file's top-level
  ``rejected`` list, so the next ``build`` never proposes them again.

Forms ``build`` found for a *reviewed* concept wait in its ``proposed`` list and are reviewed
with the same verbs: **accept** makes them aliases, **reject** drops them and remembers them as
rejected; the concept itself stays as it is. ``ID:FORM`` decides on one proposed form.

Every decision is one locked, validated, atomic write through :func:`glossary.terms.store.editing`;
the decisions of one command line are one write (:func:`decide_all`), all or none.

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
>>> _ = p.write_text('''concepts:  # forms build proposed for a reviewed concept
...   - {id: cat-tax, zh: 猫税, en: cat tax, status: reviewed, proposed: [交猫税, 猫猫税]}
... ''', encoding="utf-8")
>>> [(c.concept.id, c.proposed) for c in candidates(p)]
[('cat-tax', ['交猫税', '猫猫税'])]
>>> decide(p, "cat-tax", ACCEPT, forms=["交猫税"]).message
'cat-tax (猫税 · cat tax): 交猫税 accepted as an alias'
>>> decide(p, "cat-tax", REJECT).message
'cat-tax (猫税 · cat tax): 猫猫税 rejected: build will not propose it again'
>>> from glossary.terms.store import load
>>> [a.text for a in load(p).get("cat-tax").aliases], candidates(p), rejected_forms(p)
(['交猫税'], [], ['猫猫税'])
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from glossary.curate.edit import check_clear, pointing_to, retarget, set_by_hand
from glossary.errors import ConflictError, NotFoundError, UsageError
from glossary.terms.model import CATEGORIES, ORIGIN_FIELDS, Alias, Concept
from glossary.terms.schema import SCOPES
from glossary.text.normalize import fold

ACCEPT, EDIT, MERGE, RELATE, REJECT = "accept", "edit", "merge", "relate", "reject"
DECISIONS = (ACCEPT, EDIT, MERGE, RELATE, REJECT)

#: Fields a reviewer may set on a candidate.
EDITABLE = ("zh", "zh_hant", "pinyin", "en", "category", "scope", "literal", "gloss", "note", "example", "ref")


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
    """A candidate concept, or a reviewed one with forms proposed for it, and how strong its evidence is."""

    concept: Concept
    evidence: int

    @property
    def proposed(self) -> list[str]:
        """The forms proposed for a reviewed concept (empty for a candidate concept)."""
        return [a.text for a in self.concept.proposed] if self.concept.status == "reviewed" else []

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
    """The file's candidates and reviewed concepts with proposed forms, best first: most
    evidence, then both scripts, then file order."""
    from glossary.terms import store

    glossary = store.load(path)
    found = [Candidate(c, len(c.sources)) for c in glossary.concepts if c.status == "candidate" or c.proposed]
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
    forms: Iterable[str] | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Carry out one decision on one candidate, in one atomic write.

    On a reviewed concept only ``accept`` and ``reject`` apply, to its proposed forms (those
    of ``forms``, else all); accepting a candidate accepts its proposed forms too, after
    setting ``values`` (a field set to ``""`` or ``None`` is cleared) when given.
    """
    return decide_all(path, [Decision(concept_id, decision, target, values, forms)], dry_run=dry_run)[0][0]


@dataclass(frozen=True)
class Decision:
    """One decision on one candidate, as ``--accept``, ``--merge`` … state it."""

    concept_id: str
    decision: str
    target: str | None = None
    values: dict[str, Any] | None = None
    forms: Iterable[str] | None = None


def decide_all(
    path: str | os.PathLike[str], decisions: Iterable[Decision], *, dry_run: bool = False, candidates_only: bool = False
) -> tuple[list[Outcome], Any]:
    """Carry out decisions in order, in one atomic write: all of them or, on any error, none.

    With ``candidates_only`` a reviewed concept with nothing proposed is a :class:`ConflictError`.
    Returns the outcomes and the document (its ``diff()`` is the change, written or not).
    """
    from glossary.terms import store

    decisions = list(decisions)
    for d in decisions:
        if d.decision not in DECISIONS:
            raise UsageError(f"unknown decision {d.decision!r} (expected one of: {', '.join(DECISIONS)})")
        if d.decision in (MERGE, RELATE) and not d.target:
            raise UsageError(f"{d.decision} needs the id of an existing concept")
    messages = []
    with store.editing(path, dry_run=dry_run) as doc:
        for d in decisions:
            concept = doc.concept(d.concept_id)
            if candidates_only and concept.status != "candidate" and not concept.proposed:
                raise ConflictError(
                    f"{d.concept_id} is already reviewed; change it with 'glossary edit {d.concept_id}'"
                )
            messages.append(_apply(doc, concept, d))
    written = doc.written
    return [Outcome(d.decision, d.concept_id, m, written) for d, m in zip(decisions, messages)], doc


def _apply(doc: Any, concept: Concept, d: Decision) -> str:
    """One decision on ``concept`` in the open document; what it did, in words."""
    concept_id = concept.id
    if concept.status == "reviewed" or d.forms is not None:
        if d.values:
            raise UsageError(f"{concept_id}: fields are set on a candidate; change a reviewed one with 'glossary edit'")
        return _decide_proposed(doc, concept, d.decision, d.forms)
    if d.decision == ACCEPT:
        if d.values:
            edit_fields(doc, concept_id, d.values)
            concept = doc.concept(concept_id)
        doc.update(concept_id, status="reviewed")
        if concept.proposed:
            _take_proposed(doc, concept, concept.proposed, accept=True)
        return f"{label(concept)} accepted" + (f" (set: {', '.join(d.values)})" if d.values else "")
    if d.decision == EDIT:
        edit_fields(doc, concept_id, d.values or {})
        fields = sorted(d.values or {})
        cleared = [f for f in fields if not str((d.values or {})[f]).strip()]
        done = [f"{f} (cleared)" if f in cleared else f for f in fields]
        return f"{label(doc.concept(concept_id))} edited: {', '.join(done)}"
    if d.decision == MERGE:
        return _merge(doc, concept, _existing(doc, d.target, concept_id))
    if d.decision == RELATE:
        other = _existing(doc, d.target, concept_id)
        doc.update(concept_id, status="reviewed", related=_plus(concept.related, other.id))
        doc.update(other.id, related=_plus(other.related, concept_id))
        return f"{label(concept)} accepted, related to {other.id}"
    forms = [*concept.forms(), *(a.text for a in concept.proposed)]
    retarget(doc, pointing_to(doc, concept_id), concept_id, None)
    doc.remove(concept_id)
    doc.reject(forms)
    return f"{label(concept)} rejected: build will not propose {' · '.join(forms)} again"


def _decide_proposed(doc: Any, concept: Concept, decision: str, forms: Iterable[str] | None) -> str:
    """Accept (as aliases) or reject (remembered as rejected) forms proposed for ``concept``."""
    check_decision(concept, decision)
    chosen = _chosen(concept, forms)
    texts = " · ".join(a.text for a in chosen)
    _take_proposed(doc, concept, chosen, accept=decision == ACCEPT)
    if decision == ACCEPT:
        return f"{label(concept)}: {texts} accepted as {'aliases' if len(chosen) != 1 else 'an alias'}"
    return f"{label(concept)}: {texts} rejected: build will not propose {'them' if len(chosen) != 1 else 'it'} again"


def check_decision(concept: Concept, decision: str) -> None:
    """A :class:`UsageError` unless ``decision`` applies to ``concept``: on a reviewed one, only
    accepting or rejecting its proposed forms does."""
    if concept.status == "reviewed" and decision not in (ACCEPT, REJECT):
        raise UsageError(
            f"{concept.id} is reviewed: accept or reject its proposed forms, "
            f"or change it with 'glossary edit {concept.id}'"
        )


def _chosen(concept: Concept, forms: Iterable[str] | None) -> list[Alias]:
    """The proposed forms named by ``forms`` (all when None); a form not proposed is a :class:`NotFoundError`."""
    if not concept.proposed:
        raise NotFoundError(f"{concept.id} has no proposed forms to review")
    if forms is None:
        return list(concept.proposed)
    by_key = {fold(a.text): a for a in concept.proposed}
    chosen = []
    for form in dict.fromkeys(forms):
        alias = by_key.get(fold(form))
        if alias is None:
            known = " · ".join(a.text for a in concept.proposed)
            raise NotFoundError(f"{form!r} is not proposed for {concept.id} (proposed: {known})")
        chosen.append(alias)
    return chosen


def _take_proposed(doc: Any, concept: Concept, chosen: list[Alias], *, accept: bool) -> None:
    """Take ``chosen`` off the concept's proposed forms: into its aliases, or onto the rejected list."""
    left = [a.to_dict() for a in concept.proposed if a not in chosen]
    if accept:
        have = {fold(f) for f in concept.forms()}
        new = [a for a in chosen if fold(a.text) not in have]
        doc.update(concept.id, proposed=left or None, aliases=[a.to_dict() for a in [*concept.aliases, *new]])
    else:
        doc.update(concept.id, proposed=left or None)
        doc.reject([a.text for a in chosen])


def parse_choice(value: str) -> tuple[str, list[str] | None]:
    """``"cat-tax"`` → the concept (all of its proposed forms); ``"cat-tax:交猫税"`` → that form.

    >>> parse_choice("cat-tax:交猫税"), parse_choice("dog-tax")
    (('cat-tax', ['交猫税']), ('dog-tax', None))
    """
    concept_id, sep, form = value.partition(":")
    if sep and not form.strip():
        raise UsageError(f"expected ID or ID:FORM, got {value!r}")
    return concept_id.strip(), [form.strip()] if sep else None


def edit_fields(doc: Any, concept_id: str, values: dict[str, Any]) -> None:
    """Set fields as a person: each value set now loses its machine origin; an empty value
    (``""`` or ``None``) clears the field (``ref``: every ref), a required one never."""
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise UsageError(f"cannot edit {unknown[0]!r} (editable: {', '.join(EDITABLE)})")
    if values.get("category") and values["category"] not in CATEGORIES:
        raise UsageError(f"unknown category {values['category']!r} (expected one of: {', '.join(CATEGORIES)})")
    if values.get("scope") and values["scope"] not in SCOPES:
        raise UsageError(f"unknown scope {values['scope']!r} (expected one of: {', '.join(SCOPES)})")
    if not values:
        raise UsageError("nothing to change: give at least one field")
    concept = doc.concept(concept_id)
    cleared = [("refs" if k == "ref" else k) for k, v in values.items() if v is None or not str(v).strip()]
    changes = {k: v for k, v in values.items() if v is not None and str(v).strip()}
    check_clear(concept_id, cleared, changes, concept)
    if "example" in changes:
        changes["example"] = parse_example(changes["example"])
    if "ref" in changes:  # a ref is added to the concept's refs
        changes["refs"] = [r.to_dict() for r in concept.refs] + [parse_ref(changes.pop("ref"))]
    set_by_hand(doc, concept_id, {**changes, **dict.fromkeys(cleared)})


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


#: The candidate's fields that fill the target's when it lacks them (with their origin);
#: pinyin only with the characters it spells.
FILLED = ("zh", "zh_hant", "en", "example")


def _merge(doc: Any, candidate: Concept, target: Concept) -> str:
    """Merge a candidate into ``target`` (see :func:`merged`): the candidate goes, and every
    ``related`` list that named it names the target."""
    changes, added, filled = merged(candidate, target)
    holders = pointing_to(doc, candidate.id)
    doc.remove(candidate.id)
    if changes:
        doc.update(target.id, **changes)  # aliases, sources and refs written one per line by the store
    retarget(doc, holders, candidate.id, target.id)
    what = [f"new forms {' · '.join(added)}" if added else "no new forms"]
    if filled:
        what.append(f"filled {', '.join(filled)}")
    return f"{label(candidate)} merged into {target.id} ({'; '.join(what)})"


def merged(candidate: Concept, target: Concept) -> tuple[dict[str, Any], list[str], list[str]]:
    """What merging ``candidate`` into ``target`` changes on the target, the forms it gains and the fields it fills.

    The target's own values never change. Its empty zh, zh_hant, en and example take the
    candidate's (pinyin with the zh it spells; each with its origin); each other form of the
    candidate becomes an alias: its aliases with their kind, its zh and zh_hant as ``variant``
    (another way to write the term in characters), its en as ``transliteration`` when it is the
    pinyin spelled without tones, else ``translation`` (a ``#tag`` of these as ``hashtag``). Its sources
    and refs (one per url) join the target's; forms proposed for it wait on the target; the
    concepts it relates to are the target's related ones.
    """
    fills: dict[str, Any] = {}
    for name in FILLED:
        value = getattr(candidate, name)
        if value and not getattr(target, name):
            fills[name] = value.to_dict() if name == "example" else value
    if "zh" in fills and candidate.pinyin and not target.pinyin:
        fills["pinyin"] = candidate.pinyin
    have = {fold(f) for f in [*target.forms(), *(v for k, v in fills.items() if k in ("zh", "zh_hant", "en"))]}
    aliases, added = list(target.aliases), []
    for alias in _moved(candidate, fills, target):
        key = fold(alias.text)
        if key and key not in have:
            have.add(key)
            aliases.append(alias)
            added.append(alias.text)
    added = [*(v for k, v in fills.items() if k in ("zh", "zh_hant", "en")), *added]
    changes: dict[str, Any] = dict(fills)
    if len(aliases) != len(target.aliases):
        changes["aliases"] = [a.to_dict() for a in aliases]
    for name, key in (("sources", _place), ("refs", _url)):
        joined = _joined(getattr(target, name), getattr(candidate, name), key)
        if len(joined) != len(getattr(target, name)):
            changes[name] = [x.to_dict() for x in joined]
    forms = {fold(a.text) for a in target.proposed} | have
    proposed = [a for a in candidate.proposed if fold(a.text) not in forms]
    if proposed:
        changes["proposed"] = [a.to_dict() for a in [*target.proposed, *proposed]]
    related = [r for r in candidate.related if r != target.id and r not in target.related]
    if related:
        changes["related"] = [*target.related, *related]
    _carry(changes, candidate, target, [k for k in fills if k != "example"])
    return changes, added, [k for k in fills if k in ("pinyin", "example")]


def _place(source: Any) -> Any:
    return (source.path, source.line)


def _url(ref: Any) -> Any:
    return ref.url


def _joined(mine: list[Any], theirs: list[Any], key: Any) -> list[Any]:
    """``mine`` and then those of ``theirs`` whose ``key`` is new, in order."""
    seen = {key(x) for x in mine}
    out = list(mine)
    for x in theirs:
        if key(x) not in seen:
            seen.add(key(x))
            out.append(x)
    return out


def _moved(candidate: Concept, fills: dict[str, Any], target: Concept) -> list[Alias]:
    """The candidate's forms that do not fill a field of the target, each as an alias of its kind."""
    out = []
    for name in ("zh", "zh_hant", "en"):
        text = getattr(candidate, name)
        if text and name not in fills:
            kind = "variant" if name != "en" else _english_kind(text, [candidate.pinyin, target.pinyin])
            out.append(Alias(text, "hashtag" if text.startswith("#") else kind))
    return [*out, *candidate.aliases]


def _english_kind(text: str, pinyins: list[str | None]) -> str:
    """``transliteration`` when ``text`` is one of ``pinyins`` without tones and spaces, else ``translation``.

    >>> _english_kind("Xiaohongshu", ["Xiǎohóngshū"]), _english_kind("Little Red Book", ["Xiǎohóngshū"])
    ('transliteration', 'translation')
    """
    import unicodedata

    def bare(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if c.isalnum() and c.isascii())

    return "transliteration" if any(p and bare(p) == bare(text) for p in pinyins) else "translation"


def _carry(changes: dict[str, Any], candidate: Concept, target: Concept, fields: list[str]) -> None:
    """The origin and confidence of the fields ``candidate`` filled on ``target`` go with them."""
    for name in ("origin", "confidence"):
        mine = dict(getattr(target, name))
        mine.update({f: getattr(candidate, name)[f] for f in fields if f in getattr(candidate, name)})
        if mine != getattr(target, name):
            changes[name] = mine


def parse_settings(values: Iterable[str]) -> dict[str, str]:
    """``["note=Pets pay it too.", "gloss="]`` → the fields to set (an empty value clears one).

    >>> parse_settings(["note=Pets pay it too.", "gloss="])
    {'note': 'Pets pay it too.', 'gloss': ''}
    """
    out: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"expected FIELD=VALUE (FIELD= clears it), got {value!r}")
        if name.strip() not in EDITABLE:
            raise UsageError(f"cannot set {name.strip()!r} (settable: {', '.join(EDITABLE)})")
        out[name.strip()] = text.strip()
    return out


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
    """The candidate (or reviewed concept with proposed forms) with this id; a reviewed concept
    with nothing proposed or a missing id is a clear error."""
    from glossary.terms import store

    concept = store.load(path).get(concept_id)
    if concept.status != "candidate" and not concept.proposed:
        raise ConflictError(f"{concept_id} is already reviewed; change it with 'glossary edit {concept_id}'")
    return concept

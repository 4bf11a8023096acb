"""Merging extracted concepts into terms.yaml without losing anything.

- A new concept arrives as ``status: candidate``, its values marked ``origin: rule``.
- An existing concept gains new sources, and the forms it lacked: a candidate as aliases, a
  reviewed concept as ``proposed`` forms, which ``glossary review`` accepts (they become
  aliases) or rejects; no value of it is ever changed or dropped, reviewed or not.
- A form already proposed for a concept counts as that concept's: it is not proposed twice,
  nor made a new concept.
- Concepts the extraction found related but distinct (dog tax beside cat tax) list each other's
  ids under ``related``: a new concept and an existing candidate take them, a reviewed concept
  is left as it is (its side waits for ``glossary review``); related concepts are never merged.
- A form some concept already owns (compared as the store compares them: case,
  spaces, hyphens, '#', and here plurals too) goes to that concept: it is never
  added to a second one, which the store would reject. Found with a reviewed concept, such a
  form is not proposed for it either, and a warning names both concepts.
- :func:`merge` is a pure step (a glossary's concepts and the candidates in, the changes
  out); :func:`build` runs it, enriches the new candidates (:func:`enrich_new`) and writes
  through :func:`glossary.terms.store.editing` (locked, validated, atomic, comments kept);
  :func:`plan` computes the same change as a diff and writes nothing.
- Concepts read from a termbase (``glossary import``) go through the same steps
  (:func:`merge_imported`, :func:`build_import`, :func:`plan_import`): a new one keeps every
  value the file gave it, each marked with the file as its origin (``import:termbase.csv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from glossary import report as reporting
from glossary.extract.link import Extracted, Link
from glossary.terms import ownership, store
from glossary.terms.model import ORIGIN_FIELDS, Alias, Concept, Source
from glossary.terms.ownership import Owners
from glossary.text.normalize import fold, has_cjk

LITERAL_CUES = ("literally", "means", "translat", "直译", "意为", "意思", "字面")


@dataclass
class Report:
    """What a merge did (or would do)."""

    added: list[str] = field(default_factory=list)
    extended: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    redirected: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    #: forms proposed for review on reviewed concepts, by concept id
    proposed: dict[str, list[str]] = field(default_factory=dict)
    #: (form, reviewed concept, the concept that owns the form): forms found with a reviewed
    #: concept that were not proposed for it, because another concept has them
    withheld: list[tuple[str, str, str]] = field(default_factory=list)
    #: related concept ids written, by the concept that lists them
    related: dict[str, list[str]] = field(default_factory=dict)
    #: (what arrived, the existing concept it was found to be), in order
    matched: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        forms = sum(len(v) for v in self.extended.values())
        sources = sum(self.sources.values())
        parts = [
            f"{len(self.added)} new candidate concept{'s' if len(self.added) != 1 else ''}",
            f"{forms} new form{'s' if forms != 1 else ''} on {len(self.extended)} existing concept{'s' if len(self.extended) != 1 else ''}",
            f"{sources} new source{'s' if sources != 1 else ''}",
        ]
        proposed = sum(len(v) for v in self.proposed.values())
        if proposed:
            parts.append(
                f"{proposed} form{'s' if proposed != 1 else ''} proposed for review on "
                f"{len(self.proposed)} reviewed concept{'s' if len(self.proposed) != 1 else ''}"
            )
        related = sum(len(v) for v in self.related.values())
        if related:
            parts.append(f"{related} related concept{'s' if related != 1 else ''} listed")
        if self.rejected:
            parts.append(f"{len(self.rejected)} rejected form{'s' if len(self.rejected) != 1 else ''} skipped")
        return ", ".join(parts)


def alias_kind(form: str, concept: Extracted) -> str:
    """The kind of alias a form becomes, from how it was found and linked."""
    if form.startswith("#"):
        return "hashtag"
    kinds = concept.kinds.get(form, [])
    for link in concept.links:
        if form not in (link.a, link.b):
            continue
        if has_cjk(form):
            continue
        if link.rule == "pinyin":
            return "transliteration"
        if link.rule == "calque" or (link.rule == "statement" and any(c in link.detail for c in LITERAL_CUES)):
            return "calque"
    if "acronym" in kinds:
        return "abbreviation"
    if "romanized" in kinds:
        return "transliteration"
    return "variant"


@dataclass
class Changes:
    """What a merge does to a glossary, computed without touching it (see :func:`merge`)."""

    report: Report
    owners: Owners  # which concept owns each form, the new concepts' included
    glossary: dict[str, Concept]  # every concept by id once merged: the existing (extended) and the new
    new: list[Concept] = field(default_factory=list)  # new candidates, in the order they are added
    #: (concept id, aliases, sources) to append to an existing concept, in order
    extensions: list[tuple[str, list[Alias], list[dict[str, Any]]]] = field(default_factory=list)
    #: (concept id, forms) to append to a reviewed concept's ``proposed`` forms, in order
    proposals: list[tuple[str, list[Alias]]] = field(default_factory=list)
    #: (concept id, ids) to append to an existing candidate's ``related``, in order
    related: list[tuple[str, list[str]]] = field(default_factory=list)
    #: where each arrival went: its label → the id of the concept it made or joined
    placed: dict[str, str] = field(default_factory=dict)


@dataclass
class Arrival:
    """A concept arriving at the glossary (found by extraction or read from a termbase), as the merge sees it."""

    label: str  # how the report names it
    forms: list[str]
    known: str | None  # the id of the glossary's concept it was found as, if any
    kind: Callable[[str], str]  # the alias kind of one of its forms
    new: Callable[[list[str], dict[str, Concept], Owners], Concept]  # the new concept it makes, its forms claimed
    sources: Callable[[Concept], list[dict[str, Any]]]  # the sources it adds to an existing concept


def merge(
    concepts: Sequence[Concept],
    extracted: Sequence[Extracted],
    *,
    rejected: Iterable[str] = (),
    max_sources: int = 3,
    pinyin: bool = True,
) -> Changes:
    """The changes that merge ``extracted`` (best first) into a glossary's ``concepts``; see
    the module's rules. Nothing is changed: :func:`write` writes them into a document.

    ``rejected`` are the forms a reviewer refused; ``pinyin``: new concepts take the
    extraction's pinyin (else it is left for enrichment to fill).
    """
    arrivals = [
        Arrival(
            found.id,
            found.forms,
            found.id if found.known else None,
            lambda form, found=found: alias_kind(form, found),
            lambda forms, existing, owners, found=found: _new_concept(found, forms, existing, owners, pinyin=pinyin),
            lambda concept, found=found: _new_sources(concept, _offered(found), max_sources),
        )
        for found in extracted
    ]
    changes = merge_arrivals(concepts, arrivals, rejected=rejected)
    _relate(changes, extracted, changes.placed)
    return changes


def merge_arrivals(
    concepts: Sequence[Concept], arrivals: Sequence[Arrival], *, rejected: Iterable[str] = ()
) -> Changes:
    """The changes that merge ``arrivals`` (in order) into a glossary's ``concepts``: the module's rules."""
    report = Report()
    existing = {c.id: c for c in concepts}
    changes = Changes(report, Owners(existing.values()), existing)
    owners = changes.owners
    pending = Owners()  # the forms proposed for review, by the concept they are proposed for
    for concept in concepts:
        for alias in concept.proposed:
            pending.claim(alias.text, concept.id)
    refused = {key for form in rejected for key in ownership.keys(form)}
    for found in arrivals:
        forms = [f for f in found.forms if fold(f)]
        refusals = [f for f in forms if set(ownership.keys(f)) & refused]
        forms = [f for f in forms if f not in refusals]
        claimed = [owners.owner(f) or pending.owner(f) for f in forms]
        target = found.known if found.known in existing else None
        if target is None:
            taken = [o for o in claimed if o]
            target = max(set(taken), key=taken.count) if taken else None
        if target is None and refusals:  # a reviewer said no to this one: never propose it again
            report.rejected.extend(refusals)
            continue
        if target is None:
            concept = found.new(forms, existing, owners)
            changes.new.append(concept)
            existing[concept.id] = concept
            report.added.append(concept.id)
            changes.placed[found.label] = concept.id
            continue
        changes.placed[found.label] = target
        report.matched.append((found.label, target))
        for form, owner in zip(forms, claimed):
            if owner and owner != target:
                report.redirected.append((form, owner))
                if existing[target].status == "reviewed":
                    _withheld(report, form, target, owner, proposed=owners.owner(form) is None)
        new_forms = []
        for form, owner in zip(forms, claimed):
            if owner is None and owners.owner(form) is None and pending.owner(form) is None:
                new_forms.append(Alias(form, found.kind(form)))
                (pending if existing[target].status == "reviewed" else owners).claim(form, target)
        reviewed = existing[target].status == "reviewed"
        new_aliases, proposals = ([], new_forms) if reviewed else (new_forms, [])
        new_sources = found.sources(existing[target])
        if new_aliases or new_sources:
            changes.extensions.append((target, new_aliases, new_sources))
        if proposals:
            changes.proposals.append((target, proposals))
            report.proposed.setdefault(target, []).extend(a.text for a in proposals)
        if new_forms or new_sources:
            old = existing[target]
            existing[target] = replace(
                old,
                aliases=[*old.aliases, *new_aliases],
                proposed=[*old.proposed, *proposals],
                sources=[*old.sources, *map(store_source, new_sources)],
            )
        if new_aliases:
            report.extended.setdefault(target, []).extend(a.text for a in new_aliases)
        if new_sources:
            report.sources[target] = report.sources.get(target, 0) + len(new_sources)
    return changes


def _relate(changes: Changes, extracted: Sequence[Extracted], merged_into: dict[str, str]) -> None:
    """List each extracted concept's related ones, by the glossary ids they went to, in the new
    concepts and the existing candidates (never in a reviewed concept, never itself)."""
    new = {c.id: c for c in changes.new}
    for found in extracted:
        cid = merged_into.get(found.id)
        if cid is None or changes.glossary[cid].status == "reviewed":
            continue
        have = changes.glossary[cid].related
        ids = []
        for other in found.related:
            rid = merged_into.get(other)
            if rid and rid != cid and rid not in have and rid not in ids:
                ids.append(rid)
        if not ids:
            continue
        changes.report.related.setdefault(cid, []).extend(ids)
        if cid in new:
            new[cid].related.extend(ids)
        else:
            changes.related.append((cid, ids))
            changes.glossary[cid] = replace(changes.glossary[cid], related=[*have, *ids])


def _withheld(report: Report, form: str, target: str, owner: str, proposed: bool = False) -> None:
    """A form found with reviewed concept ``target`` that concept ``owner`` already has (or has
    proposed): it is not proposed for ``target``; say so, naming both."""
    report.withheld.append((form, target, owner))
    has = "has it proposed" if proposed else "already has it"
    reporting.warn(f"{form!r} was found with concept {target!r} but not proposed for it: concept {owner!r} {has}")


def enrich_new(changes: Changes) -> None:
    """Fill the new candidates' missing fields (the other script, pinyin, dictionary glosses; no
    machine translation); a filled form that another concept owns is dropped."""
    from glossary.enrich.enricher import enrich

    if not changes.new:
        return
    enrich(changes.new, glossary=list(changes.glossary.values()))
    for concept in changes.new:
        for name in ("zh", "zh_hant", "en"):
            value = getattr(concept, name)
            if value and concept.origin.get(name) and changes.owners.owner(value) not in (None, concept.id):
                setattr(concept, name, None)
                del concept.origin[name]


def write(doc: store.Document, changes: Changes) -> None:
    """Write merged changes into an open document: aliases, proposed forms and sources appended in
    place (comments on the old entries stay), then the new concepts."""
    for cid, aliases, sources in changes.extensions:
        _extend(doc, cid, aliases, sources)
    for cid, proposals in changes.proposals:
        doc.extend(cid, proposed=[a.to_dict() for a in proposals])
    for concept in changes.new:
        doc.add(concept)
    for cid, ids in changes.related:  # after the new concepts: they may name them
        doc.extend(cid, related=ids)


def apply(doc: store.Document, extracted: Sequence[Extracted], max_sources: int = 3, enrich: bool = True) -> Report:
    """Merge ``extracted`` into an open document: :func:`merge`, then (with ``enrich``)
    :func:`enrich_new` on the new candidates, then :func:`write`."""
    concepts = doc.concepts()
    changes = merge(concepts, extracted, rejected=doc.rejected(), max_sources=max_sources, pinyin=not enrich)
    if enrich:
        enrich_new(changes)
    write(doc, changes)
    return changes.report


def _offered(found: Extracted) -> list[Source]:
    """The places extraction saw a concept, as sources."""
    return [Source(s["path"], s["line"], s.get("context"), s.get("id"), s.get("date")) for s in found.sources]


def _new_sources(
    concept: Concept, offered: Iterable[Source], max_sources: int, taken: Sequence[dict[str, Any]] = ()
) -> list[dict[str, Any]]:
    """Sources to add: new places only (not in ``taken`` either), until the concept has ``max_sources`` of them."""
    have = {(s.path, s.line) for s in concept.sources} | {(s["path"], s.get("line")) for s in taken}
    room = max_sources - len(concept.sources)
    out: list[dict[str, Any]] = []
    for s in offered:
        key = (s.path, s.line)
        if key not in have and len(out) < room:
            have.add(key)
            out.append(s.to_dict())  # an imported source may name a file only
    return out


def _extend(doc: store.Document, cid: str, aliases: list[Alias], sources: list[dict[str, Any]]) -> None:
    """Append to a concept's aliases and sources in place (old entries and comments stay; new
    ones go inside the concept, above a comment that opens the next one)."""
    doc.extend(cid, aliases=[a.to_dict() for a in aliases], sources=sources)


def _new_concept(
    found: Extracted, forms: list[str], existing: dict[str, Concept], owners: Owners, pinyin: bool = True
) -> Concept:
    cid = found.id
    n = 2
    while cid in existing:
        cid, n = f"{found.id}-{n}", n + 1
    zh = (
        found.zh
        if found.zh and found.zh in forms
        else next((f.lstrip("#") for f in forms if has_cjk(f) and not f.startswith("#")), None)
    )
    en = found.en if found.en and found.en in forms else None
    if not zh and not en:
        en = forms[0] if forms else found.id
    origin = {"zh": "rule"} if zh else {}
    if en:
        origin["en"] = "rule"
    stated = _stated_pair(found, zh, en)
    confidence: dict[str, str] = {}
    if stated:
        origin["zh"] = origin["en"] = "text"
        confidence["zh"] = confidence["en"] = _statement_confidence(stated)
    pinyin = found.pinyin if zh and pinyin else None
    if pinyin:
        origin["pinyin"] = "rule"
    main = {fold(x) for x in (zh, en) if x}
    aliases = [Alias(f, alias_kind(f, found)) for f in forms if fold(f) not in main]
    # one alias per key (RedNote / Rednote fold alike)
    seen: set[str] = set(main)
    unique = []
    for a in aliases:
        if fold(a.text) not in seen:
            seen.add(fold(a.text))
            unique.append(a)
    concept = Concept(
        id=cid,
        category=found.category or "other",
        zh=zh,
        pinyin=pinyin,
        en=en,
        aliases=unique,
        status="candidate",
        sources=[],
        origin=origin,
        confidence=confidence,
    )
    sighting = _sighting(stated[0]) if stated else []
    offered = _new_sources(concept, _offered(found), 3 - len(sighting), sighting)
    concept.sources = [store_source(s) for s in [*sighting, *offered]]
    for text in concept.forms():
        owners.claim(text, cid)
    return concept


def _stated_pair(found: Extracted, zh: str | None, en: str | None) -> list[Link]:
    """The statements of the text that pair a new concept's Chinese with its English
    ("小红书 (Xiaohongshu)", "Xiaohongshu, or 'little red book'"), first seen first."""
    if not zh or not en:
        return []
    pair = {zh, en}
    links = [link for link in found.links if link.rule == "statement" and {link.a, link.b} == pair]
    return sorted(links, key=lambda link: (link.path or "", link.line or 0))


def _statement_confidence(links: Sequence[Link]) -> str:
    """``high`` when the text pairs the two more than once, else ``medium``."""
    # a link's detail ends "(N times)" when its statement was seen N > 1 times (extract.link)
    times = sum(int(m.group(1)) if (m := re.search(r"\((\d+) times\)", link.detail)) else 1 for link in links)
    return "high" if times > 1 else "medium"


def _sighting(link: Link) -> list[dict[str, Any]]:
    """Where a statement was seen, as a source (none when the link does not say)."""
    if not link.path:
        return []
    d: dict[str, Any] = {"path": link.path, "line": link.line}
    if link.evidence:
        d["sentence"] = link.evidence
    return [d]


def store_source(d: dict[str, Any]) -> Any:
    from glossary.terms.model import Source

    return Source.from_dict(d)


def plan(
    path: str | Path, extracted: Sequence[Extracted], max_sources: int = 3, enrich: bool = True
) -> tuple[Report, str]:
    """What :func:`build` would do: the report and a unified diff; nothing is written."""
    with store.editing(path, dry_run=True) as doc:
        report = apply(doc, extracted, max_sources, enrich)
    return report, doc.diff()


def build(path: str | Path, extracted: Sequence[Extracted], max_sources: int = 3, enrich: bool = True) -> Report:
    """Merge ``extracted`` into the terms file for good (locked, validated, atomic, comments kept)."""
    with store.editing(path) as doc:
        return apply(doc, extracted, max_sources, enrich)


# --- concepts read from a termbase ----------------------------------------------------------


def _unique_id(base: str, existing: dict[str, Concept]) -> str:
    cid, n = base, 2
    while cid in existing:
        cid, n = f"{base}-{n}", n + 1
    return cid


def _imported_kind(concept: Concept) -> Callable[[str], str]:
    """The alias kind of an imported concept's form: its own alias kind; its traditional
    characters a variant; its Chinese or English another translation."""
    kinds = {a.text: a.kind for a in concept.aliases}
    return lambda form: kinds.get(form) or ("variant" if form == concept.zh_hant else "translation")


def _imported_concept(
    imported: Concept, existing: dict[str, Concept], owners: Owners, origin: str, max_sources: int
) -> Concept:
    """A new candidate from an imported concept: every value it has, marked with ``origin`` (unless
    the importer recorded another); one alias per key; related ids only of concepts that exist."""
    main = {fold(x) for x in (imported.zh, imported.zh_hant, imported.en) if x}
    aliases = []
    for a in imported.aliases:
        if fold(a.text) and fold(a.text) not in main:
            main.add(fold(a.text))
            aliases.append(a)
    concept = replace(
        imported,
        id=_unique_id(imported.id, existing),
        status="candidate",
        aliases=aliases,
        related=[r for r in imported.related if r in existing],
        sources=[store_source(s) for s in _new_sources(Concept(id="-"), imported.sources, max_sources)],
        origin={  # the file, unless the importer derived the value (origin: rule)
            name: imported.origin.get(name) or origin
            for name in ORIGIN_FIELDS
            if getattr(imported, name) and (name != "category" or imported.category != "other")
        },
        proposed=[],
        confidence={},
        proposals=[],
    )
    for text in concept.forms():
        owners.claim(text, concept.id)
    return concept


def merge_imported(
    concepts: Sequence[Concept],
    imported: Sequence[Concept],
    origin: str,
    *,
    rejected: Iterable[str] = (),
    max_sources: int = 3,
) -> Changes:
    """The changes that merge concepts read from a termbase into a glossary's ``concepts``, by the
    module's rules: a concept that shares a form with an existing one gives it the forms it lacks
    (``proposed`` on a reviewed one) and sources; any other is a new candidate whose values are
    marked ``origin`` (:func:`glossary.terms.schema.imported_from`). Nothing is changed."""
    arrivals = [
        Arrival(
            c.zh or c.en or c.id,
            c.forms(),
            None,
            _imported_kind(c),
            lambda forms, existing, owners, c=c: _imported_concept(c, existing, owners, origin, max_sources),
            lambda concept, c=c: _new_sources(concept, c.sources, max_sources),
        )
        for c in imported
    ]
    return merge_arrivals(concepts, arrivals, rejected=rejected)


def apply_imported(
    doc: store.Document, imported: Sequence[Concept], origin: str, max_sources: int = 3, enrich: bool = True
) -> Report:
    """Merge imported concepts into an open document, as :func:`apply` merges extracted ones."""
    changes = merge_imported(doc.concepts(), imported, origin, rejected=doc.rejected(), max_sources=max_sources)
    if enrich:
        enrich_new(changes)
    write(doc, changes)
    return changes.report


def plan_import(
    path: str | Path, imported: Sequence[Concept], origin: str, max_sources: int = 3, enrich: bool = True
) -> tuple[Report, str]:
    """What :func:`build_import` would do: the report and a unified diff; nothing is written."""
    with store.editing(path, dry_run=True) as doc:
        report = apply_imported(doc, imported, origin, max_sources, enrich)
    return report, doc.diff()


def build_import(
    path: str | Path, imported: Sequence[Concept], origin: str, max_sources: int = 3, enrich: bool = True
) -> Report:
    """Merge imported concepts into the terms file for good (locked, validated, atomic, comments kept)."""
    with store.editing(path) as doc:
        return apply_imported(doc, imported, origin, max_sources, enrich)


__all__ = [
    "Arrival",
    "Changes",
    "Report",
    "alias_kind",
    "apply",
    "apply_imported",
    "build",
    "build_import",
    "enrich_new",
    "merge",
    "merge_arrivals",
    "merge_imported",
    "plan",
    "plan_import",
    "write",
]

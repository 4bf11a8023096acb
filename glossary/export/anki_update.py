"""Anki: update a learner's own collection field by field (``glossary anki update``).

An .apkg cannot keep a learner's own fields: Anki's importer rewrites every field of a note it
updates (rslib's apkg importer, ``update_note``), a field the learner added or a spare one we
shipped empty alike (checked with every combination of its options). So this opens the collection
itself with Anki's own Python package (the ``anki`` extra), finds the glossary's
notes by GUID and writes only what changed:

- our fields (:data:`~glossary.export.anki.FIELDS`, by name), built and escaped by the same code
  as the .apkg; a field the learner edited since the glossary last wrote it stays theirs (reported
  as *kept* when the glossary changed it too): the collection's config keeps a digest of what each
  field last got from the glossary, and which of our fields the note type has had;
- our tags (``glossary::category::…``, ``glossary::status::…``); the learner's other tags stay;
- a note for each new concept, in the glossary's deck;
- the note type gains the fields of ours it never had (a field the learner removed stays removed)
  and keeps theirs and their card templates; with ``templates`` the card types named as ours get
  our templates and styling.

Nothing is deleted: notes of concepts gone from the glossary are reported as orphaned. The learner's
fields, media, scheduling and review history are never touched, and a note with nothing to change
keeps its modification time. Anki commits each step on its own, so a copy of the collection taken
before the first write is put back when a later step fails or is interrupted.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from glossary.errors import LockTimeoutError, NotFoundError, UnusableFileError
from glossary.export.anki import CSS, DECK_ID, FIELDS, MODEL_ID, TEMPLATES, NoteContent, note_contents
from glossary.export.common import one_line
from glossary.export.registry import ExportData

INSTALL = 'glossary anki update needs Anki\'s own Python package: pip install ".[anki]" (or: pip install anki)'
#: The collection's config key holding what the glossary last wrote (digests by note GUID and field).
STATE_KEY = "tiktokRefugeeGlossary"
STATE_VERSION = 1
#: Tags the glossary owns on its notes; every other tag is the learner's.
OUR_TAGS = ("glossary::category::", "glossary::status::")
SQLITE_MAGIC = b"SQLite format 3\x00"
COLLECTION_NAME = "collection.anki2"


@dataclass(frozen=True)
class NotePlan:
    """What an update does to one concept's note."""

    concept_id: str
    guid: str
    note_id: int | None  # None: a new note
    writes: dict[str, str]  # our fields that get the glossary's new text
    add_tags: tuple[str, ...] = ()
    drop_tags: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # fields the learner edited and the glossary changed too: theirs stay
    digests: dict[str, str] = field(default_factory=dict)  # each field's digest once updated

    @property
    def changes(self) -> bool:
        return bool(self.writes or self.add_tags or self.drop_tags)


@dataclass
class UpdateReport:
    """What ``glossary anki update`` did (or, with ``dry_run``, would do) to a collection."""

    collection: Path
    dry_run: bool
    plans: list[NotePlan]
    orphaned: list[str]  # the Id (else GUID) of notes whose concept is gone from the glossary
    new_fields: list[str]  # fields added to the note type
    templates: list[str] = field(default_factory=list)  # card templates (and "styling") given ours

    @property
    def added(self) -> list[NotePlan]:
        return [p for p in self.plans if p.note_id is None]

    @property
    def updated(self) -> list[NotePlan]:
        return [p for p in self.plans if p.note_id is not None and p.changes]

    @property
    def unchanged(self) -> list[NotePlan]:
        return [p for p in self.plans if p.note_id is not None and not p.changes]

    @property
    def kept(self) -> list[NotePlan]:
        return [p for p in self.plans if p.kept]


# --- opening the collection ------------------------------------------------------------------


def require_anki() -> Any:
    """Anki's ``anki.collection`` module, or one line saying how to install it."""
    try:
        from anki import collection
    except ImportError:
        raise NotFoundError(INSTALL) from None
    return collection


def collection_file(path: Path) -> Path:
    """The collection a path names: the file itself, or ``collection.anki2`` in a profile folder."""
    if path.is_dir():
        path = path / COLLECTION_NAME
    if not path.exists():
        raise NotFoundError(
            f"{path}: no such Anki collection (it is collection.anki2 in your Anki profile folder, "
            "e.g. ~/.local/share/Anki2/User 1/)"
        )
    if not path.is_file():
        raise UnusableFileError(f"{path}: not an Anki collection (not a regular file)")
    return path


def _tables(path: Path) -> set[str]:
    """The tables an SQLite file shows without taking a lock (a collection open in Anki may show none)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise UnusableFileError(f"{path}: not an Anki collection ({e})") from None


def check_collection(path: Path) -> None:
    """Refuse what is not an Anki collection before Anki opens it (it would make any SQLite file one)."""
    try:
        with path.open("rb") as f:
            magic = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        raise UnusableFileError(f"{path}: cannot read the collection: {e.strerror or e}") from None
    if magic != SQLITE_MAGIC:
        raise UnusableFileError(f"{path}: not an Anki collection (not an SQLite database)")
    tables = _tables(path)
    in_use = path.with_name(path.name + "-wal").exists()
    if not {"notes", "cards", "col"} <= tables and (tables or not in_use):
        raise UnusableFileError(f"{path}: not an Anki collection (an SQLite database without Anki's tables)")


@contextmanager
def opened(path: Path) -> Iterator[Any]:
    """The collection at ``path`` opened by Anki's own code, closed on the way out."""
    anki_collection = require_anki()
    from anki.errors import AnkiException, DBError

    check_collection(path)
    try:
        col = anki_collection.Collection(str(path))
    except DBError as e:
        raise LockTimeoutError(
            f"{path}: the collection is in use ({_plain(str(e)) or 'locked'}): close Anki, then run this again"
        ) from None
    except AnkiException as e:
        raise UnusableFileError(f"{path}: Anki cannot open the collection: {_plain(str(e))}") from None
    try:
        yield col
    finally:
        col.close()


# --- planning ---------------------------------------------------------------------------------


def field_digest(text: str) -> str:
    """A field's content in a few bytes (NFC, as Anki stores note text).

    >>> field_digest("小红书") == field_digest(unicodedata.normalize("NFD", "小红书")), len(field_digest(""))
    (True, 16)
    """
    return hashlib.sha256(nfc(text).encode("utf-8")).hexdigest()[:16]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class State:
    """What the glossary last wrote into this collection: field digests by GUID, and the fields of
    ours its note type has had (so one the learner removed is not added back)."""

    notes: dict[str, dict[str, str]]
    fields: list[str]

    @classmethod
    def read(cls, col: Any) -> State:
        raw = col.get_config(STATE_KEY, None)
        if isinstance(raw, dict) and raw.get("version") == STATE_VERSION:
            notes, fields = raw.get("notes"), raw.get("fields")
            if isinstance(notes, dict) and isinstance(fields, list):
                return cls({str(g): dict(d) for g, d in notes.items() if isinstance(d, dict)}, [str(f) for f in fields])
        return cls({}, [])  # never updated here (or by an unknown version): no field counts as the learner's edit

    def write(self, col: Any) -> None:
        notes = {g: d for g, d in sorted(self.notes.items())}
        col.set_config(STATE_KEY, {"version": STATE_VERSION, "notes": notes, "fields": self.fields})


def plan_fields(
    current: dict[str, str], content: NoteContent, baseline: dict[str, str], absent: set[str]
) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """Our fields to write, the learner's edits kept, and every field's digest afterwards.

    ``current`` is the note's fields by name; a field of ours the note lacks reads as empty (the
    update adds it), unless it is in ``absent`` (the learner removed it: left out).

    >>> content = NoteContent("x", "g", ["x", "新", "旧"] + [""] * (len(FIELDS) - 3), [])
    >>> base = {"Simplified": field_digest("旧"), "Traditional": field_digest("旧")}
    >>> writes, kept, _ = plan_fields({"Id": "x", "Simplified": "旧", "Traditional": "mine"}, content, base, set())
    >>> writes, kept
    ({'Simplified': '新'}, [])
    """
    writes: dict[str, str] = {}
    kept: list[str] = []
    digests: dict[str, str] = {}
    for name, value in zip(FIELDS, content.fields):
        if name in absent:
            continue
        new, now, before = nfc(value), nfc(current.get(name, "")), baseline.get(name)
        if now == new:
            digests[name] = field_digest(new)
        elif before is not None and field_digest(now) != before:  # the learner's own edit: theirs stays
            digests[name] = before
            if field_digest(new) != before:
                kept.append(name)
        else:
            writes[name] = new
            digests[name] = field_digest(new)
    return writes, kept, digests


def plan_tags(current: list[str], ours: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Our tags to add, and our old ones to drop (Anki's tags ignore case); the learner's stay.

    >>> plan_tags(["mine", "glossary::status::candidate"], ["glossary::status::reviewed"])
    (('glossary::status::reviewed',), ('glossary::status::candidate',))
    """
    have = {t.casefold() for t in current}
    wanted = {t.casefold() for t in ours}
    add = tuple(t for t in ours if t.casefold() not in have)
    drop = tuple(t for t in current if t.casefold().startswith(OUR_TAGS) and t.casefold() not in wanted)
    return add, drop


def plan_note(col: Any, content: NoteContent, note_id: int | None, state: State, absent: set[str]) -> NotePlan:
    """The change to one concept's note (all of its fields and tags when the note is new)."""
    if note_id is None:
        writes = {n: nfc(v) for n, v in zip(FIELDS, content.fields) if n not in absent}
        digests = {n: field_digest(v) for n, v in writes.items()}
        return NotePlan(content.concept_id, content.guid, None, writes, tuple(content.tags), digests=digests)
    note = col.get_note(note_id)
    current = dict(note.items())
    writes, kept, digests = plan_fields(current, content, state.notes.get(content.guid, {}), absent)
    add, drop = plan_tags(list(note.tags), content.tags)
    return NotePlan(content.concept_id, content.guid, note_id, writes, add, drop, tuple(kept), digests)


def our_notetypes(col: Any, note_types: set[int]) -> list[dict[str, Any]]:
    """The glossary's note types in the collection: ours by id, copies Anki made of it on a
    conflicting import (``originalId``), and any type our notes have been moved to."""
    return [
        nt
        for nt in col.models.all()
        if nt["id"] == MODEL_ID or nt.get("originalId") == MODEL_ID or nt["id"] in note_types
    ]


def field_names(notetype: dict[str, Any]) -> list[str]:
    return [f["name"] for f in notetype["flds"]]


# --- the update -------------------------------------------------------------------------------


def update_collection(path: Path, data: ExportData, *, dry_run: bool = False, templates: bool = False) -> UpdateReport:
    """Bring the glossary's notes in a learner's Anki collection up to date, field by field; with
    ``templates``, give the note type's cards named as ours our templates and styling too.

    Raises :class:`NotFoundError` when the collection holds no note type of the glossary (import
    the .apkg first), :class:`LockTimeoutError` when Anki has it open."""
    contents = note_contents(data)
    path = collection_file(path)
    with opened(path) as col:
        notes = {guid: (nid, mid) for nid, guid, mid in col.db.all("SELECT id, guid, mid FROM notes")}
        wanted = {c.guid for c in contents}
        types = our_notetypes(col, {mid for guid, (_, mid) in notes.items() if guid in wanted})
        if not types:
            raise NotFoundError(
                f"{path}: no note of the glossary's type: import the deck once first "
                "(glossary export -f anki -o glossary.apkg, then File → Import in Anki)"
            )
        state = State.read(col)
        # notes of our note type (a learner's own type we were moved to may hold their own notes), or written by us
        own_types = {nt["id"] for nt in types if nt["id"] == MODEL_ID or nt.get("originalId") == MODEL_ID}
        ours = {g for g, (_, mid) in notes.items() if mid in own_types or g in state.notes}
        main = _main_notetype(types, [mid for g, (_, mid) in notes.items() if g in wanted])
        absent = set(state.fields) - set(field_names(main))  # ours once, removed by the learner since
        new_fields = [f for f in FIELDS if f not in field_names(main) and f not in absent]
        plans = [plan_note(col, c, notes[c.guid][0] if c.guid in notes else None, state, absent) for c in contents]
        orphaned = sorted(_label(col, notes[g][0], g) for g in ours - wanted)
        report = UpdateReport(
            path,
            dry_run,
            plans,
            orphaned,
            new_fields,
            _template_changes(main, [*field_names(main), *new_fields]) if templates else [],
        )
        if not dry_run:
            from anki.errors import AnkiException

            try:
                with all_or_nothing(col, path):
                    _apply(col, report, types, main, state, data)
            except AnkiException as e:  # e.g. the learner's note type has two cards with the same front
                raise UnusableFileError(f"{path}: Anki refused the update: {_plain(str(e))}") from None
    return report


@contextmanager
def all_or_nothing(col: Any, path: Path) -> Iterator[None]:
    """Anki commits each step on its own: a copy of the collection taken before the first write
    is put back (the collection closed first) if a later step fails or is interrupted."""
    col.db.all("PRAGMA wal_checkpoint(TRUNCATE)")  # everything so far in the file itself
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".before-update", dir=path.parent)
    os.close(fd)
    backup = Path(name)
    try:
        shutil.copyfile(path, backup)
        try:
            yield
        except BaseException:
            col.close()  # checkpoints and removes the write-ahead log: the file is the whole collection
            os.replace(backup, path)
            raise
    finally:
        backup.unlink(missing_ok=True)


def _plain(message: str) -> str:
    """One of Anki's messages as one line of text: its ``<br>`` and isolation marks gone."""
    return one_line(message.replace("<br>", " ").replace("\u2068", "").replace("\u2069", ""))


def our_templates(fields: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Our card templates (front, back) by name, for a note type with ``fields``: a field of ours
    it lacks (the learner removed it) is left out, as Anki refuses a template naming a missing field.

    >>> back = our_templates(set(FIELDS) - {"Frequency"})["Chinese → English"][1]
    >>> "Frequency" in back, "{{#MeasureWord}}" in back
    (False, True)
    """
    absent = set(FIELDS) - set(fields)
    return {t["name"]: (_without(t["qfmt"], absent), _without(t["afmt"], absent)) for t in TEMPLATES}


def _without(template: str, absent: set[str]) -> str:
    """``template`` with the sections (``{{#F}}…{{/F}}``) and references (``{{F}}``) of ``absent`` fields gone."""
    for name in sorted(absent):
        opening, closing = re.escape(f"{{{{#{name}}}}}"), re.escape(f"{{{{/{name}}}}}")
        template = re.sub(f"{opening}.*?{closing}\n?", "", template, flags=re.S).replace(f"{{{{{name}}}}}", "")
    return template


def _template_changes(notetype: dict[str, Any], fields: list[str]) -> list[str]:
    """The card templates of ``notetype`` (by name) that differ from ours for ``fields``, and
    "styling" if its CSS does. A card type of ours the learner removed is not added back, and
    their own card types stay."""
    ours = our_templates(fields)
    changed = [t["name"] for t in notetype["tmpls"] if t["name"] in ours and (t["qfmt"], t["afmt"]) != ours[t["name"]]]
    return changed + (["styling"] if notetype["css"] != CSS else [])


def _give_templates(col: Any, notetype: dict[str, Any]) -> None:
    """Our templates for the card types named as ours, and our styling, on ``notetype``."""
    ours = our_templates(field_names(notetype))
    for t in notetype["tmpls"]:
        if t["name"] in ours:
            t["qfmt"], t["afmt"] = ours[t["name"]]
    notetype["css"] = CSS
    col.models.update_dict(notetype)


def _main_notetype(types: list[dict[str, Any]], used: list[int]) -> dict[str, Any]:
    """The note type new notes get: the one most of our notes use, else ours by id."""
    by_id = {nt["id"]: nt for nt in types}
    for mid, _ in Counter(used).most_common():
        if mid in by_id:
            return by_id[mid]
    return by_id.get(MODEL_ID, types[0])


def _label(col: Any, note_id: int, guid: str) -> str:
    note = col.get_note(note_id)
    return one_line(note["Id"]) if "Id" in note and note["Id"] else guid


def _apply(
    col: Any, report: UpdateReport, types: list[dict[str, Any]], main: dict[str, Any], state: State, data: ExportData
) -> None:
    """Write the planned changes: fields onto the note types, changed notes, new notes, the state."""
    from anki.collection import AddNoteRequest

    absent = set(state.fields) - set(field_names(main))
    for nt in types:
        missing = [f for f in FIELDS if f not in field_names(nt) and f not in absent]
        if missing:
            for name in missing:
                col.models.add_field(nt, col.models.new_field(name))
            col.models.update_dict(nt)
    if report.templates:
        _give_templates(col, col.models.get(main["id"]))
    changed = []
    for plan in report.updated:
        note = col.get_note(plan.note_id)
        for name, value in plan.writes.items():
            note[name] = value
        note.tags = [t for t in note.tags if t not in plan.drop_tags] + list(plan.add_tags)
        changed.append(note)
    if changed:
        col.update_notes(changed)
    if report.added:
        notetype = col.models.get(main["id"])
        deck = _deck(col, [p.guid for p in report.plans], data.name)
        requests = []
        for plan in report.added:
            note = col.new_note(notetype)
            note.guid = plan.guid
            for name, value in plan.writes.items():
                note[name] = value
            note.tags = list(plan.add_tags)
            requests.append(AddNoteRequest(note, deck))
        col.add_notes(requests)
    for plan in report.plans:
        state.notes[plan.guid] = plan.digests
    state.fields = sorted(set(state.fields) | (set(FIELDS) - absent))
    state.write(col)


def _deck(col: Any, guids: list[str], name: str) -> int:
    """The glossary's deck: the one most of our cards are in (Anki gives an imported deck a new id),
    else ours by its fixed id, else a new one named after the glossary."""
    placeholders = ",".join("?" * len(guids))
    row = col.db.first(  # a card in a filtered deck counts for its home deck (odid)
        "SELECT CASE c.odid WHEN 0 THEN c.did ELSE c.odid END AS home FROM cards c JOIN notes n ON n.id = c.nid "
        f"WHERE n.guid IN ({placeholders}) GROUP BY home ORDER BY count() DESC LIMIT 1",
        *guids,
    )
    if row:
        return int(row[0])
    if col.decks.get(DECK_ID, default=False):
        return DECK_ID
    return int(col.decks.id(one_line(name) or "Glossary"))

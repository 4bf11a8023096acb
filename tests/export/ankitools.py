"""Anki in the tests: a concept's note in a real collection, answering its first card, an old deck."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import genanki

from glossary.export.anki import DECK_ID, FIELDS, MODEL_ID, MODEL_NAME, TEMPLATES, note_guid
from glossary.terms.model import Concept


def note_of(col, concept_id: str):  # noqa: ANN001, ANN201 (anki's own types)
    """The one note of a concept (its Id field) in the collection."""
    (nid,) = col.find_notes(f'"Id:{concept_id}"')
    return col.get_note(nid)


def review(col, concept_id: str) -> None:  # noqa: ANN001
    """Answer the concept's first card as Good, as a learner would."""
    card = col.get_card(col.find_cards(f'"Id:{concept_id}"')[0])
    card.start_timer()
    col.sched.answerCard(card, 3)


def old_deck(
    concepts: Iterable[Concept],
    path: Path,
    english: str | None = None,
    fronts: Sequence[str] | None = None,
    timestamp: float = 1_737_000_000,
) -> Path:
    """A deck of the previous note type (its first nine fields, the same ids and card names), written
    to ``path``; each note's English is ``english`` if given, else the concept's own. Without
    ``fronts`` both cards show the same front (a note type Anki refuses to change)."""
    old_type = genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": f} for f in FIELDS[:9]],
        templates=[
            {"name": t["name"], "qfmt": front, "afmt": "{{Pinyin}}"}
            for t, front in zip(TEMPLATES, fronts or ["{{Simplified}}{{English}}"] * len(TEMPLATES))
        ],
    )
    deck = genanki.Deck(DECK_ID, "Test glossary")
    for c in concepts:
        fields = [c.id, c.zh, "", "", english if english is not None else c.en, "", "", "", ""]
        deck.add_note(genanki.Note(model=old_type, fields=fields, guid=note_guid(c.id)))
    genanki.Package(deck).write_to_file(str(path), timestamp=timestamp)
    return path

"""Reading a real Anki collection in the tests: a concept's note, and answering its first card."""

from __future__ import annotations


def note_of(col, concept_id: str):  # noqa: ANN001, ANN201 (anki's own types)
    """The one note of a concept (its Id field) in the collection."""
    (nid,) = col.find_notes(f'"Id:{concept_id}"')
    return col.get_note(nid)


def review(col, concept_id: str) -> None:  # noqa: ANN001
    """Answer the concept's first card as Good, as a learner would."""
    card = col.get_card(col.find_cards(f'"Id:{concept_id}"')[0])
    card.start_timer()
    col.sched.answerCard(card, 3)

"""glossary.terms.spotting: which spellings of a concept are found in running text."""

from __future__ import annotations

from glossary.terms.model import Alias, Concept
from glossary.terms.spotting import concept_matcher


def test_initialisms_are_found_with_full_stops_too() -> None:
    court = Concept(id="supreme-court", en="US Supreme Court", aliases=[Alias("Supreme Court", "variant")])
    usa = Concept(id="usa", zh="美国", en="United States", aliases=[Alias("US", "abbreviation")])
    matcher = concept_matcher([court, usa])
    text = "The U.S. Supreme Court ruled; the US Supreme Court, the U.S. and the US agreed. USB is not."
    assert [(m.text, m.value.id) for m in matcher.find(text)] == [
        ("U.S. Supreme Court", "supreme-court"),
        ("US Supreme Court", "supreme-court"),
        ("U.S.", "usa"),
        ("US", "usa"),
    ]


def test_a_dotted_spelling_another_concept_writes_stays_with_it() -> None:
    usa = Concept(id="usa", en="United States", aliases=[Alias("US", "abbreviation")])
    other = Concept(id="us-dot", en="U.S.", aliases=[])
    assert [m.value.id for m in concept_matcher([usa, other]).find("in the U.S. today")] == ["us-dot"]

"""glossary.terms.spotting: which spellings of a concept are found in running text."""

from __future__ import annotations

import pytest

from glossary.terms.model import Alias, Concept
from glossary.terms.spotting import concept_matcher
from glossary.text.matcher import Matcher


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


def test_app_written_for_yingyong_is_the_same_form() -> None:
    from glossary.terms.ownership import Owners

    store = Concept(id="app-store", zh="苹果应用商店", zh_hant="蘋果應用商店", en="App Store")
    app = Concept(id="yingyong", zh="应用", en="application")
    text = "它登上苹果App商店榜首（蘋果APP商店也是），不是应用，也不是App。"
    assert [(m.text, m.value.id) for m in concept_matcher([store, app]).find(text)] == [
        ("苹果App商店", "app-store"),
        ("蘋果APP商店", "app-store"),
        ("应用", "yingyong"),
    ]
    owners = Owners([store, app])
    assert [owners.owner(f) for f in ("苹果App商店", "蘋果app商店", "App")] == ["app-store", "app-store", None]


def test_a_large_glossary_s_spellings_come_back_from_the_cache_folder_as_they_were_worked_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from glossary.terms import spotting

    concepts = [Concept(id=f"c{n}", zh=f"小红书{n}号", en=f"RedNote {n}", pinyin="xiǎo hóng shū") for n in range(30)]
    concepts.append(Concept(id="us", zh="美国", en="United States", aliases=[Alias("US", "abbreviation")]))
    monkeypatch.setattr(spotting, "CACHED_MATCHER", 10)
    text = "RedNote 3 (小红书3号, 小紅書3號) and Red Note 12 in the U.S."
    fresh = [(m.start, m.text, m.value) for m in Matcher(spotting._spotted(concepts)).find(text)]
    assert [(m.start, m.text, m.value) for m in concept_matcher(concepts).find(text)] == fresh  # derived, kept
    cached = list(cachedb_files())
    assert len(cached) == 1
    monkeypatch.setattr(spotting, "_numbered_spellings", lambda _: pytest.fail("derived again"))
    again = concept_matcher(concepts)  # read back: the same spellings, each with its concept object
    assert [(m.start, m.text, m.value) for m in again.find(text)] == fresh
    assert {v.id for _, _, v in fresh} == {"c3", "c12", "us"}
    monkeypatch.undo()
    monkeypatch.setattr(spotting, "CACHED_MATCHER", 10)
    renamed = [*concepts[:-1], Concept(id="us", zh="美国", en="United States", aliases=[Alias("USA", "abbreviation")])]
    assert "U.S." not in [m.text for m in concept_matcher(renamed).find(text)]  # other forms: another key


def cachedb_files() -> list:
    from glossary import cachedb, paths

    return sorted((paths.cache_dir() / cachedb.DERIVED).glob("concept-spellings-*.marshal"))

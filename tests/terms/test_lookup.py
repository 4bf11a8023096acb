"""Lookup in every script and spelling, ranking, dictionary fallback and the index's freshness."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from glossary.errors import NotFoundError, UsageError
from glossary.terms import index, store
from glossary.terms.lookup import Lookup


@pytest.fixture
def finder(terms_file: Path) -> Lookup:
    return Lookup(terms_file)


@pytest.mark.parametrize(
    "query",
    [
        "小红书",  # simplified
        "小紅書",  # traditional
        "Xiǎohóngshū",  # tone marks
        "xiao3hong2shu1",  # tone numbers
        "xiaohongshu",  # no tones
        "Xiao Hong Shu",  # spaces, any case
        "XIAOHONGSHU",
        "xhs",  # initials
        "RedNote",  # English name
        "Red Note",  # alias
        "rednote",
        "red-note",
        "Little Red Book",  # calque
        "little red book",
        "Xiaohongsu",  # typos
        "Rednot",
        "Litle Red Book",
    ],
)
def test_every_form_finds_xiaohongshu(finder: Lookup, query: str) -> None:
    best = finder.lookup(query)[0]
    assert best.id == "xiaohongshu"
    assert best.answered_from == "glossary"


@pytest.mark.parametrize(
    "query", ["#TikTokRefugee", "#tiktokrefugee", "TikTok refugees", "tiktok-refugee", "TikTok难民", "TikTok難民"]
)
def test_hashtags_plurals_and_mixed_script(finder: Lookup, query: str) -> None:
    assert finder.lookup(query)[0].id == "tiktok-refugee"


def test_exact_beats_fuzzy_and_typos_score_lower(finder: Lookup) -> None:
    exact = finder.lookup("RedNote")[0]
    typo = finder.lookup("Rednot")[0]
    assert exact.score == 1.0
    assert 0.5 < typo.score < exact.score
    fuzzy = finder.lookup("Xiaohongsu")[0]
    assert fuzzy.via == "fuzzy:alias:transliteration" and fuzzy.matched == "Xiaohongshu"


def test_initials_rank_below_full_forms(finder: Lookup) -> None:
    assert finder.lookup("xhs")[0].score < finder.lookup("xiao hong shu")[0].score <= finder.lookup("小红书")[0].score


def test_dictionary_fallback_both_directions(finder: Lookup) -> None:
    zh = finder.lookup("难民")
    assert zh[0].answered_from == "cc-cedict"
    assert zh[0].zh == "难民" and zh[0].zh_hant == "難民"
    assert zh[0].pinyin == "nànmín"
    assert "refugee" in zh[0].en
    en = finder.lookup("refugee")
    assert en[0].answered_from == "cc-cedict" and en[0].zh == "难民"
    # the glossary's own refugee concept is among the answers, below the exact dictionary word
    assert "tiktok-refugee" in [m.id for m in en]


def test_dictionary_by_pinyin_and_traditional(finder: Lookup) -> None:
    assert finder.lookup("nanmin")[0].zh == "难民"
    assert finder.lookup("難民")[0].zh == "难民"


def test_no_dictionary_when_the_glossary_answers_exactly(finder: Lookup) -> None:
    matches = finder.lookup("字节跳动")
    assert matches[0].answered_from == "glossary"
    assert [m for m in matches if m.answered_from == "cc-cedict" and m.zh == "字节跳动"] == []


def test_glossary_only(finder: Lookup) -> None:
    assert all(m.answered_from == "glossary" for m in finder.lookup("refugee", dictionary=False))


def test_json_shape(finder: Lookup) -> None:
    data = finder.lookup("RedNote")[0].to_json()
    for key in ("id", "zh", "zh_hant", "pinyin", "en", "aliases", "note", "answered_from", "score"):
        assert key in data
    assert data["aliases"][0] == {"text": "Xiaohongshu", "kind": "transliteration"}


def test_empty_query(finder: Lookup) -> None:
    with pytest.raises(UsageError):
        finder.lookup("   ")


def test_search_prefix_and_substring(finder: Lookup) -> None:
    assert [m.id for m in finder.search("Little")] == ["xiaohongshu"]
    assert finder.search("refug")[0].id == "tiktok-refugee"
    assert "bytedance" in [m.id for m in finder.search("Douyin")]  # in the note
    assert finder.search("tiao")[0].id == "bytedance"  # pinyin
    assert finder.search("zzzz") == []


def test_concepts_filters_and_show(finder: Lookup) -> None:
    assert [c["id"] for c in finder.concepts(category="company")] == ["bytedance"]
    assert [c["id"] for c in finder.concepts(status="candidate")] == ["cat-tax"]
    assert len(finder.concepts()) == 4
    assert finder.show("bytedance").en == "ByteDance"
    with pytest.raises(NotFoundError):
        finder.show("nope")


def test_index_rebuilds_when_the_file_changes(terms_file: Path) -> None:
    assert Lookup(terms_file).lookup("Lemon8", dictionary=False) == []
    with store.editing(terms_file) as doc:
        doc.update("bytedance", aliases=[{"text": "Lemon8 maker", "kind": "nickname"}])
    # a second edit in the same clock tick still changes the size, which is part of the stamp
    assert Lookup(terms_file).lookup("Lemon8 maker")[0].id == "bytedance"


def test_index_is_reused_while_the_file_is_unchanged(terms_file: Path) -> None:
    Lookup(terms_file)
    dbs = list(Path(os.environ["GLOSSARY_CACHE_DIR"]).glob("glossary-*.sqlite"))
    stamps = {p: p.stat().st_mtime_ns for p in dbs}
    time.sleep(0.01)
    Lookup(terms_file)
    assert {p: p.stat().st_mtime_ns for p in dbs} == stamps


def test_cache_dir_follows_the_environment(terms_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "elsewhere"))
    index.glossary_db(terms_file)
    assert list((tmp_path / "elsewhere").glob("glossary-*.sqlite"))


def test_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from glossary import paths

    monkeypatch.delenv("GLOSSARY_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert paths.cache_dir() == tmp_path / "glossary"


def test_bundled_glossary_lookups(bundled_terms: Path) -> None:
    finder = Lookup(bundled_terms)
    assert finder.lookup("Little Red Book")[0].id == "xiaohongshu"
    assert finder.lookup("#TikTokRefugee")[0].zh == "TikTok难民"
    assert finder.lookup("ByteDance")[0].zh == "字节跳动"
    assert finder.lookup("Zhou Shouzi")[0].en == "Shou Zi Chew"

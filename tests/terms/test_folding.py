"""Lookup folds what writers vary: plurals, possessives, 交/缴 + object, regional forms, and a
known term inside a longer query; validate warns when two concepts fold together."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import app
from glossary.terms.lookup import Lookup
from tests.conftest import REPO

TERMS = """\
concepts:
  - {id: xiaohongshu, category: platform, zh: 小红书, zh_hant: 小紅書, pinyin: Xiǎohóngshū, en: RedNote, status: reviewed}
  - {id: chinese-spy, category: meme, zh: 中国间谍, en: Chinese spy, status: reviewed}
  - {id: cat-tax, category: custom, zh: 猫税, en: cat tax, aliases: [{text: 交猫税, kind: variant}], status: reviewed}
  - {id: bytedance, category: company, zh: 字节跳动, en: ByteDance, status: reviewed}
  - {id: information-gap, category: slang, zh: 信息差, en: information gap, status: reviewed}
  - {id: software, category: other, zh: 软件, en: software, status: reviewed}
  - {id: duizhang, category: slang, zh: 对账, en: checking the bills, status: reviewed}
  - {id: refugee-wave, category: event, zh: TikTok难民潮, en: TikTok refugee wave, status: reviewed}
  - {id: tiktok, category: app, zh: 抖音国际版, en: TikTok, status: reviewed}
"""


@pytest.fixture
def finder(tmp_path: Path) -> Lookup:
    path = tmp_path / "terms.yaml"
    path.write_text(TERMS, encoding="utf-8")
    return Lookup(path)


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("Chinese spies", "chinese-spy"),  # -ies plural
        ("Chinese spy's", "chinese-spy"),  # possessive
        ("ByteDance’s", "bytedance"),  # curly apostrophe
        ("cat taxes", "cat-tax"),  # -es plural
        ("缴猫税", "cat-tax"),  # 缴 for 交
        ("交猫税", "cat-tax"),
        ("小红书app", "xiaohongshu"),  # a known term inside a longer query
        ("the RedNote app", "xiaohongshu"),
        ("資訊差", "information-gap"),  # Taiwan usage (OpenCC's phrase table)
        ("軟體", "software"),  # Taiwan
        ("軟件", "software"),  # Hong Kong
        ("中国的间谍", "chinese-spy"),  # 的 added between two words
        ("中美网友对账", "duizhang"),  # a Chinese phrase ends in its head
        ("美国网友交猫税了", "cat-tax"),  # … before a closing particle
        ("TikTok难民潮来了", "refugee-wave"),  # a Latin word and the Chinese beside it, not TikTok alone
    ],
)
def test_lookup_folds_what_writers_vary(finder: Lookup, query: str, concept: str) -> None:
    best = finder.lookup(query, dictionary=False)[0]
    assert best.id == concept
    assert best.score >= 0.7


def test_the_whole_form_beats_the_form_inside_it(finder: Lookup) -> None:
    assert finder.lookup("小红书", dictionary=False)[0].score > finder.lookup("小红书app", dictionary=False)[0].score


def test_a_known_word_before_the_head_is_a_weaker_answer(finder: Lookup) -> None:
    """小红书 begins 小红书对账 but does not end it: the head (对账) answers, the modifier less well."""
    scores = {m.id: m.score for m in finder.lookup("小红书对账", dictionary=False)}
    assert scores["duizhang"] >= 0.75 > scores["xiaohongshu"]


def test_nothing_is_found_inside_an_unrelated_query(finder: Lookup) -> None:
    assert finder.lookup("weather tomorrow", dictionary=False) == []


def test_validate_warns_about_concepts_that_fold_together_and_missing_examples(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(
        "concepts:\n"
        "  - id: cat-tax\n    en: cat tax\n    example: {zh: 我交了猫税。, en: I paid the cat tax.}\n"
        "    status: reviewed\n    refs:\n      - {url: 'https://example.org/a', outlet: Example, date: '2025-01-15'}\n"
        "  - id: cat-taxes\n    en: cat taxes\n    status: reviewed\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["validate", "-g", str(path)])
    assert result.exit_code == 0
    assert result.stdout == f"{path}: 2 concepts, valid, 3 warnings\n"
    assert result.stderr.splitlines() == [
        f"warning: {path}:8: concept 'cat-taxes' has no example sentence",
        f"warning: {path}:8: concept 'cat-taxes' has no refs (addresses of articles that use it)",
        f"warning: {path}:8: 'cat taxes' of concept 'cat-taxes' and 'cat tax' of concept 'cat-tax' are the same once folded ('cattax')",
    ]


def test_gloss_lists_every_term_in_order(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(TERMS, encoding="utf-8")
    result = CliRunner().invoke(app, ["gloss", "我在小红书上交了猫税", "-g", str(path), "--json"])
    assert result.exit_code == 0
    import json

    terms = json.loads(result.stdout)
    assert [t["text"] for t in terms] == ["我", "在", "小红书", "上交", "了", "猫税"]
    assert terms[2] == {
        "text": "小红书",
        "start": 2,
        "answered_from": "glossary",
        "pinyin": "Xiǎohóngshū",
        "en": "RedNote",
        "concept_id": "xiaohongshu",
    }
    assert terms[0]["answered_from"] == "cc-cedict" and terms[0]["pinyin"] == "wǒ"
    table = CliRunner().invoke(app, ["gloss", "都来小红书", "-g", str(path)])
    assert table.exit_code == 0
    assert table.stdout.splitlines()[2].split()[:2] == ["都", "dōu"]  # the common reading, not the surname
    empty = CliRunner().invoke(app, ["gloss", "  ", "-g", str(path)])
    assert (empty.exit_code, empty.stderr) == (2, "error: no text to gloss\n")


def test_coverage_script_counts_glossary_dictionary_and_misses(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(TERMS, encoding="utf-8")
    terms = tmp_path / "terms.txt"
    terms.write_text("# a comment\n#RedNote\nChinese spies\n难民\nzzqxv\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "coverage.py"), str(terms), "--glossary", str(path), "--misses"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    lines = result.stdout.splitlines()
    assert lines[1].split()[-2:] == ["2", "50.0%"]
    assert lines[2].split()[-2:] == ["1", "25.0%"]
    assert lines[3].split()[-2:] == ["1", "25.0%"]
    assert result.stdout.endswith("cc-cedict:\n  难民\n\nmiss:\n  zzqxv\n")


def test_validate_warns_about_forms_lookup_folds_together_only_by_their_word_endings() -> None:
    """Lookup stems every word of a phrase (flocking to, flock to), so validate says when two
    concepts differ only there; distinct words stay apart."""
    from glossary.terms.checks import warnings
    from glossary.terms.model import Concept

    concepts = [
        Concept(id="flock", en="flock to"),
        Concept(id="flocking", en="flocking to"),
        Concept(id="spy", en="Chinese spy"),
        Concept(id="spies", en="Chinese spies' memes"),
    ]
    folded = [w.message for w in warnings(concepts, "terms.yaml") if "once folded" in w.message]
    assert folded == [
        "'flocking to' of concept 'flocking' and 'flock to' of concept 'flock' are the same once folded ('flockto')"
    ]

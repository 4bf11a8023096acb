"""scripts/score_real.py: scoring extraction against a hand annotation of real articles."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "score_real.py"
spec = importlib.util.spec_from_file_location("score_real", SCRIPT)
score_real = importlib.util.module_from_spec(spec)
sys.modules["score_real"] = score_real  # dataclasses look their module up
spec.loader.exec_module(score_real)  # type: ignore[union-attr]

ARTICLES = """\
articles:
  - {id: en-one, url: "https://example.org/1", language: en, kind: news, split: tune}
  - {id: zh-two, url: "https://example.org/2", language: zh-hans, kind: blog, split: heldout}
"""
ANNOTATIONS = """\
annotations:
  en-one:
    - {id: xiaohongshu, core: true, category: platform, forms: ["Xiaohongshu", "RedNote", "#RedNote"]}
    - {id: cat-tax, core: true, category: custom, forms: ["cat tax"]}
    - {id: lyu-xiang, core: false, category: person, forms: ["Lyu Xiang"]}
    - {id: usa, optional: true, category: place, forms: ["US"]}
  zh-two:
    - {id: xiaohongshu, core: true, category: platform, forms: ["小红书"]}
    - {id: cat-tax, core: true, category: custom, forms: ["交猫税", "猫税"]}
"""
EN_TEXT = (
    "Xiaohongshu, which US users call RedNote, topped the charts. On RedNote the newcomers "
    "paid the cat tax. Lyu Xiang said Xiaohongshu won, and Lyu Xiang is right. "
    "#RedNote trended while the cat tax spread.\n"
)
ZH_TEXT = "美国用户涌入小红书，纷纷交猫税。小红书上的猫税成了新梗，小红书用户也晒猫。\n"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    (tmp_path / "articles.yaml").write_text(ARTICLES, encoding="utf-8")
    (tmp_path / "annotations.yaml").write_text(ANNOTATIONS, encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "en-one.txt").write_text(EN_TEXT, encoding="utf-8")
    (texts / "zh-two.txt").write_text(ZH_TEXT, encoding="utf-8")
    return tmp_path / "articles.yaml", tmp_path / "annotations.yaml", texts


def test_score_article_recall_core_precision_and_joined(setup) -> None:
    _, annotations, _ = setup
    gold = score_real.load_annotations(annotations)["en-one"]
    predicted = [["RedNote", "Xiaohongshu", "#rednote"], ["US"], ["newcomers"], ["Lyu Xiang"], ["charts"]]
    s = score_real.score_article(predicted, gold)
    assert s.recall == pytest.approx(2 / 3)  # xiaohongshu and lyu-xiang of three (usa is optional)
    assert s.core_recall == pytest.approx(1 / 2)
    assert s.precision == pytest.approx(2 / 4)  # 'US' matches only an optional concept: neither way
    assert (s.multi, s.joined) == (1, 1)  # '#RedNote' folds like 'RedNote': two distinct keys, one entry
    assert s.missed == ["cat-tax"]
    split = score_real.score_article([["RedNote"], ["Xiaohongshu"], ["cat tax"]], gold, k=2)
    assert (split.joined, split.precision, split.missed) == (0, 1.0, ["lyu-xiang"])  # entries apart: not joined
    assert (s.split, split.split) == ([], ["xiaohongshu"])


def test_summarize_averages_per_article_and_pools_joined() -> None:
    a = score_real.Score(recall=1.0, core_recall=None, precision=0.5, multi=2, joined=1)
    b = score_real.Score(recall=0.5, core_recall=1.0, precision=None, multi=1, joined=0)
    assert score_real.summarize([a, b]) == {
        "articles": 2,
        "recall": 0.75,
        "core_recall": 1.0,
        "precision": 0.5,
        "joined": 1 / 3,
        "multi": 3,
    }


def test_the_extractor_finds_and_joins_the_annotated_forms(setup) -> None:
    articles, annotations, texts = setup
    gold = score_real.load_annotations(annotations)
    run = score_real.ours(True)
    en = score_real.score_article(run(texts / "en-one.txt", []), gold["en-one"])
    assert en.recall == 1.0 and en.joined == en.multi == 1
    zh = score_real.score_article(run(texts / "zh-two.txt", []), gold["zh-two"])
    assert zh.core_recall == 1.0 and (zh.multi, zh.joined) == (1, 1)


def test_main_prints_per_language_and_split(setup, capsys) -> None:
    articles, annotations, texts = setup
    args = [str(texts), "--articles", str(articles), "--annotations", str(annotations)]
    assert score_real.main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("split: all; 2 articles (en 1, zh-hans 1, zh-hant 0, mixed 0)")
    for method in (
        "glossary extract (bundled glossary)",
        "glossary extract --no-glossary",
        "jieba.analyse.extract_tags",
        "YAKE (en + jieba-segmented zh)",
    ):
        assert sum(line.startswith(method) for line in out.splitlines()) == 3  # en, zh-hans, all
    assert score_real.main(args + ["--split", "heldout"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("split: heldout; 1 articles (en 0, zh-hans 1,")
    assert not any(" en " in line for line in out.splitlines()[3:])


def test_texts_are_found_by_article_id_and_absent_ones_named(setup, capsys) -> None:
    articles, annotations, texts = setup
    (texts / "zh-two.txt").rename(texts / "zh-two.html")
    (texts / "zh-two.html").write_text(f"<html><body><p>{ZH_TEXT}</p></body></html>", encoding="utf-8")
    (texts / "en-one.txt").unlink()
    assert score_real.main([str(texts), "--articles", str(articles), "--annotations", str(annotations)]) == 0
    out = capsys.readouterr().out
    assert "1 articles (en 0, zh-hans 1" in out and "no text for 1: en-one" in out


def test_a_fetched_copy_lacking_annotated_forms_is_noted(setup, capsys) -> None:
    articles, annotations, texts = setup
    (texts / "en-one.txt").write_text("RedNote and Xiaohongshu, Xiaohongshu and RedNote.\n", encoding="utf-8")
    score_real.main([str(texts), "--articles", str(articles), "--annotations", str(annotations), "--split", "tune"])
    assert (
        "note: 1 texts lack some annotated forms (a different copy of the page?): en-one (4)" in capsys.readouterr().out
    )


def test_bad_input_is_one_line_naming_the_file(setup, tmp_path: Path, capsys) -> None:
    articles, annotations, texts = setup
    options = ["--articles", str(articles), "--annotations"]
    assert score_real.main([str(tmp_path / "nope"), *options, str(annotations)]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'nope'}: not a folder\n"
    broken = tmp_path / "broken.yaml"
    broken.write_text("annotations:\n  en-one:\n    - {id: x, core: true}\n", encoding="utf-8")
    assert score_real.main([str(texts), *options, str(broken)]) == 2
    assert (
        capsys.readouterr().err == f"error: {broken}: article 'en-one': every concept needs an id and a list of forms\n"
    )


def test_term_lists_leave_out_optional_and_keep_heldout_only_keys(setup) -> None:
    articles, annotations, _ = setup
    loaded = score_real.load_articles(articles), score_real.load_annotations(annotations)
    every, heldout = score_real.term_lists(*loaded)
    assert every == ["cat tax", "Lyu Xiang", "#RedNote", "RedNote", "Xiaohongshu", "交猫税", "小红书", "猫税"]
    assert heldout == ["交猫税", "小红书", "猫税"]

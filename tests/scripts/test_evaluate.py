"""scripts/evaluate.py: the real-article table (set-wide joining, names columns) and the own-corpus mode."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
spec = importlib.util.spec_from_file_location("evaluate", REPO / "scripts" / "evaluate.py")
evaluate = importlib.util.module_from_spec(spec)
sys.modules["evaluate"] = evaluate
spec.loader.exec_module(evaluate)  # type: ignore[union-attr]
import evallib  # noqa: E402

ARTICLES = """\
articles:
  - {id: en-one, language: en, split: tune}
  - {id: zh-two, language: zh-hans, split: tune}
  - {id: hant-three, language: zh-hant, split: heldout}
"""
ANNOTATIONS = """\
annotations:
  en-one:
    - {id: xiaohongshu, core: true, category: platform, zh: 小红书, forms: ["Xiaohongshu", "RedNote"]}
    - {id: cat-tax, core: true, category: custom, forms: ["cat tax"]}
  zh-two:
    - {id: xiaohongshu, core: true, category: platform, zh: 小红书, forms: ["小红书"]}
    - {id: cat-tax, core: true, category: custom, forms: ["猫税"]}
  hant-three:
    - {id: xiaohongshu, core: true, category: platform, zh: 小红书, forms: ["小紅書"]}
"""
TEXTS = {
    "en-one.txt": "Xiaohongshu, which US users call RedNote, topped the charts. On RedNote the newcomers "
    "paid the cat tax, and the cat tax spread on Xiaohongshu.\n",
    "zh-two.txt": "美国用户涌入小红书，纷纷交猫税。小红书上的猫税成了新梗。\n",
}


@pytest.fixture
def setup(tmp_path: Path) -> tuple[list[str], Path]:
    (tmp_path / "articles.yaml").write_text(ARTICLES, encoding="utf-8")
    (tmp_path / "annotations.yaml").write_text(ANNOTATIONS, encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    for name, text in TEXTS.items():
        (texts / name).write_text(text, encoding="utf-8")
    options = ["--articles", str(tmp_path / "articles.yaml"), "--annotations", str(tmp_path / "annotations.yaml")]
    return options, texts


def test_set_joined_pools_each_concepts_forms_over_the_articles(setup) -> None:
    options, _ = setup
    annotations = evallib.load_annotations(Path(options[3]))
    concepts = evallib.set_forms(annotations.values())
    assert concepts["cat-tax"] == {"cattax", "猫税"}  # two articles, one form each: a multi-form concept
    assert concepts["xiaohongshu"] == {"xiaohongshu", "rednote", "小红书", "小紅書"}
    joined = [["Xiaohongshu", "RedNote", "小红书", "小紅書"], ["cat tax"], ["猫税"]]
    assert evallib.set_joined(joined, concepts) == (1, 2)  # cat tax and 猫税 sit apart
    assert evallib.set_joined([["猫税", "Cat Tax"]], concepts) == (1, 2)
    assert evallib.set_unjoined(joined, concepts) == {"cat-tax": ["cattax", "猫税"]}
    split = [["RedNote", "小红书"], ["xiaohongshu"]]  # 小紅書 in no entry at all
    assert evallib.set_unjoined(split, concepts)["xiaohongshu"] == ["rednote + 小红书", "xiaohongshu", "小紅書?"]


def test_the_table_has_set_joined_and_names_per_language(setup, capsys) -> None:
    options, texts = setup
    assert evaluate.main([str(texts), *options, "--split", "tune"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("split: tune; 2 articles (en 1, zh-hans 1, zh-hant 0, mixed 0)")
    header = next(line for line in out.splitlines() if line.startswith("method "))
    for column in ("recall", "core R", "P@20", "joined", "set-joined", "names zh", "right", "invented"):
        assert column in header
    ours = next(line for line in out.splitlines() if line.startswith("glossary extract (bundled") and " all " in line)
    assert ours.split()[-6:] == [
        "1.00",
        "of",
        "2",
        "2/2",
        "1.00",
        "0",
    ]  # xiaohongshu's and the cat tax's forms of both articles joined; both names' Chinese right
    jieba = next(line for line in out.splitlines() if line.startswith("jieba.analyse.extract_tags") and " all " in line)
    assert jieba.split()[-6:] == ["0.00", "of", "2", "—", "—", "—"]  # joins nothing; no Chinese for names
    assert "Chinese for names" in out and "glossary build (bundled glossary)" in out


def test_no_names_skips_the_builds(setup, capsys) -> None:
    options, texts = setup
    assert evaluate.main([str(texts), *options, "--no-names"]) == 0
    out = capsys.readouterr().out
    assert "no text for 1: hant-three" in out
    assert "Chinese for names" not in out and "names zh" in out


def test_a_split_without_texts_is_one_line(setup, capsys) -> None:
    options, texts = setup
    assert evaluate.main([str(texts), *options, "--split", "heldout"]) == 2
    assert capsys.readouterr().err == (
        f"error: {texts}: no file named after an article of the heldout split (e.g. hant-three.txt)\n"
    )


def test_usage_errors(setup, tmp_path: Path, capsys) -> None:
    options, texts = setup
    assert evaluate.main(options) == 2
    assert (
        capsys.readouterr().err == "error: give TEXTS (one folder of fetched articles), --own, or --write-terms DIR\n"
    )
    assert evaluate.main(["--own", str(texts)]) == 2
    assert capsys.readouterr().err == "error: --own takes no path, or CORPUS and GOLD.yaml\n"
    assert evaluate.main(["--own", str(tmp_path / "none"), str(tmp_path / "g.yaml")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'none'}: no such file or folder\n"


def test_own_mode_scores_a_corpus_against_its_gold(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXTS["en-one.txt"] + TEXTS["zh-two.txt"], encoding="utf-8")
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        "concepts:\n"
        "  - {id: xiaohongshu, forms: [Xiaohongshu, RedNote, 小红书]}\n"
        "  - {id: cat-tax, forms: [cat tax, 猫税]}\n"
        "optional:\n  - {id: usa, forms: [US]}\n",
        encoding="utf-8",
    )
    assert evaluate.main(["--own", str(corpus), str(gold)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"corpus: {corpus} (") and lines[0].endswith("gold: 2 concepts, K = 2")
    ours = next(line for line in lines if line.startswith("glossary extract (bundled glossary)"))
    assert ours.split()[5] == "1.00"  # recall: both concepts found
    gold.write_text("concepts: [{forms: [x]}]\n", encoding="utf-8")
    assert evaluate.main(["--own", str(corpus), str(gold)]) == 2
    assert "expected 'concepts'" in capsys.readouterr().err


def test_score_real_is_the_same_command() -> None:
    spec = importlib.util.spec_from_file_location("score_real_alias", REPO / "scripts" / "score_real.py")
    alias = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(alias)  # type: ignore[union-attr]
    assert alias.main is evaluate.main or alias.main.__code__ is evaluate.main.__code__
    assert alias.score_article is evallib.score_article


def test_a_possessive_is_its_noun_as_extraction_folds_it() -> None:
    gold = [
        evallib.Gold("xiaohongshu", True, frozenset(map(evallib.key, ["RedNote’s", "Xiaohongshu"]))),
        evallib.Gold("tiktok-refugee", True, frozenset(map(evallib.key, ["TikTok refugees'", "TikTok refugees"]))),
    ]
    score = evallib.score_article([["RedNote", "Xiaohongshu"], ["TikTok refugees"]], gold)
    assert (score.recall, score.precision, score.multi, score.joined) == (1.0, 1.0, 1, 1)
    assert evallib.key("RedNote's") == evallib.key("RedNote") != evallib.key("RedNotes")
    assert evallib.set_joined([["RedNote's", "Xiaohongshu"]], {"xiaohongshu": gold[0].keys}) == (1, 1)

#!/usr/bin/env python
"""Quality of the extractor against a hand annotation, next to two well-known keyword extractors.

    python scripts/evaluate.py                      # the bundled sample corpus and its annotation
    python scripts/evaluate.py CORPUS GOLD.yaml

Prints recall, precision and link accuracy for:

- ``glossary extract`` with the bundled glossary (what a user runs),
- ``glossary extract --no-glossary`` (discovery alone: the fair comparison),
- ``jieba.analyse.extract_tags`` (TF-IDF) on the same text,
- YAKE on the same text (English units as they are; Chinese units segmented by jieba,
  as YAKE needs spaces), the two keyword lists interleaved.

Definitions (forms compared with ``fold``: case, spaces, hyphens, '#', tones ignored):

- recall: share of gold concepts matched by at least one extracted concept;
- precision: share of extracted concepts that match a gold concept, ignoring those that
  only match an "optional" entry;
- @K: the same over each method's first K concepts, K = number of gold concepts;
- links, over the gold forms a method found: a pair is *joined* when one extracted concept
  holds both. Link precision = joined pairs that are one gold concept / joined pairs;
  link recall = gold pairs joined / gold pairs; link accuracy = right decisions over every
  pair that is joined or should be (TP / (TP + FP + FN)). A keyword extractor joins nothing.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from glossary.extract import readers  # noqa: E402
from glossary.terms import store  # noqa: E402
from glossary.text.normalize import fold, has_cjk  # noqa: E402


def load_gold(path: Path) -> tuple[list[set[str]], list[set[str]], list[str]]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    gold = [{fold(f) for f in c["forms"]} for c in data["concepts"]]
    optional = [{fold(f) for f in c["forms"]} for c in data.get("optional") or []]
    return gold, optional, [c["id"] for c in data["concepts"]]


def score(predicted: list[list[str]], gold: list[set[str]], optional: list[set[str]], k: int | None = None) -> dict:
    """Recall, precision and link figures of a ranked list of concepts (each a list of forms)."""
    if k is not None:
        predicted = predicted[:k]
    keys = [{fold(f) for f in forms if fold(f)} for forms in predicted]
    matched_gold: set[int] = set()
    right = wrong = 0
    for ks in keys:
        hits = {i for i, g in enumerate(gold) if ks & g}
        if hits:
            right += 1
            matched_gold |= hits
        elif not any(ks & o for o in optional):
            wrong += 1
    # links over the gold forms found
    owner = {key: i for i, g in enumerate(gold) for key in g}
    found = {key: n for n, ks in enumerate(keys) for key in ks if key in owner}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(found), 2):
        same_gold = owner[a] == owner[b]
        joined = found[a] == found[b]
        tp += same_gold and joined
        fp += joined and not same_gold
        fn += same_gold and not joined
    return {
        "n": len(predicted),
        "recall": len(matched_gold) / len(gold),
        "precision": right / (right + wrong) if right + wrong else 0.0,
        "link_p": tp / (tp + fp) if tp + fp else None,
        "link_r": tp / (tp + fn) if tp + fn else 0.0,
        "link_acc": tp / (tp + fp + fn) if tp + fp + fn else 0.0,
        "missed": [i for i in range(len(gold)) if i not in matched_gold],
    }


def ours(corpus: Path, use_glossary: bool) -> list[list[str]]:
    from glossary.extract.pipeline import Options, extract

    concepts = store.load(REPO / "terms.yaml").concepts if use_glossary else []
    found = extract([str(corpus)], concepts, Options(use_glossary=use_glossary))
    return [c.forms for c in found]


def corpus_text(corpus: Path) -> list[str]:
    return [u.text for u in readers.corpus([str(corpus)])]


def jieba_tags(texts: list[str], k: int) -> list[list[str]]:
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    return [[w] for w in jieba.analyse.extract_tags("\n".join(texts), topK=k)]


def yake_keywords(texts: list[str], k: int) -> list[list[str]]:
    import jieba
    import yake

    jieba.setLogLevel(logging.WARNING)
    english = "\n".join(t for t in texts if not has_cjk(t))
    chinese = "\n".join(" ".join(jieba.cut(t)) for t in texts if has_cjk(t))
    en = [kw for kw, _ in yake.KeywordExtractor(lan="en", n=3, top=k).extract_keywords(english)]
    zh = [
        kw.replace(" ", "") if not any(c.isascii() and c.isalpha() for c in kw) else kw
        for kw, _ in yake.KeywordExtractor(lan="zh", n=2, top=k).extract_keywords(chinese)
    ]
    merged: list[str] = []
    for a, b in itertools.zip_longest(en, zh):
        for kw in (a, b):
            if kw and kw not in merged:
                merged.append(kw)
    return [[kw] for kw in merged[:k]]


def fmt(x: float | None) -> str:
    return "  n/a" if x is None else f"{x:5.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(REPO / "tests" / "data" / "corpus"))
    parser.add_argument("gold", nargs="?", default=str(REPO / "tests" / "data" / "corpus_gold.yaml"))
    parser.add_argument("--missed", action="store_true", help="List the gold concepts each method missed.")
    args = parser.parse_args()
    os.environ.setdefault("GLOSSARY_CACHE_DIR", os.path.join(tempfile.gettempdir(), "glossary-eval-cache"))
    corpus, gold_path = Path(args.corpus), Path(args.gold)
    gold, optional, ids = load_gold(gold_path)
    k = len(gold)
    texts = corpus_text(corpus)
    runs = {
        "glossary extract (bundled glossary)": ours(corpus, True),
        "glossary extract --no-glossary": ours(corpus, False),
        "jieba.analyse.extract_tags": jieba_tags(texts, k),
        "YAKE (en + jieba-segmented zh)": yake_keywords(texts, k),
    }
    chars = sum(len(t) for t in texts)
    print(f"corpus: {corpus} ({len(texts)} text units, {chars} characters); gold: {len(gold)} concepts, K = {k}\n")
    header = f"{'method':38} {'n':>4} {'recall':>7} {'prec.':>6} {'R@K':>6} {'P@K':>6} {'link P':>7} {'link R':>7} {'link acc':>8}"
    print(header)
    print("-" * len(header))
    for name, predicted in runs.items():
        full, top = score(predicted, gold, optional), score(predicted, gold, optional, k)
        print(
            f"{name:38} {full['n']:4d} {full['recall']:7.2f} {full['precision']:6.2f} {top['recall']:6.2f} "
            f"{top['precision']:6.2f} {fmt(full['link_p']):>7} {full['link_r']:7.2f} {full['link_acc']:8.2f}"
        )
        if args.missed and full["missed"]:
            print(f"{'':4}missed: {', '.join(ids[i] for i in full['missed'])}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Throughput of ``glossary extract`` on a few MB of Chinese, next to jieba's keyword extractor.

    python scripts/bench_extract.py              # 4 MB of generated text, 1 and 2 workers
    python scripts/bench_extract.py --mb 8 --repeat 3

The text is generated here, nothing is downloaded: sentences drawn from wordfreq's
Chinese vocabulary in proportion to how common each word is (so function words and
everyday words dominate, as in real text), with a paragraph of the bundled sample
corpus (tests/data/corpus/zh, the event's terms and their "又称 …" statements) every
twenty paragraphs. It is written to one file and both tools read the same text:

- peer: ``jieba.analyse.extract_tags(text, topK=100)`` (TF-IDF keywords, no linking,
  no sources), after ``jieba.initialize()`` so that its dictionary load is not counted;
- ours: ``glossary.extract.pipeline.extract`` end to end (reading and decoding the file,
  segmenting with rjieba, spotting the glossary's terms, English names, statements,
  new-word discovery, the second pass for sources, linking into concepts), with the
  bundled glossary, after one warm-up run on the sample corpus so that imports and
  the CC-CEDICT index are not counted either.

Each figure is the best of ``--repeat`` runs (the machine may be shared).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def generate(path: Path, megabytes: float, seed: int = 2025) -> int:
    """Write about ``megabytes`` of Chinese text to ``path``; return its size in bytes."""
    from wordfreq import get_frequency_dict

    rng = random.Random(seed)
    freq = get_frequency_dict("zh")
    vocabulary = [w for w in list(freq)[:50_000] if not w.isascii() or rng.random() < 0.3]
    weights = [freq[w] for w in vocabulary]
    corpus_paragraphs = []
    for file in sorted((REPO / "tests" / "data" / "corpus" / "zh").iterdir()):
        from glossary.extract import readers

        corpus_paragraphs += [u.text for u in readers.units(readers.Input(str(file), readers.format_of(file)))]
    target = int(megabytes * 1_000_000)
    size = 0
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        while size < target:
            n += 1
            if n % 20 == 0:
                paragraph = rng.choice(corpus_paragraphs)
            else:
                sentences = []
                for _ in range(rng.randint(3, 8)):
                    words = rng.choices(vocabulary, weights, k=rng.randint(8, 30))
                    for i in range(3, len(words), rng.randint(5, 9)):
                        words[i] += "，"
                    sentences.append("".join(words) + rng.choice("。。。！？"))
                paragraph = "".join(sentences)
            f.write(paragraph + "\n\n")
            size += len(paragraph.encode("utf-8")) + 2
    return size


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="Megabytes of text to generate (default 4).")
    parser.add_argument("--repeat", type=int, default=2, help="Runs of each, the best one counts (default 2).")
    args = parser.parse_args()
    os.environ.setdefault("GLOSSARY_CACHE_DIR", os.path.join(tempfile.gettempdir(), "glossary-bench-cache"))

    import jieba
    import jieba.analyse

    from glossary.extract.pipeline import Options, extract
    from glossary.terms import store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "zh.txt"
        size = generate(path, args.mb)
        text = path.read_text(encoding="utf-8")
        mb = size / 1_000_000
        print(f"text: {mb:.2f} MB of generated Chinese ({len(text):,} characters), {os.cpu_count()} CPUs")

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        peer, tags = best(lambda: jieba.analyse.extract_tags(text, topK=100), args.repeat)
        print(
            f"{'jieba.analyse.extract_tags (topK=100)':44} {peer:6.2f} s  {mb / peer:5.2f} MB/s  (1.00x)  {len(tags)} keywords"
        )

        concepts = store.load(REPO / "terms.yaml").concepts
        extract([str(REPO / "tests" / "data" / "corpus")], concepts, Options())  # warm-up
        for workers in (1, 2):
            seconds, found = best(
                lambda workers=workers: extract([str(path)], concepts, Options(workers=workers)),
                args.repeat,
            )
            sources = sum(len(c.sources) for c in found)
            links = sum(len(c.links) for c in found)
            label = f"glossary extract, {workers} worker{'s' if workers > 1 else ''}"
            print(
                f"{label:44} {seconds:6.2f} s  {mb / seconds:5.2f} MB/s  ({peer / seconds:.2f}x)  "
                f"{len(found)} concepts, {links} links, {sources} sources"
            )


if __name__ == "__main__":
    main()

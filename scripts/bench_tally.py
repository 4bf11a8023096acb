#!/usr/bin/env python
"""How the candidate tally grows with the corpus, and what merging two tallies costs: the figures
behind docs/scaling.md.

    python scripts/bench_tally.py CORPUS_DIR [--marks 1 3 10 30 100]

Scans the ``*.txt`` files of CORPUS_DIR in order in one process (the scan only: no choosing or
linking) and, each time the text read passes a mark (MB), prints the tally's table sizes (forms,
Chinese words, word pairs), its pickled size (what a worker sends back) and the process's peak
resident memory. Then it fits ``size = a * MB ** b`` to each column, and times the merge of the
tallies of the corpus's two halves (the reduce step's unit of work) beside the scan of one half.
Make a corpus with ``python ../shared/bench/make_zh_corpus.py OUT 100 100``.
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares of log(y) = log(a) + b log(x)."""
    xs = [math.log(x) for x, y in points if x > 0 and y > 0]
    ys = [math.log(y) for x, y in points if x > 0 and y > 0]
    n = len(xs)
    if n < 2:
        return (points[0][1] if points else 0.0), 1.0
    mx, my = sum(xs) / n, sum(ys) / n
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / max(sum((x - mx) ** 2 for x in xs), 1e-12)
    return math.exp(my - b * mx), b


def scan(files: list[Path], marks: list[float] | None = None) -> tuple[object, list[tuple]]:
    from glossary.extract import pipeline, readers
    from glossary.terms import store

    scanner = pipeline.Scanner(store.load(REPO / "terms.yaml").concepts)
    pipeline._finders(fresh=True)
    tally = pipeline.Tally()
    rows, size, todo, seq = [], 0, list(marks or []), 0
    for path in files:
        for unit in readers.units(readers.Input(str(path), "txt")):
            scanner.scan(unit, tally, seq)
            seq += 1
        tally.thin()
        size += path.stat().st_size
        while todo and size >= todo[0] * 1_000_000:
            todo.pop(0)
            tally.thin(settle=True)  # the pair table as it is sent
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            pickled = len(pickle.dumps(tally, protocol=pickle.HIGHEST_PROTOCOL)) / 1e6
            rows.append((size / 1e6, len(tally.counts), len(tally.zh), len(tally.pairs), pickled, rss))
            print(
                f"{rows[-1][0]:8.1f} MB {rows[-1][1]:10,} {rows[-1][2]:10,} {rows[-1][3]:10,} "
                f"{pickled:10.1f} {rss:9.0f}",
                flush=True,
            )
    return tally, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--marks", type=float, nargs="+", default=[1, 3, 10, 30, 100])
    args = parser.parse_args()
    os.environ.setdefault("GLOSSARY_CACHE_DIR", "/tmp/glossary-bench-cache")
    from glossary.extract import pipeline

    files = sorted(args.corpus.rglob("*.txt"))
    print(f"corpus: {sum(f.stat().st_size for f in files) / 1e6:.1f} MB in {len(files)} files; {os.cpu_count()} CPUs")
    print(f"{'text':>11} {'forms':>10} {'zh words':>10} {'pairs':>10} {'pickle MB':>10} {'RSS MB':>9}")
    print(f"(the pair table is sampled by its pairs' hash past PAIR_LIMIT = {pipeline.PAIR_LIMIT:,} entries)")
    _, rows = scan(files, args.marks)
    for column, name in ((1, "forms"), (2, "zh words"), (3, "pairs"), (4, "pickle MB"), (5, "RSS MB")):
        a, b = fit([(r[0], r[column]) for r in rows])
        print(f"fit {name:10}: {a:12.1f} * MB ** {b:.2f}")
    half = len(files) // 2
    start = time.perf_counter()
    left, _ = scan(files[:half])
    scan_seconds = time.perf_counter() - start
    right, _ = scan(files[half:])
    start = time.perf_counter()
    left.merge(right)  # type: ignore[attr-defined]
    merge_seconds = time.perf_counter() - start
    mb = sum(f.stat().st_size for f in files[:half]) / 1e6
    print(
        f"scan of one half ({mb:.1f} MB): {scan_seconds:.2f} s; merge of the two halves' tallies: {merge_seconds:.2f} s"
    )


if __name__ == "__main__":
    main()

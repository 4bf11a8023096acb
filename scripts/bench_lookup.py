"""Benchmark: how fast does a lookup answer?

1. Cold process: ``glossary lookup 小红书`` from start to exit (index already built),
   side by side with pypinyin's own command-line tool (``pypinyin 小红书``) in the
   same run. Target: at most a third of pypinyin's time.
2. In the library: p50 / p99 over a thousand mixed queries on the full index
   (characters, pinyin, English, typos and dictionary words).
3. How long building the index takes (glossary; CC-CEDICT).

Run: python scripts/bench_lookup.py [--runs 30] [--queries 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import cold, command, compile_package  # noqa: E402


def queries(concepts: list, n: int, seed: int = 7) -> list[str]:
    """Mixed queries built from the glossary itself, plus typos and dictionary words."""
    from glossary.text.normalize import strip_tones

    rng = random.Random(seed)
    pool: list[str] = []
    for c in concepts:
        pool += [f for f in (c.zh, c.zh_hant, c.en) if f]
        pool += [a.text for a in c.aliases]
        if c.pinyin:
            pool += [c.pinyin, strip_tones(c.pinyin).lower()]
    for word in ("难民", "refugee", "nanmin", "文化大革命", "president", "spy", "cat", "homework", "猫", "间谍"):
        pool.append(word)
    out = []
    for _ in range(n):
        q = rng.choice(pool)
        if rng.random() < 0.2 and len(q) > 5 and q.isascii():  # a typo: drop a letter
            i = rng.randrange(1, len(q) - 1)
            q = q[:i] + q[i + 1 :]
        out.append(q)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()

    from glossary import paths
    from glossary.dictionary import index
    from glossary.terms import store
    from glossary.terms.index import glossary_db
    from glossary.terms.lookup import Lookup

    cache = tempfile.mkdtemp(prefix="glossary-bench-")
    os.environ["GLOSSARY_CACHE_DIR"] = cache
    env = dict(os.environ)
    source = paths.glossary_file()
    print(f"glossary: {source}")

    start = time.perf_counter()
    index.dictionary_db()
    built_dict = time.perf_counter() - start
    start = time.perf_counter()
    glossary_db(source)
    built_glossary = time.perf_counter() - start
    print(f"index build: CC-CEDICT {built_dict:.2f} s, glossary {built_glossary:.3f} s")

    compile_package()
    glossary = command("glossary")
    pypinyin = command("pypinyin")
    cold(glossary + ["lookup", "小红书"], 2, env)  # warm the OS file cache for both
    cold(pypinyin + ["小红书"], 2, env)
    ours = cold(glossary + ["lookup", "小红书"], args.runs, env)
    peer = cold(pypinyin + ["小红书"], args.runs, env)
    ratio = statistics.median(ours) / statistics.median(peer)
    print(f"cold process, median of {args.runs}:")
    print(f"  glossary lookup 小红书   {statistics.median(ours) * 1000:7.1f} ms")
    print(f"  pypinyin 小红书 (peer)   {statistics.median(peer) * 1000:7.1f} ms")
    print(f"  ratio                    {ratio:7.2f}  (target <= 0.33)")

    finder = Lookup(source)
    qs = queries(store.load(source).concepts, args.queries)
    for q in qs[:50]:
        finder.lookup(q)
    # the first pass reads the dictionary's pages from disk as queries reach them; the second is steady state
    for label in ("first pass", "second pass"):
        times = []
        for q in qs:
            start = time.perf_counter()
            finder.lookup(q)
            times.append(time.perf_counter() - start)
        times.sort()
        p50 = times[len(times) // 2] * 1000
        p99 = times[int(len(times) * 0.99) - 1] * 1000
        print(
            f"library lookup over {len(qs)} mixed queries, {label}: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {times[-1] * 1000:.2f} ms"
        )
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()

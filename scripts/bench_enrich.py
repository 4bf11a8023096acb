"""Benchmark: how long does enriching the curated glossary take?

1. Cold process: ``glossary enrich --dry-run`` on a copy of terms.yaml (117 concepts),
   start to exit, side by side with ``glossary validate`` on the same file in the same
   run (start-up plus loading the YAML: the floor any command pays).
2. In the library, warm: planning every missing field of the 117 curated concepts,
   and of the same concepts stripped to candidates (only id, category and zh or en:
   what extraction produces), next to plain pypinyin over the same terms.

The CC-CEDICT index is built first (once per cache dir, about 7 s) and not counted.
No machine translation: a model is never loaded here (a fresh, empty data dir).

Run: python scripts/bench_enrich.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import REPO, cold, command  # noqa: E402

sys.path.insert(0, str(REPO))


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def fmt(seconds: float) -> str:
    return f"{seconds:6.2f} s " if seconds >= 1 else f"{seconds * 1000:6.1f} ms"


def show(label: str, times: list[float]) -> None:
    print(f"  {label:<52} median {fmt(statistics.median(times))}   min {fmt(min(times))}   ({len(times)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-enrich-"))
    os.environ["GLOSSARY_CACHE_DIR"] = str(work / "cache")
    os.environ["GLOSSARY_DATA_DIR"] = str(work / "data")
    terms = work / "terms.yaml"
    shutil.copyfile(REPO / "terms.yaml", terms)
    glossary = command("glossary")
    env = dict(os.environ)

    from glossary.dictionary.index import dictionary_db
    from glossary.dictionary.query import Dictionary
    from glossary.enrich.enricher import Enricher
    from glossary.terms import store
    from glossary.terms.model import Concept

    start = time.perf_counter()
    dictionary_db()
    print(f"CC-CEDICT index built in {time.perf_counter() - start:.1f} s (once per cache dir; not counted below)")
    concepts = store.load(terms).concepts
    print(f"glossary: {terms.name}, {len(concepts)} concepts\n")

    print("1. cold process (start to exit)")
    show("glossary enrich --dry-run", cold([*glossary, "enrich", "--dry-run", "-g", str(terms)], args.runs, env))
    show("peer: glossary validate (start-up + YAML)", cold([*glossary, "validate", "-g", str(terms)], args.runs, env))
    print(f"  file unchanged by the dry runs: {terms.read_bytes() == (REPO / 'terms.yaml').read_bytes()}")

    print("\n2. in the library")
    start = time.perf_counter()
    dictionary = Dictionary()
    first = Enricher(concepts, dictionary=dictionary, mt=False).plan(concepts)
    print(
        f"  {'first plan, curated (loads jieba, pypinyin, OpenCC)':<52} once   {fmt(time.perf_counter() - start)}   {len(first)} fields"
    )
    times, changes = timed(lambda: Enricher(concepts, dictionary=Dictionary(), mt=False).plan(concepts), args.runs)
    show(f"plan, curated ({len(changes)} fields)", times)
    candidates = [
        Concept(id=c.id, category=c.category, zh=c.zh, en=None if c.zh else c.en, status="candidate") for c in concepts
    ]
    times, changes = timed(lambda: Enricher(concepts, dictionary=Dictionary(), mt=False).plan(candidates), args.runs)
    show(f"plan, stripped to candidates ({len(changes)} fields)", times)

    from pypinyin import Style, lazy_pinyin

    words = [c.zh for c in concepts if c.zh]
    times, _ = timed(lambda: [lazy_pinyin(w, style=Style.TONE) for w in words], args.runs)
    show(f"peer: pypinyin lazy_pinyin over the {len(words)} terms", times)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

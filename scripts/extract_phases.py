#!/usr/bin/env python
"""Where an extraction's time goes, phase by phase: wall time, and the CPU time of this process and
of its worker processes (on a shared machine the CPU times say more than the wall time).

    python scripts/extract_phases.py CORPUS [--workers 1 2] [--glossary terms.yaml] [--detail]

Phases: the scan pass (reading, scanning, merging the workers' tallies), choosing the forms (new
words joined, ``select``), the second (count) pass, linking, and the JSON a user gets. The library
functions are wrapped here to take the times; nothing in them changes. ``--detail`` (one worker)
also splits the passes: reading, the term matcher, each finder, Chinese segmentation, the count
pass's search, romanizing (CPU time of each, inside its phase).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _cpu() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", help="A file or folder of texts.")
    parser.add_argument("--workers", type=int, default=1, help="Worker processes (default 1).")
    parser.add_argument("--glossary", default="terms.yaml", help="The terms file (default terms.yaml).")
    parser.add_argument("--detail", action="store_true", help="Split the passes too (one worker).")
    args = parser.parse_args()
    start = time.perf_counter()
    from glossary.extract import pipeline
    from glossary.terms import store

    marks: list[tuple[str, float, float, float]] = []

    def mark(what: str) -> None:
        marks.append((what, time.perf_counter(), *_cpu()))

    def timed(name: str, label: Callable[..., str], before: str | None = None) -> Callable[..., Any]:
        def wrapper(*a: Any, **k: Any) -> Any:
            if before:
                mark(before)
            out = original(*a, **k)
            mark(label(*a, **k))
            return out

        original = getattr(pipeline, name) if "." not in name else getattr(pipeline.Linker, name.split(".")[1])
        return wrapper

    mark("start-up (imports)")
    concepts = store.load(args.glossary).concepts
    mark("the glossary read")
    pipeline.run_parts = timed("run_parts", lambda *a, **k: f"{a[4] if len(a) > 4 else 'scan'} pass")
    pipeline.select = timed("select", lambda *a, **k: "choosing (new words, select)")
    pipeline.Linker.link = timed("Linker.link", lambda *a, **k: "linking", before="before linking")
    spent = _detail() if args.detail else {}
    found = pipeline.extract([args.corpus], concepts, pipeline.Options(workers=args.workers))
    mark("after linking")
    json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=2)
    mark("JSON")
    print(f"{args.corpus}, {args.workers} worker(s): {len(found)} concepts")
    print(f"  {'phase':32} {'wall':>7} {'CPU here':>9} {'CPU workers':>12}")
    last = (start, 0.0, 0.0)
    for what, at, here, workers in marks:
        print(f"  {what:32} {at - last[0]:6.2f}s {here - last[1]:8.2f}s {workers - last[2]:11.2f}s")
        last = (at, here, workers)
    print(f"  {'total':32} {last[0] - start:6.2f}s {last[1]:8.2f}s {last[2]:11.2f}s")
    if spent:
        print(f"  {'inside the phases (CPU)':32}")
        for what, seconds in spent.items():
            print(f"    {what:52} {seconds:6.2f}s")


def _detail() -> dict[str, float]:
    """Wrap the passes' parts to add up their CPU time (this process: one worker)."""
    from glossary.dictionary.romanize import Romanizer
    from glossary.extract import pipeline, readers

    spent: dict[str, float] = {}

    def timed(owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def wrapper(*a: Any, **k: Any) -> Any:
            before = time.process_time()
            try:
                return original(*a, **k)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - before

        setattr(owner, name, wrapper)

    def timed_iter(owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def wrapper(*a: Any, **k: Any) -> Any:
            found = original(*a, **k)
            while True:
                before = time.process_time()
                try:
                    item = next(found)
                except StopIteration:
                    return
                finally:
                    spent[label] = spent.get(label, 0.0) + time.process_time() - before
                yield item

        setattr(owner, name, wrapper)

    timed_iter(readers, "units", "reading (detecting, decoding, cutting into units)")
    timed(pipeline.Scanner, "spots", "scan: the glossary's terms (matcher)")
    for finder in pipeline._finders(fresh=True).spanning:
        timed(type(finder), "spans", f"scan: {type(finder).__name__}.spans")
    for finder in pipeline._finders().scanning:
        timed(type(finder), "scan", f"scan: {type(finder).__name__}.scan")
    timed(pipeline, "zh_tokens", "scan:   of which Chinese segmentation (rjieba)")
    timed(pipeline.Tally, "add", "scan: counting mentions, their sources")
    timed(pipeline.FormCounter, "scan", "count pass: finding the chosen forms")
    timed(pipeline, "new_words", "choosing: new words (pairs joined)")
    timed(pipeline, "general_zipf", "choosing and linking: general frequency (wordfreq)")
    timed(Romanizer, "pinyin", "linking: romanizing")
    return spent


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""The CPU time of ``glossary extract`` from two checkouts, run alternately on the same corpus, and
whether their JSON is the same bytes: on a shared machine, where wall time says nothing and CPU time
drifts with the load, runs taken turn about are the fair comparison of a change.

    python scripts/compare_extract_cpu.py OTHER_CHECKOUT CORPUS [--workers 1 2] [--rounds 3]

    git archive main | tar -x -C /tmp/main-src      # a checkout of main to compare with
    python scripts/compare_extract_cpu.py /tmp/main-src /tmp/zh12

Each figure is the user and system time of the whole process tree (workers included), start-up
included; the best and every round are printed. Set ``GLOSSARY_CACHE_DIR`` to a warm cache first.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def run(checkout: Path, corpus: str, workers: int, out: Path) -> float:
    """CPU seconds of one ``glossary extract CORPUS --format json --workers N`` from ``checkout``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with out.open("w", encoding="utf-8") as f:
        command = [sys.executable, "-m", "glossary", "extract", corpus, "--format", "json", "--workers", str(workers)]
        env = dict(os.environ, PYTHONPATH=str(checkout))
        subprocess.run(command, cwd=checkout, env=env, stdout=f, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("other", type=Path, help="The other checkout (e.g. main, unpacked with git archive).")
    parser.add_argument("corpus", help="A file or folder of texts.")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="Worker counts (default 1 2).")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of turns (default 3).")
    args = parser.parse_args()
    checkouts = {"other": args.other.resolve(), "this": HERE}
    spent: dict[tuple[str, int], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {}
        for _ in range(args.rounds):
            for workers in args.workers:
                for name, checkout in checkouts.items():
                    out = Path(tmp) / f"{name}-{workers}.json"
                    spent.setdefault((name, workers), []).append(run(checkout, args.corpus, workers, out))
                    outputs[name, workers] = out
        first = outputs["other", args.workers[0]]
        same = all(filecmp.cmp(first, out, shallow=False) for out in outputs.values())
    print(f"{args.corpus}: CPU seconds of the whole process tree, {args.rounds} rounds taken in turn")
    for (name, workers), seconds in spent.items():
        rounds = " ".join(f"{s:.2f}" for s in seconds)
        print(f"  {name:6} {workers} worker(s)  best {min(seconds):6.2f}s   rounds {rounds}")
    print("  the JSON of every run:", "the same bytes" if same else "DIFFERS")


if __name__ == "__main__":
    main()

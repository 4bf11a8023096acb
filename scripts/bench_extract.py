#!/usr/bin/env python
"""Throughput of ``glossary extract`` on a corpus of Chinese files, whole process start to exit,
side by side with jieba's keyword extractor and rjieba's segmentation alone.

    python scripts/bench_extract.py                         # 12 MB in 40 files, the shared generator
    python scripts/bench_extract.py --mb 2 --files 8 --workers 1 2 --engine local dask
    python scripts/bench_extract.py --corpus DIR            # any folder of texts instead

The corpus comes from the team's shared generator (``../shared/bench/make_zh_corpus.py`` beside
the checkout, or ``--generator``: jieba's words at jieba's frequencies, event terms sprinkled in),
or, if it is missing, from this script's own (wordfreq's vocabulary and the sample corpus).
Every figure is one process run as a user runs it, its imports and start-up included:

- ``jieba.analyse.extract_tags(text, topK=100)`` on each file (TF-IDF keywords: no linking, no
  sources), the peer the issue measures against;
- rjieba's segmentation of each file alone (the floor of any scan built on it);
- ``glossary extract DIR --format json --workers N`` for each N and engine (``dask``: a fresh
  local cluster of N worker processes, its start-up included).

It prints wall time, MB/s, the ratio to jieba.analyse, the speed-up over one worker of the same
engine, the peak resident memory of the largest process, and the CPU time of all the run's processes
(each figure from the best of ``--repeat``), with the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
GENERATOR = REPO.parent / "shared" / "bench" / "make_zh_corpus.py"

JIEBA = """
import logging, pathlib, sys
import jieba, jieba.analyse
jieba.setLogLevel(logging.WARNING)
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt")):
    n += len(jieba.analyse.extract_tags(p.read_text(encoding="utf-8"), topK=100))
print(n)
"""
RJIEBA = """
import pathlib, sys
import rjieba
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt")):
    n += len(rjieba.cut(p.read_text(encoding="utf-8")))
print(n)
"""


def own_corpus(folder: Path, megabytes: float, files: int, seed: int = 2025) -> None:
    """This script's fallback generator: wordfreq's Chinese words by frequency, and a paragraph
    of the sample corpus (the event's terms and statements) every twenty."""
    from wordfreq import get_frequency_dict

    from glossary.extract import readers

    rng = random.Random(seed)
    freq = get_frequency_dict("zh")
    vocabulary = [w for w in list(freq)[:50_000] if not w.isascii() or rng.random() < 0.3]
    weights = [freq[w] for w in vocabulary]
    sample = []
    for file in sorted((REPO / "tests" / "data" / "corpus" / "zh").iterdir()):
        sample += [u.text for u in readers.units(readers.Input(str(file), readers.format_of(file)))]
    folder.mkdir(parents=True, exist_ok=True)
    per_file = int(megabytes * 1_000_000 / files)
    for i in range(files):
        size, n, parts = 0, 0, []
        while size < per_file:
            n += 1
            if n % 20 == 0:
                paragraph = rng.choice(sample)
            else:
                words = rng.choices(vocabulary, weights, k=rng.randint(40, 120))
                paragraph = "，".join("".join(words[j : j + 7]) for j in range(0, len(words), 7)) + "。"
            parts.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        (folder / f"zh_{i:03d}.txt").write_text("\n\n".join(parts), encoding="utf-8")


def timed(command: list[str], repeat: int) -> tuple[float, int, str, float]:
    """Best wall time (s), the peak RSS (KB) of the largest process of that run, its stdout, and
    the CPU time (user + system, s) of that run's processes together (on a shared machine the wall
    time depends on the other load; the CPU time much less)."""
    best: tuple[float, int, str, float] | None = None
    for _ in range(repeat):
        with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
            start = time.perf_counter()
            done = subprocess.run(
                ["/usr/bin/time", "-q", "-f", "%M %U %S", "-o", rss.name, *command],
                capture_output=True,
                text=True,
                env=dict(os.environ, PYTHONDONTWRITEBYTECODE=""),
            )
            seconds = time.perf_counter() - start
            if done.returncode != 0:
                sys.exit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
            peak, user, system = (rss.read().strip().splitlines() or ["0 0 0"])[-1].split()
        if best is None or seconds < best[0]:
            best = (seconds, int(peak), done.stdout, float(user) + float(system))
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=12.0, help="Megabytes of text to generate (default 12).")
    parser.add_argument("--files", type=int, default=40, help="Files to spread it over (default 40).")
    parser.add_argument("--corpus", type=Path, help="Use this folder of texts instead of generating one.")
    parser.add_argument("--generator", type=Path, default=GENERATOR, help="The shared corpus generator.")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="Worker counts (default 1 2).")
    parser.add_argument("--engine", nargs="+", default=["local", "dask"], help="Engines (default local dask).")
    parser.add_argument("--repeat", type=int, default=1, help="Runs of each; the best counts (default 1).")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        how = f"the folder {corpus}"
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            if args.generator.exists():
                subprocess.run(
                    [sys.executable, str(args.generator), str(corpus), str(args.mb), str(args.files)], check=True
                )
                how = f"{args.generator.name} (jieba's words at jieba's frequencies, event terms sprinkled in)"
            else:
                own_corpus(corpus, args.mb, args.files)
                how = "this script's own generator (the shared one was not found)"
        files = sorted(corpus.rglob("*.txt"))
        mb = sum(f.stat().st_size for f in files) / 1_000_000
        print(f"corpus: {mb:.2f} MB in {len(files)} files, from {how}; {os.cpu_count()} CPUs; whole processes")
        env_cache = Path(tmp) / "cache"
        os.environ["GLOSSARY_CACHE_DIR"] = str(env_cache)
        # the CC-CEDICT and glossary indexes are built once beforehand, as on any machine after first use
        subprocess.run(
            [sys.executable, "-m", "glossary", "extract", str(REPO / "tests" / "data" / "corpus")], capture_output=True
        )

        print(f"load average before: {Path('/proc/loadavg').read_text().strip()}")
        rows = []
        peer, peak, _, cpu = timed([sys.executable, "-c", JIEBA, str(corpus)], args.repeat)
        rows.append(("jieba.analyse.extract_tags (topK=100)", peer, peak, cpu, None))
        seconds, peak, _, cpu = timed([sys.executable, "-c", RJIEBA, str(corpus)], args.repeat)
        rows.append(("rjieba segmentation alone", seconds, peak, cpu, None))
        for engine in args.engine:
            one = None
            for workers in args.workers:
                command = [sys.executable, "-m", "glossary", "extract", str(corpus), "--format", "json"]
                command += ["--workers", str(workers), "--engine", engine]
                seconds, peak, out, cpu = timed(command, args.repeat)
                one = one or seconds
                concepts = out.count('\n    "id": ')
                label = f"glossary extract, {engine}, {workers} worker{'s' if workers > 1 else ''}"
                rows.append((label, seconds, peak, cpu, (one / seconds, concepts)))
        print(f"load average after: {Path('/proc/loadavg').read_text().strip()}")
        print(f"{'':44} {'wall':>8} {'MB/s':>6} {'vs jieba':>9} {'speed-up':>9} {'peak RSS':>9} {'CPU':>8}")
        for label, seconds, peak, cpu, extra in rows:
            speed = f"{extra[0]:8.2f}x" if extra else f"{'':9}"
            tail = f"  {extra[1]} concepts" if extra else ""
            print(
                f"{label:44} {seconds:7.2f}s {mb / seconds:6.2f} {peer / seconds:8.2f}x {speed} {peak / 1024:7.0f}MB"
                f" {cpu:7.2f}s{tail}"
            )


if __name__ == "__main__":
    main()

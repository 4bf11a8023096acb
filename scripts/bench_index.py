"""Benchmark: how long does the first run wait for the lookup index?

Side by side in one run, this checkout ("after") and the package at git commit
9bcf5ac ("before", extracted with ``git archive`` into a temporary folder), each in
fresh processes with a fresh, empty cache folder every time:

1. building the CC-CEDICT index (the ``dictionary_db()`` call, its imports included);
2. building the bundled glossary's index (``glossary_db()``);
3. the whole process ``glossary lookup 小红书`` with an empty cache (what a new user
   feels: only the glossary index is needed), and ``glossary lookup refugee`` (a word
   only CC-CEDICT knows: the dictionary index is built too).

Wall-clock times are medians; the CPU seconds of the child processes are shown too,
since other jobs on a shared machine stretch wall-clock time, not CPU time.

Run: python scripts/bench_index.py [--runs 3] [--before 9bcf5ac]
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

BUILD = """
import sys, time
from glossary.dictionary import index
from glossary import paths
start = time.perf_counter()
if sys.argv[1] == "dictionary":
    index.dictionary_db()
else:
    index.glossary_db(paths.bundled_glossary())
print(time.perf_counter() - start)
"""


def extract(commit: str, into: Path) -> Path:
    """The package and bundled terms.yaml as they were at ``commit``, compiled to bytecode."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", commit, "glossary", "terms.yaml"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into)
    compileall.compile_dir(str(into / "glossary"), quiet=1)
    return into


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(root: Path, args: list[str], scratch: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds and stdout of one process with ``root`` first on the path and an empty cache."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=scratch))
    env = dict(os.environ, PYTHONPATH=str(root), GLOSSARY_CACHE_DIR=str(cache), GLOSSARY_DATA_DIR=str(scratch / "data"))
    env.pop("GLOSSARY_FILE", None)
    cpu = child_cpu()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], env=env, cwd=scratch, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    shutil.rmtree(cache, ignore_errors=True)
    return wall, child_cpu() - cpu, done.stdout


def measure(
    roots: dict[str, Path], args: list[str], runs: int, scratch: Path, inner: bool = False
) -> dict[str, tuple[float, float]]:
    """Median (seconds, CPU seconds) per root; the roots take turns so that both see the same load."""
    times: dict[str, list[float]] = {name: [] for name in roots}
    cpus: dict[str, list[float]] = {name: [] for name in roots}
    for _ in range(runs):
        for name, root in roots.items():
            wall, cpu, out = run(root, args, scratch)
            times[name].append(float(out.split()[-1]) if inner else wall)
            cpus[name].append(cpu)
    return {name: (statistics.median(times[name]), statistics.median(cpus[name])) for name in roots}


def pad(label: str, width: int = 44) -> str:
    """``label`` padded to ``width`` terminal columns (a CJK character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in label)
    return label + " " * max(width - columns, 0)


def line(label: str, result: dict[str, tuple[float, float]]) -> str:
    (before, before_cpu), (after, after_cpu) = result["before"], result["after"]
    return (
        f"{pad(label)} {before:7.2f} s {after:7.2f} s {before / after:7.1f}x"
        f"   (CPU {before_cpu:.2f} s -> {after_cpu:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default="9bcf5ac", help="git commit of the 'before' implementation")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="glossary-bench-index-"))
    try:
        compileall.compile_dir(str(REPO / "glossary"), quiet=1)
        roots = {"before": extract(args.before, scratch / "before"), "after": REPO}
        load = os.getloadavg()[0]
        print(f"before: {args.before}   after: this checkout   (load average {load:.1f} on {os.cpu_count()} CPUs)")
        print(f"fresh process and empty cache each time, median of {args.runs}:")
        print(f"{'':<44} {'before':>9} {'after':>9} {'ratio':>8}")
        print(
            line("CC-CEDICT index build", measure(roots, ["-c", BUILD, "dictionary"], args.runs, scratch, inner=True))
        )
        print(
            line(
                "glossary index build (bundled terms.yaml)",
                measure(roots, ["-c", BUILD, "glossary"], args.runs, scratch, inner=True),
            )
        )
        print(
            line(
                "glossary lookup 小红书, empty cache",
                measure(roots, ["-m", "glossary", "lookup", "小红书"], args.runs, scratch),
            )
        )
        print(
            line(
                "glossary lookup refugee, empty cache",
                measure(roots, ["-m", "glossary", "lookup", "refugee"], args.runs, scratch),
            )
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

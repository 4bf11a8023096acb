"""Benchmark: how long one `glossary review` decision takes on the event glossary (1,051 concepts).

A copy of the bundled terms.yaml gets 40 candidates appended before its ``rejected:`` list; one
process then decides on them one at a time through ``glossary.curate.review.decide`` (each
decision its own locked, validated, atomic write, as the interactive walk makes them), after
one warm-up decision, and the median seconds per decision of each kind are printed.

"before" runs the code of commit c6c17f1 (or ``--before COMMIT``: extracted with ``git archive``
into a temporary folder and put first on PYTHONPATH), "after" runs this checkout; both in the
same run, on the same file. Before, a rejection parsed and dumped the whole file with ruamel;
now its form is appended to the text of the ``rejected:`` list.

Run: python scripts/bench_review.py [--runs 5] [--before COMMIT]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BEFORE = "c6c17f1"
KINDS = ("reject", "accept", "merge")

DRIVER = """
import json, statistics, sys, time
from glossary.curate import review
path, runs = sys.argv[1], int(sys.argv[2])
review.decide(path, "bench-0", "reject")  # warm-up: imports, layout cache
out = {}
n = 1
for kind in ("reject", "accept", "merge"):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        review.decide(path, f"bench-{n}", kind, "xiaohongshu" if kind == "merge" else None)
        times.append(time.perf_counter() - start)
        n += 1
    out[kind] = statistics.median(times)
print(json.dumps(out))
"""


def glossary_with_candidates(folder: Path, count: int) -> Path:
    """The bundled terms.yaml with ``count`` candidates appended before its rejected list."""
    text = (REPO / "terms.yaml").read_text(encoding="utf-8")
    cut = text.index("\nrejected:") + 1
    extra = "".join(
        f"  - id: bench-{i}\n    en: Bench candidate {i}\n    status: candidate\n"
        f"    sources:\n      - {{path: bench.txt, line: {i + 1}}}\n"
        for i in range(count)
    )
    path = folder / "terms.yaml"
    path.write_text(text[:cut] + extra + text[cut:], encoding="utf-8")
    return path


def measure(code: Path, folder: Path, runs: int) -> dict[str, float]:
    path = glossary_with_candidates(folder, 1 + runs * len(KINDS))
    env = dict(os.environ, PYTHONPATH=str(code), GLOSSARY_DATA_DIR=str(folder / "data"))
    env.setdefault("GLOSSARY_CACHE_DIR", str(folder / "cache"))
    run = [sys.executable, "-c", DRIVER, str(path), str(runs)]
    done = subprocess.run(run, env=env, capture_output=True, text=True, cwd=folder)  # not this checkout via sys.path
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", default=BEFORE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "code-before"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", args.before, "glossary"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        rows = {}
        for label, code in (("before", old), ("after", REPO)):
            folder = Path(tmp) / f"run-{label}"
            folder.mkdir()
            rows[label] = measure(code, folder, args.runs)
    print(f"seconds per decision, median of {args.runs} (1,051 concepts + candidates, load {os.getloadavg()[0]:.1f})")
    print(f"{'':22}" + "".join(f"{k:>10}" for k in KINDS))
    for label, row in rows.items():
        name = f"{label} ({args.before if label == 'before' else 'this checkout'})"
        print(f"{name:22}" + "".join(f"{row[k]:10.2f}" for k in KINDS))


if __name__ == "__main__":
    main()

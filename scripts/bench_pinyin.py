"""Benchmark: how long does ``glossary pinyin 全球化智库`` take, start to exit?

Whole processes, side by side in one run with the peer ``pypinyin 全球化智库`` (pypinyin's
own command line: no dictionary, no segmenter beyond its phrase table):

1. ``glossary pinyin 全球化智库 -g terms.yaml`` — the curated glossary's hand-set pinyin
   known to the romanizer (its forms are added to the segmenter);
2. ``glossary pinyin 全球化智库`` in a folder without a glossary;
3. peer: ``pypinyin 全球化智库``.

The CC-CEDICT index is built first (once per cache dir, about 7 s) and not counted. The
glossary runs from this checkout (``python -m glossary`` with it first on PYTHONPATH).

Run: python scripts/bench_pinyin.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import REPO, cold, command, compile_package  # noqa: E402

TEXT = "全球化智库"


def fmt(seconds: float) -> str:
    return f"{seconds:6.2f} s " if seconds >= 1 else f"{seconds * 1000:6.1f} ms"


def show(label: str, times: list[float], output: str) -> None:
    print(f"  {label:<44} median {fmt(statistics.median(times))}   min {fmt(min(times))}   → {output}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-pinyin-"))
    empty = work / "empty"
    empty.mkdir()
    terms = work / "terms.yaml"
    shutil.copyfile(REPO / "terms.yaml", terms)
    env = dict(os.environ)
    env["GLOSSARY_CACHE_DIR"] = str(work / "cache")
    env["GLOSSARY_DATA_DIR"] = str(work / "data")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    compile_package()
    glossary = [sys.executable, "-m", "glossary"]
    peer = command("pypinyin")

    def output(cmd: list[str], cwd: Path | None = None) -> str:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, check=True)
        return done.stdout.strip()

    output([*glossary, "pinyin", TEXT, "-g", str(terms)])  # builds the CC-CEDICT index: not counted
    cases = [
        ("glossary pinyin 全球化智库 -g terms.yaml", [*glossary, "pinyin", TEXT, "-g", str(terms)], None),
        ("glossary pinyin 全球化智库 (no glossary)", [*glossary, "pinyin", TEXT], empty),
        ("peer: pypinyin 全球化智库", [*peer, TEXT], None),
    ]
    print(f"cold process, start to exit ({args.runs} runs each)")
    for label, cmd, cwd in cases:
        shown = output(cmd, cwd)
        if cwd is None:
            times = cold(cmd, args.runs, env)
        else:
            here = Path.cwd()
            os.chdir(cwd)
            try:
                times = cold(cmd, args.runs, env)
            finally:
                os.chdir(here)
        show(label, times, shown)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark: how long does ``glossary pinyin 全球化智库`` take, start to exit?

Whole processes, side by side in one run with the peer ``pypinyin 全球化智库`` (pypinyin's
own command line: no dictionary, no segmenter beyond its phrase table):

1. ``glossary pinyin 全球化智库 -g terms.yaml`` — the curated glossary's hand-set pinyin
   known to the romanizer (its forms are added to the segmenter);
2. ``glossary pinyin 全球化智库`` in a folder without a terms.yaml (the bundled glossary);
3. peer: ``pypinyin 全球化智库``.

The CC-CEDICT index is built first (once per cache dir, about 7 s) and not counted. The
glossary runs from this checkout (``python -m glossary`` with it first on PYTHONPATH).

With ``--against DIR`` (another checkout of the project, e.g. an older commit unpacked by
``git archive``) each glossary command is also timed from that checkout, the two runs
interleaved, so that a before/after comparison shares the machine's load.

Run: python scripts/bench_pinyin.py [--runs 5] [--against DIR]
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
    print(f"  {label:<56} median {fmt(statistics.median(times))}   min {fmt(min(times))}   → {output}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout to time the same commands from")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-pinyin-"))
    empty = work / "empty"
    empty.mkdir()
    terms = work / "terms.yaml"
    shutil.copyfile(REPO / "terms.yaml", terms)
    base = dict(os.environ)
    base["GLOSSARY_CACHE_DIR"] = str(work / "cache")
    base["GLOSSARY_DATA_DIR"] = str(work / "data")
    checkouts = {"": REPO, **({f" [{args.against.name}]": args.against.resolve()} if args.against else {})}
    envs = {}
    for tag, root in checkouts.items():
        env = dict(base)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), base.get("PYTHONPATH")]))
        envs[tag] = env
    compile_package()
    glossary = [sys.executable, "-m", "glossary"]
    peer = command("pypinyin")

    # every command runs in an empty folder: ``python -m`` puts the working directory first on
    # sys.path, which would shadow the checkout chosen by PYTHONPATH
    def output(cmd: list[str], env: dict[str, str], cwd: Path = empty) -> str:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, check=True)
        return done.stdout.strip()

    def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> list[float]:
        here = Path.cwd()
        os.chdir(cwd)
        try:
            return cold(cmd, 1, env)
        finally:
            os.chdir(here)

    for env in envs.values():
        output([*glossary, "pinyin", TEXT, "-g", str(terms)], env)  # builds the CC-CEDICT index, compiles: not counted
    cases = [
        ("glossary pinyin 全球化智库 -g terms.yaml", [*glossary, "pinyin", TEXT, "-g", str(terms)], empty, True),
        ("glossary pinyin 全球化智库 (bundled glossary)", [*glossary, "pinyin", TEXT], empty, True),
        ("peer: pypinyin 全球化智库", [*peer, TEXT], empty, False),
    ]
    print(f"cold process, start to exit ({args.runs} runs each, interleaved)")
    for label, cmd, cwd, ours in cases:
        tags = list(envs) if ours else [""]
        times: dict[str, list[float]] = {tag: [] for tag in tags}
        for _ in range(args.runs):
            for tag in tags:
                times[tag] += timed(cmd, envs[tag], cwd)
        for tag in tags:
            show(label + tag, times[tag], output(cmd, envs[tag], cwd))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

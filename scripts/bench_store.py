"""Benchmark: how long one `glossary add` / `glossary edit` takes, and its peak memory, as the glossary grows.

Each figure is one whole process (``python -m glossary …``), wall-clock seconds and peak
resident memory (``os.wait4``'s ``ru_maxrss`` of that very child), on a synthetic glossary of
117, 1,000, 10,000 and 20,000 concepts written by this script (one concept per item, section
comments every 50 concepts, aliases as flow mappings, two sources each: the shape `glossary
build` leaves behind).

"before" runs the code of commit 389d98e, or of ``--before COMMIT`` (extracted with ``git archive`` into a temporary
folder and put first on PYTHONPATH), "after" runs this checkout; both in the same run, on
the same files. The writer's time under the lock is what makes parallel writers queue.

The last two rows are the first write after a hand edit (a note changed in one concept with a
text editor, as a person does between two commands): an ``edit`` of another concept, and an
``add --zh`` of a Chinese term, which also loads pinyin and OpenCC to complete it (the peak
memory of a whole ``glossary add``).

Run: python scripts/bench_store.py [--sizes 117,1000,10000,20000] [--skip-before-above N] [--before COMMIT]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BEFORE = "389d98e"
WARM_UP = "from glossary.enrich.enricher import complete; from glossary.terms.model import Concept; complete(Concept(id='w', zh='新词'))"
OPS = ("add (first)", "edit", "add", "edit (hand)", "add zh (hand)")
CATEGORIES = ("platform", "app", "community", "meme", "slang", "person", "place", "custom")


def synthetic(n: int) -> str:
    """A valid terms.yaml of ``n`` distinct concepts, as text."""
    out = [
        "# A synthetic glossary for bench_store.py. Comments must survive every edit.\n",
        f"name: Synthetic glossary of {n} concepts\n",
        "concepts:\n",
    ]
    for i in range(n):
        if i % 50 == 0:
            out.append(f"  # --- section {i // 50} ---\n")
        out.append(
            f"  - id: term-{i}\n"
            f"    category: {CATEGORIES[i % len(CATEGORIES)]}\n"
            f"    zh: 小红书{i}\n"
            f"    zh_hant: 小紅書{i}\n"
            f"    pinyin: Xiǎohóngshū\n"
            f"    en: Red Note {i}\n"
            f"    aliases:\n"
            f"      - {{text: Little Red Book {i}, kind: calque}}\n"
            f'      - {{text: "#RedNote{i}", kind: hashtag}}\n'
            f"    literal: little red book\n"
            f"    note: Chinese lifestyle app number {i}, where American TikTok users landed in January 2025.\n"
            f"    status: {'reviewed' if i % 3 else 'candidate'}\n"
            f"    sources:\n"
            f"      - {{path: corpus/post-{i % 97}.md, line: {3 + i % 40}, sentence: People kept saying Red Note {i} all week.}}\n"
            f"      - {{path: corpus/news-{i % 31}.txt, line: {10 + i % 20}, sentence: 报道说小红书{i}很火。}}\n"
        )
    return "".join(out)


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS in MB, exit code and stderr's last line of one child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        # cwd: `python -m` puts the working folder first on sys.path, ahead of PYTHONPATH
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=tempfile.gettempdir())
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    return wall, usage.ru_maxrss / 1024, proc.returncode, lines[-1] if lines else ""


def checkout_before(into: Path, commit: str = BEFORE) -> Path:
    """The ``glossary`` package of ``commit``, extracted under ``into``."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit, "glossary"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def measure(code: Path, terms: Path, n: int, env: dict[str, str]) -> dict[str, tuple[float, float, int, str]]:
    env = dict(env, PYTHONPATH=str(code))
    base = [sys.executable, "-m", "glossary", "--glossary", str(terms)]
    run(
        [sys.executable, "-c", WARM_UP], env
    )  # the dictionary index `add --zh` needs is built once per install, not here
    figures = {  # the first write to a file written by hand scans it once; later ones reuse what the last write left
        "add (first)": run([*base, "add", "--id", "bench-new", "--en", "Bench new term", "--category", "other"], env),
        "edit": run([*base, "edit", f"term-{n // 2}", "--note", "Changed by the benchmark."], env),
        "add": run([*base, "add", "--id", "bench-next", "--en", "Bench next term", "--category", "other"], env),
    }
    edit_by_hand(terms, n // 3)
    figures["edit (hand)"] = run([*base, "edit", f"term-{2 * n // 3}", "--note", "Changed after a hand edit."], env)
    edit_by_hand(terms, n // 4)
    figures["add zh (hand)"] = run([*base, "add", "--zh", "新词", "--en", "Bench new word", "-c", "slang"], env)
    return figures


def edit_by_hand(terms: Path, i: int) -> None:
    """Change the note of concept ``i`` in place, as a person does in a text editor."""
    text = terms.read_text(encoding="utf-8")
    old = f"    note: Chinese lifestyle app number {i},"
    assert old in text, old
    terms.write_text(text.replace(old, f"    note: Edited by hand, app number {i},", 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="117,1000,10000,20000")
    parser.add_argument(
        "--skip-before-above", type=int, default=None, help="Measure 'before' only up to this many concepts."
    )
    parser.add_argument("--before", default=BEFORE, help=f"The commit whose code is 'before' (default {BEFORE}).")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "before").mkdir()
        before = checkout_before(root / "before", args.before)
        env = dict(os.environ, GLOSSARY_CACHE_DIR=str(root / "cache"), GLOSSARY_DATA_DIR=str(root / "data"))
        env.pop("GLOSSARY_FILE", None)
        print(f"one whole `python -m glossary` process each; before = commit {args.before}, after = {REPO}")
        print(
            f"{'concepts':>8}  {'size':>7}  {'op':<13}  {'before s':>9}  {'before MB':>9}  {'after s':>8}  {'after MB':>8}"
        )
        for n in sizes:
            text = synthetic(n)
            figures = {}
            for label, code in (("before", before), ("after", REPO)):
                if label == "before" and args.skip_before_above is not None and n > args.skip_before_above:
                    continue
                terms = root / label / f"terms-{n}.yaml"
                terms.parent.mkdir(exist_ok=True)
                terms.write_text(text, encoding="utf-8")
                figures[label] = measure(code, terms, n, env)
                for op, (_, _, rc, last) in figures[label].items():
                    if rc != 0:
                        print(f"  {label} {op} failed (exit {rc}): {last}", file=sys.stderr)
            for op in OPS:
                cells = []
                for label in ("before", "after"):
                    if label in figures:
                        wall, mb, _, _ = figures[label][op]
                        cells.append(
                            f"{wall:>{9 if label == 'before' else 8}.2f}  {mb:>{9 if label == 'before' else 8}.0f}"
                        )
                    else:
                        cells.append(f"{'-':>9}  {'-':>9}" if label == "before" else f"{'-':>8}  {'-':>8}")
                print(f"{n:>8}  {len(text.encode()) / 1e6:>5.1f}MB  {op:<13}  {cells[0]}  {cells[1]}", flush=True)


if __name__ == "__main__":
    main()

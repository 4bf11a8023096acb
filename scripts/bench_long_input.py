#!/usr/bin/env python
"""``glossary extract`` on pathological input: one very long word, one very long line.

    python scripts/bench_long_input.py                 # 10 MB inputs, before/after
    python scripts/bench_long_input.py --mb 2 --timeout 30

Three inputs of the same size are generated here (nothing is downloaded):

- *word*: one word of ASCII letters, no space, no line break: random pinyin syllables run
  together (xiaohongshuzhongguo…), the worst case for the romanised-Chinese test, which
  used to keep a tuple of syllables per position;
- *line*: the event's terms in English and Chinese (小红书, RedNote, TikTok refugees,
  "known in English as …", 又称 …) joined by spaces on one line;
- *paragraphs*: the same mix cut into paragraphs of about 600 bytes — the peer: ordinary
  text of the same size, which every version handles.

Each is run as ``python -m glossary extract FILE --format json`` (this checkout's terms.yaml) in its own process (in the
input's folder, with ``PYTHONPATH`` naming the code to run), for
wall-clock time and peak resident memory (``wait4``), with the code of this checkout
("after") and with the code of commit 389d98e ("before", unpacked by ``git archive`` into
a temporary folder). The before runs are capped (``--timeout`` seconds and ``--memory-cap``
GB of address space) so that the script ends; a capped run is reported as ``>N s`` or
``>N GB``. Small sizes (a 10 KB word, a 100 KB line) are run too, so that the before
column has figures of its own. A warm-up run builds the CC-CEDICT index first.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BEFORE = "389d98e"
SYLLABLES = "xiao hong shu zhong guo ren min dou yin wei bo zi jie tiao dong a e yi wang li zhang".split()
PIECES = [
    "小红书",
    "RedNote",
    "TikTok refugees",
    "TikTok难民",
    "Xiaohongshu",
    "很多美国用户涌入",
    "，又称小红薯，",
    "the Supreme Court ruled",
    "Lyu Xiang of the Center for China and Globalization",
    "#TikTokRefugee",
    "“对账”",
    "paid the 'cat tax'",
    "ByteDance (字节跳动)",
    "known in English as Little Red Book",
    "。",
    ". ",
    "他们说",
    "Users joined",
    "CCG",
    "Lemon8",
]


def mixed(size: int, rng: random.Random) -> str:
    """About ``size`` bytes (UTF-8) of the event's terms and statements, space-separated, on one line."""
    out, n = [], 0
    while n < size:
        piece = rng.choice(PIECES)
        out.append(piece)
        n += len(piece.encode("utf-8")) + 1
    return " ".join(out)


def generate(kind: str, size: int, folder: Path) -> Path:
    rng = random.Random(2025)
    path = folder / f"{kind}-{size}.txt"
    if kind == "word":
        text = "".join(rng.choice(SYLLABLES) for _ in range(size // 3))[:size]
    elif kind == "line":
        text = mixed(size, rng)
    else:
        paragraphs, n = [], 0
        while n < size:
            paragraphs.append(mixed(600, rng))
            n += len(paragraphs[-1].encode("utf-8")) + 2
        text = "\n\n".join(paragraphs)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def run(code: Path, path: Path, env: dict[str, str], timeout: float, cap_gb: float | None) -> tuple[str, str]:
    """Wall-clock time and peak RSS of one ``glossary extract`` process, as printable figures."""

    def limit() -> None:
        if cap_gb:
            cap = int(cap_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    cmd = [
        sys.executable,
        "-m",
        "glossary",
        "--glossary",
        str(REPO / "terms.yaml"),
        "extract",
        str(path),
        "--format",
        "json",
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**env, "PYTHONPATH": str(code)},
        cwd=path.parent,
        preexec_fn=limit,
    )
    timed_out = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            proc.send_signal(signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            timed_out = True
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    rss = f"{usage.ru_maxrss / 1024:,.0f} MB"
    if timed_out:
        return f">{timeout:.0f} s", f"{rss} (killed)"
    if proc.returncode != 0:
        if "MemoryError" in stderr and cap_gb:
            return f"{seconds:.1f} s", f">{cap_gb:g} GB (MemoryError)"
        print(stderr.strip().splitlines()[-1] if stderr.strip() else "", file=sys.stderr)
        return f"failed ({proc.returncode})", rss
    return f"{seconds:.2f} s", rss


def unpack_before(folder: Path) -> Path:
    """The package as it was at commit BEFORE, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", BEFORE, "glossary"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--mb", type=float, default=10.0, help="size of the large inputs (default 10 MB)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a before run may take (default 60)")
    parser.add_argument(
        "--memory-cap", type=float, default=3.0, help="GB of address space a before run may take (default 3)"
    )
    parser.add_argument("--no-before", action="store_true", help="only this checkout")
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    with tempfile.TemporaryDirectory(prefix="bench-long-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "GLOSSARY_CACHE_DIR": str(folder / "cache"), "GLOSSARY_DATA_DIR": str(folder / "data")}
        env.pop("GLOSSARY_FILE", None)
        before = None if args.no_before else unpack_before(folder / "before")
        warm = folder / "warm.txt"
        warm.write_text("RedNote (小红书) is popular.\n", encoding="utf-8")
        run(REPO, warm, env, 600, None)  # builds the CC-CEDICT index once
        cases = [("word", 10_000), ("line", 100_000), ("word", size), ("line", size), ("paragraphs", size)]
        print(
            f"glossary extract FILE --format json; before = commit {BEFORE} (capped at {args.timeout:g} s, "
            f"{args.memory_cap:g} GB), after = this checkout"
        )
        print(f"{'input':<28}{'before':>12}{'peak RSS':>26}{'after':>12}{'peak RSS':>14}")
        after_times: dict[str, float] = {}
        for kind, n in cases:
            path = generate(kind, n, folder)
            label = f"{kind}, {n / 1e6:g} MB" if n >= 1_000_000 else f"{kind}, {n // 1000} KB"
            old = run(before, path, env, args.timeout, args.memory_cap) if before else ("-", "-")
            new = run(REPO, path, env, 3600, None)
            if n == size and not new[0].startswith((">", "failed")):
                after_times[kind] = float(new[0].split()[0])
            print(f"{label:<28}{old[0]:>12}{old[1]:>26}{new[0]:>12}{new[1]:>14}", flush=True)
            path.unlink()
        base = after_times.get("paragraphs")
        if base:
            for kind in ("word", "line"):
                if kind in after_times:
                    print(
                        f"after: {kind} / paragraphs of the same size = {after_times[kind] / base:.2f}x (target <= 5x)"
                    )


if __name__ == "__main__":
    main()

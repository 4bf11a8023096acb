"""Fifty `glossary add` processes at once: none gives up, none is lost, the file stays valid."""

from __future__ import annotations

import os
import shutil
import sys
import traceback
from pathlib import Path

from typer.testing import CliRunner

from glossary.cli import load
from glossary.terms import store

WRITERS = 50


def glossary_process(args: list[str], output: Path) -> int:
    """Run ``glossary ARGS`` in a forked child process (its stdout and stderr to ``output``); its pid.

    A fork starts with the command's modules already imported, so fifty writers cost fifty
    writes rather than fifty interpreter start-ups; each is still its own process, taking
    the same file lock as any other.
    """
    app = load()
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        sys.stdin = open(os.devnull, encoding="utf-8")
        sys.stdout = sys.stderr = open(output, "w", encoding="utf-8")
        app(args=args, prog_name="glossary")
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        os._exit(code)


def test_fifty_concurrent_adds_all_land(terms_file: Path, tmp_path: Path) -> None:
    # one add first, on a copy elsewhere: what an add imports is then imported before the forks
    (tmp_path / "warm-up").mkdir()
    warm_up = shutil.copy(terms_file, tmp_path / "warm-up" / "terms.yaml")
    assert CliRunner().invoke(load(), ["-g", warm_up, "add", "--category", "other", "--en", "Warm up"]).exit_code == 0
    cmd = ["-g", str(terms_file), "add", "--category", "other"]
    outputs = [tmp_path / f"writer-{n}.out" for n in range(WRITERS)]
    writers = [
        glossary_process([*cmd, "--id", f"writer-{n}", "--en", f"Writer term {n}"], outputs[n]) for n in range(WRITERS)
    ]
    results = [
        (os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), outputs[n].read_text()) for n, pid in enumerate(writers)
    ]
    failed = [r for r in results if r[0] != 0]
    assert not failed, failed[:3]
    ids = {c.id for c in store.load(terms_file).concepts}
    assert {f"writer-{n}" for n in range(WRITERS)} <= ids
    assert {"xiaohongshu", "tiktok-refugee", "bytedance", "cat-tax"} <= ids
    assert not list(tmp_path.glob(".*.tmp"))

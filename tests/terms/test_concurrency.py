"""Fifty `glossary add` processes at once: none gives up, none is lost, the file stays valid."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from glossary.terms import store
from tests.conftest import REPO

WRITERS = 50


def test_fifty_concurrent_adds_all_land(terms_file: Path, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    cmd = [sys.executable, "-m", "glossary", "-g", str(terms_file), "add", "--category", "other"]
    writers = [
        subprocess.Popen(
            [*cmd, "--id", f"writer-{n}", "--en", f"Writer term {n}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    results = [(w.wait(timeout=600), *w.communicate()) for w in writers]
    failed = [r for r in results if r[0] != 0]
    assert not failed, failed[:3]
    ids = {c.id for c in store.load(terms_file).concepts}
    assert {f"writer-{n}" for n in range(WRITERS)} <= ids
    assert {"xiaohongshu", "tiktok-refugee", "bytedance", "cat-tax"} <= ids
    assert not list(tmp_path.glob(".*.tmp"))

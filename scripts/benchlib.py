"""What the benchmark scripts share: finding the commands and timing whole processes."""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def command(name: str) -> list[str]:
    """The console script next to this interpreter or on PATH, else ``python -m glossary`` from the checkout."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return [str(local)]
    found = shutil.which(name)
    if found:
        return [found]
    if name != "glossary":
        sys.exit(f"{name}: command not found (pip install it first)")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return [sys.executable, "-m", "glossary"]


def compile_package() -> None:
    """Write the package's bytecode, as ``pip install`` does, so that start-up is measured as users see it."""
    import glossary

    compileall.compile_dir(str(Path(glossary.__file__).parent), quiet=1)


def cold(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Wall-clock seconds of ``runs`` whole runs of ``cmd``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        times.append(time.perf_counter() - start)
    return times

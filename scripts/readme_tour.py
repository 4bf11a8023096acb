"""Run the README's tour as a new user would and print (or write) what the terminal shows.

Each ``$ command`` of the console block under "## A short tour" runs in bash, in one empty
folder, on a pseudo-terminal 100 columns wide with ``NO_COLOR`` set, with a fresh home
folder (shown as ``/home/you``), and no progress line for the one-off index builds (how
long they take depends on the machine). ``tests/test_readme.py`` checks that the README shows
exactly this; ``--write`` puts the real output into the README after a change of output.

    python scripts/readme_tour.py            # print the tour as it runs now
    python scripts/readme_tour.py --write    # and write it into README.md
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = "A short tour"
FAKE_HOME = "/home/you"
COLUMNS = 100


def tour_block(text: str) -> tuple[int, int]:
    """Start and end offsets of the tour's console block's body in the README's text."""
    start = text.index(f"## {SECTION}\n")
    body = text.index("```console\n", start) + len("```console\n")
    return body, text.index("```", body)


def steps(block: str) -> list[tuple[str, str]]:
    """(command, expected output) for each ``$ `` line of a console block."""
    out: list[tuple[str, str]] = []
    for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
        command, _, expected = chunk.partition("\n")
        out.append((command, expected.rstrip("\n")))
    return out


def on_a_terminal(command: str, cwd: Path, env: dict[str, str], columns: int = COLUMNS, timeout: float = 300) -> str:
    """What a terminal ``columns`` wide shows when ``command`` runs in bash (newlines as ``\\n``)."""
    return run_on_a_terminal(["bash", "-c", command], cwd, env, columns, timeout)[1]


def run_on_a_terminal(
    argv: list[str], cwd: Path, env: dict[str, str], columns: int = COLUMNS, timeout: float = 300
) -> tuple[int, str]:
    """Run ``argv`` with stdin, stdout and stderr on a pseudo-terminal ``columns`` wide: its exit
    code and everything it wrote (newlines as ``\\n``)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, close_fds=True)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the command closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    code = proc.wait(timeout=timeout)
    return code, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def user_env(home: Path) -> dict[str, str]:
    """A new user's environment: their own home, the glossary command on PATH, no colours."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("GLOSSARY_", "XDG_")) and k not in ("COLUMNS", "LINES")
    }
    env.update(
        HOME=str(home),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
        NO_COLOR="1",
        GLOSSARY_PROGRESS_DELAY="3600",
    )  # a build's progress line depends on the machine's load: not shown
    return env


def run_tour(commands: list[str], folder: Path, env: dict[str, str]) -> list[str]:
    """What each command shows, in order, in ``folder``."""
    home = env["HOME"]
    return [on_a_terminal(c, folder, env).replace(home, FAKE_HOME).rstrip("\n") for c in commands]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the output into README.md")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    start, end = tour_block(text)
    commands = [c for c, _ in steps(text[start:end])]
    with tempfile.TemporaryDirectory() as tmp:
        home, folder = Path(tmp) / "home", Path(tmp) / "empty"
        home.mkdir()
        folder.mkdir()
        shown = run_tour(commands, folder, user_env(home))
    block = "\n\n".join(f"$ {c}\n{out}" if out else f"$ {c}" for c, out in zip(commands, shown)) + "\n"
    print(block, end="")
    if args.write:
        README.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

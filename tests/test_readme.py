"""The README's tour runs exactly as written, in an empty folder, in order.

Each ``$ command`` of the tour's console block runs in a real shell (pipes included) with
the installed ``glossary`` command, in one empty folder; its output, stdout and stderr as a
terminal shows them, must equal the lines under it. The home folder is shown as
``/home/you`` in the README.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
FAKE_HOME = "/home/you"


def console_blocks(section: str) -> list[str]:
    """The ```console blocks of one ``## section`` of the README."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {section}\n")
    end = text.find("\n## ", start + 1)
    part = text[start : end if end != -1 else len(text)]
    return re.findall(r"```console\n(.*?)```", part, flags=re.S)


def steps(block: str) -> list[tuple[str, str]]:
    """(command, expected output) for each ``$ `` line of a console block."""
    out: list[tuple[str, str]] = []
    for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
        command, _, expected = chunk.partition("\n")
        out.append((command, expected.rstrip("\n")))
    return out


TOUR = steps(console_blocks("A short tour")[0])


def test_the_tour_has_steps() -> None:
    commands = [c for c, _ in TOUR]
    assert commands[0] == "glossary lookup xhs"
    assert "glossary init" in commands
    assert len(commands) >= 8


@pytest.fixture(scope="module")
def shell_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
        COLUMNS="200",
    )
    for name in ("GLOSSARY_CACHE_DIR", "GLOSSARY_DATA_DIR", "XDG_DATA_HOME", "XDG_CACHE_HOME", "NO_COLOR", "GLOSSARY_FILE"):
        env.pop(name, None)
    # The CC-CEDICT index is the run's shared one: link it into the fake home's cache.
    cache = home / ".cache"
    cache.mkdir()
    (cache / "glossary").symlink_to(os.environ["GLOSSARY_CACHE_DIR"], target_is_directory=True)
    return env


def test_the_tour_runs_as_written_in_an_empty_folder(tmp_path: Path, shell_env: dict[str, str]) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    home = shell_env["HOME"]
    for command, expected in TOUR:
        result = subprocess.run(
            command, shell=True, cwd=folder, env=shell_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8", timeout=300,
        )
        shown = result.stdout.replace(home, FAKE_HOME).rstrip("\n")
        assert shown == expected, f"$ {command}"

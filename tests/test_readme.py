"""The README's tour runs exactly as written, in an empty folder, in order.

``scripts/readme_tour.py`` runs each ``$ command`` of the tour in bash, in one empty folder,
on a pseudo-terminal 100 columns wide with ``NO_COLOR`` set and a fresh home folder; what the
terminal shows must equal the lines under the command in the README.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "readme_tour.py"
_spec = importlib.util.spec_from_file_location("readme_tour", SCRIPT)
tour = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tour)  # type: ignore[union-attr]

TEXT = tour.README.read_text(encoding="utf-8")
STEPS = tour.steps(TEXT[slice(*tour.tour_block(TEXT))])


def test_the_tour_has_steps() -> None:
    commands = [c for c, _ in STEPS]
    assert commands[0] == "glossary lookup xhs"
    assert "glossary init" in commands
    assert len(commands) >= 8


def test_the_tour_runs_as_written_in_an_empty_folder(tmp_path: Path) -> None:
    home, folder = tmp_path / "home", tmp_path / "empty"
    home.mkdir()
    folder.mkdir()
    # the run's CC-CEDICT index, shared through the new home's cache folder (built once per run)
    (home / ".cache").mkdir()
    (home / ".cache" / "glossary").symlink_to(os.environ["GLOSSARY_CACHE_DIR"], target_is_directory=True)
    shown = tour.run_tour([c for c, _ in STEPS], folder, tour.user_env(home))
    for (command, expected), output in zip(STEPS, shown):
        assert output == expected, f"$ {command}"


def test_the_exit_code_table_is_the_enum() -> None:
    from glossary.errors import ExitStatus

    section = TEXT.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ") and line[2].isdigit()]
    table = [(int(code.lstrip("| ")), name.strip("`"), meaning.rstrip(" |")) for code, name, meaning in rows]
    assert table == [(int(s), s.name, s.describe()) for s in ExitStatus]

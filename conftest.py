"""Isolation for every test and doctest: no test sees the user's home, cache, data or glossary.

The isolation happens in :func:`pytest_configure`, before any fixture of any scope runs
(a module- or session-scoped fixture that builds an index already sees the test folders):
``HOME``, the XDG folders and ``GLOSSARY_CACHE_DIR`` / ``GLOSSARY_DATA_DIR`` point into one
temporary folder for the whole run, so the CC-CEDICT index is built once per run. Each test
then gets its own data folder and runs in its own empty working folder, so no command can
find a ``terms.yaml`` of the checkout by walking up from the current folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

#: The Argos fixtures (a real model package, built once per session) for every test that asks.
pytest_plugins = ["tests.argos_fixtures"]

#: The variables pointed into the run's temporary folder (name → sub-folder).
ISOLATED = {
    "HOME": "home",
    "XDG_CACHE_HOME": "xdg-cache",
    "XDG_DATA_HOME": "xdg-data",
    "XDG_CONFIG_HOME": "xdg-config",
    "GLOSSARY_CACHE_DIR": "cache",
    "GLOSSARY_DATA_DIR": "data",
}
_RUN: dict[str, Path] = {}


def pytest_configure(config: pytest.Config) -> None:
    root = Path(tempfile.mkdtemp(prefix="glossary-tests-"))
    _RUN["root"] = root
    for name, folder in ISOLATED.items():
        (root / folder).mkdir()
        os.environ[name] = str(root / folder)
    os.environ.pop("GLOSSARY_FILE", None)
    # an index build shows a progress line after a second; on a loaded machine even a small one
    # may take that long, so tests that check stderr exactly would depend on the load. Tests of
    # the progress line set the delay themselves.
    os.environ["GLOSSARY_PROGRESS_DELAY"] = "3600"


def pytest_unconfigure(config: pytest.Config) -> None:
    root = _RUN.pop("root", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def isolated_root() -> Path:
    """The run's temporary folder that holds HOME, the XDG folders, the cache and the data."""
    return _RUN["root"]


@pytest.fixture(autouse=True)
def isolated_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test: its own data folder and an empty working folder; the shared cache stays."""
    monkeypatch.setenv("GLOSSARY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GLOSSARY_FILE", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)

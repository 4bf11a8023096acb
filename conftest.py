"""Isolation for every test and doctest: cache and data dirs come from environment variables.

The cache is shared across the session so that the CC-CEDICT index is built once;
each terms file gets its own index inside it, keyed by path.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, session_cache: Path) -> None:
    """No test sees the user's glossary, cache or data."""
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(session_cache))
    monkeypatch.setenv("GLOSSARY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GLOSSARY_FILE", raising=False)

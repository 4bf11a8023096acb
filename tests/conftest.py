"""Shared fixtures: every test runs with its own data dir and a session-wide cache dir.

The cache is shared across the session so that the CC-CEDICT index is built once;
each terms file gets its own index inside it, keyed by path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).resolve().parent / "data" / "sample_terms.yaml"


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, session_cache: Path) -> None:
    """Cache and data dirs set by environment variables; no test sees the user's files."""
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(session_cache))
    monkeypatch.setenv("GLOSSARY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GLOSSARY_FILE", raising=False)


@pytest.fixture
def terms_file(tmp_path: Path) -> Path:
    """A fresh copy of the small sample glossary (tests/data/sample_terms.yaml), safe to edit."""
    path = tmp_path / "terms.yaml"
    shutil.copyfile(SAMPLE, path)
    return path


@pytest.fixture
def bundled_terms() -> Path:
    """The repo's curated terms.yaml (read only: copy it before editing)."""
    return REPO / "terms.yaml"

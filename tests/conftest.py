"""Shared fixtures (the isolation of cache and data dirs is in the root conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "sample_terms.yaml"


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

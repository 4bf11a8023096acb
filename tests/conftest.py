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


def fake_distribution(root: Path, name: str, entry_points: str) -> None:
    """An installed distribution ``name`` in folder ``root`` (put it on sys.path) declaring ``entry_points``."""
    info = root / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")

"""Plain data derived once and kept in the cache folder (cachedb.derived)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from glossary import cachedb


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / cachedb.DERIVED


def test_a_value_is_derived_once_per_key_and_a_new_key_replaces_the_old_file(cache: Path) -> None:
    calls: list[str] = []

    def build(value: dict) -> dict:
        calls.append("built")
        return value

    assert cachedb.derived("weights", "v1", lambda: build({"小": 1.5, "红": -2.25})) == {"小": 1.5, "红": -2.25}
    assert cachedb.derived("weights", "v1", lambda: build({})) == {"小": 1.5, "红": -2.25}
    assert calls == ["built"]
    assert cachedb.derived("weights", "v2", lambda: build({"书": 0.5})) == {"书": 0.5}
    assert cachedb.derived("weights-zh", "v1", lambda: build([1, 2])) == [1, 2]
    names = sorted(p.name.rsplit("-", 1)[0] for p in cache.iterdir())
    assert names == ["weights", "weights-zh"] and calls == ["built"] * 3


def test_a_damaged_file_is_derived_again_and_what_marshal_cannot_write_is_not_kept(cache: Path) -> None:
    assert cachedb.derived("terms", "k", lambda: {"a": [1]}) == {"a": [1]}
    [kept] = cache.iterdir()
    kept.write_bytes(b"\x00not marshal")
    assert cachedb.derived("terms", "k", lambda: {"a": [2]}) == {"a": [2]}
    day = datetime.date(2025, 1, 13)
    assert cachedb.derived("dated", "k", lambda: {"day": day}) == {"day": day}
    assert [p.name.split("-")[0] for p in cache.iterdir()] == ["terms"]


def test_an_error_while_deriving_keeps_nothing(cache: Path) -> None:
    def fail() -> dict:
        raise ValueError("bad source")

    with pytest.raises(ValueError, match="bad source"):
        cachedb.derived("broken", "k", fail)
    assert not cache.exists() or list(cache.iterdir()) == []

"""The error family and the warnings reporter: the foundation every layer raises and reports through."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from glossary import errors, report
from glossary.errors import ExitStatus, GlossaryError
from tests.conftest import REPO

PACKAGE = REPO / "glossary"


def _library_modules() -> list[Path]:
    """Every module of the library below the CLI."""
    return sorted(p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts)


def test_every_exception_class_of_the_library_is_in_errors() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                if any(b.endswith(("Error", "Exception")) for b in bases):
                    found.append((path.relative_to(REPO).as_posix(), node.name))
    assert {module for module, _ in found} == {"glossary/errors.py"}, found


def test_every_error_names_a_status_of_its_own_kind() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, GlossaryError)]
    assert len(classes) >= 13
    statuses = {c.__name__: c.status for c in classes}
    assert all(isinstance(s, ExitStatus) for s in statuses.values())
    assert statuses["GlossaryError"] == ExitStatus.ERROR
    assert [name for name, s in statuses.items() if s == ExitStatus.ERROR] == ["GlossaryError"]  # none is a bug
    assert statuses["ValidationError"] == ExitStatus.INVALID_DATA
    assert statuses["ConflictError"] == ExitStatus.CONFLICT
    assert statuses["OutputError"] == ExitStatus.WRITE_ERROR  # a WriteError


def test_exit_statuses_are_distinct_and_keep_the_conventional_codes() -> None:
    assert len({int(s) for s in ExitStatus}) == len(ExitStatus)
    assert (ExitStatus.OK, ExitStatus.ERROR, ExitStatus.USAGE) == (0, 1, 2)  # click's own code for a bad argument
    assert (ExitStatus.LOCK_TIMEOUT, ExitStatus.INTERRUPTED) == (75, 130)  # EX_TEMPFAIL; 128 + SIGINT
    assert all(s.describe() for s in ExitStatus)


def test_the_library_never_prints() -> None:
    offenders = []
    for path in _library_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            printed = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
            stream = (
                isinstance(node, ast.Attribute)
                and node.attr in ("stdout", "stderr")
                and isinstance(node.value, ast.Name)
                and node.value.id == "sys"
            )
            if printed or stream:
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


def test_warnings_go_to_the_sink_in_place_and_are_dropped_without_one() -> None:
    report.warn("nobody listens")  # no sink: dropped, nothing printed
    seen: list[tuple[str, str]] = []
    with report.reporting_to(lambda level, message: seen.append((level, message))):
        report.warn("skipped 小红书.png: binary or undecodable file")
        with report.collected() as inner:
            report.note("waiting for another writer (terms.yaml.lock)…")
        report.note("waiting for another writer (terms.yaml.lock)…")
    assert inner == ["waiting for another writer (terms.yaml.lock)…"]
    assert seen == [
        ("warning", "skipped 小红书.png: binary or undecodable file"),
        ("note", "waiting for another writer (terms.yaml.lock)…"),
    ]


def test_once_passes_each_message_on_the_first_time_only() -> None:
    with report.collected() as said:
        with report.once():
            for _ in range(3):
                report.warn("skipped a.png: binary or undecodable file")
            report.note("skipped a.png: binary or undecodable file")  # another level: said too
        report.warn("skipped a.png: binary or undecodable file")  # outside the block: said again
    assert said == ["skipped a.png: binary or undecodable file"] * 3


def test_a_sink_that_raises_stops_the_work(tmp_path: Path) -> None:
    def strict(level: str, message: str) -> None:
        raise GlossaryError(message)

    from glossary.extract import readers

    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(64))
    with report.reporting_to(strict), pytest.raises(GlossaryError, match="a.png: binary"):
        list(readers.corpus([str(tmp_path)]))

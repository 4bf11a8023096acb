"""The layers of ARCHITECTURE.md hold: import-linter checks the contract in pyproject.toml
(lazy imports inside functions count too), and the contract names every package and module
of glossary, so a new one cannot slip past it."""

from __future__ import annotations

import pytest

from tests.conftest import REPO

PYPROJECT = str(REPO / "pyproject.toml")


def test_imports_go_only_down_the_layers(capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter import api  # noqa: F401  (importing it registers the readers of the config)
    from importlinter.application import use_cases

    kept = use_cases.lint_imports(config_filename=PYPROJECT, cache_dir=None, no_logo=True)
    report = capsys.readouterr().out
    assert kept, report
    assert "1 kept, 0 broken" in report


def test_every_package_and_module_of_glossary_is_in_a_layer() -> None:
    from importlinter import api

    (contract,) = [c for c in api.read_configuration(PYPROJECT)["contracts_options"] if c["type"] == "layers"]
    named = {name.strip() for layer in contract["layers"] for name in layer.replace(":", "|").split("|")}
    # __main__ only starts the CLI and __init__ holds the version: neither is a layer.
    glossary = REPO / "glossary"
    modules = {path.stem for path in glossary.glob("*.py") if not path.stem.startswith("__")}
    modules |= {path.parent.name for path in glossary.glob("*/__init__.py")}
    assert modules == named, f"not in a layer: {sorted(modules - named)}; no such module: {sorted(named - modules)}"

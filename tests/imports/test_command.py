"""``glossary import``, in-process with typer's CliRunner: the merge, the report, exit codes, and
terms.yaml untouched whenever an import fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary import export as ex
from glossary.cli import app
from glossary.terms.store import load, save
from tests.imports.test_formats import RICH, carried

runner = CliRunner()

TERMBASE = (
    "English,Chinese,Notes\n"
    "RedNote,小红书,\n"  # a reviewed concept, nothing new
    "Red Note app,小红书,\n"  # a reviewed concept: its new form is proposed
    "kitty tax,猫税,\n"  # a candidate: its new form becomes an alias
    "Seventy-five days,七十五天,=the extension\n"  # new
    "bad,row\n"  # mismatched
)


def run(*args: str):
    return runner.invoke(app, list(args))


def written(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_import_merges_as_build_does(tmp_path: Path, terms_file: Path) -> None:
    before = {c.id: c for c in load(terms_file).concepts}
    tb = written(tmp_path, "tb.csv", TERMBASE)
    result = run("import", str(tb), "-g", str(terms_file), "--no-enrich")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"warning: {tb}:6: skipped: 2 cells where the header has 3\n"
    assert result.stdout == (
        "matched:  小红书 → xiaohongshu\n"
        "matched:  小红书 → xiaohongshu\n"
        "matched:  猫税 → cat-tax\n"
        "added:    seventy-five-days\n"
        "aliases:  cat-tax: kitty tax\n"
        "proposed: xiaohongshu: Red Note app\n"
        f"imported tb.csv (csv) into {terms_file}: 3 entries matched existing concepts, 1 new candidate concept, "
        "1 new form on 1 existing concept, 0 new sources, 1 form proposed for review on 1 reviewed concept, "
        "1 row skipped\n"
    )
    after = {c.id: c for c in load(terms_file).concepts}
    xhs = after["xiaohongshu"]
    assert [(a.text, a.kind) for a in xhs.proposed] == [("Red Note app", "translation")]
    assert xhs.aliases == before["xiaohongshu"].aliases and xhs.status == "reviewed"
    assert [(a.text, a.kind) for a in after["cat-tax"].aliases] == [("kitty tax", "translation")]
    new = after["seventy-five-days"]
    assert (new.status, new.zh, new.en, new.note) == ("candidate", "七十五天", "Seventy-five days", "=the extension")
    assert new.origin == {"zh": "import:tb.csv", "en": "import:tb.csv", "note": "import:tb.csv"}
    assert "# A small glossary for tests. Comments must survive every edit." in terms_file.read_text(encoding="utf-8")


def test_new_candidates_are_enriched_and_keep_their_import_origin(tmp_path: Path, terms_file: Path) -> None:
    tb = written(tmp_path, "cards.txt", "//Slang\n难民[難民]\tnan4min2\trefugee\n")
    result = run("import", str(tb), "-g", str(terms_file))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("added:    nanmin\nimported cards.txt (pleco) into ")
    c = {c.id: c for c in load(terms_file).concepts}["nanmin"]
    assert (c.category, c.zh, c.zh_hant, c.pinyin, c.gloss) == ("slang", "难民", "難民", "nànmín", "refugee")
    assert {k: c.origin[k] for k in ("category", "zh", "zh_hant", "pinyin", "gloss")} == dict.fromkeys(
        ("category", "zh", "zh_hant", "pinyin", "gloss"), "import:cards.txt"
    )


def test_dry_run_and_json_write_nothing(tmp_path: Path, terms_file: Path) -> None:
    original = terms_file.read_bytes()
    tb = written(tmp_path, "tb.csv", TERMBASE)
    result = run("import", str(tb), "-g", str(terms_file), "--no-enrich", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- a/terms.yaml\n+++ b/terms.yaml\n")
    assert (
        "+  - id: seventy-five-days\n" in result.stdout
        and "+      - {text: Red Note app, kind: translation}\n" in result.stdout
    )
    assert (
        result.stderr.endswith("1 row skipped; nothing was written\n")
        and "dry run: would import tb.csv (csv) into " in result.stderr
    )
    result = run("import", str(tb), "-g", str(terms_file), "--no-enrich", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "file": str(tb),
        "format": "csv",
        "glossary": str(terms_file),
        "dry_run": True,
        "matched": [
            {"entry": "小红书", "id": "xiaohongshu"},
            {"entry": "小红书", "id": "xiaohongshu"},
            {"entry": "猫税", "id": "cat-tax"},
        ],
        "added": ["seventy-five-days"],
        "aliases": {"cat-tax": ["kitty tax"]},
        "proposed": {"xiaohongshu": ["Red Note app"]},
        "sources": {},
        "skipped": [{"line": 6, "reason": "2 cells where the header has 3"}],
    }
    assert terms_file.read_bytes() == original


def test_sources_of_a_matched_candidate_are_added(tmp_path: Path, terms_file: Path) -> None:
    tb = written(
        tmp_path,
        "own.csv",
        'id,category,status,zh,en,sources\ncat-tax,meme,reviewed,猫税,cat tax,"corpus/x.txt\ncorpus/y.txt:4"\n',
    )
    result = run("import", str(tb), "-g", str(terms_file), "--no-enrich")
    assert result.exit_code == 0, result.output
    c = {c.id: c for c in load(terms_file).concepts}["cat-tax"]
    assert (c.status, c.category, [(s.path, s.line) for s in c.sources]) == (
        "candidate",
        "custom",
        [("corpus/x.txt", None), ("corpus/y.txt", 4)],
    )
    assert "null" not in terms_file.read_text(encoding="utf-8")


def test_importing_twice_changes_nothing_the_second_time(tmp_path: Path, terms_file: Path) -> None:
    tb = written(tmp_path, "tb.csv", TERMBASE)
    assert run("import", str(tb), "-g", str(terms_file), "--no-enrich").exit_code == 0
    once = terms_file.read_bytes()
    again = run("import", str(tb), "-g", str(terms_file), "--no-enrich")
    assert again.exit_code == 0 and "0 new candidate concepts, 0 new forms" in again.stdout
    assert terms_file.read_bytes() == once


@pytest.mark.parametrize("fmt", ["csv", "tsv", "omegat", "omegat-zh-en"])
def test_export_then_import_into_an_empty_glossary(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "source.yaml"
    save(source, RICH, name="rich")
    exported = written(tmp_path, f"exported{ex.get(fmt).suffix}", ex.export(load(source), fmt))
    empty = tmp_path / "terms.yaml"
    save(empty, [], name="empty")
    result = run("import", str(exported), "-g", str(empty), "--no-enrich")
    assert result.exit_code == 0, result.output
    got = {c.id: c for c in load(empty).concepts}
    origin = f"import:{exported.name}"
    if fmt in ("csv", "tsv"):
        assert set(got) == {c.id for c in RICH}
        for c in RICH:
            g = got[c.id]
            assert g.status == "candidate" and set(g.origin.values()) == {origin}
            g.status, g.origin = c.status, {}
            expected = carried(c)
            expected.status = c.status
            assert g == expected
    else:  # an OmegaT glossary has no ids, categories or notes: the forms, pinyin and example come back
        xhs = got["rednote"]
        assert (xhs.zh, xhs.zh_hant, xhs.pinyin, xhs.en, xhs.example) == (
            "小红书",
            "小紅書",
            "Xiǎohóngshū",
            "RedNote",
            RICH[0].example,
        )
        assert xhs.origin == dict.fromkeys(("zh", "zh_hant", "pinyin", "en"), origin)
        assert sorted(got) == ["cat-tax", "rednote"]


@pytest.mark.parametrize(
    ("name", "content", "args", "status", "message"),
    [
        ("empty.csv", b"", (), 7, "error: {path}: empty file; nothing to import\n"),
        (
            "garbage.csv",
            bytes(range(256)) * 4,
            (),
            7,
            "error: {path}: binary or undecodable: not text in UTF-8, UTF-16, GB18030 or Big5; nothing imported\n",
        ),
        (
            "cards.txt",
            "猫税[貓稅]\tmao1shui4\tcat tax\n".encode("gb18030") + b"\x81\x30\xff\n",
            ("--format", "pleco"),
            7,
            "error: {path}:2: not valid GB18030 text from here on; nothing imported\n",
        ),
        (
            "tb.csv",
            b"en,zh\nRedNote,x,y\n",
            (),
            7,
            "warning: {path}:2: skipped: 3 cells where the header has 2\n"
            "error: {path}: nothing to import: every row was skipped (1)\n",
        ),
        (
            "flashcards.txt",
            b"en,zh\nRedNote,x\n",
            ("--format", "pleco"),
            7,
            "warning: {path}:1: skipped: 1 columns; a Pleco card is headword<TAB>pinyin<TAB>definition\n"
            "warning: {path}:2: skipped: 1 columns; a Pleco card is headword<TAB>pinyin<TAB>definition\n"
            "error: {path}: nothing to import: every row was skipped (2)\n",
        ),
        (
            "notes.txt",
            b"prose\n",
            (),
            2,
            "error: {path}: cannot tell its format; give --format (csv, tsv, pleco, omegat, tbx)\n",
        ),
        (
            "t.csv",
            b"en\nx\n",
            ("--format", "xlsx"),
            2,
            "error: unknown import format 'xlsx' (known: csv, tsv, pleco, omegat, tbx)\n",
        ),
        ("missing.csv", None, (), 3, "error: {path}: no such file to import\n"),
    ],
)
def test_bad_input_leaves_terms_yaml_untouched(
    tmp_path: Path, terms_file: Path, name: str, content: bytes | None, args: tuple[str, ...], status: int, message: str
) -> None:
    original = terms_file.read_bytes()
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("import", str(path), *args, "-g", str(terms_file))
    assert (result.exit_code, result.stdout, result.stderr) == (status, "", message.format(path=path))
    assert terms_file.read_bytes() == original


def test_the_bundled_glossary_is_not_imported_into(tmp_path: Path) -> None:
    tb = written(tmp_path, "tb.csv", TERMBASE)
    result = run("import", str(tb))
    assert result.exit_code == 6 and result.stderr.startswith("error: ")


def test_a_plugin_format_by_entry_point_and_a_broken_one_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terms_file: Path
) -> None:
    import sys

    from glossary import imports
    from tests.conftest import fake_distribution

    (tmp_path / "glossary_import_demo.py").write_text(
        "from pathlib import Path\n"
        "from glossary.imports import Imported, Importer\n"
        "from glossary.terms.model import Concept\n"
        "def parse(path: Path) -> Imported:\n"
        "    return Imported([Concept(id='x', en=line) for line in path.read_text().split()])\n"
        "importer = Importer(parse, ('.words',), 'one English term a word')\n",
        encoding="utf-8",
    )
    (tmp_path / "glossary_import_broken.py").write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    fake_distribution(
        tmp_path,
        "glossary_import_demo",
        "[glossary.importers]\nwords = glossary_import_demo:importer\nbroken = glossary_import_broken:importer\n",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        tb = written(tmp_path, "terms.words", "doomscrolling\n")
        result = run("import", str(tb), "-g", str(terms_file), "--no-enrich")
        assert result.exit_code == 0, result.output
        assert "cannot load importer 'broken' from glossary_import_broken:importer: RuntimeError: boom" in result.stderr
        assert result.stdout.startswith("added:    x\nimported terms.words (words) into ")
        assert result.stdout.endswith(
            ": 0 entries matched existing concepts, 1 new candidate concept, 0 new forms on 0 existing concepts, 0 new sources, 0 rows skipped\n"
        )
        assert {c.id: c.origin for c in load(terms_file).concepts}["x"] == {"en": "import:terms.words"}
    finally:
        imports.IMPORTERS.unregister("words")
        sys.modules.pop("glossary_import_demo", None)

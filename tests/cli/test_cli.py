"""The core commands, in-process with typer's CliRunner: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary import __version__
from glossary.cli import app
from glossary.terms import store
from tests.conftest import REPO

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_version_and_help() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"glossary {__version__}\n"
    result = run("--help")
    assert result.exit_code == 0
    assert "glossary lookup 小红书" in result.stdout
    assert "  lookup " in result.stdout.split("Commands:")[1]


def test_lookup_card(terms_file: Path) -> None:
    result = run("lookup", "xhs", "--glossary", str(terms_file))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "小红书 · 小紅書  Xiǎohóngshū  RedNote"
    assert lines[1] == "[platform · reviewed · id: xiaohongshu]"
    assert lines[2] == "aliases: Xiaohongshu (transliteration); Little Red Book (calque); Red Note (variant)"
    assert lines[3] == "literal: little red book"
    assert lines[4].startswith("note:    Chinese lifestyle app")


def test_lookup_card_shows_sources_and_the_rest_as_a_list(terms_file: Path) -> None:
    result = run("lookup", "refugee", "--glossary", str(terms_file))
    assert result.exit_code == 0
    assert result.stdout.startswith("难民 · 難民  nànmín  refugee\n[CC-CEDICT dictionary entry]\n")
    assert "\nalso:\n" in result.stdout
    assert " TikTok难民  TikTok nànmín  TikTok refugee  (glossary, " in result.stdout
    card = run("lookup", "#TikTokRefugee", "--glossary", str(terms_file)).stdout
    assert "seen:    corpus/news.txt:3  “Millions of TikTok refugees joined RedNote.”" in card


def test_lookup_json(terms_file: Path) -> None:
    result = run("lookup", "Red", "Note", "--json", "--glossary", str(terms_file))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data[0]["id"] == "xiaohongshu"
    assert data[0]["answered_from"] == "glossary"
    assert data[0]["score"] == 1.0
    assert {"id", "zh", "zh_hant", "pinyin", "en", "aliases", "note", "answered_from", "score"} <= set(data[0])


def test_lookup_json_dictionary(terms_file: Path) -> None:
    data = json.loads(run("lookup", "难民", "--json", "-g", str(terms_file)).stdout)
    assert data[0]["answered_from"] == "cc-cedict"
    assert data[0]["zh"] == "难民"


def test_lookup_no_match(terms_file: Path) -> None:
    result = run("lookup", "qqqqqqqqqqqq", "--glossary", str(terms_file))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == "no match for 'qqqqqqqqqqqq'\n"
    result = run("lookup", "qqqqqqqqqqqq", "--json", "--glossary", str(terms_file))
    assert (result.exit_code, result.stdout) == (3, "[]\n")


def test_glossary_from_environment_and_root_option(terms_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_FILE", str(terms_file))
    assert run("list", "--category", "company").stdout.splitlines()[2].startswith("bytedance ")
    monkeypatch.delenv("GLOSSARY_FILE")
    assert (
        run("--glossary", str(terms_file), "list", "--status", "candidate")
        .stdout.splitlines()[2]
        .startswith("cat-tax ")
    )


def test_bundled_glossary_is_the_default() -> None:
    result = run("lookup", "Little Red Book")
    assert result.exit_code == 0
    assert result.stdout.startswith("小红书 · 小紅書  Xiǎohóngshū  RedNote\n")


def test_list_table_and_json(terms_file: Path) -> None:
    result = run("list", "--glossary", str(terms_file))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["id", "zh", "pinyin", "en", "category"]
    assert len(result.stdout.splitlines()) == 6
    assert result.stderr == "4 concepts\n"
    data = json.loads(run("list", "--json", "-g", str(terms_file)).stdout)
    assert [c["id"] for c in data] == ["xiaohongshu", "tiktok-refugee", "bytedance", "cat-tax"]


def test_list_rejects_unknown_category(terms_file: Path) -> None:
    result = run("list", "--category", "planet", "-g", str(terms_file))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown category 'planet'")


def test_search_and_show(terms_file: Path) -> None:
    result = run("search", "red", "-g", str(terms_file))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2].startswith("xiaohongshu ")
    assert run("search", "zzzz", "-g", str(terms_file)).exit_code == 3
    shown = run("show", "bytedance", "-g", str(terms_file))
    assert shown.exit_code == 0 and shown.stdout.startswith("字节跳动 · 字節跳動  Zìjié Tiàodòng  ByteDance\n")
    missing = run("show", "nope", "-g", str(terms_file))
    assert (missing.exit_code, missing.stderr) == (
        3,
        "error: no concept with id 'nope', and none of the glossary's forms matches it\n",
    )


def test_add_edit_remove(terms_file: Path) -> None:
    result = run(
        "add",
        "--zh",
        "柠檬8",
        "--en",
        "Lemon8",
        "--category",
        "app",
        "--alias",
        "Lemon 8=variant",
        "--note",
        "ByteDance's other app.",
        "-g",
        str(terms_file),
    )
    assert (result.exit_code, result.stdout) == (0, f"added lemon8 to {terms_file}\n")
    concept = store.load(terms_file).get("lemon8")
    assert (concept.zh, concept.en, concept.category, concept.status) == ("柠檬8", "Lemon8", "app", "reviewed")
    assert concept.aliases[0].kind == "variant"

    result = run(
        "edit", "lemon8", "--note", "A photo app by ByteDance.", "--alias", "#Lemon8=hashtag", "-g", str(terms_file)
    )
    assert (result.exit_code, result.stdout) == (0, f"updated lemon8 in {terms_file}\n")
    concept = store.load(terms_file).get("lemon8")
    assert concept.note == "A photo app by ByteDance."
    assert [a.text for a in concept.aliases] == ["Lemon 8", "#Lemon8"]
    result = run("edit", "lemon8", "--remove-alias", "Lemon 8", "-g", str(terms_file))
    assert [a.text for a in store.load(terms_file).get("lemon8").aliases] == ["#Lemon8"]

    assert "# A small glossary for tests." in terms_file.read_text(encoding="utf-8")
    result = run("remove", "lemon8", "-g", str(terms_file))
    assert (result.exit_code, result.stdout) == (0, f"removed lemon8 from {terms_file}\n")
    assert "lemon8" not in store.load(terms_file)


def test_add_errors_change_nothing(terms_file: Path) -> None:
    before = terms_file.read_bytes()
    dup = run("add", "--id", "bytedance", "--en", "Byte", "-g", str(terms_file))
    assert dup.exit_code == 5
    assert dup.stderr == f"error: a concept with id 'bytedance' already exists in {terms_file}\n"
    claimed = run("add", "--en", "Little Red Book", "--id", "lrb", "-g", str(terms_file))
    assert claimed.exit_code == 5
    assert claimed.stderr == (
        f"error: not saved, the change would break {terms_file}: 'Little Red Book' of concept 'lrb' "
        "is already claimed by concept 'xiaohongshu' as 'Little Red Book' (line 13)\n"
    )
    bad_kind = run("add", "--en", "X", "--alias", "Y=synonym", "-g", str(terms_file))
    assert bad_kind.exit_code == 2 and "unknown alias kind 'synonym'" in bad_kind.stderr
    nothing = run("add", "-g", str(terms_file))
    assert nothing.exit_code == 2
    assert nothing.stderr == "error: give at least --zh or --en (or --interactive to be prompted)\n"
    assert terms_file.read_bytes() == before


def test_add_interactive_prompts(terms_file: Path) -> None:
    result = run(
        "add", "--interactive", "-g", str(terms_file), input="狗税\ndog tax\ncustom\nmāoshuì\n\nPaying in cat photos.\n"
    )
    assert result.exit_code == 0, result.output
    concept = store.load(terms_file).get("dog-tax")
    assert (concept.zh, concept.pinyin, concept.category, concept.note) == (
        "狗税",
        "māoshuì",
        "custom",
        "Paying in cat photos.",
    )


def test_edit_and_remove_unknown_id(terms_file: Path) -> None:
    assert run("edit", "nope", "--en", "x", "-g", str(terms_file)).exit_code == 3
    assert run("remove", "nope", "-g", str(terms_file)).stderr == f"error: no concept with id 'nope' in {terms_file}\n"
    assert run("edit", "bytedance", "-g", str(terms_file)).exit_code == 2


def test_malformed_glossary_is_reported_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "terms.yaml"
    bad.write_text("concepts:\n  - id: a\n    en: A\n    wat: 1\n  - id: a\n    en: B\n", encoding="utf-8")
    for args in (["lookup", "A"], ["list"], ["validate"], ["add", "--en", "C"]):
        result = run(*args, "--glossary", str(bad))
        assert result.exit_code == 4, args
        assert result.stderr == (
            f"error: {bad}:4: unknown field 'wat' in concept 'a' (expected one of: id, category, scope, zh, zh_hant, pinyin, en, "
            "aliases, proposed, literal, gloss, note, example, related, status, refs, sources, origin, confidence, proposals)\n"
            f"error: {bad}:5: duplicate id 'a' (first defined on line 2)\n"
            "2 problems found; nothing was changed.\n"
        )
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_glossary_file(tmp_path: Path) -> None:
    result = run("lookup", "x", "--glossary", str(tmp_path / "none.yaml"))
    assert result.exit_code == 3
    assert result.stderr == f"error: {tmp_path / 'none.yaml'}: no such glossary file\n"


def test_validate_and_index(terms_file: Path) -> None:
    result = run("validate", "-g", str(terms_file))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{terms_file}: 4 concepts, valid, 8 warnings\n",
    )  # no example or refs yet
    assert result.stderr.count("warning: ") == 8
    result = run("index", "-g", str(terms_file))
    assert result.exit_code == 0
    assert result.stdout.startswith("glossary index: 4 concepts (")


def test_edit_makes_a_field_human_again(terms_file: Path) -> None:
    with store.editing(terms_file) as doc:
        doc.update("cat-tax", literal="cat · tax", origin={"literal": "dictionary", "pinyin": "rule"})
    assert run("edit", "cat-tax", "--literal", "cat tax", "-g", str(terms_file)).exit_code == 0
    assert store.load(terms_file).get("cat-tax").origin == {"pinyin": "rule"}
    assert run("edit", "cat-tax", "--pinyin", "māoshuì", "-g", str(terms_file)).exit_code == 0
    concept = store.load(terms_file).get("cat-tax")
    assert concept.origin == {} and concept.origin_of("pinyin") == "human"
    assert "origin" not in terms_file.read_text(encoding="utf-8")


def test_every_command_is_mapped_to_its_module() -> None:
    import typer.main

    from glossary.cli import COMMANDS

    assert sorted(typer.main.get_command(app).commands) == sorted(COMMANDS)


def test_the_entry_point_imports_only_the_command_it_runs(terms_file: Path) -> None:
    import subprocess
    import sys

    from glossary.terms.lookup import Lookup

    Lookup(terms_file)  # the index exists: a lookup reads it, never builds it
    code = (
        "import sys; from glossary.cli import main\n"
        f"sys.argv = ['glossary', '--glossary', {str(terms_file)!r}, 'lookup', 'xhs']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('glossary.cli.')))\n"
        "print([m for m in ('jieba', 'genanki', 'argostranslate', 'ruamel', 'pypinyin', 'opencc') if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("小红书 · 小紅書  Xiǎohóngshū  RedNote")
    assert lines[-2] == "['glossary.cli.base', 'glossary.cli.core', 'glossary.cli.output']"  # output: shared helpers
    assert lines[-1] == "[]"

"""Hand edits: clearing a field with its origin, renaming an id with every reference to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from glossary.cli import app
from glossary.curate import edit
from glossary.terms import store

runner = CliRunner()

TERMS = """\
# my glossary
concepts:
  # --- taxes ---
  - id: cat-tax  # the first one
    category: custom
    zh: 猫税
    pinyin: māoshuì
    en: cat tax
    gloss: a tax on cats  # from the dictionary
    note: What pet owners pay.
    related: [dog-tax]
    status: reviewed
    origin: {pinyin: rule, gloss: dictionary}
    confidence: {gloss: medium}
  # --- pets ---
  - id: dog-tax
    zh: 狗税
    en: dog tax
    related:
      - cat-tax  # its elder
    status: reviewed
  - id: bird-tax
    en: bird tax
    related: [cat-tax, dog-tax]
rejected:
  - MORE STORIES
"""


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def terms(tmp_path: Path) -> Path:
    path = tmp_path / "terms.yaml"
    path.write_text(TERMS, encoding="utf-8")
    return path


def test_unset_clears_a_field_and_its_origin_and_confidence(terms: Path) -> None:
    result = run("edit", "cat-tax", "--unset", "gloss", "--note", "", "-g", str(terms))
    assert (result.exit_code, result.stdout) == (0, f"updated cat-tax in {terms}\n"), result.output
    cat = store.load(terms).get("cat-tax")
    assert (cat.gloss, cat.note, cat.origin, cat.confidence) == (None, None, {"pinyin": "rule"}, {})
    text = terms.read_text(encoding="utf-8")
    assert text == TERMS.replace(
        "    gloss: a tax on cats  # from the dictionary\n    note: What pet owners pay.\n", ""
    ).replace(
        "    origin: {pinyin: rule, gloss: dictionary}\n    confidence: {gloss: medium}\n",
        "    origin: {pinyin: rule}\n",
    )


def test_required_fields_cannot_be_cleared(terms: Path) -> None:
    before = terms.read_bytes()
    cases = [
        (
            ("cat-tax", "--unset", "id"),
            "error: cannot clear 'id': it is required (clearable: zh, zh_hant, pinyin, en, "
            "literal, gloss, note, example, refs, related, scope)\n",
        ),
        (
            ("cat-tax", "--unset", "category"),
            "error: cannot clear 'category': it has a default: set another value "
            "instead (clearable: zh, zh_hant, pinyin, en, literal, gloss, note, example, refs, related, scope)\n",
        ),
        (
            ("cat-tax", "--status", ""),
            "error: cannot clear 'status': it has a default: set another value "
            "instead (clearable: zh, zh_hant, pinyin, en, literal, gloss, note, example, refs, related, scope)\n",
        ),
        (
            ("cat-tax", "--unset", "colour"),
            "error: cannot clear 'colour': it is not a field (clearable: zh, zh_hant, "
            "pinyin, en, literal, gloss, note, example, refs, related, scope)\n",
        ),
        (("bird-tax", "--unset", "en"), "error: cannot clear en of bird-tax: a concept needs zh or en\n"),
        (
            ("cat-tax", "--unset", "zh", "--unset", "en"),
            "error: cannot clear zh and en of cat-tax: a concept needs zh or en\n",
        ),
        (("cat-tax", "--unset", "note", "--note", "x"), "error: 'note' is both set and cleared\n"),
    ]
    for args, message in cases:
        result = run("edit", *args, "-g", str(terms))
        assert (result.exit_code, result.stderr) == (2, message), args
    assert terms.read_bytes() == before
    assert run("edit", "cat-tax", "--unset", "en", "-g", str(terms)).exit_code == 0  # zh is left
    assert store.load(terms).get("cat-tax").en is None


def test_renaming_an_id_follows_every_related_reference_and_keeps_comments(terms: Path) -> None:
    dry = run("edit", "cat-tax", "--id", "mao-shui", "--dry-run", "-g", str(terms))
    assert dry.exit_code == 0 and terms.read_text(encoding="utf-8") == TERMS
    assert (dry.stdout.count("\n-"), dry.stdout.count("\n+")) == (3, 4)  # the id and two references (and +++)
    result = run("edit", "cat-tax", "--id", "mao-shui", "-g", str(terms))
    assert (result.exit_code, result.stdout) == (0, f"updated cat-tax (now mao-shui) in {terms}\n"), result.output
    g = store.load(terms)
    assert [c.id for c in g.concepts] == ["mao-shui", "dog-tax", "bird-tax"]
    assert g.get("dog-tax").related == ["mao-shui"] and g.get("bird-tax").related == ["mao-shui", "dog-tax"]
    assert g.rejected == ["MORE STORIES"]
    text = terms.read_text(encoding="utf-8")
    assert "  - id: mao-shui # the first one\n" in text and "      - mao-shui # its elder\n" in text
    assert "cat-tax" not in text


def test_a_rename_to_a_taken_or_malformed_id_changes_nothing(terms: Path) -> None:
    before = terms.read_bytes()
    cases = [
        ("dog-tax", 5, f"error: a concept with id 'dog-tax' already exists in {terms}\n"),
        (
            "Cat Tax",
            2,
            "error: 'Cat Tax' is not an id: lower-case letters, digits and hyphens, a letter or digit first\n",
        ),
        ("cat-tax", 2, "error: cat-tax already has the id 'cat-tax'\n"),
    ]
    for new, code, message in cases:
        result = run("edit", "cat-tax", "--id", new, "-g", str(terms))
        assert (result.exit_code, result.stderr) == (code, message), new
    assert run("edit", "nope", "--id", "x", "-g", str(terms)).exit_code == 3
    assert terms.read_bytes() == before


def test_rename_in_a_whole_parsed_document(terms: Path) -> None:
    with store.editing(terms) as doc:
        doc.raw  # noqa: B018 (the round-trip path bulk callers take)
        assert edit.rename(doc, "dog-tax", "gou-shui") == ["cat-tax", "bird-tax"]
    g = store.load(terms)
    assert g.get("cat-tax").related == ["gou-shui"] and g.get("bird-tax").related == ["cat-tax", "gou-shui"]


@settings(max_examples=25, deadline=None)
@given(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True))
def test_any_valid_new_id_round_trips(tmp_path_factory: pytest.TempPathFactory, new: str) -> None:
    path = tmp_path_factory.mktemp("rename") / "terms.yaml"
    path.write_text(TERMS, encoding="utf-8")
    if new in ("cat-tax", "dog-tax", "bird-tax"):
        return
    with store.editing(path, backup=False) as doc:
        edit.rename(doc, "cat-tax", new)
    with store.editing(path, backup=False) as doc:
        edit.rename(doc, new, "cat-tax")
    assert spaced(path.read_text(encoding="utf-8")) == spaced(TERMS)  # a comment may move by a column


def spaced(text: str) -> str:
    """The text with the spaces before each comment made one."""
    return re.sub(r" +#", " #", text)


def test_remove_takes_the_id_off_every_related_list(terms: Path) -> None:
    result = run("--glossary", str(terms), "remove", "dog-tax")
    assert result.exit_code == 0, result.output
    text = terms.read_text(encoding="utf-8")
    assert "dog-tax" not in text
    assert "related: [cat-tax]" in text  # bird-tax keeps its other link, on one line
    assert "# the first one" in text and "# my glossary" in text
    assert [c.id for c in store.load(terms).concepts] == ["cat-tax", "bird-tax"]
    assert store.load(terms).get("cat-tax").related == []
    assert run("--glossary", str(terms), "validate").exit_code == 0

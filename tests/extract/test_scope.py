"""What extraction lists of the glossary: not its background vocabulary (``scope: background``),
and not a Chinese concept seen only through its everyday English translation."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from glossary.cli import app
from glossary.extract.pipeline import Options, extract
from glossary.terms import store
from glossary.terms.model import Alias, Concept

runner = CliRunner()

WUJIA = Concept(id="wujia", category="concept", scope="background", zh="物价", zh_hant="物價", en="prices")
COST = Concept(id="cost-of-living", category="concept", scope="background", en="cost of living")
CAT_TAX = Concept(id="cat-tax", category="custom", zh="猫税", zh_hant="貓稅", en="cat tax")
GENG = Concept(id="geng", category="slang", zh="梗", zh_hant="梗", en="meme", aliases=[Alias("玩梗", "variant")])
XIEXIE = Concept(
    id="xiexie",
    category="culture",
    zh="谢谢",
    zh_hant="謝謝",
    en="thank you",
    aliases=[Alias("xie xie", "transliteration")],
)
NEW_HOME = Concept(
    id="new-digital-home",
    category="concept",
    zh="新家园",
    en="new digital home",
    aliases=[Alias("new home", "variant")],
)
SECURITY = Concept(id="national-security", category="concept", zh="国家安全", en="national security")
ADD_OIL = Concept(
    id="jiayou", category="slang", zh="加油", zh_hant="加油", en="add oil", aliases=[Alias("add oil", "calque")]
)
GLOSSARY = [WUJIA, COST, CAT_TAX, GENG, XIEXIE, NEW_HOME, SECURITY, ADD_OIL]

ZH = "美国网友在小红书交了猫税，又晒出物价。大家都说物价太低了，都在玩梗。猫税也是玩梗。\n"
EN = (
    "Thank you, wrote one user. New users paid the cat tax and traded memes in their new home.\n"
    "The memes spread fast, a new home for all, and the cost of living came up again: the cost of living,\n"
    "prices and national security. Thank you again, said the cat tax payers, who shouted add oil to each other.\n"
)


def ids(text: str, tmp_path: Path, **options: object) -> list[str]:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    return [c.id for c in extract([str(path)], GLOSSARY, Options(**options))]  # type: ignore[arg-type]


def test_background_concepts_are_known_but_not_listed(tmp_path: Path) -> None:
    found = extract([str(_write(tmp_path, ZH))], GLOSSARY, Options())
    assert "wujia" not in [c.id for c in found]
    assert "cat-tax" in [c.id for c in found]
    # its forms are still the glossary's: 物价 never comes back as a new word
    assert not [c for c in found if "物价" in c.forms]
    assert [c.id for c in extract([str(_write(tmp_path, ZH))], [], Options())].count("wujia") == 0


def test_background_flag_lists_them_after_the_events_terms(tmp_path: Path) -> None:
    found = [c.id for c in extract([str(_write(tmp_path, ZH + EN))], GLOSSARY, Options(background=True))]
    assert "wujia" in found and "cost-of-living" in found
    first_background = min(found.index("wujia"), found.index("cost-of-living"))
    assert found.index("cat-tax") < first_background
    assert found[first_background:] in (["wujia", "cost-of-living"], ["cost-of-living", "wujia"])


def test_an_everyday_english_translation_is_not_evidence_of_a_chinese_concept(tmp_path: Path) -> None:
    found = ids(EN, tmp_path)
    # "memes", "Thank you", "new home" are English words, not the text using 梗, 谢谢 or 新家园
    assert "geng" not in found and "xiexie" not in found and "new-digital-home" not in found
    # an English term of the event (a custom's name), a concept's English name and a calque stand on their own
    assert "cat-tax" in found and "national-security" in found and "jiayou" in found


def test_a_translation_joins_its_concept_when_the_chinese_occurs_too(tmp_path: Path) -> None:
    found = {c.id: c for c in extract([str(_write(tmp_path, ZH + EN))], GLOSSARY, Options())}
    assert sorted(found["geng"].forms) == ["memes", "玩梗"]
    assert "xiexie" not in found  # 谢谢 is not in the text


def test_the_cli_flag_and_the_glossary_field(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    store.save(terms, GLOSSARY)
    assert "scope: background" in terms.read_text(encoding="utf-8")
    corpus = _write(tmp_path, ZH)
    plain = runner.invoke(app, ["extract", str(corpus), "--format", "json", "--glossary", str(terms)])
    assert plain.exit_code == 0
    assert "wujia" not in [c["id"] for c in json.loads(plain.stdout)]
    listed = runner.invoke(app, ["extract", str(corpus), "-f", "json", "--background", "--glossary", str(terms)])
    assert listed.exit_code == 0
    assert [c["id"] for c in json.loads(listed.stdout)][-1] == "wujia"
    # lookup answers a background concept as any other
    card = runner.invoke(app, ["lookup", "物价", "--glossary", str(terms)])
    assert card.exit_code == 0 and card.stdout.startswith("物价 · 物價")


def test_edit_and_validate_know_the_scope(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    store.save(terms, [CAT_TAX])
    before = terms.read_bytes()
    bad = runner.invoke(app, ["edit", "cat-tax", "--scope", "wat", "--glossary", str(terms)])
    assert (bad.exit_code, bad.stderr) == (2, "error: unknown scope 'wat' (expected one of: event, background)\n")
    assert terms.read_bytes() == before
    done = runner.invoke(app, ["edit", "cat-tax", "--scope", "background", "--glossary", str(terms)])
    assert done.exit_code == 0
    assert store.load(terms).concepts[0].background
    assert runner.invoke(app, ["edit", "cat-tax", "--unset", "scope", "--glossary", str(terms)]).exit_code == 0
    assert store.load(terms).concepts[0].scope is None
    terms.write_text(terms.read_text(encoding="utf-8").replace("category: custom", "category: custom\n    scope: wat"))
    result = runner.invoke(app, ["validate", "--glossary", str(terms)])
    assert result.exit_code == 4
    assert f"{terms}:4: concept 'cat-tax': unknown scope 'wat' (expected one of: event, background)" in result.stderr


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "corpus.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_communitys_everyday_description_is_not_its_name(tmp_path: Path) -> None:
    netizens = Concept(
        id="chinese-netizens",
        category="community",
        zh="中国网友",
        en="Chinese netizens",
        aliases=[Alias("Chinese users", "variant"), Alias("Little Red Book users", "variant")],
    )
    path = _write(tmp_path, "Chinese users welcomed them. Chinese users laughed.\n")
    assert [c.id for c in extract([str(path)], [netizens], Options())] == []
    path.write_text("Little Red Book users welcomed them. Little Red Book users laughed.\n", encoding="utf-8")
    assert [c.id for c in extract([str(path)], [netizens], Options())] == ["chinese-netizens"]
    path.write_text("Chinese netizens welcomed them, and Chinese users laughed.\n", encoding="utf-8")
    (found,) = extract([str(path)], [netizens], Options(min_count=1))
    assert (found.id, sorted(found.forms)) == ("chinese-netizens", ["Chinese netizens", "Chinese users"])

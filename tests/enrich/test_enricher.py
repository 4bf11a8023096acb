"""Enrichment: pinyin, characters, CC-CEDICT glosses and proposals, and `glossary enrich`."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from glossary.cli import app
from glossary.dictionary.query import Composer, Dictionary
from glossary.dictionary.romanize import Romanizer
from glossary.enrich.enricher import FIELDS, Enricher, apply, complete, enrich, enrich_file
from glossary.errors import NotFoundError, UsageError
from glossary.terms import store
from glossary.terms.model import Concept
from glossary.text import scripts as chars
from glossary.text.pinyin import to_style
from tests.conftest import REPO

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory: pytest.TempPathFactory) -> Dictionary:
    return Dictionary()


@pytest.fixture(scope="module")
def romanizer(dictionary: Dictionary) -> Romanizer:
    return Romanizer(dictionary)


@pytest.fixture(scope="module")
def curated() -> list[Concept]:
    """The bundled glossary's reviewed concepts (candidates still wait for a person's review)."""
    return [c for c in store.load(REPO / "terms.yaml").concepts if c.status == "reviewed"]


# --- pinyin -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, category, expected",
    [
        ("小红书", "platform", "Xiǎohóngshū"),
        ("字节跳动", "company", "Zìjié Tiàodòng"),
        ("周受资", "person", "Zhōu Shòuzī"),
        ("张一鸣", "person", "Zhāng Yīmíng"),
        ("欧阳娜娜", "person", "Ōuyáng Nànà"),
        ("特朗普", "person", "Tèlǎngpǔ"),
        ("美国最高法院", "court", "Měiguó Zuìgāo Fǎyuàn"),
        ("中国间谍", "meme", "Zhōngguó jiàndié"),
        ("翻墙", "slang", "fānqiáng"),
        ("谢谢", "culture", "xièxie"),
        ("TikTok难民", "community", "TikTok nànmín"),
        ("法案", "law", "Fǎ'àn"),
    ],
)
def test_names_capitalised_common_words_lower_case(
    romanizer: Romanizer, text: str, category: str, expected: str
) -> None:
    assert romanizer.pinyin(text, category=category) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("银行", "yínháng"),
        ("行政令", "xíngzhènglìng"),
        ("长大", "zhǎngdà"),
        ("长城", "Chángchéng"),
        ("重要", "zhòngyào"),
        ("音乐", "yīnyuè"),
        ("快乐", "kuàilè"),
    ],
)
def test_polyphones_resolved_by_context(romanizer: Romanizer, text: str, expected: str) -> None:
    assert romanizer.pinyin(text) == expected


def test_styles(romanizer: Romanizer) -> None:
    assert [romanizer.pinyin("字节跳动", style, "company") for style in ("marks", "numbers", "none", "zhuyin")] == [
        "Zìjié Tiàodòng",
        "Zi4jie2 Tiao4dong4",
        "Zijie Tiaodong",
        "ㄗˋ ㄐㄧㄝˊ ㄊㄧㄠˋ ㄉㄨㄥˋ",
    ]
    assert romanizer.pinyin("绿色", "none") == "lǜsè".replace("ǜ", "ü").replace("è", "e")
    with pytest.raises(UsageError):
        romanizer.pinyin("绿色", "ipa")
    # a hand-set pinyin converts without being re-derived, non-pinyin tokens kept
    assert to_style("TikTok nànmín", "numbers") == "TikTok nan4min2"
    assert to_style("Bǎohù Měiguórén fǎ'àn", "none") == "Baohu Meiguoren fa'an"
    assert to_style("lǜsè", "numbers") == "lv4se4"


def test_hand_set_pinyin_wins_inside_text(dictionary: Dictionary) -> None:
    romanizer = Romanizer(dictionary, known={"小红书": "Xiǎohóngshū", "甄嬛传": "Zhēn Huán Zhuàn"})
    assert romanizer.pinyin("我在小红书上看甄嬛传") == "wǒ zài Xiǎohóngshū shàng kàn Zhēn Huán Zhuàn"
    assert Romanizer(dictionary).pinyin("甄嬛传") != "Zhēn Huán Zhuàn"  # the derived reading differs: the hand wins


def test_agrees_with_the_curated_pinyin(romanizer: Romanizer, curated: list[Concept]) -> None:
    """The derived pinyin matches the hand-written one for nearly every curated term."""

    def loose(p: str) -> str:
        return p.replace(" ", "").replace("-", "").replace("'", "").casefold()

    def dotless(p: str) -> str:  # a foreign name's dot (杰森·西特伦): some curators write it, the romanizer a space
        return p.replace(" · ", " ")

    pairs = [(romanizer.pinyin(c.zh, category=c.category), c.pinyin) for c in curated if c.zh and c.pinyin]
    exact = sum(got == dotless(want) for got, want in pairs)
    close = sum(loose(got) == loose(want) for got, want in pairs)
    assert len(pairs) > 100
    assert exact / len(pairs) >= 0.75, exact
    assert close / len(pairs) >= 0.93, [(g, w) for g, w in pairs if loose(g) != loose(w)]


def test_pinyin_command(terms_file: Path) -> None:
    assert run("pinyin", "小红书", "-g", str(terms_file)).stdout == "Xiǎohóngshū\n"
    assert run("pinyin", "小紅書", "--style", "numbers", "-g", str(terms_file)).stdout == "Xiao3hong2shu1\n"
    assert run("pinyin", "周受资", "-c", "person", "-g", str(terms_file)).stdout == "Zhōu Shòuzī\n"
    assert (
        run("pinyin", "-", "-s", "zhuyin", "-g", str(terms_file), input="谢谢\n你好\n").stdout
        == "ㄒㄧㄝˋ ㄒㄧㄝ˙\nㄋㄧˇ ㄏㄠˇ\n"
    )
    bad = run("pinyin", "小红书", "--style", "ipa")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "error: unknown style 'ipa' (expected one of: marks, numbers, none, zhuyin)\n",
    )
    assert run("pinyin", "hello").stderr == "error: no Chinese characters to romanize\n"


def test_pinyin_lines_in_the_library(terms_file: Path, tmp_path: Path) -> None:
    from glossary.enrich.enricher import glossary_pinyin, pinyin_lines

    assert glossary_pinyin(terms_file)["小紅書"][0] == "Xiǎohóngshū"
    assert glossary_pinyin(tmp_path / "missing.yaml") == {}
    assert pinyin_lines(["小红书", " ", "我在小红书上"], glossary=terms_file) == [
        "Xiǎohóngshū",
        "",
        "wǒ zài Xiǎohóngshū shàng",
    ]


# --- characters -------------------------------------------------------------------------------


def test_both_scripts_phrase_aware(curated: list[Concept]) -> None:
    assert chars.to_traditional("头发") == "頭髮" and chars.to_traditional("发现") == "發現"
    assert chars.to_simplified("頭髮") == "头发" and chars.to_simplified("乾燥") == "干燥"
    mismatched = [c.zh for c in curated if c.zh and chars.to_traditional(c.zh) != c.zh_hant]
    assert len(mismatched) <= 2, mismatched  # 点赞: 點讚 by hand, 點贊 by OpenCC; both are in use
    assert all(chars.to_simplified(c.zh_hant) == c.zh for c in curated if c.zh_hant)


# --- dictionary -------------------------------------------------------------------------------


def test_english_to_chinese_from_definitions(dictionary: Dictionary) -> None:
    assert dictionary.to_chinese("ByteDance")[0].zh == "字节跳动"
    assert dictionary.to_chinese("Cultural Revolution")[0].zh == "文化大革命"  # not the abbreviation 文革
    assert dictionary.to_chinese("refugee")[0].zh == "难民"
    assert dictionary.to_chinese("Lemon8") == []


def test_literal_and_gloss(dictionary: Dictionary) -> None:
    assert dictionary.literal("小红书") == "小 small · 红 red · 书 book"
    assert dictionary.literal("TikTok难民").startswith("TikTok · 难 ")
    assert dictionary.literal("行长", ["háng", "zhǎng"]) != dictionary.literal("行长", ["xíng", "cháng"])
    assert "recommend" in dictionary.gloss("种草")
    assert dictionary.gloss("集美", proper=False, strict=True) is None  # only a place name in the dictionary
    assert dictionary.gloss("RedNote") is None


def test_compositional_proposals(dictionary: Dictionary, curated: list[Concept]) -> None:
    others = [c for c in curated if c.id not in ("tiktok-refugee", "cyber-refugee", "cat-tax")]
    composer = Composer(others, dictionary)
    tiktok = composer.compose("TikTok refugees")
    assert [p.zh for p in tiktok] == ["TikTok难民", "国际版抖音难民"]  # the glossary writes TikTok禁令, TikTok停服
    assert tiktok[0].source == "rule" and "refugee" in tiktok[0].explanation
    assert composer.compose("cyber refugee")[0].zh == "赛博难民"
    assert composer.compose("cat tax")[0].zh == "猫税"
    assert composer.compose("RedNote user")[0].zh == "小红书用户"
    assert composer.compose("Year of the Snake") == []  # not across function words
    assert composer.compose("refugee") == []  # one part is not a composition


# --- enrich -----------------------------------------------------------------------------------


def test_enriches_extraction_candidates(dictionary: Dictionary, curated: list[Concept]) -> None:
    candidates = [
        Concept(id="zijie", category="company", zh="字节跳动"),
        Concept(id="wenge", category="event", en="Cultural Revolution"),
        Concept(id="tt-refugee", category="community", en="TikTok refugee"),
        Concept(id="hongshu", category="platform", zh_hant="小紅書"),
    ]
    others = [c for c in curated if c.id != "tiktok-refugee"]
    changes = enrich(candidates, glossary=others, dictionary=dictionary, mt=False)
    zijie, wenge, refugee, hongshu = candidates
    assert (zijie.zh_hant, zijie.pinyin, zijie.en) == ("字節跳動", "Zìjié Tiàodòng", "ByteDance")
    assert zijie.origin == {
        "zh_hant": "rule",
        "pinyin": "rule",
        "en": "dictionary",
        "gloss": "dictionary",
        "literal": "dictionary",
    }
    assert zijie.gloss.startswith("ByteDance, Beijing-based")
    assert (wenge.zh, wenge.pinyin, wenge.origin["zh"]) == ("文化大革命", "Wénhuà Dàgémìng", "dictionary")
    assert (refugee.zh, refugee.zh_hant, refugee.pinyin, refugee.origin["zh"]) == (
        "TikTok难民",
        "TikTok難民",
        "TikTok nànmín",
        "rule",
    )
    assert (hongshu.zh, hongshu.pinyin, hongshu.literal) == ("小红书", "Xiǎohóngshū", "小 small · 红 red · 书 book")
    assert {c.id for c in changes} == {"zijie", "wenge", "tt-refugee", "hongshu"}
    assert all(c.status == "candidate" for c in candidates)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blanked=st.lists(st.sampled_from(FIELDS), unique=True), index=st.integers(min_value=0, max_value=116))
def test_never_overwrites_a_value(
    dictionary: Dictionary, curated: list[Concept], blanked: list[str], index: int
) -> None:
    """Whatever fields are missing, enrich fills only those; every value already there stays."""
    concept = copy.deepcopy(curated[index])
    for name in blanked:
        setattr(concept, name, None)
    before = copy.deepcopy(concept)
    changes = Enricher(curated, dictionary=dictionary, mt=False).plan([concept])
    apply([concept], changes)
    for name in FIELDS:
        if getattr(before, name):
            assert getattr(concept, name) == getattr(before, name)
    assert {c.field for c in changes} <= {n for n in FIELDS if not getattr(before, n)}
    assert all(concept.origin[c.field] == c.origin for c in changes)
    if before.zh and "zh_hant" in blanked:
        assert concept.zh_hant == chars.to_traditional(before.zh)


def _record(line: str) -> tuple[str, dict[str, str]]:
    """``origin`` and its one-line map, from ``-    origin: {zh: rule, literal: dictionary}``."""
    key, _, value = line[1:].strip().partition(": ")
    items = (item.split(": ", 1) for item in value.strip("{}").split(", ") if ": " in item)
    return key, dict(items)


def _grown_record(line: str, added: list[str]) -> bool:
    """True if a removed ``origin``/``confidence`` line comes back with all its entries and more."""
    key, entries = _record(line)
    if key not in ("origin", "confidence") or not entries:
        return False
    return any(
        k == key and entries.items() < grown.items()
        for k, grown in map(_record, (a for a in added if a.startswith("+    ")))
    )


def test_dry_run_shows_a_diff_and_writes_nothing(tmp_path: Path, bundled_terms: Path) -> None:
    path = tmp_path / "terms.yaml"
    shutil.copyfile(bundled_terms, path)
    before = path.read_bytes()
    result = run("enrich", "--dry-run", "-g", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before
    lines = result.stdout.splitlines()
    assert lines[:2] == ["--- a/terms.yaml", "+++ b/terms.yaml"]
    removed = [l for l in lines[2:] if l.startswith("-")]
    added = [l for l in lines[2:] if l.startswith("+")]
    # nothing the curators wrote is changed: a recorded origin (or confidence) only gains a key
    kept = [line for line in removed if not _grown_record(line, added)]
    assert kept == []
    keys = {l.split(":")[0].strip("+ ") for l in added if not l.startswith("+      - ")}
    # the curated file only lacks glosses and literals (and a proposal for a name it leaves in English)
    assert keys == {"gloss", "literal", "origin", "confidence", "proposals"}
    assert "+    literal: 博 extensive · 主 owner" in lines
    assert "+    origin: {gloss: dictionary, literal: dictionary}" in lines
    assert "+    confidence: {gloss: medium, literal: medium}" in lines
    assert result.stderr.startswith("dry run: would fill ")
    assert result.stderr.rstrip().endswith("; nothing was written")


def test_enrich_writes_keeps_comments_and_is_idempotent(terms_file: Path) -> None:
    text = (
        terms_file.read_text(encoding="utf-8").replace("    zh_hant: 貓稅\n", "").replace("    pinyin: māoshuì\n", "")
    )
    terms_file.write_text(text, encoding="utf-8")
    result = run("enrich", "--id", "cat-tax", "-g", str(terms_file))
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"filled 3 fields in 1 concept of {terms_file} (literal (dictionary) 1, pinyin (rule) 1, zh_hant (rule) 1)\n"
    )
    after = terms_file.read_text(encoding="utf-8")
    assert "# A small glossary for tests. Comments must survive every edit." in after
    assert "  - id: xiaohongshu  # the app itself" in after
    cat = store.load(terms_file).get("cat-tax")
    assert (cat.zh_hant, cat.pinyin, cat.en) == ("貓稅", "māoshuì", "cat tax")
    assert cat.literal == "猫 cat · 税 taxes"  # 猫税 itself is not in CC-CEDICT: no gloss
    assert cat.origin == {"zh_hant": "rule", "pinyin": "rule", "literal": "dictionary"}
    assert store.load(terms_file).get("xiaohongshu").origin == {}  # other concepts untouched
    again = run("enrich", "--id", "cat-tax", "-g", str(terms_file))
    assert again.stderr == "nothing to fill: every field enrich can fill has a value\n"
    assert terms_file.read_text(encoding="utf-8") == after


def test_enrich_options_and_errors(terms_file: Path) -> None:
    before = terms_file.read_bytes()
    assert run("enrich", "--id", "nope", "-g", str(terms_file)).stderr == "error: no concept with id 'nope'\n"
    bad = run("enrich", "--field", "note", "-g", str(terms_file))
    assert (bad.exit_code, bad.stderr) == (
        2,
        "error: cannot fill field 'note' (enrich fills: zh, zh_hant, pinyin, en, gloss, literal, category)\n",
    )
    data = json.loads(run("enrich", "--dry-run", "--json", "--field", "literal", "-g", str(terms_file)).stdout)
    assert data["written"] is False and {c["field"] for c in data["changes"]} == {"literal"}
    assert {c["id"] for c in data["changes"]} == {"tiktok-refugee", "bytedance", "cat-tax"}
    assert terms_file.read_bytes() == before
    with terms_file.open("a", encoding="utf-8") as f:
        f.write("  - id: saibo-maoshui\n    zh: 赛博猫税\n")  # only machine translation can give its English
    before = terms_file.read_bytes()
    no_model = run("enrich", "--mt", "-g", str(terms_file))
    assert (no_model.exit_code, no_model.stderr.split(". ")[0]) == (3, "error: no zh→en translation model installed")
    assert terms_file.read_bytes() == before
    assert run("enrich", "-g", str(terms_file)).exit_code == 0  # without --mt: what the other layers can give
    assert store.load(terms_file).get("saibo-maoshui").en is None


def test_machine_translation_fills_what_the_dictionary_cannot(installed_models: dict, dictionary: Dictionary) -> None:
    candidate = Concept(id="x", category="slang", zh="赛博猫税")
    changes = enrich([candidate], glossary=[], dictionary=dictionary, mt=True)
    assert [c.origin for c in changes if c.field == "en"] == ["mt"]
    assert candidate.en and candidate.origin["en"] == "mt"
    offline = Concept(id="y", category="slang", zh="赛博猫税")
    enrich([offline], glossary=[], dictionary=dictionary)  # machine translation only when asked
    assert offline.en is None
    brand = Concept(id="z", category="app", en="Lemon8")
    assert enrich([brand], glossary=[], dictionary=dictionary, mt=True) == []  # a Latin brand is not translated


def test_enrich_command_uses_the_model_only_with_mt(installed_models: dict, terms_file: Path) -> None:
    with terms_file.open("a", encoding="utf-8") as f:
        f.write("  - id: saibo-maoshui\n    category: slang\n    zh: 赛博猫税\n")
    assert run("enrich", "--id", "saibo-maoshui", "-g", str(terms_file)).exit_code == 0
    assert store.load(terms_file).get("saibo-maoshui").en is None
    result = run("enrich", "--mt", "--id", "saibo-maoshui", "-g", str(terms_file))
    assert result.exit_code == 0 and "en (mt) 1" in result.stdout
    concept = store.load(terms_file).get("saibo-maoshui")
    assert concept.en and concept.origin["en"] == "mt"


def test_add_fills_the_other_script_and_pinyin(terms_file: Path) -> None:
    result = run("add", "--zh", "柠檬8", "--en", "Lemon8", "--category", "app", "-g", str(terms_file))
    assert result.exit_code == 0, result.output
    concept = store.load(terms_file).get("lemon8")
    assert (concept.zh_hant, concept.pinyin, concept.origin) == (
        "檸檬8",
        "Níngméng 8",
        {"zh_hant": "rule", "pinyin": "rule"},
    )
    result = run(
        "add", "--zh-hant", "甄嬛傳", "--pinyin", "Zhēn Huán Zhuàn", "--en", "Empresses", "-g", str(terms_file)
    )
    concept = store.load(terms_file).get("empresses")
    assert (concept.zh, concept.pinyin, concept.origin) == ("甄嬛传", "Zhēn Huán Zhuàn", {"zh": "rule"})
    assert complete(Concept(id="z", en="English only")) == []


def test_select_unknown_id_is_an_error(curated: list[Concept]) -> None:
    from glossary.enrich.enricher import select

    with pytest.raises(NotFoundError):
        select(curated, ["nope"])
    assert [c.id for c in select(curated, ["usa", "xiaohongshu"])] == ["xiaohongshu", "usa"]
    assert enrich_file  # used through the CLI above


# --- Chinese for English names: from evidence only --------------------------------------------


@pytest.mark.parametrize(
    "english, zh, confidence, category",
    [
        ("Sichuan", "四川", "high", "place"),  # the reading spells the name: not 巴蜀
        ("Xinhua", "新华", "high", "organization"),
        ("Wuhan", "武汉", "high", "place"),  # the city, not the historian Wu Han
        ("China", "中国", "medium", None),  # the full name, not the abbreviation 中
    ],
)
def test_a_name_gets_chinese_from_a_proper_name_entry(
    dictionary: Dictionary, english: str, zh: str, confidence: str, category: str | None
) -> None:
    candidate = Concept(id="x", en=english)
    enrich([candidate], glossary=[], dictionary=dictionary)
    assert (candidate.zh, candidate.origin["zh"], candidate.confidence["zh"]) == (zh, "dictionary", confidence)
    assert candidate.category == (category or "other") and not candidate.proposals
    if category:
        assert candidate.origin["category"] == "dictionary"


@pytest.mark.parametrize("english, word", [("Bluesky", "蓝天"), ("Mothership", "母船")])
def test_a_brand_name_is_never_translated_word_by_word(dictionary: Dictionary, english: str, word: str) -> None:
    candidate = Concept(id="x", en=english)
    changes = enrich([candidate], glossary=[], dictionary=dictionary)
    assert candidate.zh is None and candidate.zh_hant is None and candidate.pinyin is None
    [proposal] = candidate.proposals
    assert (proposal.field, proposal.value, proposal.origin, proposal.confidence) == ("zh", word, "dictionary", "low")
    assert [c.field for c in changes if c.proposal] == ["zh"] and not [c for c in changes if not c.proposal]


def test_a_composed_name_is_a_proposal_and_a_composed_term_a_value(
    dictionary: Dictionary, curated: list[Concept]
) -> None:
    name = Concept(id="x", en="Chinese Xiaohongshu")
    term = Concept(id="y", en="RedNote user")
    enrich([name, term], glossary=curated, dictionary=dictionary)
    assert name.zh is None and [(p.value, p.origin) for p in name.proposals] == [("中小红书", "rule")]
    assert (term.zh, term.origin["zh"], term.confidence["zh"]) == ("小红书用户", "rule", "medium")


def test_a_name_the_glossary_knows_takes_its_chinese(dictionary: Dictionary, curated: list[Concept]) -> None:
    candidate = Concept(id="x", en="ByteDance")
    enrich([candidate], glossary=curated, dictionary=dictionary)
    assert (candidate.zh, candidate.origin["zh"], candidate.confidence["zh"]) == ("字节跳动", "glossary", "high")


def test_proposals_are_written_and_valid(dictionary: Dictionary, terms_file: Path) -> None:
    with terms_file.open("a", encoding="utf-8") as f:
        f.write("  - id: bluesky\n    category: app\n    en: Bluesky\n")
    enrich_file(terms_file, ["bluesky"], dictionary=dictionary)
    enrich_file(terms_file, ["bluesky"], dictionary=dictionary)  # the same proposal is not made twice
    concept = store.load(terms_file).get("bluesky")
    assert concept.zh is None and [(p.value, p.confidence) for p in concept.proposals] == [("蓝天", "low")]
    assert "proposals:\n      - {field: zh, value: 蓝天, origin: dictionary, confidence: low" in terms_file.read_text(
        encoding="utf-8"
    )


# --- category from evidence -------------------------------------------------------------------


def _sighted(id: str, sentence: str, **fields: str) -> Concept:
    from glossary.terms.model import Source

    return Concept(id=id, status="candidate", sources=[Source("a.txt", 1, sentence)], **fields)


@pytest.mark.parametrize(
    "fields, sentence, category, cue",
    [
        ({"en": "Lumo"}, "Teenagers moved to the new Chinese app Lumo overnight.", "app", "the new Chinese app Lumo"),
        ({"en": "Quillfeather"}, "Quillfeather, a Shenzhen-based company, built it.", "company", "Quillfeather, a"),
        ({"zh": "好物", "en": "Haowu"}, "好物 (Haowu) is a shopping platform.", "platform", "Haowu) is a"),
        ({"en": "Mira Tan"}, "Fans of influencer Mira Tan laughed.", "person", "influencer Mira Tan"),
        ({"zh": "云栖"}, "云栖公司的新应用很火。", "company", "云栖公司"),
        ({"zh": "青禾"}, "青禾市的网友也来了。", "place", "青禾市"),
    ],
)
def test_a_candidate_named_by_its_own_sentence_gets_that_category(
    dictionary: Dictionary, fields: dict, sentence: str, category: str, cue: str
) -> None:
    concept = _sighted("x", sentence, **fields)
    changes = Enricher([], dictionary=dictionary, fields=["category"]).plan([concept])
    assert [(ch.field, ch.value, ch.origin, ch.confidence) for ch in changes] == [
        ("category", category, "text", "medium")
    ]
    assert cue in changes[0].why


@pytest.mark.parametrize(
    "sentence",
    [
        "二手市场很热闹。",  # 市场 'market' names no city
        "用二手省钱。",  # 省钱 'save money' names no province
        "The app is popular; 二手 is a word.",  # the noun does not stand next to the form
    ],
)
def test_words_that_only_look_like_naming_give_no_category(dictionary: Dictionary, sentence: str) -> None:
    concept = _sighted("x", sentence, zh="二手")
    assert Enricher([], dictionary=dictionary, fields=["category"]).plan([concept]) == []


def test_a_chinese_candidate_takes_its_category_from_a_proper_name_entry(dictionary: Dictionary) -> None:
    place, company, word = (
        _sighted("sichuan", "四川的网友。", zh="四川"),
        _sighted("bytedance", "字节跳动的应用。", zh="字节跳动"),
        _sighted("refugee", "难民来了。", zh="难民"),
    )
    enrich([place, company, word], glossary=[], dictionary=dictionary)
    assert (place.category, place.origin["category"], place.confidence["category"]) == ("place", "dictionary", "medium")
    assert place.pinyin == "Sìchuān"  # and is written as a name
    assert company.category == "company"
    assert word.category == "other" and "category" not in word.origin  # a common word names nothing


def test_a_category_already_set_or_reviewed_is_left_alone(dictionary: Dictionary) -> None:
    sentence = "Teenagers moved to the new Chinese app Lumo overnight."
    set_already = _sighted("x", sentence, en="Lumo", category="platform")
    reviewed = _sighted("y", sentence, en="Lumo")
    reviewed.status = "reviewed"
    assert Enricher([], dictionary=dictionary, fields=["category"]).plan([set_already, reviewed]) == []

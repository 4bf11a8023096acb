"""Lookup folds what writers vary inside a phrase: a query that is a word of a longer form, plurals
and possessives inside a phrase, English verb inflections, titles before names, and the orders of
a person's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from glossary.cli import app
from glossary.terms.index import bare_form, form_parts
from glossary.terms.lookup import EXACT, Lookup
from glossary.text.names import name_orders, untitled
from glossary.text.normalize import IRREGULAR, fold, stem, stem_key

TERMS = """\
concepts:
  - {id: extension, category: policy, zh: 75天宽限期, zh_hant: 75天寬限期, en: 75-day grace period}
  - {id: spy-friend, category: meme, zh: 我是你的中国间谍朋友, en: I am your Chinese spy friend}
  - {id: chinese-spy, category: meme, zh: 中国间谍, en: Chinese spy}
  - {id: tiktok-refugee, category: nickname, zh: TikTok难民, en: TikTok refugee}
  - {id: flock-to, category: slang, en: flock to}
  - {id: cat-tax, category: custom, zh: 猫税, en: cat tax, aliases: [{text: pay the cat tax, kind: variant}]}
  - {id: scrolling, category: slang, en: doomscrolling on RedNote}
  - {id: fengjin, category: policy, zh: 封禁, en: ban (block), aliases: [{text: to ban, kind: translation}]}
  - {id: usa, category: place, zh: 美国, en: United States}
  - {id: trump, category: person, zh: 特朗普, en: Donald Trump, aliases: [{text: 川普, kind: variant}]}
  - {id: marco-rubio, category: person, zh: 鲁比奥, en: Marco Rubio}
  - {id: shou-zi-chew, category: person, zh: 周受资, en: Shou Zi Chew}
  - {id: zhang-yiming, category: person, zh: 张一鸣, en: Zhang Yiming}
  - {id: rupert-murdoch, category: person, zh: 默多克, en: Rupert Murdoch}
  - {id: lachlan-murdoch, category: person, zh: 拉克兰·默多克, en: Lachlan Murdoch}
  - {id: president-trump-meme, category: meme, en: President Trump's TikTok}
  - {id: zhiren, category: slang, zh: 殖人, en: colonised minds}
  - {id: data-center, category: concept, en: data center}
  - {id: app-store, category: app, zh: 苹果应用商店, en: App Store}
  - {id: pafaca, category: law, zh: 保护美国人免受外国对手控制应用程序侵害法案, en: PAFACA}
  - {id: china-made-apps, category: concept, zh: 中制APP, en: China-made apps}
"""


@pytest.fixture(scope="module")
def finder(tmp_path_factory: pytest.TempPathFactory) -> Lookup:
    path = tmp_path_factory.mktemp("folds") / "terms.yaml"
    path.write_text(TERMS, encoding="utf-8")
    return Lookup(path)


def best(finder: Lookup, query: str) -> tuple[str, float]:
    m = finder.lookup(query, dictionary=False)[0]
    return m.id, m.score


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("寬限期", "extension"),  # a Chinese word of a longer traditional form
        ("宽限期", "extension"),
        ("grace period", "extension"),  # English words of a longer form
        ("间谍朋友", "spy-friend"),
        ("grace periods", "extension"),
    ],
)
def test_a_word_of_a_longer_form_answers_below_an_exact_hit(finder: Lookup, query: str, concept: str) -> None:
    found, score = best(finder, query)
    assert found == concept
    assert 0.7 <= score < EXACT


def test_the_exact_form_ranks_before_the_longer_form_holding_it(finder: Lookup) -> None:
    scores = {m.id: m.score for m in finder.lookup("Chinese spy", dictionary=False)}
    assert scores["chinese-spy"] == 1.0 > scores["spy-friend"] >= 0.7


@pytest.mark.parametrize("query", ["天宽", "ace period", "限期", "the", "your", "day", "is your", "我是"])
def test_only_whole_words_of_a_longer_form_are_parts(finder: Lookup, query: str) -> None:
    """Cut inside a word (天宽, ace period), a function word (the, your, 我是) or one everyday English word (day)."""
    assert all(m.score < 0.7 for m in finder.lookup(query, dictionary=False))


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("Chinese spies' memes", "chinese-spy"),  # a plural, then a possessive, inside a longer query
        ("TikTok refugees' posts", "tiktok-refugee"),
        ("Chinese spy's memes", "chinese-spy"),
        ("cat taxes", "cat-tax"),
        ("flocking to", "flock-to"),  # verb inflections, the glossary writing the base form
        ("flocked to", "flock-to"),
        ("flocks to", "flock-to"),
        ("paying the cat tax", "cat-tax"),
        ("paid the cat tax", "cat-tax"),  # an irregular past
        ("doomscroll on RedNote", "scrolling"),  # … and the glossary writing an inflected form
        ("doomscrolled on RedNote", "scrolling"),
        ("banned", "fengjin"),  # the form without its bracketed qualifier (ban (block)), inflected
        ("banning", "fengjin"),
        ("ban", "fengjin"),
        ("flocking to RedNote", "flock-to"),  # an inflected known term inside a longer query
        ("colonized mind", "zhiren"),  # American spelling of a British form …
        ("data centres", "data-center"),  # … and British of an American one
        ("中国间谍们", "chinese-spy"),  # the plural 们
    ],
)
def test_inflections_and_plurals_inside_a_phrase(finder: Lookup, query: str, concept: str) -> None:
    found, score = best(finder, query)
    assert found == concept
    assert score >= 0.7


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("TiTok难民", "tiktok-refugee"),
        ("TikTokk难民", "tiktok-refugee"),
        ("保護美國人免受外國對手控制應用法案", "pafaca"),  # a long Chinese name worded otherwise
    ],
)
def test_typos_beside_chinese_and_in_a_long_chinese_name(finder: Lookup, query: str, concept: str) -> None:
    found, score = best(finder, query)
    assert found == concept
    assert 0.7 <= score < EXACT


def test_a_short_chinese_word_is_never_a_typo(finder: Lookup) -> None:
    assert finder.lookup("中国间碟", dictionary=False) == []  # four characters, one of them wrong


@pytest.mark.parametrize(("query", "concept"), [("苹果App商店", "app-store"), ("中制应用", "china-made-apps")])
def test_app_and_its_chinese(finder: Lookup, query: str, concept: str) -> None:
    """Chinese writers write 应用 (or 软件) and "App" alike: the same form, or one written the other way."""
    found, score = best(finder, query)
    assert found == concept
    assert score >= 0.95


def test_the_plural_men_closes_a_chinese_phrase_after_its_head(finder: Lookup) -> None:
    assert best(finder, "中国间谍们") == ("chinese-spy", pytest.approx(0.55 + 0.35 * 4 / 5))


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("President Trump", "trump"),
        ("President-elect Trump", "trump"),
        ("former President Donald Trump's", "trump"),
        ("Mr. Trump", "trump"),
        ("Senator Marco Rubio", "marco-rubio"),
        ("Sen. Rubio", "marco-rubio"),  # title and surname alone
        ("Secretary of State Marco Rubio", "marco-rubio"),
        ("TikTok CEO Shou Chew", "shou-zi-chew"),
        ("特朗普总统", "trump"),  # Chinese titles after the name …
        ("川普總統", "trump"),
        ("美国总统特朗普", "trump"),  # … and before it
        ("美国参议员鲁比奥", "marco-rubio"),
        ("Shou Chew", "shou-zi-chew"),  # the first and last names only
        ("Chew Shou Zi", "shou-zi-chew"),  # family name first
        ("Chew", "shou-zi-chew"),  # the family name alone
        ("Yiming Zhang", "zhang-yiming"),  # given name first
        ("Donald J. Trump", "trump"),  # a middle initial the glossary leaves out
    ],
)
def test_titles_and_name_orders_find_the_person(finder: Lookup, query: str, concept: str) -> None:
    found, score = best(finder, query)
    assert found == concept
    assert score >= 0.7


def test_a_title_only_ever_finds_a_person(finder: Lookup) -> None:
    """美国参议员 is a senator of the United States: no person, and not the country either."""
    assert all(m.id != "usa" or m.score < 0.7 for m in finder.lookup("美国参议员", dictionary=False))
    assert best(finder, "President Trump's TikTok")[0] == "president-trump-meme"  # a form with the title wins whole


def test_a_shared_family_name_answers_both_people_below_an_exact_hit(finder: Lookup) -> None:
    matches = finder.lookup("Murdoch", dictionary=False)
    assert {m.id for m in matches[:2]} == {"rupert-murdoch", "lachlan-murdoch"}
    assert all(m.score < EXACT for m in matches)


def test_cli_lookup_shows_the_person_behind_a_title(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(TERMS, encoding="utf-8")
    result = CliRunner().invoke(app, ["lookup", "Senator Marco Rubio", "-g", str(path), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data[0]["id"], data[0]["score"], data[0]["matched"]) == ("marco-rubio", 0.97, "Marco Rubio")
    card = CliRunner().invoke(app, ["lookup", "寬限期", "-g", str(path)])
    assert card.exit_code == 0
    assert card.stdout.startswith("宽限期 · 寬限期  kuānxiànqī  grace period\n[CC-CEDICT dictionary entry]\n")
    assert (
        "\n 2. 75天宽限期  75-day grace period  (glossary, 0.78)" in card.stdout
    )  # the word first, then the form holding it
    words = CliRunner().invoke(app, ["lookup", "flocking to", "-g", str(path), "--json"])
    assert [m["id"] for m in json.loads(words.stdout)] == ["flock-to"]
    for query, concept in (("Chew Shou Zi", "shou-zi-chew"), ("美国总统特朗普", "trump"), ("苹果App商店", "app-store")):
        found = CliRunner().invoke(app, ["lookup", query, "-g", str(path), "--json", "--limit", "1"])
        assert (found.exit_code, [m["id"] for m in json.loads(found.stdout)]) == (0, [concept]), query


# --- the primitives ---------------------------------------------------------------------------


def test_form_parts_and_bare_forms() -> None:
    assert form_parts("75天寬限期") == ["寬限期"]
    assert "graceperiod" in form_parts("75-day grace period")
    assert form_parts("Chinese spy") == ["chinese", "spy"]
    assert form_parts("cat tax") == []  # one everyday English word alone is no part
    assert form_parts("refugee") == []
    assert form_parts("TikTok refugee") == ["tiktok", "refugee"]
    assert (bare_form("run (emigrate)"), bare_form("(block)"), bare_form("小红书 (app)")) == ("run", None, None)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Chief Justice John Roberts", "John Roberts"),
        ("U.S. Senator Ed Markey", "Ed Markey"),
        ("First Lady Melania Trump", "Melania Trump"),
        ("Chinese Foreign Ministry spokesperson Mao Ning", "Mao Ning"),
        ("TikTok首席执行官周受资", "周受资"),
        ("周受资先生", "周受资"),
        ("前总统拜登", "拜登"),
        ("Chinese spy", None),
        ("Justice", None),
        ("总统府", None),
        ("", None),
    ],
)
def test_untitled(query: str, name: str | None) -> None:
    assert untitled(query) == name


# --- properties --------------------------------------------------------------------------------

CONSONANT = st.sampled_from("bcdfgjkmnprtv")
ONSET = st.lists(CONSONANT, min_size=1, max_size=2).map("".join)
VOWEL = st.sampled_from("aeiou")


def _regular(word: str) -> bool:
    return word not in IRREGULAR and word not in IRREGULAR.values()


@given(
    onset=ONSET, vowel=VOWEL, coda=st.tuples(CONSONANT, CONSONANT).filter(lambda c: c[0] != c[1] and c != ("b", "l"))
)
def test_every_regular_form_of_a_word_has_its_stem(onset: str, vowel: str, coda: tuple[str, str]) -> None:
    """flock: flocks, flocked, flocking; bake: bakes, baked, baking; ban: bans, banned, banning."""
    clustered = onset + vowel + "".join(coda)
    silent = onset + vowel + coda[0] + "e"
    short = onset + vowel + coda[0]
    for word, forms in (
        (clustered, (clustered + "s", clustered + "ed", clustered + "ing")),
        (silent, (silent + "s", silent + "d", silent[:-1] + "ing")),
        (short, (short + "s", short + coda[0] + "ed", short + coda[0] + "ing")),
    ):
        if _regular(word) and all(map(_regular, forms)):
            assert {stem(f) for f in forms} == {stem(word)}, (word, forms)


WORD = st.text(alphabet=st.sampled_from("abcdefghilmnoprstuy'’ -"), min_size=1, max_size=12)


@settings(max_examples=200)
@given(words=st.lists(WORD, min_size=1, max_size=5))
def test_stem_key_folds_a_phrase_word_by_word(words: list[str]) -> None:
    """A phrase's stem key is its words' stems joined: the same key whatever the spacing, case or hyphens."""
    phrase = " ".join(words)
    key = stem_key(phrase) or fold(phrase)
    assert key == (stem_key(phrase.upper().replace(" ", "-")) or fold(phrase.upper().replace(" ", "-")))


NAME = st.lists(
    st.sampled_from(["Shou", "Zi", "Chew", "Marco", "Rubio", "J.", "O'Leary", "小红书"]), min_size=1, max_size=5
)


@given(words=NAME, title=st.sampled_from(["", "President ", "Sen. ", "Mr. ", "TikTok CEO ", "总统", "前总统"]))
def test_names_and_titles_never_invent_words(words: list[str], title: str) -> None:
    """What is left of a titled name is the end of the query; another order of a name has the same words."""
    query = title + " ".join(words)
    rest = untitled(query)
    assert rest is None or (query.strip().endswith(rest) and len(rest) < len(query.strip()))
    for other in name_orders(" ".join(words)):
        assert sorted(other.split()) != sorted(words) or other != " ".join(words)
        assert set(other.split()) <= set(words)

"""Each linking rule on its own, and the guarantee that glossary concepts are never merged."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.extract.candidates import Form
from glossary.extract.link import Linker, calque, english_words, pinyin_keys
from glossary.extract.mentions import Kind
from glossary.extract.pipeline import Scanner, Tally
from glossary.extract.readers import Unit
from glossary.terms.model import Alias, Concept


def forms(*texts: str, kinds: int = 0) -> dict[str, Form]:
    return {
        t: Form(t, 2, kinds, [("corpus.txt", n + 1, f"a sentence with {t}", None, None)]) for n, t in enumerate(texts)
    }


def pairs(links) -> set[tuple[str, str, str]]:
    return {(link.rule, *sorted((link.a, link.b))) for link in links}


def test_variant_rule_case_spaces_hyphens_plurals_hashtags() -> None:
    linker = Linker([])
    links = linker.variant_links(
        forms("RedNote", "Red Note", "Rednote", "red-note", "TikTok refugees", "#TikTokRefugee", "TikTok")
    )
    # each joins the group's first form (the commonest; here all are seen twice, so the first by name)
    assert pairs(links) == {
        ("variant", "Red Note", "RedNote"),
        ("variant", "Red Note", "Rednote"),
        ("variant", "Red Note", "red-note"),
        ("variant", "#TikTokRefugee", "TikTok refugees"),
    }
    joined = linker.link(
        forms("RedNote", "Red Note", "Rednote", "red-note", "TikTok refugees", "#TikTokRefugee", "TikTok"), {}
    )
    assert sorted(sorted(c.forms) for c in joined) == [
        ["#TikTokRefugee", "TikTok refugees"],
        ["Red Note", "RedNote", "Rednote", "red-note"],
        ["TikTok"],
    ]
    for link in linker.variant_links(forms("RedNote", "Red Note")):
        assert link.rule == "variant" and link.evidence and link.path == "corpus.txt"


def test_traditional_rule() -> None:
    links = Linker([]).traditional_links(forms("小红书", "小紅書", "字節跳動"))
    assert pairs(links) == {("traditional", "小紅書", "小红书")}


def test_pinyin_rule_ignores_tones_spacing_and_case() -> None:
    linker = Linker([])
    links = linker.pinyin_links(
        forms("小红书", "Xiaohongshu", "Xiǎo hóng shū", "XIAOHONGSHU", "吕翔", "Lyu Xiang", "RedNote")
    )
    assert pairs(links) == {
        ("pinyin", "Xiaohongshu", "小红书"),
        ("pinyin", "Xiǎo hóng shū", "小红书"),
        ("pinyin", "XIAOHONGSHU", "小红书"),
        ("pinyin", "Lyu Xiang", "吕翔"),
    }
    assert all(link.detail.startswith("pypinyin: ") for link in links)
    assert "lvxiang" in pinyin_keys("吕翔") and "luxiang" in pinyin_keys("吕翔")


def test_pinyin_rule_gives_a_homophone_to_the_commoner_form() -> None:
    found = forms("小红书", "小红薯", "Xiaohongshu")
    found["小红书"].count = 40
    links = Linker([]).pinyin_links(found)
    assert pairs(links) == {("pinyin", "Xiaohongshu", "小红书")}


def test_calque_rule_through_character_glosses() -> None:
    linker = Linker([])
    links = linker.calque_links(
        forms("小红书", "Little Red Book", "薯队长", "Captain Potato", "Red Book Club", "对账", "checking the accounts")
    )
    assert pairs(links) == {
        ("calque", "Little Red Book", "小红书"),
        ("calque", "Captain Potato", "薯队长"),
        ("calque", "checking the accounts", "对账"),
    }
    detail = next(l.detail for l in links if l.b == "Little Red Book")
    assert detail == "CC-CEDICT glosses: 小 little · 红 red · 书 book"
    assert english_words("King of Knowing") == ["king", "know"]
    assert calque("懂王", ["king", "know"], linker.glosses) is not None  # word order may differ
    assert calque("小红书", ["big", "red", "book"], linker.glosses) is None


def test_dictionary_rule_from_cc_cedict() -> None:
    links = Linker([]).dictionary_links(forms("字节跳动", "ByteDance", "微信", "WeChat", "抖音", "Douyin", "Lemon8"))
    assert pairs(links) == {
        ("dictionary", "ByteDance", "字节跳动"),
        ("dictionary", "WeChat", "微信"),
        ("dictionary", "Douyin", "抖音"),
    }
    assert next(l.detail for l in links if l.b == "ByteDance").startswith("CC-CEDICT: 字节跳动 /ByteDance")


def test_glossary_rule_joins_every_form_of_a_concept() -> None:
    concept = Concept(
        id="xiaohongshu",
        zh="小红书",
        en="RedNote",
        aliases=[Alias("Little Red Book", "calque"), Alias("XHS", "abbreviation")],
    )
    links = Linker([concept]).glossary_links(forms("XHS", "小红书", "little red books", "Weibo"))
    assert pairs(links) == {("glossary", "XHS", "小红书"), ("glossary", "XHS", "little red books")}
    assert links[0].detail == "both are forms of 'xiaohongshu' in the glossary"


def statements_of(text: str, concepts=()) -> set[tuple]:
    tally = Tally()
    Scanner(list(concepts)).scan(Unit("t.txt", 1, text), tally)
    return {key[:2] for key in tally.statements}


def test_statements_in_english() -> None:
    assert ("Xiaohongshu", "RedNote") in statements_of(
        "Users flocked to Xiaohongshu, known in English as RedNote, this week."
    )
    assert ("English corner", "英语角") in statements_of("He runs an English corner (英语角) every night.")
    assert ("Xiaohongshu", "little red book") in statements_of(
        'Xiaohongshu, which literally means "little red book", is popular.'
    )
    assert ("Center for China and Globalization", "CCG") in statements_of(
        "Experts at the Center for China and Globalization (CCG) agreed."
    )
    assert ("小红书", "Little Red Book") in statements_of("Older articles say 小红书, also called Little Red Book.")
    # "dubbed" links only across scripts: on its own it names the coinage
    assert statements_of('Americans flocking to Xiaohongshu were dubbed "TikTok refugees".') == {
        (None, "TikTok refugees")
    }
    assert ("薯队长", "Captain Potato") in statements_of("Its official account 薯队长 (Captain Potato) said hello.")
    # past a bracket of pinyin or characters to the form before it
    assert ("jiayou", "add oil") in statements_of('They cheer with jiayou (加油), which literally means "add oil".')


def test_statements_in_chinese() -> None:
    assert ("小红书用户", "小红薯") in statements_of("小红书用户又称“小红薯”。")
    assert ("小红书的用户", "小红薯") not in statements_of("小红书的用户俗称小红薯。")
    assert ("用户", "小红薯") in statements_of("小红书的用户俗称小红薯。")
    assert ("小红薯", "小红书用户") in statements_of("小红薯即小红书用户，来自谐音。")
    assert ("全球化智库", "CCG") in statements_of("全球化智库（CCG）的研究人员认为如此。")
    assert ("小红书", "RedNote") in statements_of("大批用户涌入中国社交平台小红书（RedNote）。")
    assert ("小红书", "RedNote") in statements_of("小红书英文名RedNote，由毛文超创立。")
    # 被称为 across scripts links; within one script it only names the form
    assert ("小红书", "RedNote") in statements_of("小红书被外国网友称为RedNote。")
    assert statements_of("他们被称为TikTok难民。") == {(None, "TikTok难民")}
    # 即 in 即将 is not a cue; 网友也叫它 XHS names XHS without making 网友 its subject
    assert statements_of("美国最高法院即将作出裁决。") == set()
    assert statements_of("中国网友也叫它XHS。") == {(None, "XHS")}
    # verbs and the like at the far end of a stretch are not part of the form
    assert statements_of("评论区有人回答，要用梯子，即VPN。") == {("梯子", "VPN")}


def test_links_never_merge_two_glossary_concepts() -> None:
    glossary = [
        Concept(id="xiaohongshu", zh="小红书", en="RedNote"),
        Concept(id="xiaohongshu-user", zh="小红薯", en="Xiaohongshu user"),
    ]
    found = forms("小红书", "小红薯", "RedNote")
    statements = {("小红书", "小红薯", "又称", "alias"): [1, ("t.txt", 1, "小红书又称小红薯")]}
    concepts = Linker(glossary).link(found, statements)
    assert sorted(sorted(c.forms) for c in concepts) == [["RedNote", "小红书"], ["小红薯"]]
    assert {c.id for c in concepts} == {"xiaohongshu", "xiaohongshu-user"}


def test_statement_links_carry_their_sentence() -> None:
    found = forms("Xiaohongshu", "RedNote", kinds=Kind.STATEMENT)
    statements = {
        ("Xiaohongshu", "RedNote", "known in English as", "alias"): [
            2,
            ("news.txt", 7, "Xiaohongshu, known in English as RedNote."),
        ]
    }
    (concept,) = Linker([]).link(found, statements)
    (link,) = concept.links
    assert (link.rule, link.a, link.b, link.path, link.line) == ("statement", "Xiaohongshu", "RedNote", "news.txt", 7)
    assert link.evidence == "Xiaohongshu, known in English as RedNote."
    assert link.detail == "the text says so: 'known in English as' (2 times)"


def test_variant_rule_joins_a_verb_object_phrase_and_its_object() -> None:
    linker = Linker([])
    links = linker.variant_links(forms("猫税", "交猫税", "缴猫税", "交通", "狗税"))
    assert pairs(links) == {("variant", "交猫税", "猫税"), ("variant", "交猫税", "缴猫税")}
    assert all("verb + object" in link.detail for link in links)
    assert sorted(sorted(c.forms) for c in linker.link(forms("猫税", "交猫税", "缴猫税"), {})) == [
        ["交猫税", "猫税", "缴猫税"]
    ]


def test_alike_but_distinct_concepts_are_related_not_merged() -> None:
    linker = Linker([])
    found = linker.link(forms("cat tax", "dog tax", "猫税", "狗税", "TikTok难民", "TikTok难民潮", "中国", "美国"), {})
    by_form = {form: c for c in found for form in c.forms}
    # each English name joins its Chinese by calque, and nothing more is merged
    assert sorted(sorted(c.forms) for c in found if len(c.forms) > 1) == [["cat tax", "猫税"], ["dog tax", "狗税"]]
    assert len(found) == 6
    assert by_form["dog tax"].id in by_form["cat tax"].related and by_form["cat tax"].id in by_form["dog tax"].related
    assert by_form["狗税"].id in by_form["猫税"].related
    assert by_form["TikTok难民潮"].id in by_form["TikTok难民"].related
    # dictionary words that share a character are not coinages of one pattern
    assert by_form["美国"].id not in by_form["中国"].related
    assert by_form["TikTok难民"].to_json()["related"] == by_form["TikTok难民"].related


def test_stated_aliases_link_and_stay_out_of_the_form() -> None:
    # a cue inside a bracket is not part of the form it names, in either script
    stated = statements_of("下周起TikTok（亦稱TT）可能停止服务。")
    assert ("TikTok", "TT") in stated and not any("亦" in (form or "") for pair in stated for form in pair)
    assert ("TikTok", "TT") in statements_of("下週起TikTok（又稱為TT）可能停止服務。")
    assert ("Xiaohongshu", "RedNote") in statements_of("Many joined Xiaohongshu (also known as RedNote) last week.")
    assert ("Xiaohongshu", "RedNote") in statements_of("Many joined Xiaohongshu (sometimes called RedNote) last week.")
    assert ("小紅書", "小紅薯") in statements_of("小紅書的用戶多，小紅書又稱小紅薯。")
    assert ("TikTok難民", "洋抖難民") in statements_of("美國的TikTok難民簡稱洋抖難民。")
    # who names it (網友) is not what is named
    assert statements_of("美國的TikTok難民被網友簡稱為洋抖難民。") == {(None, "洋抖難民")}
    # 英譯中 is "English into Chinese", not a cue
    assert statements_of("公司正在開發英譯中工具。") == set()


def test_naming_framing_words_never_become_forms() -> None:
    named = statements_of("Some RedNote users (网络戏称“洋抖难民”) arrived.")
    assert any(x and x.endswith("RedNote users") and y == "洋抖难民" for x, y in named)
    assert not any("戏称" in (form or "") for pair in named for form in pair)
    # 这群人 points back at who is named: it is not a form of the name
    assert statements_of("这群人被称为“TikTok refugees”。") == {(None, "TikTok refugees")}


def test_a_stated_gloss_is_the_english_without_its_framing_words() -> None:
    for text in (
        "The slang 摆烂 (literally means letting it rot) spread fast.",
        "The slang 摆烂 (means letting it rot) spread fast.",
        "The slang 摆烂 (which translates to letting it rot) spread fast.",
    ):
        glosses = {y for _, y in statements_of(text)}
        assert "letting it rot" in glosses, text
        assert not any(g.lower().startswith(("means", "literally", "which", "translates")) for g in glosses), text


def test_two_names_one_cue_gives_are_one_concept() -> None:
    stated = statements_of("新来的人被叫做“薯条”。也有人叫他们“薯友”或“薯子”。")
    assert ("薯友", "薯子") in stated
    assert statements_of("他们叫它们来吃饭。") == set()  # 叫 + pronoun without a quoted name names nothing


def test_a_nickname_one_character_longer_is_related_not_joined() -> None:
    found = Linker([]).link(forms("小红薯", "红薯"), {})
    by_form = {form: c for c in found for form in c.forms}
    assert len(found) == 2 and by_form["小红薯"].related == [by_form["红薯"].id]
    assert by_form["红薯"].related == [by_form["小红薯"].id]


def test_a_gloss_stated_in_english_or_directly() -> None:
    assert ("Xiaohongshu", "Little Red Book") in statements_of(
        'Xiaohongshu, which in English means "Little Red Book", grew fast.'
    )
    assert ("Douyin", "shaking sound") in statements_of('We use Douyin, which roughly translates as "shaking sound".')


def test_a_quoted_name_before_its_bracketed_translation() -> None:
    assert ("TikTok Refugee", "TikTok 难民") in statements_of('The tag "TikTok Refugee" (TikTok 难民) spread.')
    assert statements_of("那天（下 午）很忙。") == set()  # no space inside a Chinese form


def test_a_toned_spelling_goes_to_the_characters_read_with_its_tones() -> None:
    found = forms("小红书", "小紅薯", "Xiǎohóngshū")
    found["小红书"].count = 40
    links = Linker([]).pinyin_links(found)
    assert pairs(links) == {("pinyin", "Xiǎohóngshū", "小红书")}


def test_two_names_in_apposition_after_or_are_one_thing() -> None:
    assert ("Xiaohongshu", "RedNote") in statements_of('Users of Xiaohongshu, or "RedNote," have joined.')
    assert ("Xiaohongshu", "RedNote") in statements_of("Users of Xiaohongshu, or RedNote, have joined.")
    # a list, a choice ending a sentence and a lower-case alternative are not names of one thing
    assert statements_of("They tried Reels, Shorts, or RedNote, and stayed.") == set()
    assert statements_of("Do you pick TikTok, or RedNote?") == set()
    assert statements_of("They left TikTok, or RedNote, or Lemon8, for good.") == set()
    assert statements_of("They bought a phone, or a tablet, that day.") == set()


def test_a_possessed_noun_joins_its_name() -> None:
    found = Linker([]).link(forms("Chinese spy", "Chinese spies", "my Chinese spy", "my spy", "TikTok"), {})
    assert sorted(sorted(c.forms) for c in found) == [
        ["Chinese spies", "Chinese spy", "my Chinese spy", "my spy"],
        ["TikTok"],
    ]
    assert next(c for c in found if "my spy" in c.forms).en == "Chinese spy"
    # "my spy" is left alone when two names end in "spy"
    found = Linker([]).link(forms("Chinese spy", "American spy", "my spy"), {})
    assert sorted(sorted(c.forms) for c in found) == [["American spy"], ["Chinese spy"], ["my spy"]]


def test_an_everyday_alias_seen_once_is_not_evidence_of_its_concept() -> None:
    blogger = Concept(id="blogger", zh="博主", en="blogger", aliases=[Alias("creator", "translation")])
    exodus = Concept(id="exodus", en="digital exodus", aliases=[Alias("exodus", "variant")])
    glossary = [blogger, exodus, Concept(id="meme", zh="梗", en="meme")]

    def seen(text: str, count: int, zipf: float, kinds: int = Kind.GLOSSARY) -> Form:
        return Form(text, count, kinds, [("a.txt", 1, text, None, None)], zipf=zipf)

    found = {
        "creator": seen("creator", 1, 4.2),  # "ByteDance, the creator of TikTok"
        "exodus": seen("exodus", 2, 3.7),  # twice: kept
        "memes": seen("memes", 1, 3.8),  # the concept's own English: kept
    }
    assert sorted(c.id for c in Linker(glossary).link(found, {})) == ["exodus", "meme"]
    # named by a statement, or rare in general language, an alias stands on one occurrence
    found = {"creator": seen("creator", 1, 4.2, Kind.GLOSSARY | Kind.STATEMENT)}
    assert [c.id for c in Linker(glossary).link(found, {})] == ["blogger"]
    assert [c.id for c in Linker(glossary, min_count=1).link({"creator": seen("creator", 1, 4.2)}, {})] == ["blogger"]
    # a name in lower case ("app store download charts") is the everyday phrase; as written, the name
    store = [Concept(id="app-store", en="App Store")]
    assert Linker(store).link({"app store": seen("app store", 1, 4.6)}, {}) == []
    assert [c.id for c in Linker(store).link({"App Store": seen("App Store", 1, 4.6)}, {})] == ["app-store"]


def test_a_name_given_beside_a_name_links_in_one_script() -> None:
    assert ("Xiaohongshu", "RedNote") in statements_of('Users of Xiaohongshu, nicknamed "RedNote", came.')
    assert ("Xiaohongshu", "Little Red Book") in statements_of("Xiaohongshu, also called Little Red Book, grew.")
    # an everyday word before the cue is who is named, not a name: the coinage stands alone
    assert statements_of('Some users, dubbed "TikTok refugees", came.') == {(None, "TikTok refugees")}


def test_self_naming_cues_make_the_coinage_a_candidate() -> None:
    assert statements_of('Some "TikTok refugees," as they call themselves, said hi.') == {(None, "TikTok refugees")}
    assert statements_of('It is due to the self-proclaimed "TikTok refugees" from the US.') == {
        (None, "TikTok refugees")
    }
    assert statements_of('The so-called "cat tax" spread.') == {(None, "cat tax")}
    # an everyday word so named is no form
    assert statements_of('Users styling themselves "refugees" came.') == set()
    # the quoted name a few words after its cue
    assert statements_of('A custom affectionately termed paying the "cat tax." Others') == {(None, "cat tax")}
    assert statements_of('He called it, in "cat tax" terms.') == set()


def test_a_surname_alone_joins_the_one_full_name_it_ends() -> None:
    found = forms("Alexis Garman", "Donald Trump", "Garman", "Trump", kinds=Kind.NAME)
    found["Garman"].kinds = found["Trump"].kinds = Kind.WORD
    joined = Linker([]).link(found, {})
    assert sorted(sorted(c.forms) for c in joined) == [["Alexis Garman", "Garman"], ["Donald Trump", "Trump"]]
    # two people of one family name: the name alone stays apart
    found = forms("Joe Biden", "Hunter Biden", kinds=Kind.NAME) | forms("Biden", kinds=Kind.WORD)
    assert sorted(sorted(c.forms) for c in Linker([]).link(found, {})) == [["Biden"], ["Hunter Biden"], ["Joe Biden"]]
    # a glossary term is a concept of its own, not a surname
    found = forms("Bank of China", kinds=Kind.NAME) | forms("China", kinds=Kind.WORD | Kind.GLOSSARY)
    assert len(Linker([Concept(id="china", en="China")]).link(found, {})) == 2


#: Pieces of statements: the Chinese cues in both scripts, their look-arounds' neighbours, brackets, names.
_CUE_PIECES = [
    *"又称 又稱 也叫 亦称 俗稱 簡稱 全称 別名 别称 暱稱 人称 又名 也就是 英文名 英譯名 英文里叫 中文名字 中文叫".split(),
    *"直译为 直譯過來就是 字面意思是 字面上是 意为 意思是 意即 称为 稱為 称作 叫做 叫作 戲稱 自称为 號稱 被 被网友戏称为".split(),
    *"即 立即 即使 亦即 叫 他们 她 它 称 稱 为 作 文 中 英 意 字 直 又 也 人".split(),
    *["“", "”", "「", "(", "（", ")", "，", "小红书", "RedNote", " known as ", "TikTok"],
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=10).map("".join))
def test_cues_are_found_where_a_cue_begins_as_every_cue_character_would_find_them(text: str) -> None:
    from unittest import mock

    from glossary.extract import statements

    found = [(m.span(), m.lastgroup) for m in statements.cues(text)]
    with mock.patch.object(statements, "_ZH_HINT", statements._ZH_FIRST):  # every character a cue may begin with
        assert found == [(m.span(), m.lastgroup) for m in statements.cues(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), min_size=1, max_size=3).map("".join))
def test_a_cue_word_is_told_from_its_first_characters_as_the_cue_pattern_tells_it(word: str) -> None:
    from glossary.extract import pipeline, statements

    m = statements.CUE.fullmatch(word)
    assert pipeline._is_cue(word) == (m is not None and m.lastgroup != f"c{len(statements._CUES) - 1}")

"""Chinese new words: rare dictionary words, quoted coinages, traditional script, bylines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.extract.pipeline import _BYLINE, BYLINE_CUES, Options, bylines, extract, has_byline, zh_tokens
from glossary.terms.model import Alias, Concept
from glossary.text.scripts import to_traditional
from glossary.text.segmenter import segmenter_for


def forms_of(tmp_path: Path, text: str) -> dict[str, list[str]]:
    """Every extracted form (no glossary) with its kinds."""
    corpus = tmp_path / "a.txt"
    corpus.write_text(text, encoding="utf-8")
    return {f: c.kinds[f] for c in extract([str(corpus)], [], Options(use_glossary=False)) for f in c.forms}


def test_traditional_text_is_cut_as_its_simplified_form_and_keeps_its_script(tmp_path: Path) -> None:
    words, simple = zh_tokens("位元組跳動公布下載量", segmenter_for(()))
    assert "".join(words) == "位元組跳動公布下載量" and "下載量" in words and "下载量" in simple
    text = "位元組跳動旗下的抖音很紅。位元組跳動說，抖音的下載量又漲了。下載量創新高，網友忙著擴列，擴列的人很多。"
    found = forms_of(tmp_path, text)
    assert not {"載量", "組跳動", "元組跳動"} & set(found)
    assert "擴列" in found and not {"位元组跳动", "扩列"} & set(found)  # the text's own script
    assert "下載量" not in found  # a phrase of the segmenter's dictionary that CC-CEDICT lacks: no term


def test_traditional_particles_do_not_glue_to_new_words(tmp_path: Path) -> None:
    text = "禁令將於週日生效，而薯條們將於週一搬家。禁令將於週日生效，而薯條們都很忙。"
    found = forms_of(tmp_path, text)
    assert not [f for f in found if f[0] in "將而" or f.endswith("們")]


def test_dictionary_words_that_general_chinese_rarely_uses_are_candidates(tmp_path: Path) -> None:
    # 扩列 is a verb the segmenter tags v: CC-CEDICT lists it and general Chinese hardly uses it
    found = forms_of(tmp_path, "美国网友发帖扩列。想扩列的人很多，大家一起扩列。")
    assert "扩列" in found
    # a verb the segmenter knows must be rarer than that: 爆笑 is everyday enough
    assert "爆笑" not in forms_of(tmp_path, "他们爆笑。我们也爆笑。大家都爆笑。")


def test_a_quoted_coinage_stands_on_one_occurrence(tmp_path: Path) -> None:
    found = forms_of(tmp_path, "这是一场没有预演的“赛博迁徙”。网友说「不卖就禁」太突然了，他说“你喜欢吗”。")
    assert found["赛博迁徙"] == ["quoted"] and "不卖就禁" in found
    assert "你喜欢吗" not in found  # a quoted question is no coinage


def test_bylines_and_credits_are_not_terms(tmp_path: Path) -> None:
    assert bylines("作者：王小明 来源：某某日报\n（记者李华北京电）文化节", segmenter_for(())) == [
        "王小明",
        "某某日报",
        "李华",
    ]
    text = (
        "作者：欧阳铭\n美国网友发帖扩列。想扩列的人很多。\n"
        "责任编辑：欧阳铭\n图片来源：视觉星球\n（记者诸葛明北京电）大家一起扩列。"
    )
    found = forms_of(tmp_path, text)
    assert "扩列" in found
    assert not {"欧阳铭", "视觉星球", "诸葛明", "作者", "责任编辑", "图片来源"} & set(found)


#: Pieces of credits: the cues in both scripts, separators, brackets, line breaks, names and other text.
_CREDIT_PIECES = sorted(
    {c for w in BYLINE_CUES for c in (w, to_traditional(w))}
    | set(":：｜|/丨 \n（(【[。")
    | {"王小明", "李华", "文化", "好"}
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CREDIT_PIECES), max_size=12).map("".join))
def test_the_byline_gate_agrees_with_the_byline_pattern(text: str) -> None:
    assert has_byline(text) == bool(_BYLINE.search(text))


def test_a_name_in_a_credit_that_the_text_also_uses_stays(tmp_path: Path) -> None:
    text = "抖音上的网友很多。（图/抖音截图）抖音又火了。"
    assert "抖音" in forms_of(tmp_path, text)


def test_two_known_words_that_stand_together_join(tmp_path: Path) -> None:
    text = (
        "中美网友开始赛博对账。赛博对账从房租开始。网友说生活和工作都不一样，"
        "美国网友和中国网友互相提问。美国网友很多，中国网友也很多。"
    )
    found = forms_of(tmp_path, text)
    assert found.get("赛博对账") == ["chinese", "new word"]
    assert "美国网友" not in found and "中国网友" not in found  # general Chinese puts these together


def test_idioms_and_everyday_verbs_in_scare_quotes_are_no_coinages(tmp_path: Path) -> None:
    found = forms_of(tmp_path, "网友“心甘情愿”地“上缴”猫咪照片，这就是“赛博迁徙”。")
    assert "赛博迁徙" in found and not {"心甘情愿", "上缴"} & set(found)


def test_a_coinage_the_segmenter_splits_joins_when_its_parts_always_go_together(tmp_path: Path) -> None:
    # 泼天 + 富贵, 间谍 + 爸爸: general Chinese might put the parts together, but here they never stand apart
    found = forms_of(tmp_path, "这是泼天富贵。泼天富贵来了，小红书接住了泼天富贵。他找回了间谍爸爸，间谍爸爸很难过。")
    assert found["泼天富贵"] == found["间谍爸爸"] == ["chinese", "new word"]
    # a verb and an everyday word that happen to meet twice are a phrase, not a word
    assert "晒出账单" not in forms_of(tmp_path, "他们晒出账单。我们也晒出账单，然后睡觉。")


def test_a_new_word_always_bound_to_the_same_neighbour_is_part_of_a_longer_one(tmp_path: Path) -> None:
    # the segmenter cuts 难财 out of 发抖难财 each time: its left side is never free
    found = forms_of(tmp_path, "有人想发抖难财，发抖难财的人不少。")
    assert "难财" not in found and "发抖难财" in found
    # a particle or punctuation on one side is a free boundary: 新住民(们) stays a word
    assert "新住民" in forms_of(tmp_path, "他们是新住民。新住民很多，新住民们也爱交友。")


def test_a_compound_of_a_term_of_the_text_stands_on_one_occurrence(tmp_path: Path) -> None:
    text = (
        "一月中旬，很多美国用户来到这个平台，和中国用户聊起了日常生活。"
        "中美网友赛博对账的序幕由此拉开。大家晒出房租和水电费，开始对账。"
        "有人说对账让他看清了两国的生活，也有人觉得对账只是好玩。"
        "很多人每天都在评论区里聊天，分享照片，交换菜谱，还互相学习语言。"
    )
    found = forms_of(tmp_path, text)
    assert found["赛博对账"] == ["chinese", "new word"] and "对账" in found
    # an everyday word before the term is no compound of it
    assert not {"开始对账", "觉得对账"} & set(found)


def test_new_words_glued_to_the_plural_suffix_count_for_their_stem(tmp_path: Path) -> None:
    found = forms_of(tmp_path, "薯友们好！美国薯友和中国薯友聊天。薯子们很热情，薯子说欢迎。")
    assert {"薯友", "薯子"} <= set(found) and not [f for f in found if f.endswith("们")]


def test_a_bracketed_coinage_counts_as_quoted(tmp_path: Path) -> None:
    found = forms_of(tmp_path, "【赛博对账】中美网友都在对账，对账很有趣。")
    assert found["赛博对账"] == ["quoted"]


def test_a_stated_form_that_ends_a_clause_is_no_term(tmp_path: Path) -> None:
    # "禁令即將生效": the statement cue 即 ('that is') meets an adverb and a verb, not a name
    found = forms_of(tmp_path, "美國的禁令即將生效，大家很緊張。禁令即將生效了，網友說再見。")
    assert "將生效" not in found and "将生效" not in found


def test_a_glossary_form_is_found_in_either_script(tmp_path: Path) -> None:
    concept = Concept(id="translate-button", zh="翻译", zh_hant="翻譯", aliases=[Alias("翻译功能", "variant")])
    corpus = tmp_path / "a.txt"
    corpus.write_text("雖然小紅書現時並沒有翻譯功能，但網友照樣聊天。", encoding="utf-8")
    (found,) = [c for c in extract([str(corpus)], [concept], Options()) if c.known]
    assert found.forms == ["翻譯功能"]  # the alias in traditional script, not the concept's own 翻譯 cut out of it


def test_an_everyday_word_the_glossary_lists_does_not_show_its_concept_alone(tmp_path: Path) -> None:
    concepts = [
        Concept(id="mandarin", zh="普通话", aliases=[Alias("中文", "variant")]),
        Concept(id="huati", zh="话题"),
        Concept(id="shanghai", zh="上海"),
        Concept(id="translate-button", zh="翻译", aliases=[Alias("翻译功能", "variant")]),
    ]
    corpus = tmp_path / "a.txt"

    def known(text: str) -> set[str]:
        corpus.write_text(text, encoding="utf-8")
        return {c.id for c in extract([str(corpus)], concepts, Options()) if c.known}

    # 中文 (an alias), 话题 and 翻译 (common words): everyday Chinese, not the concepts; 上海 is a name
    assert known("他用中文发了一个话题，请朋友翻译。小红书的总部在上海。") == {"shanghai"}
    # beside another form of the concept, the everyday word counts for it
    assert known("他们在学中文，也学普通话。新的翻译功能让大家都能翻译。") == {"mandarin", "translate-button"}


def test_a_chinese_name_seen_once_stands_when_cedict_writes_it_as_a_name(tmp_path: Path) -> None:
    # one article names 抖音 once: CC-CEDICT writes it as a name and general Chinese rarely uses it
    found = forms_of(tmp_path, "TikTok分成了抖音和另一个应用，前者服务于国内的用户。大家都在讨论。")
    assert "抖音" in found
    # a common word seen once is no name (房租), nor is a name everyday Chinese uses often (上海)
    assert not {"房租", "上海"} & set(forms_of(tmp_path, "他在上海付了房租，觉得很贵。"))


def test_a_name_and_a_chinese_word_in_quotes_stand_on_one_occurrence(tmp_path: Path) -> None:
    found = forms_of(tmp_path, "一月，美国“TikTok难民”大举涌入小红书。")
    assert found["TikTok难民"] == ["quoted"]
    assert "OK的" not in forms_of(tmp_path, "他回答说“OK的”，然后走了。")  # a clause's end


def test_nicknames_of_the_users_come_out_as_words_and_related_forms(tmp_path: Path) -> None:
    corpus = tmp_path / "a.txt"
    corpus.write_text(
        "小红书的用户自称小红薯，也叫红薯。美国的小红薯们和中国薯友聊天，薯友们很热情。"
        "薯子们也来了，薯子说欢迎新来的红薯。小红书上的小红薯越来越多。",
        encoding="utf-8",
    )
    found = {c.forms[0]: c for c in extract([str(corpus)], [], Options(use_glossary=False))}
    assert {"小红薯", "红薯", "薯友", "薯子"} <= set(found)  # no 中国薯友: an everyday word before the term
    assert not [f for f in found if f.endswith("们") or f.startswith("中国")]
    assert found["红薯"].count == 2 and found["红薯"].related == [found["小红薯"].id]  # its own two, not 小红薯's
    # seen only inside 小红薯, 红薯 is no word of its own
    assert "红薯" not in forms_of(tmp_path, "这些小红薯很热情。小红薯们都来了，小红薯说欢迎。")


def test_a_stated_name_that_starts_with_a_measure_word_character_is_kept(tmp_path: Path) -> None:
    # 周 is a measure word ('week') as well as a surname: 周受资 is a name, not a clause's end
    found = forms_of(tmp_path, "TikTok CEO Shou Zi Chew (周受资) posted a video for American users.")
    assert "周受资" in found and "Shou Zi Chew" in found


def test_a_phrase_the_segmenter_lists_and_cc_cedict_lacks_is_no_term(tmp_path: Path) -> None:
    text = "美国网友晒工资水平，中国网友也晒工资水平。大家都在对账，对账成了新梗。抖音的下載量又漲了，下載量創新高。"
    found = forms_of(tmp_path, text)
    assert "对账" in found and not {"工资水平", "下載量"} & set(found)  # wages + level, download + amount
    quoted = forms_of(tmp_path, "网友们晒“工资水平”，又晒“工资水平”。")
    assert "工资水平" in quoted  # the text marks it as a term of its own

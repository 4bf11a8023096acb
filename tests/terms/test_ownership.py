"""One rule for which concept owns a form: validation, merge and linking agree."""

from __future__ import annotations

from glossary.terms.model import Alias, Concept
from glossary.terms.ownership import Owners, keys


def test_a_form_s_own_key_beats_a_looser_claim_made_earlier() -> None:
    owners = Owners([Concept(id="plural", en="cat taxes"), Concept(id="singular", en="cat tax")])
    assert owners.owner("cat tax") == "singular"
    assert owners.owner("Cat-Taxes") == "plural"
    assert owners.owner("#CatTaxes") == "plural"


def test_a_second_concept_cannot_claim_a_form_that_folds_alike() -> None:
    owners = Owners([Concept(id="xiaohongshu", zh="小红书", en="RedNote")])
    assert owners.claim("Red Note", "other", 12) == ("xiaohongshu", "RedNote", None)
    assert owners.claim("Red Note", "xiaohongshu") is None  # its own concept may write it twice
    assert owners.claim_forms("other", [("小红书", 3), ("XHS", 4)]) == [("小红书", 3, ("xiaohongshu", "小红书", None))]
    assert owners.owner("xhs") == "other"


def test_forms_claimed_after_a_question_are_found_by_their_looser_keys() -> None:
    owners = Owners([Concept(id="refugee", en="TikTok refugee")])
    assert owners.owner("potato") is None
    owners.claim("Little red potatoes", "potato")
    assert owners.owner("little red potato") == "potato"  # the '-es' plural's singular
    assert owners.owner("TikTok refugees") == "refugee"


def test_readings_come_after_every_form() -> None:
    concepts = [
        Concept(id="xiaohongshu", zh="小红书", pinyin="Xiǎohóngshū"),
        Concept(id="user", zh="小红薯", pinyin="xiǎohóngshǔ", aliases=[Alias("Xiaohongshu users", "variant")]),
    ]
    assert Owners(concepts).owner("Xiaohongshu") is None  # a reading is not a form
    linked = Owners(concepts, readings=True)
    assert linked.owner("Xiaohongshu") == "xiaohongshu"  # homophones: the first concept read so
    assert linked.owner("Xiaohongshu user") == "user"  # a form's key before any reading


def test_keys() -> None:
    assert keys("Potatoes") == ["potatoes", "potatoe", "potato"]
    assert keys("缴猫税") == ["缴猫税", "交猫税", "猫税"]
    assert keys("#") == []

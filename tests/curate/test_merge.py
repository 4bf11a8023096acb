"""``glossary build``: merging into terms.yaml loses nothing."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from glossary.cli import app
from glossary.curate import merge
from glossary.extract.link import Extracted, Link
from glossary.terms import store
from tests.conftest import DATA

CORPUS = DATA / "corpus"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def found(id: str, forms: list[str], known: bool = False, **kw) -> Extracted:
    defaults = dict(
        zh=None,
        pinyin=None,
        en=None,
        category=None,
        score=1.0,
        count=2,
        links=[],
        sources=[{"path": "new.txt", "line": 3, "context": f"About {forms[0]}."}],
        known=known,
        kinds={},
    )
    defaults.update(kw)
    return Extracted(id=id, forms=forms, **defaults)


def test_build_adds_candidates_and_keeps_every_reviewed_value_and_comment(terms_file: Path) -> None:
    before_text = terms_file.read_text(encoding="utf-8")
    before = {c.id: c for c in store.load(terms_file).concepts}
    result = run("build", str(CORPUS), "--glossary", str(terms_file))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("added ") and str(terms_file) in result.stdout
    after_text = terms_file.read_text(encoding="utf-8")
    after = {c.id: c for c in store.load(terms_file).concepts}
    # comments and the order of the old concepts survive
    for comment in (
        "# A small glossary for tests. Comments must survive every edit.",
        "# --- platforms ---",
        "- id: xiaohongshu  # the app itself",
        "# --- companies ---",
    ):
        assert comment in after_text
    assert list(after)[: len(before)] == list(before)
    # no old value changed or dropped; aliases and sources only grow
    for cid, old in before.items():
        new = after[cid]
        for name in ("category", "zh", "zh_hant", "pinyin", "en", "literal", "gloss", "note", "status", "origin"):
            assert getattr(new, name) == getattr(old, name), (cid, name)
        assert new.aliases[: len(old.aliases)] == old.aliases
        assert new.sources[: len(old.sources)] == old.sources
    # existing concepts gained forms and sources
    xhs = after["xiaohongshu"]
    added = [(a.text, a.kind) for a in xhs.aliases[len(before["xiaohongshu"].aliases) :]]
    # the sample glossary lacks 小红薯: the corpus says "小红书用户又称小红薯", so those are a new concept;
    # Rednote, rednote, Xiǎohóngshū fold like forms xiaohongshu already has, so none of them is added
    assert added == []
    assert len(xhs.sources) == 3 and xhs.sources[0].path.endswith(".md") and xhs.sources[0].sentence
    assert len(after["tiktok-refugee"].sources) == 3 > len(before["tiktok-refugee"].sources)
    assert [a.text for a in after["bytedance"].aliases] == []
    user = next(c for c in after.values() if c.zh == "小红薯")
    assert (user.status, user.en, [a.text for a in user.aliases]) == (
        "candidate",
        "little red sweet potato",
        ["小红书用户", "小紅書用戶", "小紅薯"],  # the traditional-script page says 小紅書用戶又稱小紅薯
    )
    assert not any(c.zh == "红薯" for c in after.values())  # only ever seen inside 小红薯
    # new concepts arrive as candidates, their values marked as found by rule
    new_ids = [cid for cid in after if cid not in before]
    assert "captain-potato" in new_ids and "center-for-china-and-globalization" in new_ids
    potato = after["captain-potato"]
    assert (potato.status, potato.zh, potato.en) == ("candidate", "薯队长", "Captain Potato")
    # enriched before it was written: the other script, pinyin and a literal gloss, each with its origin
    assert (potato.zh_hant, potato.pinyin) == ("薯隊長", "shǔduìzhǎng")
    assert potato.literal and potato.literal.startswith("薯 potato")
    assert potato.origin == {"zh": "text", "en": "text", "zh_hant": "rule", "pinyin": "rule", "literal": "dictionary"}
    assert all(after[cid].status == "candidate" for cid in new_ids)
    assert before_text.splitlines()[0] == after_text.splitlines()[0]


def test_dry_run_shows_a_diff_and_writes_nothing(terms_file: Path) -> None:
    before = terms_file.read_bytes()
    mtime = terms_file.stat().st_mtime_ns
    result = run("build", str(CORPUS), "--dry-run", "--glossary", str(terms_file))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("--- a/terms.yaml\n+++ b/terms.yaml\n")
    assert "+  - id: captain-potato" in result.stdout
    assert not any(line.startswith("-") and not line.startswith("---") for line in result.stdout.splitlines())
    assert "dry run: would add" in result.stderr
    assert terms_file.read_bytes() == before and terms_file.stat().st_mtime_ns == mtime


def test_building_again_reaches_a_fixed_point(terms_file: Path) -> None:
    assert run("build", str(CORPUS), "--glossary", str(terms_file)).exit_code == 0
    # the glossary now knows the new terms, so a second run may find further sources for them, nothing more
    second = run("build", str(CORPUS), "--glossary", str(terms_file))
    assert second.exit_code == 0
    assert second.stdout.startswith("added 0 new candidate concepts, 0 new forms on 0 existing concepts")
    settled = terms_file.read_bytes()
    third = run("build", str(CORPUS), "--glossary", str(terms_file))
    assert third.stdout.startswith("added 0 new candidate concepts, 0 new forms on 0 existing concepts, 0 new sources")
    assert terms_file.read_bytes() == settled


def test_a_form_another_concept_owns_goes_to_that_concept(terms_file: Path) -> None:
    extracted = [
        # claims "Little Red Book", which belongs to xiaohongshu: the whole find goes there
        found("little-red-book", ["Little Red Book", "红书"]),
        # a known concept whose forms include one of another concept's
        found("xiaohongshu", ["小红书", "tiktok refugees"], known=True),
        found("lemon8", ["Lemon8", "Lemon 8"], en="Lemon8", category="app"),
    ]
    report = merge.build(terms_file, extracted)
    after = {c.id: c for c in store.load(terms_file).concepts}  # loading validates: no form claimed twice
    # xiaohongshu is reviewed: the new form is proposed for review, not made an alias
    assert "红书" in [a.text for a in after["xiaohongshu"].proposed]
    assert "红书" not in [a.text for a in after["xiaohongshu"].aliases]
    assert "little-red-book" not in after
    assert ("tiktok refugees", "tiktok-refugee") in report.redirected
    assert all(a.text != "tiktok refugees" for a in after["xiaohongshu"].aliases)
    assert report.added == ["lemon8"]
    assert (
        after["lemon8"].en == "Lemon8" and [a.text for a in after["lemon8"].aliases] == []
    )  # Lemon 8 folds like Lemon8


def test_new_concept_ids_never_clash(terms_file: Path) -> None:
    report = merge.build(terms_file, [found("bytedance", ["字节跳跳"], zh="字节跳跳")])
    assert report.added == ["bytedance-2"]
    assert store.load(terms_file).get("bytedance-2").zh == "字节跳跳"


def test_alias_kinds_follow_the_links() -> None:
    concept = found(
        "x",
        ["小红书", "Xiaohongshu", "Little Red Book", "#小红书", "XHS"],
        kinds={"XHS": ["acronym"]},
        links=[
            Link("pinyin", "小红书", "Xiaohongshu", "pypinyin"),
            Link("calque", "小红书", "Little Red Book", "glosses"),
        ],
    )
    kinds = [merge.alias_kind(f, concept) for f in concept.forms]
    assert kinds == ["variant", "transliteration", "calque", "hashtag", "abbreviation"]


def test_build_without_enrichment_keeps_extraction_values_only(terms_file: Path) -> None:
    from glossary.extract.pipeline import extract

    found = extract([str(CORPUS)], store.load(terms_file).concepts)
    merge.build(terms_file, found, enrich=False)
    potato = store.load(terms_file).get("captain-potato")
    assert potato.zh_hant is None and potato.literal is None
    # the corpus pairs them itself: "its official account 薯队长 (Captain Potato)"
    assert potato.origin == {"zh": "text", "en": "text", "pinyin": "rule"}


def test_extract_shows_the_pinyin_build_writes(tmp_path: Path) -> None:
    # one character→pinyin path: extract's candidate pinyin is the pinyin build writes for it
    from glossary.extract.pipeline import Options, extract

    extracted = extract([str(CORPUS)], options=Options(use_glossary=False))
    shown = {e.id: e.pinyin for e in extracted if e.zh}
    category = {e.id: e.category or "other" for e in extracted}
    assert (
        shown["center-for-china-and-globalization"] == "Quánqiúhuà Zhìkù"
    )  # 全球化智库, capitalised as build writes it
    for enrich in (True, False):
        terms = tmp_path / f"terms-{enrich}.yaml"
        terms.write_text("concepts: []\n", encoding="utf-8")
        merge.build(terms, extracted, enrich=enrich)
        built = [c for c in store.load(terms).concepts if c.id in shown]
        # enrichment may give a candidate its category from evidence, and a name is written as one
        written = {c.id: c.pinyin for c in built if c.category == category[c.id]}
        assert written and written == {cid: shown[cid] for cid in written}, enrich
        named = {c.id: (c.category, c.pinyin) for c in built if c.category != category[c.id]}
        assert named == (
            {
                "shou-zi-chew": ("person", "Zhōu Shòuzī"),  # the text: "TikTok CEO Shou Zi Chew"
                "bytedance": ("company", "Zìjié Tiàodòng"),  # CC-CEDICT: 字节跳动 /ByteDance, … company/
                "trump": ("person", "Tèlǎngpǔ"),  # CC-CEDICT: 特朗普 /Donald Trump …, US president/
            }
            if enrich
            else {}
        )


def test_merge_is_a_pure_step(terms_file: Path) -> None:
    """Candidates in, changes out: the glossary's concepts are not touched and nothing is enriched."""
    import copy

    concepts = store.load(terms_file).concepts
    kept = copy.deepcopy(concepts)
    extracted = [
        found("xiaohongshu", ["小红书", "Xiao Hong Shu"], known=True),
        found("cat-litter", ["猫砂"], zh="猫砂", pinyin="māoshā"),
    ]
    changes = merge.merge(concepts, extracted, rejected=["Xiao Hong Shu"], pinyin=False)
    assert concepts == kept
    assert changes.report.rejected == [] and changes.report.added == ["cat-litter"]
    new = changes.new[0]
    assert (new.zh, new.pinyin, new.zh_hant, new.gloss) == ("猫砂", None, None, None)  # enrichment is the caller's
    assert [cid for cid, _, _ in changes.extensions] == ["xiaohongshu"]
    assert changes.owners.owner("猫砂") == "cat-litter"
    assert changes.glossary["xiaohongshu"].sources[-1].path == "new.txt"


SECTIONED = """\
name: sections
concepts:
  # --- platforms ---
  - id: xiaohongshu
    zh: 小红书
    en: RedNote
    status: reviewed
    sources:
      - {path: old.txt, line: 1}

  # --- people ---
  - id: tiktok-refugee
    zh: TikTok难民
    en: TikTok refugee
    status: candidate
  # --- memes ---
  - id: cat-tax
    zh: 猫税
    en: cat tax
    status: reviewed
"""


def test_build_writes_inside_each_concept_above_the_next_sections_comment(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(SECTIONED, encoding="utf-8")
    merge.build(
        terms,
        [
            found("xiaohongshu", ["小红书"], known=True),
            found("tiktok-refugee", ["TikTok难民", "TikTok难民潮"], known=True),
            found("cat-tax", ["猫税"], known=True),
        ],
        enrich=False,
    )
    lines = terms.read_text(encoding="utf-8").splitlines()
    # each section's comment stays directly above the concept it opens
    for comment, first in (
        ("  # --- platforms ---", "  - id: xiaohongshu"),
        ("  # --- people ---", "  - id: tiktok-refugee"),
        ("  # --- memes ---", "  - id: cat-tax"),
    ):
        assert lines[lines.index(comment) + 1] == first
    # the new sources and forms sit inside their concept
    refugee = lines[lines.index("  - id: tiktok-refugee") : lines.index("  # --- memes ---")]
    assert refugee[3:] == [  # a candidate takes new forms as aliases
        "    aliases:",
        "      - {text: TikTok难民潮, kind: variant}",
        "    status: candidate",
        "    sources:",
        "      - {path: new.txt, line: 3, sentence: About TikTok难民.}",
    ]
    assert lines[-2:] == ["    sources:", "      - {path: new.txt, line: 3, sentence: About 猫税.}"]
    xhs = lines[lines.index("  - id: xiaohongshu") : lines.index("  # --- people ---")]
    assert xhs[-3:] == [
        "      - {path: old.txt, line: 1}",
        "      - {path: new.txt, line: 3, sentence: About 小红书.}",
        "",
    ]
    assert {c.id: len(c.sources) for c in store.load(terms).concepts} == {
        "xiaohongshu": 2,
        "tiktok-refugee": 1,
        "cat-tax": 1,
    }


RELATED = """\
name: related
concepts:
  - id: cat-tax
    zh: 猫税
    en: cat tax
    status: reviewed
  - id: dog-tax
    zh: 狗税
    en: dog tax
    status: candidate
"""


def test_related_concepts_are_listed_never_merged_and_reviewed_ones_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(RELATED, encoding="utf-8")
    extracted = [
        found("cat-tax", ["猫税", "cat tax"], known=True, related=["dog-tax", "bird-tax"]),
        found("dog-tax", ["狗税"], known=True, related=["cat-tax", "bird-tax"]),
        found("bird-tax", ["bird tax"], en="bird tax", related=["cat-tax", "dog-tax", "nowhere"]),
    ]
    report = merge.build(path, extracted, enrich=False)
    assert report.related == {"dog-tax": ["cat-tax", "bird-tax"], "bird-tax": ["cat-tax", "dog-tax"]}
    assert "4 related concepts listed" in report.summary()
    concepts = {c.id: c for c in store.load(path).concepts}
    assert set(concepts) == {"cat-tax", "dog-tax", "bird-tax"}  # related, not merged
    assert concepts["cat-tax"].related == []  # reviewed: untouched
    assert concepts["dog-tax"].related == ["cat-tax", "bird-tax"]  # an existing candidate gains both
    assert concepts["bird-tax"].related == ["cat-tax", "dog-tax"]
    assert merge.build(path, extracted, enrich=False).related == {}  # listed once: a fixed point


def test_related_ids_follow_where_each_concept_was_merged(terms_file: Path) -> None:
    """An extracted concept that went into a glossary concept is related by that concept's id."""
    concepts = store.load(terms_file).concepts
    extracted = [
        found("rednote-x", ["小红书"], related=["new-one"]),  # owned by xiaohongshu (reviewed)
        found("new-one", ["赛博对账"], zh="赛博对账", related=["rednote-x"]),
    ]
    changes = merge.merge(concepts, extracted, pinyin=False)
    assert changes.new[0].related == ["xiaohongshu"]
    assert changes.related == [] and changes.glossary["xiaohongshu"].related == []


def test_a_form_another_concept_owns_is_not_proposed_and_a_warning_names_both(tmp_path: Path) -> None:
    from glossary.report import collected

    path = tmp_path / "terms.yaml"
    path.write_text(
        RELATED
        + "  - id: xiaohongshu\n    zh: 小红书\n    en: RedNote\n    status: reviewed\n"
        + "    proposed:\n      - {text: 红书, kind: variant}\n",
        encoding="utf-8",
    )
    extracted = [found("cat-tax", ["猫税", "狗税", "红书", "交猫税", "cat taxes"], known=True)]
    with collected() as said:
        report = merge.build(path, extracted, enrich=False)
    cat = next(c for c in store.load(path).concepts if c.id == "cat-tax")
    assert [a.text for a in cat.proposed] == []  # 交猫税 and cat taxes are cat tax's own keys: nothing new
    assert report.withheld == [("狗税", "cat-tax", "dog-tax"), ("红书", "cat-tax", "xiaohongshu")]
    assert said == [
        "'狗税' was found with concept 'cat-tax' but not proposed for it: concept 'dog-tax' already has it",
        "'红书' was found with concept 'cat-tax' but not proposed for it: concept 'xiaohongshu' has it proposed",
    ]
    assert report.proposed == {}


def test_a_pair_the_text_states_records_origin_text_its_confidence_and_sighting(tmp_path: Path) -> None:
    from glossary.extract.pipeline import extract

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Shoppers order from 美团 (Meituan) at night.\n\nMeituan riders are fast, and 美团 grew.\n\n"
        "砍一刀 is a game.\n\n砍一刀 again.\n",
        encoding="utf-8",
    )
    path = tmp_path / "terms.yaml"
    path.write_text("name: t\nconcepts:\n  - {id: x, en: placeholder}\n", encoding="utf-8")
    merge.build(path, extract([str(corpus)]), enrich=False)
    meituan = next(c for c in store.load(path).concepts if c.zh == "美团")
    assert (meituan.en, meituan.origin["zh"], meituan.origin["en"]) == ("Meituan", "text", "text")
    assert meituan.confidence == {"zh": "medium", "en": "medium"}  # stated once
    assert (meituan.sources[0].path, meituan.sources[0].line) == ("a.txt", 1)  # the statement's sighting first
    assert meituan.sources[0].sentence == "Shoppers order from 美团 (Meituan) at night."
    others = [c for c in store.load(path).concepts if c.id not in ("x", meituan.id)]
    assert all("text" not in c.origin.values() for c in others)  # nothing the text does not pair


def test_a_pair_stated_twice_is_high_confidence() -> None:
    link = Link("statement", "美团", "Meituan", "the text says so: '(' (2 times)", "美团 (Meituan).", "a.txt", 4)
    concept = merge.merge(
        [], [found("meituan", ["美团", "Meituan"], zh="美团", en="Meituan", links=[link])], pinyin=False
    ).new[0]
    assert concept.confidence == {"zh": "high", "en": "high"}
    assert [(s.path, s.line) for s in concept.sources] == [("a.txt", 4), ("new.txt", 3)]

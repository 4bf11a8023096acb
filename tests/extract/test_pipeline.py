"""Finding candidates and running ``glossary extract``: output shapes, formats, workers, errors."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from glossary.cli import app
from glossary.extract import english
from glossary.extract.mentions import Kind
from glossary.extract.pipeline import Kept, Options, Scanner, Tally, extract, split
from glossary.extract.readers import Unit
from glossary.terms import store
from glossary.terms.model import Alias
from tests.conftest import DATA

CORPUS = DATA / "corpus"
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def found_names(text: str) -> list[str]:
    return [s.form for s in english.find(text)]


def test_english_names_brands_hashtags_quotes_romanized() -> None:
    text = (
        "On Friday the Supreme Court ruled. Lyu Xiang of the Center for China and Globalization said "
        "ByteDance and Lemon8 users posted #TikTokRefugee and paid the 'cat tax' on Xiaohongshu."
    )
    assert found_names(text) == [
        "Supreme Court",
        "Lyu Xiang",
        "Center for China and Globalization",
        "ByteDance",
        "Lemon8",
        "#TikTokRefugee",
        "cat tax",
        "Xiaohongshu",
    ]


def test_sentence_initial_capitals_weekdays_and_months_are_not_names() -> None:
    assert (
        found_names("Users joined. Many said hello. On Sunday, January 19, nothing happened. American users left.")
        == []
    )
    # a capital in the middle of a sentence is a candidate word, dropped later if it is an everyday word
    kinds = {s.form: s.kind for s in english.find("They talked about Douyin and Sunday and Chinese food.")}
    assert kinds == {"Douyin": Kind.ROMAN, "Chinese": Kind.WORD}
    assert english.is_ordinary("Chinese") and not english.is_ordinary("Douyin")


def test_headlines_do_not_make_names() -> None:
    assert found_names("How American Users Found A New Home On RedNote") == ["RedNote"]


def test_possessives_fold_into_the_name() -> None:
    text = "They visited Mao Zedong’s hometown, read Li Hua's letters and searched Apple's App Store."
    assert found_names(text) == ["Mao Zedong", "Li Hua", "Apple", "App Store"]


def test_a_title_cased_line_is_a_headline_and_no_name_runs_across_its_end() -> None:
    assert found_names("TikTokRefugee Trend Gains Momentum\nUsers joined RedNote.") == ["TikTokRefugee", "RedNote"]
    assert found_names("Where Americans Went After Xiaohongshu\nLemon8 drew users too.") == ["Xiaohongshu", "Lemon8"]
    # a name wrapped across the lines of running text still joins
    assert found_names("Users waited for the Supreme\nCourt to rule.") == ["Supreme\nCourt"]


def test_clause_openers_clock_words_titles_and_furniture_join_no_name() -> None:
    text = (
        "(AP) — As the Supreme Court met at 9 PM Beijing time, President-elect Donald Trump "
        "and Senator Jane Roe spoke. Photo courtesy of Lemon8. Read on Xiaohongshu MORE STORIES\n"
        "Many left. Scrutiny The TikTok app\nBy Jane Doe, staff writer"
    )
    names = found_names(text)
    assert names == [
        "AP",
        "Supreme Court",
        "Beijing",
        "Donald Trump",
        "Jane Roe",
        "Lemon8",
        "Xiaohongshu",
        "TikTok",
    ]


def test_a_wire_storys_dateline_is_furniture() -> None:
    from glossary.terms.model import Concept

    tally = Tally()
    text = "HONG KONG (AP) — Users joined RedNote.\nSome joined from Hong Kong, others from Lemon8."
    Scanner([Concept(id="hong-kong", en="Hong Kong")]).scan(Unit("a.txt", 1, text), tally)
    assert tally.counts["Hong Kong"] == 1 and tally.counts["RedNote"] == 1
    assert "HONG KONG" not in tally.counts and "AP" not in tally.counts


def test_credits_glued_to_their_year_are_not_names() -> None:
    text = "Downloads rose (Statista2023). Photo: Getty Images2025 Lemon8 rose too, and Windows 2000 stayed."
    assert found_names(text) == ["Lemon8", "Windows"]


def test_hyphenated_compounds_and_describing_words_split_from_the_name() -> None:
    text = "The ByteDance-owned Lemon8 and the Shanghai-based Xiaohongshu drew American TikTok users."
    assert found_names(text) == ["ByteDance", "Lemon8", "Shanghai", "Xiaohongshu", "American", "TikTok"]
    assert found_names("They call it Rednote in English.") == ["Rednote", "English"]
    assert found_names("Fans of Chinese Xiaohongshu wrote.") == ["Chinese", "Xiaohongshu"]


def test_a_quoted_everyday_word_is_the_short_form_of_the_one_term_it_ends(tmp_path: Path) -> None:
    from glossary.terms.model import Concept

    article = tmp_path / "one.txt"
    article.write_text(
        'Fans of TikTok call themselves "TikTok refugees". These "refugees" liked RedNote.\n'
        'A "user" wrote, a "story" too; TikTok refugees and RedNote users met.',
        encoding="utf-8",
    )
    glossary = [Concept(id="tiktok-refugee", en="TikTok refugee"), Concept(id="refuge", en="refuge")]
    for concepts in ([], glossary):  # "refugees" is no plural of the glossary's "refuge"
        found = extract([str(article)], concepts, Options())
        by_form = {f: c for c in found for f in c.forms}
        assert by_form["refugees"] is by_form["TikTok refugees"]
        assert "user" not in by_form and "story" not in by_form  # quoted, but the end of no term (or of two)
    # the Chinese head of a mixed-script term, quoted alone, in either script
    article.write_text(
        "美國用戶自稱「TikTok難民」，湧入小紅書。這些「難民」很快樂，TikTok難民還在學中文。", encoding="utf-8"
    )
    by_form = {f: c for c in extract([str(article)], [], Options()) for f in c.forms}
    assert by_form["難民"] is by_form["TikTok難民"]


def test_a_shorter_form_written_inside_a_longer_form_of_its_concept_is_a_form_too(tmp_path: Path) -> None:
    from glossary.terms.model import Concept

    glossary = [
        Concept(id="spy-daddy", zh="间谍爸爸", en="Spy Daddy", aliases=[Alias("找回间谍爸爸", "variant")]),
        Concept(id="english-corner", zh="英语角", en="English corner", aliases=[Alias("线上英语角", "variant")]),
        Concept(id="cat-tax", zh="猫税", en="cat tax", aliases=[Alias("pay the cat tax", "variant")]),
        Concept(id="tiktok", en="TikTok"),
    ]
    article = tmp_path / "one.txt"
    article.write_text(
        "網友發起「找回間諜爸爸」，小红书成了线上英语角。Newcomers pay the Cat Tax on TikTok.\n", encoding="utf-8"
    )
    found = {c.id: c for c in extract([str(article)], glossary, Options())}
    assert found["spy-daddy"].forms == ["找回間諜爸爸", "間諜爸爸"]  # in the text's own script
    assert found["english-corner"].forms == ["线上英语角", "英语角"]
    assert found["cat-tax"].forms == ["pay the Cat Tax", "Cat Tax"]  # as written, on word boundaries
    assert [found[i].count for i in ("spy-daddy", "english-corner", "cat-tax")] == [1, 1, 1]  # one mention each
    assert found["tiktok"].forms == ["TikTok"]


def test_a_glossary_term_at_the_end_of_a_name_that_does_not_stand_is_counted(tmp_path: Path) -> None:
    from glossary.terms.model import Concept

    glossary = [Concept(id="app-store", en="App Store"), Concept(id="tiktok", en="TikTok")]
    article = tmp_path / "one.txt"
    article.write_text(
        "RedNote topped the charts on Apple's iPhone App Store on Tuesday. TikTok Shop Daily said so.\n",
        encoding="utf-8",
    )
    found = {f: c for c in extract([str(article)], glossary, Options()) for f in c.forms}
    assert found["App Store"].id == "app-store" and found["App Store"].count == 1  # the name, seen once, went
    assert found["App Store"].sources[0]["context"].startswith("RedNote topped the charts")
    assert "iPhone App Store" not in found
    assert "TikTok Shop Daily" in found and "TikTok" not in found  # a specific name stands: nothing to credit
    assert "App Store" not in {f for c in extract([str(article)], [], Options()) for f in c.forms}


def test_a_word_cut_off_where_the_text_ends_is_no_name(tmp_path: Path) -> None:
    article = tmp_path / "one.txt"
    article.write_text(
        'Users joined Xiaohongshu and Lemon8 this week. "What I experienced on (Xiaohongs', encoding="utf-8"
    )
    forms = {f for c in extract([str(article)], [], Options()) for f in c.forms}
    assert {"Xiaohongshu", "Lemon8"} <= forms and "Xiaohongs" not in forms
    article.write_text("Users joined Douyin this week, and the Douyin Daily Post said so.", encoding="utf-8")
    forms = {f for c in extract([str(article)], [], Options()) for f in c.forms}
    assert "Douyin" in forms  # the start of a longer name, not of a longer word
    from glossary.extract.candidates import Form
    from glossary.extract.pipeline import cut_words

    tally = Tally()
    tally.counts.update({"Xiaohongshu": 2, "Xiaohongs": 1, "Lisa": 1, "Li": 1, "Douyin Daily": 1, "Douyin": 1})
    kept = {t: Form(t, n, Kind.WORD) for t, n in tally.counts.items()}
    assert cut_words(kept, tally) == ["Xiaohongs"]  # Li: too short to tell from a surname


def test_toned_pinyin_written_a_syllable_at_a_time_joins_its_characters(tmp_path: Path) -> None:
    from glossary.terms.model import Concept

    article = tmp_path / "one.txt"
    article.write_text(
        "Newcomers paid the māo shuì and did duì zhàng; a café à la carte. 网友说要交“猫税”，还有人对账。\n",
        encoding="utf-8",
    )
    glossary = [
        Concept(id="cat-tax", zh="猫税", zh_hant="貓稅", pinyin="māoshuì", en="cat tax"),
        Concept(id="duizhang", zh="对账", zh_hant="對賬", pinyin="duìzhàng", en="checking the accounts"),
    ]
    found = {c.id: c.forms for c in extract([str(article)], glossary, Options())}
    assert set(found["cat-tax"]) == {"māo shuì", "猫税"} and set(found["duizhang"]) == {"duì zhàng", "对账"}
    by_form = {f: c for c in extract([str(article)], [], Options()) for f in c.forms}
    assert by_form["māo shuì"] is by_form["猫税"]  # the pinyin rule, without a glossary
    assert not {"café", "à la", "la carte"} & set(by_form)


def test_a_short_form_stands_for_the_term_its_own_text_uses(tmp_path: Path) -> None:
    from glossary.terms.model import Concept

    (tmp_path / "a.txt").write_text(
        'Self-styled TikTok refugees joined RedNote. The "refugees" posted cats.\n', encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("A TikTok refugee explained it on RedNote.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("These digital refugees, like earlier ones, moved again.\n", encoding="utf-8")
    glossary = [
        Concept(id="tiktok-refugee", en="TikTok refugee", aliases=[Alias("TikTok refugees", "variant")]),
        Concept(id="digital-refugee", en="digital refugees"),
    ]
    by_form = {f: c for c in extract([str(tmp_path)], glossary, Options()) for f in c.forms}
    assert by_form["refugees"] is by_form["TikTok refugees"]  # not digital refugees, another text's term


def test_one_article_keeps_its_specific_names_seen_once(tmp_path: Path) -> None:
    article = tmp_path / "one.txt"
    article.write_text(
        "Users left TikTok for RedNote. Others tried Lemon8, a ByteDance app, or stayed in California. "
        "A student in Wuhan replied. RedNote and TikTok were busy.",
        encoding="utf-8",
    )
    found = extract([str(article)], [], Options())
    forms = [c.forms[0] for c in found]
    assert {"Lemon8", "ByteDance", "Wuhan"} <= set(forms)
    assert "California" not in forms  # seen once and common in English: not specific enough
    assert forms.index("RedNote") < forms.index("Wuhan")  # seen twice and specific ranks above once


def test_glossary_terms_are_spotted_in_every_form(terms_file: Path) -> None:
    scanner = Scanner(store.load(terms_file).concepts)
    text = (
        "RedNote, Red Note, rednote, red-note and RED NOTE; #TikTokRefugees, TikTok refugees, Tik Tok refugee; "
        "小红书、小紅書、Xiǎohóngshū and Xiaohongshu; TikTok难民 or TikTok 难民; 字节跳动. A cat taxi is no cat tax."
    )
    spots = [s.form for s in scanner.spots(text)]
    assert spots == [
        "RedNote",
        "Red Note",
        "rednote",
        "red-note",
        "RED NOTE",
        "#TikTokRefugees",
        "TikTok refugees",
        "Tik Tok refugee",
        "小红书",
        "小紅書",
        "Xiǎohóngshū",
        "Xiaohongshu",
        "TikTok难民",
        "TikTok 难民",
        "字节跳动",
        "cat tax",
    ]


def test_mixed_script_and_new_words_are_discovered(tmp_path: Path) -> None:
    corpus = tmp_path / "posts.txt"
    corpus.write_text(
        "\n\n".join(
            [
                "很多TikTok难民来到小红书。",
                "薯队长欢迎TikTok难民。",
                "TikTok难民在评论区交猫税。",
                "薯队长又发帖了。",
                "今天薯队长很忙。",
                "我们也用Lemon8，Lemon8也不错。",
            ]
        ),
        encoding="utf-8",
    )
    found = extract([str(corpus)], [], Options())
    forms = {f for c in found for f in c.forms}
    assert {"TikTok难民", "薯队长", "Lemon8"} <= forms
    new = next(c for c in found if "薯队长" in c.forms)
    assert new.kinds["薯队长"] == ["chinese", "new word"]
    assert new.count == 3 and len(new.sources) == 3 and new.sources[0]["context"] == "薯队长欢迎TikTok难民。"


def test_quoted_chinese_coinages_count_quoted_or_not(tmp_path: Path) -> None:
    corpus = tmp_path / "a.md"
    corpus.write_text("中美网友互相“赛博拜年”。\n\n赛博拜年！祝大家新年快乐\n\n#小红书# 很热闹\n", encoding="utf-8")
    found = {c.forms[0]: c for c in extract([str(corpus)], [], Options())}
    assert found["赛博拜年"].count == 2 and found["赛博拜年"].kinds["赛博拜年"] == ["quoted"]
    assert "#小红书" in found  # a hashtag stands on one occurrence


def test_ranking_puts_specific_terms_before_general_words(tmp_path: Path) -> None:
    corpus = tmp_path / "a.txt"
    corpus.write_text(
        "\n\n".join(["美国用户说，美国用户很多。RedNote上的猫税很贵，猫税也很有名。"] * 3), encoding="utf-8"
    )
    found = extract([str(corpus)], [], Options())
    forms = [c.forms[0] for c in found]
    assert set(forms[:2]) == {"RedNote", "猫税"}
    assert "美国" not in forms and "用户" not in forms


def test_json_output_is_the_stable_interface(terms_file: Path) -> None:
    result = run("extract", str(CORPUS), "--format", "json", "--glossary", str(terms_file))
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    for r in rows:
        assert set(r) == {
            "id",
            "forms",
            "zh",
            "pinyin",
            "en",
            "category",
            "score",
            "count",
            "in_glossary",
            "links",
            "sources",
            "kinds",
            "related",
        }
        for link in r["links"]:
            assert link["rule"] in ("glossary", "variant", "traditional", "statement", "dictionary", "pinyin", "calque")
            assert link["evidence"]
        for s in r["sources"]:
            assert {"path", "line", "context"} <= set(s)
    top = rows[0]
    assert top["id"] == "xiaohongshu" and top["zh"] == "小红书" and top["en"] == "RedNote" and top["in_glossary"]
    assert {"小红书", "小紅書", "RedNote", "Red Note", "Rednote", "Xiaohongshu", "Little Red Book"} <= set(top["forms"])
    refugees = next(r for r in rows if r["id"] == "tiktok-refugee")
    assert {"TikTok难民", "TikTok難民", "#TikTokRefugee", "TikTok refugees"} <= set(refugees["forms"])
    ccg = next(r for r in rows if "CCG" in r["forms"])
    assert set(ccg["forms"]) == {"CCG", "全球化智库", "Center for China and Globalization"}
    assert {link["rule"] for link in ccg["links"]} == {"statement"}
    assert ccg["category"] == "organization"
    lyu = next(r for r in rows if "Lyu Xiang" in r["forms"])
    assert lyu["zh"] == "吕翔" and lyu["links"][0]["rule"] == "pinyin" and lyu["category"] == "person"
    source = next(s for s in lyu["sources"] if s["path"].endswith("news.txt"))
    assert source["line"] == 21 and "Lyu Xiang" in source["context"]
    assert "record without a text field 'text'" in result.stderr


def test_table_yaml_and_csv(terms_file: Path) -> None:
    table = run("extract", str(CORPUS / "zh"), "--glossary", str(terms_file), "-n", "3")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["#", "zh", "pinyin", "en", "count", "score", "other", "forms", "category"]
    assert lines[2].split()[:2] == ["1", "小红书"]
    assert table.stderr.strip() == "3 concepts"
    yaml = run("extract", str(CORPUS / "zh"), "--glossary", str(terms_file), "-n", "2", "--format", "yaml")
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(yaml.stdout)
    assert [d["id"] for d in data] == [
        r["id"]
        for r in json.loads(
            run("extract", str(CORPUS / "zh"), "--glossary", str(terms_file), "-n", "2", "--format", "json").stdout
        )
    ]
    out = run("extract", str(CORPUS / "zh"), "--glossary", str(terms_file), "-n", "2", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 and rows[0]["id"] == "xiaohongshu" and "小紅書" in rows[0]["forms"].split(" | ")


def test_new_only_and_no_glossary(terms_file: Path) -> None:
    rows = json.loads(run("extract", str(CORPUS), "--format", "json", "--new", "--glossary", str(terms_file)).stdout)
    assert rows and not any(r["in_glossary"] for r in rows)
    assert "captain-potato" in {r["id"] for r in rows}
    bare = json.loads(run("extract", str(CORPUS), "--format", "json", "--no-glossary").stdout)
    assert not any(r["in_glossary"] for r in bare)
    assert any({"RedNote", "小红书"} <= set(r["forms"]) for r in bare)


def test_two_workers_give_the_same_result(terms_file: Path) -> None:
    concepts = store.load(terms_file).concepts
    one = [c.to_json() for c in extract([str(CORPUS)], concepts, Options(workers=1))]
    two = [c.to_json() for c in extract([str(CORPUS)], concepts, Options(workers=2))]
    assert one == two


def test_the_result_is_byte_identical_however_the_work_is_split(
    tmp_path: Path, terms_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers and batch sizes change how the corpus is cut and in which order the tallies merge;
    the JSON must not change by a byte (link evidence, sources and their order included). One process
    keeps its first pass's units for the second: all of them, some (``keep``: a limit of characters),
    or none, the same bytes."""
    import shutil

    from glossary.extract import pipeline

    for copy in range(4):  # the sample corpus four times over, each copy with a paragraph of its own
        shutil.copytree(CORPUS, tmp_path / f"copy{copy}")
        note = f"第{copy}段：小红书又称小红薯，美国网友在这里交了猫税。\n\n" * (copy + 1)
        (tmp_path / f"copy{copy}" / "note.txt").write_text(note, encoding="utf-8")
        posts = [
            {"id": f"{copy}-{n}", "at": f"2025-01-{n + 10}", "text": f"第{n}帖：TikTok难民在小红书交猫税。"}
            for n in range(3)
        ]
        (tmp_path / f"copy{copy}" / "posts.jsonl").write_text("\n".join(json.dumps(p) for p in posts), "utf-8")
    concepts = store.load(terms_file).concepts
    outputs = {}
    everything = pipeline.KEEP_CHARS
    for workers, batch_chars, keep in (
        (1, 200_000, everything),
        (1, 3_000, 0),
        (1, 3_000, 20_000),
        (2, 3_000, 0),
        (3, 7_000, 0),
        (2, 200_000, 0),
    ):
        monkeypatch.setattr(pipeline, "KEEP_CHARS", keep)
        options = Options(workers=workers, batch_chars=batch_chars, id_field="id", date_field="at")
        found = extract([str(tmp_path)], concepts, options)
        outputs[workers, batch_chars, keep] = json.dumps([c.to_json() for c in found], ensure_ascii=False)
    first = outputs[1, 200_000, everything]
    assert len(set(outputs.values())) == 1, [k for k, v in outputs.items() if v != first]
    assert '"小红薯"' in first
    assert '"id": "0-0", "date": "2025-01-10"' in first


def test_one_process_keeps_its_first_pass_units_for_the_second_within_a_limit(tmp_path: Path) -> None:
    from glossary.extract import readers

    (tmp_path / "a.txt").write_text("小红书又称小红薯。\n\n美国网友。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("TikTok难民涌入小红书。\n", encoding="utf-8")
    a, b = split(readers.sources([str(tmp_path)]), Options())
    kept = Kept(limit=len("小红书又称小红薯。美国网友。"))
    first = [list(kept.record(part, part.units())) for part in (a, b)]  # a fits, b does not
    assert [u.text for _, u in first[0]] == ["小红书又称小红薯。", "美国网友。"] and len(first[1]) == 1
    assert kept.units(a, "text") == first[0] and list(kept.parts) == []  # handed over once
    assert [(n, u.text) for n, u in kept.units(b, "text")] == [(n, u.text) for n, u in first[1]]  # read again


def test_workers_reading_parts_of_one_large_input_give_the_same_bytes(tmp_path: Path, terms_file: Path) -> None:
    """Workers read their inputs themselves; an input larger than its share is split into parts,
    each read by another worker: the JSON is the one-process JSON, warnings come once, in order."""
    from glossary.extract import readers
    from glossary.extract.pipeline import split
    from glossary.report import collected

    texts = [unit.text for unit in readers.corpus([str(CORPUS / "zh")])]
    big = "\n\n".join(f"第{n}段。{text}" for n in range(6) for text in texts)
    (tmp_path / "big.txt").write_text(big, encoding="utf-8")
    (tmp_path / "small.txt").write_text("小红书又称小红薯。\n\n小红书又称小红薯。\n", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 8)
    options = Options(workers=3, batch_chars=len(big.encode()) // 5)
    parts = split(readers.sources([str(tmp_path)]), options)
    assert max(p.parts for p in parts) == 6  # at most two parts per worker
    concepts = store.load(terms_file).concepts
    outputs, warnings = set(), []
    for workers in (1, 2, 3):
        with collected() as said:
            found = extract([str(tmp_path)], concepts, Options(workers=workers, batch_chars=options.batch_chars))
        outputs.add(json.dumps([c.to_json() for c in found], ensure_ascii=False))
        warnings.append(said)
    assert len(outputs) == 1 and '"小红薯"' in outputs.pop()
    assert warnings[0] == warnings[1] == warnings[2] and len(warnings[0]) == 1 and "blob.bin" in warnings[0][0]


def test_a_worker_that_dies_is_an_error_not_a_wait() -> None:
    import multiprocessing as mp

    import pytest

    from glossary.errors import WorkerError
    from glossary.extract.pipeline import _next

    context = mp.get_context("fork")
    results = context.Queue()
    worker = context.Process(target=_die)
    worker.start()
    worker.join()
    with pytest.raises(WorkerError, match="killed by signal 9"):
        _next([worker], results)


def _die() -> None:
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)


def test_standard_input(terms_file: Path) -> None:
    text = "小红书又称小红薯。\n\nRedNote (小红书) is popular with TikTok refugees.\n"
    result = run("extract", "-", "--format", "json", "--glossary", str(terms_file), input=text.encode("gb18030"))
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    top = rows[0]
    assert top["id"] == "xiaohongshu" and top["sources"][0]["path"] == "<stdin>"


def test_empty_corpus_and_bad_options_are_usage_errors(tmp_path: Path, terms_file: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "empty.txt").write_text("\n\n", encoding="utf-8")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 8)
    result = run("extract", str(folder), "--glossary", str(terms_file))
    assert result.exit_code == 2
    assert "warning: skipped" in result.stderr and "blob.bin" in result.stderr
    assert "error: the corpus is empty" in result.stderr
    result = run("extract", str(CORPUS), "--format", "xml", "--glossary", str(terms_file))
    assert result.exit_code == 2 and "unknown format 'xml'" in result.stderr
    result = run("extract", str(tmp_path / "missing"), "--glossary", str(terms_file))
    assert result.exit_code == 2 and "no such file or folder" in result.stderr


def test_tally_merge_keeps_counts_and_first_sources() -> None:
    scanner = Scanner([])
    a, b, both = Tally(2), Tally(2), Tally(2)
    units = [Unit("x.txt", n, f"RedNote post {n}. 薯队长说好。") for n in range(1, 5)]
    for u in units[:2]:
        scanner.scan(u, a)
    for u in units[2:]:
        scanner.scan(u, b)
    for u in units:
        scanner.scan(u, both)
    a.merge(b)
    assert a.counts == both.counts and a.zh == both.zh and a.pairs == both.pairs
    assert a.sources == both.sources


#: Two-character nouns that :func:`pair_corpus` strings together at random (many distinct pairs) …
PAIR_WORDS = (
    "网友 城市 平台 用户 猫咪 照片 视频 评论 话题 学生 老师 朋友 家庭 工作 游戏 音乐 电影 新闻 手机 电脑 美食 旅行 "
    "天气 公园 医院 银行 超市 咖啡 面包 米饭 水果 衣服 鞋子 书包 汽车 火车 飞机 河流 山脉 海洋 森林 草原 沙漠 城堡 "
    "桥梁 街道 广场 市场"
).split()
#: … with these compounds in every third sentence (pairs that recur across files).
PAIR_COMPOUNDS = ("赛博对账", "薯条外交", "猫税账单", "数字难民")


def pair_corpus(root: Path, files: int = 12, lines: int = 40) -> Path:
    """A corpus of ``files`` files whose Chinese makes about 2,000 distinct adjacent pairs (a seeded draw)."""
    import random

    rng = random.Random(14)
    root.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        rows = []
        for n in range(lines):
            words = [rng.choice(PAIR_WORDS) for _ in range(rng.randint(6, 12))]
            if n % 3 == 0:
                words.insert(rng.randrange(len(words)), rng.choice(PAIR_COMPOUNDS))
            rows.append("".join(words) + "。")
        (root / f"{f:02d}.txt").write_text("\n\n".join(rows) + "\n", encoding="utf-8")
    return root


def test_past_the_pair_limit_every_split_keeps_the_same_pairs_with_exact_counts(
    tmp_path: Path, terms_file: Path, monkeypatch
) -> None:
    """With the pair table's limit low, a corpus of many batches passes it several times over:
    one worker, two or three, large or small batches keep the same pairs (those :func:`pair_kept`
    keeps at one level), each with its count over the whole corpus, and the JSON is the same bytes."""
    from glossary.extract import pipeline, readers
    from glossary.extract.pipeline import pair_kept, run_parts, split

    corpus = pair_corpus(tmp_path / "corpus")
    full = run_parts(split(readers.sources([str(corpus)]), Options()), [], Options())
    assert full.pair_level == 0 and len(full.pairs) > 1_500
    monkeypatch.setattr(pipeline, "PAIR_LIMIT", 300)
    concepts = store.load(terms_file).concepts
    tallies, outputs = {}, {}
    for workers, batch_chars in ((1, 200_000), (2, 3_000), (3, 1_000), (2, 200_000)):
        options = Options(workers=workers, batch_chars=batch_chars)
        tally = run_parts(split(readers.sources([str(corpus)]), options), [], options)
        tallies[workers, batch_chars] = (tally.pair_level, dict(tally.pairs))
        found = extract([str(corpus)], concepts, options)
        outputs[workers, batch_chars] = json.dumps([c.to_json() for c in found], ensure_ascii=False)
    level, pairs = tallies[1, 200_000]
    assert level >= 2 and 0 < len(pairs) <= 300
    assert pairs == {k: v for k, v in full.pairs.items() if pair_kept(k, level)}
    assert all(t == (level, pairs) for t in tallies.values())
    assert len(set(outputs.values())) == 1, [k for k, v in outputs.items() if v != outputs[1, 200_000]]


def test_extract_cli_keeps_lookup_start_up_light() -> None:
    import subprocess
    import sys

    code = "import sys, glossary.cli; print(sorted(m for m in ('jieba', 'rjieba', 'ahocorasick', 'ahocorasick_rs', 'wordfreq', 'pypinyin', 'markdown_it') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- hostile corpora ----------------------------------------------------------------------------


def test_symlinks_out_of_the_corpus_are_not_followed_unless_asked(tmp_path: Path) -> None:
    secret = tmp_path / "etc" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0 #PasswdLeak\n\nadmin #PasswdLeak\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "posts.txt").write_text("很多TikTok难民来到小红书。\n\nTikTok难民在小红书交猫税。\n", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(secret)
    result = run("extract", str(corpus), "--format", "json", "--no-glossary")
    assert result.exit_code == 0, result.stderr
    assert "PasswdLeak" not in result.stdout and "root:x" not in result.stdout
    assert result.stderr.splitlines()[0] == (
        f"warning: skipped {corpus / 'passwd.txt'}: symbolic link out of the folders given (--follow-symlinks follows it)"
    )
    followed = run("extract", str(corpus), "--format", "json", "--no-glossary", "--follow-symlinks")
    assert followed.exit_code == 0 and "warning" not in followed.stderr
    assert "#PasswdLeak" in {f for r in json.loads(followed.stdout) for f in r["forms"]}


def test_build_never_writes_control_characters_or_bidi_overrides(terms_file: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "posts.jsonl"
    posts = [
        "薯队长\x1b]0;pwned\x07欢迎TikTok难民。",
        "今天薯队长\x1b]52;c;ZXZpbA==\x07很忙\x1b[2J。",
        "小红\u202e书又称小红\u202e薯\x00，英文名Red\rNote。",
        "#Cat\u2066Tax\u2069 是\x85猫税\x9b。",
        "#Cat\u2066Tax\u2069 again",
    ]
    corpus.write_text("\n".join(json.dumps({"text": p}) for p in posts), encoding="utf-8")
    before = store.load(terms_file).concepts
    result = run("build", str(corpus), "--no-enrich", "--glossary", str(terms_file), "--min-count", "2")
    assert result.exit_code == 0, result.stderr
    data = terms_file.read_text(encoding="utf-8")
    for bad in ("\x1b", "\x07", "\x00", "\r", "\x85", "\x9b", "\u202e", "\u2066", "\u2069"):
        assert bad not in data, repr(bad)
    after = {c.id: c for c in store.load(terms_file).concepts}
    assert len(after) > len(before)
    captain = next(c for c in after.values() if c.zh == "薯队长")
    assert captain.status == "candidate"
    assert [s.sentence for s in captain.sources][:1] == ["薯队长]0;pwned欢迎TikTok难民。"]


def test_the_pair_table_thins_alike_however_the_stream_is_cut() -> None:
    """Pairs counted in one tally, or in tallies of any cut of the stream merged in any tree, give
    the same table at the same level: what one tally keeps, with the whole stream's counts."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from glossary.extract import pipeline
    from glossary.extract.pipeline import pair_kept

    def tally(units: list[list[str]]) -> Tally:
        t = Tally()
        for unit in units:
            t.pairs.update(unit)
            if len(t.pairs) > pipeline.PAIR_LIMIT:
                t.thin()
        t.thin()
        return t

    def fold(tallies: list[Tally], tree: bool) -> Tally:
        while len(tallies) > 1:
            if not tree:
                tallies[0].merge(tallies.pop(1))
                continue
            for a, b in zip(tallies[::2], tallies[1::2]):
                a.merge(b)
            tallies = tallies[::2]
        tallies[0].thin(settle=True)
        return tallies[0]

    pair = st.text("abc赛博对账\x00", min_size=1, max_size=4)
    units = st.lists(st.lists(pair, max_size=8), min_size=1, max_size=30)

    @settings(max_examples=200, deadline=None)
    @given(units, st.lists(st.integers(1, 30), max_size=6), st.booleans(), st.integers(1, 12))
    def check(units: list[list[str]], cuts: list[int], tree: bool, limit: int) -> None:
        pipeline.PAIR_LIMIT = limit
        whole = fold([tally(units)], tree)
        bounds = sorted({0, len(units), *(c for c in cuts if c < len(units))})
        merged = fold([tally(units[a:b]) for a, b in zip(bounds, bounds[1:])], tree)
        assert (merged.pair_level, merged.pairs) == (whole.pair_level, whole.pairs)
        every = Counter(p for unit in units for p in unit)
        assert len(whole.pairs) <= limit
        assert whole.pairs == {k: v for k, v in every.items() if pair_kept(k, whole.pair_level)}

    saved = pipeline.PAIR_LIMIT
    try:
        check()
    finally:
        pipeline.PAIR_LIMIT = saved


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("#“”\"‘’'「」『』 \naA1&/_，。小红书x-") + ["#TikTok", "“赛博迁徙”"]), max_size=16
    ).map("".join)
)
def test_hashtags_and_quotes_are_found_from_their_marks_as_the_patterns_find_them(text: str) -> None:
    for pattern, anchor in ((english._HASHTAG, english._HASH), (english._QUOTE, english._OPENING)):
        found = [(m.span(), m.groups()) for m in english.anchored(pattern, anchor, text)]
        assert found == [(m.span(), m.groups()) for m in pattern.finditer(text)]

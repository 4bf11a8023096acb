"""The Anki deck: opened as Anki opens it (zip → collection.anki2 SQLite), and imported, edited and
re-imported by the official ``anki`` package (Anki's own Rust importer), never mocked."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import time
import zipfile
from pathlib import Path

import genanki
import pytest
from anki import collection as anki_collection
from anki import import_export_pb2 as anki_pb
from typer.testing import CliRunner

from glossary.cli import app
from glossary.export.anki import (
    CSS,
    DECK_ID,
    FIELDS,
    LEDGER_NAME,
    MODEL_ID,
    MODEL_NAME,
    NOTETYPE_MTIME,
    TEMPLATES,
    note_guid,
)
from glossary.paths import data_dir
from glossary.terms.model import Alias, Concept, Example, Ref, Source
from glossary.terms.store import editing, load, save
from tests.export.ankitools import note_of, old_deck, review

runner = CliRunner()
T1, T2 = 1_737_000_000, 1_737_086_400  # two file times a day apart


def export(terms: Path, out: Path, *args: str) -> Path:
    result = runner.invoke(app, ["export", "--format", "anki", "-o", str(out), "--glossary", str(terms), *args])
    assert result.exit_code == 0, result.output
    return out


def collection(apkg: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(apkg) as z:
        assert sorted(z.namelist()) == ["collection.anki2", "media"]
        assert json.loads(z.read("media")) == {}
        db = tmp_path / f"{apkg.stem}.anki2"
        db.write_bytes(z.read("collection.anki2"))
    return sqlite3.connect(db)


def notes(conn: sqlite3.Connection) -> dict[str, dict]:
    out = {}
    for guid, mid, mod, tags, flds in conn.execute("SELECT guid, mid, mod, tags, flds FROM notes"):
        fields = dict(zip(FIELDS, flds.split("\x1f"), strict=True))
        out[fields["Id"]] = {"guid": guid, "mid": mid, "mod": mod, "tags": tags.split(), "fields": fields}
    return out


def mods(apkg: Path, tmp_path: Path) -> dict[str, int]:
    return {cid: n["mod"] for cid, n in notes(collection(apkg, tmp_path)).items()}


@pytest.fixture
def terms(terms_file: Path) -> Path:
    os.utime(terms_file, (T1, T1))
    return terms_file


def test_notes_fields_tags_and_cards(terms: Path, tmp_path: Path) -> None:
    conn = collection(export(terms, tmp_path / "deck.apkg"), tmp_path)
    by_id = notes(conn)
    assert set(by_id) == {"xiaohongshu", "tiktok-refugee", "bytedance", "cat-tax"}
    xhs = by_id["xiaohongshu"]
    assert xhs["mid"] == MODEL_ID and xhs["mod"] == T1  # a note never exported before: the file's time
    assert xhs["tags"] == ["glossary::category::platform", "glossary::status::reviewed"]
    assert by_id["cat-tax"]["tags"] == ["glossary::category::custom", "glossary::status::candidate"]
    assert xhs["guid"] == genanki.guid_for("tiktok-refugee-glossary", "xiaohongshu") == note_guid("xiaohongshu")
    f = xhs["fields"]
    assert (f["Simplified"], f["Traditional"], f["English"], f["Literal"]) == (
        "小红书",
        "小紅書",
        "RedNote",
        "little red book",
    )
    assert f["Pinyin"] == '<span class="tone3">Xiǎo</span><span class="tone2">hóng</span><span class="tone1">shū</span>'
    assert f["Aliases"] == (
        'Xiaohongshu <span class="kind">(transliteration)</span> · Little Red Book <span class="kind">(calque)</span>'
        ' · Red Note <span class="kind">(variant)</span>'
    )
    assert f["Note"].startswith("Chinese lifestyle app")
    # no CC-CEDICT entry, no refs, no example: those fields stay empty; wordfreq lists the word as rare
    assert (f["MeasureWord"], f["Refs"], f["Example"], f["Frequency"]) == ("", "", "", "rare · Zipf 1.5")
    assert by_id["cat-tax"]["fields"]["Frequency"] == ""  # 猫税 is not in wordfreq's list
    refugee = by_id["tiktok-refugee"]["fields"]
    assert (
        refugee["Example"]
        == 'Millions of <b>TikTok refugee</b>s joined RedNote. <span class="source">— corpus/news.txt:3</span>'
    )
    # two cards per note: Chinese → English (ord 0) and English → Chinese (ord 1), in the fixed deck
    cards = conn.execute("SELECT n.guid, c.ord, c.did FROM cards c JOIN notes n ON n.id = c.nid").fetchall()
    assert len(cards) == 8 and {c[2] for c in cards} == {DECK_ID}
    assert sorted(c[1] for c in cards if c[0] == xhs["guid"]) == [0, 1]
    models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
    model = models[str(MODEL_ID)]
    assert model["name"] == MODEL_NAME and model["mod"] == NOTETYPE_MTIME
    assert [t["name"] for t in model["tmpls"]] == ["Chinese → English", "English → Chinese"]
    assert [f["name"] for f in model["flds"]] == FIELDS
    assert ".tone1" in model["css"] and ".tone5" in model["css"]
    decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
    assert decks[str(DECK_ID)]["name"] == "Test glossary"


def test_note_type_is_pinned() -> None:
    """Anki matches the note type by id and its fields and templates by name, and takes a changed
    note type only when its time is newer: a change to any of them must move NOTETYPE_MTIME on."""
    assert (MODEL_ID, FIELDS[:9]) == (
        1736726417,
        ["Id", "Simplified", "Traditional", "Pinyin", "English", "Aliases", "Literal", "Note", "Example"],
    )
    shape = json.dumps([FIELDS, TEMPLATES, CSS], ensure_ascii=False).encode("utf-8")
    assert (hashlib.sha256(shape).hexdigest()[:16], NOTETYPE_MTIME) == ("2426cd6eb5022e8f", 1795910400), (
        "the note type changed: set NOTETYPE_MTIME to today and record the new digest here"
    )


def dictionary_glossary(path: Path) -> Path:
    save(
        path,
        [
            Concept(
                id="book",
                category="other",
                zh="书",
                pinyin="shū",
                en="book",
                example=Example("我买了一本<b>书</b>。", "I bought a <i>book</i>."),
                refs=[
                    Ref('https://example.org/a?b=1&c="2"', "Example <Post>", "2025-01-15"),
                    Ref("https://news.example/p/1"),
                ],
                status="reviewed",
            ),
            Concept(id="refugee", category="community", zh="难民", pinyin="nànmín", en="refugee"),
            Concept(id="billiards", category="other", zh="弹子", pinyin="tánzǐ", en="billiards"),
        ],
        name="Dictionary words",
    )
    return path


def test_example_refs_measure_words_and_frequency(tmp_path: Path) -> None:
    by_id = notes(collection(export(dictionary_glossary(tmp_path / "t.yaml"), tmp_path / "d.apkg"), tmp_path))
    book = by_id["book"]["fields"]
    assert book["Example"] == (
        '<div lang="zh-Hans">我买了一本&lt;b&gt;<b>书</b>&lt;/b&gt;。</div>'
        '<div class="translation">I bought a &lt;i&gt;book&lt;/i&gt;.</div>'
    )
    # the address percent-encoded, the label (outlet and date, else the host) as text
    assert book["Refs"] == (
        '<a href="https://example.org/a?b=1&amp;c=%222%22">Example &lt;Post&gt;, 2025-01-15</a>'
        ' · <a href="https://news.example/p/1">news.example</a>'
    )
    assert book["MeasureWord"] == "本 běn · 册 cè · 部 bù"  # CC-CEDICT: 书 … CL:本[ben3],冊|册[ce4],部[bu4]
    assert book["Frequency"].startswith("very common · Zipf ")
    assert by_id["refugee"]["fields"]["Frequency"] == "common · Zipf 4.6"
    assert by_id["refugee"]["fields"]["MeasureWord"] == ""  # CC-CEDICT gives none
    # 弹子 dànzǐ 'pellet' has CL:粒[li4],顆|颗[ke1]; 弹子 tánzǐ 'billiards' is another word, with none
    assert by_id["billiards"]["fields"]["MeasureWord"] == ""


def test_package_is_byte_identical_across_exports(terms: Path, tmp_path: Path) -> None:
    a = export(terms, tmp_path / "a.apkg").read_bytes()
    b = export(terms, tmp_path / "b.apkg").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_source_date_epoch_pins_a_fresh_export(terms: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736726400")
    a = export(terms, tmp_path / "a.apkg").read_bytes()
    assert set(mods(tmp_path / "a.apkg", tmp_path).values()) == {1736726400}
    (data_dir() / LEDGER_NAME).unlink()  # another machine, the same file with another mtime
    os.utime(terms, (T2, T2))
    assert export(terms, tmp_path / "b.apkg").read_bytes() == a


def test_unchanged_notes_keep_their_time_changed_ones_move_on(
    terms: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the file time or SOURCE_DATE_EPOCH, an unchanged concept keeps its note's time (Anki
    leaves it alone) and a changed one gets a later time than before and than now (Anki updates it)."""
    first = mods(export(terms, tmp_path / "1.apkg"), tmp_path)
    os.utime(terms, (T2, T2))  # exported again another day
    assert mods(export(terms, tmp_path / "2.apkg"), tmp_path) == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736726400")  # a build pinned to an older date
    assert mods(export(terms, tmp_path / "3.apkg"), tmp_path) == first
    before = int(time.time())
    with editing(terms) as doc:
        doc.update("xiaohongshu", en="RedNote app")
    after = mods(export(terms, tmp_path / "4.apkg"), tmp_path)
    assert {k: v for k, v in after.items() if k != "xiaohongshu"} == {
        k: v for k, v in first.items() if k != "xiaohongshu"
    }
    assert after["xiaohongshu"] >= before > first["xiaohongshu"]
    with editing(terms) as doc:  # edited back: still a change for the notes already updated
        doc.update("xiaohongshu", en="RedNote")
    assert mods(export(terms, tmp_path / "5.apkg"), tmp_path)["xiaohongshu"] > after["xiaohongshu"]
    assert mods(export(terms, tmp_path / "6.apkg"), tmp_path) == mods(tmp_path / "5.apkg", tmp_path)


def test_a_damaged_ledger_is_named_and_nothing_is_written(terms: Path, tmp_path: Path) -> None:
    ledger = data_dir() / LEDGER_NAME
    ledger.parent.mkdir(parents=True, exist_ok=True)
    ledger.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["export", "-f", "anki", "-o", str(tmp_path / "x.apkg"), "--glossary", str(terms)])
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: {ledger}:1: not a ledger of Anki note times (version 1); "
        "remove it to start afresh (every note then gets the export time)"
    )
    assert not (tmp_path / "x.apkg").exists() and ledger.read_text(encoding="utf-8") == "{not json"


def test_guids_stay_and_content_changes_when_the_glossary_is_edited(terms: Path, tmp_path: Path) -> None:
    before = notes(collection(export(terms, tmp_path / "before.apkg"), tmp_path))
    with editing(terms) as doc:
        doc.update("xiaohongshu", en="RedNote app", literal="little red notebook")
        doc.remove("cat-tax")
        doc.add(Concept(id="lemon8", category="app", en="Lemon8", note="ByteDance's other app.", status="reviewed"))
        doc.add(Concept(id="douyin", category="app", zh="抖音", pinyin="Dǒuyīn", status="reviewed"))
    os.utime(terms, (T2, T2))
    conn = collection(export(terms, tmp_path / "after.apkg"), tmp_path)
    after = notes(conn)
    # an English-only concept has nothing to learn in a Chinese deck: no note
    assert set(after) == {"xiaohongshu", "tiktok-refugee", "bytedance", "douyin"}
    for cid in ("xiaohongshu", "tiktok-refugee", "bytedance"):
        assert after[cid]["guid"] == before[cid]["guid"]
    assert after["xiaohongshu"]["mod"] > before["xiaohongshu"]["mod"]
    assert after["bytedance"]["mod"] == before["bytedance"]["mod"]
    assert after["xiaohongshu"]["fields"]["English"] == "RedNote app"
    assert after["xiaohongshu"]["fields"]["Literal"] == "little red notebook"
    # Chinese without English: only the Chinese → English card
    ords = conn.execute(
        "SELECT c.ord FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = ?", (after["douyin"]["guid"],)
    ).fetchall()
    assert ords == [(0,)]


def test_corpus_text_is_escaped_on_cards(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    save(
        path,
        [
            Concept(
                id="xss",
                category="meme",
                zh="<script>alert(1)</script>",
                en="<img src=x onerror=alert(1)>",
                note="a <b>bold</b> & claim",
                aliases=[Alias("<i>x</i>", "variant")],
                sources=[Source("a.md", 1, "We saw <script>alert(1)</script> there.")],
                refs=[Ref('https://x.org/"><script>alert(1)</script>', "<svg onload=alert(1)>")],
            )
        ],
    )
    f = notes(collection(export(path, tmp_path / "x.apkg"), tmp_path))["xss"]["fields"]
    assert f["Simplified"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f["English"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert f["Note"] == "a &lt;b&gt;bold&lt;/b&gt; &amp; claim"
    assert f["Aliases"].startswith("&lt;i&gt;x&lt;/i&gt; <span")
    assert f["Example"].startswith("We saw <b>&lt;script&gt;alert(1)&lt;/script&gt;</b> there.")
    assert (
        f["Refs"]
        == '<a href="https://x.org/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E">&lt;svg onload=alert(1)&gt;</a>'
    )
    assert not any("<script" in v or "<img" in v or "<svg" in v for v in f.values())


def test_binary_format_needs_a_file_on_a_terminal(terms: Path) -> None:
    # CliRunner's stdout is not a terminal: bytes go through (for pipes), exactly the file's bytes
    result = runner.invoke(app, ["export", "-f", "anki", "--glossary", str(terms)])
    assert result.exit_code == 0
    assert result.stdout_bytes[:2] == b"PK"


def test_bundled_glossary_deck(bundled_terms: Path, tmp_path: Path) -> None:
    by_id = notes(collection(export(bundled_terms, tmp_path / "bundled.apkg"), tmp_path))
    g = load(bundled_terms)
    assert set(by_id) == {c.id for c in g.concepts if c.zh or c.zh_hant}
    assert all(
        n["tags"] == [f"glossary::category::{g.get(cid).category}", f"glossary::status::{g.get(cid).status}"]
        for cid, n in by_id.items()
    )
    assert len({n["guid"] for n in by_id.values()}) == len(by_id)
    # every concept of the bundled glossary has an example sentence with its translation
    assert all('<div class="translation">' in n["fields"]["Example"] for n in by_id.values())
    # measure words of the concept's own reading and sense only
    jiaozi = by_id["jiaozi"]["fields"]["MeasureWord"]
    assert jiaozi == "个 gè · 只 zhī"  # CC-CEDICT: dumpling/pot-sticker/CL:個|个[ge4],隻|只[zhi1]
    assert by_id["fensi"]["fields"]["MeasureWord"] == ""  # 把 counts the vermicelli, not the followers
    assert by_id["geng"]["fields"]["MeasureWord"] == ""  # 根 counts stalks, not memes
    assert by_id["apple"]["fields"]["MeasureWord"] == ""  # Píngguǒ the company, not píngguǒ the fruit
    # every Chinese concept's pinyin splits into tone-coloured syllables
    for c in g.concepts:
        if c.zh and c.pinyin and c.pinyin.isascii() is False:
            assert 'class="tone' in by_id[c.id]["fields"]["Pinyin"], c.id


# --- the official Anki importer --------------------------------------------------------------


def anki_import(col, apkg: Path, merge: bool, always: bool = False) -> dict[str, int]:
    """Import as Anki's import screen does: updates "if newer" for notes and note types (its defaults),
    "Merge note types" as given (off by default; the option a learner who added a field must tick)."""
    if_newer = anki_pb.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    notes = anki_pb.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS if always else if_newer
    options = anki_collection.ImportAnkiPackageOptions(
        merge_notetypes=merge, update_notes=notes, update_notetypes=if_newer, with_scheduling=False
    )
    log = col.import_anki_package(anki_collection.ImportAnkiPackageRequest(package_path=str(apkg), options=options)).log
    return {k: len(getattr(log, k)) for k in ("new", "updated", "duplicate", "conflicting")}


@pytest.fixture
def anki_col(tmp_path: Path):
    (tmp_path / "anki").mkdir()
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def test_anki_updates_in_place_with_its_default_options(terms: Path, tmp_path: Path, anki_col) -> None:
    assert anki_import(anki_col, export(terms, tmp_path / "a.apkg"), merge=False) == {
        "new": 4,
        "updated": 0,
        "duplicate": 0,
        "conflicting": 0,
    }
    assert anki_col.get_empty_cards().notes == []  # no card Anki would call empty
    review(anki_col, "bytedance")
    mine = note_of(anki_col, "tiktok-refugee")
    mine["Note"] = "my own note"  # a learner's edit on a concept that will not change
    anki_col.update_note(mine)
    # exporting again, another day, with nothing changed: nothing is touched
    os.utime(terms, (T2, T2))
    assert anki_import(anki_col, export(terms, tmp_path / "b.apkg"), merge=False)["updated"] == 0
    with editing(terms) as doc:
        doc.update("xiaohongshu", en="RedNote app")
    log = anki_import(anki_col, export(terms, tmp_path / "c.apkg"), merge=False)
    assert log == {"new": 0, "updated": 1, "duplicate": 3, "conflicting": 0}
    assert note_of(anki_col, "xiaohongshu")["English"] == "RedNote app"
    assert note_of(anki_col, "tiktok-refugee")["Note"] == "my own note"
    assert (anki_col.note_count(), anki_col.card_count()) == (4, 8)
    assert anki_col.db.scalar("SELECT count() FROM revlog") == 1


def test_a_learners_field_and_sound_survive_an_update(
    terms: Path, tmp_path: Path, anki_col, monkeypatch: pytest.MonkeyPatch
) -> None:
    anki_import(anki_col, export(terms, tmp_path / "a.apkg"), merge=False)
    review(anki_col, "bytedance")
    notetype = anki_col.models.by_name(MODEL_NAME)
    anki_col.models.add_field(notetype, anki_col.models.new_field("Audio"))
    anki_col.models.update_dict(notetype)  # Anki gives every note of the type the time of this change
    name = anki_col.media.write_data("zijie.mp3", b"ID3 not really audio")
    for cid in ("bytedance", "xiaohongshu"):
        note = note_of(anki_col, cid)
        note["Audio"] = f"[sound:{name}]"
        anki_col.update_note(note)
    with editing(terms) as doc:
        doc.update("xiaohongshu", en="RedNote app")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736726400")  # and whatever a build pins
    time.sleep(1.1)  # Anki's times are in seconds: the edit comes after the learner's change
    apkg = export(terms, tmp_path / "b.apkg")
    # with Anki's defaults the changed note type makes every note a conflict: nothing changes
    assert anki_import(anki_col, apkg, merge=False)["conflicting"] == 4
    assert note_of(anki_col, "xiaohongshu")["English"] == "RedNote"
    # "Merge note types" (Import → Updates): the changed note updates, the learner's field and sound stay
    assert anki_import(anki_col, apkg, merge=True) == {"new": 0, "updated": 1, "duplicate": 3, "conflicting": 0}
    assert note_of(anki_col, "xiaohongshu")["English"] == "RedNote app"
    assert note_of(anki_col, "bytedance")["Audio"] == "[sound:zijie.mp3]"
    # Anki replaces every field of a note it updates, a merged-in one too (rslib's apkg importer:
    # "TODO: might still want to update merged in fields"): the README says so
    assert note_of(anki_col, "xiaohongshu")["Audio"] == ""
    assert (Path(anki_col.media.dir()) / "zijie.mp3").read_bytes() == b"ID3 not really audio"
    names = [[f["name"] for f in m["flds"]] for m in anki_col.models.all() if m["name"].startswith("Glossary")]
    assert names == [[*FIELDS, "Audio"]]  # one note type (the conflict's copy merged away), the field kept
    assert (anki_col.note_count(), anki_col.card_count()) == (4, 8)
    assert anki_col.db.scalar("SELECT count() FROM revlog") == 1


def test_a_deck_from_before_the_new_fields_updates_once_with_merge_and_always(
    terms: Path, tmp_path: Path, anki_col
) -> None:
    """A deck of the previous note type (the first nine fields, the same ids and card names)."""
    old_deck(load(terms).concepts, tmp_path / "old.apkg", timestamp=T1)
    anki_import(anki_col, tmp_path / "old.apkg", merge=False)
    review(anki_col, "bytedance")
    apkg = export(terms, tmp_path / "new.apkg")
    # merging adds the fields, which gives every note the time of the import: none is older than the deck's
    assert anki_import(anki_col, apkg, merge=True)["updated"] == 0
    assert anki_import(anki_col, apkg, merge=True, always=True) == {
        "new": 0,
        "updated": 4,
        "duplicate": 0,
        "conflicting": 0,
    }
    assert note_of(anki_col, "xiaohongshu")["Frequency"] == "rare · Zipf 1.5"
    assert note_of(anki_col, "xiaohongshu").tags == ["glossary::category::platform", "glossary::status::reviewed"]
    # from then on, Anki's defaults: nothing unchanged is touched, a change arrives
    assert anki_import(anki_col, apkg, merge=False)["duplicate"] == 4
    with editing(terms) as doc:
        doc.update("bytedance", en="ByteDance Ltd.")
    assert anki_import(anki_col, export(terms, tmp_path / "newer.apkg"), merge=False)["updated"] == 1
    assert (anki_col.note_count(), anki_col.card_count(), anki_col.db.scalar("SELECT count() FROM revlog")) == (4, 8, 1)


def test_a_glossary_without_chinese_exports_an_empty_deck() -> None:
    """No concept has Chinese, so no note is made and genanki writes no note type: still a deck."""
    from glossary.export import get
    from glossary.export.registry import ExportData

    package = get("anki")(ExportData((Concept(id="only-english", en="only English"),)))
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        assert "collection.anki2" in z.namelist()

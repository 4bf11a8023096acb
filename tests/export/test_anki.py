"""The Anki deck: opened as Anki opens it (zip → collection.anki2 SQLite), never mocked."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from typer.testing import CliRunner

from glossary.cli import app
from glossary.export.anki import DECK_ID, FIELDS, MODEL_ID, note_guid
from glossary.terms.model import Alias, Concept, Source
from glossary.terms.store import editing, load, save

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
        fields = dict(zip(FIELDS, flds.split("\x1f")))
        out[fields["Id"]] = {"guid": guid, "mid": mid, "mod": mod, "tags": tags.split(), "fields": fields}
    return out


@pytest.fixture
def terms(terms_file: Path) -> Path:
    os.utime(terms_file, (T1, T1))
    return terms_file


def test_notes_fields_tags_and_cards(terms: Path, tmp_path: Path) -> None:
    conn = collection(export(terms, tmp_path / "deck.apkg"), tmp_path)
    by_id = notes(conn)
    assert set(by_id) == {"xiaohongshu", "tiktok-refugee", "bytedance", "cat-tax"}
    xhs = by_id["xiaohongshu"]
    assert xhs["mid"] == MODEL_ID and xhs["tags"] == ["platform"] and xhs["mod"] == T1
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
    refugee = by_id["tiktok-refugee"]["fields"]
    assert (
        refugee["Example"]
        == 'Millions of <b>TikTok refugee</b>s joined RedNote. <span class="source">— corpus/news.txt:3</span>'
    )
    assert by_id["cat-tax"]["tags"] == ["custom"]
    # two cards per note: Chinese → English (ord 0) and English → Chinese (ord 1), in the fixed deck
    cards = conn.execute("SELECT n.guid, c.ord, c.did FROM cards c JOIN notes n ON n.id = c.nid").fetchall()
    assert len(cards) == 8 and {c[2] for c in cards} == {DECK_ID}
    assert sorted(c[1] for c in cards if c[0] == xhs["guid"]) == [0, 1]
    models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
    model = models[str(MODEL_ID)]
    assert [t["name"] for t in model["tmpls"]] == ["Chinese → English", "English → Chinese"]
    assert [f["name"] for f in model["flds"]] == FIELDS
    assert ".tone1" in model["css"] and ".tone5" in model["css"]
    decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
    assert decks[str(DECK_ID)]["name"] == "Test glossary"


def test_package_is_byte_identical_across_exports(terms: Path, tmp_path: Path) -> None:
    a = export(terms, tmp_path / "a.apkg").read_bytes()
    b = export(terms, tmp_path / "b.apkg").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_source_date_epoch_pins_the_timestamp(terms: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736726400")
    a = export(terms, tmp_path / "a.apkg").read_bytes()
    os.utime(terms, (T2, T2))
    assert export(terms, tmp_path / "b.apkg").read_bytes() == a
    assert {n["mod"] for n in notes(collection(tmp_path / "b.apkg", tmp_path)).values()} == {1736726400}


def test_guids_stay_and_content_changes_when_the_glossary_is_edited(terms: Path, tmp_path: Path) -> None:
    """Re-importing an updated deck must update notes: same GUIDs for the same ids, newer mtime, new content."""
    before = notes(collection(export(terms, tmp_path / "before.apkg"), tmp_path))
    with editing(terms) as doc:
        doc.update("xiaohongshu", en="RedNote app", literal="little red notebook")
        doc.remove("cat-tax")
        doc.add(Concept(id="lemon8", category="app", en="Lemon8", note="ByteDance's other app.", status="reviewed"))
    os.utime(terms, (T2, T2))
    after = notes(collection(export(terms, tmp_path / "after.apkg"), tmp_path))
    assert set(after) == {"xiaohongshu", "tiktok-refugee", "bytedance", "lemon8"}
    for cid in ("xiaohongshu", "tiktok-refugee", "bytedance"):
        assert after[cid]["guid"] == before[cid]["guid"]
        assert after[cid]["mod"] > before[cid]["mod"]  # Anki updates a note on import only if it is newer
    assert after["xiaohongshu"]["fields"]["English"] == "RedNote app"
    assert after["xiaohongshu"]["fields"]["Literal"] == "little red notebook"
    assert after["lemon8"]["guid"] not in {n["guid"] for n in before.values()}
    # an English-only concept gets only the English → Chinese card
    conn = collection(tmp_path / "after.apkg", tmp_path)
    ords = conn.execute(
        "SELECT c.ord FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = ?", (after["lemon8"]["guid"],)
    ).fetchall()
    assert ords == [(1,)]


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
            )
        ],
    )
    f = notes(collection(export(path, tmp_path / "x.apkg"), tmp_path))["xss"]["fields"]
    assert f["Simplified"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f["English"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert f["Note"] == "a &lt;b&gt;bold&lt;/b&gt; &amp; claim"
    assert f["Aliases"].startswith("&lt;i&gt;x&lt;/i&gt; <span")
    assert f["Example"].startswith("We saw <b>&lt;script&gt;alert(1)&lt;/script&gt;</b> there.")
    assert not any("<script" in v or "<img" in v for v in f.values())


def test_binary_format_needs_a_file_on_a_terminal(terms: Path) -> None:
    # CliRunner's stdout is not a terminal: bytes go through (for pipes), exactly the file's bytes
    result = runner.invoke(app, ["export", "-f", "anki", "--glossary", str(terms)])
    assert result.exit_code == 0
    assert result.stdout_bytes[:2] == b"PK"


def test_bundled_glossary_deck(bundled_terms: Path, tmp_path: Path) -> None:
    by_id = notes(collection(export(bundled_terms, tmp_path / "bundled.apkg"), tmp_path))
    g = load(bundled_terms)
    assert set(by_id) == {c.id for c in g.concepts}
    assert all(n["tags"] == [g.get(cid).category] for cid, n in by_id.items())
    assert len({n["guid"] for n in by_id.values()}) == len(by_id)
    # every Chinese concept's pinyin splits into tone-coloured syllables
    for c in g.concepts:
        if c.zh and c.pinyin and c.pinyin.isascii() is False:
            assert 'class="tone' in by_id[c.id]["fields"]["Pinyin"], c.id

"""``glossary anki update``: a learner's collection updated field by field, checked with Anki's own
``anki`` package (the collection, its importer, its scheduler), never mocked."""

from __future__ import annotations

import sqlite3
import sys
import time
import unicodedata
from pathlib import Path

import genanki
import pytest
from anki import collection as anki_collection
from anki import import_export_pb2 as anki_pb
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from glossary.cli import app
from glossary.export.anki import CSS, FIELDS, MODEL_ID, MODEL_NAME, TEMPLATES, NoteContent, note_guid
from glossary.export.anki_update import INSTALL, STATE_KEY, field_digest, plan_fields
from glossary.terms.model import Concept
from glossary.terms.store import editing, load
from tests.export.ankitools import note_of, old_deck, review

runner = CliRunner()


def export(terms: Path, out: Path) -> Path:
    result = runner.invoke(app, ["export", "-f", "anki", "-o", str(out), "--glossary", str(terms)])
    assert result.exit_code == 0, result.output
    return out


def update(terms: Path, col_path: Path, *args: str):
    return runner.invoke(app, ["anki", "update", str(col_path), "--glossary", str(terms), *args])


def first_import(col, apkg: Path) -> None:
    """Anki's import screen with its defaults."""
    if_newer = anki_pb.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    options = anki_collection.ImportAnkiPackageOptions(
        merge_notetypes=False, update_notes=if_newer, update_notetypes=if_newer, with_scheduling=False
    )
    col.import_anki_package(anki_collection.ImportAnkiPackageRequest(package_path=str(apkg), options=options))


def snapshot(col) -> dict[str, tuple]:
    """Every note by concept id: its id, modification time, fields and tags."""
    out = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        out[note["Id"]] = (nid, note.mod, dict(note.items()), sorted(note.tags))
    return out


@pytest.fixture
def learner(terms_file: Path, tmp_path: Path):
    """A learner's collection: our deck imported, an Audio field added, a sound on two notes, a card
    answered, a tag of their own; closed again (as Anki must be for an update)."""
    path = tmp_path / "profile" / "collection.anki2"
    path.parent.mkdir()
    col = anki_collection.Collection(str(path))
    first_import(col, export(terms_file, tmp_path / "a.apkg"))
    review(col, "bytedance")
    notetype = col.models.by_name(MODEL_NAME)
    col.models.add_field(notetype, col.models.new_field("Audio"))
    col.models.update_dict(notetype)
    name = col.media.write_data("zijie.mp3", b"ID3 not really audio")
    for cid in ("bytedance", "xiaohongshu"):
        note = note_of(col, cid)
        note["Audio"] = f"[sound:{name}]"
        note.tags.append("my::favourites")
        col.update_note(note)
    col.close()
    time.sleep(1.1)  # Anki's note times are in seconds: an update's must be distinguishable
    return path


def reopen(path: Path):
    return anki_collection.Collection(str(path))


def test_an_update_writes_only_our_changed_fields(terms_file: Path, learner: Path) -> None:
    with editing(terms_file) as doc:
        doc.update("xiaohongshu", en="RedNote app", status="candidate")
        doc.remove("cat-tax")
        doc.add(Concept(id="douyin", category="app", zh="抖音", pinyin="Dǒuyīn", en="Douyin", status="reviewed"))
    col = reopen(learner)
    before = snapshot(col)
    revlog = col.db.all("SELECT * FROM revlog")
    col.close()

    result = update(terms_file, learner)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"updated {learner}: 1 updated, 1 added, 2 unchanged, 1 orphaned",
        "  updated   xiaohongshu: English, tags",
        "  added     douyin",
        "  orphaned  cat-tax (no longer in the glossary; left in your collection)",
    ]

    col = reopen(learner)
    try:
        after = snapshot(col)
        xhs = after["xiaohongshu"]
        assert xhs[0] == before["xiaohongshu"][0]  # the same note, not a new one
        assert xhs[2] == {**before["xiaohongshu"][2], "English": "RedNote app"}  # the Audio field and sound kept
        assert xhs[2]["Audio"] == "[sound:zijie.mp3]"
        assert xhs[3] == ["glossary::category::platform", "glossary::status::candidate", "my::favourites"]
        assert xhs[1] > before["xiaohongshu"][1]
        # unchanged notes: not touched at all, their time included; the orphan stays
        for cid in ("bytedance", "tiktok-refugee", "cat-tax"):
            assert after[cid] == before[cid], cid
        assert (Path(col.media.dir()) / "zijie.mp3").read_bytes() == b"ID3 not really audio"
        assert col.db.all("SELECT * FROM revlog") == revlog and len(revlog) == 1
        card = col.get_card(col.find_cards('"Id:bytedance"')[0])
        assert card.reps == 1  # scheduling kept
        # the new concept: a note with our GUID in our deck, both cards, the learner's Audio empty
        douyin = col.get_note(after["douyin"][0])
        assert douyin.guid == note_guid("douyin") and douyin["Simplified"] == "抖音" and douyin["Audio"] == ""
        deck = col.get_card(col.find_cards('"Id:bytedance"')[0]).did  # Anki gave the imported deck its own id
        assert col.decks.name(deck) == "Test glossary"
        assert {col.get_card(c).did for c in douyin.card_ids()} == {deck} and len(douyin.card_ids()) == 2
        assert (col.note_count(), col.card_count()) == (5, 10)  # no duplicates
        assert [f["name"] for f in col.models.by_name(MODEL_NAME)["flds"]] == [*FIELDS, "Audio"]
    finally:
        col.close()

    # run again: nothing left to do, nothing touched
    again = update(terms_file, learner)
    assert again.stdout.splitlines()[0] == f"updated {learner}: 0 updated, 0 added, 4 unchanged, 1 orphaned"
    col = reopen(learner)
    try:
        assert snapshot(col) == after
    finally:
        col.close()


def test_a_learners_edit_of_our_field_stays(terms_file: Path, learner: Path) -> None:
    assert update(terms_file, learner).exit_code == 0  # the first update records what the glossary wrote
    col = reopen(learner)
    for cid in ("bytedance", "xiaohongshu"):
        note = note_of(col, cid)
        note["Note"] = "my own words"
        col.update_note(note)
    col.close()
    with editing(terms_file) as doc:
        doc.update("xiaohongshu", note="A new note from the glossary.")
        doc.update("bytedance", en="ByteDance Ltd.")
    result = update(terms_file, learner)
    assert result.stdout.splitlines() == [
        f"updated {learner}: 1 updated, 0 added, 3 unchanged, 0 orphaned",
        "  updated   bytedance: English",
        "  kept      xiaohongshu: Note (your edit; the glossary changed it too)",
    ]
    col = reopen(learner)
    try:
        assert note_of(col, "xiaohongshu")["Note"] == "my own words"
        assert (note_of(col, "bytedance")["Note"], note_of(col, "bytedance")["English"]) == (
            "my own words",
            "ByteDance Ltd.",
        )
    finally:
        col.close()


def test_dry_run_writes_nothing(terms_file: Path, learner: Path) -> None:
    with editing(terms_file) as doc:
        doc.update("xiaohongshu", en="RedNote app")
    result = update(terms_file, learner, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"would update {learner}: 1 updated, 0 added, 3 unchanged, 0 orphaned",
        "  updated   xiaohongshu: English",
        "nothing written (--dry-run)",
    ]
    col = reopen(learner)
    try:
        assert note_of(col, "xiaohongshu")["English"] == "RedNote"
        assert col.get_config(STATE_KEY, None) is None
    finally:
        col.close()


def test_an_old_note_type_gains_our_new_fields_and_keeps_the_learners(terms_file: Path, tmp_path: Path) -> None:
    """A deck of the previous note type (the first nine fields), plus the learner's Audio field."""
    old_deck(load(terms_file).concepts, tmp_path / "old.apkg", fronts=["{{Simplified}}", "{{English}}"])
    path = tmp_path / "collection.anki2"
    col = anki_collection.Collection(str(path))
    first_import(col, tmp_path / "old.apkg")
    review(col, "bytedance")
    notetype = col.models.by_name(MODEL_NAME)
    col.models.add_field(notetype, col.models.new_field("Audio"))
    col.models.update_dict(notetype)
    note = note_of(col, "bytedance")
    note["Audio"] = "[sound:b.mp3]"
    col.update_note(note)
    col.close()

    result = update(terms_file, tmp_path)  # the profile folder names the collection too
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"updated {path}: 4 updated, 0 added, 0 unchanged, 0 orphaned",
        "  note type: fields added: Refs, MeasureWord, Frequency",
        "  (your cards show the new fields once their templates do: add --templates for ours)",
    ]
    col = reopen(path)
    try:
        assert [f["name"] for f in col.models.by_name(MODEL_NAME)["flds"]] == [*FIELDS[:9], "Audio", *FIELDS[9:]]
        assert note_of(col, "xiaohongshu")["Frequency"] == "rare · Zipf 1.5"
        assert note_of(col, "bytedance")["Audio"] == "[sound:b.mp3]"
        assert (col.note_count(), col.db.scalar("SELECT count() FROM revlog")) == (4, 1)
    finally:
        col.close()
    # a field of ours the learner then removes is not added back
    col = reopen(path)
    notetype = col.models.by_name(MODEL_NAME)
    col.models.remove_field(notetype, next(f for f in notetype["flds"] if f["name"] == "Frequency"))
    col.models.update_dict(notetype)
    col.close()
    again = update(terms_file, path)
    assert again.stdout.splitlines() == [f"updated {path}: 0 updated, 0 added, 4 unchanged, 0 orphaned"]
    col = reopen(path)
    try:
        assert "Frequency" not in [f["name"] for f in col.models.by_name(MODEL_NAME)["flds"]]
        mods = {n: m for n, m in col.db.all("SELECT id, mod FROM notes")}
    finally:
        col.close()
    # --templates: our card types get our templates and styling; the learner's own card type stays
    col = reopen(path)
    notetype = col.models.by_name(MODEL_NAME)
    mine = col.models.new_template("My listening card")
    mine["qfmt"], mine["afmt"] = "{{Audio}}", "{{Simplified}}"
    col.models.add_template(notetype, mine)
    col.models.update_dict(notetype)
    col.close()
    assert update(terms_file, path, "--templates", "--dry-run").stdout.splitlines() == [
        f"would update {path}: 0 updated, 0 added, 4 unchanged, 0 orphaned",
        "  note type: the glossary's Chinese → English, English → Chinese, styling",
        "nothing written (--dry-run)",
    ]
    result = update(terms_file, path, "--templates")
    assert result.exit_code == 0, result.output
    col = reopen(path)
    try:
        notetype = col.models.by_name(MODEL_NAME)
        # ours, less the Frequency line (the learner removed that field: Anki refuses a template naming it)
        line = '{{#Frequency}}<div><span class="label">frequency</span>{{Frequency}}</div>{{/Frequency}}\n'
        assert all(line in t["afmt"] for t in TEMPLATES)
        assert [(t["name"], t["qfmt"], t["afmt"]) for t in notetype["tmpls"]] == [
            *((t["name"], t["qfmt"], t["afmt"].replace(line, "")) for t in TEMPLATES),
            ("My listening card", "{{Audio}}", "{{Simplified}}"),
        ]
        assert notetype["css"] == CSS
        assert {n: m for n, m in col.db.all("SELECT id, mod FROM notes")} == mods  # no note touched
        assert col.db.scalar("SELECT count() FROM revlog") == 1
    finally:
        col.close()
    assert update(terms_file, path, "--templates").stdout.splitlines() == [
        f"updated {path}: 0 updated, 0 added, 4 unchanged, 0 orphaned"
    ]


def test_untrusted_text_is_escaped_as_in_the_apkg(terms_file: Path, learner: Path) -> None:
    with editing(terms_file) as doc:
        doc.update("xiaohongshu", en="<img src=x onerror=alert(1)>", note="a <b>bold</b> & claim")
    assert update(terms_file, learner).exit_code == 0
    col = reopen(learner)
    try:
        note = note_of(col, "xiaohongshu")
        assert (note["English"], note["Note"]) == (
            "&lt;img src=x onerror=alert(1)&gt;",
            "a &lt;b&gt;bold&lt;/b&gt; &amp; claim",
        )
    finally:
        col.close()


# --- what the command refuses ---------------------------------------------------------------------


def test_a_collection_open_in_anki_is_one_line_and_status_75(terms_file: Path, learner: Path) -> None:
    col = reopen(learner)  # Anki holds the collection open
    try:
        result = update(terms_file, learner)
    finally:
        col.close()
    assert result.exit_code == 75
    assert result.stderr.splitlines() == [
        f"error: {learner}: the collection is in use (Anki already open, or media currently syncing.): "
        "close Anki, then run this again"
    ]


def test_no_collection_not_a_collection_and_no_glossary_notes(terms_file: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.anki2"
    result = update(terms_file, missing)
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"error: {missing}: no such Anki collection (it is collection.anki2 in your Anki profile folder, "
        "e.g. ~/.local/share/Anki2/User 1/)"
    ]
    junk = tmp_path / "junk.anki2"
    junk.write_text("not a database", encoding="utf-8")
    result = update(terms_file, junk)
    assert (result.exit_code, result.stderr.splitlines()) == (
        7,
        [f"error: {junk}: not an Anki collection (not an SQLite database)"],
    )
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (a)").connection.close()
    result = update(terms_file, other)
    assert (result.exit_code, result.stderr.splitlines()) == (
        7,
        [f"error: {other}: not an Anki collection (an SQLite database without Anki's tables)"],
    )
    assert sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]  # untouched
    empty = tmp_path / "empty" / "collection.anki2"
    empty.parent.mkdir()
    anki_collection.Collection(str(empty)).close()
    result = update(terms_file, empty)
    assert (result.exit_code, result.stderr.splitlines()) == (
        3,
        [
            f"error: {empty}: no note of the glossary's type: import the deck once first "
            "(glossary export -f anki -o glossary.apkg, then File → Import in Anki)"
        ],
    )


def test_without_the_anki_package_one_line_says_how_to_install(
    terms_file: Path, learner: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "anki", None)  # import anki → ImportError, as when it is not installed
    result = update(terms_file, learner)
    assert (result.exit_code, result.stderr.splitlines()) == (3, [f"error: {INSTALL}"])
    # said before anything is read: a glossary that does not exist is not reached
    result = update(terms_file.parent / "missing.yaml", learner)
    assert (result.exit_code, result.stderr.splitlines()) == (3, [f"error: {INSTALL}"])
    assert (
        INSTALL == 'glossary anki update needs Anki\'s own Python package: pip install ".[anki]" (or: pip install anki)'
    )


def test_a_change_anki_refuses_is_one_line_and_nothing_is_written(terms_file: Path, tmp_path: Path) -> None:
    """A note type whose two cards have the same front: Anki refuses any change to it (adding our fields)."""
    old_deck(load(terms_file).concepts, tmp_path / "old.apkg", english="old")
    path = tmp_path / "collection.anki2"
    col = anki_collection.Collection(str(path))
    first_import(col, tmp_path / "old.apkg")
    before = snapshot(col)
    col.close()
    result = update(terms_file, path)
    assert result.exit_code == 7
    assert result.stderr.splitlines() == [
        f"error: {path}: Anki refused the update: Card template 2 in note type '{MODEL_NAME}' has a problem. "
        "The front side is identical to card template 1."
    ]
    col = reopen(path)
    try:
        assert snapshot(col) == before and col.get_config(STATE_KEY, None) is None
        assert [f["name"] for f in col.models.by_name(MODEL_NAME)["flds"]] == FIELDS[:9]
    finally:
        col.close()


def test_notes_moved_to_a_learners_own_note_type(terms_file: Path, learner: Path) -> None:
    """The learner copied our note type, moved a note to it and keeps their own notes there: the
    moved note still updates, their own notes are not the glossary's (no orphans)."""
    col = reopen(learner)
    theirs = col.models.copy(col.models.by_name(MODEL_NAME))
    own = col.new_note(theirs)
    own["Id"], own["Simplified"] = "my-word", "我的"
    col.add_note(own, 1)
    info = col.models.change_notetype_info(old_notetype_id=MODEL_ID, new_notetype_id=theirs["id"])
    request = info.input
    request.note_ids.extend([note_of(col, "bytedance").id])
    col.models.change_notetype_of_notes(request)
    col.close()
    with editing(terms_file) as doc:
        doc.update("bytedance", en="ByteDance Ltd.")
    result = update(terms_file, learner)
    assert result.stdout.splitlines() == [
        f"updated {learner}: 1 updated, 0 added, 3 unchanged, 0 orphaned",
        "  updated   bytedance: English",
    ]
    col = reopen(learner)
    try:
        moved = note_of(col, "bytedance")
        assert (moved.mid, moved["English"], moved["Audio"]) == (theirs["id"], "ByteDance Ltd.", "[sound:zijie.mp3]")
        assert note_of(col, "my-word")["Simplified"] == "我的"
    finally:
        col.close()


# --- the field-by-field rule, on any text ---------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
contents = st.lists(texts, min_size=len(FIELDS), max_size=len(FIELDS)).map(
    lambda values: [unicodedata.normalize("NFC", v) for v in values]  # as Anki stores note text
)


@given(contents, contents, contents, st.sets(st.sampled_from(FIELDS)))
def test_the_learners_edits_stay_and_an_update_settles(old, new, edits, edited) -> None:
    """The glossary wrote ``old``; the learner edited some fields; the glossary now says ``new``."""
    _, _, baseline = plan_fields({}, NoteContent("x", "g", old, []), {}, set())
    assert baseline == {f: field_digest(v) for f, v in zip(FIELDS, old)}
    current = {f: (e if f in edited else o) for f, o, e in zip(FIELDS, old, edits)}
    writes, kept, digests = plan_fields(current, NoteContent("x", "g", new, []), baseline, set())
    mine = {f for f, o in zip(FIELDS, old) if current[f] != o}  # really changed by the learner
    assert not mine & set(writes)  # never overwritten
    assert set(kept) == {f for f, n, o in zip(FIELDS, new, old) if f in mine and n != o and n != current[f]}
    assert writes == {f: n for f, n in zip(FIELDS, new) if f not in mine and current[f] != n}
    after = {**current, **writes}
    again = plan_fields(after, NoteContent("x", "g", new, []), digests, set())
    assert again[:2] == ({}, kept)  # a second update changes nothing


def test_an_interrupted_update_leaves_the_collection_as_it_was(
    terms_file: Path, learner: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C after the changed notes are written, before the new ones are added: all put back."""
    with editing(terms_file) as doc:
        doc.update("xiaohongshu", en="RedNote app")
        doc.add(Concept(id="douyin", category="app", zh="抖音", pinyin="Dǒuyīn", en="Douyin", status="reviewed"))
    col = reopen(learner)
    before = snapshot(col)
    col.close()

    def interrupted(self, requests):
        raise KeyboardInterrupt

    monkeypatch.setattr(anki_collection.Collection, "add_notes", interrupted)
    result = update(terms_file, learner)
    assert (result.exit_code, result.stderr) == (130, "interrupted\n")
    monkeypatch.undo()
    col = reopen(learner)
    try:
        assert snapshot(col) == before and col.get_config(STATE_KEY, None) is None
    finally:
        col.close()
    assert not [p.name for p in learner.parent.iterdir() if p.name.startswith(".")]  # no copy left behind
    assert not learner.with_name("collection.anki2-wal").exists()
    assert update(terms_file, learner).stdout.splitlines()[0] == (
        f"updated {learner}: 1 updated, 1 added, 3 unchanged, 0 orphaned"
    )


def test_new_notes_go_to_the_home_deck_of_cards_in_a_filtered_deck(terms_file: Path, learner: Path) -> None:
    col = reopen(learner)
    home = col.get_card(col.find_cards('"Id:bytedance"')[0]).did
    study = col.decks.new_filtered("Study session")
    deck = col.decks.get(study)
    deck["terms"] = [['"deck:Test glossary"', 100, 0]]
    col.decks.save(deck)
    col.sched.rebuild_filtered_deck(study)
    assert {col.get_card(c).did for c in col.find_cards('"Id:*"')} == {study}
    col.close()
    with editing(terms_file) as doc:
        doc.add(Concept(id="douyin", category="app", zh="抖音", pinyin="Dǒuyīn", en="Douyin", status="reviewed"))
    result = update(terms_file, learner)
    assert result.exit_code == 0, result.output
    col = reopen(learner)
    try:
        assert {col.get_card(c).did for c in note_of(col, "douyin").card_ids()} == {home}
    finally:
        col.close()


# --- why an .apkg cannot do this ----------------------------------------------------------------


class _TimedNote(genanki.Note):
    mtime = 0

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.mtime or timestamp, deck_id, id_gen)


def _spare_field_deck(path: Path, english: str, mtime: int) -> Path:
    spare = genanki.Model(
        1234567,
        "Spare",
        fields=[{"name": "Id"}, {"name": "English"}, {"name": "My notes"}],
        templates=[{"name": "card", "qfmt": "{{Id}}", "afmt": "{{English}} {{My notes}}"}],
    )
    deck = genanki.Deck(999, "spare")
    note = _TimedNote(model=spare, fields=["x", english, ""], guid="spare-1")
    note.mtime = mtime
    deck.add_note(note)
    genanki.Package(deck).write_to_file(str(path), timestamp=1_700_000_000)
    return path


@pytest.mark.parametrize("merge", [False, True])
@pytest.mark.parametrize("condition", ["IF_NEWER", "ALWAYS"])
def test_anki_empties_a_spare_field_on_apkg_update(tmp_path: Path, merge: bool, condition: str) -> None:
    """A deck shipping an empty "My notes" field for the learner: Anki's importer replaces every field
    of a note it updates, whatever its options, so the learner's text is lost. (If this ever fails,
    a newer Anki keeps such fields and a spare-field deck becomes the simpler way.)"""
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        when = getattr(anki_pb, f"IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_{condition}")
        options = anki_collection.ImportAnkiPackageOptions(
            merge_notetypes=merge, update_notes=when, update_notetypes=when, with_scheduling=True
        )
        for name, english, mtime in (("a", "old", 1_700_000_000), ("b", "new", int(time.time()) + 10)):
            deck = _spare_field_deck(tmp_path / f"{name}.apkg", english, mtime)
            request = anki_collection.ImportAnkiPackageRequest(package_path=str(deck), options=options)
            log = col.import_anki_package(request).log
            if name == "a":
                (nid,) = col.find_notes("")
                note = col.get_note(nid)
                note["My notes"] = "mine [sound:x.mp3]"
                col.update_note(note)
        note = col.get_note(nid)
        assert (len(log.updated), note["English"], note["My notes"]) == (1, "new", "")
    finally:
        col.close()

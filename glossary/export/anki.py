"""Anki: an ``.apkg`` study deck that updates in place and never fights the learner.

One note per concept written in Chinese (an English-only concept has nothing to learn
here and is left out), two cards: Chinese → English, and English → Chinese only when
the note has simplified characters. The fields: the characters (simplified and
traditional), pinyin coloured by tone (``<span class="tone3">``, colours in the card
CSS), English, aliases, literal gloss, note, the example sentence (Chinese and
English, else a sentence the concept was seen in), the articles that use it, measure
words from CC-CEDICT's ``CL:`` senses and wordfreq's frequency band. Tags are
hierarchical: ``glossary::category::slang``, ``glossary::status::reviewed``. Every
field is HTML-escaped and a link is written only for an http(s) address: text from
the corpus shows as text on the cards.

Updating: the deck id, the note type's id, name, field and template names and every
note's GUID (from the concept id) are fixed, so importing a newer export updates the
notes in place and keeps review history. Anki updates a note only when the incoming
one is newer, so each note's modification time follows its own content: a ledger in
the data folder (``anki-note-times.json``) keeps each note's content digest and time.
An unchanged note keeps its time, so it is never touched (a learner's own edits and
extra fields on it stay); a changed one gets a time later than its previous one and
than the moment of the export, so it updates — whatever ``$SOURCE_DATE_EPOCH`` says.
A note the ledger has not seen gets the export timestamp (``$SOURCE_DATE_EPOCH``, else
the terms file's modification time), so a fresh build is reproducible. The note
type's own time is :data:`NOTETYPE_MTIME`, moved forward only when its fields,
templates or styling change. The zip entries carry a fixed date.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import itertools
import json
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from glossary.errors import UnusableFileError
from glossary.export.common import KIND_LABELS, example, one_line, ref_label, safe_url
from glossary.export.registry import ExportData, Exporter, register
from glossary.export.tones import syllables
from glossary.terms.model import Concept

if TYPE_CHECKING:
    from glossary.dictionary.query import Dictionary

MODEL_ID = 1736726417
DECK_ID = 1736726471
MODEL_NAME = "Glossary: Chinese ⇄ English (tiktok-refugee-glossary)"
#: The note type's fields: names never change (Anki matches them by name when it merges note types).
FIELDS = [
    "Id",
    "Simplified",
    "Traditional",
    "Pinyin",
    "English",
    "Aliases",
    "Literal",
    "Note",
    "Example",
    "Refs",
    "MeasureWord",
    "Frequency",
]
#: The note type's modification time: move it forward (to the day of the change) whenever
#: FIELDS, TEMPLATES or CSS change, so Anki takes the new note type; a learner who has
#: edited theirs since keeps it (tests/export/test_anki.py holds the digest it belongs to).
NOTETYPE_MTIME = 1795910400  # 2026-11-29
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FALLBACK_TIME = 1736726400  # 2025-01-13, when the event began; used when there is no file time
#: The ledger of note digests and times, in the data folder.
LEDGER_NAME = "anki-note-times.json"
LEDGER_VERSION = 1
#: Frequency bands on wordfreq's Zipf scale (log10 of occurrences per billion words).
FREQUENCY_BANDS = ((5.0, "very common"), (4.0, "common"), (3.0, "uncommon"), (0.0, "rare"))

CSS = """\
.card { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 20px; line-height: 1.45; text-align: center; color: #1d1d1f; background: #fffdf8; padding: 0 12px; }
.hanzi { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  font-size: 60px; line-height: 1.2; margin-top: 12px; }
.trad { font-family: "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif;
  font-size: 30px; color: #6b6b6b; }
.pinyin { font-size: 30px; margin: 8px 0; }
.english { font-size: 24px; font-weight: 600; }
.english.prompt { font-size: 34px; margin-top: 24px; }
.details { text-align: left; max-width: 34em; margin: 16px auto 0; font-size: 17px; }
.details div { margin: 6px 0; }
.label { color: #8a8a8a; font-size: 14px; text-transform: uppercase; letter-spacing: .04em; margin-right: .4em; }
.kind { color: #8a8a8a; font-size: 15px; }
.example { font-style: italic; }
.source { color: #8a8a8a; font-size: 13px; font-style: normal; }
.translation { font-style: normal; color: #4a4a4a; }
.refs { color: #8a8a8a; font-size: 13px; }
.tone1 { color: #d32f2f; } .tone2 { color: #2e7d32; } .tone3 { color: #1565c0; }
.tone4 { color: #7b1fa2; } .tone5 { color: #757575; }
.nightMode .card, .card.nightMode { color: #ececec; background: #1e1e1e; }
.nightMode .tone1 { color: #ff7b7b; } .nightMode .tone2 { color: #7bd88f; } .nightMode .tone3 { color: #79b8ff; }
.nightMode .tone4 { color: #d59cf0; } .nightMode .tone5 { color: #b0b0b0; }
"""

CHARACTERS = """\
<div class="hanzi" lang="zh-Hans">{{Simplified}}</div>
{{#Traditional}}<div class="trad" lang="zh-Hant">{{Traditional}}</div>{{/Traditional}}"""

DETAILS = """\
<div class="details">
{{#Aliases}}<div><span class="label">also</span>{{Aliases}}</div>{{/Aliases}}
{{#Literal}}<div><span class="label">literally</span>{{Literal}}</div>{{/Literal}}
{{#Note}}<div>{{Note}}</div>{{/Note}}
{{#MeasureWord}}<div><span class="label">measure word</span>{{MeasureWord}}</div>{{/MeasureWord}}
{{#Frequency}}<div><span class="label">frequency</span>{{Frequency}}</div>{{/Frequency}}
{{#Example}}<div class="example">{{Example}}</div>{{/Example}}
{{#Refs}}<div class="refs">{{Refs}}</div>{{/Refs}}
</div>"""

TEMPLATES = [
    {
        "name": "Chinese → English",
        "qfmt": CHARACTERS,
        "afmt": '{{FrontSide}}\n<hr id="answer">\n{{#Pinyin}}<div class="pinyin">{{Pinyin}}</div>{{/Pinyin}}\n'
        '<div class="english">{{English}}</div>\n' + DETAILS,
    },
    {
        "name": "English → Chinese",
        # no card unless there are characters to answer with
        "qfmt": '{{#Simplified}}<div class="english prompt">{{English}}</div>{{/Simplified}}',
        "afmt": '{{FrontSide}}\n<hr id="answer">\n'
        + CHARACTERS
        + '\n{{#Pinyin}}<div class="pinyin">{{Pinyin}}</div>{{/Pinyin}}\n'
        + DETAILS,
    },
]


def esc(text: str | None) -> str:
    return html.escape(one_line(text), quote=False)


def pinyin_html(pinyin: str | None) -> str:
    """Pinyin with each syllable in a ``toneN`` span.

    >>> pinyin_html("Xiǎohóngshū")
    '<span class="tone3">Xiǎo</span><span class="tone2">hóng</span><span class="tone1">shū</span>'
    >>> pinyin_html("<b>TikTok</b> nànmín")
    '&lt;b&gt;TikTok&lt;/b&gt; <span class="tone4">nàn</span><span class="tone2">mín</span>'
    """
    if not pinyin:
        return ""
    return "".join(
        f'<span class="tone{s.tone}">{esc(s.text)}</span>' if s.tone else html.escape(s.text, quote=False)
        for s in syllables(one_line(pinyin))
    )


def _marked(sentence: str, forms: Iterable[str]) -> str:
    """A sentence, escaped, with the first (longest) form of the concept in it in bold."""
    spans = [(sentence.find(f), -len(f), f) for f in forms if f and f in sentence]
    if not spans:
        return esc(sentence)
    start, _, form = min(spans)
    piece = functools.partial(html.escape, quote=False)
    return f"{piece(sentence[:start])}<b>{piece(form)}</b>{piece(sentence[start + len(form) :])}"


def example_html(c: Concept) -> str:
    """The concept's example sentence (the form in bold) over its translation, else the first
    sentence it was seen in and where."""
    s = example(c)
    if s is None:
        return ""
    body = _marked(one_line(s.sentence), c.forms())
    if s.place is not None:  # a sentence the concept was seen in
        return f'{body} <span class="source">— {esc(s.place)}</span>'
    translation = f'<div class="translation">{esc(s.translation)}</div>' if s.translation else ""
    return f'<div lang="zh-Hans">{body}</div>{translation}'


def refs_html(c: Concept) -> str:
    """The public articles where the term is used: links for http(s) addresses, plain labels otherwise.

    >>> from glossary.terms.model import Ref
    >>> refs_html(Concept(id="x", refs=[Ref("javascript:alert(1)", "<b>Evil</b>"), Ref('https://a.org/"x"', "A")]))
    '&lt;b&gt;Evil&lt;/b&gt; · <a href="https://a.org/%22x%22">A</a>'
    """
    out = []
    for r in c.refs:
        url = safe_url(r.url)
        label = esc(ref_label(r))
        out.append(f'<a href="{html.escape(url)}">{label}</a>' if url else label)
    return " · ".join(out)


def measure_words_html(c: Concept, dictionary: Dictionary) -> str:
    """CC-CEDICT's measure words for the concept's word, in the concept's reading and sense: ``本 běn · 册 cè``."""
    from glossary.text.pinyin import marks

    word = c.zh or c.zh_hant
    if not word:
        return ""
    return " · ".join(
        f"{esc(m.simplified)} {esc(''.join(marks(m.pinyin)))}" for m in dictionary.measure_words(word, c.pinyin, c.en)
    )


def frequency_band(zipf: float) -> str:
    """A Zipf frequency in words: ``common · Zipf 4.6``; empty when wordfreq does not list the word.

    >>> frequency_band(4.56), frequency_band(2.78), frequency_band(0.0)
    ('common · Zipf 4.6', 'rare · Zipf 2.8', '')
    """
    if zipf <= 0:
        return ""
    band = next(label for floor, label in FREQUENCY_BANDS if zipf >= floor)
    return f"{band} · Zipf {zipf:.1f}"


def frequency_html(c: Concept) -> str:
    """wordfreq's band of the simplified word, when wordfreq lists the word itself."""
    from glossary.text.frequency import chinese_zipf

    return esc(frequency_band(chinese_zipf(c.zh))) if c.zh else ""


def fields(c: Concept, dictionary: Dictionary) -> list[str]:
    """The note's fields, in :data:`FIELDS` order, every text escaped."""
    trad = c.zh_hant if c.zh_hant and c.zh_hant != c.zh else ""
    aliases = " · ".join(
        f'{esc(a.text)} <span class="kind">({esc(KIND_LABELS.get(a.kind, a.kind))})</span>' for a in c.aliases
    )
    return [
        esc(c.id),
        esc(c.zh),
        esc(trad),
        pinyin_html(c.pinyin),
        esc(c.en),
        aliases,
        esc(c.literal),
        esc(c.note or c.gloss),
        example_html(c),
        refs_html(c),
        measure_words_html(c, dictionary),
        frequency_html(c),
    ]


def tags(c: Concept) -> list[str]:
    """Hierarchical tags: ``glossary::category::slang``, ``glossary::status::reviewed``."""
    return [f"glossary::category::{tag_part(c.category)}", f"glossary::status::{tag_part(c.status)}"]


def tag_part(text: str) -> str:
    """One level of a tag: no spaces (they separate Anki tags) and no ``::`` inside it."""
    return "_".join(one_line(text).replace("::", ":").split()) or "none"


def note_guid(concept_id: str) -> str:
    """The note's GUID: the same concept id always gives the same note."""
    import genanki

    return genanki.guid_for("tiktok-refugee-glossary", concept_id)


def digest(note_fields: list[str], note_tags: list[str]) -> str:
    """What a note says, in a few bytes: its fields and tags (and the note type's field names)."""
    text = json.dumps([FIELDS, note_fields, note_tags], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# --- note times --------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    """A note's content digest and the modification time it was given."""

    digest: str
    mtime: int


def restamp(previous: Stamp | None, content: str, timestamp: int, now: int) -> Stamp:
    """The time a note with digest ``content`` gets: its old one when unchanged, the export's
    ``timestamp`` when never seen, else later than its old time and than ``now``.

    >>> restamp(None, "a", 100, 500), restamp(Stamp("a", 100), "a", 300, 500)
    (Stamp(digest='a', mtime=100), Stamp(digest='a', mtime=100))
    >>> restamp(Stamp("a", 100), "b", 100, 500), restamp(Stamp("a", 900), "b", 100, 500)
    (Stamp(digest='b', mtime=500), Stamp(digest='b', mtime=901))
    """
    if previous is None:
        return Stamp(content, timestamp)
    if previous.digest == content:
        return previous
    return Stamp(content, max(previous.mtime + 1, timestamp, now))


def ledger_path() -> Path:
    """The note-times ledger: ``anki-note-times.json`` in the data folder."""
    from glossary.paths import data_dir

    return data_dir() / LEDGER_NAME


def read_ledger(path: Path) -> dict[str, Stamp]:
    """The ledger's stamps by note GUID (none when there is no ledger yet)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise UnusableFileError(f"{path}: cannot read the Anki note times: {e.strerror or e}") from None
    try:
        data = json.loads(raw)
        if data["version"] == LEDGER_VERSION:
            return {str(guid): Stamp(str(d), int(t)) for guid, (d, t) in data["notes"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    raise UnusableFileError(
        f"{path}:1: not a ledger of Anki note times (version {LEDGER_VERSION}); "
        "remove it to start afresh (every note then gets the export time)"
    )


def write_ledger(path: Path, stamps: dict[str, Stamp]) -> None:
    from glossary.text.files import atomic_write

    notes = {guid: [s.digest, s.mtime] for guid, s in sorted(stamps.items())}
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps({"version": LEDGER_VERSION, "notes": notes}, indent=0) + "\n")


def note_times(contents: dict[str, str], timestamp: int, path: Path | None = None) -> dict[str, int]:
    """Each note's modification time (by GUID) for its digest in ``contents``, kept in the ledger
    at ``path`` (:func:`ledger_path` by default): the same content always gets the same time."""
    from glossary.text.files import locked

    path = path or ledger_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(path):
        stamps = read_ledger(path)
        now = int(time.time())
        new = {guid: restamp(stamps.get(guid), content, timestamp, now) for guid, content in contents.items()}
        if any(stamps.get(guid) != s for guid, s in new.items()):
            write_ledger(path, {**stamps, **new})
    return {guid: s.mtime for guid, s in new.items()}


# --- the package -------------------------------------------------------------------------


def model() -> Any:
    import genanki

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": f} for f in FIELDS],
        templates=[dict(t) for t in TEMPLATES],  # genanki writes into the dicts it is given
        css=CSS,
        sort_field_index=1,
    )


@functools.lru_cache(maxsize=1)
def _note_class() -> Any:
    """genanki's note, written with its own modification time (``mtime``) instead of the package's."""
    import genanki

    class Note(genanki.Note):  # type: ignore[misc]
        mtime: int = 0

        def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
            super().write_to_db(cursor, self.mtime or timestamp, deck_id, id_gen)

    return Note


@dataclass(frozen=True)
class NoteContent:
    """What one concept's note holds: its GUID, fields (in :data:`FIELDS` order) and tags."""

    concept_id: str
    guid: str
    fields: list[str]
    tags: list[str]


def note_contents(data: ExportData) -> list[NoteContent]:
    """One note's content per concept written in Chinese: the .apkg and ``glossary anki update`` share it."""
    from glossary.dictionary.query import Dictionary

    dictionary = Dictionary()
    return [
        NoteContent(c.id, note_guid(c.id), fields(c, dictionary), tags(c)) for c in data.concepts if c.zh or c.zh_hant
    ]


def notes(data: ExportData) -> list[Any]:
    """One note per concept written in Chinese (its ``mtime`` not yet set)."""
    note_type = model()
    note = _note_class()
    return [note(model=note_type, fields=n.fields, tags=n.tags, guid=n.guid) for n in note_contents(data)]


def build_deck(data: ExportData) -> Any:
    import genanki

    deck = genanki.Deck(DECK_ID, one_line(data.name) or "Glossary", description=esc(data.description))
    for note in notes(data):
        deck.add_note(note)
    return deck


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            z.writestr(info, content)
    return out.getvalue()


def _stamp_note_type(conn: sqlite3.Connection) -> None:
    """The note type's fixed modification time (genanki gives it the package's)."""
    (models_json,) = conn.execute("SELECT models FROM col").fetchone()
    models = json.loads(models_json)
    if str(MODEL_ID) not in models:  # a deck without notes (no concept has Chinese) has no note type
        return
    models[str(MODEL_ID)]["mod"] = NOTETYPE_MTIME
    conn.execute("UPDATE col SET models = ?", (json.dumps(models),))


def render(data: ExportData) -> bytes:
    import genanki

    timestamp = data.timestamp or FALLBACK_TIME
    deck = build_deck(data)
    times = note_times({n.guid: digest(n.fields, n.tags) for n in deck.notes}, timestamp)
    for n in deck.notes:
        n.mtime = times[n.guid]
    package = genanki.Package(deck)
    with tempfile.TemporaryDirectory(prefix="glossary-anki-") as tmp:
        path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(path)
        try:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(timestamp * 1000))
            _stamp_note_type(conn)
            conn.commit()
        finally:
            conn.close()
        collection = path.read_bytes()
    return _zip([("collection.anki2", collection), ("media", b"{}")])


register(
    "anki",
    Exporter(
        render, suffix=".apkg", description="Anki deck: Chinese → English and English → Chinese cards", binary=True
    ),
)

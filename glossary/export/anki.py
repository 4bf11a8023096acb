"""Anki: an ``.apkg`` study deck, two cards per concept (Chinese → English, English → Chinese).

The note type's fields are the characters (simplified and traditional), pinyin
coloured by tone (``<span class="tone3">``, colours in the card CSS), English,
aliases, literal gloss, note and an example sentence from the sources; the
category becomes the note's tag. The deck id, the note type id and every note's
GUID (derived from the concept id) are fixed, so importing a newer export updates
the notes in place and keeps the learner's review history. Every field is HTML
escaped: text from the corpus shows as text on the cards.

The package is reproducible: notes carry the export timestamp (the terms file's
modification time, or ``$SOURCE_DATE_EPOCH``), which Anki needs to see grow to
update notes on re-import; the zip entries carry a fixed date.
"""

from __future__ import annotations

import functools
import html
import io
import itertools
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from glossary.export.common import KIND_LABELS, example, one_line, ref_label
from glossary.export.registry import ExportData, Exporter, register
from glossary.export.tones import syllables
from glossary.terms.model import Concept

MODEL_ID = 1736726417
DECK_ID = 1736726471
MODEL_NAME = "Glossary: Chinese ⇄ English (tiktok-refugee-glossary)"
FIELDS = ["Id", "Simplified", "Traditional", "Pinyin", "English", "Aliases", "Literal", "Note", "Example"]
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FALLBACK_TIME = 1736726400  # 2025-01-13, when the event began; used when there is no file time

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
{{#Example}}<div class="example">{{Example}}</div>{{/Example}}
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
        "qfmt": '<div class="english prompt">{{English}}</div>',
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


def example_html(c: Concept) -> str:
    """The first example sentence, the concept's form in it in bold, and where it was seen."""
    s = example(c)
    if s is None:
        return ""
    sentence = one_line(s.sentence)
    spans = [(sentence.find(f), -len(f), f) for f in c.forms() if f and f in sentence]
    if spans:
        start, _, form = min(spans)
        piece = functools.partial(html.escape, quote=False)
        body = f"{piece(sentence[:start])}<b>{piece(form)}</b>{piece(sentence[start + len(form) :])}"
    else:
        body = esc(sentence)
    if s.place is not None:  # a sentence the concept was seen in
        return f'{body} <span class="source">— {esc(s.place)}</span>'
    translation = f'<div class="translation">{esc(s.translation)}</div>' if s.translation else ""
    return f"<div>{body}</div>{translation}{refs_html(c)}"


def refs_html(c: Concept) -> str:
    """The public articles where the term is used, as links."""
    if not c.refs:
        return ""
    links = " · ".join(f'<a href="{html.escape(r.url)}">{esc(ref_label(r))}</a>' for r in c.refs)
    return f'<div class="source">{links}</div>'


def fields(c: Concept) -> list[str]:
    trad = c.zh_hant if c.zh_hant and c.zh_hant != c.zh else ""
    aliases = " · ".join(
        f'{esc(a.text)} <span class="kind">({esc(KIND_LABELS.get(a.kind, a.kind))})</span>' for a in c.aliases
    )
    note = esc(c.note or c.gloss)
    return [
        esc(c.id),
        esc(c.zh),
        esc(trad),
        pinyin_html(c.pinyin),
        esc(c.en),
        aliases,
        esc(c.literal),
        note,
        example_html(c),
    ]


def note_guid(concept_id: str) -> str:
    """The note's GUID: the same concept id always gives the same note."""
    import genanki

    return genanki.guid_for("tiktok-refugee-glossary", concept_id)


def build_deck(data: ExportData) -> Any:
    import genanki

    model = genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": f} for f in FIELDS],
        templates=TEMPLATES,
        css=CSS,
        sort_field_index=1,
    )
    deck = genanki.Deck(DECK_ID, one_line(data.name) or "Glossary", description=esc(data.description))
    for c in data.concepts:
        deck.add_note(genanki.Note(model=model, fields=fields(c), tags=[c.category], guid=note_guid(c.id)))
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


def render(data: ExportData) -> bytes:
    import genanki

    timestamp = data.timestamp or FALLBACK_TIME
    package = genanki.Package(build_deck(data))
    with tempfile.TemporaryDirectory(prefix="glossary-anki-") as tmp:
        path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(path)
        try:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(timestamp * 1000))
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

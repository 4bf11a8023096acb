"""Helpers the format modules share: order, headwords, forms by script, labels.

>>> from glossary.terms.model import Alias, Concept
>>> c = Concept(id="xiaohongshu", zh="小红书", en="RedNote", aliases=[Alias("Little Red Book", "calque")])
>>> headword(c), alias_text(c.aliases[0])
('RedNote', 'Little Red Book (calque)')
>>> [x.id for x in ordered([c, Concept(id="b", zh="字节跳动", pinyin="Zìjié Tiàodòng")])]
['xiaohongshu', 'b']
>>> one_line("two\\nlines\\t and  tabs")
'two lines and tabs'
>>> cleaned(Concept(id="x", en="Red\\x00Note\\rnow", aliases=[Alias("\\u202eRN")])).en
'RedNote\\nnow'
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Iterable

from glossary.terms.model import ALIAS_KINDS, Alias, Concept, Example, Ref, Source
from glossary.text.normalize import clean_text, fold

#: Short labels of alias kinds for readers.
KIND_LABELS: dict[str, str] = {
    "official": "official",
    "transliteration": "transliteration",
    "calque": "calque",
    "translation": "translation",
    "nickname": "nickname",
    "abbreviation": "abbreviation",
    "hashtag": "hashtag",
    "variant": "variant",
    "misspelling": "misspelling",
    "deprecated": "avoid",
}
assert set(KIND_LABELS) == set(ALIAS_KINDS)

#: Alias kinds a writer should not use.
AVOID_KINDS = frozenset({"misspelling", "deprecated"})

_SPACE = re.compile(r"\s+")


def one_line(text: str | None) -> str:
    """Whitespace (newlines, tabs) collapsed to single spaces, stripped."""
    return _SPACE.sub(" ", text or "").strip()


_MD_PUNCT = re.compile(r"([\\`*_\[\]])")
_MD_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def markdown_escape(text: str | None, line_start: bool = False, table: bool = False) -> str:
    r"""Inline-safe Markdown for untrusted text (one line), shown as written: HTML special characters
    as entities, Markdown punctuation with backslashes; in a table cell ``|`` is escaped too.

    >>> markdown_escape("a|b <i>*x*</i> & `c`", table=True)
    'a\\|b &lt;i&gt;\\*x\\*&lt;/i&gt; &amp; \\`c\\`'
    >>> markdown_escape("# not a heading", line_start=True), markdown_escape("1. not a list", line_start=True)
    ('\\# not a heading', '1\\. not a list')
    """
    text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("~", "&#126;")
    text = _MD_PUNCT.sub(r"\\\1", text)
    if table:
        text = text.replace("|", "\\|")
    if line_start:  # what would start a heading, a list or a definition at the start of a line
        if text[:1] in ("#", "-", "+"):
            text = "\\" + text
        elif text[:1] == ":":
            text = "&#58;" + text[1:]
        else:
            text = _MD_LIST_NUMBER.sub(r"\1\\\2", text)
    return text


def _clean(value: str | None) -> str | None:
    return clean_text(value) if value else value


def cleaned(c: Concept) -> Concept:
    """The concept with every text made inert (:func:`glossary.text.normalize.clean_text`): no NUL,
    no bare CR, no other control character or bidi override reaches an export, whatever the
    terms file holds. The same concept (no copy) when there is nothing to clean."""
    texts = [
        c.id,
        c.category,
        c.status,
        c.zh,
        c.zh_hant,
        c.pinyin,
        c.en,
        c.literal,
        c.gloss,
        c.note,
        *(x for a in (*c.aliases, *c.proposed) for x in (a.text, a.kind, a.note)),
        *(x for s in c.sources for x in (s.path, s.sentence, s.id, s.date)),
        *(x for kv in c.origin.items() for x in kv),
        *((c.example.zh, c.example.en) if c.example else ()),
        *(x for r in c.refs for x in (r.url, r.outlet, r.date)),
        *c.related,
    ]
    if all(t is None or t.isprintable() for t in texts):
        return c
    fields = {
        name: _clean(getattr(c, name))
        for name in ("id", "category", "status", "zh", "zh_hant", "pinyin", "en", "literal", "gloss", "note")
    }
    return dataclasses.replace(
        c,
        **fields,
        aliases=[Alias(_clean(a.text) or "", _clean(a.kind) or "", _clean(a.note)) for a in c.aliases],
        proposed=[Alias(_clean(a.text) or "", _clean(a.kind) or "", _clean(a.note)) for a in c.proposed],
        sources=[
            Source(_clean(s.path) or "", s.line, _clean(s.sentence), _clean(s.id), _clean(s.date)) for s in c.sources
        ],
        origin={_clean(k) or "": _clean(v) or "" for k, v in c.origin.items()},
        example=Example(_clean(c.example.zh) or "", _clean(c.example.en) or "") if c.example else None,
        refs=[Ref(_clean(r.url) or "", _clean(r.outlet), _clean(r.date)) for r in c.refs],
        related=[_clean(x) or "" for x in c.related],
    )


def headword(c: Concept) -> str:
    """The concept's main name for an English reader: English, else pinyin, else Chinese."""
    return c.en or c.pinyin or c.zh or c.zh_hant or c.id


def sort_key(c: Concept) -> tuple[str, str]:
    """Alphabetical by headword (case, tones and punctuation ignored), then id: stable across edits."""
    return (fold(headword(c)) or headword(c), c.id)


def ordered(concepts: Iterable[Concept]) -> list[Concept]:
    """Concepts in the order every export writes them."""
    return sorted(concepts, key=sort_key)


def definition(c: Concept) -> str:
    """The explanation of a concept: its note, else its dictionary gloss."""
    return one_line(c.note or c.gloss)


@dataclasses.dataclass(frozen=True)
class ExampleLine:
    """An example for readers: the concept's own (a sentence and its translation, written by a
    person), else the first sentence it was seen in (with where)."""

    sentence: str
    translation: str | None = None
    place: str | None = None

    def text(self) -> str:
        """``我交了猫税。 — I paid the cat tax.``, or ``“sentence” (path:line)``."""
        if self.place is not None:
            return f"“{one_line(self.sentence)}” ({self.place})"
        return " — ".join(one_line(x) for x in (self.sentence, self.translation) if x)


def example(c: Concept) -> ExampleLine | None:
    """The concept's example sentence with its translation, else the first source sentence."""
    if c.example and c.example.zh:
        return ExampleLine(c.example.zh, c.example.en or None)
    source = next((s for s in c.sources if s.sentence), None)
    return ExampleLine(source.sentence or "", None, where(source)) if source else None


def safe_url(url: str) -> str:
    """An http(s) address with everything that could end a link or start markup percent-encoded.

    >>> safe_url("https://example.org/a b<c>`d|e)f?q=小红书")
    'https://example.org/a%20b%3Cc%3E%60d%7Ce%29f?q=%E5%B0%8F%E7%BA%A2%E4%B9%A6'
    """
    from urllib.parse import quote

    if not re.match(r"^https?://", url):
        return ""
    return quote(one_line(url), safe="/:?#[]@!$&*+,;=%-._~")


def ref_label(r: Ref) -> str:
    """``Outlet, 2025-01-15``, or the address's host when the outlet is not known."""
    name = one_line(r.outlet) if r.outlet else re.sub(r"^https?://([^/]+).*$", r"\1", r.url)
    return f"{name}, {r.date}" if r.date else name


def where(s: Source) -> str:
    """``path:line`` of a source."""
    return f"{s.path}:{s.line}" if s.line is not None else s.path


def alias_text(a: Alias) -> str:
    """``Little Red Book (calque)``."""
    return f"{one_line(a.text)} ({KIND_LABELS.get(a.kind, a.kind)})"


def timestamp_of(path: str | os.PathLike[str] | None) -> int:
    """The one time an export may record: ``$SOURCE_DATE_EPOCH``, else the file's mtime, else 0."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.strip().isdigit():
        return int(env)
    try:
        return int(Path(path).stat().st_mtime) if path else 0
    except OSError:
        return 0

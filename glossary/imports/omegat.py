r"""OmegaT glossaries: ``source<TAB>target<TAB>comment`` lines, ``#`` lines comments.

Either direction is read, the one most rows go: the side that holds Chinese is the concept's
Chinese (a row whose Chinese is digits, such as ``996``, fits too). Rows with the same target
are one concept: its first source is the main form, the others aliases. The comment
is read as the ``omegat`` and ``omegat-zh-en`` exports write it, items joined by `` · ``: an
alias kind (``calque``, ``avoid: misspelling``), ``traditional``, the pinyin, the traditional
characters, ``e.g. 例句 — example``, an address; whatever else it says is the concept's note.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "glossary.utf8"
>>> _ = p.write_text("# OmegaT\nRedNote\t小红书\tXiǎohóngshū · 小紅書\nLittle Red Book\t小红书\tcalque\n", encoding="utf-8")
>>> c, = parse(p).concepts
>>> c.zh, c.zh_hant, c.pinyin, c.en, c.aliases
('小红书', '小紅書', 'Xiǎohóngshū', 'RedNote', [Alias(text='Little Red Book', kind='calque', note=None)])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from glossary.imports.common import concept_id, kind_named, one_line
from glossary.imports.model import Imported, Skipped
from glossary.imports.source import text_of
from glossary.terms.model import Alias, Concept, Example, Ref
from glossary.text.normalize import has_cjk

_URL = re.compile(r"^https?://\S+$")
_TONED = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ]")


def is_pinyin(text: str, latin: frozenset[str] = frozenset()) -> bool:
    """Pinyin as a glossary writes it: some words with tone marks, each of them syllables, and at
    least half of all its words (names such as TikTok and numbers may stand among them; so may
    ``latin``, the Latin words the Chinese form itself holds: city不city is city bù city).

    >>> is_pinyin("Xiǎohóngshū"), is_pinyin("TikTok nànmín"), is_pinyin("75 tiān kuānxiànqī"), is_pinyin("a Chinese app")
    (True, True, True, False)
    >>> is_pinyin("city bù city"), is_pinyin("city bù city", frozenset({"city"}))
    (False, True)
    """
    from glossary.text.pinyin import syllabify

    words = [w for w in re.split(r"[^\w]+|\d+", text) if w]
    toned = [w for w in words if _TONED.search(w)]
    ok = [w for w in words if w.lower() in latin or syllabify(w, erhua=True)]
    return bool(toned) and all(w in ok for w in toned) and 2 * len(ok) >= len(words)


@dataclass
class _Row:
    line: int
    source: str
    target: str
    comment: list[str]


@dataclass
class _Group:
    """The rows that share a target: one concept."""

    to_chinese: bool
    target: str
    rows: list[_Row] = field(default_factory=list)

    def concept(self) -> Concept:
        first = self.rows[0]
        chinese = [s for s in (self.target, *(r.source for r in self.rows)) if has_cjk(s)]
        info = _Comment(first.comment, frozenset(w.lower() for s in chinese for w in re.findall(r"[A-Za-z]+", s)))
        forms: list[tuple[str, str | None, bool]] = []  # (source form, alias kind, traditional)
        for row in self.rows:
            label = kind_named(row.comment[0]) if row.comment else None
            forms.append((row.source, label, "traditional" in row.comment))
        main = next((f for f, kind, trad in forms if kind is None and not trad), forms[0][0])
        zh_hant = next((f for f, _, trad in forms if trad), None) or info.zh_hant
        aliases = [Alias(f, kind or "translation") for f, kind, trad in forms if f != main and not trad]
        zh, en = (self.target, main) if self.to_chinese else (main, self.target)
        return Concept(
            id=concept_id(en=en, pinyin=info.pinyin, zh=zh),
            zh=zh,
            zh_hant=zh_hant if zh_hant != zh else None,
            pinyin=info.pinyin,
            en=en,
            aliases=aliases,
            note=" · ".join(info.note) or None,
            example=info.example,
            refs=info.refs,
        )


class _Comment:
    """What a comment's items say (see the module's docstring)."""

    def __init__(self, items: list[str], latin: frozenset[str] = frozenset()) -> None:
        self.latin = latin  # the Latin words of the Chinese form, which its pinyin repeats
        self.pinyin: str | None = None
        self.zh_hant: str | None = None
        self.example: Example | None = None
        self.refs: list[Ref] = []
        self.note: list[str] = []
        self._last = ""
        for n, item in enumerate(items):
            self.take(item, first=n == 0)

    def take(self, item: str, first: bool) -> None:
        zh, dash, en = item[5:].partition(" — ") if item.startswith("e.g. ") else ("", "", "")
        last, self._last = self._last, ""
        if (first and kind_named(item)) or item == "traditional":
            return
        if dash and has_cjk(zh) and en:
            self.example = self.example or Example(zh.strip(), en.strip())
        elif _URL.match(item):
            self.refs.append(Ref(item))
        elif (self.pinyin is None or last == "pinyin") and not has_cjk(item) and is_pinyin(item, self.latin):
            # a name's pinyin may hold the separator itself: Āndésēn · Huòluòwéicí Jījīn
            self.pinyin, self._last = f"{self.pinyin} · {item}" if self.pinyin else item, "pinyin"
        elif self.zh_hant is None and has_cjk(item) and " " not in item and len(item) <= 30:
            self.zh_hant = item
        else:
            self.note.append(item)


def _row(line: int, text: str) -> _Row | Skipped:
    cells = [one_line(c) for c in text.split("\t")]
    if len(cells) not in (2, 3):
        return Skipped(line, f"{len(cells)} columns; an OmegaT glossary line has source, target and a comment")
    if not cells[0] or not cells[1]:
        return Skipped(line, "the source or the target is empty")
    comment = [x.strip() for x in cells[2].split(" · ")] if len(cells) == 3 and cells[2] else []
    return _Row(line, cells[0], cells[1], [x for x in comment if x])


_LETTER = re.compile(r"[^\W\d_]")


def _fits(row: _Row, to_chinese: bool) -> str:
    """Why a row does not fit the file's direction ('' when it does): its Chinese side must hold
    Chinese, or at least no letters (996), and its English side none."""
    chinese, english = (row.target, row.source) if to_chinese else (row.source, row.target)
    if has_cjk(english):
        return (
            "both sides in Chinese"
            if has_cjk(chinese)
            else "the Chinese is on the other side from the rest of the file"
        )
    if not has_cjk(chinese) and _LETTER.search(chinese):
        return "neither side in Chinese: not an English–Chinese pair"
    return ""


def parse(path: Path) -> Imported:
    """An OmegaT glossary, in either direction (the one most of its rows go)."""
    out = Imported([])
    rows: list[_Row] = []
    for n, text in enumerate(text_of(path).split("\n"), start=1):
        if text.strip() and not text.startswith("#"):
            row = _row(n, text)
            (out.skipped if isinstance(row, Skipped) else rows).append(row)  # type: ignore[arg-type]
    forward = sum(has_cjk(r.target) and not has_cjk(r.source) for r in rows)
    to_chinese = forward * 2 >= sum(has_cjk(r.source) != has_cjk(r.target) for r in rows)
    groups: dict[str, _Group] = {}
    for row in rows:
        why = (
            _fits(row, to_chinese)
            if forward or not to_chinese
            else "neither side in Chinese: not an English–Chinese pair"
        )
        if why:
            out.skipped.append(Skipped(row.line, why))
        else:
            groups.setdefault(row.target, _Group(to_chinese, row.target)).rows.append(row)
    out.skipped.sort(key=lambda s: s.line)
    out.concepts = [g.concept() for g in groups.values()]
    return out


def sniff(head: str) -> bool:
    """Mostly tab-separated lines of two or three cells, Chinese on one side (``#`` lines aside)."""
    rows = [line.split("\t") for line in head.split("\n") if line.strip() and not line.startswith("#")]
    pairs = [r for r in rows if len(r) in (2, 3)]
    return len(pairs) * 2 > len(rows) and any(has_cjk("".join(r[:2])) for r in pairs)

r"""Pleco's flashcard text export: ``简体[繁體]<TAB>pinyin<TAB>definition`` lines, ``//`` category lines.

Pinyin with tone numbers (``xiao3hong2shu1``) is written with tone marks; the definition, a
dictionary's or the learner's, becomes the concept's ``gloss`` (not its English: a card's
definition lists senses, it does not name the concept). A category whose name is one of the
glossary's (``//Slang``) gives the cards under it their category; other folders are not kept.
Cards may put traditional characters first (``貓稅[猫税]``); a card in traditional characters
alone gets its simplified ones from OpenCC, with ``origin: rule``.
Pleco's private-use formatting characters are dropped. The file may be UTF-8, UTF-16 or
GB18030 (:mod:`glossary.imports.source` tells which).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "flashcards.txt"
>>> _ = p.write_text("//Slang\n猫税[貓稅]\tmao1shui4\tcat tax; photo of one's cat\n", encoding="utf-8")
>>> c, = parse(p).concepts
>>> c.id, c.category, c.zh, c.zh_hant, c.pinyin, c.en, c.gloss
('maoshui', 'slang', '猫税', '貓稅', 'māoshuì', None, "cat tax; photo of one's cat")
"""

from __future__ import annotations

import re
from pathlib import Path

from glossary.imports.common import category_named, concept_id, marked_pinyin, one_line
from glossary.imports.model import Imported, Skipped
from glossary.imports.source import text_of
from glossary.terms.model import Concept
from glossary.text.normalize import has_cjk

_HEADWORD = re.compile(r"^(?P<zh>[^\[\]]+)(?:\[(?P<hant>[^\[\]]+)\])?$")
_PRIVATE = re.compile("[\ue000-\uf8ff]")


def _cells(text: str) -> list[str]:
    return [one_line(_PRIVATE.sub(" ", c)) for c in text.split("\t")]


def card(line: int, text: str, category: str | None) -> Concept | Skipped:
    """The concept of one card line, or why it is skipped."""
    cells = _cells(text)
    if len(cells) not in (2, 3):
        return Skipped(line, f"{len(cells)} columns; a Pleco card is headword<TAB>pinyin<TAB>definition")
    m = _HEADWORD.match(cells[0])
    if not m or not has_cjk(m["zh"]):
        return Skipped(line, f"headword {cells[0][:40]!r} is not Chinese characters (简体[繁體])")
    zh, hant, origin = *scripts(m["zh"].strip(), (m["hant"] or "").strip()), {}
    if not zh:  # a card in traditional characters only: the simplified ones by OpenCC, marked as such
        from glossary.text.scripts import to_simplified

        zh, origin = to_simplified(hant), {"zh": "rule"}
    pinyin = marked_pinyin(cells[1]) or None
    return Concept(
        id=concept_id(pinyin=pinyin, zh=zh),
        category=category or "other",
        zh=zh,
        zh_hant=hant if hant and hant != zh else None,
        pinyin=pinyin,
        gloss=(cells[2] if len(cells) == 3 else "") or None,
        origin=origin,
    )


def scripts(headword: str, bracketed: str) -> tuple[str, str]:
    """(simplified, traditional) of a headword and its bracketed form, whichever Pleco put first
    (a learner may set traditional first); ('', traditional) for a traditional headword alone."""
    from glossary.text.scripts import chinese_script

    first = chinese_script(headword)
    if bracketed and first == "traditional" and chinese_script(bracketed) != "traditional":
        return bracketed, headword
    if not bracketed and first == "traditional":
        return "", headword
    return headword, bracketed


def parse(path: Path) -> Imported:
    """Pleco flashcards exported as text."""
    out = Imported([])
    category: str | None = None
    for n, text in enumerate(text_of(path).split("\n"), start=1):
        if not text.strip():
            continue
        if text.startswith("//"):
            category = category_named(text[2:].rstrip("/").rsplit("/", 1)[-1])
            continue
        found = card(n, text, category)
        (out.skipped if isinstance(found, Skipped) else out.concepts).append(found)  # type: ignore[arg-type]
    return out


_TONES = re.compile(r"[a-z][1-5]|[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", re.IGNORECASE)


def sniff(head: str) -> bool:
    """``//`` category lines, or cards whose headword is characters and whose second column has tones."""
    lines = [line for line in head.split("\n") if line.strip()]
    cards = [line.split("\t") for line in lines if not line.startswith("//")]
    if not cards:
        return bool(lines)
    good = sum(
        len(c) in (2, 3) and bool(_HEADWORD.match(c[0].strip())) and has_cjk(c[0]) and bool(_TONES.search(c[1]))
        for c in cards
    )
    return good * 2 > len(cards) or (good > 0 and any(line.startswith("//") for line in lines))

"""What the import formats share: untrusted cells made inert, an id for a new concept, pinyin with
tone marks, alias kinds by name.

>>> concept_id(en="TikTok refugees"), concept_id(pinyin="xiǎohóngshū"), marked_pinyin("xiao3hong2shu1")
('tiktok-refugees', 'xiaohongshu', 'xiǎohóngshū')
>>> kind_named("avoid: misspelling"), kind_named("avoid"), kind_named("Xiǎohóngshū")
('misspelling', 'deprecated', None)
"""

from __future__ import annotations

import re

from glossary.terms.model import ALIAS_KINDS, CATEGORIES
from glossary.text.normalize import clean_text, fold, slug

#: What the exports call a kind of alias when it differs from its name.
_KIND_LABELS = {"avoid": "deprecated"}
_NUMBERED = re.compile(r"[A-Za-zÜü:]+[1-5]")
_SPACE = re.compile(r"[ \t]+")


def cell(text: str | None) -> str:
    """An untrusted cell made inert (:func:`glossary.text.normalize.clean_text`) and stripped."""
    return clean_text(text or "").strip()


def one_line(text: str | None) -> str:
    """An untrusted cell on one line: inert, its whitespace runs one space."""
    return " ".join(cell(text).split())


def concept_id(*, en: str | None = None, pinyin: str | None = None, zh: str | None = None) -> str:
    """An id for an imported concept: from its English, else its pinyin, else the pinyin of its
    characters (the merge makes it unique)."""
    found = slug(en or "") or slug(pinyin or "")
    if not found and zh:
        from glossary.dictionary.romanize import pinyin as romanized

        found = slug(romanized(zh))
    return found or "term"


def marked_pinyin(text: str) -> str:
    """Pinyin with tone numbers (Pleco's, CC-CEDICT's) written with tone marks; other pinyin as it is."""
    if not _NUMBERED.search(text):
        return text
    from glossary.text.pinyin import marks

    return _NUMBERED.sub(lambda m: marks(m.group().replace("ü", "u:").replace("Ü", "U:"))[0], text)


def kind_named(label: str) -> str | None:
    """The alias kind an export's label names (``calque``, ``avoid: misspelling``), or None."""
    label = label.strip().removeprefix("avoid: ").strip()
    label = _KIND_LABELS.get(label, label)
    return label if label in ALIAS_KINDS else None


def category_named(name: str) -> str | None:
    """The glossary category a file's category (or folder) names, or None."""
    key = fold(name)
    return next((c for c in CATEGORIES if c == key), None)

"""Fill the missing fields of concepts from the layers below, recording where each came from.

- characters (:mod:`glossary.text.scripts`, OpenCC): ``zh`` ↔ ``zh_hant`` — origin ``rule``;
- Chinese for an English-only term: CC-CEDICT names (ByteDance → 字节跳动, origin
  ``dictionary``), else a composition of known parts (TikTok refugee → TikTok难民,
  origin ``rule``), else machine translation (origin ``mt``);
- pinyin (:mod:`glossary.text.pinyin`) — origin ``rule``;
- English for a Chinese-only term: CC-CEDICT, else machine translation;
- ``gloss`` (the dictionary's senses) and ``literal`` (小 small · 红 red · 书 book) —
  origin ``dictionary``.

A field that has a value is never touched, whoever wrote it, so a human value is
never overwritten. :func:`plan` only proposes; :func:`apply` changes concepts in
place; :func:`enrich` does both. They work on any list of :class:`Concept`:
terms.yaml's, or extraction candidates before a build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

#: ``progress(done, total, stage)``: told as long work advances (``glossary enrich`` draws a bar).
from glossary.errors import NotFoundError, UsageError
from glossary.terms.model import Concept
from glossary.text.normalize import fold, has_cjk

Progress = Callable[[int, int, str], None]


def _silent(done: int, total: int, stage: str) -> None:
    pass


#: The fields enrich can fill, in the order it fills them.
FIELDS: tuple[str, ...] = ("zh", "zh_hant", "pinyin", "en", "gloss", "literal")

#: Categories whose terms get no character-by-character literal gloss (a name's characters spell sounds).
NO_LITERAL: frozenset[str] = frozenset({"person"})
#: Longer terms (a law's full title) get no literal gloss: it would be unreadable.
MAX_LITERAL = 8
#: Categories of coinages: a dictionary entry for a place or a person is another word (集美 'sis').
COINAGES: frozenset[str] = frozenset({"slang", "meme", "nickname", "hashtag"})


@dataclass(frozen=True)
class Change:
    """One field filled: the concept, the field, the new value, its origin and why."""

    id: str
    field: str
    value: str
    origin: str
    why: str = ""

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "field": self.field, "value": self.value, "origin": self.origin, "why": self.why}


#: A Latin brand name (Lemon8, RedNote, iPhone): machine translation would only mangle it.
_BRAND = re.compile(r"^(?=\S*[A-Za-z])\S*(?:[0-9]|[a-z][A-Z])\S*$")


def _strip_final_punctuation(text: str) -> str:
    return re.sub(r"[\s。．.！!？?]+$", "", text.strip())


class Enricher:
    """Plans the changes for concepts; reuses its dictionary, romanizer and models across calls.

    ``glossary`` is the rest of the glossary (for compositional proposals and for
    enforcing known terms when machine-translating). ``mt`` is False (never, the
    default), True (required: an error without a model) or None (when a model is
    installed).
    """

    def __init__(
        self,
        glossary: Iterable[Concept] = (),
        *,
        fields: Iterable[str] = FIELDS,
        mt: bool | None = False,
        dictionary: Any = None,
    ) -> None:
        from glossary.dictionary.query import Composer, Dictionary
        from glossary.dictionary.romanize import Romanizer

        self.fields = tuple(fields)
        unknown = set(self.fields) - set(FIELDS)
        if unknown:
            raise UsageError(f"cannot fill field {sorted(unknown)[0]!r} (enrich fills: {', '.join(FIELDS)})")
        self.glossary = list(glossary)
        self.dictionary = dictionary or Dictionary()
        self.romanizer = Romanizer(self.dictionary)
        self.composer = Composer(self.glossary, self.dictionary)
        self.mt = mt
        self._chinese: dict[str, tuple[str, str, str] | None] = {}
        self._english: dict[tuple[str, str], tuple[str, str] | None] = {}

    # --- machine translation, batched ---------------------------------------------------

    def _mt_available(self, source: str, target: str) -> bool:
        if self.mt is False:
            return False
        from glossary.enrich import translate

        if translate.has_model(source, target):
            return True
        if self.mt:
            translate.engine(source, target)  # raises the error naming the install command
        return False

    def _machine(self, texts: list[str], source: str, target: str, progress: Progress = _silent) -> dict[str, str]:
        if not texts or not self._mt_available(source, target):
            return {}
        from glossary.enrich import translate

        out = {}
        unique = list(dict.fromkeys(texts))
        for n, text in enumerate(unique, start=1):
            result = translate.translate(text, source, target, self.glossary)
            value = _strip_final_punctuation(result.text)
            if value and value != text:
                out[text] = value
            progress(n, len(unique), f"translating {source}→{target}")
        return out

    # --- proposals ------------------------------------------------------------------------

    def chinese_for(self, english: str) -> tuple[str, str, str] | None:
        """(zh, origin, why) for an English term from the dictionary or by composition."""
        if english not in self._chinese:
            self._chinese[english] = self._chinese_for(english)
        return self._chinese[english]

    def _chinese_for(self, english: str) -> tuple[str, str, str] | None:
        for p in self.dictionary.to_chinese(english, limit=1):
            if fold(p.explanation.split("/", 1)[1]).startswith(fold(english)):
                return p.zh, "dictionary", p.explanation
        for p in self.composer.compose(english, limit=1):
            return p.zh, "rule", f"composed: {p.explanation}"
        return None

    def english_for(self, zh: str, category: str) -> tuple[str, str] | None:
        """(en, why) from CC-CEDICT's first meaningful sense of the whole word."""
        if (zh, category) not in self._english:
            self._english[(zh, category)] = self._english_for(zh, category)
        return self._english[(zh, category)]

    def _english_for(self, zh: str, category: str) -> tuple[str, str] | None:
        from glossary.dictionary.query import clean_sense
        from glossary.text.pinyin import PROPER_CATEGORIES

        entry = self.dictionary.best_entry(zh, proper=category in PROPER_CATEGORIES)
        if entry is None:
            return None
        for d in entry.definitions:
            sense = clean_sense(d)
            if sense:
                return sense, f"CC-CEDICT: {entry.simplified} [{entry.pinyin}] /{d}/"
        return None

    # --- planning ------------------------------------------------------------------------

    def plan(self, concepts: Iterable[Concept], progress: Progress = _silent) -> list[Change]:
        """The changes that would fill the concepts' missing fields (the concepts are not changed)."""
        concepts = list(concepts)
        progress(0, len(concepts), "looking up")
        want = set(self.fields)
        # Chinese or English that only machine translation can give, batched per direction
        need_zh = [
            c.en
            for c in concepts
            if "zh" in want
            and not c.zh
            and not c.zh_hant
            and c.en
            and not _BRAND.match(c.en)
            and not self.chinese_for(c.en)
        ]
        need_en = [
            c.zh or c.zh_hant
            for c in concepts
            if "en" in want
            and not c.en
            and (c.zh or c.zh_hant)
            and not self.english_for(c.zh or c.zh_hant or "", c.category)
        ]
        mt_zh = self._machine([t for t in need_zh if t], "en", "zh", progress)
        mt_en = self._machine([t for t in need_en if t], "zh", "en", progress)
        changes: list[Change] = []
        for n, c in enumerate(concepts, start=1):
            changes += self._plan_one(c, want, mt_zh, mt_en)
            progress(n, len(concepts), "enriching")
        return changes

    def _plan_one(self, c: Concept, want: set[str], mt_zh: dict[str, str], mt_en: dict[str, str]) -> list[Change]:
        from glossary.text import scripts as chars
        from glossary.text.pinyin import PROPER_CATEGORIES

        values = {f: getattr(c, f) for f in FIELDS}
        out: list[Change] = []

        def fill(field: str, value: str | None, origin: str, why: str) -> None:
            if field in want and not values[field] and value:
                values[field] = value
                out.append(Change(c.id, field, value, origin, why))

        # characters
        if values["zh_hant"] and has_cjk(values["zh_hant"]):
            fill("zh", chars.to_simplified(values["zh_hant"]), "rule", f"OpenCC {chars.TO_SIMPLIFIED} from zh_hant")
        if not values["zh"] and values["en"]:
            proposal = self.chinese_for(values["en"])
            if proposal:
                fill("zh", *proposal)
            elif values["en"] in mt_zh:
                fill("zh", mt_zh[values["en"]], "mt", "machine translation en→zh")
        zh = values["zh"] or ""
        if zh:  # a zh without characters ('996') is its own traditional form
            fill("zh_hant", chars.to_traditional(zh), "rule", f"OpenCC {chars.TO_TRADITIONAL} from zh")
        if has_cjk(zh):
            fill("pinyin", self.romanizer.pinyin(zh, category=c.category), "rule", "CC-CEDICT readings and pypinyin")
        # English
        if has_cjk(zh) and not values["en"]:
            found = self.english_for(zh, c.category)
            if found:
                fill("en", found[0], "dictionary", found[1])
            elif zh in mt_en:
                fill("en", mt_en[zh], "mt", "machine translation zh→en")
        # glosses
        if has_cjk(zh):
            gloss = self.dictionary.gloss(
                zh, proper=c.category in PROPER_CATEGORIES, strict=c.category in COINAGES, english=values["en"]
            )
            if gloss and fold(gloss) != fold(values["en"] or ""):
                fill("gloss", gloss, "dictionary", "CC-CEDICT definitions")
            if "literal" in want and not values["literal"] and self._literal_makes_sense(zh, c.category, values):
                from glossary.text.pinyin import align

                written = align(values["pinyin"], zh) if values["pinyin"] else None
                syllables = written or self.romanizer.syllables(zh, category=c.category)
                literal = self.dictionary.literal(zh, syllables, complete=True)
                fill("literal", literal, "dictionary", "CC-CEDICT senses, character by character")
        return out

    @staticmethod
    def _literal_makes_sense(zh: str, category: str, values: dict[str, Any]) -> bool:
        """No literal for names whose characters spell sounds: people, and places whose English
        is not their pinyin (华盛顿 Washington, not Huashengdun); none for one character or a long title."""
        from glossary.text.normalize import strip_tones

        cjk = sum(1 for ch in zh if has_cjk(ch))
        if not 2 <= cjk <= MAX_LITERAL or category in NO_LITERAL:
            return False
        if category == "place" and values["pinyin"] and values["en"]:
            return fold(strip_tones(values["pinyin"])) == fold(values["en"])
        return True


def apply(concepts: Iterable[Concept], changes: Iterable[Change]) -> int:
    """Set the planned values on the concepts (only where still empty) and record their origin.

    Returns how many fields were set.
    """
    by_id = {c.id: c for c in concepts}
    n = 0
    for ch in changes:
        c = by_id.get(ch.id)
        if c is None or getattr(c, ch.field):
            continue
        setattr(c, ch.field, ch.value)
        c.origin[ch.field] = ch.origin
        n += 1
    return n


def enrich(concepts: list[Concept], glossary: Iterable[Concept] | None = None, **options: Any) -> list[Change]:
    """Fill the missing fields of ``concepts`` in place; returns what was filled.

    ``glossary`` defaults to the concepts themselves; ``options`` go to :class:`Enricher`.
    """
    enricher = Enricher(concepts if glossary is None else glossary, **options)
    changes = enricher.plan(concepts)
    apply(concepts, changes)
    return changes


def select(concepts: list[Concept], ids: Iterable[str]) -> list[Concept]:
    """The concepts with these ids, in file order; :class:`NotFoundError` for an unknown id."""
    ids = list(ids)
    if not ids:
        return concepts
    known = {c.id for c in concepts}
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFoundError(f"no concept with id {missing[0]!r}")
    wanted = set(ids)
    return [c for c in concepts if c.id in wanted]


# --- terms.yaml --------------------------------------------------------------------------------


def write_changes(doc: Any, changes: Iterable[Change]) -> int:
    """Write changes into a :class:`glossary.terms.store.Document`, origin included (as a flow mapping).

    Fields that have a value in the document are left alone. Returns how many fields were set.
    """
    grouped: dict[str, list[Change]] = {}
    for ch in changes:
        grouped.setdefault(ch.id, []).append(ch)
    n = 0
    for cid, items in grouped.items():
        current = doc.concept(cid)
        values = {ch.field: ch.value for ch in items if not getattr(current, ch.field)}
        if not values:
            continue
        origin = dict(current.origin)
        origin.update({ch.field: ch.origin for ch in items if ch.field in values})
        doc.update(cid, **values, origin=origin)
        node = doc.items[doc.index_of(cid)].get("origin")
        if hasattr(node, "fa"):
            node.fa.set_flow_style()
        n += len(values)
    return n


@dataclass
class FileResult:
    """What enriching a terms file did (or would do, in a dry run)."""

    changes: list[Change]
    diff: str
    written: bool


def enrich_file(
    path: Any, ids: Iterable[str] = (), *, dry_run: bool = False, progress: Progress = _silent, **options: Any
) -> FileResult:
    """Enrich a terms file: fill missing fields of all (or some) concepts, keeping comments and order.

    A dry run writes nothing and returns the unified diff that would be applied. ``progress``
    is told how the work advances.
    """
    from pathlib import Path

    from glossary.terms import store

    path = Path(path)

    def run(doc: Any) -> tuple[list[Change], int]:
        concepts = doc.concepts()
        targets = select(concepts, ids)
        progress(0, len(targets), "loading")
        changes = Enricher(concepts, **options).plan(targets, progress)
        return changes, write_changes(doc, changes)

    with store.editing(path, dry_run=dry_run) as doc:
        changes, _ = run(doc)
    return FileResult(changes, doc.diff(), doc.written)


def complete(concept: Concept) -> list[Change]:
    """Fill a new concept's other script and pinyin from its Chinese, in place (origin ``rule``).

    Used by ``glossary add``: quick, offline, and never touches a value the user gave.
    """
    if not (concept.zh or concept.zh_hant):
        return []
    changes = Enricher(fields=("zh", "zh_hant", "pinyin"), mt=False).plan([concept])
    apply([concept], changes)
    return changes


def glossary_pinyin(path: str | Path) -> dict[str, tuple[str | None, str]]:
    """The Chinese forms (simplified and traditional) of a terms file → (the concept's pinyin, its
    category); empty if the file cannot be read."""
    from glossary.errors import GlossaryError
    from glossary.terms import store

    try:
        concepts = store.load(path).concepts
    except GlossaryError:
        return {}
    out: dict[str, tuple[str | None, str]] = {}
    for c in concepts:
        for form in (c.zh, c.zh_hant):
            if form:
                out.setdefault(form, (c.pinyin, c.category))
    return out


def pinyin_lines(
    lines: Iterable[str], style: str = "marks", category: str | None = None, glossary: str | Path | None = None
) -> list[str]:
    """The pinyin of each line of Chinese text, as ``glossary pinyin`` prints it (an empty line stays empty).

    A glossary term (a whole line) gets its own pinyin, in the style asked; elsewhere the
    glossary's pinyin wins wherever its forms appear as words, and the term's category (else
    ``category``) decides whether the line is written as a name. Raises :class:`UsageError` for
    an unknown style or when no line has Chinese characters.
    """
    from glossary.dictionary.romanize import Romanizer
    from glossary.text.pinyin import STYLES, to_style

    if style not in STYLES:
        raise UsageError(f"unknown style {style!r} (expected one of: {', '.join(STYLES)})")
    lines = [line.strip() for line in lines]
    if not any(has_cjk(line) for line in lines):
        raise UsageError("no Chinese characters to romanize")
    known = glossary_pinyin(glossary) if glossary is not None else {}
    romanizer = Romanizer(known={form: p for form, (p, _) in known.items() if p})
    out: list[str] = []
    for line in lines:
        hit = known.get(line)
        if not line:
            out.append("")
        elif hit and hit[0]:
            out.append(to_style(hit[0], style))
        else:
            out.append(romanizer.pinyin(line, style=style, category=category or (hit[1] if hit else None)))
    return out

"""Fill the missing fields of concepts from the layers below, recording where each came from.

- characters (:mod:`glossary.text.scripts`, OpenCC): ``zh`` ↔ ``zh_hant`` — origin ``rule``;
- Chinese for an English-only term: the glossary's own form (origin ``glossary``), else
  CC-CEDICT (ByteDance → 字节跳动, origin ``dictionary``), else a composition of known parts
  (TikTok refugee → TikTok难民, origin ``rule``), else machine translation (origin ``mt``).
  A *name* (a proper category, or every word capitalised) gets Chinese only from evidence:
  the glossary or a CC-CEDICT proper-name entry, the one whose reading spells the name first
  (Sichuan → 四川, not 巴蜀). A word-by-word rendering or machine translation of a name
  (Bluesky → 蓝天) is only a *proposal*, kept in ``proposals`` with its origin and confidence;
  the entry's senses give a candidate's category (四川 'province' → ``place``);
- pinyin (:mod:`glossary.text.pinyin`) — origin ``rule``;
- English for a Chinese-only term: CC-CEDICT, else machine translation;
- ``gloss`` (the dictionary's senses) and ``literal`` (小 small · 红 red · 书 book) —
  origin ``dictionary``.

A field that has a value is never touched, whoever wrote it, so a human value is
never overwritten. Every filled field records its origin and confidence. :func:`plan` only proposes; :func:`apply` changes concepts in
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
FIELDS: tuple[str, ...] = ("zh", "zh_hant", "pinyin", "en", "gloss", "literal", "category")

#: Categories whose terms get no character-by-character literal gloss (a name's characters spell sounds).
NO_LITERAL: frozenset[str] = frozenset({"person"})
#: Longer terms (a law's full title) get no literal gloss: it would be unreadable.
MAX_LITERAL = 8
#: Categories of coinages: a dictionary entry for a place or a person is another word (集美 'sis').
COINAGES: frozenset[str] = frozenset({"slang", "meme", "nickname", "hashtag"})


@dataclass(frozen=True)
class Change:
    """One field filled (or, with ``proposal``, only proposed): the concept, the field, the new
    value, its origin, how sure that origin is and why."""

    id: str
    field: str
    value: str
    origin: str
    why: str = ""
    confidence: str = "high"
    proposal: bool = False

    def to_json(self) -> dict[str, str | bool]:
        return {
            "id": self.id,
            "field": self.field,
            "value": self.value,
            "origin": self.origin,
            "why": self.why,
            "confidence": self.confidence,
            "proposal": self.proposal,
        }


@dataclass(frozen=True)
class Found:
    """Chinese found for an English term: the value, its origin, confidence and why; ``proposal``
    when it may only be proposed (a name rendered word by word); the category the evidence gives."""

    zh: str
    origin: str
    why: str
    confidence: str
    proposal: bool = False
    category: str | None = None


def is_name(english: str, category: str | None = None) -> bool:
    """Whether an English term is a name: a proper category, or every word capitalised.

    >>> is_name("Bluesky"), is_name("Chinese Xiaohongshu"), is_name("TikTok refugee"), is_name("cat", "person")
    (True, True, False, True)
    """
    from glossary.dictionary.query import FUNCTION_WORDS
    from glossary.text.pinyin import PROPER_CATEGORIES

    if category in PROPER_CATEGORIES:
        return True
    words = [w for w in re.split(r"[\s\-]+", english.strip()) if w and w.casefold() not in FUNCTION_WORDS]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


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
        self._chinese: dict[tuple[str, bool], Found | None] = {}
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

    def chinese_for(self, english: str, category: str | None = None) -> Found | None:
        """Chinese for an English term from the glossary, the dictionary or by composition;
        for a name (:func:`is_name`) only a proper-name entry is a value, the rest proposals."""
        key = (english, is_name(english, category))
        if key not in self._chinese:
            self._chinese[key] = self._name_for(english) if key[1] else self._chinese_for(english)
        return self._chinese[key]

    def _glossary_for(self, english: str) -> Found | None:
        for zh, where in self.composer.known.get(fold(english), [])[:1]:
            return Found(zh, "glossary", f"the English form of {where}", "high")
        return None

    def _chinese_for(self, english: str) -> Found | None:
        found = self._glossary_for(english)
        if found:
            return found
        for p in self.dictionary.to_chinese(english, limit=1):
            if fold(p.explanation.split("/", 1)[1]).startswith(fold(english)):
                return Found(p.zh, "dictionary", p.explanation, "medium")
        for p in self.composer.compose(english, limit=1):
            return Found(p.zh, "rule", f"composed: {p.explanation}", "medium")
        return None

    def _name_for(self, english: str) -> Found | None:
        """A name's Chinese from evidence, else a low-confidence proposal (never a value)."""
        from glossary.dictionary.query import name_entries

        found = self._glossary_for(english)
        if found:
            return found
        for p in name_entries(self.dictionary, english, limit=1):
            return Found(p.zh, "dictionary", p.explanation, p.confidence, category=p.category)
        for p in self.dictionary.to_chinese(english, limit=1):  # a common word: Bluesky → 蓝天 'blue sky'
            return Found(p.zh, "dictionary", f"a word, not a name: {p.explanation}", "low", proposal=True)
        for p in self.composer.compose(english, limit=1):
            return Found(p.zh, "rule", f"composed word by word: {p.explanation}", "low", proposal=True)
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
            and not self.chinese_for(c.en, c.category)
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
        from glossary.dictionary.query import name_category
        from glossary.enrich.naming import stated_category
        from glossary.text import scripts as chars
        from glossary.text.pinyin import PROPER_CATEGORIES

        values = {f: getattr(c, f) for f in FIELDS}
        out: list[Change] = []

        def fill(field: str, value: str | None, origin: str, why: str, confidence: str = "high") -> None:
            if field in want and not values[field] and value:
                values[field] = value
                out.append(Change(c.id, field, value, origin, why, confidence))

        def propose(field: str, value: str, origin: str, why: str) -> None:
            if field in want and not values[field] and all(p.value != value for p in c.proposals):
                out.append(Change(c.id, field, value, origin, why, "low", proposal=True))

        # the category, first from how the concept's own sentences name it ("the app X", "X 公司")
        category = c.category
        open_category = c.category == "other" and c.status == "candidate" and "category" in want

        def categorize(value: str, origin: str, why: str, confidence: str) -> None:
            nonlocal category, open_category
            out.append(Change(c.id, "category", value, origin, why, confidence))
            category, open_category = value, False

        if open_category:
            stated = stated_category(c.forms(), (s.sentence or "" for s in c.sources))
            if stated:
                categorize(stated[0], "text", f"the text names it: {stated[1]!r}", "medium")
        # characters
        if values["zh_hant"] and has_cjk(values["zh_hant"]):
            fill("zh", chars.to_simplified(values["zh_hant"]), "rule", f"OpenCC {chars.TO_SIMPLIFIED} from zh_hant")
        if not values["zh"] and values["en"]:
            found = self.chinese_for(values["en"], category)
            if found and found.proposal:
                propose("zh", found.zh, found.origin, found.why)
            elif found:
                fill("zh", found.zh, found.origin, found.why, found.confidence)
                if found.category and open_category:
                    categorize(found.category, found.origin, found.why, found.confidence)
            if values["en"] in mt_zh and (not found or found.proposal):
                text = mt_zh[values["en"]]
                if is_name(values["en"], category):
                    propose("zh", text, "mt", "machine translation en→zh of a name")
                else:
                    fill("zh", text, "mt", "machine translation en→zh", "low")
        zh = values["zh"] or ""
        if has_cjk(zh) and open_category:  # CC-CEDICT's proper-name entry: 四川 'province' → place
            named = name_category(self.dictionary, zh, values["en"])
            if named:
                categorize(named[0], "dictionary", named[1], "medium")
        if zh:  # a zh without characters ('996') is its own traditional form
            fill("zh_hant", chars.to_traditional(zh), "rule", f"OpenCC {chars.TO_TRADITIONAL} from zh")
        if has_cjk(zh):
            fill("pinyin", self.romanizer.pinyin(zh, category=category), "rule", "CC-CEDICT readings and pypinyin")
        # English
        if has_cjk(zh) and not values["en"]:
            found = self.english_for(zh, category)
            if found:
                fill("en", found[0], "dictionary", found[1], "medium")
            elif zh in mt_en:
                fill("en", mt_en[zh], "mt", "machine translation zh→en", "low")
        # glosses
        if has_cjk(zh):
            gloss = self.dictionary.gloss(
                zh, proper=category in PROPER_CATEGORIES, strict=category in COINAGES, english=values["en"]
            )
            if gloss and fold(gloss) != fold(values["en"] or ""):
                fill("gloss", gloss, "dictionary", "CC-CEDICT definitions", "medium")
            if "literal" in want and not values["literal"] and self._literal_makes_sense(zh, category, values):
                from glossary.text.pinyin import align

                written = align(values["pinyin"], zh) if values["pinyin"] else None
                syllables = written or self.romanizer.syllables(zh, category=category)
                literal = self.dictionary.literal(zh, syllables, complete=True)
                fill("literal", literal, "dictionary", "CC-CEDICT senses, character by character", "medium")
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
    """Set the planned values on the concepts (only where still empty) and record their origin and
    confidence; a proposal joins the concept's ``proposals`` and sets nothing.

    Returns how many fields were set.
    """
    from glossary.terms.model import Proposal

    by_id = {c.id: c for c in concepts}
    n = 0
    for ch in changes:
        c = by_id.get(ch.id)
        if c is None:
            continue
        if ch.proposal:
            if not getattr(c, ch.field) and all(p.value != ch.value for p in c.proposals):
                c.proposals.append(Proposal(ch.field, ch.value, ch.origin, ch.confidence, ch.why or None))
            continue
        if ch.field == "category":
            if c.category == "other":
                c.category = ch.value
                c.origin["category"] = ch.origin
                c.confidence["category"] = ch.confidence
            continue
        if getattr(c, ch.field):
            continue
        setattr(c, ch.field, ch.value)
        c.origin[ch.field] = ch.origin
        c.confidence[ch.field] = ch.confidence
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
        concept = Concept.from_dict(current.to_dict())
        set_here = apply([concept], items)
        if concept == current:
            continue
        before = current.to_dict()
        changed = {name: value for name, value in concept.to_dict().items() if value != before.get(name)}
        doc.update(cid, **changed)
        for name in ("origin", "confidence"):
            node = doc.items[doc.index_of(cid)].get(name)
            if hasattr(node, "fa"):
                node.fa.set_flow_style()
        n += set_here
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

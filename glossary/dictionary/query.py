"""CC-CEDICT, queried: the one way into the dictionary for every layer above (lookup, gloss,
linking, enrichment). Readings, English glosses, literal glosses and English → Chinese proposals.

Works on the read-only SQLite index of :func:`glossary.dictionary.index.dictionary_db`
(opened, and built if missing, on the first query); every answer comes from the
dictionary's own entries (nothing is hard-coded). No module outside this package runs
SQL against the index.

One sense filter, :func:`is_reference`, decides which senses say nothing about meaning
(cross-references, classifiers, surnames, pronunciation notes); every sense shown or
matched anywhere passes it:

>>> is_reference("variant of 個|个[ge4]"), is_reference("CL:個|个[ge4]"), is_reference("refugee")
(True, True, False)

Definitions are cleaned before they are shown:

>>> clean_sense("(bound form) tax; levy")
'tax'
>>> clean_sense("CL:個|个[ge4]") is None, clean_sense("surname Hong") is None
(True, True)
>>> clean_sense("the people")
'people'
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterable

from glossary.text.normalize import fold, has_cjk, singular

#: Senses that say nothing about meaning: cross-references, classifiers, surnames (see :func:`is_reference`).
_USELESS = re.compile(
    r"^(see |see also |variant of |old variant of |archaic variant of |also written |also pr\.|"
    r"CL:|surname |abbr\. for |Taiwan pr\.|used in |erhua variant of |\(old\) variant of |"
    r"japanese variant of |used as |component in )",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\s*(\([^()]*\)|\[[^\]]*\])\s*")
_CHAR_REF = re.compile(r"[\u3400-\u9fff\uf900-\ufaff|]+\[[^\]]*\]")
_DESCRIPTIVE = re.compile(
    r"^(phonetic|used |component|radical|classifier|measure word|particle|interjection|onom)", re.I
)


def is_reference(sense: str) -> bool:
    """Whether a sense (a definition, or one ';'-part of it) says nothing about meaning: a
    cross-reference, a classifier, a surname, a pronunciation or spelling note.

    The one sense filter: the index's English keys, lookup, gloss, linking and enrichment
    all skip what it names.

    >>> is_reference("surname Hong"), is_reference("used in 上聲|上声[shang3 sheng1]"), is_reference("to persuade")
    (True, True, False)
    """
    return _USELESS.match(sense.lstrip()) is not None


@dataclass(frozen=True)
class Entry:
    """One CC-CEDICT entry as stored in the index."""

    simplified: str
    traditional: str
    pinyin: str  # numbered, as in the dictionary: "Zi4 jie2 Tiao4 dong4"
    definitions: tuple[str, ...]
    freq: float
    marks: str = ""  # the pinyin with tone marks, written as words: "Zìjié Tiàodòng"
    id: int = 0  # the entry's row in the index (its place in the dictionary file)

    @cached_property
    def senses(self) -> list[str]:
        """The definitions that pass the sense filter (:func:`is_reference`)."""
        return [d for d in self.definitions if not is_reference(d)]

    @property
    def proper(self) -> bool:
        """True when the dictionary capitalises the reading: a name (Zhong1 guo2)."""
        return self.pinyin[:1].isupper()

    @property
    def syllables(self) -> list[str]:
        return self.pinyin.split()


@dataclass(frozen=True)
class Proposal:
    """A proposed Chinese rendering of an English term, with how it was found."""

    zh: str
    pinyin: str | None
    source: str  # "dictionary" or "rule" (composed from known parts)
    explanation: str
    score: float = 0.0
    parts: tuple[str, ...] = field(default_factory=tuple)
    confidence: str = "medium"  # high, medium or low (glossary.terms.schema.CONFIDENCES)
    category: str | None = None  # what the entry's senses say the name is (person, place …)


@dataclass(frozen=True)
class MeasureWord:
    """A classifier CC-CEDICT gives for a noun (its ``CL:`` sense)."""

    simplified: str
    traditional: str
    pinyin: str  # numbered, as in the dictionary: "ben3"


_CLASSIFIER = re.compile(r"([^\s,|\[\]]+)(?:\|([^\s,|\[\]]+))?\[([^\]]+)\]")


def _classifiers(definition: str) -> list[MeasureWord]:
    """The classifiers of one ``CL:`` sense (none for another sense)."""
    if not definition.startswith("CL:"):
        return []
    return [
        MeasureWord(simp or trad, trad, reading.strip()) for trad, simp, reading in _CLASSIFIER.findall(definition[3:])
    ]


def classified_senses(definitions: Iterable[str]) -> list[tuple[list[str], list[MeasureWord]]]:
    """An entry's senses in groups, each with the classifiers of its ``CL:`` sense: CC-CEDICT writes
    ``CL:`` after the senses it counts, so senses after the last one have none.

    >>> [(senses, [m.simplified for m in cl]) for senses, cl in classified_senses(
    ...     ["bean vermicelli", "CL:把[ba3]", "fan (loanword)"])]
    [(['bean vermicelli'], ['把']), (['fan (loanword)'], [])]
    """
    groups: list[tuple[list[str], list[MeasureWord]]] = [([], [])]
    for d in definitions:
        found = _classifiers(d)
        if found:
            groups[-1][1].extend(found)
            groups.append(([], []))
        elif not is_reference(d):
            groups[-1][0].append(d)
    return [g for g in groups if g[0] or g[1]]


def measure_words(definitions: Iterable[str]) -> list[MeasureWord]:
    """The classifiers named by the ``CL:`` senses of an entry, in order, without repeats.

    >>> [(m.simplified, m.pinyin) for m in measure_words(["book", "CL:本[ben3],冊|册[ce4]"])]
    [('本', 'ben3'), ('册', 'ce4')]
    """
    out: list[MeasureWord] = []
    for d in definitions:
        out.extend(m for m in _classifiers(d) if m not in out)
    return out


_STOP = frozenset("a an the to of and or in on for as by with at from sb sth etc one".split())


def _content_words(text: str) -> set[str]:
    """The lower-case English words of a text, plurals made singular, small words left out."""
    words = re.findall(r"[a-z]+", text.casefold())
    return {singular(w) or w for w in words if w not in _STOP}


def _toneless(pinyin: str) -> str:
    """A reading without tones, case, spaces or tone digits: ``nan4 min2`` and ``nànmín`` → ``nanmin``."""
    return re.sub(r"\d", "", fold(pinyin))


def clean_sense(definition: str) -> str | None:
    """The first plain-English gloss of a definition, or None if it is a cross-reference
    or a description rather than a meaning (``phonetic character used in ...``)."""
    text = definition.strip()
    if is_reference(text):
        return None
    text = _CHAR_REF.sub("", text)
    bare = _PARENS.sub(" ", text).strip()
    if not bare:  # "(prefix indicating ordinal number, as in ...)": the parenthesis is the sense
        bare = text.strip("() ")
    text = re.split(r"[;,]", bare)[0].strip()
    text = re.sub(r"^(the|a|an) ", "", text)
    if not text or is_reference(text) or _DESCRIPTIVE.match(text) or has_cjk(text):
        return None
    return text


def clean_definitions(definitions: Iterable[str], limit: int = 4) -> list[str]:
    """Meaningful definitions (cross-references dropped), without repeats, at most ``limit``."""
    out: list[str] = []
    for d in definitions:
        d = d.strip()
        if not d or is_reference(d):
            continue
        d = _CHAR_REF.sub(lambda m: m.group(0).split("[")[0].split("|")[-1], d)
        if d not in out:
            out.append(d)
        if len(out) >= limit:
            break
    return out


class Dictionary:
    """Queries on the CC-CEDICT index, cached per instance.

    ``con`` defaults to :func:`glossary.dictionary.index.dictionary_db`, opened (and built
    if missing) on the first query.
    """

    _ENTRY = "SELECT simplified, traditional, pinyin, definitions, freq, pinyin_marks, id FROM entries"

    def __init__(self, con: sqlite3.Connection | None = None) -> None:
        self._con = con
        self._entries = lru_cache(maxsize=65536)(self._load_entries)

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            from glossary.dictionary.index import dictionary_db

            self._con = dictionary_db()
        return self._con

    def open(self) -> Dictionary:
        """Open the index now (building it if missing) rather than on the first query."""
        _ = self.con
        return self

    # --- entries ------------------------------------------------------------------------

    @staticmethod
    def _entry(row: tuple) -> Entry:
        s, t, p, d, f, m, i = row
        return Entry(s, t, p, tuple(json.loads(d)), f or 0.0, m, i)

    def _load_entries(self, word: str) -> tuple[Entry, ...]:
        rows = self.con.execute(f"{self._ENTRY} WHERE simplified = ? OR traditional = ? ORDER BY id", (word, word))
        return tuple(map(self._entry, rows.fetchall()))

    def entries(self, word: str) -> tuple[Entry, ...]:
        """Every entry written ``word`` (simplified or traditional), in dictionary order."""
        return self._entries(word)

    def has(self, word: str) -> bool:
        return bool(self.entries(word))

    def names(self) -> frozenset[str]:
        """Every word the dictionary writes as a name (a capitalised reading), in both scripts: one query."""
        rows = self.con.execute(
            "SELECT simplified, traditional FROM entries WHERE substr(pinyin, 1, 1) BETWEEN 'A' AND 'Z'"
        )
        return frozenset(w for row in rows for w in row)

    def entry(self, entry_id: int) -> Entry:
        """The entry in row ``entry_id`` of the index (as the ``find_*`` queries give them)."""
        return self._entry(self.con.execute(f"{self._ENTRY} WHERE id = ?", (entry_id,)).fetchone())

    def commonest(self, word: str) -> Entry | None:
        """The entry a reader most likely means by ``word``: of the entries with a meaningful
        sense, the commonest word, a common word before a name, then dictionary order."""
        ranked = sorted(self.entries(word), key=lambda e: (-e.freq, e.proper, e.id))
        return next((e for e in ranked if e.senses), ranked[0] if ranked else None)

    # --- finding entries (ids of the index's rows) --------------------------------------

    def find_written(self, text: str) -> list[int]:
        """Entries written ``text``, simplified or traditional."""
        rows = self.con.execute("SELECT id FROM entries WHERE simplified = ? OR traditional = ?", (text, text))
        return [i for (i,) in rows]

    def find_prefix(self, text: str, limit: int = 50) -> list[tuple[int, str]]:
        """(entry, simplified) of up to ``limit`` entries whose simplified form starts with ``text`` and is longer."""
        rows = self.con.execute(
            "SELECT id, simplified FROM entries WHERE simplified > ? AND simplified < ? || char(1114111) LIMIT ?",
            (text, text, limit),
        )
        return rows.fetchall()

    def find_english(self, key: str) -> list[tuple[int, int]]:
        """(entry, position of its first definition glossed so) of entries with the folded English ``key``."""
        rows = self.con.execute("SELECT entry, min(position) FROM en_keys WHERE key = ? GROUP BY entry", (key,))
        return rows.fetchall()

    def find_pinyin(self, key: str) -> list[int]:
        """Entries read as the folded toneless pinyin ``key`` (``nanmin``)."""
        return [i for (i,) in self.con.execute("SELECT entry FROM py_keys WHERE key = ?", (key,))]

    def find_text(self, words: list[str], limit: int = 30) -> list[int]:
        """Entries whose definitions hold every one of ``words`` (full-text search), best first."""
        if not words:
            return []
        query = " ".join(f'"{w}"' for w in words)
        rows = self.con.execute(
            "SELECT rowid FROM defs_fts WHERE defs_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit)
        )
        return [i for (i,) in rows]

    def measure_words(self, word: str, pinyin: str | None = None, english: str | None = None) -> list[MeasureWord]:
        """The classifiers CC-CEDICT gives for ``word`` meaning ``english`` (its ``CL:`` senses).

        Only of the entries read as ``pinyin`` (tones ignored; a name, written with a capital,
        only of a name's entry: 苹果 Píngguǒ 'Apple' does not count as apples), and with
        ``english``, only of the senses sharing a word with it: 梗 'meme' does not get the 根
        of 梗 'stalk'.
        """
        entries = self.entries(word)
        if pinyin:
            proper = pinyin[:1].isupper()
            entries = tuple(e for e in entries if _toneless(e.pinyin) == _toneless(pinyin) and e.proper == proper)
        wanted = _content_words(english) if english else None
        out: list[MeasureWord] = []
        for e in entries:
            for senses, classifiers in classified_senses(e.definitions):
                if wanted is None or any(wanted & _content_words(sense) for sense in senses):
                    out.extend(m for m in classifiers if m not in out)
        return out

    def readings(self, word: str) -> list[tuple[str, bool]]:
        """Distinct readings of ``word`` as (numbered pinyin, is a name), names last."""
        out: dict[str, bool] = {}
        for e in self.entries(word):
            if len(e.syllables) == len(word):
                key = e.pinyin if e.proper else e.pinyin.lower()
                out.setdefault(key, e.proper)
        return sorted(out.items(), key=lambda kv: kv[1])

    def is_surname(self, char: str) -> str | None:
        """The numbered reading of ``char`` as a surname, if CC-CEDICT lists it as one."""
        for e in self.entries(char):
            if any(d.startswith(("surname ", "two-character surname ")) for d in e.definitions):
                return e.pinyin
        return None

    # --- Chinese → English --------------------------------------------------------------

    def best_entry(
        self, word: str, proper: bool | None = None, reading: str | None = None, english: str | None = None
    ) -> Entry | None:
        """The entry of ``word`` with real definitions that best fits the hints: a name or a
        common word, a reading, an English rendering its definitions should mention
        (阿里巴巴 'Alibaba' is the company, not Ali Baba of the Arabian Nights)."""
        wanted = re.compile(rf"(?<!\w){re.escape(english.casefold())}(?!\w)") if english else None

        def rank(e: Entry) -> tuple:
            useful = bool(clean_definitions(e.definitions))
            mentions = wanted is not None and any(wanted.search(d.casefold()) for d in e.definitions)
            same_reading = reading is not None and fold(e.pinyin) == fold(reading)
            fits = proper is None or e.proper == proper
            return (useful, mentions, same_reading, fits)

        candidates = sorted(self.entries(word), key=rank, reverse=True)
        if not candidates or not clean_definitions(candidates[0].definitions):
            return None
        return candidates[0]

    def gloss(
        self, word: str, proper: bool | None = None, limit: int = 4, strict: bool = False, english: str | None = None
    ) -> str | None:
        """The English gloss of a whole word: the definitions of its best entry joined with '; '.

        Of several entries (a name and a common word) the one fitting the hint
        ``proper`` wins; with ``strict`` an entry that does not fit gives no gloss
        (slang 集美 'sis' is not the district Jimei).
        """
        if not has_cjk(word):
            return None
        best = self.best_entry(word, proper, english=english)
        if best is None or (strict and proper is not None and best.proper != proper):
            return None
        senses = clean_definitions(best.definitions, limit)
        return "; ".join(senses) or None

    def char_sense(self, char: str, syllable: str | None = None) -> str | None:
        """A short English sense of one character, preferring the entry read as ``syllable`` (marked)."""
        from pypinyin.contrib.tone_convert import to_tone3

        wanted = to_tone3(syllable.lower(), neutral_tone_with_five=True) if syllable else None
        entries = list(self.entries(char))
        entries.sort(key=lambda e: (e.pinyin.lower().replace("u:", "v") != wanted, e.proper))
        senses = [s for e in entries for s in map(clean_sense, e.definitions) if s]
        short = [s for s in senses if len(s.split()) <= 5]
        return (short or senses or [None])[0]

    def literal(self, text: str, syllables: list[str | None] | None = None, complete: bool = False) -> str | None:
        """A character-by-character gloss: 小红书 → ``小 small · 红 red · 书 book``.

        ``syllables`` (one per character, tone-marked) picks the sense of polyphonic
        characters. Runs of Latin letters or digits are kept as they are. With
        ``complete``, a character without any sense (a phonetic one, 哔 in 哔哩哔哩)
        gives no literal at all.
        """
        if not has_cjk(text):
            return None
        parts: list[str] = []
        latin = ""
        for i, ch in enumerate(text):
            if has_cjk(ch):
                if latin.strip():
                    parts.append(latin.strip())
                latin = ""
                syllable = syllables[i] if syllables and i < len(syllables) else None
                sense = self.char_sense(ch, syllable)
                if not sense and complete:
                    return None
                parts.append(f"{ch} {sense}" if sense else ch)
            else:
                latin += ch
        if latin.strip():
            parts.append(latin.strip())
        return " · ".join(parts)

    # --- English → Chinese --------------------------------------------------------------

    def to_chinese(self, english: str, limit: int = 5) -> list[Proposal]:
        """Chinese words whose CC-CEDICT definitions name ``english`` (ByteDance → 字节跳动), best first.

        Ranked by where the gloss stands in the entry (first sense first), then by how
        common the word is; abbreviations and plurals-only matches rank lower; a
        capitalised query prefers names.
        """
        key = fold(english)
        if not key:
            return []
        variants = {key: 0.0}
        for extra, cost in ((key + "s", 0.5), (key + "es", 0.5)):
            variants.setdefault(extra, cost)
        if key.endswith("s") and len(key) > 3:
            variants.setdefault(key[:-1], 0.5)
        wants_name = english[:1].isupper()
        scored: dict[str, tuple[float, Entry, int]] = {}
        marks_ = ",".join("?" * len(variants))
        rows = self.con.execute(
            f"SELECT k.key, k.position, e.simplified, e.traditional, e.pinyin, e.definitions, e.freq, "
            f"e.pinyin_marks, e.id FROM en_keys k JOIN entries e ON e.id = k.entry WHERE k.key IN ({marks_})",
            list(variants),
        ).fetchall()
        for k, position, *row in rows:
            entry = self._entry(tuple(row))
            s = entry.simplified
            definition = entry.definitions[position] if position < len(entry.definitions) else ""
            score = math.log10(max(entry.freq, 1e-9)) - 1.0 * position - variants[k]
            if "abbr." in definition or "abbr. for" in " ".join(entry.definitions):
                score -= 1.5
            if fold(_PARENS.sub(" ", definition).split(";")[0].split(",")[0]) == k:
                score += 0.5  # the gloss is the whole sense, not one word of it
            if wants_name and entry.proper:
                score += 1.0
            if not has_cjk(s):
                continue
            if s not in scored or scored[s][0] < score:
                scored[s] = (score, entry, position)
        ranked = sorted(scored.values(), key=lambda x: -x[0])[:limit]
        return [
            Proposal(
                zh=e.simplified,
                pinyin=e.pinyin,
                source="dictionary",
                explanation=f"CC-CEDICT: {e.simplified} [{e.pinyin}] /{e.definitions[pos]}/",
                score=round(score, 2),
            )
            for score, e, pos in ranked
        ]


# --- names ---------------------------------------------------------------------------------

#: What a name entry's first sense says it is: the category each cue gives, first match wins.
_SENSE_CATEGORIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "person",
        re.compile(r"\b(?:surname|president|politician|historian|writer|actor|actress|singer|magnate)\b", re.I),
    ),
    ("company", re.compile(r"\b(?:company|corporation|inc\.?|ltd|co\.|group|firm|manufacturer)\b", re.I)),
    (
        "organization",
        re.compile(r"\b(?:agency|organi[sz]ation|association|party|committee|ministry|university|congress)\b", re.I),
    ),
    (
        "place",
        re.compile(
            r"\b(?:city|province|county|district|capital|municipality|state|country|prefecture|region|town|"
            r"island|river|mountain|village)\b",
            re.I,
        ),
    ),
)


def sense_category(definitions: Iterable[str]) -> str | None:
    """The category a name entry's first meaningful sense gives: a person, place, company or organisation.

    >>> sense_category(["Sichuan province (Szechuan) in southwest China"]), sense_category(["Wu Han (1909-1969), historian"])
    ('place', 'person')
    >>> sense_category(["ByteDance, Beijing-based Internet technology company"]), sense_category(["blue sky"])
    ('company', None)
    """
    for d in definitions:
        if is_reference(d):
            continue
        for category, cue in _SENSE_CATEGORIES:
            if cue.search(d):
                return category
        return None
    return None


def _spelled(pinyin: str) -> str:
    """A numbered reading as the bare letters of its romanisation: ``Si4 chuan1`` → ``sichuan``."""
    return fold(re.sub(r"[0-9]", "", pinyin).replace("u:", "u"))


def _words(text: str) -> list[str]:
    return [fold(w) for w in re.findall(r"[^\W_]+", text)]


def _leading_name(definition: str) -> list[str]:
    """The words a sense starts with, before its first parenthesis, comma or semicolon."""
    return _words(re.split(r"[(,;（]", definition, maxsplit=1)[0])


def _names(sense: str, name: list[str], spelled: bool) -> bool:
    """Whether a sense names the name: it is the name, a given name and the name (Donald Trump), the
    name and what kind of place or firm it is (Sichuan province, Apple Inc.) or, when the reading
    spells the name, starts with it (Wuhan city on Changjiang); not Wuhan University."""
    lead = _leading_name(sense)
    if lead[: len(name)] == name and (spelled or len(lead) == len(name)):
        return True
    if len(lead) != len(name) + 1:
        return False
    kind = lead[-1]
    return lead[1:] == name or (
        lead[:-1] == name and any(category != "person" and cue.match(kind) for category, cue in _SENSE_CATEGORIES)
    )


def name_category(dictionary: Dictionary, word: str, english: str | None = None) -> tuple[str, str] | None:
    """What CC-CEDICT says a Chinese word names (person, place, company, organisation) and the
    entry that says so, from a proper-name entry: with ``english``, only the entry whose reading
    spells it or whose sense names it (四川 for Sichuan); without, only when the word has no
    common-word entry (集美 is also 'sis', so it says nothing). None when no entry tells."""
    entries = [e for e in dictionary.entries(word) if clean_definitions(e.definitions)]
    if english and not has_cjk(english):
        key, name = fold(english), _words(english)
        entries = [
            e
            for e in entries
            if e.proper and (_spelled(e.pinyin) == key or any(_names(d, name, False) for d in e.senses))
        ]
    elif not all(e.proper for e in entries):
        return None
    for e in entries:
        category = sense_category(e.definitions)
        if category:
            return category, f"CC-CEDICT: {e.simplified} [{e.pinyin}] /{e.senses[0] if e.senses else e.definitions[0]}/"
    return None


def name_entries(dictionary: Dictionary, english: str, limit: int = 3) -> list[Proposal]:
    """CC-CEDICT's proper-name entries for an English name, best first (never a common word:
    Bluesky is not 蓝天).

    An entry qualifies when it is a name (capitalised reading) and one of its senses starts
    with the name (Donald Trump's entry for ``Trump``). The entry whose reading spells the
    romanised name comes first (Sichuan → 四川 sì chuān, not 巴蜀), then a sense that is the
    name itself, then the full name over an abbreviation (中国 over 中), then the earlier
    sense and the commoner word. Confidence: ``high`` when the reading spells the name,
    else ``medium``.
    """
    key, name = fold(english), _words(english)
    if not key or not name or has_cjk(english):
        return []
    ids = set(dictionary.find_pinyin(key))
    ids |= {i for i, _ in dictionary.find_english(key)}
    ids |= set(dictionary.find_text(re.findall(r"[^\W_]+", english), limit=20))
    ranked = []
    for entry in map(dictionary.entry, ids):
        if not entry.proper or not has_cjk(entry.simplified):
            continue
        spelled = _spelled(entry.pinyin) == key
        hits = [(n, d) for n, d in enumerate(entry.definitions) if not is_reference(d) and _names(d, name, spelled)]
        if not hits:
            continue
        position, sense = hits[0]
        exact = _leading_name(sense) == name
        abbreviation = len(entry.simplified) == 1 or "abbr." in sense.split(",")[0]
        ranked.append(((spelled, exact, not abbreviation, -position, entry.freq), entry, sense, spelled))
    ranked.sort(key=lambda r: r[0], reverse=True)
    return [
        Proposal(
            zh=e.simplified,
            pinyin=e.pinyin,
            source="dictionary",
            explanation=f"CC-CEDICT: {e.simplified} [{e.pinyin}] /{sense}/",
            confidence="high" if spelled else "medium",
            category=sense_category(e.definitions),
        )
        for _, e, sense, spelled in ranked[:limit]
    ]


# --- compositional proposals ---------------------------------------------------------------

#: English words that carry grammar, not meaning: a compound is not composed across them.
FUNCTION_WORDS = frozenset("a an the of from to in on at for and or by with as is are was be".split())
_BRANDLIKE = re.compile(r"^(?=.*[A-Za-z])(?:[A-Z0-9].*[A-Z0-9]|.*[0-9].*|[a-z]+[A-Z].*)$")


def _word_keys(text: str) -> list[str]:
    key = fold(text)
    keys = [key]
    if key.endswith("s") and len(key) > 3 and not key.endswith("ss"):
        keys.append(key[:-1])
    return keys


class Composer:
    """Proposes Chinese for English compounds built from known parts (TikTok refugee → TikTok难民).

    Parts come from the glossary first (its English forms and their ``zh``), then from
    CC-CEDICT. A Latin name that the glossary's own Chinese forms keep in Latin
    (``TikTok`` in ``TikTok禁令``) stays Latin; so do brand-like words (``Lemon8``).
    """

    def __init__(self, concepts: Iterable, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self.known: dict[str, list[tuple[str, str]]] = {}
        chinese_forms = [c.zh for c in concepts if c.zh] + [c.zh_hant for c in concepts if c.zh_hant]
        # one string to search, not a loop per English form; NUL is in no valid form, so no match spans two
        chinese_text = "\0".join(zh for zh in chinese_forms if has_cjk(zh))
        self.kept_latin: set[str] = set()
        for c in concepts:
            forms = [c.en] + [a.text for a in c.aliases if a.kind not in ("deprecated", "misspelling")]
            for form in forms:
                if not form or has_cjk(form):
                    continue
                if "\0" not in form and form in chinese_text:
                    self.kept_latin.add(fold(form))
                if c.zh:
                    self.known.setdefault(fold(form), []).append((c.zh, f"glossary {c.id}"))

    def part(self, text: str) -> list[tuple[str, str]]:
        """Renderings of one English part, best first, with where each came from."""
        if fold(text) in FUNCTION_WORDS or not fold(text):
            return []
        out: list[tuple[str, str]] = []
        keys = _word_keys(text)
        if keys[0] in self.kept_latin:
            out.append((text, "kept in Latin script, as in the glossary's Chinese"))
        for key in keys:
            out.extend(self.known.get(key, []))
        if not out:
            for p in self.dictionary.to_chinese(text, limit=1):
                out.append((p.zh, f"CC-CEDICT {p.zh} /{p.explanation.split('/', 1)[1]}"))
        if not out and _BRANDLIKE.match(text):
            out.append((text, "brand name kept in Latin script"))
        return out

    def compose(self, english: str, limit: int = 3) -> list[Proposal]:
        """Proposals for ``english`` made of two or more known parts, fewest parts first."""
        words = [w for w in re.split(r"[\s\-]+", english.strip()) if w]
        if len(words) < 2:
            return []
        n = len(words)
        # best[i]: list of (parts, renderings) covering words[:i]
        best: list[list[tuple[tuple[str, ...], tuple[tuple[str, str], ...]]]] = [[] for _ in range(n + 1)]
        best[0] = [((), ())]
        for i in range(1, n + 1):
            options = []
            for j in range(max(0, i - 4), i):
                if not best[j]:
                    continue
                span = " ".join(words[j:i])
                renderings = self.part(span)
                for prev_parts, prev_r in best[j][:2]:
                    for r in renderings[:2]:
                        options.append((prev_parts + (span,), prev_r + (r,)))
            options.sort(key=lambda o: len(o[0]))
            best[i] = options[:4]
        proposals = []
        seen = set()
        for parts, renderings in best[n]:
            if len(parts) < 2:
                continue
            zh = ""
            for text, _ in renderings:
                if zh and not has_cjk(zh[-1]) and not has_cjk(text[0]):
                    zh += " "
                zh += text
            if zh in seen or not has_cjk(zh):
                continue
            seen.add(zh)
            why = " + ".join(f"{p} → {t} ({src})" for p, (t, src) in zip(parts, renderings))
            proposals.append(Proposal(zh=zh, pinyin=None, source="rule", explanation=why, parts=parts))
        return proposals[:limit]

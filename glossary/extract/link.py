"""Linking forms into concepts: every script and spelling of one thing in one entry.

Each link records its rule and the evidence for it:

- ``glossary``: both forms belong to one concept of the glossary;
- ``variant``: the same letters apart from case, spaces, hyphens, '#' and a plural
  (RedNote / Red Note / Rednote; TikTok refugees / #TikTokRefugee), a possessed noun and its
  name (my Chinese spy, my spy / Chinese spy), or a Chinese verb + object phrase and its
  object (交猫税 / 缴猫税 / 猫税);
- ``traditional``: traditional and simplified characters (小紅書 / 小红书), by OpenCC;
- ``statement``: the text says so ("X, known in English as Y", "X (Y)", 又称, 俗称 …);
- ``dictionary``: a CC-CEDICT entry gives one form as the other's English (字节跳动 ↔ ByteDance);
- ``pinyin``: the Latin form is the characters' pinyin, tones and spacing ignored
  (小红书 ↔ Xiaohongshu), by the romanizer (CC-CEDICT readings and pypinyin);
- ``calque``: the Latin form translates the characters one by one through their
  CC-CEDICT glosses (小红书 ↔ Little Red Book).

A link never joins two concepts of the glossary: a form already claimed by one
concept stays with it. Concepts that are alike but distinct (dog tax beside cat tax,
难民潮 'refugee wave' beside 难民) are not joined: each lists the other as ``related``.

>>> linker = Linker([])
>>> [(l.rule, l.a, l.b) for l in linker.rule_links({"小红书": _f("小红书"), "Xiaohongshu": _f("Xiaohongshu"), "Red Note": _f("Red Note"), "RedNote": _f("RedNote")}, {})]
[('variant', 'Red Note', 'RedNote'), ('pinyin', '小红书', 'Xiaohongshu')]
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from glossary.dictionary.query import Dictionary
from glossary.extract.candidates import Form, Sighting, sighting
from glossary.extract.english import is_ordinary, is_pinyin, is_romanized, phrase_zipf
from glossary.extract.mentions import Kind
from glossary.terms.model import Concept
from glossary.terms.ownership import Owners
from glossary.text.normalize import fold, form_keys, has_cjk, singular, slug, strip_tones
from glossary.text.pinyin import spellings
from glossary.text.scripts import to_simplified

if TYPE_CHECKING:
    from glossary.dictionary.romanize import Romanizer

#: An alias at least this common in general language (Zipf) is an everyday word ("creator", "exodus").
AMBIGUOUS_ZIPF = 3.5

#: Categories whose Chinese words are everyday vocabulary an English text names by its ordinary
#: translation ("memes" for 梗, "thank you" for 谢谢, "followers" for 粉丝): of a concept of these, an
#: everyday English rendering (its ``en`` or an alias) is a gloss.
GLOSSED_CATEGORIES = frozenset({"slang", "culture"})
#: Categories whose ``en`` is the concept's own English name ("national security", "Chinese netizens"),
#: so that only their lesser everyday renderings (aliases: "new home" for 新家园, "Chinese users" for
#: 中国网友) are glosses.
NAMED_IN_ENGLISH = frozenset({"concept", "community"})
#: Kinds of alias that only the concept uses (a calque, a name): never a mere gloss.
OWN_KINDS = frozenset({"official", "transliteration", "calque", "abbreviation", "nickname", "hashtag", "deprecated"})

RULES = ("glossary", "variant", "traditional", "statement", "dictionary", "pinyin", "calque")

#: English words a calque may use for a character's gloss (CC-CEDICT says "small", people say "little").
SYNONYMS = [
    {"little", "small", "tiny", "mini"},
    {"big", "large", "great", "grand", "huge"},
    {"old", "ancient", "aged"},
    {"new", "fresh"},
    {"king", "monarch"},
    {"people", "person", "folk", "man", "men"},
    {"country", "nation", "state"},
    {"net", "web", "internet", "online", "cyber"},
    {"red", "crimson"},
    {"fan", "follower", "fans"},
    {"friend", "pal", "buddy"},
    {"book", "notebook"},
    {"note", "notes", "record"},
    {"refugee", "refugees"},
    {"wall", "firewall"},
    {"tax", "duty", "levy"},
    {"potato", "spud", "yam"},
    {"fry", "fries", "chip", "chips"},
    {"shake", "shaking"},
    {"hand", "hands"},
    {"captain", "chief", "leader", "head"},
    {"sister", "sis"},
    {"brother", "bro"},
    {"know", "knowing", "knowledge", "understand"},
]
#: A possessive or an article before a noun: "my Chinese spy" names a Chinese spy.
_DETERMINER = re.compile(r"(?i:my|your|our|their|his|her|the)\s+(?=[A-Za-z])")
_STOP = frozenset("a an the of to and or for in on by with sb sth one's oneself is be as at it its".split())
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass
class Link:
    """Why two forms are one concept."""

    rule: str
    a: str
    b: str
    detail: str
    evidence: str | None = None
    path: str | None = None
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "from": self.a,
            "to": self.b,
            "detail": self.detail,
            "evidence": self.evidence,
        }
        if self.path:
            d["path"] = self.path
            d["line"] = self.line
        return d


@dataclass
class Extracted:
    """One concept found in a corpus."""

    id: str
    forms: list[str]
    zh: str | None
    pinyin: str | None
    en: str | None
    category: str | None
    score: float
    count: int
    links: list[Link] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    known: bool = False
    kinds: dict[str, list[str]] = field(default_factory=dict)
    zh_hant: str | None = None
    related: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape of ``glossary extract --format json``."""
        return {
            "id": self.id,
            "forms": self.forms,
            "zh": self.zh,
            "pinyin": self.pinyin,
            "en": self.en,
            "category": self.category,
            "score": self.score,
            "count": self.count,
            "in_glossary": self.known,
            "links": [link.to_json() for link in self.links],
            "sources": self.sources,
            "kinds": self.kinds,
            "related": self.related,
        }


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of ``glossary extract --format json``: a list of concepts, best first."""
    from glossary.terms.schema import CATEGORIES, JSON_SCHEMA_DIALECT

    def text(description: str, nullable: bool = False) -> dict[str, Any]:
        return {"type": ["string", "null"] if nullable else "string", "description": description}

    link = {
        "type": "object",
        "description": "why two forms are one concept",
        "properties": {
            "rule": text("the rule that linked them (dictionary, pinyin, stated, …)"),
            "from": text("one form"),
            "to": text("the other form"),
            "detail": text("what the rule saw"),
            "evidence": text("the sentence that showed it, when one did", nullable=True),
            "path": text("the file of that sentence"),
            "line": {"type": ["integer", "null"], "description": "its line"},
        },
        "required": ["rule", "from", "to", "detail", "evidence"],
        "additionalProperties": False,
    }
    source = {
        "type": "object",
        "description": "where a form was seen",
        "properties": {
            "path": text("the file, relative to the folder or file named (`<stdin>`: standard input)"),
            "line": {"type": ["integer", "null"], "description": "the line it starts on"},
            "context": text("the sentence around it", nullable=True),
            "form": text("the form seen there"),
            "id": text("the post's id, from the record's field --id-field names (only when given and present)"),
            "date": text(
                "the post's date as the record writes it, from the field --date-field names (only when given and present)"
            ),
        },
        "required": ["path", "line", "context", "form"],
        "additionalProperties": False,
    }
    strings = {"type": "array", "items": {"type": "string"}}
    concept = {
        "type": "object",
        "description": "one concept found in the corpus",
        "properties": {
            "id": text("a slug for it (the glossary's id when it is known)"),
            "forms": {**strings, "description": "every form of it seen, most frequent first"},
            "zh": text("in simplified Chinese", nullable=True),
            "pinyin": text("with tone marks", nullable=True),
            "en": text("in English", nullable=True),
            "category": {"enum": [*CATEGORIES, None], "description": "what kind of thing it is, when known"},
            "score": {"type": "number", "description": "how likely it is a term of the event (higher: likelier)"},
            "count": {"type": "integer", "minimum": 0, "description": "how often its forms occur"},
            "in_glossary": {"type": "boolean", "description": "whether the glossary has it already"},
            "links": {"type": "array", "items": link, "description": "why its forms are one concept"},
            "sources": {"type": "array", "items": source, "description": "where it was seen"},
            "kinds": {
                "type": "object",
                "additionalProperties": strings,
                "description": "form → the kinds of evidence for it (hashtag, stated, proper name …)",
            },
            "related": {**strings, "description": "ids of related but distinct concepts"},
        },
        "additionalProperties": False,
    }
    concept["required"] = list(concept["properties"])
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "glossary extract --format json",
        "type": "array",
        "items": concept,
    }


def _source(
    path: str, line: int | None, context: str | None, form: str, post: str | None, date: str | None
) -> dict[str, Any]:
    """A source as ``--format json`` writes it: the post's ``id`` and ``date`` only when known.

    >>> _source("p.jsonl", 3, "小红书", "小红书", "9f1c", None)
    {'path': 'p.jsonl', 'line': 3, 'context': '小红书', 'form': '小红书', 'id': '9f1c'}
    """
    found = {"path": path, "line": line, "context": context, "form": form}
    if post:
        found["id"] = post
    if date:
        found["date"] = date
    return found


def _f(text: str, count: int = 1, kinds: int = 0) -> Form:
    """A bare form, for examples and tests."""
    return Form(text, count, kinds, [("t.txt", 1, text, None, None)])


def _heads(texts: Iterable[str]) -> dict[str, dict[str, str]]:
    """The last word (folded, singular) of each multi-word Latin form, and the Chinese head of each
    Latin + Chinese form (TikTok难民 → 难民) → {the form's key: a form}.

    >>> _heads(["TikTok refugees", "TikTok refugee", "RedNote", "my spy", "TikTok難民", "小红薯"])
    {'refugee': {'tiktokrefugee': 'TikTok refugees'}, '难民': {'tiktok难民': 'TikTok難民'}}
    """
    out: dict[str, dict[str, str]] = {}
    for text in texts:
        mixed = _LATIN_HEAD.fullmatch(text)
        if mixed:  # TikTok难民: its head in either script
            out.setdefault(to_simplified(mixed.group(1)), {}).setdefault(fold(to_simplified(text)), text)
            continue
        words = text.split()
        if len(words) < 2 or text.startswith("#") or has_cjk(text) or _DETERMINER.match(text):
            continue
        last, key = fold(words[-1]), fold(text)
        out.setdefault(singular(last) or last, {}).setdefault(singular(key) or key, text)
    return out


#: A Latin word before a Chinese head: TikTok难民, TikTok 难民.
_LATIN_HEAD = re.compile(r"[A-Za-z][A-Za-z0-9]*\s?([\u3400-\u9fff]{2,4})")


def _key(word: str) -> str:
    """How a short form is looked up among the heads: singular and folded, or simplified."""
    if has_cjk(word):
        return to_simplified(word)
    key = fold(word)
    return singular(key) or key


def _surname(text: str, kinds: int) -> bool:
    """A capitalised word found as a name of its own, which may be the one name it ends: Garman, Trump
    (not a glossary term: China is a concept of its own, not the surname of the Bank of China)."""
    return bool(kinds & (Kind.WORD | Kind.ROMAN)) and not kinds & _NOT_SURNAME and text.istitle()


_NOT_SURNAME = Kind.CAMEL | Kind.ACRONYM | Kind.GLOSSARY


def _short_form(text: str, kinds: int) -> bool:
    """A quoted everyday word, which may stand for the one term it ends: these "refugees", 這些「難民」."""
    return bool(kinds & Kind.QUOTE) and text.isalpha() and (text.islower() or _CJK_WORD.fullmatch(text) is not None)


_CJK_WORD = re.compile(r"[\u3400-\u9fff]{2,4}")


def short_forms(
    counts: dict[str, int], kinds: dict[str, int], sources: dict[str, list], forms: dict[str, Form]
) -> dict[str, Form]:
    """The quoted everyday words of a corpus (``counts``, ``kinds`` and ``sources`` of its tally) that
    end exactly one kept multi-word form: the short form of that term ("refugees" of TikTok refugees),
    joined to it by :meth:`Linker.variant_links`. Other quoted everyday words are no terms.

    >>> found = {"TikTok refugees": _f("TikTok refugees")}
    >>> list(short_forms({"refugees": 1, "users": 1}, {"refugees": Kind.QUOTE, "users": Kind.QUOTE}, {}, found))
    ['refugees']
    """
    heads = _heads(forms)
    out = {}
    for text, count in counts.items():
        if text in forms or not _short_form(text, kinds.get(text, 0)):
            continue
        seen = [sighting(s) for s in sources.get(text, [])]
        if one_head(heads.get(_key(text), {}), seen, forms):
            out[text] = Form(text, count, kinds[text], seen, zipf=phrase_zipf(text))
    return out


def one_head(terms: dict[str, str], seen: Sequence[Sighting], forms: dict[str, Form]) -> str | None:
    """The one term of ``terms`` (a key of :func:`_heads`: a form) that a short form seen at ``seen``
    stands for: the only one, or else the only one its own texts use, in any of the term's spellings
    (these "refugees" after TikTok refugees, when another text of the corpus wrote of digital refugees).

    >>> forms = {"TikTok refugees": _f("TikTok refugees"), "digital refugees": Form("digital refugees", 1, 0, [("b.txt", 1, "")])}
    >>> terms = _heads(forms)["refugee"]
    >>> one_head(terms, [("t.txt", 3, 'these "refugees"')], forms), one_head(terms, [("c.txt", 1, "")], forms)
    ('TikTok refugees', None)
    """
    if len(terms) <= 1:
        return next(iter(terms.values()), None)
    paths = {s[0] for s in seen}
    near = {
        key for key in terms for t in forms if _variant_key(t) == key and any(s[0] in paths for s in forms[t].sources)
    }
    return terms[near.pop()] if len(near) == 1 else None


def _variant_key(text: str) -> str:
    """A Latin form's folded singular key, a mixed one's folded simplified key (as :func:`_heads` keys them)."""
    if _LATIN_HEAD.fullmatch(text):
        return fold(to_simplified(text))
    key = fold(text)
    return singular(key) or key


# --- character glosses ---------------------------------------------------------------------------


def _stem(word: str) -> str:
    """A crude English stem, enough to match a calque's words to dictionary glosses."""
    word = word.lower()
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + keep
    return word


@functools.lru_cache(maxsize=1)
def _synonyms() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group in SYNONYMS:
        stems = {_stem(w) for w in group}
        for s in stems:
            out.setdefault(s, set()).update(stems)
    return {k: frozenset(v) for k, v in out.items()}


def english_words(form: str) -> list[str]:
    """The content words of a Latin form, stemmed: ``King of Knowing`` → ``['king', 'know']``.

    >>> english_words("Little Red Book"), english_words("ByteDance"), english_words("#TikTokRefugee")
    (['little', 'red', 'book'], ['byte', 'dance'], ['tik', 'tok', 'refugee'])
    """
    parts = []
    for word in re.split(r"[\s\-]+", form.lstrip("#")):
        parts += re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", word) or [word]
    return [_stem(p) for p in parts if p.lower() not in _STOP and p.isalpha()]


class Glosses:
    """CC-CEDICT glosses of characters and words, through :class:`glossary.dictionary.query.Dictionary`."""

    def __init__(self, dictionary: Dictionary | None = None) -> None:
        self.dictionary = dictionary or Dictionary()

    def definitions(self, word: str) -> list[list[str]] | None:
        """Every entry's meaningful senses for ``word`` (simplified or traditional), None if not in the dictionary."""
        return [e.senses for e in self.dictionary.entries(word)] or None

    def words(self, piece: str) -> frozenset[str]:
        """Stemmed English words of a piece's glosses, with their synonyms."""
        defs = self.definitions(piece) or []
        out: set[str] = set()
        syn = _synonyms()
        for entry in defs:
            for d in entry:
                for w in re.findall(r"[A-Za-z]+", _PAREN.sub(" ", d)):
                    if w.lower() not in _STOP:
                        s = _stem(w)
                        out.add(s)
                        out |= syn.get(s, frozenset())
        return frozenset(out)

    def names(self, word: str) -> dict[str, str]:
        """fold()ed English names an entry gives for ``word`` → the definition saying so."""
        out: dict[str, str] = {}
        for entry in self.definitions(word) or []:
            for d in entry:
                for piece in re.split(r"[,;]| or ", _PAREN.sub(" ", d)):
                    piece = re.sub(r"^(?:to|a|an|the) ", "", piece.strip())
                    key = fold(piece)
                    if key and len(key) >= 2:
                        out.setdefault(key, d)
        return out


def calque(chars: str, words: Sequence[str], glosses: Glosses) -> list[tuple[str, str]] | None:
    """Align a Latin form's words with the glosses of the characters, in any order.

    Returns (piece, word) pairs if every word is a gloss of one piece and every
    piece is glossed by a word; else None.
    """
    if not 2 <= len(words) <= 5 or not 2 <= len(chars) <= 6:
        return None
    for pieces in _segmentations(chars, glosses):
        if not len(pieces) <= len(words) <= 2 * len(pieces):
            continue
        matches = [[w in glosses.words(p) for w in words] for p in pieces]
        for assignment in itertools.product(range(len(pieces)), repeat=len(words)):
            if all(matches[p][w] for w, p in enumerate(assignment)) and set(assignment) == set(range(len(pieces))):
                return [(pieces[p], words[w]) for w, p in enumerate(assignment)]
    return None


def _segmentations(chars: str, glosses: Glosses, limit: int = 12) -> list[list[str]]:
    """Ways to cut ``chars`` into dictionary words (single characters always allowed), fewest pieces first."""
    out: list[list[str]] = []

    def walk(i: int, acc: list[str]) -> None:
        if len(out) >= limit:
            return
        if i == len(chars):
            out.append(list(acc))
            return
        for j in range(min(len(chars), i + 4), i, -1):
            piece = chars[i:j]
            if j - i == 1 or glosses.definitions(piece):
                acc.append(piece)
                walk(j, acc)
                acc.pop()

    walk(0, [])
    return sorted(out, key=len)


# --- pinyin -------------------------------------------------------------------------------------------


def pinyin_keys(chars: str, limit: int = 16, romanizer: Romanizer | None = None) -> list[str]:
    """fold()ed toneless pinyin of the characters, for matching romanizations: the romanizer's
    reading first, then other readings of the characters (up to ``limit``), each spelling of ü.

    >>> pinyin_keys("小红书")[:2], "lyuxiang" in pinyin_keys("吕翔")
    (['xiaohongshu', 'xiaogongshu'], True)
    """
    readings = (romanizer or _romanizer()).alternatives(chars)
    if not readings:
        return []
    toneless = [list(dict.fromkeys(spellings([r])[0] for r in alternatives)) for alternatives in readings]
    keys: list[str] = []
    for combo in itertools.islice(itertools.product(*toneless), limit):
        for spelt in spellings(combo):
            key = fold(spelt)
            if key not in keys:
                keys.append(key)
    return keys


@functools.lru_cache(maxsize=1)
def _romanizer() -> Romanizer:
    from glossary.dictionary.romanize import Romanizer

    return Romanizer()


def _toned(text: str) -> bool:
    return strip_tones(text) != text


def _same_tones(a: str, b: str) -> bool:
    """Two pinyin spellings alike with their tone marks, case and spaces ignored: Xiǎo hóngshū = xiǎohóngshū."""
    return re.sub(r"\s+", "", a).casefold() == re.sub(r"\s+", "", b).casefold()


# --- the linker ----------------------------------------------------------------------------------------


class Linker:
    """Joins forms into concepts by the rules above, keeping glossary concepts apart."""

    def __init__(
        self,
        concepts: Sequence[Concept] = (),
        glosses: Glosses | None = None,
        max_sources: int = 3,
        romanizer: Romanizer | None = None,
        min_count: int = 2,
        background: bool = False,
    ) -> None:
        self.concepts = list(concepts)
        self.min_count = min_count
        #: list the glossary's background concepts (after the event's own) rather than leave them out
        self.background = background
        self.glosses = glosses or Glosses()
        self._romanizer = romanizer
        self.max_sources = max_sources
        self.by_id = {c.id: c for c in self.concepts}
        self.owners = Owners(self.concepts, readings=True)

    @property
    def romanizer(self) -> Romanizer:
        """Characters to pinyin as every command writes them (:mod:`glossary.dictionary.romanize`)."""
        if self._romanizer is None:
            from glossary.dictionary.romanize import Romanizer

            self._romanizer = Romanizer(self.glosses.dictionary)
        return self._romanizer

    def owner(self, form: str) -> str | None:
        """The glossary concept a form belongs to, if any (its forms', then its pinyin's; see :mod:`glossary.terms.ownership`)."""
        return self.owners.owner(form)

    # the rules, each on its own --------------------------------------------------------------

    def glossary_links(self, forms: dict[str, Form]) -> list[Link]:
        by_owner: dict[str, list[str]] = {}
        for text in forms:
            gid = self.owner(text)
            if gid:
                by_owner.setdefault(gid, []).append(text)
        links = []
        for gid, texts in by_owner.items():
            head = texts[0]
            for other in texts[1:]:
                links.append(self._link("glossary", head, other, f"both are forms of '{gid}' in the glossary", forms))
        return links

    def variant_links(self, forms: dict[str, Form]) -> list[Link]:
        groups: dict[str, list[str]] = {}
        for text in sorted(forms, key=lambda t: (-forms[t].count, t)):
            keys = form_keys(text)
            # Latin: its key and its singular; Chinese: its key, and a verb + object phrase's keys (缴猫税 → 交猫税, 猫税)
            for key in keys if has_cjk(text) else keys[:2]:
                groups.setdefault(key, []).append(text)
        links = []
        for key, texts in groups.items():
            for other in texts[1:]:
                why = (
                    "a verb + object phrase and its object"
                    if has_cjk(key)
                    else "case, spaces, hyphens, '#' or a plural"
                )
                links.append(self._link("variant", texts[0], other, f"same letters apart from {why} ({key})", forms))
        return links + self._possessed_links(forms, groups)

    def _possessed_links(self, forms: dict[str, Form], groups: dict[str, list[str]]) -> list[Link]:
        """ "my Chinese spy" is a Chinese spy; "my spy" too, a quoted "refugees" the TikTok refugees
        and "Garman" Alexis Garman, when one name alone ends in that word."""
        heads = _heads(forms)
        names = _heads(t for t in forms if forms[t].kinds & Kind.NAME)
        links = []
        for text in forms:
            short = _short_form(text, forms[text].kinds)
            if has_cjk(text) and not short:
                continue
            m = _DETERMINER.match(text)
            surname = _surname(text, forms[text].kinds)
            if m is None and not surname and not short:
                continue
            rest = text[m.end() :] if m else text
            keys = form_keys(rest)[:2]
            target = next((groups[k][0] for k in keys if m and k in groups and groups[k][0] != text), None)
            if target is None and len(rest.split()) == 1:
                found = {k: t for k, t in (names if surname else heads).get(_key(rest), {}).items() if t != text}
                target = one_head(found, forms[text].sources, forms)
            if target is not None:
                why = f"'{m.group().strip()}' and its noun" if m else "its last word alone"
                links.append(self._link("variant", target, text, f"the same thing with {why} ({fold(rest)})", forms))
        return links

    def traditional_links(self, forms: dict[str, Form]) -> list[Link]:
        groups: dict[str, list[str]] = {}
        for text in forms:
            if has_cjk(text):
                groups.setdefault(to_simplified(text.lstrip("#")), []).append(text)
        links = []
        for simplified, texts in groups.items():
            if len(texts) > 1:
                head = simplified if simplified in texts else texts[0]
                for other in texts:
                    if other != head and fold(other) != fold(head):
                        links.append(
                            self._link(
                                "traditional", head, other, "traditional and simplified characters (OpenCC)", forms
                            )
                        )
        return links

    def statement_links(self, forms: dict[str, Form], found: dict) -> list[Link]:
        links = []
        for (x, y, cue, _kind), (count, where) in found.items():
            if x and y in forms and x in forms:
                path, line, sentence = where
                rule_detail = f"the text says so: {cue!r}" + (f" ({count} times)" if count > 1 else "")
                links.append(Link("statement", x, y, rule_detail, sentence, path, line))
        return links

    def dictionary_links(self, forms: dict[str, Form]) -> list[Link]:
        latin: dict[str, list[str]] = {}
        for text in forms:
            if not has_cjk(text):
                for key in form_keys(text)[:2]:
                    latin.setdefault(key, []).append(text)
        links = []
        for text in forms:
            if not has_cjk(text) or len(text.lstrip("#")) > 12:
                continue
            for key, definition in self.glosses.names(text.lstrip("#")).items():
                for other in latin.get(key, []):
                    links.append(self._link("dictionary", text, other, f"CC-CEDICT: {text} /{definition}/", forms))
        return links

    def pinyin_links(self, forms: dict[str, Form]) -> list[Link]:
        latin: dict[str, list[str]] = {}
        for text in forms:
            if not has_cjk(text) and is_pinyin(text.replace(" ", "")):
                latin.setdefault(fold(text), []).append(text)
        links: list[Link] = []
        if not latin:
            return links
        # homophones (小红书 / 小红薯 are both xiaohongshu): a toneless spelling goes to the commonest
        best: dict[str, str] = {}
        for text in sorted(forms, key=lambda t: (-forms[t].count, len(t), t)):
            chars = text.lstrip("#")
            if not has_cjk(chars) or len(chars) < 2 or len(chars) > 8 or re.search(r"[A-Za-z0-9\s]", chars):
                continue
            for key in pinyin_keys(chars, romanizer=self.romanizer):
                for other in latin.get(key, []):
                    # a toned spelling goes to the characters read with exactly those tones (Xiǎohóngshū: 小红书, not 小紅薯)
                    if other not in best or (_toned(other) and _same_tones(other, self.romanizer.pinyin(chars))):
                        if other not in best or not _same_tones(other, self.romanizer.pinyin(best[other].lstrip("#"))):
                            best[other] = text
                if key in latin:
                    break
        for other, text in best.items():
            detail = f"pypinyin: {self.romanizer.pinyin(text.lstrip('#'))}"
            links.append(self._link("pinyin", text, other, detail, forms))
        return links

    def calque_links(self, forms: dict[str, Form]) -> list[Link]:
        latin = {t: english_words(t) for t in forms if not has_cjk(t)}
        latin = {t: w for t, w in latin.items() if 2 <= len(w) <= 5 and not is_romanized(t.replace(" ", ""))}
        if not latin:
            return []
        links = []
        for text in forms:
            chars = text.lstrip("#")
            if not has_cjk(chars) or not 2 <= len(chars) <= 6 or re.search(r"[A-Za-z0-9\s]", chars):
                continue
            vocabulary: set[str] = set()
            for i in range(len(chars)):
                for j in range(i + 1, min(len(chars), i + 4) + 1):
                    vocabulary |= self.glosses.words(chars[i:j])
            for other, words in latin.items():
                if not set(words) <= vocabulary:
                    continue
                aligned = calque(chars, words, self.glosses)
                if aligned:
                    detail = "CC-CEDICT glosses: " + " · ".join(f"{p} {w}" for p, w in aligned)
                    links.append(self._link("calque", text, other, detail, forms))
        return links

    def rule_links(self, forms: dict[str, Form], found: dict) -> list[Link]:
        """Every link every rule proposes, in the order of :data:`RULES`."""
        return [
            *self.glossary_links(forms),
            *self.variant_links(forms),
            *self.traditional_links(forms),
            *self.statement_links(forms, found),
            *self.dictionary_links(forms),
            *self.pinyin_links(forms),
            *self.calque_links(forms),
        ]

    def _link(self, rule: str, a: str, b: str, detail: str, forms: dict[str, Form]) -> Link:
        source = (forms[b].sources or forms[a].sources or [(None, None, None)])[0]
        return Link(rule, a, b, detail, source[2], source[0], source[1])

    # joining -------------------------------------------------------------------------------------

    def link(self, forms: dict[str, Form], found: dict) -> list[Extracted]:
        """Concepts from forms and the text's statements, best first."""
        parent = {t: t for t in forms}
        owner = {t: self.owner(t) for t in forms}
        accepted: dict[str, list[Link]] = {t: [] for t in forms}

        def root(t: str) -> str:
            while parent[t] != t:
                parent[t] = parent[parent[t]]
                t = parent[t]
            return t

        for link in self.rule_links(forms, found):
            ra, rb = root(link.a), root(link.b)
            if ra == rb:
                continue
            if owner[ra] and owner[rb] and owner[ra] != owner[rb]:
                continue  # never merge two glossary concepts
            parent[rb] = ra
            owner[ra] = owner[ra] or owner[rb]
            accepted[ra] += accepted.pop(rb) + [link]
        groups: dict[str, list[str]] = {}
        for t in forms:
            groups.setdefault(root(t), []).append(t)
        groups = {
            r: texts
            for r, texts in groups.items()
            if not self.ambiguous(texts, forms, owner[r]) and not self.glossed_only(texts, forms, owner[r])
        }
        groups = {r: texts for r, texts in groups.items() if self.background or not self.in_background(owner[r])}
        out = [self._concept(texts, forms, owner[r], accepted[r]) for r, texts in groups.items()]
        out.sort(key=lambda c: (self.in_background(c.id if c.known else None), -c.score, -c.count, c.id))
        self._unique_ids(out)
        relate(out, lambda word: bool(self.glosses.definitions(word)))
        return out

    def ambiguous(self, texts: Sequence[str], forms: dict[str, Form], gid: str | None) -> bool:
        """True if a glossary concept was seen only through everyday words fewer than ``min_count``
        times: one of its aliases ("creator", 博主's alias, in "ByteDance, the creator of TikTok";
        "exodus" for digital exodus), or its name in lower case ("app store download charts" for
        the App Store). That is the words' everyday sense, not evidence of the concept."""
        known = self.by_id.get(gid) if gid else None
        if known is None or sum(forms[t].count for t in texts) >= self.min_count:
            return False
        names = {k: name for name in (known.en, known.zh, known.zh_hant, known.pinyin) if name for k in form_keys(name)}

        def everyday(t: str) -> bool:
            if forms[t].kinds & Kind.STATEMENT or forms[t].zipf < AMBIGUOUS_ZIPF or not t.islower() or has_cjk(t):
                return False  # everyday Chinese glossary words are pipeline.drop_loose's to judge
            named = [names[k] for k in form_keys(t) if k in names]
            return not named or all(not has_cjk(n) and not n.islower() for n in named)

        return all(everyday(t) for t in texts)

    def in_background(self, gid: str | None) -> bool:
        """True for a glossary concept of ``scope: background`` (ordinary words the coverage uses)."""
        known = self.by_id.get(gid) if gid else None
        return bool(known and known.background)

    def glossed_only(self, texts: Sequence[str], forms: dict[str, Form], gid: str | None) -> bool:
        """True if a Chinese concept of everyday vocabulary was seen only through its ordinary English
        translation ("memes" for 梗, "Thank you" for 谢谢): a gloss for lookup, not evidence that the
        text uses the concept. Any other of its forms (梗, a calque, a stated name) makes it evidence."""
        glosses = self._glosses.get(gid) if gid else None
        if not glosses:
            return False
        return all(not forms[t].kinds & Kind.STATEMENT and set(form_keys(t)) & glosses for t in texts)

    @functools.cached_property
    def _glosses(self) -> dict[str, frozenset[str]]:
        """Per Chinese concept of a :data:`GLOSSED_CATEGORIES` or :data:`NAMED_IN_ENGLISH` category, the
        keys of its English glosses: renderings written in lower case and made of common words (Zipf ≥
        :data:`AMBIGUOUS_ZIPF`), minus the keys any of its own forms (Chinese, names, calques) share."""
        out: dict[str, frozenset[str]] = {}
        for c in self.concepts:
            if not c.zh or c.category not in GLOSSED_CATEGORIES | NAMED_IN_ENGLISH:
                continue
            texts = [(None, c.en), *((a.kind, a.text) for a in c.aliases)]
            glossed = texts if c.category in GLOSSED_CATEGORIES else texts[1:]
            gloss = {k for kind, t in glossed if t and _gloss(t, kind) for k in form_keys(t)}
            own = {k for kind, t in texts if t and not _gloss(t, kind) for k in form_keys(t)}
            if gloss - own:
                out[c.id] = frozenset(gloss - own)
        return out

    def _concept(self, texts: list[str], forms: dict[str, Form], gid: str | None, links: list[Link]) -> Extracted:
        texts = sorted(texts, key=lambda t: (-forms[t].count, t))
        known = self.by_id.get(gid) if gid else None
        count = sum(forms[t].count for t in texts)
        score = sum(forms[t].count * forms[t].specificity for t in texts) * (1 + 0.25 * min(len(links), 4))
        chars = [t.lstrip("#") for t in texts if has_cjk(t)]
        zh = known.zh if known else next((c for c in chars if to_simplified(c) == c), chars[0] if chars else None)
        en = known.en if known else self._english(texts, forms, links)
        category = known.category if known else guess_category(texts, forms)
        pinyin = known.pinyin if known else (self.romanizer.pinyin(zh, category=category) if zh else None)
        sources: list[dict[str, Any]] = []
        seen = set()
        for t in texts:
            for path, line, context, post, date in forms[t].sources:
                if (path, line) not in seen and (path, context) not in seen and len(sources) < 3 * self.max_sources:
                    seen.update([(path, line), (path, context)])
                    sources.append(_source(path, line, context, t, post, date))
        sources.sort(key=lambda s: (s["path"], s["line"] or 0))
        return Extracted(
            id=gid or "",
            forms=texts,
            zh=zh,
            pinyin=pinyin,
            en=en,
            category=category,
            score=round(score, 3),
            count=count,
            links=links,
            sources=sources,
            known=bool(known),
            kinds={t: Kind.describe(forms[t].kinds) for t in texts},
            zh_hant=known.zh_hant if known else None,
        )

    @staticmethod
    def _english(texts: list[str], forms: dict[str, Form], links: list[Link]) -> str | None:
        latin = [t for t in texts if not has_cjk(t)]
        if not latin:
            return None
        stated = {l.b for l in links if l.rule == "statement"} | {l.a for l in links if l.rule == "statement"}
        keys = {fold(t) for t in latin}

        def rank(t: str) -> tuple:
            k = forms[t].kinds
            return (
                t.startswith("#"),
                _DETERMINER.match(t) is not None,  # "my Chinese spy": the noun without its possessive
                singular(fold(t)) in keys,  # "Chinese spies": the singular beside it
                bool(k & Kind.ROMAN) or bool(is_romanized(t.replace(" ", ""))),
                bool(k & Kind.ACRONYM),
                t not in stated,
                -forms[t].count,
                t.islower() and not (k & Kind.QUOTE),
                t,
            )

        return sorted(latin, key=rank)[0]

    def _unique_ids(self, concepts: list[Extracted]) -> None:
        taken = {c.id for c in concepts if c.id}
        glossary_ids = set(self.by_id)
        for c in concepts:
            if c.id:
                continue
            base = slug(c.en or "") or slug(strip_tones(c.pinyin or "")) or "term"
            candidate, n = base, 2
            while candidate in taken or candidate in glossary_ids:
                candidate, n = f"{base}-{n}", n + 1
            c.id = candidate
            taken.add(candidate)


def _gloss(text: str, kind: str | None) -> bool:
    """An English translation in everyday words: common, not a calque or a name; in lower case but
    for an everyday capitalised first word ("Chinese users"; not "Little Red Book users")."""
    if kind in OWN_KINDS or has_cjk(text) or phrase_zipf(text) < AMBIGUOUS_ZIPF:
        return False
    first, *rest = re.findall(r"[A-Za-z][A-Za-z'’]*", text) or [""]
    if not rest:
        return first.islower()
    return (first.islower() or is_ordinary(first)) and all(w.islower() for w in rest)


# --- related concepts ----------------------------------------------------------------------------


def relate(concepts: Sequence[Extracted], known: Callable[[str], bool] = lambda word: False) -> None:
    """List, in each concept's ``related``, the others that are alike but distinct: two-word names
    with one head (cat tax / dog tax), Chinese coinages that differ in their first character
    (猫税 / 狗税), or a Chinese coinage and a shorter form it extends by one character at either
    end (TikTok难民潮 'refugee wave' / TikTok难民; 小红薯 / 红薯). ``known`` tells the dictionary's
    words, which are not coinages (中国 / 美国 are not related). A head shared by more than three
    concepts (… Act, … 国) says nothing.

    >>> found = [Extracted(i, f, None, None, None, None, 1.0, 1) for i, f in
    ...          (("cat-tax", ["cat tax", "猫税"]), ("dog-tax", ["dog tax"]), ("refugees", ["TikTok难民"]),
    ...           ("wave", ["TikTok难民潮"]), ("ban", ["TikTok ban"]))]
    >>> relate(found)
    >>> [(c.id, c.related) for c in found]
    [('cat-tax', ['dog-tax']), ('dog-tax', ['cat-tax']), ('refugees', ['wave']), ('wave', ['refugees']), ('ban', [])]
    """
    by_key: dict[str, set[int]] = {}  # a form's key → the concepts holding it
    by_rest: dict[tuple[Any, ...], set[int]] = {}  # a form less its first word or character → the concepts
    for n, c in enumerate(concepts):
        for form in c.forms:
            key = fold(form)
            if key:
                by_key.setdefault(key, set()).add(n)
            for rest in _rests(form, known):
                by_rest.setdefault(rest, set()).add(n)
    pairs: set[tuple[int, int]] = set()
    for holders in by_rest.values():
        if len(holders) <= 3:
            pairs.update(itertools.permutations(sorted(holders), 2))
    for n, c in enumerate(concepts):
        for form in c.forms:
            chars = form.lstrip("#")
            if len(chars) < 3 or not has_cjk(chars[-1]) or known(chars):
                continue
            # 难民潮 → 难民, 小红薯 → 红薯 (but 中国间谍 is a compound, not a kind of 中国)
            for shorter in (chars[:-1], chars[1:] if has_cjk(chars[0]) else ""):
                if len(shorter) >= 2 and has_cjk(shorter[-1]):
                    others = by_key.get(fold(shorter), set()) - {n}
                    pairs.update((n, m) for m in others)
                    pairs.update((m, n) for m in others)
    for a, b in sorted(pairs):
        if concepts[b].id not in concepts[a].related:
            concepts[a].related.append(concepts[b].id)


def _rests(form: str, known: Callable[[str], bool]) -> list[tuple[Any, ...]]:
    """What a form's modifier is left out of: ('en', 'tax') of "cat tax", ('zh', 2, '税') of 猫税."""
    words = form.lstrip("#").split()
    if len(words) == 2 and all(w.isalpha() and w.isascii() for w in words):
        head = words[1].lower()
        return [("en", singular(head) or head)]
    if len(words) == 1 and 2 <= len(form) <= 4 and all(has_cjk(c) for c in form) and not known(form):
        return [("zh", len(form), form[1:])]
    return []


_ORG = re.compile(
    r"\b(?:Center|Centre|Institute|University|Association|Foundation|Committee|Council|Ministry|Department|Agency|Commission|Administration|Academy)\b"
)
_COMPANY = re.compile(r"\b(?:Inc|Corp|Corporation|Company|Group|Technology|Technologies|Ltd)\b")


def guess_category(texts: Iterable[str], forms: dict[str, Form]) -> str | None:
    """A category from the forms' shapes and parts of speech, or None if nothing tells."""
    texts = list(texts)
    if all(t.startswith("#") for t in texts):
        return "hashtag"
    for t in texts:
        if re.search(r"\bCourt\b", t):
            return "court"
        if re.search(r"\b(?:Act|Law|Bill)\b", t):
            return "law"
        if _ORG.search(t):
            return "organization"
        if _COMPANY.search(t):
            return "company"
    for t in texts:
        k = forms[t].kinds
        if k & Kind.NAME and k & Kind.ROMAN and 2 <= len(t.split()) <= 3:
            return "person"  # Lyu Xiang, Li Hua
    if any(forms[t].kinds & (Kind.CAMEL | Kind.HASHTAG | Kind.ACRONYM) for t in texts):
        return None
    pos = [forms[t].pos for t in texts if forms[t].pos]
    if "ns" in pos:
        return "place"
    if "nt" in pos:
        return "organization"
    return None

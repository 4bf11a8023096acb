"""The one glossary-term matcher: every spelling of a set of forms, found in running text.

One Aho–Corasick automaton (:class:`Automaton`: ahocorasick-rs) holds the spellings of each form: case, spacing,
hyphens, CamelCase parts, tone marks and a leading ``#`` do not matter (Red Note, red-note,
#RedNote and Xiaohongshu for Xiǎohóngshū). The rules, the same for every caller:

- Latin script matches whole words only: a letter or digit on either side blocks a match
  (FooRedNote); Chinese matches anywhere, or (``cuts`` given) only on word boundaries;
- acronyms (all capitals, up to 7 letters: RED, XHS) and forms shorter than 3 characters (Xi)
  match only as written; everything else in any case;
- a plural (``s``; ``es`` after s, x, z, ch, sh, o; ``ies`` for a ``y`` after a consonant)
  belongs to the match, and so does a possessive ``'s`` when the matcher is made with
  ``possessives=True``; a ``#`` just before it too;
- matches do not overlap: the leftmost wins, then the longest.

Each form carries a payload (a concept, a term, anything); where two forms share a spelling,
the form written that way keeps it, else the first one.

>>> m = Matcher([("RedNote", "xhs"), ("小红书", "xhs"), ("TikTok refugee", "tr"), ("RED", "red")])
>>> [(x.text, x.value) for x in m.find("Red Note (小红书), red-notes and #TikTokRefugees on RED, not red.")]
[('Red Note', 'xhs'), ('小红书', 'xhs'), ('red-notes', 'xhs'), ('#TikTokRefugees', 'tr'), ('RED', 'red')]
>>> [x.text for x in m.find("FooRedNote RedNoteBar 小红书上")]
['小红书']

A longer spelling that fails the rules leaves the shorter ones free; ``es`` is a plural only
where English writes one (refuges, not refugees):

>>> m = Matcher([("TikTok", 1), ("TikTok Shop", 2), ("refuge", 3), ("cat tax", 4), ("Chinese spy", 5)])
>>> [(x.text, x.value) for x in m.find("TikTok Shopping, refugees, refuges, cat taxes and Chinese spies")]
[('TikTok', 1), ('refuges', 3), ('cat taxes', 4), ('Chinese spies', 5)]
>>> [x.text for x in Matcher([("国会", 1), ("美国", 2)]).find("美国会见国会议员", cuts={0, 2, 4, 8})]
['美国']
"""

from __future__ import annotations

import itertools
import re
from typing import Any, Container, Generic, Iterable, Mapping, NamedTuple, TypeVar

from glossary.text.normalize import has_cjk, strip_tones

T = TypeVar("T")

_WORDISH = re.compile(r"[A-Za-z0-9\u00C0-\u024F]")
_FLAT = {c: (strip_tones(chr(c)) or chr(c))[:1].lower() for c in range(0xC0, 0x250)}
_ACCENTED = re.compile(r"[\u00C0-\u024F]")
_CAMEL_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_MIXED_SEAM = re.compile(r"(?<=[a-z0-9])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[a-z0-9])")
_ES_PLURAL = ("s", "x", "z", "ch", "sh", "o")


_SURROGATE_FREE = re.compile(r"[^\ud800-\udfff]+")


class Automaton(Generic[T]):
    """Every occurrence of each key in text, overlapping and nested ones too, in order of their ends
    (Aho–Corasick in Rust: ahocorasick-rs). Keys are matched as written; the one Aho–Corasick
    automaton of the project, under :class:`Matcher` and the extraction's count pass.

    >>> [(text[s:e], v) for text in ["小红书er"] for s, e, v in Automaton({"小红": 1, "红书": 2, "小红书": 3}).find(text)]
    [('小红', 1), ('小红书', 3), ('红书', 2)]
    """

    def __init__(self, entries: Mapping[str, T]) -> None:
        # a key with a lone surrogate cannot be encoded, nor found: text is searched around them
        self.keys = [k for k in entries if k and _SURROGATE_FREE.fullmatch(k)]
        self.values = [entries[k] for k in self.keys]
        self._search: Any = None
        if self.keys:
            import ahocorasick_rs

            self._search = ahocorasick_rs.AhoCorasick(self.keys).find_matches_as_indexes

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, text: str) -> list[tuple[int, int, T]]:
        """(start, end, value) of every occurrence of every key in ``text``, by their ends."""
        if self._search is None:
            return []
        values = self.values
        try:
            return [(s, e, values[i]) for i, s, e in self._search(text, overlapping=True)]
        except UnicodeEncodeError:  # a lone surrogate (a JSON "\ud800" escape): no key spans one
            out = []
            for piece in _SURROGATE_FREE.finditer(text):
                at = piece.start()
                out += [(at + s, at + e, values[i]) for i, s, e in self._search(piece[0], overlapping=True)]
            return out


def is_word_char(c: str) -> bool:
    """True for a Latin letter (accented too) or a digit: what a Latin-script match may not touch."""
    return _WORDISH.match(c) is not None


def searchable(text: str) -> str:
    """``text`` lower-cased, tone marks off and line breaks as spaces, same length (offsets still hold).

    >>> searchable("Xiǎohóngshū RED")
    'xiaohongshu red'
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if "\n" in low:
        low = low.replace("\n", " ")
    if _ACCENTED.search(low):
        low = low.translate(_FLAT)
    return low


def spellings(form: str) -> list[tuple[str, str | None]]:
    """(lower-case key, the text required as written or None) for every spelling of ``form``,
    its own spelling first; none for a single Chinese character.

    >>> sorted(k for k, _ in spellings("#TikTokRefugees"))
    ['tik tok refugees', 'tik tokrefugees', 'tik-tok-refugees', 'tiktok refugees', 'tiktokrefugees']
    >>> spellings("XHS"), spellings("Xi"), spellings("TikTok 难民")[0], spellings("墙")
    ([('xhs', 'XHS')], [('xi', 'Xi')], ('tiktok 难民', None), [])
    """
    form = form.strip()
    if has_cjk(form):
        if len(form) < 2:
            return []
        low = form.lower()
        keys = [low, low.replace(" ", ""), _MIXED_SEAM.sub(" ", low.replace(" ", ""))]
        return [(k, None) for k in dict.fromkeys(keys)]
    core = strip_tones(form.lstrip("#"))
    letters = [c for c in core if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(core) <= 7 or 0 < len(core.strip()) < 3:
        return [(core.lower(), core)]
    words = [w for w in re.split(r"[\s\-]+", core) if w]
    if not words:
        return []
    parts = [p for w in words for p in (_CAMEL_PARTS.findall(w) or [w])]
    keys = [
        core.lower(),
        " ".join(words).lower(),
        "".join(words).lower(),
        "-".join(words).lower(),
        "-".join(parts).lower(),
    ]
    if len(parts) <= 6:
        for seps in itertools.product(("", " "), repeat=len(parts) - 1):
            keys.append("".join(p + s for p, s in zip(parts, seps + ("",))).lower())
    # a plural English writes with "ies" (spy → spies): the "s" the matcher adds does not make it
    keys += [k[:-1] + "ies" for k in keys if _CONSONANT_Y.search(k)]
    return [(k, None) for k in dict.fromkeys(keys) if len(k) >= 3]


_CONSONANT_Y = re.compile(r"[a-z](?<![aeiou])y$")


class Match(NamedTuple):
    """``text[start:end]`` is a spelling of a form whose payload is ``value``."""

    start: int
    end: int
    text: str
    value: Any


def spelled_entries(forms: Iterable[tuple[str, T]]) -> dict[str, tuple[str | None, bool, T]]:
    """Every spelling of each form (see :func:`spellings`) with the text it requires as written, whether
    it is the form's own spelling, and the form's payload: a spelling two forms share goes to the one
    that needs no case, else to the one whose own spelling it is, else to the first.

    >>> spelled_entries([("XHS", 1), ("RedNote", 2)])["xhs"], spelled_entries([("RedNote", 2)])["red note"]
    (('XHS', True, 1), (None, False, 2))
    """
    entries: dict[str, tuple[str | None, bool, T]] = {}
    for form, value in forms:
        for i, (key, case) in enumerate(spellings(form)):
            old = entries.get(key)
            if (
                old is None
                or (old[0] is not None and case is None)
                or ((old[0] is None) == (case is None) and i == 0 and not old[1])
            ):
                entries[key] = (case, i == 0, value)
    return entries


class Matcher(Generic[T]):
    """Finds (form, payload) pairs in text, by every spelling of each form (see the module's rules)."""

    def __init__(
        self,
        forms: Iterable[tuple[str, T]],
        *,
        possessives: bool = False,
        spelled: dict[str, tuple[str | None, bool, Any]] | None = None,
    ) -> None:
        """``spelled``: :func:`spelled_entries` of the forms, worked out beforehand (``forms`` then unused)."""
        self.possessives = possessives
        entries = spelled_entries(forms) if spelled is None else spelled
        #: The longest spelling, in characters.
        self.longest = max(map(len, entries), default=0)
        self._automaton = Automaton(
            {key: (case, key.endswith(_ES_PLURAL), value) for key, (case, _, value) in entries.items()}
        )

    def __len__(self) -> int:
        return len(self._automaton)

    def find(self, text: str, cuts: Container[int] | None = None) -> list[Match]:
        """The forms in ``text``, in order; with ``cuts`` (word boundaries from a segmenter), a
        match must start and end on one."""
        return [Match(start, end, text[start:end], value) for start, end, value in self.spans(text, cuts)]

    def spans(self, text: str, cuts: Container[int] | None = None) -> list[tuple[int, int, Any]]:
        """(start, end, payload) of each match, as :meth:`find` (the hot path: no objects made)."""
        if not self._automaton:
            return []
        low = searchable(text)
        n = len(text)
        word = _WORDISH.match
        found: list[tuple[int, int, Any]] = []
        for start, end, (case, sibilant, value) in self._automaton.find(low):
            if case is not None and text[start:end] != case:
                continue
            if start > 0 and word(text[start]) and word(text[start - 1]):
                continue
            if cuts is not None and (start not in cuts or end not in cuts):
                continue
            if end < n and word(text[end - 1]):
                if word(text[end]):
                    grow = 1 if low[end] == "s" else 2 if sibilant and low.startswith("es", end) else 0
                    if not grow or case is not None or (end + grow < n and word(text[end + grow])):
                        continue
                    end += grow
                if self.possessives and low.startswith(("'s", "’s"), end) and (end + 2 == n or not word(text[end + 2])):
                    end += 2
            if start > 0 and text[start - 1] == "#":
                start -= 1
            found.append((start, end, value))
        reach = 0
        for start, end, _ in found:  # found in order of their ends: most often apart already
            if start < reach:
                break
            reach = end
        else:
            return found
        found.sort(key=lambda m: (m[0], -m[1]))
        out: list[tuple[int, int, Any]] = []
        reach = 0
        for m in found:
            if m[0] >= reach:
                out.append(m)
                reach = m[1]
        return out

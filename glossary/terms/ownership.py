"""Which concept owns a form: one rule, used by validation, merging and linking alike.

- A form claims its folded key (:func:`key`: case, spaces, hyphens, '#' and tones
  ignored) for its concept alone; a second concept writing a form that folds alike is a
  conflict (the store rejects the file).
- A form is also found under looser keys (:func:`keys`: its singular, its key without tone
  digits, a verb + object phrase's other keys); such a key belongs to the first concept
  that claims it, and never outranks a form's own key ('refugee' stays with the concept
  that writes 'refugee', not with the one that writes 'refugees').
- With ``readings``, a concept's pinyin is found too (Xiaohongshu → 小红书's concept),
  after every form: two concepts may share a reading (homophones), never a form.

>>> from glossary.terms.model import Concept
>>> owners = Owners([Concept(id="refugees", en="TikTok refugees"), Concept(id="refugee", en="refugee"),
...                  Concept(id="xiaohongshu", zh="小红书", pinyin="Xiǎohóngshū", en="RedNote")], readings=True)
>>> [owners.owner(f) for f in ("TikTok refugee", "refugee", "Red Note", "xiaohongshu", "cat")]
['refugees', 'refugee', 'xiaohongshu', 'xiaohongshu', None]
>>> owners.claim("redNote", "other")
('xiaohongshu', 'RedNote', None)
"""

from __future__ import annotations

import itertools
from typing import Any, Iterable

from glossary.terms.model import Concept
from glossary.text.normalize import fold, form_keys, has_cjk, strip_tones

#: (concept id, the form as written, where it was written: a line number or None)
Claim = tuple[str, str, Any]


def key(text: str) -> str:
    """The key a form claims for its concept alone: the folded form ('' for none)."""
    return fold(text)


def keys(text: str) -> list[str]:
    """Every key a form is found under, its own first: the lookup keys, and the singular of an
    '-es' plural (potatoes → potato).

    >>> keys("Potatoes"), keys("缴猫税"), keys("refugees")
    (['potatoes', 'potatoe', 'potato'], ['缴猫税', '交猫税', '猫税'], ['refugees', 'refugee'])
    """
    out = form_keys(text)
    stem = out[0][:-2] if out and out[0].endswith("es") and len(out[0]) > 4 and not has_cjk(out[0]) else ""
    if stem.endswith(_ES_STEMS) and stem not in out:  # potatoes → potato; refugees is no plural of refuge
        out.append(stem)
    return out


#: The endings after which English writes a plural with "-es" (as the matcher reads plurals).
_ES_STEMS = ("s", "x", "z", "ch", "sh", "o")


class Owners:
    """Which concept owns each key, claimed in order (a terms file's order, then new concepts)."""

    def __init__(self, concepts: Iterable[Concept] = (), *, readings: bool = False) -> None:
        self._own: dict[str, Claim] = {}  # a form's own key → its claim
        self._loose: dict[str, str] = {}  # a looser key → the first concept to claim it
        self._readings: dict[str, str] = {}  # a pinyin's keys → the first concept written so
        self._filed = 0  # how many claims (in order) have their looser keys filed: done when first asked
        concepts = list(concepts)
        for c in concepts:
            for text in c.forms():
                self.claim(text, c.id)
        if readings:
            for c in concepts:
                if c.pinyin:
                    for k in keys(strip_tones(c.pinyin)):
                        self._readings.setdefault(k, c.id)

    def claim(self, text: str, concept_id: str, where: Any = None) -> Claim | None:
        """Claim form ``text`` for a concept; return the claim of another concept on its key (a
        conflict: the form stays with that one), else None."""
        conflicts = self.claim_forms(concept_id, ((text, where),))
        return conflicts[0][2] if conflicts else None

    def claim_forms(self, concept_id: str, forms: Iterable[tuple[str, Any]]) -> list[tuple[str, Any, Claim]]:
        """Claim a concept's forms, given as (text, where), in order; return the conflicts as
        (text, where, the other concept's claim). One call per concept: the store's validation
        claims every form of the file on each write."""
        own = self._own
        conflicts: list[tuple[str, Any, Claim]] = []
        for text, where in forms:
            k = fold(text)
            if k:
                held = own.get(k)
                if held is None:
                    own[k] = (concept_id, text, where)
                elif held[0] != concept_id:
                    conflicts.append((text, where, held))
        return conflicts

    def owner(self, text: str) -> str | None:
        """The concept that owns form ``text``: the first of its keys anyone claimed, a form's own key before a looser one."""
        if len(self._own) > self._filed:  # file the looser keys of the forms claimed since the last call
            for concept_id, claimed, _ in itertools.islice(self._own.values(), self._filed, None):
                for k in keys(claimed)[1:]:
                    self._loose.setdefault(k, concept_id)
            self._filed = len(self._own)
        for k in keys(text):
            held = self._own.get(k)
            if held is not None:
                return held[0]
            found = self._loose.get(k) or self._readings.get(k)
            if found:
                return found
        return self._other_script(text)

    def _other_script(self, text: str) -> str | None:
        """The owner of a Chinese form written in the other script (翻譯功能 of a concept that writes 翻译功能)."""
        if not has_cjk(text):
            return None
        from glossary.text.scripts import both

        for other in both(text):
            if other != text:
                held = self._own.get(fold(other))
                if held is not None:
                    return held[0]
        return None

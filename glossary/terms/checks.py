"""Checks beyond validity: what a reviewed glossary should have, as warnings.

A terms file that loads is valid; these are the things a reviewer still wants to know:

- a concept without an example sentence or without refs (the articles where it is used);
- two concepts that share a form once forms are folded as lookup folds them (plurals,
  possessives, verb endings, 交/缴 + object), so that a lookup cannot tell them apart.

>>> from glossary.terms.model import Concept, Alias, Example
>>> cs = [Concept(id="cat-tax", zh="交猫税", en="cat tax", example=Example("我交了猫税。", "I paid the cat tax.")),
...       Concept(id="cat-taxes", en="cat taxes")]
>>> [w.message for w in warnings(cs, "terms.yaml")]
["concept 'cat-tax' has no refs (addresses of articles that use it)", "concept 'cat-taxes' has no example sentence", "concept 'cat-taxes' has no refs (addresses of articles that use it)", "'cat taxes' of concept 'cat-taxes' and 'cat tax' of concept 'cat-tax' are the same once folded ('cattax')"]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from glossary.errors import Problem
from glossary.terms import ownership
from glossary.terms.model import Concept
from glossary.text.normalize import stem_key


def warnings(concepts: Iterable[Concept], path: str | Path, text: str | None = None) -> list[Problem]:
    """Every warning about ``concepts``, with the line of the concept when ``text`` (the file's) is given."""
    concepts = list(concepts)
    lines = _id_lines(text) if text else {}
    out: list[Problem] = []
    for c in concepts:
        if not c.example:
            out.append(Problem(str(path), lines.get(c.id), f"concept {c.id!r} has no example sentence"))
        if not c.refs:
            out.append(
                Problem(str(path), lines.get(c.id), f"concept {c.id!r} has no refs (addresses of articles that use it)")
            )
    owners: dict[str, tuple[str, str]] = {}  # folded key → the first (concept, form) written under it
    pairs: set[frozenset[str]] = set()
    for c in concepts:
        for form in c.forms():
            for key in (*ownership.keys(form), *filter(None, [stem_key(form)])):
                owner = owners.setdefault(key, (c.id, form))
                pair = frozenset((owner[0], c.id))
                if owner[0] != c.id and pair not in pairs:  # one warning for each pair of concepts
                    pairs.add(pair)
                    message = f"{form!r} of concept {c.id!r} and {owner[1]!r} of concept {owner[0]!r} are the same once folded ({key!r})"
                    out.append(Problem(str(path), lines.get(c.id), message))
    return out


def _id_lines(text: str) -> dict[str, int]:
    """The line of each concept's ``id:`` key."""
    out: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        m = re.match(r"\s*(?:-\s+)?id:\s*['\"]?([a-z0-9][a-z0-9-]*)", line)
        if m:
            out.setdefault(m.group(1), n)
    return out

"""Which forms of a concept are looked for in running text, and the matcher that finds them.

Every form of the concept, and its pinyin (two syllables or more) without tone marks, except
a single everyday English word in lower case (note, like, follow): its occurrences are not
the term's. Used by extraction and by glossing alike.

>>> from glossary.terms.model import Alias, Concept
>>> c = Concept(id="biji", zh="笔记", pinyin="bǐjì", en="note", aliases=[Alias("RedNote post", "translation")])
>>> spotted_forms(c)
['笔记', 'RedNote post', 'biji']
>>> [(m.text, m.value.id) for m in concept_matcher([c]).find("a note, a RedNote post (笔记), Biji")]
[('RedNote post', 'biji'), ('笔记', 'biji'), ('Biji', 'biji')]
"""

from __future__ import annotations

import functools
import re
from typing import Sequence

from glossary.terms.model import Concept
from glossary.text.matcher import Matcher, spelled_entries
from glossary.text.normalize import APP_WORD, has_cjk, strip_tones

#: A single lower-case English word at least this common (Zipf scale) is not spotted as a term.
EVERYDAY_ZIPF = 4.5
_VOWELS = re.compile(r"[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+")


def everyday(form: str) -> bool:
    """True for a single everyday English word in lower case (note, like): not spotted as a term."""
    from glossary.text.frequency import english_zipf

    if has_cjk(form):
        return False
    core = strip_tones(form.strip().lstrip("#"))
    words = [w for w in re.split(r"[\s\-]+", core) if w]
    return len(words) == 1 and core.islower() and english_zipf(core) >= EVERYDAY_ZIPF


def spotted_forms(concept: Concept) -> list[str]:
    """The concept's forms worth looking for in text (see the module)."""
    forms = concept.forms()
    if concept.pinyin and len(_VOWELS.findall(concept.pinyin.lower())) >= 2:
        forms.append(strip_tones(concept.pinyin))
    return [f for f in forms if not everyday(f)]


def concept_matcher(concepts: Sequence[Concept]) -> Matcher:
    """A :class:`~glossary.text.matcher.Matcher` of the concepts' spotted forms; payload: the concept.

    A Chinese form is found in the other script too (翻譯功能 for 翻译功能) and with 应用 written "App"
    (苹果App商店 for 苹果应用商店), and an English one with its initialisms dotted (U.S. Supreme Court
    for US Supreme Court), unless a concept writes that spelling itself.
    The spellings of a whole glossary take a while to work out: they are kept in the cache folder
    (:func:`glossary.cachedb.derived`) by the concepts' forms and what decides their spellings.
    """
    from glossary.cachedb import derived

    concepts = list(concepts)
    if len(concepts) < CACHED_MATCHER:
        return Matcher(_spotted(concepts))
    by_number = derived("concept-spellings", _spelling_key(concepts), lambda: _numbered_spellings(concepts))
    return Matcher((), spelled={key: (case, own, concepts[n]) for key, (case, own, n) in by_number.items()})


#: A glossary of at least this many concepts has its matcher's spellings kept in the cache folder.
CACHED_MATCHER = 200


def _spotted(concepts: Sequence[Concept]) -> list[tuple[str, Concept]]:
    """(form, concept) of every form looked for: the spotted forms, then their other scripts and dotted initialisms."""
    spotted = [(form, c) for c in concepts for form in spotted_forms(c)]
    taken = {form for form, _ in spotted}
    for form, c in list(spotted):
        for other in _written_apart(form) if has_cjk(form) else _dotted(form):
            if other not in taken:
                taken.add(other)
                spotted.append((other, c))
    return spotted


def _numbered_spellings(concepts: list[Concept]) -> dict[str, tuple[str | None, bool, int]]:
    """:func:`~glossary.text.matcher.spelled_entries` of the concepts, each concept by its place in the list."""
    number = {id(c): n for n, c in enumerate(concepts)}
    return spelled_entries((form, number[id(c)]) for form, c in _spotted(concepts))


def _spelling_key(concepts: list[Concept]) -> str:
    """What the spellings depend on: each concept's forms and pinyin, wordfreq's English (everyday
    words), OpenCC (the other script) and the code that spells them."""
    import hashlib
    import importlib.util
    import marshal
    from pathlib import Path

    from glossary.text import matcher, normalize, scripts
    from glossary.text.frequency import wordfreq_stamp

    digest = hashlib.sha256(marshal.dumps([(c.forms(), c.pinyin) for c in concepts]))
    for module in (matcher, normalize, scripts):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(Path(__file__).read_bytes())
    spec = importlib.util.find_spec("opencc")
    if spec and spec.origin:  # its code and conversion tables
        for path in sorted(Path(spec.origin).parent.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                st = path.stat()
                digest.update(f"{path.name}|{st.st_size}|{st.st_mtime_ns}".encode())
    return f"{digest.hexdigest()}|{wordfreq_stamp('en')}"


_INITIALISM = re.compile(r"(?<![A-Za-z.])([A-Z])([A-Z])([A-Z]?)(?![A-Za-z.])")


def _dotted(form: str) -> tuple[str, ...]:
    """``form`` with its initialisms written with full stops, as much English prose writes them
    (US Supreme Court: U.S. Supreme Court), if it has any.

    >>> _dotted("US Supreme Court"), _dotted("UK"), _dotted("RedNote")
    (('U.S. Supreme Court',), ('U.K.',), ())
    """
    dotted = _INITIALISM.sub(lambda m: ".".join(c for c in m.groups() if c) + ".", form)
    return (dotted,) if dotted != form else ()


def _written_apart(form: str) -> tuple[str, ...]:
    """A Chinese form in both scripts, each also with 应用 written "App" when it has 应用."""
    scripts = _both(form)
    return (*scripts, *(APP_WORD.sub("App", s) for s in scripts if len(s) > 2 and APP_WORD.search(s)))


@functools.lru_cache(maxsize=65536)
def _both(form: str) -> tuple[str, str]:
    """``form`` in simplified and traditional script (OpenCC, loaded on first need), remembered."""
    from glossary.text.scripts import both

    return both(form)


def cjk_forms(concepts: Sequence[Concept]) -> tuple[str, ...]:
    """The concepts' forms with Chinese characters, sorted: the words a segmenter is taught."""
    return tuple(sorted({f for c in concepts for f in c.forms() if has_cjk(f)}))

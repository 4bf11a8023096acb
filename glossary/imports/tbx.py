"""TBX termbases (ISO 30042) read into candidate concepts: TBX v3 (``tbx``, ``conceptEntry`` /
``langSec`` / ``termSec``, DCA style, namespace ``ed-2`` or the older ``ed:3.0``) and TBX v2
(``martif``, ``termEntry`` / ``langSet`` with ``tig`` or ``ntig`` / ``termGrp``).

English (``en``, ``en-US`` …) and Chinese are read: ``zh-Hans``, ``zh-CN``, ``zh-SG`` are
simplified, ``zh-Hant``, ``zh-TW``, ``zh-HK``, ``zh-MO`` traditional, a bare ``zh`` is whichever
script its term is written in. A language's preferred term is the concept's form in it (when its
terms give no status: the first not deprecated); the others become aliases, their kind from the note
``glossary export -f tbx`` writes (``calque``, ``avoid: …``), else the term type
(abbreviation, variant), else the administrative status (deprecated), else ``variant``. The
definition (the English one first) is the concept's note, else a note on the entry or on a main
term; ``pinyin: …`` and ``literally: …`` notes on a Chinese term, context sentences (the
glossary's own example among them; a post's id and date from the ``post: …`` and ``post date: …``
notes beside one), external references and the subject field (when it is a
category) are read back too. An entry id that is a slug is the concept's id; a serial number
(``c17``) gives way to a slug of the English.

The file is untrusted: no DTD is loaded, no entity is expanded, nothing is fetched, and a file
declaring its own entities is refused. Malformed XML raises :class:`UnusableFileError` with
``FILE:LINE``; an entry without an English or Chinese term, another language and an element
this reader does not know are each a :class:`Skipped` warning, never a crash.

>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.tbx"
>>> _ = p.write_text('''<martif type="TBX"><text><body><termEntry id="cat-tax">
...   <langSet xml:lang="en"><tig><term>cat tax</term></tig></langSet>
...   <langSet xml:lang="zh-CN"><ntig><termGrp><term>猫税</term></termGrp></ntig></langSet>
...   <langSet xml:lang="de"><tig><term>Katzensteuer</term></tig></langSet>
... </termEntry></body></text></martif>''', encoding="utf-8")
>>> got = parse(p)
>>> [(c.id, c.en, c.zh, c.status) for c in got.concepts]
[('cat-tax', 'cat tax', '猫税', 'candidate')]
>>> got.skipped
[Skipped(line=4, reason="language 'de' not read (only English and Chinese): 1 entry")]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.errors import UnusableFileError
from glossary.imports.model import Imported, Skipped
from glossary.terms.model import ALIAS_KINDS, CATEGORIES, Alias, Concept, Example, Ref, Source
from glossary.terms.schema import ID_PATTERN
from glossary.text.normalize import clean_text, slug

if TYPE_CHECKING:
    from lxml.etree import _Element

#: Namespaces of TBX elements: TBX v2 (none), TBX v3 (ISO 30042:2019) and its 2018 draft.
NAMESPACES = frozenset({"", "urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed:3.0"})
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The alias-kind labels ``glossary export`` writes as a term's note (export.common.KIND_LABELS).
KIND_BY_LABEL: dict[str, str] = {**{k: k for k in ALIAS_KINDS}, "avoid": "deprecated"}
#: Term types of TBX-Basic, as alias kinds.
KIND_BY_TERM_TYPE = {"abbreviation": "abbreviation", "acronym": "abbreviation", "shortForm": "abbreviation"}
KIND_BY_TERM_TYPE["variant"] = "variant"
#: The labels of the notes ``glossary export`` writes beside a context for its post (export.tbx.POST_ID, POST_DATE).
POST_LABELS = {"post": "id", "post date": "date"}
#: The source ``glossary export`` names for a concept's own example sentence (export.tbx.WRITTEN_EXAMPLE).
WRITTEN_EXAMPLE = "example written for this glossary"
TRADITIONAL = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
SIMPLIFIED = ("zh-hans", "zh-cn", "zh-sg", "zh-my")
#: Elements of TBX (both versions) this reader passes over without a warning: headers, transactions, grouping.
KNOWN = frozenset(
    "martif tbx martifHeader tbxHeader fileDesc titleStmt title publicationStmt sourceDesc encodingDesc "
    "revisionDesc change p text body back refObjectList refObjectSec refObject item itemSet itemGrp "
    "termEntry conceptEntry langSet langSec tig ntig termGrp termSec termCompList termComp term "
    "termNote termNoteGrp descrip descripGrp admin adminGrp adminNote transacGrp transac transacNote date "
    "note ref xref hi foreign bpt ept ph sc ec".split()
)
_LINE_NOTE = re.compile(r"^(pinyin|literally):\s*(.+)$")
_WHERE = re.compile(r"^(.*):(\d+)$")
_DECLARES = "the file declares entities: not read (untrusted XML)"
_LABEL_DATE = re.compile(r"^(.*), (\d{4}-\d{2}-\d{2})$")


@dataclass
class _Term:
    """One term as read: its text, status, type, notes and contexts."""

    text: str
    line: int
    status: str = ""
    term_type: str = ""
    notes: list[str] = field(default_factory=list)
    contexts: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # (sentence, source, post)

    @property
    def deprecated(self) -> bool:
        return self.status.startswith(("deprecated", "superseded"))


@dataclass
class _Entry:
    """One concept entry as read, its terms by language (``en``, ``zh``, ``zh_hant``)."""

    id: str
    line: int
    subject: str = ""
    definitions: dict[str, list[str]] = field(default_factory=dict)  # by language ("" the entry's own)
    notes: dict[str, list[str]] = field(default_factory=dict)
    refs: list[Ref] = field(default_factory=list)
    terms: dict[str, list[_Term]] = field(default_factory=dict)


class _Reader:
    """The walk over one document, collecting warnings as it goes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.unknown: dict[str, tuple[int, int]] = {}  # element → (first line, count)
        self.languages: dict[str, tuple[int, int]] = {}  # language not read → (first line, entries)
        self.names: dict[str, str] = {}  # tag → local name (a cache: a file has few distinct tags)

    # -- element helpers

    def name(self, el: _Element) -> str:
        """The local name of a TBX element; an element of another namespace gets its ``{ns}`` kept."""
        tag = el.tag if isinstance(el.tag, str) else ""
        found = self.names.get(tag)
        if found is None:
            ns, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
            found = self.names[tag] = local if ns in NAMESPACES else tag
        return found

    def children(self, el: _Element) -> list[_Element]:
        return [c for c in el if isinstance(c.tag, str)]

    def text(self, el: _Element) -> str:
        """The element's text with its inline markup (``hi``, ``foreign`` …) flattened, on one line."""
        raw = (el.text or "") if len(el) == 0 else "".join(el.itertext())
        if not raw.isprintable():  # controls, bidi overrides, newlines: cleaned (most text has none)
            raw = clean_text(raw)
        return " ".join(raw.split())

    def note_unknown(self, el: _Element) -> None:
        name = self.name(el)
        if name in KNOWN:
            return
        first, count = self.unknown.get(name, (el.sourceline or 0, 0))
        self.unknown[name] = (first, count + 1)

    # -- the walk

    def entry(self, el: _Element) -> _Entry:
        entry = _Entry(id=el.get("id") or "", line=el.sourceline or 0)
        for child in self.children(el):
            kind = self.name(child)
            if kind in ("langSet", "langSec"):
                self.language(child, entry)
            else:
                self.aux(child, entry, "")
        return entry

    def aux(self, el: _Element, entry: _Entry, lang: str) -> None:
        """Descriptions, notes and references at the entry level (``lang`` "") or a language's."""
        kind = self.name(el)
        if kind == "descripGrp":
            for child in self.children(el):
                self.aux(child, entry, lang)
        elif kind == "descrip" and el.get("type") == "subjectField":
            entry.subject = entry.subject or self.text(el)
        elif kind == "descrip" and el.get("type") == "definition":
            entry.definitions.setdefault(lang, []).append(self.text(el))
        elif kind == "note":
            entry.notes.setdefault(lang, []).append(self.text(el))
        elif kind == "xref" and el.get("type") == "externalCrossReference":
            url = (el.get("target") or "").strip()
            if re.match(r"^https?://", url):
                entry.refs.append(_ref(url, self.text(el)))
        else:
            self.walk_unknown(el)

    def walk_unknown(self, el: _Element) -> None:
        for sub in el.iter():
            if isinstance(sub.tag, str):
                self.note_unknown(sub)

    def language(self, el: _Element, entry: _Entry) -> None:
        lang = (el.get(XML_LANG) or "").replace("_", "-").lower()
        terms: list[_Term] = []
        aux: list[_Element] = []
        for child in self.children(el):
            kind = self.name(child)
            if kind in ("tig", "termSec"):
                terms += self.term(child, child)
            elif kind == "ntig":
                for grp in self.children(child):
                    if self.name(grp) == "termGrp":
                        terms += self.term(grp, child)
                    elif self.name(grp) not in KNOWN:
                        self.walk_unknown(grp)
            else:
                aux.append(child)
        key = _script(lang, terms)
        if key is None:
            first, count = self.languages.get(lang or "(none)", (el.sourceline or 0, 0))
            self.languages[lang or "(none)"] = (first, count + 1)
            return
        for child in aux:
            self.aux(child, entry, key)
        entry.terms.setdefault(key, []).extend(terms)

    def term(self, el: _Element, holder: _Element) -> list[_Term]:
        """The term of a ``tig`` / ``termSec`` (``el`` and ``holder`` the same) or of an ``ntig``'s
        ``termGrp`` (``holder`` the ``ntig``, whose other children describe it)."""
        found: _Term | None = None
        parts = self.children(el) + ([c for c in self.children(holder) if c is not el] if holder is not el else [])
        for child in parts:
            if self.name(child) == "term":
                found = found or _Term(self.text(child), child.sourceline or 0)
        if found is None or not found.text:
            return []
        for child in parts:
            self.term_detail(child, found)
        return [found]

    def term_detail(self, el: _Element, term: _Term) -> None:
        kind = self.name(el)
        if kind in ("term", "termGrp"):
            return
        if kind in ("termNoteGrp", "descripGrp"):
            descrip = [c for c in self.children(el) if self.name(c) == "descrip" and c.get("type") == "context"]
            if descrip:
                source = next((self.text(c) for c in self.children(el) if self.name(c) == "admin"), "")
                notes = [self.text(c) for c in self.children(el) if self.name(c) == "note"]
                term.contexts.append((self.text(descrip[0]), source, _post(notes)))
                return
            for child in self.children(el):
                self.term_detail(child, term)
        elif kind == "termNote":
            kind_of = el.get("type") or ""
            if kind_of in ("administrativeStatus", "normativeAuthorization"):
                term.status = self.text(el)
            elif kind_of == "termType":
                term.term_type = self.text(el)
        elif kind == "descrip" and el.get("type") == "context":
            term.contexts.append((self.text(el), "", {}))
        elif kind == "note":
            term.notes.append(self.text(el))
        else:
            self.walk_unknown(el)


def _script(lang: str, terms: list[_Term]) -> str | None:
    """Which field a language section fills: ``en``, ``zh`` or ``zh_hant`` (None: not read)."""
    if lang == "en" or lang.startswith("en-"):
        return "en"
    if lang.startswith(TRADITIONAL):
        return "zh_hant"
    if lang.startswith(SIMPLIFIED):
        return "zh"
    if lang == "zh" or lang.startswith("zh-"):
        from glossary.text.scripts import chinese_script

        return "zh_hant" if terms and chinese_script(terms[0].text) == "traditional" else "zh"
    return None


def _ref(url: str, label: str) -> Ref:
    """A reference from its address and the label ``glossary export`` writes (``Outlet, date``)."""
    m = _LABEL_DATE.match(label)
    outlet, date = (m.group(1), m.group(2)) if m else (label, None)
    host = re.sub(r"^https?://([^/]+).*$", r"\1", url)
    return Ref(url, outlet if outlet and outlet != host else None, date)


def _main(terms: list[_Term], statuses: bool) -> _Term | None:
    """The preferred term; in a language whose terms give no status, the first not deprecated, else the first."""
    tests = [lambda t: t.status.startswith("preferred")]
    if not statuses:
        tests += [lambda t: not t.deprecated, lambda t: True]
    for test in tests:
        found = next((t for t in terms if test(t)), None)
        if found:
            return found
    return None


def _alias(term: _Term) -> Alias:
    """An alias from a term that is not its language's main one."""
    kind, note = "", None
    for text in term.notes:
        label, _, rest = text.partition(":")
        if label.strip() in KIND_BY_LABEL:
            kind, note = KIND_BY_LABEL[label.strip()], rest.strip() or None
            break
    if not kind:
        kind = KIND_BY_TERM_TYPE.get(term.term_type) or ("deprecated" if term.deprecated else "variant")
    return Alias(term.text, kind, note)


def _post(notes: list[str]) -> dict[str, str]:
    """The post id and date that notes beside a context give (``post: 9f1c``, ``post date: 2025-01-14``)."""
    found = {}
    for note in notes:
        label, colon, value = note.partition(": ")
        if colon and value.strip() and label in POST_LABELS:
            found.setdefault(POST_LABELS[label], value.strip())
    return found


def _source(sentence: str, where: str, path: Path) -> Source:
    m = _WHERE.match(where)
    if m:
        return Source(m.group(1), int(m.group(2)), sentence)
    return Source(where or path.name, None, sentence)


def _concept_id(entry: _Entry, en: str | None, pinyin: str | None) -> str:
    """The entry's id when it is a slug (``c-996`` is how ``glossary export`` writes id 996), unless it is
    a bare serial number such as ``c17`` (other tools' ids): then a slug of the English or pinyin."""
    ours = entry.id.startswith("c-") and entry.id[2:3].isdigit()
    raw = entry.id[2:] if ours else entry.id
    serial = not ours and re.fullmatch(r"[a-z]*\d+", raw)
    if re.match(ID_PATTERN, raw) and not (serial and (en or pinyin)):
        return raw
    return slug(en or "") or slug(pinyin or "") or slug(raw)


def concept(entry: _Entry, path: Path) -> Concept | None:
    """The candidate concept of an entry (None when it has no English or simplified Chinese)."""
    mains = {key: _main(terms, any(t.status for t in terms)) for key, terms in entry.terms.items()}
    en, zh, hant = (mains.get(k) for k in ("en", "zh", "zh_hant"))
    if en is None and zh is None:
        return None
    extra: dict[str, str] = {}
    term_notes: dict[str, list[str]] = {}  # other notes on a main term: the concept's note when nothing else is
    for key, term in (("en", en), ("zh", zh), ("zh_hant", hant)):
        for text in term.notes if term else ():
            m = _LINE_NOTE.match(text) if key != "en" else None
            if m:
                extra.setdefault(m.group(1), m.group(2))
            else:
                term_notes.setdefault(key, []).append(text)
    aliases, seen = [], {t.text for t in (en, zh, hant) if t}
    for key in ("en", "zh", "zh_hant"):
        for t in entry.terms.get(key, []):
            if t.text not in seen:
                seen.add(t.text)
                aliases.append(_alias(t))
    note = next(
        (
            " ".join(texts[k])
            for texts in (entry.definitions, entry.notes, term_notes)
            for k in ("en", "", "zh", "zh_hant")
            if texts.get(k)
        ),
        None,
    )
    example_parts: dict[str, str] = {}
    sources: list[Source] = []
    for key, terms in entry.terms.items():
        for t in terms:
            for sentence, where, post in t.contexts:
                if where == WRITTEN_EXAMPLE and key in ("en", "zh", "zh_hant"):
                    example_parts.setdefault("en" if key == "en" else "zh", sentence)
                elif sentence:
                    sources.append(replace(_source(sentence, where, path), **post))
    example = Example(example_parts["zh"], example_parts["en"]) if len(example_parts) == 2 else None
    return Concept(
        id=_concept_id(entry, en.text if en else None, extra.get("pinyin")),
        category=entry.subject if entry.subject in CATEGORIES else "other",
        zh=zh.text if zh else None,
        zh_hant=hant.text if hant and (not zh or hant.text != zh.text) else None,
        pinyin=extra.get("pinyin"),
        en=en.text if en else None,
        aliases=aliases,
        literal=extra.get("literally"),
        note=note,
        example=example,
        refs=entry.refs,
        sources=sources,
    )


def _load(path: Path) -> Any:
    """The parsed document: no DTD loaded, no entity expanded, no network; bad XML is an UnusableFileError."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnusableFileError(f"{path}: cannot read: {e.strerror or e}") from None
    declared = data.find(b"<!ENTITY")
    if declared >= 0:
        line = data.count(b"\n", 0, declared) + 1
        raise UnusableFileError(f"{path}:{line}: {_DECLARES}")
    try:
        tree = etree.fromstring(data, parser, base_url=str(path)).getroottree()
    except etree.XMLSyntaxError as e:
        line = e.lineno or (e.position[0] if e.position else 0)
        raise UnusableFileError(f"{path}:{line}: not well-formed XML: {e.msg}") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnusableFileError(f"{path}:1: {_DECLARES}")
    return tree


def parse(path: Path) -> Imported:
    """The concepts of a TBX file (v2 ``martif`` or v3 ``tbx``), as candidates, and what was skipped."""
    path = Path(path)
    root = _load(path).getroot()
    reader = _Reader(path)
    if reader.name(root) not in ("martif", "tbx"):
        raise UnusableFileError(f"{path}:{root.sourceline or 1}: not TBX: the root element is <{root.tag}>")
    skipped: list[Skipped] = []
    concepts: list[Concept] = []
    ids: set[str] = set()
    tags = [f"{{{ns}}}{name}" if ns else name for ns in NAMESPACES for name in ("termEntry", "conceptEntry")]
    entries = list(root.iter(*tags))
    for n, el in enumerate(entries, 1):
        entry = reader.entry(el)
        c = concept(entry, path)
        if c is None:
            what = "only traditional Chinese" if "zh_hant" in entry.terms else "no English or Chinese term"
            skipped.append(Skipped(entry.line, f"entry {entry.id or n!s}: {what} (a concept needs zh or en)"))
            continue
        c.id = _unique(c.id or f"term-{n}", ids)
        concepts.append(c)
    for lang, (line, count) in reader.languages.items():
        entries_word = "entry" if count == 1 else "entries"
        skipped.append(Skipped(line, f"language {lang!r} not read (only English and Chinese): {count} {entries_word}"))
    for name, (line, count) in reader.unknown.items():
        skipped.append(Skipped(line, f"unknown element <{name}> ignored ({count}×)"))
    if not entries:
        raise UnusableFileError(f"{path}:{root.sourceline or 1}: no termEntry or conceptEntry: nothing to import")
    return Imported(concepts, sorted(skipped, key=lambda s: s.line))


def _unique(base: str, taken: set[str]) -> str:
    out, k = base, 2
    while out in taken:
        out, k = f"{base}-{k}", k + 1
    taken.add(out)
    return out


def sniff(head: str) -> bool:
    """An XML file whose root is TBX: ``<tbx`` (TBX-Basic ed-2) or ``<martif`` (TBX v2).

    >>> sniff('<?xml version="1.0"?><tbx type="TBX-Basic" style="dca">'), sniff("<martif>"), sniff("<html>")
    (True, True, False)
    """
    import re

    return re.search(r"<(?:tbx|martif)[\s>]", head[:4096]) is not None

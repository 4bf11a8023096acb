"""TBX (ISO 30042), the exchange format of terminology tools, in two flavours.

``tbx``: TBX-Basic in the current dialect (``urn:iso:std:iso:30042:ed-2``, DCA style), with
``<?xml-model?>`` lines naming the LTAC-Global RelaxNG core structure and DCA Schematron
(``scripts/validate_tbx.py`` checks a file against them). ``tbx2``: the same content as TBX v2
(ISO 30042:2008, root ``martif``, ``termEntry`` / ``langSet`` / ``tig``), the one OmegaT and
translate-toolkit (so Weblate) read.

One entry per concept with its category as the subject field; a language section per
language — ``en``, ``zh-Hans`` and ``zh-Hant`` — holding one term section per form. Each term
carries its part of speech and administrative status (the main forms are preferred, aliases
admitted, misspellings and deprecated aliases deprecated), the alias kind as term type or
note, and context sentences from the sources with their location (and, for a post read with
``--id-field``/``--date-field``, its id and date as notes: ``post: 9f1c``, ``post date:
2025-01-14``). The definition is the concept's note. The document is built with :mod:`xml.etree.ElementTree`, so every piece of
text is escaped; characters XML cannot hold are dropped. :mod:`glossary.imports.tbx` reads
both flavours back.

>>> from glossary.terms.model import Alias, Concept
>>> c = Concept(id="xiaohongshu", category="platform", zh="小红书", en="RedNote",
...             aliases=[Alias("Little Red Book", "calque"), Alias("Red Book", "deprecated")])
>>> root = ET.fromstring(render(ExportData((c,))))
>>> [t.text for t in root.iter(f"{{{NS}}}term")]
['RedNote', 'Little Red Book', 'Red Book', '小红书']
>>> [n.text for n in root.iter(f"{{{NS}}}termNote") if n.get("type") == "administrativeStatus"]
['preferredTerm-admn-sts', 'admittedTerm-admn-sts', 'deprecatedTerm-admn-sts', 'preferredTerm-admn-sts']
>>> v2 = ET.fromstring(render_v2(ExportData((c,))))
>>> v2.tag, [(ls.get(XML_LANG), [t.text for t in ls.iter("term")]) for ls in v2.iter("langSet")]
('martif', [('en', ['RedNote', 'Little Red Book', 'Red Book']), ('zh-Hans', ['小红书'])])
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from glossary.export.common import AVOID_KINDS, KIND_LABELS, definition, one_line, ref_label, safe_url, where
from glossary.export.registry import ExportData, Exporter, register
from glossary.terms.model import Alias, Concept, Source
from glossary.text.normalize import fold, has_cjk

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The TBX-Basic dialect's schemas (LTAC-Global): the RelaxNG core structure and the DCA Schematron.
RNG = "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"
SCH = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch"
PROLOG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<?xml-model href="{RNG}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    f'<?xml-model href="{SCH}" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
)
#: Most contexts written per term.
MAX_CONTEXTS = 5
#: The labels of the notes beside a context that give its post's id and date (:func:`post_notes`).
POST_ID, POST_DATE = "post", "post date"
#: The source named for the example sentence written for the glossary.
WRITTEN_EXAMPLE = "example written for this glossary"
#: TBX-Basic allows noun, verb, adjective, adverb and other; names and things are nouns,
#: slang and memes may be any part of speech.
OTHER_POS = frozenset({"slang", "meme", "hashtag"})
TERM_TYPES = {"abbreviation": "abbreviation", "variant": "variant", "misspelling": "variant"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")


@dataclass(frozen=True)
class Flavour:
    """The element names that differ between TBX v3 (TBX-Basic, DCA) and TBX v2 (``martif``)."""

    root: str
    header: str
    entry: str
    lang: str
    term: str


#: TBX-Basic in the current dialect (ISO 30042:2019).
V3 = Flavour("tbx", "tbxHeader", "conceptEntry", "langSec", "termSec")
#: TBX v2 (ISO 30042:2008): what OmegaT and translate-toolkit read.
V2 = Flavour("martif", "martifHeader", "termEntry", "langSet", "tig")


def clean(text: str | None) -> str:
    """One line of text XML 1.0 can hold."""
    return _NOT_XML.sub("", one_line(text))


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {XML_LANG if k == "lang" else k: v for k, v in attrs.items()})
    if text is not None:
        el.text = clean(text)
    return el


def entry_id(concept_id: str) -> str:
    """The concept id as an XML ID (which may not start with a digit)."""
    return concept_id if _NCNAME.match(concept_id) else f"c-{concept_id}"


def _term(
    lang_sec: ET.Element,
    text: str,
    c: Concept,
    alias: Alias | None,
    contexts: list[Source],
    notes: list[str],
    flavour: Flavour = V3,
) -> None:
    sec = sub(lang_sec, flavour.term)
    sub(sec, "term", text)
    sub(sec, "termNote", "other" if c.category in OTHER_POS else "noun", type="partOfSpeech")
    if alias is None:
        status = "preferredTerm-admn-sts"
    elif alias.kind in AVOID_KINDS:
        status = "deprecatedTerm-admn-sts"
    else:
        status = "admittedTerm-admn-sts"
    sub(sec, "termNote", status, type="administrativeStatus")
    if alias is not None and alias.kind in TERM_TYPES:
        sub(sec, "termNote", TERM_TYPES[alias.kind], type="termType")
    for s in contexts[:MAX_CONTEXTS]:
        grp = sub(sec, "descripGrp")
        sub(grp, "descrip", s.sentence, type="context")
        sub(grp, "admin", where(s), type="source")
        for note in post_notes(s):
            sub(grp, "note", note)
    if alias is not None:
        label = KIND_LABELS.get(alias.kind, alias.kind)
        sub(sec, "note", f"{label}: {clean(alias.note)}" if alias.note else label)
    for n in notes:
        sub(sec, "note", n)


def post_notes(s: Source) -> list[str]:
    """The notes beside a context that name the post it was seen in: ``post: 9f1c``, ``post date: 2025-01-14``.

    >>> post_notes(Source("posts.jsonl", 3, "小红书", id="9f1c", date="2025-01-14")), post_notes(Source("a.txt"))
    (['post: 9f1c', 'post date: 2025-01-14'], [])
    """
    found = [(POST_ID, s.id), (POST_DATE, s.date)]
    return [f"{label}: {clean(value)}" for label, value in found if value and clean(value)]


def _contexts(c: Concept, forms: list[tuple[str, Alias | None]]) -> dict[str, list[Source]]:
    """Each source sentence goes to the first form it contains, else to the main form of its script."""
    out: dict[str, list[Source]] = {text: [] for text, _ in forms}
    for s in c.sources:
        if not s.sentence:
            continue
        folded = fold(s.sentence)
        target = next((t for t, _ in forms if fold(t) and fold(t) in folded), None)
        if target is None:
            main = c.zh or c.zh_hant if has_cjk(s.sentence) else c.en
            target = main if main in out else None
        if target is not None:
            out[target].append(s)
    return out


def concept_entry(body: ET.Element, c: Concept, flavour: Flavour = V3) -> None:
    """The entry of one concept: subject field, references, then a language section per language."""
    entry = sub(body, flavour.entry, id=entry_id(c.id))
    sub(entry, "descrip", c.category, type="subjectField")
    for r in c.refs:  # public articles where the term is used
        if safe_url(r.url):
            sub(entry, "xref", ref_label(r), type="externalCrossReference", target=safe_url(r.url))
    en = [(c.en, None)] if c.en else []
    en += [(a.text, a) for a in c.aliases if not has_cjk(a.text)]
    hans = [(c.zh, None)] if c.zh else []
    hans += [(a.text, a) for a in c.aliases if has_cjk(a.text)]
    hant = [(c.zh_hant, None)] if c.zh_hant and c.zh_hant != c.zh else []
    if not c.zh and c.zh_hant:  # traditional only: its aliases go with it
        hant += hans
        hans = []
    languages = [("en", en), ("zh-Hans", hans), ("zh-Hant", hant)]
    all_forms = [f for _, forms in languages for f in forms]
    contexts = _contexts(c, all_forms)
    if c.example:  # the example written for the glossary comes first, in both languages
        for form, sentence in ((c.zh or c.zh_hant, c.example.zh), (c.en, c.example.en)):
            if form in contexts and sentence:
                contexts[form].insert(0, Source(WRITTEN_EXAMPLE, None, sentence))
    for lang, forms in languages:
        forms = [(clean(t), a) for t, a in forms if clean(t)]
        if not forms:
            continue
        lang_sec = sub(entry, flavour.lang, lang=lang)
        if lang == "en" and definition(c):
            sub(lang_sec, "descrip", definition(c), type="definition")
        seen: set[str] = set()
        for text, alias in forms:
            if text in seen:
                continue
            seen.add(text)
            notes = []
            if lang != "en" and alias is None:
                if c.pinyin:
                    notes.append(f"pinyin: {clean(c.pinyin)}")
                if c.literal:
                    notes.append(f"literally: {clean(c.literal)}")
            _term(lang_sec, text, c, alias, contexts.get(text, []), notes, flavour)


def _document(data: ExportData, flavour: Flavour, attrs: dict[str, str]) -> str:
    root = ET.Element(flavour.root, attrs)
    header = sub(root, flavour.header)
    file_desc = sub(header, "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", data.name or "Glossary")
    sub(sub(file_desc, "sourceDesc"), "p", data.description or "Exported from a terms.yaml glossary.")
    if flavour is V2:  # the TBX-Basic v2 constraint specification
        sub(sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = sub(sub(root, "text"), "body")
    for c in data.concepts:
        concept_entry(body, c, flavour)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode") + "\n"


def render(data: ExportData) -> str:
    """TBX-Basic, ISO 30042:2019, DCA style, with its schemas named."""
    return PROLOG + _document(data, V3, {"type": "TBX-Basic", "style": "dca", XML_LANG: "en", "xmlns": NS})


def render_v2(data: ExportData) -> str:
    """TBX v2 (``martif``, no namespace), for OmegaT, translate-toolkit and Weblate."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _document(data, V2, {"type": "TBX-Basic", XML_LANG: "en"})


register(
    "tbx",
    Exporter(render, suffix=".tbx", description="TBX-Basic (ISO 30042:2019, DCA) for CAT tools: memoQ, Trados, Phrase"),
)
register(
    "tbx2",
    Exporter(render_v2, suffix=".tbx", description="TBX v2 (martif) for OmegaT, translate-toolkit and Weblate"),
)

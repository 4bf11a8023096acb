"""TBX (ISO 30042, TBX-Basic dialect, DCA style): the exchange format of terminology tools.

One ``conceptEntry`` per concept with its category as the subject field; a
``langSec`` per language — ``en``, ``zh-Hans`` and ``zh-Hant`` — holding one
``termSec`` per form. Each term carries its part of speech and administrative
status (the main forms are preferred, aliases admitted, misspellings and
deprecated aliases deprecated), the alias kind as term type or note, and
context sentences from the sources with their location. The note is the English
definition. The document is built with :mod:`xml.etree.ElementTree`, so every
piece of text is escaped; characters XML cannot hold are dropped.

>>> from glossary.terms.model import Alias, Concept
>>> c = Concept(id="xiaohongshu", category="platform", zh="小红书", en="RedNote",
...             aliases=[Alias("Little Red Book", "calque"), Alias("Red Book", "deprecated")])
>>> root = ET.fromstring(render(ExportData((c,))))
>>> [t.text for t in root.iter(f"{{{NS}}}term")]
['RedNote', 'Little Red Book', 'Red Book', '小红书']
>>> [n.text for n in root.iter(f"{{{NS}}}termNote") if n.get("type") == "administrativeStatus"]
['preferredTerm-admn-sts', 'admittedTerm-admn-sts', 'deprecatedTerm-admn-sts', 'preferredTerm-admn-sts']
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from glossary.export.common import AVOID_KINDS, KIND_LABELS, definition, one_line, ref_label, safe_url, where
from glossary.export.registry import ExportData, Exporter, register
from glossary.terms.model import Alias, Concept, Source
from glossary.text.normalize import fold, has_cjk

NS = "urn:iso:std:iso:30042:ed:3.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROLOG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
)
#: Most contexts written per term.
MAX_CONTEXTS = 5
#: The source named for the example sentence written for the glossary.
WRITTEN_EXAMPLE = "example written for this glossary"
#: TBX-Basic allows noun, verb, adjective, adverb and other; names and things are nouns,
#: slang and memes may be any part of speech.
OTHER_POS = frozenset({"slang", "meme", "hashtag"})
TERM_TYPES = {"abbreviation": "abbreviation", "variant": "variant", "misspelling": "variant"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")


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
    lang_sec: ET.Element, text: str, c: Concept, alias: Alias | None, contexts: list[Source], notes: list[str]
) -> None:
    sec = sub(lang_sec, "termSec")
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
    if alias is not None:
        label = KIND_LABELS.get(alias.kind, alias.kind)
        sub(sec, "note", f"{label}: {clean(alias.note)}" if alias.note else label)
    for n in notes:
        sub(sec, "note", n)


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


def concept_entry(body: ET.Element, c: Concept) -> None:
    entry = sub(body, "conceptEntry", id=entry_id(c.id))
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
        lang_sec = sub(entry, "langSec", lang=lang)
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
            _term(lang_sec, text, c, alias, contexts.get(text, []), notes)


def render(data: ExportData) -> str:
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en", "xmlns": NS})
    file_desc = sub(sub(root, "tbxHeader"), "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", data.name or "Glossary")
    sub(sub(file_desc, "sourceDesc"), "p", data.description or "Exported from a terms.yaml glossary.")
    body = sub(sub(root, "text"), "body")
    for c in data.concepts:
        concept_entry(body, c)
    ET.indent(root, space="  ")
    return PROLOG + ET.tostring(root, encoding="unicode") + "\n"


register(
    "tbx",
    Exporter(render, suffix=".tbx", description="TBX-Basic (ISO 30042) for CAT tools: memoQ, Trados, Phrase, OmegaT"),
)

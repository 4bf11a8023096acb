"""Both TBX flavours read back by translate-toolkit, the reader Weblate uses.

translate-toolkit reads TBX v2 (``martif``) only, so ``tbx2`` goes through its stock
``tbxfile``; for TBX v3 (``tbx``, the current TBX-Basic dialect) the same LISA reader is
pointed at the v3 element names and namespace, and the stock one is shown to refuse it.
The official TBX-Basic RelaxNG and Schematron carry no license and are not copied here:
``scripts/validate_tbx.py`` checks an export against them (see its docstring).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from translate.storage import tbx as tt

from glossary import export as ex
from glossary.export.tbx import NS, RNG, SCH
from glossary.terms.model import Concept
from glossary.terms.store import load

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Tbx3Unit(tt.tbxunit):
    namespace = NS
    rootNode = "conceptEntry"
    languageNode = "langSec"
    textNode = "term"


class Tbx3File(tt.tbxfile):
    UnitClass = Tbx3Unit
    namespace = NS
    rootNode = "tbx"


def expected_languages(c: Concept) -> dict[str, list[str]]:
    """The terms each language section should hold: main form first, then the aliases of that script."""
    from glossary.text.normalize import has_cjk

    out = {}
    if c.en:
        out["en"] = [c.en, *(a.text for a in c.aliases if not has_cjk(a.text))]
    if c.zh:
        out["zh-Hans"] = [c.zh, *(a.text for a in c.aliases if has_cjk(a.text))]
    if c.zh_hant and c.zh_hant != c.zh:
        out["zh-Hant"] = [c.zh_hant]
    return {lang: list(dict.fromkeys(terms)) for lang, terms in out.items()}


def read_back(store: tt.tbxfile, term_tag: str) -> dict[str, dict[str, list[str]]]:
    return {
        u.getid(): {ls.get(XML_LANG): [t.text for t in ls.iter(term_tag)] for ls in u.getlanguageNodes()}
        for u in store.units
    }


def test_tbx2_read_by_translate_toolkit(tmp_path: Path, terms_file: Path) -> None:
    g = load(terms_file)
    path = tmp_path / "g.tbx"
    path.write_bytes(ex.export(g, "tbx2"))
    store = tt.tbxfile.parsefile(str(path))
    assert store.document.getroot().tag == "martif"
    assert read_back(store, "term") == {c.id: expected_languages(c) for c in g.concepts}
    xhs = next(u for u in store.units if u.getid() == "xiaohongshu")
    assert xhs.source == "RedNote" and xhs.gettarget("zh-Hans") == "小红书" and xhs.gettarget("zh-Hant") == "小紅書"
    assert [t.text for t in xhs.get_source_terms()] == ["RedNote", "Xiaohongshu", "Little Red Book", "Red Note"]
    assert [t.administrative_status for t in xhs.get_source_terms()][:2] == [
        "preferredTerm-admn-sts",
        "admittedTerm-admn-sts",
    ]
    definition = [n.text for n in xhs.get_common_notes(source=True) if n.origin == "definition"]
    assert definition == ["platform", g.get("xiaohongshu").note]  # subject field, then the definition


def test_tbx3_read_by_translate_toolkit_pointed_at_v3(tmp_path: Path, terms_file: Path) -> None:
    g = load(terms_file)
    path = tmp_path / "g.tbx"
    path.write_bytes(ex.export(g, "tbx"))
    with pytest.raises(AssertionError):  # its stock reader wants a martif root
        tt.tbxfile.parsefile(str(path))
    store = Tbx3File.parsefile(str(path))
    assert read_back(store, f"{{{NS}}}term") == {c.id: expected_languages(c) for c in g.concepts}
    assert {u.getid(): u.gettarget("zh-Hant") for u in store.units}["bytedance"] == "字節跳動"


def test_tbx3_names_the_current_dialect_and_its_schemas(terms_file: Path) -> None:
    text = ex.export(load(terms_file), "tbx").decode()
    models = re.findall(r'<\?xml-model href="([^"]+)" type="application/xml" schematypens="([^"]+)"\?>', text)
    assert models == [(RNG, "http://relaxng.org/ns/structure/1.0"), (SCH, "http://purl.oclc.org/dsdl/schematron")]
    assert '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">' in text


def test_tbx2_has_no_namespace_and_a_tbx_basic_header(terms_file: Path) -> None:
    text = ex.export(load(terms_file), "tbx2").decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en">\n')
    assert "xmlns" not in text and "<!DOCTYPE" not in text
    assert '<p type="XCSURI">TBXBasicXCSV02.xcs</p>' in text


# TBX-Basic's data categories (the TBX-Basic definition, v1.2.1): which type each element may
# carry, the values a picklist allows, and the level a category may appear at. The official
# Schematron states the same; it carries no license, so it is not copied here.
TYPES = {
    "admin": {"customerSubset", "projectSubset", "source"},
    "descrip": {"subjectField", "context", "definition"},
    "termNote": {
        "administrativeStatus",
        "partOfSpeech",
        "geographicalUsage",
        "grammaticalGender",
        "termLocation",
        "termType",
    },
    "xref": {"externalCrossReference", "xGraphic"},
}
PICKLISTS = {
    "administrativeStatus": {
        "preferredTerm-admn-sts",
        "admittedTerm-admn-sts",
        "deprecatedTerm-admn-sts",
        "supersededTerm-admn-sts",
    },
    "partOfSpeech": {"noun", "verb", "adjective", "adverb", "other"},
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
}


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_only_tbx_basic_data_categories_at_their_levels(fmt: str, tmp_path: Path, terms_file: Path) -> None:
    from lxml import etree

    from tests.export.test_formats import HOSTILE
    from tests.imports.test_tbx import RICH

    concepts = [*load(terms_file).concepts, *HOSTILE, RICH]
    data = ex.ExportData(tuple(concepts))
    root = etree.fromstring(ex.get(fmt)(data))
    ns = f"{{{NS}}}" if fmt == "tbx" else ""
    entry, lang, term_sec = ("conceptEntry", "langSec", "termSec") if fmt == "tbx" else ("termEntry", "langSet", "tig")
    ids = {e.get("id") for e in root.iter(f"{ns}{entry}")}
    assert len(ids) == len(concepts) and all(re.fullmatch(r"[A-Za-z_][\w.-]*", i) for i in ids)  # xsd:ID
    seen = set()
    for el in root.iter(*(f"{ns}{t}" for t in TYPES)):
        tag, kind = el.tag.removeprefix(ns), el.get("type")
        assert kind in TYPES[tag], (tag, kind)
        seen.add(kind)
        if kind in PICKLISTS:
            assert el.text in PICKLISTS[kind], (kind, el.text)
        level = el.getparent()
        if level.tag.endswith("Grp"):
            level = level.getparent()
        allowed = {
            "subjectField": {entry},
            "context": {term_sec},
            "definition": {entry, lang},
            "externalCrossReference": {entry, lang, term_sec},
            "source": {entry, lang, term_sec},
        }.get(kind, {term_sec})
        assert level.tag.removeprefix(ns) in allowed, (kind, level.tag)
        if tag == "xref":
            assert re.match(r"https?://.+", el.get("target"))
    assert seen >= {"subjectField", "definition", "context", "source", "externalCrossReference", "termType"}
    assert all(el.get("type") for el in root.iter(f"{ns}termNote"))


def test_a_posts_id_and_date_are_notes_of_its_context_that_translate_toolkit_reads(tmp_path: Path) -> None:
    """A context from a post carries the post's id and date beside its location, as text (escaped)."""
    from glossary.terms.model import Source

    posts = [
        Source("posts.jsonl", 3, "RedNote is here.", id="9f1c </note><x>", date="2025-01-14"),
        Source("posts.jsonl", 4, "刚到小红书。", id="=1+2"),
        Source("news.txt", 5, "RedNote again."),
    ]
    c = Concept(id="xhs", zh="小红书", en="RedNote", sources=posts)
    path = tmp_path / "g.tbx"
    path.write_bytes(ex.get("tbx2")(ex.ExportData((c,))))
    (unit,) = tt.tbxfile.parsefile(str(path)).units
    red, xhs = unit.get_source_terms()[0], unit.get_target_terms("zh-Hans")[0]
    notes = [(n.text, n.origin) for n in red.notes if n.origin is None]
    assert notes == [("post: 9f1c </note><x>", None), ("post date: 2025-01-14", None)]
    assert [(n.text, n.origin) for n in xhs.notes if n.origin is None] == [("post: =1+2", None)]
    v3 = ex.get("tbx")(ex.ExportData((c,))).decode()
    assert "<note>post: 9f1c &lt;/note&gt;&lt;x&gt;</note>" in v3 and "<x>" not in v3

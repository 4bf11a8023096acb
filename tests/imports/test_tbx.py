"""TBX import: both flavours of our own export come back as the same concepts; other tools'
files (ntig, regional language tags, unknown elements) are read or warned about; malformed
and hostile XML is refused with the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary import export as ex
from glossary.errors import UnusableFileError
from glossary.export import common
from glossary.export import tbx as tbx_export
from glossary.imports import tbx
from glossary.imports.model import Imported, Skipped
from glossary.terms.model import Alias, Concept, Example, Ref, Source
from glossary.terms.store import load
from glossary.text.normalize import has_cjk

FIELDS = ("id", "category", "zh", "zh_hant", "pinyin", "en", "aliases", "literal", "note", "example", "refs")

RICH = Concept(
    id="996",
    category="slang",
    zh="九九六",
    zh_hant="九九六",
    en="996 schedule",
    pinyin="jiǔjiǔliù",
    aliases=[
        Alias("nine nine six", "misspelling"),
        Alias("9-9-6", "abbreviation", "as written on Weibo"),
        Alias("old name", "deprecated"),
        Alias("996工作制", "variant"),
    ],
    note="Working 9 a.m. to 9 p.m., six days a week.",
    example=Example("他们实行九九六。", "They work 996."),
    refs=[Ref("https://example.org/996", "Example News", "2025-01-15"), Ref("https://example.org/x")],
    sources=[
        Source("corpus/a.md", 4, "The 996 schedule is common."),
        Source("notes.txt", None, "九九六很累。"),
        Source("posts.jsonl", 12, "九九六工作制又来了。", id="post: 17 </note>", date="2025-01-14T08:00:00"),
        Source("posts.jsonl", 15, "We keep the 996 schedule.", date="2025-01-15"),
    ],
    status="reviewed",
)


def write(tmp_path: Path, text: str, name: str = "t.tbx") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def exported(tmp_path: Path, concepts: list[Concept], fmt: str) -> Imported:
    path = tmp_path / f"{fmt}.tbx"
    path.write_bytes(ex.get(fmt)(ex.ExportData(tuple(concepts))))
    return tbx.parse(path)


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_export_then_import_gives_the_same_concepts(fmt: str, tmp_path: Path, terms_file: Path) -> None:
    concepts = [*load(terms_file).concepts, RICH]
    got = exported(tmp_path, concepts, fmt)
    assert got.skipped == []
    assert [c.id for c in got.concepts] == [c.id for c in concepts]
    for back, original in zip(got.concepts, concepts):
        assert back.status == "candidate"
        for name in FIELDS:
            expected = getattr(original, name)
            if name == "zh_hant" and original.zh_hant == original.zh:
                expected = None  # the same characters in both scripts: written once
            assert getattr(back, name) == expected, (original.id, name)
        assert sorted(back.sources, key=str) == sorted(original.sources, key=str)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    en=st.text(min_size=1, max_size=30),
    note=st.text(max_size=60),
    alias=st.text(min_size=1, max_size=20),
)
def test_any_text_round_trips(tmp_path: Path, en: str, note: str, alias: str) -> None:
    """Whatever the text (markup, entities, controls), what the export keeps comes back as written."""
    c = common.cleaned(Concept(id="x", en=en, note=note or None, aliases=[Alias(alias, "calque")]))
    got = exported(tmp_path, [c], "tbx")
    kept = tbx_export.clean
    alias = c.aliases[0].text
    if not kept(c.en):
        assert got.concepts == [] and got.skipped
        return
    (back,) = got.concepts
    assert back.en == kept(c.en)
    assert back.note == (kept(c.note) or None)
    other = kept(alias) and kept(alias) != back.en and not has_cjk(kept(alias))
    assert [a.text for a in back.aliases if not has_cjk(a.text)] == ([kept(alias)] if other else [])


def test_ntig_regional_languages_and_kinds(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en-US">
 <martifHeader><fileDesc><sourceDesc><p>SDL MultiTerm</p></sourceDesc></fileDesc></martifHeader>
 <text><body>
  <termEntry id="e1">
   <descrip type="subjectField">Social media</descrip>
   <note>Entry-level note.</note>
   <langSet xml:lang="en_US">
    <descrip type="definition">An app.</descrip>
    <ntig><termGrp><term>Little <hi>Red</hi> Book</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp>
     <descrip type="context">I use Little Red Book.</descrip></ntig>
    <ntig><termGrp><term>LRB</term><termNote type="termType">acronym</termNote></termGrp></ntig>
    <tig><term>Red Book</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
   </langSet>
   <langSet xml:lang="zh-CN"><tig><term>小红书</term></tig></langSet>
   <langSet xml:lang="zh-TW"><tig><term>小紅書</term></tig></langSet>
  </termEntry>
  <termEntry id="e 2">
   <langSet xml:lang="zh"><tig><term>貓稅</term><note>A cat photo.</note></tig></langSet>
   <langSet xml:lang="EN"><tig><term>cat tax</term></tig></langSet>
  </termEntry>
 </body></text>
</martif>""",
    )
    got = tbx.parse(path)
    assert got.skipped == []
    first, second = got.concepts
    assert (first.id, first.category, first.en, first.zh, first.zh_hant) == (
        "little-red-book",  # a serial number as id (e1, c17) gives way to the English
        "other",
        "Little Red Book",
        "小红书",
        "小紅書",
    )
    assert first.aliases == [Alias("LRB", "abbreviation"), Alias("Red Book", "deprecated")]
    assert first.note == "An app."  # the English definition before the entry's note
    assert first.sources == [Source("t.tbx", None, "I use Little Red Book.")]
    # a bare "zh" written in traditional characters is traditional; an id that is not a slug is made one
    assert (second.id, second.en, second.zh, second.zh_hant) == ("cat-tax", "cat tax", None, "貓稅")
    assert second.note == "A cat photo."  # no definition: the main term's own note


def test_unknown_elements_other_languages_and_empty_entries_are_warnings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """<tbx xmlns="urn:iso:std:iso:30042:ed-2" xmlns:x="urn:example" type="TBX-Basic" style="dca">
<text><body>
<conceptEntry id="a">
  <x:custom>vendor data</x:custom>
  <langSec xml:lang="en"><termSec><term>RedNote</term><sparkle/></termSec></langSec>
  <langSec xml:lang="fr"><termSec><term>RedNote FR</term></termSec></langSec>
</conceptEntry>
<conceptEntry id="b">
  <langSec xml:lang="de"><termSec><term>Katzensteuer</term></termSec></langSec>
</conceptEntry>
<conceptEntry id="c"><langSec xml:lang="zh-Hant"><termSec><term>小紅書</term></termSec></langSec></conceptEntry>
</body></text></tbx>""",
    )
    got = tbx.parse(path)
    assert [c.id for c in got.concepts] == ["a"]
    assert got.skipped == [
        Skipped(4, "unknown element <{urn:example}custom> ignored (1×)"),
        Skipped(5, "unknown element <sparkle> ignored (1×)"),
        Skipped(6, "language 'fr' not read (only English and Chinese): 1 entry"),
        Skipped(8, "entry b: no English or Chinese term (a concept needs zh or en)"),
        Skipped(9, "language 'de' not read (only English and Chinese): 1 entry"),
        Skipped(11, "entry c: only traditional Chinese (a concept needs zh or en)"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<martif><text><body><termEntry>\n<langSet>\n</termEntry>", ":3: not well-formed XML: "),
        ("", ":1: not well-formed XML: "),
        ("<html><body/></html>", ":1: not TBX: the root element is <html>"),
        ("<martif>\n<text><body/></text></martif>", ":1: no termEntry or conceptEntry: nothing to import"),
        (
            "<martif><text><body><termEntry><langSet xml:lang='en'><tig><term>&nbsp;x</term></tig>",
            ":1: not well-formed",
        ),
        ('<?xml version="1.0"?>\n<martif>\n<text><body/></text>\n</mar>', ":4: not well-formed XML: "),
    ],
)
def test_unusable_files_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(UnusableFileError) as e:
        tbx.parse(path)
    assert str(e.value).startswith(f"{path}{message}")
    assert "\n" not in str(e.value)


def test_hostile_xml_is_refused_without_expanding_or_fetching(tmp_path: Path) -> None:
    secret = write(tmp_path, "TOP SECRET", "secret.txt")
    xxe = write(
        tmp_path,
        f"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file://{secret}">]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&xxe;</term></tig></langSet></termEntry></body></text></martif>""",
        "xxe.tbx",
    )
    laughs = write(
        tmp_path,
        '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + ']>\n<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&i;</term></tig>'
        "</langSet></termEntry></body></text></martif>",
        "laughs.tbx",
    )
    for path in (xxe, laughs):
        with pytest.raises(UnusableFileError) as e:
            tbx.parse(path)
        assert str(e.value) == f"{path}:2: the file declares entities: not read (untrusted XML)"


def test_the_labels_match_the_exporters() -> None:
    """The import reads back exactly what the export writes (the two layers may not import each other)."""
    assert {label: kind for kind, label in common.KIND_LABELS.items()}.items() <= tbx.KIND_BY_LABEL.items()
    assert tbx.WRITTEN_EXAMPLE == tbx_export.WRITTEN_EXAMPLE
    assert tbx.POST_LABELS == {tbx_export.POST_ID: "id", tbx_export.POST_DATE: "date"}
    assert tbx.NAMESPACES >= {tbx_export.NS, ""}

"""Import formats: each export read back to the same concepts, real termbases and flashcards, bad input."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary import export as ex
from glossary import imports
from glossary.errors import UnusableFileError, UsageError
from glossary.export.common import one_line
from glossary.export.registry import ExportData
from glossary.imports.model import Skipped
from glossary.report import collected
from glossary.terms.model import Alias, Concept, Example, Ref, Source
from glossary.text.normalize import clean_text, has_cjk

RICH = [
    Concept(
        id="xiaohongshu",
        category="platform",
        zh="小红书",
        zh_hant="小紅書",
        pinyin="Xiǎohóngshū",
        en="RedNote",
        aliases=[
            Alias("Little Red Book", "calque"),
            Alias("XHS", "abbreviation"),
            Alias("Xiaohongshu", "transliteration"),
        ],
        literal="little red book",
        note="Lifestyle app.\nWhere TikTok users went in January 2025.",
        example=Example("我在小红书上交了猫税。", "I paid the cat tax on RedNote — with two cats."),
        refs=[Ref("https://example.org/a", "Reuters, Inc", "2025-01-15"), Ref("https://news.example.com/b?q=1")],
        sources=[
            Source("corpus/a.txt", 3, "RedNote is 小红书."),
            Source("posts.jsonl", 7, id="=cmd|' /C calc'!A0", date="2025-01-14"),
            Source("posts.jsonl", 9, id="9f1c"),
        ],
        status="reviewed",
    ),
    Concept(
        id="cat-tax",
        category="meme",
        zh="猫税",
        pinyin="māoshuì",
        en="cat tax",
        aliases=[Alias('=HYPERLINK("http://x")', "misspelling"), Alias("-kitty tax", "deprecated")],
        gloss="@SUM(A1) tab\there",
        sources=[
            Source("corpus/c.txt", 2, "They paid the cat tax — a photo.", date="2025-01-15"),
            Source("corpus/d.txt"),
        ],
    ),
    Concept(id="tiktok-refugee", category="community", en="TikTok refugee", note="+1 backslash \\n not a newline"),
]


def carried(c: Concept) -> Concept:
    """What the csv and tsv exports carry of a concept: all but status, related, alias notes,
    source sentences other than the one shown when the concept has no example of its own, and
    a ref's missing outlet (written as the address's host, read back as its outlet)."""
    sources = [Source(s.path, s.line, id=s.id, date=s.date) for s in c.sources]
    shown = next((s.sentence for s in c.sources if s.sentence), None)
    if not c.example and shown and sources:
        sources[0].sentence = one_line(shown)
    return Concept(
        id=c.id,
        category=c.category,
        zh=c.zh,
        zh_hant=c.zh_hant,
        pinyin=c.pinyin,
        en=c.en,
        aliases=[Alias(a.text, a.kind) for a in c.aliases],
        literal=c.literal,
        gloss=c.gloss,
        note=c.note,
        example=c.example,
        refs=[_label_read_back(r) for r in c.refs],
        sources=sources,
    )


def _label_read_back(r: Ref) -> Ref:
    """A ref as its ``Outlet, date: URL`` line reads back: no outlet is the host; a date that is not
    one (terms.yaml has 'China Daily (WeChat' dated 'via 51haodu.com)') is part of the outlet."""
    outlet = r.outlet or re.sub(r"^https?://([^/]+).*$", r"\1", r.url)
    if r.date and not re.match(r"^\d{4}(-\d\d){0,2}$", r.date):
        return Ref(r.url, f"{outlet}, {r.date}", None)
    return Ref(r.url, outlet, r.date)


def written(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_the_csv_and_tsv_exports_read_back_to_the_same_concepts(tmp_path: Path, fmt: str) -> None:
    path = written(tmp_path, f"glossary.{fmt}", ex.get(fmt)(ExportData(tuple(RICH))))
    got = imports.read(path)
    assert got.skipped == []
    assert got.concepts == [carried(c) for c in RICH]


def test_the_bundled_glossary_reads_back_from_csv_and_tsv(tmp_path: Path, bundled_terms: Path) -> None:
    from glossary.terms.store import load

    g = load(bundled_terms)
    for fmt in ("csv", "tsv"):
        path = written(tmp_path, f"all.{fmt}", ex.export(g, fmt))
        got = {c.id: c for c in imports.read(path, fmt).concepts}
        assert len(got) == len(g.concepts)
        for c in g.concepts:
            expected = carried(ex.common.cleaned(c))
            assert got[c.id] == expected, c.id


def test_the_bundled_glossary_reads_back_from_omegat_both_ways(tmp_path: Path, bundled_terms: Path) -> None:
    """Every concept with Chinese and English comes back with its pinyin (names, numbers and
    erhua in it), traditional characters, example and first ref; nothing is left over as a note."""
    from glossary.terms.store import load

    g = load(bundled_terms)
    exported = {c.zh: c for c in g.concepts if (c.zh or c.zh_hant) and c.en}
    for fmt in ("omegat", "omegat-zh-en"):
        got = imports.read(written(tmp_path, "all.utf8", ex.export(g, fmt)))
        assert got.skipped == []
        back = {c.zh: c for c in got.concepts if c.zh in exported}
        assert len(back) == len(exported)
        for zh, c in back.items():
            o = exported[zh]
            hant = o.zh_hant if o.zh_hant != o.zh else None
            assert (c.en, c.pinyin, c.zh_hant, c.example, c.note) == (o.en, o.pinyin, hant, o.example, None), zh
            assert c.refs == [Ref(r.url) for r in o.refs[:1]], zh


_HOSTILE = st.text(
    alphabet=st.sampled_from(list("=+-@'\"\t\r\n\\,;:| #[]aZ9小红书 —\x00\x1b\u202e\u2028")), min_size=1, max_size=12
)


def _expected(text: str) -> str | None:
    return clean_text(text).strip() or None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(en=_HOSTILE, note=_HOSTILE, pinyin=_HOSTILE, alias=_HOSTILE, fmt=st.sampled_from(["csv", "tsv"]))
def test_hostile_cells_read_back_as_written(tmp_path: Path, en: str, note: str, pinyin: str, alias: str, fmt: str):
    c = Concept(id="t", zh="小红书", en=en, note=note, pinyin=pinyin, aliases=[Alias(alias, "nickname")])
    path = written(tmp_path, f"h.{fmt}", ex.get(fmt)(ExportData((c,))))
    (got,) = imports.read(path).concepts
    assert (got.en, got.note, got.pinyin) == (_expected(en), _expected(note), _expected(pinyin))
    alias_text = clean_text(one_line(alias)).strip()  # as the export writes it: one line, then inert
    assert got.aliases == ([Alias(alias_text, "nickname")] if alias_text else [])


@pytest.mark.parametrize("fmt", ["omegat", "omegat-zh-en"])
def test_the_omegat_exports_read_back_to_the_same_concepts(tmp_path: Path, fmt: str) -> None:
    path = written(tmp_path, "glossary.utf8", ex.get(fmt)(ExportData(tuple(RICH))))
    got = {c.zh or c.en: c for c in imports.read(path).concepts}
    xhs = got["小红书"]
    assert (xhs.id, xhs.zh, xhs.zh_hant, xhs.pinyin, xhs.en) == (
        "rednote",
        "小红书",
        "小紅書",
        "Xiǎohóngshū",
        "RedNote",
    )
    assert xhs.example == RICH[0].example and xhs.refs == [Ref("https://example.org/a")]
    if fmt == "omegat":  # English → Chinese: the English aliases, each with its kind
        assert xhs.aliases == [a for a in RICH[0].aliases]
        assert [a.kind for a in got["猫税"].aliases] == ["misspelling", "deprecated"]
    else:  # Chinese → English: the Chinese forms (here only the traditional characters)
        assert xhs.aliases == []
    assert "TikTok refugee" not in got  # no Chinese: not in an English–Chinese glossary
    assert imports.read(path).skipped == []


def test_a_generic_omegat_glossary(tmp_path: Path) -> None:
    path = written(
        tmp_path,
        "terms.txt",
        "# my glossary\nRedNote\t小红书\tthe app\nLittle Red Book\t小红书\n猫税\tcat tax\n"
        "just one cell\nbank\tBank\nA\tB\tC\tD\n\t空\n996 work schedule\t996\n".encode(),
    )
    got = imports.read(path)
    assert imports.detect(path) == "omegat"
    assert [(c.zh, c.en, c.note, c.aliases) for c in got.concepts] == [
        ("小红书", "RedNote", "the app", [Alias("Little Red Book", "translation")]),
        ("996", "996 work schedule", None, []),
    ]
    assert got.skipped == [
        Skipped(4, "the Chinese is on the other side from the rest of the file"),
        Skipped(5, "1 columns; an OmegaT glossary line has source, target and a comment"),
        Skipped(6, "neither side in Chinese: not an English–Chinese pair"),
        Skipped(7, "4 columns; an OmegaT glossary line has source, target and a comment"),
        Skipped(8, "the source or the target is empty"),
    ]
    french = written(tmp_path, "fr.txt", b"bank\tbanque\nnote\tnote\n")
    with collected() as warnings, pytest.raises(UnusableFileError):
        imports.read(french, "omegat")
    assert warnings == [f"{french}:{n}: skipped: neither side in Chinese: not an English–Chinese pair" for n in (1, 2)]


PLECO = (
    "//Slang\n"
    "猫税[貓稅]\tmao1shui4\tcat tax; photo of one's cat\n"
    "//My words/RedNote\n"
    "小红书[小紅書]\txiao3hong2shu1\tnoun \ue000RedNote\ue001 (app)\n"
    "难民\tnàn mín\trefugee\n"
    "貓稅[猫税]\tmao1shui4\tcat tax\n"
    "網紅\twang3hong2\tinternet celebrity\n"
    "RedNote\tred note\tnot a Chinese headword\n"
    "just a line\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030"])
def test_pleco_flashcards_in_each_encoding(tmp_path: Path, encoding: str) -> None:
    path = written(tmp_path, "flashcards.txt", PLECO.replace("\ue000", "").replace("\ue001", "").encode(encoding))
    assert imports.detect(path) == "pleco"
    got = imports.read(path)
    assert [(c.id, c.category, c.zh, c.zh_hant, c.pinyin, c.en, c.gloss) for c in got.concepts] == [
        ("maoshui", "slang", "猫税", "貓稅", "māoshuì", None, "cat tax; photo of one's cat"),
        ("xiaohongshu", "other", "小红书", "小紅書", "xiǎohóngshū", None, "noun RedNote (app)"),
        ("nan-min", "other", "难民", None, "nàn mín", None, "refugee"),
        ("maoshui", "other", "猫税", "貓稅", "māoshuì", None, "cat tax"),
        ("wanghong", "other", "网红", "網紅", "wǎnghóng", None, "internet celebrity"),
    ]
    assert [c.origin for c in got.concepts] == [{}, {}, {}, {}, {"zh": "rule"}]
    assert got.skipped == [
        Skipped(8, "headword 'RedNote' is not Chinese characters (简体[繁體])"),
        Skipped(9, "1 columns; a Pleco card is headword<TAB>pinyin<TAB>definition"),
    ]


def test_pleco_formatting_characters_are_dropped(tmp_path: Path) -> None:
    path = written(tmp_path, "cards.txt", PLECO.encode("utf-8"))
    assert imports.read(path, "pleco").concepts[1].gloss == "noun RedNote (app)"


def test_generic_termbases_by_their_header(tmp_path: Path) -> None:
    path = written(
        tmp_path,
        "tb.csv",
        "Term;Translation;Definition;Chinese (Traditional);Owner\n"
        "RedNote;小红书;the app;小紅書;me\n"
        "Red Note;;;\n"
        ";;nothing\n".encode(),
    )
    with collected() as warnings:
        got = imports.read(path)
    assert warnings == [
        f"{path}:1: column 'Owner' is not imported (unknown name)",
        f"{path}:3: skipped: 4 cells where the header has 5",
        f"{path}:4: skipped: 3 cells where the header has 5",
    ]
    (c,) = got.concepts
    assert (c.id, c.zh, c.zh_hant, c.en, c.note) == ("rednote", "小红书", "小紅書", "RedNote", "the app")
    assert imports.detect(written(tmp_path, "tb.txt", "zh;en\n猫税;cat tax\n".encode())) == "csv"
    tsv = written(tmp_path, "tb.txt", "中文\t英文\t拼音\n猫税\tcat tax\tmāoshuì\n\t\t\n".encode())
    assert imports.detect(tsv) == "tsv"
    (c,) = imports.read(tsv).concepts
    assert (c.zh, c.en, c.pinyin, c.aliases) == ("猫税", "cat tax", "māoshuì", [])


def test_a_row_without_a_term_is_skipped_and_an_unknown_category_is_other(tmp_path: Path) -> None:
    path = written(tmp_path, "t.csv", b"id,category,status,zh,en\nok,planet,reviewed,,x\nnone,meme,candidate,,\n")
    with collected() as warnings:
        got = imports.read(path)
    assert [(c.id, c.category, c.status) for c in got.concepts] == [("ok", "other", "candidate")]
    assert got.skipped == [Skipped(3, "no term: the zh and en cells are empty")]
    assert warnings[0] == f"{path}:2: unknown category 'planet'; imported as 'other'"


@pytest.mark.parametrize(
    ("name", "content", "fmt", "message"),
    [
        ("empty.csv", b"", None, "{path}: empty file; nothing to import"),
        ("blank.tsv", b"\n \n", None, "{path}: empty file; nothing to import"),
        (
            "garbage.csv",
            bytes(range(256)) * 8,
            None,
            "{path}: binary or undecodable: not text in UTF-8, UTF-16, GB18030 or Big5; nothing imported",
        ),
        (
            "png.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
            "pleco",
            "{path}: binary or undecodable: not text in UTF-8, UTF-16, GB18030 or Big5; nothing imported",
        ),
        ("header.csv", b"id,en\n", None, "{path}: nothing to import: no terms in it"),
        (
            "names.csv",
            b"foo,bar\n1,2\n",
            None,
            "{path}:1: no column of terms in the header (expected names such as en,zh / English,Chinese / term,translation)",
        ),
        ("twice.csv", b"en,English\na,b\n", None, "{path}:1: columns 'en' and 'English' both hold en"),
        (
            "wrong.csv",
            b"en,zh\nRedNote,\xe5\xb0\x8f\n",
            "pleco",
            "{path}: nothing to import: every row was skipped (2)",
        ),
        (
            "quote.csv",
            b'en,zh\n"a"b,c\x00\n',
            None,
            "{path}: binary or undecodable: not text in UTF-8, UTF-16, GB18030 or Big5; nothing imported",
        ),
    ],
)
def test_files_that_cannot_be_imported(
    tmp_path: Path, name: str, content: bytes, fmt: str | None, message: str
) -> None:
    path = written(tmp_path, name, content)
    with pytest.raises(UnusableFileError) as e:
        imports.read(path, fmt)
    assert str(e.value) == message.format(path=path)


def test_a_gb18030_file_that_stops_decoding_names_the_line(tmp_path: Path) -> None:
    text = "//Slang\n" + "猫税[貓稅]\tmao1shui4\tcat tax\n" * 30
    path = written(tmp_path, "cards.txt", text.encode("gb18030") + b"\xff\xfe\xfd\n")
    with pytest.raises(UnusableFileError) as e:
        imports.read(path, "pleco")
    assert str(e.value) == f"{path}:32: not valid GB18030 text from here on; nothing imported"


def test_the_format_is_asked_for_when_it_cannot_be_told(tmp_path: Path) -> None:
    path = written(tmp_path, "notes.txt", b"just some English prose\nand more\n")
    with pytest.raises(UsageError) as e:
        imports.read(path)
    assert str(e.value) == f"{path}: cannot tell its format; give --format (csv, tsv, pleco, omegat, tbx)"
    with pytest.raises(UsageError, match="unknown import format 'xlsx' \\(known: csv, tsv, pleco, omegat, tbx\\)"):
        imports.read(path, "xlsx")


def test_a_plugin_registers_a_format_in_one_line(tmp_path: Path) -> None:
    def parse(path: Path) -> imports.Imported:
        return imports.Imported([Concept(id="x", en=path.read_text(encoding="utf-8").strip())])

    imports.register("shout", imports.Importer(parse, (".shout",), "one English term"))
    try:
        path = written(tmp_path, "a.shout", b"RedNote\n")
        assert imports.detect(path) == "shout" and imports.read(path).concepts[0].en == "RedNote"
    finally:
        imports.IMPORTERS.unregister("shout")


def test_utf16_without_a_byte_order_mark(tmp_path: Path) -> None:
    path = written(tmp_path, "tb.csv", codecs.encode("en,zh\nRedNote,小红书\n", "utf-16-le"))
    assert [(c.en, c.zh) for c in imports.read(path).concepts] == [("RedNote", "小红书")]


def test_the_bundled_glossary_reads_back_from_pleco(tmp_path: Path, bundled_terms: Path) -> None:
    """Every concept with Chinese comes back as a card with its characters (both scripts), its pinyin
    (tone numbers written back as marks) and its category; the definition is its English and note."""
    from glossary.terms.store import load

    g = load(bundled_terms)
    exported = {c.zh or c.zh_hant: c for c in g.concepts if has_cjk((c.zh or "") + (c.zh_hant or ""))}
    got = imports.read(written(tmp_path, "flashcards.txt", ex.export(g, "pleco")), "pleco")
    assert got.skipped == []
    back = {c.zh: c for c in got.concepts}
    assert back.keys() == exported.keys()
    for zh, c in back.items():
        o = exported[zh]
        hant = o.zh_hant if o.zh_hant != o.zh else None
        assert (c.zh_hant, c.pinyin, c.category) == (hant, o.pinyin, o.category), zh
        assert c.gloss and c.gloss.startswith(one_line(o.en or o.note or "")[:20]), zh

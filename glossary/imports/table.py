"""CSV and TSV termbases: the csv and tsv exports read back, and any table with a header row.

The header names the columns: the exports' own (``id, category, status, zh, zh_hant, pinyin,
en, aliases, …``), or a termbase's (``en,zh``, ``English,Chinese``, ``Chinese (Traditional)``,
``pinyin``, ``note``/``definition``/``comment``); a pair such as ``term,translation`` or
``source,target`` is told apart by which column holds Chinese. Other columns are left out, with
a warning. A file written by the exports (its header begins ``id, category, status``) has its
cells read as they were written: a formula neutralised with ``'`` taken back, the TSV's
``\\n``, ``\\t``, ``\\\\`` undone, aliases as ``text [kind]`` lines, refs as ``label: URL`` lines,
sources as ``path:line`` with their post ids and dates line for line. A row with more or
fewer cells than the header is skipped.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "termbase.csv"
>>> _ = p.write_text("English,Chinese,Notes\\nRedNote,小红书,the app\\nTikTok refugee,TikTok难民\\n", encoding="utf-8")
>>> got = parse_csv(p)
>>> [(c.id, c.zh, c.en, c.note) for c in got.concepts], got.skipped
([('rednote', '小红书', 'RedNote', 'the app')], [Skipped(line=3, reason='2 cells where the header has 3')])
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Callable, Iterator

from glossary.errors import UnusableFileError
from glossary.imports.common import category_named, cell, concept_id, kind_named
from glossary.imports.model import Imported, Skipped
from glossary.imports.source import text_of
from glossary.report import warn
from glossary.terms.model import Alias, Concept, Example, Ref, Source
from glossary.terms.schema import ID_PATTERN
from glossary.text.cells import plain, unescape_tsv, untagged
from glossary.text.normalize import clean_text, has_cjk

#: A header's name (folded: lower case, no spaces, '_', '-' or brackets) → the field its column fills.
HEADERS: dict[str, str] = {
    **dict.fromkeys(("id", "category", "status", "literal", "gloss", "example", "refs", "sources"), ""),
    **dict.fromkeys(("zh", "zhcn", "zhhans", "zhsg", "chinese", "simplified", "simplifiedchinese"), "zh"),
    **dict.fromkeys(("chinesesimplified", "hanzi", "characters", "中文", "简体", "简体中文", "汉字"), "zh"),
    **dict.fromkeys(("zhhant", "zhtw", "zhhk", "traditional", "traditionalchinese", "chinesetraditional"), "zh_hant"),
    **dict.fromkeys(("繁体", "繁體", "繁体中文", "繁體中文"), "zh_hant"),
    **dict.fromkeys(("pinyin", "拼音"), "pinyin"),
    **dict.fromkeys(("en", "enus", "engb", "english", "英文", "英语"), "en"),
    **dict.fromkeys(("aliases", "synonyms", "variants", "otherforms"), "aliases"),
    **dict.fromkeys(("note", "notes", "comment", "comments", "description", "definition", "remarks"), "note"),
    **dict.fromkeys(("备注", "注释", "说明", "释义"), "note"),
    **dict.fromkeys(("term", "source", "sourceterm", "translation", "target", "targetterm"), "?"),
    "sourceids": "source_ids",
    "sourcedates": "source_dates",
}
#: The first columns of the csv and tsv exports: a file that begins so is read as they write.
OWN = ("id", "category", "status")
_KEY = re.compile(r"[\s_\-()（）]+")
_REF = re.compile(r"^(?P<label>.*): (?P<url>https?://\S+)$")
_DATE = re.compile(r"^\d{4}(-\d\d){0,2}$")


def header_key(name: str) -> str:
    """A header name as :data:`HEADERS` knows it: ``Chinese (Simplified)`` → ``chinesesimplified``."""
    return _KEY.sub("", name.strip().lstrip("\ufeff").casefold())


class Table:
    """The columns of a termbase's header: which field each fills (None: left out)."""

    def __init__(self, path: Path, header: list[str], rows: list[tuple[int, list[str]]]) -> None:
        self.path = path
        self.names = [cell(h) for h in header]
        keys = [header_key(h) for h in self.names]
        self.own = tuple(keys[:3]) == OWN
        self.fields: list[str | None] = [(HEADERS[k] or k) if k in HEADERS else None for k in keys]
        self._pair(rows)
        seen: dict[str, str] = {}
        for name, f in zip(self.names, self.fields):
            if f is None:
                warn(f"{path}:1: column {name!r} is not imported (unknown name)")
            elif f in seen:
                raise UnusableFileError(f"{path}:1: columns {seen[f]!r} and {name!r} both hold {f}")
            else:
                seen[f] = name
        if "zh" not in seen and "en" not in seen:
            raise UnusableFileError(
                f"{path}:1: no column of terms in the header (expected names such as en,zh / English,Chinese / term,translation)"
            )

    def _pair(self, rows: list[tuple[int, list[str]]]) -> None:
        """Columns such as term/translation: the one that holds Chinese is zh, the other en."""
        pair = [i for i, f in enumerate(self.fields) if f == "?"]
        share = {}
        for i in pair:
            cells = [r[i] for _, r in rows if i < len(r) and r[i].strip()]
            share[i] = sum(map(has_cjk, cells)) / max(len(cells), 1)
        for i in sorted(pair, key=lambda i: -share[i]):
            taken = set(self.fields)
            wanted = "zh" if share[i] > 0.5 and "zh" not in taken else "en"
            self.fields[i] = wanted if wanted not in taken else None

    def concept(self, line: int, cells: list[str]) -> Concept | Skipped:
        """The concept of one row, or why it is skipped."""
        if len(cells) != len(self.fields):
            return Skipped(line, f"{len(cells)} cells where the header has {len(self.fields)}")
        raw = {f: clean_text(v) for f, v in zip(self.fields, cells) if f}
        values = {f: v.strip() for f, v in raw.items()}
        text = {k: v or None for k, v in values.items()}
        zh, en = text.get("zh"), text.get("en")
        if not zh and not en:
            return Skipped(line, "no term: the zh and en cells are empty")
        category = "other"
        if values.get("category"):
            category = category_named(values["category"]) or "other"
            if category == "other" and values["category"] != "other":
                warn(f"{self.path}:{line}: unknown category {values['category']!r}; imported as 'other'")
        cid = values.get("id", "")
        sources = [_source(s) for s in values.get("sources", "").splitlines() if s.strip()]
        _posts(sources, raw.get("source_ids", ""), raw.get("source_dates", ""))
        example = _example(text.get("example"), sources)
        return Concept(
            id=cid if re.match(ID_PATTERN, cid) else concept_id(en=en, pinyin=text.get("pinyin"), zh=zh),
            category=category,
            zh=zh,
            zh_hant=text.get("zh_hant"),
            pinyin=text.get("pinyin"),
            en=en,
            aliases=_aliases(raw.get("aliases", ""), self.own),
            literal=text.get("literal"),
            gloss=text.get("gloss"),
            note=text.get("note"),
            example=example,
            refs=[r for r in map(_ref, values.get("refs", "").splitlines()) if r],
            sources=sources,
        )


def _aliases(value: str, own: bool) -> list[Alias]:
    """``text [kind]`` lines (a termbase's cell may also list them with ';')."""
    lines = value.splitlines() if own else re.split(r"[\n;；]", value)
    out = []
    for line in lines:
        text, tag = untagged(line.rstrip())
        kind = kind_named(tag) if tag else None
        text = text.strip() if kind else line.strip()
        if text:
            out.append(Alias(text, kind or "variant"))
    return out


def _example(value: str | None, sources: list[Source]) -> Example | None:
    """``中文 — English`` is the concept's example; any other sentence the first source's."""
    if not value:
        return None
    zh, dash, en = value.partition(" — ")
    if dash and has_cjk(zh) and en.strip() and not has_cjk(en):
        return Example(zh.strip(), en.strip())
    if sources and not sources[0].sentence:
        sources[0].sentence = value
    return None


def _ref(line: str) -> Ref | None:
    """``Outlet, 2025-01-15: URL`` (the export writes the address's host when the outlet is not
    known: it is read as the outlet, which it usually is)."""
    m = _REF.match(line.strip())
    if not m:
        return None
    label, url = m["label"], m["url"]
    outlet, comma, date = label.rpartition(", ")
    if not (comma and _DATE.match(date)):
        outlet, date = label, ""
    return Ref(url, outlet or None, date or None)


def _source(line: str) -> Source:
    path, colon, number = line.strip().rpartition(":")
    return Source(path, int(number)) if colon and number.isdigit() else Source(line.strip())


def _posts(sources: list[Source], ids: str, dates: str) -> None:
    """The post id and date of each source, from the cells that list them line for line (as the
    exports write them: an empty line for a source without one)."""
    posts, days = ids.split("\n"), dates.split("\n")
    for n, source in enumerate(sources):
        post, date = posts[n] if n < len(posts) else "", days[n] if n < len(days) else ""
        source.id, source.date = post.strip() or None, date.strip() or None


def _parse(path: Path, rows: Iterator[tuple[int, list[str]]], unescape: Callable[[str], str]) -> Imported:
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        raise UnusableFileError(f"{path}: empty file; nothing to import")
    body = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    table = Table(path, first[1], body)
    out = Imported([])
    for line, cells in body:
        found = table.concept(line, [unescape(c) for c in cells] if table.own else cells)
        (out.skipped if isinstance(found, Skipped) else out.concepts).append(found)  # type: ignore[arg-type]
    return out


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as e:
        raise UnusableFileError(f"{path}:{reader.line_num}: not CSV: {e}") from None


def parse_csv(path: Path) -> Imported:
    """A CSV termbase or the csv export (comma, semicolon or tab separated, as its header is)."""
    text = text_of(path)
    return _parse(path, _csv_rows(path, text), plain)


def _tsv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield n, line.split("\t")


def parse_tsv(path: Path) -> Imported:
    """A tab-separated termbase (one record per line) or the tsv export."""
    return _parse(path, _tsv_rows(text_of(path)), lambda c: plain(unescape_tsv(c)))


def sniff_csv(head: str) -> bool:
    """A first line of comma- or semicolon-separated names (no tabs), one of them a column of terms."""
    first = head.split("\n", 1)[0]
    if "\t" in first:
        return False
    names = next(csv.reader([first], delimiter=max(",;", key=first.count)), [])
    return len(names) > 1 and any(HEADERS.get(header_key(n)) in ("zh", "en", "?") for n in names)


def sniff_tsv(head: str) -> bool:
    """A first line of tab-separated names, one of them a column of terms."""
    names = head.split("\n", 1)[0].split("\t")
    return len(names) > 1 and any(HEADERS.get(header_key(n)) in ("zh", "en", "?") for n in names)

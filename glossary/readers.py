"""Reading a corpus: files, folders and standard input as a stream of text units.

A *unit* is a paragraph (plain text), a block (Markdown, HTML) or a record
(JSON Lines) together with the file and line it starts on. Files are read one
at a time and line by line where the format allows it, so memory stays flat
however large the corpus.

Encodings are detected from a sample of each file: UTF-8 with or without BOM,
UTF-16 (with BOM, or without one when the text has ASCII in it), GB18030/GBK and
Big5. Binary and undecodable files are skipped with a warning naming them.

>>> detect_encoding("小红书又称小红薯".encode("gb18030")), detect_encoding("小紅書又稱小紅薯".encode("big5"))
('gb18030', 'big5')
>>> detect_encoding(b"\\xef\\xbb\\xbfRedNote"), detect_encoding("TikTok难民".encode("utf-16")), detect_encoding(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
('utf-8-sig', 'utf-16', None)
>>> [(u.line, u.text) for u in text_units(io.StringIO("RedNote\\n\\n小红书\\n又称小红薯\\n"), "a.txt")]
[(1, 'RedNote'), (3, '小红书\\n又称小红薯')]
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import io
import json
import math
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from .chars import to_simplified
from .errors import UsageError

#: Bytes of each file looked at to detect its encoding.
SAMPLE_SIZE = 1 << 16
#: A unit is cut after this many lines or characters, whatever the paragraphs.
MAX_UNIT_LINES = 40
MAX_UNIT_CHARS = 8000

FORMATS = ("txt", "md", "html", "jsonl")
EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".srt": "txt", ".vtt": "txt", ".csv": "txt", ".tsv": "txt", ".log": "txt",
    ".md": "md", ".markdown": "md", ".mdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
}
STDIN = "-"

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Unit:
    """A piece of text and where it starts. ``multiline``: newlines in ``text`` are file lines."""

    path: str
    line: int
    text: str
    multiline: bool = True

    def line_at(self, offset: int) -> int:
        """The file line of character ``offset`` of the text."""
        return self.line + (self.text.count("\n", 0, offset) if self.multiline else 0)


@dataclass(frozen=True)
class Source:
    """One input: a file (or standard input, spooled to one), its format ('auto': sniffed) and size."""

    path: str
    format: str
    size: int = 0
    name: str = ""

    @property
    def label(self) -> str:
        """How sources name this input: its path, or ``<stdin>``."""
        return self.name or self.path


# --- finding the inputs ---------------------------------------------------------------


def format_of(path: str | Path, default: str = "txt") -> str:
    """The format a file is read as, from its extension.

    >>> format_of("posts.jsonl"), format_of("notes.MD"), format_of("page.htm"), format_of("README")
    ('jsonl', 'md', 'html', 'txt')
    """
    return EXTENSIONS.get(Path(path).suffix.lower(), default)


def sources(paths: Iterable[str], input_format: str | None = None, warn: Warn | None = None) -> list[Source]:
    """Every input named by ``paths``: files, folders walked recursively (hidden ones skipped), ``-``.

    A path that does not exist is a :class:`UsageError`.
    """
    if input_format and input_format not in FORMATS:
        raise UsageError(f"unknown input format {input_format!r} (expected one of: {', '.join(FORMATS)})")
    out: list[Source] = []
    for raw in paths:
        if raw == STDIN:
            out.append(Source(STDIN, input_format or "auto"))
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        file = Path(root) / name
                        out.append(Source(str(file), input_format or format_of(file), _size(file)))
        elif path.exists():
            out.append(Source(str(path), input_format or format_of(path), _size(path)))
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# --- encodings ------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _decodes(sample: bytes, encoding: str, final: bool) -> str | None:
    """``sample`` decoded strictly, allowing a cut multi-byte character at its end unless ``final``."""
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(sample, final)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when zero bytes sit on one parity only, as ASCII in UTF-16 does."""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    if odd > 0.2 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.2 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


@functools.lru_cache(maxsize=1)
def _char_weights() -> dict[str, float]:
    """How common each simplified character is (log frequency over wordfreq's Chinese words)."""
    from wordfreq import get_frequency_dict

    total: dict[str, float] = {}
    for word, freq in get_frequency_dict("zh").items():
        for ch in word:
            total[ch] = total.get(ch, 0.0) + freq
    return {ch: math.log10(f) for ch, f in total.items()}


def plausibility(text: str) -> float:
    """Mean log frequency of the Chinese characters of ``text`` (higher: more like real Chinese).

    >>> plausibility("小红书") > plausibility("СºìÊé")
    True
    """
    chars = _CJK_CHAR.findall(to_simplified(text))
    if not chars:
        return -9.0
    weights = _char_weights()
    return sum(weights.get(c, -9.0) for c in chars) / len(chars)


#: Below this plausibility a GB/Big5 reading is taken for garbage.
MIN_PLAUSIBILITY = -6.0


_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")


def looks_like_text(text: str) -> bool:
    """No more than 1% control, unassigned, private-use or surrogate characters (or stray BOMs),
    and, when mostly Chinese, characters real Chinese uses.

    >>> looks_like_text("小红书 RedNote\\n"), looks_like_text("臽Ｐ\\ufdfeめ\\ufeff" * 50)
    (True, False)
    """
    import unicodedata

    head = text[:8192]
    if not head:
        return True
    bad = head.count("\ufeff", 1) + head.count("\ufffd")
    for c in head:
        if c in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"):
            bad += 1
    if bad > 0.01 * len(head):
        return False
    cjk = len(_CJK_CHAR.findall(head))
    return cjk < 0.2 * len(head.replace(" ", "")) or plausibility(head) >= MIN_PLAUSIBILITY


def detect_encoding(sample: bytes, final: bool = True) -> str | None:
    """The encoding of a file from a sample of its bytes; None if it is binary or undecodable.

    ``final``: the sample is the whole file (else a character may be cut at its end).
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            even = sample[: len(sample) & ~3] if name == "utf-32" else sample[: len(sample) & ~1] if name == "utf-16" else sample
            text = _decodes(even, name, False)
            return name if text is not None and looks_like_text(text) else None
    if b"\x00" in sample:
        even = sample[: len(sample) & ~1]
        name = _utf16_without_bom(even)
        text = _decodes(even, name, False) if name else None
        return name if text is not None and looks_like_text(text) else None
    text = _decodes(sample, "utf-8", final)
    if text is not None:
        return "utf-8" if looks_like_text(text) else None
    readings = []
    for name in ("gb18030", "big5"):
        text = _decodes(sample, name, final)
        if text is not None and len(_CONTROL.findall(text)) <= 0.01 * len(text):
            readings.append((plausibility(text), name))
    if readings and max(readings)[0] >= MIN_PLAUSIBILITY:
        return max(readings)[1]
    # mostly ASCII with a few Windows-1252 curly quotes or accents: a Western file, not Chinese
    if sum(b >= 0x80 for b in sample) <= 0.2 * len(sample):
        text = _decodes(sample, "cp1252", True)
        if text is not None and not _CONTROL.search(text):
            return "cp1252"
    return None


def open_text(path: str, warn: Warn | None = None) -> IO[str] | None:
    """A text stream of a file in its detected encoding; None (with a warning) if binary or undecodable."""
    try:
        f = open(path, "rb")
    except OSError as e:
        _warn(warn, f"skipped {path}: {e.strerror or e}")
        return None
    sample = f.read(SAMPLE_SIZE)
    whole = len(sample) < SAMPLE_SIZE
    encoding = detect_encoding(sample, final=whole)
    if encoding is None:
        f.close()
        _warn(warn, f"skipped {path}: binary or undecodable file (not UTF-8, UTF-16, GB18030 or Big5)")
        return None
    f.seek(0)
    return io.TextIOWrapper(f, encoding=encoding, errors="replace", newline=None)


def _warn(warn: Warn | None, message: str) -> None:
    if warn:
        warn(message)
    else:
        print(f"warning: {message}", file=sys.stderr)


# --- formats ----------------------------------------------------------------------------------


def text_units(stream: Iterable[str], path: str) -> Iterator[Unit]:
    """Plain text as paragraphs (runs of non-blank lines), each with its first line."""
    lines: list[str] = []
    start = 0
    size = 0
    for number, line in enumerate(stream, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            if lines:
                yield Unit(path, start, "\n".join(lines))
                lines, size = [], 0
            continue
        if not lines:
            start = number
        lines.append(line)
        size += len(line)
        if len(lines) >= MAX_UNIT_LINES or size >= MAX_UNIT_CHARS:
            yield Unit(path, start, "\n".join(lines))
            lines, size = [], 0
    if lines:
        yield Unit(path, start, "\n".join(lines))


def markdown_units(stream: IO[str], path: str) -> Iterator[Unit]:
    """Markdown as its text blocks (paragraphs, headings, list items, table cells); code is left out."""
    from markdown_it import MarkdownIt

    text = stream.read()
    md = MarkdownIt("commonmark").enable("table")
    for token in md.parse(text):
        if token.type == "inline" and token.map:
            parts = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
                elif child.type == "image":
                    parts.append(child.content)
            body = "".join(parts)
            if body.strip():
                yield Unit(path, token.map[0] + 1, body)
        elif token.type == "html_block" and token.map:
            for unit in html_units(io.StringIO(token.content), path):
                yield Unit(path, token.map[0] + unit.line, unit.text, unit.multiline)


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table td th title tr ul caption summary details".split()
)
_SKIP_TAGS = frozenset("script style noscript template svg math object iframe canvas".split())


class _HTMLText(HTMLParser):
    """Collects the visible text of HTML as blocks with their starting lines."""

    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.units: list[Unit] = []
        self.parts: list[str] = []
        self.start = 0
        self.skip = 0

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.parts)).strip()
        if text:
            self.units.append(Unit(self.path, self.start, text, multiline=False))
        self.parts = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.flush()
        if tag == "img":
            alt = dict(attrs).get("alt")
            if alt and not self.skip:
                self.handle_data(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(self.skip - 1, 0)
        elif tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if not self.parts and data.strip():
            self.start = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        if self.parts or data.strip():
            self.parts.append(data)


def html_units(stream: IO[str], path: str) -> Iterator[Unit]:
    """The visible text of an HTML page (no scripts, styles or tags), block by block, streamed."""
    parser = _HTMLText(path)
    while True:
        chunk = stream.read(1 << 16)
        if not chunk:
            break
        parser.feed(chunk)
        yield from parser.units
        parser.units.clear()
    parser.close()
    parser.flush()
    yield from parser.units


def jsonl_units(stream: IO[str], path: str, text_field: str = "text", warn: Warn | None = None) -> Iterator[Unit]:
    """The text field of each JSON Lines record (a dotted name reaches into nested objects).

    A file holding one JSON array of records is read too.
    """
    first = ""
    for first in iter(lambda: stream.read(1), ""):
        if not first.isspace():
            break
    if first == "[":
        try:
            records = json.loads(first + stream.read())
        except json.JSONDecodeError as e:
            _warn(warn, f"{path}:{e.lineno}: not valid JSON, file skipped")
            return
        for record in records if isinstance(records, list) else [records]:
            text = _field(record, text_field)
            if text:
                yield Unit(path, 1, text, multiline=False)
        return
    bad = missing = 0
    for number, line in enumerate(_prepend(first, stream), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            bad += 1
            if bad <= 3:
                _warn(warn, f"{path}:{number}: not a JSON record, line skipped")
            continue
        text = _field(record, text_field)
        if text:
            yield Unit(path, number, text, multiline=False)
        else:
            missing += 1
    if missing:
        _warn(warn, f"{path}: {missing} record{'s' if missing != 1 else ''} without a text field {text_field!r}")


def _prepend(first: str, stream: IO[str]) -> Iterator[str]:
    rest = stream.readline()
    yield first + rest
    yield from stream


def _field(record: object, name: str) -> str | None:
    value = record
    for part in name.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value if isinstance(value, str) and value.strip() else None


def sniff_format(head: str) -> str:
    """Guess the format of standard input from its first characters.

    >>> sniff_format('{"text": "小红书"}'), sniff_format("<!DOCTYPE html><p>RedNote"), sniff_format("RedNote")
    ('jsonl', 'html', 'txt')
    """
    start = head.lstrip()[:200].lower()
    if start.startswith(("{", "[")):
        return "jsonl"
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<p", "<div", "<article", "<section")):
        return "html"
    return "txt"


def units(source: Source, text_field: str = "text", warn: Warn | None = None) -> Iterator[Unit]:
    """The text units of one input; nothing (after a warning) if it cannot be read as text."""
    if source.path == STDIN:
        raise UsageError("standard input must be spooled first (see readers.spooled)")
    stream = open_text(source.path, warn if not source.name else _renamed(warn, source))
    if stream is None:
        return
    name = source.label
    fmt = source.format
    with stream:
        if fmt == "auto":
            head = stream.read(4096)
            fmt = sniff_format(head.lstrip("\ufeff"))
            stream.seek(0)
        if fmt == "md":
            yield from markdown_units(stream, name)
        elif fmt == "html":
            yield from html_units(stream, name)
        elif fmt == "jsonl":
            yield from jsonl_units(stream, name, text_field, warn)
        else:
            yield from text_units(stream, name)


def _renamed(warn: Warn | None, source: Source) -> Warn:
    return lambda message: _warn(warn, message.replace(source.path, source.label))


@contextlib.contextmanager
def spooled(inputs: list[Source], stdin: IO[bytes] | None = None) -> Iterator[list[Source]]:
    """The inputs with standard input copied to a temporary file, so that every input can be read twice.

    The copy streams in chunks; the file is removed on exit.
    """
    if all(s.path != STDIN for s in inputs):
        yield inputs
        return
    stream = stdin or sys.stdin.buffer
    with tempfile.NamedTemporaryFile(prefix="glossary-stdin-", delete=False) as tmp:
        shutil.copyfileobj(stream, tmp, 1 << 20)
    try:
        yield [Source(tmp.name, s.format, _size(Path(tmp.name)), "<stdin>") if s.path == STDIN else s for s in inputs]
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp.name)


def corpus(paths: Iterable[str], input_format: str | None = None, text_field: str = "text",
           warn: Warn | None = None) -> Iterator[Unit]:
    """Every text unit of every input, in order."""
    with spooled(sources(paths, input_format, warn)) as inputs:
        for source in inputs:
            yield from units(source, text_field, warn)


__all__ = [
    "Unit", "Source", "sources", "units", "corpus", "detect_encoding", "open_text", "format_of",
    "text_units", "markdown_units", "html_units", "jsonl_units", "spooled", "sniff_format", "FORMATS", "STDIN",
]

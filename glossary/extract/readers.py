"""Reading a corpus: files, folders and standard input as a stream of text units.

A *unit* is a paragraph (plain text), a block (Markdown, HTML) or a record
(JSON Lines) together with the file and line it starts on. Files are read one
at a time and line by line where the format allows it, so memory stays flat
however large the corpus.

Encodings are detected from a sample of each file: UTF-8 with or without BOM,
UTF-16 (with BOM, or without one when the text has ASCII in it), GB18030/GBK and
Big5 — and EUC-JP, Shift-JIS and EUC-KR, told from Chinese by their kana and hangul,
so that Japanese and Korean are never read as Chinese. Binary and undecodable files
are skipped with a warning naming them; bytes that stop decoding further into a file
are replaced, with a warning giving their offset (warnings go to :mod:`glossary.report`).

The corpus is untrusted: every unit's text is made inert as it is read
(:func:`glossary.text.normalize.clean_text`: no control characters but tab and newline,
no bidi overrides, no lone surrogates); folders are walked without following symbolic
links out of the folders given, and FIFOs, sockets and devices are skipped unopened.

>>> detect_encoding("小红书又称小红薯".encode("gb18030")), detect_encoding("小紅書又稱小紅薯".encode("big5"))
('gb18030', 'big5')
>>> detect_encoding("東京は日本の首都です".encode("euc-jp")), detect_encoding("서울은 한국의 수도입니다".encode("euc-kr"))
('euc_jp', 'euc_kr')
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
import stat
import sys
import tempfile
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

from glossary.errors import PluginError, UsageError
from glossary.registry import Registry
from glossary.report import warn
from glossary.text.normalize import clean_text
from glossary.text.scripts import to_simplified
from glossary.text.sentences import cut_point

#: Bytes of each file looked at to detect its encoding.
SAMPLE_SIZE = 1 << 16
#: A unit is cut after this many lines or characters, whatever the paragraphs.
MAX_UNIT_LINES = 40
MAX_UNIT_CHARS = 8000
#: A line longer than this (a file without line breaks) is read in pieces of at most this many
#: characters, each cut where a sentence or a word ends when it can: memory stays bounded.
MAX_LINE_CHARS = 1 << 20
#: A JSON Lines record longer than this many characters is skipped unread.
MAX_RECORD_CHARS = 1 << 24

STDIN = "-"
#: How sources name standard input.
STDIN_LABEL = "<stdin>"


@dataclass(frozen=True)
class Unit:
    """A piece of text and where it starts. ``multiline``: newlines in ``text`` are file lines.

    ``id`` and ``date``: the post's id and date, from the record's fields ``--id-field`` and
    ``--date-field`` name (JSON Lines, CSV, TSV, Parquet), as the corpus writes them."""

    path: str
    line: int
    text: str
    multiline: bool = True
    id: str | None = None
    date: str | None = None

    def line_at(self, offset: int) -> int:
        """The file line of character ``offset`` of the text."""
        return self.line + (self.text.count("\n", 0, offset) if self.multiline else 0)


@dataclass(frozen=True)
class Input:
    """One input: a file (or standard input, spooled to one), its format ('auto': sniffed) and size.

    ``identity``: the (device, inode) the file had when listed; a file found to be another one
    when opened (swapped for a FIFO or a link meanwhile) is skipped.
    """

    path: str
    format: str
    size: int = 0
    name: str = ""
    identity: tuple[int, int] | None = None

    @property
    def label(self) -> str:
        """How sources name this input: its :func:`source_name`, or ``<stdin>`` (its path if unnamed)."""
        return self.name or self.path

    @property
    def shown(self) -> str:
        """How warnings (on this machine only) name this input: its path as reached, or ``<stdin>``."""
        return self.name if self.name == STDIN_LABEL else self.path


ReadUnits = Callable[..., Iterable[Unit]]


@dataclass(frozen=True)
class Reader:
    """An input format: ``read(stream, path, *, text_field)`` yields the :class:`Unit` of a
    text stream (a record format also takes ``id_field`` and ``date_field``, passed only when given); ``suffixes`` (lower case, with the dot) are the file names it reads; ``sniff``
    tells standard input in this format from its first characters (stripped, lower case)."""

    read: ReadUnits
    suffixes: tuple[str, ...] = ()
    sniff: Callable[[str], bool] | None = None
    description: str = ""
    #: reads the file's bytes (a binary stream), not decoded text
    binary: bool = False


def _as_reader(name: str, obj: object) -> Reader:
    if isinstance(obj, Reader):
        return obj
    if callable(obj):
        return Reader(
            read=obj,
            suffixes=tuple(getattr(obj, "suffixes", ())),
            sniff=getattr(obj, "sniff", None),
            description=getattr(obj, "description", ""),
        )
    raise PluginError(f"reader {name!r} is a {type(obj).__name__}, not a Reader or a function")


#: The input formats, by name, in the order they are tried; plugins in the entry-point group
#: ``glossary.readers`` (a :class:`Reader`, or a ``read`` function with ``suffixes``) come after
#: the built-in ones (txt, md, html, jsonl, csv, tsv, parquet, registered at the end of this module).
READERS: Registry[Reader] = Registry("reader", "glossary.readers", coerce=_as_reader, label="input format")


def _extensions() -> dict[str, str]:
    """Which format reads each file suffix: the first reader to claim it."""
    out: dict[str, str] = {}
    for name, reader in READERS.all().items():
        for suffix in reader.suffixes:
            out.setdefault(suffix.lower(), name)
    return out


# --- finding the inputs ---------------------------------------------------------------


def format_of(path: str | Path, default: str = "txt", extensions: dict[str, str] | None = None) -> str:
    """The format a file is read as, from its extension (see :data:`READERS`).

    >>> format_of("posts.jsonl"), format_of("notes.MD"), format_of("page.htm"), format_of("README")
    ('jsonl', 'md', 'html', 'txt')
    """
    return (extensions or _extensions()).get(Path(path).suffix.lower(), default)


def sources(paths: Iterable[str], input_format: str | None = None, follow_symlinks: bool = False) -> list[Input]:
    """Every input named by ``paths``: files, folders walked recursively (hidden ones skipped), ``-``.

    A path named here is read even if it is a symbolic link. Inside a folder, a link is followed
    only to a file or folder within the paths given (each file is read once, however many links
    reach it); a link out of them is skipped with a warning unless ``follow_symlinks``.
    FIFOs, sockets and devices are skipped with a warning and never opened.
    A path that does not exist is a :class:`UsageError`.
    """
    if input_format and input_format not in READERS:
        raise UsageError(f"unknown input format {input_format!r} (expected one of: {', '.join(READERS.names())})")
    paths = list(paths)
    walk = _Walk([os.path.realpath(p) for p in paths if p != STDIN], input_format, follow_symlinks)
    for raw in paths:
        if raw == STDIN:
            walk.out.append(Input(STDIN, input_format or "auto", name=STDIN_LABEL))
            walk.named.append((STDIN_LABEL, STDIN_LABEL))
            continue
        try:
            info = os.stat(raw)
        except FileNotFoundError:
            raise UsageError(f"{raw}: no such file or folder") from None
        except OSError as e:
            raise UsageError(f"{raw}: {e.strerror or e}") from None
        walk.root = raw if stat.S_ISDIR(info.st_mode) else os.path.dirname(os.path.abspath(raw))
        walk.visit(raw, info)
    return walk.named_inputs()


def source_name(path: str, base: str) -> str:
    """How sources name the file ``path``: relative to ``base`` (the folder the user named, or the
    folder of a file named), with ``/`` between folders, so that no absolute path of the user's
    machine is recorded.

    >>> source_name("/home/me/news/sub/rednote.txt", "/home/me/news"), source_name("/home/me/a.txt", "/home/me")
    ('sub/rednote.txt', 'a.txt')
    """
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    except ValueError:  # another drive (Windows)
        relative = os.path.basename(path)
    return Path(relative).as_posix()


def _kind(mode: int) -> str:
    """What a file that is neither a regular file nor a folder is, for a warning."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


class _Walk:
    """The files under the paths given, in order, each once, without leaving the given roots by a link."""

    def __init__(self, roots: list[str], input_format: str | None, follow: bool) -> None:
        self.roots = roots
        self.input_format = input_format
        self.follow = follow
        self.extensions = _extensions() if input_format is None else {}
        self.seen: set[tuple[int, int] | str] = set()
        self.out: list[Input] = []
        #: The folder names are taken from (see :func:`source_name`), for the files visited now.
        self.root = ""
        #: Each input's name, and the longer one (from the parent of what was named) used on a clash.
        self.named: list[tuple[str, str]] = []

    def visit(self, path: str, info: os.stat_result) -> None:
        """Add a file, walk a folder, or warn about anything else (``info``: its stat, links followed)."""
        if stat.S_ISDIR(info.st_mode):
            self.folder(path, info)
        elif stat.S_ISREG(info.st_mode):
            identity = (info.st_dev, info.st_ino) if info.st_ino else None  # no inodes: no de-duplication
            if identity is None or identity not in self.seen:
                if identity:
                    self.seen.add(identity)
                fmt = self.input_format or format_of(path, extensions=self.extensions)
                self.out.append(Input(path, fmt, info.st_size, identity=identity))
                parent = os.path.dirname(os.path.abspath(self.root))
                self.named.append((source_name(path, self.root), source_name(path, parent)))
        else:
            warn(f"skipped {path}: {_kind(info.st_mode)}, not a regular file")

    def folder(self, path: str, info: os.stat_result) -> None:
        key = (info.st_dev, info.st_ino) if info.st_ino else os.path.realpath(path)
        if key in self.seen:
            return  # walked already (or a link loop)
        self.seen.add(key)
        try:
            with os.scandir(path) as it:
                entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as e:
            warn(f"skipped {path}: {e.strerror or e}")
            return
        folders = []
        for entry in entries:
            info = self.resolve(entry)
            if info is None:
                continue
            if stat.S_ISDIR(info.st_mode):
                folders.append((entry.path, info))
            else:
                self.visit(entry.path, info)
        for sub, info in folders:
            self.folder(sub, info)

    def resolve(self, entry: os.DirEntry) -> os.stat_result | None:
        """The stat of a folder entry, following a symbolic link only where it may be followed."""
        try:
            if not entry.is_symlink():
                return entry.stat(follow_symlinks=False)
            info = os.stat(entry.path)
            if not self.follow and not self.inside(os.path.realpath(entry.path)):
                warn(f"skipped {entry.path}: symbolic link out of the folders given (--follow-symlinks follows it)")
                return None
            return info
        except FileNotFoundError:
            warn(f"skipped {entry.path}: " + ("broken symbolic link" if entry.is_symlink() else "no such file"))
        except OSError as e:
            warn(f"skipped {entry.path}: {e.strerror or e}")
        return None

    def named_inputs(self) -> list[Input]:
        """The inputs with their names: relative to what the user named (``glossary extract ~/news``:
        ``rednote.txt``), or, when two would share a name, each from the parent of what was named
        (``news/a.txt``, ``blog/a.txt``)."""
        short = [n for n, _ in self.named]
        pick = 0 if len(set(short)) == len(short) else 1
        return [replace(s, name=names[pick]) if s.path != STDIN else s for s, names in zip(self.out, self.named)]

    def inside(self, target: str) -> bool:
        """True if ``target`` (a real path) is one of the roots or lies under one."""
        for root in self.roots:
            with contextlib.suppress(ValueError):
                if os.path.commonpath([root, target]) == root:
                    return True
        return False


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


@functools.lru_cache(maxsize=3)
def _char_weights(language: str = "zh") -> dict[str, float]:
    """How common each character is in ``language`` (log frequency over wordfreq's words), derived
    once per wordfreq install and kept in the cache folder (:func:`glossary.cachedb.derived`)."""
    from glossary.cachedb import derived
    from glossary.text.frequency import wordfreq_stamp

    return derived(f"char-weights-{language}", wordfreq_stamp(language), lambda: _derive_char_weights(language))


def _derive_char_weights(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    total: dict[str, float] = {}
    for word, freq in get_frequency_dict(language, "best").items():  # the table wordfreq's own look-ups use
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


#: The multi-byte encodings tried when a file is neither UTF-8 nor UTF-16, and the language of each.
LEGACY_ENCODINGS = (("gb18030", "zh"), ("big5", "zh"), ("euc_jp", "ja"), ("shift_jis", "ja"), ("euc_kr", "ko"))
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "gb18030": "GB18030",
    "big5": "Big5",
    "euc_jp": "EUC-JP",
    "shift_jis": "Shift-JIS",
    "euc_kr": "EUC-KR",
    "cp1252": "Windows-1252",
}
_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30ff]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]")


def language_score(text: str, language: str) -> float:
    """Mean log frequency in ``language`` (zh, ja, ko) of the letters beyond ASCII of ``text``.

    A letter the language does not use counts as rare: kana or Cyrillic in a Chinese reading
    pull it down, as hanzi-shaped mojibake does.

    >>> language_score("東京は日本の首都です", "ja") > language_score("東京は日本の首都です", "zh")
    True
    """
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    if language == "zh":
        text = to_simplified(text)
    letters = [c for c in text if ord(c) >= 0x80 and c.isalnum()]
    if not letters:
        return -9.0
    weights = _char_weights(language)
    return sum(weights.get(c, -9.0) for c in letters) / len(letters)


def _script_share(text: str, language: str) -> tuple[int, float]:
    """How many kana (ja) or hangul (ko) letters ``text`` holds, and their share of its letters beyond ASCII."""
    letters = sum(ord(c) >= 0x80 and c.isalnum() for c in text)
    found = len((_KANA if language == "ja" else _HANGUL).findall(text))
    return found, found / max(letters, 1)


def _script_fits(text: str, language: str) -> bool:
    """Japanese is read as such only with (full-width) kana in it, Korean only when mostly hangul."""
    if language == "zh":
        return True
    found, share = _script_share(text, language)
    if language == "ja":
        return found >= 1 and share >= 0.1
    return found >= 2 and share >= 0.5


_LANGUAGE_OF = {"euc_jp": "Japanese", "shift_jis": "Japanese", "euc_kr": "Korean"}
#: How much better a Japanese or Korean reading must score than a Chinese one.
FOREIGN_HANDICAP = 0.5


def _legacy_reading(sample: bytes, final: bool) -> tuple[str | None, str]:
    """The legacy encoding whose reading is most like its language, if plausible at all, and if not,
    why (naming the guess).

    Japanese and Korean readings compete only when their kana or hangul shows, and must beat the
    Chinese ones by a margin, so that a short Chinese text is not taken for Japanese; a Chinese
    reading full of kana (EUC-JP read as GB18030) is refused, so that Japanese and Korean are never
    read as Chinese mojibake.
    """
    chinese: list[tuple[float, int, str, str]] = []
    foreign: list[tuple[float, int, str, str]] = []
    for rank, (name, language) in enumerate(LEGACY_ENCODINGS):
        text = _decodes(sample, name, final)
        if text is None or len(_CONTROL.findall(text)) > 0.01 * len(text) or not _script_fits(text, language):
            continue
        reading = (language_score(text, language), -rank, name, text)
        (chinese if language == "zh" else foreign).append(reading)
    best_zh = max(chinese, default=None)
    best_foreign = max(foreign, default=None)
    if best_foreign and (best_zh is None or best_foreign[0] - FOREIGN_HANDICAP >= best_zh[0]):
        best = best_foreign
    elif best_foreign and best_zh and best_foreign[0] >= best_zh[0]:
        return (
            None,
            f"may be {_LANGUAGE_OF[best_foreign[2]]} ({ENCODING_NAMES[best_foreign[2]]}), too short to tell from Chinese",
        )
    elif best_zh and _script_fits(best_zh[3], "ja"):
        guess = ENCODING_NAMES[best_foreign[2]] if best_foreign else "EUC-JP or Shift-JIS"
        return None, f"looks like Japanese ({guess}) read as Chinese"
    else:
        best = best_zh
    if best is None or best[0] < MIN_PLAUSIBILITY:
        return None, ""
    return best[2], ""


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
    for c in set(head):  # each character once (a sample of Chinese repeats its characters)
        if c in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"):
            bad += head.count(c)
    if bad > 0.01 * len(head):
        return False
    cjk = len(_CJK_CHAR.findall(head))
    return cjk < 0.2 * len(head.replace(" ", "")) or plausibility(head) >= MIN_PLAUSIBILITY


def detect_encoding(sample: bytes, final: bool = True) -> str | None:
    """The encoding of a file from a sample of its bytes; None if it is binary or undecodable.

    ``final``: the sample is the whole file (else a character may be cut at its end).
    """
    return _detect(sample, final)[0]


def _detect(sample: bytes, final: bool) -> tuple[str | None, str]:
    """:func:`detect_encoding`, with why a file is not read when that can be told."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            even = (
                sample[: len(sample) & ~3]
                if name == "utf-32"
                else sample[: len(sample) & ~1]
                if name == "utf-16"
                else sample
            )
            text = _decodes(even, name, False)
            return (name if text is not None and looks_like_text(text) else None), ""
    if b"\x00" in sample:
        even = sample[: len(sample) & ~1]
        name = _utf16_without_bom(even)
        if name:
            text = _decodes(even, name, False)
            return (name if text is not None and looks_like_text(text) else None), ""
        # else a stray NUL in a text file (made inert when read) or a binary file (too many controls)
    text = _decodes(sample, "utf-8", final)
    if text is not None:
        return ("utf-8" if looks_like_text(text) else None), ""
    best, why = _legacy_reading(sample, final)
    if best or why:
        return best, why
    # mostly ASCII with a few Windows-1252 curly quotes or accents: a Western file, not Chinese
    if sum(b >= 0x80 for b in sample) <= 0.2 * len(sample):
        text = _decodes(sample, "cp1252", True)
        if text is not None and not _CONTROL.search(text):
            return "cp1252", ""
    return None, ""


def open_text(path: str, identity: tuple[int, int] | None = None, label: str | None = None) -> IO[str] | None:
    """A text stream of a regular file in its detected encoding; None (with a warning) if binary,
    undecodable, or not a regular file (a FIFO is never waited on).

    ``identity``: the (device, inode) the file must still have; ``label``: the file's name in
    warnings (``<stdin>`` for its spooled copy). Bytes that stop decoding after the sample
    the encoding was told from are replaced, with a warning giving their offset.
    """
    label = label or path
    f = _open_regular(path, identity, label)
    if f is None:
        return None
    return text_stream(f, label)


def text_stream(f: IO[bytes], label: str) -> IO[str] | None:
    """A seekable binary stream as text in its detected encoding (see :func:`open_text`);
    None, with a warning naming ``label``, if it is binary or undecodable."""
    sample = f.read(SAMPLE_SIZE)
    whole = len(sample) < SAMPLE_SIZE
    encoding, why = _detect(sample, final=whole)
    if encoding is None:
        f.close()
        warn(
            f"skipped {label}: "
            + (why or "binary or undecodable file (not UTF-8, UTF-16, GB18030, Big5, EUC-JP, Shift-JIS or EUC-KR)"),
        )
        return None
    f.seek(0)
    checked = io.BufferedReader(_Validated(f, encoding, label), 1 << 16)
    return io.TextIOWrapper(checked, encoding=encoding, errors="replace", newline=None)


def _open_regular(path: str, identity: tuple[int, int] | None, label: str) -> IO[bytes] | None:
    """``path`` opened for reading if it is a regular file (and still the one listed), else None.

    Opened non-blocking, so that a FIFO swapped in after the listing cannot hang the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        warn(f"skipped {label}: {e.strerror or e}")
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or (identity and identity != (info.st_dev, info.st_ino)):
        os.close(fd)
        why = (
            f"{_kind(info.st_mode)}, not a regular file"
            if not stat.S_ISREG(info.st_mode)
            else "changed while being read"
        )
        warn(f"skipped {label}: {why}")
        return None
    with contextlib.suppress(OSError, AttributeError):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb", buffering=0)


class _Validated(io.RawIOBase):
    """A file's bytes, passed on unchanged, checked against ``encoding`` on the way.

    The first undecodable byte (an encoding that changes after the sample it was detected
    from) is reported with its offset; the text layer above replaces it and any after it.
    """

    def __init__(self, raw: IO[bytes], encoding: str, path: str) -> None:
        self._raw = raw
        self._encoding = encoding
        self._path = path
        self._restart()

    def _restart(self) -> None:
        self._decoder: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder(self._encoding)("strict")
        self._fed = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._raw.tell()

    def seek(self, pos: int, whence: int = 0) -> int:
        where = self._raw.seek(pos, whence)
        if (pos, whence) == (0, 0):
            self._restart()
        elif (pos, whence) != (0, 1):
            self._decoder = None  # checked from the start only
        return where

    def readinto(self, buffer: Any) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)
        if self._decoder is not None and n is not None:
            self._check(bytes(memoryview(buffer)[:n]), final=n == 0)
        return n

    def _check(self, chunk: bytes, final: bool) -> None:
        assert self._decoder is not None
        start = self._fed - len(self._decoder.getstate()[0])
        self._fed += len(chunk)
        try:
            self._decoder.decode(chunk, final)
        except UnicodeDecodeError as e:
            self._decoder = None
            name = ENCODING_NAMES.get(self._encoding, self._encoding)
            warn(f"{self._path}: not valid {name} from byte {start + e.start} on; undecodable bytes replaced")

    def close(self) -> None:
        self._raw.close()
        super().close()


# --- formats ----------------------------------------------------------------------------------


def text_units(stream: Iterable[str], path: str) -> Iterator[Unit]:
    """Plain text as paragraphs (runs of non-blank lines), each with its first line; a line longer
    than :data:`MAX_LINE_CHARS` (a file without line breaks) in pieces (see :func:`bounded_lines`).

    >>> [(u.line, len(u.text)) for u in text_units(io.StringIO("x" * (MAX_LINE_CHARS + 5) + "\\ny"), "a.txt")]
    [(1, 1048576), (1, 7)]
    """
    lines: list[str] = []
    start = 0
    size = 0
    for number, line in bounded_lines(stream):
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


def bounded_lines(stream: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Each line of ``stream`` without its line break, with its number. A line longer than
    :data:`MAX_LINE_CHARS` comes in pieces of at most that many characters, all with its number,
    each cut where a line, sentence or word ends in its last quarter when it can
    (:func:`~glossary.text.sentences.cut_point`), else at the limit: a mention across such a cut
    is lost, but memory stays bounded however long the line.

    >>> list(bounded_lines(io.StringIO("RedNote\\r\\n小红书")))
    [(1, 'RedNote'), (2, '小红书')]
    """
    readline = getattr(stream, "readline", None)
    if readline is None:  # a list of lines
        for number, line in enumerate(stream, start=1):
            yield number, line.rstrip("\r\n")
        return
    number, carry = 1, ""
    for chunk in iter(lambda: readline(MAX_LINE_CHARS), ""):
        text = carry + chunk
        if chunk.endswith("\n"):
            yield number, text.rstrip("\r\n")
            number, carry = number + 1, ""
        elif len(text) < MAX_LINE_CHARS:
            carry = text  # the end of the file
        else:
            at = cut_point(text, len(text) * 3 // 4, MAX_LINE_CHARS)
            yield number, text[:at]
            carry = text[at:]
    if carry:
        yield number, carry.rstrip("\r")


def markdown_units(stream: IO[str], path: str) -> Iterator[Unit]:
    """Markdown as its text blocks (paragraphs, headings, list items, table cells); code is left out."""
    from markdown_it import MarkdownIt

    text = stream.read()
    md = MarkdownIt("commonmark").enable("table")
    for token in md.parse(text):
        if token.type == "inline" and token.map:
            parts = []
            inside = 0  # how deep in inline HTML code (<code>, <kbd> …) the text is
            for child in token.children or []:
                if child.type == "html_inline":
                    tag = _INLINE_TAG.match(child.content)
                    if tag and tag.group(2).lower() in _NOT_TEXT_TAGS:
                        inside = max(inside + (-1 if tag.group(1) else 1), 0)
                        parts.append("  ")
                elif inside:
                    continue
                elif child.type == "text":
                    parts.append(child.content)
                elif child.type == "code_inline":
                    parts.append("  ")  # code is not text, and no name runs across its gap
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


_INLINE_TAG = re.compile(r"<(/?)([A-Za-z]+)")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table td th title tr ul caption summary details".split()
)
_SKIP_TAGS = frozenset("script style noscript template svg math object iframe canvas".split())
#: Code and page furniture (menus, footers): not text either; an inline one leaves a gap no name runs across.
_NOT_TEXT_TAGS = frozenset("code pre kbd samp var nav footer".split())
_INLINE_CODE = frozenset("code kbd samp var".split())
#: Where inline code stood: kept as a double space, which ends a name (see :func:`glossary.extract.english.find`).
_GAP = "\ue000"


class _HTMLText(HTMLParser):
    """Collects the visible text of HTML as blocks with their starting lines."""

    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.units: list[Unit] = []
        self.parts: list[str] = []
        self.start = 0
        self.skip = 0
        self.code = 0  # how many of the open skipped elements are inline code (<code>, <kbd> …)

    def flush(self) -> None:
        text = re.sub(r"\s*\ue000[\s\ue000]*", "  ", re.sub(r"\s+", " ", "".join(self.parts))).strip()
        if text:
            self.units.append(Unit(self.path, self.start, text, multiline=False))
        self.parts = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _NOT_TEXT_TAGS:
            self._gap()
            self.skip += 1
            self.code += tag in _INLINE_CODE
        elif tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.flush()
            self._unclosed_code()
        if tag == "img":
            alt = dict(attrs).get("alt")
            if alt and not self.skip:
                self.handle_data(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS or tag in _NOT_TEXT_TAGS:
            if tag not in _INLINE_CODE or self.code:
                self.skip = max(self.skip - 1, 0)
                self.code = max(self.code - (tag in _INLINE_CODE), 0)
            if tag in _NOT_TEXT_TAGS:
                self._gap()
        elif tag in _BLOCK_TAGS:
            self.flush()
            self._unclosed_code()

    def _unclosed_code(self) -> None:
        """An inline code element left open ends with its block: it cannot hide the rest of the page."""
        self.skip -= self.code
        self.code = 0

    def _gap(self) -> None:
        """Mark where code or furniture stood, unless the block is empty so far."""
        if self.parts and not self.skip:
            self.parts.append(_GAP)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if not self.parts and data.strip():
            self.start = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        if self.parts or data.strip():
            self.parts.append(data)


def html_units(stream: IO[str], path: str) -> Iterator[Unit]:
    """The visible text of an HTML page (no scripts, styles, code, menus, footers or tags), block by
    block, streamed."""
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


def jsonl_units(
    stream: IO[str], path: str, text_field: str = "text", id_field: str | None = None, date_field: str | None = None
) -> Iterator[Unit]:
    """The text field of each JSON Lines record (a dotted name reaches into nested objects), with
    the post's id and date from ``id_field`` and ``date_field`` when given.

    A file holding one JSON array of records is read too. A line longer than
    :data:`MAX_RECORD_CHARS` is skipped with a warning, unread: memory stays bounded.

    >>> [(u.line, u.id, u.date) for u in jsonl_units(io.StringIO('{"t": "小红书", "id": 7, "at": "2025-01-14"}'), "p.jsonl", "t", "id", "at")]
    [(1, '7', '2025-01-14')]
    """
    post = _Post(path, id_field, date_field)
    first = ""
    for first in iter(lambda: stream.read(1), ""):
        if not first.isspace():
            break
    if first == "[":
        try:
            records = json.loads(first + stream.read())
        except json.JSONDecodeError as e:
            warn(f"{path}:{e.lineno}: not valid JSON, file skipped")
            return
        for record in records if isinstance(records, list) else [records]:
            text = _field(record, text_field)
            if text:
                yield post.unit(1, text, record)
        post.report("record")
        return
    bad = missing = 0
    for number, line in enumerate(_record_lines(first, stream), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_RECORD_CHARS:
            warn(f"{path}:{number}: a record longer than {MAX_RECORD_CHARS:,} characters, line skipped")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            bad += 1
            if bad <= 3:
                warn(f"{path}:{number}: not a JSON record, line skipped")
            continue
        text = _field(record, text_field)
        if text:
            yield post.unit(number, text, record)
        else:
            missing += 1
    post.report("record")
    if missing:
        warn(f"{path}: {missing} record{'s' if missing != 1 else ''} without a text field {text_field!r}")


def table_units(
    stream: IO[str],
    path: str,
    text_field: str = "text",
    delimiter: str = ",",
    id_field: str | None = None,
    date_field: str | None = None,
) -> Iterator[Unit]:
    """The text column of each row of a CSV or TSV file with a header row (a cell may span lines),
    with the post's id and date from the columns ``id_field`` and ``date_field`` when given.

    >>> [(u.line, u.text) for u in table_units(io.StringIO('id,text\\n1,"小红书,\\nRedNote"\\n2,猫税\\n'), "p.csv")]
    [(2, '小红书,\\nRedNote'), (4, '猫税')]
    """
    import csv

    csv.field_size_limit(1 << 30)  # a post may be long; the row is held once either way
    rows = csv.reader(stream, delimiter=delimiter)
    try:
        header = next(rows, None)
        if header is None:
            return
        if text_field not in header:
            columns = ", ".join(repr(h) for h in header[:10])
            warn(f"{path}:1: no column {text_field!r} (columns: {columns}); file skipped (--text-field names it)")
            return
        column = header.index(text_field)
        post = _Post(path, id_field, date_field)
        _absent(post, header, path + ":1")
        kept = {name: header.index(name) for name in post.fields.values() if name}
        line = rows.line_num + 1
        for row in rows:
            text = row[column] if column < len(row) else ""
            if text.strip():
                yield post.unit(line, text, {name: row[i] if i < len(row) else None for name, i in kept.items()})
            line = rows.line_num + 1
        post.report("row")
    except csv.Error as e:
        warn(f"{path}:{rows.line_num}: not valid {'TSV' if delimiter == chr(9) else 'CSV'} ({e}); rest of file skipped")


def parquet_units(
    stream: IO[bytes], path: str, text_field: str = "text", id_field: str | None = None, date_field: str | None = None
) -> Iterator[Unit]:
    """The text column of each row of a Parquet file, read one row group at a time
    (``line``: the row's number, from 1), with the post's id and date from the columns
    ``id_field`` and ``date_field`` when given."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(f"{path}: reading Parquet needs pyarrow: pip install 'glossary[dask]'") from None
    try:
        table = pq.ParquetFile(stream)
    except Exception as e:  # pyarrow raises its own error types for a file that is not Parquet
        warn(f"{path}: not a Parquet file ({e}); file skipped")
        return
    names = table.schema_arrow.names
    if text_field not in names:
        columns = ", ".join(repr(n) for n in names[:10])
        warn(f"{path}: no column {text_field!r} (columns: {columns}); file skipped (--text-field names it)")
        return
    post = _Post(path, id_field, date_field)
    _absent(post, names, path)
    kept = list(dict.fromkeys(name for name in post.fields.values() if name))
    row = 0
    for group in range(table.num_row_groups):
        columns = table.read_row_group(group, columns=list(dict.fromkeys([text_field, *kept])))
        others = {name: columns.column(name).to_pylist() for name in kept}
        for n, text in enumerate(columns.column(text_field).to_pylist()):
            row += 1
            if isinstance(text, str) and text.strip():
                yield post.unit(row, text, {name: values[n] for name, values in others.items()})
    post.report("row")


def _absent(post: _Post, names: Sequence[str], where: str) -> None:
    """Warn about an id or date column the file lacks (it is then not recorded)."""
    for key, name in post.fields.items():
        if name and name not in names:
            columns = ", ".join(repr(n) for n in names[:10])
            warn(f"{where}: no column {name!r} (columns: {columns}); no post {key} recorded (--{key}-field names it)")
    post.without(names)


def _record_lines(first: str, stream: IO[str]) -> Iterator[str]:
    """The lines of ``stream`` (``first``: its first character, read already). A line longer than
    :data:`MAX_RECORD_CHARS` comes cut there, the rest of it read and dropped: memory stays bounded."""
    limit = MAX_RECORD_CHARS + 1
    line = first + stream.readline(limit)
    while line:
        if len(line) >= limit and not line.endswith("\n"):
            for rest in iter(lambda: stream.readline(limit), ""):
                if rest.endswith("\n"):
                    break
        yield line
        line = stream.readline(limit)


#: The longest value kept from a post's id or date field; a longer one is not an id or a date.
MAX_FIELD_CHARS = 200


def field_value(value: object) -> str | None:
    """A post's id or date as the corpus writes it, on one line and made inert (see :func:`clean`):
    a string, a number, or a date or time (ISO 8601); None for anything else or an empty or
    overlong value.

    >>> field_value(" 6789\u202e0a "), field_value(12345678901234567890), field_value(True), field_value({"a": 1})
    ('67890a', '12345678901234567890', None, None)
    >>> import datetime; field_value(datetime.datetime(2025, 1, 14, 9, 30))
    '2025-01-14T09:30:00'
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        text = str(value)
    elif isinstance(value, str):
        text = value
    elif hasattr(value, "isoformat"):  # a date, time or datetime (Parquet, pandas)
        text = value.isoformat()
    else:
        return None
    text = " ".join(clean(text).split())
    return text if text and len(text) <= MAX_FIELD_CHARS else None


class _Post:
    """The units of one record file, each with its post's id and date from the fields named
    (``None``: not wanted); counts the records without them, for one warning per file."""

    def __init__(self, path: str, id_field: str | None, date_field: str | None) -> None:
        self.path = path
        self.fields = {"id": id_field, "date": date_field}
        self.missing = dict.fromkeys(self.fields, 0)

    def unit(self, line: int, text: str, record: object) -> Unit:
        """The unit of a record (a JSON object, or a mapping of column to value)."""
        found = {}
        for key, name in self.fields.items():
            if name:
                found[key] = field_value(_value(record, name))
                self.missing[key] += found[key] is None
        return Unit(self.path, line, text, multiline=False, **found)

    def without(self, names: Iterable[str]) -> None:
        """Forget the fields a file has no column for (its reader has said so)."""
        for key, name in self.fields.items():
            if name and name not in names:
                self.fields[key] = None

    def report(self, noun: str) -> None:
        """One warning per field some records lacked (or held no usable value in)."""
        for key, count in self.missing.items():
            if count:
                plural = "s" if count != 1 else ""
                warn(f"{self.path}: {count} {noun}{plural} without a usable {key} in {self.fields[key]!r}")


def _field(record: object, name: str) -> str | None:
    value = _value(record, name)
    return value if isinstance(value, str) and value.strip() else None


def _value(record: object, name: str) -> object:
    """The value of field ``name`` of a record (a dotted name reaches into nested objects), or None."""
    if isinstance(record, dict) and name in record:
        return record[name]
    value = record
    for part in name.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


# --- the built-in formats -----------------------------------------------------------------------


_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<p", "<div", "<article", "<section")

READERS.register(
    "txt",
    Reader(
        lambda stream, path, **_: text_units(stream, path),
        (".txt", ".text", ".srt", ".vtt", ".log"),
        description="plain text: paragraphs",
    ),
)
READERS.register(
    "md",
    Reader(
        lambda stream, path, **_: markdown_units(stream, path),
        (".md", ".markdown", ".mdown"),
        description="Markdown: text blocks, code left out",
    ),
)
READERS.register(
    "html",
    Reader(
        lambda stream, path, **_: html_units(stream, path),
        (".html", ".htm", ".xhtml"),
        sniff=lambda head: head.startswith(_HTML_STARTS),
        description="HTML: the visible text, block by block",
    ),
)
READERS.register(
    "jsonl",
    Reader(
        lambda stream, path, text_field="text", id_field=None, date_field=None, **_: jsonl_units(
            stream, path, text_field, id_field, date_field
        ),
        (".jsonl", ".ndjson", ".json"),
        sniff=lambda head: head.startswith(("{", "[")),
        description="JSON Lines (or one JSON array): a text field of each record",
    ),
)


for _name, _separator in (("csv", ","), ("tsv", "\t")):
    READERS.register(
        _name,
        Reader(
            lambda stream, path, text_field="text", id_field=None, date_field=None, _sep=_separator, **_: table_units(
                stream, path, text_field, _sep, id_field, date_field
            ),
            (f".{_name}",),
            description=f"{_name.upper()} with a header row: the text column of each row (--text-field)",
        ),
    )
READERS.register(
    "parquet",
    Reader(
        lambda stream, path, text_field="text", id_field=None, date_field=None, **_: parquet_units(
            stream, path, text_field, id_field, date_field
        ),
        (".parquet", ".pq"),
        description="Parquet (pip install pyarrow): the text column of each row (--text-field)",
        binary=True,
    ),
)


def sniff_format(head: str) -> str:
    """Guess the format of standard input from its first characters: the first reader whose
    ``sniff`` accepts them, else plain text.

    >>> sniff_format('{"text": "小红书"}'), sniff_format("<!DOCTYPE html><p>RedNote"), sniff_format("RedNote")
    ('jsonl', 'html', 'txt')
    """
    start = head.lstrip()[:200].lower()
    for name, reader in READERS.all().items():
        if reader.sniff is not None and reader.sniff(start):
            return name
    return "txt"


def _fields(text_field: str, id_field: str | None, date_field: str | None) -> dict[str, str]:
    """The field names a reader is given: the text field, and the id and date fields only when
    wanted (a plugin reader that knows only ``text_field`` keeps working)."""
    named = {"text_field": text_field, "id_field": id_field, "date_field": date_field}
    return {key: name for key, name in named.items() if name}


def units(
    source: Input, text_field: str = "text", *, id_field: str | None = None, date_field: str | None = None
) -> Iterator[Unit]:
    """The text units of one input, made inert (see :func:`clean`) and named by its ``label``;
    nothing (after a warning naming its path) if it cannot be read as text. ``id_field`` and
    ``date_field``: the fields of a record format that hold the post's id and date."""
    if source.path == STDIN:
        raise UsageError("standard input must be spooled first (see readers.spooled)")
    fields = _fields(text_field, id_field, date_field)
    if source.format in READERS and READERS.get(source.format).binary:
        raw = _open_regular(source.path, source.identity, source.shown)
        if raw is not None:
            with raw:
                yield from _cleaned(READERS.get(source.format).read(raw, source.shown, **fields), source)
        return
    stream = open_text(source.path, source.identity, source.shown)
    if stream is None:
        return
    with stream:
        yield from _cleaned(_format_units(stream, source, fields), source)


def stream_units(
    raw: IO[bytes],
    source: Input,
    text_field: str = "text",
    *,
    id_field: str | None = None,
    date_field: str | None = None,
) -> Iterator[Unit]:
    """The text units of one input given as a seekable binary stream (a file opened through
    fsspec, decompressed on the fly, say), as :func:`units` reads a local file."""
    fields = _fields(text_field, id_field, date_field)
    if source.format in READERS and READERS.get(source.format).binary:
        yield from _cleaned(READERS.get(source.format).read(raw, source.shown, **fields), source)
        return
    stream = text_stream(raw, source.shown)
    if stream is not None:
        yield from _cleaned(_format_units(stream, source, fields), source)


def fsspec_units(
    source: Input, text_field: str = "text", *, id_field: str | None = None, date_field: str | None = None
) -> Iterator[Unit]:
    """The text units of an input fsspec can open (a local path, ``s3://``, ``https://`` …),
    decompressed on the fly by its suffix; nothing, after a warning, if it cannot be read."""
    import fsspec

    try:
        with fsspec.open(source.path, "rb", compression="infer") as raw:
            yield from stream_units(raw, source, text_field, id_field=id_field, date_field=date_field)
    except (OSError, EOFError) as e:  # unreachable, vanished, or a truncated archive
        warn(f"skipped {source.label}: {e}")


def _cleaned(found: Iterable[Unit], source: Input) -> Iterator[Unit]:
    """Units made inert (see :func:`clean`) and named by the input's ``label``."""
    label = source.label
    for unit in found:
        text = clean(unit.text)
        if text is unit.text and unit.path == label:
            yield unit
        elif text is unit.text or text.strip():
            yield replace(unit, path=label, text=text)


def _format_units(stream: IO[str], source: Input, fields: dict[str, str]) -> Iterator[Unit]:
    fmt = source.format
    if fmt == "auto":
        head = stream.read(4096)
        fmt = sniff_format(head.lstrip("\ufeff"))
        stream.seek(0)
    try:
        reader = READERS.get(fmt)
    except UsageError:  # a format named by the caller, unknown: plain text
        reader = READERS.get("txt")
    yield from reader.read(stream, source.shown, **fields)


_SURROGATE = re.compile("[\ud800-\udfff]")
#: Anything :func:`clean` changes (what ``clean_text`` removes, CR, lone surrogates): a quick test first.
_DIRTY = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def clean(text: str) -> str:
    r"""Untrusted corpus text made inert: :func:`~glossary.text.normalize.clean_text`, and a lone
    surrogate (from a JSON escape such as ``\ud800``) replaced, so it can be written as UTF-8.

    >>> clean("小红\u202e书\x1b]0;t\x07 \ud800") == "小红书]0;t \ufffd"
    True
    """
    if text.isprintable() or not _DIRTY.search(text):
        return text
    return _SURROGATE.sub("\ufffd", clean_text(text))


@contextlib.contextmanager
def spooled(inputs: list[Input], stdin: IO[bytes] | None = None) -> Iterator[list[Input]]:
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
        yield [Input(tmp.name, s.format, _size(Path(tmp.name)), STDIN_LABEL) if s.path == STDIN else s for s in inputs]
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp.name)


def corpus(
    paths: Iterable[str],
    input_format: str | None = None,
    text_field: str = "text",
    follow_symlinks: bool = False,
    id_field: str | None = None,
    date_field: str | None = None,
) -> Iterator[Unit]:
    """Every text unit of every input, in order (see :func:`sources` for which)."""
    with spooled(sources(paths, input_format, follow_symlinks)) as inputs:
        for source in inputs:
            yield from units(source, text_field, id_field=id_field, date_field=date_field)


__all__ = [
    "Unit",
    "Input",
    "sources",
    "source_name",
    "units",
    "stream_units",
    "corpus",
    "clean",
    "detect_encoding",
    "open_text",
    "format_of",
    "text_units",
    "markdown_units",
    "html_units",
    "jsonl_units",
    "spooled",
    "sniff_format",
    "READERS",
    "Reader",
    "STDIN",
]

"""An import file's text: a regular file, its encoding detected, never read as mojibake.

UTF-8 (with or without a byte order mark) and UTF-16 are read as such; anything else is given to
extraction's encoding detection (:func:`glossary.extract.readers.detect_encoding`: GB18030/GBK,
Big5 …), and a file it cannot read is refused with a line naming it, never guessed at.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "cards.txt"
>>> _ = p.write_bytes("小红书[小紅書]\\txiao3hong2shu1\\tRedNote\\n".encode("gb18030"))
>>> text_of(p)
'小红书[小紅書]\\txiao3hong2shu1\\tRedNote\\n'
"""

from __future__ import annotations

import codecs
from pathlib import Path

from glossary.errors import UnusableFileError
from glossary.text.files import read_bytes

#: Bytes of a file looked at to detect its encoding.
SAMPLE_SIZE = 1 << 16


def decode(path: Path, data: bytes) -> str:
    """The text of an import file's bytes; :class:`UnusableFileError` (naming the file, and the line
    where that can be told) for a binary or undecodable file."""
    from glossary.extract.readers import ENCODING_NAMES, detect_encoding

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in data:
        try:  # the usual case, and a file whose private-use formatting (Pleco) puts off the detection
            return data.decode("utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig")
        except UnicodeDecodeError:
            pass
    encoding = detect_encoding(data[:SAMPLE_SIZE], final=len(data) <= SAMPLE_SIZE)
    size = min(len(data), SAMPLE_SIZE)
    while encoding is None and size > 32:  # text that stops decoding: its encoding, to name the line
        size //= 2
        encoding = detect_encoding(data[:size], final=False)
    if encoding is None:
        raise UnusableFileError(
            f"{path}: binary or undecodable: not text in UTF-8, UTF-16, GB18030 or Big5; nothing imported"
        )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        name = ENCODING_NAMES.get(encoding, encoding)
        raise UnusableFileError(f"{path}:{line}: not valid {name} text from here on; nothing imported") from None


def text_of(path: Path) -> str:
    """The decoded text of an import file (newlines as ``\\n``); see :func:`decode`."""
    data = read_bytes(path, what="file to import")
    if not data.strip():
        raise UnusableFileError(f"{path}: empty file; nothing to import")
    text = decode(path, data)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def head_of(path: Path, lines: int = 20) -> str:
    """The first ``lines`` lines of an import file, decoded (for telling its format)."""
    return "\n".join(text_of(path).split("\n")[:lines])

"""Cells of a spreadsheet row (CSV, TSV), written so that no spreadsheet runs them and read back.

Written once here for the CSV/TSV export and the termbase import alike: OWASP's advice on
CSV injection (:func:`neutralise`, :func:`plain`), the TSV escapes that keep a record on one
line (:func:`escape_tsv`, :func:`unescape_tsv`), and a value with its label in square
brackets, one per line in a cell (:func:`tagged`, :func:`untagged`).

>>> plain(neutralise("=HYPERLINK(1)")), unescape_tsv(escape_tsv("a\\tb\\nc\\\\nd")) == "a\\tb\\nc\\\\nd"
('=HYPERLINK(1)', True)
>>> untagged(tagged("Little Red Book", "calque")), untagged("RED")
(('Little Red Book', 'calque'), ('RED', None))
"""

from __future__ import annotations

import re

#: A cell a spreadsheet would read as a formula: it begins with one of = + - @ tab CR (after
#: any single quotes, so that a value that already begins with ' and one of them reads back too).
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_TSV_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t"}
_TSV_ESCAPE = re.compile(r"[\\\n\t]")
_TSV_UNESCAPE = re.compile(r"\\([\\nt])")
_TAGGED = re.compile(r"^(?P<text>.*) \[(?P<tag>[a-z]+)\]$")


def neutralise(cell: str) -> str:
    """A cell no spreadsheet runs as a formula: ``'`` before a leading ``=``, ``+``, ``-``, ``@``, tab or CR.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-1"), neutralise("Xiǎohóngshū - RedNote"), neutralise("'=x")
    ("'=HYPERLINK(1)", "'-1", 'Xiǎohóngshū - RedNote', "''=x")
    """
    return "'" + cell if _FORMULA.match(cell) else cell


def plain(cell: str) -> str:
    """The value of a cell written by :func:`neutralise`."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def escape_tsv(cell: str) -> str:
    r"""A cell on one line, without tabs: ``\n``, ``\t`` and ``\\`` for newline, tab and backslash."""
    return _TSV_ESCAPE.sub(lambda m: _TSV_ESCAPES[m.group()], cell)


def unescape_tsv(cell: str) -> str:
    """The text of a TSV cell written by :func:`escape_tsv`.

    >>> unescape_tsv(escape_tsv("a\\tb\\nc\\\\nd")) == "a\\tb\\nc\\\\nd"
    True
    """
    return _TSV_UNESCAPE.sub(lambda m: {"\\": "\\", "n": "\n", "t": "\t"}[m.group(1)], cell)


def tagged(text: str, tag: str) -> str:
    """``text [tag]``: one line of a cell that lists values with a label each."""
    return f"{text} [{tag}]"


def untagged(line: str) -> tuple[str, str | None]:
    """The text and the tag of a line written by :func:`tagged` (no tag: None)."""
    m = _TAGGED.match(line)
    return (m["text"], m["tag"]) if m else (line, None)

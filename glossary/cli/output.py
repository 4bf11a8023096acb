"""What the CLI writes to a terminal: colour (or not), width, wrapping, tables, progress.

One place decides whether escape codes are written: never when ``NO_COLOR`` is set to
anything non-empty (https://no-color.org), never after ``--no-color``, and only when the
stream is a terminal. Tables and cards fit the terminal's width when stdout is one; a pipe
gets every cell in full. Text from a glossary or a corpus goes through :func:`safe` first.

Only the standard library is imported here: it is on the lookup path.

>>> wrap("aliases: Little Red Book (calque); XHS (abbreviation)", 24, indent=9)
['aliases: Little Red Book', '         (calque); XHS', '         (abbreviation)']
>>> wrap("保护美国人免受外国对手控制的应用程序法", 12)
['保护美国人免', '受外国对手控', '制的应用程序', '法']
>>> print(table([["xiaohongshu", "小红书", "Little Red Book"]], ["id", "zh", "en"], width=28))
id           zh      en
-----------  ------  -------
xiaohongshu  小红书  Little
                     Red
                     Book
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from typing import Any, Callable, TextIO

from glossary.text.normalize import display_width, terminal_safe

#: Set by the root ``--no-color`` option.
_settings: dict[str, bool] = {"no_color": False}

#: Narrowest column a table squeezes a cell into before it stops shrinking.
MIN_COLUMN = 3


# --- colour -----------------------------------------------------------------------------


def set_no_color(value: bool) -> None:
    """The root ``--no-color`` option."""
    _settings["no_color"] = value


def no_color() -> bool:
    """True when the user turned colour off: ``--no-color`` or a non-empty ``NO_COLOR``."""
    return _settings["no_color"] or bool(os.environ.get("NO_COLOR"))


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = sys.stdout if stream is None else stream
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False


def colour(stream: TextIO | None = None) -> bool:
    """Whether escape codes may be written to ``stream`` (default stdout)."""
    return not no_color() and is_terminal(stream)


def style(text: str, stream: TextIO | None = None, **styles: Any) -> str:
    """``text`` with ``typer.style`` attributes (bold, dim, fg …) when :func:`colour` allows, else as is."""
    if not text or not colour(stream):
        return text
    import typer

    return typer.style(text, **styles)


# --- untrusted text ---------------------------------------------------------------------


def safe(text: Any) -> str:
    """A value from a glossary or corpus as terminal-bound text: controls shown escaped, one line."""
    return terminal_safe("" if text is None else str(text), keep_newlines=False)


def safe_block(text: str) -> str:
    """Several lines of untrusted text (a diff): controls escaped, newlines kept."""
    return terminal_safe(text)


def colour_diff(diff: str) -> str:
    """A unified diff, its control characters escaped, coloured only where :func:`style` allows
    (every dry run shows its change through this)."""
    lines = []
    for line in safe_block(diff).splitlines(keepends=True):
        body, end = line.rstrip("\n"), line[len(line.rstrip("\n")) :]
        if body.startswith("+") and not body.startswith("+++"):
            body = style(body, fg="green")
        elif body.startswith("-") and not body.startswith("---"):
            body = style(body, fg="red")
        elif body.startswith("@@"):
            body = style(body, fg="cyan")
        lines.append(body + end)
    return "".join(lines)


def json_safe(text: str) -> str:
    r"""JSON text with the controls ``json.dumps`` leaves raw (C1, bidi overrides) written as ``\uXXXX``.

    The result decodes to the same data.

    >>> json_safe('{"note": "a\u202eb\x85"}')
    '{"note": "a\\u202eb\\u0085"}'
    """
    if terminal_safe(text) == text:
        return text
    return "".join(f"\\u{ord(c):04x}" if c != "\n" and terminal_safe(c) != c else c for c in text)


# --- width and wrapping -----------------------------------------------------------------


def terminal_width(stream: TextIO | None = None) -> int | None:
    """Columns to fit output into: the terminal's (or ``COLUMNS``) when ``stream`` is a terminal, else None (no limit)."""
    if not is_terminal(stream):
        return None
    import shutil

    return max(shutil.get_terminal_size().columns, 20)


#: Wide scripts: a line may break between any two of their characters.
_WIDE = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"


def _tokens(text: str) -> list[str]:
    """Runs of space, single wide characters and runs of anything else (a word)."""
    return re.findall(f"\\s+|[{_WIDE}]|[^\\s{_WIDE}]+", text)  # compiled once, by re's cache, when first needed


def _cut(token: str, columns: int) -> tuple[str, str]:
    """The longest head of ``token`` that fits ``columns`` (at least one character), and the rest."""
    used = 0
    for i, ch in enumerate(token):
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > columns and i:
            return token[:i], token[i:]
        used += w
    return token, ""


def wrap(text: str, columns: int | None, indent: int = 0) -> list[str]:
    """``text`` broken into lines of at most ``columns`` display columns (CJK counts two), at
    spaces or between Chinese characters; a word longer than a line is cut. Continuation
    lines are indented by ``indent`` spaces. ``columns`` None: one line, unchanged."""
    if columns is None or display_width(text) <= columns:
        return [text]
    indent = indent if indent < columns // 2 else 0
    lines: list[str] = []
    line, used = "", 0
    for token in _tokens(text):
        if token.isspace():
            if line.strip() or (not lines and not line):  # inner spaces, and the text's own indentation
                line, used = line + token, used + display_width(token)
            continue
        w = display_width(token)
        if used + w > columns and line.strip():
            lines.append(line.rstrip())
            line, used = " " * indent, indent
        while used + w > columns:
            head, token = _cut(token, columns - used)
            lines.append(line + head)
            line, used = " " * indent, indent
            w = display_width(token)
        line, used = line + token, used + w
    if line.strip():
        lines.append(line.rstrip())
    return lines


def fit(lines: list[str], columns: int | None, indent: int = 0) -> str:
    """Each line wrapped to ``columns`` (continuations indented), joined."""
    return "\n".join(part for line in lines for part in wrap(line, columns, indent))


# --- tables -----------------------------------------------------------------------------


def _pad(text: str, columns: int) -> str:
    return text + " " * max(columns - display_width(text), 0)


def column_widths(natural: list[int], floor: list[int], width: int | None, gap: int = 2) -> list[int]:
    """Column widths that fit ``width``: the widest column gives way first, none below its floor."""
    widths = list(natural)
    if width is None:
        return widths
    budget = width - gap * (len(widths) - 1)
    while sum(widths) > budget:
        above = [k for k in range(len(widths)) if widths[k] > floor[k]]
        if not above:
            break
        widths[max(above, key=lambda k: widths[k])] -= 1
    return widths


def _longest_word(text: str) -> int:
    return max((display_width(t) for t in _tokens(text) if not t.isspace()), default=0)


def table(rows: list[list[str]], header: list[str], width: int | None = None) -> str:
    """Rows under a header, columns two spaces apart. With ``width`` the table fits it, cells
    wrapped at word boundaries (words are cut only when even that is too wide); without,
    every cell is printed in full."""
    columns = range(len(header))
    natural = [max(display_width(r[i]) for r in [header, *rows]) for i in columns]
    words = [max(display_width(header[i]), *(_longest_word(r[i]) for r in rows)) for i in columns]
    widths = column_widths(natural, [min(n, w) for n, w in zip(natural, words)], width)
    if width is not None:
        floor = [min(n, max(display_width(h), MIN_COLUMN)) for n, h in zip(natural, header)]
        widths = column_widths(widths, floor, width)
    lines = ["  ".join(_pad(c, w) for c, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [wrap(c, w) if width is not None else [c] for c, w in zip(row, widths)]
        for k in range(max(len(c) for c in cells)):
            parts = [c[k] if k < len(c) else "" for c in cells]
            lines.append("  ".join(_pad(p, w) for p, w in zip(parts, widths)).rstrip())
    return "\n".join(lines)


# --- progress ---------------------------------------------------------------------------


class Progress:
    """A one-line progress report on stderr, redrawn in place with a carriage return and
    cleared when done. Only at a terminal; it writes no escape codes at all.

    Call it as ``progress(done, total, label)``; ``label`` names the stage.
    """

    def __init__(self, stream: TextIO | None = None, every: float = 0.1) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.active = is_terminal(self.stream)
        self.every = every
        self._last = 0.0
        self._shown = 0

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if not self.active:
            return
        import time

        now = time.monotonic()
        if done < total and now - self._last < self.every:
            return
        self._last = now
        columns = terminal_width(self.stream) or 80
        share = done / total if total else 1.0
        counts = f" {done}/{total}"
        bar_width = max(columns - display_width(label) - len(counts) - 9, 0)
        filled = int(bar_width * share)
        text = f"{label} [{'#' * filled}{'.' * (bar_width - filled)}] {share:4.0%}{counts}"[: columns - 1]
        self._write(text)

    def _write(self, text: str) -> None:
        pad = " " * max(self._shown - display_width(text), 0)
        self.stream.write("\r" + text + pad)
        self.stream.flush()
        self._shown = display_width(text)

    def close(self) -> None:
        """Clear the line."""
        if self.active and self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_counter(progress: Callable[[int, int, str], None], total: int, label: str) -> Callable[[int], None]:
    """A ``step(n)`` callback that advances ``progress`` by ``n`` out of ``total``."""
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        progress(min(done[0], total), total, label)

    return step

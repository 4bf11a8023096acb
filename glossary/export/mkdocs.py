"""MkDocs abbreviations: ``*[RedNote]: 小红书 (小紅書) · Xiǎohóngshū — …`` lines for the ``abbr`` extension.

Append the file to every page (``pymdownx.snippets`` with ``auto_append``, or
``--8<--`` at the end of a page) and each form of each concept gets its
explanation on hover. The ``abbr`` syntax cannot hold a ``]`` or a backslash in
the abbreviation, so such forms are left out; a leading ``#`` is dropped so that
hashtags still match in text.

>>> from glossary.terms.model import Alias, Concept
>>> c = Concept(id="xhs", zh="小红书", pinyin="Xiǎohóngshū", en="RedNote", note="Chinese app.",
...             aliases=[Alias("#RedNote", "hashtag"), Alias("R[E]D")])
>>> print(render(ExportData((c,))), end="")
*[RedNote]: 小红书 · Xiǎohóngshū · RedNote — Chinese app.
*[小红书]: 小红书 · Xiǎohóngshū · RedNote — Chinese app.
"""

from __future__ import annotations

from glossary.export.common import definition, one_line
from glossary.export.registry import ExportData, Exporter, register
from glossary.terms.model import Concept


def title(c: Concept) -> str:
    """One line: characters (traditional in brackets), pinyin, English — definition."""
    chars = one_line(c.zh or c.zh_hant)
    if c.zh and c.zh_hant and c.zh_hant != c.zh:
        chars += f" ({one_line(c.zh_hant)})"
    head = " · ".join(x for x in (chars, one_line(c.pinyin), one_line(c.en)) if x)
    text = f"{head} — {definition(c)}" if definition(c) else head
    if c.example and c.example.zh:
        text += f" e.g. {one_line(c.example.zh)}" + (f" ({one_line(c.example.en)})" if c.example.en else "")
    return text if text.strip("'\"") else f"{text} ({c.id})"


def forms(c: Concept) -> list[str]:
    out: list[str] = []
    for form in (c.en, c.zh, c.zh_hant, *(a.text for a in c.aliases)):
        text = one_line(form).lstrip("#")
        if text and "]" not in text and "\\" not in text and text not in out:
            out.append(text)
    return out


def render(data: ExportData) -> str:
    lines = []
    for c in data.concepts:
        t = title(c)
        lines += [f"*[{form}]: {t}" for form in forms(c)]
    return "\n".join(lines) + ("\n" if lines else "")


register(
    "mkdocs",
    Exporter(render, suffix=".md", description="MkDocs / Python-Markdown abbreviations (*[term]: explanation)"),
)

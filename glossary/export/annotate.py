r"""Mark a Markdown document's glossary terms: pinyin as ruby over Chinese terms, the
definition on hover over English ones, or a link to the term's entry.

Only the first occurrence of each concept is marked — the first in characters and
the first in Latin letters, so a reader gets both the reading and the meaning — and only in running text
(paragraphs, list items, quotes and table cells; not headings, code blocks,
inline code, HTML blocks, links or front matter). Marks already in the text
count as occurrences, so annotating an annotated document changes nothing.

Terms are found by the one term matcher (:mod:`glossary.text.matcher`: any spelling,
whole words in Latin script, plurals, hashtags). English names (a capital letter, a digit or a ``#``) are matched only where they are written
like one (RedNote, Red Note, not rednote); a form the glossary writes in lower case is matched
when it has two words or more ("cat tax") or is a word general English rarely uses ("laowai"),
so that ordinary words such as "like", "note" or "potatoes" stay plain. Chinese forms of two
or more characters always match.

>>> from glossary.terms.model import Concept
>>> a = Annotator([Concept(id="xiaohongshu", zh="小红书", pinyin="Xiǎohóngshū", en="RedNote", note="A Chinese app.")])
>>> out = a.annotate("RedNote (小红书) is an app. RedNote again, `小红书` in code.\n")
>>> print(out, end="")
<abbr title="小红书 · Xiǎohóngshū · RedNote — A Chinese app.">RedNote</abbr> (<ruby title="小红书 · Xiǎohóngshū · RedNote — A Chinese app.">小<rt>Xiǎo</rt>红<rt>hóng</rt>书<rt>shū</rt></ruby>) is an app. RedNote again, `小红书` in code.
>>> a.annotate(out) == out
True
"""

from __future__ import annotations

import html
import re
from typing import Iterable

from glossary.terms.model import Concept
from glossary.text.matcher import Matcher
from glossary.text.normalize import fold, form_keys, has_cjk

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_ELEMENT = re.compile(r"<(ruby|abbr|a)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_TAG = re.compile(
    r"<!--.*?-->|<\?.*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>]*")
_RT = re.compile(r"<(rt|rp)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]*>")
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n")
#: A one-word lower-case form rarer than this (wordfreq's Zipf scale) is a term, not an everyday word.
RARE_WORD_ZIPF = 3.0


def _name_like(text: str) -> bool:
    """Latin text written like a name: a letter, and a capital, a digit or a leading ``#``."""
    return (
        len(text) >= 2
        and any(c.isalpha() for c in text)
        and (any(c.isupper() or c.isdigit() for c in text) or text.startswith("#"))
    )


def _lower_term(form: str) -> bool:
    """A glossary form written in lower case that is a term wherever it stands: two words or more
    ("cat tax", "great online migration"), or one word general English rarely uses ("laowai")."""
    from glossary.text.frequency import english_zipf

    words = form.split()
    if form != form.lower() or not all(any(c.isalpha() for c in w) for w in words) or "(" in form:
        return False
    return len(words) >= 2 or english_zipf(form) < RARE_WORD_ZIPF


def _eligible(form: str) -> bool:
    """Chinese forms of 2+ characters; Latin forms that look like names or are lower-case terms."""
    text = form.strip()
    if has_cjk(text):
        return len(text) >= 2
    return _name_like(text) or _lower_term(text)


def visible_text(markup: str) -> str:
    """The text a reader sees in a piece of inline markup (ruby readings and tags removed)."""
    return html.unescape(_ANY_TAG.sub("", _RT.sub("", markup)))


class Annotator:
    """Marks terms of ``concepts`` in Markdown; ``link`` is the URL of the HTML glossary (``#id`` is appended)."""

    def __init__(self, concepts: Iterable[Concept], link: str | None = None, ruby: bool = True) -> None:
        self.link = link
        self.ruby = ruby
        self._key: dict[str, Concept] = {}
        forms: list[tuple[str, tuple[str, Concept]]] = []
        for c in concepts:
            for form in c.forms():
                text = form.strip()
                if _eligible(text):
                    forms.append((text, (text, c)))
                for key in form_keys(text):
                    self._key.setdefault(key, c)
        self._terms = Matcher(forms)

    # --- the document -------------------------------------------------------------

    def annotate(self, text: str) -> str:
        """``text`` with the first occurrence of each concept marked."""
        if not len(self._terms) or not text:
            return text
        lines = _LINES.findall(text)
        seen: set[str] = set()
        out: list[str] = []
        done = 0
        for start, end in self._prose_ranges(text, len(lines)):
            out += lines[done:start]
            chunk = "".join(lines[start:end])
            out.append(self._inline(chunk, seen))
            done = end
        out += lines[done:]
        return "".join(out)

    def _prose_ranges(self, text: str, n_lines: int) -> list[tuple[int, int]]:
        """Line ranges of paragraphs and table body rows, in document order (markdown-it's block parse)."""
        from markdown_it import MarkdownIt

        skip = 0
        if _FRONT_MATTER.match(text):
            lines = _LINES.findall(text)
            for i in range(1, len(lines)):
                if lines[i].strip() in ("---", "...", "+++"):
                    skip = i + 1
                    break
        md = MarkdownIt("commonmark").enable("table")
        normalized = re.sub(r"\r\n?", "\n", text)
        ranges: list[tuple[int, int]] = []
        in_body = False
        for tok in md.parse(normalized):
            if tok.type == "tbody_open":
                in_body = True
            elif tok.type == "tbody_close":
                in_body = False
            elif tok.map and (tok.type == "paragraph_open" or (tok.type == "tr_open" and in_body)):
                start, end = tok.map
                if start >= skip:
                    ranges.append((start, min(end, n_lines)))
        return ranges

    # --- inline text ------------------------------------------------------------------

    def _protected(self, text: str) -> list[tuple[int, int, str | None]]:
        """Spans of inline code, HTML, links and URLs: (start, end, visible text of a link or mark)."""
        spans: list[tuple[int, int, str | None]] = []
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "`":
                run = len(text[i:]) - len(text[i:].lstrip("`"))
                close = re.compile(rf"(?<!`){'`' * run}(?!`)").search(text, i + run)
                if close:
                    spans.append((i, close.end(), None))
                    i = close.end()
                else:
                    i += run
                continue
            if ch == "<":
                m = _ELEMENT.match(text, i)
                if m:
                    spans.append((i, m.end(), visible_text(m.group(0))))
                    i = m.end()
                    continue
                m = _AUTOLINK.match(text, i) or _TAG.match(text, i)
                if m:
                    spans.append((i, m.end(), None))
                    i = m.end()
                    continue
            if ch == "[" or (ch == "!" and text.startswith("[", i + 1)):
                end = self._link_end(text, i + (ch == "!"))
                if end:
                    label_end = text.index("]", i) if "]" in text[i:] else end
                    spans.append((i, end, visible_text(text[i + 1 + (ch == "!") : label_end])))
                    i = end
                    continue
            if ch in "hw" and (i == 0 or not text[i - 1].isalnum()):
                m = _URL.match(text, i)
                if m:
                    spans.append((i, m.end(), None))
                    i = m.end()
                    continue
            i += 1
        return spans

    @staticmethod
    def _link_end(text: str, i: int) -> int | None:
        """End of a ``[label](destination)``, ``[label][ref]`` or ``[label]`` starting at ``i``, else None."""
        depth, j, n = 0, i, len(text)
        while j < n:
            if text[j] == "\\":
                j += 2
                continue
            if text[j] == "[":
                depth += 1
            elif text[j] == "]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        else:
            return None
        j += 1
        if j < n and text[j] == "(":
            depth = 0
            while j < n:
                if text[j] == "\\":
                    j += 2
                    continue
                if text[j] == "(":
                    depth += 1
                elif text[j] == ")":
                    depth -= 1
                    if depth == 0:
                        return j + 1
                j += 1
            return None
        if j < n and text[j] == "[":
            k = text.find("]", j)
            return k + 1 if k >= 0 else j
        return j

    def _inline(self, text: str, seen: set[str]) -> str:
        out: list[str] = []
        pos = 0
        for start, end, label in self._protected(text) + [(len(text), len(text), None)]:
            out.append(self._mark_plain(text[pos:start], seen))
            if label is not None:
                concept = self._key.get(fold(label))
                if concept is None:
                    for key in form_keys(label):
                        concept = concept or self._key.get(key)
                if concept is not None:
                    seen.add(f"{concept.id}/{has_cjk(label)}")
            out.append(text[start:end])
            pos = end
        return "".join(out)

    def _mark_plain(self, text: str, seen: set[str]) -> str:
        if not text:
            return text
        out: list[str] = []
        pos = 0
        for start, end, concept in self.occurrences(text, seen):
            out += [text[pos:start], self.mark(text[start:end], text[start:end], concept)]
            pos = end
        return "".join(out) + text[pos:] if out else text

    def occurrences(self, text: str, seen: set[str] | None) -> list[tuple[int, int, Concept]]:
        """(start, end, concept) of each term in plain ``text`` to mark: the first of each concept per
        script, counting those in ``seen`` (updated), or every one when ``seen`` is None.

        >>> a = Annotator([Concept(id="cat-tax", zh="猫税", en="cat tax")])
        >>> a.occurrences("我交了猫税: the cat tax, 猫税 again", set())
        [(3, 5, Concept(id='cat-tax', ...)), (11, 18, Concept(id='cat-tax', ...))]
        """
        found: list[tuple[int, int, Concept]] = []
        for m in self._terms.find(text):
            form, concept = m.value
            cjk = has_cjk(form)
            if not cjk and not (_name_like(m.text) or _lower_term(form)):
                continue  # a name written as an ordinary word (rednote): not the name here
            if seen is not None:
                key = f"{concept.id}/{cjk}"
                if key in seen:
                    continue
                seen.add(key)
            found.append((m.start, m.end, concept))
        return found

    # --- the marks -------------------------------------------------------------------

    @staticmethod
    def title(c: Concept) -> str:
        """Hover text: characters, pinyin, English — definition."""
        from glossary.export.common import one_line

        chars = one_line(c.zh or c.zh_hant)
        if c.zh and c.zh_hant and c.zh_hant != c.zh:
            chars += f" ({one_line(c.zh_hant)})"
        head = " · ".join(x for x in (chars, one_line(c.pinyin), one_line(c.en)) if x)
        definition = one_line(c.note or c.gloss)
        return f"{head} — {definition}" if definition else head

    def mark(self, text: str, form: str, c: Concept) -> str:
        """The markup for one occurrence ``text`` of ``form`` (text as written in the document)."""
        from glossary.export.common import markdown_escape
        from glossary.export.tones import ruby

        title = html.escape(self.title(c), quote=False).replace('"', "&quot;").replace("|", "&#124;")
        pinyin = c.pinyin if form in (c.zh, c.zh_hant) else None
        if self.ruby and pinyin and has_cjk(text):
            inner = "".join(f"{base}<rt>{markdown_escape(reading)}</rt>" for base, reading, _ in ruby(text, pinyin))
            inner = f"<ruby>{inner}</ruby>" if self.link else f'<ruby title="{title}">{inner}</ruby>'
        elif self.link:
            inner = text
        else:
            return f'<abbr title="{title}">{text}</abbr>'
        if self.link:
            href = html.escape(f"{self.link}#{c.id}", quote=False).replace('"', "&quot;")
            return f'<a href="{href}" title="{title}">{inner}</a>'
        return inner

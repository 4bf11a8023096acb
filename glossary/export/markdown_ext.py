"""A Python-Markdown extension that marks glossary terms inside running text, Chinese and English.

It finds terms with the same matcher and rules as ``glossary annotate`` (any spelling, whole words
in Latin script, no word boundaries needed in Chinese: 我在小红书上交了猫税 finds both terms) and
marks them in the parsed page, never inside code, links, headings or marks already there: an
``<abbr>`` with pinyin and English on hover, or ``<ruby>`` readings over the characters.

    import markdown
    markdown.markdown(text, extensions=["glossary"])            # the entry point
    markdown.markdown(text, extensions=[GlossaryExtension(glossary="terms.yaml", mode="all")])

Options: ``glossary`` (a terms file; default: the one the ``glossary`` command would use),
``mode`` (``first``: the first occurrence of each concept per script and page; ``all``),
``ruby`` (readings over Chinese terms; default true) and ``link`` (the address of the HTML
glossary: each mark links to ``LINK#concept-id``).

>>> import markdown
>>> from glossary.terms.model import Concept
>>> ext = GlossaryExtension(concepts=[Concept(id="cat-tax", zh="猫税", pinyin="māoshuì", en="cat tax")], ruby=False)
>>> print(markdown.markdown("我在小红书上交了猫税, a cat tax. `猫税` stays.", extensions=[ext]))
<p>我在小红书上交了<abbr title="猫税 · māoshuì · cat tax">猫税</abbr>, a <abbr title="猫税 · māoshuì · cat tax">cat tax</abbr>. <code>猫税</code> stays.</p>
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from glossary.export.annotate import Annotator
from glossary.terms.model import Concept
from glossary.text.normalize import has_cjk

#: Elements whose text is never marked: code, links, headings, existing marks, scripts.
SKIPPED = frozenset({"code", "pre", "kbd", "samp", "a", "abbr", "ruby", "rt", "script", "style", "h1", "h2", "h3"})
SKIPPED |= {"h4", "h5", "h6", "title", "textarea", "svg", "math"}
MODES = ("first", "all")


def load_concepts(glossary: str | None) -> list[Concept]:
    """The concepts of ``glossary`` (a path), or of the terms file the ``glossary`` command would use."""
    from glossary.paths import glossary_file
    from glossary.terms.store import load

    return list(load(glossary_file(glossary or None)).concepts)


class GlossaryTreeprocessor(Treeprocessor):
    """Wraps each term occurrence of the page's running text in a mark."""

    def __init__(self, md: Markdown, annotator: Annotator, mode: str) -> None:
        super().__init__(md)
        self.annotator = annotator
        self.mode = mode

    def run(self, root: ET.Element) -> None:
        seen: set[str] | None = set() if self.mode == "first" else None
        self._walk(root, seen)

    def _walk(self, element: ET.Element, seen: set[str] | None) -> None:
        if element.tag in SKIPPED:
            return
        children = list(element)  # the page's own; marks inserted below are not walked again
        element.text = self._marked(element.text, seen, element, 0)
        for child in children:
            self._walk(child, seen)
            child.tail = self._marked(child.tail, seen, element, list(element).index(child) + 1)

    def _marked(self, text: str | None, seen: set[str] | None, parent: ET.Element, at: int) -> str | None:
        """The text before the first mark; the marks and the text between them go into ``parent`` at ``at``."""
        if not text or "\x02" in text:  # \x02: Python-Markdown's placeholder for stashed raw HTML
            return text
        found = self.annotator.occurrences(text, seen)
        if not found:
            return text
        head = text[: found[0][0]]
        for n, (start, end, concept) in enumerate(found):
            mark = self._element(text[start:end], concept)
            stop = found[n + 1][0] if n + 1 < len(found) else len(text)
            mark.tail = text[end:stop]
            parent.insert(at + n, mark)
        return head

    def _element(self, written: str, c: Concept) -> ET.Element:
        from glossary.export.tones import ruby

        title = self.annotator.title(c)
        pinyin = c.pinyin if written in (c.zh, c.zh_hant) else None
        if self.annotator.ruby and pinyin and has_cjk(written):
            mark = ET.Element("ruby")
            last: ET.Element | None = None
            for base, reading, _ in ruby(written, pinyin):
                if last is None:
                    mark.text = (mark.text or "") + base
                else:
                    last.tail = (last.tail or "") + base
                last = ET.SubElement(mark, "rt")
                last.text = reading
        else:
            mark = ET.Element("abbr")
            mark.text = written
        if self.annotator.link:
            link = ET.Element("a", {"href": f"{self.annotator.link}#{c.id}", "title": title})
            if mark.tag == "ruby":
                link.append(mark)
            else:
                link.text = written
            return link
        mark.set("title", title)
        return mark


class GlossaryExtension(Extension):
    """``markdown.markdown(text, extensions=["glossary"])``: glossary terms marked in running text."""

    def __init__(self, concepts: Iterable[Concept] | None = None, **kwargs: Any) -> None:
        self.config = {
            "glossary": ["", "terms file (default: the one the glossary command uses)"],
            "mode": ["first", "first: the first occurrence of each concept per script; all: every one"],
            "ruby": [True, "pinyin as ruby over Chinese terms"],
            "link": ["", "address of the HTML glossary; marks link to ADDRESS#concept-id"],
        }
        self._concepts = list(concepts) if concepts is not None else None
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        mode = self.getConfig("mode")
        if mode not in MODES:
            from glossary.errors import UsageError

            raise UsageError(f"glossary markdown extension: mode must be one of {', '.join(MODES)}, not {mode!r}")
        concepts = self._concepts if self._concepts is not None else load_concepts(self.getConfig("glossary"))
        annotator = Annotator(concepts, link=self.getConfig("link") or None, ruby=bool(self.getConfig("ruby")))
        # after inline parsing (priority below 20) and before the abbr extension's own pass (priority 7)
        md.treeprocessors.register(GlossaryTreeprocessor(md, annotator, mode), "glossary", 8)


def makeExtension(**kwargs: Any) -> GlossaryExtension:  # noqa: N802 (Python-Markdown's name)
    """``markdown.markdown(text, extensions=["glossary.export.markdown_ext"])``."""
    return GlossaryExtension(**kwargs)

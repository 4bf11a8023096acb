"""glossary annotate: terms marked in running text, first occurrence only, code untouched, idempotent."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from glossary.cli import app
from glossary.export.annotate import Annotator
from glossary.terms.model import Alias, Concept
from glossary.terms.store import load
from tests.conftest import DATA

runner = CliRunner()

DOC = """\
---
title: RedNote week
tags: [小红书]
---

# RedNote and 小红书

In January 2025, TikTok refugees flooded RedNote (小红书, Xiaohongshu). Many paid the
cat tax. RedNote topped the App Store; 小红书 again.

> Chinese users learned about ByteDance.

- ByteDance owns it; `ByteDance` and `小红书` in code stay.
- A link: [RedNote on the web](https://www.xiaohongshu.com/) and <https://rednote.com/小红书>.

| Term | Meaning |
| --- | --- |
| 字节跳动 | a | b |

```python
print("小红书 RedNote TikTok难民")
```

~~~
TikTok难民 in a tilde fence
~~~

    indented code: TikTok难民 ByteDance

<div>
HTML block with TikTok难民 inside.
</div>

Last: TikTok难民 and ``inline `code` with 猫税`` then 猫税.
"""


def annotator(terms: Path, **kw) -> Annotator:
    return Annotator(load(terms).concepts, **kw)


def test_marks_first_occurrence_per_concept_and_script(terms_file: Path) -> None:
    out = annotator(terms_file).annotate(DOC)
    lines = out.splitlines()
    assert lines[:6] == DOC.splitlines()[:6]  # front matter and headings untouched
    para = "\n".join(lines[7:9])
    assert para.count("<abbr") == 3 and para.count("<ruby") == 1
    assert '<abbr title="TikTok难民 (TikTok難民) · TikTok nànmín · TikTok refugee — An American TikTok user' in para
    assert ">TikTok refugees</abbr> flooded <abbr " in para  # plural matched whole
    assert (
        '<ruby title="小红书 (小紅書) · Xiǎohóngshū · RedNote — Chinese lifestyle app where American TikTok users landed'
        ' in January 2025.">小<rt>Xiǎo</rt>红<rt>hóng</rt>书<rt>shū</rt></ruby>, Xiaohongshu)' in para
    )
    assert "RedNote topped the App Store; 小红书 again." in para  # later occurrences stay plain
    assert '<abbr title="猫税 (貓稅) · māoshuì · cat tax' in para and ">cat tax</abbr>" in para  # a lower-case term
    assert out.count(">ByteDance</abbr>") == 1 and "> Chinese users learned about <abbr" in out
    assert "`ByteDance` and `小红书` in code stay." in out
    assert "[RedNote on the web](https://www.xiaohongshu.com/) and <https://rednote.com/小红书>." in out
    assert '| <ruby title="字节跳动 (字節跳動)' in out  # table cells are prose


def test_code_and_html_blocks_are_left_alone(terms_file: Path) -> None:
    out = annotator(terms_file).annotate(DOC)
    for block in (
        '```python\nprint("小红书 RedNote TikTok难民")\n```',
        "~~~\nTikTok难民 in a tilde fence\n~~~",
        "    indented code: TikTok难民 ByteDance",
        "<div>\nHTML block with TikTok难民 inside.\n</div>",
    ):
        assert block in out
    last = out.splitlines()[-1]
    assert last.startswith('Last: <ruby title="TikTok难民 (TikTok難民)')
    assert '``inline `code` with 猫税`` then <ruby title="猫税 (貓稅) · māoshuì · cat tax' in last


def test_running_twice_changes_nothing(terms_file: Path, bundled_terms: Path) -> None:
    for terms in (terms_file, bundled_terms):
        a = annotator(terms)
        once = a.annotate(DOC)
        assert once != DOC
        assert a.annotate(once) == once
        linked = annotator(terms, link="glossary.html")
        once = linked.annotate(DOC)
        assert linked.annotate(once) == once


def test_rendered_html_has_ruby_and_abbr_and_code_is_verbatim(terms_file: Path) -> None:
    html = MarkdownIt("commonmark").enable("table").render(annotator(terms_file).annotate(DOC))
    root = ET.fromstring(f"<root>{html}</root>")
    assert ["".join(r.itertext()) for r in root.iter("rt")][:3] == ["Xiǎo", "hóng", "shū"]
    assert [a.text for a in root.iter("abbr")] == ["TikTok refugees", "RedNote", "cat tax", "ByteDance"]
    codes = [c.text for c in root.iter("code")]
    assert 'print("小红书 RedNote TikTok难民")\n' in codes and "inline `code` with 猫税" in codes


def test_link_mode_points_to_the_html_glossary(terms_file: Path) -> None:
    out = annotator(terms_file, link="glossary.html").annotate("RedNote is 小红书.\n")
    assert out == (
        '<a href="glossary.html#xiaohongshu" title="小红书 (小紅書) · Xiǎohóngshū · RedNote — Chinese lifestyle app where American'
        ' TikTok users landed in January 2025.">RedNote</a> is <a href="glossary.html#xiaohongshu" title="小红书 (小紅書) ·'
        ' Xiǎohóngshū · RedNote — Chinese lifestyle app where American TikTok users landed in January 2025.">'
        "<ruby>小<rt>Xiǎo</rt>红<rt>hóng</rt>书<rt>shū</rt></ruby></a>.\n"
    )
    plain = annotator(terms_file, ruby=False).annotate("小红书\n")
    assert plain.startswith('<abbr title="小红书 (小紅書)') and plain.endswith(">小红书</abbr>\n")


def test_existing_links_count_as_marked(terms_file: Path) -> None:
    """A term the author already linked is an occurrence: the next one stays plain."""
    out = annotator(terms_file).annotate("[ByteDance](https://bytedance.com) then ByteDance.\n")
    assert out == "[ByteDance](https://bytedance.com) then ByteDance.\n"


def test_windows_line_endings_and_no_terms(terms_file: Path) -> None:
    a = annotator(terms_file)
    out = a.annotate("RedNote\r\n\r\nplain\r\n")
    assert out.endswith("</abbr>\r\n\r\nplain\r\n")
    assert a.annotate("nothing here\n") == "nothing here\n"
    assert a.annotate("") == ""


@functools.lru_cache(maxsize=1)
def sample_annotator() -> Annotator:
    return Annotator(load(DATA / "sample_terms.yaml").concepts)


BLOCKS = st.sampled_from(
    [
        "RedNote",
        "小红书",
        "小紅書",
        "TikTok refugees",
        "ByteDance",
        "猫税",
        "cat tax",
        "`RedNote`",
        "``a ` 小红书``",
        "[RedNote](https://x.test)",
        "<https://x.test/小红书>",
        "*RedNote*",
        "**小红书**",
        "TikTok难民",
        "#TikTokRefugee",
        "plain words",
        "Xiaohongshu",
        "|",
        "\\",
        "<b>RedNote</b>",
        "&amp;",
        "Red Note",
    ]
)
LINES = st.lists(BLOCKS, min_size=1, max_size=6).map(" ".join)
PREFIX = st.sampled_from(["", "# ", "> ", "- ", "1. ", "    ", "| ", "```\n", "<div>\n"])
DOCS = st.lists(st.tuples(PREFIX, LINES), min_size=1, max_size=8).map(
    lambda parts: "\n\n".join(p + line for p, line in parts) + "\n"
)


@settings(max_examples=150, deadline=None)
@given(doc=DOCS)
def test_annotate_is_idempotent_on_any_document(doc: str) -> None:
    a = sample_annotator()
    once = a.annotate(doc)
    assert a.annotate(once) == once


def test_cli_writes_output_and_is_idempotent_in_place(terms_file: Path, tmp_path: Path) -> None:
    src = tmp_path / "post.md"
    src.write_text(DOC, encoding="utf-8")
    out = tmp_path / "post.annotated.md"
    result = runner.invoke(app, ["annotate", str(src), "-o", str(out), "--glossary", str(terms_file)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == annotator(terms_file).annotate(DOC)
    assert src.read_text(encoding="utf-8") == DOC
    result = runner.invoke(app, ["annotate", str(out), "-o", str(out), "--glossary", str(terms_file)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == annotator(terms_file).annotate(DOC)
    result = runner.invoke(app, ["annotate", str(src), "--glossary", str(terms_file)])
    assert result.stdout == annotator(terms_file).annotate(DOC)
    result = runner.invoke(
        app, ["annotate", "-", "--link", "g.html", "--glossary", str(terms_file)], input="ByteDance\n"
    )
    assert result.stdout.startswith('<a href="g.html#bytedance" title="字节跳动')


def test_cli_errors(terms_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["annotate", str(tmp_path / "missing.md"), "--glossary", str(terms_file)])
    assert result.exit_code == 2 and result.stderr == f"error: {tmp_path / 'missing.md'}: no such file\n"
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\xff\xfe\x00bad")
    result = runner.invoke(app, ["annotate", str(binary), "--glossary", str(terms_file)])
    assert result.exit_code == 2 and result.stderr == f"error: {binary}: not UTF-8 text\n"


def test_lower_case_terms_are_marked_but_everyday_words_and_lower_cased_names_are_not() -> None:
    concepts = [
        Concept(id="cat-tax", zh="猫税", pinyin="māoshuì", en="cat tax", note="Pet photos as the entry toll."),
        Concept(id="laowai", zh="老外", pinyin="lǎowài", en="foreigner", aliases=[Alias("laowai")]),
        Concept(id="note", zh="笔记", pinyin="bǐjì", en="note", aliases=[Alias("potatoes")]),
        Concept(id="xiaohongshu", zh="小红书", pinyin="Xiǎohóngshū", en="RedNote"),
    ]
    out = Annotator(concepts).annotate("Every laowai paid the cat tax, took a note on potatoes and opened rednote.\n")
    assert ">cat tax</abbr>" in out and ">laowai</abbr>" in out
    assert "a note on potatoes and opened rednote." in out  # everyday words, and a name written as a word

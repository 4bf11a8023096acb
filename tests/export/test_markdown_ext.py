"""The glossary inside documents: the Python-Markdown extension and the MkDocs plugin, each run
for real (markdown.markdown through the entry point; a whole `mkdocs build` in a subprocess)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from glossary.errors import UsageError
from glossary.export.markdown_ext import GlossaryExtension
from glossary.terms.model import Concept

PAGE = """\
# 小红书 heading

我在小红书上交了猫税，然后又在小红书上交了猫税。

Americans paid the cat tax on RedNote; rednote in lower case is a word, and the cat tax again.

`小红书 in code` and [小红书 in a link](https://x.test/).

```
猫税 in a block
```
"""


def _render(terms: Path, **config: object) -> ET.Element:
    html = markdown.markdown(
        PAGE, extensions=["glossary", "fenced_code"], extension_configs={"glossary": {"glossary": str(terms), **config}}
    )
    return ET.fromstring(f"<root>{html}</root>")


def _marks(root: ET.Element) -> list[str]:
    return ["".join(t for t in e.itertext() if t) for e in root.iter() if e.tag in ("abbr", "ruby")]


def test_terms_inside_running_chinese_are_marked_once_per_script(terms_file: Path) -> None:
    root = _render(terms_file)
    para = root.findall("p")[0]
    rubies = para.findall("ruby")
    assert [r.get("title", "").split(" · ")[0] for r in rubies] == ["小红书 (小紅書)", "猫税 (貓稅)"]
    assert ["".join(r.itertext()) for r in rubies] == ["小Xiǎo红hóng书shū", "猫māo税shuì"]
    assert rubies[-1].tail == "，然后又在小红书上交了猫税。"  # later occurrences stay plain text
    latin = root.findall("p")[1]
    assert [a.text for a in latin.findall("abbr")] == ["cat tax", "RedNote"]
    assert "rednote in lower case is a word, and the cat tax again." in "".join(latin.itertext())


def test_code_links_and_headings_are_never_marked(terms_file: Path) -> None:
    root = _render(terms_file, mode="all")
    for tag in ("h1", "code", "a", "pre"):
        for element in root.iter(tag):
            assert not [e for e in element.iter() if e.tag in ("abbr", "ruby")], tag


def test_mode_all_marks_every_occurrence_and_link_mode_links(terms_file: Path) -> None:
    root = _render(terms_file, mode="all", ruby=False, link="glossary.html")
    first = root.findall("p")[0]
    assert [(a.get("href"), a.text) for a in first.findall("a")] == [
        ("glossary.html#xiaohongshu", "小红书"),
        ("glossary.html#cat-tax", "猫税"),
        ("glossary.html#xiaohongshu", "小红书"),
        ("glossary.html#cat-tax", "猫税"),
    ]


def test_hostile_glossary_text_stays_text() -> None:
    evil = Concept(id="evil", zh="猫税", en="cat tax", note='"><script>alert(1)</script>')
    html = markdown.markdown("交了猫税", extensions=[GlossaryExtension(concepts=[evil], ruby=False)])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert ET.fromstring(html).find("abbr").get("title").endswith('"><script>alert(1)</script>')


def test_an_unknown_mode_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="mode must be one of first, all, not 'every'"):
        markdown.markdown("x", extensions=[GlossaryExtension(concepts=[], mode="every")])


def _site(tmp_path: Path, plugin: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Event notes\nplugins:\n{plugin}", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_mkdocs_plugins_glossary_marks_the_built_pages(tmp_path: Path, terms_file: Path) -> None:
    (tmp_path / "terms.yaml").write_bytes(terms_file.read_bytes())
    build = _site(tmp_path, "  - glossary:\n      glossary: terms.yaml\n")
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<ruby title="小红书 (小紅書) · Xiǎohóngshū · RedNote' in page
    assert '<abbr title="猫税 (貓稅) · māoshuì · cat tax' in page


def test_mkdocs_with_a_missing_glossary_stops_with_one_line(tmp_path: Path) -> None:
    build = _site(tmp_path, "  - glossary:\n      glossary: nowhere.yaml\n")
    assert build.returncode == 1
    assert build.stderr == f"ERROR   -  glossary: {tmp_path / 'nowhere.yaml'}: no such glossary file\n"
    assert not (tmp_path / "site" / "index.html").exists()

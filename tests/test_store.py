"""terms.yaml: validation with every problem and its line; the writer's guarantees."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary import store
from glossary.errors import ConflictError, NotFoundError, ValidationError
from glossary.model import ALIAS_KINDS, CATEGORIES, Alias, Concept, Source

from .conftest import REPO


def problems_of(text: str, tmp_path: Path) -> list[tuple[int | None, str]]:
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        store.load(path)
    assert all(p.path == str(path) for p in info.value.problems)
    return [(p.line, p.message) for p in info.value.problems]


def test_bundled_glossary_is_valid_and_covers_the_event(bundled_terms: Path) -> None:
    g = store.load(bundled_terms)
    assert len(g) >= 80
    categories = {c.category for c in g.concepts}
    for needed in ("platform", "app", "company", "law", "court", "person", "place", "community", "meme"):
        assert needed in categories
    for c in g.concepts:
        assert c.note, c.id
        assert c.en, c.id
        if c.zh:
            assert c.zh_hant and c.pinyin, c.id
    assert g.get("xiaohongshu").zh == "小红书"


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    found = problems_of(
        """\
        concepts:
          - id: a
            en: [unclosed
        """,
        tmp_path,
    )
    assert len(found) == 1
    line, message = found[0]
    assert line == 4 and message.startswith("YAML syntax error")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    found = problems_of(
        """\
        concepts:
          - id: rednote
            category: platform
            en: RedNote
            colour: red
          - category: app
            en: Lemon8
          - id: rednote
            en: Red Note app
          - id: other
            en: Something
            aliases:
              - {text: Red-Note, kind: variant}
          - id: typed
            en: 42
            aliases: not a list
          - id: Bad Id
            category: nonsense
            en: x
        """,
        tmp_path,
    )
    lines = [line for line, _ in found]
    assert lines == sorted(lines)
    messages = "\n".join(f"{line}: {m}" for line, m in found)
    assert "5: unknown field 'colour' in concept 'rednote'" in messages
    assert "6: concept has no 'id'" in messages
    assert "8: duplicate id 'rednote' (first defined on line 2)" in messages
    assert "13: 'Red-Note' of concept 'other' is already claimed by concept 'rednote' as 'RedNote' (line 4)" in messages
    assert "15: concept 'typed' field 'en' must be a string, not int" in messages
    assert "16: concept 'typed' field 'aliases' must be a list, not str" in messages
    assert "17: id 'Bad Id' must be lower-case letters, digits and hyphens" in messages
    assert "18: concept 'Bad Id': unknown category 'nonsense'" in messages


def test_unknown_alias_kind_status_and_origin(tmp_path: Path) -> None:
    found = problems_of(
        """\
        concepts:
          - id: a
            en: A
            status: done
            aliases:
              - {text: B, kind: synonym}
            origin: {pinyin: guess}
        """,
        tmp_path,
    )
    messages = [m for _, m in found]
    assert any("unknown status 'done'" in m for m in messages)
    assert any("unknown alias kind 'synonym'" in m for m in messages)
    assert any("unknown origin 'guess'" in m for m in messages)


def test_empty_and_non_mapping_files(tmp_path: Path) -> None:
    assert problems_of("", tmp_path) == [(1, "the file is empty; expected a mapping with 'concepts'")]
    assert problems_of("- a\n- b\n", tmp_path)[0][1] == "expected a mapping with 'concepts' at the top level"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("concepts:\n  - id: a\n    zh: 小红书\n".encode("gbk"))
    with pytest.raises(ValidationError) as info:
        store.load(path)
    assert info.value.problems[0].line == 3
    assert "not valid UTF-8" in info.value.problems[0].message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        store.load(tmp_path / "nope.yaml")


# --- writing -------------------------------------------------------------------------


def test_editing_keeps_comments_order_and_formatting(terms_file: Path) -> None:
    before = terms_file.read_text(encoding="utf-8")
    with store.editing(terms_file) as doc:
        doc.update("bytedance", note="Owner of TikTok and Douyin.", literal="byte jump")
    after = terms_file.read_text(encoding="utf-8")
    assert "# A small glossary for tests. Comments must survive every edit." in after
    assert "  - id: xiaohongshu  # the app itself" in after
    assert "  # --- companies ---" in after
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ["    literal: byte jump", "    note: Owner of TikTok and Douyin."]
    # the new key sits where the schema puts it: after pinyin/en, before note
    block = after.split("- id: bytedance")[1].split("- id:")[0]
    assert block.index("en: ByteDance") < block.index("literal: byte jump") < block.index("note:")


def test_round_trip_without_change_is_byte_identical(bundled_terms: Path, tmp_path: Path) -> None:
    text = bundled_terms.read_text(encoding="utf-8")
    assert store.dump(store.parse(text)) == text


def test_add_remove_and_conflicts(terms_file: Path) -> None:
    with store.editing(terms_file) as doc:
        doc.add(Concept(id="lemon8", category="app", en="Lemon8", aliases=[Alias("Lemon 8", "variant")], status="reviewed"))
    assert store.load(terms_file).get("lemon8").aliases[0].text == "Lemon 8"
    with pytest.raises(ConflictError):
        with store.editing(terms_file) as doc:
            doc.add(Concept(id="lemon8", en="Lemon Eight"))
    with pytest.raises(ConflictError) as info:  # the alias belongs to another concept: nothing written
        with store.editing(terms_file) as doc:
            doc.add(Concept(id="copy", en="Little Red Book"))
    assert "already claimed by concept 'xiaohongshu'" in str(info.value)
    with store.editing(terms_file) as doc:
        doc.remove("lemon8")
    assert "lemon8" not in store.load(terms_file)
    with pytest.raises(NotFoundError):
        with store.editing(terms_file) as doc:
            doc.remove("lemon8")


def test_a_failed_edit_leaves_the_file_untouched(terms_file: Path) -> None:
    before = terms_file.read_bytes()
    with pytest.raises(RuntimeError):
        with store.editing(terms_file) as doc:
            doc.update("bytedance", note="half done")
            raise RuntimeError("boom")
    assert terms_file.read_bytes() == before


_WRITER = """
import sys
from glossary import store
from glossary.model import Concept
path, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(count):
    with store.editing(path) as doc:
        doc.add(Concept(id=f"{prefix}-{i}", en=f"{prefix} term {i}", note="x" * 200))
"""


def _writer(path: Path, prefix: str, count: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-c", _WRITER, str(path), prefix, str(count)], env=env)


def test_concurrent_writers_lose_nothing(terms_file: Path) -> None:
    writers = [_writer(terms_file, f"w{n}", 6) for n in range(3)]
    for w in writers:
        assert w.wait(timeout=120) == 0
    ids = {c.id for c in store.load(terms_file).concepts}
    assert {f"w{n}-{i}" for n in range(3) for i in range(6)} <= ids
    assert {"xiaohongshu", "tiktok-refugee", "bytedance", "cat-tax"} <= ids


_REWRITER = """
import sys
from pathlib import Path
from glossary import store
path = Path(sys.argv[1])
versions = [Path(v).read_text(encoding="utf-8") for v in sys.argv[2:]]
n = 0
while True:
    store.atomic_write(path, versions[n % 2])
    n += 1
"""


def _version(tag: str, count: int = 10000) -> str:
    body = "".join(f"  - id: c{i}\n    en: term {i} {tag}\n    note: {'padding ' * 40}\n" for i in range(count))
    return f"# version {tag}\nconcepts:\n{body}"


def test_a_writer_killed_mid_write_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    versions = [_version("a"), _version("b")]
    files = []
    for n, text in enumerate(versions):
        files.append(tmp_path / f"v{n}.txt")
        files[-1].write_text(text, encoding="utf-8")
    path.write_text(versions[0], encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for delay in (0.5, 0.7, 0.9, 1.1, 1.3):
        writer = subprocess.Popen([sys.executable, "-c", _REWRITER, str(path), *map(str, files)], env=env)
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert path.read_text(encoding="utf-8") in versions  # whole, never torn
    torn = list(tmp_path.glob(".terms.yaml.*.tmp"))
    assert torn, "no kill landed inside a write; the test proved nothing"
    assert len(store.load(path)) == 10000


# --- property tests ----------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(lambda s: s.strip() == s and s)
_concepts = st.builds(
    Concept,
    id=st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    category=st.sampled_from(CATEGORIES),
    zh=st.text(alphabet="小红书难民字节跳动猫税", min_size=1, max_size=6),
    en=_text,
    aliases=st.lists(st.builds(Alias, text=_text, kind=st.sampled_from(list(ALIAS_KINDS))), max_size=3),
    note=st.none() | _text,
    status=st.sampled_from(["candidate", "reviewed"]),
    sources=st.lists(st.builds(Source, path=_text, line=st.none() | st.integers(1, 10**6), sentence=st.none() | _text), max_size=2),
)


@given(_concepts)
def test_concept_dict_round_trip(concept: Concept) -> None:
    assert Concept.from_dict(concept.to_dict()) == concept


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_concepts)
def test_save_then_load_round_trip(tmp_path: Path, concept: Concept) -> None:
    path = tmp_path / "rt.yaml"
    store.save(path, [concept])
    assert store.load(path).concepts == [concept]

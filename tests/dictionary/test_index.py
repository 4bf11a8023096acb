"""The SQLite index: the CC-CEDICT build gives the same rows as the straightforward one,
each install keeps its own file, stale files are swept, and slow builds are shown."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import __version__
from glossary.cli import app
from glossary.cli.base import BuildProgress
from glossary.dictionary import cedict, index
from glossary.dictionary.query import is_reference
from glossary.terms import index as terms_index
from glossary.terms.lookup import Lookup
from glossary.text.normalize import fold
from glossary.text.pinyin import join_syllables

FAKE_CEDICT = """\
# CC-CEDICT
# a comment line, then entries in the file's format
難民 难民 [nan4 min2] /refugee/
流民 流民 [liu2 min2] /refugee/vagrant/
小紅書 小红书 [Xiao3 hong2 shu1] /Xiaohongshu (social media app)/
綠 绿 [lu:4] /green/
亞歷山大·杜布切克 亚历山大·杜布切克 [Ya4 li4 shan1 da4 · Du4 bu4 qie1 ke4] /Alexander Dubček/
這個 这个 [zhe4 ge5] /this/this one/
"""


def write_cedict(path: Path, text: str = FAKE_CEDICT) -> Path:
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    return path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder of this test's own (not the session's)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def fake_cedict(tmp_path: Path) -> Path:
    return write_cedict(tmp_path / "cedict.txt.gz")


def dictionary_files(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.glob("cedict-v*.sqlite"))


# --- the content: the same rows as the straightforward build ----------------------------


def reference_english_keys(definition: str) -> list[str]:
    """english_keys as first written: regular expressions and normalize.fold for every candidate
    (references skipped by the one sense filter)."""
    keys = []
    for part in re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", definition).split(";"):
        part = part.strip()
        if not part or is_reference(part):
            continue
        part = re.sub(r"^(to|a|an|the) ", "", part)
        for candidate in (part, part.split(",")[0]):
            key = fold(candidate)
            if key and key not in keys:
                keys.append(key)
    return keys


def reference_rows(source: Path, wanted) -> dict[int, tuple]:
    """For the entries ``wanted(id, pinyin)`` picks: the rows the straightforward build writes, one entry at a time."""
    from pypinyin.contrib.tone_convert import to_tone
    from wordfreq import get_frequency_dict

    freq = get_frequency_dict("zh")
    out = {}
    i = 0
    with gzip.open(source, "rt", encoding="utf-8") as f:
        for line in f:
            e = cedict.parse_line(line)
            if not e:
                continue
            i += 1
            if not wanted(i, e.pinyin):
                continue
            marks = join_syllables([to_tone(s.replace("u:", "v")) if s[-1:].isdigit() else s for s in e.pinyin.split()])
            entry = (
                i,
                e.simplified,
                e.traditional,
                e.pinyin,
                marks,
                json.dumps(e.definitions, ensure_ascii=False),
                freq.get(e.simplified, 0.0),
            )
            en = sorted((key, i, n) for n, d in enumerate(e.definitions) for key in reference_english_keys(d))
            py = [(fold("".join(c for c in e.pinyin if not c.isdigit())), i)]
            out[i] = (entry, en, py)
    return out


def assert_rows_match(con, expected: dict[int, tuple]) -> None:
    """The database has the expected rows for these entries (the key tables are read whole: they have no index by entry)."""
    en_rows: dict[int, list] = {}
    for row in con.execute("SELECT key, entry, position FROM en_keys"):
        if row[1] in expected:
            en_rows.setdefault(row[1], []).append(row)
    py_rows = {row[1]: [row] for row in con.execute("SELECT key, entry FROM py_keys") if row[1] in expected}
    for i, (entry, en, py) in expected.items():
        assert con.execute("SELECT * FROM entries WHERE id = ?", (i,)).fetchone() == entry
        assert sorted(en_rows.get(i, [])) == en
        assert py_rows.get(i) == py


def test_the_real_dictionary_gives_the_rows_of_the_straightforward_build() -> None:
    """A sample of CC-CEDICT (every 25th entry, and every entry whose pinyin is not plain lower-case syllables)."""
    con = index.dictionary_db()
    source = cedict.data_path()

    def wanted(i: int, pinyin: str) -> bool:
        return i % 25 == 0 or not pinyin.isascii() or "u:" in pinyin or (i % 5 == 0 and not pinyin.islower())

    expected = reference_rows(source, wanted)
    assert len(expected) > 5000
    assert_rows_match(con, expected)
    total = sum(1 for line in gzip.open(source, "rt", encoding="utf-8") if cedict.parse_line(line))
    assert con.execute("SELECT count(*), max(id) FROM entries").fetchone() == (total, total)
    found = {i for (i,) in con.execute("SELECT rowid FROM defs_fts WHERE defs_fts MATCH 'refugee'")}
    words = {
        i
        for i, d in con.execute("SELECT id, definitions FROM entries")
        if re.search(r"(?<![^\W_])refugee(?![^\W_])", d, re.I)
    }
    assert found == words and len(found) > 5


def test_a_small_dictionary_in_full(fake_cedict: Path, cache: Path) -> None:
    con = index.dictionary_db(cedict_path=fake_cedict)
    assert_rows_match(con, reference_rows(fake_cedict, lambda i, p: True))
    assert con.execute("SELECT pinyin_marks FROM entries WHERE simplified = '亚历山大·杜布切克'").fetchone() == (
        "Yàlìshāndà · Dùbùqiēkè",
    )
    assert con.execute("SELECT pinyin_marks FROM entries WHERE simplified = '绿'").fetchone() == ("lǜ",)


def test_lookups_answer_from_the_new_index(terms_file: Path) -> None:
    finder = Lookup(terms_file)
    best = finder.lookup("refugee", limit=4)
    assert [(m.zh, m.pinyin, m.en, m.answered_from) for m in best[:2]] == [
        ("难民", "nànmín", "refugee", "cc-cedict"),
        ("流民", "liúmín", "refugee", "cc-cedict"),
    ]
    assert finder.lookup("nanmin")[0].zh == "难民"
    assert finder.lookup("難民")[0].zh_hant == "難民"


PIECES = [*"ab Zé,;()[]-'.:/ü\u0301\u00a0ﬁ难", "see ", "to ", "the ", "CL:", "variant of"]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
@settings(max_examples=300, deadline=None)
def test_english_keys_and_folding_agree_with_the_reference(text: str) -> None:
    assert cedict.english_keys(text) == reference_english_keys(text)
    assert cedict.fold_fast(text) == fold(text)


def test_lines_end_only_where_a_text_file_s_lines_end(tmp_path: Path) -> None:
    path = write_cedict(tmp_path / "c.gz", "a b [x1] /one\u2028two/\r\nc d [y2] /three\x85/\rlast")
    assert cedict.lines(path) == ["a b [x1] /one\u2028two/", "c d [y2] /three\x85/", "last"]


# --- one file per install ---------------------------------------------------------------


def test_the_file_is_named_after_the_version_and_the_data_checksum(fake_cedict: Path, cache: Path) -> None:
    index.dictionary_db(cedict_path=fake_cedict)
    checksum = hashlib.sha256(fake_cedict.read_bytes()).hexdigest()
    assert dictionary_files(cache) == [f"cedict-v{index.SCHEMA}-{__version__}-{checksum[:16]}.sqlite"]


def test_another_version_in_the_same_cache_neither_deletes_nor_rebuilds_the_first(
    fake_cedict: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index.dictionary_db(cedict_path=fake_cedict)
    [first] = cache.glob("cedict-v*.sqlite")
    built = first.stat().st_mtime_ns
    monkeypatch.setattr(index, "__version__", "9.9.9")
    index.dictionary_db(cedict_path=fake_cedict)
    assert len(dictionary_files(cache)) == 2 and any("-9.9.9-" in name for name in dictionary_files(cache))
    monkeypatch.setattr(index, "__version__", __version__)
    index.dictionary_db(cedict_path=fake_cedict).close()
    assert first.stat().st_mtime_ns == built
    assert len(dictionary_files(cache)) == 2


def test_a_changed_data_file_replaces_this_install_s_index(fake_cedict: Path, cache: Path) -> None:
    index.dictionary_db(cedict_path=fake_cedict)
    old = dictionary_files(cache)
    write_cedict(fake_cedict, FAKE_CEDICT + "貓 猫 [mao1] /cat/\n")
    con = index.dictionary_db(cedict_path=fake_cedict)
    assert con.execute("SELECT pinyin_marks FROM entries WHERE simplified = '猫'").fetchone() == ("māo",)
    new = dictionary_files(cache)
    assert len(new) == 1 and new != old


def test_touching_the_data_file_keeps_the_index(fake_cedict: Path, cache: Path) -> None:
    """The checksum is remembered by size and mtime; a new mtime with the same content reuses the index."""
    index.dictionary_db(cedict_path=fake_cedict)
    [db] = cache.glob("cedict-v*.sqlite")
    built = db.stat().st_mtime_ns
    os.utime(fake_cedict, ns=(time.time_ns(), time.time_ns() + 10**9))
    index.dictionary_db(cedict_path=fake_cedict)
    assert db.stat().st_mtime_ns == built
    [sidecar] = cache.glob("cedict-data-*.json")
    assert json.loads(sidecar.read_text())["mtime_ns"] == fake_cedict.stat().st_mtime_ns


# --- stale files --------------------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    return int(child.stdout)


def test_a_new_index_sweeps_older_schemas_and_abandoned_temporary_files(
    fake_cedict: Path, cache: Path, tmp_path: Path
) -> None:
    cache.mkdir()
    hours_ago = time.time() - 2 * 3600
    stale = [
        "cedict-v5.sqlite",  # the previous naming
        "cedict-v3-0.0.1-0123456789abcdef.sqlite",
        f"cedict-v{index.SCHEMA}-0.0.1-0123456789abcdef.sqlite",  # its data file is gone
        f"cedict-v{index.SCHEMA}-0.1.0-1111111111111111.sqlite.{dead_pid()}-abc_12.tmp",  # its build was killed
        "cedict-v5.sqlite.k3j_x9.tmp",  # an old build's, untouched for hours
    ]
    kept = [
        "cedict-v99-9.0.0-0123456789abcdef.sqlite",  # a newer install's
        f"cedict-v{index.SCHEMA}-0.2.0-2222222222222222.sqlite",  # another install's, its data file exists
        f"cedict-v{index.SCHEMA}-0.1.0-3333333333333333.sqlite.{os.getppid()}-abc.tmp",  # a build under way
        "cedict-v5.sqlite.recent.tmp",  # recent: perhaps under way
        "glossary-v5-deadbeef.sqlite",  # another kind: swept by glossary builds
        "notes.txt",
    ]
    for name in stale + kept:
        (cache / name).write_bytes(b"")
    (cache / "cedict-data-00000000.json").write_text(json.dumps({"path": str(tmp_path / "gone.gz")}))
    for name in ("cedict-v5.sqlite.k3j_x9.tmp", "cedict-v5.sqlite"):
        os.utime(cache / name, (hours_ago, hours_ago))
    for name, data in [(stale[2], tmp_path / "gone.gz"), (kept[1], fake_cedict)]:
        con = __import__("sqlite3").connect(cache / name)
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        con.execute("INSERT INTO meta VALUES ('data', ?)", (str(data),))
        con.commit()
        con.close()

    index.dictionary_db(cedict_path=fake_cedict)
    remaining = sorted(p.name for p in cache.iterdir())
    assert [name for name in stale if name in remaining] == []
    assert [name for name in kept if name not in remaining] == []
    assert [p.name for p in cache.glob("cedict-data-*.json")] == [
        f"cedict-data-{zlib.crc32(str(fake_cedict).encode()):08x}.json"
    ]


def test_a_glossary_index_sweeps_older_schemas(terms_file: Path, cache: Path) -> None:
    cache.mkdir()
    for name in (
        "glossary-v5-deadbeef.sqlite",
        "glossary-v1-00000000.sqlite",
        f"glossary-v{index.SCHEMA}-0badf00d.sqlite",
        "cedict-v5.sqlite",
    ):
        (cache / name).write_bytes(b"")
    terms_index.glossary_db(terms_file)
    ours = [
        p.name
        for p in cache.glob(f"glossary-v{index.SCHEMA}-*.sqlite")
        if p.name != f"glossary-v{index.SCHEMA}-0badf00d.sqlite"
    ]
    assert len(ours) == 1
    assert sorted(p.name for p in cache.glob("glossary-*")) == sorted(
        [f"glossary-v{index.SCHEMA}-0badf00d.sqlite", *ours]
    )
    assert (cache / "cedict-v5.sqlite").exists()


# --- progress -----------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_build_off_a_terminal_reports_exactly_one_line(
    fake_cedict: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(BuildProgress, "delay", 0.0)  # as if the build took more than a second
    index.dictionary_db(cedict_path=fake_cedict, progress=BuildProgress())
    assert capsys.readouterr().err == f"building the CC-CEDICT index in {cache} (once per install)…\n"
    index.dictionary_db(cedict_path=fake_cedict, progress=BuildProgress())  # fresh: nothing to say
    assert capsys.readouterr().err == ""


def test_a_build_at_a_terminal_counts_up_on_one_line(
    fake_cedict: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BuildProgress, "delay", 0.0)
    monkeypatch.setenv("COLUMNS", "500")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    index.dictionary_db(cedict_path=fake_cedict, progress=BuildProgress())
    shown = terminal.getvalue()
    assert shown.count("\n") == 1 and shown.endswith("\033[K\n")
    updates = shown.split("\r")[1:]
    percents = [int(m) for m in re.findall(r"… +(\d+)%", shown)]
    assert percents == sorted(percents) and percents[0] == 0 and len(percents) >= 5
    assert re.fullmatch(
        rf"building the CC-CEDICT index in {re.escape(str(cache))} \(once per install\)… done in \d+\.\d s\033\[K\n",
        updates[-1],
    )


def test_a_quick_build_says_nothing() -> None:
    progress = BuildProgress()
    progress.delay = 60.0
    out = io.StringIO()
    sys_stderr, sys.stderr = sys.stderr, out
    try:
        for fraction in (0.0, 0.3, 0.9, 1.0):
            progress("building something", fraction)
    finally:
        sys.stderr = sys_stderr
    assert out.getvalue() == ""


def test_lookup_and_index_commands_show_the_build(
    fake_cedict: Path, cache: Path, terms_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    monkeypatch.setattr(BuildProgress, "delay", 0.0)
    monkeypatch.setattr(cedict, "data_path", lambda: fake_cedict)
    runner = CliRunner()
    terms_index.glossary_db(terms_file)
    result = runner.invoke(app, ["lookup", "refugee", "-g", str(terms_file)])
    assert result.exit_code == 0 and result.stdout.startswith("难民 · 難民  nànmín  refugee\n")
    assert result.stderr == f"building the CC-CEDICT index in {cache} (once per install)…\n"

    for db in cache.glob("*.sqlite"):
        db.unlink()
    result = runner.invoke(app, ["index", "-g", str(terms_file)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"building the glossary index of {terms_file} in {cache}…",
        f"building the CC-CEDICT index in {cache} (once per install)…",
    ]


def test_an_interrupted_build_leaves_nothing_behind(fake_cedict: Path, cache: Path) -> None:
    def interrupt(message: str, fraction: float) -> None:
        if fraction > 0.5:  # while SQLite indexes the entries in its thread
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.dictionary_db(cedict_path=fake_cedict, progress=interrupt)
    assert [p.name for p in cache.iterdir() if not p.name.startswith("cedict-data-")] == []
    assert index.dictionary_db(cedict_path=fake_cedict).execute("SELECT count(*) FROM entries").fetchone() == (6,)


def test_a_counting_line_cut_short_is_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BuildProgress, "delay", 0.0)
    monkeypatch.setenv("COLUMNS", "30")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    progress = BuildProgress()
    progress("building the CC-CEDICT index in /a/long/cache/folder", 0.0)
    progress("building the CC-CEDICT index in /a/long/cache/folder", 0.42)
    progress.close()
    assert terminal.getvalue() == "\rbuilding the C…e/folder…   0%\rbuilding the C…e/folder…  42%\n"  # 29 columns

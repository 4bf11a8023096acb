"""terms.yaml: validation with every problem and its line; the writer's guarantees."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.errors import ConflictError, NotFoundError, ValidationError
from glossary.terms import store
from glossary.terms.model import ALIAS_KINDS, CATEGORIES, Alias, Concept, Source
from tests.conftest import REPO


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
        # English from evidence, or a proposal for it (a name no article seen spells in English)
        assert c.en or any(p.field == "en" for p in c.proposals), c.id
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
        doc.add(
            Concept(id="lemon8", category="app", en="Lemon8", aliases=[Alias("Lemon 8", "variant")], status="reviewed")
        )
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
from glossary.terms import store
from glossary.terms.model import Concept
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
from typing import Any
from glossary.terms import store
path = Path(sys.argv[1])
versions = [Path(v).read_text(encoding="utf-8") for v in sys.argv[2:]]
n = 0
print("writing", flush=True)
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
    delays = [0.1, 0.2, 0.3, 0.4, 0.5] + [0.05 * n for n in range(1, 31)]  # more tries on a loaded machine
    for tried, delay in enumerate(delays):  # after the writer's start-up, which it signals: inside its loop
        if tried >= 5 and list(tmp_path.glob(".terms.yaml.*.tmp")):
            break
        writer = subprocess.Popen(
            [sys.executable, "-c", _REWRITER, str(path), *map(str, files)], env=env, stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        assert path.read_text(encoding="utf-8") in versions  # whole, never torn
    torn = list(tmp_path.glob(".terms.yaml.*.tmp"))
    assert torn, "no kill landed inside a write; the test proved nothing"
    assert len(store.load(path)) == 10000


# --- property tests ----------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s
)
_concepts = st.builds(
    Concept,
    id=st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    category=st.sampled_from(CATEGORIES),
    zh=st.text(alphabet="小红书难民字节跳动猫税", min_size=1, max_size=6),
    en=_text,
    aliases=st.lists(st.builds(Alias, text=_text, kind=st.sampled_from(list(ALIAS_KINDS))), max_size=3),
    note=st.none() | _text,
    status=st.sampled_from(["candidate", "reviewed"]),
    sources=st.lists(
        st.builds(Source, path=_text, line=st.none() | st.integers(1, 10**6), sentence=st.none() | _text), max_size=2
    ),
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


# --- hostile input and hard conditions (issue 9) --------------------------------------------

from glossary.errors import LockTimeoutError, ReadOnlyError, UnusableFileError  # noqa: E402
from glossary.report import collected  # noqa: E402
from glossary.text.normalize import fold  # noqa: E402
from tests.cli.test_cli import run  # noqa: E402


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines.append("concepts: {*a9: 1}")  # the alias as a mapping key: hashing it expands everything
    return "\n".join(lines) + "\n"


def test_anchors_and_aliases_are_refused_before_any_expansion(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    text = _billion_laughs()
    assert len(text) < 1000
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    for attempt in (lambda: store.load(path), lambda: store.parse(text, path), lambda: store.editing(path).__enter__()):
        with pytest.raises(ValidationError) as info:
            attempt()
        assert [(p.line, p.message) for p in info.value.problems] == [(1, "YAML anchors and aliases are not allowed")]
    assert time.perf_counter() - start < 10
    result = run("validate", "-g", str(path))
    assert (result.exit_code, result.stderr) == (
        4,
        f"error: {path}:1: YAML anchors and aliases are not allowed\n1 problem found; nothing was changed.\n",
    )


def test_a_file_read_again_unchanged_is_not_checked_again_and_a_refused_one_always_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The structure check runs before the fast parse whose result the cache folder keeps: a text
    read back from it passed the check once; a refused text is never kept, so it is refused every time."""
    path = tmp_path / "terms.yaml"
    path.write_text("concepts:\n  - id: cache-check\n    en: Cache check\n", encoding="utf-8")
    laughs = tmp_path / "laughs.yaml"
    laughs.write_text(_billion_laughs(), encoding="utf-8")
    checked: list[str] = []
    check = store.check_structure
    monkeypatch.setattr(store, "check_structure", lambda text, where: (checked.append(str(where)), check(text, where)))
    for _ in range(2):
        assert store.load(path).get("cache-check").en == "Cache check"
        with pytest.raises(ValidationError):
            store.load(laughs)
    assert checked == [str(path), str(laughs), str(laughs)]


def test_an_alias_alone_is_located(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text("concepts:\n  - id: a\n    en: A\n  - id: b\n    en: *x\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        store.load(path)
    assert [(p.line, p.message) for p in info.value.problems] == [(5, "YAML anchors and aliases are not allowed")]


def test_ampersands_and_stars_in_text_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(
        'concepts:\n  - id: r-and-d\n    en: "R&D *star*"\n    note: a *plain* & scalar, &not an anchor\n',
        encoding="utf-8",
    )
    assert store.load(path).get("r-and-d").note == "a *plain* & scalar, &not an anchor"
    with store.editing(path) as doc:
        doc.update("r-and-d", literal="&*")
    assert store.load(path).get("r-and-d").literal == "&*"


def test_deep_nesting_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text("concepts:\n  - id: a\n    en: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    for attempt in (lambda: store.load(path), lambda: store.editing(path).__enter__()):
        with pytest.raises(ValidationError) as info:
            attempt()
        assert [(p.line, p.message) for p in info.value.problems] == [(3, "nested more than 20 levels deep")]
    result = run("add", "--en", "B", "-g", str(path))
    assert result.exit_code == 4 and "Traceback" not in result.output
    assert result.stderr.splitlines()[0] == f"error: {path}:3: nested more than 20 levels deep"


def test_symlink_loop_fifo_and_folder_are_clear_errors(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    expected = {
        loop: f"error: {loop}: symlink loop (the link points back at itself); cannot read it\n",
        fifo: f"error: {fifo}: is a FIFO (named pipe), not a terms file\n",
        tmp_path: f"error: {tmp_path}: is a folder, not a terms file\n",
    }
    for path, message in expected.items():
        with pytest.raises(UnusableFileError):
            store.load(path)
        for args in (["lookup", "x"], ["validate"], ["add", "--en", "X"], ["edit", "x", "--note", "n"]):
            result = run(*args, "-g", str(path))
            assert (result.exit_code, result.stderr) == (7, message), (path, args)


def test_a_symlinked_terms_file_is_written_through_the_link(terms_file: Path, tmp_path: Path) -> None:
    link = tmp_path / "link" / "terms.yaml"
    link.parent.mkdir()
    link.symlink_to(terms_file)
    with store.editing(link) as doc:
        doc.update("bytedance", note="Changed through the link.")
    assert link.is_symlink() and os.readlink(link) == str(terms_file)
    assert store.load(terms_file).get("bytedance").note == "Changed through the link."
    assert len(store.backups(terms_file)) == 1 and store.backups(link) == store.backups(terms_file)  # of the real file
    assert sorted(p.name for p in link.parent.iterdir()) == ["terms.yaml"]


def test_a_read_only_file_is_refused(terms_file: Path) -> None:
    terms_file.chmod(0o444)
    before = terms_file.read_bytes()
    result = run("edit", "bytedance", "--note", "x", "-g", str(terms_file))
    assert (result.exit_code, result.stderr) == (
        6,
        f"error: {terms_file} is read-only (chmod u+w {terms_file} to allow changes)\n",
    )
    with pytest.raises(ReadOnlyError):
        with store.editing(terms_file) as doc:
            doc.update("bytedance", note="x")
    assert terms_file.read_bytes() == before and store.backups(terms_file) == []


def _child_env(**extra: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO), **extra)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Any:
    """A folder the test process cannot create files in: chmod 0555, or for root a read-only bind mount."""
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "terms.yaml").write_text("concepts:\n  - id: a\n    en: A\n", encoding="utf-8")
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder, "is not writable"
        folder.chmod(0o755)
        return
    if subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode:
        pytest.skip("root, and cannot bind-mount a read-only folder here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield folder, "is on a read-only file system"
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_folder_is_a_clear_error(read_only_folder: Any) -> None:
    folder, why = read_only_folder
    terms = folder / "terms.yaml"
    before = terms.read_bytes()
    result = run("add", "--en", "B", "-g", str(terms))
    assert result.exit_code == 8 and "Traceback" not in result.output
    assert result.stderr == (
        f"error: cannot write {terms}.lock: the folder {folder} {why} "
        "(a write replaces the file with a new one made in the same folder); nothing was changed\n"
    )
    assert terms.read_bytes() == before


def _fsize_limit(limit: int) -> Any:
    def setup() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return setup


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(_version("a", 200), encoding="utf-8")
    before = path.read_bytes()
    cmd = [sys.executable, "-m", "glossary", "-g", str(path), "edit", "c7", "--note", "changed"]
    done = subprocess.run(
        cmd, env=_child_env(), capture_output=True, text=True, preexec_fn=_fsize_limit(len(before) // 2), timeout=120
    )
    assert done.returncode == 8
    assert (
        done.stderr.count("\n") == 1
        and done.stderr.startswith("error: cannot write ")
        and "is unchanged" in done.stderr
    )
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_full_tmpfs_leaves_the_old_file(tmp_path: Path) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        path = mount / "terms.yaml"
        path.write_text(_version("a", 160)[:40_000].rsplit("\n  - id:", 1)[0] + "\n", encoding="utf-8")
        before = path.read_bytes()
        assert 30_000 < len(before) < 40_000  # fits once, not twice
        result = run("edit", "c7", "--note", "changed", "-g", str(path))
        assert result.exit_code == 8
        assert result.stderr == f"error: cannot write {path}: no space left on device; terms.yaml is unchanged\n"
        assert path.read_bytes() == before
        assert sorted(p.name for p in mount.iterdir()) == ["terms.yaml", "terms.yaml.lock"]
    finally:
        subprocess.run(["umount", str(mount)], check=True)


_HOLDER = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1] + ".lock")
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path), str(seconds)], env=_child_env(), stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_lock_held_by_a_killed_process_is_free(terms_file: Path) -> None:
    holder = _hold_lock(terms_file, 600)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    start = time.perf_counter()
    with store.editing(terms_file, lock_timeout=5) as doc:
        doc.update("bytedance", note="after the crash")
    assert time.perf_counter() - start < 5
    assert store.load(terms_file).get("bytedance").note == "after the crash"


def test_a_waiting_writer_says_so_once_and_gives_up_cleanly(terms_file: Path) -> None:
    holder = _hold_lock(terms_file, 60)
    try:
        result = run("--lock-timeout", "2", "edit", "bytedance", "--note", "x", "-g", str(terms_file))
        assert result.exit_code == 75
        lock = f"{terms_file}.lock"
        assert result.stderr == (
            f"waiting for another writer ({lock})…\n"
            f"error: gave up after 2 s waiting for another writer ({lock}); try again, or wait longer with --lock-timeout SECONDS\n"
        )
        with collected() as notices, pytest.raises(LockTimeoutError):
            with store.editing(terms_file, lock_timeout=1.5):
                pass
        assert notices == [f"waiting for another writer ({lock})…"]
    finally:
        holder.kill()
        holder.wait()


def test_orphaned_temporary_files_are_removed_by_the_next_writer(terms_file: Path) -> None:
    folder = terms_file.parent
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    orphans = [
        folder / f".terms.yaml.{dead.pid}.0123abcd.tmp",
        folder / f".terms.yaml~.{dead.pid}.0123abcd.tmp",
        folder / ".terms.yaml.k3j_x9ab.tmp",
    ]
    fresh_alive = folder / f".terms.yaml.{os.getppid()}.0123abcd.tmp"  # a live writer's, a moment old
    others = [folder / ".other.yaml.123.0123abcd.tmp", folder / "notes.tmp"]
    for p in [*orphans, fresh_alive, *others]:
        p.write_text("partial", encoding="utf-8")
    old = time.time() - 3600
    os.utime(orphans[2], (old, old))  # an old-style name, without a pid: removed by age
    with store.editing(terms_file) as doc:
        doc.update("bytedance", note="n")
    assert not any(p.exists() for p in orphans)
    assert fresh_alive.exists() and all(p.exists() for p in others)


def test_the_backup_keeps_the_files_mode(terms_file: Path) -> None:
    terms_file.chmod(0o640)
    with store.editing(terms_file) as doc:
        doc.update("bytedance", note="n")
    assert stat_mode(store.backups(terms_file)[0]) == 0o640 == stat_mode(terms_file)


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777


# --- block-level edits --------------------------------------------------------------------


def test_block_edits_keep_every_other_byte(terms_file: Path) -> None:
    before = terms_file.read_text(encoding="utf-8")
    with store.editing(terms_file) as doc:
        doc.update("cat-tax", note="Changed.")
    after = terms_file.read_text(encoding="utf-8")
    assert after == before.replace(
        "    note: A photo of one's cat, paid by newcomers to enter the conversation.\n", "    note: Changed.\n"
    )
    with store.editing(terms_file) as doc:
        doc.remove("bytedance")
    text = terms_file.read_text(encoding="utf-8")
    assert "  # --- companies ---\n  - id: cat-tax" in text and "bytedance" not in text


def test_a_hand_edit_between_writes_is_seen(terms_file: Path) -> None:
    with store.editing(terms_file) as doc:  # the writer remembers this text's layout
        doc.update("cat-tax", note="n")
    text = terms_file.read_text(encoding="utf-8")
    terms_file.write_text(text + "  - id: by-hand\n    en: Lemon Eight\n", encoding="utf-8")
    with pytest.raises(ConflictError) as info:
        with store.editing(terms_file) as doc:
            doc.add(Concept(id="lemon", en="lemon eight"))
    assert "already claimed by concept 'by-hand' as 'Lemon Eight'" in str(info.value)
    with store.editing(terms_file) as doc:
        doc.update("by-hand", note="seen")
    assert store.load(terms_file).get("by-hand").note == "seen"


def test_the_time_under_the_lock_does_not_grow_with_the_glossary(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(_version("a", 20000), encoding="utf-8")
    with store.editing(path) as doc:  # the first write scans the file once
        doc.add(Concept(id="first", en="first"))
    start = time.perf_counter()
    for n in range(5):
        with store.editing(path) as doc:
            doc.add(Concept(id=f"next-{n}", en=f"next {n}"))
    assert time.perf_counter() - start < 30  # a whole round-trip took ~90 s for each (issue 9)
    assert {"first", "next-4"} <= {c.id for c in store.load(path).concepts}


@given(st.lists(st.text(max_size=12), max_size=8))
def test_fold_many_is_fold(texts: list[str]) -> None:
    assert store.fold_many(texts) == [fold(t) for t in texts]


# --- the first write after a hand edit ------------------------------------------------------


def _layout_of(layout: Any) -> tuple[list[tuple[Any, ...]], int]:
    return [(i.id, i.start, i.end, i.forms, i.offset) for i in layout.items], layout.end


def _remember(path: Path) -> Path:
    """Write once, so that the writer remembers the file's layout; the cache file."""
    with store.editing(path) as doc:
        doc.update("cat-tax", note="Remembered.")
    return store.layout_cache(Path(os.path.realpath(path)))


_SECTIONED = (
    "# top\nname: Sectioned\nconcepts:\n"
    + "".join(
        (f"  # --- section {i // 3} ---\n" if i % 3 == 0 else "")
        + f"  - id: c{i}\n    zh: 词{i}\n    en: term {i}\n    aliases:\n      - {{text: alias {i}, kind: variant}}\n"
        for i in range(12)
    )
    + "  # trailing comment\nrejected:\n  - nope\n"
)

_HAND_EDITS = {
    "a note in one block": lambda t: t.replace("    en: term 4\n", "    en: term 4\n    note: by hand\n"),
    "a new block between two": lambda t: t.replace("  - id: c6\n", "  - id: new\n    en: brand new\n  - id: c6\n"),
    "a block removed": lambda t: t.replace(
        "  - id: c5\n    zh: 词5\n    en: term 5\n    aliases:\n      - {text: alias 5, kind: variant}\n", ""
    ),
    "the first block": lambda t: t.replace("    zh: 词0\n", "    zh: 新词0\n"),
    "the last block and its comment": lambda t: t.replace(
        "  # trailing comment\n", "    note: last\n  # other comment\n"
    ),
    "two blocks far apart": lambda t: t.replace("en: term 1\n", "en: term one\n").replace(
        "en: term 10\n", "en: term ten\n"
    ),
    "a section comment": lambda t: t.replace("# --- section 2 ---", "# --- section two ---"),
    "a block appended": lambda t: t.replace("rejected:\n", "  - id: appended\n    en: at the end\nrejected:\n"),
    "an id renamed": lambda t: t.replace("id: c7\n", "id: seven\n"),
    "a form given back by one and taken by another": lambda t: t.replace("en: term 2\n", "en: term two\n").replace(
        "en: term 9\n", "en: term 2\n"
    ),
}


@pytest.mark.parametrize("name", list(_HAND_EDITS))
def test_a_hand_edit_in_the_concepts_list_is_rescanned_alone(name: str, tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(_SECTIONED, encoding="utf-8")
    with store.editing(path) as doc:
        doc.update("c3", note="written")
    cache = store.layout_cache(Path(os.path.realpath(path)))
    edited = _HAND_EDITS[name](path.read_text(encoding="utf-8"))
    patched = store._cached_layout(cache, edited, path)
    assert patched is not None
    assert _layout_of(patched) == _layout_of(store._scan(edited, path))


def test_a_hand_edit_then_an_edit_elsewhere_is_right(terms_file: Path) -> None:
    cache = _remember(terms_file)
    text = terms_file.read_text(encoding="utf-8")
    edited = text.replace("    literal: little red book\n", "    literal: by hand\n", 1)
    terms_file.write_text(edited, encoding="utf-8")
    assert store._cached_layout(cache, edited, terms_file) is not None  # the fast path
    with store.editing(terms_file) as doc:
        doc.update("bytedance", note="Edited after the hand edit.")
    after = terms_file.read_text(encoding="utf-8")
    assert after.replace("    note: Edited after the hand edit.\n", "") == edited.replace(
        _note_of(edited, "bytedance"), ""
    )
    assert store.load(terms_file).get("xiaohongshu").literal == "by hand"
    assert _layout_of(store._cached_layout(cache, after, terms_file)) == _layout_of(store._scan(after, terms_file))


def _note_of(text: str, concept_id: str) -> str:
    block = text.split(f"  - id: {concept_id}\n", 1)[1].split("\n  - ", 1)[0]
    return next(line + "\n" for line in block.splitlines() if line.startswith("    note: "))


def test_a_hand_edit_claiming_another_block_s_form_is_refused(terms_file: Path) -> None:
    cache = _remember(terms_file)
    text = terms_file.read_text(encoding="utf-8")
    edited = text.replace("    en: TikTok refugee\n", "    en: Little Red Book\n", 1)
    assert edited != text
    terms_file.write_text(edited, encoding="utf-8")
    assert store._cached_layout(cache, edited, terms_file) is None  # the whole scan answers
    with pytest.raises(ValidationError) as info:
        with store.editing(terms_file) as doc:
            doc.update("bytedance", note="never written")
    assert "'Little Red Book' of concept 'tiktok-refugee' is already claimed by concept 'xiaohongshu'" in str(
        info.value
    )
    assert terms_file.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("name: Test glossary\n", "name: Renamed by hand\n"),
        lambda t: t.replace("concepts:\n", "colour: red\nconcepts:\n"),
        lambda t: t + "rejected:\n  - nope\n",
        lambda t: t.replace("  - id: bytedance", "  - &a id: bytedance"),
        lambda t: t.replace("  - id: bytedance\n", "  - id: bytedance\n    colour: red\n"),
        lambda t: t.replace("  - id: bytedance\n", "  - id: bytedance\nrejected: []\n"),
        lambda t: t.replace("  - id: bytedance\n", "    id: bytedance\n"),
    ],
)
def test_a_hand_edit_outside_the_blocks_is_scanned_whole(edit: Any, terms_file: Path) -> None:
    cache = _remember(terms_file)
    text = terms_file.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text
    terms_file.write_text(edited, encoding="utf-8")
    assert store._cached_layout(cache, edited, terms_file) is None
    try:
        expected = store.load(terms_file).get("cat-tax").note
    except ValidationError as e:  # a broken file is refused by the writer exactly as by the reader
        with pytest.raises(ValidationError) as info:
            with store.editing(terms_file) as doc:
                doc.update("cat-tax", note="never written")
        assert str(info.value) == str(e)
        return
    assert expected == "Remembered."
    with store.editing(terms_file) as doc:
        doc.update("cat-tax", note="After a top-level edit.")
    assert store.load(terms_file).get("cat-tax").note == "After a top-level edit."


@pytest.mark.parametrize("ending", ["\n", ""])
def test_the_layout_a_write_leaves_is_the_layout_of_what_it_wrote(ending: str, tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(
        _SECTIONED.replace("  # trailing comment\nrejected:\n  - nope\n", "").rstrip("\n") + ending, encoding="utf-8"
    )
    with store.editing(path) as doc:  # several block edits in one session, the last line without its line end
        doc.add(Concept(id="added", zh="加", en="added"))
        doc.update("c4", note="longer\nthan it was")
        doc.remove("c7")
        doc.add(Concept(id="again", en="again"))
        doc.update("c0", zh=None)
    text = path.read_text(encoding="utf-8")
    remembered = store._cached_layout(store.layout_cache(Path(os.path.realpath(path))), text, path)
    assert remembered is not None and _layout_of(remembered) == _layout_of(store._scan(text, path))
    assert [c.id for c in store.load(path).concepts][-2:] == ["added", "again"]
    if not ending:  # a concept appended by hand after a last line without its line end is seen whole
        edited = text.rstrip("\n") + "  - id: glued\n    en: glued on\n"
        assert store._cached_layout(store.layout_cache(Path(os.path.realpath(path))), edited, path) is None


_PIECES = [
    "  - id: x\n",
    "    en: term 3\n",
    "rejected:\n",
    "  # c\n",
    "\n",
    "    zh: 词5\n",
    "  - id: c4\n",
    "      - {text: alias 2, kind: variant}\n",
    "  - &a id: y\n",
    "    note: |\n",
    "      block\n",
    "    en: [\n",
    "name: other\n",
    "    id: z\n",
    "...\n",
    "  -\n",
    "    aliases:\n",
    "      - Term 8\n",
    "    colour: red\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 80), st.integers(0, 3), st.integers(0, len(_PIECES) - 1)), min_size=1, max_size=3
    )
)
def test_a_rescanned_layout_is_the_layout_of_a_whole_scan(edits: list[tuple[int, int, int]], tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    cache = tmp_path / "layout.json"
    store._store_layout(cache, _SECTIONED, store._scan(_SECTIONED, path))
    lines = _SECTIONED.splitlines(keepends=True)
    for at, op, piece in edits:
        at %= len(lines)
        if op == 0:
            del lines[at]
        elif op == 1:
            lines.insert(at, _PIECES[piece])
        elif op == 2:
            lines[at] = _PIECES[piece]
        else:
            lines.insert(at, lines[(at * 7 + piece) % len(lines)])
    edited = "".join(lines)
    try:
        whole = store._scan(edited, path)
    except ValidationError:
        whole = None
    patched = store._cached_layout(cache, edited, path)
    if patched is not None:
        assert whole is not None and _layout_of(patched) == _layout_of(whole)


SECTIONS = """\
concepts:
  # --- platforms ---
  - id: xiaohongshu
    zh: 小红书
    status: reviewed
    sources:
      - {path: old.txt, line: 1}


  # --- people ---
  - id: tiktok-refugee
    zh: TikTok难民
    status: reviewed  # checked
  # --- memes ---
  - id: cat-tax
    zh: 猫税
    related:
      - tiktok-refugee
  # --- end ---
  - id: last
    en: last
"""


@pytest.mark.parametrize("whole", [False, True], ids=["block by block", "whole document"])
def test_additions_go_inside_their_concept_above_the_next_sections_comment(tmp_path: Path, whole: bool) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(SECTIONS, encoding="utf-8")
    with store.editing(path) as doc:
        if whole:
            doc.raw  # noqa: B018 (parsed whole, as bulk callers do: the round-trip path)
        doc.update("xiaohongshu", origin={"zh": "rule"})
        doc.extend("tiktok-refugee", sources=[{"path": "a.txt", "line": 1}])
        doc.extend("cat-tax", related=["xiaohongshu"], sources=[{"path": "a.txt", "line": 2}])
    assert path.read_text(encoding="utf-8") == SECTIONS.replace(
        "      - {path: old.txt, line: 1}\n", "      - {path: old.txt, line: 1}\n    origin:\n      zh: rule\n"
    ).replace(
        "    status: reviewed  # checked\n",
        "    status: reviewed  # checked\n    sources:\n      - {path: a.txt, line: 1}\n",
    ).replace(
        "      - tiktok-refugee\n",
        "      - tiktok-refugee\n      - xiaohongshu\n    sources:\n      - {path: a.txt, line: 2}\n",
    )

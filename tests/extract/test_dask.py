"""The Dask engine on a real ``distributed.LocalCluster`` of two worker processes: the same bytes as
the local engine, inputs through fsspec (globs, compressed files, http), and its failures."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import app
from glossary.errors import NetworkError, UsageError
from glossary.extract import readers
from glossary.extract.pipeline import Options, extract
from glossary.report import collected
from glossary.terms import store
from tests.conftest import DATA

distributed = pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")

POSTS = [
    {"id": 1, "body": "刚到小红书，听说要交猫税？我的猫叫Mochi。", "at": "2025-01-14"},
    {"id": 2, "body": "TikTok refugees on RedNote paid the cat tax with photos of their cats.", "at": "2025-01-15"},
    {"id": 3, "body": "小红书又称小红薯，美国网友叫它RedNote。", "at": "2025-01-16"},
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


def _json(found: list) -> str:
    return json.dumps([c.to_json() for c in found], ensure_ascii=False)


def _corpus(root: Path) -> Path:
    """The sample corpus, plus posts as CSV and Parquet."""
    shutil.copytree(DATA / "corpus", root)
    lines = "\n".join(json.dumps(p, ensure_ascii=False) for p in POSTS)
    rows = "".join(f'{p["id"]},"{p["body"]}",{p["at"]}\n' for p in POSTS)
    (root / "posts.csv").write_text("id,body,at\n" + rows, "utf-8")
    pq.write_table(pa.Table.from_pylist(POSTS), root / "posts.parquet")
    (root / "more.jsonl").write_text(lines + "\n", encoding="utf-8")
    return root


def test_dask_gives_the_local_bytes(tmp_path: Path, terms_file: Path, cluster: str) -> None:
    corpus = _corpus(tmp_path / "corpus")
    concepts = store.load(terms_file).concepts
    for field in ("text", "body"):
        local = _json(extract([str(corpus)], concepts, Options(text_field=field)))
        dask = _json(extract([str(corpus)], concepts, Options(text_field=field, engine="dask", scheduler=cluster)))
        assert dask == local
    assert '"posts.parquet"' in local and '"posts.csv"' in local  # the columns were read by both engines
    posts = {"text_field": "body", "id_field": "id", "date_field": "at"}
    local = _json(extract([str(corpus)], concepts, Options(**posts)))
    two = _json(extract([str(corpus)], concepts, Options(**posts, workers=2, batch_chars=100)))
    dask = _json(extract([str(corpus)], concepts, Options(**posts, engine="dask", scheduler=cluster, batch_chars=100)))
    assert dask == local == two
    seen = {(s["path"], s.get("id"), s.get("date")) for c in json.loads(local) for s in c["sources"]}
    for name in ("posts.parquet", "posts.csv", "more.jsonl"):  # each format's ids and dates
        assert {(name, "1", "2025-01-14"), (name, "3", "2025-01-16")} <= seen


def test_globs_and_compressed_inputs_read_like_plain_files(tmp_path: Path, terms_file: Path, cluster: str) -> None:
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir(), packed.mkdir()
    lines = "\n".join(json.dumps(p, ensure_ascii=False) for p in POSTS) + "\n"
    for n in range(3):
        (plain / f"posts-{n}.jsonl").write_text(lines, encoding="utf-8")
        (packed / f"posts-{n}.jsonl").write_bytes(gzip.compress(lines.encode()))
        (packed / f"posts-{n}.jsonl").rename(packed / f"posts-{n}.jsonl.gz")
    concepts = store.load(terms_file).concepts
    options = Options(text_field="body", engine="dask", scheduler=cluster, min_count=1)
    from_plain = _json(extract([str(plain / "posts-*.jsonl")], concepts, options))
    from_packed = _json(extract([str(packed / "posts-*.jsonl.gz")], concepts, options))
    assert from_packed == from_plain.replace(".jsonl", ".jsonl.gz")
    assert '"path": "posts-0.jsonl"' in from_plain  # named relative to the glob's folder, never absolute
    assert str(tmp_path) not in from_plain


def test_an_http_address_is_read(tmp_path: Path, terms_file: Path, cluster: str) -> None:
    (tmp_path / "posts.jsonl").write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in POSTS), "utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_port}/posts.jsonl"
        options = Options(text_field="body", engine="dask", scheduler=cluster, min_count=1)
        found = extract([address], store.load(terms_file).concepts, options)
    finally:
        server.shutdown()
    top = {c.id: c for c in found}["xiaohongshu"]
    assert {s["path"] for s in top.sources} == {address}


def test_a_parquet_file_without_the_text_column_is_named_and_skipped(
    tmp_path: Path, terms_file: Path, cluster: str
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    options = Options(text_field="body", engine="dask", scheduler=cluster)
    pq.write_table(pa.Table.from_pylist([{"id": 1, "title": "小红书"}]), corpus / "titles.parquet")
    with collected() as said:
        extract([str(corpus)], store.load(terms_file).concepts, options)
    assert f"{corpus / 'titles.parquet'}: no column 'body' (columns: 'id', 'title'); file skipped" in "\n".join(said)


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path: Path, terms_file: Path) -> None:
    (tmp_path / "a.txt").write_text("小红书", encoding="utf-8")
    with pytest.raises(NetworkError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        extract([str(tmp_path)], [], Options(engine="dask", scheduler="tcp://127.0.0.1:9"))
    result = CliRunner().invoke(
        app, ["extract", str(tmp_path), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--no-glossary"]
    )
    assert result.exit_code == 10
    assert result.stdout == "" and result.stderr.startswith("error: cannot reach the Dask scheduler at tcp://")
    assert result.stderr.count("\n") == 1


def test_without_dask_the_command_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("小红书", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    with pytest.raises(UsageError, match=r"pip install 'glossary\[dask\]'"):
        extract([str(tmp_path)], [], Options(engine="dask"))


def test_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("小红书", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"])
    assert (result.exit_code, result.stderr) == (2, "error: --scheduler needs --engine dask\n")


def _scanning_corpus(root: Path) -> Path:
    """Eight files of about 300 KB each: long enough to scan that a worker can be killed meanwhile."""
    root.mkdir()
    text = "\n\n".join(u.text for u in readers.corpus([str(DATA / "corpus")]))
    for n in range(8):
        (root / f"part-{n}.txt").write_text((f"第{n}篇。" + text + "\n\n") * 12, encoding="utf-8")
    return root


def _kill_a_scanning_worker(address: str, done: threading.Event) -> bool:
    """Kill (SIGKILL) the process of a worker as soon as it is running a task; True if one was killed."""
    import os
    import signal
    import time

    with distributed.Client(address, set_as_default=False) as client:
        pids = client.run(os.getpid)
        deadline = time.monotonic() + 120
        while not done.is_set() and time.monotonic() < deadline:
            busy = [w for w, tasks in client.processing().items() if tasks and w in pids]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                return True
            time.sleep(0.02)
    return False


def test_a_worker_killed_mid_run_is_one_error_line_and_nothing_written(tmp_path: Path, terms_file: Path) -> None:
    """A real LocalCluster whose scheduler gives a task no second chance (allowed-failures 0): a worker
    killed while it scans ends the command with one line and exit 130, and terms.yaml is untouched."""
    import dask

    corpus = _scanning_corpus(tmp_path / "corpus")
    before = terms_file.read_bytes()
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local,
    ):
        done, killed = threading.Event(), []
        killer = threading.Thread(target=lambda: killed.append(_kill_a_scanning_worker(local.scheduler_address, done)))
        killer.start()
        try:
            args = ["--engine", "dask", "--scheduler", local.scheduler_address, "--no-enrich", "-g", str(terms_file)]
            result = CliRunner().invoke(app, ["build", str(corpus), *args])
        finally:
            done.set()
            killer.join()
    assert killed == [True]
    assert result.exit_code == 130, result.output
    assert result.stdout == "" and result.stderr.startswith("error: a Dask worker died while scanning (")
    assert result.stderr.endswith("; nothing was written\n") and result.stderr.count("\n") == 1
    assert terms_file.read_bytes() == before


def _cancel_a_scanning_task(address: str, done: threading.Event) -> bool:
    """From a second client, force-cancel a task as soon as a worker runs it (as the scheduler does when it
    drops a lost worker's task); True if one was cancelled."""
    import time

    with distributed.Client(address, set_as_default=False) as client:
        deadline = time.monotonic() + 120
        while not done.is_set() and time.monotonic() < deadline:
            keys = [key for tasks in client.processing().values() for key in tasks]
            if keys:
                client.cancel([distributed.Future(keys[0], client)], force=True)
                return True
            time.sleep(0.02)
    return False


def test_a_task_the_scheduler_dropped_is_one_error_line_and_nothing_written(tmp_path: Path, terms_file: Path) -> None:
    """A task cancelled on the scheduler mid-run (FutureCancelledError, not KilledWorker) ends the command
    with one line naming the cause and exit 130, and terms.yaml is untouched."""
    corpus = _scanning_corpus(tmp_path / "corpus")
    before = terms_file.read_bytes()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        done, cancelled = threading.Event(), []
        canceller = threading.Thread(
            target=lambda: cancelled.append(_cancel_a_scanning_task(local.scheduler_address, done))
        )
        canceller.start()
        try:
            args = ["--engine", "dask", "--scheduler", local.scheduler_address, "--no-enrich", "-g", str(terms_file)]
            result = CliRunner().invoke(app, ["build", str(corpus), *args])
        finally:
            done.set()
            canceller.join()
    assert cancelled == [True]
    assert result.exit_code == 130, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: a Dask worker was lost or the scheduler dropped a task (")
    assert result.stderr.endswith("; nothing was written\n") and result.stderr.count("\n") == 1
    assert terms_file.read_bytes() == before


def test_a_worker_killed_once_is_replaced_and_the_result_complete(tmp_path: Path, terms_file: Path) -> None:
    """With Dask's default retries, the killed worker's task runs again elsewhere: the JSON is the
    JSON of a run where nothing died."""
    corpus = _scanning_corpus(tmp_path / "corpus")
    concepts = store.load(terms_file).concepts
    expected = _json(extract([str(corpus)], concepts, Options()))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        done, killed = threading.Event(), []
        killer = threading.Thread(target=lambda: killed.append(_kill_a_scanning_worker(local.scheduler_address, done)))
        killer.start()
        try:
            found = extract([str(corpus)], concepts, Options(engine="dask", scheduler=local.scheduler_address))
        finally:
            done.set()
            killer.join()
    assert killed == [True]
    assert _json(found) == expected


def test_a_huge_input_is_several_tasks_and_tiny_inputs_share_one(tmp_path: Path, cluster: str) -> None:
    """The corpus is cut as the local engine cuts it: one huge file spreads over the workers, and a
    crowd of tiny files is a few tasks, not one each."""
    from dataclasses import replace

    from glossary.extract import dask_engine
    from glossary.extract.pipeline import batches, split, task_target

    (tmp_path / "big.txt").write_text("美国网友在小红书交猫税。\n" * 100_000, encoding="utf-8")  # 3.7 MB
    for n in range(200):
        (tmp_path / f"tiny-{n:03}.txt").write_text("小红书", encoding="utf-8")
    options = Options(engine="dask", scheduler=cluster)
    with distributed.Client(cluster, set_as_default=False) as client:
        inputs = dask_engine.inputs([str(tmp_path)])
        parts = split(inputs, replace(options, workers=dask_engine.workers(client)), remote=True)
        tasks = batches(parts, task_target(parts, options, dask_engine.workers(client)))
    assert all(p.remote for p in parts) and [p.number for t in tasks for p in t] == [p.number for p in parts]
    assert sum(1 for t in tasks if any(p.source.label == "big.txt" for p in t)) == 4  # 2 workers, 2 parts each
    assert len(tasks) == 5  # the 200 tiny files: one task


def _pair_limit(limit: int) -> int:
    """Set the pair table's limit in a worker process (``client.run``); returns the one it had."""
    from glossary.extract import pipeline

    before, pipeline.PAIR_LIMIT = pipeline.PAIR_LIMIT, limit
    return before


def test_past_the_pair_limit_dask_gives_the_local_bytes(
    tmp_path: Path, terms_file: Path, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pair table's limit set low in the client and in every worker of the cluster: each task's
    tally passes it, and the tree of merges keeps the pairs one local process keeps."""
    from glossary.extract import pipeline
    from tests.extract.test_pipeline import pair_corpus

    corpus = pair_corpus(tmp_path / "corpus")
    concepts = store.load(terms_file).concepts
    monkeypatch.setattr(pipeline, "PAIR_LIMIT", 300)
    local = _json(extract([str(corpus)], concepts, Options()))
    two = _json(extract([str(corpus)], concepts, Options(workers=2, batch_chars=2_000)))
    with distributed.Client(cluster, set_as_default=False) as client:
        before = client.run(_pair_limit, 300)
        try:
            dask = _json(extract([str(corpus)], concepts, Options(engine="dask", scheduler=cluster, batch_chars=2_000)))
        finally:
            client.run(_pair_limit, next(iter(before.values())))
    assert set(before.values()) == {1_000_000}
    assert dask == local == two
    monkeypatch.setattr(pipeline, "PAIR_LIMIT", 1_000_000)
    assert _json(extract([str(corpus)], concepts, Options())) != local  # the limit was passed

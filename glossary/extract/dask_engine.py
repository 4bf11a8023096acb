"""Extraction on a Dask cluster: the scan as a ``map`` over inputs, the tallies merged by a tree ``reduce``.

``glossary extract|build --engine dask`` runs here: on a local cluster of worker processes by
default, or on any running Dask cluster given its scheduler's address (``--scheduler
tcp://host:8786``). Inputs go through fsspec, so they may be local files, folders and globs,
``s3://``, ``gs://`` or ``https://`` addresses, compressed or not (``posts-*.jsonl.gz``). The
corpus is cut as the local engine cuts it (:func:`glossary.extract.pipeline.split`): a file much
larger than a worker's share in several parts, so one huge file spreads over the workers; and
consecutive small parts go to one task, so that a corpus of many tiny files is a few tasks, not
one each. Every worker builds the glossary's term matcher once (the concepts travel to each
worker once, scattered), scans its tasks into a tally, and tallies merge pairwise up a tree;
choosing and linking the forms then runs where the command runs.

The result is the single-process result byte for byte: a unit's place in the corpus is
``(input number, unit number)`` on every engine, and merging keeps what stands first in the
corpus, whichever worker saw it.

Needs the optional extra: ``pip install 'glossary[dask]'`` (dask, distributed, fsspec, pyarrow).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from typing import Any, Callable

from glossary.errors import NetworkError, UsageError, WorkerError
from glossary.extract import readers
from glossary.extract.readers import Input
from glossary.report import warn
from glossary.terms.model import Concept

#: A unit's place in the corpus: its input's number times this, plus its own number in the input.
UNITS_PER_INPUT = 1 << 40
#: Suffixes fsspec decompresses on the fly ("infer"); the format is read from the name without them.
COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".lz4", ".zip")
INSTALL = "--engine dask needs Dask: pip install 'glossary[dask]' (dask, distributed, fsspec and pyarrow)"
#: How long to wait for a scheduler named by --scheduler before giving up.
CONNECT_TIMEOUT = "10s"


def _need_dask() -> None:
    try:
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL) from None


def format_of(name: str, input_format: str | None) -> str:
    """The reader for ``name``, from its extension once a compression suffix is taken off.

    >>> format_of("s3://b/posts-01.jsonl.gz", None), format_of("dump.parquet", None), format_of("a.gz", "md")
    ('jsonl', 'parquet', 'md')
    """
    if input_format:
        return input_format
    base = name
    if base.lower().endswith(COMPRESSED):
        base = base[: base.rindex(".")]
    return readers.format_of(base)


def _is_remote(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def inputs(paths: Sequence[str], input_format: str | None = None, follow_symlinks: bool = False) -> list[Input]:
    """The input files named by ``paths``, in a stable order: local files and folders as the
    local engine lists them (sources named relative to what the user named), globs and remote
    addresses expanded by fsspec (sources named by the address given)."""
    import fsspec

    if input_format and input_format not in readers.READERS:
        raise UsageError(
            f"unknown input format {input_format!r} (expected one of: {', '.join(readers.READERS.names())})"
        )
    found: list[Input] = []
    for path in paths:
        if path == readers.STDIN:
            raise UsageError("--engine dask reads files and addresses, not standard input")
        local = path[len("file://") :] if path.startswith("file://") else path
        if not _is_remote(path) and not glob.has_magic(local):
            for source in readers.sources([local], input_format, follow_symlinks):
                found.append(Input(source.path, format_of(source.path, input_format), source.size, source.label))
            continue
        try:
            files = fsspec.open_files(path, "rb")
        except Exception as e:  # fsspec raises per protocol (missing driver, bad address)
            raise UsageError(f"{path}: cannot list ({e})") from None
        if not files:
            raise UsageError(f"{path}: no such file or folder")
        for f in files:
            name = f.full_name if _is_remote(path) else readers.source_name(f.path, _glob_root(local))
            found.append(Input(f.full_name if _is_remote(path) else f.path, format_of(f.path, input_format), 0, name))
    return found


def _glob_root(pattern: str) -> str:
    """The folder a glob starts from (``news/*/a.txt`` → ``news``): sources are named relative to it."""
    parts = []
    for part in pattern.split(os.sep):
        if glob.has_magic(part):
            break
        parts.append(part)
    return os.sep.join(parts) or "."


# --- on the client -----------------------------------------------------------------------------------


@contextlib.contextmanager
def cluster(options: Any) -> Iterator[Any]:
    """A Dask client: to the scheduler ``options.scheduler`` names, else to a local cluster of
    ``options.workers`` worker processes (all cores if 1), closed on exit."""
    _need_dask()
    from distributed import Client, LocalCluster

    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise NetworkError(f"cannot reach the Dask scheduler at {options.scheduler}: {e}") from None
        with client:
            yield client
        return
    workers = options.workers if options.workers > 1 else (os.cpu_count() or 1)
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as local,
        Client(local, set_as_default=False) as client,
    ):
        yield client


def workers(client: Any) -> int:
    """How many workers the cluster has now (at least one)."""
    return max(1, len(client.scheduler_info().get("workers", {})))


class DaskRun:
    """One extraction's passes over the corpus on a cluster (the scan, then the count).

    ``scan(parts, token, concepts, max_sources, text_field, work, forms, counted, bounded)`` is the
    task run on each batch of consecutive parts (``tasks``, from :func:`glossary.extract.pipeline.batches`),
    returning ``(tally, warnings)``;
    ``merge(a, b)`` merges two such results (``a`` first in the corpus). The pipeline passes them in.
    """

    def __init__(
        self,
        client: Any,
        tasks: Sequence[Sequence[Any]],
        concepts: Sequence[Concept],
        options: Any,
        scan: Callable[..., tuple[Any, list[str]]],
        merge: Callable[[Any, Any], tuple[Any, list[str]]],
    ) -> None:
        self.client = client
        self.tasks = [list(batch) for batch in tasks]
        self.options = options
        self.scan = scan
        self.merge = merge
        data = json.dumps([c.to_dict() for c in concepts], ensure_ascii=False, sort_keys=True)
        self.token = hashlib.sha256(data.encode()).hexdigest()[:16]
        # sent to each worker once; tasks name it, and each worker builds its scanner from it once
        # (nothing to send without a glossary: Dask cannot scatter an empty list)
        self.concepts = client.scatter(list(concepts), broadcast=True, hash=False) if concepts else []

    def run(
        self, work: str = "scan", forms: Sequence[str] = (), counted: Sequence[str] = (), bounded: Sequence[str] = ()
    ) -> Any | None:
        """The merged tally of every input (``work='count'``: ``forms`` found, as the local engine's
        second pass), or None if there is no input; the inputs' warnings are reported in corpus order."""
        from distributed import KilledWorker
        from distributed.client import FutureCancelledError

        options = self.options
        parts = [
            self.client.submit(
                self.scan,
                batch,
                self.token,
                self.concepts,
                options.max_sources,
                options.text_field,
                work,
                list(forms),
                list(counted),
                list(bounded),
                pure=False,
            )
            for batch in self.tasks
        ]
        while len(parts) > 1:  # a tree: each level merges neighbours, so corpus order is kept
            parts = [
                self.client.submit(self.merge, parts[i], parts[i + 1], pure=False) if i + 1 < len(parts) else parts[i]
                for i in range(0, len(parts), 2)
            ]
        if not parts:
            return None
        try:
            tally, said = parts[0].result()
        except KilledWorker as e:  # died on every worker it was tried on (the scheduler's allowed-failures)
            why = " ".join(str(e).split())
            raise WorkerError(f"a Dask worker died while scanning ({why}); nothing was written") from None
        except FutureCancelledError as e:  # a worker was lost and the scheduler forgot (or cancelled) a task
            why = " ".join(str(e).split())
            raise WorkerError(
                f"a Dask worker was lost or the scheduler dropped a task ({why}); nothing was written"
            ) from None
        except OSError as e:  # the connection to the scheduler closed (CommClosedError is one)
            raise NetworkError(f"lost the Dask scheduler mid-run ({e}); nothing was written") from None
        for message in said:
            warn(message)
        return tally

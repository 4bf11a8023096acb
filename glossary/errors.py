"""The package's own exceptions and the exit status of each. The library raises them;
only the CLI turns them into a message and an exit code.

>>> int(NotFoundError("no concept 'x'").status), ExitStatus.INTERRUPTED.describe()
(3, 'interrupted (Ctrl-C)')
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, unique


@unique
class ExitStatus(IntEnum):
    """The exit status of the ``glossary`` command, one for each kind of outcome (the README lists them)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    NOT_FOUND = 3
    INVALID_DATA = 4
    CONFLICT = 5
    READ_ONLY = 6
    UNREADABLE = 7
    WRITE_ERROR = 8
    PLUGIN_ERROR = 9
    NETWORK_ERROR = 10
    LOCK_TIMEOUT = 75  # EX_TEMPFAIL of sysexits.h: try again
    INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C

    def describe(self) -> str:
        """What the status means, in a few words."""
        return _MEANINGS[self]


_MEANINGS: dict[ExitStatus, str] = {
    ExitStatus.OK: "success",
    ExitStatus.ERROR: "an unexpected error (a bug: rerun with --traceback and report it)",
    ExitStatus.USAGE: "a bad command line: unknown option, bad value, nothing to work on",
    ExitStatus.NOT_FOUND: "no match, or no concept, model or file by that name",
    ExitStatus.INVALID_DATA: "a malformed terms file (every problem, with its line) or model package",
    ExitStatus.CONFLICT: "the change clashes with another concept or an existing file; nothing was changed",
    ExitStatus.READ_ONLY: "the terms file must not change: the bundled glossary, or a read-only file",
    ExitStatus.UNREADABLE: "a terms file that cannot be read as one: a folder, a FIFO, no permission; a file to import that is binary, undecodable or not in its format",
    ExitStatus.WRITE_ERROR: "a file could not be written (full disk, read-only folder, a device as output); the old one is intact",
    ExitStatus.PLUGIN_ERROR: "a third-party exporter, reader or term finder could not be loaded",
    ExitStatus.NETWORK_ERROR: "the Argos model index or a download could not be reached or read",
    ExitStatus.LOCK_TIMEOUT: "the file is locked by another writer (another glossary command, or Anki holding its collection): try again",
    ExitStatus.INTERRUPTED: "interrupted (Ctrl-C)",
}


class GlossaryError(Exception):
    """Base class of every error the library raises on purpose; ``status`` is the command's exit status."""

    status: ExitStatus = ExitStatus.ERROR


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where it is and what is wrong."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ValidationError(GlossaryError):
    """A terms file is malformed; holds every problem found, not only the first."""

    status = ExitStatus.INVALID_DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(GlossaryError):
    """The caller asked for something that cannot be done (bad argument, empty input)."""

    status = ExitStatus.USAGE


class NotFoundError(GlossaryError):
    """No concept, model or file by that name."""

    status = ExitStatus.NOT_FOUND


class ConflictError(GlossaryError):
    """A change would break the glossary (duplicate id, alias claimed twice)."""

    status = ExitStatus.CONFLICT


class ReadOnlyError(GlossaryError):
    """A write aimed at a file that must not change: the bundled glossary inside the package."""

    status = ExitStatus.READ_ONLY


class UnusableFileError(GlossaryError):
    """A terms file that cannot be read as one (a folder, a FIFO or device, a symlink loop, no permission), or a file to import that cannot be read in its format."""

    status = ExitStatus.UNREADABLE


class WriteError(GlossaryError):
    """A write could not be completed (full disk, read-only folder); the old file is intact."""

    status = ExitStatus.WRITE_ERROR


class LockTimeoutError(GlossaryError):
    """Another writer held the terms file's lock for longer than the caller would wait (EX_TEMPFAIL: try again)."""

    status = ExitStatus.LOCK_TIMEOUT


class ArchiveError(GlossaryError):
    """A package file is not a safe, complete Argos model package; nothing was installed."""

    status = ExitStatus.INVALID_DATA


class OutputError(WriteError):
    """An output path that cannot be written: a device, FIFO or socket, or a write the system refused."""


class PluginError(GlossaryError):
    """A third-party component (an exporter, reader or term finder) could not be loaded."""

    status = ExitStatus.PLUGIN_ERROR


class WorkerError(GlossaryError):
    """A worker process of an extraction was killed mid-run (out of memory, a signal); nothing was written."""

    status = ExitStatus.INTERRUPTED


class NetworkError(GlossaryError):
    """The Argos model index or a download failed: no network, or an answer that cannot be used."""

    status = ExitStatus.NETWORK_ERROR

"""The package's own exceptions. The library raises them; only the CLI turns them
into a message and an exit code."""

from __future__ import annotations

from dataclasses import dataclass


class GlossaryError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1


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

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(GlossaryError):
    """The caller asked for something that cannot be done (bad argument, empty input)."""

    exit_code = 2


class NotFoundError(GlossaryError):
    """No concept, model or file by that name."""

    exit_code = 1


class ConflictError(GlossaryError):
    """A change would break the glossary (duplicate id, alias claimed twice)."""

    exit_code = 2


class ReadOnlyError(GlossaryError):
    """A write aimed at a file that must not change: the bundled glossary inside the package."""

    exit_code = 2


class UnusableFileError(GlossaryError):
    """A terms file that cannot be read as one: a folder, a FIFO or device, a symlink loop, no permission."""

    exit_code = 2


class WriteError(GlossaryError):
    """A write could not be completed (full disk, read-only folder); the old file is intact."""

    exit_code = 1


class PluginError(GlossaryError):
    """A third-party component (an exporter, reader or term finder) could not be loaded."""

    exit_code = 1


class LockTimeoutError(GlossaryError):
    """Another writer held the terms file's lock for longer than the caller would wait (EX_TEMPFAIL: try again)."""

    exit_code = 75

"""Files as the glossary reads and writes them: regular files only, atomic replacement, one writer at a time.

Each primitive exists once here: :func:`read_bytes` refuses folders, FIFOs and
devices with one line; :func:`atomic_write` replaces a file so that readers see the
old or the new one; :func:`locked` is the inter-process write lock; a killed
writer's temporary files are swept by :func:`remove_orphans`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from pathlib import Path
from typing import Any, Callable, Iterator

from glossary.errors import (
    LockTimeoutError,
    NotFoundError,
    Problem,
    ReadOnlyError,
    UnusableFileError,
    UsageError,
    ValidationError,
    WriteError,
)
from glossary.paths import process_alive
from glossary.report import note


def read_text(path: Path) -> str:
    """A terms file's text.

    A missing file is a :class:`NotFoundError`; a folder, FIFO, device, symlink loop or
    unreadable file an :class:`UnusableFileError` (a FIFO is never waited on); undecodable
    bytes a :class:`ValidationError` with the line.
    """
    return _decode(path, read_bytes(path))


def read_bytes(path: Path, what: str = "terms file") -> bytes:
    """A terms file's bytes (or ``what`` else), refusing anything but a regular file (see :func:`read_text`)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        hint = " (a symlink to a missing file)" if os.path.islink(path) else ""
        raise NotFoundError(f"{path}: no such {'glossary file' if what == 'terms file' else what}{hint}") from None
    except OSError as e:
        raise UnusableFileError(unusable_message(path, e)) from None
    kind = _kind(os.fstat(fd).st_mode)
    if kind:
        os.close(fd)
        raise UnusableFileError(f"{path}: is {kind}, not a {what}")
    with os.fdopen(fd, "rb") as f:
        try:
            return f.read()
        except OSError as e:
            raise UnusableFileError(unusable_message(path, e)) from None


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def unusable_message(path: str | os.PathLike[str], error: OSError) -> str:
    """One line for an OSError met while opening or statting a terms file."""
    if error.errno == errno.ELOOP:
        return f"{path}: symlink loop (the link points back at itself); cannot read it"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{path}: permission denied"
    return f"{path}: cannot read: {error.strerror or error}"


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ValidationError([Problem(str(path), line, "not valid UTF-8 text")]) from None


#: A temporary file older than this (seconds), or whose writer is gone, is an orphan of a killed writer.
ORPHAN_AGE = 60.0


def temp_path(path: Path) -> Path:
    """Where a write of ``path`` is prepared: ``.terms.yaml.<pid>.<random>.tmp`` beside it (the
    writer's pid lets a sweep tell a killed writer's file from a live one's)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(
    path: Path, text: str | bytes, mode: int | None = None, error: Callable[[OSError], Exception] | None = None
) -> None:
    """Replace ``path`` with ``text`` so that readers see the old file or the new one, never a torn one.

    The new file gets ``mode``, else the mode of the file it replaces, else the umask's
    default. Any failure (full disk, read-only folder) removes the temporary file, leaves
    ``path`` as it was and is a :class:`WriteError` of one line, or what ``error`` makes of
    the :class:`OSError`.
    """
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as e:
        raise (error(e) if error else WriteError(_write_message(path, e, creating=True))) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise (error(e) if error else WriteError(_write_message(path, e))) from None
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _write_message(path: Path, error: OSError, creating: bool = False) -> str:
    if creating and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "is on a read-only file system" if error.errno == errno.EROFS else "is not writable"
        return (
            f"cannot write {path}: the folder {path.parent} {why} (a write replaces the file "
            f"with a new one made in the same folder); nothing was changed"
        )
    reason = "no space left on device" if error.errno == errno.ENOSPC else (error.strerror or str(error)).lower()
    return f"cannot write {path}: {reason}; {path.name} is unchanged"


def remove_orphans(path: Path) -> list[Path]:
    """Remove the temporary files killed writers left beside ``path`` (and its older ``terms.yaml~`` backup).

    Only names of this file's own pattern (``.terms.yaml.<pid>.<random>.tmp``, or the
    older ``.terms.yaml.<random>.tmp``) are touched, and only when their writer process is
    gone or they are older than :data:`ORPHAN_AGE` seconds. Returns what was removed.
    """
    path = Path(path)
    names = "|".join(re.escape(n) for n in (path.name, path.name + "~"))
    pattern = re.compile(rf"^\.(?:{names})\.(?:(\d+)\.)?[A-Za-z0-9_]+\.tmp$")
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(match.group(1)) if match.group(1) else None
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > ORPHAN_AGE
        except OSError:
            continue
        if old or (pid is not None and pid != os.getpid() and not process_alive(pid)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def refuse_bundled(path: Path) -> None:
    """No write ever lands inside the installed package: :class:`ReadOnlyError` for the bundled copy."""
    from glossary.paths import is_inside_package

    if is_inside_package(path):
        raise ReadOnlyError(read_only_message(path))


def read_only_message(path: Path) -> str:
    """Why a write to the bundled glossary is refused, and the way out."""
    return (
        f"{path} is the bundled event glossary and is read-only; "
        "make your own with 'glossary init' (a copy in ./terms.yaml, used from then on in this folder) "
        "or choose a file with --glossary PATH"
    )


def writable_target(path: Path) -> tuple[Path, os.stat_result]:
    """The file a write of ``path`` replaces: ``path`` itself, or the file its symlinks lead to.

    Refuses (one line each) a missing file, a symlink loop, anything but a regular file, and
    a read-only file (:class:`ReadOnlyError`: a 0444 terms.yaml is a request not to change it).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        hint = " (a symlink to a missing file)" if os.path.islink(path) else ""
        raise NotFoundError(f"{path}: no such glossary file{hint}") from None
    except OSError as e:
        raise UnusableFileError(unusable_message(path, e)) from None
    kind = _kind(st.st_mode)
    if kind:
        raise UnusableFileError(f"{path}: is {kind}, not a terms file")
    target = Path(os.path.realpath(path))
    no_write_bits = not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    if no_write_bits or (not os.access(target, os.W_OK) and not _read_only_fs(target)):
        raise ReadOnlyError(f"{path} is read-only (chmod u+w {path} to allow changes)")
    return target, st


def _read_only_fs(path: Path) -> bool:
    """Whether ``path`` is on a file system mounted read-only (the write then fails naming the folder)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


# --- the lock ------------------------------------------------------------------------

#: How long a writer waits for another to finish, unless told otherwise (seconds).
LOCK_TIMEOUT = 600.0
#: How long a writer waits before saying that it is waiting (seconds).
WAIT_NOTICE = 1.0
_lock_options: dict[str, Any] = {"timeout": None}


def set_lock_options(*, timeout: float | None = None) -> None:
    """The default for every later write: how long to wait for the lock."""
    _lock_options.update(timeout=timeout)


def lock_timeout() -> float:
    """Seconds a writer waits for the lock: :func:`set_lock_options`, else ``$GLOSSARY_LOCK_TIMEOUT``, else 600."""
    if _lock_options["timeout"] is not None:
        return float(_lock_options["timeout"])
    value = os.environ.get("GLOSSARY_LOCK_TIMEOUT", "").strip()
    if not value:
        return LOCK_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise UsageError(f"GLOSSARY_LOCK_TIMEOUT={value!r}: expected a number of seconds (0 or more)")
    return seconds


def lock_for(path: Path, timeout: float | None = None) -> Any:
    """The inter-process lock guarding writes to ``path`` (``terms.yaml.lock``; an flock, freed when its holder dies)."""
    from filelock import FileLock

    return FileLock(str(path) + ".lock", timeout=lock_timeout() if timeout is None else timeout)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    with contextlib.suppress(ValueError, OSError):
        return str(path.relative_to(Path.cwd()))
    return str(path)


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the write lock of ``path``; say once when waiting, give up after ``timeout`` seconds.

    The notice that it waits is a :func:`glossary.report.note`.

    Giving up is a :class:`LockTimeoutError`; a lock file that cannot be made (read-only
    folder) a :class:`WriteError`.
    """
    from filelock import Timeout

    timeout = lock_timeout() if timeout is None else timeout
    lock = lock_for(path, timeout)
    label = _shown(Path(lock.lock_file))
    try:
        try:
            lock.acquire(timeout=min(WAIT_NOTICE, timeout))
        except Timeout:
            if timeout <= WAIT_NOTICE:
                raise
            note(f"waiting for another writer ({label})…")
            lock.acquire(timeout=timeout - WAIT_NOTICE)
    except Timeout:
        raise LockTimeoutError(
            f"gave up after {timeout:g} s waiting for another writer ({label}); "
            "try again, or wait longer with --lock-timeout SECONDS"
        ) from None
    except OSError as e:
        raise WriteError(_write_message(Path(lock.lock_file), e, creating=True)) from None
    try:
        yield
    finally:
        lock.release()


# --- backups -----------------------------------------------------------------------

#: How many earlier versions of each terms file the data folder keeps.
BACKUPS_KEPT = 20


def backup_dir(path: Path) -> Path:
    """Where the earlier versions of the terms file ``path`` are kept: a folder of its own
    under ``backups/`` in the data folder (``glossary where`` shows it), never beside the file."""
    import hashlib

    from glossary.paths import data_dir

    real = os.path.realpath(path)
    key = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return data_dir() / "backups" / f"{Path(real).name}-{key}"


def backups(path: Path) -> list[Path]:
    """The kept versions of ``path``, newest first."""
    try:
        found = [Path(e.path) for e in os.scandir(backup_dir(path)) if _is_backup(e.name)]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


def _is_backup(name: str) -> bool:
    return re.fullmatch(r"\d{8}T\d{6}\.\d{6}Z-\d+\.yaml", name) is not None


def keep_backup(path: Path, text: str, mode: int) -> Path | None:
    """Keep ``text``, the version of ``path`` a write is about to replace, in :func:`backup_dir`
    (with the file's ``mode``), and only the newest :data:`BACKUPS_KEPT` there. Returns where;
    a backup that cannot be made is a warning (:func:`glossary.report.warn`), never a failed write."""
    import datetime

    from glossary.report import warn

    folder = backup_dir(path)
    now = datetime.datetime.now(datetime.timezone.utc)
    target = folder / f"{now:%Y%m%dT%H%M%S.%f}Z-{os.getpid()}.yaml"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        (folder / "source.txt").write_text(os.path.realpath(path) + "\n", encoding="utf-8")
        atomic_write(target, text, mode=mode)
    except (OSError, WriteError) as e:
        warn(f"no backup of {path} kept: {e}")
        return None
    for old in backups(path)[BACKUPS_KEPT:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target

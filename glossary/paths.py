"""Where the glossary, its cache and its data live.

The terms file a command works on is chosen in this order (:func:`locate`):

1. ``--glossary PATH`` on the command line;
2. ``$GLOSSARY_FILE``;
3. a ``terms.yaml`` in the current folder or the nearest parent folder that has one
   (as git finds its repository: a project keeps its glossary beside its docs);
4. the bundled event glossary, which is read-only (``glossary init`` copies it).

Environment variables override the other defaults:

- ``GLOSSARY_CACHE_DIR``: derived, rebuildable files such as the SQLite index
  (default: ``$XDG_CACHE_HOME/glossary``, else ``~/.cache/glossary``);
- ``GLOSSARY_DATA_DIR``: data the user installed, such as translation models and
  backups (default: ``$XDG_DATA_HOME/glossary``, else ``~/.local/share/glossary``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

#: The file name looked for in the current folder and its parents.
TERMS_NAME = "terms.yaml"

#: Why a terms file was chosen, as :func:`locate` reports it.
FROM_OPTION = "--glossary"
FROM_ENV = "GLOSSARY_FILE"
FROM_FOLDER = "folder"
FROM_BUNDLED = "bundled"


def bundled_glossary() -> Path:
    """The event glossary shipped with the package (the repo's terms.yaml when run from a checkout)."""
    inside = _PACKAGE / TERMS_NAME
    if inside.exists():
        return inside
    return _PACKAGE.parent / TERMS_NAME


@dataclass(frozen=True)
class Located:
    """A terms file and the reason it was chosen."""

    path: Path
    reason: str

    @property
    def bundled(self) -> bool:
        """True for the read-only bundled glossary: chosen by default, or the copy inside the package."""
        return self.reason == FROM_BUNDLED or is_inside_package(self.path)

    def explain(self) -> str:
        """Why this file, in words.

        >>> Located(Path("t.yaml"), FROM_ENV).explain()
        'from $GLOSSARY_FILE'
        """
        if self.reason == FROM_OPTION:
            return "from --glossary"
        if self.reason == FROM_ENV:
            return "from $GLOSSARY_FILE"
        if self.reason == FROM_FOLDER:
            here = self.path.absolute().parent == Path.cwd()
            return "the terms.yaml of this folder" if here else "the nearest terms.yaml above this folder"
        return "the bundled event glossary (read-only; 'glossary init' makes your own copy)"


def is_inside_package(path: Path) -> bool:
    """True if ``path`` lies inside the installed package, where no write may land."""
    try:
        path.resolve().relative_to(_PACKAGE)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def find_upwards(start: Path | None = None, name: str = TERMS_NAME) -> Path | None:
    """The nearest ``name`` in ``start`` (default: the current folder) or one of its parents."""
    try:
        folder = (start or Path.cwd()).absolute()
    except OSError:  # the current folder was removed
        return None
    for candidate in (folder, *folder.parents):
        path = candidate / name
        try:
            if path.is_file():
                return path
        except OSError:
            continue
    return None


def locate(path: str | os.PathLike[str] | None = None) -> Located:
    """The terms file to work on and why: ``path``, ``$GLOSSARY_FILE``, the nearest terms.yaml, the bundled one."""
    if path:
        return Located(Path(path), FROM_OPTION)
    env = os.environ.get("GLOSSARY_FILE")
    if env:
        return Located(Path(env), FROM_ENV)
    found = find_upwards()
    if found is not None:
        return Located(_relative(found), FROM_FOLDER)
    return Located(bundled_glossary(), FROM_BUNDLED)


def _relative(path: Path) -> Path:
    """``path`` relative to the current folder when it is inside it, so messages stay short."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def glossary_file(path: str | os.PathLike[str] | None = None) -> Path:
    """The terms file to work on (see :func:`locate`)."""
    return locate(path).path


def _xdg(var: str, env: str, fallback: str) -> Path:
    if os.environ.get(var):
        return Path(os.environ[var])
    base = os.environ.get(env) or os.path.join(os.path.expanduser("~"), fallback)
    return Path(base) / "glossary"


def cache_dir() -> Path:
    """Directory for derived files (SQLite index); created on demand by callers."""
    return _xdg("GLOSSARY_CACHE_DIR", "XDG_CACHE_HOME", ".cache")


def data_dir() -> Path:
    """Directory for user-installed data (translation models)."""
    return _xdg("GLOSSARY_DATA_DIR", "XDG_DATA_HOME", os.path.join(".local", "share"))


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (someone else's counts as running): a temporary file
    whose writer is gone may be removed."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True

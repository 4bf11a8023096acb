"""Where the glossary, its cache and its data live.

Environment variables override every default:

- ``GLOSSARY_FILE``: the terms file (default: the bundled event glossary);
- ``GLOSSARY_CACHE_DIR``: derived, rebuildable files such as the SQLite index
  (default: ``$XDG_CACHE_HOME/glossary``, else ``~/.cache/glossary``);
- ``GLOSSARY_DATA_DIR``: data the user installed, such as translation models
  (default: ``$XDG_DATA_HOME/glossary``, else ``~/.local/share/glossary``).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_glossary() -> Path:
    """The event glossary shipped with the package (the repo's terms.yaml when run from a checkout)."""
    inside = _PACKAGE / "terms.yaml"
    if inside.exists():
        return inside
    return _PACKAGE.parent / "terms.yaml"


def glossary_file(path: str | os.PathLike[str] | None = None) -> Path:
    """The terms file to work on: ``path``, else ``$GLOSSARY_FILE``, else the bundled one."""
    if path:
        return Path(path)
    env = os.environ.get("GLOSSARY_FILE")
    if env:
        return Path(env)
    return bundled_glossary()


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

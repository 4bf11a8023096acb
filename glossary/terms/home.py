"""Starting a glossary of one's own (``glossary init``).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> init_glossary(folder / "terms.yaml", empty=True).concepts
0
>>> init_glossary(folder / "terms.yaml", empty=True)
Traceback (most recent call last):
...
glossary.errors.ConflictError: ... already exists; nothing was changed (pick another path, or remove it first)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import ConflictError, UsageError
from glossary.paths import bundled_glossary

EMPTY = """\
# My English–Chinese glossary. One concept per list item; comments and order survive every write.
# Add terms with: glossary add --zh 小红书 --en RedNote --category platform
name: My glossary
concepts: []
"""


@dataclass(frozen=True)
class Created:
    """A new terms file and how many concepts it holds."""

    path: Path
    concepts: int


def init_glossary(path: str | os.PathLike[str], *, empty: bool = False) -> Created:
    """Create ``path`` as a copy of the bundled glossary (or an empty one); never overwrite a file."""
    from glossary.terms import store

    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name such as {path / 'terms.yaml'}")
    if not path.parent.is_dir():
        raise UsageError(f"{path.parent}: no such folder")
    text = EMPTY if empty else store.read_text(bundled_glossary())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise ConflictError(
            f"{path} already exists; nothing was changed (pick another path, or remove it first)"
        ) from None
    except OSError as e:
        raise UsageError(f"cannot create {path}: {e.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        os.unlink(path)
        raise
    return Created(path, len(store.load(path)))

"""The ``glossary`` command: a thin typer layer over the library.

Each command module registers its commands on :data:`app`; heavy imports stay
inside the command functions so that ``glossary lookup`` starts fast.
"""

from __future__ import annotations

from .app import app, main
from . import core  # noqa: F401  (registers the commands)
from . import extract  # noqa: F401
from . import enrich  # noqa: F401
from . import translate  # noqa: F401
from . import export  # noqa: F401

__all__ = ["app", "main"]

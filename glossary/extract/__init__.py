"""Extraction: texts in → candidate concepts out, each form with where it was seen.

Readers (:mod:`.readers`) turn files into units; the finders (:mod:`.english`,
:mod:`.statements` and the Chinese new-word finder in :mod:`.pipeline`) spot forms; the
tally counts them; :mod:`.link` joins the surface forms of one concept.
"""

from typing import Any

__all__ = ["Options", "extract"]


def __getattr__(name: str) -> Any:  # lazily: importing a submodule does not load the pipeline
    if name in __all__:
        from glossary.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

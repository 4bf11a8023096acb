"""Enrichment: fill a concept's empty fields from evidence — pinyin, the other character
set, CC-CEDICT glosses, offline machine translation (:mod:`.translate`, its model
packages in :mod:`.packages`) — each value recording where it came from.
"""

from typing import Any

__all__ = ["enrich", "enrich_file"]


def __getattr__(name: str) -> Any:  # lazily: importing a submodule does not load the pipeline
    if name in __all__:
        from glossary.enrich import enricher

        return getattr(enricher, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

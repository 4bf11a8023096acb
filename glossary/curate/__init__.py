"""Curation: extraction's candidates into terms.yaml (:mod:`.merge`, ``glossary build``)
and a person's decisions on them (:mod:`.review`, ``glossary review``).

The top library layer: it uses extraction, enrichment and the glossary.
"""

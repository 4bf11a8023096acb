"""The glossary itself: concepts (:mod:`.model`), terms.yaml (:mod:`.store`), its lookup
index (:mod:`.index`) and lookup (:mod:`.lookup`), checks, and a user's own copy (:mod:`.home`).

Depends on :mod:`glossary.text` and :mod:`glossary.dictionary`.
"""

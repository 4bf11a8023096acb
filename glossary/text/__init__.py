"""Text primitives, each written once: normalizing and folding, scripts (simplified,
traditional, regional forms), pinyin syllables and styles, the term matcher, sentences,
English word frequency, files (read, atomic write, lock).

The lowest layer: it imports nothing of the package but :mod:`glossary.errors` and
:mod:`glossary.paths`.
"""

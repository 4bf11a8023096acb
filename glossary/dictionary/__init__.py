"""CC-CEDICT: parsing the data file (:mod:`.cedict`), its SQLite index (:mod:`.index`),
the queries every layer asks (:mod:`.query`), and characters to pinyin (:mod:`.romanize`).

Depends on :mod:`glossary.text` only.
"""

"""glossary: an English–Chinese glossary and translation aid for cross-cultural events.

The library comes first; the ``glossary`` command is a thin layer over it.
"""

__version__ = "0.1.0"

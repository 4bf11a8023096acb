"""``python -m glossary``: the same as the ``glossary`` command."""

from .cli import main

if __name__ == "__main__":
    main()

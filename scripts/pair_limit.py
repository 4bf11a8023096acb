#!/usr/bin/env python
"""What thinning the word-pair table costs the results: the figures behind docs/scaling.md.

    python scripts/pair_limit.py CORPUS_DIR [--limits 1000000 300000] [--glossary terms.yaml]

Runs ``extract`` on CORPUS_DIR in one process once per limit (``pipeline.PAIR_LIMIT`` set to it)
and prints, for each, the concepts found, the forms with the kind "new word", and how many of
the first run's new-word forms are lost or gained. To compare with another version of the rule,
run the same command with ``PYTHONPATH`` at that version's source (``git archive COMMIT glossary
| tar -x -C /tmp/old``; ``PYTHONPATH=/tmp/old python scripts/pair_limit.py …``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(REPO))


def new_words(corpus: Path, glossary: Path, limit: int) -> tuple[int, set[str]]:
    """The number of concepts and the new-word forms of one extraction with the pair table held to ``limit``."""
    from glossary.extract import pipeline
    from glossary.extract.pipeline import Options, extract
    from glossary.terms import store

    pipeline.PAIR_LIMIT = limit
    rows = [c.to_json() for c in extract([str(corpus)], store.load(glossary).concepts, Options())]
    return len(rows), {form for r in rows for form, kinds in r["kinds"].items() if "new word" in kinds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limits", type=int, nargs="+", default=[1_000_000, 300_000])
    parser.add_argument("--glossary", type=Path, default=REPO / "terms.yaml")
    args = parser.parse_args()
    os.environ.setdefault("GLOSSARY_CACHE_DIR", "/tmp/glossary-bench-cache")
    first: set[str] | None = None
    print(f"{'limit':>10} {'concepts':>9} {'new words':>10} {'lost':>6} {'gained':>7}")
    for limit in args.limits:
        concepts, found = new_words(args.corpus, args.glossary, limit)
        first = found if first is None else first
        print(f"{limit:>10,} {concepts:>9,} {len(found):>10,} {len(first - found):>6,} {len(found - first):>7,}")


if __name__ == "__main__":
    main()

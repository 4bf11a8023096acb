"""How much of an event's vocabulary the glossary answers.

Given a list of terms (one per line, any script; a line starting with ``# `` is a comment,
so hashtags such as ``#RedNote`` are terms), each is looked
up as a user would (``glossary lookup TERM``) and counted as:

- **glossary**: a glossary concept is among the top 3 matches with a score of at least
  ``--min-score`` (0.7: an exact form, a folded variant, a regional form, or a known term
  inside the query; not a loose prefix or typo match);
- **CC-CEDICT only**: no such glossary match, but the dictionary answers;
- **miss**: neither.

    python scripts/coverage.py eval/terms_heldout.txt [--glossary terms.yaml] [--misses]

Run it against an older checkout (``PYTHONPATH=/path/to/old python scripts/coverage.py …``)
to compare before and after on the same list.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def read_terms(path: Path) -> list[str]:
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("# "):
            terms.append(line)
    return list(dict.fromkeys(terms))


def classify(finder, term: str, min_score: float) -> str:
    matches = finder.lookup(term, limit=3)
    if any(m.answered_from == "glossary" and m.score >= min_score for m in matches):
        return "glossary"
    if any(m.answered_from != "glossary" for m in matches):
        return "cc-cedict"
    return "miss"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("terms", type=Path, help="a file of terms, one per line")
    parser.add_argument("--glossary", type=Path, default=None, help="terms file (default: the bundled one)")
    parser.add_argument("--min-score", type=float, default=0.7)
    parser.add_argument("--misses", action="store_true", help="list the terms the glossary does not answer")
    args = parser.parse_args(argv)

    from glossary.paths import bundled_glossary
    from glossary.terms.lookup import Lookup

    glossary = args.glossary or bundled_glossary()
    finder = Lookup(glossary)
    terms = read_terms(args.terms)
    if not terms:
        print(f"{args.terms}: no terms", file=sys.stderr)
        return 2
    kinds: dict[str, list[str]] = {"glossary": [], "cc-cedict": [], "miss": []}
    for term in terms:
        kinds[classify(finder, term, args.min_score)].append(term)
    n = len(terms)
    print(f"{args.terms}: {n} terms, glossary {glossary}")
    for kind, label in (
        ("glossary", "answered from the glossary (top 3)"),
        ("cc-cedict", "answered only by CC-CEDICT"),
        ("miss", "missed"),
    ):
        print(f"  {label:<36} {len(kinds[kind]):>4}  {len(kinds[kind]) / n:6.1%}")
    if args.misses:
        for kind in ("cc-cedict", "miss"):
            print(f"\n{kind}:")
            for term in kinds[kind]:
                print(f"  {term}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

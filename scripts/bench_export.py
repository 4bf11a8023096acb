"""Benchmark: exporting a 10,000-concept glossary to every format.

Builds a synthetic glossary from the curated terms.yaml (each concept copied with
numbered ids and forms, so the copies stay distinct and the file validates, and
given two sources with example sentences), writes it as terms.yaml, then times:

- loading it (``glossary.terms.store.load``, which every export does first);
- each registered format, best of ``--runs``, with the output size;
- as peers in the same run: genanki's own ``Package.write_to_file`` for the same
  deck (what the Anki exporter adds on top: tone HTML, escaping, the fixed-date zip)
  and a bare ``json.dumps`` of the concepts (the least any export can cost).

``--bundled`` times the bundled terms.yaml as it is instead, and ``--formats`` picks formats
(e.g. ``--bundled --formats html``: the HTML page's export time and size).

Run: python scripts/bench_export.py [--concepts 10000] [--runs 3] [--bundled] [--formats html,rst]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary import export as ex  # noqa: E402
from glossary.paths import bundled_glossary  # noqa: E402
from glossary.terms.model import Alias, Concept, Source  # noqa: E402
from glossary.terms.store import load, save  # noqa: E402


def synthetic(n: int) -> list[Concept]:
    """``n`` concepts made from the curated ones: ids, characters, English and aliases numbered per copy."""
    base = load(bundled_glossary()).concepts
    out: list[Concept] = []
    k = 0
    while len(out) < n:
        for c in base:
            if len(out) >= n:
                break
            tag = f"{k}"
            out.append(
                Concept(
                    id=f"{c.id}-{tag}",
                    category=c.category,
                    zh=f"{c.zh}{tag}" if c.zh else None,
                    zh_hant=f"{c.zh_hant}{tag}" if c.zh_hant else None,
                    pinyin=c.pinyin,
                    en=f"{c.en} {tag}" if c.en else None,
                    aliases=[Alias(f"{a.text} {tag}", a.kind, a.note) for a in c.aliases],
                    literal=c.literal,
                    note=c.note,
                    status="reviewed" if k % 3 else "candidate",
                    sources=[
                        Source(
                            f"corpus/post-{k % 97}.md", 3 + k % 40, f"People kept saying {c.en or c.zh} {tag} all week."
                        ),
                        Source(f"corpus/news-{k % 31}.txt", 10 + k % 20, f"报道说{c.zh or c.en}{tag}很火。"),
                    ],
                )
            )
        k += 1
    return out


def best(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concepts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bundled", action="store_true", help="the bundled terms.yaml, not a synthetic glossary")
    parser.add_argument("--formats", default="", help="comma-separated formats (default: every one)")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f] or ex.names()

    with tempfile.TemporaryDirectory() as tmp:
        path = bundled_glossary() if args.bundled else Path(tmp) / "terms.yaml"
        if not args.bundled:
            start = time.perf_counter()
            save(path, synthetic(args.concepts), name="Synthetic benchmark glossary")
            print(
                f"built {args.concepts:,} concepts ({path.stat().st_size / 1e6:.1f} MB YAML) in {time.perf_counter() - start:.1f} s"
            )

        t_load, glossary = best(lambda: load(path), 1)
        print(f"load + validate terms.yaml: {t_load:6.2f} s   (every export starts with this)")
        data = ex.data_for(glossary)

        print(f"\n{'format':<14}{'seconds':>9}{'output':>12}")
        total = 0.0
        for name in formats:
            exporter = ex.get(name)
            t, out = best(lambda exporter=exporter: exporter(data), args.runs)
            total += t
            print(f"{name:<14}{t:>9.2f}{len(out) / 1e6:>10.2f} MB")
        print(f"{'all formats':<14}{total:>9.2f}")

        print("\npeers, same data:")
        import genanki

        from glossary.export.anki import build_deck

        def plain_genanki() -> int:
            out = Path(tmp) / "peer.apkg"
            genanki.Package(build_deck(data)).write_to_file(str(out), timestamp=1736726400)
            return out.stat().st_size

        t, _ = best(plain_genanki, args.runs)
        print(f"{'genanki write_to_file (same deck)':<36}{t:>6.2f} s")
        t, _ = best(lambda: json.dumps([c.to_dict() for c in data.concepts], ensure_ascii=False), args.runs)
        print(f"{'json.dumps of the concepts':<36}{t:>6.2f} s")


if __name__ == "__main__":
    main()

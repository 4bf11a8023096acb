"""Benchmark: reading a large TBX termbase, ours against translate-toolkit's reader (Weblate's).

Builds the synthetic glossary of ``bench_export.py`` (``--concepts``, default 10,000),
exports it as ``tbx2`` (TBX v2, the flavour both can read) and ``tbx`` (v3), then times,
best of ``--runs``:

- ``glossary.imports.tbx.parse`` on each file (every term, note, context and reference
  turned into candidate concepts);
- as the peer, in the same run: ``translate.storage.tbx.tbxfile.parsefile`` on the v2 file
  plus reading every term of every unit (``get_source_terms``/``get_target_terms``), which
  is what Weblate does with a glossary.

Run: python scripts/bench_tbx.py [--concepts 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_export import best, synthetic  # noqa: E402

from glossary import export as ex  # noqa: E402
from glossary.export.common import cleaned, ordered  # noqa: E402
from glossary.imports import tbx  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concepts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    data = ex.ExportData(tuple(ordered(cleaned(c) for c in synthetic(args.concepts))))
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for fmt in ("tbx2", "tbx"):
            files[fmt] = Path(tmp) / f"{fmt}.tbx"
            files[fmt].write_bytes(ex.get(fmt)(data))
            print(f"{fmt:<5} {args.concepts:,} concepts, {files[fmt].stat().st_size / 1e6:.1f} MB")

        print(f"\n{'reader':<48}{'seconds':>9}{'concepts':>10}")
        for fmt, path in files.items():
            t, got = best(lambda path=path: tbx.parse(path), args.runs)
            print(f"{'glossary.imports.tbx.parse (' + fmt + ')':<48}{t:>9.2f}{len(got.concepts):>10,}")

        from translate.storage import tbx as tt

        def peer() -> int:
            store = tt.tbxfile.parsefile(str(files["tbx2"]))
            terms = 0
            for unit in store.units:
                terms += len(unit.get_source_terms())
                terms += sum(len(unit.get_target_terms(lang)) for lang in ("zh-Hans", "zh-Hant"))
            return len(store.units)

        t, units = best(peer, args.runs)
        print(f"{'translate-toolkit tbxfile + every term (tbx2)':<48}{t:>9.2f}{units:>10,}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Quality of the extractor on real articles against a hand annotation, next to two well-known
keyword extractors.

    python scripts/evaluate.py TEXTS                      # every article of eval/ found in TEXTS
    python scripts/evaluate.py TEXTS --split tune --missed
    python scripts/evaluate.py TEXTS --split heldout
    python scripts/evaluate.py --own [CORPUS GOLD.yaml]   # the team's own annotated corpus
    python scripts/evaluate.py --write-terms eval         # regenerate eval/terms*.txt

Nothing is fetched: TEXTS holds the articles of eval/articles.yaml that you fetched yourself,
one file per article named ``<article id>.<ext>`` (``.txt``, ``.html``, ``.md`` …, read like
``glossary extract`` reads them). Articles without a file are skipped and named.

Prints, per language (en, zh-hans, zh-hant, mixed) and overall, for ``glossary extract`` (with
the bundled glossary and with ``--no-glossary``), ``jieba.analyse.extract_tags`` and YAKE:
recall of the annotated concepts per article and core recall, top-20 precision, the share of
multi-form concepts whose forms land in one entry (per article and across the whole set), how
many names got Chinese and how many of those are right, and how many values were invented (a
name's Chinese from composition or MT written as a value: must be 0). The definitions are in
``scripts/evallib.py``; ``scripts/score_real.py`` is the same command under its old name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evallib import (  # noqa: E402
    LANGUAGES,
    OWN_CORPUS,
    OWN_GOLD,
    REPO,
    Article,
    Gold,
    ScoreError,
    find_texts,
    load_annotations,
    load_articles,
    missing_forms,
    names_report,
    own_report,
    run,
    term_lists,
    use_scratch_cache,
)
from evallib import report as table  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="TEXTS",
        help="Folder of fetched articles, one file per article: <article id>.<ext> (with --own: CORPUS GOLD.yaml).",
    )
    parser.add_argument("--articles", default=str(REPO / "eval" / "articles.yaml"))
    parser.add_argument("--annotations", default=str(REPO / "eval" / "annotations.yaml"))
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="all")
    parser.add_argument(
        "--missed",
        action="store_true",
        help="List the concepts each method missed per article (look only at the tune split).",
    )
    parser.add_argument("--no-names", action="store_true", help="Skip the Chinese-for-names figures.")
    parser.add_argument("--write-terms", metavar="DIR", help="Write terms.txt and terms_heldout.txt into DIR and stop.")
    parser.add_argument(
        "--own",
        action="store_true",
        help=f"Score the team's own annotated corpus (default {OWN_CORPUS.relative_to(REPO)} "
        f"and {OWN_GOLD.relative_to(REPO)}) instead of real articles.",
    )
    return parser


def _own(paths: Sequence[str], missed: bool) -> int:
    if len(paths) not in (0, 2):
        raise ScoreError("--own takes no path, or CORPUS and GOLD.yaml")
    corpus, gold = (Path(paths[0]), Path(paths[1])) if paths else (OWN_CORPUS, OWN_GOLD)
    if not corpus.exists():
        raise ScoreError(f"{corpus}: no such file or folder")
    use_scratch_cache()
    print(own_report(corpus, gold, missed))
    return 0


def _write_terms(out: Path, articles: dict[str, Article], annotations: dict[str, list[Gold]]) -> int:
    every, heldout = term_lists(articles, annotations)
    (out / "terms.txt").write_text("\n".join(every) + "\n", encoding="utf-8")
    (out / "terms_heldout.txt").write_text("\n".join(heldout) + "\n", encoding="utf-8")
    print(f"wrote {len(every)} forms to {out / 'terms.txt'}, {len(heldout)} to {out / 'terms_heldout.txt'}")
    return 0


def _real(args: argparse.Namespace) -> int:
    articles = load_articles(Path(args.articles))
    annotations = load_annotations(Path(args.annotations))
    unknown = sorted(set(annotations) - set(articles))
    if unknown:
        raise ScoreError(f"{args.annotations}: annotated articles not in {args.articles}: {', '.join(unknown)}")
    if args.write_terms:
        return _write_terms(Path(args.write_terms), articles, annotations)
    if len(args.paths) != 1:
        raise ScoreError("give TEXTS (one folder of fetched articles), --own, or --write-terms DIR")
    text_dir = args.paths[0]
    wanted = [a for a in articles.values() if a.id in annotations and args.split in ("all", a.split)]
    texts = find_texts(Path(text_dir), [a.id for a in wanted])
    if not texts:
        if not wanted:
            raise ScoreError("no articles in that split")
        raise ScoreError(
            f"{text_dir}: no file named after an article of the {args.split} split (e.g. {wanted[0].id}.txt)"
        )
    use_scratch_cache()
    results = run(texts, articles, annotations, names=not args.no_names)
    counts = ", ".join(f"{lang} {sum(x.language == lang for x in results.articles.values())}" for lang in LANGUAGES)
    print(f"split: {args.split}; {len(texts)} articles ({counts}); text folder: {text_dir}")
    absent = [a.id for a in wanted if a.id not in texts]
    if absent:
        print(f"no text for {len(absent)}: {', '.join(absent)}")
    differs = {a: m for a in texts if (m := missing_forms("\n".join(results.units[a]), annotations[a]))}
    if differs:
        print(
            f"note: {len(differs)} texts lack some annotated forms (a different copy of the page?): "
            + "; ".join(f"{a} ({len(m)})" for a, m in differs.items())
        )
    print()
    print(table(results, args.missed))
    if results.names:
        print(names_report(results.names, results.articles))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _own(args.paths, args.missed) if args.own else _real(args)
    except ScoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

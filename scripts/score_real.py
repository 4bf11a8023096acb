#!/usr/bin/env python
"""Score extraction on real published coverage of the event against eval/annotations.yaml.

    python scripts/score_real.py TEXT_DIR                  # every article found in TEXT_DIR
    python scripts/score_real.py TEXT_DIR --split tune     # only the tune split
    python scripts/score_real.py --write-terms eval        # regenerate eval/terms*.txt

Nothing is fetched: TEXT_DIR holds the articles of eval/articles.yaml that you fetched
yourself, one file per article named ``<article id>.<ext>`` (``.txt``, ``.html``, ``.md`` …,
read like ``glossary extract`` reads them). Articles without a file are skipped and named.

Each article is scored on its own, by four methods:

- ``glossary extract`` with the bundled glossary and default options (what a user runs);
- ``glossary extract --no-glossary`` (discovery alone);
- ``jieba.analyse.extract_tags`` (topK=20) and YAKE (top 20; Chinese segmented by jieba),
  as scripts/evaluate.py runs them.

Definitions (forms compared after ``glossary.text.normalize.fold``):

- a concept is *found* when an extracted entry has one of its annotated forms;
- recall: found concepts / annotated concepts of the article (optional ones left out),
  averaged over articles; core recall: the same over ``core: true`` concepts;
- P@20: among a method's first 20 entries, those matching an annotated concept / those
  matching one or none — an entry matching only an ``optional`` concept counts neither way;
  averaged over articles (a method that returns fewer than 20 entries is judged on those);
- joined: over the whole set, multi-form concepts (two or more forms that differ after
  fold) whose forms all sit in one extracted entry / all multi-form concepts.
  A keyword extractor returns one form per entry, so it joins nothing.

Chinese for names (``glossary extract`` then what ``glossary build`` does: merge into the
glossary, or an empty one, and enrich the new candidates; no machine translation; also with
``--min-count 1``, so that names seen once are built too):

- names: annotated concepts with a ``zh`` (optional ones included); found: those an entry
  holds; with zh: found names whose concept got Chinese; right: that Chinese is the
  annotated one (either script);
- invented: Chinese written as the value of a name (a proper category, or every English
  word capitalised) by word-by-word composition, machine translation or a common word's
  sense (蓝天 'blue sky' for Bluesky); must be 0. proposals: such renderings kept only as
  proposals.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from glossary.text.normalize import fold  # noqa: E402

LANGUAGES = ("en", "zh-hans", "zh-hant", "mixed")
SPLITS = ("tune", "heldout")
TOP_K = 20


@dataclass(frozen=True)
class Gold:
    """One annotated concept of one article."""

    id: str
    core: bool
    keys: frozenset[str]  # its forms, folded
    forms: tuple[str, ...] = ()
    optional: bool = False
    zh: str | None = None  # a name's Chinese, when the article or terms.yaml gives it


@dataclass(frozen=True)
class Article:
    id: str
    language: str
    split: str
    url: str = ""


@dataclass
class Score:
    """The figures of one method on one article."""

    recall: float | None
    core_recall: float | None
    precision: float | None
    multi: int
    joined: int
    missed: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)  # multi-form concepts whose forms no one entry holds


# --- loading ------------------------------------------------------------------------------


class ScoreError(Exception):
    """Bad input: the message names the file and the problem."""


def _yaml(path: Path) -> object:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ScoreError(f"{path}: cannot read ({e.strerror or e})") from None
    except YAMLError as e:
        raise ScoreError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None


def load_articles(path: Path) -> dict[str, Article]:
    data = _yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise ScoreError(f"{path}: expected a mapping with an 'articles' list")
    out: dict[str, Article] = {}
    for n, item in enumerate(data["articles"], 1):
        try:
            article = Article(str(item["id"]), str(item["language"]), str(item["split"]), str(item.get("url", "")))
        except (KeyError, TypeError):
            raise ScoreError(f"{path}: article {n} needs id, language and split") from None
        if article.language not in LANGUAGES or article.split not in SPLITS:
            raise ScoreError(
                f"{path}: article '{article.id}': language must be one of {', '.join(LANGUAGES)} "
                f"and split one of {', '.join(SPLITS)}"
            )
        out[article.id] = article
    return out


def load_annotations(path: Path) -> dict[str, list[Gold]]:
    data = _yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("annotations"), dict):
        raise ScoreError(f"{path}: expected a mapping with an 'annotations' mapping")
    out: dict[str, list[Gold]] = {}
    for article_id, concepts in data["annotations"].items():
        golds = []
        for c in concepts or []:
            try:
                forms = tuple(str(f) for f in c["forms"])
                keys = frozenset(k for k in map(fold, forms) if k)
                zh = str(c["zh"]) if c.get("zh") else None
                golds.append(
                    Gold(str(c["id"]), bool(c.get("core", False)), keys, forms, bool(c.get("optional", False)), zh)
                )
            except (KeyError, TypeError):
                raise ScoreError(
                    f"{path}: article '{article_id}': every concept needs an id and a list of forms"
                ) from None
        out[str(article_id)] = golds
    return out


def find_texts(text_dir: Path, ids: Iterable[str]) -> dict[str, Path]:
    """The file of each article in ``text_dir`` (``<id>.<any extension>``), for those that have one."""
    if not text_dir.is_dir():
        raise ScoreError(f"{text_dir}: not a folder")
    by_stem: dict[str, Path] = {}
    for p in sorted(text_dir.iterdir()):
        if p.is_file():
            by_stem.setdefault(p.name.split(".", 1)[0], p)
    return {i: by_stem[i] for i in ids if i in by_stem}


# --- scoring ------------------------------------------------------------------------------


def score_article(predicted: Sequence[Sequence[str]], gold: Sequence[Gold], k: int = TOP_K) -> Score:
    """Recall, core recall, P@k and the joined count of one method's ranked entries on one article."""
    entries = [{fold(f) for f in forms} - {""} for forms in predicted]
    scored = [g for g in gold if not g.optional]
    found = {g.id for g in scored if any(g.keys & e for e in entries)}
    core = [g for g in scored if g.core]
    right = wrong = 0
    for e in entries[:k]:
        if any(g.keys & e for g in scored):
            right += 1
        elif not any(g.keys & e for g in gold if g.optional):
            wrong += 1
    multi = [g for g in scored if len(g.keys) > 1]
    split = [g.id for g in multi if not any(g.keys <= e for e in entries)]
    return Score(
        recall=len(found) / len(scored) if scored else None,
        core_recall=sum(g.id in found for g in core) / len(core) if core else None,
        precision=right / (right + wrong) if right + wrong else None,
        multi=len(multi),
        joined=len(multi) - len(split),
        missed=[g.id for g in scored if g.id not in found],
        split=split,
    )


def _mean(values: Iterable[float | None]) -> float | None:
    xs = [v for v in values if v is not None]
    return sum(xs) / len(xs) if xs else None


def summarize(scores: Sequence[Score]) -> dict[str, float | int | None]:
    """Per-article averages and the pooled joined rate of a group of articles."""
    multi = sum(s.multi for s in scores)
    joined = sum(s.joined for s in scores)
    return {
        "articles": len(scores),
        "recall": _mean(s.recall for s in scores),
        "core_recall": _mean(s.core_recall for s in scores),
        "precision": _mean(s.precision for s in scores),
        "joined": joined / multi if multi else None,
        "multi": multi,
    }


def missing_forms(text: str, gold: Sequence[Gold]) -> list[str]:
    """Annotated forms that do not occur in ``text`` (a fetched page may differ from the one annotated)."""
    return [f for g in gold for f in g.forms if f not in text]


# --- Chinese for names ------------------------------------------------------------------------


@dataclass
class Built:
    """A concept as ``glossary build`` leaves it: its forms, Chinese, and whether that Chinese
    (or a proposal) was rendered from a name's words or by MT."""

    forms: tuple[str, ...]
    zh: tuple[str, ...]  # simplified and traditional, as written
    invented: bool = False
    proposals: int = 0


@dataclass
class NameScore:
    names: int = 0
    found: int = 0
    with_zh: int = 0
    right: int = 0
    invented: int = 0
    proposals: int = 0

    def __add__(self, other: NameScore) -> NameScore:
        return NameScore(*(a + b for a, b in zip(vars(self).values(), vars(other).values())))


def _is_name(english: str | None, category: str | None) -> bool:
    if not english:
        return False
    if category in ("person", "company", "platform", "app", "place", "organization"):
        return True
    words = [w for w in english.replace("-", " ").split() if w.casefold() not in ("of", "the", "and", "for", "in")]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _rendered(change: object) -> bool:
    """A change that renders Chinese from words: composition, MT, or a common word's sense."""
    import re

    why = getattr(change, "why", "")
    if change.origin == "mt" or (change.origin == "rule" and "compos" in why):  # type: ignore[attr-defined]
        return True
    reading = re.search(r"\[([^\]]*)\]", why) if change.origin == "dictionary" else None  # type: ignore[attr-defined]
    return bool(reading) and not reading.group(1)[:1].isupper()  # a common word's reading is lower case


def built_concepts(path: Path, use_glossary: bool, min_count: int = 2) -> list[Built]:
    """``glossary build`` of one article into the bundled glossary (or an empty one), in memory."""
    from glossary.curate import merge
    from glossary.enrich.enricher import Enricher
    from glossary.extract.pipeline import Options, extract
    from glossary.terms import store

    concepts = store.load(REPO / "terms.yaml").concepts if use_glossary else []
    found = extract([str(path)], concepts, Options(use_glossary=use_glossary, min_count=min_count))
    changes = merge.merge(concepts, found, pinyin=False)
    planned = Enricher(list(changes.glossary.values())).plan(changes.new)
    merge.enrich_new(changes)
    rendered = {(ch.id, ch.value) for ch in planned if ch.field == "zh" and _rendered(ch)}
    seen = {changes.owners.owner(f) for e in found for f in e.forms} - {None}
    out = []
    for c in changes.glossary.values():
        if c.id not in seen:
            continue
        name = _is_name(c.en, c.category)
        out.append(
            Built(
                tuple(c.forms()),
                tuple(z for z in (c.zh, c.zh_hant) if z),
                invented=name and (c.id, c.zh) in rendered and not getattr(c, "proposals", None) and bool(c.zh),
                proposals=len(getattr(c, "proposals", []) or []),
            )
        )
    return out


def score_names(built: Sequence[Built], gold: Sequence[Gold]) -> NameScore:
    """How many of an article's annotated names got Chinese, how many rightly; invented values."""
    from glossary.text.scripts import to_simplified

    score = NameScore(invented=sum(b.invented for b in built), proposals=sum(b.proposals for b in built))
    entries = [({fold(f) for f in b.forms} - {""}, b) for b in built]
    for g in gold:
        if not g.zh:
            continue
        score.names += 1
        hit = next((b for keys, b in entries if g.keys & keys), None)
        if hit is None:
            continue
        score.found += 1
        if hit.zh:
            score.with_zh += 1
            score.right += to_simplified(g.zh) in {to_simplified(z) for z in hit.zh}
    return score


def names_report(results: dict[str, dict[str, NameScore]], articles: dict[str, Article]) -> str:
    """A table per method of the names figures: each language present, then all."""
    header = f"{'method':38} {'language':9} {'names':>6} {'found':>6} {'with zh':>8} {'right':>6} {'invented':>9} {'proposals':>10}"
    lines = ["Chinese for names", header, "-" * len(header)]
    for name, per_article in results.items():
        groups = [(lang, [s for a, s in per_article.items() if articles[a].language == lang]) for lang in LANGUAGES]
        groups = [(lang, g) for lang, g in groups if g] + [("all", list(per_article.values()))]
        for lang, scores in groups:
            t = sum(scores, NameScore())
            right = f"{t.right}" + (f" ({t.right / t.with_zh:.2f})" if t.with_zh else "")
            lines.append(
                f"{name:38} {lang:9} {t.names:6d} {t.found:6d} {t.with_zh:8d} {right:>6} {t.invented:9d} {t.proposals:10d}"
            )
        lines.append("")
    return "\n".join(lines)


# --- methods ------------------------------------------------------------------------------

Method = Callable[[Path, list[str]], list[list[str]]]


def _evaluate_module():
    spec = importlib.util.spec_from_file_location("glossary_scripts_evaluate", Path(__file__).with_name("evaluate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def article_units(path: Path) -> list[str]:
    from glossary.extract import readers

    return [u.text for u in readers.corpus([str(path)])]


def ours(use_glossary: bool) -> Method:
    """``glossary extract`` on one article, default options; the entries' forms, best first."""
    from glossary.extract.pipeline import Options, extract
    from glossary.terms import store

    concepts = store.load(REPO / "terms.yaml").concepts if use_glossary else []

    def run(path: Path, units: list[str]) -> list[list[str]]:
        found = extract([str(path)], concepts, Options(use_glossary=use_glossary))
        return [list(c.forms) for c in found]

    return run


def keyword_methods() -> dict[str, Method]:
    evaluate = _evaluate_module()
    return {
        "jieba.analyse.extract_tags": lambda path, units: evaluate.jieba_tags(units, TOP_K),
        "YAKE (en + jieba-segmented zh)": lambda path, units: evaluate.yake_keywords(units, TOP_K),
    }


def all_methods() -> dict[str, Method]:
    return {
        "glossary extract (bundled glossary)": ours(True),
        "glossary extract --no-glossary": ours(False),
        **keyword_methods(),
    }


# --- term lists ---------------------------------------------------------------------------


def term_lists(articles: dict[str, Article], annotations: dict[str, list[Gold]]) -> tuple[list[str], list[str]]:
    """Every distinct event term form (optional concepts left out), and those whose folded key
    occurs only in heldout articles."""
    every: set[str] = set()
    tune_keys: set[str] = set()
    for article_id, gold in annotations.items():
        for g in gold:
            if g.optional:
                continue
            every.update(g.forms)
            if articles.get(article_id) and articles[article_id].split == "tune":
                tune_keys.update(g.keys)
    heldout_only = {f for f in every if fold(f) not in tune_keys}
    order = lambda f: (fold(f), f)  # noqa: E731
    return sorted(every, key=order), sorted(heldout_only, key=order)


# --- report -------------------------------------------------------------------------------


def _pct(x: float | int | None) -> str:
    return "   n/a" if x is None else f"{x:6.2f}"


def report(results: dict[str, dict[str, Score]], articles: dict[str, Article], missed: bool = False) -> str:
    """A table per method: each language present, then all."""
    lines = []
    header = f"{'method':38} {'language':9} {'articles':>8} {'recall':>7} {'core R':>7} {'P@20':>7} {'joined':>13}"
    lines += [header, "-" * len(header)]
    for name, per_article in results.items():
        groups = [(lang, [s for a, s in per_article.items() if articles[a].language == lang]) for lang in LANGUAGES]
        groups = [(lang, g) for lang, g in groups if g] + [("all", list(per_article.values()))]
        for lang, scores in groups:
            s = summarize(scores)
            joined = f"{_pct(s['joined'])} of {s['multi']:3d}"
            lines.append(
                f"{name:38} {lang:9} {s['articles']:8d} {_pct(s['recall']):>7} {_pct(s['core_recall']):>7} "
                f"{_pct(s['precision']):>7} {joined:>13}"
            )
        if missed:
            for a, sc in per_article.items():
                if sc.missed:
                    lines.append(f"{'':4}{a}: missed {', '.join(sc.missed)}")
                if sc.split:
                    lines.append(f"{'':4}{a}: not joined {', '.join(sc.split)}")
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "text_dir", nargs="?", help="Folder of fetched articles, one file per article: <article id>.<ext>."
    )
    parser.add_argument("--articles", default=str(REPO / "eval" / "articles.yaml"))
    parser.add_argument("--annotations", default=str(REPO / "eval" / "annotations.yaml"))
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="all")
    parser.add_argument(
        "--missed",
        action="store_true",
        help="List the concepts each method missed, and those it did not join, per article (look only at the tune split).",
    )
    parser.add_argument("--no-names", action="store_true", help="Skip the Chinese-for-names figures.")
    parser.add_argument("--write-terms", metavar="DIR", help="Write terms.txt and terms_heldout.txt into DIR and stop.")
    args = parser.parse_args(argv)
    try:
        articles = load_articles(Path(args.articles))
        annotations = load_annotations(Path(args.annotations))
        unknown = sorted(set(annotations) - set(articles))
        if unknown:
            raise ScoreError(f"{args.annotations}: annotated articles not in {args.articles}: {', '.join(unknown)}")
        if args.write_terms:
            every, heldout = term_lists(articles, annotations)
            out = Path(args.write_terms)
            (out / "terms.txt").write_text("\n".join(every) + "\n", encoding="utf-8")
            (out / "terms_heldout.txt").write_text("\n".join(heldout) + "\n", encoding="utf-8")
            print(f"wrote {len(every)} forms to {out / 'terms.txt'}, {len(heldout)} to {out / 'terms_heldout.txt'}")
            return 0
        if not args.text_dir:
            raise ScoreError("give TEXT_DIR (a folder of fetched articles) or --write-terms DIR")
        wanted = [a for a in articles.values() if a.id in annotations and args.split in ("all", a.split)]
        texts = find_texts(Path(args.text_dir), [a.id for a in wanted])
    except ScoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not texts:
        print(
            f"error: {args.text_dir}: no file named after an article of the {args.split} split "
            f"(e.g. {wanted[0].id}.txt)"
            if wanted
            else "error: no articles in that split",
            file=sys.stderr,
        )
        return 2
    os.environ.setdefault("GLOSSARY_CACHE_DIR", os.path.join(tempfile.gettempdir(), "glossary-eval-cache"))
    absent = [a.id for a in wanted if a.id not in texts]
    units = {a: article_units(p) for a, p in texts.items()}
    differs = {a: m for a in texts if (m := missing_forms("\n".join(units[a]), annotations[a]))}
    methods = all_methods()
    results: dict[str, dict[str, Score]] = {name: {} for name in methods}
    for name, method in methods.items():
        for a, path in texts.items():
            results[name][a] = score_article(method(path, units[a]), annotations[a])
    shown = {a: articles[a] for a in texts}
    counts = ", ".join(f"{lang} {sum(x.language == lang for x in shown.values())}" for lang in LANGUAGES)
    print(f"split: {args.split}; {len(texts)} articles ({counts}); text folder: {args.text_dir}")
    if absent:
        print(f"no text for {len(absent)}: {', '.join(absent)}")
    if differs:
        print(
            f"note: {len(differs)} texts lack some annotated forms (a different copy of the page?): "
            + "; ".join(f"{a} ({len(m)})" for a, m in differs.items())
        )
    print()
    print(report(results, shown, args.missed))
    if not args.no_names:
        runs = (("bundled glossary", True, 2), ("empty glossary", False, 2), ("empty, --min-count 1", False, 1))
        names = {
            f"glossary build ({label})": {
                a: score_names(built_concepts(p, use, n), annotations[a]) for a, p in texts.items()
            }
            for label, use, n in runs
        }
        print(names_report(names, shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())

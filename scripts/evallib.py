#!/usr/bin/env python
"""Scoring extraction against a hand annotation: the one implementation behind
``scripts/evaluate.py`` (and its alias ``scripts/score_real.py``).

Real articles (``eval/``: ``articles.yaml`` and ``annotations.yaml``; the texts stay outside the
repository, one file per article named ``<article id>.<ext>``, read like ``glossary extract``
reads them) are scored one by one, by four methods:

- ``glossary extract`` with the bundled glossary and default options (what a user runs);
- ``glossary extract --no-glossary`` (discovery alone);
- ``jieba.analyse.extract_tags`` (topK=20) and YAKE (top 20; Chinese segmented by jieba).

Definitions (forms compared by :func:`key`: after ``glossary.text.normalize.fold``, an English
possessive folded into its noun, as the issue asks of extraction: RedNote's is RedNote):

- a concept is *found* when an extracted entry has one of its annotated forms;
- recall: found concepts / annotated concepts of the article (optional ones left out),
  averaged over articles; core recall: the same over ``core: true`` concepts;
- P@20: among a method's first 20 entries, those matching an annotated concept / those
  matching one or none — an entry matching only an ``optional`` concept counts neither way;
  averaged over articles (a method that returns fewer than 20 entries is judged on those);
- joined: multi-form concepts of an article (two or more forms that differ after fold) whose
  forms all sit in one entry of that article's extraction / all such, pooled over the articles;
- set-joined: the same across the whole set — the articles extracted together as one corpus,
  each concept with every form any article uses; a concept counts when its forms differ after
  fold. A keyword extractor returns one form per entry, so it joins nothing.

Chinese for names (``glossary extract`` then what ``glossary build`` does: merge into the
glossary, or an empty one, and enrich the new candidates; no machine translation):

- names: annotated concepts with a ``zh`` (optional ones included); found: those an entry
  holds; with zh: found names whose concept got Chinese; right: that Chinese is the
  annotated one (either script);
- invented: Chinese written as the value of a name (a proper category, or every English
  word capitalised) by word-by-word composition, machine translation or a common word's
  sense (蓝天 'blue sky' for Bluesky); must be 0. proposals: such renderings kept only as
  proposals.

The team's own annotated corpus (``tests/data/corpus`` and ``corpus_gold.yaml``) is scored by
:func:`score_own`: recall, precision, the same at K (the number of gold concepts) and link
precision, recall and accuracy over the gold forms found.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from glossary.text.normalize import fold, has_cjk  # noqa: E402

LANGUAGES = ("en", "zh-hans", "zh-hant", "mixed")
SPLITS = ("tune", "heldout")
TOP_K = 20
OURS = "glossary extract (bundled glossary)"
OURS_BARE = "glossary extract --no-glossary"
JIEBA = "jieba.analyse.extract_tags"
YAKE = "YAKE (en + jieba-segmented zh)"


_POSSESSIVE = re.compile(r"(?<=[A-Za-z0-9])['’]s?$")


def key(form: str) -> str:
    """The key a form is compared by: folded (case, tone marks, spaces, hyphens, '#', punctuation),
    an English possessive folded into its noun (RedNote's, refugees' → rednote, refugees).

    >>> key("RedNote’s"), key("TikTok refugees'"), key("Xiǎohóngshū"), key("小紅書")
    ('rednote', 'tiktokrefugees', 'xiaohongshu', '小紅書')
    """
    return fold(_POSSESSIVE.sub("", form.strip()))


def use_scratch_cache() -> None:
    """Keep the scorer's dictionary and glossary indexes out of the user's cache, unless one is set."""
    os.environ.setdefault("GLOSSARY_CACHE_DIR", os.path.join(tempfile.gettempdir(), "glossary-eval-cache"))


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
    #: multi-form concepts found but with their forms in more than one entry
    split: list[str] = field(default_factory=list)


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
                keys = frozenset(k for k in map(key, forms) if k)
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


def _entries(predicted: Sequence[Sequence[str]]) -> list[set[str]]:
    return [{key(f) for f in forms} - {""} for forms in predicted]


def score_article(predicted: Sequence[Sequence[str]], gold: Sequence[Gold], k: int = TOP_K) -> Score:
    """Recall, core recall, P@k and the joined count of one method's ranked entries on one article."""
    entries = _entries(predicted)
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
    joined = sum(1 for g in multi if any(g.keys <= e for e in entries))
    return Score(
        recall=len(found) / len(scored) if scored else None,
        core_recall=sum(g.id in found for g in core) / len(core) if core else None,
        precision=right / (right + wrong) if right + wrong else None,
        multi=len(multi),
        joined=joined,
        missed=[g.id for g in scored if g.id not in found],
        split=[g.id for g in multi if g.id in found and not any(g.keys <= e for e in entries)],
    )


def set_forms(annotations: Iterable[Sequence[Gold]]) -> dict[str, frozenset[str]]:
    """Every scored concept of a set of articles with the folded forms any of them uses."""
    out: dict[str, set[str]] = {}
    for gold in annotations:
        for g in gold:
            if not g.optional:
                out.setdefault(g.id, set()).update(g.keys)
    return {cid: frozenset(keys) for cid, keys in out.items()}


def set_joined(predicted: Sequence[Sequence[str]], concepts: dict[str, frozenset[str]]) -> tuple[int, int]:
    """(joined, multi): the multi-form concepts of a whole set whose forms all sit in one entry of
    the set's extraction, and how many multi-form concepts there are."""
    entries = _entries(predicted)
    multi = [keys for keys in concepts.values() if len(keys) > 1]
    return sum(1 for keys in multi if any(keys <= e for e in entries)), len(multi)


def set_unjoined(predicted: Sequence[Sequence[str]], concepts: dict[str, frozenset[str]]) -> dict[str, list[str]]:
    """The multi-form concepts of a set whose forms are not all in one entry: for each, its folded
    forms grouped as the extraction left them (``a + b`` in one entry, ``c`` alone, ``d?`` in none)."""
    entries = _entries(predicted)
    out: dict[str, list[str]] = {}
    for cid, keys in sorted(concepts.items()):
        if len(keys) < 2 or any(keys <= e for e in entries):
            continue
        groups: list[str] = []
        left = set(keys)
        for e in entries:
            if left & e:
                groups.append(" + ".join(sorted(left & e)))
                left -= e
        out[cid] = groups + [f"{k}?" for k in sorted(left)]
    return out


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


def _rendered(change: Any) -> bool:
    """A change that renders Chinese from words: composition, MT, or a common word's sense."""
    why = getattr(change, "why", "")
    if change.origin == "mt" or (change.origin == "rule" and "compos" in why):
        return True
    reading = re.search(r"\[([^\]]*)\]", why) if change.origin == "dictionary" else None
    return bool(reading) and not reading.group(1)[:1].isupper()  # a common word's reading is lower case


def _glossary(use_glossary: bool) -> list[Any]:
    from glossary.terms import store

    return store.load(REPO / "terms.yaml").concepts if use_glossary else []


def built_concepts(path: Path, use_glossary: bool, min_count: int = 2) -> list[Built]:
    """``glossary build`` of one article into the bundled glossary (or an empty one), in memory."""
    from glossary.curate import merge
    from glossary.enrich.enricher import Enricher
    from glossary.extract.pipeline import Options, extract

    concepts = _glossary(use_glossary)
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
    entries = [({key(f) for f in b.forms} - {""}, b) for b in built]
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


# --- methods ------------------------------------------------------------------------------

#: A method: one article's file and text units in, ranked entries (each a list of forms) out.
Method = Callable[[Path, list[str]], list[list[str]]]


def article_units(path: Path) -> list[str]:
    from glossary.extract import readers

    return [u.text for u in readers.corpus([str(path)])]


def ours(use_glossary: bool) -> Method:
    """``glossary extract`` on one article, default options; the entries' forms, best first."""
    from glossary.extract.pipeline import Options, extract

    concepts = _glossary(use_glossary)

    def run(path: Path, units: list[str]) -> list[list[str]]:
        found = extract([str(path)], concepts, Options(use_glossary=use_glossary))
        return [list(c.forms) for c in found]

    return run


def extract_set(paths: Sequence[Path], use_glossary: bool) -> list[list[str]]:
    """``glossary extract`` on several articles at once (one corpus), default options."""
    from glossary.extract.pipeline import Options, extract

    found = extract([str(p) for p in paths], _glossary(use_glossary), Options(use_glossary=use_glossary))
    return [list(c.forms) for c in found]


def jieba_tags(texts: list[str], k: int) -> list[list[str]]:
    """``jieba.analyse.extract_tags`` (TF-IDF) over the texts, top ``k``."""
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    return [[w] for w in jieba.analyse.extract_tags("\n".join(texts), topK=k)]


def yake_keywords(texts: list[str], k: int) -> list[list[str]]:
    """YAKE over the texts: English units as they are, Chinese ones segmented by jieba (YAKE needs
    spaces), the two keyword lists interleaved, top ``k``."""
    import jieba
    import yake

    jieba.setLogLevel(logging.WARNING)
    english = "\n".join(t for t in texts if not has_cjk(t))
    chinese = "\n".join(" ".join(jieba.cut(t)) for t in texts if has_cjk(t))
    en = [kw for kw, _ in yake.KeywordExtractor(lan="en", n=3, top=k).extract_keywords(english)] if english else []
    zh = [
        kw.replace(" ", "") if not any(c.isascii() and c.isalpha() for c in kw) else kw
        for kw, _ in (yake.KeywordExtractor(lan="zh", n=2, top=k).extract_keywords(chinese) if chinese else [])
    ]
    merged: list[str] = []
    for a, b in itertools.zip_longest(en, zh):
        for kw in (a, b):
            if kw and kw not in merged:
                merged.append(kw)
    return [[kw] for kw in merged[:k]]


def keyword_methods(k: int = TOP_K) -> dict[str, Method]:
    return {
        JIEBA: lambda path, units: jieba_tags(units, k),
        YAKE: lambda path, units: yake_keywords(units, k),
    }


def all_methods() -> dict[str, Method]:
    return {OURS: ours(True), OURS_BARE: ours(False), **keyword_methods()}


#: The methods that extract (and so join forms and give names Chinese): whether each uses the glossary.
EXTRACTORS = {OURS: True, OURS_BARE: False}


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
    heldout_only = {f for f in every if key(f) not in tune_keys}
    order = lambda f: (fold(f), f)  # noqa: E731
    return sorted(every, key=order), sorted(heldout_only, key=order)


# --- a whole run --------------------------------------------------------------------------


@dataclass
class Results:
    """Every figure of a run over a set of articles, by method."""

    articles: dict[str, Article]  # the articles scored
    scores: dict[str, dict[str, Score]]  # method → article id → its score
    #: method → group ("all" or a language) → (joined, multi) across the group's articles
    set_joined: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    #: method → the set's multi-form concepts it did not join, each with its forms as grouped
    set_missed: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: build label → article id → its names figures (``glossary build`` runs only)
    names: dict[str, dict[str, NameScore]] = field(default_factory=dict)
    #: article id → its text units, as ``glossary extract`` reads them
    units: dict[str, list[str]] = field(default_factory=dict)

    def groups(self) -> list[tuple[str, list[str]]]:
        """Each language that has an article, then ``all``: the article ids of each."""
        out = [(lang, [a for a, x in self.articles.items() if x.language == lang]) for lang in LANGUAGES]
        return [(lang, ids) for lang, ids in out if ids] + [("all", list(self.articles))]


#: The ``glossary build`` runs of the names figures: label, with the bundled glossary, --min-count.
NAME_RUNS = (("bundled glossary", True, 2), ("empty glossary", False, 2), ("empty, --min-count 1", False, 1))
#: Which names run gives each extracting method's names columns in the main table.
NAMES_OF = {OURS: "bundled glossary", OURS_BARE: "empty glossary"}


def run(
    texts: dict[str, Path],
    articles: dict[str, Article],
    annotations: dict[str, list[Gold]],
    methods: dict[str, Method] | None = None,
    names: bool = True,
) -> Results:
    """Score every method on every article of ``texts``, the set-wide joining of the extractors,
    and (with ``names``) the Chinese that ``glossary build`` gives the annotated names."""
    methods = all_methods() if methods is None else methods
    shown = {a: articles[a] for a in texts}
    units = {a: article_units(p) for a, p in texts.items()}
    results = Results(shown, {name: {} for name in methods}, units=units)
    for name, method in methods.items():
        for a, path in texts.items():
            results.scores[name][a] = score_article(method(path, units[a]), annotations[a])
    for name in methods:
        use_glossary = EXTRACTORS.get(name)
        results.set_joined[name] = {}
        for group, ids in results.groups():
            concepts = set_forms(annotations[a] for a in ids)
            # a keyword extractor returns one form per entry: it joins nothing, across the set either
            found = [] if use_glossary is None else extract_set([texts[a] for a in ids], use_glossary)
            results.set_joined[name][group] = set_joined(found, concepts)
            if group == "all" and use_glossary is not None:
                results.set_missed[name] = set_unjoined(found, concepts)
    if names:
        results.names = {
            label: {a: score_names(built_concepts(p, use, n), annotations[a]) for a, p in texts.items()}
            for label, use, n in NAME_RUNS
        }
    return results


# --- report -------------------------------------------------------------------------------


def _pct(x: float | int | None) -> str:
    return "   n/a" if x is None else f"{x:6.2f}"


def _rate(joined: int, multi: int) -> str:
    return f"{_pct(joined / multi if multi else None)} of {multi:3d}"


def _names_cells(n: NameScore | None) -> str:
    if n is None:
        return f"{'—':>9} {'—':>6} {'—':>8}"
    right = _pct(n.right / n.with_zh if n.with_zh else None)
    return f"{f'{n.with_zh}/{n.names}':>9} {right:>6} {n.invented:8d}"


def report(results: Results, missed: bool = False) -> str:
    """The main table: per method, each language present then all — recall, core recall, P@20,
    joined per article and across the set, and (for the extractors) names given Chinese out of the
    annotated names, the share of those that is right, and invented values."""
    header = (
        f"{'method':38} {'language':9} {'articles':>8} {'recall':>7} {'core R':>7} {'P@20':>7} "
        f"{'joined':>13} {'set-joined':>13} {'names zh':>9} {'right':>6} {'invented':>8}"
    )
    lines = [header, "-" * len(header)]
    for name, per_article in results.scores.items():
        label = NAMES_OF.get(name)
        for group, ids in results.groups():
            scores = [per_article[a] for a in ids]
            s = summarize(scores)
            joined = _rate(sum(x.joined for x in scores), sum(x.multi for x in scores))
            across = results.set_joined.get(name, {}).get(group)
            names = results.names.get(label) if label else None
            n = sum((names[a] for a in ids), NameScore()) if names else None
            lines.append(
                f"{name:38} {group:9} {s['articles']:8d} {_pct(s['recall']):>7} {_pct(s['core_recall']):>7} "
                f"{_pct(s['precision']):>7} {joined:>13} {_rate(*across) if across else '—':>13} {_names_cells(n)}"
            )
        if missed:
            for a, sc in per_article.items():
                if sc.missed:
                    lines.append(f"{'':4}{a}: missed {', '.join(sc.missed)}")
                if sc.split:
                    lines.append(f"{'':4}{a}: forms not joined {', '.join(sc.split)}")
            for cid, groups in results.set_missed.get(name, {}).items():
                lines.append(f"{'':4}not joined across the set: {cid}: {' | '.join(groups)}")
        lines.append("")
    return "\n".join(lines)


def names_report(results: dict[str, dict[str, NameScore]], articles: dict[str, Article]) -> str:
    """A table per ``glossary build`` run (by its label) of the names figures: each language present, then all."""
    header = f"{'method':38} {'language':9} {'names':>6} {'found':>6} {'with zh':>8} {'right':>6} {'invented':>9} {'proposals':>10}"
    lines = ["Chinese for names", header, "-" * len(header)]
    for label, per_article in results.items():
        name = f"glossary build ({label})"
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


# --- the team's own annotated corpus ----------------------------------------------------------

OWN_CORPUS = REPO / "tests" / "data" / "corpus"
OWN_GOLD = REPO / "tests" / "data" / "corpus_gold.yaml"


def load_gold(path: Path) -> tuple[list[set[str]], list[set[str]], list[str]]:
    """An own-corpus annotation: each gold concept's folded forms, the optional ones', the gold ids."""
    data = _yaml(path)
    try:
        gold = [{fold(f) for f in c["forms"]} for c in data["concepts"]]  # type: ignore[index]
        optional = [{fold(f) for f in c["forms"]} for c in data.get("optional") or []]  # type: ignore[union-attr]
        return gold, optional, [c["id"] for c in data["concepts"]]  # type: ignore[index]
    except (KeyError, TypeError, AttributeError):
        raise ScoreError(f"{path}: expected 'concepts' (and 'optional'), each with an id and a list of forms") from None


def score_own(predicted: list[list[str]], gold: list[set[str]], optional: list[set[str]], k: int | None = None) -> dict:
    """Recall, precision and link figures of a ranked list of concepts (each a list of forms).

    Links, over the gold forms a method found: a pair is *joined* when one extracted concept
    holds both. Link precision = joined pairs that are one gold concept / joined pairs; link
    recall = gold pairs joined / gold pairs; link accuracy = TP / (TP + FP + FN).
    """
    if k is not None:
        predicted = predicted[:k]
    keys = [{fold(f) for f in forms if fold(f)} for forms in predicted]
    matched_gold: set[int] = set()
    right = wrong = 0
    for ks in keys:
        hits = {i for i, g in enumerate(gold) if ks & g}
        if hits:
            right += 1
            matched_gold |= hits
        elif not any(ks & o for o in optional):
            wrong += 1
    owner = {key: i for i, g in enumerate(gold) for key in g}
    found = {key: n for n, ks in enumerate(keys) for key in ks if key in owner}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(found), 2):
        same_gold = owner[a] == owner[b]
        joined = found[a] == found[b]
        tp += same_gold and joined
        fp += joined and not same_gold
        fn += same_gold and not joined
    return {
        "n": len(predicted),
        "recall": len(matched_gold) / len(gold) if gold else 0.0,
        "precision": right / (right + wrong) if right + wrong else 0.0,
        "link_p": tp / (tp + fp) if tp + fp else None,
        "link_r": tp / (tp + fn) if tp + fn else 0.0,
        "link_acc": tp / (tp + fp + fn) if tp + fp + fn else 0.0,
        "missed": [i for i in range(len(gold)) if i not in matched_gold],
    }


def own_report(corpus: Path, gold_path: Path, missed: bool = False) -> str:
    """The own-corpus table: every method on the whole corpus at once, K = the number of gold concepts."""
    gold, optional, ids = load_gold(gold_path)
    k = len(gold)
    texts = article_units(corpus)
    runs = {
        OURS: extract_set([corpus], True),
        OURS_BARE: extract_set([corpus], False),
        JIEBA: jieba_tags(texts, k),
        YAKE: yake_keywords(texts, k),
    }
    chars = sum(len(t) for t in texts)
    lines = [f"corpus: {corpus} ({len(texts)} text units, {chars} characters); gold: {len(gold)} concepts, K = {k}", ""]
    header = f"{'method':38} {'n':>4} {'recall':>7} {'prec.':>6} {'R@K':>6} {'P@K':>6} {'link P':>7} {'link R':>7} {'link acc':>8}"
    lines += [header, "-" * len(header)]
    for name, predicted in runs.items():
        full, top = score_own(predicted, gold, optional), score_own(predicted, gold, optional, k)
        link_p = "n/a" if full["link_p"] is None else f"{full['link_p']:.2f}"
        lines.append(
            f"{name:38} {full['n']:4d} {full['recall']:7.2f} {full['precision']:6.2f} {top['recall']:6.2f} "
            f"{top['precision']:6.2f} {link_p:>7} {full['link_r']:7.2f} {full['link_acc']:8.2f}"
        )
        if missed and full["missed"]:
            lines.append(f"{'':4}missed: {', '.join(ids[i] for i in full['missed'])}")
    return "\n".join(lines)

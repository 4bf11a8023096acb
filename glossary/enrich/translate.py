"""Offline machine translation with the glossary enforced.

An installed Argos package (see :mod:`glossary.enrich.packages`) is run directly: its
tokenizer (SentencePiece or BPE, through ``argostranslate.package``) and its
CTranslate2 model. Sentences are split here, by punctuation (:mod:`glossary.text.sentences`),
so argostranslate's own sentence splitters (which download models) are never used, and
nothing touches the network.

Glossary terms in the input come out as the glossary's preferred rendering.
Each sentence is first translated with its terms already replaced by their
renderings (the model copies names through); if a rendering does not survive,
the sentence is translated in spans around the terms instead, which always
keeps them verbatim.

>>> join_pieces(["I joined", "RedNote", ", then left."], "en")
'I joined RedNote, then left.'
>>> join_pieces(["我加入了", "小红书", "。"], "zh")
'我加入了小红书。'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable

from glossary.enrich import packages as models
from glossary.errors import NotFoundError, UsageError
from glossary.text.matcher import Matcher
from glossary.text.normalize import has_cjk
from glossary.text.sentences import split_sentences

#: Languages a glossary can be enforced in: Argos codes (zt: traditional Chinese).
LANGUAGES = ("en", "zh", "zt")
_NO_SPACE_BEFORE = re.compile(r"\s+([,.;:!?%)\]}'’”])")
_NO_SPACE_AFTER = re.compile(r"([(\[{“‘])\s+")


def join_pieces(pieces: Iterable[str], target: str) -> str:
    """Join translated pieces: with spaces in English, without in Chinese."""
    pieces = [p.strip() for p in pieces if p and p.strip()]
    if target == "en":
        text = " ".join(pieces)
        text = _NO_SPACE_BEFORE.sub(r"\1", text)
        return _NO_SPACE_AFTER.sub(r"\1", text)
    out = ""
    for p in pieces:
        if out and not has_cjk(out[-1]) and not has_cjk(p[0]) and out[-1].isalnum() and p[0].isalnum():
            out += " "
        out += p
    return out


# --- the model ------------------------------------------------------------------------------


def _argos_package() -> Any:
    """``argostranslate.package``, pointed at our models directory before it is first imported."""
    directory = models.models_dir()
    os.environ["ARGOS_PACKAGES_DIR"] = str(directory)
    os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
    from argostranslate import package, settings

    settings.package_data_dir = directory
    settings.package_dirs = [directory]
    return package


class Engine:
    """One installed package, loaded: translate a batch of sentences."""

    def __init__(self, model: models.Model) -> None:
        try:
            import ctranslate2

            package = _argos_package()
        except ImportError as e:
            raise NotFoundError(
                f"machine translation needs the 'translate' extra ({e.name} is missing). Install it with: {models.INSTALL_EXTRA}"
            ) from None
        self.model = model
        self.package = package.Package(model.path)
        if not hasattr(self.package, "tokenizer"):
            raise NotFoundError(f"{model.path}: the package has no tokenizer")
        self.translator = ctranslate2.Translator(str(model.path / "model"), device="cpu", compute_type="auto")

    def __call__(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        tokenizer = self.package.tokenizer
        tokenized = [tokenizer.encode(s) for s in sentences]
        prefix = self.package.target_prefix
        results = self.translator.translate_batch(
            tokenized,
            target_prefix=[[prefix]] * len(tokenized) if prefix else None,
            replace_unknowns=True,
            beam_size=4,
            max_batch_size=32,
            max_decoding_length=min(512, 3 * max(len(t) for t in tokenized) + 16),
            length_penalty=0.2,
        )
        out = []
        for r in results:
            value = tokenizer.decode(r.hypotheses[0])
            if prefix and value.startswith(prefix):
                value = value[len(prefix) :]
            out.append(value.strip())
        return out


@lru_cache(maxsize=4)
def _engine(path: str, from_code: str, to_code: str) -> Engine:
    return Engine(
        models.Model(name=os.path.basename(path), from_code=from_code, to_code=to_code, path=models.Path(path))
    )


def engine(from_code: str, to_code: str) -> Engine:
    """The loaded model for a language pair; a clear error naming the install command if none is installed."""
    model = models.find(from_code, to_code)
    if model is None:
        raise NotFoundError(_no_model(from_code, to_code))
    return _engine(str(model.path), from_code, to_code)


def _no_model(from_code: str, to_code: str) -> str:
    name = f"translate-{from_code}_{to_code}"
    return (
        f"no {from_code}→{to_code} translation model installed. Install one with: "
        f"glossary models install PATH/TO/{name}.argosmodel (a downloaded file), "
        f"or: glossary models install {name} (downloads it from the Argos index)"
    )


def has_model(from_code: str, to_code: str) -> bool:
    return models.find(from_code, to_code) is not None


def model_pair(source: str, target: str) -> tuple[str, str]:
    """The model a translation runs on: traditional Chinese (zt) without a model of its own goes through zh."""
    if source == "zt" and not has_model(source, target):
        return "zh", target
    if target == "zt" and not has_model(source, target):
        return source, "zh"
    return source, target


def check_ready(source: str, target: str) -> None:
    """Before any work: :class:`NotFoundError` naming the install commands unless the ``translate``
    extra and a model for the pair are installed. Nothing is loaded."""
    models.require_extra()
    pair = model_pair(source, target)
    if not has_model(*pair):
        raise NotFoundError(_no_model(*pair))


def translator_for(source: str, target: str) -> Callable[[list[str]], list[str]]:
    """A batch translator for the pair; traditional Chinese (zt) without its own model goes
    through the simplified one, converted with OpenCC on the way in or out."""
    from glossary.text import scripts as chars

    pair = model_pair(source, target)
    if source == "zt" and pair[0] == "zh":
        to_simplified = engine(*pair)
        return lambda batch: to_simplified([chars.to_simplified(t) for t in batch])
    if target == "zt" and pair[1] == "zh":
        to_zh = engine(*pair)
        return lambda batch: [chars.to_traditional(t) for t in to_zh(batch)]
    return engine(source, target)


# --- glossary terms -----------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A glossary form to enforce and its preferred rendering in the target language."""

    form: str
    rendering: str
    concept: str


@dataclass
class Hit:
    """A term found in the input, as written there."""

    start: int
    end: int
    term: Term
    text: str = ""


def _target_field(target: str) -> str:
    return {"en": "en", "zh": "zh", "zt": "zh_hant"}[target]


def _common_english(word: str) -> bool:
    from glossary.text.frequency import english_zipf

    return english_zipf(word) >= 3.5


class Terms:
    """The glossary's forms in one language, found in text leftmost-longest.

    Found by the one term matcher (:mod:`glossary.text.matcher`), in any spelling.
    Chinese forms match only at word boundaries (the one segmenter, with the glossary's own
    words added), so 中国 is not enforced inside 中国人. English forms match whole
    words, case-insensitively unless written in capitals (RED, XHS), plurals and possessives too;
    in a hashtag (#RedNote) the term is enforced and the ``#`` kept.
    Single common English words (like, note, follow) are enforced only with
    ``all_terms``; they are reported as skipped.
    """

    def __init__(
        self, concepts: Iterable[Any], source: str, target: str, all_terms: bool = False, skip: Iterable[str] = ()
    ) -> None:
        if source not in LANGUAGES or target not in LANGUAGES:
            raise UsageError(f"unsupported language (expected one of: {', '.join(LANGUAGES)})")
        self.source, self.target = source, target
        self.terms: list[Term] = []
        self.skipped: list[tuple[Term, str]] = []
        skip = set(skip)
        target_field = _target_field(target)
        for c in concepts:
            if c.id in skip:
                continue
            rendering = getattr(c, target_field) or (c.zh if target == "zt" else None)
            if not rendering:
                continue
            if source == "en":
                forms = [c.en, *(a.text for a in c.aliases)]
                forms = [f for f in forms if f and not has_cjk(f)]
            else:
                forms = [c.zh, c.zh_hant, *(a.text for a in c.aliases)]
                forms = [f for f in forms if f and has_cjk(f)]
            for form in dict.fromkeys(forms):
                term = Term(form, rendering, c.id)
                if source == "en" and not all_terms and re.fullmatch(r"[a-z]+", form) and _common_english(form):
                    self.skipped.append((term, "common English word"))
                    continue
                self.terms.append(term)
        self.terms.sort(key=lambda t: -len(t.form))
        self._matcher: Matcher | None = None

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping terms in ``text``, leftmost first, longest first."""
        if not self.terms:
            return []
        if self._matcher is None:
            self._matcher = Matcher(((t.form, t) for t in self.terms), possessives=True)
        cuts = None if self.source == "en" else self._boundaries(text)
        hits = []
        for m in self._matcher.find(text, cuts):
            start = m.start + 1 if m.text[:1] == "#" != m.value.form[:1] else m.start  # #RedNote → #小红书
            hits.append(Hit(start, m.end, m.value, text[start : m.end]))
        return hits

    def _boundaries(self, text: str) -> set[int]:
        """Word boundaries of Chinese ``text`` (the one segmenter, taught the glossary's forms)."""
        from glossary.text.segmenter import segmenter_for

        segmenter = segmenter_for(tuple(sorted({t.form for t in self.terms})))
        cuts = {0, len(text)}
        for _, start, end in segmenter.tokenize(text, hmm=False):
            cuts.update((start, end))
        return cuts


# --- translating ----------------------------------------------------------------------------


@dataclass
class Sentence:
    source: str
    output: str = ""
    method: str = "plain"  # plain (no terms), inline (terms replaced before MT) or spans
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Translation:
    """A translated text and what was enforced in it."""

    text: str
    source: str
    target: str
    sentences: list[Sentence]
    skipped: list[tuple[Term, str]]  # terms in the text that were not enforced, and why

    @property
    def enforced(self) -> list[Hit]:
        """The terms enforced, once each, in order of appearance."""
        seen: dict[tuple[str, str], Hit] = {}
        for s in self.sentences:
            for h in s.hits:
                seen.setdefault((h.text, h.term.concept), h)
        return list(seen.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "translation": self.text,
            "from": self.source,
            "to": self.target,
            "enforced": [{"form": h.text, "rendering": h.term.rendering, "id": h.term.concept} for h in self.enforced],
            "skipped": [
                {"form": t.form, "rendering": t.rendering, "id": t.concept, "reason": why} for t, why in self.skipped
            ],
            "sentences": [{"source": s.source, "translation": s.output, "method": s.method} for s in self.sentences],
        }


def _substitute(text: str, hits: list[Hit]) -> str:
    out, pos = "", 0
    for h in hits:
        out += text[pos : h.start]
        before, after = out[-1:], text[h.end : h.end + 1]
        pad_left = (
            " " if before and before.isalnum() and not has_cjk(before) and not has_cjk(h.term.rendering[0]) else ""
        )
        pad_right = (
            " " if after and after.isalnum() and not has_cjk(after) and not has_cjk(h.term.rendering[-1]) else ""
        )
        out += pad_left + h.term.rendering + pad_right
        pos = h.end
    return out + text[pos:]


def _survives(output: str, hits: list[Hit]) -> bool:
    for h in hits:
        need = sum(1 for x in hits if x.term.rendering == h.term.rendering)
        if output.count(h.term.rendering) < need:
            return False
    return True


def _worth_translating(text: str) -> bool:
    return any(c.isalnum() for c in text)


def translate(
    text: str,
    source: str,
    target: str,
    concepts: Iterable[Any] = (),
    *,
    all_terms: bool = False,
    skip: Iterable[str] = (),
    translator: Callable[[list[str]], list[str]] | None = None,
) -> Translation:
    """Translate ``text`` from ``source`` to ``target`` with the glossary's terms enforced.

    ``translator`` maps a batch of sentences to their translations; by default the
    installed Argos model for the pair (a :class:`NotFoundError` naming the install
    command if there is none).
    """
    if source == target:
        raise UsageError(f"source and target language are the same ({source})")
    if not text.strip():
        raise UsageError("nothing to translate: the text is empty")
    terms = Terms(concepts, source, target, all_terms=all_terms, skip=skip)
    run = translator or translator_for(source, target)
    paragraphs = [[Sentence(s) for s in split_sentences(p)] for p in text.split("\n")]
    sentences = [s for p in paragraphs for s in p]
    for s in sentences:
        s.hits = terms.find(s.source)

    # 1. every sentence whole, terms replaced by their renderings
    batch = [_substitute(s.source, s.hits) for s in sentences]
    for s, out in zip(sentences, run(batch)):
        s.output = out
        s.method = "inline" if s.hits else "plain"
    # 2. sentences whose renderings did not survive: translate the spans between terms
    retry = [s for s in sentences if s.hits and not _survives(s.output, s.hits)]
    pieces: list[str] = []
    for s in retry:
        pos = 0
        for h in s.hits:
            pieces.append(s.source[pos : h.start])
            pos = h.end
        pieces.append(s.source[pos:])
    unique = list(dict.fromkeys(p for p in pieces if _worth_translating(p)))
    done = dict(zip(unique, run(unique))) if unique else {}
    for s in retry:
        parts: list[str] = []
        pos = 0
        for h in s.hits:
            piece = s.source[pos : h.start]
            parts += [done.get(piece, piece.strip()), h.term.rendering]
            pos = h.end
        tail = s.source[pos:]
        parts.append(done.get(tail, tail.strip()))
        s.output = join_pieces(parts, target)
        s.method = "spans"
    sep = " " if target == "en" else ""
    text_out = "\n".join(sep.join(s.output for s in p) for p in paragraphs)
    written = {m.value for m in Matcher((t.form, t.form.lower()) for t, _ in terms.skipped).find(text)}
    present = [(t, why) for t, why in terms.skipped if t.form.lower() in written]
    return Translation(text_out, source, target, sentences, present)


def detect_source(text: str) -> str:
    """``zh`` if the text holds Chinese characters (``zt`` if they are traditional), else ``en``."""
    from glossary.text import scripts as chars

    if not has_cjk(text):
        return "en"
    return "zt" if chars.chinese_script(text) == "traditional" else "zh"

"""Reading, validating and writing terms.yaml.

Reading validates the whole file and reports every problem with its line.
Writing goes through :func:`editing`: it takes a file lock, re-reads the file,
lets the caller change the round-trip document (comments, key order and
formatting survive), validates the result and replaces the file atomically.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from glossary.errors import (
    ConflictError,
    NotFoundError,
    Problem,
    ValidationError,
    WriteError,
)
from glossary.terms import schema
from glossary.terms.model import Concept
from glossary.terms.ownership import Owners
from glossary.terms.schema import (
    ALIAS,
    ALIAS_FIELDS,
    CONCEPT,
    CONCEPT_FIELDS,
    EXAMPLE_FIELDS,
    ORIGIN_FIELDS,
    REF_FIELDS,
    SOURCE_FIELDS,
    TOP_FIELDS,
)
from glossary.text.files import (  # noqa: F401 (re-exported: the store's file primitives)
    atomic_write,
    backups,
    keep_backup,
    locked,
    read_bytes,
    read_text,
    refuse_bundled,
    remove_orphans,
    writable_target,
)
from glossary.text.normalize import fold

ID_PATTERN = re.compile(schema.ID_PATTERN)
_TYPE_NAMES = {str: "a string", int: "an integer", list: "a list", dict: "a mapping"}


@dataclass
class Glossary:
    """A loaded glossary: its concepts in file order."""

    path: Path
    concepts: list[Concept]
    name: str = ""
    description: str = ""
    #: forms a reviewer rejected: ``build`` never proposes them again
    rejected: list[str] = field(default_factory=list)
    _by_id: dict[str, Concept] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {c.id: c for c in self.concepts}

    def get(self, concept_id: str) -> Concept:
        """The concept with this id; :class:`NotFoundError` if there is none."""
        try:
            return self._by_id[concept_id]
        except KeyError:
            raise NotFoundError(f"no concept with id {concept_id!r} in {self.path}") from None

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._by_id

    def __len__(self) -> int:
        return len(self.concepts)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _line(node: Any, key: Any = None) -> int | None:
    """1-based line of a ruamel node, or of one of its keys / items."""
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:  # None too for a node made in memory, not parsed
        return None
    try:
        if key is None:
            return lc.line + 1
        if isinstance(key, int):
            return lc.item(key)[0] + 1
        return lc.key(key)[0] + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return lc.line + 1


MAX_DEPTH = 20
"""Deepest nesting of collections a terms file may have (a concept's alias mapping sits at depth 5)."""


def parse(text: str, path: str | Path = "<string>", *, checked: bool = False) -> Any:
    """Parse YAML text into a round-trip document; syntax errors become a :class:`ValidationError`.

    Anchors, aliases and deep nesting are refused first (:func:`check_structure`), unless the
    caller has ``checked`` the text already.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if not checked:
        check_structure(text, path)
    try:
        return _yaml().load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(str(p) for p in (e.context, e.problem) if p) or str(e)
        raise ValidationError([Problem(str(path), line, f"YAML syntax error: {problem}")]) from None
    except YAMLError as e:
        raise ValidationError([Problem(str(path), None, f"YAML error: {e}")]) from None


def _structure_problem(path: str | Path, event: Any, depth: int) -> Problem | None:
    """The problem with one parser event, if any: an anchor, an alias, or nesting deeper than MAX_DEPTH."""
    line = event.start_mark.line + 1 if event.start_mark is not None else None
    if type(event).__name__ == "AliasEvent" or getattr(event, "anchor", None):
        return Problem(str(path), line, "YAML anchors and aliases are not allowed")
    if depth > MAX_DEPTH:
        return Problem(str(path), line, f"nested more than {MAX_DEPTH} levels deep")
    return None


def check_structure(text: str, path: str | Path = "<string>") -> None:
    """Refuse anchors, aliases and deep nesting before any parser builds (and expands) a document.

    A glossary needs neither; an alias used as a mapping key (a "billion laughs" of a few hundred
    bytes) would make either parser work for minutes and take gigabytes, and nesting a few hundred
    levels deep overflows their recursion. This walks the parser's events, which hold no
    expansion: libyaml's when it reads the text, else ruamel's own (YAML 1.2) event parser.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _walk_structure(yaml.parse(text, Loader=loader), path)
        return
    except yaml.YAMLError:
        pass  # libyaml (YAML 1.1) refused the text: ask ruamel's parser, whose answer counts
    from ruamel.yaml.error import YAMLError

    try:
        _walk_structure(_yaml().parse(text), path)
    except YAMLError:
        pass  # a syntax error before any anchor: the parse that follows reports it with its line


def _walk_structure(events: Iterator[Any], path: str | Path) -> None:
    depth = 0
    for event in events:
        name = type(event).__name__
        if name in ("SequenceStartEvent", "MappingStartEvent"):
            depth += 1
        elif name in ("SequenceEndEvent", "MappingEndEvent"):
            depth -= 1
        problem = _structure_problem(path, event, depth)
        if problem:
            raise ValidationError([problem])


def validate(doc: Any, path: str | Path = "<string>") -> tuple[list[Concept], dict[str, Any]]:
    """Check a parsed document against the schema.

    Returns the concepts and the top-level metadata, or raises a
    :class:`ValidationError` listing every problem found.
    """
    path = str(path)
    problems: list[Problem] = []

    def problem(line: int | None, message: str) -> None:
        problems.append(Problem(path, line, message))

    if doc is None:
        raise ValidationError([Problem(path, 1, "the file is empty; expected a mapping with 'concepts'")])
    if not isinstance(doc, dict):
        raise ValidationError([Problem(path, _line(doc) or 1, "expected a mapping with 'concepts' at the top level")])
    for key in doc:
        if key not in TOP_FIELDS:
            problem(_line(doc, key), f"unknown top-level field {key!r} (expected one of: {', '.join(TOP_FIELDS)})")
    meta = {k: doc.get(k) for k in ("name", "description")}
    for key, value in meta.items():
        if value is not None and not isinstance(value, str):
            problem(_line(doc, key), f"{key!r} must be a string")
    rejected = doc.get("rejected")
    if rejected is not None and not (isinstance(rejected, list) and all(isinstance(r, str) for r in rejected)):
        problem(_line(doc, "rejected"), "'rejected' must be a list of forms (strings)")
    meta["rejected"] = list(rejected) if isinstance(rejected, list) else []
    items = doc.get("concepts")
    if items is None:
        problem(_line(doc), "missing 'concepts' list")
        items = []
    elif not isinstance(items, list):
        problem(_line(doc, "concepts"), "'concepts' must be a list")
        items = []

    concepts: list[Concept] = []
    ids: dict[str, int | None] = {}
    owners = Owners()
    for index, item in enumerate(items):
        line = _line(items, index)
        if not isinstance(item, dict):
            problem(line, "a concept must be a mapping")
            continue
        before = len(problems)
        _check_concept(item, line, problem)
        cid = item.get("id")
        if isinstance(cid, str):
            if cid in ids:
                problem(_line(item, "id"), f"duplicate id {cid!r} (first defined on line {ids[cid]})")
            else:
                ids[cid] = _line(item, "id")
            _check_claims(item, cid, owners, problem)
        if len(problems) == before:
            concepts.append(Concept.from_dict(_plain(item)))
    for concept in concepts:
        for other in concept.related:
            if other not in ids:
                item = next(i for i in items if isinstance(i, dict) and i.get("id") == concept.id)
                problem(_line(item, "related"), f"concept {concept.id!r}: related concept {other!r} does not exist")
    if problems:
        raise ValidationError(problems)
    return concepts, meta


def _check_fields(node: dict, fields: dict[str, type], what: str, line: int | None, problem: Any) -> None:
    for key, value in node.items():
        if key not in fields:
            problem(_line(node, key) or line, f"unknown field {key!r} in {what} (expected one of: {', '.join(fields)})")
        elif value is not None and (not isinstance(value, fields[key]) or isinstance(value, bool)):
            problem(
                _line(node, key) or line,
                f"{what} field {key!r} must be {_TYPE_NAMES[fields[key]]}, not {type(value).__name__}",
            )


def _check_value(field: schema.Field, value: Any, label: str, line: int | None, problem: Any) -> None:
    """A value the schema does not allow for ``field`` (a category, status, alias kind, origin)."""
    if value not in field.values:
        problem(line, f"{label}: unknown {field.noun} {value!r} (expected one of: {', '.join(field.values)})")


def _check_concept(item: dict, line: int | None, problem: Any) -> None:
    cid = item.get("id")
    label = f"concept {cid!r}" if isinstance(cid, str) else "concept"
    _check_fields(item, CONCEPT_FIELDS, label, line, problem)
    if "id" not in item or cid is None:
        problem(line, "concept has no 'id'")
    elif isinstance(cid, str) and not ID_PATTERN.match(cid):
        problem(_line(item, "id"), f"id {cid!r} must be lower-case letters, digits and hyphens")
    for name in ("category", "scope", "status"):
        value = item.get(name)
        if isinstance(value, str):
            _check_value(CONCEPT[name], value, label, _line(item, name), problem)
    if not any(isinstance(item.get(k), str) and item.get(k) for k in ("zh", "en")):
        problem(line, f"{label} needs 'zh' or 'en'")
    for key, what in (("aliases", "alias"), ("proposed", "proposed form")):
        aliases = item.get(key)
        if not isinstance(aliases, list):
            continue
        for i, alias in enumerate(aliases):
            aline = _line(aliases, i)
            if isinstance(alias, str):
                continue
            if not isinstance(alias, dict):
                problem(
                    aline,
                    f"{label}: {'an' if what == 'alias' else 'a'} {what} must be a mapping with 'text' and 'kind'",
                )
                continue
            _check_fields(alias, ALIAS_FIELDS, f"{label} {what}", aline, problem)
            if not isinstance(alias.get("text"), str) or not alias.get("text"):
                problem(aline, f"{label}: {what} has no 'text'")
            kind = alias.get("kind")
            if kind is not None:
                _check_value(ALIAS["kind"], kind, label, aline, problem)
    sources = item.get("sources")
    if isinstance(sources, list):
        for i, source in enumerate(sources):
            sline = _line(sources, i)
            if not isinstance(source, dict):
                problem(sline, f"{label}: a source must be a mapping with 'path'")
                continue
            fields = {
                k: str(v) if isinstance(v, datetime.date) else v for k, v in source.items()
            }  # unquoted dates read as dates
            _check_fields(fields, SOURCE_FIELDS, f"{label} source", sline, problem)
            if not isinstance(source.get("path"), str):
                problem(sline, f"{label}: source has no 'path'")
    example = item.get("example")
    if isinstance(example, dict):
        _check_fields(example, EXAMPLE_FIELDS, f"{label} example", _line(item, "example"), problem)
        for key in EXAMPLE_FIELDS:
            if not isinstance(example.get(key), str) or not example.get(key):
                problem(
                    _line(item, "example"),
                    f"{label}: example needs '{key}' (a sentence in Chinese and its English translation)",
                )
    refs = item.get("refs")
    if isinstance(refs, list):
        for i, ref in enumerate(refs):
            rline = _line(refs, i)
            if not isinstance(ref, dict):
                problem(rline, f"{label}: a ref must be a mapping with 'url', 'outlet' and 'date'")
                continue
            fields = {
                k: str(v) if isinstance(v, datetime.date) else v for k, v in ref.items()
            }  # unquoted dates read as dates
            _check_fields(fields, REF_FIELDS, f"{label} ref", rline, problem)
            url = ref.get("url")
            if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                problem(rline, f"{label}: ref needs a 'url' starting with https:// or http://")
    related = item.get("related")
    if isinstance(related, list):
        for i, other in enumerate(related):
            if not isinstance(other, str) or not ID_PATTERN.match(other):
                problem(_line(related, i), f"{label}: 'related' lists concept ids, not {other!r}")
    for name in ("origin", "confidence"):  # both map a field name to where its value came from
        per_field = item.get(name)
        if isinstance(per_field, dict):
            for key, value in per_field.items():
                line = _line(per_field, key)
                if key not in ORIGIN_FIELDS:
                    problem(line, f"{label}: {name} names unknown field {key!r}")
                if name == "origin" and isinstance(value, str):
                    value = schema.origin_kind(value)  # import:termbase.csv is an import
                _check_value(CONCEPT[name], value, label, line, problem)
    proposals = item.get("proposals")
    if isinstance(proposals, list):
        for i, proposal in enumerate(proposals):
            pline = _line(proposals, i)
            if not isinstance(proposal, dict):
                problem(pline, f"{label}: a proposal must be a mapping with 'field', 'value', 'origin', 'confidence'")
                continue
            _check_fields(proposal, schema.PROPOSAL.types(), f"{label} proposal", pline, problem)
            for name in ("field", "origin", "confidence"):
                if name not in proposal:
                    problem(pline, f"{label}: proposal has no {name!r}")
                else:
                    _check_value(schema.PROPOSAL[name], proposal[name], label, pline, problem)
            if not isinstance(proposal.get("value"), str) or not proposal.get("value"):
                problem(pline, f"{label}: proposal has no 'value'")


def _forms(item: dict) -> Iterator[tuple[str, int | None]]:
    for key in ("zh", "zh_hant", "en"):
        if isinstance(item.get(key), str):
            yield item[key], _line(item, key)
    aliases = item.get("aliases")
    if isinstance(aliases, list):
        for i, alias in enumerate(aliases):
            text = alias.get("text") if isinstance(alias, dict) else alias
            if isinstance(text, str):
                yield text, _line(aliases, i)


def _check_claims(item: dict, cid: str, owners: Owners, problem: Any) -> None:
    for text, line, owner in owners.claim_forms(cid, _forms(item)):
        problem(
            line,
            f"{text!r} of concept {cid!r} is already claimed by concept {owner[0]!r} as {owner[1]!r} (line {owner[2]})",
        )


def _plain(node: Any) -> Any:
    """A ruamel node as plain Python data; bare-string aliases become mappings."""
    if isinstance(node, dict):
        out = {str(k): _plain(v) for k, v in node.items()}
        for key in ("aliases", "proposed"):
            if isinstance(out.get(key), list):
                out[key] = [{"text": a, "kind": "variant"} if isinstance(a, str) else a for a in out[key]]
        return out
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def load(path: str | os.PathLike[str]) -> Glossary:
    """Load and validate a terms file.

    Raises :class:`NotFoundError` if it does not exist and
    :class:`ValidationError` (with every problem) if it is malformed.
    """
    path = Path(path)
    concepts, meta = read_valid(read_text(path), path)
    return Glossary(
        path=path,
        concepts=concepts,
        name=meta.get("name") or "",
        description=meta.get("description") or "",
        rejected=[str(r) for r in meta.get("rejected") or []],
    )


def read_valid(text: str, path: str | Path = "<string>") -> tuple[list[Concept], dict[str, Any]]:
    """The concepts and top-level fields of a terms file's text, validated (:class:`ValidationError` if not).

    The fast read (libyaml) first; any doubt falls through to the round-trip parser, whose
    answer counts and whose problems carry their line numbers.
    """
    try:
        parsed = _parsed(text, path)  # checked first (check_structure) unless read back from the cache
    except _Doubt:
        return validate(parse(text, path, checked=True), path)
    try:
        return validate(parsed, path)
    except (ValidationError, _Doubt):
        return validate(parse(text, path, checked=True), path)


def _parsed(text: str, path: str | Path = "<string>") -> Any:
    """:func:`_fast_parse` of ``text`` once :func:`check_structure` has passed it, kept in the cache
    folder by the text's hash (and PyYAML's identity, and the depth allowed): a terms file read again
    unchanged is neither checked nor parsed again (see :func:`glossary.cachedb.derived`; a text the
    check refuses raises :class:`ValidationError` and is never kept)."""
    import hashlib
    import importlib.util

    from glossary.cachedb import derived

    spec = importlib.util.find_spec("yaml")
    parser = os.stat(spec.origin).st_mtime_ns if spec and spec.origin else 0
    key = f"pyyaml {parser} depth {MAX_DEPTH} {hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()}"

    def checked() -> Any:
        check_structure(text, path)
        return _fast_parse(text)

    return derived("terms-parsed", key, checked)


class _Doubt(Exception):
    """The fast parser cannot vouch for the file; ask the round-trip parser."""


def _fast_parse(text: str) -> Any:
    """Parse with PyYAML's libyaml bindings, about five times faster than ruamel's round-trip parser.

    It reads YAML 1.1 where ruamel reads 1.2, and it accepts duplicate keys: any
    error, duplicate or validation problem sends the caller to :func:`parse`, whose
    answer counts.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
            if len(keys) != len(set(map(repr, keys))):
                raise _Doubt("duplicate key")
            return super().construct_mapping(node, deep=deep)

    try:
        return yaml.load(text, Loader=Loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as e:
        raise _Doubt(str(e)) from None


# --- writing -----------------------------------------------------------------


def dump(doc: Any) -> str:
    """Serialise a round-trip document back to YAML text."""
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


@contextlib.contextmanager
def editing(
    path: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    backup: bool = True,
    lock_timeout: float | None = None,
) -> Iterator[Document]:
    """Edit a terms file under its lock; the change is validated and written atomically on exit.

    After the block, ``doc.before`` and ``doc.after`` hold the file's text before and after
    the change and ``doc.diff()`` the unified diff. With ``dry_run`` nothing is written
    (and no lock is taken). With ``backup`` the previous version is kept in the data folder
    (:func:`glossary.text.files.keep_backup`: the last 20, with the file's own mode; nothing
    beside the file), so one bad edit is undone with one ``cp``. A symlinked terms file is
    written through the link (its target is replaced; the link stays). A read-only file is refused. Temporary files of killed
    writers are removed. The lock is waited for up to ``lock_timeout`` seconds
    (:func:`glossary.text.files.lock_timeout`), saying so once after a moment (:func:`glossary.report.note`).

    One ``add``, ``update`` or ``remove`` edits the text of that concept's block only (see
    :class:`Document`), so the time under the lock hardly grows with the glossary.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "terms.yaml"
    >>> _ = p.write_text("# my glossary\\nconcepts:\\n  - id: nanmin  # refugee\\n    zh: 难民\\n", encoding="utf-8")
    >>> with editing(p) as doc:
    ...     doc.update("nanmin", en="refugee")
    >>> print(p.read_text(encoding="utf-8"), end="")
    # my glossary
    concepts:
      - id: nanmin  # refugee
        zh: 难民
        en: refugee
    >>> backups(p)[0].read_text(encoding="utf-8").count("en: refugee"), (p.parent / "terms.yaml~").exists()
    (0, False)
    """
    path = Path(path)
    if dry_run:
        lock: Any = contextlib.nullcontext()
    else:
        refuse_bundled(path)
        target, _ = writable_target(path)
        lock = locked(target, lock_timeout)
    with lock:
        if not dry_run:
            remove_orphans(target)
        text = read_text(path)
        document = Document(text, path, None if dry_run else layout_cache(target))
        yield document
        new_text = document.finish()
        if new_text is None:
            return
        document.after = new_text
        if not dry_run and new_text != text:
            document._claims = None  # the checks are done: free what a large file's forms took
            mode = stat.S_IMODE(os.stat(target).st_mode)
            data = new_text.encode("utf-8")
            atomic_write(target, data, mode=mode)
            document.written = True
            if backup:  # once the change is made: in the data folder, never beside the user's file
                document.backup = keep_backup(target, text, mode)
            digest = _digest(data)
            del data
            if document._layout is not None and document.cache:
                _store_layout(document.cache, new_text, document._layout, digest)


# --- the document --------------------------------------------------------------------


@dataclass(eq=False)
class _Item:
    """Where one concept sits in the text: lines ``start`` to ``end`` (exclusive), its id and forms.

    ``forms`` are ``(text, line)`` with the line counted from ``start``; ``offset`` is the
    character offset where line ``start`` begins.
    """

    id: str | None
    start: int
    end: int
    forms: list[tuple[str, int]] = field(default_factory=list)
    offset: int = 0


@dataclass
class _Layout:
    """The concepts of a terms file in the layout this module writes, found by :func:`_scan`."""

    items: list[_Item]
    end: int  # the line where the concepts list's region ends: the next top-level key, or the end
    by_id: dict[str, _Item] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in self.items:
            if item.id is not None:
                self.by_id.setdefault(item.id, item)


# Plain scalars that YAML 1.2 (ruamel) reads as something other than a string.
_NOT_STRING = re.compile(
    r"""^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE
    |[-+]?[0-9_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+
    |[-+]?(?:\.[0-9_]+|[0-9_]+(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*|=|<<)?$""",
    re.X,
)
_FORM_KEYS = ("id", "zh", "zh_hant", "en")


def _scan(text: str, path: str | Path) -> _Layout | None:
    """Where each concept's block is, with its id and forms, from one pass of libyaml's events.

    Refuses anchors, aliases and deep nesting like :func:`check_structure`. Returns None
    (ask the round-trip parser) for anything but the layout this module writes: a block
    mapping at the top, ``concepts`` a block list whose items start ``  - key:`` on their
    own line, no tags, no explicit document end, ``\\n`` line ends.
    """
    import gc

    import yaml

    if "\r" in text:
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    collecting = gc.isenabled()
    gc.disable()  # a million small event objects: the cyclic collector would only slow the walk
    try:
        return _walk(yaml.parse(text, Loader=loader), text, path)
    except yaml.YAMLError:
        return None
    finally:
        if collecting:
            gc.enable()


def _resolve(e: Any) -> Any:
    """A scalar event's value as YAML 1.2 (ruamel) reads it: a string, None, or a stand-in for a number or bool."""
    if e.style or not _NOT_STRING.match(e.value):
        return e.value
    if not e.value or e.value in ("~", "null", "Null", "NULL"):
        return None
    if _INT.match(e.value):
        return int(e.value.replace("_", "") or 0) if e.value.lstrip("+-").replace("_", "").isdigit() else 0
    return 0.5  # a float, bool or timestamp: never valid where the schema wants a string or an int


_INT = re.compile(r"^(?:[-+]?[0-9_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$")


def _walk(events: Iterator[Any], text: str, path: str | Path) -> _Layout | None:  # noqa: C901 (one state machine)
    """The state machine of :func:`_scan`: None at the first doubt, or at anything :func:`validate` would refuse."""
    from yaml import events as ev

    scalar, seq_start, map_start = ev.ScalarEvent, ev.SequenceStartEvent, ev.MappingStartEvent
    seq_end, map_end = ev.SequenceEndEvent, ev.MappingEndEvent
    # a frame per open collection: [is mapping, flow style, a key comes next, last key, role, container]
    # (the container, a dict or list, is built for the collections inside a concept only)
    stack: list[list[Any]] = []
    items: list[_Item] = []
    item: _Item | None = None
    top_keys: set[str] = set()
    state = "before"  # before / in / after the concepts list
    end: int | None = None
    documents = 0
    for e in events:
        kind = type(e)
        if kind is scalar or kind is seq_start or kind is map_start:
            if e.anchor:
                raise ValidationError(
                    [Problem(str(path), e.start_mark.line + 1, "YAML anchors and aliases are not allowed")]
                )
            frame = stack[-1] if stack else None
            if frame is not None and frame[0] and frame[2]:  # a mapping key
                if kind is not scalar or e.tag is not None:
                    return None
                frame[2], frame[3] = False, e.value
                if item is not None:
                    if e.value in frame[5]:
                        return None  # a duplicate key
                    item.end = max(item.end, e.end_mark.line + 1)
                elif len(stack) == 1:
                    if e.value in top_keys or e.value not in TOP_FIELDS:
                        return None
                    top_keys.add(e.value)
                    if state == "after" and end is None:
                        end = e.start_mark.line
                continue
            key = frame[3] if frame is not None and frame[0] else None
            if frame is not None and frame[0]:
                frame[2] = True
            if kind is scalar:
                if e.tag is not None:
                    return None
                if item is None:
                    if len(stack) == 2 and stack[1][4] == "rejected" and not isinstance(_resolve(e), str):
                        return None
                    if len(stack) == 1 and not isinstance(_resolve(e), (str, type(None))):
                        return None  # name or description not a string
                    if len(stack) == 1 and key == "concepts":
                        return None  # an empty or scalar concepts: the round-trip parser handles it
                    continue
                if e.value or e.style:
                    item.end = max(item.end, e.end_mark.line + (1 if e.end_mark.column else 0))
                value = _resolve(e)
                if frame[0]:
                    frame[5][key] = value
                else:
                    frame[5].append(value)
                depth = len(stack)
                form = depth == 3 and key in _FORM_KEYS
                form = form or (depth == 4 and frame[4] == "aliases")
                form = form or (depth == 5 and key == "text" and stack[3][4] == "aliases")
                if form and isinstance(value, str):
                    if key == "id" and depth == 3:
                        item.id = value
                    else:
                        item.forms.append((value, e.start_mark.line - item.start))
                continue
            if len(stack) + 1 > MAX_DEPTH:
                raise ValidationError(
                    [Problem(str(path), e.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")]
                )
            if e.tag is not None and not e.implicit:
                return None
            role = None
            container: Any = {} if kind is map_start else []
            depth = len(stack) + 1
            if depth == 1:
                if kind is not map_start or e.flow_style:
                    return None
            elif depth == 2:
                if key == "rejected" and kind is seq_start:
                    role = "rejected"  # a list of strings, checked below
                elif key != "concepts":
                    return None  # name or description not a string
                elif kind is not seq_start or e.flow_style or state != "before":
                    return None
                else:
                    role, state = "concepts", "in"
            elif stack[1][4] == "rejected":
                return None  # only strings in the rejected list
            elif depth == 3:
                mark = e.start_mark
                if (
                    kind is not map_start
                    or e.flow_style
                    or mark.column != 4
                    or text[mark.index - 4 : mark.index] != "  - "
                ):
                    return None
                item = _Item(None, mark.line, mark.line + 1, [], mark.index - mark.column)
            else:
                if depth == 4 and key == "aliases":
                    role = "aliases"
                if frame[0]:
                    frame[5][key] = container
                else:
                    frame[5].append(container)
            stack.append([kind is map_start, bool(e.flow_style), kind is map_start, None, role, container])
        elif kind is seq_end or kind is map_end:
            frame = stack.pop()
            if item is not None and frame[1]:
                item.end = max(item.end, e.end_mark.line + (1 if e.end_mark.column else 0))
            if len(stack) == 2 and item is not None:
                problems: list[str] = []
                _check_concept(frame[5], None, lambda line, message, found=problems: found.append(message))
                if problems or item.id is None or (items and items[-1].end > item.start):
                    return None
                items.append(item)
                item = None
            elif len(stack) == 1 and frame[4] == "concepts":
                state = "after"
        elif kind is ev.AliasEvent:
            raise ValidationError(
                [Problem(str(path), e.start_mark.line + 1, "YAML anchors and aliases are not allowed")]
            )
        elif kind is ev.DocumentStartEvent:
            documents += 1
            if documents > 1 or e.version or e.tags:
                return None
        elif kind is ev.DocumentEndEvent and e.explicit:
            return None
    if state != "after" or not items:
        return None
    layout = _Layout(items, 0)
    if len(layout.by_id) != len(items) or _claimed_twice(items):
        return None
    layout.end = text.count("\n") + (0 if text.endswith("\n") else 1) if end is None else end
    return layout


def _claimed_twice(items: list[_Item]) -> bool:
    """Whether one folded form belongs to two concepts (see :func:`_check_claims`)."""
    owners = [item.id for item in items for _ in item.forms]
    claims: dict[str, str | None] = {}
    for key, owner in zip(fold_many([text for item in items for text, _ in item.forms]), owners):
        if key and claims.setdefault(key, owner) != owner:
            return True
    return False


def layout_cache(target: Path) -> Path:
    """Where the layout of a terms file is remembered between writes (in the cache folder, keyed by its path)."""
    import zlib

    from glossary.paths import cache_dir

    return cache_dir() / f"layout-{zlib.crc32(str(target).encode()):08x}.json"


def _digest(text: str | bytes) -> str:
    """The digest of a text (or of its UTF-8 bytes) the layout is remembered under."""
    import hashlib

    return hashlib.blake2b(text.encode("utf-8") if isinstance(text, str) else text, digest_size=20).hexdigest()


def _hash(text: str) -> str:
    """The short digest of one segment of a file (a concept's block and the comments after it)."""
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _line_start(text: str, items: list[_Item], line: int) -> int:
    """The character offset where line ``line`` of ``text`` starts (``len(text)`` past its last line).

    Counted from the nearest concept at or before it, whose offset is known.
    """
    import bisect

    k = bisect.bisect_right(items, line, key=lambda item: item.start) - 1
    at, pos = (items[k].start, items[k].offset) if k >= 0 else (0, 0)
    for _ in range(line - at):
        pos = text.find("\n", pos) + 1
        if not pos:
            return len(text)
    return pos


def _cached_layout(cache: Path, text: str, path: str | Path = "<string>") -> _Layout | None:
    """The layout of ``text`` from what an earlier write remembered, if it can vouch for it.

    A write leaves the layout of the text it wrote, so the next writer need not scan (nor
    validate) the whole file again. A file changed by hand since has another digest: the
    segments (a concept's block and the comments after it) it still shares with the
    remembered text are found by their digests from both ends, and only the changed ones
    are scanned again (:func:`_patched`). None (scan it all) when nothing is remembered or
    the change is anywhere but in the concepts list.
    """
    import json

    try:
        data = json.loads(cache.read_bytes())
        items = [
            _Item(i, start, end, [(t, line) for t, line in forms], offset)
            for i, start, end, forms, offset, _ in data["items"]
        ]
        if data.get("digest") == _digest(text):
            return _Layout(items, int(data["end"]))
        return _patched(data, items, text, path)
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return None


def _patched(data: dict[str, Any], items: list[_Item], text: str, path: str | Path) -> _Layout | None:
    """The remembered layout ``items`` brought up to date with ``text``, changed by hand in one region.

    The segments equal (by digest) at the start and, shifted, at the end are kept; the
    region between them is scanned alone (:func:`_scan`, from the start of a concept's
    line to the start of the next one's) and its concepts checked against all others'
    ids and forms. None at any doubt: the whole file is then scanned, and its answer counts.
    """
    if not items:
        return None
    hashes = [entry[5] for entry in data["items"]]
    bounds = [item.offset for item in items] + [int(data["tail_at"])]
    delta = len(text) - int(data["length"])
    n = len(items)
    if (
        bounds[-1] + delta < bounds[0]
        or _hash(text[: bounds[0]]) != data["head"]
        or _hash(text[bounds[-1] + delta :]) != data["tail"]
    ):
        return None  # a change outside the concepts list: the whole file is scanned
    first = 0
    while first < n and _hash(text[bounds[first] : bounds[first + 1]]) == hashes[first]:
        first += 1
    start = bounds[first]
    last = n - 1
    while (
        last >= first
        and bounds[last] + delta >= start
        and _hash(text[bounds[last] + delta : bounds[last + 1] + delta]) == hashes[last]
    ):
        last -= 1
    stop = bounds[last + 1] + delta
    if stop < start or stop - start > max(len(text) // 2, 1 << 20):
        return None  # a change that spans half the file is scanned whole, without a copy of it
    region = text[start:stop]
    body = region[_COMMENT_LINES.match(region).end() :]  # type: ignore[union-attr]
    if start and text[start - 1] != "\n":
        return None  # text added after a last line that had no line end
    if region and not (region.endswith("\n") and (not body or body.startswith("  - "))):
        return None  # a region that does not begin and end where concepts do
    end = int(data["end"])
    line = items[first].start if first < n else end
    lines = region.count("\n")
    shift = lines - ((items[last + 1].start if last + 1 < n else end) - line)
    fresh: list[_Item] = []
    if body:
        try:
            scanned = _scan("concepts:\n" + region, path)
        except ValidationError:
            return None  # an anchor or deep nesting: the whole scan reports it with its line
        if scanned is None or scanned.end != lines + 1:
            return None  # not concepts alone (a top-level key, say)
        for item in scanned.items:
            item.start, item.end, item.offset = item.start + line - 1, item.end + line - 1, item.offset + start - 10
        fresh = scanned.items
    for item in items[last + 1 :]:
        item.start, item.end, item.offset = item.start + shift, item.end + shift, item.offset + delta
    merged = items[:first] + fresh + items[last + 1 :]
    layout = _Layout(merged, end + shift)
    if not merged or len(layout.by_id) != len(merged) or _claimed_twice(merged):
        return None  # a duplicate id or form: the whole scan reports it with its line
    return layout


#: Comment lines that end whatever the line before them opened (a block scalar, a plain scalar).
_COMMENT_LINES = re.compile(r"(?:(?:  )?#[^\n]*\n)*")


def _store_layout(cache: Path, text: str, layout: _Layout, digest: str | None = None) -> None:
    """Remember ``layout`` as that of ``text``, with the digests :func:`_patched` needs (best effort: the cache is only a shortcut)."""
    import json

    items = layout.items
    if not items:
        return
    bounds = [item.offset for item in items] + [_line_start(text, items, layout.end)]
    data = {
        "digest": digest or _digest(text),
        "length": len(text),
        "end": layout.end,
        "tail_at": bounds[-1],
        "head": _hash(text[: bounds[0]]),
        "tail": _hash(text[bounds[-1] :]),
        "items": [
            [i.id, i.start, i.end, i.forms, i.offset, _hash(text[a:b])] for i, a, b in zip(items, bounds, bounds[1:])
        ],
    }
    with contextlib.suppress(OSError, WriteError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache, json.dumps(data, ensure_ascii=False, separators=(",", ":")), mode=0o644)


def fold_many(texts: list[str]) -> list[str]:
    """:func:`glossary.text.normalize.fold` of many strings in one pass of C-level string operations.

    The same keys (NFKD is NFKC followed by NFD; every step works within a line), about
    twenty times faster on the forms of a large glossary.
    """
    import unicodedata

    if not texts:
        return []
    joined = unicodedata.normalize("NFKD", "\n".join(t.replace("\n", " ") for t in texts))
    marks = {ord(c): None for c in set(joined) if unicodedata.combining(c)}
    return _DROP_KEEPING_LINES.sub("", joined.translate(marks).casefold()).split("\n")


_DROP_KEEPING_LINES = re.compile(r"(?:[^\w\n]|_)+")
#: Reads of single concepts after which a document is parsed whole (bulk callers read them all).
FAST_READS = 16


class Document:
    """A terms file being edited, with the changes the CLI makes to it.

    A concept is added, changed or removed by rewriting the text of its own block (found by
    one pass of libyaml, :func:`_scan`, or remembered from the last write and brought up to
    date after a hand edit, :func:`_cached_layout`; the block round-trips through ruamel
    alone) in the text, kept whole (lines are found from the blocks' offsets): every
    other byte of the file stays as it was, and the change is checked against every other
    concept's id and forms. ``raw`` and ``items`` give the whole round-trip document
    (parsed on first use, as bulk callers need), after which every change goes through it
    and the whole file is dumped and validated on exit. A file in another layout is
    parsed whole from the start.
    """

    def __init__(self, text: str, path: Path, cache: Path | None = None) -> None:
        self.path = path
        self.cache = cache
        self.changed = False
        #: the file's text before and after the change (set by :func:`editing`)
        self.before = text
        self.after = text
        #: whether the file was rewritten
        self.written = False
        #: where the previous version was kept (:func:`keep_backup`), when it was
        self.backup: Path | None = None
        self._raw: Any = None
        #: the text as edited block by block (while there is a layout)
        self._text = text
        self._claims: dict[str, tuple[_Item, str, int]] | None = None
        self._positions: dict[Any, int] = {}  # concept id → index in the round-trip list (index_of)
        self._reads = 0
        self._layout = _cached_layout(cache, text, path) if cache else None
        if self._layout is None:
            self._layout = _scan(text, path)
            if self._layout is not None and cache:
                _store_layout(cache, text, self._layout)
        if self._layout is None:
            self._materialize(text)

    # --- the whole document ------------------------------------------------------

    @property
    def raw(self) -> Any:
        """The whole round-trip document (parsed on first use)."""
        if self._raw is None:
            self._materialize(self._text)
        return self._raw

    def _materialize(self, text: str) -> None:
        raw = parse(text, self.path)
        validate(raw, self.path)
        if not raw.get("concepts"):  # missing, or an empty `[]`: new items go in block style
            from ruamel.yaml.comments import CommentedSeq

            raw["concepts"] = CommentedSeq()
        self._raw, self._layout, self._text, self._claims = raw, None, "", None

    @property
    def items(self) -> Any:
        return self.raw["concepts"]

    def finish(self) -> str | None:
        """The new text, validated, or None when nothing changed; :class:`ConflictError` if it would break the file."""
        if not self.changed:
            return None
        if self._raw is None:
            return self._text
        new_text = dump(self._raw)
        try:
            read_valid(new_text, self.path)
        except ValidationError as e:
            raise self._conflict([p.message for p in e.problems]) from None
        return new_text

    def _conflict(self, reasons: list[str]) -> ConflictError:
        return ConflictError(f"not saved, the change would break {self.path}: {'; '.join(reasons)}")

    def index_of(self, concept_id: str) -> int:
        items = self.items
        i = self._positions.get(concept_id)
        if i is not None and i < len(items) and items[i].get("id") == concept_id:
            return i
        self._positions = {}  # stale after an add or a removal: map every id again (the first one wins)
        for n, item in enumerate(items):
            self._positions.setdefault(item.get("id"), n)
        if concept_id in self._positions:
            return self._positions[concept_id]
        raise NotFoundError(f"no concept with id {concept_id!r} in {self.path}")

    # --- reading and changing concepts ---------------------------------------------------

    def concept(self, concept_id: str) -> Concept:
        if self._layout is not None:
            self._reads += 1
            if self._reads <= FAST_READS:
                return Concept.from_dict(_plain(self._block(self._find(concept_id))))
            self.raw  # noqa: B018 (a bulk reader: parse the whole file once)
        return Concept.from_dict(_plain(self.items[self.index_of(concept_id)]))

    def concepts(self) -> list[Concept]:
        """Every concept, in file order: one fast read of the whole text, for callers that read them all."""
        if self._raw is None:
            return read_valid(self._text, self.path)[0]
        return [Concept.from_dict(_plain(item)) for item in self.items]

    def ids(self) -> list[str]:
        if self._layout is not None:
            return [item.id for item in self._layout.items if item.id is not None]
        return [item.get("id") for item in self.items]

    def add(self, concept: Concept) -> None:
        """Append a new concept; its id must be new."""
        if concept.id in self.ids():
            raise ConflictError(f"a concept with id {concept.id!r} already exists in {self.path}")
        node = to_node(concept.to_dict())
        if self._layout is None:
            self.items.append(node)
            self.changed = True
            return
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        lines = self._render(CommentedMap([("concepts", CommentedSeq([node]))]))
        self._splice(self._insertion_line(), None, lines, node)

    def update(self, concept_id: str, **values: Any) -> None:
        """Set fields of a concept in place; ``None`` removes a field. Other keys keep their order."""
        if self._layout is None:
            index = self.index_of(concept_id)
            _hand_tail_on(self.items, index)
            if _update_item(self.items[index], values):
                self.changed = True
            return
        old = self._find(concept_id)
        raw = self._block(old, whole=True)
        node = raw["concepts"][0]
        if _update_item(node, values):
            self._splice(old.start, old, self._render(raw), node)

    def extend(self, concept_id: str, **values: list[Any]) -> None:
        """Append entries to list fields of a concept (``sources=[...]``); a missing field is made.

        The old entries stay as written (quoting, comments); with the file in this module's
        layout only the concept's own block is rewritten, so a comment above the next concept
        stays with it.
        """
        values = {k: v for k, v in values.items() if v}
        if not values:
            return
        if self._layout is None:
            index = self.index_of(concept_id)
            _hand_tail_on(self.items, index)
            _extend_item(self.items[index], values)
            self.changed = True
            return
        old = self._find(concept_id)
        raw = self._block(old, whole=True)
        node = raw["concepts"][0]
        _extend_item(node, values)
        self._splice(old.start, old, self._render(raw), node)

    def may_name(self, concept_id: str) -> bool:
        """Whether text besides the concept's own ``id:`` could name ``concept_id`` (a quick look
        at the text while it is edited block by block; False is sure, True means read to know)."""
        if self._layout is None:
            return True
        return len(re.findall(rf"(?<![\w-]){re.escape(concept_id)}(?![\w-])", self._text)) > 1

    def rename(self, concept_id: str, new_id: str) -> None:
        """Give a concept another id in place (its block, comments and key order stay); the
        new id is checked against every other concept's. References to it are the caller's."""
        if self._layout is None:
            index = self.index_of(concept_id)
            self.items[index]["id"] = _scalar(new_id)
            self._positions = {}
            self.changed = True
            return
        old = self._find(concept_id)
        raw = self._block(old, whole=True)
        node = raw["concepts"][0]
        node["id"] = _scalar(new_id)
        self._splice(old.start, old, self._render(raw), node)

    def remove(self, concept_id: str) -> None:
        if self._layout is None:
            del self.items[self.index_of(concept_id)]
            self.changed = True
            return
        old = self._find(concept_id)
        self._splice(old.start, old, [], None)

    def rejected(self) -> list[str]:
        """The forms a reviewer rejected (the top-level ``rejected`` list); read without parsing
        the whole document for editing, so that block-level edits stay possible."""
        if self._raw is None:
            return [str(r) for r in read_valid(self._text, self.path)[1]["rejected"]]
        return [str(r) for r in self.raw.get("rejected") or []]

    def reject(self, forms: list[str]) -> None:
        """Remember ``forms`` as rejected, so that ``build`` never proposes them again.

        While the document is edited block by block and the list (or its absence) stands after
        the concepts, the new forms are appended to its text, so a rejection costs no parse of
        the whole file."""
        from ruamel.yaml.comments import CommentedSeq

        if self._raw is None and self._append_rejected(forms):
            return
        known = {fold(r) for r in self.rejected()}
        new = [f for f in dict.fromkeys(forms) if fold(f) and fold(f) not in known]
        if not new:
            return
        if not isinstance(self.raw.get("rejected"), list) or not self.raw.get("rejected"):
            self.raw["rejected"] = CommentedSeq()
        for form in new:
            self.raw["rejected"].append(to_node(form))
        self.changed = True

    def _append_rejected(self, forms: list[str]) -> bool:
        """Append ``forms`` not yet rejected to the text of the top-level ``rejected`` block list
        after the concepts (made when missing); False, changing nothing, for any other shape."""
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        text = self._text
        assert self._layout is not None
        floor = self._offset(self._layout.end)
        keys = list(re.finditer(r"^rejected[ \t]*:", text, re.M))
        if not keys:
            if re.search(r"^[\"']?rejected\b", text, re.M):
                return False  # written some other way (quoted): the whole document knows
            start = end = len(text)
            items: list[str] = []
        else:
            start = keys[0].start()
            following = re.compile(r"^[^\s#-]", re.M).search(text, keys[0].end())
            end = following.start() if following else len(text)
            if (
                len(keys) != 1
                or start < floor
                or not re.match(r"rejected[ \t]*:[ \t]*(?:#.*)?\n", text[start:end] + "\n")
            ):
                return False
            items = _rejected_items(yaml.load(text[start:end], Loader=loader))
            if items is None:
                return False
        known = {fold(r) for r in items}
        new = [f for f in dict.fromkeys(forms) if fold(f) and fold(f) not in known]
        if not new:
            return True
        section = text[start:end] if keys else "rejected:\n"
        body = section.splitlines(keepends=True)
        last = max((i for i, line in enumerate(body) if line.strip() and not line.lstrip().startswith("#")), default=0)
        indent = next((m[1] for line in body[1:] if (m := re.match(r"([ \t]*)- ", line))), "  ")
        lines = [
            indent + line for line in yaml.safe_dump(new, allow_unicode=True, width=10**9).splitlines(keepends=True)
        ]
        if not body[last].endswith("\n"):
            body[last] += "\n"
        body[last + 1 : last + 1] = lines
        new_section = "".join(body)
        if _rejected_items(yaml.load(new_section, Loader=loader)) != [*items, *new]:
            return False  # a shape this does not know: the whole document does it
        gap = "" if not text or text.endswith("\n") or keys else "\n"
        self._text = text[:start] + gap + new_section + text[end:]
        self.changed = True
        return True

    def diff(self) -> str:
        """The change as a unified diff (empty when nothing changed)."""
        import difflib

        name = self.path.name
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True), self.after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
            )
        )

    # --- the block-level edits -------------------------------------------------------

    def _find(self, concept_id: str) -> _Item:
        assert self._layout is not None
        item = self._layout.by_id.get(concept_id)
        if item is None:
            raise NotFoundError(f"no concept with id {concept_id!r} in {self.path}")
        return item

    def _block(self, item: _Item, whole: bool = False) -> Any:
        """The round-trip node of one concept, parsed from its block alone and checked against the schema.

        With ``whole``, the little document ``{concepts: [node]}`` it was parsed as.
        """
        text = "concepts:\n" + self._text[item.offset : self._offset(item.end)]
        try:
            raw = parse(text, self.path, checked=True)
        except ValidationError:
            raw = None
        nodes = raw.get("concepts") if isinstance(raw, dict) else None
        problems: list[str] = []
        if isinstance(nodes, list) and len(nodes) == 1 and isinstance(nodes[0], dict):
            _check_concept(nodes[0], None, lambda line, message: problems.append(message))
            if not problems:
                return raw if whole else nodes[0]
        self.raw  # noqa: B018 (the file is broken here: the whole parse reports every problem with its line)
        raise ValidationError([Problem(str(self.path), item.start + 1, f"concept {item.id!r} cannot be read")])

    def _offset(self, line: int) -> int:
        """The character offset where line ``line`` starts."""
        assert self._layout is not None
        return _line_start(self._text, self._layout.items, line)

    def _line_text(self, line: int) -> str:
        return self._text[self._offset(line) : self._offset(line + 1)]

    def _render(self, raw: Any) -> list[str]:
        """The lines of the block of the one concept of ``{concepts: [node]}``, in the file's layout."""
        text = dump(raw)
        head, _, body = text.partition("\n")
        assert head == "concepts:", head
        return body.splitlines(keepends=True)

    def _insertion_line(self) -> int:
        """Where a new concept goes: after the last one, before comments that open what follows the list."""
        assert self._layout is not None
        at, floor = self._layout.end, self._layout.items[-1].end
        while at > floor and (not self._line_text(at - 1).strip() or self._line_text(at - 1).startswith("#")):
            at -= 1
        return at

    def _splice(self, at: int, old: _Item | None, lines: list[str], node: Any) -> None:
        """Put ``lines`` (the block of ``node``; none to remove) in place of ``old``'s block or at line ``at``.

        The new block is checked first: against the schema, and its id and forms against
        every other concept's (:class:`ConflictError`, nothing changed).
        """
        layout = self._layout
        assert layout is not None
        new: _Item | None = None
        if node is not None:
            scanned = _scan("concepts:\n" + "".join(lines), self.path)
            if scanned is None or len(scanned.items) != 1:
                raise self._conflict(["the new block does not read back as one concept"])
            new = scanned.items[0]
            new.start, new.end = at, at + len(lines)
            self._check(new, node, old)
        stop = old.end if old is not None else at
        begin, end = self._offset(at), self._offset(stop)
        block = "".join(lines)
        if begin > 0 and self._text[begin - 1] != "\n" and lines:
            block = "\n" + block  # the last line had no line end
        self._text = self._text[:begin] + block + self._text[end:]
        if new is not None:
            new.offset = begin + len(block) - len("".join(lines))
        shift, moved = len(lines) - (stop - at), len(block) - (end - begin)
        for item in layout.items:
            if item.start >= stop and item is not old:
                item.start += shift
                item.end += shift
                item.offset += moved
        layout.end += shift
        index = layout.items.index(old) if old is not None else len(layout.items)
        layout.items[index : index + (old is not None)] = [new] if new is not None else []
        claims = self._claim_map()
        if old is not None:
            for key in [k for k, owner in claims.items() if owner[0] is old]:
                del claims[key]
            if layout.by_id.get(old.id or "") is old:
                del layout.by_id[old.id or ""]
        if new is not None:
            layout.by_id.setdefault(new.id or "", new)
            for key, (text, line) in zip(fold_many([t for t, _ in new.forms]), new.forms):
                if key:
                    claims.setdefault(key, (new, text, line))
        self.changed = True

    def _claim_map(self) -> dict[str, tuple[_Item, str, int]]:
        """Every folded form of the file, with the first concept that claims it."""
        if self._claims is None:
            assert self._layout is not None
            owners = [(item, text, line) for item in self._layout.items for text, line in item.forms]
            self._claims = {}
            for key, owner in zip(fold_many([text for _, text, _ in owners]), owners):
                if key:
                    self._claims.setdefault(key, owner)
        return self._claims

    def _check(self, new: _Item, node: Any, old: _Item | None) -> None:
        assert self._layout is not None
        reasons: list[str] = []
        _check_concept(node, None, lambda line, message: reasons.append(message))
        holder = self._layout.by_id.get(new.id or "")
        if holder is not None and holder is not old:
            reasons.append(f"duplicate id {new.id!r} (first defined on line {holder.start + 1})")
        claims = self._claim_map()
        for key, (text, _) in zip(fold_many([t for t, _ in new.forms]), new.forms):
            owner = claims.get(key) if key else None
            if owner is not None and owner[0] is not old and owner[0].id != new.id:
                reasons.append(
                    f"{text!r} of concept {new.id!r} is already claimed by concept {owner[0].id!r} "
                    f"as {owner[1]!r} (line {owner[0].start + owner[2] + 1})"
                )
        if reasons:
            raise self._conflict(reasons)


def _keeping(old: Any, new: Any) -> Any:
    """``new``, with each list entry that equals an old one kept as the old node: its quoting,
    comments and style as the person wrote them (adding an alias leaves the others alone); a list
    of plain strings written on one line (``related: [a, b]``) stays on one line."""
    if _scalars(old) and _scalars(new) and type(old) is type(new) is not str:
        return _in_place(old, new)
    if not (isinstance(old, list) and isinstance(new, list)):
        return new
    if len(new) > len(old) and all(_plain(o) == _plain(n) for o, n in zip(old, new)):
        for entry in new[len(old) :]:  # entries added at the end: the list itself stays, comments and all
            old.append(entry)
        return old
    unused = list(old)
    for i, entry in enumerate(new):
        same = next((o for o in unused if _plain(o) == _plain(entry)), None)
        if same is not None:
            unused.remove(same)
            new[i] = same
    return new


def _rejected_items(data: Any) -> list[str] | None:
    """The forms of a parsed ``rejected:`` section, or None when it is not a list of strings."""
    if not isinstance(data, dict) or list(data) != ["rejected"]:
        return None
    items = data["rejected"] if data["rejected"] is not None else []
    return list(items) if isinstance(items, list) and all(isinstance(x, str) for x in items) else None


def _scalars(node: Any) -> bool:
    """Whether ``node`` is a list or mapping of strings (``related``, ``origin``)."""
    if isinstance(node, dict):
        return all(isinstance(v, str) for v in node.values())
    return isinstance(node, list) and all(isinstance(v, str) for v in node)


def _in_place(old: Any, new: Any) -> Any:
    """``old`` (a list or mapping of strings) changed to hold what ``new`` does: its style (one
    line or not) and the comments beside the entries that stay are kept."""
    if isinstance(old, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            if old.get(key) != value:
                old[key] = _scalar(value)
        return old
    if len(old) != len(new):
        del old[len(new) :]
        old.extend(new[len(old) :])
    for i, value in enumerate(new):
        if old[i] != value:
            old[i] = _scalar(value)
    return old


def _hand_tail_on(items: Any, index: int) -> None:
    """Move the comment lines below concept ``index`` to the next concept, above which they stand.

    The round-trip parser hangs them on the last value of the concept before (a ``# --- section ---``
    line included), so a key or entry added at its end would be written below them, inside the
    next section; attached to the next concept they stay with it, whatever is added.
    """
    if index + 1 >= len(items):
        return
    lines = _detach_tail(items[index])
    if not lines:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry = items.ca.items.setdefault(index + 1, [None, [], None, None])
    tokens = [CommentToken(text.strip() + "\n", CommentMark(len(text) - len(text.lstrip()))) for text in lines]
    entry[1] = tokens + list(entry[1] or [])


def _detach_tail(node: Any) -> list[str]:
    """Take the whole comment lines after the last value of ``node`` (a mapping or list, searched
    down its last entries) off it, as text; a comment on the value's own line stays."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(node, (CommentedMap, CommentedSeq)) or not len(node):
        return []
    if node.ca.end:
        lines = [line for token in node.ca.end for line in _token_lines(token)]
        node.ca.end = []
        return lines
    last = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
    entry = node.ca.items.get(last)
    slot = 2 if isinstance(node, CommentedMap) else 0
    token = entry[slot] if entry and len(entry) > slot else None
    if token is not None and "\n" in token.value.rstrip("\n"):
        own, *rest = token.value.split("\n")
        if own.strip():
            token.value = own + "\n"
        else:
            entry[slot] = None
        return rest[:-1] if rest and rest[-1] == "" else rest
    return _detach_tail(node[last])


def _token_lines(token: Any) -> list[str]:
    """The lines of a comment token that stands on lines of its own: blank ones as ``""``.

    >>> from ruamel.yaml.tokens import CommentToken
    >>> from ruamel.yaml.error import CommentMark
    >>> _token_lines(CommentToken("\\n\\n", CommentMark(0))), _token_lines(CommentToken("# a\\n", CommentMark(2)))
    (['', ''], ['  # a'])
    """
    lines = token.value.split("\n")
    lines = lines[:-1] if lines[-1] == "" else lines
    return [
        " " * (token.column or 0) + line.strip() if n == 0 and line.strip() else line for n, line in enumerate(lines)
    ]


def _extend_item(item: Any, values: dict[str, list[Any]]) -> None:
    """Append entries to list fields of one concept node, one line each; a missing field is set."""
    for key, entries in values.items():
        seq = item.get(key)
        if not isinstance(seq, list):
            _update_item(item, {key: entries})
            continue
        for entry in to_node({key: entries})[key]:
            seq.append(entry)


def _update_item(item: Any, values: dict[str, Any]) -> bool:
    """Set fields of one concept node; ``None`` or ``[]`` removes a field. Whether anything changed."""
    order = list(CONCEPT_FIELDS)
    changed = False
    for key, value in values.items():
        if key not in CONCEPT_FIELDS or key == "id":
            raise ConflictError(f"cannot set field {key!r}")
        if value is None or value == []:
            if key in item:
                del item[key]
                changed = True
            continue
        node = to_node({key: value})[key]  # in the file's style: aliases, sources, refs, the example on one line each
        if key in item:
            if _plain(item[key]) != _plain(node):
                item[key] = _keeping(item[key], node)
                changed = True
            continue
        # insert a new key where the schema's order puts it
        position = len(item)
        for i, existing in enumerate(item):
            if existing in order and order.index(existing) > order.index(key):
                position = i
                break
        item.insert(position, key, node)
        changed = True
    return changed


# Strings that ruamel may safely write unquoted inside a flow mapping: a letter first, no
# flow indicators, comment or key markers, quotes or surrounding space. Others get quoted.
_FLOW_PLAIN = re.compile(r"^[^\W\d_][^,\[\]{}#:\"'\x00-\x1f\x7f-\x9f\u2028\u2029]*(?<! )$")


#: The concept's fields written one entry a line, in flow style: its lists of records, and its records.
_FLOW_LISTS = tuple(f.name for f in CONCEPT.fields if f.type is list and isinstance(f.items, schema.Record))
_FLOW_RECORDS = tuple(f.name for f in CONCEPT.fields if f.type is dict and isinstance(f.items, schema.Record))


def _scalar(value: str) -> Any:
    """A string as a scalar that replaces another (ruamel keeps the old one's quotes otherwise):
    plain, or quoted when plain it would read as something else (``0``, ``1e5``)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import PlainScalarString, SingleQuotedScalarString

    plain = YAML(typ="safe", pure=True).load(value) == value
    return PlainScalarString(value) if plain else SingleQuotedScalarString(value)


def to_node(value: Any) -> Any:
    """Plain data as ruamel nodes in the file's style: aliases, sources, refs and the example as flow mappings."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = to_node(v)
            entries = node[k] if k in _FLOW_LISTS and isinstance(node[k], CommentedSeq) else []
            if k in _FLOW_RECORDS and isinstance(node[k], CommentedMap):
                entries = [node[k]]
            for entry in entries:  # one line each, as in the rest of the file
                if isinstance(entry, CommentedMap):
                    entry.fa.set_flow_style()
                    for name, text in entry.items():
                        if isinstance(text, str) and not _FLOW_PLAIN.match(text):
                            entry[name] = DoubleQuotedScalarString(text)
        return node
    if isinstance(value, list):
        seq = CommentedSeq()
        for v in value:
            seq.append(to_node(v))
        return seq
    return value


def save(path: str | os.PathLike[str], concepts: list[Concept], name: str = "", description: str = "") -> None:
    """Write a new terms file from scratch (for exports, tests and new glossaries)."""
    doc: dict[str, Any] = {}
    if name:
        doc["name"] = name
    if description:
        doc["description"] = description
    doc["concepts"] = [c.to_dict() for c in concepts]
    node = to_node(doc)
    path = Path(path)
    with locked(path):
        atomic_write(path, dump(node))

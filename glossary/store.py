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
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .errors import ConflictError, NotFoundError, Problem, ReadOnlyError, ValidationError
from .model import (
    ALIAS_FIELDS,
    ALIAS_KINDS,
    CATEGORIES,
    CONCEPT_FIELDS,
    EXAMPLE_FIELDS,
    REF_FIELDS,
    ORIGIN_FIELDS,
    ORIGINS,
    SOURCE_FIELDS,
    STATUSES,
    Concept,
)
from .normalize import fold

TOP_FIELDS = ("name", "description", "concepts", "rejected")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
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
    if lc is None:
        return None
    try:
        if key is None:
            return lc.line + 1
        if isinstance(key, int):
            return lc.item(key)[0] + 1
        return lc.key(key)[0] + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return lc.line + 1


def parse(text: str, path: str | Path = "<string>") -> Any:
    """Parse YAML text into a round-trip document; syntax errors become a :class:`ValidationError`."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml().load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(str(p) for p in (e.context, e.problem) if p) or str(e)
        raise ValidationError([Problem(str(path), line, f"YAML syntax error: {problem}")]) from None
    except YAMLError as e:
        raise ValidationError([Problem(str(path), None, f"YAML error: {e}")]) from None


def read_text(path: Path) -> str:
    """A terms file's text; a missing or undecodable file is a :class:`ValidationError`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such glossary file") from None
    except OSError as e:
        raise ValidationError([Problem(str(path), None, f"cannot read: {e.strerror}")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ValidationError([Problem(str(path), line, "not valid UTF-8 text")]) from None


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
    claims: dict[str, tuple[str, str, int | None]] = {}
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
            _check_claims(item, cid, claims, problem)
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
            problem(_line(node, key) or line, f"{what} field {key!r} must be {_TYPE_NAMES[fields[key]]}, not {type(value).__name__}")


def _check_concept(item: dict, line: int | None, problem: Any) -> None:
    cid = item.get("id")
    label = f"concept {cid!r}" if isinstance(cid, str) else "concept"
    _check_fields(item, CONCEPT_FIELDS, label, line, problem)
    if "id" not in item or cid is None:
        problem(line, "concept has no 'id'")
    elif isinstance(cid, str) and not ID_PATTERN.match(cid):
        problem(_line(item, "id"), f"id {cid!r} must be lower-case letters, digits and hyphens")
    category = item.get("category")
    if isinstance(category, str) and category not in CATEGORIES:
        problem(_line(item, "category"), f"{label}: unknown category {category!r} (expected one of: {', '.join(CATEGORIES)})")
    status = item.get("status")
    if isinstance(status, str) and status not in STATUSES:
        problem(_line(item, "status"), f"{label}: unknown status {status!r} (expected one of: {', '.join(STATUSES)})")
    if not any(isinstance(item.get(k), str) and item.get(k) for k in ("zh", "en")):
        problem(line, f"{label} needs 'zh' or 'en'")
    aliases = item.get("aliases")
    if isinstance(aliases, list):
        for i, alias in enumerate(aliases):
            aline = _line(aliases, i)
            if isinstance(alias, str):
                continue
            if not isinstance(alias, dict):
                problem(aline, f"{label}: an alias must be a mapping with 'text' and 'kind'")
                continue
            _check_fields(alias, ALIAS_FIELDS, f"{label} alias", aline, problem)
            if not isinstance(alias.get("text"), str) or not alias.get("text"):
                problem(aline, f"{label}: alias has no 'text'")
            kind = alias.get("kind")
            if kind is not None and kind not in ALIAS_KINDS:
                problem(aline, f"{label}: unknown alias kind {kind!r} (expected one of: {', '.join(ALIAS_KINDS)})")
    sources = item.get("sources")
    if isinstance(sources, list):
        for i, source in enumerate(sources):
            sline = _line(sources, i)
            if not isinstance(source, dict):
                problem(sline, f"{label}: a source must be a mapping with 'path'")
                continue
            _check_fields(source, SOURCE_FIELDS, f"{label} source", sline, problem)
            if not isinstance(source.get("path"), str):
                problem(sline, f"{label}: source has no 'path'")
    example = item.get("example")
    if isinstance(example, dict):
        _check_fields(example, EXAMPLE_FIELDS, f"{label} example", _line(item, "example"), problem)
        for key in EXAMPLE_FIELDS:
            if not isinstance(example.get(key), str) or not example.get(key):
                problem(_line(item, "example"), f"{label}: example needs '{key}' (a sentence in Chinese and its English translation)")
    refs = item.get("refs")
    if isinstance(refs, list):
        for i, ref in enumerate(refs):
            rline = _line(refs, i)
            if not isinstance(ref, dict):
                problem(rline, f"{label}: a ref must be a mapping with 'url', 'outlet' and 'date'")
                continue
            fields = {k: str(v) if isinstance(v, datetime.date) else v for k, v in ref.items()}  # unquoted dates read as dates
            _check_fields(fields, REF_FIELDS, f"{label} ref", rline, problem)
            url = ref.get("url")
            if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                problem(rline, f"{label}: ref needs a 'url' starting with https:// or http://")
    related = item.get("related")
    if isinstance(related, list):
        for i, other in enumerate(related):
            if not isinstance(other, str) or not ID_PATTERN.match(other):
                problem(_line(related, i), f"{label}: 'related' lists concept ids, not {other!r}")
    origin = item.get("origin")
    if isinstance(origin, dict):
        for key, value in origin.items():
            oline = _line(origin, key)
            if key not in ORIGIN_FIELDS:
                problem(oline, f"{label}: origin names unknown field {key!r}")
            if value not in ORIGINS:
                problem(oline, f"{label}: unknown origin {value!r} (expected one of: {', '.join(ORIGINS)})")


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


def _check_claims(item: dict, cid: str, claims: dict, problem: Any) -> None:
    for text, line in _forms(item):
        key = fold(text)
        if not key:
            continue
        owner = claims.get(key)
        if owner is None:
            claims[key] = (cid, text, line)
        elif owner[0] != cid:
            problem(line, f"{text!r} of concept {cid!r} is already claimed by concept {owner[0]!r} as {owner[1]!r} (line {owner[2]})")


def _plain(node: Any) -> Any:
    """A ruamel node as plain Python data; bare-string aliases become mappings."""
    if isinstance(node, dict):
        out = {str(k): _plain(v) for k, v in node.items()}
        if isinstance(out.get("aliases"), list):
            out["aliases"] = [{"text": a, "kind": "variant"} if isinstance(a, str) else a for a in out["aliases"]]
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
    text = read_text(path)
    try:  # the fast read: libyaml; any doubt falls through to the round-trip parser
        concepts, meta = validate(_fast_parse(text), path)
    except (ValidationError, _Doubt):
        concepts, meta = validate(parse(text, path), path)  # authoritative, with line numbers
    return Glossary(
        path=path, concepts=concepts, name=meta.get("name") or "", description=meta.get("description") or "",
        rejected=[str(r) for r in meta.get("rejected") or []],
    )


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


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old file or the new one, never a torn one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def refuse_bundled(path: Path) -> None:
    """No write ever lands inside the installed package: :class:`ReadOnlyError` for the bundled copy."""
    from .paths import is_inside_package

    if is_inside_package(path):
        raise ReadOnlyError(read_only_message(path))


def read_only_message(path: Path) -> str:
    """Why a write to the bundled glossary is refused, and the way out."""
    return (
        f"{path} is the bundled event glossary and is read-only; "
        "make your own with 'glossary init' (a copy in ./terms.yaml, used from then on in this folder) "
        "or choose a file with --glossary PATH"
    )


def lock_for(path: Path) -> Any:
    """The inter-process lock guarding writes to ``path``."""
    from filelock import FileLock

    return FileLock(str(path) + ".lock", timeout=60)


BACKUP_SUFFIX = "~"


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept after a write: ``terms.yaml~`` beside it."""
    return path.with_name(path.name + BACKUP_SUFFIX)


@contextlib.contextmanager
def editing(path: str | os.PathLike[str], *, dry_run: bool = False, backup: bool = True) -> Iterator["Document"]:
    """Edit a terms file under its lock; the change is validated and written atomically on exit.

    After the block, ``doc.before`` and ``doc.after`` hold the file's text before and after
    the change and ``doc.diff()`` the unified diff. With ``dry_run`` nothing is written
    (and no lock is taken). With ``backup`` the previous version is kept as
    ``terms.yaml~`` (:func:`backup_path`), so one bad edit is undone with one ``mv``.

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
    >>> backup_path(p).read_text(encoding="utf-8").count("en: refugee")
    0
    """
    path = Path(path)
    if not dry_run:
        refuse_bundled(path)
    lock = contextlib.nullcontext() if dry_run else lock_for(path)
    with lock:
        text = read_text(path)
        raw = parse(text, path)
        validate(raw, path)
        document = Document(raw, path)
        document.before = document.after = text
        yield document
        if document.changed:
            new_text = dump(raw)
            try:
                validate(parse(new_text, path), path)
            except ValidationError as e:
                reasons = "; ".join(p.message for p in e.problems)
                raise ConflictError(f"not saved, the change would break {path}: {reasons}") from None
            document.after = new_text
            if not dry_run and new_text != text:
                if backup:
                    atomic_write(backup_path(path), text)
                    with contextlib.suppress(OSError):
                        os.chmod(backup_path(path), path.stat().st_mode & 0o7777)
                atomic_write(path, new_text)
                document.written = True


class Document:
    """A terms file's round-trip document, with the changes the CLI makes to it."""

    def __init__(self, raw: Any, path: Path):
        self.raw = raw
        self.path = path
        self.changed = False
        #: the file's text before and after the change (set by :func:`editing`)
        self.before = ""
        self.after = ""
        #: whether the file was rewritten
        self.written = False
        if not self.raw.get("concepts"):  # missing, or an empty `[]`: new items go in block style
            from ruamel.yaml.comments import CommentedSeq

            self.raw["concepts"] = CommentedSeq()

    @property
    def items(self) -> Any:
        return self.raw["concepts"]

    def index_of(self, concept_id: str) -> int:
        for i, item in enumerate(self.items):
            if item.get("id") == concept_id:
                return i
        raise NotFoundError(f"no concept with id {concept_id!r} in {self.path}")

    def concept(self, concept_id: str) -> Concept:
        return Concept.from_dict(_plain(self.items[self.index_of(concept_id)]))

    def ids(self) -> list[str]:
        return [item.get("id") for item in self.items]

    def add(self, concept: Concept) -> None:
        """Append a new concept; its id must be new."""
        if concept.id in self.ids():
            raise ConflictError(f"a concept with id {concept.id!r} already exists in {self.path}")
        self.items.append(to_node(concept.to_dict()))
        self.changed = True

    def update(self, concept_id: str, **values: Any) -> None:
        """Set fields of a concept in place; ``None`` removes a field. Other keys keep their order."""
        item = self.items[self.index_of(concept_id)]
        order = list(CONCEPT_FIELDS)
        for key, value in values.items():
            if key not in CONCEPT_FIELDS or key == "id":
                raise ConflictError(f"cannot set field {key!r}")
            if value is None or value == []:
                if key in item:
                    del item[key]
                    self.changed = True
                continue
            node = to_node(value)
            if key in item:
                if _plain(item[key]) != _plain(node):
                    item[key] = node
                    self.changed = True
                continue
            # insert a new key where the schema's order puts it
            position = len(item)
            for i, existing in enumerate(item):
                if existing in order and order.index(existing) > order.index(key):
                    position = i
                    break
            item.insert(position, key, node)
            self.changed = True

    def rejected(self) -> list[str]:
        """The forms a reviewer rejected (the top-level ``rejected`` list)."""
        return [str(r) for r in self.raw.get("rejected") or []]

    def reject(self, forms: list[str]) -> None:
        """Remember ``forms`` as rejected, so that ``build`` never proposes them again."""
        from ruamel.yaml.comments import CommentedSeq

        known = {fold(r) for r in self.rejected()}
        new = [f for f in dict.fromkeys(forms) if fold(f) and fold(f) not in known]
        if not new:
            return
        if not isinstance(self.raw.get("rejected"), list) or not self.raw.get("rejected"):
            self.raw["rejected"] = CommentedSeq()
        for form in new:
            self.raw["rejected"].append(to_node(form))
        self.changed = True

    def diff(self) -> str:
        """The change as a unified diff (empty when nothing changed)."""
        import difflib

        name = self.path.name
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
        ))

    def remove(self, concept_id: str) -> None:
        del self.items[self.index_of(concept_id)]
        self.changed = True


# Strings that ruamel may safely write unquoted inside a flow mapping: a letter first, no
# flow indicators, comment or key markers, quotes or surrounding space. Others get quoted.
_FLOW_PLAIN = re.compile(r"^[^\W\d_][^,\[\]{}#:\"'\x00-\x1f\x7f-\x9f\u2028\u2029]*(?<! )$")


def to_node(value: Any) -> Any:
    """Plain data as ruamel nodes in the file's style: aliases and sources as flow mappings."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, dict):
        node = CommentedMap()
        for k, v in value.items():
            node[k] = to_node(v)
            if k in ("aliases", "sources") and isinstance(node[k], CommentedSeq):
                for entry in node[k]:
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
    with lock_for(path):
        atomic_write(path, dump(node))

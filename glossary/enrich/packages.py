"""Argos Translate model packages: list, install (from a file, or by name from the Argos
index when the user asks and has network) and remove.

Packages live under ``glossary.paths.data_dir() / "models"``, one directory per
language pair (``translate-en_zh``). A package file (``.argosmodel``) is a zip
archive; it is checked before anything is unpacked: no absolute paths, no ``..``,
no links or special files, everything inside one package root, a readable
``metadata.json``, a CTranslate2 model and a tokenizer.

Only the standard library is used here; nothing touches the network except
:func:`available` and :func:`install_name`.

>>> normalise_name("en_zh"), normalise_name("translate-zh_en"), normalise_name("zh-en")
('translate-en_zh', 'translate-zh_en', 'translate-zh_en')
>>> unsafe_member("../../etc/passwd"), unsafe_member("/abs"), unsafe_member("pkg/model/model.bin")
('it leaves the package directory (..)', 'it has an absolute path', None)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from glossary import paths
from glossary.errors import ArchiveError, NetworkError, NotFoundError, UsageError

#: The Argos package index, read only by ``glossary models install NAME`` / ``list --available``.
INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
#: Largest unpacked size accepted from one archive (guards against zip bombs) …
MAX_UNPACKED = 8 * 1024**3
#: … and largest ratio of unpacked size to archive size (a model compresses a little, a bomb
#: a thousandfold), above a floor that small packages of text never reach.
MAX_RATIO = 100
RATIO_FLOOR = 64 * 1024**2
#: Most members accepted in one archive (a package has a dozen or so).
MAX_MEMBERS = 10_000
# matched whole (fullmatch): with ``$``, "zh\n" would pass and name a folder with a newline in it
_CODE = re.compile(r"[a-z]{2,3}")
_NAME = re.compile(r"(?:translate-)?([a-z]{2,3})[_\-]([a-z]{2,3})")
#: The packages of the ``translate`` extra that machine translation imports.
EXTRA_PACKAGES: tuple[str, ...] = ("argostranslate", "ctranslate2", "sentencepiece")
#: How to install the extra: the README's commands ("Enrichment and offline translation").
INSTALL_EXTRA = 'pip install torch==2.13.0, then: pip install ".[translate]"'
_TOKENIZERS = ("sentencepiece.model", "bpe.model")


@dataclass(frozen=True)
class Model:
    """An installed model package."""

    name: str
    from_code: str
    to_code: str
    path: Path
    version: str = ""
    from_name: str = ""
    to_name: str = ""

    @property
    def size(self) -> int:
        """Bytes on disk."""
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file() and not p.is_symlink())

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "from": self.from_code,
            "to": self.to_code,
            "version": self.version,
            "path": str(self.path),
            "size": self.size,
        }


def models_dir() -> Path:
    """Where model packages are installed."""
    return paths.data_dir() / "models"


def normalise_name(name: str) -> str:
    """``en_zh``, ``en-zh`` or ``translate-en_zh`` → ``translate-en_zh``."""
    m = _NAME.fullmatch(name.strip().lower())
    if not m:
        raise UsageError(f"not a model name: {name!r} (expected e.g. translate-en_zh, en_zh or zh-en)")
    return f"translate-{m.group(1)}_{m.group(2)}"


def _metadata(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ArchiveError(f"{where}: metadata.json must hold a JSON object")
    for key in ("from_code", "to_code"):
        value = data.get(key)
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            raise ArchiveError(f"{where}: metadata.json needs a language code {key!r} (like 'en' or 'zh')")
    if data.get("type", "translate") != "translate":
        raise ArchiveError(f"{where}: a {data.get('type')!r} package cannot translate; expected a 'translate' package")
    return data


def _model_from(path: Path) -> Model | None:
    try:
        data = _metadata(json.loads((path / "metadata.json").read_text(encoding="utf-8")), str(path))
    except (OSError, ValueError, ArchiveError):
        return None
    return Model(
        name=path.name,
        from_code=data["from_code"],
        to_code=data["to_code"],
        path=path,
        version=str(data.get("package_version", "")),
        from_name=str(data.get("from_name", "")),
        to_name=str(data.get("to_name", "")),
    )


def installed() -> list[Model]:
    """Installed packages, by name."""
    root = models_dir()
    if not root.is_dir():
        return []
    found = (_model_from(p) for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith("."))
    return [m for m in found if m]


def find(from_code: str, to_code: str) -> Model | None:
    """The installed package translating ``from_code`` → ``to_code``, if any."""
    for m in installed():
        if (m.from_code, m.to_code) == (from_code, to_code):
            return m
    return None


def missing_extra() -> list[str]:
    """The packages of the ``translate`` extra that are not installed (nothing is imported)."""
    import importlib.util

    missing = []
    for name in EXTRA_PACKAGES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def require_extra() -> None:
    """:class:`NotFoundError` naming the install commands unless the ``translate`` extra is installed."""
    missing = missing_extra()
    if missing:
        raise NotFoundError(
            f"machine translation needs the 'translate' extra ({', '.join(missing)} not installed). "
            f"Install it with: {INSTALL_EXTRA}; then a model: glossary models install PATH/TO/MODEL.argosmodel"
        )


# --- checking and unpacking an archive ----------------------------------------------------


def unsafe_member(name: str, mode: int = 0) -> str | None:
    """Why a zip member may not be unpacked (None if it may)."""
    if "\x00" in name:
        return "its name holds a NUL byte"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "it has an absolute path"
    if "\\" in name:
        return "its name holds a backslash"
    if ".." in name.split("/"):
        return "it leaves the package directory (..)"
    kind = stat.S_IFMT(mode)
    if stat.S_ISLNK(mode):
        return "it is a symbolic link"
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return "it is not a regular file or directory"
    return None


def _size_limit(archive_size: int) -> int:
    """The most an archive of ``archive_size`` bytes may unpack to."""
    return min(MAX_UNPACKED, max(RATIO_FLOOR, MAX_RATIO * archive_size))


def _member_count(path: Path) -> int | None:
    """How many members the archive's end record announces, read before the directory is parsed."""
    try:
        with open(path, "rb") as f:
            end = zipfile._EndRecData(f)  # type: ignore[attr-defined]  # stable since Python 2
        return int(end[zipfile._ECD_ENTRIES_TOTAL]) if end else None  # type: ignore[attr-defined]
    except (AttributeError, OSError, IndexError, TypeError, ValueError):
        return None


def check_archive(zf: zipfile.ZipFile, where: str, archive_size: int | None = None) -> tuple[str, dict[str, Any]]:
    """Check every member of a package archive; returns its root prefix and metadata.

    ``archive_size``: the archive's size in bytes (default: its members' compressed sizes),
    against which the unpacked size is weighed. Raises :class:`ArchiveError` naming the
    first offending member, or the size or member count that is too large.
    """
    infos = [i for i in zf.infolist() if i.filename not in ("", "/")]
    if not infos:
        raise ArchiveError(f"{where}: the archive is empty")
    if len(infos) > MAX_MEMBERS:
        raise ArchiveError(f"{where}: refusing to install: {len(infos):,} members (at most {MAX_MEMBERS:,})")
    total = 0
    for info in infos:
        why = unsafe_member(info.filename, info.external_attr >> 16)
        if why:
            raise ArchiveError(f"{where}: refusing to install: member {info.filename!r}: {why}")
        total += info.file_size
    packed = archive_size if archive_size is not None else sum(i.compress_size for i in infos)
    if total > _size_limit(packed):
        raise ArchiveError(
            f"{where}: refusing to install: it would unpack to {_human(total)} from {_human(packed)} "
            f"(at most {MAX_RATIO}× the archive, {_human(MAX_UNPACKED)} in all)"
        )
    names = {i.filename for i in infos}
    roots = [
        n[: -len("metadata.json")]
        for n in names
        if n == "metadata.json" or (n.endswith("/metadata.json") and n.count("/") == 1)
    ]
    if len(roots) != 1:
        raise ArchiveError(f"{where}: not an Argos model package (expected one metadata.json at its root)")
    root = roots[0]
    outside = sorted(n for n in names if not n.startswith(root))
    if outside:
        raise ArchiveError(
            f"{where}: refusing to install: member {outside[0]!r} is outside the package directory {root!r}"
        )
    try:
        meta = _metadata(json.loads(zf.read(root + "metadata.json").decode("utf-8")), where)
    except (ValueError, UnicodeDecodeError) as e:
        raise ArchiveError(f"{where}: metadata.json is not valid JSON ({e})") from None
    if root + "model/model.bin" not in names:
        raise ArchiveError(f"{where}: not a CTranslate2 package (no model/model.bin)")
    if not any(root + t in names for t in _TOKENIZERS):
        raise ArchiveError(f"{where}: the package has no tokenizer ({' or '.join(_TOKENIZERS)})")
    return root, meta


def _human(size: int) -> str:
    """``1.6 GiB``, ``1.5 MiB``, ``812 bytes``."""
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _unpack(zf: zipfile.ZipFile, root: str, target: Path) -> None:
    base = target.resolve()
    for info in zf.infolist():
        rel = info.filename[len(root) :]
        if not rel:
            continue
        dest = (target / rel).resolve()
        if base not in dest.parents and dest != base:
            raise ArchiveError(f"member {info.filename!r} leaves the package directory")
        if info.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as src, open(dest, "xb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)


@contextlib.contextmanager
def _locked() -> Iterator[Path]:
    from filelock import FileLock

    root = models_dir()
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(root / ".lock"), timeout=600):
        yield root


def install_file(path: str | os.PathLike[str]) -> tuple[Model, bool]:
    """Install a local ``.argosmodel`` file; returns the model and whether it replaced one."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ArchiveError(f"{path}: not an Argos model package (a .argosmodel file is a zip archive)")
    count = _member_count(path)
    if count is not None and count > MAX_MEMBERS:  # refused before the directory is even read
        raise ArchiveError(f"{path}: refusing to install: {count:,} members (at most {MAX_MEMBERS:,})")
    with _locked() as root, zipfile.ZipFile(path) as zf:
        prefix, meta = check_archive(zf, str(path), path.stat().st_size)
        name = f"translate-{meta['from_code']}_{meta['to_code']}"
        tmp = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
        try:
            try:
                _unpack(zf, prefix, tmp)
            except (zipfile.BadZipFile, EOFError, OSError) as e:
                raise ArchiveError(f"{path}: the archive is damaged ({e})") from None
            final = root / name
            replaced = final.exists() or final.is_symlink()
            if final.is_symlink():
                final.unlink()  # a link the user made: the link goes, never what it points to
                os.replace(tmp, final)
            elif replaced:
                old = root / f".old-{name}-{os.getpid()}"
                os.replace(final, old)
                os.replace(tmp, final)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(tmp, final)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    model = _model_from(final)
    assert model is not None
    return model, replaced


def remove(name: str) -> Model:
    """Uninstall a package by name (``translate-en_zh``, ``en_zh`` …)."""
    wanted = normalise_name(name)
    with _locked():
        for m in installed():
            if m.name == wanted:
                if m.path.is_symlink():
                    m.path.unlink()  # a linked package: the link goes, never what it points to
                else:
                    shutil.rmtree(m.path)
                return m
    have = ", ".join(m.name for m in installed()) or "none"
    raise NotFoundError(f"no model {wanted!r} installed (installed: {have})")


# --- the network: only when the user asks ---------------------------------------------------


def _fetch(url: str, timeout: float = 60) -> Any:
    import urllib.error
    import urllib.request

    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "glossary"}), timeout=timeout)
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise NetworkError(
            f"cannot reach {url}: {reason}. Without network, download the .argosmodel file "
            "elsewhere and install it with: glossary models install PATH"
        ) from None


def available(url: str = INDEX_URL) -> list[dict[str, Any]]:
    """The translation packages the Argos index offers (needs network)."""
    with _fetch(url) as response:
        try:
            index = json.loads(response.read().decode("utf-8"))
        except ValueError:
            raise NetworkError(f"{url}: the package index is not valid JSON") from None
    out = []
    for item in index if isinstance(index, list) else []:
        if (
            isinstance(item, dict)
            and item.get("type", "translate") == "translate"
            and item.get("from_code")
            and item.get("to_code")
        ):
            out.append({**item, "name": f"translate-{item['from_code']}_{item['to_code']}"})
    return out


def install_name(name: str, url: str = INDEX_URL) -> tuple[Model, bool]:
    """Download a package by name from the Argos index and install it (needs network)."""
    wanted = normalise_name(name)
    offers = available(url)
    match = [o for o in offers if o["name"] == wanted]
    if not match:
        names = ", ".join(sorted(o["name"] for o in offers if "zh" in (o["from_code"], o["to_code"]))) or "none"
        raise NotFoundError(f"the Argos index has no package {wanted!r} (Chinese ones: {names})")
    links = [link for link in match[0].get("links", []) if isinstance(link, str) and link.startswith("https://")]
    if not links:
        raise NetworkError(f"the Argos index gives no https download link for {wanted!r}")
    root = models_dir()
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{wanted}.", suffix=".argosmodel", dir=root)
    try:
        with os.fdopen(fd, "wb") as out, _fetch(links[0], timeout=600) as response:
            shutil.copyfileobj(response, out, 1024 * 1024)
        return install_file(tmp)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)

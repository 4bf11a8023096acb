"""The user's absolute paths never leave the machine: sources are named relative to what was named."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from glossary.cli import app
from glossary.extract.readers import sources
from tests.conftest import SAMPLE

runner = CliRunner()

POST = "RedNote（小红书）成了TikTok难民的新家。\n\nTikTok难民涌入RedNote，小红书一夜爆红。\n"
BLOG = "Everyone on RedNote says 小红书 welcomes TikTok refugees.\n\nRedNote and 小红书 trend again.\n"


def _corpus(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    (news / "blog").mkdir(parents=True)
    (news / "rednote.txt").write_text(POST, encoding="utf-8")
    (news / "blog" / "post.md").write_text(BLOG, encoding="utf-8")
    return news


def _texts(data: bytes) -> list[bytes]:
    """The bytes of an export, and of each member when it is a zip (an Anki deck)."""
    if not data.startswith(b"PK"):
        return [data]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [z.read(name) for name in z.namelist()]


def test_sources_are_named_relative_to_the_folder_or_file_named(tmp_path: Path) -> None:
    news = _corpus(tmp_path)
    assert [s.label for s in sources([str(news)])] == ["rednote.txt", "blog/post.md"]
    assert [s.label for s in sources([str(news / "rednote.txt")])] == ["rednote.txt"]
    assert [s.label for s in sources(["-"])] == ["<stdin>"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "rednote.txt").write_text(POST, encoding="utf-8")
    both = [s.label for s in sources([str(news), str(other)])]  # two would share a name: each keeps its folder's
    assert both == ["news/rednote.txt", "news/blog/post.md", "other/rednote.txt"]


def test_extract_build_and_every_export_hold_no_absolute_path(tmp_path: Path) -> None:
    news = _corpus(tmp_path)
    terms = tmp_path / "terms.yaml"
    shutil.copyfile(SAMPLE, terms)
    secret = str(tmp_path).encode()
    outputs: dict[str, bytes] = {}
    for fmt in ("json", "yaml", "csv", "table"):
        result = runner.invoke(app, ["extract", str(news), "--no-glossary", "--min-count", "1", "--format", fmt])
        assert result.exit_code == 0, result.output
        outputs[f"extract {fmt}"] = result.stdout.encode()
    rows = json.loads(outputs["extract json"])
    assert {s["path"] for r in rows for s in r["sources"]} == {"rednote.txt", "blog/post.md"}
    result = runner.invoke(app, ["build", str(news), "--no-enrich", "--min-count", "1", "--glossary", str(terms)])
    assert result.exit_code == 0, result.output
    outputs["terms.yaml"] = terms.read_bytes()
    assert b"rednote.txt" in outputs["terms.yaml"]
    listing = json.loads(runner.invoke(app, ["export", "--list", "--json"]).stdout)
    (tmp_path / "out").mkdir()
    for row in listing:
        out = tmp_path / "out" / f"export{row['suffix']}"
        result = runner.invoke(app, ["export", "-f", row["name"], "-o", str(out), "--glossary", str(terms)])
        assert result.exit_code == 0, (row["name"], result.output)
        outputs[f"export {row['name']}"] = out.read_bytes()
    assert len(outputs) == 5 + len(listing) and len(listing) >= 10
    for name, data in outputs.items():
        for text in _texts(data):
            assert secret not in text, name

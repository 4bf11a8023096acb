"""Posts with ids and dates (--id-field, --date-field) and the corpus's bad input: a very long line,
a file without line breaks or punctuation, an oversized JSON Lines record."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import app
from glossary.extract import readers
from glossary.extract.pipeline import Options, extract
from glossary.report import collected
from glossary.terms import store

POSTS = [
    {"note_id": "64f1a", "created": "2025-01-14T09:30:00+08:00", "body": "刚到小红书，听说要交猫税？"},
    {"note_id": 12345678901234567890, "created": "2025-01-15", "body": "小红书又称小红薯，美国网友叫它RedNote。"},
    {"note_id": "x\u202ey\n\x1b]0;t\x07z", "created": None, "body": "TikTok refugees 在小红书交猫税。"},
]
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _units(path: Path, **fields: str) -> tuple[list[readers.Unit], list[str]]:
    with collected() as said:
        found = list(readers.corpus([str(path)], text_field="body", **fields))
    return found, said


def _posts(root: Path) -> dict[str, Path]:
    """The posts as JSON Lines, CSV, TSV and Parquet."""
    root.mkdir(exist_ok=True)
    files = {"jsonl": root / "posts.jsonl", "csv": root / "posts.csv", "tsv": root / "posts.tsv"}
    files["jsonl"].write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in POSTS) + "\n", "utf-8")
    for name, sep in (("csv", ","), ("tsv", "\t")):
        import csv

        with files[name].open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=sep)
            writer.writerow(["note_id", "created", "body"])
            writer.writerows([[p["note_id"], p["created"] or "", p["body"]] for p in POSTS])
    return files


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv"])
def test_a_posts_id_and_date_are_read_as_written_and_made_inert(tmp_path: Path, fmt: str) -> None:
    found, said = _units(_posts(tmp_path)[fmt], id_field="note_id", date_field="created")
    assert [(u.id, u.date) for u in found] == [
        ("64f1a", "2025-01-14T09:30:00+08:00"),
        ("12345678901234567890", "2025-01-15"),
        ("xy ]0;tz", None),  # bidi override, escape and bell gone, the line break a space
    ]
    assert said == [
        f"{tmp_path / f'posts.{fmt}'}: 1 {'record' if fmt == 'jsonl' else 'row'} without a usable date in 'created'"
    ]


def test_without_the_options_no_id_or_date_is_kept(tmp_path: Path) -> None:
    found, said = _units(_posts(tmp_path)["jsonl"])
    assert [(u.id, u.date) for u in found] == [(None, None)] * 3 and said == []


def test_a_missing_id_column_is_named_and_the_text_still_read(tmp_path: Path) -> None:
    path = _posts(tmp_path)["csv"]
    found, said = _units(path, id_field="post_id", date_field="created")
    assert len(found) == 3 and {u.id for u in found} == {None} and found[0].date == "2025-01-14T09:30:00+08:00"
    assert said[0] == (
        f"{path}:1: no column 'post_id' (columns: 'note_id', 'created', 'body'); no post id recorded (--id-field names it)"
    )


def test_parquet_ids_dates_and_timestamps(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [
        {"id": 7, "at": datetime.datetime(2025, 1, 14, 9, 30), "body": "小红书"},
        {"id": 8, "at": None, "body": "RedNote"},
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "p.parquet", row_group_size=1)
    found, said = _units(tmp_path / "p.parquet", id_field="id", date_field="at")
    assert [(u.line, u.id, u.date) for u in found] == [(1, "7", "2025-01-14T09:30:00"), (2, "8", None)]
    assert said == [f"{tmp_path / 'p.parquet'}: 1 row without a usable date in 'at'"]


def test_field_values_beyond_strings_numbers_and_dates_are_not_kept() -> None:
    assert [readers.field_value(v) for v in ({"a": 1}, [1], True, None, "  ", "x" * 201, 1.5)] == [
        *[None] * 6,
        "1.5",
    ]


def test_ids_and_dates_reach_the_json_terms_yaml_and_the_html(tmp_path: Path, terms_file: Path) -> None:
    files = _posts(tmp_path / "posts")
    files["csv"].unlink(), files["tsv"].unlink()
    runner = CliRunner()
    args = [
        "--text-field",
        "body",
        "--id-field",
        "note_id",
        "--date-field",
        "created",
        "-m",
        "1",
        "-g",
        str(terms_file),
    ]
    result = runner.invoke(app, ["extract", str(tmp_path / "posts"), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    found = {c["id"]: c for c in json.loads(result.stdout)}
    assert found["xiaohongshu"]["sources"][:2] == [
        {
            "path": "posts.jsonl",
            "line": 1,
            "context": "刚到小红书，听说要交猫税？",
            "form": "小红书",
            "id": "64f1a",
            "date": "2025-01-14T09:30:00+08:00",
        },
        {
            "path": "posts.jsonl",
            "line": 2,
            "context": "小红书又称小红薯，美国网友叫它RedNote。",
            "form": "小红书",
            "id": "12345678901234567890",
            "date": "2025-01-15",
        },
    ]
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(runner.invoke(app, ["extract", "--schema"]).stdout)
    jsonschema.validate(json.loads(result.stdout), schema)

    terms = tmp_path / "terms.yaml"
    terms.write_text("name: t\nconcepts: []\n", encoding="utf-8")
    built = runner.invoke(app, ["build", str(tmp_path / "posts"), "--no-enrich", *args[:-2], "-g", str(terms)])
    assert built.exit_code == 0, built.output
    text = terms.read_text(encoding="utf-8")
    assert 'id: "12345678901234567890", date: "2025-01-15"' in text  # quoted: read back as strings
    sources = {c.id: c.sources for c in store.load(terms).concepts}["xiaohongshu"]
    assert [(s.id, s.date) for s in sources] == [
        ("64f1a", "2025-01-14T09:30:00+08:00"),
        ("12345678901234567890", "2025-01-15"),
        ("xy ]0;tz", None),
    ]
    page = runner.invoke(app, ["export", "-f", "html", "-g", str(terms)])
    assert page.exit_code == 0, page.output
    assert "<span>post 64f1a, 2025-01-14T09:30:00+08:00</span>" in page.stdout
    assert not UNSAFE.search(text + page.stdout)
    # and in the CSV and TBX exports, and in extract's own CSV (the first source)
    import csv
    import io

    table = runner.invoke(app, ["export", "-f", "csv", "-g", str(terms)])
    row = next(r for r in csv.DictReader(io.StringIO(table.stdout.lstrip("\ufeff"))) if r["id"] == "xiaohongshu")
    assert row["source_ids"].split("\n") == ["64f1a", "12345678901234567890", "xy ]0;tz"]
    assert row["source_dates"].split("\n") == ["2025-01-14T09:30:00+08:00", "2025-01-15", ""]
    tbx = runner.invoke(app, ["export", "-f", "tbx2", "-g", str(terms)]).stdout
    assert "<note>post: 64f1a</note>\n" in tbx and "<note>post date: 2025-01-15</note>" in tbx
    assert not UNSAFE.search(table.stdout + tbx)
    found = runner.invoke(app, ["extract", str(tmp_path / "posts"), "--format", "csv", *args]).stdout
    first = next(r for r in csv.DictReader(io.StringIO(found)) if r["id"] == "xiaohongshu")
    assert (first["path"], first["line"], first["source_id"], first["source_date"]) == (
        "posts.jsonl",
        "1",
        "64f1a",
        "2025-01-14T09:30:00+08:00",
    )


def test_a_hand_written_unquoted_source_date_is_read_as_text(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(
        "concepts:\n  - id: a\n    zh: 小红书\n    sources:\n      - {path: p.jsonl, line: 1, id: '9', date: 2025-01-14}\n",
        encoding="utf-8",
    )
    assert [(s.id, s.date) for s in store.load(terms).concepts[0].sources] == [("9", "2025-01-14")]


# --- bad input -----------------------------------------------------------------------------------


def test_a_line_without_breaks_or_punctuation_is_cut_into_bounded_pieces(tmp_path: Path) -> None:
    text = "小红书美国网友交猫税" * 1_000_000  # 10 million characters, 30 MB, one line, no punctuation
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    found, said = _units(path)
    assert said == [] and {u.line for u in found} == {1}
    assert max(len(u.text) for u in found) == readers.MAX_LINE_CHARS and len(found) == 10
    assert "".join(u.text for u in found) == text  # nothing lost, nothing repeated


def test_a_long_line_is_cut_where_a_sentence_ends(tmp_path: Path) -> None:
    sentence = "美国网友在小红书交了猫税。"  # 13 characters
    path = tmp_path / "long.txt"
    path.write_text(sentence * 200_000 + "\nRedNote\n", encoding="utf-8")
    found, _ = _units(path)
    assert all(u.text.endswith("。") for u in found[:-1]) and (found[-1].line, found[-1].text) == (2, "RedNote")
    assert "".join(u.text for u in found[:-1]) == sentence * 200_000


def test_an_oversized_json_record_is_skipped_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_RECORD_CHARS", 1000)
    path = tmp_path / "p.jsonl"
    lines = [{"body": "小红书"}, {"body": "猫" * 5000}, {"body": "RedNote"}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    found, said = _units(path)
    assert [(u.line, u.text) for u in found] == [(1, "小红书"), (3, "RedNote")]
    assert said == [f"{path}:2: a record longer than 1,000 characters, line skipped"]


def test_one_or_two_workers_read_a_single_huge_line_the_same(tmp_path: Path, terms_file: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("美国网友在小红书交猫税TikTok难民赛博握手" * 50_000, encoding="utf-8")  # two pieces
    concepts = store.load(terms_file).concepts
    one = [c.to_json() for c in extract([str(path)], concepts, Options(workers=1))]
    two = [c.to_json() for c in extract([str(path)], concepts, Options(workers=2, batch_chars=100_000))]
    assert one == two and {"xiaohongshu", "cat-tax"} <= {c["id"] for c in one}


def test_extracts_csv_neutralises_the_corpus_text_but_not_its_numbers() -> None:
    import csv
    import io

    from glossary.cli.extract import to_csv

    seen = {"path": "p.jsonl", "line": 3, "context": "=HYPERLINK(1)", "form": "=X", "id": "@a", "date": "-1"}
    rows = [
        {"id": "x", "zh": None, "pinyin": None, "en": "=X", "category": None, "score": -1.5, "count": 2}
        | {"forms": ["=X"], "links": [], "sources": [seen]}
    ]
    (row,) = csv.DictReader(io.StringIO(to_csv(rows)))
    assert (row["en"], row["forms"], row["context"], row["source_id"], row["source_date"]) == (
        "'=X",
        "'=X",
        "'=HYPERLINK(1)",
        "'@a",
        "'-1",
    )
    assert (row["score"], row["count"], row["line"]) == ("-1.5", "2", "3")

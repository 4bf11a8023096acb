"""Reading a corpus: formats, encodings, binary files, standard input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from glossary import readers
from glossary.errors import UsageError

TEXT = "小红书又称小红薯，英文名RedNote。\n\n美国网友自称TikTok难民。\n"
TRADITIONAL = "小紅書又稱小紅薯，英文名RedNote。\n\n美國網友自稱TikTok難民。\n"


def read(paths: list[str], **kwargs) -> list[readers.Unit]:
    return list(readers.corpus(paths, **kwargs))


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("utf-8", TEXT),
        ("utf-8-sig", TEXT),
        ("utf-16", TEXT),
        ("utf-16-le", "RedNote and TikTok\n" + TEXT),
        ("utf-16-be", "RedNote and TikTok\n" + TEXT),
        ("gb18030", TEXT),
        ("gbk", TEXT),
        ("big5", TRADITIONAL),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / f"a-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    units = read([str(path)])
    assert "\n\n".join(u.text for u in units) + "\n" == text.replace("\r\n", "\n")


def test_short_gbk_and_big5_are_told_apart(tmp_path: Path) -> None:
    for encoding, text in (("gbk", "美国最高法院维持禁令"), ("big5", "美國最高法院維持禁令"), ("gbk", "短"), ("big5", "短")):
        path = tmp_path / f"{encoding}-{len(text)}.txt"
        path.write_bytes(text.encode(encoding))
        assert [u.text for u in read([str(path)])] == [text], encoding


def test_large_file_detected_from_a_sample_and_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    paragraph = "小红书上的TikTok难民在评论区交猫税。" * 20
    path.write_bytes(("\n\n".join([paragraph] * 2000)).encode("gb18030"))
    units = read([str(path)])
    assert len(units) == 2000
    assert units[-1].line == 3999
    assert units[-1].text == paragraph


def test_binary_and_undecodable_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "noise.bin").write_bytes(bytes([0xFD, 0x81, 0x30, 0xFF, 0x07]) * 500)
    (tmp_path / "bom-then-noise.txt").write_bytes(bytes([0xFF, 0xFE, 0xFD, 0x81, 0x30]) * 500)
    (tmp_path / "ok.txt").write_text("RedNote", encoding="utf-8")
    warnings: list[str] = []
    units = read([str(tmp_path)], warn=warnings.append)
    assert [u.text for u in units] == ["RedNote"]
    assert len(warnings) == 3
    assert any("image.png" in w and "binary" in w for w in warnings)
    assert any("noise.bin" in w for w in warnings)
    assert any("bom-then-noise.txt" in w for w in warnings)


def test_folders_are_walked_in_order_and_hidden_entries_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text("two", encoding="utf-8")
    (tmp_path / "one.txt").write_text("one", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / ".git" / "config").write_text("git", encoding="utf-8")
    assert [u.text for u in read([str(tmp_path)])] == ["one", "two"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        read([str(tmp_path / "nope")])


def test_paragraphs_keep_their_first_line() -> None:
    units = list(readers.text_units(io.StringIO("title\n\nfirst line\nsecond line\n\n\nlast\n"), "a.txt"))
    assert [(u.line, u.text) for u in units] == [(1, "title"), (3, "first line\nsecond line"), (7, "last")]
    assert units[1].line_at(units[1].text.index("second")) == 4


def test_html_gives_visible_text_only(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>RedNote</title><style>.x{color:red}</style>"
        "<script>var RedNoteTracker = 1;</script></head>\n<body>\n<p>小红书 &amp; TikTok</p>\n"
        "<div>Second <b>block</b><img alt='cat tax'></div><!-- hidden comment --></body></html>",
        encoding="utf-8",
    )
    units = read([str(page)])
    assert [u.text for u in units] == ["RedNote", "小红书 & TikTok", "Second block cat tax"]
    assert [u.line for u in units] == [1, 3, 4]


def test_markdown_text_without_code_or_markup(tmp_path: Path) -> None:
    md = tmp_path / "notes.md"
    md.write_text(
        "# Names\n\nThe app is **RedNote** ([site](https://example.com)).\n#TikTokRefugee is a tag.\n\n"
        "```\nRedNoteInCode = 1\n```\n\n- 小红书\n",
        encoding="utf-8",
    )
    units = read([str(md)])
    assert [(u.line, u.text) for u in units] == [
        (1, "Names"),
        (3, "The app is RedNote (site).\n#TikTokRefugee is a tag."),
        (10, "小红书"),
    ]


def test_jsonl_text_field_nested_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    records = [{"post": {"body": "RedNote"}}, {"post": {}}, {"post": {"body": "小红书"}}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\nnot json\n", encoding="utf-8")
    warnings: list[str] = []
    units = read([str(path)], text_field="post.body", warn=warnings.append)
    assert [(u.line, u.text) for u in units] == [(1, "RedNote"), (3, "小红书")]
    assert any(f"{path}:4" in w for w in warnings)
    assert any("1 record without a text field 'post.body'" in w for w in warnings)


def test_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "posts.json"
    path.write_text(json.dumps([{"text": "RedNote"}, {"text": "小红书"}]), encoding="utf-8")
    assert [u.text for u in read([str(path)])] == ["RedNote", "小红书"]


def test_stdin_is_spooled_and_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = '{"text": "小红书"}\n{"text": "RedNote"}\n'.encode("utf-16")

    class Stdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr("sys.stdin", Stdin)
    units = read(["-"])
    assert [(u.path, u.line, u.text) for u in units] == [("<stdin>", 1, "小红书"), ("<stdin>", 2, "RedNote")]


def test_unknown_input_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown input format"):
        readers.sources(["x"], "docx")

"""Reading a corpus: formats, encodings, binary files, standard input."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import app
from glossary.errors import UsageError
from glossary.extract import english, readers
from glossary.report import collected

TEXT = "小红书又称小红薯，英文名RedNote。\n\n美国网友自称TikTok难民。\n"
TRADITIONAL = "小紅書又稱小紅薯，英文名RedNote。\n\n美國網友自稱TikTok難民。\n"


def read(paths: list[str], warnings: list[str] | None = None, **kwargs) -> list[readers.Unit]:
    """The corpus's units; the warnings reported meanwhile are added to ``warnings``."""
    with collected() as said:
        units = list(readers.corpus(paths, **kwargs))
    if warnings is not None:
        warnings.extend(said)
    return units


def units_of(source: readers.Source, warnings: list[str]) -> list[readers.Unit]:
    """One source's units; the warnings reported meanwhile are added to ``warnings``."""
    with collected() as said:
        units = list(readers.units(source))
    warnings.extend(said)
    return units


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
    for encoding, text in (
        ("gbk", "美国最高法院维持禁令"),
        ("big5", "美國最高法院維持禁令"),
        ("gbk", "短"),
        ("big5", "短"),
    ):
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
    units = read([str(tmp_path)], warnings=warnings)
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


def test_markdown_code_spans_are_not_text_and_end_names(tmp_path: Path) -> None:
    md = tmp_path / "notes.md"
    md.write_text("Type `Inline` RedNote or `Xiaohongshu`Lemon8 here.\n", encoding="utf-8")
    (unit,) = read([str(md)])
    assert "Inline" not in unit.text and "Xiaohongshu" not in unit.text
    assert [s.form for s in english.find(unit.text)] == ["RedNote", "Lemon8"]
    md.write_text("Type <code>Inline</code> RedNote or <kbd>Ctrl</kbd>Lemon8 here.\n", encoding="utf-8")
    (unit,) = read([str(md)])
    assert "Inline" not in unit.text and "Ctrl" not in unit.text
    assert [s.form for s in english.find(unit.text)] == ["RedNote", "Lemon8"]


def test_html_code_and_page_furniture_are_not_text(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<nav><a>Home</a> <a>MoreNews Tab</a></nav>\n"
        "<p>Type <code>Inline</code> RedNote or <kbd>Ctrl</kbd>Lemon8 here.</p>\n"
        "<pre><code>XiaohongshuClient = connect()</code></pre>\n"
        "<p>Users of Xiaohongshu joined.</p>\n"
        "<footer><p>Copyright ExampleCorp</p></footer>",
        encoding="utf-8",
    )
    units = read([str(page)])
    assert [u.text for u in units] == ["Type  RedNote or  Lemon8 here.", "Users of Xiaohongshu joined."]
    assert [s.form for s in english.find(units[0].text)] == ["RedNote", "Lemon8"]
    # an inline code element left open ends with its block, and hides no more
    page.write_text("<p>Run <code>app --start</p><p>RedNote grew.</p>", encoding="utf-8")
    assert [u.text for u in read([str(page)])] == ["Run", "RedNote grew."]


def test_jsonl_text_field_nested_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    records = [{"post": {"body": "RedNote"}}, {"post": {}}, {"post": {"body": "小红书"}}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\nnot json\n", encoding="utf-8")
    warnings: list[str] = []
    units = read([str(path)], text_field="post.body", warnings=warnings)
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


# --- hostile corpora ------------------------------------------------------------------------

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def finishes(call, seconds: float = 20.0):
    """``call()``'s result, failing (not hanging) the test if it blocks, as opening a FIFO would."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "reading the corpus hung"
    return result[0]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the corpus folder, like /etc/passwd."""
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:SECRET-LINE:/root:/bin/bash\n", encoding="utf-8")
    return secret


def test_symlink_out_of_the_corpus_folder_is_skipped_with_a_warning(tmp_path: Path, outside: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "post.txt").write_text("RedNote", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(outside)
    (corpus / "etc").symlink_to(outside.parent, target_is_directory=True)
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere")
    warnings: list[str] = []
    assert [u.text for u in read([str(corpus)], warnings=warnings)] == ["RedNote"]
    assert sorted(warnings) == [
        f"skipped {corpus / 'dangling.txt'}: broken symbolic link",
        f"skipped {corpus / 'etc'}: symbolic link out of the folders given (--follow-symlinks follows it)",
        f"skipped {corpus / 'leak.txt'}: symbolic link out of the folders given (--follow-symlinks follows it)",
    ]
    # opted in: followed, and the file reached twice (by the link and through the linked folder) is read once
    followed = read([str(corpus)], follow_symlinks=True)
    assert [u.text for u in followed] == ["root:x:0:0:SECRET-LINE:/root:/bin/bash", "RedNote"]


def test_symlinks_inside_the_given_folders_are_read_once_and_loops_end(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "post.txt").write_text("RedNote", encoding="utf-8")
    (corpus / "alias.txt").symlink_to(corpus / "sub" / "post.txt")
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("小红书", encoding="utf-8")
    (corpus / "other-notes.txt").symlink_to(other / "notes.txt")  # inside the second folder given
    warnings: list[str] = []
    for follow in (False, True):
        units = read([str(corpus), str(other)], warnings=warnings, follow_symlinks=follow)
        assert [(Path(u.path).name, u.text) for u in units] == [("alias.txt", "RedNote"), ("other-notes.txt", "小红书")]
    assert warnings == []


def test_a_symlink_named_on_the_command_line_is_read(tmp_path: Path, outside: Path) -> None:
    link = tmp_path / "named.txt"
    link.symlink_to(outside)
    assert [u.text for u in read([str(link)])] == ["root:x:0:0:SECRET-LINE:/root:/bin/bash"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_sockets_and_devices_are_skipped_never_opened(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "post.txt").write_text("RedNote", encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(corpus / "sock.txt"))
    try:
        warnings: list[str] = []
        units = finishes(lambda: read([str(corpus), str(corpus / "pipe.txt"), os.devnull], warnings=warnings))
    finally:
        server.close()
    assert [u.text for u in units] == ["RedNote"]
    assert warnings == [
        f"skipped {corpus / 'pipe.txt'}: a named pipe (FIFO), not a regular file",
        f"skipped {corpus / 'sock.txt'}: a socket, not a regular file",
        f"skipped {corpus / 'pipe.txt'}: a named pipe (FIFO), not a regular file",
        f"skipped {os.devnull}: a device, not a regular file",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_file_swapped_after_listing_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_text("RedNote", encoding="utf-8")
    [source] = readers.sources([str(path)])
    path.rename(tmp_path / "kept.txt")  # kept, so that its inode is not reused
    os.mkfifo(path)  # a FIFO in its place: opened non-blocking, seen for what it is, closed
    warnings: list[str] = []
    assert finishes(lambda: units_of(source, warnings)) == []
    assert warnings == [f"skipped {path}: a named pipe (FIFO), not a regular file"]
    path.unlink()
    path.write_text("another file", encoding="utf-8")
    assert units_of(source, warnings) == []
    assert warnings[-1] == f"skipped {path}: changed while being read"


def test_control_characters_and_bidi_overrides_never_leave_the_readers(tmp_path: Path) -> None:
    hostile = "小红\u202e书\x1b]0;pwned\x07 Red\x00Note\x1b]52;c;ZXZpbA==\x07\x1b[2J \u2066TikTok\u2069\x85\x9b"
    clean = "小红书]0;pwned RedNote]52;c;ZXZpbA==[2J TikTok"
    pad = "小红书又称小红薯，英文名RedNote。" * 100  # enough text that the file is not taken for binary
    (tmp_path / "a.txt").write_text(f"{pad}\n\n{hostile}\r\n\r\nbare\rCR\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(f"{pad}\n\n# {hostile}\n\n- {hostile}\n", encoding="utf-8")
    (tmp_path / "c.html").write_text(f"<p>{pad}<p>{hostile}</p><p>&#x202e;&#x1b;x&#27;y&#7;</p>", encoding="utf-8")
    records = [{"text": hostile + "\r\ud800"}, {"text": "\x1b\x07"}, {"text": "\u202eRedNote"}]
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    units = read([str(tmp_path)])
    for unit in units:
        assert not UNSAFE.search(unit.text), unit
    nul = clean.replace("RedNote", "Red\ufffdNote")  # Markdown turns NUL into U+FFFD (CommonMark)
    assert [u.text for u in units if u.text != pad] == [
        clean,
        "bare\nCR",
        nul,
        nul,
        clean + " ",
        "xy",
        clean + "\n\ufffd",
        "RedNote",
    ]
    assert [u.line for u in units if u.path.endswith("a.txt")] == [1, 3, 5]


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("euc_jp", "小紅書というアプリがアメリカで話題になっています。\n\n東京の若者も使っています。\n"),
        ("shift_jis", "小紅書というアプリがアメリカで話題になっています。\n\n東京の若者も使っています。\n"),
        ("euc_kr", "미국 사용자들이 샤오홍슈라는 앱으로 이동했습니다.\n\n서울의 친구들도 신기해합니다.\n"),
    ],
)
def test_japanese_and_korean_encodings_are_read_as_themselves_not_as_chinese(
    tmp_path: Path, encoding: str, text: str
) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    warnings: list[str] = []
    assert "\n\n".join(u.text for u in read([str(path)], warnings=warnings)) + "\n" == text
    assert warnings == []


def test_a_short_japanese_file_is_read_as_japanese_or_skipped_naming_the_guess(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("日本語の本".encode("euc_jp"))  # a GB18030 reading exists: 泣塑胳の塑
    (tmp_path / "b.txt").write_bytes("走る".encode("euc_jp"))  # too short to tell: not read at all
    warnings: list[str] = []
    assert [u.text for u in read([str(tmp_path)], warnings=warnings)] == ["日本語の本"]
    assert warnings == [f"skipped {tmp_path / 'b.txt'}: may be Japanese (EUC-JP), too short to tell from Chinese"]


def test_an_encoding_change_after_the_sample_is_warned_with_its_byte_offset(tmp_path: Path) -> None:
    head = "小红书上的TikTok难民在评论区交猫税。\n\n" * 1300
    tail = "美国网友自称TikTok难民。\n"
    data = head.encode("utf-8") + tail.encode("gb18030")
    assert len(head.encode("utf-8")) > readers.SAMPLE_SIZE
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    warnings: list[str] = []
    units = read([str(path)], warnings=warnings)
    assert warnings == [f"{path}: not valid UTF-8 from byte {len(head.encode('utf-8'))} on; undecodable bytes replaced"]
    assert len(units) == 1301
    assert all(u.text == "小红书上的TikTok难民在评论区交猫税。" for u in units[:1300])
    assert "\ufffd" in units[-1].text and "TikTok" in units[-1].text


def test_an_encoding_change_in_a_gb18030_file_is_warned_too(tmp_path: Path) -> None:
    head = ("小红书上的TikTok难民在评论区交猫税。\n" * 3000).encode("gb18030")
    path = tmp_path / "gb.txt"
    path.write_bytes(head + b"\xff\xff RedNote\n")
    warnings: list[str] = []
    units = read([str(path)], warnings=warnings)
    assert warnings == [f"{path}: not valid GB18030 from byte {len(head)} on; undecodable bytes replaced"]
    assert units[-1].text.endswith("\ufffd\ufffd RedNote")


def all_strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *all_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in all_strings(v)]
    return [value] if isinstance(value, str) else []


def test_annotate_and_translate_clean_their_input(installed_models: dict, bundled_terms: Path) -> None:
    runner = CliRunner()
    hostile = "小红\u202e书上的TikTok难民\x1b]0;pwned\x07\x9b\u2066!\u2069\x00\n"
    annotated = runner.invoke(app, ["annotate", "-", "-g", str(bundled_terms)], input=hostile)
    assert annotated.exit_code == 0, annotated.output
    assert not UNSAFE.search(annotated.stdout)
    assert (
        "]0;pwned!" in annotated.stdout
        and ">小<rt>Xiǎo</rt>红<rt>hóng</rt>书<rt>shū</rt></ruby>上的" in annotated.stdout
    )
    translated = runner.invoke(app, ["translate", "-", "--json", "-g", str(bundled_terms)], input=hostile)
    assert translated.exit_code == 0, translated.output
    for text in all_strings(json.loads(translated.stdout)):
        assert not UNSAFE.search(text), text
    assert "小红书" in {e["form"] for e in json.loads(translated.stdout)["enforced"]}

"""Model packages and offline translation with a tiny real Argos package (random weights)."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import app
from glossary.enrich import packages as models
from glossary.enrich import translate
from glossary.errors import ArchiveError, NotFoundError
from glossary.terms import store
from glossary.terms.model import Concept
from tests.conftest import DATA

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt to open a network connection fails the test (and is recorded)."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


# --- models ------------------------------------------------------------------------------


def test_install_list_remove(argos_packages: dict[str, Path]) -> None:
    assert run("models", "list").stderr.startswith("no models installed in ")
    result = run("models", "install", str(argos_packages["zh_en"]))
    assert result.exit_code == 0, result.output
    target = models.models_dir() / "translate-zh_en"
    assert result.stdout == f"installed translate-zh_en (zh → en, v0.1) in {target}\n"
    assert (target / "model" / "model.bin").is_file() and (target / "sentencepiece.model").is_file()
    listed = run("models", "list")
    assert listed.stdout.startswith("translate-zh_en  Chinese → English  v0.1  ")
    data = json.loads(run("models", "list", "--json").stdout)
    assert [(m["name"], m["from"], m["to"]) for m in data] == [("translate-zh_en", "zh", "en")]
    assert data[0]["size"] > 10_000

    again = run("models", "install", str(argos_packages["zh_en"]))
    assert again.stdout.startswith("replaced translate-zh_en ")
    assert [m.name for m in models.installed()] == ["translate-zh_en"]

    assert run("models", "remove", "zh-en").stdout == "removed translate-zh_en\n"
    assert models.installed() == []
    gone = run("models", "remove", "zh_en")
    assert (gone.exit_code, gone.stderr) == (3, "error: no model 'translate-zh_en' installed (installed: none)\n")


def _archive(path: Path, members: dict[str, bytes], links: dict[str, str] = {}) -> Path:  # noqa: B006
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in links.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return path


GOOD = {
    "pkg/metadata.json": json.dumps({"from_code": "zh", "to_code": "en", "type": "translate"}).encode(),
    "pkg/model/model.bin": b"x",
    "pkg/sentencepiece.model": b"x",
}


@pytest.mark.parametrize(
    "members, links, message",
    [
        (
            {**GOOD, "pkg/../../evil.txt": b"pwned"},
            {},
            "member 'pkg/../../evil.txt': it leaves the package directory (..)",
        ),
        ({**GOOD, "/tmp/evil.txt": b"pwned"}, {}, "member '/tmp/evil.txt': it has an absolute path"),
        (GOOD, {"pkg/link": "/etc/passwd"}, "member 'pkg/link': it is a symbolic link"),
        ({**GOOD, "other/evil.txt": b"x"}, {}, "member 'other/evil.txt' is outside the package directory 'pkg/'"),
        (
            {k: v for k, v in GOOD.items() if "metadata" not in k},
            {},
            "not an Argos model package (expected one metadata.json at its root)",
        ),
        ({k: v for k, v in GOOD.items() if "model.bin" not in k}, {}, "not a CTranslate2 package (no model/model.bin)"),
        (
            {k: v for k, v in GOOD.items() if "sentencepiece" not in k},
            {},
            "the package has no tokenizer (sentencepiece.model or bpe.model)",
        ),
        ({**GOOD, "pkg/metadata.json": b"{not json"}, {}, "metadata.json is not valid JSON"),
        ({**GOOD, "pkg/metadata.json": b'{"from_code": "zh"}'}, {}, "metadata.json needs a language code 'to_code'"),
        # "$" matches before a final newline: the code would have named a folder "translate-zh\n_en"
        (
            {**GOOD, "pkg/metadata.json": b'{"from_code": "zh\\n", "to_code": "en"}'},
            {},
            "metadata.json needs a language code 'from_code'",
        ),
        (
            {**GOOD, "pkg/metadata.json": b'{"from_code": "zh", "to_code": "en\\n"}'},
            {},
            "metadata.json needs a language code 'to_code'",
        ),
    ],
)
def test_bad_archives_are_refused_before_unpacking(tmp_path: Path, members: dict, links: dict, message: str) -> None:
    archive = _archive(tmp_path / "bad.argosmodel", members, links)
    result = run("models", "install", str(archive))
    assert result.exit_code == 4
    assert result.stderr.startswith(f"error: {archive}: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    assert models.installed() == []
    assert not any(p.name.startswith(".install-") for p in models.models_dir().iterdir())


def test_model_names_are_matched_whole() -> None:
    assert models.normalise_name("zh-en\n") == "translate-zh_en"  # surrounding space is trimmed first
    for bad in ("zh-en\nx", "translate-zh_en_x", "zh_en/../x"):
        with pytest.raises(models.UsageError, match="not a model name"):
            models.normalise_name(bad)


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in GOOD.items():
            zf.writestr(name, data)
        with zf.open("pkg/model/weights.bin", "w") as member:
            for _ in range(72):
                member.write(bytes(1024**2))  # 72 MiB of zeros: some 70 KB packed
    assert archive.stat().st_size < 200_000
    result = run("models", "install", str(archive))
    assert result.exit_code == 4
    assert result.stderr.startswith(f"error: {archive}: refusing to install: it would unpack to 72.0 MiB from ")
    assert "(at most 100× the archive, 8.0 GiB in all)\n" in result.stderr
    assert models.installed() == [] and not any(p.name.startswith(".install-") for p in models.models_dir().iterdir())


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "many.argosmodel", {**GOOD, **{f"pkg/f/{i}": b"" for i in range(models.MAX_MEMBERS)}})
    result = run("models", "install", str(archive))
    assert (result.exit_code, result.stderr) == (
        4,
        f"error: {archive}: refusing to install: 10,003 members (at most 10,000)\n",
    )
    with zipfile.ZipFile(archive) as zf:  # the library check too, for an archive opened by its caller
        with pytest.raises(ArchiveError, match="10,003 members"):
            models.check_archive(zf, str(archive))


def test_a_linked_model_folder_is_unlinked_never_deleted(argos_packages: dict[str, Path], tmp_path: Path) -> None:
    assert run("models", "install", str(argos_packages["zh_en"])).exit_code == 0
    installed_at = models.models_dir() / "translate-zh_en"
    elsewhere = tmp_path / "my-models" / "zh_en"
    elsewhere.parent.mkdir()
    installed_at.rename(elsewhere)
    installed_at.symlink_to(elsewhere, target_is_directory=True)
    assert [m.name for m in models.installed()] == ["translate-zh_en"]

    result = run("models", "remove", "zh_en")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "removed translate-zh_en\n", "")
    assert not installed_at.exists() and not installed_at.is_symlink()
    assert (elsewhere / "model" / "model.bin").is_file()

    # installing over a link replaces the link with a folder and leaves its target alone
    installed_at.symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.relative_to(elsewhere) for p in elsewhere.rglob("*"))
    again = run("models", "install", str(argos_packages["zh_en"]))
    assert again.exit_code == 0 and again.stdout.startswith("replaced translate-zh_en ")
    assert installed_at.is_dir() and not installed_at.is_symlink()
    assert sorted(p.relative_to(elsewhere) for p in elsewhere.rglob("*")) == before
    assert not any(p.name.startswith((".old-", ".install-")) for p in models.models_dir().iterdir())


def test_not_a_zip_and_damaged_zip(tmp_path: Path, argos_packages: dict[str, Path]) -> None:
    text = tmp_path / "notes.argosmodel"
    text.write_text("hello", encoding="utf-8")
    result = run("models", "install", str(text))
    assert (result.exit_code, result.stderr) == (
        4,
        f"error: {text}: not an Argos model package (a .argosmodel file is a zip archive)\n",
    )
    missing = run("models", "install", str(tmp_path / "nope.argosmodel"))
    assert (missing.exit_code, missing.stderr) == (3, f"error: {tmp_path / 'nope.argosmodel'}: no such file\n")

    damaged = tmp_path / "damaged.argosmodel"
    data = bytearray(argos_packages["zh_en"].read_bytes())
    with zipfile.ZipFile(argos_packages["zh_en"]) as zf:
        info = zf.getinfo("translate-zh_en-0_1/model/model.bin")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 100
    data[start : start + 50] = bytes(50)
    damaged.write_bytes(bytes(data))
    result = run("models", "install", str(damaged))
    assert result.exit_code == 4 and "the archive is damaged" in result.stderr
    assert models.installed() == []


def test_install_by_name_without_network_is_a_clear_error(no_network: list[object]) -> None:
    result = run("models", "install", "translate-en_zh")
    assert result.exit_code == 10
    said, error = result.stderr.splitlines()
    assert said == "downloading translate-en_zh from the Argos index …"
    assert error.startswith(
        "error: cannot reach https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
    )
    assert error.endswith("install it with: glossary models install PATH")
    assert no_network, "the download was attempted (the user asked for it)"
    bad = run("models", "install", "klingon")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "error: not a model name: 'klingon' (expected e.g. translate-en_zh, en_zh or zh-en)\n",
    )


# --- translating ---------------------------------------------------------------------------


def test_translate_without_a_model_names_the_install_command(bundled_terms: Path) -> None:
    result = run("translate", "我在小红书上")
    assert result.exit_code == 3
    assert result.stderr == (
        "error: no zh→en translation model installed. Install one with: "
        "glossary models install PATH/TO/translate-zh_en.argosmodel (a downloaded file), "
        "or: glossary models install translate-zh_en (downloads it from the Argos index)\n"
    )


def test_translates_offline_with_glossary_terms_enforced(
    installed_models: dict, no_network: list[object], bundled_terms: Path
) -> None:
    result = run(
        "translate", "我在小红书上看到了很多TikTok难民。字节跳动怎么说？", "--explain", "-g", str(bundled_terms)
    )
    assert result.exit_code == 0, result.output
    out = result.stdout.strip()
    assert out and "\n" not in out
    for rendering in ("RedNote", "TikTok refugee", "ByteDance"):
        assert rendering in out
    assert "小红书" not in out
    assert result.stderr.splitlines() == [
        "enforced 3 glossary terms:",
        "  小红书 → RedNote  (xiaohongshu)",
        "  TikTok难民 → TikTok refugee  (tiktok-refugee)",
        "  字节跳动 → ByteDance  (bytedance)",
        "2 sentences: 2 spans",
    ]
    assert no_network == []


def test_english_to_chinese_from_stdin(installed_models: dict, no_network: list[object], bundled_terms: Path) -> None:
    text = "Millions of TikTok refugees joined RedNote.\nI like the cat tax!"
    result = run("translate", "-", "--json", "-g", str(bundled_terms), input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("en", "zh")
    lines = data["translation"].split("\n")
    assert len(lines) == 2
    assert "TikTok难民" in lines[0] and "小红书" in lines[0] and "猫税" in lines[1]
    assert [(e["form"], e["rendering"]) for e in data["enforced"]] == [
        ("TikTok refugees", "TikTok难民"),
        ("RedNote", "小红书"),
        ("cat tax", "猫税"),
    ]
    assert [(s["form"], s["reason"]) for s in data["skipped"]] == [("like", "common English word")]
    assert no_network == []
    enforced_all = json.loads(run("translate", "I like it", "--all-terms", "--json", "-g", str(bundled_terms)).stdout)
    assert [e["form"] for e in enforced_all["enforced"]] == ["like"] and "点赞" in enforced_all["translation"]


def test_traditional_chinese_through_the_simplified_model(
    installed_models: dict, no_network: list[object], bundled_terms: Path
) -> None:
    result = run("translate", "我在小紅書上看到TikTok難民", "--json", "-g", str(bundled_terms))
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("zt", "en")
    assert [(e["form"], e["rendering"]) for e in data["enforced"]] == [
        ("小紅書", "RedNote"),
        ("TikTok難民", "TikTok refugee"),
    ]
    result = run("translate", "TikTok refugees joined RedNote", "--to", "zt", "--json", "-g", str(bundled_terms))
    data = json.loads(result.stdout)
    assert "TikTok難民" in data["translation"] and "小紅書" in data["translation"]
    assert no_network == []


def test_plain_translation_and_usage_errors(installed_models: dict, bundled_terms: Path) -> None:
    plain = run("translate", "我在小红书上", "--no-glossary", "--json")
    assert plain.exit_code == 0 and json.loads(plain.stdout)["enforced"] == []
    assert (
        run("translate", "x", "--from", "en", "--to", "en").stderr
        == "error: source and target language are the same (en)\n"
    )
    assert (
        run("translate", "x", "--to", "fr").stderr == "error: unsupported language 'fr' (expected one of: en, zh, zt)\n"
    )
    assert run("translate", "-", input="  \n").exit_code == 2


def test_translate_library_call_reuses_the_loaded_model(installed_models: dict, no_network: list[object]) -> None:
    concepts = store.load(DATA / "sample_terms.yaml").concepts
    first = translate.translate("猫税很贵。", "zh", "en", concepts)
    assert "cat tax" in first.text and first.sentences[0].method == "spans"
    assert translate.engine("zh", "en") is translate.engine("zh", "en")
    outputs = translate.engine("zh", "en")(["你好", "谢谢"])
    assert len(outputs) == 2 and all(isinstance(o, str) for o in outputs)


def test_renderings_are_kept_inline_when_the_model_copies_them() -> None:
    """The first strategy: terms replaced by their renderings, the sentence translated whole."""
    concepts = store.load(DATA / "sample_terms.yaml").concepts
    seen: list[list[str]] = []

    def copy(batch: list[str]) -> list[str]:  # a "model" that copies its input
        seen.append(batch)
        return list(batch)

    result = translate.translate("我在小红书上交了猫税。", "zh", "en", concepts, translator=copy)
    assert seen == [["我在RedNote上交了cat tax。"]]
    assert result.text == "我在RedNote上交了cat tax。" and result.sentences[0].method == "inline"


def test_terms_match_whole_words_only(bundled_terms: Path) -> None:
    concepts = store.load(bundled_terms).concepts
    zh = translate.Terms(concepts, "zh", "en")
    assert [h.text for h in zh.find("中国间谍在中国用小红书用户名")] == ["中国间谍", "中国", "小红书"]
    small = [Concept(id="guohui", zh="国会", en="Congress"), Concept(id="usa", zh="美国", en="United States")]
    # 美国会见 is 美国 + 会见 (not 国会); 国会议员 is one word (a member of Congress)
    assert [h.text for h in translate.Terms(small, "zh", "en").find("他在美国会见了国会议员")] == ["美国"]
    en = translate.Terms(concepts, "en", "zh")
    assert [h.text for h in en.find("the red car on RED and XHS")] == ["RED", "XHS"]
    assert [h.text for h in en.find("#TikTokRefugee TikTok refugees on RedNote's feed")] == [
        "#TikTokRefugee",
        "TikTok refugees",
        "RedNote's",
    ]
    assert [h.text for h in en.find("FooRedNote RedNoteBar")] == []


def test_cold_start_imports_nothing_heavy() -> None:
    code = (
        "import sys, glossary.cli; heavy = ('argostranslate', 'ctranslate2', 'sentencepiece', 'torch', 'jieba', "
        "'opencc', 'pypinyin'); print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ})
    assert out.stdout.strip() == "[]"


def test_engine_error_without_model() -> None:
    with pytest.raises(NotFoundError, match="glossary models install translate-en_zh"):
        translate.engine("en", "zh")
    with pytest.raises(ArchiveError):
        models.check_archive(
            zipfile.ZipFile(_archive(Path(models.paths.data_dir()).parent / "x.zip", {"a/../b": b""})), "x"
        )

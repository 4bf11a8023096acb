"""Where a glossary lives: which file a command uses, init, where, the read-only bundled
glossary, dry runs and backups, and the tests' own isolation."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary import paths
from glossary.cli import app
from glossary.terms import store
from tests.conftest import SAMPLE

runner = CliRunner()
ADD = ("add", "--zh", "薯队长", "--en", "Captain Potato", "--category", "nickname")


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def where(*args: str) -> list[str]:
    result = run(*args, "where")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


# --- which file -----------------------------------------------------------------------


def test_without_any_choice_the_bundled_glossary_is_used_and_said_to_be_read_only() -> None:
    lines = where()
    assert lines[0] == (
        f"glossary: {paths.bundled_glossary()}  "
        "(the bundled event glossary (read-only; 'glossary init' makes your own copy))"
    )
    assert lines[1] == f"cache:    {os.environ['GLOSSARY_CACHE_DIR']}"
    assert lines[2] == f"data:     {os.environ['GLOSSARY_DATA_DIR']}"


def test_a_terms_yaml_here_or_in_a_parent_folder_is_found_as_git_finds_its_repository(tmp_path: Path) -> None:
    project = Path.cwd()
    shutil.copyfile(SAMPLE, project / "terms.yaml")
    assert where()[0] == "glossary: terms.yaml  (the terms.yaml of this folder)"
    deep = project / "docs" / "zh"
    deep.mkdir(parents=True)
    os.chdir(deep)
    assert where()[0] == f"glossary: {project / 'terms.yaml'}  (the nearest terms.yaml above this folder)"
    result = run("lookup", "xhs", "--no-dictionary")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "[platform · reviewed · id: xiaohongshu]"


def test_the_order_is_option_then_environment_then_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(SAMPLE, Path.cwd() / "terms.yaml")
    env_file = tmp_path / "env.yaml"
    shutil.copyfile(SAMPLE, env_file)
    monkeypatch.setenv("GLOSSARY_FILE", str(env_file))
    assert where()[0] == f"glossary: {env_file}  (from $GLOSSARY_FILE)"
    assert where("--glossary", "other.yaml")[0] == "glossary: other.yaml  (from --glossary)"
    assert run("where", "-g", "x.yaml").stdout.splitlines()[0] == "glossary: x.yaml  (from --glossary)"


def test_verbose_on_any_command_says_which_file_and_why(terms_file: Path) -> None:
    result = run("--verbose", "--glossary", str(terms_file), "lookup", "xhs", "--no-dictionary")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == f"glossary: {terms_file}  (from --glossary)"
    assert result.stderr.splitlines()[1].startswith("cache:    ")
    assert result.stdout.startswith("小红书")
    quiet = run("--glossary", str(terms_file), "lookup", "xhs", "--no-dictionary")
    assert quiet.stderr == ""


# --- the bundled glossary is read-only ----------------------------------------------


@pytest.mark.parametrize(
    "command",
    [ADD, ("edit", "xiaohongshu", "--note", "x"), ("remove", "xiaohongshu"), ("enrich",)],
    ids=["add", "edit", "remove", "enrich"],
)
def test_a_write_to_the_bundled_glossary_stops_and_names_the_way_out(command: tuple[str, ...]) -> None:
    bundled = paths.bundled_glossary()
    before = bundled.read_bytes()
    result = run(*command)
    assert result.exit_code == 6
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {bundled} is the bundled event glossary and is read-only; make your own with 'glossary init' "
        "(a copy in ./terms.yaml, used from then on in this folder) or choose a file with --glossary PATH\n"
    )
    assert bundled.read_bytes() == before
    assert not Path(str(bundled) + ".lock").exists() or Path(str(bundled) + ".lock").stat().st_size == 0


def test_no_write_lands_inside_the_package_even_when_named(tmp_path: Path) -> None:
    inside = Path(paths.__file__).parent / "terms-test-copy.yaml"
    shutil.copyfile(SAMPLE, inside)
    try:
        result = run("--glossary", str(inside), *ADD)
        assert result.exit_code == 6
        assert "is the bundled event glossary and is read-only" in result.stderr
        assert inside.read_bytes() == SAMPLE.read_bytes()
    finally:
        inside.unlink()


def test_read_commands_use_the_bundled_glossary() -> None:
    result = run("lookup", "xhs", "--no-dictionary")
    assert result.exit_code == 0
    assert result.stdout.startswith("小红书 · 小紅書  Xiǎohóngshū  RedNote\n")


# --- init ----------------------------------------------------------------------------------


def test_init_copies_the_bundled_glossary_and_then_commands_here_use_it() -> None:
    result = run("init")
    n = len(store.load(paths.bundled_glossary()))
    assert result.exit_code == 0
    assert result.stdout == f"created terms.yaml: a copy of the bundled event glossary ({n} concepts)\n"
    assert Path("terms.yaml").read_bytes() == paths.bundled_glossary().read_bytes()
    added = run(*ADD, "--alias", "Shu Duizhang=transliteration")
    assert added.exit_code == 0, added.output
    assert added.stdout == "added captain-potato to terms.yaml\n"
    assert store.load("terms.yaml").get("captain-potato").zh == "薯队长"


def test_init_empty_and_never_over_an_existing_file(tmp_path: Path) -> None:
    result = run("init", "my-terms.yaml", "--empty")
    assert result.exit_code == 0
    assert result.stdout == "created my-terms.yaml: an empty glossary\n"
    assert "glossary --glossary my-terms.yaml COMMAND" in result.stderr
    assert len(store.load("my-terms.yaml")) == 0
    assert run("--glossary", "my-terms.yaml", *ADD).exit_code == 0
    kept = Path("my-terms.yaml").read_bytes()
    again = run("init", "my-terms.yaml")
    assert again.exit_code == 5
    assert (
        again.stderr
        == "error: my-terms.yaml already exists; nothing was changed (pick another path, or remove it first)\n"
    )
    assert Path("my-terms.yaml").read_bytes() == kept
    folder = run("init", str(tmp_path))
    assert folder.exit_code == 2
    assert folder.stderr == f"error: {tmp_path} is a folder; give a file name such as {tmp_path / 'terms.yaml'}\n"


def test_an_empty_glossary_grows_in_block_style() -> None:
    run("init", "--empty")
    assert run(*ADD).exit_code == 0
    text = Path("terms.yaml").read_text(encoding="utf-8")
    assert "concepts:\n  - id: captain-potato\n" in text
    assert text.startswith("# My English–Chinese glossary.")


# --- dry runs, messages and backups --------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (ADD, "added captain-potato to {path}"),
        (("edit", "cat-tax", "--note", "A joke."), "updated cat-tax in {path}"),
        (("remove", "cat-tax"), "removed cat-tax from {path}"),
    ],
    ids=["add", "edit", "remove"],
)
def test_dry_run_shows_the_diff_and_writes_nothing(terms_file: Path, command: tuple[str, ...], message: str) -> None:
    before = terms_file.read_bytes()
    result = run("--glossary", str(terms_file), *command, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- a/terms.yaml\n+++ b/terms.yaml\n@@ ")
    done = message.format(path=terms_file)
    assert result.stderr == f"dry run: would have {done}; nothing was written\n"
    assert terms_file.read_bytes() == before
    assert store.backups(terms_file) == []


def beside(path: Path) -> list[str]:
    """What lies beside a terms file besides it, its lock and the tests' data folder."""
    mine = (path.name, path.name + ".lock")
    return sorted(p.name for p in path.parent.iterdir() if p.name not in mine and p != paths.data_dir())


def test_every_write_says_which_file_it_changed_and_keeps_a_backup_in_the_data_folder(terms_file: Path) -> None:
    original, others = terms_file.read_bytes(), beside(terms_file)
    result = run("--glossary", str(terms_file), "edit", "cat-tax", "--note", "A bad edit.")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == (f"updated cat-tax in {terms_file}\n", "")
    assert beside(terms_file) == others  # no terms.yaml~ beside the user's file
    [backup] = store.backups(terms_file)
    assert backup.is_relative_to(paths.data_dir() / "backups") and backup.read_bytes() == original
    again = run("--verbose", "--glossary", str(terms_file), "edit", "cat-tax", "--note", "A worse edit.")
    latest = store.backups(terms_file)[0]
    assert again.stderr.endswith(f"previous version kept as {latest} (undo: cp {latest} {terms_file})\n")
    assert store.backups(terms_file)[1:] == [backup]  # the older version stays too
    shutil.copyfile(backup, terms_file)  # the undo the message names, one version further back
    assert terms_file.read_bytes() == original


def test_only_the_newest_backups_are_kept(terms_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from glossary.text import files

    monkeypatch.setattr(files, "BACKUPS_KEPT", 3)
    for n in range(5):
        assert run("--glossary", str(terms_file), "edit", "cat-tax", "--note", f"Edit {n}.").exit_code == 0
    kept = store.backups(terms_file)
    assert len(kept) == 3 and b"Edit 3." in kept[0].read_bytes() and b"Edit 1." in kept[2].read_bytes()
    assert (kept[0].parent / "source.txt").read_text(encoding="utf-8") == f"{os.path.realpath(terms_file)}\n"


def test_a_backup_that_cannot_be_made_is_a_warning_not_a_lost_write(
    terms_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GLOSSARY_DATA_DIR", str(blocker))
    result = run("--glossary", str(terms_file), "edit", "cat-tax", "--note", "Still saved.")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"warning: no backup of {terms_file} kept: ")
    assert b"Still saved." in terms_file.read_bytes()


def test_an_unchanged_edit_writes_nothing(terms_file: Path) -> None:
    note = store.load(terms_file).get("cat-tax").note
    result = run("--glossary", str(terms_file), "edit", "cat-tax", "--note", note)
    assert result.exit_code == 0
    assert result.stdout == f"unchanged cat-tax in {terms_file}\n"
    assert store.backups(terms_file) == []


def test_the_backup_keeps_the_files_mode(terms_file: Path) -> None:
    terms_file.chmod(0o640)
    assert run("--glossary", str(terms_file), *ADD).exit_code == 0
    assert stat.S_IMODE(store.backups(terms_file)[0].stat().st_mode) == 0o640
    assert stat.S_IMODE(terms_file.stat().st_mode) == 0o640


# --- the tests' own isolation -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seen_by_a_module_fixture() -> dict[str, str]:
    """What a wide-scoped fixture sees when it runs: it must already be isolated."""
    return {"cache": str(paths.cache_dir()), "data": str(paths.data_dir()), "home": os.path.expanduser("~")}


def test_isolation_happens_before_any_fixture_of_any_scope(
    seen_by_a_module_fixture: dict[str, str], isolated_root: Path
) -> None:
    real_home = pwd.getpwuid(os.getuid()).pw_dir
    for where_ in seen_by_a_module_fixture.values():
        assert Path(where_).is_relative_to(isolated_root), where_
        assert not Path(where_).is_relative_to(real_home) or Path(real_home) == Path("/")
    assert Path(paths.cache_dir()).is_relative_to(isolated_root)
    assert not Path.cwd().joinpath("terms.yaml").exists()


def test_through_a_symlink_the_backup_is_of_the_real_file_and_the_undo_writes_through_the_link(
    terms_file: Path, tmp_path: Path
) -> None:
    link = tmp_path / "docs" / "terms.yaml"
    link.parent.mkdir()
    link.symlink_to(terms_file)
    original = terms_file.read_bytes()
    result = run("-v", "--glossary", str(link), "edit", "cat-tax", "--note", "Through the link.")
    assert result.exit_code == 0
    [backup] = store.backups(terms_file)
    assert store.backups(link) == [backup]
    assert result.stderr.endswith(f"previous version kept as {backup} (undo: cp {backup} {link})\n")
    assert link.is_symlink() and b"Through the link." in terms_file.read_bytes()
    assert beside(link) == []
    shutil.copyfile(backup, link)
    assert link.is_symlink() and link.read_bytes() == original


def test_adding_an_alias_leaves_the_others_as_the_person_wrote_them(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(
        "concepts:\n  - id: xiaohongshu\n    zh: 小红书\n    en: RedNote\n    aliases:\n"
        "      - {text: RED, kind: official, note: the app's English brand}  # mine\n"
        "      - {text: 'XHS', kind: abbreviation}\n    status: reviewed\n",
        encoding="utf-8",
    )
    result = run("--glossary", str(path), "edit", "xiaohongshu", "--alias", "红笔记=variant")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == (
        "concepts:\n  - id: xiaohongshu\n    zh: 小红书\n    en: RedNote\n    aliases:\n"
        "      - {text: RED, kind: official, note: the app's English brand}  # mine\n"
        "      - {text: 'XHS', kind: abbreviation}\n      - {text: 红笔记, kind: variant}\n    status: reviewed\n"
    )

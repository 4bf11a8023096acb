"""How the command ends: one place turns every outcome into a line on stderr and an exit status.

In-process with typer's CliRunner; a real Ctrl-C (SIGINT) at a prompt runs in a child process
on a pseudo-terminal.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest
from typer.testing import CliRunner

from glossary.cli import app, root_flags_first
from glossary.errors import ExitStatus
from glossary.export import register, unregister
from tests.conftest import REPO, SAMPLE

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


@pytest.fixture
def raising_exporter() -> Iterator[dict[str, BaseException]]:
    """Export formats whose render raises what the test puts in the dict (a plugin with a bug, or Ctrl-C)."""
    raised: dict[str, BaseException] = {}

    def render(data: object) -> str:
        raise raised["error"]

    register("raising", render)
    try:
        yield raised
    finally:
        unregister("raising")


def test_an_unexpected_error_is_one_line_and_status_error(terms_file: Path, raising_exporter: dict) -> None:
    raising_exporter["error"] = RuntimeError("boom\nand a second line")
    result = run("export", "-f", "raising", "-g", str(terms_file))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "error: unexpected RuntimeError: boom; rerun with --traceback for the details\n",
    )
    raising_exporter["error"] = ZeroDivisionError()
    result = run("export", "-f", "raising", "-g", str(terms_file))
    assert result.stderr == "error: unexpected ZeroDivisionError; rerun with --traceback for the details\n"


@pytest.mark.parametrize(
    "args, env",
    [
        (["--traceback", "export", "-f", "raising"], None),
        (["export", "-f", "raising", "--traceback"], None),  # after the command name, as the entry point moves it
        (["export", "-f", "raising"], {"GLOSSARY_TRACEBACK": "1"}),
    ],
    ids=["before", "after", "environment"],
)
def test_traceback_shows_the_stack(
    terms_file: Path, raising_exporter: dict, args: list[str], env: dict[str, str] | None
) -> None:
    raising_exporter["error"] = RuntimeError("boom \x1b]0;pwned\x07")
    result = run(*root_flags_first(args), "-g", str(terms_file), env=env)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert '    raise raised["error"]' in lines
    assert lines[-2:] == [
        r"RuntimeError: boom \x1b]0;pwned\x07",  # terminal-safe: a message may quote a corpus
        r"error: unexpected RuntimeError: boom \x1b]0;pwned\x07",
    ]
    assert "\x1b" not in result.stderr


def test_traceback_with_a_glossary_error_keeps_its_status_and_line(terms_file: Path) -> None:
    plain = run("show", "nope", "-g", str(terms_file))
    traced = run("--traceback", "show", "nope", "-g", str(terms_file))
    assert plain.exit_code == traced.exit_code == ExitStatus.NOT_FOUND == 3
    assert "Traceback" not in plain.stderr
    assert traced.stderr.startswith("Traceback (most recent call last):\n")
    assert traced.stderr.endswith(plain.stderr)
    assert "glossary.errors.NotFoundError: no concept with id 'nope'" in traced.stderr


def test_ctrl_c_inside_a_command_is_one_line_and_130(terms_file: Path, raising_exporter: dict) -> None:
    raising_exporter["error"] = KeyboardInterrupt()
    result = run("export", "-f", "raising", "-g", str(terms_file))
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "interrupted\n")


def _read_until(master: int, shown: bytearray, done: Callable[[], bool], timeout: float = 60) -> None:
    """Add what the terminal shows to ``shown`` until ``done()`` or the terminal closes (never hangs)."""
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        if select.select([master], [], [], 0.2)[0]:
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO: the command closed the terminal
                return
            if not data:
                return
            shown += data


def test_ctrl_c_at_a_prompt_is_one_line_and_130(terms_file: Path) -> None:
    master, slave = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    argv = [sys.executable, "-m", "glossary", "add", "--interactive", "-g", str(terms_file)]
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=REPO, env=env, close_fds=True)
    os.close(slave)
    shown = bytearray()
    try:
        _read_until(master, shown, lambda: shown.endswith(b"Chinese (simplified): "))
        time.sleep(0.5)  # waiting for the answer, as a user who then presses Ctrl-C sees it
        proc.send_signal(signal.SIGINT)
        _read_until(master, shown, lambda: False)
        assert proc.wait(timeout=60) == 130
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = shown.decode("utf-8").replace("\r\n", "\n")
    assert text == "Chinese (simplified): \ninterrupted\n"
    assert terms_file.read_bytes() == SAMPLE.read_bytes()


def test_a_command_returns_its_status_and_says_why(terms_file: Path) -> None:
    result = run("gloss", "hello world", "--no-dictionary", "-g", str(terms_file))
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", "no glossary or dictionary terms found\n")
    assert run("gloss", "我在小红书上", "--no-dictionary", "-g", str(terms_file)).exit_code == 0


def test_the_library_warnings_are_rendered_once_and_terminal_safe(terms_file: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "posts.txt").write_text("很多TikTok难民来到小红书。\n\nTikTok难民在小红书交猫税。\n", encoding="utf-8")
    (corpus / "image\x1b[31m.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    result = run("extract", str(corpus), "--format", "json", "--no-glossary")  # the corpus is read twice
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[:-1] == [  # then the count of concepts
        rf"warning: skipped {corpus}/image\x1b[31m.png: binary or undecodable file "
        "(not UTF-8, UTF-16, GB18030, Big5, EUC-JP, Shift-JIS or EUC-KR)"
    ]

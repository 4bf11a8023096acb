"""The terminal's conventions: colour only at a terminal and never with NO_COLOR or --no-color,
output fitted to the terminal's width (in full to a pipe), help without stray markup, shell
completion, checked prompts, progress on stderr, and untrusted text shown escaped.

Behaviour that needs a real terminal runs the CLI in a pseudo-terminal (``pty``) of a given
size; the shell side of completion runs in a real bash inside tmux.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import COMMANDS, app
from glossary.cli.extract import to_table
from glossary.cli.output import table, wrap
from glossary.terms import store
from glossary.text.normalize import display_width
from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("readme_tour", REPO / "scripts" / "readme_tour.py")
tour = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tour)  # type: ignore[union-attr]  # the pseudo-terminal runner the README tour uses

runner = CliRunner()


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), input=input, env=env)


def run_tty(*args: str, columns: int = 80, env: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, str]:
    """Run ``glossary ARGS`` with stdin, stdout and stderr on a pseudo-terminal ``columns`` wide;
    its exit code and everything it wrote (newlines as ``\\n``)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    environ.update(env or {})
    return tour.run_on_a_terminal([sys.executable, "-m", "glossary", *args], REPO, environ, columns, timeout)


@pytest.fixture
def indexed(terms_file: Path) -> Path:
    """The sample glossary with its index built (subprocesses then only read it)."""
    from glossary.terms.lookup import Lookup

    Lookup(terms_file)
    return terms_file


LONG_NOTE = (
    "Shanghai-based Chinese app for lifestyle posts, reviews and shopping where American TikTok users "
    "landed in January 2025 when a ban on TikTok loomed over the United States."
)


@pytest.fixture
def long_terms(tmp_path: Path) -> Path:
    path = tmp_path / "long.yaml"
    path.write_text(
        "concepts:\n"
        "  - id: pafaca\n    category: law\n    zh: 保护美国人免受外国对手控制的应用程序法\n"
        "    pinyin: Bǎohù Měiguórén miǎnshòu wàiguó duìshǒu kòngzhì de yìngyòng chéngxù fǎ\n"
        "    en: Protecting Americans from Foreign Adversary Controlled Applications Act\n"
        f"    note: {LONG_NOTE}\n    status: reviewed\n",
        encoding="utf-8",
    )
    return path


# --- 1. colour -------------------------------------------------------------------------------


def test_colour_only_at_a_terminal_and_never_with_no_color(indexed: Path) -> None:
    code, shown = run_tty("lookup", "xhs", "-g", str(indexed))
    assert code == 0
    assert "\x1b[1m小红书 · 小紅書\x1b[0m  Xiǎohóngshū  RedNote" in shown
    assert "\x1b[2m[platform · reviewed · id: xiaohongshu]\x1b[0m" in shown
    assert run_tty("lookup", "xhs", "-g", str(indexed), env={"NO_COLOR": ""})[1] == shown  # empty: not set
    for env, args in (({"NO_COLOR": "1"}, []), ({"NO_COLOR": "yes please"}, []), ({}, ["--no-color"])):
        code, plain = run_tty(*args, "lookup", "xhs", "-g", str(indexed), env=env)
        assert code == 0 and "\x1b" not in plain
        assert plain.startswith("小红书 · 小紅書  Xiǎohóngshū  RedNote\n[platform · reviewed · id: xiaohongshu]\n")
    piped = subprocess.run(
        [sys.executable, "-m", "glossary", "lookup", "xhs", "-g", str(indexed)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert "\x1b" not in piped.stdout and piped.stdout.startswith("小红书 · 小紅書  Xiǎohóngshū  RedNote\n")


def test_enrich_diff_is_coloured_only_at_a_terminal(indexed: Path) -> None:
    code, shown = run_tty("enrich", "--dry-run", "--id", "cat-tax", "-g", str(indexed))
    assert code == 0 and "\x1b[32m+" in shown
    code, plain = run_tty("--no-color", "enrich", "--dry-run", "--id", "cat-tax", "-g", str(indexed))
    assert code == 0 and "\x1b" not in plain and "\n+    origin:" in plain
    assert "\x1b" not in run("enrich", "--dry-run", "--id", "cat-tax", "-g", str(indexed)).stdout


# --- 2. width -------------------------------------------------------------------------------


def test_wrap_counts_cjk_as_two_columns_and_breaks_at_words() -> None:
    text = "note:    保护美国人免受外国对手控制的应用程序法 (Protecting Americans from Foreign Adversary Controlled Applications)"
    for columns in (12, 20, 33, 60):
        lines = wrap(text, columns, indent=9)
        assert all(display_width(line) <= columns for line in lines), (columns, lines)
        assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    lines = wrap(text, 40, indent=9)
    assert lines[0] == "note:    保护美国人免受外国对手控制的应"  # 40 columns: 9 + 15 characters of two
    assert lines[2] == "         from Foreign Adversary"  # words whole: 'Controlled' moves on
    assert wrap(text, None) == [text]


def test_cards_fit_the_terminal(long_terms: Path) -> None:
    code, shown = run_tty("lookup", "pafaca", "-g", str(long_terms), columns=50, env={"NO_COLOR": "1"})
    assert code == 0
    lines = shown.splitlines()
    assert all(display_width(line) <= 50 for line in lines), lines
    assert lines[0] == "保护美国人免受外国对手控制的应用程序法  Bǎohù"
    note = [i for i, line in enumerate(lines) if line.startswith("note:    ")][0]
    assert lines[note + 1].startswith("         ") and not lines[note + 1].startswith("          ")
    assert " ".join(line.strip() for line in lines[note:]).removeprefix("note: ").strip() == LONG_NOTE
    wide = run_tty("lookup", "pafaca", "-g", str(long_terms), columns=50, env={"NO_COLOR": "1", "COLUMNS": "300"})[1]
    assert f"note:    {LONG_NOTE}\n" in wide  # COLUMNS overrides the terminal's size
    piped = run("lookup", "pafaca", "-g", str(long_terms), env={"COLUMNS": "40"})
    assert f"note:    {LONG_NOTE}\n" in piped.stdout  # a pipe is never wrapped


def test_tables_fit_the_terminal_and_pipes_get_every_cell_in_full(long_terms: Path) -> None:
    piped = run("list", "-g", str(long_terms))
    assert piped.exit_code == 0 and "…" not in piped.stdout
    row = piped.stdout.splitlines()[2]
    assert row.split("  ")[0] == "pafaca"
    assert "保护美国人免受外国对手控制的应用程序法" in row
    assert "Protecting Americans from Foreign Adversary Controlled Applications Act" in row
    code, shown = run_tty("list", "-g", str(long_terms), columns=72, env={"NO_COLOR": "1"})
    lines = shown.splitlines()
    assert code == 0 and all(display_width(line) <= 72 for line in lines), lines
    assert lines[0].split() == ["id", "zh", "pinyin", "en", "category"]
    assert len(lines) > 4 and "…" not in shown  # the row is wrapped over several lines, nothing cut
    words = " ".join(lines[2:]).split()
    for word in ("Protecting", "Americans", "Adversary", "Applications", "Act", "chéngxù"):
        assert word in words


def test_table_helper_fits_any_width() -> None:
    rows = [
        [
            "pafaca",
            "保护美国人免受外国对手控制的应用程序法",
            "Protecting Americans from Foreign Adversary Controlled Applications Act",
        ],
        ["xhs", "小红书", "RedNote"],
    ]
    full = table(rows, ["id", "zh", "en"])
    assert full.splitlines()[2].endswith("Controlled Applications Act")
    for width in (30, 45, 80, 200):
        lines = table(rows, ["id", "zh", "en"], width).splitlines()
        assert all(display_width(line) <= width for line in lines), (width, lines)
    assert table(rows, ["id", "zh", "en"], 200) == full


def test_extract_table_is_full_in_a_pipe_and_fitted_at_a_terminal() -> None:
    rows = [
        {
            "zh": "保护美国人免受外国对手控制的应用程序法",
            "pinyin": "Bǎohù Měiguórén miǎnshòu wàiguó duìshǒu kòngzhì de yìngyòng chéngxù fǎ",
            "en": "Protecting Americans from Foreign Adversary Controlled Applications Act",
            "count": 3,
            "score": 2.5,
            "forms": [
                "PAFACA",
                "the TikTok ban law",
                "Protecting Americans from Foreign Adversary Controlled Applications Act",
            ],
            "in_glossary": True,
            "category": "law",
        }
    ]
    full = to_table(rows)
    assert "…" not in full and "PAFACA · the TikTok ban law" in full and "chéngxù fǎ" in full
    fitted = to_table(rows, 60).splitlines()
    assert all(display_width(line) <= 60 for line in fitted) and fitted[-1] == "(* in the glossary)"


# --- 3. help --------------------------------------------------------------------------------


def test_help_has_no_stray_markup() -> None:
    result = run("lookup", "--help")
    assert result.exit_code == 0
    assert "\\[" not in result.stdout
    assert "QUERY...  [required]" in result.stdout
    assert "How many matches at most.  [default: 8]" in result.stdout
    for args in [[c] for c in COMMANDS] + [["models", "list"], ["models", "install"], []]:
        text = run(*args, "--help").stdout
        assert "\\[" not in text and "Usage: " in text, args


# --- 4. completion --------------------------------------------------------------------------


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash completion offers after ``words`` (through the real entry point, as the shell calls it)."""
    environ = {
        **os.environ,
        "_GLOSSARY_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
        **(env or {}),
    }
    result = subprocess.run(
        [sys.executable, "-m", "glossary"], capture_output=True, text=True, env=environ, cwd=REPO, check=True
    )
    return result.stdout.split()


def test_completion_sees_every_command_and_option() -> None:
    assert complete("glossary lo") == ["lookup"]
    assert sorted(complete("glossary ")) == sorted(COMMANDS)
    assert {"--glossary", "--no-color", "--verbose", "--install-completion"} <= set(complete("glossary --"))
    assert complete("glossary -g my.yaml search --li") == ["--limit"]
    assert complete("glossary models i") == ["install"]


def test_show_and_install_completion(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run(
        [sys.executable, "-m", "glossary", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
    ).stdout
    assert "complete -o default -F _glossary_completion glossary" in shown
    installed = subprocess.run(
        [sys.executable, "-m", "glossary", "--install-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
    )
    script = tmp_path / ".bash_completions" / "glossary.sh"
    assert script.read_text().strip() == shown.strip()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()
    assert "completion installed" in installed.stdout


@pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("bash") is None, reason="needs tmux and bash")
def test_tab_completes_in_a_real_bash(tmp_path: Path) -> None:
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = subprocess.run(
        [sys.executable, "-m", "glossary", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
    ).stdout
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "glossary").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m glossary "$@"\n')
    (bin_dir / "glossary").chmod(0o755)
    (tmp_path / "completion.sh").write_text(script)
    rc = tmp_path / "rc"
    rc.write_text(
        f"export PATH={shlex.quote(str(bin_dir))}:$PATH\nexport PYTHONPATH={shlex.quote(str(REPO))}\n"
        f"cd {shlex.quote(str(REPO))}\nsource {shlex.quote(str(tmp_path / 'completion.sh'))}\nPS1='$ '\n"
    )
    socket = ["tmux", "-L", f"glossary-test-{os.getpid()}"]
    subprocess.run(
        [*socket, "new-session", "-d", "-x", "100", "-y", "20", f"bash --noprofile --rcfile {shlex.quote(str(rc))} -i"],
        check=True,
        env={**os.environ, "TMUX": ""},
    )
    try:
        subprocess.run([*socket, "send-keys", "glossary loo", "Tab"], check=True)
        deadline = time.monotonic() + 20
        pane = ""
        while time.monotonic() < deadline and "glossary lookup" not in pane:
            time.sleep(0.2)
            pane = subprocess.run([*socket, "capture-pane", "-p"], capture_output=True, text=True, check=True).stdout
        assert "$ glossary lookup" in pane, pane
    finally:
        subprocess.run([*socket, "kill-server"], check=False)


# --- 5. interactive add ---------------------------------------------------------------------


def test_interactive_add_checks_each_answer(terms_file: Path) -> None:
    answers = [
        "小红书",  # a form of xiaohongshu: asked again
        "狗税",
        "dog tax",
        "planet",  # not a category: asked again
        "custom",
        "",  # the suggested pinyin
        "Dog Tax=synonym",  # unknown kind: asked again
        "Little Red Book=calque",  # claimed by xiaohongshu: asked again
        "Gou shui=transliteration",
        "",  # no more aliases
        "Paying in dog photos.",
    ]
    result = run("add", "--interactive", "-g", str(terms_file), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Error: '小红书' is already a form of concept 'xiaohongshu' (as '小红书')" in out
    assert "Category (platform, app, company," in out and "Error: 'planet' is not one of" in out
    assert "Pinyin with tone marks [gǒushuì]: " in out
    assert "Error: unknown alias kind 'synonym' in 'Dog Tax=synonym'" in out
    assert "Error: 'Little Red Book' is already a form of concept 'xiaohongshu' (as 'Little Red Book')" in out
    concept = store.load(terms_file).get("dog-tax")
    assert (concept.zh, concept.zh_hant, concept.pinyin, concept.category) == ("狗税", "狗稅", "gǒushuì", "custom")
    assert [(a.text, a.kind) for a in concept.aliases] == [("Gou shui", "transliteration")]
    assert concept.note == "Paying in dog photos."


def test_interactive_add_suggests_name_pinyin_and_asks_for_a_free_id(terms_file: Path) -> None:
    with terms_file.open("a", encoding="utf-8") as f:
        f.write("  - id: chew\n    en: Shou Zi Chew\n")
    answers = ["周受资", "Chew", "person", "", "", "", "Chew Shou Zi", "zhou-shouzi"]
    result = run("add", "-i", "-g", str(terms_file), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Pinyin with tone marks [Zhōu Shòuzī]: " in result.stdout  # a person's name, as enrich writes it
    assert "the id 'chew' is taken: choose another" in result.stderr
    assert "Error: an id is a lower-case slug such as 'chew-shou-zi'" in result.stdout
    concept = store.load(terms_file).get("zhou-shouzi")
    assert (concept.en, concept.pinyin, concept.category) == ("Chew", "Zhōu Shòuzī", "person")


def test_interactive_add_never_loses_the_answers(terms_file: Path) -> None:
    before = terms_file.read_bytes()
    answers = ["小黄书", "Little Yellow Book", "media", "", "", "A parody."]
    result = run("add", "-i", "--zh-hant", "小紅書", "-g", str(terms_file), input="\n".join(answers) + "\n")
    assert result.exit_code == 5
    assert terms_file.read_bytes() == before
    said = result.stderr.splitlines()
    assert said[0] == "your answers, to fix and run again:"
    command = shlex.split(said[1])
    assert command[:4] == ["glossary", "--glossary", str(terms_file), "add"]
    assert command[4:] == [
        "--id",
        "little-yellow-book",
        "--zh",
        "小黄书",
        "--zh-hant",
        "小紅書",
        "--pinyin",
        "xiǎohuángshū",
        "--en",
        "Little Yellow Book",
        "--category",
        "media",
        "--note",
        "A parody.",
        "--status",
        "reviewed",
    ]
    assert said[2].startswith("error: not saved, the change would break")
    again = run(*command[1:])  # the same answers give the same refusal; fixed, they are saved
    assert again.exit_code == 5 and again.stderr.startswith("error: not saved")
    fixed = [a for a in command[1:] if a not in ("--zh-hant", "小紅書")]
    assert run(*fixed).exit_code == 0
    assert store.load(terms_file).get("little-yellow-book").zh_hant == "小黃書"


# --- 6. show by any form --------------------------------------------------------------------


def test_show_falls_back_to_the_best_match(terms_file: Path) -> None:
    result = run("show", "xhs", "-g", str(terms_file))
    assert result.exit_code == 0
    assert result.stderr == "no id 'xhs'; showing the best match: xiaohongshu\n"
    assert result.stdout.startswith("小红书 · 小紅書  Xiǎohóngshū  RedNote\n[platform · reviewed · id: xiaohongshu]\n")
    assert run("show", "xiaohongshu", "-g", str(terms_file)).stderr == ""
    as_json = run("show", "字節跳動", "--json", "-g", str(terms_file))
    assert json.loads(as_json.stdout)["id"] == "bytedance" and "showing the best match: bytedance" in as_json.stderr
    missing = run("show", "qqqqqqqq", "-g", str(terms_file))
    assert (missing.exit_code, missing.stdout) == (3, "")
    assert missing.stderr == "error: no concept with id 'qqqqqqqq', and none of the glossary's forms matches it\n"


# --- 7. search --------------------------------------------------------------------------------


def test_search_ranks_main_forms_first_and_says_which_field_matched() -> None:
    result = run("search", "hóng")  # the bundled glossary
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "zh", "pinyin", "en", "matched"]
    assert lines[2].split() == ["xiaohongshu", "小红书", "Xiǎohóngshū", "RedNote", "pinyin"]
    data = json.loads(run("search", "hóng", "--json", "-n", "1000").stdout)
    assert (data[0]["id"], data[0]["via"], data[0]["matched"]) == ("xiaohongshu", "pinyin", "Xiǎohóngshū")
    vias = [m["via"] for m in data]
    assert vias.index("note") > max(i for i, v in enumerate(vias) if v == "pinyin")  # notes come last


def test_search_fields(terms_file: Path) -> None:
    def first(text: str) -> tuple[str, str, str]:
        m = json.loads(run("search", text, "--json", "-g", str(terms_file)).stdout)[0]
        return m["id"], m["via"], m["matched"]

    assert first("Little Red") == ("xiaohongshu", "alias:calque", "Little Red Book")
    assert first("refugee") == ("tiktok-refugee", "en", "TikTok refugee")
    assert first("字节") == ("bytedance", "zh", "字节跳动")
    assert first("lifestyle")[:2] == ("xiaohongshu", "note")
    table_out = run("search", "lifestyle", "-g", str(terms_file)).stdout.splitlines()
    assert table_out[2].split()[0] == "xiaohongshu" and table_out[2].endswith("note")


# --- 8. machine translation needs the extra and a model -----------------------------------------


def _without_extra(args: list[str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        "sys.modules['argostranslate'] = None  # as if the translate extra were not installed\n"
        "from glossary.cli import main\n"
        f"sys.argv = ['glossary', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, [m for m in ('yaml', 'ruamel', 'pypinyin', 'jieba', 'opencc') if m in sys.modules])\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)


def test_translate_and_enrich_mt_say_how_to_install_the_extra(terms_file: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install torch==2.13.0          #" in readme and '\npip install ".[translate]"\n' in readme
    expected = (
        "error: machine translation needs the 'translate' extra (argostranslate not installed). Install it with: "
        'pip install torch==2.13.0, then: pip install ".[translate]"; then a model: glossary models install PATH/TO/MODEL.argosmodel\n'
    )
    before = terms_file.read_bytes()
    for args in (["translate", "我在小红书上"], ["enrich", "--mt", "-g", str(terms_file)]):
        result = _without_extra(args)
        assert result.stderr == expected, args
        assert result.stdout == "3 []\n", args  # no file read, no enrichment started
    assert terms_file.read_bytes() == before


def test_enrich_mt_without_a_model_stops_before_any_work(terms_file: Path) -> None:
    code = (
        "import sys\nfrom glossary.cli import main\n"
        f"sys.argv = ['glossary', 'enrich', '--mt', '-g', {str(terms_file)!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, [m for m in ('pypinyin', 'jieba', 'opencc') if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout == "3 []\n"
    assert result.stderr.startswith(
        "error: no zh→en translation model installed. Install one with: glossary models install "
    )


# --- 9. progress ----------------------------------------------------------------------------


def test_enrich_shows_progress_only_at_a_terminal(indexed: Path) -> None:
    code, shown = run_tty("--no-color", "enrich", "--dry-run", "-g", str(indexed))
    assert code == 0
    assert "\renriching [" in shown and "100% 4/4" in shown
    assert "\x1b" not in shown
    piped = run("enrich", "--dry-run", "-g", str(indexed))
    assert "enriching" not in piped.stderr and "\r" not in piped.output


def test_extract_progress_is_on_the_terminal_without_escape_codes(tmp_path: Path, terms_file: Path) -> None:
    corpus = tmp_path / "big.txt"
    corpus.write_text("Millions of TikTok refugees joined RedNote (小红书) this week.\n" * 20000, encoding="utf-8")
    assert corpus.stat().st_size > 1 << 20
    code, shown = run_tty(
        "extract", str(corpus), "-n", "1", "--format", "json", "-g", str(terms_file), env={"NO_COLOR": "1"}
    )
    assert code == 0
    assert "\rreading [" in shown and "\x1b" not in shown
    piped = run("extract", str(corpus), "-n", "1", "--format", "json", "-g", str(terms_file))
    assert piped.stderr == "1 concept\n"


# --- 10. untrusted text ------------------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "concepts:\n"
        '  - id: xiaohongshu\n    category: platform\n    zh: 小红书\n    en: "Red\\u202ENote"\n'
        '    aliases:\n      - {text: "XHS\\e[2J", kind: abbreviation}\n'
        '    note: "Lifestyle app \\e]0;pwned\\a and \\u202Eevil."\n'
        '    sources:\n      - {path: "corpus/\\e[31mnews.txt", line: 3, sentence: "Joined \\u202Ehere\\a."}\n',
        encoding="utf-8",
    )
    return path


UNSAFE = ("\x1b", "\x07", "\u202e")


def test_untrusted_text_is_shown_escaped(hostile: Path) -> None:
    shown = run("show", "xiaohongshu", "-g", str(hostile)).stdout
    assert not any(c in shown for c in UNSAFE)
    assert "note:    Lifestyle app \\x1b]0;pwned\\x07 and \\u202eevil." in shown
    assert "aliases: XHS\\x1b[2J (abbreviation)" in shown
    assert "seen:    corpus/\\x1b[31mnews.txt:3  “Joined \\u202ehere\\x07.”" in shown
    for args in (["lookup", "xhs"], ["list"], ["search", "pwned"], ["search", "life"]):
        out = run(*args, "-g", str(hostile)).output
        assert "Red\\u202eNote" in out and not any(c in out for c in UNSAFE), args
    data = run("lookup", "xhs", "--json", "-g", str(hostile)).stdout
    assert not any(c in data for c in UNSAFE)
    assert json.loads(data)[0]["note"] == "Lifestyle app \x1b]0;pwned\x07 and \u202eevil."  # the data itself is intact
    code, at_terminal = run_tty("show", "xiaohongshu", "-g", str(hostile))
    assert code == 0 and "pwned" in at_terminal and "\x07" not in at_terminal and "\u202e" not in at_terminal
    assert "\x1b]" not in at_terminal and "\x1b[31m" not in at_terminal and "\x1b[2J" not in at_terminal

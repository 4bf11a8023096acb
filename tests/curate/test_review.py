"""The review workflow: candidates best first, each decision one atomic write, rejections remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import app
from glossary.curate import review
from glossary.terms import store
from tests.conftest import REPO

runner = CliRunner()
CORPUS = REPO / "tests" / "data" / "corpus"

TERMS = """\
# my glossary
concepts:
  # --- taxes ---
  - id: cat-tax
    category: custom
    zh: 猫税
    en: cat tax
    status: reviewed
  - id: dog-tax
    category: other
    zh: 狗税
    pinyin: gǒushuì
    en: dog tax
    status: candidate
    sources:
      - {path: a.txt, line: 1, sentence: 交狗税了。}
    origin:
      pinyin: rule
      en: rule
  - id: more-stories
    category: other
    en: MORE STORIES
    status: candidate
    sources:
      - {path: a.txt, line: 2, sentence: MORE STORIES}
      - {path: b.txt, line: 2, sentence: MORE STORIES}
  - id: cat-taxes
    category: other
    en: Cat taxes paid
    aliases:
      - {text: 缴猫税, kind: variant}
    status: candidate
"""


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def terms(tmp_path: Path) -> Path:
    path = tmp_path / "terms.yaml"
    path.write_text(TERMS, encoding="utf-8")
    return path


def test_candidates_come_best_first_with_their_evidence_and_origins(terms: Path) -> None:
    found = review.candidates(terms)
    assert [c.concept.id for c in found] == ["more-stories", "dog-tax", "cat-taxes"]
    data = run("review", "--json", "-g", str(terms))
    assert data.exit_code == 0
    import json

    rows = json.loads(data.stdout)
    assert rows[1]["id"] == "dog-tax"
    assert rows[1]["evidence"] == 1
    assert rows[1]["origins"] == {"zh": "human", "pinyin": "rule", "en": "rule"}


def test_off_a_terminal_review_lists_the_candidates(terms: Path) -> None:
    result = run("review", "-g", str(terms))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["id", "zh", "en", "category", "evidence"]
    assert result.stdout.splitlines()[2].split()[0] == "more-stories"
    assert result.stderr == "3 candidates\n"


def test_flags_decide_for_scripts(terms: Path) -> None:
    result = run(
        "review", "-g", str(terms), "--accept", "dog-tax", "--reject", "more-stories", "--merge", "cat-taxes=cat-tax"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "dog-tax (狗税 · dog tax) accepted",
        "more-stories (MORE STORIES) rejected: build will not propose MORE STORIES again",
        "cat-taxes (Cat taxes paid) merged into cat-tax (new forms Cat taxes paid · 缴猫税)",
    ]
    g = store.load(terms)
    assert [c.id for c in g.concepts] == ["cat-tax", "dog-tax"]
    assert g.get("dog-tax").status == "reviewed"
    assert g.get("dog-tax").origin == {"pinyin": "rule", "en": "rule"}  # accepting keeps where values came from
    assert [a.text for a in g.get("cat-tax").aliases] == ["Cat taxes paid", "缴猫税"]
    assert g.rejected == ["MORE STORIES"]
    text = terms.read_text(encoding="utf-8")
    assert text.startswith("# my glossary\nconcepts:\n  # --- taxes ---\n")
    assert "      - {text: 缴猫税, kind: variant}\n" in text


def test_relate_accepts_and_links_both_ways(terms: Path) -> None:
    result = run("review", "-g", str(terms), "--relate", "dog-tax=cat-tax")
    assert result.exit_code == 0
    g = store.load(terms)
    assert g.get("dog-tax").related == ["cat-tax"]
    assert g.get("cat-tax").related == ["dog-tax"]
    assert g.get("dog-tax").status == "reviewed"


def test_bad_decisions_are_clear_errors_and_change_nothing(terms: Path) -> None:
    before = terms.read_bytes()
    cases = [
        (("--accept", "cat-tax"), 5, "error: cat-tax is already reviewed; change it with 'glossary edit cat-tax'\n"),
        (("--accept", "nope"), 3, f"error: no concept with id 'nope' in {terms}\n"),
        (("--merge", "dog-tax"), 2, "error: expected CANDIDATE=EXISTING, got 'dog-tax'\n"),
        (("--merge", "dog-tax=nope"), 3, "error: no concept with id 'nope' to merge into or relate to\n"),
        (("--relate", "dog-tax=dog-tax"), 2, "error: dog-tax cannot be merged into or related to itself\n"),
    ]
    for args, code, message in cases:
        result = run("review", "-g", str(terms), *args)
        assert (result.exit_code, result.stderr) == (code, message), args
    assert terms.read_bytes() == before


def test_dry_run_shows_the_diff_of_every_decision_and_writes_nothing(terms: Path) -> None:
    before = terms.read_bytes()
    args = ("review", "-g", str(terms), "--reject", "more-stories", "--accept", "dog-tax", "--set", "note=Pets pay it.")
    result = run(*args, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "--- a/terms.yaml\n+++ b/terms.yaml\n@@ -11,22 +11,18 @@\n"
        "     zh: 狗税\n     pinyin: gǒushuì\n     en: dog tax\n"
        "-    status: candidate\n+    note: Pets pay it.\n+    status: reviewed\n"
        "     sources:\n       - {path: a.txt, line: 1, sentence: 交狗税了。}\n     origin:\n"
        "       pinyin: rule\n       en: rule\n"
        "-  - id: more-stories\n-    category: other\n-    en: MORE STORIES\n-    status: candidate\n"
        "-    sources:\n-      - {path: a.txt, line: 2, sentence: MORE STORIES}\n"
        "-      - {path: b.txt, line: 2, sentence: MORE STORIES}\n"
        "   - id: cat-taxes\n     category: other\n     en: Cat taxes paid\n     aliases:\n"
        "       - {text: 缴猫税, kind: variant}\n     status: candidate\n+rejected:\n+  - MORE STORIES\n"
    )
    assert result.stderr == (
        "dry run: would have dog-tax (狗税 · dog tax) accepted (set: note)\n"
        "dry run: would have more-stories (MORE STORIES) rejected: build will not propose MORE STORIES again; "
        "nothing was written\n"
    )
    assert terms.read_bytes() == before
    assert not [p for p in terms.parent.iterdir() if p.name.startswith(("terms.yaml", ".terms.yaml")) and p != terms]
    written = run(*args)
    assert written.exit_code == 0
    applied = terms.read_text(encoding="utf-8")
    import difflib

    assert (
        "".join(
            difflib.unified_diff(
                before.decode().splitlines(True), applied.splitlines(True), "a/terms.yaml", "b/terms.yaml"
            )
        )
        == result.stdout
    )


def test_the_decisions_of_one_command_line_are_all_written_or_none(terms: Path) -> None:
    before = terms.read_bytes()
    result = run("review", "-g", str(terms), "--reject", "more-stories", "--accept", "nope")
    assert (result.exit_code, result.stderr) == (3, f"error: no concept with id 'nope' in {terms}\n")
    assert terms.read_bytes() == before


def test_the_walk_asks_again_on_a_bad_answer_and_loses_nothing(terms: Path) -> None:
    answers = ["z", "e", "category", "pets", "e", "category", "custom", "x", "a", "m", "nope", "m", "cat-tax"]
    result = run("review", "-g", str(terms), "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "unknown answer 'z': type one of a, e, m, r, x, s, q" in result.stderr
    assert "error: unknown category 'pets' (expected one of: platform," in result.stderr
    assert "error: no concept with id 'nope' to merge into or relate to" in result.stderr
    assert "[1/3] more-stories · other · 2 sources\nMORE STORIES\nfields:  en (human)\n" in result.stdout
    assert "seen:    a.txt:2  “MORE STORIES”" in result.stdout
    assert "more-stories (MORE STORIES) edited: category" in result.stdout
    assert "[1/3] more-stories · custom · 2 sources" in result.stdout
    assert "fields:  zh (human) · pinyin (rule) · en (rule)" in result.stdout
    assert result.stderr.endswith("reviewed 3 of 3 candidates\n")
    g = store.load(terms)
    assert [c.id for c in g.concepts] == ["cat-tax", "dog-tax"]
    assert g.rejected == ["MORE STORIES"]
    assert g.get("dog-tax").status == "reviewed"
    assert [a.text for a in g.get("cat-tax").aliases] == ["Cat taxes paid", "缴猫税"]


def test_quit_stops_and_keeps_what_was_decided(terms: Path) -> None:
    result = run("review", "-g", str(terms), "-i", input="x\nq\n")
    assert result.exit_code == 0
    assert result.stderr == "reviewed 1 of 3 candidates\n"
    assert store.load(terms).rejected == ["MORE STORIES"]


def test_a_rejected_candidate_never_returns_from_build(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text("concepts:\n  - {id: cat-tax, zh: 猫税, en: cat tax, status: reviewed}\n", encoding="utf-8")
    assert run("build", str(CORPUS), "--new", "--no-enrich", "-g", str(terms)).exit_code == 0
    first = {c.concept.id for c in review.candidates(terms)}
    assert "captain-potato" in first
    assert run("review", "-g", str(terms), "--reject", "captain-potato").exit_code == 0
    result = run("build", str(CORPUS), "--new", "--no-enrich", "-g", str(terms))
    assert result.exit_code == 0
    again = {c.concept.id for c in review.candidates(terms)}
    assert "captain-potato" not in again
    assert "rejected forms skipped" in result.stdout


def test_a_reviewer_writes_the_example_and_adds_refs(terms: Path) -> None:
    answers = [
        "e",
        "example",
        "我们家的狗也要交狗税。",
        "e",
        "example",
        "我们家的狗也要交狗税。 | Our dog pays the dog tax too.",
        "e",
        "ref",
        "https://example.org/dog-tax | Example News | 2025-01-16",
        "a",
    ]
    result = run("review", "-g", str(terms), "-i", input="s\n" + "\n".join(answers) + "\nq\n")
    assert result.exit_code == 0, result.output
    assert (
        "error: an example is 'CHINESE SENTENCE | ENGLISH TRANSLATION', got '我们家的狗也要交狗税。'" in result.stderr
    )
    dog = store.load(terms).get("dog-tax")
    assert (dog.example.zh, dog.example.en) == ("我们家的狗也要交狗税。", "Our dog pays the dog tax too.")
    assert [(r.url, r.outlet, r.date) for r in dog.refs] == [
        ("https://example.org/dog-tax", "Example News", "2025-01-16")
    ]
    assert dog.status == "reviewed"
    text = terms.read_text(encoding="utf-8")
    assert "    example: {zh: 我们家的狗也要交狗税。, en: Our dog pays the dog tax too.}\n" in text
    assert '      - {url: "https://example.org/dog-tax", outlet: Example News, date: "2025-01-16"}\n' in text


REVIEWED = """\
concepts:
  # --- people ---
  - id: tiktok-refugee
    zh: TikTok难民
    en: TikTok refugee
    status: reviewed
  # --- taxes ---
  - id: cat-tax
    zh: 猫税
    en: cat tax
    status: reviewed
"""


def test_build_proposes_new_forms_of_a_reviewed_concept_and_review_decides_them(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(REVIEWED, encoding="utf-8")
    from glossary.curate import merge
    from glossary.extract.link import Extracted

    def found(cid: str, forms: list[str]) -> Extracted:
        source = {"path": "post.txt", "line": 1, "context": "这群人也交了猫税。"}
        return Extracted(
            id=cid, forms=forms, zh=None, pinyin=None, en=None, category=None, score=1.0, count=2, sources=[source]
        )

    report = merge.build(terms, [found("tiktok-refugee", ["TikTok难民", "这群人"]), found("x", ["猫咪税", "猫税"])])
    assert report.proposed == {"tiktok-refugee": ["这群人"], "cat-tax": ["猫咪税"]} and report.extended == {}
    g = store.load(terms)
    assert [a.text for a in g.get("tiktok-refugee").proposed] == ["这群人"]  # proposed, never silently an alias
    assert g.get("tiktok-refugee").aliases == [] and g.get("tiktok-refugee").status == "reviewed"
    assert "这群人" not in g.get("tiktok-refugee").forms()
    # proposed again by a later build: neither twice nor as a new concept
    again = merge.build(terms, [found("tiktok-refugee", ["这群人"]), found("y", ["猫咪税"])])
    assert again.proposed == {} and again.added == []
    # review lists the reviewed concepts with proposals, with the candidates
    listing = run("review", "-g", str(terms))
    assert listing.stdout.splitlines()[0].split() == ["id", "zh", "en", "category", "evidence", "proposed"]
    assert [line.split()[-1] for line in listing.stdout.splitlines()[2:]] == ["这群人", "猫咪税"]
    # only accept and reject apply to a reviewed concept
    bad = run("review", "-g", str(terms), "--merge", "cat-tax=tiktok-refugee")
    assert bad.exit_code == 2 and "cat-tax is reviewed: accept or reject its proposed forms" in bad.stderr
    missing = run("review", "-g", str(terms), "--accept", "cat-tax:狗税")
    assert missing.exit_code == 3 and "'狗税' is not proposed for cat-tax (proposed: 猫咪税)" in missing.stderr
    result = run("review", "-g", str(terms), "--accept", "cat-tax:猫咪税", "--reject", "tiktok-refugee")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "cat-tax (猫税 · cat tax): 猫咪税 accepted as an alias",
        "tiktok-refugee (TikTok难民 · TikTok refugee): 这群人 rejected: build will not propose it again",
    ]
    g = store.load(terms)
    assert [a.text for a in g.get("cat-tax").aliases] == ["猫咪税"] and g.get("cat-tax").proposed == []
    assert g.get("tiktok-refugee").proposed == [] and g.rejected == ["这群人"]
    assert review.candidates(terms) == []
    text = terms.read_text(encoding="utf-8")
    assert "proposed" not in text and "  # --- taxes ---\n  - id: cat-tax\n" in text
    assert merge.build(terms, [found("tiktok-refugee", ["这群人"])]).proposed == {}


def test_the_walk_shows_proposed_forms_and_takes_only_accept_or_reject_for_them(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(
        REVIEWED.replace(
            "    status: reviewed\n  # --- taxes", "    proposed:\n      - 这群人\n    status: reviewed\n  # --- taxes"
        ),
        encoding="utf-8",
    )
    result = run("review", "-g", str(terms), "-i", input="m\nx\n")
    assert result.exit_code == 0, result.output
    assert "proposed: 这群人 (variant)  (accept or reject)" in result.stdout
    assert "error: tiktok-refugee is reviewed: accept or reject its proposed forms" in result.stderr
    assert "which concept" not in result.stdout  # refused before asking for a target
    g = store.load(terms)
    assert g.get("tiktok-refugee").proposed == [] and g.rejected == ["这群人"]


MERGING = """\
# my glossary
concepts:
  - id: xiaohongshu  # the app
    category: platform
    zh: 小红书
    pinyin: Xiǎohóngshū
    en: RedNote
    aliases:
      - {text: XHS, kind: abbreviation}
    status: reviewed
    refs:
      - {url: "https://example.org/a", outlet: A}
  # --- candidates ---
  - id: little-red-book
    category: platform
    zh_hant: 小紅書
    en: Little Red Book
    aliases:
      - {text: Xiaohongshu, kind: transliteration}
      - {text: "#RedNoteApp", kind: variant}
      - {text: XHS, kind: variant}
    example: {zh: 我在小红书上。, en: I am on RedNote.}
    refs:
      - {url: "https://example.org/a", outlet: A again}
      - {url: "https://example.org/b", outlet: B, date: "2025-01-15"}
    sources:
      - {path: a.txt, line: 3, sentence: Little Red Book is hot.}
    related: [lemon8]
    origin: {zh_hant: rule, en: text}
    confidence: {en: high}
    status: candidate
  - id: lemon8
    en: Lemon8
    related: [little-red-book]
    status: candidate
"""


def test_merge_keeps_refs_example_sources_and_each_forms_kind(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(MERGING.replace("      - {text: XHS, kind: variant}\n", ""), encoding="utf-8")
    result = run("review", "-g", str(terms), "--merge", "little-red-book=xiaohongshu")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "little-red-book (Little Red Book) merged into xiaohongshu "
        "(new forms 小紅書 · Little Red Book · Xiaohongshu · #RedNoteApp; filled example)\n"
    )
    g = store.load(terms)
    x = g.get("xiaohongshu")
    assert (x.zh, x.zh_hant, x.en, x.pinyin) == ("小红书", "小紅書", "RedNote", "Xiǎohóngshū")  # its own values stay
    assert [(a.text, a.kind) for a in x.aliases] == [
        ("XHS", "abbreviation"),
        ("Little Red Book", "translation"),  # its en: another English name
        ("Xiaohongshu", "transliteration"),  # an alias keeps its kind
        ("#RedNoteApp", "variant"),
    ]
    assert [(r.url, r.outlet) for r in x.refs] == [("https://example.org/a", "A"), ("https://example.org/b", "B")]
    assert (x.example.zh, x.example.en) == ("我在小红书上。", "I am on RedNote.")
    assert [(s.path, s.line) for s in x.sources] == [("a.txt", 3)]
    assert x.origin == {"zh_hant": "rule"} and x.confidence == {}  # the filled field keeps its origin
    assert x.related == ["lemon8"] and g.get("lemon8").related == ["xiaohongshu"]  # nothing points at a gone id
    assert [c.id for c in g.concepts] == ["xiaohongshu", "lemon8"]
    assert terms.read_text(encoding="utf-8").startswith("# my glossary\nconcepts:\n  - id: xiaohongshu  # the app\n")


def test_merge_fills_the_targets_empty_english_and_takes_pinyin_with_the_characters(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(
        "concepts:\n  - {id: mao-shui, en: cat tax, status: reviewed}\n"
        "  - {id: cat-tax-zh, zh: 猫税, pinyin: māoshuì, en: Maoshui, origin: {pinyin: rule}}\n",
        encoding="utf-8",
    )
    assert run("review", "-g", str(terms), "--merge", "cat-tax-zh=mao-shui").exit_code == 0
    c = store.load(terms).get("mao-shui")
    assert (c.zh, c.pinyin, c.en) == ("猫税", "māoshuì", "cat tax")
    assert [(a.text, a.kind) for a in c.aliases] == [("Maoshui", "transliteration")]
    assert c.origin == {"pinyin": "rule"}


def test_a_merge_that_would_clash_is_refused_whole(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(MERGING, encoding="utf-8")  # XHS twice in one concept's reach: refused on load
    before = terms.read_bytes()
    result = run("review", "-g", str(terms), "--merge", "little-red-book=xiaohongshu")
    assert result.exit_code != 0 and result.stderr.count("\n") == 2 and "XHS" in result.stderr
    assert terms.read_bytes() == before


def test_rejecting_a_candidate_others_relate_to_keeps_the_file_valid(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(MERGING.replace("      - {text: XHS, kind: variant}\n", ""), encoding="utf-8")
    assert run("review", "-g", str(terms), "--reject", "little-red-book").exit_code == 0
    assert store.load(terms).get("lemon8").related == []
    assert "related" not in terms.read_text(encoding="utf-8")


def test_accept_with_set_edits_then_accepts_in_one_write(terms: Path) -> None:
    result = run(
        "review", "-g", str(terms), "--accept", "dog-tax", "--set", "note=Pets pay it too.", "--set", "pinyin=Gǒushuì"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "dog-tax (狗税 · dog tax) accepted (set: note, pinyin)\n"
    dog = store.load(terms).get("dog-tax")
    assert (dog.status, dog.note, dog.pinyin) == ("reviewed", "Pets pay it too.", "Gǒushuì")
    assert dog.origin == {"en": "rule"}  # the pinyin a person set is theirs now
    cleared = run("review", "-g", str(terms), "--accept", "cat-taxes", "--set", "en=")
    assert (cleared.exit_code, cleared.stderr) == (2, "error: cannot clear en of cat-taxes: a concept needs zh or en\n")
    before = terms.read_bytes()
    cases = [
        (
            ("--set", "note=x"),
            "error: --set sets fields of the candidate accepted: give exactly one --accept ID with it\n",
        ),
        (
            ("--accept", "cat-taxes", "--set", "status=reviewed"),
            "error: cannot set 'status' (settable: zh, zh_hant, "
            "pinyin, en, category, scope, literal, gloss, note, example, ref)\n",
        ),
        (("--accept", "cat-taxes", "--set", "note"), "error: expected FIELD=VALUE (FIELD= clears it), got 'note'\n"),
        (
            ("--accept", "cat-taxes", "--set", "category="),
            "error: cannot clear 'category': it has a default: set "
            "another value instead (clearable: zh, zh_hant, pinyin, en, literal, gloss, note, example, refs, related, scope)\n",
        ),
    ]
    for args, message in cases:
        bad = run("review", "-g", str(terms), *args)
        assert (bad.exit_code, bad.stderr) == (2, message), args
    assert terms.read_bytes() == before


WALK = """\
concepts:
  - {id: cat-tax, zh: 猫税, en: cat tax, status: reviewed}
  - id: dog-tax
    zh: 狗税
    en: dog tax
    gloss: a dog's tax
    origin: {gloss: dictionary}
    sources: [{path: a.txt, line: 1}, {path: a.txt, line: 2}, {path: a.txt, line: 3}, {path: a.txt, line: 4}]
  - id: maoshui
    en: Maoshui
    sources: [{path: a.txt, line: 1}, {path: a.txt, line: 2}, {path: a.txt, line: 3}]
  - id: pet-tax
    en: pet tax
    sources: [{path: a.txt, line: 1, sentence: "\\x1b[31mpets\\x1b[0m pay"}, {path: b.txt, line: 2}]
  - id: more-stories
    en: MORE STORIES
    sources: [{path: a.txt, line: 9}]
  - id: noise
    en: noise
"""


def on_a_terminal(argv: list[str], answers: list[tuple[str, str]], timeout: float = 60) -> tuple[int, str]:
    """Run ``argv`` on a pseudo-terminal, typing each answer once its prompt has shown (the
    prompt's n-th appearance for the n-th answer after the same prompt); its exit code and what it showed."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios
    import time

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    proc = subprocess.Popen([sys.executable, "-m", "glossary", *argv], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    shown, seen = b"", {}
    deadline = time.monotonic() + timeout

    def read() -> bool:
        nonlocal shown
        try:
            data = os.read(master, 65536)
        except OSError:
            return False
        shown += data
        return bool(data)

    for prompt, answer in answers:
        seen[prompt] = seen.get(prompt, 0) + 1
        while shown.decode("utf-8", "replace").count(prompt) < seen[prompt]:
            assert time.monotonic() < deadline and read(), shown.decode("utf-8", "replace")
        os.write(master, answer.encode("utf-8") + b"\n")
    while time.monotonic() < deadline and read():
        pass
    os.close(master)
    return proc.wait(timeout=timeout), shown.decode("utf-8").replace("\r\n", "\n")


def test_the_walk_at_a_real_terminal_takes_every_action(tmp_path: Path) -> None:
    terms = tmp_path / "terms.yaml"
    terms.write_text(WALK, encoding="utf-8")
    menu = "[q]uit"
    answers = [
        (menu, "e"),  # dog-tax: edit a field, then accept it
        ("field (", "gloss"),
        ("new gloss", "-"),
        (menu, "a"),
        (menu, "m"),  # maoshui: merge into cat-tax
        ("merge into which concept", "cat-tax"),
        (menu, "r"),  # pet-tax: relate to cat-tax
        ("relate to which concept", "cat-tax"),
        (menu, "x"),  # more-stories: reject
        (menu, "s"),  # noise: skip
    ]
    code, shown = on_a_terminal(["review", "-g", str(terms)], answers)
    assert code == 0, shown
    assert (
        "[1/5] dog-tax · other · 4 sources\n狗税  dog tax\nfields:  zh (human) · en (human) · gloss (dictionary)\n"
        in shown
    )
    assert "dog-tax (狗税 · dog tax) edited: gloss (cleared)\n" in shown
    assert "fields:  zh (human) · en (human)\n" in shown  # shown again after the edit
    assert "dog-tax (狗税 · dog tax) accepted\n" in shown
    assert "maoshui (Maoshui) merged into cat-tax (new forms Maoshui)\n" in shown
    assert "pet-tax (pet tax) accepted, related to cat-tax\n" in shown
    assert "seen:    a.txt:1  “\\x1b[31mpets\\x1b[0m pay”" in shown  # a corpus's control codes shown escaped
    assert "more-stories (MORE STORIES) rejected: build will not propose MORE STORIES again\n" in shown
    assert shown.endswith("reviewed 4 of 5 candidates\n")
    g = store.load(terms)
    assert [c.id for c in g.concepts] == ["cat-tax", "dog-tax", "pet-tax", "noise"]
    assert g.get("dog-tax").gloss is None and g.get("dog-tax").origin == {} and g.get("dog-tax").status == "reviewed"
    assert [(a.text, a.kind) for a in g.get("cat-tax").aliases] == [("Maoshui", "translation")]
    assert g.get("cat-tax").related == ["pet-tax"] and g.rejected == ["MORE STORIES"]
    assert g.get("noise").status == "candidate"

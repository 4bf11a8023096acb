"""Rejecting forms appends to the text of the ``rejected:`` list: no whole parse, the same result."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.terms import store

HEAD = "# mine\nconcepts:\n  - id: cat-tax  # a comment\n    zh: 猫税\n    en: cat tax\n"
TAILS = [
    "",
    "rejected:\n  - MORE STORIES\n",
    "rejected:\n- MORE STORIES\n# the end\n",
    "rejected:  # never again\n  - MORE STORIES\n\n  - 'yes'\n",
    "rejected: [MORE STORIES]\n",
    "rejected:\n",
    "name: mine\nrejected:\n  - a\ndescription: after it\n",
]


def _reject(path: Path, forms: list[str], whole: bool) -> bool:
    """Reject ``forms`` in ``path``; whether the whole document was parsed to do it."""
    with store.editing(path, backup=False) as doc:
        if whole:
            doc.raw  # noqa: B018 (the round-trip path)
        doc.reject(forms)
    return doc._raw is not None


@pytest.mark.parametrize("tail", TAILS)
def test_appending_to_the_text_gives_what_the_whole_document_gives(tmp_path: Path, tail: str) -> None:
    forms = ["哀", "MORE STORIES", "yes", "- dash", "a: colon", "#tag", "元组"]
    fast, whole = tmp_path / "fast.yaml", tmp_path / "whole.yaml"
    for p in (fast, whole):
        p.write_text(HEAD + tail, encoding="utf-8")
    parsed = _reject(fast, forms, whole=False)
    assert parsed == ("[" in tail)  # only the one-line list needs the whole document
    _reject(whole, forms, whole=True)
    assert store.load(fast).rejected == store.load(whole).rejected
    text = fast.read_text(encoding="utf-8")
    assert text.startswith(HEAD) and store.load(fast).get("cat-tax").en == "cat tax"
    assert ("# the end\n" in text) == ("# the end" in tail) and ("description: after it\n" in text) == (
        "description" in tail
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4))
def test_any_forms_read_back_as_rejected(tmp_path: Path, forms: list[str]) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text(HEAD + TAILS[1], encoding="utf-8")
    try:
        _reject(path, forms, whole=False)
    except Exception as e:  # a form the file cannot hold is refused the same way as before
        from glossary.errors import GlossaryError

        assert isinstance(e, GlossaryError)
        return
    from glossary.text.normalize import fold

    got = store.load(path).rejected
    assert got[0] == "MORE STORIES"
    expected = {fold(f) for f in forms if fold(f)} | {fold("MORE STORIES")}
    assert {fold(f) for f in got} == expected

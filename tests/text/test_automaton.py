"""The one Aho–Corasick automaton: every occurrence of every key, by their ends, around lone surrogates too."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from glossary.text.matcher import Automaton

LETTERS = st.sampled_from(list("小红书薯ab #\ud800"))


def occurrences(keys: list[str], text: str) -> set[tuple[int, int, int]]:
    """Every (start, end, key number) by brute force."""
    return {(i, i + len(k), n) for n, k in enumerate(keys) for i in range(len(text)) if k and text.startswith(k, i)}


@given(
    keys=st.lists(st.text(LETTERS, min_size=1, max_size=4), max_size=8, unique=True), text=st.text(LETTERS, max_size=40)
)
def test_every_occurrence_is_found_in_order_of_its_end(keys: list[str], text: str) -> None:
    found = Automaton({k: n for n, k in enumerate(keys)}).find(text)
    ends = [e for _, e, _ in found]
    assert ends == sorted(ends)
    # a key holding a lone surrogate cannot be searched for (nor written as UTF-8): it is left out
    searchable = [k if "\ud800" not in k else "" for k in keys]
    assert set(found) == occurrences(searchable, text)


def test_text_with_a_lone_surrogate_is_searched_around_it() -> None:
    automaton = Automaton({"小红书": "xhs", "薯": "shu"})
    assert automaton.find("a\ud800小红书\udc00薯") == [(2, 5, "xhs"), (6, 7, "shu")]
    assert len(automaton) == 2 and Automaton({}).find("小红书") == [] and len(Automaton({"\udfff": 1})) == 0

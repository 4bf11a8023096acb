"""The CLI's JSON writer gives exactly the text of ``json.dumps(..., ensure_ascii=False, indent=2)``."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from glossary.cli.output import json_text

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
DATA = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
        | st.dictionaries(KEYS, inner, max_size=3)
    ),
    max_leaves=25,
)


@given(DATA)
def test_the_same_text_as_the_standard_library(data: Any) -> None:
    assert json_text(data) == json.dumps(data, ensure_ascii=False, indent=2)


class Name(str):
    """A str subclass: left to the standard library."""


def test_nested_rows_and_odd_values_read_back_the_same() -> None:
    rows = [
        {"id": "a", "forms": ["小红书", "RedNote"], "links": [{"rule": "x", "line": 3}], "score": 1e16, "e": {}},
        {"id": Name("b"), "nan": float("nan"), "inf": float("-inf"), "t": ("x", None), "lone": "\ud800\n\x85"},
    ]
    text = json_text(rows)
    assert text == json.dumps(rows, ensure_ascii=False, indent=2)
    assert '"score": 1e+16' in text and '"inf": -Infinity' in text and '"lone": "\ud800\\n\x85"' in text

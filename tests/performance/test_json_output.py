"""The fast indented JSON writer gives exactly json.dumps(obj, indent=2, ensure_ascii=False)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from renketsu.model.jsonout import dumps

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8))
keys = st.one_of(st.text(max_size=6), st.integers(-5, 5), st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                       st.dictionaries(keys, inner, max_size=5)), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(values)
def test_same_text_as_the_standard_library(obj):
    assert dumps(obj) == json.dumps(obj, indent=2, ensure_ascii=False)


def test_tuples_unicode_and_control_characters():
    obj = {"a": ("x", 1), "b": [{"é": "\n\t\"\u2028"}, [], {}], "c": {"d": {}, "e": [[1, 2], ["3"]]}}
    assert dumps(obj) == json.dumps(obj, indent=2, ensure_ascii=False)


@settings(max_examples=200, deadline=None)
@given(values)
def test_dump_in_pieces_is_the_same_text(obj):
    import renketsu.model.jsonout as jsonout

    pieces: list[str] = []
    was = jsonout._CHUNK
    jsonout._CHUNK = 1  # hand on after every item: the smallest pieces
    try:
        jsonout.dump(obj, pieces.append)
    finally:
        jsonout._CHUNK = was
    assert "".join(pieces) == json.dumps(obj, indent=2, ensure_ascii=False)

"""The fast indented JSON writer gives exactly json.dumps(obj, indent=2, ensure_ascii=False)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import pytest

from renketsu.model import jsonout
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


# --- the orjson path (floats=False): the same text for what a result holds -----------------------------

no_float_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
no_float_values = st.recursive(no_float_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=5)), max_leaves=40)


def _dumped(obj, **kw) -> str:
    out: list[str] = []
    jsonout.dump(obj, out.append, **kw)
    return "".join(out)


@given(no_float_values)
@settings(max_examples=400, deadline=None)
def test_the_orjson_path_writes_what_json_dumps_writes(obj):
    assert _dumped(obj, floats=False) == json.dumps(obj, indent=2, ensure_ascii=False)


def test_the_orjson_path_is_taken_and_falls_back_piece_by_piece(monkeypatch):
    # Every piece orjson cannot write: a 100-digit integer, a key that is not text, control and
    # non-ASCII characters beside it; each written as json.dumps writes it.
    obj = {"big": [10**100, {"x": -(10**70)}], "keys": {None: 1, 2: "two"}, "text": "a\x00\x1f\u2028é\"\\\n",
           "nested": {"deep": [[{"k": [1, 2, {}], "e": []}]]}, "empty": {}}
    assert _dumped(obj, floats=False) == json.dumps(obj, indent=2, ensure_ascii=False)
    calls = []
    real = jsonout._orjson.dumps
    monkeypatch.setattr(jsonout._orjson, "dumps", lambda *a, **k: calls.append(1) or real(*a, **k))
    _dumped({"a": {"b": [1, 2]}, "c": "d"}, floats=False)
    assert calls  # orjson wrote the pieces


def test_what_json_cannot_hold_is_still_refused_on_the_orjson_path():
    import dataclasses
    import datetime as dt
    from decimal import Decimal

    @dataclasses.dataclass
    class Point:
        x: int

    for bad in (Decimal("1.5"), dt.date(2024, 1, 1), Point(1)):
        with pytest.raises(TypeError):
            _dumped({"a": {"b": [bad]}}, floats=False)


def test_the_items_below_the_top_are_written_a_batch_at_a_time(monkeypatch):
    # Containers of more items than a batch, with keys that need escaping, a piece orjson refuses inside one
    # batch, nested and empty items: the same text as json.dumps, and one orjson call per batch, not per item.
    n = 2 * jsonout._BATCH + 7
    obj = {"list": [{"id": f"E{i}", "lines": [{"a": str(i)}], "e": {}} for i in range(n)],
           "plain": {f"E{i}": {"x": [i, None]} for i in range(n)},
           "keys": {**{f"k{i}": i for i in range(n)}, 'a"b': 1, "\x1f": 2, "é": 3, "\u2028": 4},
           "refused": [*range(jsonout._BATCH), 10**100, *range(5)], "empty": [], "scalar": "s"}
    assert _dumped(obj, floats=False) == json.dumps(obj, indent=2, ensure_ascii=False)
    assert _dumped(obj["list"], floats=False) == json.dumps(obj["list"], indent=2, ensure_ascii=False)
    calls = []
    real = jsonout._orjson.dumps
    monkeypatch.setattr(jsonout._orjson, "dumps", lambda *a, **k: calls.append(1) or real(*a, **k))
    _dumped({"plain": obj["plain"]}, floats=False)
    assert len(calls) == 3  # n items in three batches

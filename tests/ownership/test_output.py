"""The ownership JSON writer and ratio_text give exactly what the generic writer and ratio_str give."""

from __future__ import annotations

import io
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from renketsu.model.jsonout import dumps
from renketsu.model.money import ratio_str
from renketsu.ownership import ownership_at
from renketsu.ownership.generate import GenerateSpec, generate
from renketsu.ownership.output import ratio_text, write_json

from .conftest import D0, make_group


def _doc_text(own) -> str:
    return dumps({"format": "renketsu.ownership/1", "date": own.date.isoformat(), "parent": own.parent,
                  "entities": own.to_json()}) + "\n"


def _written(own, indent: int = 2) -> str:
    out = io.StringIO()
    write_json(own, out, indent)
    return out.getvalue()


terminating = st.builds(lambda n, a, b: Fraction(n, 2**a * 5**b), st.integers(-10**50, 10**50),
                        st.integers(0, 140), st.integers(0, 140))
any_ratio = st.builds(Fraction, st.integers(-10**30, 10**30), st.integers(1, 10**30))


@settings(max_examples=400, deadline=None)
@given(st.one_of(terminating, any_ratio, st.integers(-10**9, 10**9).map(Fraction)))
def test_ratio_text_is_ratio_str(f):
    text = ratio_text(f)
    assert text == ratio_str(f)
    assert Fraction(text) == f  # exact: nothing rounded, however many digits


def test_ratio_text_examples():
    for f, text in ((Fraction(12, 25), "0.48"), (Fraction(1), "1"), (Fraction(0), "0"), (Fraction(47, 49), "47/49"),
                    (Fraction(1, 10**40), "0." + "0" * 39 + "1"), (Fraction(-3, 8), "-0.375"), (Fraction(5, 2), "2.5")):
        assert ratio_text(f) == text == ratio_str(f)


def test_worked_examples_write_the_generic_text():
    groups = [
        make_group([("P", "A", "0.8"), ("P", "B", "0.7"), ("A", "B", "0.1"), ("B", "A", "0.2")]),  # 47/49, 39/49
        make_group([("P", "S", "0.6"), ("S", "S", "0.1")]),  # a self-holding: 2/3
        make_group([("P", "A", "0.6"), ("A", "B", "0.3"), ("P", "B", "0.25"), ("P", "C", "0.1")]),  # a 'none'
        make_group([("P", 'Q"uote\\é', "1")], entities=["P", 'Q"uote\\é', "Idle"]),  # escaped ids, empty direct
        make_group([]),
    ]
    for g in groups:
        own = ownership_at(g, D0)
        assert _written(own) == _doc_text(own)
        assert _written(own, 4) == dumps({"format": "renketsu.ownership/1", "date": own.date.isoformat(),
                                          "parent": own.parent, "entities": own.to_json()}, indent=4) + "\n"


def test_generated_group_with_cycles_writes_the_generic_text(monkeypatch):
    from renketsu.ownership import core
    from renketsu.ownership.generate import SHARE_DEN

    gen = generate(GenerateSpec(3000, seed=4, cycles=60))
    rows = [(gen.ids[h], gen.ids[e], Fraction(s, SHARE_DEN), Fraction(v, SHARE_DEN))
            for h, e, s, v in zip(gen.holder.tolist(), gen.entity.tolist(), gen.share.tolist(), gen.voting.tolist())]
    group = make_group(rows, parent=gen.parent, entities=list(gen.ids))
    monkeypatch.setattr(core, "EXACT_COMPONENT_LIMIT", 1)  # every cycle refined: 40-decimal interests
    own = ownership_at(group, D0)
    assert any(e.effective.denominator % 10**40 == 0 for e in own.entities.values())
    assert _written(own) == _doc_text(own)


def test_zero_and_equal_shares_in_direct_write_the_generic_text():
    """A zero share is left out (as to_json does), each time it comes; equal shares that are distinct
    objects are written alike (the writer keys its share texts by object)."""
    import dataclasses

    own = ownership_at(make_group([("P", "A", "0.6"), ("P", "B", "0.6"), ("A", "B", "0.1")]), D0)
    zero, three_fifths = Fraction(0), Fraction(3, 5)
    entities = {eid: dataclasses.replace(eo, direct={**eo.direct, "Q": zero, "R": Fraction(3, 5)})
                for eid, eo in own.entities.items()}
    entities["A"] = dataclasses.replace(entities["A"], direct={"P": three_fifths, "Q": zero})
    own = dataclasses.replace(own, entities=entities)
    assert _written(own) == _doc_text(own)
    assert '"Q"' not in _written(own)

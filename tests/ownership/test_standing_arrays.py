"""The standing holdings found on index arrays are the ones :func:`holdings_at` finds.

``structure._standing_arrays`` is the path of a large group (above ``SMALL_GROUP`` entities):
the latest event of each (holder, entity) pair on or before the date, of two on one date the
later one listed, sold-out pairs left out, each pair where it first appears, then the solver's
arrays. It must give what ``holdings_at`` and ``HoldingArrays.from_fractions`` give, array for
array, and ``ownership_at`` the same snapshot whichever path it takes.
"""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

import numpy as np
import pytest

from renketsu.ownership import structure
from renketsu.ownership.core import HoldingArrays
from renketsu.ownership.output import write_json

from .conftest import holding, make_group

D = [dt.date(2020, 1, 1), dt.date(2020, 6, 30), dt.date(2021, 1, 1)]
SHARES = ["0", "0.05", "0.1", "0.3", "0.51", "0.6", "1", "1/3", "2/7"]


def _random_group(rng: random.Random, n: int, shuffle: bool):
    ids = ["P"] + [f"E{i}" for i in range(1, n)]
    cache: dict[str, Fraction] = {}  # one object per text, as the readers give

    def share(t: str) -> Fraction:
        return cache.setdefault(t, Fraction(t))

    rows = []
    for i in range(1, n):
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            h = ids[rng.randrange(0, n)]
            if h == ids[i]:
                continue
            s = share(rng.choice(SHARES))
            v = s if rng.random() < 0.8 else share(rng.choice(SHARES))
            rows.append(holding(h, ids[i], s, v, rng.choice(D)))
        if rng.random() < 0.2:  # the same pair again: a later event, or a second one on the same day
            prev = rows[-1]
            rows.append(holding(prev.holder, prev.entity, share(rng.choice(SHARES)), None, rng.choice(D)))
    g = make_group([], entities=ids)
    hs = list(rows)
    if shuffle:
        rng.shuffle(hs)
    else:
        hs.sort(key=lambda h: (h.date, h.holder, h.entity))
    return structure.Group(**{**{f: getattr(g, f) for f in g.__dataclass_fields__}, "holdings": tuple(hs)})


def _arrays_equal(a: HoldingArrays, b: HoldingArrays) -> None:
    assert (a.n, a.parent, a.share_den, a.vote_den) == (b.n, b.parent, b.share_den, b.vote_den)
    for f in ("holder", "entity", "share", "voting"):
        x, y = getattr(a, f), getattr(b, f)
        assert x.dtype == y.dtype, f
        assert np.array_equal(x, y), f


@pytest.mark.parametrize("seed", range(40))
def test_standing_arrays_are_holdings_at(seed):
    rng = random.Random(seed)
    g = _random_group(rng, rng.choice([5, 30, 250]), shuffle=seed % 2 == 1)
    ids = list(g.entities)
    index = {e: i for i, e in enumerate(ids)}
    for day in [dt.date(2019, 12, 31), *D, dt.date(2020, 3, 1)]:
        got = structure._standing_arrays(g.holdings, day, index)
        assert got is not None
        standing = structure.holdings_at(g, day)
        pairs = list(standing.values())
        assert [id(h) for h in got[1]] == [id(h) for h in pairs]
        want = HoldingArrays.from_fractions(
            n=len(ids), parent=0, holder=[index[h] for h, _ in standing], entity=[index[e] for _, e in standing],
            share=[h.share for h in pairs], voting=[h.voting for h in pairs])
        _arrays_equal(got[0], want)


def test_an_id_outside_the_entities_leaves_the_general_path():
    g = make_group([("P", "A", "0.6"), ("A", "X", "0.6")], entities=["P", "A"])
    assert structure._standing_arrays(g.holdings, dt.date(2022, 1, 1), {"P": 0, "A": 1}) is None


def test_shares_over_a_large_denominator_are_object_arrays():
    big = Fraction(1, 3**40)
    g = make_group([("P", "A", big), ("P", "B", "0.6")])
    index = {e: i for i, e in enumerate(g.entities)}
    got = structure._standing_arrays(g.holdings, dt.date(2022, 1, 1), index)
    assert got is not None and got[0].share.dtype == object
    assert got[0].share_den == 5 * 3**40 and got[0].share.tolist() == [5, 3 * 3**40]


@pytest.mark.parametrize("seed", range(6))
def test_ownership_at_is_the_same_on_either_path(seed, monkeypatch):
    rng = random.Random(100 + seed)
    g = _random_group(rng, 260, shuffle=seed % 2 == 0)
    day = D[-1]
    fast = structure.ownership_at(g, day)
    monkeypatch.setattr(structure, "_standing_arrays", lambda *a: None)
    slow = structure.ownership_at(g, day)
    assert fast.entities == slow.entities
    _arrays_equal(fast.arrays, slow.arrays)  # type: ignore[arg-type]
    assert np.array_equal(fast.solution.topo, slow.solution.topo)  # type: ignore[arg-type]
    import io

    a, b = io.StringIO(), io.StringIO()
    write_json(fast, a)
    write_json(slow, b)
    assert a.getvalue() == b.getvalue()


def test_entity_ownership_builder_is_the_constructor():
    import dataclasses

    args = ("S", "full", {"P": Fraction(3, 5)}, {"P": Fraction(1, 2)}, Fraction(1, 2), Fraction(3, 5),
            Fraction(2, 5), True)
    got, want = structure._entity_ownership(*args), structure.EntityOwnership(*args)
    assert type(got) is type(want) and got == want
    names = [f.name for f in dataclasses.fields(want)]
    assert all(getattr(got, n) == getattr(want, n) for n in names)
    assert len(structure._EO_SET) == len(names)  # a field added without the builder setting it fails here
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.method = "none"  # type: ignore[misc]

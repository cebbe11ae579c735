"""The synthetic group generator: deterministic, well-formed, and agreeing with the Group path."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as Fr

import numpy as np

from renketsu.ownership import ownership_at, solve
from renketsu.ownership.core import METHODS
from renketsu.ownership.generate import GenerateSpec, SHARE_DEN, generate, group_document, holding_rows

from .conftest import make_group


def test_same_seed_same_group_other_seed_other_group():
    a, b = generate(GenerateSpec(2000, seed=7, cycles=10)), generate(GenerateSpec(2000, seed=7, cycles=10))
    for f in ("holder", "entity", "share", "voting", "cost", "day", "established"):
        assert np.array_equal(getattr(a, f), getattr(b, f)), f
    assert list(holding_rows(a)) == list(holding_rows(b))
    c = generate(GenerateSpec(2000, seed=8, cycles=10))
    assert not np.array_equal(a.holder, c.holder)


def test_shape_of_a_generated_group():
    g = generate(GenerateSpec(5000, seed=1, cycles=20))
    n, m = len(g.ids), g.holder.size
    assert 1.2 < m / n < 1.3
    pairs = set(zip(g.holder.tolist(), g.entity.tolist()))
    assert len(pairs) == m
    per_entity = np.bincount(g.entity, weights=None, minlength=n)
    assert per_entity[0] == 0  # nobody holds the parent
    sums = np.zeros(n, dtype=np.int64)
    np.add.at(sums, g.entity, g.share)
    assert sums.max() <= SHARE_DEN
    assert (g.voting <= g.share).all()
    back = int((g.holder > g.entity).sum())
    assert 1 <= back <= 20  # cross-holdings point back up the tree
    doc = group_document(g)
    assert doc["parent"] == "P" and len(doc["accounts"]) == 24


def test_solver_on_arrays_agrees_with_ownership_at():
    g = generate(GenerateSpec(400, seed=3, cycles=8))
    sol = solve(g.arrays(), Fr(1, 2), Fr(1, 5))
    rows = [(h, e, s, v, dt.date.fromisoformat(d)) for d, h, e, s, v, _ in holding_rows(g)]
    own = ownership_at(make_group(rows, entities=list(g.ids)), dt.date(2024, 12, 31))
    for i, eid in enumerate(g.ids):
        assert own.entities[eid].method == METHODS[sol.method[i]]
        assert own.entities[eid].effective == sol.effective[i]
    # and the float solution is close to it
    full = sol.method == 2
    from scipy.sparse import csr_matrix, identity
    from scipy.sparse.linalg import spsolve

    n = len(g.ids)
    in_h = full[g.holder] & (g.holder != 0)
    h = csr_matrix((g.share[in_h] / SHARE_DEN, (g.holder[in_h], g.entity[in_h])), shape=(n, n))
    d = np.zeros(n)
    d[g.entity[g.holder == 0]] = g.share[g.holder == 0] / SHARE_DEN
    e = spsolve((identity(n) - h.T).tocsc(), d)
    exact = np.array([float(x) for x in sol.effective[1:]])
    assert np.abs(e[1:] - exact).max() < 1e-12

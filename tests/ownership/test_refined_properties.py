"""Property: the refined solve of a mutual-holding component (float64 LU + exact integer residual
correction, docs/ownership.md §3) is within REFINED_BOUND of exact Fraction Gauss-Jordan, on random
small and medium components, with the same methods everywhere."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from renketsu.ownership import core


@st.composite
def components(draw):
    """A parent holding some members of a random strongly connected set (a ring plus random stakes)."""
    m = draw(st.integers(2, 30))
    outside = draw(st.lists(st.integers(1, m), min_size=1, max_size=m, unique=True))
    held: dict[int, Fraction] = {}
    rows: dict[tuple[int, int], Fraction] = {}

    def add(h: int, e: int, s: Fraction) -> None:
        if (h, e) not in rows and held.get(e, Fraction(0)) + s <= 1:
            rows[(h, e)] = s
            held[e] = held.get(e, Fraction(0)) + s

    for e in outside:
        add(0, e, Fraction(draw(st.integers(10, 60)), 100))
    for i in range(1, m + 1):  # the ring makes one component; the majority keeps it controlled
        add(i, i % m + 1, Fraction(draw(st.integers(1, 9999)), 10000) if i % m + 1 in outside
            else Fraction(draw(st.integers(5100, 9999)), 10000))
    for _ in range(draw(st.integers(0, 2 * m))):
        h, e = draw(st.integers(1, m)), draw(st.integers(1, m))
        add(h, e, Fraction(draw(st.integers(1, 3000)), 10000))
    hs, es = [h for h, _ in rows], [e for _, e in rows]
    shares = list(rows.values())
    return core.HoldingArrays.from_fractions(m + 1, 0, hs, es, shares, list(shares))


@settings(max_examples=60, deadline=None)
@given(components())
def test_refined_is_within_its_bound_of_exact_gauss_jordan(arrays):
    half, fifth = Fraction(1, 2), Fraction(1, 5)
    try:
        exact = core.solve(arrays, half, fifth)
    except core.RenketsuError:  # no outside holder: both refuse
        return
    old = core.EXACT_COMPONENT_LIMIT
    core.EXACT_COMPONENT_LIMIT = 1  # every component of 2 or more refined
    try:
        refined = core.solve(arrays, half, fifth)
    finally:
        core.EXACT_COMPONENT_LIMIT = old
    assert np.array_equal(exact.method, refined.method)
    for a, b in zip(exact.effective, refined.effective):
        assert abs(a - b) <= core.REFINED_BOUND

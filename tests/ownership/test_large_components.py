"""Large mutual-holding components: iterative refinement agrees with the exact solve to 1e-40."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from renketsu.model.errors import Problem, RenketsuError
from renketsu.ownership import core


def _fraction_solve(
    members: list[int],
    d_num: list[int],
    sden: int,
    src: list[int],
    amt: list[int],
    ptr: list[int],
    num: list[int],
    den: list[int],
) -> None:
    """The reference: Gauss-Jordan over ``Fraction`` for one small component, what ``core._solve_component``
    computed before it went fraction-free."""
    pos = {j: r for r, j in enumerate(members)}
    m = len(members)
    a = [[Fraction(int(r == c)) for c in range(m + 1)] for r in range(m)]
    for r, j in enumerate(members):
        rhs = Fraction(d_num[j], sden)
        for k in range(ptr[j], ptr[j + 1]):
            h = src[k]
            share = Fraction(amt[k], sden)
            if h in pos:
                a[r][pos[h]] -= share
            else:
                rhs += Fraction(num[h], den[h]) * share
        a[r][m] = rhs
    for col in range(m):
        piv = next((r for r in range(col, m) if a[r][col] != 0), None)
        if piv is None:
            raise RenketsuError(Problem("singular_cross_holding", f"component of {m} entities"))
        a[col], a[piv] = a[piv], a[col]
        pv = a[col][col]
        row = [x / pv for x in a[col]]
        a[col] = row
        for r in range(m):
            if r != col and a[r][col] != 0:
                f = a[r][col]
                a[r] = [x - f * y for x, y in zip(a[r], row)]
    for r, j in enumerate(members):
        v = a[r][m]
        num[j], den[j] = v.numerator, v.denominator


def _cycle_group(m: int, seed: int) -> core.HoldingArrays:
    """Parent 0 holds 60% of entity 1; entities 1..m hold each other in a ring plus random stakes."""
    rng = random.Random(seed)
    holder, entity, share = [0], [1], [Fraction(60, 100)]
    held = {1: Fraction(60, 100)}
    for i in range(1, m + 1):
        j = i % m + 1
        s = Fraction(rng.choice([51, 60, 75]), 100) if j != 1 else Fraction(30, 100)
        if held.get(j, 0) + s <= 1:
            holder.append(i), entity.append(j), share.append(s)
            held[j] = held.get(j, 0) + s
        for _ in range(2):
            k = rng.randrange(1, m + 1)
            s2 = Fraction(rng.choice([3, 5, 10]), 100)
            if k not in (i, j) and held.get(k, 0) + s2 <= 1 and (i, k) not in zip(holder, entity):
                holder.append(i), entity.append(k), share.append(s2)
                held[k] = held.get(k, 0) + s2
    return core.HoldingArrays.from_fractions(m + 1, 0, holder, entity, share, list(share))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_refined_component_agrees_with_the_exact_solve(monkeypatch, seed):
    arrays = _cycle_group(40, seed)
    threshold, influence = Fraction(1, 2), Fraction(1, 5)
    exact = core.solve(arrays, threshold, influence)
    monkeypatch.setattr(core, "EXACT_COMPONENT_LIMIT", 5)
    refined = core.solve(arrays, threshold, influence)
    assert np.array_equal(exact.method, refined.method)
    comp = [i for i, (a, b) in enumerate(zip(exact.effective, refined.effective)) if a != b]
    assert comp, "the refined path was not taken"
    for a, b in zip(exact.effective, refined.effective):
        assert abs(a - b) <= core.REFINED_BOUND


def test_refined_component_can_fail_loudly(monkeypatch):
    # A bound that cannot be met is an error, never a silently imprecise answer.
    monkeypatch.setattr(core, "EXACT_COMPONENT_LIMIT", 5)
    monkeypatch.setattr(core, "REFINED_BOUND", Fraction(0))
    with pytest.raises(core.RenketsuError):
        core.solve(_cycle_group(20, 1), Fraction(1, 2), Fraction(1, 5))


@pytest.mark.parametrize("seed", range(300))
def test_fraction_free_component_solve_is_the_fraction_elimination(seed):
    """_solve_component (fraction-free Gauss-Jordan over integers) gives the values, in lowest terms,
    that Gauss-Jordan over Fraction gives: for components of 1-12 members with outside holders of
    assorted denominators, self-holdings, zero rows, and a singular one now and then."""
    rng = random.Random(seed)
    m = rng.randint(1, 12)
    outside = rng.randint(0, 3)
    sden = rng.choice([100, 10_000, 7 * 100])
    members = rng.sample(range(outside, outside + m), m)  # any order, as topo gives them
    n = outside + m
    num = [rng.randint(0, 50) * rng.choice([1, 3]) for _ in range(n)]
    den = [rng.choice([1, 100, 10_000, 49, 10**40]) for _ in range(n)]
    for j in members:
        num[j], den[j] = 0, 1
    d_num = [rng.choice([0, 0, sden // 2, sden // 5]) for _ in range(n)]
    incoming: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for j in members:
        for h in rng.sample(range(n), rng.randint(0, min(4, n))):
            incoming[j].append((h, rng.randint(1, sden // 3)))
    if rng.random() < 0.05:  # held wholly among themselves, nobody outside: singular
        members, d_num, incoming = [outside, outside + 1] if m > 1 else [outside], [0] * n, [[] for _ in range(n)]
        if len(members) == 2:
            incoming[members[0]], incoming[members[1]] = [(members[1], sden)], [(members[0], sden)]
        else:
            incoming[members[0]] = [(members[0], sden)]
    ptr, src, amt = [0], [], []
    for j in range(n):
        for h, a in incoming[j]:
            src.append(h)
            amt.append(a)
        ptr.append(len(src))
    got_n, got_d, want_n, want_d = list(num), list(den), list(num), list(den)
    try:
        _fraction_solve(members, d_num, sden, src, amt, ptr, want_n, want_d)
    except core.RenketsuError:
        with pytest.raises(core.RenketsuError, match="no determinate"):
            core._solve_component(members, d_num, sden, src, amt, ptr, got_n, got_d)
        return
    core._solve_component(members, d_num, sden, src, amt, ptr, got_n, got_d)
    assert (got_n, got_d) == (want_n, want_d)

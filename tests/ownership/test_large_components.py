"""Large mutual-holding components: iterative refinement agrees with the exact solve to 1e-40."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from renketsu.ownership import core


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

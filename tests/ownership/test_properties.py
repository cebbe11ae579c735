"""Property tests: the solver against independent brute force on random groups."""

from __future__ import annotations

from fractions import Fraction as Fr

from hypothesis import given, settings
from hypothesis import strategies as st

from renketsu.ownership import ownership_at

from .conftest import D0, make_group

THRESHOLD, INFLUENCE = Fr(1, 2), Fr(1, 5)


@st.composite
def groups(draw, acyclic: bool = True, max_entities: int = 7):
    """Entities P, E1..Ek; each entity gets a few holders whose shares sum to at most ``cap``."""
    k = draw(st.integers(1, max_entities))
    names = ["P"] + [f"E{i}" for i in range(1, k + 1)]
    rows = []
    for j in range(1, k + 1):
        pool = list(range(j)) if acyclic else [i for i in range(k + 1) if i != j]
        holders = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
        room = Fr(1) if acyclic else Fr(19, 20)
        for h in holders:
            s = Fr(draw(st.integers(0, 20)), 20) * draw(st.sampled_from([Fr(1), Fr(2, 3), Fr(7, 8)]))
            s = min(s, room)
            if s == 0:
                continue
            room -= s
            vote = draw(st.sampled_from([None, s, s / 2]))
            rows.append((names[h], names[j], s, vote))
    return make_group(rows, entities=names), names


def brute_methods(group, names):
    """Naive control fixed point over Fractions."""
    votes = {}
    for h in group.holdings:
        if h.entity != "P":
            votes[(h.holder, h.entity)] = h.voting
    ctl = {"P"}
    while True:
        add = {e for e in names if e not in ctl
               and sum((v for (h, x), v in votes.items() if x == e and h in ctl), Fr(0)) > THRESHOLD}
        if not add:
            break
        ctl |= add
    out = {}
    for e in names:
        s = sum((v for (h, x), v in votes.items() if x == e and h in ctl), Fr(0))
        out[e] = "parent" if e == "P" else "full" if e in ctl else "equity" if s >= INFLUENCE else "none"
    return out


def paths_sum(group, names, methods, target):
    """Sum over every path P -> ... -> target of the product of shares; inner nodes full subsidiaries."""
    shares = {(h.holder, h.entity): h.share for h in group.holdings}

    def walk(node, acc):
        if node == target:
            return acc
        total = Fr(0)
        for (h, e), s in shares.items():
            if h == node and e != "P" and (e == target or methods[e] == "full"):
                total += walk(e, acc * s)
        return total

    return walk("P", Fr(1))


@settings(max_examples=150, deadline=None)
@given(groups())
def test_acyclic_effective_is_the_sum_over_paths(case):
    group, names = case
    own = ownership_at(group, D0)
    methods = brute_methods(group, names)
    assert {e: own.entities[e].method for e in names} == methods
    for e in names[1:]:
        eo = own.entities[e]
        assert eo.effective == paths_sum(group, names, methods, e), e
        if eo.method == "full":
            assert eo.effective + eo.nci == 1
        else:
            assert eo.nci == 0
    order = own.subsidiaries()
    for h in group.holdings:  # bottom-up: an entity before any of its holders
        if h.holder in order and h.entity in order:
            assert order.index(h.entity) < order.index(h.holder)


@settings(max_examples=150, deadline=None)
@given(groups(acyclic=False, max_entities=6))
def test_mutual_holdings_satisfy_e_equals_d_plus_eH(case):
    group, names = case
    own = ownership_at(group, D0)
    full = {e for e in names if own.entities[e].method == "full"}
    for j in names[1:]:
        rhs = Fr(0)
        for h in group.holdings:
            if h.entity != j:
                continue
            if h.holder == "P":
                rhs += h.share
            elif h.holder in full:
                rhs += own.entities[h.holder].effective * h.share
        assert own.entities[j].effective == rhs
        assert isinstance(own.entities[j].effective, Fr)


@settings(max_examples=60, deadline=None)
@given(groups(acyclic=False, max_entities=6), st.randoms(use_true_random=False))
def test_order_of_holding_rows_changes_nothing(case, rnd):
    group, names = case
    rows = list(group.holdings)
    rnd.shuffle(rows)
    from dataclasses import replace

    a = ownership_at(group, D0).to_json()
    b = ownership_at(replace(group, holdings=tuple(rows)), D0).to_json()
    assert a == b

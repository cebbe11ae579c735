"""Hand-worked structures: chains, control through chains, mutual holdings, treasury shares."""

from __future__ import annotations

from fractions import Fraction as Fr

import pytest

from renketsu.model import RenketsuError
from renketsu.ownership import ownership_at

from .conftest import D0, make_group


def test_chain_80_of_60_is_48():
    own = ownership_at(make_group([("P", "S1", "0.8"), ("S1", "S2", "0.6")]), D0)
    s1, s2 = own.entities["S1"], own.entities["S2"]
    assert (s1.method, s1.effective, s1.nci) == ("full", Fr(4, 5), Fr(1, 5))
    assert (s2.method, s2.effective, s2.nci) == ("full", Fr(12, 25), Fr(13, 25))
    assert own.entities["P"].method == "parent"
    assert own.entities["P"].effective == 1 and own.entities["P"].nci == 0
    assert own.to_json()["S2"] == {"method": "full", "direct": {"S1": "0.6"}, "effective": "0.48", "nci": "0.52"}


def test_chain_80_of_75_is_60():
    own = ownership_at(make_group([("P", "S1", "0.8"), ("S1", "S2", "0.75")]), D0)
    assert own.entities["S2"].effective == Fr(3, 5)
    assert own.to_json()["S2"]["effective"] == "0.6"
    assert own.subsidiaries() == ["S2", "S1"]  # bottom-up
    assert own.holdings_between("S1", "S2") == Fr(3, 4)
    assert own.holdings_between("P", "S2") == 0


def test_direct_and_indirect_add_up():
    # P 60% of A, A 30% of B, P 25% of B: B is controlled through the chain (55% of votes)
    own = ownership_at(make_group([("P", "A", "0.6"), ("A", "B", "0.3"), ("P", "B", "0.25")]), D0)
    b = own.entities["B"]
    assert b.method == "full" and b.controlled_by_group
    assert b.group_votes == Fr(55, 100)
    # 0.25 + 0.6 x 0.3 = 0.43
    assert b.effective == Fr(43, 100) and b.nci == Fr(57, 100)


def test_control_needs_the_holder_to_be_controlled():
    # A is only an associate: its 30% of B does not count, P's 25% alone is equity-method level
    own = ownership_at(make_group([("P", "A", "0.4"), ("A", "B", "0.3"), ("P", "B", "0.25")]), D0)
    assert own.entities["A"].method == "equity"
    assert own.entities["B"].method == "equity"
    assert own.entities["B"].group_votes == Fr(1, 4)
    # effective of an equity-method entity: parent + subsidiaries only (A is no subsidiary)
    assert own.entities["B"].effective == Fr(1, 4)
    assert own.entities["A"].nci == 0


def test_control_is_strictly_above_the_threshold():
    own = ownership_at(make_group([("P", "A", "0.5"), ("P", "B", "0.2"), ("P", "C", "0.19")]), D0)
    assert [own.entities[x].method for x in "ABC"] == ["equity", "equity", "none"]


def test_votes_not_shares_decide_control():
    # 40% of the shares carrying 60% of the votes; 70% of shares with 45% of votes
    own = ownership_at(make_group([("P", "A", "0.4", "0.6"), ("P", "B", "0.7", "0.45")]), D0)
    assert own.entities["A"].method == "full" and own.entities["A"].effective == Fr(2, 5)
    assert own.entities["B"].method == "equity" and own.entities["B"].effective == Fr(7, 10)


def test_control_fixed_point_through_several_rounds():
    # C is controlled only once B is, and B only once A is
    rows = [("P", "A", "0.51"), ("A", "B", "0.3"), ("P", "B", "0.3"),
            ("B", "C", "0.3"), ("A", "C", "0.1"), ("P", "C", "0.15")]
    own = ownership_at(make_group(rows), D0)
    assert [own.entities[x].method for x in "ABC"] == ["full"] * 3
    eb = Fr(3, 10) + Fr(51, 100) * Fr(3, 10)
    assert own.entities["C"].effective == Fr(15, 100) + Fr(51, 100) * Fr(1, 10) + eb * Fr(3, 10)


def test_mutual_holding_solved_by_hand():
    # P holds 80% of A and 70% of B; A holds 10% of B; B holds 20% of A.
    #   eA = 0.8 + 0.2 eB,  eB = 0.7 + 0.1 eA
    #   eA = 0.8 + 0.2 (0.7 + 0.1 eA) = 0.94 + 0.02 eA  ->  eA = 0.94 / 0.98 = 47/49
    #   eB = 0.7 + 0.1 x 47/49 = 343/490 + 47/490 = 390/490 = 39/49
    rows = [("P", "A", "0.8"), ("P", "B", "0.7"), ("A", "B", "0.1"), ("B", "A", "0.2")]
    own = ownership_at(make_group(rows), D0)
    a, b = own.entities["A"], own.entities["B"]
    assert (a.effective, a.nci) == (Fr(47, 49), Fr(2, 49))
    assert (b.effective, b.nci) == (Fr(39, 49), Fr(10, 49))
    assert own.to_json()["A"]["effective"] == "47/49"
    assert set(own.subsidiaries()) == {"A", "B"}


def test_three_cycle_below_a_chain_then_downstream():
    # P 90% S; S 60% X; X 70% Y; Y 80% Z; Z 10% X  (a 3-cycle X->Y->Z->X), Z 50% W
    rows = [("P", "S", "0.9"), ("S", "X", "0.6"), ("X", "Y", "0.7"), ("Y", "Z", "0.8"),
            ("Z", "X", "0.1"), ("Z", "W", "0.5"), ("P", "W", "0.1")]
    own = ownership_at(make_group(rows), D0)
    e = {k: v.effective for k, v in own.entities.items()}
    # eX = 0.54 + 0.1 eZ, eY = 0.7 eX, eZ = 0.8 eY  ->  eX = 0.54 / (1 - 0.056)
    ex = Fr(54, 100) / (1 - Fr(56, 1000))
    assert e["X"] == ex and e["Y"] == Fr(7, 10) * ex and e["Z"] == Fr(56, 100) * ex
    assert e["W"] == Fr(1, 10) + Fr(1, 2) * e["Z"]
    subs = own.subsidiaries()
    assert subs.index("W") < subs.index("Z") and subs[-1] == "S"


def test_treasury_shares_of_the_parent_are_ignored():
    # S holds 5% of P's own shares (votes too): nothing changes for anyone
    own = ownership_at(make_group([("P", "S", "0.8"), ("S", "P", "0.05")]), D0)
    p = own.entities["P"]
    assert (p.method, p.effective, p.nci, p.group_votes) == ("parent", 1, 0, 0)
    assert p.direct == {"S": Fr(1, 20)}  # still reported as a holding
    assert own.entities["S"].effective == Fr(4, 5)


def test_parent_holding_itself_is_ignored():
    own = ownership_at(make_group([("P", "P", "0.1"), ("P", "S", "0.6")]), D0)
    assert own.entities["P"].effective == 1 and own.entities["S"].effective == Fr(3, 5)


def test_subsidiary_holding_own_shares():
    # S holds 10% of its own shares: P's 60% is 60/90 of the shares outside S
    own = ownership_at(make_group([("P", "S", "0.6"), ("S", "S", "0.1")]), D0)
    assert own.entities["S"].effective == Fr(2, 3)


def test_votes_in_the_parent_make_nothing():
    # the parent's subsidiary holding 60% of the parent is not a reason for anything
    own = ownership_at(make_group([("P", "S", "0.6"), ("S", "P", "0.6")]), D0)
    assert own.entities["P"].method == "parent"
    assert own.entities["S"].effective == Fr(3, 5)


def test_circle_without_outside_holder_is_an_error():
    g = make_group([("P", "A", "0.6"), ("A", "B", "1"), ("B", "A", "0.4"), ("B", "C", "0.1")])
    # A: 60% P + 40% B; B: 100% A -> the cycle leaves no outside owner of B but P through A: fine
    own = ownership_at(g, D0)
    assert own.entities["A"].effective == 1 and own.entities["B"].effective == 1
    bad = make_group([("P", "C", "0.6"), ("A", "B", "1"), ("B", "A", "1")],
                     overrides={"A": [(D0, "full")], "B": [(D0, "full")]})
    with pytest.raises(RenketsuError) as err:
        ownership_at(bad, D0)
    assert err.value.problems[0].kind == "singular_cross_holding"


def test_exact_thirds():
    own = ownership_at(make_group([("P", "A", "2/3"), ("A", "B", "2/3")]), D0)
    assert own.entities["B"].effective == Fr(4, 9)
    assert own.to_json()["B"] == {"method": "full", "direct": {"A": "2/3"}, "effective": "4/9", "nci": "5/9"}


def test_no_float_anywhere():
    own = ownership_at(make_group([("P", "A", "0.8"), ("P", "B", "0.7"), ("A", "B", "0.1"), ("B", "A", "0.2")]), D0)
    for eo in own.entities.values():
        for v in (eo.effective, eo.nci, eo.group_votes, *eo.direct.values(), *eo.direct_votes.values()):
            assert isinstance(v, (Fr, int)) and not isinstance(v, float)

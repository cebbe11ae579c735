"""Dated holdings, method overrides, changes between dates, and common controllers."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as Fr

import pytest

from renketsu.model import RenketsuError
from renketsu.ownership import lowest_common_controller, ownership_at, ownership_changes

from .conftest import make_group

Y20, Y21, Y22, Y23 = (dt.date(y, 1, 1) for y in (2020, 2021, 2022, 2023))


def dated_group():
    return make_group(
        [
            ("P", "A", "0.3", None, Y20),   # associate
            ("P", "A", "0.8", None, Y21),   # control from 2021
            ("P", "A", "0.9", None, Y22),   # more shares, control kept
            ("P", "B", "0.6", None, Y20),
            ("P", "B", "0", None, Y22),     # sold out in 2022
            ("A", "C", "1", None, Y21),
        ],
        entities=["P", "A", "B", "C"],
    )


def test_latest_event_on_or_before_the_date_wins():
    g = dated_group()
    assert ownership_at(g, dt.date(2019, 12, 31)).entities["A"].method == "none"
    assert ownership_at(g, Y20).entities["A"].method == "equity"
    own = ownership_at(g, dt.date(2021, 6, 30))
    assert own.entities["A"].effective == Fr(4, 5)
    assert own.entities["C"].effective == Fr(4, 5)
    own = ownership_at(g, Y22)
    assert own.entities["A"].effective == Fr(9, 10)
    assert own.entities["B"].method == "none" and own.entities["B"].direct == {}
    assert own.holdings_between("P", "B") == 0


def test_two_events_on_one_date_the_later_listed_wins():
    g = make_group([("P", "A", "0.3", None, Y20), ("P", "A", "0.7", None, Y20)])
    assert ownership_at(g, Y20).entities["A"].effective == Fr(7, 10)


def test_method_override_is_dated_and_wins():
    g = make_group(
        [("P", "A", "0.8"), ("A", "C", "0.9"), ("P", "B", "0.1")],
        overrides={"A": [(Y20, "equity"), (Y23, "full")], "B": [(Y20, "equity")]},
    )
    own = ownership_at(g, Y22)
    assert own.entities["A"].method == "equity" and not own.entities["A"].controlled_by_group
    # A excluded from consolidation: its votes no longer give control of C
    assert own.entities["C"].method == "none"
    assert own.entities["B"].method == "equity" and own.entities["B"].effective == Fr(1, 10)
    own = ownership_at(g, Y23)
    assert own.entities["A"].method == "full" and own.entities["C"].effective == Fr(72, 100)


def test_override_on_the_parent_is_refused():
    g = make_group([("P", "A", "0.8")], overrides={"P": [(Y20, "full")], "A": [(Y20, "parent")]})
    with pytest.raises(RenketsuError) as err:
        ownership_at(g, Y22)
    assert [p.kind for p in err.value.problems] == ["bad_override", "bad_override"]


def test_changes_between_two_dates():
    g = dated_group()
    changes = ownership_changes(g, dt.date(2019, 12, 31), Y22)
    got = [(c.entity, c.kind, c.before, c.after, c.date) for c in changes]
    assert got == [
        ("A", "method", "none", "equity", Y20),
        ("B", "new_subsidiary", "none", "full", Y20),
        ("A", "new_subsidiary", "equity", "full", Y21),
        ("C", "new_subsidiary", "none", "full", Y21),
        ("A", "effective_interest", Fr(4, 5), Fr(9, 10), Y22),
        ("B", "loss_of_control", "full", "none", Y22),
        ("C", "effective_interest", Fr(4, 5), Fr(9, 10), Y22),
    ]
    assert changes[-2].effective_before == Fr(3, 5) and changes[-2].effective_after == 0
    assert changes[2].to_json()["effective_after"] == "0.8"
    assert ownership_changes(g, Y22, Y23) == []
    with pytest.raises(RenketsuError):
        ownership_changes(g, Y23, Y22)


def test_lowest_common_controller():
    # P -> H1 (100%) -> A (70%), B (60%);  P -> H2 (55%) -> C (80%);  H1 30% + P 25% of D
    rows = [("P", "H1", "1"), ("H1", "A", "0.7"), ("H1", "B", "0.6"), ("P", "H2", "0.55"),
            ("H2", "C", "0.8"), ("H1", "D", "0.3"), ("P", "D", "0.25"), ("P", "E", "0.3")]
    own = ownership_at(make_group(rows), Y22)
    assert lowest_common_controller(own, "A", "B") == "H1"
    assert lowest_common_controller(own, "A", "H1") == "H1"
    assert lowest_common_controller(own, "A", "C") == "P"
    # D is controlled by P (H1's 30% alone is not enough), so its common controller with A is P
    assert lowest_common_controller(own, "A", "D") == "P"
    assert lowest_common_controller(own, "A", "E") == "P"  # E is no subsidiary at all
    assert lowest_common_controller(own, "P", "A") == "P"
    assert own.controllers("A") == ["H1", "P"]
    assert own.controllers("D") == ["P"]
    assert own.controllers("E") == []
    with pytest.raises(RenketsuError):
        lowest_common_controller(own, "A", "nobody")


def test_intermediate_controller_through_its_own_subsidiary():
    # H controls X (60%); H 30% + X 25% of Y: H controls Y through X
    rows = [("P", "H", "0.9"), ("H", "X", "0.6"), ("H", "Y", "0.3"), ("X", "Y", "0.25"), ("H", "Z", "1")]
    own = ownership_at(make_group(rows), Y22)
    assert lowest_common_controller(own, "Y", "Z") == "H"
    assert own.controllers("Y") == ["H", "P"]

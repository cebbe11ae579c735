"""The bulk builders of renketsu.model.types make the objects their constructors make.

``source_row``, ``entity_row`` and ``holding_row`` set the slots of a frozen dataclass through
its member descriptors (the large-file readers build millions of them). An object they make must
equal the constructor's, field by field, and a field added to the class without the builder
setting it must fail here (an unset slot raises AttributeError), not later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from renketsu.model import types as m


def _fields_equal(a, b) -> None:
    assert type(a) is type(b)
    for f in dataclasses.fields(a):
        assert getattr(a, f.name) == getattr(b, f.name), f.name
    assert a == b


def test_source_row():
    _fields_equal(m.source_row("holdings.csv", 7), m.Source("holdings.csv", 7))


def test_entity_row():
    src = m.Source("entities.csv", 2)
    got = m.entity_row("E1", "Company E1", "JPY", None, dt.date(2001, 4, 1), 100, src)
    _fields_equal(got, m.Entity(id="E1", name="Company E1", currency="JPY", country=None,
                                established=dt.date(2001, 4, 1), shares_outstanding=100, mapping={},
                                method_overrides=(), source=src))
    assert got.mapping is not m.entity_row("E2", "n", "JPY", None, None, None, src).mapping  # a dict each


def test_holding_row():
    src = m.Source("holdings.csv", 3)
    share, voting = Fraction(3, 5), Fraction(1, 2)
    got = m.holding_row(dt.date(2020, 1, 1), "E0", "E1", share, voting, Decimal("10.5"), src)
    _fields_equal(got, m.Holding(date=dt.date(2020, 1, 1), holder="E0", entity="E1", share=share, voting=voting,
                                 cost=Decimal("10.5"), equity_at_acquisition=None, fair_value_adjustments=(),
                                 nci_fair_value=None, nci_measurement=None, source=src))


@pytest.mark.parametrize("obj", [
    m.source_row("f", 1),
    m.entity_row("E", "n", "CU", None, None, None, m.Source("f")),
    m.holding_row(dt.date(2020, 1, 1), "A", "B", Fraction(1), Fraction(1), None, m.Source("f")),
])
def test_every_field_is_set_and_frozen(obj):
    for f in dataclasses.fields(obj):
        getattr(obj, f.name)  # AttributeError: a field the builder does not set
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, dataclasses.fields(obj)[0].name, None)

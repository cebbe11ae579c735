"""Small groups built directly as model objects, for the ownership tests.

``make_group`` takes holdings as tuples so a test reads like the structure it
describes::

    make_group([("P", "S1", "0.8"), ("S1", "S2", "0.6")])
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from renketsu.model import F
from renketsu.model.types import Entity, Group, Holding, MethodOverride, Policies, Source

D0 = dt.date(2021, 1, 1)
SRC = Source("test")


def holding(holder: str, entity: str, share: str | Fraction, voting: str | Fraction | None = None,
            date: dt.date = D0) -> Holding:
    """A holding event; ``voting`` defaults to ``share``."""
    s = F(share)
    return Holding(date=date, holder=holder, entity=entity, share=s,
                   voting=s if voting is None else F(voting), cost=None, equity_at_acquisition=None,
                   fair_value_adjustments=(), nci_fair_value=None, nci_measurement=None, source=SRC)


def make_group(
    rows: list[tuple],
    parent: str = "P",
    entities: list[str] | None = None,
    overrides: dict[str, list[tuple[dt.date, str]]] | None = None,
    control: str = "0.5",
    influence: str = "0.2",
) -> Group:
    """A group from holding tuples ``(holder, entity, share[, voting[, date]])``.

    Entities default to every id named (parent first); ``overrides`` maps an
    entity to dated method overrides.
    """
    hs = tuple(holding(*r) for r in rows)
    names = entities or [parent] + sorted({x for h in hs for x in (h.holder, h.entity)} - {parent})
    overrides = overrides or {}
    ents = {
        e: Entity(id=e, name=e, currency="CU", country=None, established=None, shares_outstanding=None,
                  mapping={}, method_overrides=tuple(MethodOverride(d, m, SRC) for d, m in overrides.get(e, [])),
                  source=SRC)
        for e in names
    }
    pol = Policies(nci_measurement="proportionate", goodwill_amortisation_years=None,
                   control_threshold=F(control), significant_influence=F(influence),
                   ic_tolerance=0, decimals=None, common_control_basis="consolidated_carrying_amounts")
    return Group(name="test", parent=parent, reporting_currency="CU", fiscal_year_end=(12, 31),
                 framework="ifrs", policies=pol, entities=ents, accounts={}, holdings=hs)


@pytest.fixture
def group_of():
    """The :func:`make_group` helper as a fixture."""
    return make_group

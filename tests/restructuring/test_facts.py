"""Headline facts after a merger: sums only within one date and basis, everything else labelled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from renketsu.model.errors import RenketsuError
from renketsu.model.types import Fact, Source
from renketsu.restructuring.facts import REVENUE_NOTE, CombinedFact, facts_after_merger


def fact(entity, concept, value, unit, as_of, period_start=None, basis="non_consolidated", row=1):
    return Fact(entity, concept, Decimal(value), unit, dt.date.fromisoformat(as_of),
                dt.date.fromisoformat(period_start) if period_start else None, basis,
                "IIJ press release 2010-02-04", Source("facts.csv", row))


# The IIJ merger of 2010 (press release of 2010-02-04): capital as of 2009-03-31, revenue for
# FY2008, employees as of 2009-12-31, all non-consolidated.
IIJ_FACTS = [
    fact("IIJ", "capital", "14295000000", "JPY", "2009-03-31"),
    fact("IIJT", "capital", "2358000000", "JPY", "2009-03-31"),
    fact("IIJFS", "capital", "50000000", "JPY", "2009-03-31"),
    fact("IIJ", "revenue", "45318000000", "JPY", "2009-03-31", "2008-04-01"),
    fact("IIJT", "revenue", "25452000000", "JPY", "2009-03-31", "2008-04-01"),
    fact("IIJFS", "revenue", "5602000000", "JPY", "2009-03-31", "2008-04-01"),
    fact("IIJ", "employees", "723", "persons", "2009-12-31"),
    fact("IIJT", "employees", "471", "persons", "2009-12-31"),
    fact("IIJFS", "employees", "88", "persons", "2009-12-31"),
    fact("OTHER", "employees", "10", "persons", "2009-12-31"),  # not merging: left out
]


def by_concept(result):
    out: dict[str, list[CombinedFact]] = {}
    for c in result:
        out.setdefault(c.concept, []).append(c)
    return out


def test_iij_employees_add_up_to_1282():
    result = by_concept(facts_after_merger(IIJ_FACTS, "IIJ", ["IIJT", "IIJFS"]))
    (employees,) = result["employees"]
    assert employees.value == 723 + 471 + 88 == 1282
    assert employees.to_json() == {
        "entity": "IIJ", "concept": "employees", "value": "1282", "unit": "persons",
        "as_of": "2009-12-31", "period_start": None, "basis": "non_consolidated",
        "combined_from": ["IIJ", "IIJT", "IIJFS"], "note": None, "mixed": False,
    }


def test_iij_revenue_is_labelled_before_eliminations():
    result = by_concept(facts_after_merger(IIJ_FACTS, "IIJ", ["IIJT", "IIJFS"]))
    (revenue,) = result["revenue"]
    assert revenue.value == Decimal(76372000000)  # 45,318 + 25,452 + 5,602 million
    assert revenue.period_start == dt.date(2008, 4, 1) and revenue.as_of == dt.date(2009, 3, 31)
    assert revenue.note == REVENUE_NOTE
    assert REVENUE_NOTE == "simple sum of non-consolidated revenue, before eliminating intra-group sales"


def test_capital_is_the_survivors_plus_the_increase_not_a_sum():
    result = by_concept(facts_after_merger(IIJ_FACTS, "IIJ", ["IIJT", "IIJFS"]))
    (capital,) = result["capital"]
    assert capital.value == Decimal(14295000000)
    assert capital.combined_from == ("IIJ",)
    assert "not added up" in capital.note and "IIJT 2358000000" in capital.note
    increased = by_concept(facts_after_merger(IIJ_FACTS, "IIJ", ["IIJT", "IIJFS"],
                                              share_capital_increase=Decimal(1000000)))
    assert increased["capital"][0].value == Decimal(14296000000)


def test_mixed_dates_give_one_entry_per_date_and_a_labelled_mixed_total():
    facts = [
        fact("IIJ", "employees", "723", "persons", "2009-12-31"),
        fact("IIJT", "employees", "471", "persons", "2009-12-31"),
        fact("IIJFS", "employees", "80", "persons", "2009-03-31"),
    ]
    result = facts_after_merger(facts, "IIJ", ["IIJT", "IIJFS"])
    assert len(result) == 3
    dec, mar, mixed = result
    assert (dec.as_of, dec.value, dec.combined_from) == (dt.date(2009, 12, 31), 1194, ("IIJ", "IIJT"))
    assert "IIJFS" in dec.note and "not included" in dec.note
    assert (mar.as_of, mar.value, mar.combined_from) == (dt.date(2009, 3, 31), 80, ("IIJFS",))
    assert "IIJFS's figure alone" in mar.note
    assert mixed.mixed and mixed.value == 723 + 471 + 80
    assert mixed.as_of is None and mixed.basis == "non_consolidated"
    assert mixed.combined_from == ("IIJ", "IIJT", "IIJFS")
    assert mixed.note.startswith("mixed:")
    assert "dates 2009-12-31 and 2009-03-31" in mixed.note
    assert "IIJFS as of 2009-03-31 non_consolidated" in mixed.note


def test_mixed_bases_name_the_bases():
    facts = [
        fact("IIJ", "revenue", "100", "JPY", "2009-03-31", "2008-04-01", "non_consolidated"),
        fact("IIJT", "revenue", "40", "JPY", "2009-03-31", "2008-04-01", "consolidated"),
    ]
    result = facts_after_merger(facts, "IIJ", ["IIJT"])
    mixed = [c for c in result if c.mixed]
    assert len(result) == 3 and len(mixed) == 1
    (m,) = mixed
    assert m.value == 140 and m.basis == "mixed" and m.as_of == dt.date(2009, 3, 31)
    assert "bases non_consolidated and consolidated" in m.note
    assert "dates" not in m.note.split(";")[0].split("(")[0]


def test_no_mixed_entry_when_one_group_covers_every_company():
    facts = [
        fact("IIJ", "employees", "723", "persons", "2009-12-31"),
        fact("IIJT", "employees", "471", "persons", "2009-12-31"),
        fact("IIJ", "employees", "700", "persons", "2009-03-31"),
    ]
    result = facts_after_merger(facts, "IIJ", ["IIJT"])
    assert [c.mixed for c in result] == [False, False]
    assert result[0].value == 1194 and result[0].note is None
    assert result[1].value == 700 and "IIJT" in result[1].note


def test_consolidated_figures_already_inside_the_survivor_are_not_added_again():
    facts = [
        fact("IIJ", "revenue", "60000", "JPY", "2009-03-31", "2008-04-01", "consolidated"),
        fact("IIJT", "revenue", "25000", "JPY", "2009-03-31", "2008-04-01", "consolidated"),
    ]
    (rev,) = facts_after_merger(facts, "IIJ", ["IIJT"], consolidated_in_survivor={"IIJT"})
    assert rev.value == 60000 and rev.combined_from == ("IIJ",)
    assert "already inside IIJ's consolidated figure" in rev.note


def test_non_additive_facts_are_the_survivors():
    facts = [fact("IIJ", "equity_ratio", "0.4", "ratio", "2009-03-31"),
             fact("IIJT", "equity_ratio", "0.3", "ratio", "2009-03-31")]
    (ratio,) = facts_after_merger(facts, "IIJ", ["IIJT"])
    assert ratio.value == Decimal("0.4") and ratio.combined_from == ("IIJ",)
    assert "not additive" in ratio.note


def test_values_are_exact_strings_without_exponent():
    facts = [fact("A", "revenue", "1E+3", "JPY", "2009-03-31", "2008-04-01"),
             fact("B", "revenue", "0.10", "JPY", "2009-03-31", "2008-04-01")]
    (rev,) = facts_after_merger(facts, "A", ["B"])
    assert rev.to_json()["value"] == "1000.1"


def test_duplicate_fact_is_a_problem():
    facts = [fact("A", "employees", "1", "persons", "2009-12-31", row=2),
             fact("A", "employees", "2", "persons", "2009-12-31", row=3)]
    with pytest.raises(RenketsuError) as err:
        facts_after_merger(facts, "A", ["B"])
    assert err.value.problems[0].kind == "duplicate_fact"
    assert "facts.csv:3" in str(err.value)


def test_permuting_facts_changes_nothing():
    forward = facts_after_merger(IIJ_FACTS, "IIJ", ["IIJT", "IIJFS"])
    backward = facts_after_merger(list(reversed(IIJ_FACTS)), "IIJ", ["IIJT", "IIJFS"])
    assert forward == backward

"""The rates an event is read at: the closing rate of the position date (docs/format.md §10.3).

An event is dated the position date (the day before its effective date), so a company's
entries in its own currency stand in the reporting currency at that day's closing rate,
and so do the amounts an event names in a company's currency (proceeds, a fair value,
a Companies Act threshold read in yen). A missing rate is reported as ``rate.missing``
with the rates.csv row to add.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from renketsu.model.errors import Problems
from renketsu.model.money import book
from renketsu.model.types import Workspace
from renketsu.workspace.rates import report_missing


class EventRates:
    """Closing rates of one day, per currency; the reporting currency is 1."""

    def __init__(self, ws: Workspace, day: dt.date):
        self.ws = ws
        self.day = day
        self.reporting = ws.group.reporting_currency
        self.have = {r.currency: Fraction(r.rate) for r in ws.rates if r.date == day and r.kind == "closing"}

    def require(self, needs: Iterable[tuple[str, str]]) -> None:
        """Raise ``rate.missing`` for every currency of ``needs`` (currency, what needs it) without a rate."""
        missing: dict[tuple[str, dt.date, str, str | None], list[str]] = {}
        for currency, why in needs:
            if currency != self.reporting and currency not in self.have:
                missing.setdefault((currency, self.day, "closing", None), []).append(why)
        if missing:
            problems = Problems()
            report_missing(problems, self.ws.root, missing)
            problems.raise_if_any()

    def of(self, currency: str, why: str = "the event") -> Fraction:
        """The closing rate of ``currency`` on the day (units of reporting currency per unit)."""
        if currency == self.reporting:
            return Fraction(1)
        self.require([(currency, why)])
        return self.have[currency]

    def currency(self, entity: str) -> str:
        return self.ws.group.entities[entity].currency

    def of_entity(self, entity: str, why: str = "the event") -> Fraction:
        return self.of(self.currency(entity), why)

    def to_reporting(self, entity: str, amount: Decimal, decimals: int, why: str = "the event") -> Decimal:
        """``amount`` in ``entity``'s currency, in the reporting currency, booked half-even (as an entry line is)."""
        rate = self.of_entity(entity, why)
        return amount if rate == 1 else book(Fraction(amount) * rate, decimals)

    def translated(self, entity: str, amount: Decimal | Fraction, why: str = "the event") -> Fraction:
        """``amount`` in ``entity``'s currency, in the reporting currency, exact."""
        return Fraction(amount) * self.of_entity(entity, why)


__all__ = ["EventRates"]

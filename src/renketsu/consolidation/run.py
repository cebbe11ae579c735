"""The frozen inputs of one consolidation run, shared by the steps.

A :class:`Run` holds what every step reads: the group and its :class:`~renketsu.model.types.Chart`,
ownership at the period, the per-entity aggregates in local currency, the rates. It holds no
step's output: each step returns its product (:mod:`renketsu.consolidation.products`) and
posts through its own book (:mod:`renketsu.consolidation.stage`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import ZERO
from renketsu.model.types import Chart, Group, Holding, Rate, Workspace
from renketsu.ownership import Ownership, ownership_at
from renketsu.ownership.history import ControlTree, History

_ONE = Fraction(1)

#: (account, partner, date) -> amount: an entity's aggregated trial balance at one period.
LocalTB = dict[tuple[str, str | None, dt.date | None], Decimal]


@dataclass(frozen=True)
class Frame:
    """A closed position for simulation: the fiscal year is closed at the period end, and only the
    event dated that day books income (docs/format.md §9 "before" and "after").

    ``lines`` are the event's entries in the entities' own books (reporting currency), added to
    the contributions after the year is closed; ``renames`` turns partners that no longer exist
    (absorbed companies) into the company that took them over.
    """

    lines: dict[str, dict[tuple[str, str | None], Decimal]] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Acquired:
    """How and when the group came to control one subsidiary (the acquisition step's product)."""

    entity: str
    #: Date the group obtained control (first consolidation).
    control_date: dt.date
    #: Group holders at the control date -> (share, cost in reporting currency at the control date).
    holders: dict[str, tuple[Fraction, Fraction]]
    #: Equity at the control date, own currency, natural sign (equity positive), by account.
    equity: dict[str, Fraction]
    #: Fair-value adjustments at the control date, own currency, by account.
    fva: dict[str, Fraction]
    #: Rate of the entity's currency at the control date (1 for the reporting currency).
    rate: Fraction
    #: NCI measured at fair value (in reporting currency), or None for proportionate.
    nci_fair_value: Fraction | None
    #: Later changes of a group holder's share while control lasted:
    #: (date, holder, new share, cost in reporting currency at that date, equity at that date by account).
    transactions: tuple[tuple[dt.date, str, Fraction, Fraction, dict[str, Fraction]], ...] = ()
    #: Cost per holder in the holder's own currency (the control date's holders, then each transaction's).
    holder_cost_local: dict[str, Fraction] = field(default_factory=dict)
    #: Dilutions keeping control (the holding's ``dilution``): date -> the entity's share issue to others, own
    #: currency, by equity account (its equity after the issue less the day before's, outside retained earnings).
    issues: dict[dt.date, dict[str, Fraction]] = field(default_factory=dict)


class Run:
    """The frozen inputs of one consolidation at one period end, shared by every step.

    Steps read it and never write to it: what a step makes is its own product (see
    :mod:`renketsu.consolidation.stage`).
    """

    def __init__(self, ws: Workspace, own: Ownership, period: dt.date,
                 local: dict[tuple[str, dt.date], LocalTB], frame: Frame | None = None):
        self.ws = ws
        self.group: Group = ws.group
        self.chart = Chart(ws.group)
        self.own = own
        self.period = period
        #: First day of the real fiscal year (translation history runs up to it).
        self.real_fy_start = self.group.fiscal_year_start(period)
        self.frame = frame
        #: First day of the year whose income the statements show: in a frame the year is closed
        #: at the period end, so it starts the day after.
        self.fy_start = period + dt.timedelta(days=1) if frame else self.real_fy_start
        #: The day an event books on (a frame's period), or None.
        self.event_date = period if frame else None
        self.local = local
        self.decimals = self.chart.decimals
        self._type_of = self.chart._type_of.get
        self._role_of = self.chart._role_of.get
        self._rates: dict[tuple[str, dt.date, str], Rate] = {(r.currency, r.date, r.kind): r for r in ws.rates}
        #: (currency, date, kind, fallback) -> the rate as a Fraction, or None (each asked once).
        self._rate_found: dict[tuple[str, dt.date, str, str | None], Fraction | None] = {}
        self._reporting = self.group.reporting_currency
        #: Entity -> its currency (read per line by every step).
        self._currency = {eid: e.currency for eid, e in self.group.entities.items()}
        #: Per-entity method history from upstream holdings (no whole-group solve per date).
        self.history = History(self.group, period)
        self.control_tree = ControlTree(own)
        self._consolidated: tuple[str, ...] | None = None  # :meth:`consolidated`, worked out once
        self._inside: frozenset[str] | None = None  # the entities :meth:`is_consolidated` answers True for
        #: Whole-group solves where holdings upstream run in a cycle: at most one per distinct
        #: holding date (the only dates a step asks about), bounded by ``_solve_limit``.
        self._solved: dict[dt.date, Ownership] = {}
        self._solve_limit = len({h.date for h in self.group.holdings}) + 2
        #: Holding events by held entity (indexed once; the equity method reads them per associate).
        self.holdings_of: dict[str, list[Holding]] = defaultdict(list)
        for h in self.group.holdings:
            self.holdings_of[h.entity].append(h)

    def _solve(self, date: dt.date) -> Ownership:
        if date not in self._solved:
            if len(self._solved) >= self._solve_limit:  # pragma: no cover - steps ask only holding dates
                raise RuntimeError(f"ownership solved at more than {self._solve_limit} dates")
            self._solved[date] = ownership_at(self.group, date)
        return self._solved[date]

    def nci_at(self, entity: str, date: dt.date) -> Fraction:
        """NCI ratio of ``entity`` at ``date``: the period's when nothing upstream changed since."""
        if self.history.unchanged(entity, date):
            return self.own.entities[entity].nci
        if self.history.method_at(entity, date) != "full":
            return ZERO
        effective = self.history.effective_at(entity, date)
        if effective is not None:
            return 1 - effective
        eo = self._solve(date).entities.get(entity)  # mutual holdings upstream: the whole solve
        return eo.nci if eo else ZERO

    def first_common_parent(self, a: str, b: str) -> str:
        """The lowest entity controlling both ``a`` and ``b`` (see :class:`~renketsu.ownership.history.ControlTree`)."""
        return self.control_tree.first_common_parent(a, b)

    # ------------------------------------------------------------------ sets of entities

    def consolidated(self) -> list[str]:
        """The parent and every full subsidiary, parent first, then bottom-up."""
        if self._consolidated is None:
            subs = self.own.subsidiaries()
            self._consolidated = (self.group.parent, *[s for s in subs if s != self.group.parent])
        return list(self._consolidated)

    def is_consolidated(self, entity: str | None) -> bool:
        inside = self._inside
        if inside is None:
            inside = self._inside = frozenset(eid for eid, eo in self.own.entities.items()
                                              if eo.method in ("parent", "full"))
        return entity in inside  # None is in no set of ids

    def nci_ratio(self, entity: str | None) -> Fraction:
        if entity is None or not self.is_consolidated(entity):
            return ZERO
        return self.own.entities[entity].nci

    # ------------------------------------------------------------------ accounts (the chart)

    def account_type(self, account: str) -> str:
        return self._type_of(account, "expense")  # :meth:`Chart.account_type`, without its call

    def account_role(self, account: str) -> str | None:
        return self._role_of(account)  # :meth:`Chart.role_of`, without its call

    def accounts_of_role(self, role: str) -> frozenset[str]:
        """Every account :meth:`account_role` gives ``role`` (the chart's, or one named after the role)."""
        return frozenset(a for a, r in self.chart._role_of.items() if r == role)

    def is_profit(self, account: str) -> bool:
        return self.chart.is_profit(account)

    def is_balance(self, account: str) -> bool:
        return self.chart.is_balance(account)

    def profit_of(self, tb: Mapping[tuple[str, str | None, dt.date | None], Decimal | Fraction] | None) -> Fraction:
        """Profit (positive) of a local trial balance (of decimals, or of fractions)."""
        return self.chart.profit((acc, v) for (acc, _p, _d), v in (tb or {}).items())

    def fiscal_year_ends(self, start: dt.date, before: dt.date) -> list[dt.date]:
        """Fiscal year ends E with start <= E < before."""
        out = []
        end = self.group.fiscal_year_end_for(start)
        while end < before:
            out.append(end)
            end = self.group.fiscal_year_end_for(end + dt.timedelta(days=1))
        return out

    def in_year(self, day: dt.date) -> bool:
        """Whether income dated ``day`` belongs to the income statement being made."""
        return self.fy_start <= day <= self.period or day == self.event_date

    # ------------------------------------------------------------------ rates

    def find_rate(self, currency: str, date: dt.date, kind: str, fallback: str | None = None) -> Fraction | None:
        """Units of reporting currency per unit of ``currency``, or None when the workspace has no such rate."""
        if currency == self._reporting:
            return _ONE
        key = (currency, date, kind, fallback)
        try:
            return self._rate_found[key]
        except KeyError:
            pass
        r: Rate | None = self._rates.get((currency, date, kind))
        if r is None and fallback:
            r = self._rates.get((currency, date, fallback))
        got = self._rate_found[key] = Fraction(r.rate) if r is not None else None
        return got

    def currency(self, entity: str) -> str:
        try:
            return self._currency[entity]
        except KeyError:
            return self.group.entities[entity].currency  # raises KeyError as before

    def is_foreign(self, entity: str) -> bool:
        return self.currency(entity) != self._reporting

    def local_tb(self, entity: str, period: dt.date) -> LocalTB | None:
        return self.local.get((entity, period))

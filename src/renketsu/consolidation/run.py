"""The state of one consolidation run, shared by the steps.

A :class:`Run` holds the inputs every step reads (group, ownership at the period,
the period's per-entity aggregates in local currency and translated), the entry
book every step writes to, and the problems found. Steps read and post; only
the translation step fills ``tb``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from renketsu.model.errors import Problems
from renketsu.model.money import currency_decimals
from renketsu.model.types import BALANCE_SHEET_TYPES, PROFIT_TYPES, ROLE_TYPES, Group, Rate, Workspace
from renketsu.ownership import Ownership, ownership_at
from renketsu.ownership.history import ControlTree, History
from renketsu.workspace.rates import report_missing

from .entries import EntryBook

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


@dataclass
class Acquired:
    """How and when the group came to control one subsidiary (filled by the acquisition analysis)."""

    entity: str
    #: Date the group obtained control (first consolidation).
    control_date: dt.date
    #: Group holders at the control date -> (share, cost in reporting currency, holding events).
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
    #: (date, holder, new share, cost, equity at that date by account).
    transactions: list[tuple[dt.date, str, Fraction, Fraction, dict[str, Fraction]]] = field(default_factory=list)
    #: Goodwill per holder at control, in the entity's own currency.
    goodwill_local: dict[str, Fraction] = field(default_factory=dict)
    #: Profit of this fiscal year before control began (reporting currency): not the NCI's.
    pre_profit: Fraction = Fraction(0)
    #: When holdings changed inside this fiscal year: (NCI ratio, profit earned while it held), in order.
    profit_stretches: list[tuple[Fraction, Fraction]] = field(default_factory=list)


class Run:
    """Inputs and outputs of one consolidation at one period end."""

    def __init__(self, ws: Workspace, own: Ownership, period: dt.date,
                 local: dict[tuple[str, dt.date], LocalTB], problems: Problems, frame: Frame | None = None):
        self.ws = ws
        self.group: Group = ws.group
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
        self.problems = problems
        p = self.group.policies
        self.decimals = p.decimals if p.decimals is not None else currency_decimals(self.group.reporting_currency)
        self.added_accounts: list[str] = []
        self.book = EntryBook(self.decimals, self.role("rounding"),
                              closed=(self.is_profit, self.role("retained_earnings")) if frame else None)
        #: Translated trial balance per entity: (account, partner) -> amount (reporting currency).
        self.tb: dict[str, dict[tuple[str, str | None], Decimal]] = {}
        self.acquired: dict[str, Acquired] = {}
        #: Per-entity translation facts for the result (rates, CTA).
        self.translation: dict[str, dict[str, str]] = {}
        #: Intercompany matching report items.
        self.matching: list[dict] = []
        #: Goodwill carrying amount and CTA per subsidiary, for the entities part of the result.
        self.goodwill: dict[str, Fraction] = defaultdict(Fraction)
        #: The part of that goodwill that is the NCI's (NCI measured at fair value, IFRS 3.19).
        self.nci_goodwill: dict[str, Fraction] = defaultdict(Fraction)
        #: Translation differences booked by eliminations (goodwill, fair-value adjustments, associates),
        #: by the entity whose NCI shares them.
        self.cta_extra: dict[str, Fraction] = defaultdict(Fraction)
        self._rates = {(r.currency, r.date, r.kind): r for r in ws.rates}
        self._types = {a.id: a.type for a in self.group.accounts.values()}
        self._roles = {a.id: a.role for a in self.group.accounts.values()}
        self._own_cache: dict[dt.date, Ownership] = {}
        #: Per-entity method history from upstream holdings (no whole-group solve per date).
        self.history = History(self.group, period)
        self.control_tree = ControlTree(own)
        self._missing_rates: dict[tuple, list[str]] = {}

    def own_at(self, date: dt.date) -> Ownership:
        """Ownership at another date (cached: steps ask for the same holding dates)."""
        if date == self.period:
            return self.own
        if date not in self._own_cache:
            self._own_cache[date] = ownership_at(self.group, date)
        return self._own_cache[date]

    def nci_at(self, entity: str, date: dt.date) -> Fraction:
        """NCI ratio of ``entity`` at ``date``: the period's when nothing upstream changed since."""
        if self.history.unchanged(entity, date):
            return self.own.entities[entity].nci
        if self.history.method_at(entity, date) != "full":
            return Fraction(0)
        effective = self.history.effective_at(entity, date)
        if effective is not None:
            return 1 - effective
        eo = self.own_at(date).entities.get(entity)  # mutual holdings upstream: the whole solve
        return eo.nci if eo else Fraction(0)

    def first_common_parent(self, a: str, b: str) -> str:
        """The lowest entity controlling both ``a`` and ``b`` (see :class:`~renketsu.ownership.history.ControlTree`)."""
        return self.control_tree.first_common_parent(a, b)

    # ------------------------------------------------------------------ sets of entities

    def consolidated(self) -> list[str]:
        """The parent and every full subsidiary, parent first, then bottom-up."""
        subs = self.own.subsidiaries()
        return [self.group.parent, *[s for s in subs if s != self.group.parent]]

    def is_consolidated(self, entity: str | None) -> bool:
        return entity is not None and self.own.method(entity) in ("parent", "full")

    def nci_ratio(self, entity: str | None) -> Fraction:
        if entity is None or not self.is_consolidated(entity):
            return Fraction(0)
        return self.own.entities[entity].nci

    # ------------------------------------------------------------------ accounts

    def role(self, role: str) -> str:
        """The account carrying ``role``; one named after the role is added when the chart has none."""
        acc = self.group.role_account(role)
        if acc is not None:
            return acc
        if role not in self.added_accounts:
            self.added_accounts.append(role)
        return role

    def account_type(self, account: str) -> str:
        t = self._types.get(account)
        return t if t is not None else ROLE_TYPES.get(account, "expense")

    def account_role(self, account: str) -> str | None:
        if account in self._roles:
            return self._roles[account]
        return account if account in ROLE_TYPES else None

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

    def is_profit(self, account: str) -> bool:
        return self.account_type(account) in PROFIT_TYPES

    def is_balance(self, account: str) -> bool:
        return self.account_type(account) in BALANCE_SHEET_TYPES

    # ------------------------------------------------------------------ rates

    def rate(self, currency: str, date: dt.date, kind: str, why: str, *, fallback: str | None = None) -> Fraction:
        """Units of reporting currency per unit of ``currency``; a missing rate is a problem (1 returned)."""
        if currency == self.group.reporting_currency:
            return Fraction(1)
        r: Rate | None = self._rates.get((currency, date, kind))  # type: ignore[arg-type]
        if r is None and fallback:
            r = self._rates.get((currency, date, fallback))  # type: ignore[arg-type]
        if r is None:
            self._missing_rates.setdefault((currency, date, kind, fallback), []).append(why)
            return Fraction(1)
        return Fraction(r.rate)

    def report_missing_rates(self) -> None:
        """One problem per missing (currency, date, kind), naming everything that needs it."""
        report_missing(self.problems, self.ws.root, self._missing_rates)

    def currency(self, entity: str) -> str:
        return self.group.entities[entity].currency

    def local_tb(self, entity: str, period: dt.date) -> LocalTB | None:
        return self.local.get((entity, period))

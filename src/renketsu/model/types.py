"""The domain model of renketsu: frozen types, every field documented.

Map of the model::

    Workspace
      Group ........... settings, Policies, entities, accounts, holdings
        Entity ........ a legal entity (id, currency, mapping, method overrides)
        Account ....... a group account (type, optional role)
        Holding ....... one dated change of a shareholding (holder -> entity)
      events .......... Merger | Acquisition | Disposal
      facts ........... Fact: headline figures with as-of date and basis
      rates ........... Rate: currency, date, kind, rate
      ic_stock ........ IcStock: intra-group goods still held at period end
      adjustments ..... AdjustmentLine: top-side consolidation adjustments
      opening ......... Opening: the group's carrying position at a start date (opening.csv)
      ledger .......... rows live in DuckDB (renketsu.ledger), not here

Money is ``Decimal``; shares, votes and margins are ``Fraction``. Every value
that came from a file carries a ``Source`` naming its file, sheet, row or key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow, localcontext
from fractions import Fraction
from typing import Literal

AccountType = Literal["asset", "liability", "equity", "income", "expense"]
Method = Literal["parent", "full", "equity", "none"]
Framework = Literal["jgaap", "ifrs"]

#: Exact Decimal sums (Chart.profit): a sum that would round raises Inexact, and Fractions are used.
_EXACT_SUM = Context(prec=60, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])

ROLES: tuple[str, ...] = (
    "investment", "share_capital", "capital_surplus", "retained_earnings",
    "dividends_declared", "dividend_income", "goodwill", "goodwill_amortisation",
    "nci", "cta", "revaluation_reserve", "tie_in_gain", "tie_in_loss",
    "cost_of_sales", "equity_method_investment", "equity_method_income",
    "disposal_gain", "bargain_purchase_gain", "ic_difference", "rounding", "cash",
)

#: The type an account added for a missing role gets.
ROLE_TYPES: dict[str, AccountType] = {
    "investment": "asset", "share_capital": "equity", "capital_surplus": "equity",
    "retained_earnings": "equity", "dividends_declared": "equity",
    "dividend_income": "income", "goodwill": "asset",
    "goodwill_amortisation": "expense", "nci": "equity", "cta": "equity",
    "revaluation_reserve": "equity", "tie_in_gain": "income",
    "tie_in_loss": "expense", "cost_of_sales": "expense",
    "equity_method_investment": "asset", "equity_method_income": "income",
    "disposal_gain": "income", "bargain_purchase_gain": "income",
    "ic_difference": "expense", "rounding": "expense", "cash": "asset",
}

BALANCE_SHEET_TYPES = frozenset({"asset", "liability", "equity"})
PROFIT_TYPES = frozenset({"income", "expense"})


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value came from: a file, optionally a sheet, a 1-based row and a key path."""

    file: str
    row: int | None = None
    sheet: str | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f"[{self.sheet}]"
        if self.row is not None:
            where += f":{self.row}"
        if self.key:
            where += f": {self.key}"
        return where


@dataclass(frozen=True, slots=True)
class Policies:
    """Accounting policies; defaults come from the framework (docs/format.md §2, §10)."""

    nci_measurement: Literal["proportionate", "fair_value"]
    #: Straight-line years (jgaap); None means no amortisation (ifrs: impairment only).
    goodwill_amortisation_years: int | None
    #: Voting share strictly above which control is presumed.
    control_threshold: Fraction
    #: Voting share from which significant influence (equity method) is presumed.
    significant_influence: Fraction
    #: Largest intercompany difference eliminated without a failed check.
    ic_tolerance: Decimal
    #: Decimal places of booked amounts; None means the currency default (0 for JPY, else 2).
    decimals: int | None
    #: Basis for common-control mergers at entity level.
    common_control_basis: str


@dataclass(frozen=True, slots=True)
class MethodOverride:
    """A dated override of an entity's consolidation method (wins over control tests)."""

    date: dt.date
    method: Method
    source: Source


@dataclass(frozen=True, slots=True)
class Entity:
    """A legal entity of the group."""

    id: str
    name: str
    #: ISO currency code of the entity's own books.
    currency: str
    country: str | None
    established: dt.date | None
    shares_outstanding: int | None
    #: Local account id -> group account id, when the entity reports in its own chart.
    mapping: dict[str, str]
    method_overrides: tuple[MethodOverride, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Account:
    """An account of the group chart."""

    id: str
    name: str
    type: AccountType
    role: str | None
    source: Source
    #: Cash flow classification (cash, operating, investing, financing, non_cash); None: the default.
    cash_flow: str | None = None


@dataclass(frozen=True, slots=True)
class FairValueAdjustment:
    """Excess of fair value over book value of one account at acquisition (entity currency)."""

    account: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Holding:
    """One dated change of a shareholding: ``holder`` holds ``share`` of ``entity`` from ``date``."""

    date: dt.date
    holder: str
    entity: str
    #: Fraction of the entity's shares held after this event.
    share: Fraction
    #: Fraction of the votes held after this event (defaults to share).
    voting: Fraction
    #: Consideration for this event in the holder's currency (None: not given).
    cost: Decimal | None
    #: Entity's equity at this date, own currency, natural sign (equity positive); None: read the ledger.
    equity_at_acquisition: dict[str, Decimal] | None
    fair_value_adjustments: tuple[FairValueAdjustment, ...]
    nci_fair_value: Decimal | None
    nci_measurement: Literal["proportionate", "fair_value"] | None
    source: Source
    #: A sale that loses control and keeps significant influence: the fair value of the interest kept on this
    #: date, in the holder's currency (IFRS 10.25(b)); None: not given.
    retained_fair_value: Decimal | None = None
    #: The holder's share falls on this date without a sale by it (the entity issues shares to others): no proceeds,
    #: no cost (docs/format.md "Loss of control by dilution").
    dilution: bool = False


# ----------------------------------------------------------------------------- bulk construction
#
# A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (looked up per
# field, with keyword arguments): 1.7 us for a Holding, 0.5 us for a Source. Reading a million
# holdings from holdings.csv built 1.25 million of each. The builders below make the same objects
# (equal field by field, of the same class, still frozen) by setting the slots through their member
# descriptors: 0.6 us and 0.25 us. They are for the readers of large files only; code that builds a
# few objects uses the constructors. ``tests/foundation/test_bulk_builders.py`` holds them equal to
# the constructors and fails when a field is added that a builder does not set.


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple:
    """The ``__set__`` of each slot in ``names`` (a builder must name every field of ``cls``)."""
    return tuple(cls.__dict__[n].__set__ for n in names)


_new = object.__new__
_SRC_SET = _slot_setters(Source, ("file", "row", "sheet", "key"))


def source_row(file: str, row: int) -> Source:
    """``Source(file, row)``, built in bulk (see above)."""
    s = _new(Source)
    f, r, sh, k = _SRC_SET
    f(s, file)
    r(s, row)
    sh(s, None)
    k(s, None)
    return s


_ENT_SET = _slot_setters(Entity, ("id", "name", "currency", "country", "established", "shares_outstanding", "mapping",
                                  "method_overrides", "source"))


def entity_row(id: str, name: str, currency: str, country: str | None, established: dt.date | None,
               shares_outstanding: int | None, source: Source) -> Entity:
    """``Entity(...)`` of an entities.csv row (empty mapping, no overrides), built in bulk (see above)."""
    e = _new(Entity)
    a, b, c, d, f, g, h, i, j = _ENT_SET
    a(e, id)
    b(e, name)
    c(e, currency)
    d(e, country)
    f(e, established)
    g(e, shares_outstanding)
    h(e, {})
    i(e, ())
    j(e, source)
    return e


_HOLD_SET = _slot_setters(Holding, ("date", "holder", "entity", "share", "voting", "cost", "equity_at_acquisition",
                                     "fair_value_adjustments", "nci_fair_value", "nci_measurement", "source",
                                     "retained_fair_value", "dilution"))


def holding_row(date: dt.date, holder: str, entity: str, share: Fraction, voting: Fraction, cost: Decimal | None,
                source: Source) -> Holding:
    """``Holding(...)`` of a holdings.csv row (no acquisition details), built in bulk (see above)."""
    h = _new(Holding)
    a, b, c, d, e, f, g, i, j, k, m, n, o = _HOLD_SET
    a(h, date)
    b(h, holder)
    c(h, entity)
    d(h, share)
    e(h, voting)
    f(h, cost)
    g(h, None)
    i(h, ())
    j(h, None)
    k(h, None)
    m(h, source)
    n(h, None)
    o(h, False)
    return h


@dataclass(frozen=True, slots=True)
class Group:
    """The group: settings, entities, accounts and the dated holdings."""

    name: str
    parent: str
    reporting_currency: str
    #: Fiscal year end as (month, day).
    fiscal_year_end: tuple[int, int]
    framework: Framework
    policies: Policies
    entities: dict[str, Entity]
    accounts: dict[str, Account]
    holdings: tuple[Holding, ...]

    def role_account(self, role: str) -> str | None:
        """The id of the first account carrying ``role``, or None."""
        for acc in self.accounts.values():
            if acc.role == role:
                return acc.id
        return None

    def fiscal_year_start(self, period_end: dt.date) -> dt.date:
        """First day of the fiscal year that ends on or contains ``period_end``."""
        month, day = self.fiscal_year_end
        end = _fye_on_or_after(period_end, month, day)
        prev = _add_years(end, -1)
        return prev + dt.timedelta(days=1)

    def fiscal_year_end_for(self, day: dt.date) -> dt.date:
        """The fiscal year end on or after ``day``."""
        return _fye_on_or_after(day, *self.fiscal_year_end)


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _fye_on_or_after(d: dt.date, month: int, day: int) -> dt.date:
    def at(year: int) -> dt.date:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return dt.date(year, month, 28)

    candidate = at(d.year)
    return candidate if candidate >= d else at(d.year + 1)


@dataclass(frozen=True, slots=True)
class Consideration:
    """What the surviving company gives the absorbed companies' outside shareholders."""

    shares_issued: int = 0
    shares_issued_fair_value: Decimal = Decimal(0)
    share_capital_increase: Decimal = Decimal(0)
    cash: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class Merger:
    """Absorption-type merger: ``absorbed`` companies merge into ``surviving`` on ``effective``."""

    id: str
    effective: dt.date
    surviving: str
    absorbed: tuple[str, ...]
    consideration: Consideration
    source: Source
    #: Each absorbed company's part of ``consideration`` (events.yaml ``allotment``); empty: one absorbed company
    #: takes the whole, or the consideration is nil.
    allotment: tuple[tuple[str, Consideration], ...] = ()
    kind: Literal["merger"] = "merger"

    def consideration_of(self, absorbed: str) -> Consideration:
        """What ``absorbed``'s shareholders receive: its allotment, else the whole consideration (one absorbed
        company) or nothing (the reader refuses several absorbed companies sharing one without an allotment)."""
        for a, c in self.allotment:
            if a == absorbed:
                return c
        return self.consideration if len(self.absorbed) == 1 else Consideration()


@dataclass(frozen=True, slots=True)
class Acquisition:
    """Purchase of shares taking effect on ``holding.date`` (the keys of a holding event)."""

    id: str
    holding: Holding
    source: Source
    #: Fair value of the interest held before control (step acquisition: IFRS 3.42; ASBJ 21 §25).
    previously_held_fair_value: Decimal | None = None
    kind: Literal["acquisition"] = "acquisition"


@dataclass(frozen=True, slots=True)
class Disposal:
    """Sale of ``share_sold`` (a fraction of the entity) by ``holder`` on ``date``."""

    id: str
    date: dt.date
    holder: str
    entity: str
    share_sold: Fraction
    proceeds: Decimal
    retained_fair_value: Decimal | None
    source: Source
    kind: Literal["disposal"] = "disposal"


Event = Merger | Acquisition | Disposal


@dataclass(frozen=True, slots=True)
class Fact:
    """A headline fact (capital, revenue, employees) with its own date and basis."""

    entity: str
    concept: str
    value: Decimal
    unit: str
    #: The instant, or the end of a duration.
    as_of: dt.date
    #: Start of a duration fact (revenue for a year); None for an instant.
    period_start: dt.date | None
    basis: Literal["non_consolidated", "consolidated"]
    #: Where the figure comes from (publication, or "illustrative").
    source_text: str
    source: Source


@dataclass(frozen=True, slots=True)
class Rate:
    """Units of reporting currency per one unit of ``currency``."""

    currency: str
    date: dt.date
    kind: Literal["closing", "average", "spot"]
    rate: Decimal
    source: Source


@dataclass(frozen=True, slots=True)
class IcStock:
    """Goods bought from ``seller`` and still held by ``buyer`` at ``period`` end."""

    period: dt.date
    seller: str
    buyer: str
    account: str
    amount: Decimal
    margin: Fraction
    source: Source


@dataclass(frozen=True, slots=True)
class AdjustmentLine:
    """One line of a top-side adjustment (adjustments.csv): reporting currency, debit positive."""

    id: str
    period: dt.date
    entity: str
    account: str
    partner: str | None
    amount: Decimal
    reason: str
    #: The id of the earlier adjustment this one reverses (None: not a reversal).
    reverses: str | None
    source: Source


@dataclass(frozen=True, slots=True)
class OpeningRow:
    """One row of opening.csv: an amount of the group's carrying position at the start date."""

    entity: str
    #: equity | reserve | goodwill | nci | reserve_owners (a subsidiary); carrying | goodwill | reserve (an associate).
    item: str
    #: The equity account (``equity`` rows only).
    account: str | None
    #: The group holder the amount belongs to (goodwill, carrying, an associate's reserve), or None.
    holder: str | None
    #: Natural sign; in the entity's currency for goodwill and carrying, else the reporting currency.
    amount: Decimal
    source: Source


@dataclass(frozen=True, slots=True)
class Opening:
    """opening.csv: the start date and its rows (docs/format.md "Extension: opening.csv")."""

    start: dt.date
    rows: tuple[OpeningRow, ...]
    source: Source

    def entities(self) -> set[str]:
        return {r.entity for r in self.rows}


@dataclass(frozen=True, slots=True)
class Workspace:
    """Everything read from a workspace folder except the ledger rows (those live in DuckDB)."""

    root: str
    group: Group
    events: dict[str, Event] = field(default_factory=dict)
    facts: tuple[Fact, ...] = ()
    rates: tuple[Rate, ...] = ()
    ic_stock: tuple[IcStock, ...] = ()
    #: Top-side consolidation adjustments (adjustments.csv), in file order.
    adjustments: tuple[AdjustmentLine, ...] = ()
    #: Opening balances (opening.csv), or None: consolidation then runs from full history.
    opening: Opening | None = None


class Chart:
    """The group chart and the booking policy: one place for account lookups, roles and decimals.

    Used by the engine, the restructuring frames and the reports. ``account_for(role)`` is the
    account carrying a role, or the role's own name when the chart has none (the engine adds
    that account, docs/format.md §2); ``cash()`` is the account with role ``cash`` — a chart without
    one falls back to its first asset account whose name contains "cash" (the behaviour
    before the role existed), else to an added ``cash`` account.
    """

    __slots__ = ("_by_role", "_profit", "_role_of", "_roles", "_type_of", "_types", "decimals", "group")

    def __init__(self, group: Group):
        from renketsu.model.money import currency_decimals

        self.group = group
        p = group.policies
        #: Decimal places of booked amounts (policy, else the reporting currency's default).
        self.decimals: int = p.decimals if p.decimals is not None else currency_decimals(group.reporting_currency)
        self._types = {a.id: a.type for a in group.accounts.values()}
        self._roles = {a.id: a.role for a in group.accounts.values()}
        self._by_role: dict[str, str] = {}
        for a in group.accounts.values():
            if a.role is not None:
                self._by_role.setdefault(a.role, a.id)
        #: The answers of :meth:`account_type` and :meth:`role_of` for every account of the chart and every
        #: role's own name, in one dict each (the steps ask per trial-balance line).
        self._type_of: dict[str, str] = dict(ROLE_TYPES)
        self._type_of.update({k: t for k, t in self._types.items() if t is not None})
        self._role_of: dict[str, str | None] = {r: r for r in ROLE_TYPES}
        self._role_of.update(self._roles)
        self._profit: dict[str, bool] = {}

    @staticmethod
    def decimals_for(group: Group, currency: str) -> int:
        """Decimal places of amounts booked in ``currency`` under the group's policy."""
        from renketsu.model.money import currency_decimals

        p = group.policies.decimals
        return p if p is not None else currency_decimals(currency)

    def role_account(self, role: str) -> str | None:
        """The first account of the chart carrying ``role``, or None."""
        return self._by_role.get(role)

    def account_for(self, role: str) -> str:
        """The account carrying ``role``; the role's own name when the chart has none."""
        return self._by_role.get(role, role)

    def cash(self) -> str:
        """The cash account: role ``cash``; else the first asset account named "...cash..."; else ``cash``."""
        acc = self._by_role.get("cash")
        if acc is not None:
            return acc
        for a in self.group.accounts.values():
            if a.type == "asset" and "cash" in a.name.lower():
                return a.id
        return "cash"

    def account_type(self, account: str) -> str:
        """The account's type; an added role account has its role's type; anything else is an expense."""
        return self._type_of.get(account, "expense")

    def role_of(self, account: str) -> str | None:
        """The role an account carries (an added account carries the role it is named after)."""
        return self._role_of.get(account)

    def is_profit(self, account: str) -> bool:
        got = self._profit.get(account)
        if got is None:
            got = self._profit[account] = self.account_type(account) in PROFIT_TYPES
        return got

    def is_balance(self, account: str) -> bool:
        return self.account_type(account) in BALANCE_SHEET_TYPES

    def profit(self, amounts) -> Fraction:
        """Profit (positive) of trial-balance amounts: minus the sum of their income and expense lines.

        ``amounts`` is an iterable of (account, amount).
        """
        known, is_profit = self._profit, self.is_profit  # (the account's answer, found once: no call per line)
        values = [v for acc, v in amounts if (known[acc] if acc in known else is_profit(acc))]
        if all(type(v) is Decimal for v in values):  # decimals: summed exactly in Decimal (a rounding raises)
            try:
                with localcontext(_EXACT_SUM):
                    total = sum(values, Decimal(0))  # the additions in C
                return -Fraction(total)
            except Inexact:
                pass
        return -sum((Fraction(v) for v in values), Fraction(0))

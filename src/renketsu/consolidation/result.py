"""Closing the year's profit, the checks, and the result (docs/format.md §8).

The consolidated trial balance is contributions + elimination lines. Closing splits
the year's profit: each subsidiary's NCI takes its ratio of the subsidiary's
post-acquisition profit and of the entries attributed to it; the owners take the
rest; both, and the dividends declared, are closed into retained earnings and
``nci`` so that the balance sheet sums to zero by itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import amount_str, book, ratio_str

from .entries import Entry, Line
from .run import Run


@dataclass(frozen=True)
class ClosingLine:
    """A line that closes profit or dividends into equity."""

    entity: str
    account: str
    amount: Decimal
    reason: str


@dataclass(frozen=True)
class ConsolidationResult:
    """Everything a consolidation produced; ``to_json`` gives the docs/format.md §8 object."""

    group: str
    period: dt.date
    currency: str
    decimals: int
    #: Translated, mapped trial balance per entity: entity -> account -> amount.
    contributions: dict[str, dict[str, Decimal]]
    eliminations: tuple[Entry, ...]
    closing: tuple[ClosingLine, ...]
    balance_sheet: dict[str, Decimal]
    income_statement: dict[str, Decimal]
    profit_total: Decimal
    profit_owners: Decimal
    profit_nci: Decimal
    entities: dict[str, dict]
    checks: tuple[dict, ...]
    matching: tuple[dict, ...]
    translation: dict[str, dict[str, str]]
    added_accounts: tuple[str, ...]

    def to_json(self) -> dict:
        d = self.decimals
        money = lambda x: amount_str(x, d)  # noqa: E731
        return {
            "format": "renketsu.result/1",
            "group": self.group,
            "period": self.period.isoformat(),
            "currency": self.currency,
            "balance_sheet": {k: money(v) for k, v in self.balance_sheet.items()},
            "income_statement": {k: money(v) for k, v in self.income_statement.items()},
            "profit": {"total": money(self.profit_total), "owners": money(self.profit_owners),
                       "nci": money(self.profit_nci)},
            "entities": self.entities,
            "eliminations": [e.to_json(d) for e in self.eliminations],
            "closing": [{"entity": c.entity, "account": c.account, "amount": money(c.amount), "reason": c.reason}
                        for c in self.closing],
            "contributions": {e: {a: money(v) for a, v in accs.items()} for e, accs in self.contributions.items()},
            "checks": list(self.checks),
            "matching": list(self.matching),
            "translation": self.translation,
            "added_accounts": list(self.added_accounts),
        }


def _profit_effect(run: Run, lines: tuple[Line, ...]) -> Fraction:
    """Effect of lines on profit (profit positive): minus their income and expense amounts."""
    return -sum((Fraction(ln.amount) for ln in lines if run.is_profit(ln.account)), Fraction(0))


def close_and_check(run: Run) -> ConsolidationResult:
    contributions: dict[str, dict[str, Decimal]] = {}
    trial: dict[str, Decimal] = defaultdict(Decimal)
    for entity in run.consolidated():
        accs: dict[str, Decimal] = defaultdict(Decimal)
        for (acc, _partner), amt in run.tb.get(entity, {}).items():
            accs[acc] += amt
        contributions[entity] = {a: v for a, v in sorted(accs.items()) if v != 0}
        for a, v in accs.items():
            trial[a] += v
    entries = tuple(run.book.entries)
    for e in entries:
        for ln in e.lines:
            trial[ln.account] += ln.amount

    profit_total = -sum((v for a, v in trial.items() if run.is_profit(a)), Decimal(0))
    nci_by_entity: dict[str, Fraction] = {}
    for entity, acq in run.acquired.items():
        if acq.profit_stretches:
            nci_by_entity[entity] = sum((ratio * amount for ratio, amount in acq.profit_stretches), Fraction(0))
            continue
        n = run.nci_ratio(entity)
        if n:
            own_profit = -sum((Fraction(v) for a, v in contributions.get(entity, {}).items() if run.is_profit(a)),
                              Fraction(0)) - acq.pre_profit
            nci_by_entity[entity] = n * own_profit
    for e in entries:
        n = run.nci_ratio(e.attribute_to)
        if n and e.attribute_to is not None:
            nci_by_entity[e.attribute_to] = nci_by_entity.get(e.attribute_to, Fraction(0)) + n * _profit_effect(run, e.lines)
    nci_booked = {k: book(v, run.decimals) for k, v in nci_by_entity.items()}
    profit_nci = sum(nci_booked.values(), Decimal(0))
    profit_owners = profit_total - profit_nci

    re_acc, nci_acc = run.role("retained_earnings"), run.role("nci")
    closing: list[ClosingLine] = [ClosingLine(run.group.parent, re_acc, -profit_owners,
                                              "profit of the year attributable to owners of the parent")]
    for entity, amt in sorted(nci_booked.items()):
        if amt:
            closing.append(ClosingLine(entity, nci_acc, -amt,
                                       f"profit of the year attributable to NCI in {entity} ({ratio_str(run.nci_ratio(entity))})"))
    for acc, v in sorted(trial.items()):
        if v and run.account_role(acc) == "dividends_declared":
            closing.append(ClosingLine(run.group.parent, acc, -v, "dividends declared closed into retained earnings"))
            closing.append(ClosingLine(run.group.parent, re_acc, v, "dividends declared closed into retained earnings"))

    balance: dict[str, Decimal] = defaultdict(Decimal)
    for a, v in trial.items():
        if run.is_balance(a):
            balance[a] += v
    for c in closing:
        balance[c.account] += c.amount
    balance_sheet = {a: v for a, v in sorted(balance.items()) if v != 0}
    income_statement = {a: v for a, v in sorted(trial.items()) if run.is_profit(a) and v != 0}

    entities = _entities(run, entries, closing)
    checks = _checks(run, entries, balance_sheet, income_statement, profit_total, profit_owners, profit_nci, contributions)
    return ConsolidationResult(
        group=run.group.name, period=run.period, currency=run.group.reporting_currency, decimals=run.decimals,
        contributions=contributions, eliminations=entries, closing=tuple(closing), balance_sheet=balance_sheet,
        income_statement=income_statement, profit_total=profit_total, profit_owners=profit_owners,
        profit_nci=profit_nci, entities=entities, checks=tuple(checks), matching=tuple(run.matching),
        translation=run.translation, added_accounts=tuple(run.added_accounts),
    )


def _entities(run: Run, entries: tuple[Entry, ...], closing: list[ClosingLine]) -> dict[str, dict]:
    d = run.decimals
    nci_acc, cta_acc = run.role("nci"), run.role("cta")
    nci_amount: dict[str, Decimal] = defaultdict(Decimal)
    cta_amount: dict[str, Decimal] = defaultdict(Decimal)
    for e in entries:
        for ln in e.lines:
            if ln.account == nci_acc:
                nci_amount[ln.entity] -= ln.amount
            elif ln.account == cta_acc:
                cta_amount[ln.entity] -= ln.amount
    for c in closing:
        if c.account == nci_acc:
            nci_amount[c.entity] -= c.amount
    for entity, accs in run.tb.items():
        cta_amount[entity] -= sum((v for (a, _p), v in accs.items() if a == cta_acc), Decimal(0))
    out = {}
    for eid, eo in run.own.entities.items():
        item = eo.to_json()
        if eo.method == "full":
            item["goodwill"] = amount_str(book(run.goodwill.get(eid, Fraction(0)), d), d)
            item["nci_amount"] = amount_str(nci_amount.get(eid, Decimal(0)), d)
            item["cta"] = amount_str(cta_amount.get(eid, Decimal(0)), d)
            if run.nci_goodwill.get(eid):
                item["nci_goodwill"] = amount_str(book(run.nci_goodwill[eid], d), d)
        out[eid] = item
    return out


def _checks(run: Run, entries, balance_sheet, income_statement, total, owners, nci, contributions) -> list[dict]:
    checks = []
    bs_sum = sum(balance_sheet.values(), Decimal(0))
    checks.append({"name": "balance_sheet_balances", "ok": bs_sum == 0, "detail": f"sum {bs_sum}"})
    unbalanced = [e.id for e in entries if sum((ln.amount for ln in e.lines), Decimal(0)) != 0]
    checks.append({"name": "entries_balance", "ok": not unbalanced, "detail": ", ".join(unbalanced) or "all balance"})
    checks.append({"name": "income_statement_is_profit", "ok": -sum(income_statement.values(), Decimal(0)) == total,
                   "detail": "income statement sums to minus profit.total"})
    checks.append({"name": "profit_split", "ok": owners + nci == total, "detail": f"{owners} + {nci} = {total}"})
    # What is left on each (holder, subsidiary) investment: one pass over the trial balances and
    # one over the entries (not one per pair).
    holders = run.consolidated()
    is_holder = set(holders)
    remaining: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for holder in holders:
        for (acc, p), v in run.tb.get(holder, {}).items():
            if p in run.acquired and run.account_role(acc) == "investment":
                remaining[(holder, p)] += v
    for e in entries:
        if e.entity in run.acquired:
            for ln in e.lines:
                if ln.entity in is_holder and run.account_role(ln.account) == "investment":
                    remaining[(ln.entity, e.entity)] += ln.amount
    sub_order = {sub: i for i, sub in enumerate(run.acquired)}
    holder_order = {h: i for i, h in enumerate(holders)}
    left = [f"{holder} in {sub}: {v}" for (holder, sub), v in
            sorted(remaining.items(), key=lambda kv: (sub_order[kv[0][1]], holder_order[kv[0][0]])) if v]
    checks.append({"name": "investments_eliminated", "ok": not left, "detail": "; ".join(left) or "all eliminated"})
    bad = [m for m in run.matching if not m["within_tolerance"]]
    checks.append({"name": "intercompany_matched", "ok": not bad,
                   "detail": f"{len(bad)} pair(s) above tolerance" if bad else "all pairs match within tolerance"})
    return checks

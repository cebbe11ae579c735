"""Step ``checks`` — the result verifies itself (docs/format.md §8 ``checks``)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .entries import Entry
from .products import Check, Closed, Matching
from .stage import StepIO


def checks(io: StepIO) -> tuple[Check, ...]:
    """The ``checks`` step."""
    closed: Closed = io.need("closing")
    entries = io.entries()
    out = []
    bs_sum = sum(closed.balance_sheet.values(), Decimal(0))
    out.append(Check("balance_sheet_balances", bs_sum == 0, f"sum {bs_sum}"))
    unbalanced = [e.id for e in entries if sum((ln.amount for ln in e.lines), Decimal(0)) != 0]
    out.append(Check("entries_balance", not unbalanced, ", ".join(unbalanced) or "all balance"))
    out.append(Check("income_statement_is_profit",
                     -sum(closed.income_statement.values(), Decimal(0)) == closed.profit_total,
                     "income statement sums to minus profit.total"))
    out.append(Check("profit_split", closed.profit_owners + closed.profit_nci == closed.profit_total,
                     f"{closed.profit_owners} + {closed.profit_nci} = {closed.profit_total}"))
    left = _investments_left(io, entries)
    out.append(Check("investments_eliminated", not left, "; ".join(left) or "all eliminated"))
    bad = [m for m in matching_items(io) if not m["within_tolerance"]]
    out.append(Check("intercompany_matched", not bad,
                     f"{len(bad)} pair(s) above tolerance" if bad else "all pairs match within tolerance"))
    return tuple(out)


def matching_items(io: StepIO) -> tuple[dict, ...]:
    ic: Matching = io.need("intercompany")
    dv: Matching = io.need("dividends")
    dc = io.need("deconsolidation") if "deconsolidation" in io._products else None
    return ic.items + dv.items + (dc.matching if dc is not None else ())


def _investments_left(io: StepIO, entries: tuple[Entry, ...]) -> list[str]:
    """What is left on each (holder, subsidiary) investment: one pass over the trial balances and
    one over the entries (not one per pair)."""
    run = io.run
    acquired = io.acquired
    holders = run.consolidated()
    is_holder = set(holders)
    remaining: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for holder in holders:
        for (acc, p), v in io.tb.get(holder, {}).items():
            if p in acquired and run.account_role(acc) == "investment":
                remaining[(holder, p)] += v
    for e in entries:
        if e.entity in acquired:
            for ln in e.lines:
                if ln.entity in is_holder and run.account_role(ln.account) == "investment":
                    remaining[(ln.entity, e.entity)] += ln.amount
    sub_order = {sub: i for i, sub in enumerate(acquired)}
    holder_order = {h: i for i, h in enumerate(holders)}
    return [f"{holder} in {sub}: {v}" for (holder, sub), v in
            sorted(remaining.items(), key=lambda kv: (sub_order[kv[0][1]], holder_order[kv[0][0]])) if v]

"""Step ``closing`` — the year's profit split between owners and NCI and closed, with the dividends
declared, into retained earnings and ``nci``, so that the balance sheet sums to zero by itself.

The consolidated trial balance is contributions + elimination lines. Each subsidiary's NCI takes its
ratio of the subsidiary's post-acquisition profit (by stretch where holdings changed inside the year)
and of the entries attributed to it; the owners take the rest.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from itertools import compress
from operator import eq, itemgetter

from renketsu.model.money import ZERO, book, fsum, ratio_str

from .entries import Entry, Line
from .products import Closed, ClosingLine, Investments, ProfitSplit
from .stage import StepIO


def _profit_effect(io: StepIO, lines: tuple[Line, ...]) -> Fraction:
    """Effect of lines on profit (profit positive): minus their income and expense amounts."""
    return io.run.chart.profit((ln.account, ln.amount) for ln in lines)


#: A key's account.
_ACCOUNT = itemgetter(0)
_NOUGHT = Decimal(0)


def _by_account(tb: dict[tuple[str, str | None], Decimal]) -> dict[str, Decimal] | None:
    """``tb`` summed by account as the loop of :func:`_contributions` sums it (``0 + a + b ...`` in key order), by C
    loops where each account's keys are adjacent (a trial balance in account order), the few repeats added after;
    None (the loop) when an account comes back after another or an amount is not a Decimal."""
    amounts = list(tb.values())
    if not set(map(type, amounts)) <= {Decimal}:
        return None
    accounts = list(map(_ACCOUNT, tb))
    again = list(compress(range(1, len(accounts)), map(eq, accounts[1:], accounts)))  # the previous key's account
    sums = map(_NOUGHT.__add__, amounts)  # 0 + a, as the loop's first addition
    if again:
        keep = [True] * len(accounts)
        for i in again:
            keep[i] = False
        accs = dict(zip(compress(accounts, keep), compress(sums, keep)))
    else:
        accs = dict(zip(accounts, sums))
    if len(accs) != len(accounts) - len(again):
        return None
    for i in again:
        accs[accounts[i]] += amounts[i]
    return accs


def _contributions(io: StepIO) -> tuple[dict[str, dict[str, Decimal]], dict[str, Decimal]]:
    contributions: dict[str, dict[str, Decimal]] = {}
    trial: dict[str, Decimal] = defaultdict(Decimal)
    for entity in io.run.consolidated():
        tb = io.tb.get(entity, {})
        accs = _by_account(tb)
        if accs is None:
            accs = defaultdict(Decimal)
            for (acc, _partner), amt in tb.items():
                accs[acc] += amt
        contributions[entity] = {a: v for a, v in sorted(accs.items()) if v != 0}
        for a, v in accs.items():
            trial[a] += v
    return contributions, trial


def _nci_profit(io: StepIO, contributions: dict[str, dict[str, Decimal]], entries: tuple[Entry, ...]) -> dict[str, Decimal]:
    run = io.run
    split: ProfitSplit = io.need("nci")
    first = io.need("investment").first
    nci_by_entity: dict[str, Fraction] = {}
    for entity in io.acquired:
        if entity in split.stretches:
            nci_by_entity[entity] = fsum(ratio * amount for ratio, amount in split.stretches[entity])
            continue
        n = run.nci_ratio(entity)
        if n:
            own_profit = run.chart.profit(contributions.get(entity, {}).items()) - first[entity].pre_profit
            nci_by_entity[entity] = n * own_profit
    for e in entries:
        n = run.nci_ratio(e.attribute_to)
        if n and e.attribute_to is not None:
            nci_by_entity[e.attribute_to] = nci_by_entity.get(e.attribute_to, ZERO) + n * _profit_effect(io, e.lines)
    for entity, amount in io.need("investment").attributed_extra.items():
        nci_by_entity[entity] = nci_by_entity.get(entity, ZERO) + amount
    # a subsidiary sold in the year: the NCI's share of its income to the sale (step deconsolidation)
    for entity, amount in io.need("deconsolidation").nci_profit().items():
        nci_by_entity[entity] = nci_by_entity.get(entity, ZERO) + Fraction(amount)
    return {k: _rounded_share(v, split.opening.get(k, ZERO), split.paid.get(k, ZERO),
                              split.moved.get(k, ZERO), run.decimals)
            for k, v in nci_by_entity.items()}


def _rounded_share(profit: Fraction, opening: Fraction, paid: Fraction, moved: Fraction, decimals: int) -> Decimal:
    """The NCI's share of the year's profit, booked so that its share of retained earnings is rounded
    cumulatively (docs/consolidation.md, Rounding). The next year's ``nci`` step books its share of the
    subsidiary's retained earnings at the start of that year, ``opening + profit - moved`` exactly (``moved``:
    what the year's dividends change in it), rounded once; this year booked ``opening`` rounded once and
    ``dividends`` the part ``paid`` to the NCI rounded once; the profit share is what makes them meet, so
    the NCI opens the next year at exactly this year's closing. Without an opening share or dividends it is
    the share of profit rounded."""
    if not opening and not paid and not moved:
        return book(profit, decimals)
    return book(opening + profit - moved, decimals) - book(opening, decimals) + book(paid, decimals)


def closing(io: StepIO) -> Closed:
    """The ``closing`` step."""
    run = io.run
    contributions, trial = _contributions(io)
    entries = io.entries()
    for e in entries:
        for ln in e.lines:
            trial[ln.account] += ln.amount
    profit_total = -sum((v for a, v in trial.items() if run.is_profit(a)), Decimal(0))
    nci_booked = _nci_profit(io, contributions, entries)
    profit_nci = sum(nci_booked.values(), Decimal(0))
    profit_owners = profit_total - profit_nci

    re_acc, nci_acc = io.role("retained_earnings"), io.role("nci")
    lines: list[ClosingLine] = [ClosingLine(run.group.parent, re_acc, -profit_owners,
                                            "profit of the year attributable to owners of the parent")]
    for entity, amt in sorted(nci_booked.items()):
        if amt:
            lines.append(ClosingLine(entity, nci_acc, -amt,
                                     f"profit of the year attributable to NCI in {entity} "
                                     + (f"({ratio_str(run.nci_ratio(entity))})" if run.is_consolidated(entity)
                                        else "(to its sale)")))
    for acc, v in sorted(trial.items()):
        if v and run.account_role(acc) == "dividends_declared":
            lines.append(ClosingLine(run.group.parent, acc, -v, "dividends declared closed into retained earnings"))
            lines.append(ClosingLine(run.group.parent, re_acc, v, "dividends declared closed into retained earnings"))

    balance: dict[str, Decimal] = defaultdict(Decimal)
    for a, v in trial.items():
        if run.is_balance(a):
            balance[a] += v
    for c in lines:
        balance[c.account] += c.amount
    balance_sheet = {a: v for a, v in sorted(balance.items()) if v != 0}
    income_statement = {a: v for a, v in sorted(trial.items()) if run.is_profit(a) and v != 0}
    return Closed(contributions, tuple(lines), balance_sheet, income_statement, profit_total, profit_owners,
                  profit_nci)


__all__ = ["Investments", "closing"]

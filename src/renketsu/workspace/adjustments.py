"""``adjustments.csv``: top-side consolidation adjustments (docs/format.md "Extension: top-side adjustments").

One row is one line of an adjustment; the rows sharing an ``id`` are one entry, in the
reporting currency, debit positive, like the ledger. Read and checked like the ledger:
every problem names the file and row, all are reported together (the CLI exits 2).

- columns ``id, period, entity, account, partner, amount, reason`` and optional ``reverses``;
- each id balances to zero exactly, has one period and one ``reverses``;
- entity, account and partner are known (the partner an entity);
- amounts have at most the booking decimals (docs/format.md §10.10) so they book exactly;
- ``reverses`` names an adjustment of an earlier period and mirrors it: the same
  entity, account and partner lines with the opposite amounts;
- the period is a period of the ledger (:func:`check_periods`, once the ledger is read).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from renketsu.model.errors import Problems
from renketsu.model.money import amount_str
from renketsu.model.types import AdjustmentLine, Chart, Group, Source

from .schemas import Date, Id, Money, _Strict

FILE = "adjustments.csv"


class AdjustmentRow(_Strict):
    id: Id
    period: Date
    entity: Id
    account: Id
    partner: Id | None = None
    amount: Money
    reason: Id
    reverses: Id | None = None


def _decimals_of(d: Decimal) -> int:
    exp = d.normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _rows_of(lines: Iterable[AdjustmentLine]) -> str:
    rows = [str(ln.source.row) for ln in lines if ln.source.row is not None]
    return ("rows " if len(rows) > 1 else "row ") + ", ".join(rows)


def check_lines(rows: list[tuple[Any, Source]], group: Group | None, problems: Problems) -> tuple[AdjustmentLine, ...]:
    """The adjustment lines of the rows read, every problem added to ``problems``."""
    lines = [AdjustmentLine(r.id, r.period, r.entity, r.account, r.partner, r.amount, r.reason, r.reverses, src)
             for r, src in rows]
    if group is not None:
        _check_known(lines, group, problems)
    by_id: dict[str, list[AdjustmentLine]] = defaultdict(list)
    for ln in lines:
        by_id[ln.id].append(ln)
    for aid, ls in by_id.items():
        _check_entry(aid, ls, group, problems)
    _check_reversals(by_id, problems)
    return tuple(lines)


def _check_known(lines: list[AdjustmentLine], group: Group, problems: Problems) -> None:
    decimals = Chart(group).decimals
    for ln in lines:
        if ln.entity not in group.entities:
            problems.add("adjustment.unknown_entity", f"entity '{ln.entity}' is not an entity", ln.source,
                         f"add {ln.entity} to entities in group.yaml or fix the id")
        if ln.partner is not None and ln.partner not in group.entities:
            problems.add("adjustment.unknown_partner", f"partner '{ln.partner}' is not an entity", ln.source,
                         "a partner is the id of the intra-group counterparty, or empty")
        if ln.account not in group.accounts:
            problems.add("adjustment.unknown_account", f"account '{ln.account}' is not a group account", ln.source,
                         "adjustments are booked on the group chart: use an account id of group.yaml")
        if _decimals_of(ln.amount) > decimals:
            problems.add("adjustment.too_many_decimals",
                         f"amount {ln.amount} has more than {decimals} decimal places", ln.source,
                         f"adjustments are booked in {group.reporting_currency} with {decimals} decimals, "
                         "as policies.decimals says")


def _check_entry(aid: str, ls: list[AdjustmentLine], group: Group | None, problems: Problems) -> None:
    first = ls[0]
    total = sum((ln.amount for ln in ls), Decimal(0))
    if total != 0:
        d = Chart(group).decimals if group is not None else 2
        side = "debits exceed credits" if total > 0 else "credits exceed debits"
        problems.add("adjustment.unbalanced",
                     f"adjustment '{aid}' ({_rows_of(ls)}) does not balance: {side} by {amount_str(abs(total), d)}",
                     first.source, "the lines of one id must sum to zero: debit positive, credit negative")
    for ln in ls[1:]:
        if ln.period != first.period:
            problems.add("adjustment.mixed_periods",
                         f"adjustment '{aid}' has period {ln.period} here but {first.period} on row {first.source.row}",
                         ln.source, "every row of one id has the same period; give a different id to each period")
        if ln.reverses != first.reverses:
            problems.add("adjustment.mixed_reverses",
                         f"adjustment '{aid}' reverses {ln.reverses or 'nothing'} here but "
                         f"{first.reverses or 'nothing'} on row {first.source.row}", ln.source,
                         "give the same reverses on every row of one id")


def _net(ls: list[AdjustmentLine]) -> dict[tuple[str, str, str | None], Decimal]:
    out: dict[tuple[str, str, str | None], Decimal] = defaultdict(Decimal)
    for ln in ls:
        out[(ln.entity, ln.account, ln.partner)] += ln.amount
    return {k: v for k, v in out.items() if v}


def _check_reversals(by_id: dict[str, list[AdjustmentLine]], problems: Problems) -> None:
    reversed_by: dict[str, str] = {}
    for aid, ls in by_id.items():
        first = ls[0]
        target = first.reverses
        if target is None:
            continue
        orig = by_id.get(target)
        if orig is None or target == aid:
            problems.add("adjustment.reverses_unknown", f"adjustment '{aid}' reverses '{target}', which is not "
                         "another adjustment of adjustments.csv", first.source, "name the id of the adjustment reversed")
            continue
        if orig[0].period >= first.period:
            problems.add("adjustment.reverses_later",
                         f"adjustment '{aid}' ({first.period}) reverses '{target}' of {orig[0].period}, which is not "
                         "earlier", first.source, "a reversal is booked in a later period than the adjustment it reverses")
        if target in reversed_by:
            problems.add("adjustment.reversed_twice", f"adjustment '{target}' is reversed by both "
                         f"'{reversed_by[target]}' and '{aid}'", first.source, "keep one reversal")
        reversed_by.setdefault(target, aid)
        mine, theirs = _net(ls), {k: -v for k, v in _net(orig).items()}
        if mine != theirs:
            diff = sorted(set(mine) | set(theirs), key=lambda k: (k[0], k[1], k[2] or ""))
            what = "; ".join(f"{e} {a}{' ' + p if p else ''}: {mine.get((e, a, p), Decimal(0))} here, "
                             f"{theirs.get((e, a, p), Decimal(0))} expected"
                             for e, a, p in diff if mine.get((e, a, p)) != theirs.get((e, a, p)))
            problems.add("adjustment.reversal_mismatch",
                         f"adjustment '{aid}' does not mirror '{target}' ({_rows_of(orig)}): {what}", first.source,
                         "a reversal has the same entity, account and partner lines with the opposite amounts")


def check_periods(lines: Iterable[AdjustmentLine], periods: Iterable[dt.date], problems: Problems) -> None:
    """Every adjustment's period is a period of the ledger (one problem per id)."""
    held = set(periods)
    seen: set[str] = set()
    for ln in lines:
        if ln.id in seen:
            continue
        seen.add(ln.id)
        if ln.period not in held:
            shown = ", ".join(p.isoformat() for p in sorted(held)) or "no period"
            problems.add("adjustment.unknown_period",
                         f"adjustment '{ln.id}' is for {ln.period}, which is not a period of the ledger "
                         f"(it holds {shown})", ln.source, "use the period end date of a trial balance in ledger/")


__all__ = ["FILE", "AdjustmentRow", "check_lines", "check_periods"]

"""Step ``opening`` — the group's carrying position at a start date (opening.csv), read once.

For a period whose fiscal year begins after the start date, each subsidiary and associate listed in
opening.csv starts from it (docs/consolidation.md "Opening balances"): this step turns the rows and the
ledger's trial balances at the start date into the typed :class:`OpeningPosition` the later steps read
(acquisition, translation, investment, goodwill, equity method, NCI). No rate before the start date is
asked for; at it, only the closing rate of each currency involved.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from fractions import Fraction

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.types import OpeningRow, Workspace

from .acquisition import equity_from_tb, opening_start
from .products import OpeningAssociate, OpeningPosition, OpeningSubsidiary
from .stage import StepIO


def opening(io: StepIO) -> OpeningPosition:
    """The ``opening`` step."""
    run = io.run
    op = run.ws.opening
    if op is None:
        return OpeningPosition()
    if opening_start(run) is None:  # pragma: no cover - refused before the steps run
        return OpeningPosition()
    rows: dict[str, list[OpeningRow]] = defaultdict(list)
    for r in op.rows:
        rows[r.entity].append(r)
    subs: dict[str, OpeningSubsidiary] = {}
    assocs: dict[tuple[str, str], OpeningAssociate] = {}
    for entity, its in rows.items():
        tb = run.local_tb(entity, op.start)
        if tb is None:
            io.problem("opening.no_trial_balance", f"the ledger has no trial balance of {entity} at the start date "
                       f"{op.start}", its[0].source, f"add {entity}'s rows with period {op.start} to ledger/")
            continue
        local = _closed_equity(io, entity, op.start)
        cur = run.currency(entity)
        rate = io.rate(cur, op.start, "closing", f"the opening position of {entity} at {op.start}")
        if any(r.item in ("carrying",) for r in its) or run.own.method(entity) == "equity":
            for holder, a in _associate(io, entity, its, local, rate).items():
                assocs[(entity, holder)] = a
        else:
            subs[entity] = _subsidiary(io, entity, its, local, rate)
    return OpeningPosition(op.start, subs, assocs)


def refuse_before_start(ws: Workspace, period: dt.date) -> None:
    """A workspace starting from opening balances cannot consolidate a year that does not begin after them."""
    op = ws.opening
    if op is not None and ws.group.fiscal_year_start(period) <= op.start:
        raise RenketsuError(Problem(
            "opening.before_start", f"the workspace starts from opening balances at {op.start} (opening.csv): the "
            f"fiscal year to {period} does not begin after it", op.source,
            f"consolidate a period after {op.start}, or remove opening.csv to consolidate from full history"))


def _closed_equity(io: StepIO, entity: str, start: dt.date) -> dict[str, Fraction]:
    """The entity's equity at the start date in its currency, the year's profit and dividends closed."""
    run = io.run
    re_acc = io.role("retained_earnings")
    out: dict[str, Fraction] = {}
    for acc, v in equity_from_tb(io, run.local_tb(entity, start) or {}).items():
        key = re_acc if run.account_role(acc) == "dividends_declared" else acc
        out[key] = out.get(key, Fraction(0)) + v
    return {k: v for k, v in out.items() if v}


def _holder(io: StepIO, entity: str, r: OpeningRow) -> str:
    if r.holder is not None:
        return r.holder
    holders = sorted(h for h, s in io.run.history.standing(entity, io.run.ws.opening.start).items()  # type: ignore[union-attr]
                     if s.share and io.run.is_consolidated(h))
    return holders[0] if holders else io.run.group.parent


def _subsidiary(io: StepIO, entity: str, its: list[OpeningRow], local: dict[str, Fraction],
                rate: Fraction) -> OpeningSubsidiary:
    run = io.run
    re_acc = io.role("retained_earnings")
    na = sum(local.values(), Fraction(0)) * rate
    rows = {r.account: r for r in its if r.item == "equity" and r.account is not None}
    given = {acc: Fraction(r.amount) for acc, r in rows.items()}
    reserve_row = next((r for r in its if r.item == "reserve"), None)
    if given:
        for acc in local:
            if acc not in given:
                io.problem("opening.missing", f"{entity} has a balance on equity account {acc} at the start date but "
                           "opening.csv gives no equity row for it", its[0].source,
                           f"add a row for account {acc}: its amount at historical rates (retained earnings with "
                           "the year closed)")
        for acc, v in given.items():
            if acc != re_acc and not local.get(acc) and v:
                io.problem("opening.item", f"{entity} has no balance on account {acc} at the start date, yet its "
                           "equity row gives one", rows[acc].source, "remove the row or fix the account")
        equity = given
    elif reserve_row is not None:
        equity = {acc: v * rate for acc, v in local.items() if acc != re_acc}
        equity[re_acc] = na - Fraction(reserve_row.amount) - sum(equity.values(), Fraction(0))
    else:  # the reporting currency: its equity at its amounts
        equity = dict(local)
    reserve = na - sum(equity.values(), Fraction(0))
    goodwill = {_holder(io, entity, r): Fraction(r.amount) for r in its if r.item == "goodwill"}
    nci = sum((Fraction(r.amount) for r in its if r.item == "nci"), Fraction(0))
    owners_row = next((r for r in its if r.item == "reserve_owners"), None)
    owners = Fraction(owners_row.amount) if owners_row is not None else (1 - run.nci_ratio(entity)) * reserve
    return OpeningSubsidiary(entity, equity, local, reserve, goodwill, nci, owners, rate)


def _associate(io: StepIO, entity: str, its: list[OpeningRow], local: dict[str, Fraction],
               rate: Fraction) -> dict[str, OpeningAssociate]:
    by_holder: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for r in its:
        by_holder[_holder(io, entity, r)][r.item] = Fraction(r.amount)
    na = sum(local.values(), Fraction(0))
    return {h: OpeningAssociate(entity, h, v.get("carrying", Fraction(0)), v.get("goodwill", Fraction(0)),
                                v.get("reserve", Fraction(0)), na, rate)
            for h, v in by_holder.items()}

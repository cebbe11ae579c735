"""Step 1 — mapping and translation (IAS 21.39–48, docs/format.md §10.3).

Mapping to group accounts happened in the ledger load. Here each consolidated
entity's trial balance becomes its contribution in the reporting currency:

- assets and liabilities at the closing rate;
- income, expense and dividends at the average rate, a dated row at its spot rate;
- equity other than retained earnings at the rate of the control date;
- opening retained earnings at historical rates: the balance at the control date at
  that date's rate, and each later fiscal year's profit at that year's average rate
  and its dividends at theirs — which needs every fiscal year's trial balance since
  the control date (a missing one is reported by name).

The difference is the entity's translation reserve, put on the ``cta`` account of its
contribution; the NCI's share is moved to ``nci`` by the NCI step.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import book, ratio_str
from renketsu.model.types import Source

from .run import LocalTB, Run

STEP = "translation"


def _sum_by_account(tb: LocalTB) -> dict[tuple[str, str | None], Decimal]:
    out: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    for (acc, partner, _date), amt in tb.items():
        out[(acc, partner)] += amt
    return dict(out)


def _profit(run: Run, tb: LocalTB) -> Fraction:
    return -sum((Fraction(a) for (acc, _p, _d), a in tb.items() if run.is_profit(acc)), Fraction(0))


def _movement_rate(run: Run, cur: str, period: dt.date, date: dt.date | None, why: str) -> Fraction:
    if date is not None:
        return run.rate(cur, date, "spot", why)
    return run.rate(cur, period, "average", why)


def translate(run: Run) -> None:
    """Fill ``run.tb`` for every consolidated entity."""
    rep = run.group.reporting_currency
    for entity in run.consolidated():
        tb = run.local_tb(entity, run.period)
        if tb is None:
            run.problems.add("consolidation.no_trial_balance",
                             f"{entity} is consolidated at {run.period} but the ledger has no trial balance for it then",
                             Source(f"{run.ws.root}/ledger"), f"add {entity}'s rows with period {run.period}")
            run.tb[entity] = {}
            continue
        cur = run.currency(entity)
        if cur == rep:
            run.tb[entity] = _sum_by_account(tb)
            continue
        if entity == run.group.parent:
            run.problems.add("translation.parent_currency",
                             f"the parent {entity} keeps its books in {cur}, not the reporting currency {rep}",
                             run.group.entities[entity].source, "set reporting_currency to the parent's currency")
            run.tb[entity] = _sum_by_account(tb)
            continue
        run.tb[entity] = _translate_entity(run, entity, tb, cur)
    if run.frame is not None:
        _close_frame(run)


def _close_frame(run: Run) -> None:
    """A closed year: income, expense and dividends into retained earnings; then the event's lines."""
    if run.frame is None:  # called only in frame mode
        return
    re_acc = run.role("retained_earnings")
    for entity, tb in run.tb.items():
        closed: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
        for (acc, partner), amt in tb.items():
            if run.is_profit(acc) or run.account_role(acc) == "dividends_declared":
                closed[(re_acc, None)] += amt
            else:
                closed[(acc, partner)] += amt
        run.tb[entity] = closed
    for entity, lines in run.frame.lines.items():
        if entity not in run.tb:
            continue
        for key, amt in lines.items():
            run.tb[entity][key] += amt
    renames = run.frame.renames
    for entity, tb in run.tb.items():
        out: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
        for (acc, partner), amt in tb.items():
            out[(acc, renames.get(partner, partner) if partner else partner)] += amt
        run.tb[entity] = {k: v for k, v in out.items() if v != 0}


def _translate_entity(run: Run, entity: str, tb: LocalTB, cur: str) -> dict[tuple[str, str | None], Decimal]:
    acq = run.acquired.get(entity)
    closing = run.rate(cur, run.period, "closing", f"translating {entity}'s assets and liabilities")
    average = run.rate(cur, run.period, "average", f"translating {entity}'s income and expense")
    r_acq = acq.rate if acq else closing
    acquired_in_frame = run.frame is not None and acq is not None and acq.control_date == run.period
    re_acc = run.role("retained_earnings")
    out: dict[tuple[str, str | None], Fraction] = defaultdict(Fraction)
    for (acc, partner, date), amt in tb.items():
        t = run.account_type(acc)
        role = run.account_role(acc)
        if t in ("asset", "liability"):
            rate = closing
        elif (t in ("income", "expense") or role == "dividends_declared") and acquired_in_frame:
            rate = r_acq  # a simulated acquisition on the frame's day: its whole closed year is equity at acquisition
        elif t in ("income", "expense") or role == "dividends_declared":
            what = "dividends" if role == "dividends_declared" else "income and expense"
            rate = _movement_rate(run, cur, run.period, date, f"translating {entity}'s {what}")
        elif acc == re_acc:
            continue  # opening retained earnings: historical, below
        else:
            rate = r_acq if date is None else run.rate(cur, date, "spot", f"translating {entity}'s dated equity rows")
        out[(acc, partner)] += Fraction(amt) * rate
    re_open = -sum((Fraction(a) for (acc, _p, _d), a in tb.items() if acc == re_acc), Fraction(0))
    out[(re_acc, None)] += -_historical_retained(run, entity, re_open, r_acq, cur)
    booked = {k: book(v, run.decimals) for k, v in out.items()}
    cta = -sum(booked.values(), Decimal(0))
    booked[(run.role("cta"), None)] = booked.get((run.role("cta"), None), Decimal(0)) + cta
    run.translation[entity] = {"currency": cur, "closing": ratio_str(closing), "average": ratio_str(average),
                               "acquisition": ratio_str(r_acq), "cta": str(-cta)}
    return {k: v for k, v in booked.items() if v != 0}


def _historical_retained(run: Run, entity: str, re_open: Fraction, r_acq: Fraction, cur: str) -> Fraction:
    """Opening retained earnings (natural sign) at historical rates, in the reporting currency."""
    acq = run.acquired.get(entity)
    if acq is None or acq.control_date >= run.real_fy_start:
        return re_open * r_acq
    total = re_open * r_acq
    # Control on a year end earns nothing in that year: history starts with the next one.
    years = run.fiscal_year_ends(acq.control_date + dt.timedelta(days=1), run.real_fy_start)
    missing = []
    for e in years:
        tb = run.local_tb(entity, e)
        if tb is None:
            missing.append(e)
            continue
        profit = _profit(run, tb)
        if run.group.fiscal_year_start(e) < acq.control_date:  # the year control began
            pre_tb = run.local_tb(entity, acq.control_date - dt.timedelta(days=1))
            if pre_tb is None:
                missing.append(acq.control_date - dt.timedelta(days=1))
            else:
                profit -= _profit(run, pre_tb)
        avg = run.rate(cur, e, "average", f"translating {entity}'s profit of the year to {e}")
        total += profit * (avg - r_acq)
        for (acc, _p, date), amt in tb.items():
            if run.account_role(acc) == "dividends_declared":
                rate = _movement_rate(run, cur, e, date, f"translating {entity}'s dividends of the year to {e}")
                total -= Fraction(amt) * (rate - r_acq)
    if missing:
        run.problems.add(
            "translation.history_missing",
            f"translating {entity}'s retained earnings at historical rates needs its trial balances at "
            f"{', '.join(str(d) for d in missing)} (every fiscal year since control on {acq.control_date})",
            Source(f"{run.ws.root}/ledger"), "add those periods to ledger/")
    return total


__all__ = ["translate"]

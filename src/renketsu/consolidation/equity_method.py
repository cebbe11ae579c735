"""Step ``equity_method`` — associates (IAS 28; ASBJ 16)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import fmt, ratio_str
from renketsu.model.types import Source

from .acquisition import equity_at, equity_from_tb
from .investment import investment_account
from .products import EquityMethod
from .run import LocalTB
from .stage import Lines, StepIO


def _money(io: StepIO, x: Fraction | Decimal) -> str:
    return fmt(x, io.run.decimals)


def equity_method(io: StepIO) -> EquityMethod:
    """The ``equity_method`` step: cost plus the share of post-acquisition profit, less dividends received."""
    run = io.run
    cta: dict[str, Fraction] = {}
    for entity, eo in run.own.entities.items():
        if eo.method != "equity":
            continue
        holders = {h: s for h, s in eo.direct.items() if s and run.is_consolidated(h)}
        if not holders:
            continue
        tb = run.local_tb(entity, run.period)
        if tb is None:
            io.problem("consolidation.no_trial_balance",
                       f"{entity} is accounted for by the equity method at {run.period}: the ledger needs its "
                       "trial balance then", None, f"add {entity}'s rows with period {run.period}")
            continue
        assoc = _associate(io, entity, tb)
        for holder, share in holders.items():
            diff = _holder_entry(io, assoc, holder, share)
            if diff:
                cta[holder] = cta.get(holder, Fraction(0)) + diff
    return EquityMethod(cta)


@dataclass(frozen=True)
class _Associate:
    entity: str
    start: dt.date
    currency: str
    closing: Fraction
    average: Fraction
    r_acq: Fraction
    src: Source | None
    profit: Fraction
    na_acq: Fraction
    na_now: Fraction
    na_open_local: Fraction


def _associate(io: StepIO, entity: str, tb: LocalTB) -> _Associate:
    run = io.run
    start = _influence_date(io, entity)
    cur = run.currency(entity)
    closing = io.rate(cur, run.period, "closing", f"equity method for {entity}")
    average = io.rate(cur, run.period, "average", f"equity method for {entity}")
    r_acq = io.rate(cur, start, "spot", f"equity method for {entity}", fallback="closing")
    events = [h for h in run.holdings_of.get(entity, ()) if h.date <= start]
    given = next((h.equity_at_acquisition for h in events if h.date == start and h.equity_at_acquisition), None)
    src = events[-1].source if events else None
    eq_acq = equity_at(io, entity, start, given, f"equity method for {entity} from {start}", src) or {}
    equity_now = equity_from_tb(io, tb)
    profit = run.profit_of(tb)
    divs = sum((Fraction(a) for (acc, _p, _d), a in tb.items() if run.account_role(acc) == "dividends_declared"),
               Fraction(0))
    na_now = sum(equity_now.values(), Fraction(0))
    return _Associate(entity, start, cur, closing, average, r_acq, src, profit,
                      sum(eq_acq.values(), Fraction(0)) * r_acq, na_now, na_now - profit + divs)


def _pre_influence_profit(io: StepIO, a: _Associate) -> Fraction:
    """Profit of this year before influence began inside it (not the group's)."""
    run = io.run
    if not a.start > run.fy_start:
        return Fraction(0)
    pre = run.local_tb(a.entity, a.start - dt.timedelta(days=1))
    if pre is None:
        io.problem("consolidation.no_trial_balance_before_control",
                   f"significant influence over {a.entity} began on {a.start}, inside the fiscal year: the "
                   f"ledger must hold its trial balance at {a.start - dt.timedelta(days=1)}", a.src)
    return run.profit_of(pre)


def _holder_entry(io: StepIO, a: _Associate, holder: str, share: Fraction) -> Fraction:
    """One holder's equity-method entry; returns the translation difference it booked."""
    run = io.run
    entity = a.entity
    costs = [h for h in run.holdings_of.get(entity, ()) if h.holder == holder and h.date <= run.period]
    cost = sum((Fraction(h.cost) for h in costs if h.cost is not None), Fraction(0))
    inv = investment_account(io, holder, entity)
    opening = _equity_method_opening(io, entity, holder, a.start, a.na_acq, a.na_open_local, a.r_acq) \
        if a.start < run.fy_start else Fraction(0)
    share_profit = share * (a.profit - _pre_influence_profit(io, a)) * a.average
    received = [(acc, v) for (acc, p), v in io.tb.get(holder, {}).items()
                if p == entity and run.account_role(acc) == "dividend_income"]
    got = -sum((Fraction(v) for _acc, v in received), Fraction(0))
    cta = Fraction(0)
    if a.currency != run.group.reporting_currency:
        # Carrying amount: cost plus the share of the change in net assets since influence began,
        # net assets now at the closing rate; the rest of the movement is translation difference.
        target = cost + share * (a.na_now * a.closing - a.na_acq)
        cta = target - (cost + opening + share_profit - got)
    em = io.role("equity_method_investment")
    lines: Lines = [(holder, em, cost), (holder, inv, -cost),
                    (holder, em, opening), (holder, io.role("retained_earnings"), -opening),
                    (holder, em, share_profit), (holder, io.role("equity_method_income"), -share_profit),
                    *[(holder, acc, -Fraction(v)) for acc, v in received], (holder, em, -got)]
    if cta:
        lines += [(holder, em, cta), (holder, io.role("cta"), -cta)]
    io.post("equity_method", entity, holder, lines,
            f"{holder}'s {ratio_str(share)} of {entity} by the equity method from {a.start}: cost "
            f"{_money(io, cost)}, share of post-acquisition retained profit {_money(io, opening)}, of "
            f"this year's profit {_money(io, share_profit)}, dividends received {_money(io, got)}",
            attribute_to=holder)
    return cta


def _equity_method_opening(io: StepIO, entity: str, holder: str, start: dt.date, na_acq: Fraction,
                           na_open_local: Fraction, r_acq: Fraction) -> Fraction:
    """The holder's share of the associate's change in net assets from ``start`` to this year's start,
    stretch by stretch at the share it held in each (a later purchase earns only from its date; IAS 28.10)."""
    run = io.run
    changes = [h for h in run.history.events(entity)
               if h.holder == holder and start < h.date <= run.fy_start]
    points = [(start, na_acq)]
    for h in changes:
        eq = equity_at(io, entity, h.date, h.equity_at_acquisition,
                       f"{holder}'s change of holding in associate {entity} on {h.date}", h.source) or {}
        points.append((h.date, sum(eq.values(), Fraction(0)) * r_acq))
    points.append((run.fy_start, na_open_local * r_acq))
    total = Fraction(0)
    for (d0, na0), (_d1, na1) in itertools.pairwise(points):
        held = run.history.standing(entity, d0).get(holder)
        total += (held.share if held else Fraction(0)) * (na1 - na0)
    return total


def _influence_date(io: StepIO, entity: str) -> dt.date:
    """The first date from which ``entity`` has been accounted for by the equity method without a break."""
    run = io.run
    return run.history.method_since(entity, ("equity",)) or run.period



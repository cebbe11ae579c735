"""When and how the group came to control each subsidiary: the facts first consolidation needs.

For each full subsidiary at the period: the control date (the first holding event
from which the group has controlled it without a break), the group holders at that
date with their shares and costs, the equity at that date (from the holding event,
else from the ledger the day before or on the day), fair-value adjustments, and
the later holding changes that kept control (NCI transactions, docs/format.md §10.5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, Inexact, InvalidOperation, Overflow, localcontext
from fractions import Fraction

from renketsu.model.money import ZERO, fmt, fsum
from renketsu.model.types import Group, Holding, Source

from .run import Acquired, Run
from .stage import StepIO


def equity_from_tb(io: StepIO, tb: Mapping[tuple[str, str | None, dt.date | None], Decimal | Fraction]
                   ) -> dict[str, Fraction]:
    """Equity by account, natural sign, with the year-to-date profit in retained earnings (a trial balance of
    decimals, or of fractions: an associate's consolidated one with a sub-group translated into its currency)."""
    run = io.run
    re = io.role("retained_earnings")
    # Decimal amounts summed as Decimals (in a context that never rounds), made one Fraction per account
    # at the end: the same sums as adding each amount as a Fraction, without a Fraction per key.
    dec: dict[str, Decimal] = {}
    frac: dict[str, Fraction] = {}
    profit = ZERO
    profit_dec = Decimal(0)
    with localcontext(_UNROUNDED):
        for (acc, _partner, _date), amt in tb.items():
            t = run.account_type(acc)
            if t == "equity":
                if type(amt) is Decimal:
                    dec[acc] = dec.get(acc, _DZERO) + amt
                    frac.setdefault(acc, ZERO)
                else:
                    frac[acc] = frac.get(acc, ZERO) + Fraction(amt)
            elif t in ("income", "expense"):
                if type(amt) is Decimal:
                    profit_dec += amt
                else:
                    profit += Fraction(amt)
    out = {acc: -(f + Fraction(dec[acc])) if acc in dec else -f for acc, f in frac.items()}
    out[re] = out.get(re, ZERO) - (profit + Fraction(profit_dec))
    return {k: v for k, v in out.items() if v != 0}


_DZERO = Decimal(0)
#: Decimal sums of ledger amounts, exact whatever their count (no digit limit, an inexact result raises).
_UNROUNDED = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[Inexact, InvalidOperation, Overflow])


def needed_periods(group: Group, period: dt.date) -> set[dt.date]:
    """Extra ledger periods a consolidation may read: the day before and the day of each holding event."""
    out: set[dt.date] = set()
    for h in group.holdings:
        if h.date <= period:
            # The day before a change: equity at that date, or the profit earned before it (docs/format.md §10.4).
            out.add(h.date - dt.timedelta(days=1))
            out.add(h.date)
    return out


def control_date(run: Run, entity: str) -> dt.date | None:
    """The first date from which ``entity`` has been a subsidiary without a break up to the period."""
    return run.history.method_since(entity, ("full",), known=run.own.method(entity))


def equity_at(io: StepIO, entity: str, date: dt.date, given: dict | None, why: str,
              src: Source | None) -> dict[str, Fraction] | None:
    """Equity of ``entity`` at ``date``: given on the holding event, else from the ledger the day before or on the day."""
    if given is not None:
        return {k: Fraction(v) for k, v in given.items()}
    for day in (date - dt.timedelta(days=1), date):
        tb = io.run.local_tb(entity, day)
        if tb is not None:
            return equity_from_tb(io, tb)
    io.problem(
        "consolidation.no_equity_at_acquisition",
        f"{why}: the equity of {entity} at {date} is needed", src,
        f"give equity_at_acquisition on the holding, or add {entity}'s trial balance at "
        f"{date - dt.timedelta(days=1)} to ledger/")
    return None


def analyse(io: StepIO) -> dict[str, Acquired]:
    """The ``acquisition`` step: how and when the group came to control every full subsidiary."""
    run = io.run
    start = opening_start(run)
    opened = run.ws.opening.entities() if run.ws.opening is not None and start is not None else set()
    out: dict[str, Acquired] = {}
    for entity in run.consolidated()[1:]:
        c = control_date(run, entity)
        if c is None:  # pragma: no cover - a full subsidiary is controlled at the period
            continue
        if entity in opened and start is not None:
            out[entity] = _acquired_from_opening(io, entity, c, start)
        else:
            out[entity] = _acquired(io, entity, c)
    return out


def opening_start(run: Run) -> dt.date | None:
    """The start date of opening.csv when this period's fiscal year begins after it, else None."""
    op = run.ws.opening
    return op.start if op is not None and run.real_fy_start > op.start else None


def _acquired_from_opening(io: StepIO, entity: str, c: dt.date, start: dt.date) -> Acquired:
    """A subsidiary starting from opening balances: its holders at the start date with their costs at their
    closing rate then, fair-value adjustments from the holding events, the start date's rate as its
    historical rate; no equity at control and no rate before the start date."""
    run = io.run
    events = run.history.events(entity)
    holders: dict[str, tuple[Fraction, Fraction]] = {}
    own_cost: dict[str, Fraction] = {}
    for holder, standing in sorted(run.history.standing(entity, start).items()):
        if run.history.method_at(holder, start) not in ("parent", "full") or not standing.share:
            continue
        cost = sum((Fraction(h.cost) for h in events if h.holder == holder and h.date <= start and h.cost is not None),
                   ZERO)
        own_cost[holder] = cost
        holders[holder] = (standing.share, cost * io.rate(run.currency(holder), start, "closing",
                                                          f"cost of {entity} at the start date {start}"))
    fva: dict[str, Fraction] = {}
    for h in events:
        if h.date == c:
            for f in h.fair_value_adjustments:
                fva[f.account] = fva.get(f.account, ZERO) + Fraction(f.amount)
    for h in events:
        if start < h.date <= run.period:
            io.problem("opening.holding_after_start",
                       f"the holding of {entity} by {h.holder} changes on {h.date}, after the start date {start} of "
                       "opening.csv: a change of holding in an entity starting from opening balances is not "
                       "supported yet", h.source, "move the start date after the change, or consolidate from full "
                       "history")
    rate = io.rate(run.currency(entity), start, "closing", f"the opening position of {entity} at {start}")
    return Acquired(entity, c, holders, {}, fva, rate, None, (), own_cost)


def _holders_at_control(io: StepIO, entity: str, c: dt.date, events: list[Holding]) -> dict[str, tuple[Fraction, Fraction]]:
    run = io.run
    holders: dict[str, tuple[Fraction, Fraction]] = {}
    for holder, standing in sorted(run.history.standing(entity, c).items()):
        share = standing.share
        if run.history.method_at(holder, c) not in ("parent", "full"):
            continue
        costs = [h for h in events if h.holder == holder and h.date <= c]
        cost = fsum(Fraction(h.cost) for h in costs if h.cost is not None)
        if any(h.cost is None for h in costs):
            io.problem("consolidation.no_cost", f"holding of {entity} by {holder} has no cost",
                       costs[-1].source, "add cost: the consideration paid, in the holder's currency")
        holders[holder] = (share, cost * io.rate(run.currency(holder), c, "spot", f"cost of {entity}",
                                                 fallback="closing"))
    return holders


def _nci_fair_value(io: StepIO, entity: str, at_c: list[Holding], rate: Fraction, src: Source) -> Fraction | None:
    nci_fv = None
    nci_policy = io.run.group.policies.nci_measurement
    for h in at_c:
        if h.nci_measurement:
            nci_policy = h.nci_measurement
        if h.nci_fair_value is not None:
            nci_fv = Fraction(h.nci_fair_value)
    if nci_policy != "fair_value":
        return None
    if nci_fv is None:
        io.problem("consolidation.no_nci_fair_value",
                   f"NCI of {entity} is measured at fair value but nci_fair_value is not given", src,
                   "add nci_fair_value to the holding event at the control date")
        return None
    return nci_fv * rate


def _transactions(io: StepIO, entity: str, c: dt.date, events: list[Holding]) -> list:
    """Later changes of a group holder's share while control lasted."""
    run = io.run
    out = []
    for h in events:
        if h.date <= c:
            continue
        if run.history.method_at(h.holder, h.date) not in ("parent", "full"):
            continue
        eq = equity_at(io, entity, h.date, h.equity_at_acquisition, f"change of {h.holder}'s holding in {entity} at "
                       f"{h.date}", h.source) or {}
        cost = Fraction(h.cost) if h.cost is not None else ZERO
        if h.cost is None and not h.dilution:
            io.problem("consolidation.no_cost", f"holding change of {entity} by {h.holder} has no cost "
                       "(for a sale, the proceeds)", h.source, "add cost")
        out.append((h.date, h.holder, h.share, cost * io.rate(
            run.currency(h.holder), h.date, "spot", f"cost of {entity}", fallback="closing"), eq))
    return out


def _acquired(io: StepIO, entity: str, c: dt.date) -> Acquired:
    run = io.run
    events = run.history.events(entity)
    holders = _holders_at_control(io, entity, c, events)
    at_c = [h for h in events if h.date == c]
    given = next((h.equity_at_acquisition for h in at_c if h.equity_at_acquisition is not None), None)
    src = at_c[0].source if at_c else Source(f"{run.ws.root}/group.yaml")
    equity = equity_at(io, entity, c, given, f"first consolidation of {entity} at {c}", src) or {}
    fva: dict[str, Fraction] = {}
    for h in at_c:
        for f in h.fair_value_adjustments:
            fva[f.account] = fva.get(f.account, ZERO) + Fraction(f.amount)
    rate = io.rate(run.currency(entity), c, "spot", f"equity of {entity} at acquisition", fallback="closing")
    nci_fv = _nci_fair_value(io, entity, at_c, rate, src)
    moves = tuple(_transactions(io, entity, c, events))
    issues: dict[dt.date, dict[str, Fraction]] = {}
    for h in events:  # one issue a day, read from the first group holder's row (several: deconsolidation checks them)
        if h.dilution and h.date > c and h.date not in issues \
                and any(d == h.date and who == h.holder for d, who, *_ in moves):
            issues[h.date] = _issue(io, h)
    return Acquired(entity, c, holders, equity, fva, rate, nci_fv, moves, issues={d: i for d, i in issues.items() if i})


def _issue(io: StepIO, h: Holding) -> dict[str, Fraction]:
    """A dilution keeping control: what the entity issued to others, by equity account — its equity right after the
    issue (the row's ``equity_at_acquisition``) less its trial balance of the day before, in its accounts other than
    retained earnings (these carry the profit to the day); {} with a problem where the day before's trial balance is
    missing or the difference is not the whole change in its net assets."""
    run = io.run
    before = run.local_tb(h.entity, h.date - dt.timedelta(days=1))
    if before is None or not h.equity_at_acquisition:
        io.problem("consolidation.no_trial_balance_before_change",
                   f"{h.holder}'s share of {h.entity} fell on {h.date} by a dilution: the ledger must hold "
                   f"{h.entity}'s trial balance at {h.date - dt.timedelta(days=1)} to measure the issue "
                   "(docs/format.md §10.4)", h.source,
                   f"add {h.entity}'s rows with period {h.date - dt.timedelta(days=1)} to ledger/")
        return {}
    own: dict[str, Fraction] = {}
    na = ZERO
    for (acc, _p, _d), v in before.items():
        if run.account_type(acc) == "equity":
            own[acc] = own.get(acc, ZERO) - Fraction(v)
        elif run.is_balance(acc):
            na += Fraction(v)
    after = {acc: Fraction(v) for acc, v in h.equity_at_acquisition.items()}
    out = {acc: after.get(acc, ZERO) - own.get(acc, ZERO) for acc in sorted(set(after) | set(own))
           if run.account_role(acc) not in ("retained_earnings", "dividends_declared", "cta", "nci")}
    out = {acc: v for acc, v in out.items() if v}
    issued = fsum(after.values()) - na
    if issued <= 0 or fsum(out.values()) != issued:
        io.problem("consolidation.dilution_issue",
                   f"{h.holder}'s share of {h.entity} fell on {h.date} by a dilution: {h.entity}'s equity right after "
                   f"the issue (equity_at_acquisition, {fmt(fsum(after.values()), run.decimals)}) less its "
                   f"net assets the day before ({fmt(na, run.decimals)}) must be the issue, in its accounts other than "
                   f"retained earnings (they move by {fmt(fsum(out.values()), run.decimals)})", h.source,
                   f"give {h.entity}'s equity right after the issue by account, its retained earnings those of the "
                   "day before with the profit to that day")
        return {}
    if run.is_foreign(h.entity) and h.date <= run.period:
        dated = _dated_issue(run, h, out)
        if dated is not None:
            io.problem("consolidation.dilution_issue",
                       f"{h.holder}'s share of {h.entity} fell on {h.date} by a dilution: {h.entity} books in "
                       f"{run.currency(h.entity)}, and its issue is translated at that day's rate, so its trial balance "
                       f"at {run.period} must give the issue's rows dated {h.date} ({dated})", h.source,
                       f"date {h.entity}'s rows of the issue {h.date} in ledger/ (the date column, docs/format.md §3)")
            return {}
    return out


def _dated_issue(run: Run, h: Holding, issue: dict[str, Fraction]) -> str | None:
    """A foreign entity's dilution: None when its trial balance at the period gives the issue's rows dated the day
    of the issue, by account (so that the translation takes them at that day's rate, as the issue is eliminated);
    else what it gives."""
    tb = run.local_tb(h.entity, run.period) or {}
    given = {acc: -sum((Fraction(v) for (a, _p, d), v in tb.items() if a == acc and d == h.date), Fraction(0))
             for acc in issue}
    if given == issue:
        return None
    return "; ".join(f"{acc}: {fmt(issue[acc], run.decimals)} issued, {fmt(given[acc], run.decimals)} dated then"
                     for acc in sorted(issue))

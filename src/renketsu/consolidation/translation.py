"""Step 1 — mapping and translation (IAS 21.39–48, docs/format.md §10.3).

Mapping to group accounts happened in the ledger load. Here each consolidated
entity's trial balance becomes its contribution in the reporting currency:

- assets and liabilities at the closing rate;
- income, expense and dividends at the average rate, a dated row at its spot rate;
- equity other than retained earnings at the rate of the control date;
- opening retained earnings at historical rates: the balance at the control date at
  that date's rate, and each later fiscal year's profit at that year's average rate
  (a dated row at its spot rate, as that year took it) and its dividends at theirs —
  which needs every fiscal year's trial balance since the control date (a missing one
  is reported by name).

The difference is the entity's translation reserve, put on the ``cta`` account of its
contribution; the NCI's share is moved to ``nci`` by the NCI step.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import compress, repeat
from operator import itemgetter
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow
from fractions import Fraction

from renketsu.model.money import PRECISION, ZERO, NotExact, book, fraction_to_decimal, fsum, ratio_str
from renketsu.model.types import Source

from .products import TB, OpeningPosition, OpeningSubsidiary, Translated
from .run import Acquired, LocalTB
from .stage import StepIO


#: Exact Decimal arithmetic for translated amounts: a product or sum that would round raises
#: Inexact, and that key is translated in Fractions instead.
_EXACT = Context(prec=PRECISION, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])
#: The context of :func:`~renketsu.model.money.book` for a Decimal (half-even, 60 digits).
_BOOK = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])


def _decimal_rate(rate: Fraction, known: dict[int, tuple[Fraction, Decimal | None]]) -> Decimal | None:
    """The rate as an exact Decimal (rates are decimals), or None when its expansion does not terminate.

    ``known`` is by object (hashing a Fraction is slow), and holds the Fraction so its id stays its own.
    """
    hit = known.get(id(rate))
    if hit is None:
        try:
            dec: Decimal | None = fraction_to_decimal(rate)
        except NotExact:
            dec = None
        hit = known[id(rate)] = (rate, dec)
    return hit[1]


def _plus(a: Decimal | Fraction | None, b: Decimal | Fraction) -> Decimal | Fraction:
    if a is None:
        return b
    if type(a) is Decimal and type(b) is Decimal:
        try:
            return _EXACT.add(a, b)
        except Inexact:
            pass
    return Fraction(a) + Fraction(b)


#: A local key's account, (account, partner) and date.
_ACCOUNT, _ACCOUNT_PARTNER, _DATE = itemgetter(0), itemgetter(0, 1), itemgetter(2)


def _sum_by_account(tb: LocalTB) -> dict[tuple[str, str | None], Decimal]:
    once = dict(zip(map(_ACCOUNT_PARTNER, tb), tb.values()))
    if len(once) == len(tb) and set(map(type, tb.values())) <= {Decimal}:
        return once  # one date per (account, partner): 0 + x is x (an amount of the ledger is never 0)
    out: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    for (acc, partner, _date), amt in tb.items():
        out[(acc, partner)] += amt
    return dict(out)


def _movement_rate(io: StepIO, cur: str, period: dt.date, date: dt.date | None, why: str) -> Fraction:
    if date is not None:
        return io.rate(cur, date, "spot", why)
    return io.rate(cur, period, "average", why)


def translate(io: StepIO) -> Translated:
    """The ``translation`` step: every consolidated entity's contribution in the reporting currency."""
    run = io.run
    rep = run.group.reporting_currency
    out: dict[str, TB] = {}
    facts: dict[str, dict[str, str]] = {}
    kinds: dict[str, str] = {}  # by account, for every entity: the chart is the group's
    known: dict[int, tuple[Fraction, Decimal | None]] = {}  # see _decimal_rate
    for entity in run.consolidated():
        tb = run.local_tb(entity, run.period)
        if tb is None:
            io.problem("consolidation.no_trial_balance",
                       f"{entity} is consolidated at {run.period} but the ledger has no trial balance for it then",
                       Source(f"{run.ws.root}/ledger"), f"add {entity}'s rows with period {run.period}")
            out[entity] = {}
            continue
        cur = run.currency(entity)
        if cur == rep:
            out[entity] = _sum_by_account(tb)
            continue
        if entity == run.group.parent:
            io.problem("translation.parent_currency",
                       f"the parent {entity} keeps its books in {cur}, not the reporting currency {rep}",
                       run.group.entities[entity].source, "set reporting_currency to the parent's currency")
            out[entity] = _sum_by_account(tb)
            continue
        out[entity], facts[entity] = _translate_entity(io, entity, tb, cur, kinds, known)
    if run.frame is not None:
        out = _close_frame(io, out)
    return Translated(out, facts)


def _close_frame(io: StepIO, tbs: dict[str, TB]) -> dict[str, TB]:
    """A closed year: income, expense and dividends into retained earnings; then the event's lines."""
    run = io.run
    if run.frame is None:
        return tbs
    re_acc = io.role("retained_earnings")
    result: dict[str, TB] = {}
    for entity, tb in tbs.items():
        closed: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
        for (acc, partner), amt in tb.items():
            if run.is_profit(acc) or run.account_role(acc) == "dividends_declared":
                closed[(re_acc, None)] += amt
            else:
                closed[(acc, partner)] += amt
        result[entity] = closed
    for entity, lines in run.frame.lines.items():
        if entity not in result:
            continue
        for key, amt in lines.items():
            result[entity][key] += amt
    renames = run.frame.renames
    for entity, tb in result.items():
        out: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
        for (acc, partner), amt in tb.items():
            out[(acc, renames.get(partner, partner) if partner is not None else None)] += amt
        result[entity] = {k: v for k, v in out.items() if v != 0}
    return result


#: How a key of a local trial balance is translated, by its account (see :func:`_kind`).
_CLOSING, _MOVEMENT, _DIVIDENDS, _RETAINED, _EQUITY = "closing", "movement", "dividends", "retained", "equity"


def _kind(run, acc: str, re_acc: str) -> str:
    """The rate an account's keys take: closing (assets, liabilities), movement (income and expense) or
    dividends (both at the average or spot rate), retained (opening retained earnings, at historical rates)
    or equity (the control date's rate); in that order of precedence."""
    t = run.account_type(acc)
    role = run.account_role(acc)
    if t in ("asset", "liability"):
        return _CLOSING
    if t in ("income", "expense") or role == "dividends_declared":
        return _DIVIDENDS if role == "dividends_declared" else _MOVEMENT
    if acc == re_acc:
        return _RETAINED
    return _EQUITY


def _translate_entity(io: StepIO, entity: str, tb: LocalTB, cur: str,
                      kinds: dict[str, str], known: dict[int, tuple[Fraction, Decimal | None]] | None = None
                      ) -> tuple[TB, dict[str, str]]:
    run = io.run
    acq = io.acquired.get(entity)
    opening: OpeningPosition = io.need("opening")
    op = opening.of(entity)
    closing = io.rate(cur, run.period, "closing", f"translating {entity}'s assets and liabilities")
    # The average rate is asked for by the rows that need it (undated income, expense, dividends).
    average = run.find_rate(cur, run.period, "average")
    r_acq = acq.rate if acq else closing
    re_acc = io.role("retained_earnings")
    # In a simulation frame, a company controlled from the position date earned its closed year
    # before control: that profit is part of its equity at acquisition, at the acquisition rate.
    pre_control = run.frame is not None and acq is not None and acq.control_date >= run.period
    # Each key's amount is exact: Decimal × decimal rate in Decimal (C speed), the rest in
    # Fractions; the same values, and the same keys in the same order, as Fractions throughout.
    out: dict[tuple[str, str | None], Decimal | Fraction] = {}
    if known is None:  # decimal rates by rate object, shared by the entities of one step (the rates are the run's)
        known = {}
    # Movement rates found, by row date (None: the average); a missing one is asked again each
    # time, so that each row that needs it is named as before.
    moves: dict[dt.date | None, Fraction] = {}
    rd_closing = _decimal_rate(closing, known)
    re_amounts: list[Decimal] = []
    simple = None
    if rd_closing is not None and (op is None or opening.start is None):
        move = r_acq if pre_control else average
        rd_move, rd_acq = _decimal_rate(move, known) if move is not None else None, _decimal_rate(r_acq, known)
        if (rd_move is not None or move is None) and rd_acq is not None:  # no average: no key may need it
            simple = _products(run, tb, kinds, re_acc, {_CLOSING: rd_closing, _MOVEMENT: rd_move,
                                                        _DIVIDENDS: rd_move, _EQUITY: rd_acq, _RETAINED: _NOUGHT})
    if simple is not None:
        out, re_amounts = simple
    for (acc, partner, date), amt in tb.items() if simple is None else ():
        kind = kinds.get(acc)
        if kind is None:
            kind = kinds[acc] = _kind(run, acc, re_acc)
        if acc == re_acc:
            re_amounts.append(amt)
        if kind is _CLOSING:
            rate, rd = closing, rd_closing
        elif kind is _RETAINED:
            continue  # opening retained earnings: historical, below
        else:
            if kind is _EQUITY:
                rate = _equity_rate(io, entity, cur, acc, date, r_acq, op, opening.start)
            elif pre_control:
                rate = r_acq  # a closed year before control began: all of it is equity at acquisition
            else:
                hit = moves.get(date)
                if hit is None:
                    found = run.find_rate(cur, date, "spot") if date is not None else run.find_rate(cur, run.period, "average")
                    if found is not None:
                        hit = moves[date] = found
                    else:
                        what = "dividends" if kind is _DIVIDENDS else "income and expense"
                        hit = _movement_rate(io, cur, run.period, date, f"translating {entity}'s {what}")
                rate = hit
            rd = _decimal_rate(rate, known)
        key = (acc, partner)
        if rd is not None and type(amt) is Decimal:  # Decimal × decimal rate where it is exact
            try:
                value: Decimal | Fraction = _EXACT.multiply(amt, rd)
            except Inexact:
                value = Fraction(amt) * rate
        else:
            value = Fraction(amt) * rate
        prev = out.get(key)
        out[key] = value if prev is None else _plus(prev, value)
    re_open = -fsum(Fraction(a) for a in re_amounts)
    out[(re_acc, None)] = _plus(out.get((re_acc, None), ZERO),
                                -_retained(io, entity, acq, op, opening.start, re_open, r_acq, cur))
    q = Decimal(1).scaleb(-run.decimals)
    # book(), without a context switch for a Decimal (the same value)
    if simple is not None:  # every value a Decimal but the last, retained earnings': one C loop
        re_value = out.pop((re_acc, None))
        booked = dict(zip(out, map(_BOOK.quantize, out.values(), repeat(q))))  # type: ignore[arg-type]
        booked[(re_acc, None)] = re_value.quantize(q, context=_BOOK) if type(re_value) is Decimal \
            else book(re_value, run.decimals)
    else:
        booked = {k: v.quantize(q, context=_BOOK) if type(v) is Decimal else book(v, run.decimals)
                  for k, v in out.items()}
    cta = -sum(booked.values(), Decimal(0))
    cta_acc = io.role("cta")
    booked[(cta_acc, None)] = booked.get((cta_acc, None), Decimal(0)) + cta
    facts = {"currency": cur, "closing": ratio_str(closing),
             **({"average": ratio_str(average)} if average is not None else {}),
             # From opening balances the historical rate of goodwill is the start date's closing rate.
             ("opening" if op is not None else "acquisition"): ratio_str(r_acq), "cta": str(-cta)}
    return dict(compress(booked.items(), booked.values())), facts  # the keys not zero


#: The rate of opening retained earnings in :func:`_products`: none (translated at historical rates).
_NOUGHT = Decimal(0)


def _products(run, tb: LocalTB, kinds: dict[str, str], re_acc: str, rates: dict[str, Decimal | None]
              ) -> tuple[dict[tuple[str, str | None], Decimal | Fraction], list[Decimal]] | None:
    """The loop of :func:`_translate_entity` for a trial balance without transaction dates whose every kind takes
    one decimal rate (``rates``), as C loops: each key's exact product in its order, without opening retained
    earnings, whose amounts come second. None (the loop runs, and asks for what is missing) when a key's rate is
    None, a product is not exact in Decimal, an amount is not a Decimal, or the retained earnings' keys are not
    one run (the trial balance not in account order).
    """
    if any(map(_DATE, tb)) or not set(map(type, tb.values())) <= {Decimal}:
        return None
    accounts = list(map(_ACCOUNT, tb))
    for acc in set(accounts).difference(kinds):  # the accounts no entity of the step had (the kinds are by account)
        kinds[acc] = _kind(run, acc, re_acc)
    of = list(map(kinds.__getitem__, accounts))
    if any(rates[kind] is None for kind in set(of)) or (re_acc in kinds and kinds[re_acc] is not _RETAINED):
        return None
    try:
        values = list(map(_EXACT.multiply, tb.values(), map(rates.__getitem__, of)))  # type: ignore[arg-type]  # no None: checked
    except Inexact:
        return None
    out: dict[tuple[str, str | None], Decimal | Fraction] = dict(zip(map(_ACCOUNT_PARTNER, tb), values))
    re_amounts: list[Decimal] = []
    if _RETAINED in of:  # only re_acc is of that kind (_kind)
        first, n = accounts.index(re_acc), accounts.count(re_acc)
        if accounts[first:first + n].count(re_acc) != n:
            return None
        for key in list(tb)[first:first + n]:
            re_amounts.append(tb[key])
            del out[key[:2]]
    return out, re_amounts


def _equity_rate(io: StepIO, entity: str, cur: str, acc: str, date: dt.date | None, r_acq: Fraction,
                 op: OpeningSubsidiary | None, start: dt.date | None) -> Fraction:
    """Equity other than retained earnings: the control date's rate, or (opening.csv) the rate that gives its
    historical amount at the start date; a row dated after that at its spot rate."""
    if op is not None and start is not None and (date is None or date <= start):
        return _opening_rate(op, acc)
    return r_acq if date is None else io.rate(cur, date, "spot", f"translating {entity}'s dated equity rows")


def _retained(io: StepIO, entity: str, acq: Acquired | None, op: OpeningSubsidiary | None, start: dt.date | None,
              re_open: Fraction, r_acq: Fraction, cur: str) -> Fraction:
    if op is not None and start is not None:
        return _opening_retained(io, entity, op, start, re_open, cur)
    return _historical_retained(io, entity, acq, re_open, r_acq, cur)


def _opening_rate(op: OpeningSubsidiary, acc: str) -> Fraction:
    """The rate that gives an equity account its historical amount at the start date."""
    local = op.equity_local.get(acc)
    return op.equity.get(acc, ZERO) / local if local else op.rate


def _opening_retained(io: StepIO, entity: str, op: OpeningSubsidiary, start: dt.date, re_open: Fraction,
                      cur: str) -> Fraction:
    """Opening retained earnings (natural sign) at historical rates, from the start date's amount: each fiscal
    year after it at that year's average rate, its dividends at theirs (opening.csv)."""
    run = io.run
    re_acc = io.role("retained_earnings")
    total = op.equity.get(re_acc, ZERO)
    expected = op.equity_local.get(re_acc, ZERO)
    missing = []
    for e in run.fiscal_year_ends(start + dt.timedelta(days=1), run.real_fy_start):
        tb = run.local_tb(entity, e)
        if tb is None:
            missing.append(e)
            continue
        profit, dated = _profit_split(io, tb)
        if profit:  # undated income and expense at the year's average
            total += profit * io.rate(cur, e, "average", f"translating {entity}'s profit of the year to {e}")
            expected += profit
        for day, part in dated.items():  # a dated income row at its spot rate, as its own year took it
            if part:
                total += part * io.rate(cur, day, "spot", f"translating {entity}'s dated income of {e}")
                expected += part
        for (acc, _p, date), amt in tb.items():
            if run.account_role(acc) == "dividends_declared":
                total -= Fraction(amt) * _movement_rate(io, cur, e, date, f"translating {entity}'s dividends of the "
                                                        f"year to {e}")
                expected -= Fraction(amt)
    if missing:
        io.problem(
            "translation.history_missing",
            f"translating {entity}'s retained earnings at historical rates needs its trial balances at "
            f"{', '.join(str(d) for d in missing)} (every fiscal year since the start date {start} of opening.csv)",
            Source(f"{run.ws.root}/ledger"), "add those periods to ledger/")
    # A change the years' profit and dividends do not explain is taken at the start date's rate.
    return total + (re_open - expected) * op.rate


def _historical_retained(io: StepIO, entity: str, acq: Acquired | None, re_open: Fraction, r_acq: Fraction,
                         cur: str) -> Fraction:
    """Opening retained earnings (natural sign) at historical rates, in the reporting currency."""
    run = io.run
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
        # The year control began: its whole profit at the year's rates, the part before control having been
        # removed at the control rate (r_acq), as that year's first consolidation removed it from the income
        # statement (investment._pre_acquisition_profit; docs/format.md §10.3-10.4): its difference stays here.
        profit, dated = _profit_split(io, tb)
        if profit:  # a year with no undated profit after control needs no average rate
            avg = io.rate(cur, e, "average", f"translating {entity}'s profit of the year to {e}")
            total += profit * (avg - r_acq)
        for day, part in dated.items():  # a dated income row at its spot rate, as its own year took it
            if part:
                total += part * (io.rate(cur, day, "spot", f"translating {entity}'s dated income of {e}") - r_acq)
        for (acc, _p, date), amt in tb.items():
            if run.account_role(acc) == "dividends_declared":
                rate = _movement_rate(io, cur, e, date, f"translating {entity}'s dividends of the year to {e}")
                total -= Fraction(amt) * (rate - r_acq)
    if missing:
        io.problem(
            "translation.history_missing",
            f"translating {entity}'s retained earnings at historical rates needs its trial balances at "
            f"{', '.join(str(d) for d in missing)} (every fiscal year since control on {acq.control_date})",
            Source(f"{run.ws.root}/ledger"), "add those periods to ledger/")
    return total


def _profit_split(io: StepIO, tb: LocalTB) -> tuple[Fraction, dict[dt.date, Fraction]]:
    """A year's profit (natural sign) in the entity's currency: undated, and dated by day."""
    run = io.run
    undated = ZERO
    dated: dict[dt.date, Fraction] = {}
    for (acc, _p, date), amt in tb.items():
        if run.account_type(acc) in ("income", "expense"):
            if date is None:
                undated -= Fraction(amt)
            else:
                dated[date] = dated.get(date, ZERO) - Fraction(amt)
    return undated, dated


__all__ = ["translate"]

"""Step ``nci`` — non-controlling interests (IFRS 10.22, B94; ASBJ 22 §26)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import fmt, ratio_str

from .investment import historical_equity
from .products import EquityMethod, GoodwillCarrying, Investments, OpeningPosition, OpeningSubsidiary, ProfitSplit
from .run import Acquired
from .stage import Lines, StepIO


def _money(io: StepIO, x: Fraction | Decimal) -> str:
    return fmt(x, io.run.decimals)


def nci(io: StepIO) -> ProfitSplit:
    """The ``nci`` step: NCI's share of post-acquisition equity before this year, of the translation reserve,
    and of entries attributed to a subsidiary (its share of this year's profit is taken at closing)."""
    run = io.run
    inv: Investments = io.need("investment")
    first = inv.first
    extra = _translation_differences(io, inv)
    position: OpeningPosition = io.need("opening")
    re_acc, nci_acc, cta_acc = io.role("retained_earnings"), io.role("nci"), io.role("cta")
    stretches: dict[str, tuple[tuple[Fraction, Fraction], ...]] = {}
    for entity, acq in io.acquired.items():
        split = _profit_stretches(io, acq, first[entity].pre_profit)
        if split:
            stretches[entity] = split
        n = run.nci_ratio(entity)
        tb = io.tb.get(entity, {})
        lines: Lines = []
        parts = []
        op = position.of(entity)
        if acq.control_date <= run.fy_start:
            segments = _segments(io, acq, op, position.start)
            opening = sum((ratio * (na_end - na_start) for ratio, na_start, na_end in segments), Fraction(0))
            if opening:
                lines += [(entity, re_acc, opening), (entity, nci_acc, -opening)]
                parts.append(f"share of post-acquisition retained earnings {_money(io, opening)}")
        cta_here = -Fraction(tb.get((cta_acc, None), Decimal(0))) + extra.get(entity, Fraction(0))
        if op is not None:  # the NCI's share of the reserve at the start date is inside its opening amount
            cta_here -= op.reserve
        if cta_here and n:
            lines += [(entity, cta_acc, n * cta_here), (entity, nci_acc, -n * cta_here)]
            parts.append(f"{ratio_str(n)} of the translation reserve {_money(io, cta_here)}")
        if lines:
            io.post("nci", entity, None, lines,
                    f"non-controlling interests ({ratio_str(n)}) in {entity}: " + "; ".join(parts))
    # Entries attributed to an entity with NCI: the NCI bears its share of their effect on
    # retained earnings (their effect on this year's profit is split at closing).
    for entry in io.attributed():
        x = entry.attribute_to
        n = run.nci_ratio(x)
        if not n or x is None:
            continue
        effect = sum((Fraction(ln.amount) for ln in entry.lines if ln.account == re_acc), Fraction(0))
        if effect:
            io.post("nci", x, None, [(x, nci_acc, n * effect), (x, re_acc, -n * effect)],
                    f"NCI's share ({ratio_str(n)}) of {entry.id} ({entry.kind}) on retained earnings")
    for holder, amount in extra.items():
        if holder in io.acquired:
            continue  # done above with the entity's own reserve
        n = run.nci_ratio(holder)
        if n and amount:
            io.post("nci", holder, None, [(holder, cta_acc, n * amount), (holder, nci_acc, -n * amount)],
                    f"NCI's share ({ratio_str(n)}) of translation differences attributed to {holder}")
    return ProfitSplit(stretches)


def _translation_differences(io: StepIO, inv: Investments) -> dict[str, Fraction]:
    """Translation differences booked by eliminations (eliminated costs, goodwill, fair-value adjustments,
    associates), by the entity whose NCI shares them, in the order the steps made them."""
    out: dict[str, Fraction] = {}
    gw: GoodwillCarrying = io.need("goodwill")
    em: EquityMethod = io.need("equity_method")
    for part in (inv.cta, gw.cta, em.cta):
        for k, v in part.items():
            out[k] = out.get(k, Fraction(0)) + v
    return out


def _profit_stretches(io: StepIO, acq: Acquired, pre_profit: Fraction) -> tuple[tuple[Fraction, Fraction], ...]:
    """Split this year's profit where holdings changed inside the year, by the NCI ratio of each stretch.

    Needs the trial balance on the day before each change (docs/format.md §10.4); profit to
    a day is translated at the period's average rate.
    """
    run = io.run
    cuts = sorted({date for date, *_ in acq.transactions if run.fy_start < date <= run.period})
    if not cuts:
        return ()
    cur = run.currency(acq.entity)
    average = io.rate(cur, run.period, "average", f"splitting {acq.entity}'s profit of the year")
    tb_now = run.local_tb(acq.entity, run.period) or {}
    year = run.profit_of(tb_now) * average
    earned_to = [pre_profit]
    for cut in cuts:
        day_before = cut - dt.timedelta(days=1)
        tb = run.local_tb(acq.entity, day_before)
        if tb is None:
            io.problem(
                "consolidation.no_trial_balance_before_change",
                f"the group's holding in {acq.entity} changed on {cut}, inside the fiscal year: the ledger must hold "
                f"{acq.entity}'s trial balance at {day_before} to split the year's profit (docs/format.md §10.4)", None,
                f"add {acq.entity}'s rows with period {day_before} to ledger/")
            return ()
        earned_to.append(run.profit_of(tb) * average)
    earned_to.append(year)
    starts = [max(acq.control_date, run.fy_start), *cuts]
    out = []
    for start, (a, b) in zip(starts, itertools.pairwise(earned_to)):
        ratio = run.nci_at(acq.entity, start) if start != run.fy_start or start == acq.control_date \
            else run.nci_at(acq.entity, start - dt.timedelta(days=1))
        out.append((ratio, b - a))
    return tuple(out)


def _segments(io: StepIO, acq: Acquired, op: OpeningSubsidiary | None = None,
              start: dt.date | None = None) -> list[tuple[Fraction, Fraction, Fraction]]:
    """(NCI ratio, net assets at start, net assets at end) for each stretch of unchanged holdings
    between control (or the start date of opening.csv: the NCI's share before it is inside its
    opening amount) and the start of this fiscal year, in the reporting currency."""
    run = io.run
    tb = io.tb.get(acq.entity, {})
    opening_dec = Decimal(0)
    for (acc, _p), amt in tb.items():
        if run.account_type(acc) == "equity" and run.account_role(acc) not in ("dividends_declared", "cta", "nci"):
            opening_dec -= amt
    opening = Fraction(opening_dec)
    points = [(acq.control_date, sum(acq.equity.values(), Fraction(0)) * acq.rate)] if op is None or start is None \
        else [(start, sum(op.equity.values(), Fraction(0)))]
    foreign = run.currency(acq.entity) != run.group.reporting_currency
    for date, _holder, _share, _cost, eq in acq.transactions:
        if date <= run.fy_start:
            points.append((date, historical_equity(io, acq.entity) if foreign and date == run.period
                           else sum(eq.values(), Fraction(0)) * acq.rate))
    points.append((run.fy_start, opening))
    out = []
    for (d0, na0), (_d1, na1) in itertools.pairwise(points):
        ratio = run.nci_at(acq.entity, d0)
        out.append((ratio, na0, na1))
    return out

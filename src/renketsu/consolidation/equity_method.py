"""Step ``equity_method`` — associates (IAS 28; ASBJ 16)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from fractions import Fraction

from renketsu.model.money import ZERO, book, fmt, fsum, ratio_str
from renketsu.model.types import Holding, Source

from .acquisition import equity_at, equity_from_tb
from .deconsolidation import (Kept, cost_at_loss, kept_interest, kept_sub_group, later_sales, local_cost, no_keeper_row,
                              rate_paid, sold_in_its_year, sold_out)
from .goodwill import Amortised, amortise, months
from .investment import eliminate_cost
from .products import AssociatePurchase, AssociateSale, EquityMethod, OpeningAssociate, OpeningPosition
from .run import LocalTB, Run
from .stage import Lines, StepIO


#: A trial balance's key: (account, partner, date).
_Key = tuple[str, str | None, dt.date | None]
#: An associate's trial balance: the ledger's (decimals), or its consolidated one with a sub-group entity translated
#: from another currency (exact fractions, :func:`_translated_into`).
_TB = dict[_Key, Decimal] | dict[_Key, Fraction]


def _money(io: StepIO, x: Fraction | Decimal) -> str:
    return fmt(x, io.run.decimals)


def equity_method(io: StepIO) -> EquityMethod:
    """The ``equity_method`` step: cost plus the share of post-acquisition profit, less dividends received."""
    run = io.run
    cta: dict[str, Fraction] = {}
    positions: dict[tuple[str, str], tuple[Fraction, Fraction]] = {}
    sales: list[AssociateSale | AssociatePurchase] = []
    opening: OpeningPosition = io.need("opening")
    for entity, eo in run.own.entities.items():
        if eo.method != "equity":
            continue
        holders = {h: s for h, s in eo.direct.items() if s and run.is_consolidated(h)}
        if not holders:
            continue
        tb = _associate_tb(io, entity, run.period)
        if tb is None:
            sub = ", ".join(_kept_sub_group(io, entity))
            io.problem("consolidation.no_trial_balance",
                       f"{entity} is accounted for by the equity method at {run.period}: the ledger needs its "
                       "trial balance then" + (f", and its sub-group's ({sub}), whose consolidated figures it is"
                                               if sub else ""), None,
                       f"add {entity}'s rows with period {run.period}" + (f", and {sub}'s" if sub else ""))
            continue
        opened = {h: opening.associates[(entity, h)] for h in holders if (entity, h) in opening.associates}
        assoc = _associate(io, entity, tb, from_opening=bool(opened))
        for holder, share in holders.items():
            if holder in opened and opening.start is not None:
                diff, positions[(entity, holder)] = _opening_holder_entry(io, assoc, holder, share, opened[holder],
                                                                          opening.start)
            else:
                diff, positions[(entity, holder)] = _holder_entry(io, assoc, holder, share, sales)
            if diff:
                cta[holder] = cta.get(holder, ZERO) + diff
    for h in _plain_sold_out_refused(io):
        # an associate never a subsidiary sold whole this year (IAS 28.22): the equity method runs to the sale and
        # stops; nothing is carried at the period (a-35)
        a = _plain_sold_out_associate(io, h)
        if a is not None:
            _holder_entry(io, a, h.holder, ZERO, sales)
    for h in _sold_whole_before(run):
        # a holder in another currency that sold the whole of an associate in an earlier year: what that year's
        # entries put in retained earnings beyond its translated books, against its reserve, carried (a-40)
        _carry_sold_whole(io, h)
    for kept in _sold_out_this_year(run):
        # an interest kept on losing control this year and sold to nothing later this year (IAS 28.22): the equity
        # method runs to that sale and stops; nothing is carried at the period
        diff, _left = _holder_entry(io, _sold_out_associate(io, kept), kept.holder, ZERO, sales)
        if diff:
            cta[kept.holder] = cta.get(kept.holder, ZERO) + diff
    for kept in _sold_out_in_a_later_year(run):
        # an interest kept on losing control in an earlier year, sold to nothing this year: not modelled (reported)
        _changed_in_a_later_year(io, kept.holder, kept)
    purchases = [y for y in sales if isinstance(y, AssociatePurchase)]
    return EquityMethod(cta, positions, tuple(y for y in sales if isinstance(y, AssociateSale)), tuple(purchases))


def _plain_sold_out_refused(io: StepIO) -> list[Holding]:
    """An associate that was never a subsidiary, whose holder sold the rest of it this year (a row with share 0 and
    its proceeds), after selling part of it earlier or not: the holder holds nothing at the period, so the main loop
    never reads it. The equity method runs to the sale and stops (IAS 28.22; ASBJ Statement 16), the carrying amount
    of the day before off with the whole of the associate's reserve reclassified (IAS 21.48), through
    :func:`_holder_entry` with :func:`_plain_sold_out_associate` (:func:`_later_sales` for the sales of this year,
    :func:`_after_sales` and :func:`_rest_sold` after a part sold in an earlier year). Where
    :func:`_plain_sold_out_why` finds a reason it is not measured, reported, so that no equity method silently
    disappears with its reserve going out as exchange differences (an interest kept on losing control and sold out
    is :func:`_sold_out_this_year`'s).

    Returns the sales it does not report (a-35 to a-41)."""
    run = io.run
    built: list[Holding] = []
    for h in run.group.holdings:
        if h.share or not run.real_fy_start <= h.date <= run.period or not run.is_consolidated(h.holder):
            continue
        before = h.date - dt.timedelta(days=1)
        rows = [x for x in run.holdings_of.get(h.entity, ()) if x.holder == h.holder and x.date < h.date]
        if not rows or not rows[-1].share or run.history.method_at(h.entity, before) != "equity" or any(
                run.history.method_at(h.entity, x.date) == "full" for x in run.holdings_of.get(h.entity, ())
                if x.date < h.date):
            continue
        parts = [x for w, x in itertools.pairwise(rows) if x.date >= run.real_fy_start and 0 < x.share < w.share]
        why = _plain_sold_out_why(io, h, rows, parts)
        if not why:
            built.append(h)
            continue
        rest = parts or any(b.share < a.share for a, b in itertools.pairwise(rows))
        io.problem("equity_method.partial_disposal",
                   f"{h.holder} sells {'the rest' if rest else 'all'} of associate {h.entity} on {h.date} "
                   f"({ratio_str(rows[-1].share)} to 0)"
                   + (f", after selling part of it on {', '.join(str(x.date) for x in parts)}" if parts else "")
                   + f": {why}; not consolidated yet",
                   h.source, "consolidate a period before the sale; see docs/consolidation.md \"An associate sold "
                   "whole\"")
    return built


def _sold_whole_before(run: Run) -> list[Holding]:
    """The sales of the whole of an associate never a subsidiary in an earlier year (share 0; the rows before them
    purchases only, significant influence before the sale) by a consolidated holder booking in another currency that
    has not held it again since (:func:`_carry_sold_whole`)."""
    out: list[Holding] = []
    for h in run.group.holdings:
        if h.share or h.date >= run.real_fy_start or not run.is_consolidated(h.holder) or not run.is_foreign(h.holder):
            continue
        rows = [x for x in run.holdings_of.get(h.entity, ()) if x.holder == h.holder and x.date <= run.period]
        before = [x for x in rows if x.date < h.date]
        if not before or not before[-1].share or any(x.date > h.date for x in rows) \
                or run.history.method_at(h.entity, h.date - dt.timedelta(days=1)) != "equity" \
                or any(run.history.method_at(h.entity, x.date) == "full" for x in before):
            continue
        out.append(h)
    return out


def _carry_sold_whole(io: StepIO, h: Holding) -> None:
    """A year after ``holder`` (booking in another currency) sold the whole, or the rest, of associate ``entity`` (IAS
    28.22): the group's profit on it, over the years, was each sale's proceeds at the rate its gain was taken at (its
    year's average) less the cost at the rates of the days it paid (plus the dividends, as its books took them), its
    books' translated profit each sale's proceeds less the cost it took off (average cost), both at that average: the
    difference, the cost each sale took off at its rate less the cost at the rates paid, stays in the group's
    retained earnings against the holder's reserve, where the sales' entries left it (the cost's translation its books
    carried, out; a-40). Nothing else of the associate is booked."""
    run = io.run
    h_cur = run.currency(h.holder)
    if (why := _foreign_holder_with_nci(run, h)):
        io.problem("equity_method.partial_disposal",
                   f"{h.holder} (in {h_cur}) sold all of associate {h.entity} on {h.date}: the years after such a sale "
                   f"are not consolidated when {why}", h.source,
                   f"consolidate a period before {run.group.fiscal_year_end_for(h.date)}")
        return
    rows = [x for x in run.holdings_of.get(h.entity, ()) if x.holder == h.holder and x.date <= h.date]
    own = hist = taken = ZERO
    prev = ZERO
    for x in rows:
        share = Fraction(x.share)
        if share > prev and x.cost is not None:  # a purchase: its cost at the rate of its day
            own += Fraction(x.cost)
            hist += Fraction(x.cost) * io.rate(h_cur, x.date, "spot", f"cost of {h.entity}", fallback="closing")
        elif share < prev:  # a sale: the part of the cost its books took off, at the rate inside its gain
            part = own * (prev - share) / prev
            end = run.group.fiscal_year_end_for(x.date)
            taken += part * io.rate(h_cur, end, "average", f"{h.holder}'s gain on the sale of {h.entity} on {x.date}")
            own -= part
        prev = share
    amount = Fraction(book(taken - hist, run.decimals))
    if not amount:
        return
    io.post("equity_method", h.entity, h.holder,
            [(h.holder, io.role("retained_earnings"), -amount), (h.holder, io.role("cta"), amount)],
            f"{h.holder} (in {h_cur}) sold all of associate {h.entity} (the last on {h.date}; IAS 28.22): its cost was "
            f"the group's at the rates paid ({_money(io, hist)}), its translated gains took it at their years' "
            f"averages ({_money(io, taken)}): the difference {_money(io, amount)} stays in retained earnings, out of "
            "its reserve", attribute_to=h.holder)


def _plain_sold_out_why(io: StepIO, h: Holding, rows: list[Holding], parts: list[Holding]) -> str:
    """Why :func:`_plain_sold_out_refused` reports the sale of the whole (or the rest) of an associate never a
    subsidiary ('' when it is measured). Measured (docs/consolidation.md "An associate sold whole"): the sale with its
    proceeds; earlier that year purchases with their cost (a-37) and sales of part with theirs (the rest sold later
    that year: the holder in the reporting currency); dividends received declared before the sale
    (a-36); part sold in an earlier year and the rest now, its only row of the year (a-38); a foreign associate (a-39); a holder in another currency (a-40); jgaap with goodwill (a-41)."""
    run = io.run
    if h.cost is None:
        return "the sale gives no proceeds (its cost key)"
    down = [b for a, b in itertools.pairwise(rows) if b.share < a.share or b.dilution]
    if any(b.dilution or b.cost is None for b in down):
        return "the holding went down before by an issue of the associate's own (or a sale without its proceeds)"
    earlier = [b for b in down if b.date < run.real_fy_start]
    if (why := _foreign_holder_with_nci(run, h)):
        return why
    if parts and run.is_foreign(h.holder):
        return f"part of it was sold earlier that year (on {parts[0].date}) and {h.holder} books in " \
            f"{run.currency(h.holder)}"
    this_year = [(w, x) for w, x in itertools.pairwise(rows) if x.date >= run.real_fy_start]
    if earlier and this_year:
        # the rest sold in a later year (a-38): the sale its only row that year
        return (f"part of it was sold in an earlier year (on {earlier[0].date}) and the holding changed earlier this "
                f"year (on {this_year[0][1].date})")
    for w, x in this_year:
        # a purchase earlier that year: a stretch of its own, its cost in on its day (IAS 28.10, 28.32; a-37); a sale
        # of part, its proceeds on its cost (IAS 28.25)
        if x.share == w.share or x.cost is None or x.date == run.real_fy_start:
            return (f"its row of {x.date} (share {ratio_str(x.share)}) neither buys more nor sells part with its cost "
                    "(proceeds) after the year's first day")
        if x.share > w.share and run.is_foreign(h.holder):
            return f"{h.holder} books in {run.currency(h.holder)} and bought more on {x.date}, the year of the sale"
    day = h.date - dt.timedelta(days=1)
    if any(p == h.entity and run.account_role(acc) == "dividend_income" and v
           for (acc, p), v in io.tb.get(h.holder, {}).items()) and (tb := _associate_tb(io, h.entity, day)) is not None \
            and not _declared(io, tb):
        # the dividends it received that year come off the carrying amount sold (IAS 28.10; a-36): they must have
        # been declared before the sale, as the associate's trial balance of the day before shows them
        return (f"{h.holder} received dividends from it that year but {h.entity}'s trial balance at {day} shows none "
                "declared before the sale")
    others = [x for x in run.holdings_of.get(h.entity, ()) if x.holder == h.holder and x.date > h.date]
    if others:
        return f"{h.holder} holds it again from {others[0].date}"
    return ""


def _foreign_holder_with_nci(run: Run, h: Holding) -> str:
    """Why the sale of the whole (or the rest) of an associate by a holder with NCI of its own is not measured when the
    holder or the associate books in another currency ('' otherwise): the ``nci`` step would give the holder's NCI
    their share of the holder's own reserve without the reserve the sale's entries move (the a-40 group with P
    holding 80% of H: NCI 342,000 for 20% × 1,650,000 = 330,000; found by review)."""
    foreign = next((x for x in (h.holder, h.entity) if run.is_foreign(x)), None)
    if foreign is None or not run.nci_ratio(h.holder):
        return ""
    return (f"{h.holder} has NCI of its own ({ratio_str(run.nci_ratio(h.holder))}) and {foreign} books in "
            f"{run.currency(foreign)} (the NCI's share of the reserve the sale moves is not read yet)")


def _plain_sold_out_associate(io: StepIO, h: Holding) -> _Associate | None:
    """The associate of a sale of the whole of it (:func:`_plain_sold_out_refused`), read as :func:`_associate` reads
    one from the day influence began, without a trial balance at the period (nothing of it is read then: the share
    held is 0): its net assets at the start of the year from its trial balance of the year before's end. None (and
    reported) when that trial balance is missing."""
    run = io.run
    entity = h.entity
    # the holder's first row (its rows before the sale are purchases, with influence: _plain_sold_out_why)
    start = next(x.date for x in run.holdings_of.get(entity, ()) if x.holder == h.holder)
    cur = run.currency(entity)
    events = [x for x in run.holdings_of.get(entity, ()) if x.date <= start]
    src = events[-1].source if events else None
    r_acq = io.rate(cur, start, "spot", f"equity method for {entity}", fallback="closing")
    given = next((x.equity_at_acquisition for x in events if x.date == start and x.equity_at_acquisition), None)
    eq_acq = equity_at(io, entity, start, given, f"equity method for {entity} from {start}", src) or {}
    before = run.real_fy_start - dt.timedelta(days=1)
    tb = _associate_tb(io, entity, before)
    if tb is None:
        io.problem("consolidation.no_trial_balance",
                   f"{h.holder} sells all of associate {entity} on {h.date}: the equity method to the sale starts "
                   f"from {entity}'s net assets at the start of the year, read from its trial balance at {before}, "
                   "which the ledger does not hold", h.source, f"add {entity}'s rows with period {before}")
        return None
    na_open = fsum(equity_from_tb(io, tb).values())
    return _Associate(entity, start, cur, Fraction(1), Fraction(1), r_acq, src, ZERO, fsum(eq_acq.values()) * r_acq,
                      ZERO, na_open)


def _sold_out_this_year(run: Run) -> list[Holding]:
    """The holdings that lost control of a subsidiary this year keeping an interest with significant influence (ifrs,
    a seller in another currency too, x-54; jgaap, x-56; the seller consolidated), whose seller sold the rest later
    this year: the entity
    is not equity-accounted at the period (the deconsolidation step refuses what ``_later_sales_ok`` does not
    measure)."""
    return [h for h in run.group.holdings
            if run.real_fy_start < h.date <= run.period and h.share and run.is_consolidated(h.holder)
            and (not run.is_foreign(h.holder) or run.group.framework == "ifrs")
            and run.history.method_at(h.entity, h.date - dt.timedelta(days=1)) == "full"
            and run.history.method_at(h.entity, h.date) == "equity"
            and run.history.method_at(h.entity, run.period) != "equity"
            and not kept_sub_group(run, h) and sold_out(run, h)]  # the scans last: few holdings get there


def _sold_out_in_a_later_year(run: Run) -> list[Holding]:
    """The holdings that lost control of a subsidiary in an earlier fiscal year keeping an interest, whose holder
    (consolidated) sells the rest of it this year, the entity equity-accounted the day before: the rows of the loss
    of control (:func:`_changed_in_a_later_year` reports them)."""
    out = []
    for x in run.group.holdings:
        if x.share or not run.real_fy_start <= x.date <= run.period or not run.is_consolidated(x.holder) \
                or run.history.method_at(x.entity, x.date - dt.timedelta(days=1)) != "equity":
            continue
        lost = [h for h in run.holdings_of.get(x.entity, ()) if h.holder == x.holder and h.share
                and h.date < run.real_fy_start
                and run.history.method_at(x.entity, h.date - dt.timedelta(days=1)) == "full"
                and run.history.method_at(x.entity, h.date) != "full"]
        if lost:
            out.append(lost[-1])
    return out


def _sold_out_associate(io: StepIO, kept: Holding) -> _Associate:
    """The associate of :func:`_sold_out_this_year` from the day control was lost: its equity then at the closing
    rate of the day before (as :func:`_associate` reads an interest kept); nothing of it at the period (the share
    held then is 0, so its profit, net assets and rates at the period are not read)."""
    run = io.run
    entity = kept.entity
    before = kept.date - dt.timedelta(days=1)
    cur = run.currency(entity)
    r_acq = io.rate(cur, before, "closing", f"equity method for {entity} from {kept.date} (interest kept)")
    eq_acq = equity_at(io, entity, kept.date, None, f"equity method for {entity} from {kept.date}", kept.source) or {}
    zero = ZERO
    return _Associate(entity, kept.date, cur, Fraction(1), Fraction(1), r_acq, kept.source, zero,
                      sum(eq_acq.values(), zero) * r_acq, zero, zero)


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


def _associate(io: StepIO, entity: str, tb: _TB, from_opening: bool = False) -> _Associate:
    run = io.run
    start = _influence_date(io, entity)
    cur = run.currency(entity)
    closing = io.rate(cur, run.period, "closing", f"equity method for {entity}")
    profit = run.profit_of(tb)
    average = io.rate(cur, run.period, "average", f"equity method for {entity}") if profit else Fraction(1)
    events = [h for h in run.holdings_of.get(entity, ()) if h.date <= start]
    src = events[-1].source if events else None
    if from_opening:  # opening.csv: neither the rate nor the equity of the day influence began is needed
        r_acq, eq_acq = Fraction(1), {}
    elif run.history.method_at(entity, start - dt.timedelta(days=1)) == "full":
        # an interest kept on losing control: measured as the disposal read it, at the closing rate of the
        # day before and from the trial balance then (docs/consolidation.md "A retained interest")
        before = start - dt.timedelta(days=1)
        r_acq = io.rate(cur, before, "closing", f"equity method for {entity} from {start} (interest kept)")
        sub = _kept_sub_group(io, entity)
        pre = _associate_tb(io, entity, before) if sub else None
        if sub and pre is None:
            io.problem("consolidation.no_trial_balance",
                       f"{entity} is accounted for by the equity method from {start} with its sub-group "
                       f"({', '.join(sub)}): its consolidated equity then is read from their trial balances at "
                       f"{before}, which the ledger does not hold", src,
                       f"add the rows of {entity} and {', '.join(sub)} with period {before}")
        kept_equity = equity_from_tb(io, pre) if pre is not None else None
        held = _retained(run, entity, start)
        if held is not None and held.dilution and held.equity_at_acquisition:
            # a dilution: the equity right after the share issue, the issue's proceeds in it (they are inside the
            # fair value kept, not a later change of the associate's net assets; docs/format.md)
            kept_equity = {acc: Fraction(v) for acc, v in held.equity_at_acquisition.items()}
            own = run.local_tb(entity, before)
            if sub and pre is not None and own is not None:
                # with a sub-group (IAS 28.27): the associate's consolidated equity the day before plus the issue, its
                # own equity right after less its own the day before (tests/cases/deconsolidation/x-45)
                own_eq, cons = equity_from_tb(io, own), equity_from_tb(io, pre)
                kept_equity = {acc: cons.get(acc, ZERO) + kept_equity.get(acc, ZERO) - own_eq.get(acc, ZERO)
                               for acc in {*cons, *kept_equity, *own_eq}}
        eq_acq = equity_at(io, entity, start, kept_equity, f"equity method for {entity} from {start}", src) or {}
    else:
        r_acq = io.rate(cur, start, "spot", f"equity method for {entity}", fallback="closing")
        given = next((h.equity_at_acquisition for h in events if h.date == start and h.equity_at_acquisition), None)
        eq_acq = equity_at(io, entity, start, given, f"equity method for {entity} from {start}", src) or {}
    equity_now = equity_from_tb(io, tb)
    divs = sum((Fraction(a) for (acc, _p, _d), a in tb.items() if run.account_role(acc) == "dividends_declared"),
               ZERO)
    na_now = fsum(equity_now.values())
    return _Associate(entity, start, cur, closing, average, r_acq, src, profit,
                      fsum(eq_acq.values()) * r_acq, na_now, na_now - profit + divs)


def _pre_influence_profit(io: StepIO, a: _Associate) -> Fraction:
    """Profit of this year before influence began inside it (not the group's)."""
    run = io.run
    if not a.start > run.fy_start:
        return ZERO
    pre = _associate_tb(io, a.entity, a.start - dt.timedelta(days=1))
    if pre is None:
        io.problem("consolidation.no_trial_balance_before_control",
                   f"significant influence over {a.entity} began on {a.start}, inside the fiscal year: the "
                   f"ledger must hold its trial balance at {a.start - dt.timedelta(days=1)}", a.src)
    return run.profit_of(pre)


def _costs(io: StepIO, a: _Associate, holder: str, carried: Kept | None = None, plain: list[Holding] | None = None
           ) -> tuple[Fraction, Fraction]:
    """The holder's cost of the associate: in its own currency, and in the reporting currency at the
    rate of each day it paid (``plain``: sales of part of it, whose proceeds are no cost, :func:`_plain_sales`)."""
    run = io.run
    own = hist = ZERO
    cur = run.currency(holder)
    kept = _retained(run, a.entity, a.start, holder)
    # a later sale of part of an interest kept (its proceeds are no cost: :func:`_later_sales`)
    sold = [x for x, _p in sold_in_its_year(run, kept)] if kept is not None else list(plain or ())
    for h in run.holdings_of.get(a.entity, ()):
        if h.holder != holder or h.date > run.period or any(h is x for x in sold):
            continue
        if h is kept and carried is not None:
            # jgaap: the consolidated carrying amount the interest kept stays at (ASBJ Statement 22 §29), the
            # equity method's starting amount; the seller books in the reporting currency
            own = hist = Fraction(carried.carrying)
            continue
        if h is kept:
            # the interest kept on losing control: its fair value is the deemed cost (IAS 28.32, IFRS 10.B98(b)(iii));
            # what the holder paid before, and the proceeds of the sale, are not the associate's cost
            own = Fraction(h.retained_fair_value or 0)
            hist = own * io.rate(cur, h.date - dt.timedelta(days=1), "closing", f"cost of {a.entity}")
            continue
        if h.cost is None:
            continue
        own += Fraction(h.cost)
        hist += Fraction(h.cost) * io.rate(cur, h.date, "spot", f"cost of {a.entity}", fallback="closing")
    return own, hist


@dataclass(frozen=True)
class _Tranche:
    """A purchase by the holder after significant influence began (IAS 28.10, 28.32: a tranche of its own)."""

    date: dt.date
    #: the share it added
    added: Fraction
    #: its cost in the reporting currency at the spot rate of its day
    cost: Fraction
    #: the associate's net assets that day, in its own currency
    na_local: Fraction
    #: the associate's currency's spot rate that day (1 for one in the reporting currency)
    rate: Fraction
    #: the associate's profit of this year to the day before (0 for a purchase on or before the year's first day)
    profit_before: Fraction


def _tranches(io: StepIO, a: _Associate, holder: str, until: dt.date | None = None) -> list[_Tranche]:
    """The holder's purchases of the associate after influence began, to the period (or ``until``), each a tranche
    of its own:
    its share of the associate's profit from its own day, its cost (and goodwill) at its own day's rate (IAS 28.10,
    28.32; IAS 21.40). Rows that do not add to the share (a sale goes through :func:`_plain_sales`) are left out."""
    run = io.run
    entity = a.entity
    foreign = a.currency != run.group.reporting_currency
    out: list[_Tranche] = []
    prev: Fraction | None = None
    for h in run.holdings_of.get(entity, ()):
        if h.holder != holder or h.date > (until or run.period):
            continue
        share = Fraction(h.share)
        if h.date > a.start and prev is not None and share > prev:
            why = f"{holder}'s purchase of {ratio_str(share - prev)} of associate {entity} on {h.date}"
            eq = equity_at(io, entity, h.date, h.equity_at_acquisition,
                           f"{holder}'s change of holding in associate {entity} on {h.date}", h.source) or {}
            rate = io.rate(a.currency, h.date, "spot", why, fallback="closing") if foreign else Fraction(1)
            cost = Fraction(h.cost or 0) * io.rate(run.currency(holder), h.date, "spot", f"cost of {entity}",
                                                   fallback="closing")
            before = Fraction(0)
            if h.date > run.fy_start:  # inside this year: its share of the year's profit from its day
                pre = _associate_tb(io, entity, h.date - dt.timedelta(days=1))
                if pre is None:
                    io.problem("consolidation.no_trial_balance",
                               f"{why}, inside the fiscal year: its share of {entity}'s profit runs from that day, "
                               f"read from {entity}'s trial balance at {h.date - dt.timedelta(days=1)}, which the "
                               "ledger does not hold", h.source,
                               f"add {entity}'s rows with period {h.date - dt.timedelta(days=1)} to ledger/")
                else:
                    before = run.profit_of(pre)
            out.append(_Tranche(h.date, share - prev, cost, sum(eq.values(), Fraction(0)), rate, before))
        prev = share
    return out


def _amortise_tranches(io: StepIO, a: _Associate, holder: str, first: Fraction, tranches: list[_Tranche]
                       ) -> tuple[list[Fraction], Amortised]:
    """jgaap (ASBJ Statement 16 §12): the goodwill inside each tranche (``first``: the one of the day influence
    began, in the associate's currency), each amortised from its own day; their sum."""
    what = f"{a.entity} (equity method, {holder})"
    gws = [first] + [t.cost / t.rate - t.added * t.na_local for t in tranches]
    parts = [amortise(io, what, first, a.start, a.r_acq, a.currency)] + \
        [amortise(io, what, gw, t.date, t.rate, a.currency) for gw, t in zip(gws[1:], tranches, strict=True)]
    return gws, Amortised(sum((p.this_year for p in parts), Fraction(0)), sum((p.earlier for p in parts), Fraction(0)),
                          parts[0].months_this_year, parts[0].months_before,
                          sum((p.carrying_local for gw, p in zip(gws, parts, strict=True) if gw > 0), Fraction(0)))


def _holder_entry(io: StepIO, a: _Associate, holder: str, share: Fraction, sales: list[AssociateSale | AssociatePurchase] | None = None
                  ) -> tuple[Fraction, tuple[Fraction, Fraction]]:
    """One holder's equity-method entry; returns the change it made to the reserve (credit positive) and the
    carrying amount and goodwill left in the associate's currency.

    The holder's investment leaves at the amount it carries (its cost at the holder's closing rate), the
    translation difference on that cost back out of the holder's reserve; the equity-method carrying
    amount of a foreign associate is its amount in the associate's currency at the closing rate — cost
    at the rate of the day influence began, plus the share of the change in net assets since, less
    goodwill amortised (jgaap) — and what its movement at historical rates leaves is translation
    difference (IAS 21.44, IAS 28.25)."""
    run = io.run
    entity = a.entity
    kept = _retained(run, entity, a.start, holder)
    if kept is None and run.history.method_at(entity, a.start - dt.timedelta(days=1)) == "full":
        # an interest kept by another group company than the seller, without its row of the day (issue 10): in
        # the year of the sale the deconsolidation step reports it
        if a.start <= run.fy_start:
            held = run.history.standing(entity, a.start).get(holder)
            no_keeper_row(io, a.start, entity, holder, held.share if held else share, a.src)
        return Fraction(0), (Fraction(0), Fraction(0))
    if kept is not None and a.start <= run.fy_start and not _sold_after_kept(run, kept) \
            and _changed_in_a_later_year(io, holder, kept):
        return Fraction(0), (Fraction(0), Fraction(0))
    found_sales = _plain_sales(io, a, holder) if kept is None else ([], [])
    if found_sales is None:
        return Fraction(0), (Fraction(0), Fraction(0))
    plain, sold_before = found_sales
    carried = None
    if kept is not None and run.group.framework == "jgaap":
        # the position of the day before the sale gives what the interest was kept at (the deconsolidation
        # step reads the same position in the year of the sale and reports its problems then)
        carried = kept_interest(io, kept, report=a.start <= run.fy_start)
        if carried is None:
            return Fraction(0), (Fraction(0), Fraction(0))
    cost_own, cost = _costs(io, a, holder, carried, [x for x, p in [*plain, *sold_before] if x.share < p])
    if sold_before:
        # (``plain``: nothing, or the sale of the rest this year, :func:`_rest_sold`)
        return _after_sales(io, a, holder, share, sold_before, cost_own, cost,
                            rest=plain[0] if plain else None, sales=sales)
    foreign = a.currency != run.group.reporting_currency
    # jgaap: further sales of an interest kept at its consolidated carrying amount (a foreign one's kept subsidiary
    # reserve realised pro rata with each part sold, ``kept_reserve`` in :func:`_later_sales`, x-42; the rest sold
    # and the years after stay refused by the deconsolidation step)
    later = later_sales(run, kept) if kept is not None and a.start > run.fy_start else plain
    after: tuple[Fraction, Fraction, Amortised | None] | None = None
    if kept is not None and not later and _sold_after_kept(run, kept):
        # an interest kept in an earlier year and sold in part later that year: the equity method carries on from
        # the carrying amount that year left (docs/consolidation.md "The years after a further sale")
        why = _after_further_sales_refused(io, holder, kept)
        if why:
            io.problem("deconsolidation.retained_interest",
                       f"{holder} lost control of {entity} on {kept.date}, kept {ratio_str(kept.share)} and changed "
                       f"that holding later that year; the years after are not consolidated yet because {why}",
                       kept.source, f"consolidate the year of the sale ({run.group.fiscal_year_end_for(kept.date)}); "
                       "see docs/consolidation.md \"The years after a further sale\"")
            return ZERO, (ZERO, ZERO)
        after = _after_further_sales(io, a, holder, kept, cost, carried)
        if after is None:
            return ZERO, (ZERO, ZERO)
        if carried is not None and carried.reserve:
            # jgaap, a foreign entity (x-42): each sale that year realised its part of the subsidiary's reserve kept
            # with the interest (rounded as booked then); what is left stays in the reserve with it
            carried = replace(carried, reserve=_kept_reserve_left(run, kept, carried.reserve))
    if after is not None:
        opening = after[0]
    elif a.start < run.fy_start:
        # an issue of the associate's own this year is in its equity at the period end, none of it retained profit
        opening = _foreign_opening(io, a, holder) if foreign else \
            _equity_method_opening(io, entity, holder, a.start, a.na_acq, a.na_open_local - _issued(io, a, plain),
                                   a.r_acq)
    else:
        opening = Fraction(0)
    sold = reclassified = plain_gw0 = Fraction(0)
    stretched: Fraction | None = after[1] if after is not None else None
    plain_am: Amortised | None = after[2] if after is not None else None
    tranches: list[_Tranche] = []
    first = first_cost = share
    gws: list[Fraction] = []
    steps = _bought_inside(run, entity, holder, a.start, later[-1][0].date) if later and kept is None else []
    years = run.group.policies.goodwill_amortisation_years or 0
    if steps and years and foreign:
        # jgaap: each purchase's goodwill is amortised from its own day (ASBJ 16 §12), in the associate's currency
        # at each stretch's rate: worked for an associate in the reporting currency only (a-33, a-34)
        io.problem("equity_method.partial_disposal",
                   f"{holder} bought {entity} in steps after significant influence began (on "
                   f"{', '.join(str(day) for day, _s in steps)}) and sells part of it on "
                   f"{next(x.date for x, p in later if x.share < p)}, with goodwill amortised (jgaap), and {entity} "
                   f"books in {a.currency}: each purchase's goodwill from its own day is read in "
                   f"{run.group.reporting_currency} only", later[0][0].source,
                   "consolidate a period before the sale; see docs/consolidation.md \"Part of an associate sold\"")
        return Fraction(0), (Fraction(0), Fraction(0))
    if later and kept is None:
        # an associate never a subsidiary: its goodwill from the share bought (the share held before the first
        # sale), amortised (jgaap) on the stretches, the part sold leaving with each sale
        # a purchase this year comes in at its date (a stretch of its own), not from the start of the year
        new_cost = sum((Fraction(x.cost or 0) * io.rate(run.currency(holder), x.date, "spot", f"cost of {entity}",
                                                        fallback="closing") for x, p in later if x.share > p),
                       Fraction(0))
        what = f"{entity} (equity method, {holder})"
        # jgaap: each purchase before this year a step of its own, its goodwill amortised from its day (a-33; ASBJ 16
        # §12); the purchases of this year come in inside :func:`_later_sales`
        before_year = _tranches(io, a, holder, until=run.real_fy_start) if years else []
        first_cost = cost - new_cost - sum((tr.cost for tr in before_year), Fraction(0))
        gw0 = _plain_goodwill(a, first_cost, later[0][1] - sum((tr.added for tr in before_year), Fraction(0)))
        step_gws = [(gw0, amortise(io, what, gw0, a.start, a.r_acq, a.currency), a.start, years * 12)]
        for tr in before_year:
            gw_t = tr.cost / tr.rate - tr.added * tr.na_local
            step_gws.append((gw_t, amortise(io, what, gw_t, tr.date, tr.rate, a.currency), tr.date, years * 12))
        plain_gw0 = sum((g for g, _am, _d, _n in step_gws), Fraction(0))
        found = _later_sales(io, a, holder, cost - new_cost + opening - sum((am.earlier for _g, am, _d, _n in step_gws),
                                                                            Fraction(0)), later,
                             sales if sales is not None else [], False, step_gws,
                             _local_start(io, a, holder, cost - new_cost) if foreign and a.r_acq else None,
                             plain_books=cost_own - sum((Fraction(x.cost or 0) for x, p in later if x.share > p),
                                                        Fraction(0)))
        if found is None:
            return ZERO, (ZERO, ZERO)
        share_profit, sold, reclassified, stretched = found[:4]
        plain_am = found[4]
    elif later:
        kept_goodwill: list[tuple[Fraction, Amortised, dt.date, int]] | None = None
        if carried is not None:
            # jgaap: the kept part of the subsidiary's unamortised goodwill, amortised on from the day before the sale
            # over what its period has left, stretch by stretch, leaving pro rata with each part sold (ASBJ 16 §12)
            since = a.start - dt.timedelta(days=1)
            am0 = amortise(io, f"{entity} (equity method, {holder})", carried.goodwill_local, since, a.r_acq,
                           a.currency, begun=carried.control)
            left = (run.group.policies.goodwill_amortisation_years or 0) * 12 - months(carried.control, since)
            kept_goodwill = [(carried.goodwill_local, am0, since, max(left, 0))]
        found = _later_sales(io, a, holder, cost + opening, later, sales if sales is not None else [], True,
                             kept_goodwill, kept_reserve=Fraction(carried.reserve) if carried is not None else ZERO)
        if found is None:
            return ZERO, (ZERO, ZERO)
        share_profit, sold, reclassified, stretched = found[:4]
        plain_am = found[4]
    else:
        # each purchase since influence began a tranche of its own, earning from its own day (IAS 28.10)
        tranches = _tranches(io, a, holder) if kept is None and after is None else []
        first = share - sum((t.added for t in tranches), Fraction(0))
        share_profit = (first * (a.profit - _pre_influence_profit(io, a))
                        + sum((t.added * (a.profit - t.profit_before) for t in tranches), Fraction(0))) * a.average
    received = [(acc, v) for (acc, p), v in io.tb.get(holder, {}).items()
                if p == entity and run.account_role(acc) == "dividend_income"]
    got = -fsum(Fraction(v) for _acc, v in received)
    if carried is not None and plain_am is not None:
        gw_local, am = carried.goodwill_local, plain_am
    elif carried is not None:
        # ASBJ 16 §12: the kept part of the subsidiary's unamortised goodwill, amortised on from the day before
        # the sale over what its period has left (the months to that day were the subsidiary's)
        gw_local = carried.goodwill_local
        am = amortise(io, f"{entity} (equity method, {holder})", gw_local, a.start - dt.timedelta(days=1), a.r_acq,
                      a.currency, begun=carried.control)
    elif plain_am is not None:
        gw_local, am = plain_gw0, plain_am
    elif tranches:
        # ASBJ 16 §12: each purchase's goodwill, amortised from its own day
        first_cost = cost - sum((t.cost for t in tranches), Fraction(0))
        gws, am = _amortise_tranches(io, a, holder, (first_cost / a.r_acq if a.r_acq else first_cost)
                                     - first * a.na_acq / (a.r_acq or 1), tranches)
        gw_local = sum(gws, Fraction(0))
    else:
        gw_local = (cost / a.r_acq if a.r_acq else cost) - share * a.na_acq / (a.r_acq or 1)
        am = amortise(io, f"{entity} (equity method, {holder})", gw_local, a.start, a.r_acq, a.currency)
    em = io.role("equity_method_investment")
    lines: Lines = []
    reserve = ZERO
    kept_cta = ZERO
    if kept is None:
        lines.append((holder, em, cost))
        reserve = eliminate_cost(io, lines, holder, entity, cost, cost_own)
    elif carried is None and a.start <= run.fy_start and kept.retained_fair_value is None:
        io.problem("deconsolidation.no_retained_fair_value",
                   f"{kept.holder} sold part of {entity} on {kept.date} and kept {ratio_str(kept.share)} with significant "
                   "influence: ifrs measures it at its fair value that day (IFRS 10.25(b), IAS 28.32), which the "
                   "holding does not give", kept.source,
                   f"add retained_fair_value to {kept.holder}'s holding of {entity} dated {kept.date} in group.yaml, "
                   f"in {run.currency(kept.holder)}")
    elif a.start <= run.fy_start:
        kept_cta = _kept_earlier(io, entity, holder, share, kept, cost, carried)
    # (kept this year: the deconsolidation step's disposal entry put the fair value on the investment)
    lines += [(holder, em, opening), (holder, io.role("retained_earnings"), -opening),
              (holder, em, share_profit), (holder, io.role("equity_method_income"), -share_profit),
              *[(holder, acc, -Fraction(v)) for acc, v in received], (holder, em, -got)]
    cta = ZERO
    carrying_local = cost + opening + share_profit - got - am.this_year - am.earlier - sold
    if foreign and tranches:
        # the sum over the tranches, each in the associate's currency from its own day (IAS 21.44, 28.10)
        carrying_local = ((first_cost / a.r_acq if a.r_acq else first_cost)
                          + first * (a.na_now - a.na_acq / (a.r_acq or 1))
                          + sum((t.cost / t.rate + t.added * (a.na_now - t.na_local) for t in tranches), Fraction(0))
                          - (sum((gw for gw in gws if gw > 0), Fraction(0)) - am.carrying_local))
        cta = carrying_local * a.closing - (cost + opening + share_profit - got - am.this_year - am.earlier - sold)
    elif foreign:
        carrying_local = ((cost / a.r_acq if a.r_acq else cost) + share * (a.na_now - a.na_acq / (a.r_acq or 1))
                          - (gw_local - am.carrying_local if gw_local > 0 else 0)) if stretched is None else stretched
        cta = carrying_local * a.closing - (cost + opening + share_profit - got - am.this_year - am.earlier - sold)
    if cta:
        lines += [(holder, em, cta), (holder, io.role("cta"), -cta)]
    lines = _rounded_cumulatively(io, lines, holder, share_profit, got, absorb=io.role("cta") if foreign else em)
    sub = _kept_sub_group(io, entity) if kept is not None else ()
    io.post("equity_method", entity, holder, lines,
            (f"{holder}'s {ratio_str(share)} of {entity} by the equity method from {a.start}: cost " if share or not later
             else f"{holder}'s interest in {entity} by the equity method from {a.start} to the sale of the rest on "
             f"{later[-1][0].date}: cost ")
            + f"{_money(io, cost)}, share of post-acquisition retained profit {_money(io, opening)}, of "
            f"this year's profit {_money(io, share_profit)}, dividends received {_money(io, got)}"
            + (f" ({entity}'s consolidated figures, with {', '.join(sub)}: IAS 28.27)" if sub else "")
            + (f"; stretch by stretch ({', '.join(ratio_str(p) for _x, p in later)}, then {ratio_str(share)}), "
               + (f"bought up on {', '.join(str(x.date) for x, _p in later)} ({_money(io, -sold)}, entries purchase)"
                  if kept is not None and all(x.share > p for x, p in later) else
                  f"{_money(io, sold)} of the carrying amount sold"
                  + (", less the share of the associate's issues" if any(x.dilution for x, _p in later) else "")
                  + " (entries disposal)") if later else "")
            + (f"; bought in steps ({', '.join(str(t.date) for t in tranches)} too), each a tranche from its own "
               "day (IAS 28.10)" if tranches else ""),
            attribute_to=holder)
    if am.this_year or am.earlier:
        gw_shown = gws[0] * a.r_acq + sum((g * t.rate for g, t in zip(gws[1:], tranches, strict=True)), Fraction(0)) \
            if tranches else gw_local * a.r_acq
        # ASBJ 16 §12: goodwill inside the carrying amount is amortised like a subsidiary's, in the
        # share of profit of the associate; IFRS: none (IAS 28.32).
        io.post("goodwill_amortisation", entity, holder,
                [(holder, io.role("equity_method_income"), am.this_year),
                 (holder, io.role("retained_earnings"), am.earlier),
                 (holder, em, -(am.this_year + am.earlier))],
                f"goodwill inside {holder}'s equity-method investment in {entity} "
                f"({_money(io, gw_shown)}) over "
                + (f"the rest of {run.group.policies.goodwill_amortisation_years} years from {carried.control} (kept "
                   f"from the subsidiary's on {a.start}, ASBJ 16 §12)" if carried is not None else
                   f"{run.group.policies.goodwill_amortisation_years} years from each purchase's day ("
                   + ", ".join(f"{day}: {_money(io, g * r)}" for g, day, r in
                               zip(gws, [a.start, *(t.date for t in tranches)], [a.r_acq, *(t.rate for t in tranches)],
                                   strict=True))
                   + "; ASBJ 16 §12), the first" if tranches else
                   f"{run.group.policies.goodwill_amortisation_years} years from each purchase's day ("
                   + ", ".join(str(day) for day in [a.start, *(day for day, _s in steps)])
                   + "; ASBJ 16 §12), the first" if steps and plain_am is not None and carried is None else
                   f"{run.group.policies.goodwill_amortisation_years} years from {a.start}")
                + f": {am.months_this_year} months this year, {am.months_before} before"
                + ("; what is left of each leaves pro rata with each part sold, the rest amortised over the months "
                   "its period has left" if plain_am is not None else ""),
                attribute_to=holder)
    # what the entries put on the holder's reserve, which its own NCI shares (a seller with NCI, issue 10)
    return reserve + cta + kept_cta - reclassified, (carrying_local, am.carrying_local
                                                     if gw_local > 0 or am.carrying_local > 0 or tranches
                                                     else Fraction(0))


def _local_start(io: StepIO, a: _Associate, holder: str, cost: Fraction) -> Fraction:
    """A foreign associate never a subsidiary, sold in part this year: the holder's ``cost`` (its purchases before
    this year, in the reporting currency at the rates of their days) in the associate's currency as the stretches of
    :func:`_later_sales` start from it, on the day influence began. Each purchase after that day and before this year
    is a tranche of its own (IAS 28.10, 28.32; a-28): its cost at the spot rate of its own day, less its share of
    the associate's change in net assets before that day, which it did not earn; the stretches then add the share
    held of the change since influence began, so that the carrying amount at the start of the year is the sum over
    the tranches (worked: tests/cases/equity-method/a-30-foreign-associate-steps-then-sold-in-part)."""
    run = io.run
    na_start = a.na_acq / a.r_acq
    earlier = _tranches(io, a, holder, until=run.real_fy_start)
    first = cost - sum((t.cost for t in earlier), Fraction(0))
    return first / a.r_acq + sum((t.cost / t.rate - t.added * (t.na_local - na_start) for t in earlier), Fraction(0))


def _plain_goodwill(a: _Associate, cost: Fraction, bought: Fraction) -> Fraction:
    """The goodwill inside the carrying amount of an associate never a subsidiary, in its currency: the cost (at the
    rate of the day influence began) less the share ``bought`` of its net assets then."""
    return (cost - bought * a.na_acq) / (a.r_acq or 1)


def _plain_sales(io: StepIO, a: _Associate, holder: str
                 ) -> tuple[list[tuple[Holding, Fraction]], list[tuple[Holding, Fraction]]] | None:
    """An associate that was never a subsidiary, part of which ``holder`` sold since influence began keeping it (a row
    of ``holder`` with a lower share above 0): each sale of this year with the share held before it, for
    :func:`_later_sales`, and each sale of an earlier year, for :func:`_after_sales` (IAS 28.25; ASBJ Statement 16;
    docs/consolidation.md "Part of an associate sold"). Measured when every row of the holder's since influence
    began is such a sale with its proceeds, or a purchase (ifrs; :func:`_after_buys_refused` for the years after); the
    sales of an earlier year only when the holder has no row this year. An issue of the
    associate's own (a ``dilution`` row, no proceeds) is such a sale, measured only in its year. Otherwise reported,
    and None. Empty when nothing was sold."""
    run = io.run
    entity = a.entity
    prev: Fraction | None = None
    out: list[tuple[Holding, Fraction]] = []
    earlier: list[tuple[Holding, Fraction]] = []
    rows = [x for x in run.holdings_of.get(entity, ()) if x.holder == holder and x.date <= run.period]
    bought_now: list[tuple[Holding, Fraction]] = []
    for x in rows:
        if prev is not None and x.date >= a.start and 0 < x.share < prev:
            (out if x.date > run.real_fy_start else earlier).append((x, prev))
        elif prev and not x.share and x.date > run.real_fy_start and x.date >= a.start and not a.profit \
                and not a.na_now:
            # the whole sold this year (:func:`_plain_sold_out_associate`, nothing of it read at the period)
            out.append((x, prev))
        elif prev is not None and x.date > run.real_fy_start and x.date >= a.start and x.share > prev:
            bought_now.append((x, prev))
        prev = Fraction(x.share)
    if not out and not earlier:
        return [], []
    x, prev = (earlier or out)[0]
    sales = [*earlier, *out]
    bought = [y for y in rows[1:] if y.date >= a.start and not any(y is z for z, _p in sales)]
    why = None
    diluted = [(y, p) for y, p in sales if y.dilution]
    if any(y.cost is None and not y.dilution for y, _p in sales):
        x, prev = next((y, p) for y, p in sales if y.cost is None and not y.dilution)
        why = "the sale gives no proceeds (its cost key)"
    elif earlier and (out or any(y.date >= run.real_fy_start for y in rows)) and not (
            # the sale of the rest in a later year, its only row that year (:func:`_rest_sold`; a-38)
            len(out) == 1 and not out[0][0].share and [y for y in rows if y.date >= run.real_fy_start] == [out[0][0]]):
        x, prev = earlier[-1]
        why = (f"its holding changes again after the year of the sale of {x.date} "
               f"({run.group.fiscal_year_end_for(x.date)}), or on the first day of a year")
    elif earlier and bought and _after_buys_refused(io, a, holder, earlier, bought):
        y = bought[0]
        why = (f"{holder} bought more on {y.date}, after influence began, and "
               f"{_after_buys_refused(io, a, holder, earlier, bought)}")
    elif out and any(y.cost is None for y, _p in bought_now):
        why = "a purchase in the same year as the sale is consolidated with its cost"
    elif out and len(bought_now) != sum(1 for y in bought if y.date > run.real_fy_start):
        # a row of this year that neither sells part keeping influence nor buys more (its share unchanged, or 0)
        odd = next(y for y in bought if y.date > run.real_fy_start and not any(y is z for z, _p in bought_now))
        why = (f"its row of {odd.date} (share {ratio_str(odd.share)}) neither sells part keeping influence nor buys "
               "more, in the year of a sale")
    elif diluted and earlier:
        # an associate's own issue (a deemed disposal, IAS 28.25): the years after run the holder's books' cost sold
        # again (:func:`_after_sales`), which an issue does not have
        x, prev = diluted[0]
        why = (f"{entity} issued shares of its own (dilution: true) on {x.date}, in an earlier year (the years after "
               "an associate's own issue are not read yet)")
    if why is None:
        # a purchase in the year of a sale (ifrs): a stretch of its own (:func:`_later_sales`)
        return sorted([*out, *bought_now], key=lambda e: e[0].date), earlier
    io.problem("equity_method.partial_disposal",
               f"{holder} sells part of associate {entity} on {x.date} ({ratio_str(prev)} to {ratio_str(x.share)}) "
               f"keeping significant influence, but {why}: not consolidated yet",
               x.source, "consolidate a period before the sale; see docs/consolidation.md \"Part of an associate sold\""
               if x.cost is not None or x.dilution
               else f"add the proceeds to {holder}'s holding of {entity} dated {x.date} as cost, in "
               f"{run.currency(holder)}")
    return None


def _after_buys_refused(io: StepIO, a: _Associate, holder: str, earlier: list[tuple[Holding, Fraction]],
                        bought: list[Holding]) -> str:
    """Why a year after a sale of part of an associate, which the holder bought more of after influence began, is not
    consolidated ('' when :func:`_after_sales` measures it)."""
    run = io.run
    last = run.group.fiscal_year_end_for(earlier[-1][0].date)
    sale_years = {run.group.fiscal_year_end_for(x.date) for x, _p in earlier}
    if run.group.policies.goodwill_amortisation_years:
        return "each purchase's goodwill is amortised from its own day (ASBJ Statement 16 §12)"
    if run.is_foreign(holder):
        return f"{holder} books in {run.currency(holder)}"
    for y in bought:
        if y.date > last:
            return f"the purchase of {y.date} is after the year of the last sale"
        if a.currency != run.group.reporting_currency and y.date != run.group.fiscal_year_start(y.date) \
                and run.group.fiscal_year_end_for(y.date) not in sale_years:
            return f"{a.entity} books in {a.currency} and the purchase of {y.date} is inside a year without a sale"
    return ""


def _issued(io: StepIO, a: _Associate, plain: list[tuple[Holding, Fraction]]) -> Fraction:
    """What the associate received this year for the shares it issued to others (the ``dilution`` rows among a
    holder's sales of this year): its equity right after each issue less its equity the day before."""
    total = ZERO
    for x, _p in plain:
        if x.dilution and x.equity_at_acquisition:
            tb = _associate_tb(io, a.entity, x.date - dt.timedelta(days=1))
            if tb is not None:  # (missing: _later_sales reports it)
                total += fsum(Fraction(v) for v in x.equity_at_acquisition.values()) \
                    - fsum(equity_from_tb(io, tb).values())
    return total


def _after_sales(io: StepIO, a: _Associate, holder: str, share: Fraction, before: list[tuple[Holding, Fraction]],
                 cost_own: Fraction, cost: Fraction, rest: tuple[Holding, Fraction] | None = None,
                 sales: list[AssociateSale | AssociatePurchase] | None = None) -> tuple[Fraction, tuple[Fraction, Fraction]]:
    """A year after the year of a sale of part of an associate never a subsidiary (:func:`_plain_sales`; ``before``:
    the sales, each with the share held before it; no row of the holder's this year; purchases after influence began
    as :func:`_after_buys_refused` lets through, each coming in on its day). The carrying amount at the start of the year is the equity method run again stretch by stretch from the
    day influence began, as each year's run measured it (:func:`_later_sales`): each year's share of profit at that
    year's average rate, to a sale at the average of the day before; the part sold of the carrying amount the day
    before off, with its part of the associate's reserve; jgaap, the goodwill inside amortised, leaving pro rata with
    each part sold. The entry takes off the holder's investment as its books carry it now (its remaining cost) and
    puts in retained earnings the share of retained profit and the earlier years' corrections of its gains (what its
    books took off for the cost sold, at the rate inside its gain, against the consolidation's carrying amount
    sold); this year is the plain equity method at the share held. Returns what the entries put on the holder's
    reserve (credit positive), and the carrying amount and goodwill left in the associate's currency.

    ``rest``: the sale of the rest this year (share 0, its only row this year), with the share held before it: the
    start of the year as above, then :func:`_rest_sold` (a-38)."""
    run = io.run
    d = run.decimals
    entity = a.entity
    foreign = a.currency != run.group.reporting_currency
    h_cur = run.currency(holder)
    zero = Fraction(0), (Fraction(0), Fraction(0))
    why = f"equity method for {entity} (sold in part on {before[0][0].date})"
    held = before[0][1]
    gw = _plain_goodwill(a, cost, held)  # in the associate's currency
    # purchases after influence began (ifrs; :func:`_plain_sales`): each comes in on its day, a tranche of its own
    buys = _bought_after(run, entity, holder, a.start)
    paid_at = {x.date: Fraction(x.cost or 0) * io.rate(h_cur, x.date, "spot", f"cost of {entity}", fallback="closing")
               for x, _p in buys}
    first = cost - sum(paid_at.values(), Fraction(0))  # the cost of the day influence began
    if buys:
        held0 = run.history.standing(entity, a.start).get(holder)
        held = Fraction(held0.share) if held0 else Fraction(0)
    years = run.group.policies.goodwill_amortisation_years
    total = years * 12 if years and gw > 0 else 0
    monthly = gw / total if total else Fraction(0)
    done = 0
    am_earlier = Fraction(0)  # the earlier years' amortisation, each stretch's at its rate
    carrying = first / a.r_acq if a.r_acq else first  # in the associate's currency
    hist = first  # the carrying amount at historical rates
    na_prev = a.na_acq / (a.r_acq or 1)
    own_left = cost_own - sum((Fraction(x.cost or 0) for x, _p in buys), Fraction(0))
    books: list[tuple[Fraction, Fraction]] = []  # the holder's cost sold (its currency, average cost), its rate
    missing: list[dt.date] = []

    def tb_at(day: dt.date) -> _TB | None:
        tb = _associate_tb(io, entity, day)
        if tb is None:
            missing.append(day)
        return tb

    def bought(x: Holding, p: Fraction) -> None:
        # a purchase: its cost on at its day's rates (the associate's currency at its spot rate, IAS 21.21, 28.32)
        nonlocal hist, carrying, own_left, held
        paid = paid_at[x.date]
        hist += paid
        carrying += paid / io.rate(a.currency, x.date, "spot", f"cost of {entity}", fallback="closing") \
            if foreign else paid
        own_left += Fraction(x.cost or 0)
        held = Fraction(x.share)

    def amortised_to(day: dt.date, rate: Fraction) -> None:
        nonlocal done, am_earlier, hist, carrying, gw
        if not total:
            return
        n = max(min(months(a.start, day), total) - done, 0)
        am_earlier += monthly * n * rate
        hist -= monthly * n * rate
        carrying -= monthly * n
        gw -= monthly * n
        done += n

    for end in run.fiscal_year_ends(a.start + dt.timedelta(days=1), run.real_fy_start):
        year_start = run.group.fiscal_year_start(end)
        tb_end = tb_at(end)
        profit_prev = Fraction(0)
        if year_start < a.start:  # influence began inside that year
            pre = tb_at(a.start - dt.timedelta(days=1))
            profit_prev = run.profit_of(pre) if pre is not None else Fraction(0)
        if tb_end is None:
            continue
        for x, p in buys:
            if x.date == year_start:
                # on the year's first day (as that year's run starts from it): the change in net assets before its
                # day at the share held before it (its equity that day, :func:`_equity_method_opening`)
                eq = equity_at(io, entity, x.date, x.equity_at_acquisition,
                               f"{holder}'s change of holding in associate {entity} on {x.date}", x.source) or {}
                na_d = fsum(eq.values())
                carrying += held * (na_d - na_prev)
                if not foreign:
                    hist += held * (na_d - na_prev)
                na_prev = na_d
                bought(x, p)
        mid = [(x, p) for x, p in buys if year_start < x.date <= end]
        in_year = sorted([*[(x, p) for x, p in before if year_start <= x.date <= end], *mid], key=lambda e: e[0].date) \
            if any(year_start <= x.date <= end for x, _p in before) else []
        if mid and not in_year:
            # inside a year without a sale (reporting currency; :func:`_plain_sales` refuses a foreign one): the
            # change in net assets at the share held in each stretch, as :func:`_equity_method_opening` reads it
            for x, p in mid:
                eq = equity_at(io, entity, x.date, x.equity_at_acquisition,
                               f"{holder}'s change of holding in associate {entity} on {x.date}", x.source) or {}
                na_d = fsum(eq.values())
                carrying += held * (na_d - na_prev)
                hist += held * (na_d - na_prev)
                na_prev = na_d
                bought(x, p)
        divs = [(v, dd) for (acc, _p, dd), v in tb_end.items() if run.account_role(acc) == "dividends_declared"]
        avg_y = io.rate(a.currency, end, "average", f"{why}: the year to {end}") if foreign else Fraction(1)
        got_parts: list[Fraction] = []
        got_rest = Fraction(0)
        if in_year:
            # the dividends the holder's books took that year, split over its stretches as that year's run did
            h_tb = run.local_tb(holder, end)
            if h_tb is None:
                missing.append(end)
                continue
            got_y = -sum((Fraction(v) * (Fraction(1) if not run.is_foreign(holder) else io.rate(
                h_cur, dd or end, "spot" if dd else "average", f"{holder}'s dividends from {entity} in the year "
                f"to {end}")) for (acc, p_, dd), v in h_tb.items()
                if p_ == entity and run.account_role(acc) == "dividend_income"), Fraction(0))
            got_parts = _dividends_split(io, a, [(x.date - dt.timedelta(days=1), p) for x, p in in_year],
                                         Fraction(in_year[-1][0].share), _declared(io, tb_end), got_y, year_start) \
                if got_y else [Fraction(0)] * len(in_year)
            got_rest = got_y - sum(got_parts, Fraction(0))
        for (x, p), got_k in zip(in_year, got_parts, strict=True):
            day = x.date - dt.timedelta(days=1)
            tb = tb_at(day)
            if tb is None:
                continue
            avg, close = (io.rate(a.currency, day, "average", why), io.rate(a.currency, day, "closing", why)) \
                if foreign else (Fraction(1), Fraction(1))
            na, profit = sum(equity_from_tb(io, tb).values(), Fraction(0)), run.profit_of(tb)
            hist += held * (profit - profit_prev) * avg - got_k
            carrying += held * (na - na_prev)
            amortised_to(day, avg)
            if x.share > p:  # a purchase inside the year of a sale (as :func:`_later_sales` reads it)
                bought(x, p)
                na_prev, profit_prev = na, profit
                continue
            part = (p - Fraction(x.share)) / p
            at = carrying * close if foreign else hist
            sold = Fraction(book(at * part, d))
            reserve = Fraction(book((at - hist) * part, d)) if foreign else Fraction(0)
            carrying -= carrying * part
            hist -= sold - reserve
            books.append((own_left * part, io.rate(h_cur, end, "average", f"{holder}'s gain on the sale of part of "
                                                   f"{entity} on {x.date}") if run.is_foreign(holder) else Fraction(1)))
            own_left -= own_left * part
            gw -= gw * part
            monthly = gw / (total - done) if total > done else Fraction(0)
            na_prev, profit_prev, held = na, profit, Fraction(x.share)
        na_end, profit_end = sum(equity_from_tb(io, tb_end).values(), Fraction(0)), run.profit_of(tb_end)
        if in_year:  # a year of sales: the rest of its profit at its average, the rest of what the holder got
            hist += held * (profit_end - profit_prev) * avg_y - got_rest
        elif foreign:
            # the dividends as that year's run took them: undated at the average, dated at their spot rates
            dated = sum((Fraction(v) * io.rate(a.currency, dd, "spot", f"{why}: dividend of {dd}")
                         for v, dd in divs if dd is not None), Fraction(0))
            undated = sum((Fraction(v) for v, dd in divs if dd is None), Fraction(0))
            hist += held * ((profit_end - profit_prev - undated) * avg_y - dated)
        else:
            hist += held * (na_end - na_prev)
        carrying += held * (na_end - na_prev)
        amortised_to(end, avg_y)
        na_prev = na_end
    if missing:
        io.problem("consolidation.no_trial_balance",
                   f"{holder} sold part of associate {entity} on {before[0][0].date}: the years after run its equity "
                   f"method again from {a.start}, stretch by stretch, from its trial balances at "
                   f"{', '.join(str(m) for m in sorted(set(missing)))}, which the ledger does not hold", a.src,
                   f"add {entity}'s rows with those periods to ledger/")
        return zero
    if rest is not None:
        return _rest_sold(io, a, holder, rest, _Start(hist, carrying, na_prev, am_earlier, monthly, total, done,
                                                      own_left, cost - fsum(c * r for c, r in books)),
                          sales if sales is not None else [])
    # this year: the plain equity method at the share held
    share_profit = share * a.profit * a.average
    am_this = Fraction(0)
    if total:
        n = max(min(months(a.start, run.period), total) - done, 0)
        rate = io.rate(a.currency, run.period, "average", why) if foreign and n else Fraction(1)
        am_this = monthly * n * rate
        carrying -= monthly * n
        gw -= monthly * n
    carrying += share * (a.na_now - na_prev)
    em, re_acc, cta_acc = (io.role(r) for r in ("equity_method_investment", "retained_earnings", "cta"))
    inv = {acc: Fraction(v) for (acc, p), v in io.tb.get(holder, {}).items()
           if p == entity and run.account_role(acc) == "investment"}
    at_closing = sum(inv.values(), Fraction(0))
    # the cost the holder's books took off for the parts sold, at the rate inside its gain: what its investment
    # carries now is the rest of its cost (average cost, the books' total split by the shares)
    if run.is_foreign(holder):
        left_own = at_closing / io.rate(h_cur, run.period, "closing", f"translating {holder}'s investment in {entity}")
        split = sum((c for c, _r in books), Fraction(0))
        taken = sum((c * r for c, r in books), Fraction(0)) * (cost_own - left_own) / split if split else Fraction(0)
    else:
        taken = cost - at_closing
    left_hist = cost - taken
    received = [(acc, v) for (acc, p), v in io.tb.get(holder, {}).items()
                if p == entity and run.account_role(acc) == "dividend_income"]
    got = -sum((Fraction(v) for _acc, v in received), Fraction(0))
    lines: Lines = [(holder, em, hist + am_earlier), *[(holder, acc, -v) for acc, v in sorted(inv.items())]]
    if at_closing != left_hist:
        lines.append((holder, cta_acc, at_closing - left_hist))
    lines += [(holder, re_acc, -(hist + am_earlier - left_hist)),
              (holder, em, share_profit), (holder, io.role("equity_method_income"), -share_profit),
              *[(holder, acc, -Fraction(v)) for acc, v in received], (holder, em, -got)]
    cta = carrying * a.closing - (hist + share_profit - got - am_this) if foreign else Fraction(0)
    if cta:
        lines += [(holder, em, cta), (holder, cta_acc, -cta)]
    lines = _rounded_cumulatively(io, lines, holder, share_profit, got, absorb=cta_acc if foreign else em)
    io.post("equity_method", entity, holder, lines,
            f"{holder}'s {ratio_str(share)} of {entity} by the equity method from {a.start}, part sold on "
            f"{', '.join(str(x.date) for x, _p in before)} ({', '.join(ratio_str(p) for _x, p in before)}, then "
            f"{ratio_str(share)}): carrying amount at the start of the year {_money(io, hist)} at historical rates "
            f"(run again stretch by stretch), {holder}'s remaining cost {_money(io, at_closing)} off, the share of "
            f"retained profit and the earlier corrections of its gains {_money(io, hist + am_earlier - left_hist)} "
            f"in retained earnings; share of this year's profit {_money(io, share_profit)}, dividends received "
            f"{_money(io, got)}", attribute_to=holder)
    if am_this or am_earlier:
        io.post("goodwill_amortisation", entity, holder,
                [(holder, io.role("equity_method_income"), am_this), (holder, re_acc, am_earlier),
                 (holder, em, -(am_this + am_earlier))],
                f"goodwill inside {holder}'s equity-method investment in {entity} "
                f"({_money(io, _plain_goodwill(a, cost, before[0][1]) * a.r_acq)}) over "
                f"{years} years from {a.start}, what was left of it leaving pro rata with each part sold, the rest "
                f"amortised over the months left: {_money(io, am_this)} this year", attribute_to=holder)
    return cta - (at_closing - left_hist), (carrying, gw if total else Fraction(0))


@dataclass(frozen=True)
class _Start:
    """An associate sold in part in an earlier year, at the start of this year as :func:`_after_sales` runs it again."""

    #: the carrying amount at historical rates (reporting currency), net of the goodwill amortised
    hist: Fraction
    #: the carrying amount in the associate's currency
    carrying: Fraction
    #: the associate's net assets at the start of the year, in its currency
    na: Fraction
    #: the goodwill amortised in earlier years (reporting currency, each at its rate)
    am_earlier: Fraction
    #: jgaap: the goodwill left's amortisation a month (the associate's currency), the months of its period, the
    #: months done
    monthly: Fraction
    total: int
    done: int
    #: the holder's books' remaining cost (its currency, average cost)
    own_left: Fraction
    #: that cost at historical rates: the cost at the rates paid less what its books took off for the parts sold, at
    #: the rate inside each gain (the reporting currency's holder: ``own_left``)
    left_hist: Fraction


def _rest_sold(io: StepIO, a: _Associate, holder: str, rest: tuple[Holding, Fraction], s: _Start,
               sales: list[AssociateSale | AssociatePurchase]) -> tuple[Fraction, tuple[Fraction, Fraction]]:
    """The rest of an associate never a subsidiary sold this year, part of it sold in an earlier year (IAS 28.22;
    ASBJ Statement 16; its only row this year; docs/consolidation.md "An
    associate sold whole"): from the start of the year ``s`` (:func:`_after_sales`), the share held to the day before
    the sale (its profit to then at that day's average rate, the dividends received off, jgaap the goodwill's
    amortisation to then), then the equity method stops. The entry ``equity_method`` puts the carrying amount at the
    start on the investment against the holder's remaining cost (its books took it off with the sale: the entry
    ``disposal`` puts it back), the rest in retained earnings; the entry ``disposal`` takes the carrying amount of the
    day before off (a foreign associate's at that day's closing rate, its whole reserve reclassified to profit, IAS
    21.48) and corrects the holder's gain to proceeds − carrying amount + reserve (a-38). A holder in another currency
    (as :func:`_later_sales` reads it): its proceeds and the remaining cost its books took off at the rate its gain
    row is translated at, the year's average; its remaining cost leaves the investment at the closing rate, the
    translation on it since the rates paid (less the parts sold at their gains' rates) out of its reserve, and the
    part between the average and the closing rate in an entry of kind ``seller_cost``. Returns what the entries put
    on the holder's reserve (credit positive) and nothing left."""
    run = io.run
    d = run.decimals
    entity = a.entity
    x, held = rest
    foreign = a.currency != run.group.reporting_currency
    day = x.date - dt.timedelta(days=1)
    zero = ZERO, (ZERO, ZERO)
    tb = _associate_tb(io, entity, day)
    if tb is None:
        io.problem("consolidation.no_trial_balance",
                   f"{holder} sells the rest of associate {entity} on {x.date}: the equity method to the sale is read "
                   f"from {entity}'s trial balance at {day}, which the ledger does not hold", x.source,
                   f"add {entity}'s rows with period {day} to ledger/")
        return zero
    why = f"equity method for {entity} to the sale of the rest on {x.date}"
    avg, close = (io.rate(a.currency, day, "average", why), io.rate(a.currency, day, "closing", why)) \
        if foreign else (Fraction(1), Fraction(1))
    na = fsum(equity_from_tb(io, tb).values())
    share_profit = held * run.profit_of(tb) * avg
    received = [(acc, Fraction(v)) for (acc, p), v in io.tb.get(holder, {}).items()
                if p == entity and run.account_role(acc) == "dividend_income"]
    got = -fsum(v for _acc, v in received)
    # jgaap: the goodwill left amortised to the day before (ASBJ 16 §12), at that day's average; the rest leaves
    n = max(min(months(a.start, day), s.total) - s.done, 0) if s.total else 0
    am_this = s.monthly * n * avg
    carrying = s.carrying + held * (na - s.na) - s.monthly * n
    hist = s.hist + share_profit - got - am_this
    at = carrying * close if foreign else hist
    sold = Fraction(book(at, d))
    reserve = Fraction(book(at - hist, d)) if foreign else ZERO
    # the holder's remaining cost: as its investment carried it (closing), as its gain took it (average), at
    # historical rates
    h_cur = run.currency(holder)
    avg_h, close_h = (io.rate(h_cur, run.period, "average", f"{holder}'s gain on the sale of the rest of {entity}"),
                      io.rate(h_cur, run.period, "closing", f"{holder}'s investment in {entity}")) \
        if run.is_foreign(holder) else (Fraction(1), Fraction(1))
    left, left_gain = s.own_left * close_h, s.own_left * avg_h
    em, re_acc, cta_acc, inv, gain_acc = (io.role(r) for r in (
        "equity_method_investment", "retained_earnings", "cta", "investment", "disposal_gain"))
    booked_am = Fraction(book(am_this, d)) + Fraction(book(s.am_earlier, d))
    lines: Lines = [(holder, em, s.hist + s.am_earlier), (holder, inv, -left),
                    (holder, re_acc, -(s.hist + s.am_earlier - s.left_hist)),
                    (holder, em, share_profit), (holder, io.role("equity_method_income"), -share_profit),
                    *[(holder, acc, -v) for acc, v in received], (holder, em, -got)]
    if left != s.left_hist:  # the translation the holder's investment put on its remaining cost, back out
        lines.append((holder, cta_acc, left - s.left_hist))
    # a foreign associate: its reserve to the day before (what the carrying amount then at that day's closing rate
    # holds above its amount at historical rates), so that the investment carries what the sale takes off
    cta = sold + booked_am - (s.hist + s.am_earlier + share_profit - got) if foreign else ZERO
    if cta:
        lines += [(holder, em, cta), (holder, cta_acc, -cta)]
    lines = _rounded_cumulatively(io, lines, holder, share_profit, got, absorb=cta_acc if foreign else em)
    io.post("equity_method", entity, holder, lines,
            f"{holder}'s {ratio_str(held)} of {entity} by the equity method from {a.start} to the sale of the rest on "
            f"{x.date}, part sold in an earlier year: carrying amount at the start of the year {_money(io, s.hist)} at "
            f"historical rates (run again stretch by stretch), {holder}'s remaining cost {_money(io, left)} off (its "
            f"books took it off with the sale), the share of retained profit and the earlier corrections of its gains "
            f"{_money(io, s.hist + s.am_earlier - s.left_hist)} in retained earnings; share of this year's profit to the "
            f"sale {_money(io, share_profit)}, dividends received {_money(io, got)}", attribute_to=holder)
    if am_this or s.am_earlier:
        io.post("goodwill_amortisation", entity, holder,
                [(holder, io.role("equity_method_income"), am_this), (holder, re_acc, s.am_earlier),
                 (holder, em, -(am_this + s.am_earlier))],
                f"goodwill inside {holder}'s equity-method investment in {entity}, what was left of it after the "
                f"earlier sales amortised to the sale of the rest on {x.date}: {_money(io, am_this)} this year "
                f"({n} months; ASBJ 16 §12), the rest leaving with the carrying amount", attribute_to=holder)
    proceeds = Fraction(x.cost or 0) * avg_h
    ifrs = run.group.framework == "ifrs"
    io.post("disposal", entity, holder,
            [ln for ln in [(holder, inv, left_gain), (holder, em, -sold), (holder, cta_acc, reserve),
                           (holder, gain_acc, sold - reserve - left_gain)] if ln[2]],
            f"{holder} sells the rest of its {ratio_str(held)} of associate {entity} on {x.date}: the equity method "
            f"stops ({'IAS 28.22' if ifrs else 'ASBJ Statement 16'}): gain {_money(io, proceeds - sold + reserve)} = "
            f"proceeds {_money(io, proceeds)} − carrying amount {_money(io, sold)} (at {day}) + the associate's "
            f"reserve reclassified {_money(io, reserve)} ({'IAS 28.22(c), IAS 21.48' if ifrs else '外貨建取引等実務指針 §42'}); "
            f"{holder}'s remaining cost {_money(io, left_gain)} its books took off back", attribute_to=holder)
    if left != left_gain:
        io.post("seller_cost", entity, holder, [(holder, inv, left - left_gain), (holder, cta_acc, -(left - left_gain))],
                f"{holder}'s remaining cost of {entity}, sold on {x.date}: its investment carried it at the closing "
                "rate, its gain took it at the average; the translation between the two out of the reserve (its "
                "cost, not the group's net assets)", attribute_to=holder)
    sales.append(AssociateSale(entity, holder, x.date, book(proceeds, d), book(proceeds - sold + reserve, d),
                               book(sold, d), book(reserve, d), whole=True))
    return cta - reserve - (left - s.left_hist) + (left - left_gain), (ZERO, ZERO)


def _bought_after(run: Run, entity: str, holder: str, start: dt.date, end: dt.date | None = None
                  ) -> list[tuple[Holding, Fraction]]:
    """The holder's purchases of ``entity`` after ``start`` through ``end`` (the period), each with the share held
    before it."""
    out: list[tuple[Holding, Fraction]] = []
    prev: Fraction | None = None
    for h in run.holdings_of.get(entity, ()):
        if h.holder != holder or h.date > (end or run.period):
            continue
        if prev is not None and h.date > start and h.share > prev:
            out.append((h, prev))
        prev = Fraction(h.share)
    return out


def _declared(io: StepIO, tb: _TB | None) -> Fraction:
    """The dividends an associate's trial balance shows declared in its year to date (debit positive)."""
    return sum((Fraction(v) for (acc, _p, _d), v in (tb or {}).items()
                if io.run.account_role(acc) == "dividends_declared"), Fraction(0))


def _dividends_split(io: StepIO, a: _Associate, days: list[tuple[dt.date, Fraction]], end_share: Fraction,
                     declared_year: Fraction, got: Fraction, year_start: dt.date | None = None) -> list[Fraction]:
    """The dividends ``got`` from an associate in a year of sales (the holder's, as its books have them), split over
    the stretches ending the day before each sale (``days``: that day and the share held in the stretch; the last
    stretch to the year end at ``end_share``): pro rata to the share held of what the associate declared in each,
    read from its trial balances to date (a dividend declared before a sale lowers the carrying amount it sells).
    One amount per sale; the rest is the last stretch's."""
    run = io.run
    before = _associate_tb(io, a.entity, a.start - dt.timedelta(days=1)) \
        if a.start > (year_start or run.fy_start) else None
    prev_d = _declared(io, before)
    weights: list[Fraction] = []
    for day, share in days:
        d = _declared(io, _associate_tb(io, a.entity, day))
        weights.append(share * (d - prev_d))
        prev_d = d
    last = end_share * (declared_year - prev_d)
    total = sum(weights, Fraction(0)) + last
    return [got * w / total if total else Fraction(0) for w in weights]


def _sold_after_kept(run: Run, kept: Holding) -> bool:
    """The holder of an interest kept on losing control changed it later in the year of the sale."""
    end = run.group.fiscal_year_end_for(kept.date)
    return kept.date <= run.real_fy_start and any(
        x.holder == kept.holder and kept.date < x.date <= end for x in run.holdings_of.get(kept.entity, ()))


def _after_further_sales_refused(io: StepIO, holder: str, kept: Holding) -> str:
    """Why a later year of an interest kept on losing control and sold in part later that year is not consolidated
    ('' when it is): the year of the sale must have consolidated those sales (``deconsolidation._later_sales_ok``)
    and the holding must not have changed since."""
    run = io.run
    entity = kept.entity
    end = run.group.fiscal_year_end_for(kept.date)
    rows = sold_in_its_year(run, kept)
    if run.is_foreign(holder):
        # a seller in another currency (ifrs, wholly owned; x-41's year as that year consolidated it: its later gains
        # undated, no dividends from the entity): its remaining cost and the translation on it are the year end's,
        # the cost it sold later that year in its translation at that year's average (``deconsolidation``)
        books = run.local_tb(holder, end) or {}
        owned = holder in run.own.entities and run.own.entities[holder].effective == 1
        if run.group.framework != "ifrs" or not owned or any(
                v and p == entity and (run.account_role(acc) == "dividend_income" or run.account_role(acc) ==
                                       "disposal_gain" and d not in (None, kept.date))
                for (acc, p, d), v in books.items()):
            return f"{holder} books in {run.currency(holder)}"
    if kept_sub_group(run, kept):
        return f"a sub-group left with {entity} ({', '.join(kept_sub_group(run, kept))})"
    for x, prev in rows:
        if x.cost is None or not 0 < x.share < prev:
            return f"the row of {x.date} is not a further sale with its proceeds keeping part of the interest"
    if run.history.method_at(entity, end) != "equity":
        return f"{entity} is not accounted for by the equity method at {end}"
    changed = [x for x in run.holdings_of.get(entity, ()) if end < x.date <= run.period]
    if changed:
        return f"the holding of {entity} changes on {changed[0].date}"
    if any(v for (acc, p, _d), v in (run.local_tb(holder, end) or {}).items()
           if p == entity and run.account_role(acc) == "dividend_income") \
            and _declared(io, _associate_tb(io, entity, kept.date - dt.timedelta(days=1))):
        # dividends after the loss of control are split over that year's stretches (:func:`_after_further_sales`)
        return f"{entity} declared dividends in the year to {kept.date - dt.timedelta(days=1)}, while a subsidiary"
    return ""


def _changed_in_a_later_year(io: StepIO, holder: str, kept: Holding) -> bool:
    """An interest kept on losing control (``kept``) whose holder's holding changes again in a fiscal year after the
    one of the loss of control, up to the period: reported (True), not consolidated. The change — a partial disposal
    (IAS 28.25), the rest sold (IAS 28.22), a purchase (IAS 28.32) — would start from the carrying amount at the start
    of that year, which the equity method of a later year does not cut into stretches yet; without this, a partial
    sale read as a purchase (its proceeds added to the cost) and the rest sold left the holder's books' gain standing
    (both with statement checks failing)."""
    run = io.run
    entity = kept.entity
    end = run.group.fiscal_year_end_for(kept.date)
    prev = Fraction(kept.share)
    for x in run.holdings_of.get(entity, ()):
        if x.holder != holder or x.date <= kept.date or x.date > run.period:
            continue
        if x.date > end and x.dilution:
            return False  # an issue of the entity's own: ``deconsolidation.dilution_without_control`` reads it
        if x.date > end:
            what = ("sells the rest" if not x.share else
                    f"sells {ratio_str(prev - Fraction(x.share))} of it" if x.share < prev else
                    f"buys {ratio_str(Fraction(x.share) - prev)} more" if x.share > prev else "restates its share")
            io.problem("deconsolidation.retained_interest",
                       f"{holder} lost control of {entity} on {kept.date} keeping {ratio_str(kept.share)} and {what} "
                       f"on {x.date} ({ratio_str(prev)} to {ratio_str(x.share)}), in a later fiscal year than the loss "
                       "of control: the equity method from that year's start (IAS 28.25) is not modelled yet", x.source,
                       f"consolidate a period before {x.date}; see docs/consolidation.md \"A later change in the same "
                       "year\"")
            return True
        prev = Fraction(x.share)
    return False


def _kept_reserve_left(run: Run, kept: Holding, reserve: Decimal) -> Decimal:
    """jgaap: the part of the subsidiary's reserve kept with the interest on losing control (ASBJ 22 §29) left after
    the seller's further sales that year, each realising its part of what was left (rounded as
    :func:`_later_sales` books it; 外貨建取引等実務指針 §42)."""
    left = Fraction(reserve)
    for x, prev in sold_in_its_year(run, kept):
        if x.share < prev:
            left -= Fraction(book(left * (prev - Fraction(x.share)) / prev, run.decimals))
    return book(left, run.decimals)


def _after_further_sales(io: StepIO, a: _Associate, holder: str, kept: Holding, cost: Fraction,
                         carried: Kept | None = None) -> tuple[Fraction, Fraction, Amortised | None] | None:
    """A later year of an interest kept on losing control (ifrs, at its fair value ``cost``; the seller in any currency,
    x-41's years after) part of which the seller
    sold later in that year (issue 10; docs/consolidation.md "The years after a further sale"): the equity method
    carries on from the carrying amount that year left, not from the share kept on losing control for the whole
    history. That year is read again as it consolidated it (:func:`_later_sales`, the same figures rounded the same
    way): stretch by stretch, each at the share held in it, its share of profit at the average rate of the day before
    the next sale and the year's average for the last, each part sold at its carrying amount of the day before
    (its reserve reclassified then); every year after it at the share kept after the last sale (IAS 28.10).

    jgaap (``carried``): the interest kept at its consolidated carrying amount, the kept goodwill inside it amortised
    on each stretch (a foreign entity's in its currency at each stretch's average, x-57) and leaving pro rata with
    each part sold (as that year booked it), what is left amortised over the months its period has left; the kept
    subsidiary reserve left after the sales is :func:`_kept_reserve_left`'s.

    Returns the share of retained profit to the start of this year at historical rates less the historical amount
    of the parts sold (to retained earnings; goodwill amortisation apart), the carrying amount at the period in the
    associate's currency and, jgaap, the goodwill's amortisation (that year's with the earlier years'); None when a
    trial balance is missing (reported)."""
    run = io.run
    d = run.decimals
    entity = a.entity
    foreign = a.currency != run.group.reporting_currency
    rows = sold_in_its_year(run, kept)
    end = run.group.fiscal_year_end_for(kept.date)
    days = [kept.date - dt.timedelta(days=1), *(x.date - dt.timedelta(days=1) for x, _p in rows), end]
    read = {day: _associate_tb(io, entity, day) for day in days}
    missing = [str(day) for day, tb in read.items() if tb is None]
    if missing:
        io.problem("consolidation.no_trial_balance",
                   f"{holder} lost control of {entity} on {kept.date} and sold part of the interest kept later that "
                   f"year: the equity method of a later year reads that year again, from {entity}'s trial balances "
                   f"at {', '.join(missing)}, which the ledger does not hold", kept.source,
                   f"add {entity}'s rows with period {', '.join(missing)} to ledger/")
        return None
    tbs = {day: tb for day, tb in read.items() if tb is not None}
    # the dividends the holder's books took that year (after the loss of control), split over its stretches as that
    # year's run did (:func:`_dividends_split`, IAS 28.10)
    got_y = -fsum(Fraction(v) for (acc, p, _d), v in (run.local_tb(holder, end) or {}).items()
                  if p == entity and run.account_role(acc) == "dividend_income")
    got_parts = _dividends_split(io, a, [(x.date - dt.timedelta(days=1), p) for x, p in rows],
                                 Fraction(rows[-1][0].share), _declared(io, tbs[end]), got_y,
                                 run.group.fiscal_year_start(end)) if got_y else [ZERO] * len(rows)
    na_prev = a.na_acq / (a.r_acq or 1)
    profit_prev = run.profit_of(tbs[days[0]])
    carrying = cost / a.r_acq if foreign and a.r_acq else cost  # in the associate's currency
    hist = cost  # at historical rates, net of the goodwill amortised
    # jgaap: the kept goodwill, amortised from the day before the loss of control over the months its period has left
    since = kept.date - dt.timedelta(days=1)
    years = run.group.policies.goodwill_amortisation_years or 0
    total = max(years * 12 - months(carried.control, since), 0) if carried is not None and carried.goodwill_local > 0 \
        else 0
    gw_left = carried.goodwill_local if total and carried is not None else ZERO
    monthly = gw_left / total if total else ZERO
    done = 0
    amortised = ZERO
    for (x, prev), got_k in zip(rows, got_parts, strict=True):
        day = x.date - dt.timedelta(days=1)
        tb = tbs[day]
        hist -= got_k
        why = f"equity method for {entity} to the sale on {x.date}"
        avg, close = (io.rate(a.currency, day, "average", why), io.rate(a.currency, day, "closing", why)) \
            if foreign else (Fraction(1), Fraction(1))
        if total:
            # a foreign entity's (x-42): in its currency, each stretch's at that stretch's average, as that year
            upto = min(months(since, day), total)
            n_local = monthly * (upto - done)
            amortised += n_local * avg
            hist -= n_local * avg
            gw_left -= n_local
            if foreign:
                carrying -= n_local
            done = max(done, upto)
        na, profit = fsum(equity_from_tb(io, tb).values()), run.profit_of(tb)
        carrying += prev * (na - na_prev)
        hist += prev * (profit - profit_prev) * avg
        part = (prev - Fraction(x.share)) / prev
        at = carrying * close if foreign else hist
        sold = Fraction(book(at * part, d))
        reserve = Fraction(book((at - hist) * part, d)) if foreign else ZERO
        carrying -= carrying * part if foreign else sold
        hist -= sold - reserve
        na_prev, profit_prev = na, profit
        gw_left -= gw_left * part
        if total:
            monthly = gw_left / (total - done) if total > done else ZERO
    share = Fraction(rows[-1][0].share)
    tb = tbs[end]
    avg = io.rate(a.currency, end, "average", f"equity method for {entity}: the year to {end}") if foreign \
        else Fraction(1)
    na_end = fsum(equity_from_tb(io, tb).values())
    hist += share * (run.profit_of(tb) - profit_prev) * avg - (got_y - fsum(got_parts))
    carrying += share * (na_end - na_prev)
    if foreign:  # the years after it: each at its own average (IAS 21.40), the carrying amount in its currency
        hist += _foreign_opening(io, a, holder, since=end)
        carrying += share * (a.na_now - na_end)
    else:
        hist += share * (a.na_open_local - na_end)
    if not total or carried is None:
        return hist - cost, carrying, None
    upto = min(months(since, end), total)
    amortised += monthly * (upto - done) * avg
    hist -= monthly * (upto - done) * avg
    gw_left -= monthly * (upto - done)
    if foreign:
        carrying -= monthly * (upto - done)
    # the years after it: what is left over the months left from that year's end (ASBJ 16 §12)
    on = amortise(io, f"{entity} (equity method, {holder})", gw_left, end, a.r_acq, a.currency, begun=carried.control)
    if foreign:  # the carrying amount at the period in its currency, net of the years after's amortisation too
        carrying -= gw_left - on.carrying_local
    return hist + amortised - cost, carrying, Amortised(on.this_year, amortised + on.earlier, on.months_this_year,
                                                        months(since, end) + on.months_before, on.carrying_local)


def _later_sales(io: StepIO, a: _Associate, holder: str, cost: Fraction, later: list[tuple[Holding, Fraction]],
                 sales: list[AssociateSale | AssociatePurchase], kept: bool = True,
                 goodwill: list[tuple[Fraction, Amortised, dt.date, int]] | None = None,
                 local: Fraction | None = None, kept_reserve: Fraction = ZERO, plain_books: Fraction | None = None
                 ) -> tuple[Fraction, Fraction, Fraction, Fraction, Amortised | None] | None:
    """An interest kept on losing control this year (``kept``), or an associate that was never a subsidiary
    (:func:`_plain_sales`; ``cost`` then its carrying amount at the start of the year), part of which the holder sold
    later in the year keeping
    significant influence (IAS 28.10, 28.25; IAS 21.48C–48D; ifrs, docs/consolidation.md "A later change in the
    same year"): the equity method runs stretch by stretch, each at the share held in it, its share of profit at
    the average rate of the day before the next sale (as income to a sale is taken) and the year's average for the
    last. Each sale is one entry of kind ``disposal``: the carrying amount of the part sold (the day before, at
    that day's closing rate) off the investment, the same part of the associate's reserve reclassified to profit,
    the holder's cost its books took off back (the loss of control took the remaining cost off then,
    :func:`~renketsu.consolidation.deconsolidation.cost_at_loss`; for an associate never a subsidiary, the
    equity-method entry, with the cost of every purchase), the rest a correction of the holder's gain.

    ``goodwill`` (an associate never a subsidiary): the goodwill inside the carrying amount, in the associate's
    currency, and its amortisation without a sale (jgaap, ASBJ Statement 16 §12; none under ifrs); ``cost`` is then
    net of the earlier years' amortisation, ``local`` the cost in the associate's currency at the rate of the day
    influence began. Each stretch's amortisation, at the stretch's rate, comes off the carrying amount before the
    part sold is read; what is left of the goodwill leaves pro rata with the part sold, the rest amortised over the
    months its period has left. ``later`` may hold purchases too (ifrs, :func:`_plain_sales`): a stretch ends on
    the day before, the cost comes in on its day, its goodwill inside. The holder's dividends are split over the
    stretches (:func:`_dividends_split`); a holder in another currency's proceeds and cost sold are at its average
    rate, the translation its investment carries on the cost sold in an entry of kind ``seller_cost``.
    ``kept_reserve`` (jgaap, a foreign entity): the subsidiary's reserve kept in the reserve with the interest on
    losing control (ASBJ 22 §29); each sale realises its part of it with the associate's own (外貨建取引等実務指針 §42).

    Returns the share of profit, the carrying amount sold and what the entries took off the reserve (the reserve
    reclassified, and for a holder in another currency the translation on the cost sold; reporting currency), the
    carrying amount left at the period in the associate's currency, and with ``goodwill`` its amortisation
    stretch by stretch; None when a trial balance is missing."""
    run = io.run
    d = run.decimals
    entity = a.entity
    foreign = a.currency != run.group.reporting_currency
    em, cta_acc, gain_acc = (io.role(r) for r in ("equity_method_investment", "cta", "disposal_gain"))
    inv = {acc: Fraction(v) for (acc, p), v in io.tb.get(holder, {}).items()
           if p == entity and run.account_role(acc) == "investment"}
    year_end = fsum(inv.values())
    end_share = Fraction(later[-1][0].share)
    got = -sum((Fraction(v) for (acc, p), v in io.tb.get(holder, {}).items()
                if p == entity and run.account_role(acc) == "dividend_income"), Fraction(0))
    got_before = _dividends_split(io, a, [(x.date - dt.timedelta(days=1), prev) for x, prev in later], end_share,
                                  a.na_open_local - a.na_now + a.profit, got) if got else [Fraction(0)] * len(later)
    h_cur = run.currency(holder)
    h_rates = (io.rate(h_cur, run.period, "average", f"{holder}'s gain on the sale of part of {entity}"),
               io.rate(h_cur, run.period, "closing", f"{holder}'s investment in {entity}")) \
        if run.is_foreign(holder) else None
    # the holder's books' cost (its currency, average cost) at the start of the year, solved from the year end's:
    # each purchase adds its cost, each sale takes off its part of what is held (books = alpha × start + beta); an
    # issue of the associate's own (``dilution``) leaves the books as they are
    alpha, beta = Fraction(1), Fraction(0)
    for x, prev in later:
        if x.dilution:
            continue
        if x.share > prev:
            beta += Fraction(x.cost or 0)
        else:
            keep = Fraction(x.share) / prev
            alpha, beta = alpha * keep, beta * keep
    year_end_own = year_end / h_rates[1] if h_rates is not None else year_end
    kept_row = _retained(run, entity, a.start, holder) if kept else None
    # the rate a holder in another currency's cost sold comes back at: the closing rate its investment carries it at;
    # an interest kept on losing control, the day before's (the loss of control took that cost off at it, and the
    # translation since only on what is left at the year end, ``deconsolidation._dispose``)
    cost_rate = (h_rates[1] if kept_row is None else io.rate(
        h_cur, kept_row.date - dt.timedelta(days=1), "closing", f"{holder}'s cost of {entity}")) \
        if h_rates is not None else Fraction(1)
    if alpha:
        books = (year_end_own - beta) / alpha
    elif plain_books is not None:
        # an associate never a subsidiary sold whole (nothing left at the year end): its books' cost at the start of
        # the year, the cost of its purchases before it (a-35)
        books = plain_books
    elif kept_row is not None and kept_row.share:
        # the rest sold too (nothing left at the year end): the cost per share on losing control (average cost,
        # ``cost_at_loss``) times the share held at the start of the stretches
        books = cost_at_loss(run, kept_row, year_end_own) / Fraction(kept_row.share) * later[0][1]
    else:
        books = Fraction(0)
    na_prev = a.na_acq / (a.r_acq or 1)
    profit_prev = _pre_influence_profit(io, a)
    # in the associate's currency, from the day influence began (``local``: the cost at its rate, without the
    # earlier years' share of profit that ``cost`` holds at their rates)
    carrying = local if local is not None else cost / a.r_acq if foreign and a.r_acq else cost
    hist = cost  # the carrying amount at historical rates: what is not the associate's reserve
    share_profit = sold_total = reclassified = ZERO
    m = lambda v: _money(io, v)  # noqa: E731
    ifrs = run.group.framework == "ifrs"
    rule, stops, recycle = ("IAS 28.25", "IAS 28.22", "IAS 21.48C") if ifrs else \
        ("ASBJ Statement 16; 持分法実務指針", "ASBJ Statement 16", "外貨建取引等実務指針 §42")
    years = run.group.policies.goodwill_amortisation_years
    # each step's goodwill (jgaap: a purchase's own from its day, ASBJ 16 §12; the first one's, or the kept one's),
    # in the associate's currency: [what is left, a month, months of its period, months done, its day]
    am0 = goodwill[0][1] if goodwill else None
    steps: list[list] = []
    for gw0, am_k, since_k, period_months in goodwill or []:
        total_k = period_months if years and gw0 > 0 else 0
        done_k = am_k.months_before if total_k else 0
        monthly_k = gw0 / total_k if total_k else Fraction(0)
        steps.append([gw0 - monthly_k * done_k, monthly_k, total_k, done_k, since_k])
        if foreign:
            carrying -= monthly_k * done_k
    am_year = Fraction(0)  # in the reporting currency, each stretch's at its rate

    def amortised_to(day: dt.date, avg: Fraction) -> Fraction:
        """Each step's amortisation to ``day`` not yet booked, in the associate's currency (``am_year`` takes it at
        ``avg``)."""
        nonlocal am_year
        n_local = Fraction(0)
        for s in steps:
            if not s[2]:
                continue
            upto = min(months(s[4], day), s[2])
            n = max(upto - s[3], 0)
            n_local += s[1] * n
            s[0] -= s[1] * n
            s[3] = max(s[3], upto)
        am_year += n_local * avg
        return n_local
    for (x, prev), got_k in zip(later, got_before, strict=True):
        day = x.date - dt.timedelta(days=1)
        tb = _associate_tb(io, entity, day)
        if tb is None:
            io.problem("consolidation.no_trial_balance",
                       f"{holder} sells part of its {ratio_str(prev)} of associate {entity} on {x.date}: the carrying "
                       f"amount of the part sold is read from {entity}'s trial balance at {day}, which the ledger "
                       "does not hold", x.source, f"add {entity}'s rows with period {day} to ledger/")
            return None
        why = f"equity method for {entity} to the sale on {x.date}"
        avg, close = (io.rate(a.currency, day, "average", why), io.rate(a.currency, day, "closing", why)) \
            if foreign else (Fraction(1), Fraction(1))
        na, profit = fsum(equity_from_tb(io, tb).values()), run.profit_of(tb)
        sp = prev * (profit - profit_prev) * avg
        carrying += prev * (na - na_prev)
        share_profit += sp
        hist += sp - got_k  # the dividends received in the stretch (as the holder's books have them)
        # this stretch's amortisation of the goodwill inside (ASBJ 16 §12), at the stretch's rate
        n_local = amortised_to(day, avg)
        hist -= n_local * avg
        if foreign:
            carrying -= n_local
        if x.share > prev:
            # a purchase: its cost comes in on its day (at the spot rates), its goodwill inside (IAS 28.32)
            eq = equity_at(io, entity, x.date, x.equity_at_acquisition,
                           f"{holder}'s purchase of more of associate {entity} on {x.date}", x.source) or {}
            paid = Fraction(x.cost or 0) * io.rate(run.currency(holder), x.date, "spot", f"cost of {entity}",
                                                   fallback="closing")
            paid_local = paid / io.rate(a.currency, x.date, "spot", f"cost of {entity}", fallback="closing") \
                if foreign else paid
            hist += paid
            carrying += paid_local
            # its goodwill a step of its own, amortised from its day (jgaap, ASBJ 16 §12; none under ifrs)
            gw_k = paid_local - (Fraction(x.share) - prev) * sum(eq.values(), Fraction(0))
            total_k = years * 12 if years and gw_k > 0 else 0
            steps.append([gw_k, gw_k / total_k if total_k else Fraction(0), total_k, 0, x.date])
            books += Fraction(x.cost or 0)
            if kept:
                # an interest kept on losing control, bought up (issue 10; the holder in the reporting currency): the
                # loss of control took off the cost at that date only; this purchase's cost goes onto the carrying
                # amount here (for an associate never a subsidiary the equity-method entry moves every purchase's)
                weights = {acc: v / year_end for acc, v in inv.items()} if year_end else \
                    {io.role("investment"): Fraction(1)}
                io.post("purchase", entity, holder,
                        [(holder, em, paid), *[(holder, acc, -paid * w) for acc, w in sorted(weights.items())]],
                        f"{holder} buys {ratio_str(Fraction(x.share) - prev)} more of associate {entity} on {x.date} for "
                        f"{m(paid)}, holding {ratio_str(x.share)}: a tranche from its own day at its cost, its goodwill "
                        "inside the carrying amount (IAS 28.32; significant influence kept, no control)",
                        attribute_to=holder)
                sold_total -= paid
                if h_rates is not None:
                    # a holder in another currency (x-55): its investment carries that cost at the closing rate, the
                    # tranche is at the rate of its day; the translation between the two is the holder's on its
                    # cost, not the group's net assets: off its investment and out of the reserve
                    moved = Fraction(x.cost or 0) * h_rates[1] - paid
                    sales.append(AssociatePurchase(entity, holder, x.date, Fraction(x.cost or 0), paid / Fraction(
                        x.cost) if x.cost else Fraction(1)))
                    if moved:
                        io.post("seller_cost", entity, holder,
                                [*[(holder, acc, -moved * w) for acc, w in sorted(weights.items())],
                                 (holder, cta_acc, moved)],
                                f"{holder}'s cost of the {ratio_str(Fraction(x.share) - prev)} of {entity} bought on "
                                f"{x.date}: its investment carries it at the closing rate, the tranche at the rate of "
                                "its day; the translation between the two out of the reserve (its cost, not the "
                                "group's net assets)", attribute_to=holder)
                        reclassified += moved
            na_prev, profit_prev = na, profit
            continue
        part = (prev - Fraction(x.share)) / prev
        at = carrying * close if foreign else hist
        sold = Fraction(book(at * part, d))
        reserve = Fraction(book((at - hist) * part, d)) if foreign else ZERO
        # jgaap: the part sold of the subsidiary's reserve kept with the interest, realised with it (not in ``hist``)
        from_kept = Fraction(book(kept_reserve * part, d)) if kept_reserve else ZERO
        kept_reserve -= from_kept
        # an issue of the associate's own (a deemed disposal, IAS 28.25; ``dilution``): nothing in the holder's books,
        # its share after of what the associate received for the new shares comes onto the carrying amount (its
        # equity right after the issue less the day before's), the gain is that share less the part given up
        issued = fsum(Fraction(v) for v in x.equity_at_acquisition.values()) - na \
            if x.dilution and x.equity_at_acquisition else ZERO
        # a foreign associate's: its new net assets in its currency, at the spot rate of the day of the issue (IAS
        # 21.21; a-32), in the carrying amount at the closing rate from then on
        issue_rate = io.rate(a.currency, x.date, "spot", f"{entity}'s issue of shares on {x.date}", fallback="closing") \
            if foreign and issued else Fraction(1)
        gained = Fraction(book(Fraction(x.share) * issued * issue_rate, d))
        # what the holder's books took off (average cost of the day), as its investment carries it (closing)
        books_cost = Fraction(0) if x.dilution else books * part * cost_rate
        if not x.dilution:
            books -= books * part
        weights = {acc: v / year_end for acc, v in inv.items()} if year_end else {io.role("investment"): Fraction(1)}
        # a holder in another currency: its proceeds and its gain at the rate its gain row is translated at (the
        # year's average, IAS 21.22), the cost sold as its investment carries it (closing); the translation its
        # books put between the two is not the group's (the equity-method entry takes the rest of the cost's back)
        books_gain_cost, proceeds = books_cost, Fraction(x.cost or 0)
        if h_rates is not None:
            books_gain_cost = books_cost / cost_rate * h_rates[0]
            proceeds *= h_rates[0]
        own_reserve, reserve = reserve, reserve + from_kept  # what is realised: the associate's and the kept part
        lines: Lines = [*[(holder, acc, books_gain_cost * w) for acc, w in sorted(weights.items())],
                        (holder, em, gained - sold), (holder, cta_acc, reserve),
                        (holder, gain_acc, sold - reserve - books_gain_cost - gained)]
        kept_part = (f" (of it {m(from_kept)} the part sold of the subsidiary's reserve kept with the interest on "
                     "losing control, ASBJ Statement 22 §29)" if from_kept else "")
        if x.dilution:
            why_gain = (f"{entity} issued shares to others on {x.date} (dilution: true), {holder}'s share falling from "
                        f"{ratio_str(prev)} to {ratio_str(x.share)} with significant influence kept (a deemed disposal, "
                        f"IAS 28.25): gain {m(gained - sold + reserve)} = its {ratio_str(x.share)} of the issue "
                        + (f"{a.currency} {m(issued)} at {issue_rate} (IAS 21.21)" if foreign else m(issued))
                        + f" = {m(gained)} − carrying amount of the part given up {m(sold)} (at {day}) + its "
                        f"part of the associate's reserve reclassified {m(reserve)} (IAS 21.48C); nothing in "
                        f"{holder}'s books")
        else:
            why_gain = (
                (f"{holder} sells {ratio_str(prev - Fraction(x.share))} of its {ratio_str(prev)} of associate {entity} "
                 f"on {x.date}, keeping {ratio_str(x.share)} with significant influence ({rule}): gain "
                 f"{m(proceeds - sold + reserve)} = proceeds {m(proceeds)} − carrying amount of the part sold {m(sold)} "
                 f"(at {day}) + its part of the associate's reserve reclassified {m(reserve)}{kept_part} ({recycle}); "
                 if x.share else
                 f"{holder} sells the rest of its {ratio_str(prev)} of associate {entity} on {x.date}: the equity method "
                 f"stops ({stops}): gain {m(proceeds - sold + reserve)} = proceeds {m(proceeds)} − carrying amount "
                 f"{m(sold)} (at {day}) + the associate's reserve reclassified {m(reserve)}{kept_part} ("
                 + ("IAS 28.22(c), IAS 21.48" if ifrs else recycle) + "); ")
                + f"{holder}'s cost {m(books_cost)} its books took off back (taken off "
                + ("on losing control)" if kept else "with the cost of its purchases)"))
        io.post("disposal", entity, holder, [ln for ln in lines if ln[2]], why_gain, attribute_to=holder)
        if books_cost != books_gain_cost:
            io.post("seller_cost", entity, holder,
                    [*[(holder, acc, (books_cost - books_gain_cost) * w) for acc, w in sorted(weights.items())],
                     (holder, cta_acc, -(books_cost - books_gain_cost))],
                    f"{holder}'s cost of the part of {entity} sold on {x.date}: "
                    + ("the loss of control took it off at the rate of the day before, "
                       if kept_row is not None else "its investment carries it at the closing rate, ")
                    + "its gain took it at the average; the translation between the two out of the reserve (its "
                    "cost, not the group's net assets)", attribute_to=holder)
        sales.append(AssociateSale(entity, holder, x.date, book(proceeds, d),
                                   book(proceeds + gained - sold + reserve, d), book(sold, d), book(reserve, d),
                                   book(gained, d), whole=not x.share, kept_reserve=book(from_kept, d)))
        if foreign:
            carrying -= carrying * part
            carrying += Fraction(x.share) * issued
        else:
            carrying -= sold - gained
        hist -= sold - own_reserve - gained
        sold_total += sold - gained
        reclassified += reserve - (books_cost - books_gain_cost)
        na_prev, profit_prev = na + issued, profit
        for s in steps:  # each step's goodwill left leaves pro rata, the rest over the months its period has left
            s[0] -= s[0] * part
            if s[2]:
                s[1] = s[0] / (s[2] - s[3]) if s[2] > s[3] else ZERO
    share_profit += end_share * (a.profit - profit_prev) * a.average
    carrying += end_share * (a.na_now - na_prev) if foreign else ZERO
    if am0 is None or goodwill is None:
        return share_profit, sold_total, reclassified, carrying, None
    if any(s[2] > s[3] for s in steps):
        avg = io.rate(a.currency, run.period, "average", f"equity method for {entity}") if foreign else Fraction(1)
        n_local = amortised_to(run.period, avg)
        if foreign:
            carrying -= n_local
    return share_profit, sold_total, reclassified, carrying, Amortised(
        am_year, sum((g[1].earlier for g in goodwill), ZERO), am0.months_this_year, am0.months_before,
        sum((s[0] for s in steps), ZERO))


def _opening_holder_entry(io: StepIO, a: _Associate, holder: str, share: Fraction, op: OpeningAssociate,
                          start: dt.date) -> tuple[Fraction, tuple[Fraction, Fraction]]:
    """One holder's equity-method entry from its opening position at ``start`` (opening.csv); returns the
    change it made to the reserve since then (credit positive).

    The carrying amount comes back at the start date's rate and the holder's cost leaves at the amount its
    investment carries (the difference on it since the start date back out of the holder's reserve); the
    reserve at the start date goes to ``cta`` and the rest is the group's retained earnings. From then on
    as from full history: later years' share at their averages, this year's at this year's, goodwill
    amortised over the months left, the carrying amount in the associate's currency at the closing rate."""
    run = io.run
    entity = a.entity
    for h in run.holdings_of.get(entity, ()):
        if h.holder == holder and start < h.date <= run.period:
            io.problem("opening.holding_after_start",
                       f"{holder}'s holding of {entity} changes on {h.date}, after the start date {start} of "
                       "opening.csv: a change of holding in an entity starting from opening balances is not "
                       "supported yet", h.source, "move the start date after the change, or consolidate from full "
                       "history")
    cost_own = fsum(Fraction(h.cost) for h in run.holdings_of.get(entity, ())
                    if h.holder == holder and h.date <= start and h.cost is not None)
    cost = cost_own * io.rate(run.currency(holder), start, "closing", f"cost of {entity} at the start date {start}")
    carry0 = op.carrying * op.rate
    foreign = a.currency != run.group.reporting_currency
    if start < run.real_fy_start - dt.timedelta(days=1):
        later = _foreign_opening(io, a, holder, since=start) if foreign else \
            _equity_method_opening(io, entity, holder, start, op.net_assets, a.na_open_local, Fraction(1))
    else:
        later = ZERO
    share_profit = share * a.profit * a.average
    received = [(acc, v) for (acc, p), v in io.tb.get(holder, {}).items()
                if p == entity and run.account_role(acc) == "dividend_income"]
    got = -fsum(Fraction(v) for _acc, v in received)
    am = amortise(io, f"{entity} (equity method, {holder})", op.goodwill, start, op.rate, a.currency, begun=a.start)
    em, re_acc, cta_acc = io.role("equity_method_investment"), io.role("retained_earnings"), io.role("cta")
    # The position at the start date, in an entry of its own that is not attributed to the holder: the
    # holder's share of the associate's results to then is inside the holder's opening NCI amount (IFRS 10.B94,
    # IAS 28.10; opening.csv's `nci` is what full history reports), so its NCI must not take it again.
    at_start: Lines = [(holder, em, carry0)]
    reserve = eliminate_cost(io, at_start, holder, entity, cost, cost_own)
    at_start.append((holder, cta_acc, -op.reserve))
    booked = [(e, acc, book(v, run.decimals)) for e, acc, v in at_start]
    before = -sum((v for _e, _a, v in booked), Decimal(0))
    io.post("equity_method", entity, holder, [*booked, (holder, re_acc, before)],
            f"{holder}'s {ratio_str(share)} of {entity} at its opening position at {start} (opening.csv): carrying "
            f"amount {_money(io, carry0)}, reserve {_money(io, op.reserve)}, {holder}'s share of {entity}'s retained "
            f"profit to then {_money(io, before)} (inside the opening NCI of {holder}, if any)")
    lines: Lines = [(holder, em, later), (holder, re_acc, -later),
                    (holder, em, share_profit), (holder, io.role("equity_method_income"), -share_profit),
                    *[(holder, acc, -Fraction(v)) for acc, v in received], (holder, em, -got)]
    cta = ZERO
    carrying_local = carry0 + later + share_profit - got - am.this_year - am.earlier
    if foreign:
        carrying_local = op.carrying + share * (a.na_now - op.net_assets) - (op.goodwill - am.carrying_local)
        cta = carrying_local * a.closing - (carry0 + later + share_profit - got - am.this_year - am.earlier)
    if cta:
        lines += [(holder, em, cta), (holder, cta_acc, -cta)]
    lines = _rounded_cumulatively(io, lines, holder, share_profit, got, absorb=io.role("cta") if foreign else em)
    io.post("equity_method", entity, holder, lines,
            f"{holder}'s {ratio_str(share)} of {entity} by the equity method since its opening position at {start} "
            f"(opening.csv): share of retained profit since {_money(io, later)}, of this year's profit "
            f"{_money(io, share_profit)}, dividends received {_money(io, got)}", attribute_to=holder)
    if am.this_year or am.earlier:
        io.post("goodwill_amortisation", entity, holder,
                [(holder, io.role("equity_method_income"), am.this_year), (holder, re_acc, am.earlier),
                 (holder, em, -(am.this_year + am.earlier))],
                f"goodwill inside {holder}'s equity-method investment in {entity} ({_money(io, op.goodwill)} "
                f"{a.currency} at {start}) over the rest of {run.group.policies.goodwill_amortisation_years} years "
                f"from {a.start}: {am.months_this_year} months this year, {am.months_before} since {start} before",
                attribute_to=holder)
    return reserve + cta, (carrying_local, am.carrying_local)


def _kept_earlier(io: StepIO, entity: str, holder: str, share: Fraction, kept: Holding, cost: Fraction,
                  carried: Kept | None) -> Fraction:
    """An interest kept on losing control in an earlier year, as this year starts from it (entry kind
    ``retained_interest``): its starting amount ``cost`` (ifrs: the fair value, jgaap: the consolidated carrying
    amount) on the equity-method investment and the holder's remaining cost off; jgaap: the part of the reserve
    kept with the interest back in the reserve; the rest — the remeasurement or the group's share of profit to the
    sale, and that year's gain — in retained earnings.

    A holder booking in another currency: its remaining cost leaves at the day before the sale's rate, what its
    translation put on it before that out of its reserve (as the first consolidation took it out then, at the
    rate it paid), and what it put there since in an entry of kind ``seller_cost`` (as the sale's year booked it,
    cumulative, so that its movement is the year's translation effect on that cost).

    Returns what the two entries put on the holder's reserve (credit positive), which its own NCI shares."""
    run = io.run
    em, cta_acc, re_acc = (io.role(r) for r in ("equity_method_investment", "cta", "retained_earnings"))
    inv = {acc: Fraction(v) for (acc, p), v in io.tb.get(holder, {}).items()
           if p == entity and run.account_role(acc) == "investment"}
    at_closing = fsum(inv.values())
    at_day = at_paid = at_closing
    if run.is_foreign(holder) and at_closing:
        left = local_cost(run, holder, entity)
        cur = run.currency(holder)
        at_day = left * io.rate(cur, kept.date - dt.timedelta(days=1), "closing", f"{holder}'s remaining cost of {entity}")
        at_paid = left * rate_paid(io, holder, entity, kept.date)
    reserve_kept = Fraction(carried.reserve) if carried is not None else ZERO
    weights = {acc: v / at_closing for acc, v in inv.items()} if at_closing else {}
    lines: Lines = [(holder, em, cost), *[(holder, acc, -at_day * w) for acc, w in sorted(weights.items())]]
    if at_day != at_paid:
        lines.append((holder, cta_acc, at_day - at_paid))
    if reserve_kept:
        lines.append((holder, cta_acc, -reserve_kept))
    lines.append((holder, re_acc, -(cost - at_paid - reserve_kept)))
    how = (f"at its consolidated carrying amount {_money(io, cost)} (ASBJ Statement 22 §29), "
           f"{_money(io, reserve_kept)} of the reserve kept with it" if carried is not None else
           f"at its fair value {_money(io, cost)} (IFRS 10.25(b), IAS 28.32)")
    io.post("retained_interest", entity, holder, lines,
            f"{holder}'s {ratio_str(share)} of {entity} kept on losing control on {kept.date}, {how}: {holder}'s "
            "remaining cost off, the rest in retained earnings", attribute_to=holder)
    if at_closing != at_day:
        io.post("seller_cost", entity, holder,
                [(holder, sorted(inv)[0], -(at_closing - at_day)), (holder, cta_acc, at_closing - at_day)],
                f"{holder}'s remaining cost of {entity}: the translation its books put on it since "
                f"{kept.date - dt.timedelta(days=1)} out of the reserve (its cost, not the group's net assets)",
                attribute_to=holder)
    return reserve_kept - (at_day - at_paid) - (at_closing - at_day)


def _rounded_cumulatively(io: StepIO, lines: Lines, holder: str, share_profit: Fraction, got: Fraction,
                          absorb: str) -> Lines:
    """An associate's entry booked so that the holder's share of its retained profit is rounded
    cumulatively, and so that its rounding never lands in profit.

    The next year books the share of retained profit to date, ``earlier + share_profit - got``, rounded
    once on retained earnings; this year books ``earlier`` rounded once: the year's share of profit is
    booked as what makes the two meet (each year's ``equity_method_income`` is the change in the rounded
    share to date, so the rounding of a year's share lands there once and the next year's retained
    earnings carry exactly what this year's profit booked). ``absorb`` takes what the rounding of the
    other lines leaves: the translation reserve of a foreign associate (its carrying amount is at the
    closing rate, the reserve its difference), the carrying amount of one in the reporting currency
    (a cost with more places than the currency is carried at the cost as the holder's investment
    leaves, rounded, plus the rounded share to date). The entry balances as booked: no rounding
    residue goes to the ``rounding`` account in profit, where the next year would not carry it."""
    run = io.run
    d = run.decimals
    re_acc, income = io.role("retained_earnings"), io.role("equity_method_income")
    merged: dict[tuple[str, str], Fraction] = {}
    for ent, acc, amt in lines:
        merged[(ent, acc)] = merged.get((ent, acc), ZERO) + Fraction(amt)
    earlier = -merged.get((holder, re_acc), ZERO)
    booked: dict[tuple[str, str], Decimal] = {k: book(v, d) for k, v in merged.items()}
    # the income line is -share_profit exactly (the only line on it)
    booked[(holder, income)] = -(book(earlier + share_profit - got, d) - book(earlier, d) + book(got, d))
    booked[(holder, absorb)] = Decimal(0)
    booked[(holder, absorb)] = -sum(booked.values(), Decimal(0))
    return [(ent, acc, v) for (ent, acc), v in booked.items() if v]


def _foreign_opening(io: StepIO, a: _Associate, holder: str, since: dt.date | None = None) -> Fraction:
    """The holder's share of a foreign associate's profit less dividends from influence (or ``since``, a
    start date of opening.csv) to this year's start, each fiscal year at that year's average rate
    (IAS 21.40); needs each year-end trial balance."""
    run = io.run
    total = ZERO
    missing = []

    def undated(tb: _TB) -> Fraction:
        return fsum(Fraction(v) for (acc, _p, d), v in tb.items()
                    if run.account_role(acc) == "dividends_declared" and d is None)

    def dated(tb: _TB, since_day: dt.date | None = None) -> Fraction:
        # a dated dividend at its spot rate, as that year's run took what the holder received
        return fsum(Fraction(v) * io.rate(a.currency, d, "spot", f"equity method for {a.entity}: dividend of {d}")
                    for (acc, _p, d), v in tb.items() if run.account_role(acc) == "dividends_declared"
                    and d is not None and (since_day is None or d >= since_day))

    for end in run.fiscal_year_ends((since or a.start) + dt.timedelta(days=1), run.real_fy_start):
        tb = _associate_tb(io, a.entity, end)
        if tb is None:
            missing.append(end)
            continue
        year_start = run.group.fiscal_year_start(end)
        profit = run.profit_of(tb)
        pre_profit = Fraction(0)
        if year_start < a.start:  # influence began inside that year
            pre = _associate_tb(io, a.entity, a.start - dt.timedelta(days=1))
            if pre is None:
                missing.append(a.start - dt.timedelta(days=1))
                continue
            pre_profit = run.profit_of(pre)
            profit -= pre_profit
        divs, dated_y = undated(tb), dated(tb)
        held = run.history.standing(a.entity, max(year_start, a.start)).get(holder)
        avg = io.rate(a.currency, end, "average", f"equity method for {a.entity}: the year to {end}")
        total += (held.share if held else ZERO) * ((profit - divs) * avg - dated_y)
        # a purchase inside that year: its share from its own day (IAS 28.10), the year's profit and dividends
        # less those to the day before
        for day, added in _bought_inside(run, a.entity, holder, max(year_start, a.start), end):
            before = _associate_tb(io, a.entity, day - dt.timedelta(days=1))
            if before is None:
                missing.append(day - dt.timedelta(days=1))
                continue
            # (pre_profit is 0 unless influence began inside that year)
            total += added * ((profit + pre_profit - run.profit_of(before) - divs + undated(before)) * avg
                              - dated(tb, day))
    if missing:
        io.problem("translation.history_missing",
                   f"the equity method for {a.entity} (in {a.currency}) takes each earlier year's profit at that "
                   f"year's average rate: the ledger must hold its trial balances at "
                   f"{', '.join(str(d) for d in missing)}", a.src, "add those periods to ledger/")
    return total


def _bought_inside(run: Run, entity: str, holder: str, after: dt.date, end: dt.date) -> list[tuple[dt.date, Fraction]]:
    """The holder's purchases of ``entity`` after ``after`` through ``end``, each with the share it added."""
    return [(h.date, Fraction(h.share) - prev) for h, prev in _bought_after(run, entity, holder, after, end)]


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
        points.append((h.date, fsum(eq.values()) * r_acq))
    points.append((run.fy_start, na_open_local * r_acq))
    total = ZERO
    for (d0, na0), (_d1, na1) in itertools.pairwise(points):
        held = run.history.standing(entity, d0).get(holder)
        total += (held.share if held else ZERO) * (na1 - na0)
    return total


def _kept_sub_group(io: StepIO, entity: str) -> tuple[str, ...]:
    """The sub-group that left the consolidation with ``entity`` when the group lost control of it and kept an interest
    with significant influence (issue 10; empty for any other associate)."""
    kept = _retained(io.run, entity, _influence_date(io, entity))
    return kept_sub_group(io.run, kept) if kept is not None else ()


def _associate_tb(io: StepIO, entity: str, day: dt.date) -> _TB | None:
    """The associate's trial balance at ``day``, from the ledger; for an interest kept on losing control of it with a
    sub-group (issue 10), its consolidated one (IAS 28.27: the associate's consolidated financial statements), read
    from its own and its sub-group's trial balances: each entity's rows weighted by the associate's interest in it
    through the sub-group (so that its equity and profit are the associate's owners' share: the sub-group's NCI left
    out), the associate's investment in the sub-group and the dividends it received from it moved to retained
    earnings (eliminated against the sub-group's equity: its net assets are counted once, through the weights) and
    the sub-group's dividends declared too (paid inside the associate, or to its NCI). A sub-group entity booking in
    another currency is translated into the associate's first (:func:`_translated_into`; exact amounts, Fractions).
    The deconsolidation step keeps the sub-group's holdings from the sale. None when one of the trial balances is
    missing."""
    run = io.run
    tb = run.local_tb(entity, day)
    sub = _kept_sub_group(io, entity) if tb is not None else ()
    if not sub:
        return tb
    inside = {entity, *sub}
    interest: dict[str, Fraction] = {entity: Fraction(1)}

    def weight(x: str) -> Fraction:
        if x not in interest:
            interest[x] = ZERO  # holdings running in a circle count once
            interest[x] = sum((h.share * weight(k) for k, h in run.history.standing(x, day).items() if k in inside),
                              ZERO)
        return interest[x]

    re_acc = io.role("retained_earnings")
    out: dict[tuple[str, str | None, dt.date | None], Decimal] = defaultdict(Decimal)
    translated: dict[_Key, Fraction] = defaultdict(Fraction)
    for x in (entity, *sub):
        rows = run.local_tb(x, day)
        if rows is None:
            return None
        w = weight(x)
        if run.currency(x) != run.currency(entity) or not _terminates(w):
            # in exact Fractions: translated into the associate's currency, or a weight no decimal holds (2/3)
            exact = (_translated_into(io, x, entity, rows, day) if run.currency(x) != run.currency(entity)
                     else {k: Fraction(v) for k, v in rows.items()})
            for (acc, p, d), amt in exact.items():
                role = run.account_role(acc)
                inner = p in inside and role in ("investment", "dividend_income")
                key = (re_acc, None, None) if inner or (x != entity and role == "dividends_declared") else (acc, p, d)
                translated[key] += amt * w
            continue
        with localcontext() as ctx:
            ctx.prec = 80  # a weight with a terminating decimal: it and its products are exact at 80 digits
            wd = Decimal(w.numerator) / Decimal(w.denominator)
            for (acc, p, d), v in rows.items():
                role = run.account_role(acc)
                inner = p in inside and role in ("investment", "dividend_income")
                key = (re_acc, None, None) if inner or (x != entity and role == "dividends_declared") else (acc, p, d)
                out[key] += v * wd
    if translated:
        for k, dec in out.items():
            translated[k] += Fraction(dec)
        return {k: f for k, f in translated.items() if f}
    return {k: v for k, v in out.items() if v}


def _terminates(w: Fraction) -> bool:
    """``w`` has a terminating decimal expansion (its denominator's only prime factors are 2 and 5)."""
    d = w.denominator
    for f in (2, 5):
        while d % f == 0:
            d //= f
    return d == 1


def _translated_into(io: StepIO, x: str, entity: str, rows: LocalTB, day: dt.date) -> dict[_Key, Fraction]:
    """A sub-group entity's trial balance at ``day`` in the associate's currency, as the associate's consolidated
    statements translate it (IAS 21.39, 21.44): balance-sheet rows at the closing rate of ``day``, income and expense
    at the average rate of the year the run takes the associate's profit at (this year's to the period; an earlier
    year's to its end), the difference in the associate's translation reserve (its OCI, IAS 28.10). The rates are
    the cross rates the reporting currency's imply (the entity's rate over the associate's), so that the figures
    taken on to the reporting currency at the associate's rates are the entity's at its own: the same as
    translating it straight into the reporting currency, as the engine translates every entity
    (docs/consolidation.md "A sub-group in another currency")."""
    run = io.run
    cur, into = run.currency(x), run.currency(entity)
    why = f"{x}'s figures in the consolidated statements of associate {entity} at {day}"
    avg_day = min(run.group.fiscal_year_end_for(day), run.period)
    closing = io.rate(cur, day, "closing", why) / io.rate(into, day, "closing", why)
    average = io.rate(cur, avg_day, "average", why) / io.rate(into, avg_day, "average", why)
    out: dict[_Key, Fraction] = defaultdict(Fraction)
    for (acc, p, d), v in rows.items():
        out[(acc, p, d)] += Fraction(v) * (average if run.account_type(acc) in ("income", "expense") else closing)
    out[(io.role("cta"), None, None)] -= fsum(out.values())
    return dict(out)


def _retained(run: Run, entity: str, start: dt.date, holder: str | None = None) -> Holding | None:
    """The holding that lost control of ``entity`` on ``start`` and kept an interest (ifrs: its fair value on
    ``retained_fair_value``, without it the ``deconsolidation`` step reports the missing key; jgaap: kept at
    its consolidated carrying amount, :func:`renketsu.consolidation.deconsolidation.kept_interest`): ``holder``'s
    row of that day — the seller's sale, or another group company's row restating the share it keeps (issue 10)."""
    if run.history.method_at(entity, start - dt.timedelta(days=1)) != "full":
        return None
    return next((h for h in run.holdings_of.get(entity, ()) if h.date == start and h.share
                 and (holder is None or h.holder == holder)), None)


def _influence_date(io: StepIO, entity: str) -> dt.date:
    """The first date from which ``entity`` has been accounted for by the equity method without a break."""
    run = io.run
    return run.history.method_since(entity, ("equity",)) or run.period



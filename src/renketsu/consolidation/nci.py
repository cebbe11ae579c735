"""Step ``nci`` — non-controlling interests (IFRS 10.22, B94; ASBJ 22 §26)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import ZERO, book, fmt, fsum, ratio_str

from .deconsolidation import Deconsolidated
from .investment import (
    cost_in_own_currency,
    cuts_in_year,
    equity_at_date,
    equity_before_issue,
    equity_on_day,
    issue_rate,
    movers_above,
)
from .entries import Entry
from .products import (
    EquityMethod,
    GoodwillCarrying,
    Investments,
    Matching,
    OpeningPosition,
    OpeningSubsidiary,
    ProfitSplit,
)
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
    shares: dict[str, Fraction] = {}
    attributed = _attributed_effects(io, re_acc)
    movers = _movers(io)
    for entity, acq in io.acquired.items():
        split = _profit_stretches(io, acq, first[entity].pre_profit)
        if split:
            stretches[entity] = split
        n = run.nci_ratio(entity)
        tb = io.tb.get(entity, {})
        lines: Lines = []
        parts = []
        op = position.of(entity)
        own = ZERO
        if acq.control_date <= run.fy_start:
            segments = _segments(io, acq, op, position.start, movers)
            own = fsum(ratio * (na_end - na_start) for ratio, na_start, na_end in segments)
        total, booked = _share_of_retained_earnings(io, entity, own, attributed)
        if total:
            shares[entity] = total
        if own or booked:
            lines += [(entity, re_acc, booked), (entity, nci_acc, -booked)]
            parts.append(f"share of post-acquisition retained earnings {_money(io, own)}"
                         + ("" if booked == book(own, run.decimals) else
                            f", booked {_money(io, booked)} so that the NCI's share of retained earnings with the "
                            f"entries attributed to {entity} ({_money(io, total)}) is rounded once"))
        cta_here = -Fraction(tb.get((cta_acc, None), Decimal(0))) + extra.get(entity, ZERO)
        if op is not None:  # the NCI's share of the reserve at the start date is inside its opening amount
            cta_here -= op.reserve
        # the reserve the year's changes re-attributed, posted apart; also where the NCI are all bought (n = 0)
        moved, why = _reattributed(io, acq, extra.get(entity, ZERO))
        moved = Fraction(book(moved, run.decimals))
        if cta_here and n or moved:
            lines += [(entity, cta_acc, n * cta_here - moved), (entity, nci_acc, moved - n * cta_here)]
            parts.append(f"{ratio_str(n)} of the translation reserve {_money(io, cta_here)}"
                         + (f" ({_money(io, moved)} of it re-attributed on a change of interest, posted apart)"
                            if moved else ""))
        if lines:
            io.post("nci", entity, None, lines,
                    f"non-controlling interests ({ratio_str(n)}) in {entity}: " + "; ".join(parts))
        if moved:
            io.post("nci", entity, None, [(entity, cta_acc, moved), (entity, nci_acc, -moved)],
                    f"{REATTRIBUTED_REASON}{entity}'s translation reserve on the day of each change of the NCI "
                    f"ratio this year, re-attributed between owners and NCI (IAS 21.48C; a transaction with owners, "
                    f"IAS 1.106(d)(iii), IFRS 10.B96): {why}")
    # Entries attributed to an entity with NCI: the NCI bears its share of their effect on
    # retained earnings (their effect on this year's profit is split at closing).
    for entry, x, part in attributed:
        at_ratio = run.nci_ratio(x) * sum((Fraction(ln.amount) for ln in entry.lines if ln.account == re_acc),
                                          Fraction(0))
        earlier = "" if part == at_ratio else \
            f", {_money(io, part - at_ratio)} more borne at their ratio before it changed (IFRS 10.B96)"
        io.post("nci", x, None, [(x, nci_acc, part), (x, re_acc, -part)],
                f"NCI's share ({ratio_str(run.nci_ratio(x))}{earlier}) of {entry.id} ({entry.kind}) on retained earnings")
    for holder, amount in extra.items():
        if holder in io.acquired:
            continue  # done above with the entity's own reserve
        n = run.nci_ratio(holder)
        if n and amount:
            io.post("nci", holder, None, [(holder, cta_acc, n * amount), (holder, nci_acc, -n * amount)],
                    f"NCI's share ({ratio_str(n)}) of translation differences attributed to {holder}")
    return ProfitSplit(stretches, shares, *_dividends_moved(io))


#: How the ``nci`` entry of the reserve re-attributed on a change of interest begins (the equity statement reads it
#: as a transaction with owners, not as other comprehensive income).
REATTRIBUTED_REASON = "reserve re-attributed: "


def reattribution_days(io: StepIO, acq: Acquired) -> list[tuple[dt.date, Fraction, Fraction]]:
    """The days of this fiscal year (its first included) where ``acq.entity``'s NCI ratio changed while it was
    controlled, through its own holdings or a change above it: (day, NCI ratio the day before, ratio that day)."""
    run = io.run
    days = {date for date, *_ in acq.transactions}
    for x in movers_above(io, acq.entity):  # (the others above it have no transactions)
        days |= {date for date, *_rest in io.acquired[x].transactions}
    out = []
    for day in sorted(days):
        if max(run.fy_start, acq.control_date + dt.timedelta(days=1)) <= day <= run.period:
            before, after = run.nci_at(acq.entity, day - dt.timedelta(days=1)), run.nci_at(acq.entity, day)
            if before != after:
                out.append((day, before, after))
    return out


def _reattributed(io: StepIO, acq: Acquired, extra: Fraction) -> tuple[Fraction, str]:
    """The part of ``acq.entity``'s translation reserve re-attributed from the owners to its NCI by this year's
    changes of its NCI ratio (IAS 21.48C; credit to the NCI positive) and how it was measured: on each day, (ratio
    after − ratio before) × the reserve of that day — its net assets the day before at the day's rate (spot, else
    closing; the start of the year: the closing of the year before) less its equity at historical rates
    (``investment.equity_before_issue``), less the translation of the costs of its subsidiaries it eliminated, plus
    that of its fair-value adjustments. The ``nci`` step books the whole reserve at the closing ratio; what the year's
    changes moved of it is posted apart, so that the equity statement shows it as a transaction with owners and the
    other comprehensive income as each party's share of each stretch's exchange differences. The other translation
    differences attributed to the entity (goodwill, associates, a seller's) are refused where a change meets them
    (``_unmeasured``)."""
    run = io.run
    days = reattribution_days(io, acq)
    if not days:
        return ZERO, ""
    entity, cur, foreign = acq.entity, run.currency(acq.entity), run.is_foreign(acq.entity)
    closing = io.rate(cur, run.period, "closing", f"the translation reserve of {entity}") if foreign else Fraction(1)
    costs = _costs_eliminated(io, entity)
    fva = fsum(acq.fva.values()) if foreign else ZERO
    unmeasured = extra - _extras_at(costs, fva, acq, closing, run.period)
    sources = _unmeasured_sources(io, entity)
    total, parts = ZERO, []
    for day, before, after in days:
        # goodwill it holds, associates, a sale: their part of the reserve on the day is not measured, so they are
        # refused wherever they exist, even where the closing rate leaves nothing of them at the period end (a
        # rate of the day unlike the closing leaves some on the day)
        if sources:
            _unmeasured(io, entity, day, None, sources)
        elif unmeasured:
            _unmeasured(io, entity, day, unmeasured, ())
        if not foreign:
            continue
        day_before = day - dt.timedelta(days=1)
        tb = run.local_tb(entity, day_before)
        if tb is None:
            continue  # the change's own measure asks for it (investment.equity_on_day, equity_at_date)
        rate = io.rate(cur, day_before, "closing", f"{entity}'s translation reserve on {day}") \
            if day == run.fy_start else \
            io.rate(cur, day, "spot", f"{entity}'s translation reserve on {day}", fallback="closing")
        na = fsum(Fraction(v) for (acc, _p, _d), v in tb.items() if run.account_type(acc) in ("asset", "liability"))
        reserve = na * rate - equity_before_issue(io, acq, day) + _extras_at(costs, fva, acq, rate, day)
        total += (after - before) * reserve
        parts.append(f"on {day} {ratio_str(before)} → {ratio_str(after)} of {_money(io, reserve)}")
    return total, "; ".join(parts)


def _costs_eliminated(io: StepIO, holder: str) -> list[tuple[Fraction, Fraction, dt.date]]:
    """(cost in ``holder``'s own currency, at historical rates in the reporting currency, control date) of the
    subsidiaries ``holder`` held at their control (first consolidation; a holder booking in another currency)."""
    out: list[tuple[Fraction, Fraction, dt.date]] = []
    if not io.run.is_foreign(holder):
        return out
    for sub, acq in io.acquired.items():
        if holder in acq.holders and sub != holder and acq.holders[holder][1]:
            cost = acq.holders[holder][1]
            out.append((cost_in_own_currency(io, holder, sub, cost, acq.control_date), cost, acq.control_date))
    return out


def _extras_at(costs: list[tuple[Fraction, Fraction, dt.date]], fva: Fraction, acq: Acquired, rate: Fraction,
               day: dt.date) -> Fraction:
    """The translation differences the eliminations attribute to the entity, measured at ``rate`` on ``day``
    (credit positive): the costs it eliminated out of its reserve (of the subsidiaries controlled before the day),
    its fair-value adjustments into it."""
    return fva * (rate - acq.rate) - fsum(own * rate - cost for own, cost, since in costs if since < day)


def _unmeasured_sources(io: StepIO, entity: str) -> list[str]:
    """What puts translation differences on ``entity``'s reserve that the re-attribution does not measure on the
    day of a change: goodwill of a foreign subsidiary it holds (or took from the NCI), foreign associates it holds,
    a sale's or a deconsolidation's reserve — whatever their amount at the closing rate."""
    run = io.run
    gw: GoodwillCarrying = io.need("goodwill")
    em: EquityMethod = io.need("equity_method")
    dec: Deconsolidated = io.need("deconsolidation")
    out = []
    held = sorted(sub for sub, by in gw.local.items() if sub != entity and entity in by and run.is_foreign(sub))
    if held:
        out.append(f"the goodwill of {', '.join(held)} it holds")
    assoc = sorted(a for a, h in em.positions if h == entity and (run.is_foreign(a) or run.is_foreign(entity)))
    if assoc:
        out.append(f"its associates {', '.join(assoc)}")
    if entity in dec.cta:
        out.append("a sale or a loss of control")
    return out


def _unmeasured(io: StepIO, entity: str, day: dt.date, amount: Fraction | None, sources: list[str] | tuple[()]
                ) -> None:
    if sources:
        what = (f"{entity}'s translation reserve holds translation differences from {'; '.join(sources)}, which are "
                "not measured on the day of the change")
    else:
        what = (f"{_money(io, amount or ZERO)} of {entity}'s translation reserve at the closing comes from "
                "translation differences the eliminations attribute to it besides its own net assets, the costs of "
                "its subsidiaries it eliminated at their control and its fair-value adjustments (for instance the "
                "translation of a cost it paid for more of a subsidiary after its control)")
    reattributed_reserve_refused(io, entity, day, what)


def reattributed_reserve_refused(io: StepIO, entity: str, day: dt.date, what: str) -> None:
    """Refuses a re-attribution of the translation reserve on a change of interest (IAS 21.48C) that is not measured,
    naming the holding row of the change (``entity``'s or one above it)."""
    run = io.run
    rows = [h for x in sorted({entity} | set(run.history.upstream(entity))) for h in run.holdings_of.get(x, ())
            if h.date == day]
    io.problem(
        "consolidation.reattributed_reserve",
        f"the NCI ratio of {entity} changed on {day} keeping control, and {what}: re-attributing that part between "
        "owners and NCI on the day (IAS 21.48C, a transaction with owners) is not modelled",
        rows[0].source if rows else None,
        "consolidate a period end before the change; docs/consolidation.md \"The reserve re-attributed on a change "
        "of interest\" lists what is handled")


def _dividends_moved(io: StepIO) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """Per subsidiary: the exact part of the year's dividends paid to its NCI, and the exact change the year's
    dividends make to the NCI's share of its retained earnings as the next year derives it — its NCI ratio
    of the dividends it declared, less its NCI ratio of the intra-group dividends it received: eliminated
    from its profit this year, inside its own retained earnings the next (the payer's are the less by them)."""
    run = io.run
    dv: Matching = io.need("dividends")
    moved = dict(dv.nci_borne)
    for entry in io.attributed():
        x = entry.attribute_to
        n = run.nci_ratio(x)
        if entry.kind == "dividend" and x is not None and n:
            effect = run.chart.profit((ln.account, ln.amount) for ln in entry.lines)
            if effect:
                moved[x] = moved.get(x, ZERO) + n * effect
    return dict(dv.nci_paid), moved


def _attributed_effects(io: StepIO, re_acc: str) -> list[tuple[Entry, str, Fraction]]:
    """Entries attributed to an entity with NCI, that entity, and the NCI's share of their effect on retained
    earnings (debit positive; their effect on this year's profit is split at closing), in posting order."""
    out: list[tuple[Entry, str, Fraction]] = []
    moved = dict(io.need("investment").nci_moved)
    for entry in io.attributed():
        x = entry.attribute_to
        n = io.run.nci_ratio(x)
        if not n or x is None:
            continue
        effect = fsum(Fraction(ln.amount) for ln in entry.lines if ln.account == re_acc)
        if entry.kind == "goodwill_amortisation" and entry.partner == x:
            # the NCI's share of amortisation before a change of their ratio is at the ratio before it
            effect_share = n * effect + moved.pop((x, entry.entity), Fraction(0))
        else:
            effect_share = n * effect
        if effect_share:
            out.append((entry, x, effect_share))
    return out


def _share_of_retained_earnings(io: StepIO, entity: str, own: Fraction,
                                attributed: list[tuple[Entry, str, Fraction]]) -> tuple[Fraction, Decimal]:
    """The NCI's exact share of ``entity``'s retained earnings at the start of the year — of its own
    (``own``) and of the entries attributed to it — and the amount its own line books: the whole share
    rounded once, less what the attributed entries' own lines book. So the retained earnings moved to
    the NCI are the whole share rounded once, as the closing of the year before rounded it
    (:func:`renketsu.consolidation.closing._rounded_share`), and the NCI opens at that closing exactly."""
    parts = _parts_by_entity(io, attributed).get(entity, [])
    total = own - fsum(parts)
    return total, book(total, io.run.decimals) + sum((book(p, io.run.decimals) for p in parts), Decimal(0))


def _parts_by_entity(io: StepIO, attributed: list[tuple[Entry, str, Fraction]]) -> dict[str, list[Fraction]]:
    """``attributed``'s NCI shares by the entity they are attributed to, in posting order (grouped once per
    step, not searched once per subsidiary)."""
    got = io.memo.get("nci_parts")
    if got is None or got[0] is not attributed:
        by: dict[str, list[Fraction]] = {}
        for _e, x, part in attributed:
            by.setdefault(x, []).append(part)
        got = io.memo["nci_parts"] = (attributed, by)
    return got[1]


def _translation_differences(io: StepIO, inv: Investments) -> dict[str, Fraction]:
    """Translation differences booked by eliminations (eliminated costs, goodwill, fair-value adjustments,
    associates, a sale in the year or before by a seller booking in another currency), by the entity whose NCI shares them, in the order the steps made them."""
    out: dict[str, Fraction] = {}
    gw: GoodwillCarrying = io.need("goodwill")
    em: EquityMethod = io.need("equity_method")
    dec: Deconsolidated = io.need("deconsolidation")  # a seller's reserve on its cost, the reserve it kept
    for part in (inv.cta, gw.cta, em.cta, dec.cta):
        for k, v in part.items():
            out[k] = out.get(k, ZERO) + v
    return out


def _profit_stretches(io: StepIO, acq: Acquired, pre_profit: Fraction) -> tuple[tuple[Fraction, Fraction], ...]:
    """Split this year's profit where holdings changed inside the year, by the NCI ratio of each stretch.

    Needs the trial balance on the day before each change (docs/format.md §10.4); profit to
    a day is translated at the period's average rate.
    """
    run = io.run
    cuts = cuts_in_year(io, acq)
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
        # a change dated the first day of the year holds for the whole year's income (docs/format.md §10.4: only a
        # change after that day splits it), so the first stretch is at the ratio of that day, not the day before's
        out.append((run.nci_at(acq.entity, start), b - a))
    return tuple(out)


def _movers(io: StepIO) -> list[str]:
    """The subsidiaries with changes of their holders' shares while controlled, sorted (few in a group:
    :func:`_segments` looks only at these among an entity's upstream, not at its whole upstream)."""
    return sorted(x for x, a in io.acquired.items() if a.transactions)


def _segments(io: StepIO, acq: Acquired, op: OpeningSubsidiary | None = None,
              start: dt.date | None = None, movers: list[str] | None = None
              ) -> list[tuple[Fraction, Fraction, Fraction]]:
    """(NCI ratio, net assets at start, net assets at end) for each stretch of unchanged holdings
    between control (or the start date of opening.csv: the NCI's share before it is inside its
    opening amount) and the start of this fiscal year, in the reporting currency."""
    run = io.run
    tb = io.tb.get(acq.entity, {})
    opening_dec = Decimal(0)
    kind, role = run.account_type, run.account_role
    for (acc, _p), amt in tb.items():
        if kind(acc) == "equity" and role(acc) not in ("dividends_declared", "cta", "nci"):
            opening_dec -= amt
    opening = Fraction(opening_dec)
    points = [(acq.control_date, fsum(acq.equity.values()) * acq.rate)] if op is None or start is None \
        else [(start, fsum(op.equity.values()))]
    foreign = run.currency(acq.entity) != run.group.reporting_currency
    for date, _holder, _share, _cost, eq in acq.transactions:
        if date <= run.fy_start:
            points.append((date, equity_on_day(io, acq, date, eq)))
    # a change of interest above (a holder's NCI bought or sold) changes the ratio too: the stretch is cut there,
    # as the ``investment`` step moved that holder's NCI's indirect share of the equity up to it (IFRS 10.B96)
    own_dates = {d for d, _na in points}
    if movers is None:
        movers = _movers(io)
    upstream = run.history.upstream(acq.entity) if movers else frozenset()
    # the subsidiaries upstream whose holders changed, in name order (the others have no date to cut at)
    above = [x for x in movers if x in upstream] if len(movers) <= len(upstream) \
        else sorted(x for x in upstream if x in io.acquired and io.acquired[x].transactions)
    for x in above:
        up = io.acquired[x]
        for date, *_rest in up.transactions:
            if acq.control_date < date < run.fy_start and date not in own_dates \
                    and run.nci_at(acq.entity, date - dt.timedelta(days=1)) != run.nci_at(acq.entity, date):
                na = equity_at_date(io, acq, date)
                if na is not None:
                    own_dates.add(date)
                    points.append((date, na))
    points.sort(key=lambda p: p[0])
    # a dilution's issue is S's new capital, none of its retained earnings: the investment step moved the NCI for it
    # (IFRS 10.B96), so it leaves the equity from its day on, the stretch before it ending at the equity before it;
    # the opening equity is read from the period end's capital accounts, which hold an issue of this year too
    # (a foreign entity's at its day's rate, the equity before it at historical rates: investment.equity_before_issue)
    for day, issue in acq.issues.items():
        if day <= run.period:
            issued = fsum(issue.values()) * issue_rate(io, acq, day)
            if foreign:
                points = [(d, equity_before_issue(io, acq, day) + issued if d == day else na) for d, na in points]
            points = [(d, na - issued if d >= day else na) for d, na in points]
            opening -= issued
    points.append((run.fy_start, opening))
    out = []
    for (d0, na0), (_d1, na1) in itertools.pairwise(points):
        ratio = run.nci_at(acq.entity, d0)
        out.append((ratio, na0, na1))
    return out

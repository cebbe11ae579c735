"""Step ``goodwill`` — amortisation (jgaap: straight line by whole months, ASBJ 22 §32; ifrs: none) and
the translation of goodwill and fair-value adjustments of foreign subsidiaries at the closing rate
(IAS 21.47): earlier years' amortisation at each of those years' average rate (IAS 21.40)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from renketsu.model.money import ZERO, fmt, fsum, ratio_str

from .products import FirstConsolidation, GoodwillCarrying, NciGoodwillKept
from .run import Acquired
from .stage import StepIO


def months(start: dt.date, end: dt.date) -> int:
    """Whole months of amortisation from the month after ``start`` through ``end``."""
    return max(0, (end.year - start.year) * 12 + (end.month - start.month))


@dataclass(frozen=True)
class _Rates:
    foreign: bool
    closing: Fraction
    average: Fraction
    historical: Fraction


@dataclass(frozen=True)
class Amortised:
    """One goodwill's amortisation in the reporting currency: this year's, earlier years', and the
    carrying amount left in its own currency."""

    this_year: Fraction
    earlier: Fraction
    months_this_year: int
    months_before: int
    carrying_local: Fraction


def amortise(io: StepIO, what: str, gw_local: Fraction, since: dt.date, historical: Fraction,
             currency: str, begun: dt.date | None = None) -> Amortised:
    """Straight-line amortisation of ``gw_local`` (own currency) from ``since`` to the period end,
    translated: this year's at the average rate, each earlier year's at its own average rate.

    With ``begun`` (opening balances), ``gw_local`` is what was left at ``since`` of a goodwill amortised
    from ``begun``: it is amortised over the months left of the period."""
    run = io.run
    years = run.group.policies.goodwill_amortisation_years
    total = years * 12 if years else 0
    if total and begun is not None:
        total = max(0, total - months(begun, since))
    if not total or gw_local <= 0:
        return Amortised(ZERO, ZERO, 0, 0, gw_local)
    foreign = currency != run.group.reporting_currency
    to_date = min(months(since, run.period), total)
    before = min(months(since, run.fy_start - dt.timedelta(days=1)), total)
    monthly = gw_local / total
    done = 0
    ends = run.fiscal_year_ends(since + dt.timedelta(days=1), run.fy_start)
    last = min(months(since, ends[-1]), total) if ends else 0
    average = io.rate(currency, run.period, "average", f"translating goodwill amortisation of {what}") \
        if foreign and (to_date > before or before > last) else historical
    earlier = ZERO
    # Control on a year end earns nothing that year: from the next year end on.
    for end in ends:
        upto = min(months(since, end), total)
        rate = io.rate(currency, end, "average", f"translating goodwill amortisation of {what} for the year to "
                       f"{end}") if foreign and upto > done else historical
        earlier += monthly * (upto - done) * rate
        done = upto
    if before > done:  # months of a closed year after its last year end (a simulation frame)
        earlier += monthly * (before - done) * average
    return Amortised(monthly * (to_date - before) * average, earlier, to_date - before, before,
                     gw_local - monthly * to_date)


def amortised_to(io: StepIO, what: str, gw_local: Fraction, since: dt.date, historical: Fraction, currency: str,
                 day: dt.date, begun: dt.date | None = None) -> Fraction:
    """The amortisation of ``gw_local`` from ``since`` through the day before ``day`` (whole months, as
    :func:`amortise` counts them), in the reporting currency: each fiscal year's months at its average rate."""
    run = io.run
    years = run.group.policies.goodwill_amortisation_years
    total = years * 12 if years else 0
    if total and begun is not None:
        total = max(0, total - months(begun, since))
    if not total or gw_local <= 0 or day <= since:
        return Fraction(0)
    foreign = currency != run.group.reporting_currency
    monthly = gw_local / total
    last = min(months(since, day - dt.timedelta(days=1)), total)
    done, out = 0, Fraction(0)
    end = run.group.fiscal_year_end_for(since + dt.timedelta(days=1))
    while done < last:
        upto = min(months(since, end), last)
        if upto > done:
            rate = io.rate(currency, end, "average", f"translating goodwill amortisation of {what} for the year to "
                           f"{end}") if foreign else historical
            out += monthly * (upto - done) * rate
            done = upto
        end = run.group.fiscal_year_end_for(end + dt.timedelta(days=1))
    return out


def goodwill(io: StepIO) -> GoodwillCarrying:
    """The ``goodwill`` step."""
    inv = io.need("investment")
    first = inv.first
    carrying: dict[str, Fraction] = {}
    nci_goodwill: dict[str, Fraction] = {}
    cta: dict[str, Fraction] = {}
    local: dict[str, dict[str, Fraction]] = {}
    start = io.need("opening").start
    for entity, acq in io.acquired.items():
        fc = first[entity]
        carrying[entity] = fc.goodwill
        rates = _rates(io, entity, acq, fc)
        # Starting from opening balances, the goodwill left at the start date is amortised from then on.
        since = start if io.need("opening").of(entity) is not None else None
        for holder, gw_local in fc.goodwill_local.items():
            if holder == "(nci)" and gw_local > 0 and io.run.group.policies.goodwill_amortisation_years:
                _nci_goodwill_amortised(io, entity, acq)
            if gw_local > 0:
                local.setdefault(entity, {})[holder] = _one_goodwill(io, entity, acq, holder, gw_local, rates,
                                                                     carrying, nci_goodwill, cta, since,
                                                                     inv.nci_goodwill_kept.get(entity))
        if rates.foreign and acq.fva:
            total_fva = fsum(acq.fva.values())
            lines = [(entity, acc, amt * (rates.closing - acq.rate)) for acc, amt in acq.fva.items()]
            lines.append((entity, io.role("cta"), -total_fva * (rates.closing - acq.rate)))
            io.post("translation", entity, None, lines,
                    f"fair-value adjustments of {entity} in {io.run.currency(entity)} translated at the closing rate")
            cta[entity] = cta.get(entity, ZERO) + total_fva * (rates.closing - acq.rate)
    return GoodwillCarrying(carrying, nci_goodwill, cta, local)


def _nci_goodwill_amortised(io: StepIO, entity: str, acq: Acquired) -> None:
    """Refuses the NCI's own goodwill (NCI at fair value, IFRS 3.19) amortised under ``goodwill_amortisation_years``
    (a jgaap-like policy under ifrs; jgaap refuses NCI at fair value, ``policy.nci_fair_value_jgaap``). Their
    goodwill's amortisation is theirs alone — and, after a purchase from them, the buyer's for the part bought (IFRS
    10.B96) — while the entry of the goodwill step is attributed to the subsidiary (shared at its NCI ratio), and the
    NCI transactions, dilutions and sales take their goodwill at the control date, unamortised: the NCI, their share
    of profit and capital surplus would be off (tests/consolidation/test_nci_fair_value_amortised.py)."""
    run = io.run
    rows = [h for h in run.holdings_of.get(entity, ()) if h.date <= acq.control_date and h.nci_fair_value is not None]
    io.problem("consolidation.nci_goodwill_amortisation",
               f"the NCI of {entity} are measured at fair value (their own goodwill) and goodwill_amortisation_years is "
               f"{run.group.policies.goodwill_amortisation_years}: amortising the NCI's own goodwill is not modelled "
               "(ifrs does not amortise goodwill, IFRS 3.B63)",
               rows[-1].source if rows else None,
               "measure the NCI proportionately (nci_measurement: proportionate), or remove "
               "goodwill_amortisation_years under ifrs")


def _bought_in_year(io: StepIO, entity: str, acq: Acquired, gw_local: Fraction, kept: NciGoodwillKept) -> None:
    """A purchase this year of part of the NCI's own goodwill of a foreign ``entity`` (NCI at fair value; IFRS 10.B96):
    the translation above books the exchange difference on the part bought to the buyer's reserve from control to
    the closing, while to the day of the purchase it was the NCI's (IAS 21.47), re-attributed with the goodwill then
    (IAS 21.48C, a transaction with owners). Two entries netting to nothing on the balance sheet say so to the equity
    statement: that difference to the day into the NCI (their other comprehensive income), then back to the buyer's
    reserve as re-attributed (``nci.REATTRIBUTED_REASON``). A buyer with NCI of its own is refused
    (``nci.reattributed_reserve_refused``)."""
    from .nci import REATTRIBUTED_REASON, reattributed_reserve_refused  # the nci step runs after this one

    run = io.run
    cur = run.currency(entity)
    for day, buyer, taken in kept.taken_on:
        if not run.fy_start <= day <= run.period:
            continue
        rate = io.rate(cur, day - dt.timedelta(days=1), "closing", f"the NCI's goodwill of {entity} on {day}") \
            if day == run.fy_start else \
            io.rate(cur, day, "spot", f"the NCI's goodwill of {entity} on {day}", fallback="closing")
        x = gw_local * taken * (rate - acq.rate)
        if not x:
            continue
        if buyer != run.group.parent and run.nci_at(buyer, day):
            reattributed_reserve_refused(
                io, entity, day, f"{buyer}, which has NCI of its own, bought part of the NCI's own goodwill of "
                f"{entity} (NCI at fair value): sharing its exchange difference to the day between {buyer}'s owners "
                "and NCI as it is re-attributed")
            continue
        io.post("translation", entity, buyer, [(entity, io.role("cta"), x), (entity, io.role("nci"), -x)],
                f"the {ratio_str(taken)} of the NCI's goodwill of {entity} {buyer} bought on {day}: its exchange "
                f"difference from control to that day ({fmt(x, run.decimals)}) was the NCI's (IAS 21.47)", attribute_to=None)
        io.post("translation", entity, buyer, [(entity, io.role("nci"), x), (entity, io.role("cta"), -x)],
                f"{REATTRIBUTED_REASON}the exchange difference to {day} on the {ratio_str(taken)} of the NCI's "
                f"goodwill of {entity} {buyer} bought, with the goodwill, to {buyer}'s reserve (IAS 21.48C; a "
                "transaction with owners, IAS 1.106(d)(iii), IFRS 10.B96)", attribute_to=None)


def _rates(io: StepIO, entity: str, acq: Acquired, fc: FirstConsolidation) -> _Rates:
    run = io.run
    cur = run.currency(entity)
    foreign = run.is_foreign(entity)
    closing = Fraction(1)
    has_goodwill = any(v > 0 for v in fc.goodwill_local.values())
    if foreign and (has_goodwill or acq.fva):
        closing = io.rate(cur, run.period, "closing", f"translating goodwill and fair-value adjustments of {entity}")
    return _Rates(foreign, closing, Fraction(1), acq.rate)


def _one_goodwill(io: StepIO, entity: str, acq: Acquired, holder: str, gw_local: Fraction, rates: _Rates,
                  carrying: dict[str, Fraction], nci_goodwill: dict[str, Fraction], cta: dict[str, Fraction],
                  since: dt.date | None = None, kept: NciGoodwillKept | None = None) -> Fraction:
    """Amortise and translate one holder's goodwill; returns what is left of it in the subsidiary's currency.

    The NCI's own goodwill (holder ``"(nci)"``) that purchases from the NCI took (``kept``, IFRS 10.B96) is the
    buyers' since: the NCI's carrying amount of it is the share they keep, and its exchange difference is theirs
    in that share only, the rest the buyers' reserve (IAS 21.48C, re-attributed at the closing as the net assets'
    reserve is; tests/cases/nci/n-32)."""
    run = io.run
    cur = run.currency(entity)
    years = run.group.policies.goodwill_amortisation_years
    am = amortise(io, entity, gw_local, since or acq.control_date, acq.rate, cur,
                  begun=acq.control_date if since else None)
    attrib = holder if holder != "(nci)" else entity
    if am.this_year or am.earlier:
        lines = [(entity, io.role("goodwill_amortisation"), am.this_year),
                 (entity, io.role("retained_earnings"), am.earlier),
                 (entity, io.role("goodwill"), -(am.this_year + am.earlier))]
        io.post("goodwill_amortisation", entity, holder if holder != "(nci)" else None, lines,
                f"goodwill of {entity} ({holder}) over {years} years from {acq.control_date}: "
                f"{am.months_this_year} months this year, {am.months_before} before", attribute_to=attrib)
    carrying[entity] += -(am.this_year + am.earlier)
    share = kept.kept if kept is not None and holder == "(nci)" else Fraction(1)
    if holder == "(nci)":
        nci_goodwill[entity] = share * am.carrying_local * (rates.closing if rates.foreign else acq.rate)
    if not rates.foreign:
        return am.carrying_local
    diff = am.carrying_local * rates.closing - (gw_local * acq.rate - am.this_year - am.earlier)
    carrying[entity] += diff
    if holder == "(nci)":
        # The NCI's own goodwill (NCI at fair value): its exchange difference is theirs on what they still hold of it.
        ours = diff * share
        if ours or kept is None:
            io.post("translation", entity, None,
                    [(entity, io.role("goodwill"), ours), (entity, io.role("nci"), -ours)],
                    f"the NCI's goodwill of {entity} in {cur} translated at the closing rate: "
                    + ("the difference belongs to the NCI" if kept is None else
                       f"the difference on the {ratio_str(share)} of it they still hold belongs to the NCI"))
        for buyer, taken in sorted((kept.bought if kept is not None else {}).items()):
            part = diff * taken
            if part:
                io.post("translation", entity, buyer,
                        [(entity, io.role("goodwill"), part), (entity, io.role("cta"), -part)],
                        f"the {ratio_str(taken)} of the NCI's goodwill of {entity} {buyer} bought from them, in {cur} "
                        f"translated at the closing rate: the difference is {buyer}'s (IFRS 10.B96, IAS 21.48C)",
                        attribute_to=None)
                cta[buyer] = cta.get(buyer, ZERO) + part
        if kept is not None:
            _bought_in_year(io, entity, acq, gw_local, kept)
        return am.carrying_local
    io.post("translation", entity, holder, [(entity, io.role("goodwill"), diff), (entity, io.role("cta"), -diff)],
            f"goodwill of {entity} in {cur} translated at the closing rate", attribute_to=None)
    cta[attrib] = cta.get(attrib, ZERO) + diff
    return am.carrying_local

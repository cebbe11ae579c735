"""Step ``deconsolidation`` — a subsidiary whose holding is sold inside the year (IFRS 10.25, B98–B99; IAS 21.48).

A subsidiary the group controlled the day before a holding date D inside the fiscal year and
does not control at D (nor at the period end) leaves the consolidation on D, with everything
controlled through it (its sub-group). The step consolidates the group as it stood the day
before, D − 1 — the consolidation ``simulate`` stands on, restricted to the leaving entities and
their holders — and brings that position into the year (kind ``deconsolidation``):

1. each leaving entity's trial balance at D − 1, translated as that consolidation translated it
   (assets and liabilities at D − 1's closing rate, income to the sale at D − 1's average or its
   spot rate): its income to the sale is in the year's profit, its equity and reserve in the
   group's; the consolidation entries of D − 1 about it (first consolidation and later tranches,
   goodwill amortisation and translation, NCI, top-side adjustments) are posted again under their
   own steps and kinds;
2. one entry of kind ``disposal`` derecognises what the consolidation carried: its assets and
   liabilities, goodwill, the NCI (IFRS 10.B98(a)), the holders' eliminated cost, and the owners'
   translation reserve, recycled to profit (IAS 21.48); the balance is booked on the seller's
   ``disposal_gain``, so that the year's gain is the consolidated gain: proceeds + NCI − net
   assets − goodwill + recycled reserve (the figures of
   :meth:`renketsu.restructuring.queries.Earlier.sub_group`).

A sale that keeps significant influence (ifrs; the holding's ``share`` above 0 and its
``retained_fair_value``) adds the interest kept at fair value on the seller's equity-method
investment and takes its remaining cost off (IFRS 10.25(b), B98(b)(iii)): the gain is proceeds +
fair value kept + NCI − net assets − goodwill + recycled reserve, and the ``equity_method`` step
runs from that fair value from the date of sale. Under jgaap (ASBJ Statement 22 §29) the interest kept
stays at its consolidated carrying amount — the kept part of the owners' net assets and unamortised
goodwill, :class:`Kept` — only the sold part of the owners' reserve is recycled and the rest stays in
the reserve: the gain is proceeds − carrying amount of the part sold + reserve of that part, and the
``equity_method`` step runs from that carrying amount (:func:`kept_interest`, also in later years).
A seller booking in another currency leaves its remaining cost at the day before's rate, the translation
its books put on it since out of the reserve (kind ``seller_cost``); every later year moves what they put on
the cost sold, to the day before, from the reserve to retained earnings (:func:`_sold_costs_of_earlier_years`).
What transactions with the NCI of the leaving entities put on capital surplus stays there in every later year (the
owners' equity, not reclassified on losing control: :func:`_capital_surplus_of_earlier_years`).

An interest kept below significant influence (the method after the sale ``none``) stays on the holder's investment
account: ifrs at its fair value (IFRS 9; no later remeasurement modelled; every later year puts fair value − remaining
cost there against retained earnings, :func:`_kept_below_influence_of_earlier_years`); jgaap at the holder's cost, the
difference from the kept part's consolidated carrying amount and the kept reserve into retained earnings
(:func:`_exclusion`, ASBJ Statement 22 §29). A holder booking in another currency keeps it as its own asset in its
currency (ifrs: the fair value of the day, jgaap: its cost), translated at the closing rate with its other assets
(IAS 21.39; :func:`_kept_by_a_foreign_seller`). A sub-group leaving with the entity (:func:`kept_sub_group`) is
derecognised with it and the interest kept measured on the entity's consolidated figures, with or below significant
influence (:func:`_sub_group_kept_ok`), kept by the seller or by other group companies the group wholly owns.

A seller with NCI of its own (issue 10): only the NCI *in* the leaving entities is derecognised; its own NCI's
indirect share inside their NCI stays with it (``SubGroup.nci_above``; its reserve part is the seller's reserve,
recycled or kept, kind ``nci_reserve``), the disposal is attributed to it (its NCI share the gain at closing) and
what the step puts on its reserve is shared by its NCI (``Deconsolidated.cta``).

An interest kept by another group company than the seller (issue 10; :func:`keepers`): the keeper's holding row of
the sale's day, its share unchanged, brings its interest in on its own books (ifrs at ``retained_fair_value``, jgaap
its part — its share ÷ the group companies' holdings the day before — of the carrying amount and of the reserve); the
gain is the group's, booked on the seller's row. Keepers and seller wholly owned, in any currency: a keeper in another
currency keeps its interest as its own asset in its currency (ifrs its fair value there, at its rate of the day
before; below significant influence translated with its other assets, :func:`_kept_by_a_foreign_seller`). A keeper
or the seller with NCI of its own (in any currency, holdings unchanged since control; or after a change since control,
ifrs, all in the reporting currency): ifrs books the keeper's remeasurement apart, on its gain row and attributed to
it (:func:`_remeasured_apart`); its NCI's share of the reserve about the entity is its reserve, recycled with the part
sold or kept with its interest (``nci_reserve``).
Several group companies selling one subsidiary on one day (issue 10): one loss of control, the position carried
once, the consolidated gain shared between the sellers by the shares sold (with sellers having NCI of their own,
each one's own goodwill: :func:`_goodwill_parts`), one ``disposal`` entry each, one seller possibly keeping an
interest, in any currency, with NCI of its own in the reporting currency (:func:`_kept_by_one_of_several_refused`;
:func:`_dispose_several`). A loss of control by dilution (the holding's ``dilution``: the entity issued
shares to others) is a sale keeping an interest for no proceeds (:func:`_dilution_ok`, jgaap :func:`_issued_share`).

Later changes of the interest kept in the year of the sale (issue 10; :func:`_later_sales_ok`): further sales by
the seller (with dividends from the associate after the loss of control; a seller in another currency or a sub-group
in the entity's currency under ifrs; jgaap with a foreign entity, its kept reserve realised pro rata), and, ifrs, purchases keeping
it an associate (:func:`cost_at_loss`); control obtained again in the year is refused (:func:`_control_regained`).

The leaving entities' income, expense and dividends with the group to the sale are eliminated
(:func:`_intragroup_to_sale`; between leaving entities the position's entries, ``WITHIN_STEPS``).

The NCI's share of the income to the sale is in the product (:class:`Deconsolidated`), which the
``closing`` step adds to the NCI's share of profit. Any other retained interest, a loss of control
that is neither a sale nor a dilution, and intra-group stock with the leaving entities on a date of the year before
the sale are not handled (docs/consolidation.md "Disposals inside the year").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from renketsu.model.errors import RenketsuError
from renketsu.model.money import ZERO, book, fmt, fsum, percent_str, ratio_str
from renketsu.model.types import Holding, Source

from . import refused
from .run import LocalTB, Run
from .stage import StepIO

if TYPE_CHECKING:  # pragma: no cover
    from .result import ConsolidationResult

ONE_DAY = dt.timedelta(days=1)
#: Steps whose entries about a leaving entity are carried to the date of sale.
CARRIED_STEPS = ("investment", "goodwill", "nci", "adjustment")
#: Steps whose entries between leaving entities (or with their NCI) are carried too: the position of the day before
#: eliminated them, both sides leave (intra-group items with a company that stays: :func:`_intragroup_to_sale`).
#: Its ``unrealised_profit`` entries about a leaving entity are carried whoever the other side (:func:`_stock_ok`).
WITHIN_STEPS = ("intercompany", "dividends")


@dataclass(frozen=True)
class Disposed:
    """One subsidiary sold in the year, with the entities leaving with it (reporting currency unless said)."""

    entity: str
    #: The entity and its sub-group, every entity leaving the consolidation with it.
    entities: tuple[str, ...]
    #: The date control is lost (the holding date); the position is the day before.
    date: dt.date
    seller: str
    #: Proceeds in the reporting currency: the seller's cost sold at its closing rate the day before plus its own
    #: gain as translated in the year (the proceeds at that rate when the seller's gain row has no partner).
    proceeds: Decimal
    #: The consolidated gain in the year's profit (loss negative): the seller's own gain, corrected.
    gain: Decimal
    #: Cash and cash equivalents given up (balance sign).
    cash: Decimal
    #: NCI derecognised (natural sign).
    nci: Decimal
    #: The owners' translation reserve recycled to profit (natural sign: a credit reserve positive).
    reserve: Decimal
    #: The NCI's share of the income to the sale, per leaving entity (natural sign).
    nci_profit: dict[str, Decimal]
    #: Per leaving foreign entity: its local balances per account the day before, and (closing, average) then.
    local: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    rates: dict[str, tuple[Fraction, Fraction]] = field(default_factory=dict)
    #: A seller booking in another currency: the cost of the shares sold in its currency and its closing rate
    #: the day before (its investment left at that rate, not at the year's average).
    seller_cost_local: Fraction = ZERO
    seller_rate: Fraction | None = None
    #: An interest kept below significant influence: the investment account it stays on and the amount it is carried
    #: at after the sale (ifrs: its fair value; jgaap: the holder's cost), and the equity the jgaap entry of kind
    #: ``retained_interest`` moved (natural sign: retained earnings and reserve together), neither of them cash.
    kept_account: str | None = None
    kept: Decimal = Decimal(0)
    kept_equity: Decimal = Decimal(0)

    @property
    def position_date(self) -> dt.date:
        return self.date - ONE_DAY


@dataclass(frozen=True)
class Deconsolidated:
    """``deconsolidation``: the subsidiaries sold in the year (empty in most runs)."""

    disposals: tuple[Disposed, ...] = ()
    #: Per group company that stays (a seller, its holders): what the step's entries put on its translation
    #: reserve (credit positive) — the carried elimination of its cost, ``seller_cost``, the reserve kept — which
    #: its own NCI shares (the ``nci`` step adds it to the differences attributed to it).
    cta: dict[str, Fraction] = field(default_factory=dict)
    #: Intra-group income and expense with a leaving entity whose two sides differ (as ``Matching.items``).
    matching: tuple[dict, ...] = ()

    def nci_profit(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for d in self.disposals:
            out.update(d.nci_profit)
        return out


@dataclass(frozen=True)
class Kept:
    """jgaap: an interest kept on losing control, at its consolidated carrying amount (ASBJ Statement 22 §29).

    Read from the consolidation of the day before the sale: the kept part of the owners' share of the net
    assets and of the unamortised goodwill stays on the equity-method investment; the owners' translation
    reserve is recycled for the part sold only, the rest stays in the reserve with the interest kept."""

    #: The part of the seller's holding kept: the share after the sale over the share before.
    ratio: Fraction
    #: The carrying amount kept (reporting currency, booked): ratio × (owners' net assets + goodwill).
    carrying: Decimal
    #: The owners' reserve recycled to profit (the part sold's) and kept with the interest (natural sign, booked).
    recycled: Decimal
    reserve: Decimal
    #: The kept part of the unamortised goodwill in the entity's currency, and the date its amortisation began
    #: from (the control date): ASBJ 16 §12 amortises it on over the months its period has left.
    goodwill_local: Fraction
    control: dt.date


# ---------------------------------------------------------------------------------------- who leaves


def leaving(run: Run) -> dict[dt.date, list[str]]:
    """Entities controlled the day before a holding date inside the fiscal year and not controlled from it
    (nor at the period end), by that date. In a simulation frame only dates before the period: a sale on it is
    the simulated event's, which books its own disposal."""
    g = run.group
    start, end = run.real_fy_start, run.period
    if run.frame is not None:
        end -= ONE_DAY
    dates = {h.date for h in g.holdings if start < h.date <= end}
    dates |= {o.date for ent in g.entities.values() for o in ent.method_overrides if start < o.date <= end}
    if not dates:
        return {}
    out: dict[dt.date, list[str]] = defaultdict(list)
    for eid in sorted(g.entities):
        if eid == g.parent or run.own.method(eid) == "full":
            continue
        for d in run.history.relevant_dates(eid):
            if start < d <= end and run.history.method_at(eid, d - ONE_DAY) == "full" \
                    and run.history.method_at(eid, d) != "full":
                out[d].append(eid)
                break
    return dict(sorted(out.items()))


def _sales(run: Run, day: dt.date, entities: list[str]) -> tuple[list[tuple[Holding, tuple[str, ...]]], list[str]]:
    """The sales on ``day`` that take entities out (each with its sub-group), and the entities no sale explains."""
    group = set(entities)
    sales = [h for h in run.group.holdings if h.date == day and h.entity in group and h.holder not in group
             and h.share < _share_before(run, h)]  # a keeper's row with its share unchanged is no sale (issue 10)
    # one issue diluting several group holders is one loss of control: one holder's row (the parent's, else the first
    # holder by id) is the "seller"'s, the gain booked there; the others keep their diluted interests (:func:`keepers`,
    # :func:`_other_keepers_ok`)
    first: dict[str, Holding] = {}
    for h in sorted((h for h in sales if h.dilution), key=lambda h: (h.holder != run.group.parent, h.holder)):
        first.setdefault(h.entity, h)
    sales = [h for h in sales if not h.dilution or first[h.entity] is h]
    out = []
    explained: set[str] = set()
    for h in sales:
        sub = tuple(sorted({h.entity} | {x for x in group if h.entity in run.history.upstream(x)}))
        explained |= set(sub)
        out.append((h, sub))
    return out, [x for x in entities if x not in explained]


def _share_before(run: Run, h: Holding) -> Fraction:
    """What ``h.holder`` held of ``h.entity`` the day before ``h.date``."""
    held = run.history.standing(h.entity, h.date - ONE_DAY).get(h.holder)
    return held.share if held is not None else ZERO


def group_holders(run: Run, entity: str, day: dt.date) -> dict[str, Holding]:
    """The holdings of ``entity`` standing on ``day`` whose holders are group companies then (the parent or a
    subsidiary), by holder."""
    return {k: x for k, x in run.history.standing(entity, day).items()
            if run.history.method_at(k, day) in ("parent", "full")}


def keepers(run: Run, sale: Holding) -> list[Holding]:
    """The interests the group keeps in ``sale.entity`` on losing control by ``sale``: each group company's
    (consolidated at the period) holding row dated that day with a share above 0 — the seller's own sale row,
    and, for another group company keeping shares it held before, its row restating that share (with
    ``retained_fair_value`` under ifrs; docs/format.md "An interest kept by another group company")."""
    return [x for x in run.holdings_of.get(sale.entity, ()) if x.date == sale.date and x.share
            and (x.holder == sale.holder or run.history.method_at(x.holder, run.period) in ("parent", "full"))]


# ---------------------------------------------------------------------------------------- the step


def deconsolidate(io: StepIO) -> Deconsolidated:
    """The ``deconsolidation`` step."""
    run = io.run
    found: list[Disposed] = []
    cta: dict[str, Fraction] = defaultdict(Fraction)
    matching: list[dict] = []
    for day, entities in leaving(run).items():
        sales, unexplained = _sales(run, day, entities)
        src = Source(f"{run.ws.root}/group.yaml")
        for x in unexplained:
            io.problem("deconsolidation.not_a_sale",
                       f"{x} stops being a subsidiary on {day} without a change of a group company's holding of it "
                       "(a `method:` override, or a change of control above it that is not a sale): not consolidated "
                       "yet", src,
                       f"give the sale as a holding of {x} dated {day} (share 0, cost: the proceeds), or a dilution "
                       "as the holder's lower share with dilution: true (docs/format.md)")
        if not sales or unexplained or not _can_sell(io, day, sales) \
                or not _stock_ok(io, day, {x for _h, sub in sales for x in sub}):
            continue
        earlier = _position(io, day, sorted({x for _h, sub in sales for x in sub}))
        if earlier is None or not _holder_goodwill_moved_ok(io, earlier, day, {x for _h, sub in sales for x in sub}) \
                or not _sale_day_rate_ok(io, earlier, [h for h, _sub in sales]):
            continue
        by_entity: dict[str, list[tuple[Holding, tuple[str, ...]]]] = defaultdict(list)
        for h, sub in sales:
            by_entity[h.entity].append((h, sub))
        for several in by_entity.values():
            if len(several) > 1:  # several group companies sell the same subsidiary that day (issue 10)
                found.extend(_dispose_several(io, earlier, sorted((h for h, _s in several), key=lambda h: h.holder),
                                               several[0][1], cta))
            else:
                found.append(_dispose(io, earlier, *several[0], cta))
        _intragroup_to_sale(io, day, {x for _h, sub in sales for x in sub}, matching)
    _control_regained(io)
    _dilutions_keeping_control(io)
    _sold_costs_of_earlier_years(io, cta)
    _kept_below_influence_of_earlier_years(io, cta)
    _capital_surplus_of_earlier_years(io)
    return Deconsolidated(tuple(found), {k: v for k, v in cta.items() if v}, tuple(matching))


def _sale_day_rate_ok(io: StepIO, earlier: Any, sales: list[Holding]) -> bool:
    """Refuses a sale by a seller booking in another currency when rates.csv gives the sale's day a spot rate other
    than the closing rate of the day before: the disposal reads the proceeds and the seller's cost at the day before's
    rate (the position it derecognises) while the seller's dated gain row is translated at the day's spot rate, and
    the gain came out as neither reading (found by review: x-58 with a spot rate of 122 on the sale's day against 120
    the day before gave 25,500, where the proceeds at 122 give 26,500 and at 120 25,200; a single seller too). Which
    rate the proceeds take then (IAS 21.21: the spot rate of the transaction's date) is not modelled yet."""
    run = io.run
    ok = True
    for h in sales:
        cur = run.currency(h.holder)
        if not run.is_foreign(h.holder) or h.dilution or h.cost is None:  # (an issue has no proceeds of the holder's)
            continue
        spot = run.find_rate(cur, h.date, "spot")
        before = _rate(earlier.result, h.holder, run)
        if spot is None or spot == before:
            continue
        ok = False
        io.problem("deconsolidation.sale_day_rate",
                   f"{h.holder} (in {cur}) sells {h.entity} on {h.date}: rates.csv gives {cur} a spot rate of "
                   f"{ratio_str(spot)} that day, but the position of {h.date - ONE_DAY} is translated at {ratio_str(before)}: "
                   "proceeds at the sale day's own rate are not modelled yet", h.source,
                   f"give {cur}'s spot rate of {h.date} as the closing rate of {h.date - ONE_DAY} "
                   f"({ratio_str(before)}), or consolidate a period before the sale")
    return ok


def _holder_goodwill_moved_ok(io: StepIO, earlier: Any, day: dt.date, leaving_: set[str]) -> bool:
    """Refuses the year of a sale where a holder with NCI of its own that stays in the group holds goodwill in a
    leaving entity, amortised (jgaap), and the holder's NCI ratio changed between control and the sale: the change
    moved its NCI's share of the goodwill amortised to then into capital surplus (``investment._holder_nci_changed``),
    and the ``nci`` and ``closing`` steps would need that position's share of the amortisation at each stretch's ratio
    (``Investments.nci_moved``, ``attributed_extra``) for the entries carried to the sale, which they do not read yet:
    H's NCI's share of the year's profit and the capital surplus would be off. Later years are consolidated (the
    capital surplus carried by :func:`_capital_surplus_of_earlier_years`; tests/consolidation/
    test_deconsolidation_holder_nci_changed.py)."""
    run = io.run
    ok = True
    seen: set[tuple[str, str]] = set()
    for e in earlier.result.eliminations:
        x = e.partner
        if e.step != "goodwill" or e.kind != "goodwill_amortisation" or e.entity not in leaving_ or x is None \
                or x in leaving_ or (e.entity, x) in seen or not run.is_consolidated(x) or x == run.group.parent:
            continue
        control = _control_since(run, e.entity, day - ONE_DAY)
        above = {x} | set(run.history.upstream(x))
        changes = sorted({y.date for y in run.group.holdings if y.entity in above and control < y.date < day
                          and run.nci_at(x, y.date - ONE_DAY) != run.nci_at(x, y.date)})
        if not changes:
            continue
        seen.add((e.entity, x))
        ok = False
        io.problem("deconsolidation.holder_goodwill_moved",
                   f"{e.entity} leaves the consolidation on {day}: {x}'s goodwill in {e.entity} was amortised and "
                   f"{x}'s NCI ratio changed on {changes[0]}: splitting that amortisation at {x}'s NCI ratios before "
                   "and after the change is not modelled in the year of the sale", Source(f"{run.ws.root}/group.yaml"),
                   "consolidate a period before the sale, or one after its fiscal year")
    return ok


def _control_regained(io: StepIO) -> None:
    """A subsidiary at the period end that the group lost control of earlier in the year and controls again (issue 10):
    obtaining control again is a new business combination (IFRS 3.42: the interest held remeasured at fair value on
    that day; ASBJ Statement 22 §62 for jgaap), which is not modelled: :func:`leaving` does not see it (it is
    consolidated at the period), so without this it would be consolidated as if never sold."""
    run = io.run
    start, end = run.real_fy_start, run.period
    for eid in sorted(run.group.entities):
        if eid == run.group.parent or run.own.method(eid) != "full":
            continue
        lost = [d for d in run.history.relevant_dates(eid) if start < d <= end
                and run.history.method_at(eid, d - ONE_DAY) == "full" and run.history.method_at(eid, d) != "full"]
        if lost:
            rows = [x for x in run.holdings_of.get(eid, ()) if lost[0] < x.date <= end]
            io.problem("deconsolidation.retained_interest",
                       f"the group loses control of {eid} on {lost[0]} and controls it again at {end}"
                       + (f" (holding of {rows[-1].date})" if rows else "") + ": control obtained again is a new "
                       "business combination (IFRS 3.42), not consolidated yet",
                       rows[-1].source if rows else Source(f"{run.ws.root}/group.yaml"),
                       "consolidate at a period before control is obtained again")


def _kept_below_influence_of_earlier_years(io: StepIO, cta: dict[str, Fraction]) -> None:
    """An interest kept below significant influence on losing control in an earlier year.

    ifrs: it stays at its fair value on that day (IFRS 10.B98(b)(iii); its IFRS 9 remeasurement is not modelled) while
    the holder's books carry its cost: every later year puts fair value − remaining cost on the investment against
    retained earnings, where that year's gain put it (entry kind ``retained_interest``). jgaap needs none: the interest
    is carried at that cost. A holder booking in another currency (both frameworks): the difference is in its
    currency, in retained earnings at the day before's rate and translated since into its reserve (kind
    ``seller_cost``, as the sale's year booked it); and what its books put on the cost kept to the day before (cost
    kept × (that day's rate − the rate paid)) is in retained earnings too, where the gain put it (the interest came in
    at that day's rate), not in its reserve. All attributed to the holder, whose NCI share them."""
    run = io.run
    ifrs = run.group.framework == "ifrs"
    for h in run.group.holdings:
        E, H = h.entity, h.holder
        # (below influence first: the method on a holding's own day is mostly known already, the day before's not)
        if h.date > run.real_fy_start or not h.share or not run.is_consolidated(H) \
                or not below_influence(run, h) or run.history.method_at(E, h.date - ONE_DAY) != "full":
            continue
        now = run.history.standing(E, run.period).get(H)
        end = run.group.fiscal_year_end_for(h.date)
        changed = next((x for x in run.holdings_of.get(E, ()) if x.holder == H and end < x.date <= run.period), None)
        if changed is not None and (ifrs or run.is_foreign(H)):
            # sold or bought in a later year: the fair value kept (ifrs) or the translation on the cost kept (a foreign
            # holder) would have to leave with the part sold; not modelled (jgaap in the reporting currency carries it
            # at the holder's cost, whose books' gain is the group's)
            io.problem("deconsolidation.retained_interest",
                       f"{H} lost control of {E} on {h.date} keeping {percent_str(h.share)} below significant "
                       f"influence and changes that holding on {changed.date} (to {percent_str(changed.share)}), a "
                       "later fiscal year, " + ("under ifrs (its fair value kept would have to move with it)"
                                                if ifrs else f"booking in {run.currency(H)}")
                       + ": not consolidated yet",
                       changed.source, f"consolidate a period before {changed.date}")
            continue
        if now is None or now.share != h.share or not (ifrs or run.is_foreign(H)):
            continue
        if ifrs and h.retained_fair_value is None:
            _no_fair_value(io, h, _BELOW, past=True)
            continue
        inv = _cost_lines(io, H, E)
        account = _cost_account(io, inv)
        re_acc, cta_acc = io.role("retained_earnings"), io.role("cta")
        fair = Fraction(h.retained_fair_value or 0)
        kept = f"{H}'s {percent_str(h.share)} of {E} kept below significant influence on {h.date}"
        if not run.is_foreign(H):
            moved = fair - fsum(inv.values())
            lines = [(H, account, moved), (H, re_acc, -moved)]
        else:
            cur = run.currency(H)
            before = io.rate(cur, h.date - ONE_DAY, "closing", kept)
            cost = local_cost(run, H, E)
            moved = (fair - cost) * before if ifrs else ZERO
            on_cost = cost * (before - rate_paid(io, H, E, h.date))
            lines = [(H, account, moved), (H, cta_acc, on_cost), (H, re_acc, -moved - on_cost)]
            cta[H] -= on_cost
        if any(v for _x, _a, v in lines):
            how = (f"carried at its fair value then {fmt(fair, run.decimals)} (IFRS 10.B98(b)(iii); no IFRS 9 "
                   f"remeasurement modelled), {H}'s books at its cost; the difference in retained earnings"
                   if ifrs else f"carried at {H}'s cost (ASBJ Statement 22 §29)")
            if run.is_foreign(H):
                how += (f"; what {H}'s books put on the cost kept to {h.date - ONE_DAY} out of its reserve into "
                        "retained earnings")
            io.post("retained_interest", E, H, [ln for ln in lines if ln[2]], f"{kept}: {how}, where that year's "
                    "gain put it", attribute_to=H)
        if ifrs and run.is_foreign(H):
            _kept_by_a_foreign_seller(io, h, account, cta)


def _sold_costs_of_earlier_years(io: StepIO, cta: dict[str, Fraction]) -> None:
    """A seller booking in another currency that lost control in an earlier year: the translation its books put on
    the cost it sold, to the day before the sale (cost sold × (that day's closing rate − the rate it paid)), was
    taken out of the reserve while the cost was eliminated; after the sale it stays in the seller's own translation
    (its equity at historical rates, the proceeds in at that day's rate). Every later year takes it out to retained
    earnings again, where that year's gain put it (entry kind ``seller_cost``)."""
    run = io.run
    for h in run.group.holdings:
        E, H = h.entity, h.holder
        if h.date > run.real_fy_start or not run.is_foreign(H) or not run.is_consolidated(H):
            continue
        before = run.history.standing(E, h.date - ONE_DAY).get(H)
        if before is None or before.share <= h.share \
                or run.history.method_at(E, h.date - ONE_DAY) != "full" or run.history.method_at(E, h.date) == "full":
            continue
        bought = fsum(Fraction(x.cost or 0) for x in _purchases(run, H, E, h.date))
        left = local_cost(run, H, E)
        cur = run.currency(H)
        day = io.rate(cur, h.date - ONE_DAY, "closing", f"{H}'s cost of {E} sold on {h.date}")
        moved = (bought - left) * (day - rate_paid(io, H, E, h.date))
        # the interest kept sold later in the year of the sale (x-54): the loss of control took its cost off at the
        # day before's rate, the seller's undated gain row at that year's average (IAS 21.22), so its own
        # translation holds that cost to the average, not to the day before's rate
        later = [(x, prev) for x, prev in sold_in_its_year(run, h) if x.share < prev and not x.dilution]
        if later:
            held = _share_before(run, h)
            at_loss = _books_cost(run, H, E, h.date) * Fraction(h.share) / held if held else ZERO
            avg = io.rate(cur, run.group.fiscal_year_end_for(h.date), "average",
                          f"{H}'s gain on the sale of part of {E}")
            moved += fsum(at_loss * (prev - Fraction(x.share)) / Fraction(h.share) for x, prev in later) * (avg - day)
        if moved:
            cta[H] -= moved
            io.post("seller_cost", E, H, [(H, io.role("cta"), moved), (H, io.role("retained_earnings"), -moved)],
                    f"{H}'s cost of {E} sold on {h.date}: the translation its books put on it to {h.date - ONE_DAY} "
                    f"out of its reserve into retained earnings, where that year's consolidated gain is",
                    attribute_to=H)


def _capital_surplus_of_earlier_years(io: StepIO) -> None:
    """A subsidiary the group lost control of in an earlier year after transactions with its NCI (IFRS 10.23, B96;
    ASBJ Statement 22 §§28–30): their differences are the owners' capital surplus, which losing control does not
    reclassify (IFRS 10.B98–B99 recycle only OCI; ASBJ Statement 22 §29 neither); the year of the sale carries them
    with the position of the day before. Later years consolidate the holders' books alone, whose retained earnings
    hold the costs and the gain whole, so every later year moves the capital surplus the position of the day before
    held on lines about the leaving entities out of retained earnings back into capital surplus (entry kind
    ``capital_surplus``, the parent's lines, the owners': not attributed). Read from that position
    (:func:`_position`), consolidated again only where a holding of a leaving entity or above it changed between
    control and the sale; where it cannot be, its problems are reported (refused, not left in retained earnings)."""
    run = io.run
    cs_acc, re_acc = io.role("capital_surplus"), io.role("retained_earnings")
    done: set[tuple[str, dt.date]] = set()
    for h in run.group.holdings:
        E, day = h.entity, h.date
        if day > run.real_fy_start or (E, day) in done or not run.is_consolidated(h.holder) \
                or run.history.method_at(E, day - ONE_DAY) != "full" or run.history.method_at(E, day) == "full" \
                or run.history.method_at(E, run.period) == "full" or h.share >= _share_before(run, h):
            continue
        done.add((E, day))
        sub = sorted({E} | {x for x in run.group.entities if E in run.history.upstream(x)
                            and run.history.method_at(x, day - ONE_DAY) == "full"
                            and run.history.method_at(x, day) != "full"})
        changed = False
        for x in sub:
            control = _control_since(run, x, day - ONE_DAY)
            above = {x} | set(run.history.upstream(x))
            changed |= any(y.entity in above and control < y.date < day for y in run.group.holdings)
        if not changed:
            continue
        earlier = _position(io, day, sub)
        if earlier is None:
            continue
        kept = fsum(Fraction(ln.amount) for e in earlier.result.eliminations if e.entity in sub
                    and e.step in CARRIED_STEPS for ln in e.lines if ln.account == cs_acc)
        if kept:
            P = run.group.parent
            io.post("capital_surplus", E, h.holder, [(P, cs_acc, kept), (P, re_acc, -kept)],
                    f"the capital surplus of the transactions with the NCI of {', '.join(sub)} before the group lost "
                    f"control on {day} ({fmt(kept, run.decimals)}, debit positive; as consolidated at "
                    f"{day - ONE_DAY}): the owners' equity, not reclassified on losing control (IFRS 10.23, B96, "
                    "B98–B99; ASBJ Statement 22 §§28–30), out of retained earnings, where the holders' books put it")


def _purchases(run: Run, holder: str, entity: str, before: dt.date) -> list[Holding]:
    """The holdings by which ``holder`` bought shares of ``entity`` before ``before``: its share rising, at a cost."""
    out = []
    prev = ZERO
    for x in run.holdings_of.get(entity, ()):
        if x.holder == holder and x.date < before:
            if x.share > prev and x.cost is not None:
                out.append(x)
            prev = x.share
    return out


def rate_paid(io: StepIO, holder: str, entity: str, before: dt.date) -> Fraction:
    """The rate ``holder`` paid for its shares of ``entity`` bought before ``before``, weighted by their cost."""
    cur = io.run.currency(holder)
    paid = weighted = ZERO
    for h in _purchases(io.run, holder, entity, before):
        paid += Fraction(h.cost or 0)
        weighted += Fraction(h.cost or 0) * io.rate(cur, h.date, "spot", f"cost of {entity}", fallback="closing")
    return weighted / paid if paid else Fraction(1)


def local_cost(run: Run, holder: str, entity: str) -> Fraction:
    """``holder``'s cost of ``entity`` in its own books at the period: its investment accounts, partner ``entity``."""
    return fsum(Fraction(v) for (acc, p, _d), v in (run.local_tb(holder, run.period) or {}).items()
                if p == entity and run.account_role(acc) == "investment")


def _can_sell(io: StepIO, day: dt.date, sales: list[tuple[Holding, tuple[str, ...]]]) -> bool:
    """Every sale has its proceeds and leaves nothing held; each leaving entity has its trial balance the day before."""
    run = io.run
    ok = True
    sellers: dict[str, list[str]] = defaultdict(list)
    for h, _sub in sales:
        sellers[h.entity].append(h.holder)
    several = {entity for entity, holders in sellers.items() if len(holders) > 1}
    for entity in sorted(several):
        why = _several_refused(run, day, [h for h, _s in sales if h.entity == entity])
        if why:
            io.problem("deconsolidation.several_sellers",
                       f"{', '.join(sellers[entity])} all sell {entity} on {day}, and {why}: not consolidated yet",
                       Source(f"{run.ws.root}/group.yaml"), "consolidate a period before the sale, or simulate each "
                       "sale; see docs/consolidation.md \"Several sellers on one day\"")
            ok = False
    for h, sub in sales:
        kept = group_holders(run, h.entity, run.period)
        rows = {x.holder for x in keepers(run, h)}
        missing = [] if h.entity in several or h.dilution else [k for k in kept if k != h.holder and k not in rows]
        for k in missing:
            no_keeper_row(io, h.date, h.entity, k, kept[k].share, h.source)
        if missing:
            ok = False
        elif h.entity in several:
            # an interest kept by one of several sellers (ifrs, with or below significant influence) needs its fair
            # value; the others are refused above
            if h.share and h.retained_fair_value is None and run.group.framework == "ifrs" and not _several_refused(
                    run, day, [x for x, _s in sales if x.entity == h.entity]):
                _no_fair_value(io, h, _BELOW if below_influence(run, h) else "with significant influence", past=False)
                ok = False
        elif (h.share != 0 or kept) and not _retained_ok(io, h, sub, kept):
            held = percent_str(h.share if h.share else fsum(s.share for s in kept.values()))
            io.problem("deconsolidation.retained_interest",
                       f"{h.holder} sells {'part of ' if h.share else ''}{h.entity} on {h.date} and the group keeps "
                       f"{held}, not consolidated yet because "
                       + refused.retained_refused(io, h, sub, kept),
                       h.source, "consolidate a period before the sale, or simulate it; see "
                       "docs/consolidation.md \"Disposals inside the year\"")
            ok = False
        elif run.group.framework == "ifrs":
            for row in keepers(run, h):
                if row.retained_fair_value is None:
                    _no_fair_value(io, row, "with significant influence"
                                   if run.history.method_at(h.entity, run.period) == "equity" else _BELOW, past=False,
                                   seller=h.holder)
                    ok = False
        if h.dilution:
            ok = _dilution_ok(io, h) and ok
        elif h.cost is None:
            io.problem("deconsolidation.no_proceeds",
                       f"{h.holder} sells {h.entity} on {h.date} but the holding gives no cost (the proceeds)", h.source,
                       f"add cost: the proceeds of the sale, in {run.currency(h.holder)}")
            ok = False
        for x in sub:
            if run.local_tb(x, day - ONE_DAY) is None:
                io.problem("deconsolidation.no_position",
                           f"{x} leaves the consolidation on {day} ({h.holder} sells {h.entity}): its income to the sale "
                           f"and what the group derecognises are read from its trial balance at {day - ONE_DAY}, the "
                           "day before, which the ledger does not hold", Source(f"{run.ws.root}/ledger"),
                           f"add {x}'s rows with period {day - ONE_DAY} to ledger/, see docs/format.md §10.4")
                ok = False
    return ok


def no_keeper_row(io: StepIO, day: dt.date, entity: str, holder: str, share: Fraction, where: Source | None) -> None:
    """Another group company than the seller keeps shares of ``entity`` on losing control on ``day`` without a holding
    row of that day: the interest kept (its fair value, the date the equity method runs from) is read from it."""
    run = io.run
    fv = (f", retained_fair_value: its fair value that day in {run.currency(holder)}" if run.group.framework == "ifrs"
          else "")
    io.problem("deconsolidation.retained_interest",
               f"the group loses control of {entity} on {day} and {holder} keeps its {percent_str(share)}: an interest "
               f"kept by another group company than the seller is read from that company's holding row dated {day}, "
               "which group.yaml does not give", where,
               f"add the holding row {{date: {day}, holder: {holder}, entity: {entity}, share: {ratio_str(share)}{fv}}} "
               "to group.yaml (its share unchanged, no cost)")


# --- a loss of control by dilution (issue 10) ------------------------------------------------------------------


def _dilution_ok(io: StepIO, h: Holding) -> bool:
    """A loss of control by dilution (``dilution: true``: the entity issued shares to others, the holder's share falls
    with no proceeds) is consolidated as a disposal for nothing (IFRS 10.25, B97–B99; jgaap ASBJ Statement 22 §29 with
    the interest kept at its consolidated carrying amount after the issue, :func:`_issued_share`) for an entity
    booking in the reporting currency, and under ifrs for a foreign one (its whole reserve recycled, IAS 21.48; the
    interest kept by the equity method in its currency; under jgaap refused: the share of the issue's proceeds would
    be in its currency)."""
    run = io.run
    why = ""
    before = h.date - ONE_DAY
    others = sorted(k for k, x in group_holders(run, h.entity, before).items() if k != h.holder and x.share)
    several = _several_diluted(run, h, others) if others else ""
    if run.is_foreign(h.entity) and run.group.framework != "ifrs":
        why = _jgaap_foreign_dilution_refused(run, h, others)
    elif several:
        why = several
    elif others and (run.is_foreign(h.entity) or not all(not run.is_foreign(x) and _wholly_owned(run, x)
                                                          for x in (h.holder, *others))):
        why = (f"{', '.join(others)} held shares of {h.entity} too and "
               + "; ".join(w for w in (_books(run, [h.entity, h.holder, *others]),
                                      *(f"{x} has NCI of its own" for x in (h.holder, *others)
                                        if not _wholly_owned(run, x))) if w)
)
    elif kept_sub_group(run, h) and (run.group.framework != "ifrs"
                                     or (run.nci_at(h.holder, before)
                                         and (run.is_foreign(h.holder) or run.is_foreign(h.entity)))
                                     or run.history.method_at(h.entity, run.period) != "equity"
                                     or any(run.currency(x) != run.currency(h.entity) for x in kept_sub_group(run, h))
                                     or _nci_fair_value_in(run, (h.entity, *kept_sub_group(run, h)))):
        why = f"{h.entity} holds subsidiaries of its own ({', '.join(kept_sub_group(run, h))}) and " \
            + _diluted_sub_group_refused(run, h)
    if why:
        io.problem("deconsolidation.not_a_sale",
                   f"{h.holder}'s share of {h.entity} falls to {percent_str(h.share)} on {h.date} by a dilution "
                   f"and the group loses control: {why}; not consolidated yet", h.source,
                   "consolidate a period before the dilution; see docs/consolidation.md \"A loss of control by "
                   "dilution\"")
    return not why


def _books(run: Run, xs: Iterable[str]) -> str:
    """"S books in USD, T in EUR" for those of ``xs`` booking in another currency ('' when none does)."""
    foreign = sorted({x for x in xs if run.is_foreign(x)})
    return ", ".join(f"{x} books in {run.currency(x)}" if i == 0 else f"{x} in {run.currency(x)}"
                     for i, x in enumerate(foreign))


def _diluted_sub_group_refused(run: Run, h: Holding) -> str:
    """Which condition of :func:`_dilution_ok` refuses a sub-group diluted out of control (after "and")."""
    subs, before = kept_sub_group(run, h), h.date - ONE_DAY
    if run.group.framework != "ifrs":
        return "the framework is jgaap"
    if run.nci_at(h.holder, before) and (run.is_foreign(h.holder) or run.is_foreign(h.entity)):
        return f"{h.holder} has NCI of its own and {_books(run, [h.holder, h.entity])}"
    if run.history.method_at(h.entity, run.period) != "equity":
        return "significant influence is not kept"
    other = [x for x in subs if run.currency(x) != run.currency(h.entity)]
    if other:
        return f"{other[0]} books in {run.currency(other[0])}, {h.entity} in {run.currency(h.entity)}"
    return "NCI are measured at fair value in the sub-group"


def _jgaap_foreign_dilution_refused(run: Run, h: Holding, others: list[str]) -> str:
    """Why a foreign entity diluted out of control under jgaap is not consolidated ('' when it is;
    tests/cases/deconsolidation/x-53). The interest kept is the kept part of the owners' carrying amount of the day
    before, translated at that day's closing rate, plus the holder's share after of the issue's proceeds
    (:func:`_issued_share`), a capital item of the entity translated at the rate of its day (外貨建取引等会計処理基準
    三2), here that same rate: one amount in the entity's currency, carried by the equity method in it as a sale
    keeping influence (x-5). Consolidated with one group holder, the parent or a company the group wholly owns,
    booking in the reporting currency, significant influence kept, no sub-group, and no spot rate of the issue's day
    other than the day before's closing."""
    E, cur, before = h.entity, run.currency(h.entity), h.date - ONE_DAY
    head = f"{E} books in {cur} under jgaap and "
    if others:
        return head + f"{', '.join(others)} held shares of {E} too"
    if kept_sub_group(run, h):
        return head + f"holds subsidiaries of its own ({', '.join(kept_sub_group(run, h))})"
    if run.is_foreign(h.holder) or not _wholly_owned(run, h.holder):
        return head + f"{h.holder} " + ("books in " + run.currency(h.holder) if run.is_foreign(h.holder)
                                        else "has NCI of its own")
    if run.history.method_at(E, run.period) != "equity":
        return head + f"{h.holder} keeps {percent_str(h.share)}, below significant influence"
    spot, closing = run.find_rate(cur, h.date, "spot"), run.find_rate(cur, before, "closing")
    if spot is not None and spot != closing:
        return head + (f"rates.csv gives {h.date} a spot rate of {ratio_str(spot)}, not {before}'s closing rate "
                       f"({ratio_str(closing) if closing is not None else 'not given'})")
    return ""


def _nci_fair_value_in(run: Run, entities: Iterable[str]) -> bool:
    """Any of ``entities`` has its NCI measured at fair value (its holdings or the group's policy)."""
    for e in entities:
        rows = run.holdings_of.get(e, ())
        if any(x.nci_measurement == "fair_value" or x.nci_fair_value is not None for x in rows) or (
                run.group.policies.nci_measurement == "fair_value" and not any(x.nci_measurement for x in rows)):
            return True
    return False


def _issued_share(run: Run, sale: Holding) -> Fraction:
    """jgaap, a dilution: the holder's share after the issue of what the entity received for the new shares — its
    equity right after the issue (the holding's ``equity_at_acquisition``) less its net assets the day before, in its
    own books — which the interest kept carries on top of the kept part of the consolidated carrying amount (the
    持分変動差額 in the gain: share after × proceeds of the issue − the part given up; docs/consolidation.md). 0 for a
    sale."""
    if not sale.dilution or not sale.equity_at_acquisition:
        return ZERO
    after = fsum(Fraction(v) for v in sale.equity_at_acquisition.values())
    before = fsum(Fraction(v) for (acc, _p, _d), v in (run.local_tb(sale.entity, sale.date - ONE_DAY) or {}).items()
                  if run.is_balance(acc) and run.account_type(acc) != "equity")
    return Fraction(sale.share) * (after - before)


def _dilutions_keeping_control(io: StepIO) -> None:
    """A dilution in the year after which the group still controls the entity (a transaction with the NCI, IFRS
    10.23) is not read: the holding's lower share without a cost would be taken for a sale for nothing; nor is a
    dilution of an entity the group did not control the day before (an associate's: IAS 28.22, 28.25), in any year."""
    run = io.run
    seen: set[tuple[str, dt.date]] = set()
    for h in run.group.holdings:
        if h.dilution and h.date <= run.period and run.group.framework == "ifrs" \
                and run.history.method_at(h.entity, h.date - ONE_DAY) == "equity" \
                and run.history.method_at(h.entity, h.date) == "equity" \
                and not any(run.history.method_at(h.entity, x.date) == "full"
                            for x in run.holdings_of.get(h.entity, ()) if x.date < h.date):
            # an associate's own dilution keeping influence, the associate never a subsidiary: a deemed disposal
            # (equity_method._plain_sales, _later_sales; an interest kept on losing control is not read so)
            continue
        if h.dilution and h.date <= run.period and run.history.method_at(h.entity, h.date - ONE_DAY) != "full":
            io.problem("deconsolidation.dilution_without_control",
                       f"{h.holder}'s share of {h.entity} falls to {percent_str(h.share)} on {h.date} by a dilution "
                       f"(dilution: true) but the group did not control {h.entity} the day before, and this is not an "
                       "associate's own issue keeping influence under ifrs: not consolidated yet", h.source,
                       "consolidate a period before the dilution; see docs/consolidation.md \"An associate's own "
                       "dilution\"")
        elif h.dilution and h.date <= run.period and run.history.method_at(h.entity, h.date) == "full" \
                and (h.entity, h.date) not in seen:  # one issue a day, however many group holders it dilutes
            seen.add((h.entity, h.date))
            why = _dilution_keeping_control_refused(run, h)
            if why:
                io.problem("deconsolidation.dilution_keeps_control",
                           f"{h.holder}'s share of {h.entity} falls to {percent_str(h.share)} on {h.date} by a "
                           f"dilution and the group keeps control: {why}; not consolidated yet", h.source,
                           "consolidate a period before the dilution; see docs/consolidation.md \"A dilution that keeps "
                           "control\"")


def _dilution_keeping_control_refused(run: Run, h: Holding) -> str:
    """Why a dilution after which the group keeps control (an equity transaction, IFRS 10.23, B96; ASBJ Statement 22
    §30; investment.py ``_dilution``) is not consolidated ('' when it is)."""
    before = h.date - ONE_DAY
    others = sorted(k for k, x in group_holders(run, h.entity, before).items() if k != h.holder and x.share)
    subs = sorted(x for x in run.group.entities if x != h.entity and h.entity in run.history.upstream(x)
                  and run.history.method_at(x, h.date) == "full")
    rows = [x for x in run.group.holdings if x.entity == h.entity]
    fair_value = any(x.nci_measurement == "fair_value" or x.nci_fair_value is not None for x in rows) or (
        run.group.policies.nci_measurement == "fair_value" and not any(x.nci_measurement for x in rows))
    if fair_value and run.is_foreign(h.entity) and any(x.date < h.date and x.cost is not None and x.date > min(
            (y.date for y in rows), default=h.date) for x in rows):
        # the goodwill step gives the NCI the translation of the part of their goodwill in S's currency a purchase
        # left them (tests/cases/nci/n-32), but a dilution after a change since control is not worked (n-29 has none)
        return (f"{h.entity}'s NCI are at fair value, it books in {run.currency(h.entity)} and the group's holding of "
                "it changed before the issue")
    if others and _several_diluted(run, h, others):
        return _several_diluted(run, h, others)
    if subs and ((fair_value and (others or run.is_foreign(h.entity))) or _nci_fair_value_in(run, subs)
                 or (any(run.is_foreign(x) for x in (h.entity, *subs))
                     and (others or any(run.currency(x) != run.currency(h.entity) for x in subs)))
                 or any(run.is_foreign(x) and not _wholly_owned(run, x) for x in (h.holder, *others))):
        return (f"{h.entity} holds subsidiaries of its own ({', '.join(subs)}) and "
                + _diluted_keeping_sub_group_refused(run, h, others, subs, fair_value))
    return ""


def _diluted_keeping_sub_group_refused(run: Run, h: Holding, others: list[str], subs: list[str],
                                       fair_value: bool) -> str:
    """Which condition of :func:`_dilution_keeping_control_refused` refuses a sub-group diluted keeping control
    (after "and")."""
    E = h.entity
    if fair_value and (others or run.is_foreign(E)):
        return f"{E}'s NCI are at fair value with " + (f"{', '.join(others)} holding {E} too" if others
                                                      else f"{E} booking in {run.currency(E)}")
    if _nci_fair_value_in(run, subs):
        return "NCI below it are measured at fair value"
    holders = [x for x in (h.holder, *others) if run.is_foreign(x) and not _wholly_owned(run, x)]
    if holders:
        return f"{holders[0]} has NCI of its own and books in {run.currency(holders[0])}"
    if others:
        return f"{', '.join(others)} hold{'s' if len(others) == 1 else ''} {E} too, and " + _books(run, (E, *subs))
    return _books(run, (E, *subs)) + f" (one currency for {E} and its subsidiaries)"


def _several_diluted(run: Run, h: Holding, others: list[str]) -> str:
    """Why a dilution keeping control of an entity other group companies held too is not consolidated ('' when it
    is): the issue dilutes every holder alike, so each gives its row of the day with ``dilution: true``, its share
    falling by the same factor, the same equity after the issue."""
    before = group_holders(run, h.entity, h.date - ONE_DAY)
    rows = {x.holder: x for x in run.holdings_of.get(h.entity, ()) if x.date == h.date and x.holder in before}
    missing = [k for k in others if k not in rows or not rows[k].dilution]
    if missing:
        return (f"{', '.join(missing)} held shares of {h.entity} too: give {'each' if len(missing) > 1 else 'its'} "
                f"holding row of {h.date} with the lower share and dilution: true")
    factor = Fraction(h.share) / before[h.holder].share
    off = [k for k in others if Fraction(rows[k].share) != before[k].share * factor]
    if off:
        return (f"the issue takes {h.holder} from {percent_str(before[h.holder].share)} to {percent_str(h.share)} but "
                f"{', '.join(f'{k} from {percent_str(before[k].share)} to {percent_str(rows[k].share)}' for k in off)}"
                " (an issue to others dilutes every holder alike)")
    if any(rows[k].equity_at_acquisition != h.equity_at_acquisition for k in others):
        return (f"the holding rows of {h.date} give different equity_at_acquisition (the entity's equity right after "
                "the issue): give the same on each")
    return ""


# --- several group companies selling one subsidiary on one day (issue 10) --------------------------------------


def _several_refused(run: Run, day: dt.date, sales: list[Holding]) -> str:
    """Why the sales of one subsidiary by several group companies on ``day`` are not consolidated ('' when they are):
    each sells all it held or one keeps an interest as :func:`_kept_by_one_of_several_refused` reads it, the group
    keeps no other share at the period end, and the sellers with NCI of their own, one or more, are read as
    :func:`_seller_with_nci_refused` reads them."""
    E = sales[0].entity
    keeping = [h for h in sales if h.share != 0]
    for h in keeping:
        why = _kept_by_one_of_several_refused(run, day, h)
        if why:
            return f"{h.holder} keeps an interest{why}"
    keepers_ = {h.holder: h.share for h in keeping}
    kept = [k for k, x in run.history.standing(E, run.period).items() if k in run.group.entities
            and keepers_.get(k) != x.share]
    if kept:
        return f"{', '.join(sorted(kept))} still hold{'s' if len(kept) == 1 else ''} shares of {E} at {run.period}"
    # each seller with NCI of its own is read as x-33 reads one (x-50: several, each entry moving its own NCI's share;
    # x-62: one keeping an interest, the remeasurement its own as the rest of its part)
    with_nci = [h.holder for h in sales if h.holder != run.group.parent and run.nci_at(h.holder, day - ONE_DAY)]
    why = _seller_with_nci_refused(run, day, sales, ", ".join(with_nci)) if with_nci else ""
    if why or run.group.framework != "jgaap":
        return why
    # jgaap keeps the interest at its part of the group companies' carrying amount by the shares (_kept); a keeper
    # with NCI of its own would need its own goodwill kept, which is that part only at one price a share
    nci_keepers = [h.holder for h in keeping if h.holder in with_nci]
    parts = _goodwill_parts(run, day, sales) if nci_keepers else {}
    before = {h.holder: Fraction(run.history.standing(E, day - ONE_DAY)[h.holder].share) for h in sales}
    whole = fsum(before.values())
    if isinstance(parts, dict) and any(parts[k] != before[k] / whole for k in nci_keepers):
        return f"{', '.join(nci_keepers)} keeps an interest under jgaap, has NCI of its own and the sellers paid " \
               f"different prices a share of {E}"
    return ""


def _kept_by_one_of_several_refused(run: Run, day: dt.date, h: Holding) -> str:
    """Why an interest kept by one of several sellers is not consolidated ('' when it is; the reason follows "keeps
    an interest"): read as x-8 reads one seller's below significant influence (docs/consolidation.md "An interest
    below significant influence") and as x-4 reads it with significant influence (x-48: the fair value the equity
    method's deemed cost, IAS 28.32, IFRS 10.B98(b)(iii)) — at its fair value on the day, on the seller's
    investment account or its equity-method investment, in the gain — unchanged to the period end. jgaap (x-51): at
    its consolidated carrying amount, the part it keeps of the group companies' holding (:func:`_kept`, ASBJ Statement
    22 §29), the entity booking in the reporting currency; below significant influence then at the holder's cost
    (:func:`_exclusion`). A seller in another currency keeps its interest as its own asset in its currency (x-52, as
    x-11; x-61 at its cost) or, with significant influence, its remaining cost leaves at the day before's rate (x-60:
    the translation since out of its reserve). A seller with NCI of its own keeping is read by
    :func:`_several_refused` (x-62), in the reporting currency only (its NCI's share of an interest kept in its own
    currency is not worked)."""
    E = h.entity
    if run.group.framework == "jgaap" and run.is_foreign(E):
        return f" under jgaap and {E} books in {run.currency(E)} (the reserve kept with the interest among several " \
               "sellers is not read)"
    if run.history.method_at(E, day) not in ("none", "equity"):
        return f" and {E}'s method from {day} is {run.history.method_at(E, day)}, neither the equity method nor none"
    if h.holder != run.group.parent and run.nci_at(h.holder, day - ONE_DAY) and run.is_foreign(h.holder):
        return f" and has NCI of its own and books in {run.currency(h.holder)} (its NCI's share of the interest " \
               "kept in its currency is not read)"
    if any(x.date > day and x.date <= run.period for x in run.holdings_of.get(E, ())):
        return f" and the holdings of {E} change again by {run.period}"
    return ""


def _seller_with_nci_refused(run: Run, day: dt.date, sales: list[Holding], seller: str) -> str:
    """Why sellers with NCI of their own among several (``seller``: their ids, joined) are not consolidated ('' when
    they are; x-33 one, x-50 two). Each one's NCI's indirect share
    of the entity inside the entity's NCI stays with it (IFRS 10.B94, B98(a)(ii)), and they bear their share of its
    part of the gain (closing, the entry attributed to it); that part is the seller's own elimination reversed — so
    that its NCI end at their share of its net assets: its share of the net assets less the entity's own NCI by the
    shares sold, and its own goodwill (:func:`_goodwill_parts`: in proportion to the shares at the same price a share,
    x-33; else each seller's own, x-49); a foreign entity (its NCI's share of the reserve is
    the seller's to recycle, which :func:`_dispose_several` moves into the reserve first — kind ``nci_reserve``, as
    x-35 — and shares by the shares sold, so for a foreign entity at one price a share only); its NCI read as for
    one seller (:func:`_seller_nci_ok`), the entity leaving alone."""
    E = sales[0].entity
    why = f"{seller} {'have NCI of their own' if ', ' in seller else 'has NCI of its own'}"
    if kept_sub_group(run, sales[0]) or any(run.history.method_at(x, day - ONE_DAY) == "full"
                                            and E in run.history.upstream(x) for x in run.group.entities):
        return f"{why} and {E} holds subsidiaries of its own"
    if not all(_seller_nci_ok(run, h) for h in sales):
        return f"{why} and the holdings of {E} or above it changed since control with {E}'s NCI at fair value"
    # a foreign E (x-35's reading of a seller with NCI, two sellers: test_several_sellers_fx.py): each seller's part
    # of E's reserve and of its goodwill's translation by the shares, so at one price a share only
    parts = _goodwill_parts(run, day, sales, one_price=run.is_foreign(E))
    return f"{why} and {parts}" if isinstance(parts, str) else ""


def _goodwill_parts(run: Run, day: dt.date, sales: list[Holding], one_price: bool = False) -> dict[str, Fraction] | str:
    """Each seller's part of the entity's goodwill (the fractions sum to 1), or why it is not read (the text follows
    "and"). Each seller holds the entity by one purchase on or before control. At the same price a share the goodwill
    is in proportion to the shares (x-33). At different prices (x-49) each seller's goodwill is its own, as first
    consolidation measures it per holder (IFRS 3.32, IFRS 10.B86(b)): its cost at its rate of the day less its share of
    the entity's equity at acquisition — read when every purchase is on the control date with the same
    ``equity_at_acquisition`` given, no fair-value adjustments, the NCI measured proportionately (their goodwill is
    none) and each seller's goodwill above 0 (a bargain purchase is in profit, not carried), the entity booking in the
    reporting currency (at different prices its cost and equity at acquisition are in two currencies); jgaap amortises every part from the same day over the same
    period, so the parts of the goodwill left the day before are these too. ``one_price`` (a foreign entity): at
    different prices a share, why not (the text), not each one's own."""
    E = sales[0].entity
    control = _control_since(run, E, day - ONE_DAY)
    paid: dict[str, Fraction] = {}
    rows: dict[str, Holding] = {}
    for h in sales:
        bought = [x for x in run.holdings_of.get(E, ()) if x.holder == h.holder and x.date < day]
        if len(bought) != 1 or bought[0].date > control or not bought[0].share or bought[0].cost is None:
            return f"{h.holder}'s holding of {E} is not one purchase on or before control"
        rate = Fraction(1) if not run.is_foreign(h.holder) else \
            run.find_rate(run.currency(h.holder), bought[0].date, "spot", fallback="closing")
        if rate is None:
            return f"{h.holder}'s rate of {bought[0].date} is missing"
        paid[h.holder], rows[h.holder] = Fraction(bought[0].cost) * rate, bought[0]
    shares = {k: Fraction(x.share) for k, x in rows.items()}
    total = fsum(shares.values())
    if len({paid[k] / shares[k] for k in rows}) == 1:
        return {k: shares[k] / total for k in rows}
    if one_price:
        return f"the sellers paid different prices a share of {E}, which books in {run.currency(E)}"
    policy = run.group.policies.nci_measurement
    for x in run.holdings_of.get(E, ()):
        if x.date <= control and x.nci_measurement:
            policy = x.nci_measurement
    equity = {tuple(sorted((x.equity_at_acquisition or {}).items())) for x in rows.values()}
    if any(x.date != control or x.equity_at_acquisition is None or x.fair_value_adjustments for x in rows.values()) \
            or len(equity) != 1 or policy != "proportionate":
        odd = next((x for x in rows.values() if x.date != control), None)
        none = next((x for x in rows.values() if x.equity_at_acquisition is None), None)
        fva = next((x for x in rows.values() if x.fair_value_adjustments), None)
        return f"the sellers paid different prices a share of {E} and " + (
            f"{odd.holder} bought on {odd.date}, not the control date {control}" if odd is not None
            else f"{none.holder}'s purchase gives no equity_at_acquisition" if none is not None
            else f"{fva.holder}'s purchase has fair_value_adjustments" if fva is not None
            else "their purchases give different equity_at_acquisition" if len(equity) != 1
            else f"{E}'s NCI are measured at fair value")
    net = fsum(Fraction(v) for v in next(iter(rows.values())).equity_at_acquisition.values())  # type: ignore[union-attr]
    own = {k: paid[k] - shares[k] * net for k in rows}
    low = sorted(k for k, v in own.items() if v <= 0)
    if low:
        return f"the sellers paid different prices a share of {E} and {', '.join(low)}'s goodwill is not above 0"
    whole = fsum(own.values())
    return {k: v / whole for k, v in own.items()}


def _dispose_several(io: StepIO, earlier: Any, sales: list[Holding], sub: tuple[str, ...],
                     cta: dict[str, Fraction]) -> list[Disposed]:
    """Several group companies sell one subsidiary on the same day (one may keep part): the group loses control once.

    The position of the day before is carried once (:func:`_carry`); the consolidated gain is the group's, **total
    proceeds + NCI − net assets − goodwill + recycled reserve** (IFRS 10.B98–B99, IAS 21.48; ASBJ Statement 22 §29
    for a full sale). The reading for each seller (docs/consolidation.md "Several sellers on one day"): the owners'
    carrying amount given up — net assets − NCI + goodwill − reserve recycled, one figure, goodwill being the
    business combination's (IFRS 3.32) — is shared in proportion to the shares each sold (its direct share the day
    before over all the sellers'; with a seller having NCI of its own the goodwill by each seller's own,
    :func:`_goodwill_parts`, so that each part is its own elimination reversed). An interest kept by one of them comes
    in at its fair value (ifrs) or its consolidated carrying amount (jgaap, :func:`_kept`), on its equity-method
    investment or, below significant influence, its investment account. So one ``disposal`` entry per seller,
    attributed to it: its part of everything
    that leaves (booked; the last seller takes what rounding leaves), its own cost back (the carried elimination of
    it), and its own gain corrected to its part of the consolidated gain. One :class:`Disposed` per seller; the
    figures of the entity (cash, NCI, reserve, the NCI's profit, foreign positions) are on the first seller's."""
    run = io.run
    res: ConsolidationResult = earlier.result
    first = sales[0]
    E, d = first.entity, run.decimals
    before = first.date - ONE_DAY
    on = _carry(io, res, first, sub, cta)
    nci_acc, gain_acc = io.role("nci"), io.role("disposal_gain")
    sg = earlier.sub_group(set(sub))
    sellers = [h.holder for h in sales]
    if sg.reserve_above:
        # sellers with NCI of their own, a foreign E (x-35's reading, as _dispose): their NCI's share of E's reserve,
        # inside E's NCI, is their seller's reserve — moved into the reserve first, so that it is recycled with the
        # rest and shared by the shares sold (each seller's part of E's reserve and of its goodwill's, at one price
        # a share); only the NCI in E leave with theirs (IAS 21.48, 48B)
        with_nci_ = [H for H in sellers if H != run.group.parent and run.nci_at(H, before)]
        _nci_reserve_in(io, first, with_nci_[0] if with_nci_ else None, ", ".join(with_nci_), sg.reserve_above, on,
                        "the sellers' reserve, recycled with the rest")
    nci_profit = {} if run.frame is not None else {
        x: v for c in res.closing if c.account == nci_acc and (x := c.entity) in sub for v in [-c.amount]}
    out, cash, _cost = _derecognised(io, on, set(sub))
    out += [(x, nci_acc, share) for x, share in nci_profit.items()]
    shared = [ln for ln in out if ln[0] not in sellers]
    # a seller with NCI of its own (_seller_with_nci_refused): its NCI's share of E inside E's NCI is not given up by
    # the sellers together; it moves onto that seller's NCI (IFRS 10.B94, B98(a)(ii): only the NCI in E leaves)
    staying = [(x, Fraction(v)) for x, v in sg.nci_above.items() if v]
    if staying:
        left = sum((Fraction(v) for x, a, v in shared if (x, a) == (E, nci_acc)), Fraction(0)) \
            - sum((v for _x, v in staying), Fraction(0))
        at = next(i for i, (x, a, _v) in enumerate(shared) if (x, a) == (E, nci_acc))
        shared = [ln for i, ln in enumerate(shared) if i == at or (ln[0], ln[1]) != (E, nci_acc)]
        shared[at] = (E, nci_acc, left)
    held = {h.holder: run.history.standing(E, before)[h.holder].share for h in sales}
    total = fsum(held.values())
    weights = {H: held[H] / total for H in sellers}
    # a seller with NCI of its own: each seller's own goodwill (_goodwill_parts; x-49), so that what it gives up is its
    # own elimination reversed; else the goodwill too by the shares sold (x-17)
    gw_acc = io.role("goodwill")
    with_nci = [H for H in sellers if H != run.group.parent and run.nci_at(H, before)]
    found_parts = _goodwill_parts(run, first.date, sales) if with_nci else weights
    gw_parts = found_parts if isinstance(found_parts, dict) else weights  # (a str is refused before)
    own_gw = gw_parts != weights

    def frac(H: str, acc: str) -> Fraction:
        return gw_parts[H] if acc == gw_acc else weights[H]

    # each line of what leaves, split by the shares sold (the goodwill by gw_parts); the last seller's part is the
    # rest (exact totals)
    parts: dict[str, list[tuple[str, str, Fraction]]] = {H: [] for H in sellers}
    for x, acc, v in shared:
        left = Fraction(v)
        for H in sellers[:-1]:
            piece = Fraction(book(Fraction(v) * frac(H, acc), d))
            parts[H].append((x, acc, piece))
            left -= piece
        parts[sellers[-1]].append((x, acc, left))
    if shared:
        # each seller's part of the whole to the unit (its gain is then its exact part, rounded once): the rounding
        # of its lines is moved to the largest line, against the last seller's part of it
        k = max(range(len(shared)), key=lambda j: (abs(Fraction(shared[j][2])), -j))
        for H in sellers[:-1]:
            mine_exact = fsum(Fraction(v) * frac(H, acc) for _x, acc, v in shared)
            delta = Fraction(book(mine_exact, d)) - fsum(v for _x, _a, v in parts[H])
            for who_, sign in ((H, 1), (sellers[-1], -1)):
                x, acc, v = parts[who_][k]
                parts[who_][k] = (x, acc, v + sign * delta)
    proceeds = {h.holder: book(Fraction(h.cost or 0) * _rate(res, h.holder, run), d) for h in sales}
    # an interest a seller keeps (ifrs; _kept_by_one_of_several_refused): at its fair value on the day, its remaining
    # cost off, in the gain (IFRS 10.25(b), B98(b)(iii)); below significant influence on its investment account (x-34),
    # with it on its equity-method investment, the equity method's deemed cost from the day (IAS 28.32; x-48)
    # jgaap (x-51): at its consolidated carrying amount, the part it keeps of the group companies' holding (_kept, ASBJ
    # Statement 22 §29), its part of the owners' reserve kept with it (not recycled)
    jgs = {h.holder: _kept(run, res, h, sg) for h in sales if h.share} if run.group.framework == "jgaap" else {}
    fair = {h.holder: jgs[h.holder].carrying if jgs else
            book(Fraction(h.retained_fair_value or 0) * _rate(res, h.holder, run), d) for h in sales if h.share}
    reserve_kept = {K: kj.reserve for K, kj in jgs.items()}
    below = below_influence(run, first)
    how_kept = "below significant influence" if below else "with significant influence"
    whole_reserve = sg.reserve + sg.reserve_above
    recycled = whole_reserve - sum(reserve_kept.values(), Decimal(0))
    gain = sum(proceeds.values(), Decimal(0)) + sum(fair.values(), Decimal(0)) + sg.nci_leaving - sg.net_assets \
        - sg.goodwill + recycled
    carrying = sg.net_assets - sg.nci_leaving + sg.goodwill - whole_reserve
    kept_as = ("the consolidated carrying amount of", "ASBJ Statement 22 §29", "carrying amount kept") if jgs else \
        ("fair value of", "IFRS 10.25(b), B98(b)(iii)", "fair value kept")
    m = lambda v: fmt(v, d)  # noqa: E731
    others = [x for x in sub if x != E]
    who = f"{E} and its sub-group ({', '.join(others)})" if others else E
    rule = "ASBJ Statement 22 §29" if run.group.framework == "jgaap" else "IFRS 10.B98–B99, IAS 21.48"
    found = []
    for i, sale in enumerate(sales):
        H = sale.holder
        own = [(x, acc, Fraction(v)) for x, acc, v in out if x == H]
        cost = fsum(v for _x, _a, v in own)  # its cost taken back (debit)
        lines = parts[H] + own
        kept_account = None
        if H in fair:
            inv = _cost_lines(io, H, E)
            kept_account = _cost_account(io, inv) if below else None
            target = kept_account or io.role("equity_method_investment")
            remaining = sum(inv.values(), Fraction(0))
            # a keeper in another currency (x-52, below significant influence): its remaining cost leaves at the day
            # before's rate, as the cost sold does; the translation its books put on it since stays in its reserve
            # with its other assets (_kept_by_a_foreign_seller adds the fair value's)
            scale = local_cost(run, H, E) * _rate(res, H, run) / remaining if run.is_foreign(H) and remaining else 1
            lines += [(H, target, Fraction(fair[H])), *((H, acc, -v * scale) for acc, v in sorted(inv.items()))]
            cost -= remaining * scale  # the cost of the shares sold only
            if run.is_foreign(H) and not below and remaining * scale != remaining:
                # with significant influence (jgaap, x-60) the remaining cost is no asset of the group's any more: what
                # its books put on it since the day before comes out of its reserve too, as for one seller (_dispose)
                _remaining_cost_out(io, sale, H, sorted(inv)[0], remaining - remaining * scale, cta)
            if reserve_kept.get(H):
                lines.append((H, io.role("cta"), -Fraction(reserve_kept[H])))
                cta[H] += Fraction(reserve_kept[H])
        for x, v in staying:
            if x == H:  # its own NCI's share of E stays with it
                lines += [(E, nci_acc, v), (H, nci_acc, -v)]
        correction = -sum((v for _x, _a, v in lines), Fraction(0))
        lines.append((H, gain_acc, correction))
        w = weights[H]
        own_gain = io.tb.get(H, {}).get((gain_acc, E))
        given_up = Fraction(carrying - sg.goodwill) * w + Fraction(sg.goodwill) * gw_parts[H]
        mine = proceeds[H] + fair.get(H, Decimal(0)) - book(given_up, d) - reserve_kept.get(H, Decimal(0))
        if own_gain is not None:
            in_profit, received = book(-Fraction(own_gain) - correction, d), book(cost - Fraction(own_gain), d)
        else:
            in_profit, received = book(Fraction(proceeds[H]) - cost - correction, d), proceeds[H]
        io.post("disposal", E, H, lines,
                f"loss of control of {who} on {sale.date}, sold by {', '.join(sellers)} together: consolidated gain "
                f"{m(gain)} = proceeds {m(sum(proceeds.values(), Decimal(0)))} + "
                + "".join(f"{kept_as[0]} the {percent_str(x.share)} {x.holder} keeps {how_kept} "
                          f"{m(fair[x.holder])} ({kept_as[1]}) + " for x in sales if x.holder in fair)
                + f"NCI {m(sg.nci_leaving)} − net assets "
                f"{m(sg.net_assets)} − goodwill {m(sg.goodwill)} + translation reserve recycled {m(recycled)} ({rule}), "
                f"as consolidated at {before}; {H}'s part by the shares sold ({percent_str(held[H])} of "
                f"{percent_str(total)}): proceeds {m(proceeds[H])}"
                + (f" + {kept_as[2]} {m(fair[H])}" + ("" if below else ", the equity method's "
                                                       f"{'starting amount' if jgs else 'deemed cost'} from {sale.date}"
                                                       + ("" if jgs else " (IAS 28.32)")) if H in fair else "")
                + (f" − ({ratio_str(w)} of the owners' carrying amount without goodwill {m(carrying - sg.goodwill)} + "
                   f"its own goodwill {m(book(Fraction(sg.goodwill) * gw_parts[H], d))}: its own elimination reversed, "
                   "IFRS 10.B94)" if own_gw else f" − {ratio_str(w)} of the owners' carrying amount {m(carrying)}")
                + (f" − reserve kept with it {m(reserve_kept[H])}" if reserve_kept.get(H) else "")
                + f" = {m(mine)}; {H}'s gain in its books corrected by {m(-correction)}"
                + "".join(f"; {m(v)} of {E}'s NCI is {x}'s own NCI's and stays with it (IFRS 10.B94)"
                          for x, v in staying if x == H), attribute_to=H)
        kept_at, kept_equity = (fair.get(H, Decimal(0)) if below else Decimal(0)), Decimal(0)
        if below and H in jgs and kept_account is not None:
            # jgaap below significant influence: carried at the holder's cost (x-9's entry retained_interest)
            # its cost; a keeper in another currency at the day before's rate, its own asset translated since (x-61)
            at_cost = local_cost(run, H, E) * _rate(res, H, run) if run.is_foreign(H) \
                else fsum(_cost_lines(io, H, E).values())
            kept_at, kept_equity = _exclusion(io, sale, kept_account, jgs[H], at_cost)
            cta[H] -= Fraction(jgs[H].reserve)  # the kept reserve leaves the reserve with it
        elif below and kept_account is not None and run.is_foreign(H):
            _kept_by_a_foreign_seller(io, sale, kept_account, cta)  # its own asset in its currency (x-52)
        local, rates = _foreign_positions(run, res, sub, before) if i == 0 else ({}, {})
        seller_rate = _rate(res, H, run) if run.is_foreign(H) else None
        found.append(Disposed(E, sub, sale.date, H, received, in_profit, book(cash, d) if i == 0 else Decimal(0),
                              sg.nci_leaving if i == 0 else Decimal(0), recycled if i == 0 else Decimal(0),
                              nci_profit if i == 0 else {}, local, rates,
                              cost / seller_rate if seller_rate else ZERO, seller_rate,
                              kept_account, kept_at, kept_equity))
    return found

# --------------------------------------------------------------------------------------------------------------


#: How a retained interest without significant influence is kept, in the messages.
_BELOW = "as an investment (below significant influence, IFRS 9)"


def _remaining_cost_out(io: StepIO, sale: Holding, K: str, account: str, translated: Fraction,
                        cta: dict[str, Fraction]) -> None:
    """The translation ``K``'s books put on its remaining cost of the entity sold since the day before the sale, out
    of its reserve (entry ``seller_cost``): with significant influence kept the cost is no asset of the group's any
    more (:func:`_dispose`, :func:`_dispose_several`)."""
    cta[K] -= translated
    io.post("seller_cost", sale.entity, K, [(K, account, -translated), (K, io.role("cta"), translated)],
            f"{K}'s remaining cost of {sale.entity} after the sale on {sale.date}: the translation its books put on "
            f"it since {sale.date - ONE_DAY} out of the reserve (its cost, not the group's net assets; "
            "docs/format.md §10.3)")


def _nci_reserve_in(io: StepIO, sale: Holding, partner: str | None, who: str, reserve: Decimal,
                    on: dict[tuple[str, str], Fraction], whose: str) -> None:
    """The share of ``who``'s holders' NCI (sellers with NCI of their own) in the leaving entity's reserve, inside its
    NCI the day before the sale, moved into the reserve (entry ``nci_reserve``) so that the disposal recycles it with
    the rest (IAS 21.48, 48B); ``on``, the position carried to the sale, moved with it."""
    E, nci_acc, cta_acc = sale.entity, io.role("nci"), io.role("cta")
    io.post("nci_reserve", E, partner, [(E, nci_acc, reserve), (E, cta_acc, -reserve)],
            f"the share of {who}'s holders' NCI in {E}'s translation reserve ({fmt(reserve, io.decimals)}), inside "
            f"{E}'s NCI the day before the sale on {sale.date}: {whose}")
    on[(E, nci_acc)] += Fraction(reserve)
    on[(E, cta_acc)] -= Fraction(reserve)


def _no_fair_value(io: StepIO, h: Holding, how: str, past: bool, seller: str | None = None) -> None:
    """ifrs needs the fair value of the interest ``h`` kept on losing control (the sale's year, or a later one); kept
    by another group company than ``seller``, on that company's row of the day."""
    run = io.run
    sells, keeps = ("sold", "kept") if past else ("sells", "keeps")
    if h.dilution:  # an issue of the entity's own to others, not a sale (found by review)
        sells = f"{'was' if past else 'is'} diluted in"
    what = f"{h.holder} {sells} {'' if h.dilution else 'part of '}{h.entity} on {h.date} and {keeps} " \
        f"{percent_str(h.share)}" if seller in (None, h.holder) else \
        f"{seller} {sells} {h.entity} on {h.date} and {h.holder} {keeps} its {percent_str(h.share)}"
    io.problem("deconsolidation.no_retained_fair_value",
               f"{what} {how}: ifrs "
               "measures the interest kept at its fair value on that date (IFRS 10.25(b), B98(b)(iii)), which the "
               "holding does not give", h.source,
               f"add retained_fair_value to {h.holder}'s holding of {h.entity} dated {h.date} in group.yaml: "
               f"the fair value of the {percent_str(h.share)} kept, in {run.currency(h.holder)}")


def _cost_lines(io: StepIO, holder: str, entity: str) -> dict[str, Fraction]:
    """``holder``'s investment accounts with partner ``entity`` in the year's translated trial balance."""
    role_of = io.run.chart.role_of
    return {acc: Fraction(v) for (acc, p), v in io.tb.get(holder, {}).items() if p == entity
            and role_of(acc) == "investment"}


def _cost_account(io: StepIO, lines: dict[str, Fraction]) -> str:
    """The account an interest kept below significant influence stays on: the first of ``lines``, else the chart's."""
    return sorted(lines)[0] if lines else io.role("investment")


def _retained_ok(io: StepIO, h: Holding, sub: tuple[str, ...], kept: dict) -> bool:
    """A retained interest ``consolidate`` measures: the seller alone keeps shares of the entity sold, with
    significant influence at the period end (the equity method) or below it (an investment, in any seller currency),
    and no later change of its holding; a sub-group leaving with it as :func:`_sub_group_kept_ok` reads it; a seller
    with NCI of its own with the holdings changed since control read from the NCI accounts (:func:`_seller_nci_ok`,
    docs/consolidation.md)."""
    run = io.run
    later = [x for x in run.holdings_of.get(h.entity, ()) if x.date > h.date and x.date <= run.period]
    others = {k for k, s in run.history.standing(h.entity, run.period).items() if k != h.holder and s.share}
    return (run.group.framework in ("ifrs", "jgaap") and (h.share != 0 or bool(others))
            and (not later or _later_sales_ok(io, h, sub, later))
            and set(kept) >= others and _other_keepers_ok(run, h, others)
            and (sub == (h.entity,) or _sub_group_kept_ok(run, h, sub)
                 # kept by another group company too (issue 10): the keepers and the seller wholly owned, or one of
                 # them with NCI of its own and the holdings unchanged since control (x-37; the NCI above through
                 # the sub-group read with the ratios of the day before)
                 and (all(_wholly_owned(run, x) for x in others | {h.holder})
                      or not _sub_group_with_nci_refused(run, h, sub)))
            and _seller_nci_ok(run, h)
            # the method after the sale: the equity method, or below significant influence an investment of the
            # seller (docs/consolidation.md "An interest below significant influence")
            and run.history.method_at(h.entity, run.period) in ("equity", "none"))


# --- a further sale of the interest kept, later in the year (issue 10) ------------------------------------------


def later_sales(run: Run, sale: Holding) -> list[tuple[Holding, Fraction]]:
    """The seller's rows of ``sale.entity`` after ``sale.date`` to the period, each with the share it held before:
    further sales of the interest kept on losing control, in the same year (:func:`_later_sales_ok`)."""
    if sale.date <= run.real_fy_start:
        return []
    return sold_in_its_year(run, sale)


def sold_in_its_year(run: Run, sale: Holding) -> list[tuple[Holding, Fraction]]:
    """The seller's rows of ``sale.entity`` after ``sale.date`` to the end of that fiscal year (and to the period),
    each with the share it held before: :func:`later_sales` in the year of the sale, and in any later year the
    further sales whose carrying amount that year left (``equity_method._after_further_sales``)."""
    if not sale.share:
        return []
    end = min(run.group.fiscal_year_end_for(sale.date), run.period)
    out = []
    prev = Fraction(sale.share)
    for x in run.holdings_of.get(sale.entity, ()):
        if x.holder == sale.holder and sale.date < x.date <= end:
            out.append((x, prev))
            prev = Fraction(x.share)
    return out


def _later_purchases(run: Run, sale: Holding) -> bool:
    """The seller's rows of the year after losing control by ``sale`` are all purchases of more shares of the
    entity (issue 10: an interest kept, bought up later in the year)."""
    rows = later_sales(run, sale)
    return bool(rows) and all(x.share > prev for x, prev in rows)


def cost_at_loss(run: Run, sale: Holding, year_end: Fraction) -> Fraction:
    """The seller's remaining cost of the interest kept at the date control was lost, from its cost at the year end
    (``year_end``) when it sold part of the interest later in the year: the cost its books took off for those sales
    read pro rata to the shares (average cost); when it bought more later in the year, the year-end cost less those
    purchases' costs."""
    rows = later_sales(run, sale)
    if not rows:
        return year_end
    if _later_purchases(run, sale):
        return year_end - fsum(Fraction(x.cost or 0) for x, _p in rows)
    if not rows[-1][0].share:
        # the rest sold too (IAS 28.22): nothing is left at the year end to read it from; the cost of the seller's
        # holding the day before, by its holdings, × the share kept ÷ the share held (the same average cost)
        held = _share_before(run, sale)
        return _books_cost(run, sale.holder, sale.entity, sale.date) * Fraction(sale.share) / held if held \
            else ZERO
    return year_end * Fraction(sale.share) / Fraction(rows[-1][0].share)


def sold_out(run: Run, sale: Holding) -> bool:
    """The seller sold the rest of the interest ``sale`` kept later in the year of the sale (IAS 28.22)."""
    rows = sold_in_its_year(run, sale)
    return bool(rows) and not rows[-1][0].share


def _books_cost(run: Run, holder: str, entity: str, before: dt.date) -> Fraction:
    """``holder``'s cost of ``entity`` in its books the day before ``before``, read from its holdings: each purchase
    at its cost, each sale taking cost off pro rata to the shares sold (average cost)."""
    cost = prev = ZERO
    for x in run.holdings_of.get(entity, ()):
        if x.holder != holder or x.date >= before:
            continue
        share = Fraction(x.share)
        if share > prev and x.cost is not None:
            cost += Fraction(x.cost)
        elif share < prev and prev:
            cost -= cost * (prev - share) / prev
        prev = share
    return cost


def _later_sales_ok(io: StepIO, h: Holding, sub: tuple[str, ...], later: list[Holding]) -> bool:
    """A later change of the interest kept that ``consolidate`` measures (docs/consolidation.md "A later change in the
    same year"): only further sales by the seller, each with its proceeds, keeping part of the interest with
    significant influence to the period end, or the last of them selling the rest (the equity method stops, IAS
    28.22; nothing held at the period); ifrs, or jgaap (the interest at its consolidated carrying amount, the kept
    goodwill leaving pro rata; an entity in another currency, the reserve kept with the interest realised pro rata
    with each part sold, all of it with the rest, x-56); or purchases keeping it an associate (ifrs); the seller
    booking in the reporting currency (with NCI of its own or not: every entry about the interest is attributed to
    it) or, ifrs, in another currency (wholly owned, further sales or the rest sold, x-54, or purchases, x-55; its
    later gains on an undated row: at the year's average, no dividends from the entity); no sub-group or (ifrs, part kept, the seller wholly owned) one in the entity's currency;
    dividends received from it only after the loss of control (none declared in the year before it). The equity method runs stretch by stretch and derecognises the part sold (IAS
    28.25)."""
    run = io.run
    # the rest sold too: the equity method stops on that day (IAS 28.22), nothing is held at the period
    rest = bool(later) and not later[-1].share
    # jgaap (the interest at its consolidated carrying amount, ASBJ 22 §29): an entity in the reporting currency, or
    # in another with part of the interest kept (the reserve kept with it realised pro rata with each part sold,
    # ``equity_method._later_sales``)
    # (the rest sold too: all of both realised with it, x-56)
    jgaap_ok = run.group.framework == "jgaap"
    # a seller with NCI of its own: every entry about the interest kept is attributed to it (its NCI share them)
    # a seller booking in another currency (ifrs, wholly owned, further sales keeping influence): its cost at the loss
    # of control and its translation follow each sale (:func:`_dispose`, ``equity_method._later_sales``)
    # (the rest sold too: the equity method stops, its whole reserve reclassified and the cost sold's translation
    # between the gain's rate and the closing rate put back, x-54)
    foreign_ok = run.group.framework == "ifrs" and _wholly_owned(run, h.holder)
    # a sub-group leaving with it (issue 10; :func:`_sub_group_kept_ok`): ifrs, part kept, the seller wholly owned, the
    # sub-group booking in the entity's currency (the equity method reads the entity's consolidated trial balance at
    # each stretch's day before, ``equity_method._associate_tb``)
    sub_ok = sub == (h.entity,) or (
        run.group.framework == "ifrs" and not rest and _wholly_owned(run, h.holder)
        and all(run.currency(x) == run.currency(h.entity) for x in sub))
    if not (run.group.framework == "ifrs" or jgaap_ok) or not h.share or not sub_ok \
            or run.is_foreign(h.holder) and not foreign_ok \
            or run.history.method_at(h.entity, h.date) != "equity" \
            or run.history.method_at(h.entity, run.period) != ("none" if rest else "equity"):
        return False
    role_of = run.chart.role_of
    dividends = any(v for (acc, p), v in io.tb.get(h.holder, {}).items() if p == h.entity
                    and role_of(acc) == "dividend_income")
    if _later_purchases(run, h):
        # purchases of more shares, significant influence kept without control (ifrs, IAS 28.32: each a tranche from
        # its own day, ``equity_method._later_sales``); the seller in the reporting currency, no sales among them, no
        # dividends from the entity in the year
        # (a seller in another currency, wholly owned: its cost of each purchase leaves its investment at the rate of
        # the day, what its translation put on it since out of the reserve, x-55)
        return run.group.framework == "ifrs" and not dividends \
            and (sub == (h.entity,) or not run.is_foreign(h.holder)) \
            and all(x.holder == h.holder and x.cost is not None and not x.dilution for x in later)
    prev = Fraction(h.share)
    for i, x in enumerate(later):
        last = i == len(later) - 1
        if x.holder != h.holder or x.cost is None or not (0 < x.share < prev or last and rest):
            return False
        prev = Fraction(x.share)
    if run.is_foreign(h.holder):
        # its later gains are read at the year's average (an undated gain row); its dividends are not worked
        dated = {d for (acc, p, d), v in (run.local_tb(h.holder, run.period) or {}).items()
                 if p == h.entity and v and role_of(acc) == "disposal_gain" and d is not None}
        return not dividends and dated <= {h.date}
    if not dividends:
        return True
    # dividends received from the associate: split over the stretches as its trial balances to date show them
    # declared (``equity_method._dividends_split``, IAS 28.10); one declared while it was a subsidiary (in the year to
    # the day before the sale) is an intra-group dividend of the year to the sale, not eliminated yet
    return not any(v for (acc, _p, _d), v in (run.local_tb(h.entity, h.date - ONE_DAY) or {}).items()
                   if run.account_role(acc) == "dividends_declared")


# --- a sub-group leaving with an entity whose interest is kept (issue 10) ---------------------------------------


def kept_sub_group(run: Run, sale: Holding) -> tuple[str, ...]:
    """The entities that left the consolidation with ``sale.entity`` on ``sale.date`` (controlled through it the day
    before, not controlled from then), sorted, the entity itself left out: an interest kept in the entity is an
    interest in its consolidated financial statements (IAS 28.27), which they are part of."""
    before = sale.date - ONE_DAY
    return tuple(sorted(x for x in run.group.entities if x != sale.entity
                        and sale.entity in run.history.upstream(x)
                        and run.history.method_at(x, before) == "full" and run.history.method_at(x, sale.date) != "full"))


def _sub_group_kept_ok(run: Run, h: Holding, sub: tuple[str, ...]) -> bool:
    """A sub-group leaving with an entity whose interest the seller keeps (issue 10): every entity of the sub-group is
    held only by the entity and the sub-group, and keeps its holdings from the sale to the period end. With
    significant influence the equity method reads the entity's consolidated books from its own and its sub-group's
    trial balances (``equity_method._associate_tb``); below it nothing of the sub-group is read after the sale (the
    disposal derecognises it whole, the interest kept is the seller's investment in the entity), so its currencies do
    not matter; with significant influence an entity of the sub-group in another currency is translated into the
    entity's (``equity_method._translated_into``), which needs the entity to book in a foreign currency: the equity
    method reads the OCI of a foreign associate only (through the translation of its carrying amount)."""
    E = h.entity
    inside = set(sub)
    if run.history.method_at(E, run.period) not in ("equity", "none"):
        return False
    for x in sub:
        if x == E:
            continue
        holders = {k.holder for k in run.holdings_of.get(x, ()) if k.date <= run.period}
        if not holders <= inside or any(h.date <= k.date <= run.period for k in run.holdings_of.get(x, ())):
            return False
        if run.currency(x) != run.currency(E) and not run.is_foreign(E) \
                and run.history.method_at(E, run.period) == "equity":
            return False  # the share of an associate's OCI is read only for one booking in another currency
    return True


def _wholly_owned(run: Run, holder: str) -> bool:
    """``holder`` is the parent or a company the group wholly owns at the period."""
    return holder == run.group.parent or (holder in run.own.entities and run.own.entities[holder].effective == 1)


def _other_keepers_ok(run: Run, h: Holding, others: set[str]) -> bool:
    """Group companies other than the seller keeping shares of the entity sold (issue 10): each gives its holding
    row dated the sale's day, with its share unchanged (the gain is booked on the seller's row and the interest kept
    on the keeper's books in its own currency, docs/consolidation.md "An interest kept by another group company").
    The group wholly owns the keepers and the seller; or one of them has NCI of its own, which shares its part of the
    gain (:func:`_remeasured_apart`), with the holdings of the entity and above it unchanged since control (the NCI
    above read with the ratios of the day before); in any currency either way (issue 10: a foreign keeper or seller
    with NCI of its own, x-35 — its NCI's share of the reserve about the entity is its reserve, recycled or kept with
    the rest, ``nci_reserve``)."""
    if not others:
        return True
    rows = {x.holder: x for x in keepers(run, h)}
    if h.dilution:
        # a dilution: every other holder's share falls by the issue, each its own row (:func:`_several_diluted`)
        return all(k in rows and rows[k].dilution for k in others) \
            and all(not run.is_foreign(x) and _wholly_owned(run, x) for x in {h.holder, *others})
    if not all(k in rows and rows[k].share == _share_before(run, rows[k]) for k in others):
        return False
    parties = {h.holder, *others}
    if all(_wholly_owned(run, x) for x in parties):
        return True
    if _changed_since_control(run, h):
        return not _changed_keepers_refused(run, h)
    return _own_goodwill_read(run, h) or not _prices_differ(run, h)


def _own_goodwill_read(run: Run, h: Holding) -> bool:
    """Each holder's carrying amount of the entity is read with its own goodwill (:func:`_holder_part`): ifrs, the
    entity, the seller and its keepers in the reporting currency, every holder's goodwill read from its holdings."""
    parties = {h.holder, *(x.holder for x in keepers(run, h))}
    before = h.date - ONE_DAY
    return run.group.framework == "ifrs" and not any(run.is_foreign(x) for x in parties | {h.entity}) \
        and all(_own_goodwill(run, h.entity, k, before, ZERO) is not None for k in parties)


def _prices_differ(run: Run, h: Holding) -> str:
    """Why the group companies' carrying amount of the entity cannot be shared by the shares each held the day
    before ('' when it can): each group holder then paid a different price a share, in one holding on the control
    date (at its spot rate), so their goodwill is not in proportion to their shares (jgaap, or in another currency,
    where :func:`_own_goodwill` is not read)."""
    E, before = h.entity, h.date - ONE_DAY
    control = _control_since(run, E, before)
    prices: set[Fraction] = set()
    for k, held in group_holders(run, E, before).items():
        rows = [x for x in run.holdings_of.get(E, ()) if x.holder == k and x.date < h.date]
        if len(rows) != 1 or rows[0].date != control or rows[0].cost is None or not rows[0].share:
            return f"{k}'s holding of {E} is not one purchase on the control date"
        rate = Fraction(1) if not run.is_foreign(k) else \
            run.find_rate(run.currency(k), rows[0].date, "spot", fallback="closing")
        if rate is None:
            return f"{k}'s rate of {rows[0].date} is missing"
        prices.add(Fraction(rows[0].cost) * rate / Fraction(held.share))
    return "the group companies paid different prices a share of it" if len(prices) > 1 else ""


def _group_part(run: Run, row: Holding, sg: Any) -> Fraction:
    """A keeper's part of the group companies' carrying amount of the entities leaving, the day before: its share ÷
    the group companies' holdings then (as jgaap's :func:`_kept`) × (net assets less the NCI in them, plus goodwill,
    less the reserve recycled) — one figure, the business combination's, shared by the shares held."""
    before = row.date - ONE_DAY
    old = fsum(x.share for x in group_holders(run, row.entity, before).values())
    ratio = Fraction(row.share) / old if old else ZERO
    return ratio * (Fraction(sg.net_assets - sg.nci_leaving + sg.goodwill) - Fraction(sg.reserve + sg.reserve_above))


def _sub_group_with_nci_refused(run: Run, h: Holding, sub: tuple[str, ...]) -> str:
    """Why a sub-group leaving with the entity, kept by another group company and the keeper or the seller with NCI
    of its own, is not consolidated ('' when it is; issue 10, x-37): the holder's NCI's indirect share inside the NCI
    of each entity of the sub-group is read with the ratios of the day before, which needs the holdings of the
    entity and above it unchanged since control; and everything in the reporting currency (the holder's NCI's share
    of a foreign sub-group's reserve is not worked: x-25 with its keeper 80% owned, and x-15 with its seller alone
    80% owned, came out 400 from the wholly-owned gain)."""
    if _changed_since_control(run, h):
        return "the holdings changed since control"
    parties = {h.holder, *(x.holder for x in keepers(run, h))}
    foreign = sorted(x for x in parties | set(sub) if run.is_foreign(x))
    return f"{', '.join(foreign)} book{'s' if len(foreign) == 1 else ''} in another currency" if foreign else ""


def _changed_keepers_refused(run: Run, h: Holding) -> str:
    """Why an interest kept by another group company, the keeper or the seller with NCI of its own, after a change of
    a holding of the entity or above it since control, is not consolidated ('' when it is; issue 10, x-36). Each
    change kept control, a transaction with the NCI (IFRS 10.23, B96): the NCI step carried every stretch at its own
    ratio, so the NCI above is read from the NCI accounts of the day before (``Earlier._nci_above_read``: the
    entity's own outside NCI their direct share of its net assets — proportionate — the rest its holders' NCI's,
    one group holder of it having NCI of its own); and each holder's carrying amount is its share of the net assets
    plus its own goodwill, the goodwill recognised at control from what it paid then (:func:`_own_goodwill`: ifrs,
    in the reporting currency). jgaap (the interest kept at a part of the carrying amount, the goodwill amortised
    per holder) and a foreign entity or holder (its goodwill and reserve per holder) are not worked."""
    E, before = h.entity, h.date - ONE_DAY
    if run.group.framework != "ifrs":
        return "under jgaap"
    parties = {h.holder, *(x.holder for x in keepers(run, h))}
    foreign = sorted(x for x in parties | {E} if run.is_foreign(x))
    if foreign:
        return f"with {', '.join(foreign)} booking in another currency"
    with_nci = sorted(k for k in group_holders(run, E, before) if k != run.group.parent and run.nci_at(k, before))
    if len(with_nci) > 1:
        return f"with {', '.join(with_nci)} all having NCI of their own"
    if kept_sub_group(run, h):
        return "with a sub-group leaving"
    for k in parties:
        if _own_goodwill(run, E, k, before, ZERO) is None:
            return (f"{k}'s goodwill is not read from its holdings (NCI at fair value, or a holding of {E} before "
                    "control)")
    return ""


def _own_goodwill(run: Run, entity: str, holder: str, before: dt.date, goodwill: Fraction | Decimal) -> Fraction | None:
    """ifrs, the entity and its holders in the reporting currency, NCI proportionate: ``holder``'s own goodwill of
    ``entity`` — what it paid at control less its share of the identifiable net assets then — with ``goodwill`` the
    entity's whole goodwill (no amortisation, nothing after control adds any: IFRS 10.B96). The net assets at control
    are (what the group holders paid then − goodwill) ÷ their shares then. None where it cannot be read so: NCI at
    fair value, or a group holder with a holding of the entity dated before control (a step acquisition)."""
    control = _control_since(run, entity, before)
    rows = run.holdings_of.get(entity, ())
    if run.group.policies.nci_measurement == "fair_value" or any(
            x.nci_measurement == "fair_value" or x.nci_fair_value is not None for x in rows):
        return None
    at = group_holders(run, entity, control)
    if any(x.date < control and x.holder in at for x in rows):
        return None
    if holder not in at:
        return ZERO  # it bought after control: a transaction with the NCI, no goodwill (IFRS 10.23)
    paid = {k: fsum(Fraction(x.cost or 0) for x in rows if x.holder == k and x.date == control) for k in at}
    shares = fsum(x.share for x in at.values())
    if not shares:
        return None
    net = (fsum(paid.values()) - Fraction(goodwill)) / shares
    return paid[holder] - Fraction(at[holder].share) * net


def _holder_part(run: Run, sale: Holding, row: Holding, sg: Any, goodwill: Decimal) -> Fraction:
    """A keeper's carrying amount of the entity the day before its loss of control: where each holder's goodwill is
    read (:func:`_own_goodwill_read`; always after a change of holding since control, :func:`_changed_keepers_refused`)
    its share of the net assets less the NCI in the entity — by its share of the group companies' holdings then —
    plus its own goodwill; else its part of the group companies' carrying amount by the shares held
    (:func:`_group_part`, the same: each paid the same price a share, :func:`_prices_differ`). ``goodwill`` is the
    entity's own (a sub-group's goodwill is the entity's, shared by its holders by their shares: x-37)."""
    before = row.date - ONE_DAY
    own = _own_goodwill(run, row.entity, row.holder, before, goodwill) if _own_goodwill_read(run, sale) else None
    if own is None:
        return _group_part(run, row, sg)
    old = fsum(x.share for x in group_holders(run, row.entity, before).values())
    ratio = Fraction(row.share) / old if old else ZERO
    return ratio * Fraction(sg.net_assets - sg.nci_leaving + sg.goodwill - goodwill) + own


def _remeasured_apart(run: Run, sale: Holding, keeper: str) -> bool:
    """ifrs: the remeasurement of ``keeper``'s interest to its fair value is booked apart from the seller's gain, on
    the keeper's gain row and attributed to it, when the keeper is another group company than the seller and it or
    the seller has NCI of its own (issue 10): the seller's NCI share the seller's part of the gain only, the keeper's
    NCI the keeper's remeasurement (IFRS 10.B94). Wholly owned both, where it is booked changes no split."""
    return run.group.framework == "ifrs" and keeper != sale.holder \
        and not (_wholly_owned(run, keeper) and _wholly_owned(run, sale.holder))


# --- a seller with NCI of its own (issue 10) ------------------------------------------------------------------


def _control_since(run: Run, entity: str, before: dt.date) -> dt.date:
    """The day from which the group has controlled ``entity`` without a break up to ``before`` (a subsidiary then):
    the earliest of its relevant dates from which its method stayed ``full``, else ``before`` itself."""
    control = before
    for day in reversed([x for x in run.history.relevant_dates(entity) if x <= before]):
        if run.history.method_at(entity, day) != "full":
            break
        control = day
    return control


def _changed_since_control(run: Run, h: Holding) -> bool:
    """A holding of ``h.entity`` or of a company above it changed between the day control began and the sale."""
    control = _control_since(run, h.entity, h.date - ONE_DAY)
    above = {h.entity} | set(run.history.upstream(h.entity))
    return any(x.entity in above and control < x.date < h.date for x in run.group.holdings)


def _seller_nci_ok(run: Run, h: Holding) -> bool:
    """A seller with NCI of its own (directly or through its holders) keeping an interest: its NCI's share of the
    entity, inside the entity's NCI, stays with it (``SubGroup.nci_above``). With the holdings unchanged since
    control it is read with the ratios of the day before. After a change of interest that kept control — of the
    entity or above it, each a transaction with the NCI (IFRS 10.23, B96; ASBJ 22 §§28–30) — the NCI step carried
    each stretch at its own ratio, so the split is read from the NCI accounts of the day before
    (``Earlier._nci_above_read``): the entity's own outside shareholders' NCI is their direct share of its net
    assets (plus, NCI at fair value after one purchase since control, the NCI's goodwill left with them:
    :func:`_nci_goodwill_left`), which needs the entity leaving alone (no sub-group) and one group holder of it with
    NCI of its own (the seller)."""
    if h.holder == run.group.parent or run.history.method_at(h.entity, h.date - ONE_DAY) != "full":
        return True
    if run.nci_at(h.holder, h.date - ONE_DAY) == 0:
        return True  # wholly owned by the group: nothing of the entity's NCI is its own NCI's
    if not _changed_since_control(run, h):
        return True
    control = _control_since(run, h.entity, h.date - ONE_DAY)
    policy = run.group.policies.nci_measurement
    for x in run.holdings_of.get(h.entity, ()):
        if x.date <= control and x.nci_measurement:
            policy = x.nci_measurement
    with_nci = {k for k, s in run.history.standing(h.entity, h.date - ONE_DAY).items()
                if s.share and k != run.group.parent and run.nci_at(k, h.date - ONE_DAY)}
    if policy == "fair_value" and _nci_goodwill_left(run, h) is None:
        return False
    return not kept_sub_group(run, h) and with_nci == {h.holder}


def _nci_goodwill_left(run: Run, h: Holding) -> Fraction | None:
    """NCI at fair value (ifrs; issue 10), the holdings changed since control: the part of the NCI's goodwill the
    entity's own outside shareholders still carry — their share the day before ÷ their share at control (the one
    purchase from them moved its part of their carrying amount, goodwill in it, IFRS 10.B96). Read for one purchase
    since control by a group company of the entity itself, the entity booking in the reporting currency; None
    otherwise (not modelled)."""
    if run.group.framework != "ifrs" or run.is_foreign(h.entity):
        return None
    before = h.date - ONE_DAY
    control = _control_since(run, h.entity, before)
    above = {h.entity} | set(run.history.upstream(h.entity))
    changes = [x for x in run.group.holdings if x.entity in above and control < x.date < h.date]
    if len(changes) != 1:
        return None
    (x,) = changes
    prior = run.history.standing(x.entity, x.date - ONE_DAY).get(x.holder)
    if x.entity != h.entity or x.dilution or x.cost is None or x.share <= (prior.share if prior else 0):
        return None

    def outside(day: dt.date) -> Fraction:
        return 1 - fsum(s.share for s in group_holders(run, h.entity, day).values())

    at_control = outside(control)
    return outside(before) / at_control if at_control else None

# --------------------------------------------------------------------------------------------------------------


class _Loaded:
    """The trial balances a run has read, as a ledger for the consolidation of the day before.

    Consolidated entities that hold no trial balance that day (the seller and its holders, whose
    books the position does not read) are given an empty one."""

    def __init__(self, local: dict[tuple[str, dt.date], LocalTB], empty: Iterable[tuple[str, dt.date]]):
        self.local = dict(local)
        for key in empty:
            self.local.setdefault(key, {})
        self._periods = sorted({p for _e, p in self.local})

    def periods(self) -> list[dt.date]:
        return list(self._periods)

    def local_tbs(self, periods: list[dt.date], dated: list[str] | None = None) -> dict[tuple[str, dt.date], LocalTB]:
        wanted = set(periods)
        return {k: v for k, v in self.local.items() if k[1] in wanted}


def _position(io: StepIO, day: dt.date, entities: list[str], report: bool = True) -> Any:
    """The consolidation of the day before ``day`` of the leaving entities and their holders, as
    :class:`renketsu.restructuring.queries.Earlier` (the questions ``simulate`` asks of it)."""
    from renketsu.restructuring.books import Chart
    from renketsu.restructuring.queries import Earlier

    from .pipeline import STEPS, consolidate  # the pipeline imports this step

    run = io.run
    g = run.group
    keep = {g.parent, *entities}
    for x in entities:
        keep |= run.history.upstream(x)
    group = dataclasses.replace(g, holdings=tuple(h for h in g.holdings if h.entity in keep and h.holder in keep))
    ws = dataclasses.replace(run.ws, group=group, events={},
                             adjustments=tuple(a for a in run.ws.adjustments if a.entity in keep))
    before = day - ONE_DAY
    ledger = _Loaded(run.local, ((x, before) for x in keep))
    try:
        res = consolidate(ws, ledger, before, steps_=STEPS)  # type: ignore[arg-type]
    except RenketsuError as e:
        for p in e.problems if report else ():
            verb = "leaves" if len(entities) == 1 else "leave"
            io.problem(p.kind, f"{p.message} (the position the day before {day}, when {', '.join(entities)} "
                       f"{verb} the consolidation)", p.where, p.hint)
        return None
    return Earlier(res, Chart(ws.group))


def _dispose(io: StepIO, earlier: Any, sale: Holding, sub: tuple[str, ...], cta: dict[str, Fraction]) -> Disposed:
    """Carry ``sub``'s position of the day before into the year and derecognise it."""
    run = io.run
    res: ConsolidationResult = earlier.result
    E, H = sale.entity, sale.holder
    d = run.decimals
    on = _carry(io, res, sale, sub, cta)
    nci_acc, gain_acc = io.role("nci"), io.role("disposal_gain")
    left = _nci_goodwill_left(run, sale) if sub == (E,) and _changed_since_control(run, sale) else None
    sg = earlier.sub_group(set(sub), {E: left} if left is not None else None)
    # --- a seller (or its holders) with NCI of its own (issue 10) ---------------------------------------------
    # its NCI's share of the leaving entities' reserve, inside their NCI, is the seller's reserve to recycle or
    # keep: moved into the reserve first (kind nci_reserve), so that the disposal recycles the seller's reserve
    # (IAS 21.48, 48B: only the NCI in the entities leaves with theirs); its share of their retained earnings and
    # income goes on to its own NCI below (IFRS 10.B94: H stays, and so do its NCI)
    if sg.reserve_above:
        _nci_reserve_in(io, sale, H, H, sg.reserve_above, on, f"{H}'s reserve, recycled or kept with the rest")
    # ----------------------------------------------------------------------------------------------------------
    # the NCI's share of the income to the sale, which closing credits to them (a closed frame books none:
    # that income is in retained earnings, and the NCI leave at what the entries gave them)
    nci_profit = {} if run.frame is not None else {
        x: v for c in res.closing if c.account == nci_acc and (x := c.entity) in sub for v in [-c.amount]}
    out, cash, cost = _derecognised(io, on, set(sub))
    for x, share in nci_profit.items():
        out.append((x, nci_acc, share))  # the NCI's share of the income to the sale, credited by closing
    for x, share in sg.nci_above.items():
        out.append((x, nci_acc, -share))  # the seller's own NCI's share stays with it (issue 10)
    nci_left = sg.nci_leaving
    retained = ZERO
    # every interest the group keeps: the seller's, and another group company's (issue 10, :func:`keepers`)
    kept_rows = keepers(run, sale)
    jgs = {x.holder: _kept(run, res, x, sg) for x in kept_rows} if run.group.framework == "jgaap" else {}
    below = bool(kept_rows) and below_influence(run, sale)
    target = None
    apart: list[tuple[str, str, Fraction]] = []  # keepers' remeasurements booked apart (:func:`_remeasured_apart`)
    inv: dict[str, Fraction] = {}
    invs: dict[str, dict[str, Fraction]] = {}
    for row in kept_rows:
        K = row.holder
        k_jg = jgs.get(K)
        # IFRS 10.25(b), B98(b)(iii): the interest kept comes in at its fair value on the equity-method
        # investment (the deemed cost the equity_method step runs from); jgaap (ASBJ Statement 22 §29): at its
        # consolidated carrying amount, the kept part of the owners' reserve staying in the reserve. The
        # holder's remaining cost of it leaves its investment account, the difference is in the gain (on the
        # seller's row, whichever group company keeps it: the gain is the group's, IFRS 10.B98(d))
        k_retained = Fraction(k_jg.carrying) if k_jg is not None else \
            Fraction(row.retained_fair_value or 0) * _rate(res, K, run)
        retained += k_retained
        inv = invs[K] = _cost_lines(io, K, E)
        # below significant influence (IFRS 9; ASBJ 22 §29) the interest kept stays on the holder's investment account
        target = _cost_account(io, inv) if below else io.role("equity_method_investment")
        if k_jg is None and _remeasured_apart(run, sale, K):
            # its part of the group companies' carrying amount here, its remeasurement apart (attributed to it)
            part = _holder_part(run, sale, row, sg, earlier.carrying(E).goodwill)
            apart.append((K, target, k_retained - part))
            out.append((K, target, part))
        else:
            out.append((K, target, k_retained))
        if run.is_foreign(K):  # the seller or another keeper (issue 10): its cost and interest in its currency
            # a keeper in another currency: its remaining cost, at the day before's rate, is what the cost sold
            # leaves; what its translation put on that cost since is taken out of its reserve, as the carried
            # first consolidation takes out what it put there before (the seller's cost, not a translation of
            # the group's net assets)
            r_day = _rate(res, K, run)
            at_closing = fsum(Fraction(v) for v in inv.values())
            left = local_cost(run, K, E) * r_day
            # the translation its books put on the cost it still holds at the year end since the day before
            translated = at_closing - left
            if K == H and later_sales(run, row):
                # a later change of the interest in the year (ifrs, the seller wholly owned): its cost at the date
                # control was lost (:func:`cost_at_loss`, in its currency) leaves at the day before's rate; the
                # translation since is taken out on what of that cost is left at the year end only — a further sale
                # puts the cost it took off back at the day before's rate (``equity_method._later_sales``: its gain
                # took it at the average, the difference out of the reserve there), and nothing is left when the rest
                # is sold (x-54); a purchase's cost is not that cost (``_later_sales`` moves it at its day's rate,
                # x-55)
                own_end = local_cost(run, K, E)
                own = cost_at_loss(run, row, own_end)
                left = own * r_day
                kept_end = own if _later_purchases(run, row) else own_end
                translated = kept_end * (io.rate(run.currency(K), run.period, "closing", f"{K}'s investment in {E}")
                                         - r_day)
            acc_of = {acc: Fraction(v) / at_closing for acc, v in inv.items()} if at_closing else \
                {_cost_account(io, inv): Fraction(1)}
            out += [(K, acc, -left * w) for acc, w in sorted(acc_of.items()) if left]
            # below significant influence the remaining cost stays H's asset, translated with its others (the
            # translation since the day before stays in its reserve, _kept_by_a_foreign_seller)
            if translated and not below:
                _remaining_cost_out(io, sale, K, sorted(acc_of)[0], translated, cta)
            cost -= left
        else:
            # the remaining cost at the date control was lost: a further sale later in the year took part of it
            # off the seller's books (the equity method's partial disposal puts that part back, IAS 28.25)
            if K == H and sold_out(run, row):
                # the rest sold later in the year (IAS 28.22): none is left on the seller's books at the year end
                left_at_loss = cost_at_loss(run, row, ZERO)
                out.append((K, _cost_account(io, inv), -left_at_loss))
                cost -= left_at_loss
            else:
                # the cost at the loss of control, the year end's read back over the later sales (or purchases)
                year_end = fsum(Fraction(v) for v in inv.values())
                scale = (cost_at_loss(run, row, year_end) / year_end if year_end else Fraction(1)) if K == H \
                    else Fraction(1)
                out += [(K, acc, -Fraction(v) * scale) for acc, v in sorted(inv.items())]
                cost -= year_end * scale  # the cost of the shares sold only
        if k_jg is not None and k_jg.reserve:
            out.append((K, io.role("cta"), -Fraction(k_jg.reserve)))
            cta[K] += Fraction(k_jg.reserve)
    correction = -fsum(Fraction(v) for _x, _a, v in out)
    out.append((H, gain_acc, correction))
    proceeds = book(Fraction(sale.cost or 0) * _rate(res, H, run), d)
    kept = book(retained, d)
    reserve_kept = sum((x.reserve for x in jgs.values()), Decimal(0))
    recycled = sg.reserve + sg.reserve_above - reserve_kept
    gain = proceeds + kept + nci_left - sg.net_assets - sg.goodwill + recycled
    booked_gain = io.tb.get(H, {}).get((gain_acc, E))
    own_gain = None if booked_gain is None else Fraction(booked_gain)
    rows = later_sales(run, sale)
    if own_gain is not None and rows:
        # the seller's gain row holds the later sales' gains too (:func:`later_sales`): proceeds − cost sold in its
        # books, that cost read pro rata (:func:`cost_at_loss`); the equity method books their correction
        # a seller in another currency: in its currency, translated at the year's average as its undated gain row
        # (IAS 21.22; the rate ``equity_method._later_sales`` reads the proceeds at)
        foreign = run.is_foreign(H)
        year_end = local_cost(run, H, E) if foreign else fsum(Fraction(v) for v in _cost_lines(io, H, E).values())
        at_loss = cost_at_loss(run, sale, year_end)
        avg = io.rate(run.currency(H), run.period, "average", f"{H}'s gain on the sale of part of {E}") \
            if foreign else Fraction(1)
        for later, prev in rows:
            if later.share < prev:  # a purchase (``_later_purchases``) books no gain
                own_gain += (Fraction(later.cost or 0) - at_loss * (prev - later.share) / Fraction(sale.share)) * avg
    if own_gain is not None:
        # what the year's income statement holds: the seller's gain as its translation took it, corrected;
        # the proceeds as the cash flows see them: the cost sold at the day before's rate plus that gain
        in_profit, received = book(-Fraction(own_gain) - correction, d), book(cost - Fraction(own_gain), d)
    else:
        in_profit, received = gain, proceeds
    m = lambda v: fmt(v, d)  # noqa: E731
    others = [x for x in sub if x != E]
    who = f"{E} and its sub-group ({', '.join(others)})" if others else E
    held = percent_str(fsum(x.share for x in kept_rows))
    by = "" if [x.holder for x in kept_rows] in ([], [H]) else \
        f" (kept by {', '.join(f'{x.holder} {percent_str(x.share)}' for x in kept_rows)})"
    if jgs:
        owned = sg.net_assets - nci_left + sg.goodwill
        how = (f"proceeds {m(proceeds)} − carrying amount of the part sold {m(owned - kept)} + translation reserve "
               f"of that part recycled {m(recycled)}; the retained {held}{by} stays at its consolidated "
               f"carrying amount {m(kept)} and {m(reserve_kept)} of the reserve with it (ASBJ Statement 22 §29)")
    else:
        how = (f"proceeds {m(proceeds)} + "
               + (f"fair value of the retained {held}{by} {m(kept)} (IFRS 10.25(b)) + " if kept_rows else "")
               + f"NCI {m(nci_left)} − net assets {m(sg.net_assets)} − goodwill {m(sg.goodwill)} + translation reserve "
               f"recycled {m(recycled)} (IFRS 10.B98, IAS 21.48)")
    owners = ", ".join(x.holder for x in kept_rows)
    if below and jgs:
        how = how.replace(f"stays at its consolidated carrying amount {m(kept)} and {m(reserve_kept)} of the reserve "
                          "with it", f"is taken at its consolidated carrying amount {m(kept)}, {m(reserve_kept)} of the "
                          f"reserve with it, then brought to {owners}'s cost below significant influence (entry "
                          "retained_interest)")
    elif below:
        how += (f"; kept below significant influence on {owners}'s investment at its fair value (IFRS 9, IFRS "
                "10.B98(b)(iii))")
    stays = "".join(f"; {m(v)} of the NCI is {x}'s own NCI's and stays with it" for x, v in sg.nci_above.items())
    # the gain is the seller's: its owners and its own NCI share it (closing, attribute_to)
    io.post("disposal", E, H, out,
            f"loss of control of {who} on {sale.date}: consolidated gain {m(gain)} = {how}, as consolidated at "
            f"{sale.date - ONE_DAY}; {H}'s gain in its books corrected by {m(-correction)}{stays}"
            + "".join(f"; {K}'s remeasurement {m(r)} apart, attributed to {K}" for K, _t, r in apart),
            attribute_to=H)
    for K, acc, r in apart:
        # IFRS 10.B94, B98(b)(iii): the remeasurement of K's interest is K's, and its own NCI's share of it
        k_at = _holder_part(run, sale, next(x for x in kept_rows if x.holder == K), sg, earlier.carrying(E).goodwill)
        io.post("disposal", E, K, [(K, acc, r), (K, gain_acc, -r)],
                f"{K}'s {percent_str(next(x.share for x in kept_rows if x.holder == K))} of {E} kept on losing control "
                f"on {sale.date}: from its part of the group companies' carrying amount {m(k_at)} to its fair value "
                f"{m(k_at + r)} (IFRS 10.B98(b)(iii)), {K}'s part of the consolidated gain {m(gain)} (the rest "
                f"{H}'s, whose NCI share that only: IFRS 10.B94)", attribute_to=K)
        if own_gain is not None:  # (else in_profit is the whole gain already)
            in_profit += book(r, d)
    kept_at, kept_equity = Decimal(0), Decimal(0)
    if below and target is not None:
        kept_at = kept
        if jgs:
            kept_at = kept_equity = Decimal(0)
            for row in kept_rows:
                K, k_jg = row.holder, jgs[row.holder]
                # K's cost at the day before's rate (a seller in another currency: the translation since stays in
                # its reserve, as for any asset of it)
                at_cost = local_cost(run, K, E) * _rate(res, K, run) if run.is_foreign(K) \
                    else fsum(invs[K].values())
                at, moved = _exclusion(io, row, _cost_account(io, invs[K]), k_jg, at_cost)
                kept_at, kept_equity = kept_at + at, kept_equity + moved
                cta[K] -= Fraction(k_jg.reserve)  # the kept reserve leaves the reserve with it
        else:
            for row in kept_rows:  # each keeper's own asset, in its currency (issue 10: the seller's or another's)
                if run.is_foreign(row.holder):
                    _kept_by_a_foreign_seller(io, row, _cost_account(io, invs[row.holder]), cta)
    local, rates = _foreign_positions(run, res, sub, sale.date - ONE_DAY)
    seller_rate = _rate(res, H, run) if run.is_foreign(H) else None
    return Disposed(E, sub, sale.date, H, received, in_profit, book(cash, d), nci_left, recycled, nci_profit, local,
                    rates, cost / seller_rate if seller_rate else ZERO, seller_rate,
                    target if below else None, kept_at, kept_equity)


def _kept_by_a_foreign_seller(io: StepIO, sale: Holding, account: str, cta: dict[str, Fraction]) -> None:
    """ifrs, the year of the sale and every later year: an interest kept below significant influence by a group company
    booking in another currency (the seller, or another keeper: issue 10) is its financial asset, at its fair value
    on the day of the sale in its currency (IFRS 10.B98(b)(iii); a non-monetary item at fair value, IAS 21.23(c)),
    translated at the closing rate with its other assets (IAS 21.39). The disposal entry put fair value − remaining
    cost on the investment at the day before's rate, the holder's books translate its cost at the closing rate; one
    entry of kind ``seller_cost`` adds the translation of that difference since, into the holder's reserve (shared
    by its own NCI)."""
    run = io.run
    H, E = sale.holder, sale.entity
    cur = run.currency(H)
    why = f"{H}'s {percent_str(sale.share)} of {E} kept on {sale.date}"
    before = io.rate(cur, sale.date - ONE_DAY, "closing", why)
    closing = io.rate(cur, run.period, "closing", why)
    moved = (Fraction(sale.retained_fair_value or 0) - local_cost(run, H, E)) * (closing - before)
    if moved:
        cta[H] += moved
        io.post("seller_cost", E, H, [(H, account, moved), (H, io.role("cta"), -moved)],
                f"{why} below significant influence: its fair value over {H}'s cost, in {cur}, translated at the closing "
                f"rate since {sale.date - ONE_DAY} (IAS 21.23(c), 21.39), into {H}'s reserve")


def below_influence(run: Run, sale: Holding) -> bool:
    """The interest ``sale`` keeps gives no significant influence: the entity's method from the sale is ``none``."""
    return run.history.method_at(sale.entity, sale.date) == "none"


def _exclusion(io: StepIO, sale: Holding, account: str, jg: Kept, cost: Fraction) -> tuple[Decimal, Decimal]:
    """jgaap, an interest kept below significant influence (ASBJ Statement 22 §29; 資本連結実務指針 §46 as read in
    docs/consolidation.md): it is carried at its cost in the holder's books, not at the consolidated carrying amount
    the disposal entry put on the investment. One entry of kind ``retained_interest`` takes the difference off the
    investment and the kept part of the owners' reserve out of the reserve, both into retained earnings
    (連結除外に伴う利益剰余金減少高, in the statement of changes in equity, not in profit). Returns the amount kept
    (the cost, booked) and the equity it moved (natural sign)."""
    run = io.run
    d = run.decimals
    H, E = sale.holder, sale.entity
    carrying, reserve = Fraction(jg.carrying), Fraction(jg.reserve)
    to_re = carrying - cost - reserve
    m = lambda v: fmt(v, d)  # noqa: E731
    io.post("retained_interest", E, H,
            [(H, account, cost - carrying), (H, io.role("cta"), reserve), (H, io.role("retained_earnings"), to_re)],
            f"{H}'s {percent_str(sale.share)} of {E} kept below significant influence on {sale.date}: carried at its "
            f"cost {m(cost)} in {H}'s books, not at its consolidated carrying amount {m(carrying)} (ASBJ Statement 22 "
            f"§29); the difference and the kept part of the reserve {m(reserve)} into retained earnings "
            "(連結除外に伴う利益剰余金減少高, not profit)", attribute_to=H)
    return book(cost, d), book(cost - carrying, d)


def _kept(run: Run, res: ConsolidationResult, sale: Holding, sg: Any) -> Kept:
    """jgaap: the interest ``sale`` keeps, measured from the sub-group figures ``sg`` of the day before (the figures
    ``simulate`` measures the same sale from, restructuring/transactions.py)."""
    before = sale.date - ONE_DAY
    # the part of the group's holding the day before that ``sale.holder`` keeps: of its own holding when it sold
    # alone, of every group company's when another keeps (issue 10: P keeping 20 of the group's 80, 1/4)
    old = fsum(x.share for x in group_holders(run, sale.entity, before).values())
    ratio = Fraction(sale.share) / old if old else ZERO
    d = run.decimals
    # the seller's share: net of the NCI in the entity only, with its own NCI's share of the reserve (issue 10)
    closing = res.translation.get(sale.entity, {}).get("closing") if run.is_foreign(sale.entity) else None
    # a dilution's share of the issue's proceeds is in the entity's own currency: at the position's rate, that of the
    # day before (:func:`_jgaap_foreign_dilution_refused`; tests/cases/deconsolidation/x-53)
    issued = _issued_share(run, sale) * (Fraction(closing) if closing else 1)
    carrying = book((Fraction(sg.net_assets - sg.nci_leaving) + Fraction(sg.goodwill)) * ratio + issued, d)
    base = sg.reserve + sg.reserve_above
    recycled = book(Fraction(base) * (1 - ratio), d)
    goodwill_local = Fraction(sg.goodwill) / Fraction(closing) if closing else Fraction(sg.goodwill)
    control = _control_since(run, sale.entity, before)
    return Kept(ratio, carrying, recycled, base - recycled, goodwill_local * ratio, control)


def kept_interest(io: StepIO, sale: Holding, report: bool) -> Kept | None:
    """jgaap: the interest ``sale`` kept on losing control, from the consolidation of the day before (for the
    ``equity_method`` step, in the year of the sale and every later year); None when that consolidation fails
    (its problems reported when ``report``)."""
    sub = [sale.entity, *kept_sub_group(io.run, sale)]  # the consolidated carrying amount of its sub-group too
    earlier = _position(io, sale.date, sub, report=report)
    if earlier is None:
        return None
    return _kept(io.run, earlier.result, sale, earlier.sub_group(set(sub)))


def _carry(io: StepIO, res: ConsolidationResult, sale: Holding, sub: tuple[str, ...],
           cta: dict[str, Fraction]) -> dict[tuple[str, str], Fraction]:
    """Post the leaving entities' translated trial balances of the day before and that day's entries about them;
    return what the year now carries per (entity, account)."""
    before = sale.date - ONE_DAY
    on: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    for x in sub:
        lines = [(x, acc, amt) for acc, amt in res.contributions.get(x, {}).items()]
        io.post("deconsolidation", x, None, lines,
                f"{x} to its sale on {sale.date}: its trial balance at {before}, translated, with its income to the sale")
        for _x, acc, amt in lines:
            on[(x, acc)] += Fraction(amt)
    cta_acc = io.role("cta")
    for e in res.eliminations:
        if e.entity in sub and (e.step in CARRIED_STEPS or e.step in WITHIN_STEPS and (e.partner is None
                                                                                      or e.partner in sub)) \
                or e.step == "unrealised_profit" and (e.entity in sub or e.partner in sub):
            # attributed as they were: a seller's own NCI bears its share of its goodwill amortised (issue 10)
            io.replay(e.step, e.kind, e.entity, e.partner, [(ln.entity, ln.account, ln.amount) for ln in e.lines],
                      f"{e.reason} (as consolidated at {before}, the day before the sale of {sale.entity})",
                      attribute_to=e.attribute_to)
            for ln in e.lines:
                on[(ln.entity, ln.account)] += Fraction(ln.amount)
                if ln.account == cta_acc and ln.entity not in sub:
                    cta[ln.entity] -= Fraction(ln.amount)  # the holder's reserve on its cost, shared by its NCI
    return on


def _stock_ok(io: StepIO, day: dt.date, leaving_: set[str]) -> bool:
    """Refuses intra-group stock (ic_stock.csv) between a leaving entity and a group company that stays at a date
    in the year before the sale: the profit in it is not carried to the sale nor derecognised with the entity yet.
    The previous year end's is released in the position of the day before (the goods taken as sold by then) and
    carried, where that position holds the company that stays (a holder of the leaving entities) and the entity is
    no associate from the sale (whose release the ``unrealised_profit`` step books); otherwise refused too
    (issue 10; docs/consolidation.md "Disposals inside the year")."""
    run = io.run
    prev_end = run.real_fy_start - ONE_DAY
    upstream = {run.group.parent}.union(*(run.history.upstream(x) for x in leaving_))
    ok = True
    for row in run.ws.ic_stock:
        pair = {row.seller, row.buyer}
        if not (prev_end <= row.period < day) or len(pair & leaving_) != 1:
            continue
        (x,), (other,) = pair & leaving_, pair - leaving_
        if not run.is_consolidated(other):
            continue
        if row.period == prev_end and other in upstream and run.history.method_at(x, day) != "equity":
            continue
        ok = False
        io.problem("deconsolidation.intragroup_stock_with_leaving",
                   f"{x} leaves the consolidation on {day} and this row puts {row.seller}'s goods in {row.buyer}'s "
                   f"stock at {row.period}: unrealised profit with a leaving entity in stock held on a date of the "
                   "year before the sale is not consolidated yet", row.source,
                   f"remove the row and book its effect as a top-side adjustment of {other} in adjustments.csv; "
                   "docs/consolidation.md "
                   "\"Disposals inside the year\"")
    return ok


def _intragroup_to_sale(io: StepIO, day: dt.date, leaving_: set[str], matching: list[dict]) -> None:
    """IFRS 10.B86(c), ASBJ Statement 22 §31: the income and expense between each leaving entity and a group company
    (one that stays, or one that leaves later in the year), and the dividends it declared to such a holder, to the
    sale (its trial balance of the day before, translated as its position was: a dated row at its spot rate, else the
    day before's average), eliminated in the year. Only trade while both were group companies is intra-group
    (docs/format.md §10.4): from the later of the two control dates, reading the leaving entity's trial balance of
    the day before the partner's control began (refused when the ledger does not hold it).

    The other company keeps no trial balance that day: its side is read from its rows of the opposite type with the
    leaving entity as partner in the year (:func:`_other_side`), by direction as the ``intercompany`` step pairs
    them; what it booked after the sale is with an outside party and stays.

    Balances need nothing here: what the leaving entity holds on the group leaves with its net assets (the group's
    debt to it is owed to an outside party from the sale), the gain the same."""
    run = io.run
    before = day - ONE_DAY
    for x in sorted(leaving_):
        local = run.local_tb(x, before) or {}
        control = _control_since(run, x, before)
        start = max(control, run.real_fy_start)
        partners = sorted({p for (a, p, _d), v in local.items() if p is not None and p not in leaving_ and p != x
                           and v and run.is_profit(a) and run.account_role(a) not in _NOT_TRADE})
        cut_at: dict[str, dt.date] = {}
        for p in partners:
            if not _group_company(run, p, before):
                continue  # outside then, or gone first (the pair is read on its day, from its side)
            cut_at[p] = start if p == run.group.parent else max(start, _control_since(run, p, before))
        pl: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
        declared: dict[tuple[str, dt.date | None], Fraction] = defaultdict(Fraction)
        cuts: dict[dt.date, dict] = {}
        for cut in sorted(set(cut_at.values()) | {start}):
            if cut > run.real_fy_start:
                pre = run.local_tb(x, cut - ONE_DAY)
                if pre is None:
                    who = ", ".join(p for p, c in cut_at.items() if c == cut)
                    io.problem("deconsolidation.intragroup_with_leaving",
                               f"{x} leaves the consolidation on {day} and traded with {who}, a group company "
                               f"only from {cut}: its trade with the group from then is read from its trial "
                               f"balance at {cut - ONE_DAY}, which the ledger does not hold",
                               Source(f"{run.ws.root}/ledger"),
                               f"add {x}'s rows with period {cut - ONE_DAY} to ledger/; docs/consolidation.md "
                               "\"Disposals inside the year\"")
                    for p in [p for p, c in cut_at.items() if c == cut]:
                        del cut_at[p]
                    continue
                cuts[cut] = pre
        for (acc, q, date), amt in sorted(local.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", str(kv[0][2]))):
            if run.account_role(acc) == "dividends_declared":
                if start > run.real_fy_start:
                    amt -= (cuts.get(start) or {}).get((acc, q, date), Decimal(0))
                if amt:
                    declared[(acc, date)] += Fraction(amt) * _row_rate(io, x, before, date)
            elif q is not None and q in cut_at and run.is_profit(acc) and run.account_role(acc) not in _NOT_TRADE:
                if cut_at[q] > run.real_fy_start:
                    amt -= cuts[cut_at[q]].get((acc, q, date), Decimal(0))
                if amt:
                    pl[(q, acc)] += Fraction(amt) * _row_rate(io, x, before, date)
        by_side: dict[tuple[str, str], list[tuple[str, Fraction]]] = defaultdict(list)
        for (p, acc), value in sorted(pl.items()):
            if value:
                by_side[(p, run.account_type(acc))].append((acc, value))
        for (p, t), xs in sorted(by_side.items()):
            _eliminate_with_leaving(io, day, x, p, t == "income", xs, matching)
        total = fsum(declared.values())
        if not total:
            continue
        div_acc = min(acc for acc, _d in declared)
        if run.history.method_at(x, day) == "equity":
            # the equity method from the sale reads the holder's dividend income from it as the associate's
            io.problem("deconsolidation.intragroup_with_leaving",
                       f"{x} declared dividends to its sale on {day} (trial balance at {before}) and the group keeps "
                       "it as an associate: a dividend of a subsidiary before a sale keeping significant influence "
                       "is not consolidated yet", Source(f"{run.ws.root}/ledger"),
                       "consolidate a period before the sale; docs/consolidation.md \"Disposals inside the year\"")
            continue
        stretches = _dividend_stretches(run, x, max(control, run.real_fy_start), before, total)
        for h in sorted({row.holder for row in run.holdings_of.get(x, ())}):
            if h in leaving_ or not run.is_consolidated(h):
                continue
            inc = next((a for (a, q) in io.tb.get(h, {}) if q == x and run.account_role(a) == "dividend_income"),
                       None)
            # by the shares it held when they were declared (docs/format.md §10.4)
            got = fsum(v * _held(run, x, h, start) for start, v in stretches)
            if inc is None or not got:
                continue
            io.post("dividend", x, h, [(h, inc, got), (x, div_acc, -got)],
                    f"dividend of {x} received by {h} before the sale on {day} ({fmt(got, run.decimals)} of "
                    f"{fmt(total, run.decimals)} by the shares it held; {x}'s trial balance at {before})",
                    attribute_to=h)


_NOT_TRADE = ("dividend_income", "equity_method_income", "disposal_gain")


def _group_company(run: Run, p: str, before: dt.date) -> bool:
    """``p`` is a group company on ``before`` (the parent, or controlled then: one that stays or leaves later)."""
    return p == run.group.parent or run.history.method_at(p, before) == "full"


def _other_side(io: StepIO, x: str, p: str, want: str) -> list[tuple[str, Fraction]]:
    """``p``'s rows of type ``want`` with partner ``x`` in the year (a company that stays: its translated trial
    balance; one that leaves later: its trial balance of the day before its own sale, translated as its position)."""
    run = io.run
    if run.is_consolidated(p):
        rows = [(a, Fraction(v)) for (a, q), v in io.tb.get(p, {}).items() if q == x]
    else:
        out = [d for d, xs in leaving(run).items() if p in xs]
        p_before = (min(out) if out else run.period + ONE_DAY) - ONE_DAY
        acc_rows: dict[str, Fraction] = defaultdict(Fraction)
        for (a, q, date), v in (run.local_tb(p, p_before) or {}).items():
            if q == x:
                acc_rows[a] += Fraction(v) * _row_rate(io, p, p_before, date)
        rows = sorted(acc_rows.items())
    return [(a, v) for a, v in rows if v and run.account_type(a) == want and run.account_role(a) not in _NOT_TRADE]


def _eliminate_with_leaving(io: StepIO, day: dt.date, x: str, p: str, income: bool, xs: list[tuple[str, Fraction]],
                            matching: list[dict]) -> None:
    """``x``'s income (or expense) with ``p`` to its sale on ``day`` against ``p``'s rows of the opposite type with
    partner ``x`` in the year, one direction as the ``intercompany`` step pairs them. ``p``'s side is taken to mirror
    ``x``'s on its one such row (an income of ``x``, where ``p`` has none, against its cost of sales); on several,
    their whole amounts where they add up to ``x``'s (else which of them is to the sale is not known: refused). Where
    ``p``'s rows are less than ``x``'s, both sides whole and the difference to ``ic_difference``, reported in the
    matching (``intercompany_matched``) as the ``intercompany`` step does."""
    run = io.run
    before = day - ONE_DAY
    want = "expense" if income else "income"
    other = _other_side(io, x, p, want)
    total = fsum(v for _a, v in xs)
    sign = 1 if total > 0 else -1
    cover = -fsum(v for _a, v in other) * sign
    what = f"{'income' if income else 'expense'} of {x} with {p} to its sale on {day}"
    src = Source(f"{run.ws.root}/ledger")
    if not other and income:
        other = [(io.role("cost_of_sales"), Fraction(0))]
    if not other:
        io.problem("deconsolidation.intragroup_with_leaving",
                   f"{x} leaves the consolidation on {day}: its {', '.join(a for a, _v in xs)} with partner {p} to "
                   f"the sale (trial balance at {before}) is intra-group, but {p} has no {want} row with partner "
                   f"{x} to eliminate it against", src,
                   f"give {p}'s {want} from {x} the partner {x} in its trial balance; docs/consolidation.md "
                   "\"Disposals inside the year\"")
        return
    if cover and cover < total * sign:
        diff = total + fsum(v for _a, v in other)
        d = book(diff, run.decimals)
        ok = abs(diff) <= Fraction(run.group.policies.ic_tolerance)
        lines = [(x, a, -v) for a, v in xs] + [(p, a, -v) for a, v in other] + [(x, io.role("ic_difference"), diff)]
        matching.append({
            "kind": "intercompany_pl", "entity": x, "partner": p, "difference": str(d), "within_tolerance": ok,
            "rows": [{"entity": e, "account": a, "amount": str(book(v, run.decimals))}
                     for e, a, v in [(x, a, v) for a, v in xs] + [(p, a, v) for a, v in other]],
        })
        io.post("intercompany_pl", x, p, lines,
                f"{what} (its trial balance at {before}) against {p}'s {', '.join(a for a, _v in other)} with "
                f"{x} in the year, which is less (IFRS 10.B86(c)); difference {fmt(diff, run.decimals)} to "
                "ic_difference" + ("" if ok else " (above tolerance: see matching)"))
        return
    if len(other) == 1:
        mirror = other[0][0]
        for acc, value in xs:
            io.post("intercompany_pl", x, p, [(x, acc, -value), (p, mirror, value)],
                    f"{what} (its trial balance at {before}) against {p}'s {mirror} (IFRS 10.B86(c)); what {p} "
                    "booked with it after the sale stays, with an outside party")
        return
    if cover == total * sign:
        io.post("intercompany_pl", x, p, [(x, a, -v) for a, v in xs] + [(p, a, -v) for a, v in other],
                f"{what} (its trial balance at {before}) against {p}'s {', '.join(a for a, _v in other)} with {x} "
                "in the year, which add up to it (IFRS 10.B86(c))")
        return
    io.problem("deconsolidation.intragroup_with_leaving",
               f"{x} leaves the consolidation on {day}: its {', '.join(a for a, _v in xs)} with partner {p} to the "
               f"sale ({fmt(total, run.decimals)}) is intra-group, but {p} has several {want} rows with partner {x} "
               f"in the year ({', '.join(a for a, _v in other)}, {fmt(-fsum(v for _a, v in other), run.decimals)}) "
               "and which part of each is to the sale is not known", src,
               f"book {p}'s {want} with {x} after the sale without the partner {x}, or on one account; "
               "docs/consolidation.md \"Disposals inside the year\"")


def _dividend_stretches(run: Run, x: str, start: dt.date, before: dt.date, total: Fraction
                        ) -> list[tuple[dt.date, Fraction]]:
    """``x``'s dividends to ``before`` split where a holding of it changed, as the ``dividends`` step splits them (in
    the position of ``before``, whose NCI part is carried): what its trial balance the day before each change had
    declared went to the holders of then; one stretch for an entity in another currency."""
    cuts = sorted({h.date for h in run.holdings_of.get(x, ()) if start < h.date <= before})
    if not cuts or run.is_foreign(x):
        return [(start, total)]
    out, done = [], ZERO
    pre = run.local_tb(x, start - ONE_DAY) if start > run.real_fy_start else None
    before_control = fsum(Fraction(v) for (a, _p, _d), v in (pre or {}).items()
                          if run.account_role(a) == "dividends_declared")
    for cut in cuts:
        tb = run.local_tb(x, cut - ONE_DAY)
        if tb is None:  # reported by the NCI step (the profit split needs the same trial balance)
            return [(start, total)]
        upto = fsum(Fraction(v) for (a, _p, _d), v in tb.items() if run.account_role(a) == "dividends_declared")
        out.append((start, upto - before_control - done))
        done, start = upto - before_control, cut
    out.append((start, total - done))
    return [(d, v) for d, v in out if v]


def _held(run: Run, entity: str, holder: str, day: dt.date) -> Fraction:
    held = run.history.standing(entity, day).get(holder)
    return held.share if held is not None else ZERO


def _row_rate(io: StepIO, x: str, before: dt.date, date: dt.date | None) -> Fraction:
    """The rate the position of ``before`` translated a row of ``x``'s income, expense or dividends at."""
    run = io.run
    if not run.is_foreign(x):
        return Fraction(1)
    if date is not None:
        return io.rate(run.currency(x), date, "spot", f"translating {x}'s dated intra-group rows to its sale")
    return io.rate(run.currency(x), before, "average", f"translating {x}'s intra-group income to its sale")


def _derecognised(io: StepIO, on: dict[tuple[str, str], Fraction], inside: set[str]
                  ) -> tuple[list[tuple[str, str, Fraction | Decimal | int]], Fraction, Fraction]:
    """The ``disposal`` entry's lines but the gain, the cash given up and the holders' cost taken back."""
    run, chart = io.run, io.run.chart
    nci_acc, cta_acc, cash_acc = io.role("nci"), io.role("cta"), chart.cash()
    out: list[tuple[str, str, Fraction | Decimal | int]] = []
    cash = cost = ZERO
    for (x, acc), v in sorted(on.items()):
        role = chart.role_of(acc)
        if not v:
            continue
        if x in inside and run.is_balance(acc) and run.account_type(acc) != "equity":
            out.append((x, acc, -v))  # assets, liabilities, goodwill and fair values leave
            cash += v if acc == cash_acc or role == "cash" else 0
        elif x in inside and acc in (nci_acc, cta_acc):
            out.append((x, acc, -v))  # the NCI leave; the owners' reserve is recycled
        elif x not in inside and role == "investment":
            out.append((x, acc, -v))  # the holders' cost: sold, no longer eliminated
            cost -= v
    return out, cash, cost


def _foreign_positions(run: Run, res: ConsolidationResult, sub: tuple[str, ...], before: dt.date
                       ) -> tuple[dict[str, dict[str, Decimal]], dict[str, tuple[Fraction, Fraction]]]:
    """Each leaving foreign entity's local balances the day before and (closing, average) rates then."""
    local = {x: _local(run, x, before) for x in sub if run.is_foreign(x)}
    rates = {}
    for x in local:
        facts = res.translation.get(x, {})
        if facts.get("closing") and facts.get("average"):
            rates[x] = (Fraction(facts["closing"]), Fraction(facts["average"]))
    return local, rates


def _rate(res: ConsolidationResult, holder: str, run: Run) -> Fraction:
    """The seller's closing rate of the day before (the rate its amounts were consolidated at)."""
    if not run.is_foreign(holder):
        return Fraction(1)
    v = res.translation.get(holder, {}).get("closing")
    return Fraction(v) if v else Fraction(1)


def _local(run: Run, entity: str, day: dt.date) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for (acc, _p, _d), v in (run.local_tb(entity, day) or {}).items():
        out[acc] += v
    return dict(out)


__all__ = ["CARRIED_STEPS", "Deconsolidated", "Disposed", "Kept", "below_influence", "cost_at_loss", "deconsolidate",
           "keepers", "kept_interest", "kept_sub_group", "later_sales", "leaving", "local_cost", "no_keeper_row",
           "rate_paid", "sold_in_its_year", "sold_out"]

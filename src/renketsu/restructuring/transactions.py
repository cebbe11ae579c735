"""Acquisitions and disposals of shares, simulated (IFRS 3, IFRS 10.23 / B97–B99; ASBJ 22; docs/format.md §10.5, §10.8).

Acquisition: the holder pays the cost (investment up, cash down); after the event the
group holds the new share from the position date, so the consolidation's first
consolidation (goodwill, NCI) or NCI purchase applies.

Disposal: the holder sells ``share_sold`` for ``proceeds``; its books derecognise the
average carrying amount of the shares sold and show the gain. Keeping control, the
consolidation treats the sale as an equity transaction (the gain reversed, NCI up,
the difference in capital surplus). Losing control, the subsidiary leaves the
consolidation and a restructuring entry brings the consolidated gain to
proceeds + fair value of the retained interest + NCI − net assets − goodwill, with the
translation reserve recycled (ifrs); under jgaap the retained interest is kept at its
consolidated carrying amount and only the sold part's reserve is recycled.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import book, fmt, percent_str
from renketsu.model.types import Acquisition, Disposal, Holding, MethodOverride
from renketsu.ownership import Ownership, ownership_at

from .books import EntityBooks, entity_decimals
from .inputs import PlanInputs
from .plan import (
    ConsolidationEntry,
    ConsolidationLine,
    EntityEntry,
    Plan,
    replace_group,
)


def _sorted_holdings(holdings) -> tuple[Holding, ...]:
    return tuple(sorted(holdings, key=lambda x: (x.date, x.holder, x.entity)))


def plan_acquisition(inp: PlanInputs, ev: Acquisition) -> Plan:
    ws, own, chart = inp.ws, inp.own, inp.chart
    h = ev.holding
    day = inp.position.period
    if h.cost is None:
        raise RenketsuError(Problem("simulate.no_cost", f"acquisition {ev.id} has no cost", ev.source,
                                    "add cost: the consideration paid, in the holder's currency"))
    books = EntityBooks(chart, inp.position)
    inv_acc, _ = books.investment(h.holder, h.entity)
    old = own.holdings_between(h.holder, h.entity)
    lines = [(inv_acc, h.cost, h.entity), (chart.cash(), -h.cost, None)]
    books.apply(h.holder, lines)
    entries = [EntityEntry(h.holder, lines, f"{h.holder} buys shares of {h.entity} ({percent_str(old)} -> "
                           f"{percent_str(h.share)}) for {fmt(h.cost, entity_decimals(ws, h.holder))}")]
    # The group as the event leaves it: the holding stands from the position date.
    ws_after = replace_group(ws, holdings=_sorted_holdings((*ws.group.holdings, replace(h, date=day))))
    consolidation_entries = []
    gains_control = own.method(h.entity) != "full" and ownership_at(ws_after.group, day).method(h.entity) == "full"
    if old and gains_control:
        if ev.previously_held_fair_value is None:
            raise RenketsuError(Problem(
                "simulate.no_previously_held_fair_value",
                f"{h.holder} already holds {percent_str(old)} of {h.entity}: obtaining control remeasures that interest "
                "at fair value (IFRS 3.42; ASBJ Statement 21 §25)", ev.source,
                "add previously_held_fair_value to the event"))
        consolidation_entries.append(_remeasure_previous(inp, ev, old))
    books_after, income_after = books.after()
    return Plan(books_after=books_after, income_after=income_after, entries=entries, ws_after=ws_after,
                retained_earnings=chart.of("retained_earnings"), consolidation_entries=consolidation_entries)


def _remeasure_previous(inp: PlanInputs, ev: Acquisition, old: Fraction) -> ConsolidationEntry:
    """Step acquisition: the interest held before control is deemed disposed of at fair value."""
    h = ev.holding
    cost_prev = sum((x.cost or Decimal(0) for x in inp.ws.group.holdings
                     if x.holder == h.holder and x.entity == h.entity and x.date <= inp.position.period), Decimal(0))
    # The consolidated carrying amount before: equity-method carrying amount, else the cost.
    em = inp.earlier_frame.equity_method_carrying(h.holder, h.entity)
    carrying = em if em is not None else cost_prev
    fair = ev.previously_held_fair_value or Decimal(0)
    gain = fair - carrying
    d = inp.earlier.decimals
    return ConsolidationEntry(
        h.entity, h.holder,
        (ConsolidationLine(h.entity, fair - cost_prev, role="goodwill"),
         ConsolidationLine(h.holder, -gain, role="disposal_gain"),
         ConsolidationLine(h.holder, -(carrying - cost_prev), role="retained_earnings")),
        f"step acquisition of {h.entity}: {h.holder}'s previously held {percent_str(old)} remeasured from its "
        f"carrying amount {fmt(carrying, d)} to fair value {fmt(fair, d)} (gain {fmt(gain, d)}, IFRS 3.42); "
        f"goodwill measured with that fair value instead of the cost {fmt(cost_prev, d)}", attribute_to=h.holder)


@dataclass(frozen=True)
class _Sale:
    """The disposal in the seller's books."""

    holder: str
    entity: str
    old: Fraction
    new: Fraction
    inv_acc: str
    #: The carrying amount of the shares kept and the gain, in the seller's books (its currency).
    remaining: Decimal
    book_gain: Decimal


def plan_disposal(inp: PlanInputs, ev: Disposal) -> Plan:
    ws, own, chart = inp.ws, inp.own, inp.chart
    g = ws.group
    day = inp.position.period
    H, E = ev.holder, ev.entity
    old = own.holdings_between(H, E)
    if ev.share_sold > old:
        raise RenketsuError(Problem("simulate.sell_more_than_held",
                                    f"{H} holds {percent_str(old)} of {E} on {day} and cannot sell {percent_str(ev.share_sold)}",
                                    ev.source, "share_sold is a fraction of the entity's shares, at most what is held"))
    new = old - ev.share_sold
    dec = entity_decimals(ws, H)
    books = EntityBooks(chart, inp.position)
    inv_acc, carrying = books.investment(H, E)
    portion = book(Fraction(carrying) * ev.share_sold / old, dec) if old else Decimal(0)
    book_gain = ev.proceeds - portion
    lines = [(chart.cash(), ev.proceeds, None), (inv_acc, -portion, E), (chart.of("disposal_gain"), -book_gain, None)]
    books.apply(H, lines)
    entries = [EntityEntry(H, lines, f"{H} sells {percent_str(ev.share_sold)} of {E} for {fmt(ev.proceeds, dec)}: "
                           f"carrying amount of the shares sold {fmt(portion, dec)} ({percent_str(ev.share_sold / old)} of "
                           f"{fmt(carrying, dec)}), gain in its books {fmt(book_gain, dec)}")]
    sale = Holding(day, H, E, new, new * _votes_ratio(own, H, E), ev.proceeds, None, (), None, None, ev.source)
    holdings = _sorted_holdings((*g.holdings, sale))
    entities = g.entities
    consolidation_entries = []
    notes: list[str] = []
    if ownership_at(replace(g, holdings=holdings), day).method(E) != "full":
        holdings = _sorted_holdings((*g.holdings, replace(sale, cost=None)))
        ent = g.entities[E]
        # Out of the consolidation from the position date; the retained interest is shown at the
        # carrying amount worked out below (the equity method runs from the next period on).
        entities = {**g.entities, E: replace(ent, method_overrides=(*ent.method_overrides,
                                                                      MethodOverride(day, "none", ev.source)))}
        after = ownership_at(replace(g, holdings=holdings, entities=entities), day)
        # Everything controlled through E leaves with it (its sub-group).
        leaving = {x for x, eo in own.entities.items() if eo.method == "full" and after.method(x) != "full"}
        entry, note = _loss_of_control(inp, ev, _Sale(H, E, old, new, inv_acc, carrying - portion, book_gain),
                                       leaving | {E})
        consolidation_entries.append(entry)
        notes.append(note)
    books_after, income_after = books.after()
    return Plan(books_after=books_after, income_after=income_after, entries=entries,
                ws_after=replace_group(ws, holdings=holdings, entities=entities),
                consolidation_entries=consolidation_entries, notes=notes,
                retained_earnings=chart.of("retained_earnings"))


def _loss_of_control(inp: PlanInputs, ev: Disposal, s: _Sale, leaving: set[str]) -> tuple[ConsolidationEntry, str]:
    """The consolidated gain on losing control of E and its sub-group (every entity in ``leaving``)
    and the retained interest's carrying amount."""
    g = inp.ws.group
    earlier = inp.earlier
    E, H = s.entity, s.holder
    sub = earlier.sub_group(leaving)
    # a seller with NCI of its own: its NCI's share inside the NCI stays (only the NCI in the entities leaves),
    # and its share of the reserve is the seller's, recycled or kept with the rest (SubGroup.nci_above)
    goodwill, na, nci, cta = sub.goodwill, sub.net_assets, sub.nci_leaving, sub.reserve + sub.reserve_above
    d = earlier.decimals
    # The seller's amounts in the reporting currency at the position date's closing rate (the event's
    # day): its entries are translated so (docs/format.md §10.3), and so is what the event names.
    rates = inp.rates
    why = f"the disposal of {E} by {H}"
    proceeds = rates.to_reporting(H, ev.proceeds, d, why)
    book_gain = rates.to_reporting(H, s.book_gain, d, why)
    remaining = rates.translated(H, s.remaining, why)

    def m(x) -> str:
        return fmt(x, d)

    if g.framework == "ifrs":
        if ev.retained_fair_value is None and s.new:
            raise RenketsuError(Problem("simulate.no_retained_fair_value",
                                        f"{H} keeps {percent_str(s.new)} of {E} after losing control: ifrs remeasures it at "
                                        "fair value (IFRS 10.B98)", ev.source, "add retained_fair_value to the event"))
        retained = rates.to_reporting(H, ev.retained_fair_value or Decimal(0), d, why)
        recycled = cta
        gain = proceeds + retained + nci - na - goodwill + recycled
        how = (f"proceeds {m(proceeds)} + fair value of the retained {percent_str(s.new)} {m(retained)} + NCI {m(nci)} "
               f"− net assets {m(na)} − goodwill {m(goodwill)} + translation reserve recycled {m(recycled)}")
    else:
        kept = Fraction(s.new) / Fraction(s.old) if s.old else Fraction(0)
        owners_na = na - nci
        retained = book((Fraction(owners_na) + Fraction(goodwill)) * kept, d)
        recycled = book(Fraction(cta) * (1 - kept), d)
        gain = proceeds - (owners_na + goodwill - retained) + recycled
        how = (f"proceeds {m(proceeds)} − carrying amount of the part sold {m(owners_na + goodwill - retained)} + "
               f"translation reserve of that part recycled {m(recycled)}; the retained {percent_str(s.new)} stays at its "
               f"consolidated carrying amount {m(retained)} (jgaap)")
    cta_kept = cta - recycled
    below = s.new < g.policies.significant_influence
    carried: Decimal | Fraction = retained
    if below and g.framework != "ifrs":
        # jgaap below significant influence (ASBJ Statement 22 §29): the interest kept is carried at its cost in the
        # holder's books; the difference from its consolidated carrying amount and its part of the reserve go to
        # retained earnings (the entry's balance), not to profit: the gain is the one above
        carried, cta_kept = remaining, Decimal(0)
        how += f", then carried at {H}'s cost {m(remaining)} (below significant influence)"
    others = [x for x in sub.entities if x != E]
    who = f"{E} and its sub-group ({', '.join(others)})" if others else E
    note = f"{who} leave{'' if others else 's'} the consolidation on {inp.position.period}; consolidated gain {m(gain)}: {how}"
    currency = rates.currency(H)
    if currency != rates.reporting:
        note += (f"; {H}'s amounts in {currency} read at the closing rate of {inp.position.period}, "
                 f"{rates.of(currency)} {rates.reporting} per {currency}")
    target = (ConsolidationLine(H, retained, role="equity_method_investment")
              if not below else ConsolidationLine(H, carried, account=s.inv_acc))
    lines = [target, ConsolidationLine(H, -remaining, account=s.inv_acc),
             ConsolidationLine(H, book_gain - gain, role="disposal_gain")]
    # A seller booking in another currency: its translation puts a difference on the cost of E (cost ×
    # (closing − historical rate)) that the consolidation took out of its reserve while it eliminated
    # that cost. Nothing of E is eliminated after the event, so it is taken out here.
    on_cost = earlier.reserve_on_cost(H, E)
    if cta_kept or on_cost:
        lines.append(ConsolidationLine(H, on_cost - cta_kept, role="cta"))
    entry = ConsolidationEntry(
        E, H, tuple(lines),
        f"loss of control of {E}: consolidated gain {m(gain)} ({how}); the group's share of "
        f"{E}'s post-acquisition retained earnings is realised", balance_to=(H, "retained_earnings"))
    return entry, note


def _votes_ratio(own: Ownership, holder: str, entity: str) -> Fraction:
    eo = own.entities.get(entity)
    if not eo:
        return Fraction(1)
    share = eo.direct.get(holder, Fraction(0))
    votes = eo.direct_votes.get(holder, share)
    return votes / share if share else Fraction(1)


__all__ = ["plan_acquisition", "plan_disposal"]



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

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from renketsu.consolidation import ConsolidationResult
from renketsu.consolidation.stage import LegacyRun as Run
from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import book, currency_decimals, fmt, percent_str
from renketsu.model.types import Acquisition, Disposal, Holding, MethodOverride, Workspace
from renketsu.ownership import Ownership

from .frames import Position
from .merger import _apply, _carrying_adjustments, _Chart
from .simulate import EntityEntry, Plan, replace_group


def _books(position: Position) -> dict[str, dict]:
    return {e: defaultdict(Decimal, b) for e, b in position.books.items()}


def _investment_account(chart: _Chart, books, holder: str, entity: str) -> tuple[str, Decimal]:
    rows = [(acc, amt) for (acc, p), amt in books.get(holder, {}).items() if p == entity and chart.role(acc) == "investment"]
    if rows:
        return rows[0][0], sum((a for _acc, a in rows), Decimal(0))
    return chart.of("investment"), Decimal(0)


def plan_acquisition(ws: Workspace, ev: Acquisition, own: Ownership, position: Position,
                     before_frame: ConsolidationResult) -> Plan:
    g = ws.group
    chart = _Chart(ws)
    h = ev.holding
    day = position.period
    if h.cost is None:
        raise RenketsuError(Problem("simulate.no_cost", f"acquisition {ev.id} has no cost", ev.source,
                                    "add cost: the consideration paid, in the holder's currency"))
    books = _books(position)
    income: dict = defaultdict(lambda: defaultdict(Decimal))
    inv_acc, _ = _investment_account(chart, books, h.holder, h.entity)
    old = own.holdings_between(h.holder, h.entity)
    lines = [(inv_acc, h.cost, h.entity), (chart.cash(), -h.cost, None)]
    _apply(books, income, chart, h.holder, lines)
    entries = [EntityEntry(h.holder, lines, f"{h.holder} buys shares of {h.entity} ({percent_str(old)} -> "
                           f"{percent_str(h.share)}) for {fmt(h.cost, _decimals(ws, h.holder))}")]
    # The group as the event leaves it: the holding stands from the position date.
    moved = replace(h, date=day)
    ws_after = replace_group(ws, holdings=tuple(sorted((*g.holdings, moved), key=lambda x: (x.date, x.holder, x.entity))))
    ws_after = replace(ws_after, events={})
    notes: list[str] = []
    consolidation_entries = []
    from renketsu.ownership import ownership_at

    gains_control = own.method(h.entity) != "full" and ownership_at(ws_after.group, day).method(h.entity) == "full"
    if old and gains_control:
        if ev.previously_held_fair_value is None:
            raise RenketsuError(Problem(
                "simulate.no_previously_held_fair_value",
                f"{h.holder} already holds {percent_str(old)} of {h.entity}: obtaining control remeasures that interest "
                "at fair value (IFRS 3.42; ASBJ Statement 21 §25)", ev.source,
                "add previously_held_fair_value to the event"))
        consolidation_entries.append(_remeasure_previous(ws, ev, position, before_frame, old))
    return Plan(books_after=_clean(books), income_after=_clean(income), entries=entries, ws_after=ws_after,
                notes=notes, retained_earnings=chart.of("retained_earnings"),
                consolidation_entries=consolidation_entries)


def _remeasure_previous(ws: Workspace, ev: Acquisition, position: Position, before_frame: ConsolidationResult,
                        old: Fraction):
    """Step acquisition: the interest held before control is deemed disposed of at fair value."""
    h = ev.holding
    chart = _Chart(ws)
    em = chart.of("equity_method_investment")
    cost_prev = sum((x.cost or Decimal(0) for x in ws.group.holdings
                     if x.holder == h.holder and x.entity == h.entity and x.date <= position.period), Decimal(0))
    # The consolidated carrying amount before: equity-method carrying amount, else the cost.
    em_lines = [ln.amount for e in before_frame.eliminations if e.kind == "equity_method" and e.entity == h.entity
                for ln in e.lines if ln.account == em and ln.entity == h.holder]
    carrying = sum(em_lines, Decimal(0)) if em_lines else cost_prev
    fair = ev.previously_held_fair_value or Decimal(0)

    def post(run: Run) -> None:
        gain = fair - carrying
        run.book.post("restructuring", "restructuring", h.entity, h.holder,
                      [(h.entity, run.role("goodwill"), fair - cost_prev),
                       (h.holder, run.role("disposal_gain"), -gain),
                       (h.holder, run.role("retained_earnings"), -(carrying - cost_prev))],
                      f"step acquisition of {h.entity}: {h.holder}'s previously held {percent_str(old)} remeasured from its "
                      f"carrying amount {fmt(carrying, run.decimals)} to fair value {fmt(fair, run.decimals)} (gain "
                      f"{fmt(gain, run.decimals)}, IFRS 3.42); goodwill measured with that fair value instead of the "
                      f"cost {fmt(cost_prev, run.decimals)}", attribute_to=h.holder, event=True)
    return post


def plan_disposal(ws: Workspace, ev: Disposal, own: Ownership, position: Position, before: ConsolidationResult,
                  before_frame: ConsolidationResult) -> Plan:
    g = ws.group
    chart = _Chart(ws)
    day = position.period
    H, E = ev.holder, ev.entity
    old = own.holdings_between(H, E)
    if ev.share_sold > old:
        raise RenketsuError(Problem("simulate.sell_more_than_held",
                                    f"{H} holds {percent_str(old)} of {E} on {day} and cannot sell {percent_str(ev.share_sold)}",
                                    ev.source, "share_sold is a fraction of the entity's shares, at most what is held"))
    new = old - ev.share_sold
    dec = _decimals(ws, H)
    books = _books(position)
    income: dict = defaultdict(lambda: defaultdict(Decimal))
    inv_acc, carrying = _investment_account(chart, books, H, E)
    portion = book(Fraction(carrying) * ev.share_sold / old, dec) if old else Decimal(0)
    book_gain = ev.proceeds - portion
    gain_acc = chart.of("disposal_gain")
    lines = [(chart.cash(), ev.proceeds, None), (inv_acc, -portion, E), (gain_acc, -book_gain, None)]
    _apply(books, income, chart, H, lines)
    entries = [EntityEntry(H, lines, f"{H} sells {percent_str(ev.share_sold)} of {E} for {fmt(ev.proceeds, dec)}: "
                           f"carrying amount of the shares sold {fmt(portion, dec)} ({percent_str(ev.share_sold / old)} of "
                           f"{fmt(carrying, dec)}), gain in its books {fmt(book_gain, dec)}")]
    sale = Holding(day, H, E, new, new * _votes_ratio(own, H, E), ev.proceeds, None, (), None, None, ev.source)
    holdings = tuple(sorted((*g.holdings, sale), key=lambda x: (x.date, x.holder, x.entity)))
    after_group = replace(g, holdings=holdings)
    from renketsu.ownership import ownership_at

    keeps_control = ownership_at(after_group, day).method(E) == "full"
    consolidation_entries = []
    notes: list[str] = []
    if not keeps_control:
        sale = replace(sale, cost=None)
        holdings = tuple(sorted((*g.holdings, sale), key=lambda x: (x.date, x.holder, x.entity)))
        ent = g.entities[E]
        # Out of the consolidation from the position date; the retained interest is shown at the
        # carrying amount worked out below (the equity method runs from the next period on).
        entities = {**g.entities, E: replace(ent, method_overrides=(*ent.method_overrides,
                                                                      MethodOverride(day, "none", ev.source)))}
        after_group = replace(g, holdings=holdings, entities=entities)
        consolidation_entries.append(_loss_of_control(ws, ev, own, position, before, H, E, old, new, inv_acc,
                                                      carrying - portion, book_gain, notes))
    ws_after = replace(replace_group(ws, holdings=after_group.holdings, entities=after_group.entities), events={})
    return Plan(books_after=_clean(books), income_after=_clean(income), entries=entries, ws_after=ws_after,
                consolidation_entries=consolidation_entries, notes=notes,
                retained_earnings=chart.of("retained_earnings"))


def _loss_of_control(ws, ev: Disposal, own, position, before: ConsolidationResult, H, E, old, new, inv_acc,
                     remaining, book_gain, notes):
    """The consolidated gain on losing control and the retained interest's carrying amount."""
    g = ws.group
    chart = _Chart(ws)
    fva, goodwill = _carrying_adjustments(before, chart, E)
    contributions = before.contributions.get(E, {})
    na = sum((v for a, v in contributions.items() if chart.is_bs(a)), Decimal(0)) + sum(fva.values(), Decimal(0))
    item = before.entities.get(E, {})
    nci = Decimal(item.get("nci_amount", "0"))
    cta = Decimal(item.get("cta", "0"))
    ifrs = g.framework == "ifrs"

    def m(x) -> str:
        return fmt(x, before.decimals)

    if ifrs:
        if ev.retained_fair_value is None and new:
            raise RenketsuError(Problem("simulate.no_retained_fair_value",
                                        f"{H} keeps {percent_str(new)} of {E} after losing control: ifrs remeasures it at "
                                        "fair value (IFRS 10.B98)", ev.source, "add retained_fair_value to the event"))
        retained = ev.retained_fair_value or Decimal(0)
        recycled = cta
        gain = ev.proceeds + retained + nci - na - goodwill + recycled
        how = (f"proceeds {m(ev.proceeds)} + fair value of the retained {percent_str(new)} {m(retained)} + NCI {m(nci)} "
               f"− net assets {m(na)} − goodwill {m(goodwill)} + translation reserve recycled {m(recycled)}")
    else:
        kept = Fraction(new) / Fraction(old) if old else Fraction(0)
        owners_na = na - nci
        retained = book((Fraction(owners_na) + Fraction(goodwill)) * kept, before.decimals)
        recycled = book(Fraction(cta) * (1 - kept), before.decimals)
        gain = ev.proceeds - (owners_na + goodwill - retained) + recycled
        how = (f"proceeds {m(ev.proceeds)} − carrying amount of the part sold {m(owners_na + goodwill - retained)} + "
               f"translation reserve of that part recycled {m(recycled)}; the retained {percent_str(new)} stays at its "
               f"consolidated carrying amount {m(retained)} (jgaap)")
    cta_kept = cta - recycled
    notes.append(f"{E} leaves the consolidation on {position.period}; consolidated gain {m(gain)}: {how}")

    def post(run: Run) -> None:
        target_acc = run.role("equity_method_investment") if new >= g.policies.significant_influence else inv_acc
        lines = [(H, target_acc, retained), (H, inv_acc, -remaining),
                 (H, run.role("disposal_gain"), book_gain - gain)]
        if cta_kept:
            lines.append((H, run.role("cta"), -cta_kept))
        lines.append((H, run.role("retained_earnings"), -sum((Fraction(x[2]) for x in lines), Fraction(0))))
        run.book.post("restructuring", "restructuring", E, H, lines,
                      f"loss of control of {E}: consolidated gain {fmt(gain, run.decimals)} ({how}); the group's share of "
                      f"{E}'s post-acquisition retained earnings is realised", event=True)
    return post


def _votes_ratio(own: Ownership, holder: str, entity: str) -> Fraction:
    eo = own.entities.get(entity)
    if not eo:
        return Fraction(1)
    share = eo.direct.get(holder, Fraction(0))
    votes = eo.direct_votes.get(holder, share)
    return votes / share if share else Fraction(1)


def _decimals(ws: Workspace, entity: str) -> int:
    g = ws.group
    return g.policies.decimals if g.policies.decimals is not None else currency_decimals(g.entities[entity].currency)


def _clean(books: dict) -> dict:
    return {e: {k: v for k, v in b.items() if v} for e, b in books.items()}

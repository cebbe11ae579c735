"""Absorption-type mergers at entity level (ASBJ Statement 21 §41; Guidance 10 §§205–206; docs/format.md §10.8).

For each absorbed company A the survivor S:

- takes A's assets and liabilities at their consolidated carrying amounts as of the day
  before the effective date: A's own books, plus the fair-value adjustments and the
  unamortised goodwill found in the consolidation's trace (entries about A);
- extinguishes claims between the merging companies (Civil Code art. 520);
- derecognises its shares of A: its share of the net assets taken over (plus goodwill)
  less their carrying amount is the gain or loss on extinguishment of tie-in shares;
- for A's other group holders (a merger of sister companies) credits their share to
  capital surplus (or share capital, by ``share_capital_increase``) and the holder's
  investment in A becomes an investment in S;
- for A's outside shareholders, their share of the net assets against the
  consideration given to them (new shares at fair value, cash) goes to capital surplus,
  the new shares' value to share capital by ``share_capital_increase``.

At the consolidated level the tie-in gain or loss is reversed against retained
earnings, capital surplus booked by earlier purchases of A's NCI is reclassified, and
a sister holder's investment is eliminated against the equity S credited — so that a
merger among wholly-owned companies changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from renketsu.consolidation import ConsolidationResult
from renketsu.consolidation.stage import LegacyRun as Run
from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import book, currency_decimals, fmt, percent_str
from renketsu.model.types import Holding, IcStock, Merger, Source, Workspace
from renketsu.ownership import Ownership

from .facts import facts_after_merger
from .frames import Position
from .legal import merger_checks, wholly_owned_subsidiaries
from .simulate import EntityEntry, Plan, replace_group


class _Chart:
    def __init__(self, ws: Workspace):
        self.g = ws.group

    def type(self, acc: str) -> str:
        a = self.g.accounts.get(acc)
        return a.type if a else "expense"

    def role(self, acc: str) -> str | None:
        a = self.g.accounts.get(acc)
        return a.role if a else (acc if acc in ("goodwill", "nci", "cta") else None)

    def of(self, role: str) -> str:
        return self.g.role_account(role) or role

    def cash(self) -> str:
        for a in self.g.accounts.values():
            if a.type == "asset" and "cash" in a.name.lower():
                return a.id
        return "cash"

    def is_bs(self, acc: str) -> bool:
        return self.type(acc) in ("asset", "liability")


def _carrying_adjustments(before: ConsolidationResult, chart: _Chart, entity: str) -> tuple[dict[str, Decimal], Decimal]:
    """Fair-value adjustments and unamortised goodwill of ``entity`` at consolidated level, from the trace."""
    fva: dict[str, Decimal] = defaultdict(Decimal)
    goodwill = Decimal(0)
    for e in before.eliminations:
        for ln in e.lines:
            if ln.entity != entity:
                continue
            role = chart.role(ln.account)
            if role == "goodwill":
                goodwill += ln.amount
            elif e.kind == "investment" and chart.is_bs(ln.account) and role not in ("nci", "investment"):
                fva[ln.account] += ln.amount
    return {k: v for k, v in fva.items() if v}, goodwill


def plan_merger(ws: Workspace, ev: Merger, own: Ownership, position: Position, before: ConsolidationResult) -> Plan:
    g = ws.group
    chart = _Chart(ws)
    S = ev.surviving
    merging = {S, *ev.absorbed}
    rep = g.reporting_currency
    problems = [Problem("simulate.currency", f"{e} keeps its books in {g.entities[e].currency}; mergers are simulated "
                        f"for companies in the reporting currency {rep}", ev.source)
                for e in merging if g.entities[e].currency != rep]
    if problems:
        raise RenketsuError(problems)
    dec = g.policies.decimals if g.policies.decimals is not None else currency_decimals(rep)
    re_acc, cs_acc, sc_acc = chart.of("retained_earnings"), chart.of("capital_surplus"), chart.of("share_capital")
    books: dict[str, dict[tuple[str, str | None], Decimal]] = {e: defaultdict(Decimal, b) for e, b in position.books.items()}
    income: dict[str, dict[tuple[str, str | None], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    entries: list[EntityEntry] = []
    post_consolidation = []
    c = ev.consideration
    merger_loss = False
    notes: list[str] = []
    survivor_equity = -sum((v for (acc, _p), v in position.books.get(S, {}).items()
                            if chart.type(acc) == "equity"), Decimal(0))
    conf_total = Decimal(0)
    lines_S: list[tuple[str, Decimal, str | None]] = []

    # Claims of the survivor on the absorbed companies (and theirs on it) are extinguished.
    for (acc, partner), amt in list(books.get(S, {}).items()):
        if partner in ev.absorbed and chart.is_bs(acc) and chart.role(acc) != "investment":
            lines_S.append((acc, -amt, partner))
            conf_total += amt

    for A in ev.absorbed:
        bA = books.pop(A, {})
        fva, goodwill = _carrying_adjustments(before, chart, A)
        lines: list[tuple[str, Decimal, str | None]] = []
        na = Decimal(0)
        for (acc, partner), amt in sorted(bA.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            if not chart.is_bs(acc):
                continue
            na += amt
            if partner in merging:
                conf_total += amt
                continue
            lines.append((acc, amt, partner))
        for acc, amt in fva.items():
            lines.append((acc, amt, None))
            na += amt
        if goodwill:
            lines.append((chart.of("goodwill"), goodwill, None))
        direct = own.entities[A].direct if A in own.entities else {}
        s_S = direct.get(S, Fraction(0))
        group_holders = {h: s for h, s in direct.items() if s and h != S and own.method(h) in ("parent", "full")}
        outside = 1 - s_S - sum(group_holders.values(), Fraction(0))
        others = 1 - s_S
        # The survivor's shares of A.
        inv = [(acc, amt) for (acc, p), amt in books.get(S, {}).items() if p == A and chart.role(acc) == "investment"]
        carrying = sum((amt for _a, amt in inv), Decimal(0))
        for acc, amt in inv:
            lines.append((acc, -amt, A))
        # Goodwill of NCI measured at fair value goes with the outside shareholders' share (IFRS 3.19).
        nci_goodwill = Decimal(before.entities.get(A, {}).get("nci_goodwill", "0"))
        gw_to_S = goodwill - nci_goodwill if s_S else Decimal(0)
        tie = book(s_S * Fraction(na), dec) + gw_to_S - carrying if s_S else Decimal(0)
        if s_S:
            tie_acc = chart.of("tie_in_gain") if tie >= 0 else chart.of("tie_in_loss")
            lines.append((tie_acc, -tie, None))
            merger_loss = merger_loss or tie < 0
        parts = [f"{S} takes over {A}'s assets and liabilities at consolidated carrying amounts (net {fmt(na, dec)}"
                 + (f", goodwill {fmt(goodwill, dec)}" if goodwill else "") + ")"]
        if s_S:
            parts.append(f"{'gain' if tie >= 0 else 'loss'} on extinguishment of tie-in shares {fmt(abs(tie), dec)} "
                         f"({percent_str(s_S)} of net assets{' plus goodwill' if gw_to_S else ''} less carrying amount "
                         f"{fmt(carrying, dec)})")
        # Other group holders (sister merger) and outside shareholders.
        # Without the survivor among A's holders, A's goodwill goes with the first sister holder's part.
        gw_holder = None if s_S else next(iter(sorted(group_holders)), None)
        for holder, share in sorted(group_holders.items()):
            frac = Fraction(share) / others
            part = book(share * Fraction(na), dec) + (goodwill if holder == gw_holder else Decimal(0))
            sci = book(Fraction(c.share_capital_increase) * frac, dec)
            cash = book(Fraction(c.cash) * frac, dec)
            if not (sci or cash or c.shares_issued):
                # No consideration between sisters: A's equity is carried over as it stands, paid-in
                # capital to capital surplus (Guidance 10 §203-2(2); Accounting Ordinance art. 36(2)).
                eq_lines = _carried_equity(bA, chart, share, part, dec, sc_acc, cs_acc)
            else:
                eq_lines = [(sc_acc, -sci, None), (cs_acc, -(part - sci - cash), None), (chart.cash(), -cash, None)]
            lines += eq_lines
            h_inv = [(acc, amt) for (acc, p), amt in books.get(holder, {}).items()
                     if p == A and chart.role(acc) == "investment"]
            h_carrying = sum((amt for _a, amt in h_inv), Decimal(0))
            h_lines: list[tuple[str, Decimal, str | None]] = [(acc, -amt, A) for acc, amt in h_inv]
            inv_acc = h_inv[0][0] if h_inv else chart.of("investment")
            h_lines += [(inv_acc, h_carrying - cash, S), (chart.cash(), cash, None)]
            _apply(books, income, chart, holder, h_lines)
            entries.append(EntityEntry(holder, h_lines, f"{holder}'s shares of {A} become shares of {S}"
                                       + (f"; cash received {fmt(cash, dec)}" if cash else "")))
            post_consolidation.append(_sister_entry(S, holder, A, eq_lines, inv_acc, h_carrying - cash, re_acc))
            parts.append(f"{holder}'s {percent_str(share)} ({fmt(part, dec)}) credited to equity")
        if outside:
            frac = outside / others
            na_out = book(outside * Fraction(na), dec) + nci_goodwill
            sci = book(Fraction(c.share_capital_increase) * frac, dec)
            cash = book(Fraction(c.cash) * frac, dec)
            fv = book(Fraction(c.shares_issued_fair_value) * frac, dec)
            lines += [(sc_acc, -sci, None), (cs_acc, -(na_out - sci - cash), None), (chart.cash(), -cash, None)]
            # Art. 795(2)(ii): consideration other than shares above the net assets taken over (less the
            # survivor's own shares of A) is a merger loss; it is compared for the whole company.
            merger_loss = merger_loss or cash > na - carrying
            parts.append(f"outside shareholders' {percent_str(outside)} ({fmt(na_out, dec)}) against new shares at fair value "
                         f"{fmt(fv, dec)} and cash {fmt(cash, dec)}: share capital {fmt(sci, dec)}, capital surplus {fmt(na_out - sci - cash, dec)}")
        lines_S += lines
        entries.append(EntityEntry(S, lines, "; ".join(parts)))
        if s_S and tie:
            post_consolidation.append(_against_retained(
                S, A, tie_acc, tie, re_acc,
                f"the tie-in {'gain' if tie >= 0 else 'loss'} on {A} ({{amount}}) is {A}'s post-acquisition result "
                "already in consolidated retained earnings: reversed"))
        cs_sum = sum((ln.amount for e in before.eliminations if e.entity == A and e.step == "investment"
                      and e.kind == "nci" for ln in e.lines if ln.account == cs_acc), Decimal(0))
        if cs_sum:
            post_consolidation.append(_against_retained(
                S, A, cs_acc, cs_sum, re_acc,
                f"capital surplus from earlier purchases of {A}'s NCI ({{amount}}) kept at consolidated level: "
                "reclassified from retained earnings"))
    if conf_total:
        lines_S.append((chart.of("ic_difference"), conf_total, None))
        entries.append(EntityEntry(S, [(chart.of("ic_difference"), conf_total, None)],
                                   f"claims between the merging companies did not match by {fmt(conf_total, dec)}"))
    extinguished = [(acc, amt, p) for acc, amt, p in lines_S if p in ev.absorbed and chart.role(acc) != "investment"
                    and chart.is_bs(acc)]
    if extinguished:
        entries.insert(0, EntityEntry(S, [ln for ln in lines_S if ln in extinguished],
                                      "claims between the merging companies extinguished (Civil Code art. 520)"))
    _apply(books, income, chart, S, lines_S)
    renames = {a: S for a in ev.absorbed}
    for entity, b in books.items():
        moved = {}
        for (acc, partner), amt in list(b.items()):
            if partner in renames:
                del b[(acc, partner)]
                moved[(acc, renames[partner] if renames[partner] != entity else None)] = amt
        for key, amt in moved.items():
            b[key] += amt

    ws_after = _structure_after(ws, ev)
    direct_votes: dict[str, dict[str, Fraction]] = defaultdict(dict)
    direct_shares: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for eid, eo in own.entities.items():
        for h, v in eo.direct_votes.items():
            direct_votes[h][eid] = v
        for h, s in eo.direct.items():
            direct_shares[h][eid] = s
    wholly = {x: wholly_owned_subsidiaries(x, direct_shares) for x in merging}
    legal = merger_checks(S, list(ev.absorbed), ev.effective, c, survivor_equity, g.entities[S].shares_outstanding,
                          merger_loss, direct_votes, wholly, source=ev.source)
    facts = facts_after_merger(ws.facts, S, list(ev.absorbed), share_capital_increase=c.share_capital_increase)
    if c.shares_issued and S != g.parent:
        notes.append(f"{S} issues {c.shares_issued} new shares: the change in its holders' shares is not modelled")
    return Plan(retained_earnings=re_acc, renames=renames, books_after={e: {k: v for k, v in b.items() if v} for e, b in books.items()},
                income_after={e: {k: v for k, v in b.items() if v} for e, b in income.items()},
                entries=entries, ws_after=ws_after, consolidation_entries=post_consolidation, legal=legal,
                facts=facts, dissolved=list(ev.absorbed), notes=notes)


def _carried_equity(bA, chart: _Chart, share: Fraction, part: Decimal, dec: int, sc_acc: str, cs_acc: str):
    """A's equity components for a holder's ``share``; share capital to capital surplus; the rest of
    ``part`` (fair-value adjustments and goodwill at consolidated carrying amounts) to capital surplus."""
    lines: list[tuple[str, Decimal, str | None]] = []
    total = Decimal(0)
    for (acc, _p), amt in sorted(bA.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if chart.type(acc) != "equity":
            continue
        target = cs_acc if acc == sc_acc else acc
        value = book(share * Fraction(amt), dec)
        lines.append((target, value, None))
        total += value
    lines.append((cs_acc, -(part + total), None))
    return [ln for ln in lines if ln[1]]


def _apply(books, income, chart: _Chart, entity: str, lines) -> None:
    for acc, amt, partner in lines:
        if chart.type(acc) in ("income", "expense"):
            income[entity][(acc, None)] += amt
        else:
            books.setdefault(entity, defaultdict(Decimal))[(acc, partner)] += amt


def _against_retained(S: str, A: str, account: str, amount: Decimal, re_acc: str, reason: str):
    """A consolidation entry moving ``amount`` on ``account`` to retained earnings; ``{amount}`` in
    ``reason`` is filled with the booked amount."""
    def post(run: Run) -> None:
        run.book.post("restructuring", "restructuring", S, A, [(S, account, amount), (S, re_acc, -amount)],
                      reason.format(amount=fmt(abs(amount), run.decimals)), event=True)
    return post


def _sister_entry(S: str, holder: str, A: str, eq_lines, inv_acc: str, inv_amount: Decimal, re_acc: str):
    def post(run: Run) -> None:
        lines = [(S, acc, -amt) for acc, amt, _p in eq_lines if amt]
        lines.append((holder, inv_acc, -inv_amount))
        lines.append((S, re_acc, -sum((Fraction(x[2]) for x in lines), Fraction(0))))
        run.book.post("restructuring", "restructuring", S, holder, lines,
                      f"{holder}'s investment in {A}, now in {S}, eliminated against the equity {S} credited for it",
                      event=True)
    return post


def _structure_after(ws: Workspace, ev: Merger) -> Workspace:
    """The group without the absorbed companies; their holdings pass to the survivor."""
    g = ws.group
    absorbed = set(ev.absorbed)
    S = ev.surviving
    keep = [h for h in g.holdings if h.entity not in absorbed and h.holder not in absorbed]
    moved: dict[str, list[Holding]] = defaultdict(list)
    for h in g.holdings:
        if h.holder in absorbed and h.entity not in absorbed and h.entity != S:
            moved[h.entity].append(h)
    for entity, events in moved.items():
        own_events = [h for h in keep if h.entity == entity and h.holder == S]
        keep = [h for h in keep if not (h.entity == entity and h.holder == S)]
        keep += _combine(S, sorted(own_events + events, key=lambda h: h.date))
    entities = {k: v for k, v in g.entities.items() if k not in absorbed}
    stock = tuple(IcStock(r.period, S if r.seller in absorbed else r.seller, S if r.buyer in absorbed else r.buyer,
                          r.account, r.amount, r.margin, r.source) for r in ws.ic_stock)
    ws2 = replace_group(ws, entities=entities, holdings=tuple(sorted(keep, key=lambda h: (h.date, h.holder, h.entity))))
    from dataclasses import replace

    return replace(ws2, ic_stock=stock, events={})


def _combine(S: str, events: list[Holding]) -> list[Holding]:
    """Holdings of one entity by the survivor and by absorbed companies, as the survivor's alone."""
    current: dict[str, Fraction] = {}
    out = []
    for h in events:
        current[h.holder] = h.share
        total = sum(current.values(), Fraction(0))
        out.append(Holding(h.date, S, h.entity, total, total, h.cost, h.equity_at_acquisition, h.fair_value_adjustments,
                           h.nci_fair_value, h.nci_measurement,
                           Source(str(h.source), key=f"held by {h.holder} before the merger")))
    return out


__all__ = ["plan_merger"]

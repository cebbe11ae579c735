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
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import book, fmt, percent_str
from renketsu.model.types import Holding, IcStock, Merger, Source, Workspace

from .books import EntityBooks, entity_decimals
from .facts import facts_after_merger
from .inputs import PlanInputs
from .legal import LegalCheck, YenReading, merger_checks, wholly_owned_subsidiaries
from .plan import (
    ConsolidationEntry,
    ConsolidationLine,
    EntityEntry,
    EntityLine,
    Plan,
    replace_group,
)


@dataclass(frozen=True)
class _Absorbed:
    """One absorbed company as the survivor takes it over."""

    entity: str
    #: Its own closed books.
    books: dict[tuple[str, str | None], Decimal]
    #: Net assets taken over at consolidated carrying amounts (goodwill excluded).
    net_assets: Decimal
    goodwill: Decimal
    #: The part of the goodwill that belongs to the NCI (measured at fair value).
    nci_goodwill: Decimal
    #: The survivor's share of it.
    survivor_share: Fraction
    #: Its other holders inside the group and their shares (a merger of sister companies).
    sisters: dict[str, Fraction]
    #: The outside shareholders' share.
    outside: Fraction

    @property
    def others(self) -> Fraction:
        """Everyone's share but the survivor's."""
        return 1 - self.survivor_share


class _MergerWork:
    """The survivor's and the holders' entries for one merger, built part by part."""

    def __init__(self, inp: PlanInputs, ev: Merger):
        self.inp, self.ev, self.chart = inp, ev, inp.chart
        self.S = ev.surviving
        self.merging = {self.S, *ev.absorbed}
        #: The survivor books in its own currency; the absorbed companies' books are read into it at the
        #: closing rates of the position date (docs/restructuring.md "Currencies").
        self.dec = entity_decimals(inp.ws, self.S)
        self.rates = inp.rates
        self.why = f"the merger into {self.S}"
        self.currency = self.rates.currency(self.S)
        self.rate = self.rates.of(self.currency, self.why)
        self.re_acc = self.chart.of("retained_earnings")
        self.cs_acc = self.chart.of("capital_surplus")
        self.sc_acc = self.chart.of("share_capital")
        self.books = EntityBooks(self.chart, inp.position)
        self.entries: list[EntityEntry] = []
        self.consolidation: list[ConsolidationEntry] = []
        self.merger_loss = False
        #: Claims between the merging companies that did not match.
        self.mismatch = Decimal(0)
        #: Every line the survivor books.
        self.survivor_lines: list[EntityLine] = []

    def fmt(self, x: Decimal) -> str:
        return fmt(x, self.dec)

    def gfmt(self, x: Decimal) -> str:
        """An amount in the reporting currency."""
        return fmt(x, self.inp.earlier.decimals)

    # ------------------------------------------------------------------ currencies

    def to_survivor(self, entity: str, amount: Decimal) -> Decimal:
        """``amount`` in ``entity``'s currency, in the survivor's (through the reporting currency's closing rates)."""
        currency = self.rates.currency(entity)
        if currency == self.currency:
            return amount
        return book(Fraction(amount) * self.rates.of(currency, self.why) / self.rate, self.dec)

    def from_reporting(self, amount: Decimal) -> Decimal:
        """A consolidated amount (reporting currency, at the closing rate) in the survivor's currency."""
        return amount if self.rate == 1 else book(Fraction(amount) / self.rate, self.dec)

    def to_reporting(self, amount: Decimal) -> Decimal:
        """An amount the survivor books, in the reporting currency as its entry line is translated."""
        return self.rates.to_reporting(self.S, amount, self.inp.earlier.decimals, self.why)

    # ------------------------------------------------------------------ claims between the merging companies

    def extinguish_survivor_claims(self) -> None:
        """The survivor's claims on the absorbed companies (and theirs on it) are extinguished."""
        for (acc, partner), amt in list(self.books.of(self.S).items()):
            if partner in self.ev.absorbed and self.chart.is_bs(acc) and self.chart.role(acc) != "investment":
                self.survivor_lines.append((acc, -amt, partner))
                self.mismatch += amt

    # ------------------------------------------------------------------ assets taken over

    def take_over(self, A: str) -> tuple[_Absorbed, list[EntityLine]]:
        """A's assets and liabilities at consolidated carrying amounts, with its fair-value adjustments and goodwill."""
        bA = self.books.take(A)
        carrying = self.inp.earlier.carrying(A)
        lines: list[EntityLine] = []
        na = Decimal(0)
        for (acc, partner), amt in sorted(bA.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            if not self.chart.is_bs(acc):
                continue
            amt = self.to_survivor(A, amt)
            na += amt
            if partner in self.merging:
                self.mismatch += amt
                continue
            lines.append((acc, amt, partner))
        for acc, amount in carrying.fair_value_adjustments.items():
            amt = self.from_reporting(amount)
            lines.append((acc, amt, None))
            na += amt
        goodwill = self.from_reporting(carrying.goodwill)
        if goodwill:
            lines.append((self.chart.of("goodwill"), goodwill, None))
        own = self.inp.own
        direct = own.entities[A].direct if A in own.entities else {}
        s_S = direct.get(self.S, Fraction(0))
        sisters = {h: s for h, s in direct.items() if s and h != self.S and own.method(h) in ("parent", "full")}
        outside = 1 - s_S - sum(sisters.values(), Fraction(0))
        absorbed = _Absorbed(A, bA, na, goodwill, self.from_reporting(self.inp.earlier.nci_goodwill(A)), s_S, sisters,
                             outside)
        return absorbed, lines

    # ------------------------------------------------------------------ tie-in shares

    def tie_in(self, a: _Absorbed, lines: list[EntityLine], parts: list[str]) -> tuple[Decimal, ConsolidationEntry | None]:
        """The survivor's shares of A derecognised; the gain or loss on extinguishment of tie-in shares.
        Returns their carrying amount and the consolidation entry reversing the gain or loss."""
        inv = self.books.investments(self.S, a.entity)
        carrying = sum((amt for _a, amt in inv), Decimal(0))
        for acc, amt in inv:
            lines.append((acc, -amt, a.entity))
        if not a.survivor_share:
            return carrying, None
        # Goodwill of NCI measured at fair value goes with the outside shareholders' share (IFRS 3.19).
        gw_to_S = a.goodwill - a.nci_goodwill
        tie = book(a.survivor_share * Fraction(a.net_assets), self.dec) + gw_to_S - carrying
        tie_acc = self.chart.of("tie_in_gain") if tie >= 0 else self.chart.of("tie_in_loss")
        lines.append((tie_acc, -tie, None))
        self.merger_loss = self.merger_loss or tie < 0
        word = "gain" if tie >= 0 else "loss"
        parts.append(f"{word} on extinguishment of tie-in shares {self.fmt(abs(tie))} "
                     f"({percent_str(a.survivor_share)} of net assets{' plus goodwill' if gw_to_S else ''} less carrying "
                     f"amount {self.fmt(carrying)})")
        if not tie:
            return carrying, None
        return carrying, self._tie_in_reversal(a.entity, tie_acc, tie, word)

    def _tie_in_reversal(self, A: str, tie_acc: str, tie: Decimal, word: str) -> ConsolidationEntry:
        """The tie-in gain or loss is A's post-acquisition result, already in the group's figures: reversed.

        At historical rates it is in retained earnings; in another currency than the reporting one, what
        it holds beyond that is A's translation reserve (the owners' share), less the translation
        difference the survivor's own translation puts on its cost of A, which the consolidation took
        out of its reserve while it eliminated that cost. A's reserve stays: its operation continues in
        the survivor (no disposal, IAS 21.48)."""
        tie_rep = self.to_reporting(tie)
        earlier = self.inp.earlier
        reserve = earlier.reserve_on_cost(self.S, A) - earlier.reserve(A)
        if not reserve:
            return self._against_retained(
                A, tie_acc, tie_rep,
                f"the tie-in {word} on {A} ({self.gfmt(abs(tie_rep))}) is {A}'s post-acquisition result "
                "already in consolidated retained earnings: reversed")
        cta = self.chart.of("cta")
        return ConsolidationEntry(self.S, A, (ConsolidationLine(self.S, tie_rep, account=tie_acc),
                                              ConsolidationLine(self.S, reserve, account=cta),
                                              ConsolidationLine(self.S, -tie_rep - reserve, account=self.re_acc)),
                                  f"the tie-in {word} on {A} ({self.gfmt(abs(tie_rep))}) is {A}'s post-acquisition "
                                  f"result already in the group's figures: reversed, {self.gfmt(abs(tie_rep + reserve))} "
                                  f"in retained earnings (at historical rates) and {self.gfmt(abs(reserve))} in the "
                                  f"translation reserve ({A}'s reserve stays: its operation continues in {self.S})")

    # ------------------------------------------------------------------ sister holders

    def sister_holders(self, a: _Absorbed, lines: list[EntityLine], parts: list[str]) -> None:
        """A's other group holders: their share credited to the survivor's equity, their shares of A become shares of S."""
        c = self.ev.consideration
        # Without the survivor among A's holders, A's goodwill goes with the first sister holder's part.
        gw_holder = None if a.survivor_share else next(iter(sorted(a.sisters)), None)
        for holder, share in sorted(a.sisters.items()):
            frac = Fraction(share) / a.others
            part = book(share * Fraction(a.net_assets), self.dec) + (a.goodwill if holder == gw_holder else Decimal(0))
            sci = book(Fraction(c.share_capital_increase) * frac, self.dec)
            cash = book(Fraction(c.cash) * frac, self.dec)
            if not (sci or cash or c.shares_issued):
                # No consideration between sisters: A's equity is carried over as it stands, paid-in
                # capital to capital surplus (Guidance 10 §203-2(2); Accounting Ordinance art. 36(2)).
                eq_lines = self._carried_equity(a.books, share, part)
            else:
                eq_lines = [(self.sc_acc, -sci, None), (self.cs_acc, -(part - sci - cash), None),
                            (self.chart.cash(), -cash, None)]
            lines += eq_lines
            inv_acc, inv_amount = self._holder_exchanges(holder, a.entity, cash)
            self.consolidation.append(self._sister_entry(holder, a.entity, eq_lines, inv_acc, inv_amount))
            parts.append(f"{holder}'s {percent_str(share)} ({self.fmt(part)}) credited to equity")

    def _holder_exchanges(self, holder: str, A: str, cash: Decimal) -> tuple[str, Decimal]:
        """The holder's shares of A become shares of S (less any cash it receives); returns the new investment."""
        h_inv = self.books.investments(holder, A)
        h_carrying = sum((amt for _a, amt in h_inv), Decimal(0))
        h_lines: list[EntityLine] = [(acc, -amt, A) for acc, amt in h_inv]
        inv_acc = h_inv[0][0] if h_inv else self.chart.of("investment")
        h_lines += [(inv_acc, h_carrying - cash, self.S), (self.chart.cash(), cash, None)]
        self.books.apply(holder, h_lines)
        self.entries.append(EntityEntry(holder, h_lines, f"{holder}'s shares of {A} become shares of {self.S}"
                                        + (f"; cash received {self.fmt(cash)}" if cash else "")))
        return inv_acc, h_carrying - cash

    def _carried_equity(self, bA, share: Fraction, part: Decimal) -> list[EntityLine]:
        """A's equity components for a holder's ``share``; share capital to capital surplus; the rest of
        ``part`` (fair-value adjustments and goodwill at consolidated carrying amounts) to capital surplus."""
        lines: list[EntityLine] = []
        total = Decimal(0)
        for (acc, _p), amt in sorted(bA.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            if self.chart.type(acc) != "equity":
                continue
            value = book(share * Fraction(amt), self.dec)
            lines.append((self.cs_acc if acc == self.sc_acc else acc, value, None))
            total += value
        lines.append((self.cs_acc, -(part + total), None))
        return [ln for ln in lines if ln[1]]

    # ------------------------------------------------------------------ outside holders

    def outside_holders(self, a: _Absorbed, carrying: Decimal, lines: list[EntityLine], parts: list[str]) -> None:
        """A's outside shareholders: their share of the net assets against the consideration given to them."""
        if not a.outside:
            return
        c = self.ev.consideration
        frac = a.outside / a.others
        na_out = book(a.outside * Fraction(a.net_assets), self.dec) + a.nci_goodwill
        sci = book(Fraction(c.share_capital_increase) * frac, self.dec)
        cash = book(Fraction(c.cash) * frac, self.dec)
        fv = book(Fraction(c.shares_issued_fair_value) * frac, self.dec)
        lines += [(self.sc_acc, -sci, None), (self.cs_acc, -(na_out - sci - cash), None), (self.chart.cash(), -cash, None)]
        # Art. 795(2)(ii): consideration other than shares above the net assets taken over (less the
        # survivor's own shares of A) is a merger loss; it is compared for the whole company.
        self.merger_loss = self.merger_loss or cash > a.net_assets - carrying
        # Their share of A's translation reserve passes to the owners with the ownership, as on any
        # purchase of NCI (the reserve follows the ownership; docs/restructuring.md "Currencies").
        nci_reserve = self.inp.earlier.nci_reserve(a.entity)
        if nci_reserve:
            self.consolidation.append(ConsolidationEntry(
                self.S, a.entity, (ConsolidationLine(self.S, nci_reserve, account=self.cs_acc),
                                   ConsolidationLine(self.S, -nci_reserve, account=self.chart.of("cta"))),
                f"the outside shareholders' share of {a.entity}'s translation reserve ({self.gfmt(nci_reserve)}) "
                "passes to the owners with the ownership: from capital surplus to the reserve"))
        parts.append(f"outside shareholders' {percent_str(a.outside)} ({self.fmt(na_out)}) against new shares at fair "
                     f"value {self.fmt(fv)} and cash {self.fmt(cash)}: share capital {self.fmt(sci)}, capital surplus "
                     f"{self.fmt(na_out - sci - cash)}")

    # ------------------------------------------------------------------ one absorbed company, then the whole merger

    def absorb(self, A: str) -> None:
        a, lines = self.take_over(A)
        parts = [f"{self.S} takes over {A}'s assets and liabilities at consolidated carrying amounts (net "
                 f"{self.fmt(a.net_assets)}" + (f", goodwill {self.fmt(a.goodwill)}" if a.goodwill else "") + ")"]
        carrying, reversal = self.tie_in(a, lines, parts)
        self.sister_holders(a, lines, parts)
        self.outside_holders(a, carrying, lines, parts)
        self.survivor_lines += lines
        self.entries.append(EntityEntry(self.S, lines, "; ".join(parts)))
        if reversal is not None:
            self.consolidation.append(reversal)
        cs_sum = self.inp.earlier.capital_surplus_from_nci(A)
        if cs_sum:
            self.consolidation.append(self._against_retained(
                A, self.cs_acc, cs_sum,
                f"capital surplus from earlier purchases of {A}'s NCI ({self.gfmt(abs(cs_sum))}) kept at consolidated "
                "level: reclassified from retained earnings"))

    def book_survivor(self) -> None:
        """The survivor's lines booked; the claims extinguished shown first, any mismatch last."""
        ic = self.chart.of("ic_difference")
        if self.mismatch:
            self.survivor_lines.append((ic, self.mismatch, None))
            self.entries.append(EntityEntry(self.S, [(ic, self.mismatch, None)],
                                            f"claims between the merging companies did not match by {self.fmt(self.mismatch)}"))
        extinguished = [ln for ln in self.survivor_lines if ln[2] in self.ev.absorbed
                        and self.chart.role(ln[0]) != "investment" and self.chart.is_bs(ln[0])]
        if extinguished:
            self.entries.insert(0, EntityEntry(self.S, extinguished,
                                               "claims between the merging companies extinguished (Civil Code art. 520)"))
        self.books.apply(self.S, self.survivor_lines)

    def _against_retained(self, A: str, account: str, amount: Decimal, reason: str) -> ConsolidationEntry:
        """A consolidation entry moving ``amount`` on ``account`` to retained earnings."""
        return ConsolidationEntry(self.S, A, (ConsolidationLine(self.S, amount, account=account),
                                              ConsolidationLine(self.S, -amount, account=self.re_acc)), reason)

    def _sister_entry(self, holder: str, A: str, eq_lines: list[EntityLine], inv_acc: str,
                      inv_amount: Decimal) -> ConsolidationEntry:
        lines = [ConsolidationLine(self.S, -amt, account=acc) for acc, amt, _p in eq_lines if amt]
        lines.append(ConsolidationLine(holder, -inv_amount, account=inv_acc))
        return ConsolidationEntry(self.S, holder, tuple(lines),
                                  f"{holder}'s investment in {A}, now in {self.S}, eliminated against the equity "
                                  f"{self.S} credited for it", balance_to=(self.S, "retained_earnings"))


def _check_currencies(inp: PlanInputs, ev: Merger) -> None:
    """A merger of sister companies (the absorbed company held by another group company than the survivor)
    is simulated when every company involved books in the reporting currency."""
    g = inp.ws.group
    rep = g.reporting_currency
    own = inp.own
    problems = []
    for A in ev.absorbed:
        direct = own.entities[A].direct if A in own.entities else {}
        sisters = sorted(h for h, s in direct.items() if s and h != ev.surviving and own.method(h) in ("parent", "full"))
        foreign = sorted({e for e in (ev.surviving, A, *sisters) if g.entities[e].currency != rep})
        if sisters and foreign:
            problems.append(Problem(
                "simulate.currency",
                f"{A} is held by {', '.join(sisters)} besides {ev.surviving}, and "
                f"{', '.join(f'{e} keeps its books in {g.entities[e].currency}' for e in foreign)}: a merger of "
                f"sister companies is simulated for companies booking in the reporting currency {rep}", ev.source,
                "simulate the merger of sister companies booking in the reporting currency, or consolidate after it"))
    if problems:
        raise RenketsuError(problems)


def plan_merger(inp: PlanInputs, ev: Merger) -> Plan:
    _check_currencies(inp, ev)
    work = _MergerWork(inp, ev)
    survivor_equity = work.books.equity(ev.surviving)
    work.extinguish_survivor_claims()
    for A in ev.absorbed:
        work.absorb(A)
    work.book_survivor()
    renames = {a: ev.surviving for a in ev.absorbed}
    work.books.rename_partners(renames)
    books_after, income_after = work.books.after()
    notes: list[str] = []
    c = ev.consideration
    if c.shares_issued and ev.surviving != inp.ws.group.parent:
        notes.append(f"{ev.surviving} issues {c.shares_issued} new shares: the change in its holders' shares is not modelled")
    return Plan(retained_earnings=work.re_acc, renames=renames, books_after=books_after, income_after=income_after,
                entries=work.entries, ws_after=_structure_after(inp.ws, ev), consolidation_entries=work.consolidation,
                legal=_legal(inp, ev, survivor_equity, work.merger_loss),
                facts=facts_after_merger(inp.ws.facts, ev.surviving, list(ev.absorbed),
                                         share_capital_increase=c.share_capital_increase),
                dissolved=list(ev.absorbed), notes=notes)


def _legal(inp: PlanInputs, ev: Merger, survivor_equity: Decimal, merger_loss: bool) -> list[LegalCheck]:
    """The Companies Act checks on the merger."""
    direct_votes: dict[str, dict[str, Fraction]] = defaultdict(dict)
    direct_shares: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for eid, eo in inp.own.entities.items():
        for h, v in eo.direct_votes.items():
            direct_votes[h][eid] = v
        for h, s in eo.direct.items():
            direct_shares[h][eid] = s
    S = ev.surviving
    wholly = {x: wholly_owned_subsidiaries(x, direct_shares) for x in (S, *ev.absorbed)}
    # The Act's amounts are in yen: a survivor booking in another currency reads them at the closing
    # rate of the position date (docs/legal-checks.md "Companies booking in another currency").
    # A survivor booking in the reporting currency of a group that states no yen rate is tested on its
    # figures as they stand (groups written in a notional unit, as before).
    rates = inp.rates
    currency = rates.currency(S)
    reading = None
    if currency != "JPY" and (currency != rates.reporting or "JPY" in rates.have):
        why = f"reading the Companies Act's yen amounts in {S}'s {currency}"
        reading = YenReading(currency, rates.of(currency, why) / rates.of("JPY", why), inp.position.period)
    return merger_checks(S, list(ev.absorbed), ev.effective, ev.consideration, survivor_equity,
                         inp.ws.group.entities[S].shares_outstanding, merger_loss, direct_votes, wholly, source=ev.source,
                         reading=reading)


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
    return replace(ws2, ic_stock=stock)


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

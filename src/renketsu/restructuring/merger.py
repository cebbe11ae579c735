"""Absorption-type mergers at entity level (ASBJ Statement 21 §41; Guidance 10 §§205–206; docs/format.md §10.8).

For each absorbed company A the survivor S:

- takes A's assets and liabilities at their consolidated carrying amounts as of the day
  before the effective date: A's own books, plus the fair-value adjustments and the
  unamortised goodwill found in the consolidation's trace (entries about A); in another
  currency than A's, read at the closing rates of the position date, except A's cost of
  its subsidiaries and associates, a non-monetary item at historical cost (IAS 21.23(b)),
  read at the rates of its purchase, so that the consolidation after eliminates the same
  yen cost (and measures an associate from the same yen cost);
- extinguishes claims between the merging companies (Civil Code art. 520);
- derecognises its shares of A: its share of the net assets taken over (plus goodwill)
  less their carrying amount is the gain or loss on extinguishment of tie-in shares;
- for A's other group holders (a merger of sister companies) credits their share to
  capital surplus (or share capital, by ``share_capital_increase``) and the holder's
  investment in A becomes an investment in S;
- for A's outside shareholders, their share of the net assets against the
  consideration given to them (new shares at fair value, cash) goes to capital surplus,
  the new shares' value to share capital by ``share_capital_increase``; paid in new shares
  of a survivor other than the parent they become its NCI (at consolidated level a
  transaction with the NCI, IFRS 10.23).

At the consolidated level the tie-in gain or loss is reversed against retained
earnings, capital surplus booked by earlier purchases of A's NCI is reclassified, and
a sister holder's investment is eliminated against the equity S credited — so that a
merger among wholly-owned companies changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import book, fmt, percent_str
from renketsu.model.types import Group, Holding, IcStock, Merger, Source, Workspace
from renketsu.ownership import Ownership

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
    #: Its owners' translation reserve (credit positive), split among its group holders (the
    #: survivor and the sister holders) by their direct shares; empty in the reporting currency.
    reserve: dict[str, Decimal]

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
        #: The share of the survivor its new outside shareholders hold after (A's outside shareholders
        #: paid in its new shares, :func:`_survivor_shares_case`), and the equity it credits for them.
        self.new_outside = _survivor_shares_case(inp, ev)
        self.outside_equity: list[tuple[str, str, Decimal]] = []
        #: The cash paid to them with the new shares (survivor's currency): a purchase of their NCI.
        self.outside_cash: dict[str, Decimal] = {}
        #: A survivor the group owns in part absorbing a sister (:func:`_partly_owned_survivor_case`): its NCI's
        #: share before and after, and the equity it credits the sister holders (survivor's currency).
        self.survivor_nci = _partly_owned_survivor_case(inp, ev)
        self.sister_equity: list[EntityLine] = []
        #: The equity it credits the absorbed company's outside shareholders bought out for cash (reporting currency).
        self.outside_credited = Decimal(0)
        #: rates.csv by (currency, date), then kind (:meth:`_rate_on`), made when first needed.
        self._dated_rates: dict[tuple[str, dt.date], dict[str, Fraction]] | None = None

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

    def historical_cost(self, h: Holding, cost: Decimal) -> Decimal:
        """An absorbed company's cost of a holding, in the survivor's currency at the rates of the holding's
        date (spot, else closing): the cost the consolidation eliminates keeps its value in the reporting
        currency, so the merger makes no new goodwill (ASBJ Guidance 10 §§ 200–206: carrying amounts carried over; a
        non-monetary item at historical cost keeps the rate of its purchase, IAS 21.23(b))."""
        currency = self.rates.currency(h.holder)
        if currency == self.currency:
            return cost
        return book(Fraction(cost) * self._rate_on(currency, h) / self._rate_on(self.currency, h), self.dec)

    def _rate_on(self, currency: str, h: Holding) -> Fraction:
        """``currency``'s rate on the date of holding ``h``, as the consolidation reads a cost (spot, else
        closing; the position date's closing rate when rates.csv has neither)."""
        if currency == self.inp.ws.group.reporting_currency:
            return Fraction(1)
        if self._dated_rates is None:  # rates.csv indexed once by (currency, date), not scanned per holding
            self._dated_rates = {}
            for r in self.inp.ws.rates:
                self._dated_rates.setdefault((r.currency, r.date), {})[r.kind] = Fraction(r.rate)
        found = self._dated_rates.get((currency, h.date), {})
        for kind in ("spot", "closing"):
            if kind in found:
                return found[kind]
        return self.rates.of(currency, self.why)

    def reserve_on_cost_after(self, A: str, T: str) -> Decimal:
        """What the consolidation after the merger takes out of the survivor's reserve on A's cost of T now
        the survivor's (debit positive, reporting currency): that cost, in the survivor's currency, × (its
        closing − its historical rate); what the consolidation took out before when A books in the
        survivor's currency."""
        if self.rates.currency(A) == self.currency:
            return self.inp.earlier.reserve_on_cost(A, T)
        total = Fraction(0)
        for h in self.inp.ws.group.holdings:
            if h.holder == A and h.entity == T and h.cost is not None:
                total += Fraction(self.historical_cost(h, h.cost)) * (self.rate - self._rate_on(self.currency, h))
        return book(total, self.inp.earlier.decimals)

    def _reserve_on_associate_after(self, A: str, X: str) -> Decimal:
        """What A's reserve kept differs from A's owners' reserve by for associate ``X``, which passes to the
        survivor (credit positive, reporting currency): less what A's equity-method entry put on the
        reserve, which the consolidation after books again on the survivor — with the translation
        difference on the survivor's cost of X taken out instead of A's. Both costs leave at the amounts
        the holders' investments carry, so the reserve kept adds the survivor's investment in X less
        A's, each as its entity line stands in the reporting currency."""
        dec = self.inp.earlier.decimals
        held = EntityBooks(self.chart, self.inp.position).investments(A, X)  # A's books as they stood
        in_A = self.rates.to_reporting(A, sum((amt for _acc, amt in held), Decimal(0)), dec, self.why)
        in_S = sum((self.to_reporting(self.cost_taken_over(A, acc, X, amt)) for acc, amt in held), Decimal(0))
        return -self.inp.earlier.equity_method_reserve(A, X) + in_S - in_A

    def cost_taken_over(self, A: str, acc: str, partner: str | None, amount: Decimal) -> Decimal:
        """A line of A's books in the survivor's currency. A's cost of a subsidiary or an associate it holds
        passes at the value its holdings give it in the survivor's currency (:meth:`historical_cost`), so
        that the consolidation after eliminates it against the same equity at the same yen cost, and
        measures the associate from the same yen cost (its goodwill inside the carrying amount
        unchanged); any other line at the closing rates (:meth:`to_survivor`)."""
        if (partner is None or self.chart.role(acc) != "investment" or partner in self.merging
                or self.rates.currency(A) == self.currency or self.inp.own.method(partner) not in ("full", "equity")):
            return self.to_survivor(A, amount)
        held = [h for h in self.inp.ws.group.holdings if h.holder == A and h.entity == partner and h.cost is not None]
        if sum((h.cost for h in held if h.cost is not None), Decimal(0)) != amount:
            return self.to_survivor(A, amount)
        return sum((self.historical_cost(h, h.cost) for h in held if h.cost is not None), Decimal(0))

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
            amt = self.cost_taken_over(A, acc, partner, amt)
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
                             outside, self._split_reserve(A, {**({self.S: s_S} if s_S else {}), **sisters}))
        return absorbed, lines

    def _split_reserve(self, A: str, holders: dict[str, Fraction]) -> dict[str, Decimal]:
        """A's owners' translation reserve by group holder, pro rata to their direct shares; the last
        holder takes what booking leaves, so the parts add up to the reserve exactly.

        A holding subsidiaries has had the translation difference on its costs of them taken out of
        its reserve (:meth:`Earlier.reserve_on_cost`); its holdings pass to the survivor with their cost
        and date, and the consolidation after takes that difference out of the survivor's reserve, so
        it is added back here (once, not twice). Inside the sub-group of a holder the group owns in part
        the survivor has NCI: what the consolidation attributed to A for its NCI — that difference less
        the translation of its goodwill on them — it attributes to the survivor after, so only the
        owners' share is added back (:meth:`_owners_on_costs`).

        An associate A holds passes to the survivor with its holding; the consolidation after books its
        equity-method entry again, on the survivor, and the entry's lines on the reserve with it (the
        difference on the carrying amount, in the associate's currency at the closing rate, and the one
        on the holder's cost taken back out). So A's reserve kept leaves out what A's entry put there
        and reads A's cost of it as the survivor's books carry it: plus the survivor's investment in
        the reporting currency, less A's (docs/restructuring.md "Currencies", case merger/s-18) — for the
        owners' share only when the survivor has NCI (:meth:`_owners_on_associate`)."""
        earlier = self.inp.earlier
        own = self.inp.own
        held = [e for e, eo in own.entities.items() if eo.direct.get(A) and eo.method == "full"]
        total = earlier.reserve(A) + sum((self._owners_on_costs(A, T) for T in held), Decimal(0))
        for X in sorted(e for e, eo in own.entities.items() if eo.direct.get(A) and eo.method == "equity"):
            total += self._owners_on_associate(A, X)
        if not total or not holders:
            return {}
        group = sum(holders.values(), Fraction(0))
        out: dict[str, Decimal] = {}
        names = sorted(holders)
        for h in names[:-1]:
            out[h] = book(Fraction(total) * holders[h] / group, self.inp.earlier.decimals)
        out[names[-1]] = total - sum(out.values(), Decimal(0))
        return out

    def _owners_on_associate(self, A: str, X: str) -> Decimal:
        """The owners' share of :meth:`_reserve_on_associate_after` (credit positive). The NCI step splits a
        holder's reserve, its equity-method entries' lines on it with the rest, at the holder's NCI ratio:
        A's owners' reserve held only the owners' share of A's entry's reserve on X, and the NCI of the
        survivor bear their share of the survivor's after, with the difference on the survivor's cost of X.
        So both parts are the owners' share only: net of the survivor's NCI, who have NCI only inside the
        sub-group of a holder the group owns in part (as :meth:`_owners_on_costs`; case merger/s-18 under
        an 80%-owned holder, tests/restructuring/test_sister_currency.py)."""
        after = self._reserve_on_associate_after(A, X)
        own = self.inp.own
        n = own.entities[self.S].nci if self.S in own.entities else Fraction(0)
        # None when the group wholly owns A (a survivor with outside shareholders of its own absorbing a holder of an
        # associate, case merger/s-35: its NCI take their share after by :meth:`survivor_interest_changes`).
        n = min(n, own.entities[A].nci if A in own.entities else Fraction(0))
        if not n:
            return after
        return after - book(n * Fraction(after), self.inp.earlier.decimals)

    def _owners_on_costs(self, A: str, T: str) -> Decimal:
        """What the consolidation after takes out of the owners' reserve on A's cost of its subsidiary T, now
        the survivor's (debit positive): the translation difference on that cost (:meth:`reserve_on_cost_after`)
        less the survivor's NCI's share of it net of the translation of T's goodwill attributed to the holder
        (as the NCI of A bore it before: both are attributed to T's holder for its NCI, A's then, the
        survivor's after). The survivor has NCI only inside the sub-group of a holder the group owns in part."""
        on_cost = self.reserve_on_cost_after(A, T)
        own = self.inp.own
        n = own.entities[self.S].nci if self.S in own.entities else Fraction(0)
        # Only what the NCI bore before through A moves with it: none when the group wholly owns A (a
        # survivor with outside shareholders of its own absorbing a holding, case merger/s-25, whose NCI
        # take their share of the difference after by :meth:`survivor_interest_changes`).
        n = min(n, own.entities[A].nci if A in own.entities else Fraction(0))
        if not n:
            return on_cost
        return on_cost - book(n * Fraction(on_cost - self._goodwill_translation(T, A)), self.inp.earlier.decimals)

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
        return carrying, self._tie_in_reversal(a, tie_acc, tie, word)

    def _tie_in_reversal(self, a: _Absorbed, tie_acc: str, tie: Decimal, word: str) -> ConsolidationEntry:
        """The tie-in gain or loss is A's post-acquisition result, already in the group's figures: reversed.

        At historical rates it is in retained earnings; in another currency than the reporting one, what
        it holds beyond that is A's translation reserve (the owners' share), less the translation
        difference the survivor's own translation puts on its cost of A, which the consolidation took
        out of its reserve while it eliminated that cost. A's reserve stays: its operation continues in
        the survivor (no disposal, IAS 21.48)."""
        A = a.entity
        tie_rep = self.to_reporting(tie)
        reserve = self.inp.earlier.reserve_on_cost(self.S, A) - a.reserve.get(self.S, Decimal(0))
        reserve -= self._survivor_nci_on_cost(A)
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

    def _survivor_nci_on_cost(self, A: str) -> Decimal:
        """A survivor the group owns in part absorbing its subsidiary A (case merger/s-21): what its NCI bore
        before of the translation difference on its cost of A, taken out of its reserve while the cost was
        eliminated, net of the translation of A's goodwill attributed to the survivor for its NCI (credit
        positive): n × (on cost − goodwill's). After the merger neither is there, so the consolidation after
        gives the owners that much more of the survivor's reserve; the reserve the tie-in reversal keeps (the
        owners' entry) is less by it. Nothing changes hands with the NCI (IFRS 10.B86, IAS 21.48C: no change
        of interest, nothing re-attributed). Zero for a survivor the group wholly owns."""
        n = self._survivor_nci_ratio()
        if not n:
            return Decimal(0)
        return book(n * Fraction(self.inp.earlier.reserve_on_cost(self.S, A) - self._goodwill_translation(A, self.S)),
                    self.inp.earlier.decimals)

    # ------------------------------------------------------------------ sister holders

    def sister_holders(self, a: _Absorbed, lines: list[EntityLine], parts: list[str]) -> None:
        """A's other group holders: their share credited to the survivor's equity, their shares of A become shares of S."""
        c = self.ev.consideration_of(a.entity)
        # Without the survivor among A's holders, A's goodwill goes with the first sister holder's part; the NCI's
        # own goodwill (NCI at fair value) goes with the outside shareholders' (IFRS 3.19, :meth:`outside_holders`).
        gw_holder = None if a.survivor_share else next(iter(sorted(a.sisters)), None)
        for holder, share in sorted(a.sisters.items()):
            frac = Fraction(share) / a.others
            part = book(share * Fraction(a.net_assets), self.dec) + (a.goodwill - a.nci_goodwill if holder == gw_holder
                                                                      else Decimal(0))
            sci = book(Fraction(c.share_capital_increase) * frac, self.dec)
            cash = book(Fraction(c.cash) * frac, self.dec)
            if not (sci or cash or c.shares_issued):
                # No consideration between sisters: A's equity is carried over as it stands, paid-in
                # capital to capital surplus (Guidance 10 §203-2(2); Accounting Ordinance art. 36(2)).
                eq_lines = self._carried_equity(a, share, part)
            else:
                eq_lines = [(self.sc_acc, -sci, None), (self.cs_acc, -(part - sci - cash), None)]
            lines += eq_lines
            self.sister_equity += eq_lines
            if cash:
                lines.append((self.chart.cash(), -cash, None))
            inv_acc, inv_amount = self._holder_exchanges(holder, a.entity, cash)
            self.consolidation.append(self._sister_entry(holder, a, eq_lines, inv_acc, inv_amount))
            inside = self._inside_holder(holder, self.rates.to_reporting(holder, inv_amount, self.inp.earlier.decimals,
                                                                         self.why))
            if inside is not None:
                self.consolidation.append(inside)
            transfer = self._nci_transfer(holder, a.entity, self.rates.to_reporting(
                holder, inv_amount, self.inp.earlier.decimals, self.why))
            if transfer is not None:
                self.consolidation.append(transfer)
            parts.append(f"{holder}'s {percent_str(share)} ({self.fmt(part)}) credited to equity"
                         + (f", cash {self.fmt(cash)} paid to it" if cash else ""))

    def _holder_exchanges(self, holder: str, A: str, cash: Decimal) -> tuple[str, Decimal]:
        """The holder's shares of A become shares of S (less any cash it receives, in the holder's own
        currency at the closing rates); returns the new investment, in the holder's currency."""
        h_inv = self.books.investments(holder, A)
        h_carrying = sum((amt for _a, amt in h_inv), Decimal(0))
        h_lines: list[EntityLine] = [(acc, -amt, A) for acc, amt in h_inv]
        inv_acc = h_inv[0][0] if h_inv else self.chart.of("investment")
        h_cash = self._in_currency_of(holder, cash)
        h_lines += [(inv_acc, h_carrying - h_cash, self.S), (self.chart.cash(), h_cash, None)]
        self.books.apply(holder, h_lines)
        self.entries.append(EntityEntry(holder, h_lines, f"{holder}'s shares of {A} become shares of {self.S}"
                                        + (f"; cash received {fmt(h_cash, entity_decimals(self.inp.ws, holder))}"
                                           if h_cash else "")))
        return inv_acc, h_carrying - h_cash

    def _in_currency_of(self, entity: str, amount: Decimal) -> Decimal:
        """An amount in the survivor's currency, in ``entity``'s (through the closing rates)."""
        currency = self.rates.currency(entity)
        if currency == self.currency or not amount:
            return amount
        rate = self.rates.of(currency, self.why)
        return book(Fraction(amount) * self.rate / rate, entity_decimals(self.inp.ws, entity))

    def _carried_equity(self, a: _Absorbed, share: Fraction, part: Decimal) -> list[EntityLine]:
        """A's equity components for a holder's ``share`` (in the survivor's currency); share capital to
        capital surplus; the rest of ``part`` (fair-value adjustments and goodwill at consolidated
        carrying amounts, and any difference the reading into the survivor's currency makes) to
        capital surplus."""
        lines: list[EntityLine] = []
        total = Decimal(0)
        for (acc, _p), amt in sorted(a.books.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            if self.chart.type(acc) != "equity":
                continue
            value = book(share * Fraction(self.to_survivor(a.entity, amt)), self.dec)
            lines.append((self.cs_acc if acc == self.sc_acc else acc, value, None))
            total += value
        lines.append((self.cs_acc, -(part + total), None))
        return [ln for ln in lines if ln[1]]

    # ------------------------------------------------------------------ outside holders

    def outside_holders(self, a: _Absorbed, carrying: Decimal, lines: list[EntityLine], parts: list[str]) -> None:
        """A's outside shareholders: their share of the net assets against the consideration given to them."""
        if not a.outside:
            return
        c = self.ev.consideration_of(a.entity)
        frac = a.outside / a.others
        na_out = book(a.outside * Fraction(a.net_assets), self.dec) + a.nci_goodwill
        sci = book(Fraction(c.share_capital_increase) * frac, self.dec)
        cash = book(Fraction(c.cash) * frac, self.dec)
        fv = book(Fraction(c.shares_issued_fair_value) * frac, self.dec)
        lines += [(self.sc_acc, -sci, None), (self.cs_acc, -(na_out - sci - cash), None), (self.chart.cash(), -cash, None)]
        # Art. 795(2)(ii): consideration other than shares above the net assets taken over (less the
        # survivor's own shares of A) is a merger loss; it is compared for the whole company.
        self.merger_loss = self.merger_loss or cash > a.net_assets - carrying
        if self.new_outside is not None:
            # Paid in new shares of the survivor, they stay outside shareholders: of S now
            # (:meth:`outside_become_survivors`).
            self.outside_equity += [(a.entity, self.sc_acc, -sci), (a.entity, self.cs_acc, -(na_out - sci - cash))]
            self.outside_cash[a.entity] = self.outside_cash.get(a.entity, Decimal(0)) + cash
        # Their share of A's translation reserve passes to the owners with the ownership, as on any
        # purchase of NCI (the reserve follows the ownership; docs/restructuring.md "Currencies").
        if self.survivor_nci is not None:
            # A survivor the group owns in part (case merger/s-26): one transaction with the NCI for the whole
            # merger (:meth:`survivor_interest_changes`), the equity credited for them S's post-acquisition equity.
            self.outside_credited += self.to_reporting(na_out - cash)
        nci_reserve = (self._outside_reserve(a) if self.new_outside is None and self.survivor_nci is None
                       else Decimal(0))
        if nci_reserve:
            self.consolidation.append(ConsolidationEntry(
                self.S, a.entity, (ConsolidationLine(self.S, nci_reserve, account=self.cs_acc),
                                   ConsolidationLine(self.S, -nci_reserve, account=self.chart.of("cta"))),
                f"the outside shareholders' share of {a.entity}'s translation reserve ({self.gfmt(nci_reserve)}"
                + (f", with the translation difference on their own goodwill, NCI at fair value, "
                   f"{self.gfmt(on_goodwill)}" if (on_goodwill := self.inp.earlier.nci_goodwill_translation(a.entity))
                   else "")
                + ") passes to the owners with the ownership (IAS 21.48C): from capital surplus to the reserve"))
        survivor_nci = (self._survivor_nci_on_equity(a.entity, [(self.sc_acc, -sci), (self.cs_acc, -(na_out - sci - cash))])
                        if self.new_outside is None and self.survivor_nci is None else None)
        if survivor_nci is not None:
            self.consolidation.append(survivor_nci)
        parts.append(f"outside shareholders' {percent_str(a.outside)} ({self.fmt(na_out)}) against new shares at fair "
                     f"value {self.fmt(fv)} and cash {self.fmt(cash)}: share capital {self.fmt(sci)}, capital surplus "
                     f"{self.fmt(na_out - sci - cash)}")

    def _survivor_nci_ratio(self) -> Fraction:
        """The survivor's NCI ratio (0 for the parent and a survivor the group wholly owns)."""
        own = self.inp.own
        return own.entities[self.S].nci if self.S in own.entities and self.S != self.inp.ws.group.parent else Fraction(0)

    def _outside_reserve(self, a: _Absorbed) -> Decimal:
        """What passes to the owners' reserve when A's outside shareholders are bought out (credit positive):
        their share of A's translation reserve (IAS 21.48C, the reserve follows the ownership). A's NCI holds,
        besides theirs, the indirect share of the survivor's NCI when the group owns the survivor in part
        (case merger/s-22); that part stays with them. Of the outside shareholders' part, the share of the
        survivor's NCI passes to it, not to the owners: the owners get (1 − n_S) × outside × A's reserve.

        NCI measured at fair value hold the translation difference on their own goodwill inside their NCI,
        not in the NCI step's share of the reserve, and it is theirs alone (the survivor's NCI have none of it);
        bought out, it passes with the rest, the owners' (1 − n_S) of it (IAS 21.48C; cases merger/s-28,
        merger/s-29)."""
        earlier = self.inp.earlier
        n_S = self._survivor_nci_ratio()
        on_goodwill = earlier.nci_goodwill_translation(a.entity)
        if not n_S:
            return earlier.nci_reserve(a.entity) + on_goodwill
        n_A = self.inp.own.entities[a.entity].nci
        return book((1 - n_S) * (a.outside * Fraction(earlier.nci_reserve(a.entity)) / n_A + Fraction(on_goodwill)),
                    earlier.decimals)

    def _survivor_nci_on_equity(self, A: str, credited: list[tuple[str, Decimal]]) -> ConsolidationEntry | None:
        """The survivor's NCI share of the equity it credits A's outside shareholders other than retained
        earnings (share capital, capital surplus: the consolidation after takes every post-acquisition change
        in the survivor's net assets for its NCI from retained earnings): moved back, so that the owners'
        capital surplus is the owners' share of the transaction with the NCI (IFRS 10.B96; ASBJ Statement
        22 §30) and retained earnings do not change. None for a survivor the group wholly owns."""
        n = self._survivor_nci_ratio()
        if not n:
            return None
        lines = [(acc, book(n * Fraction(self.to_reporting(-amt)), self.inp.earlier.decimals)) for acc, amt in credited]
        lines = [(acc, x) for acc, x in lines if x]
        if not lines:
            return None
        total = sum((x for _acc, x in lines), Decimal(0))
        return ConsolidationEntry(
            self.S, A, (*(ConsolidationLine(self.S, x, account=acc) for acc, x in lines),
                        ConsolidationLine(self.S, -total, account=self.re_acc)),
            f"{self.S}'s NCI ({percent_str(n)}) take their share of the equity {self.S} credited for {A}'s outside "
            f"shareholders ({self.gfmt(total)}) from retained earnings in the consolidation: it is equity "
            "other than retained earnings, moved back")

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

    def outside_become_survivors(self) -> None:
        """A's outside shareholders paid in new shares of the survivor become its NCI: a change in the
        group's interest that keeps control, an equity transaction (IFRS 10.23, B96; ASBJ Statement 22
        §§28–30, Guidance 10 §247: capital surplus). The equity the survivor credited for them is their
        NCI (no longer of A but of S); then the NCI is brought to their share of S's identifiable net
        assets as the group carries them (goodwill stays the owners', IFRS 3.19), the NCI's share of the
        reserve re-attributed with the interest (IAS 21.48C: before, of A's; after, of S's and A's), the
        rest the owners' in capital surplus. Cash paid to them with the shares (a mixed consideration)
        is the group buying part of their NCI (IFRS 10.23, B96: the NCI adjusted less the consideration
        paid is the owners'): S credited them their share of A less that cash, and S's net assets after,
        of which they get their share, are less by all the cash S paid (to the group's holders too).
        Amounts in the reporting currency, as the lines translate."""
        n = self.new_outside
        if n is None or not self.outside_equity:
            return
        earlier, S, d = self.inp.earlier, self.S, self.inp.earlier.decimals
        # Several absorbed companies (case merger/s-34): each one's outside shareholders become S's NCI together.
        outsiders = sorted({e for e, _acc, _amt in self.outside_equity})
        A = outsiders[0]
        nci_acc, cta = self.chart.of("nci"), self.chart.of("cta")
        base = Decimal(0)
        for X in outsiders:
            credited = [(acc, self.to_reporting(-amt)) for e, acc, amt in self.outside_equity if amt and e == X]
            lines = [ConsolidationLine(S, amount, account=acc) for acc, amount in credited]
            part = sum((amount for _acc, amount in credited), Decimal(0))
            base += part
            cash = self.to_reporting(self.outside_cash.get(X, Decimal(0)))
            self.consolidation.append(ConsolidationEntry(
                S, X, (*lines, ConsolidationLine(S, -part, account=nci_acc)),
                f"{X}'s outside shareholders receive new shares of {S}"
                + (f" and cash {self.gfmt(cash)}, with which the group buys that much of their NCI of {X} "
                   "(IFRS 10.23)" if cash else "")
                + f": the equity {S} credited for them ({self.gfmt(part)}) is their NCI, now of {S}"))
        # A survivor with outside shareholders of its own (case merger/s-24): the consolidation after, holding
        # the survivor at its old share, gives them that share of its books after, of all the equity it credited
        # A's holders too (taken from retained earnings: given back), and of its reserve.
        n0 = self._survivor_nci_ratio()
        taken = Decimal(0)
        if n0:
            sisters = sum((self.to_reporting(-amt) for _acc, amt, _p in self.sister_equity), Decimal(0))
            taken = book(n0 * Fraction(base + sisters), d)
            base += earlier.nci(S) + taken
        goodwill_acc = self.chart.of("goodwill")
        # S's sub-group: its subsidiaries' net assets as the group carries them replace S's cost of them,
        # less their own NCI (which stays theirs); the new NCI of S gets its share through S (IFRS 10.B96).
        below = _survivor_sub_group(self.inp, S) or set()
        identifiable = sum((self.to_reporting(amt) for (acc, partner), amt in self.books.of(S).items()
                            if self.chart.type(acc) in ("asset", "liability") and acc != goodwill_acc
                            and not (partner in below and self.chart.role(acc) == "investment")), Decimal(0))
        identifiable += sum(earlier.carrying(S).fair_value_adjustments.values(), Decimal(0))
        if below:
            sub = earlier.sub_group(below)
            identifiable += sub.net_assets - sub.nci
        target = book(n * Fraction(identifiable), d)
        # The owners' reserve of S's sub-group (S's own net of what was taken out on its costs of its
        # subsidiaries, theirs for S's share), goodwill's translation left out as the goodwill is.
        reserve_S = sum((earlier.reserve(e) - self._goodwill_translation(e) for e in sorted({S, *below})), Decimal(0))
        nci_before = (sum((earlier.nci_reserve(X) for X in self.ev.absorbed), Decimal(0))
                      + (earlier.nci_reserve(S) if n0 else Decimal(0)))
        if n0:
            reserve_S += earlier.nci_reserve(S)
        # Each absorbed company's whole reserve (goodwill's translation left out): its NCI's share of it over their
        # share, or, held wholly by the group, its owners' reserve.
        reserve_absorbed = Fraction(0)
        for X in self.ev.absorbed:
            outside_X = 1 - sum(self.inp.own.entities[X].direct.values(), Fraction(0))
            reserve_absorbed += (Fraction(earlier.nci_reserve(X)) / outside_X if outside_X
                                 else Fraction(earlier.reserve(X) - self._goodwill_translation(X)))
        reserve_after = book(n * (Fraction(reserve_S) + reserve_absorbed), d)
        moved = reserve_after - nci_before
        change = target - base
        if not (change or moved or taken):
            return
        self.consolidation.append(ConsolidationEntry(
            S, A, tuple(ln for ln in (ConsolidationLine(S, -change, account=nci_acc),
                                      ConsolidationLine(S, -taken, account=self.re_acc),
                                      ConsolidationLine(S, moved, account=cta)) if ln.amount),
            f"the group's interest in {S} falls to {percent_str(1 - n)}, keeping control: a transaction with the "
            f"NCI (IFRS 10.23, B96; ASBJ Statement 22 §30). The NCI, {percent_str(n)} of {S}'s identifiable net "
            f"assets ({self.gfmt(identifiable)}), is {self.gfmt(target)} (was {self.gfmt(base)}); its share of the "
            f"translation reserve goes with the interest, {self.gfmt(reserve_after)} (was "
            f"{self.gfmt(nci_before)}, IAS 21.48C)"
            + (f"; the {self.gfmt(taken)} the consolidation after gives {S}'s NCI of the equity {S} credited, from "
               "retained earnings, given back" if taken else "") + "; the difference in capital surplus",
            balance_to=(S, "capital_surplus")))

    def survivor_interest_changes(self) -> None:
        """A survivor the group owns in part absorbs a sister the group wholly owns (case merger/s-23): the
        group's interest in the absorbed business falls from all of it to its share of the survivor after,
        and in the survivor's own business it moves to the same share (new shares to the group's holders
        raise it; none leave it): a transaction with the NCI that keeps control (IFRS 10.23, B96; ASBJ
        Statement 22 §30, Guidance 10 §247: the difference in capital surplus). The consolidation after,
        holding the survivor at its old share, gives the NCI that share of the survivor's books after — of
        the equity it credited the sister holders too, taken from retained earnings. The NCI is brought to
        its share after of the survivor's identifiable net assets as the group carries them (goodwill stays
        the owners', IFRS 3.19, as :meth:`outside_become_survivors` reads it), what it took from retained
        earnings given back; its share of the reserve follows the interest (IAS 21.48C: the survivor's and
        the absorbed company's, goodwill's translation left out as the goodwill is); the rest is the
        owners', in capital surplus. Amounts in the reporting currency, as the lines translate."""
        if self.survivor_nci is None:
            return
        n0, n1 = self.survivor_nci
        earlier, S, d = self.inp.earlier, self.S, self.inp.earlier.decimals
        (A,) = self.ev.absorbed
        credited = sum((self.to_reporting(-amt) for _acc, amt, _p in self.sister_equity), Decimal(0))
        credited += self.outside_credited
        base = earlier.nci(S) + book(n0 * Fraction(credited), d)
        nci_reserve_after_assoc = Decimal(0)
        goodwill_acc = self.chart.of("goodwill")
        # A holding company (case merger/s-25): its sub-group moves under S. The consolidation after gives S's NCI
        # their share of it through S (indirect NCI): the group's share of its net assets as the group carries them
        # (its own outside shareholders' NCI stays theirs, case merger/s-30) in place of S's cost of them, and of its
        # owners' reserve, less the translation difference on S's costs of A's direct holdings, taken out of S's
        # reserve, plus the translation of their goodwill, both attributed to the holder for its NCI.
        below = _absorbed_sub_group(self.inp, A) or set()
        cost_below = sum((self.to_reporting(amt) for (acc, partner), amt in self.books.of(S).items()
                          if partner in below and self.chart.role(acc) == "investment"), Decimal(0))
        # A's associates (case merger/s-35) move under S too: S's cost of them is replaced by their equity-method
        # carrying amount (the same as before: measured in the associate's currency from the same yen cost).
        associates = _absorbed_associates(self.inp, A) or {}
        identifiable = sum((self.to_reporting(amt) for (acc, partner), amt in self.books.of(S).items()
                            if self.chart.type(acc) in ("asset", "liability") and acc != goodwill_acc
                            and not (partner in below | set(associates) and self.chart.role(acc) == "investment")),
                           Decimal(0))
        identifiable += sum(earlier.carrying(S).fair_value_adjustments.values(), Decimal(0))
        for X, holder in sorted(associates.items()):
            carrying_X = self._associate_carrying(holder, X)
            if holder == A:
                # Held by A (case merger/s-35), X is S's associate after. The consolidation after gives S's NCI
                # their share of S's equity-method entry on X: of the carrying amount beyond S's cost (the share of
                # profit since, in retained earnings, given back below), and of the entry's reserve, with the
                # translation difference on S's cost of X taken out in place of A's.
                cost_X = sum((self.to_reporting(amt) for (acc, partner), amt in self.books.of(S).items()
                              if partner == X and self.chart.role(acc) == "investment"), Decimal(0))
                identifiable += carrying_X
                nci_reserve_after_assoc += book(n0 * Fraction(-self._reserve_on_associate_after(A, X)), d)
            else:
                # Held by a subsidiary of A (case merger/s-36), X stays its associate: the holder's net assets below
                # hold its cost, the equity-method entry adds the rest (its reserve is inside the holder's).
                cost_X = self._associate_carrying(holder, X, cost_only=True)
                identifiable += carrying_X - cost_X
            base += book(n0 * Fraction(carrying_X - cost_X), d)
        reserve_below = sum((earlier.reserve(e) for e in sorted(below)), Decimal(0))
        nci_reserve_after = earlier.nci_reserve(S) + nci_reserve_after_assoc
        if below:
            sub = earlier.sub_group(below)
            identifiable += sub.net_assets - sub.nci
            # S's NCI bear their share of S's cost of T as the consolidation after eliminates it, so of the goodwill
            # in that cost too (at the closing rate, its translation in the reserve below): given back with the rest.
            base += book(n0 * Fraction(sub.net_assets - sub.nci - cost_below + sub.goodwill), d)
            on_costs = sum((self.reserve_on_cost_after(A, T) for T in sorted(below)
                            if self.inp.own.entities[T].direct.get(A)), Decimal(0))
            nci_reserve_after += book(n0 * Fraction(reserve_below - on_costs), d)
        # What the consolidation after gives S's NCI beyond their NCI before and is not reserve it takes
        # from retained earnings (the equity S credited, the sub-group's post-acquisition profit): given back.
        taken = base - earlier.nci(S) - (nci_reserve_after - earlier.nci_reserve(S))
        target = book(n1 * Fraction(identifiable), d)
        # Held through a holder the group owns in part (case merger/s-27): the NCI the consolidation attributes to S
        # is net of the holder's NCI's share of the holder's cost of S (indirect NCI: they hold S through H's
        # investment, H's own NCI figure holding their share of it); that part does not change.
        direct_S = {h: sh for h, sh in self.inp.own.entities[S].direct.items() if sh}
        indirect = Decimal(0)
        if any(h != self.inp.ws.group.parent and self.inp.own.entities[h].nci for h in direct_S):
            indirect = earlier.nci(S) - book(n0 * Fraction(earlier.net_assets(S)), d)
            target += indirect
        # A's outside shareholders bought out (case merger/s-26): their share of A's reserve left the reserve inside
        # the equity S credited them (their NCI less the cash); the gross reserve is A's whole, theirs included.
        # NCI at fair value (case merger/s-33): the translation difference on their own goodwill, inside their NCI,
        # left with it too; the goodwill and its translation are the owners' after (IFRS 3.19, IAS 21.48C).
        gone = earlier.nci_reserve(A)
        on_nci_goodwill = earlier.nci_goodwill_translation(A)
        # Goodwill of the sub-group and its translation stay the owners' (IFRS 3.19, as s-19 reads it; case merger/s-30).
        reserve = (Fraction(earlier.nci_reserve(S)) / n0 + Fraction(earlier.reserve(A) + gone - self._goodwill_translation(A))
                   + Fraction(reserve_below - sum((self._goodwill_translation(e) for e in sorted(below)), Decimal(0))))
        reserve_after = book(n1 * reserve, d)
        moved = reserve_after - nci_reserve_after - gone - on_nci_goodwill
        nci_acc, cta = self.chart.of("nci"), self.chart.of("cta")
        lines = tuple(ln for ln in (ConsolidationLine(S, base - target, account=nci_acc),
                                    ConsolidationLine(S, -taken, account=self.re_acc),
                                    ConsolidationLine(S, moved, account=cta)) if ln.amount)
        if not lines:
            return
        self.consolidation.append(ConsolidationEntry(
            S, A, lines,
            (f"{A}'s outside shareholders are bought out for cash, their NCI of {A} ({self.gfmt(earlier.nci(A))}, "
             f"reserve {self.gfmt(gone)} in it"
             + (f", their own goodwill's translation {self.gfmt(on_nci_goodwill)} too" if on_nci_goodwill else "")
             + ") leaving; " if gone or self.outside_credited else "")
            + f"{A}'s business passes into {S}, which the group owns {percent_str(1 - n0)} of before and "
            f"{percent_str(1 - n1)} after, keeping control: a transaction with the NCI (IFRS 10.23, B96; ASBJ "
            f"Statement 22 §30). The NCI, {percent_str(n1)} of {S}'s identifiable net assets "
            f"({self.gfmt(identifiable)}), is {self.gfmt(target)}"
            + (f" net of {self.gfmt(-indirect)}, the indirect NCI's share of the holders' cost of {S}, which stays"
               if indirect else "")
            + " (the consolidation after gives it "
            f"{percent_str(n0)} of {S}'s books{' and, through ' + S + ', of ' + ', '.join(sorted(below)) if below else ''}, "
            f"{self.gfmt(base)}, {self.gfmt(taken)} of it from retained "
            f"earnings: given back); its share of the translation reserve goes with the interest, "
            f"{self.gfmt(reserve_after)} (was {self.gfmt(earlier.nci_reserve(S))}"
            + (f", {self.gfmt(nci_reserve_after)} in the consolidation after" if below else "")
            + "; IAS 21.48C); the difference in capital surplus"
            + (f" ({', '.join(sorted(below))} moving under {S} with {A}, the group's interest in "
               f"{'them' if len(below) > 1 else 'it'} falling to {percent_str(1 - n1)})" if below else ""),
            balance_to=(S, "capital_surplus")))

    def _associate_carrying(self, holder: str, X: str, cost_only: bool = False) -> Decimal:
        """``holder``'s associate X at its equity-method carrying amount in the consolidation before (reporting
        currency): the holder's investment line as translated plus what the consolidation's entries about X add
        to it (:meth:`Earlier.equity_method_adjustment`); with ``cost_only``, the investment line alone."""
        held = EntityBooks(self.chart, self.inp.position).investments(holder, X)  # the books as they stood
        line = self.rates.to_reporting(holder, sum((amt for _acc, amt in held), Decimal(0)), self.inp.earlier.decimals,
                                       self.why)
        return line if cost_only else line + self.inp.earlier.equity_method_adjustment(holder, X)

    def _goodwill_translation(self, entity: str, holder: str | None = None) -> Decimal:
        """The translation of ``entity``'s goodwill in the reserve (credit positive), on ``holder``'s goodwill or
        on every holder's: attributed to its holders for their NCI, not to its own."""
        cta = self.chart.of("cta")
        return -sum((ln.amount for e in self.inp.earlier.result.eliminations
                     if e.step == "goodwill" and e.kind == "translation" and e.entity == entity and e.partner
                     and (holder is None or e.partner == holder)
                     for ln in e.lines if ln.account == cta and ln.entity == entity), Decimal(0))

    def _against_retained(self, A: str, account: str, amount: Decimal, reason: str) -> ConsolidationEntry:
        """A consolidation entry moving ``amount`` on ``account`` to retained earnings."""
        return ConsolidationEntry(self.S, A, (ConsolidationLine(self.S, amount, account=account),
                                              ConsolidationLine(self.S, -amount, account=self.re_acc)), reason)

    def _sister_entry(self, holder: str, a: _Absorbed, eq_lines: list[EntityLine], inv_acc: str,
                      inv_amount: Decimal) -> ConsolidationEntry:
        """The holder's investment in S for A eliminated against the equity S credited for it, each as its
        entity line stands in the reporting currency. What is left is the holder's part of A's
        post-acquisition equity, already in the group's figures: at historical rates in retained
        earnings (the balance), and beyond them, A's reserve for the holder less the translation
        difference the holder's translation put on its cost of A (which the consolidation took out of
        its reserve while it eliminated that cost), in the translation reserve. A's reserve stays: its
        operation continues in S (IAS 21.48)."""
        A = a.entity
        lines = [ConsolidationLine(self.S, -self.to_reporting(amt), account=acc) for acc, amt, _p in eq_lines if amt]
        lines.append(ConsolidationLine(holder, -self.rates.to_reporting(holder, inv_amount, self.inp.earlier.decimals,
                                                                        self.why), account=inv_acc))
        reason = (f"{holder}'s investment in {A}, now in {self.S}, eliminated against the equity {self.S} credited "
                  "for it")
        reserve = self.inp.earlier.reserve_on_cost(holder, A) - a.reserve.get(holder, Decimal(0))
        reserve -= self._inside_nci_reserve(holder, A)
        if self._bought_from_nci(holder):
            # The group's interest rises to the survivor's: the NCI's share of A's reserve passes to the
            # owners with it (IAS 21.48C), kept in the reserve with the owners' share.
            reserve -= self.inp.earlier.nci_reserve(A)
        if reserve:
            lines.append(ConsolidationLine(self.S, reserve, account=self.chart.of("cta")))
            reason += (f"; {self.gfmt(abs(reserve))} of it is {A}'s translation reserve for {holder}, which stays "
                       f"(its operation continues in {self.S})")
        return ConsolidationEntry(self.S, holder, tuple(lines), reason, balance_to=(self.S, "retained_earnings"))

    def _is_inside(self, holder: str) -> Fraction:
        """The NCI ratio of a sister holder the group owns in part that holds all of the survivor
        (directly or through companies it wholly owns); 0 for any other holder."""
        own = self.inp.own
        if holder == self.inp.ws.group.parent or holder not in own.entities or self.S not in own.entities:
            return Fraction(0)
        n = own.entities[holder].nci
        return n if n and _interest(own, holder, self.S) == 1 else Fraction(0)

    def _inside_nci_reserve(self, holder: str, A: str) -> Decimal:
        """For a holder holding all of the survivor (:meth:`_is_inside`): the owners' reserve the
        consolidation after gives the holder's owners beyond what they had, which stays theirs through
        A's reserve kept (credit positive). Before, the holder's NCI shared the translation difference on
        its cost of A that the consolidation took out of its reserve, less the translation of A's
        goodwill attributed to it; after, neither is there, so the NCI's share moves to the owners."""
        n = self._is_inside(holder)
        if not n:
            return Decimal(0)
        cta = self.chart.of("cta")
        goodwill = -sum((ln.amount for e in self.inp.earlier.result.eliminations
                         if e.step == "goodwill" and e.kind == "translation" and e.entity == A and e.partner == holder
                         for ln in e.lines if ln.account == cta), Decimal(0))
        return book(n * Fraction(self.inp.earlier.reserve_on_cost(holder, A) - goodwill), self.inp.earlier.decimals)

    def _bought_from_nci(self, holder: str) -> Fraction:
        """The NCI ratio of a sister holder the group owns in part whose business passes to a survivor the
        group wholly owns (and that does not hold all of the survivor): the group's interest in the
        business rises from the holder's to all of it; 0 for any other holder."""
        own = self.inp.own
        if self._is_inside(holder) or not any(_transfer_case(self.inp, self.ev, A) == holder for A in self.ev.absorbed
                                               if own.entities.get(A) and own.entities[A].direct.get(holder)):
            return Fraction(0)
        return own.entities[holder].nci

    def _nci_transfer(self, holder: str, A: str, inv_rep: Decimal) -> ConsolidationEntry | None:
        """The merger as a transaction with the NCI (IFRS 10.23, B96; ASBJ Statement 22 §§28–30, Guidance
        10 §247): A's business passes from ``holder``, which the group owns in part, to a survivor it
        wholly owns. The NCI's share of A's post-acquisition equity leaves it (the consolidation after
        no longer gives it to them) and its claim on the holder is on what the holder has now — the
        cash it received, not the investment in the survivor that its books keep for the rest of its
        cost and the consolidation eliminates; the difference is the owners', in capital surplus, not
        in retained earnings (which keep the owners' share at historical rates)."""
        n = self._bought_from_nci(holder)
        if not n:
            return None
        earlier = self.inp.earlier
        moved = earlier.nci(A) - earlier.nci_reserve(A)
        on_investment = book(n * Fraction(inv_rep), earlier.decimals)
        if not (moved or on_investment):
            return None
        lines = [ConsolidationLine(self.S, moved, account=self.re_acc)]
        if on_investment:
            lines.append(ConsolidationLine(holder, on_investment, account=self.chart.of("nci")))
        return ConsolidationEntry(
            self.S, holder, tuple(ln for ln in lines if ln.amount),
            f"{A}'s business passes from {holder} ({percent_str(1 - n)} the group's) to {self.S}, wholly the "
            f"group's: a transaction with the NCI (IFRS 10.23; ASBJ Statement 22 §28). Their share of {A}'s "
            f"post-acquisition retained earnings ({self.gfmt(moved)}) leaves retained earnings"
            + (f", their {percent_str(n)} of {holder}'s investment in {self.S} ({self.gfmt(inv_rep)}), which the "
               f"consolidation eliminates, leaves the NCI ({self.gfmt(on_investment)})" if on_investment else "")
            + "; the difference in capital surplus", balance_to=(self.S, "capital_surplus"))

    def _inside_holder(self, holder: str, inv_rep: Decimal) -> ConsolidationEntry | None:
        """A sister holder the group owns in part, that holds all of the survivor (directly or through
        companies it wholly owns): the merger stays inside its sub-group, the group's interest in the
        business and the NCI's are unchanged (IFRS 10.B86; ASBJ Guidance 10 §247 applies to a change
        of interest, of which there is none). The NCI of the holder already claims its share of the
        business through the holder's own net assets — its investment in the survivor — so the NCI's
        share of the equity the survivor credited for it, which the consolidation after counts again
        in the survivor's post-acquisition equity, is taken back (to retained earnings, where the NCI
        step took it from). Returns None for any other holder."""
        n = self.inp.own.entities[self.S].nci if self._is_inside(holder) else Fraction(0)
        if not n:
            return None
        amount = book(n * Fraction(inv_rep), self.inp.earlier.decimals)
        if not amount:
            return None
        return self._against_retained(
            self.S, self.chart.of("nci"), amount,
            f"{holder} holds all of {self.S}: the NCI's {percent_str(n)} of the equity {self.S} credited for "
            f"{holder}'s part ({self.gfmt(inv_rep)}) is already theirs through {holder}'s investment; not counted twice")


def _interest(own: Ownership, holder: str, entity: str) -> Fraction:
    """``holder``'s interest in ``entity`` through the group's holdings (direct, and through the
    companies ``entity``'s holders are held by); 0 when it holds none."""
    seen: dict[str, Fraction] = {}

    def of(e: str, depth: int) -> Fraction:
        if e in seen:
            return seen[e]
        seen[e] = Fraction(0)  # a mutual holding is cut here (the check needs a whole interest)
        eo = own.entities.get(e)
        total = Fraction(0)
        if eo is not None and depth < 64:
            for h, s in eo.direct.items():
                if s:
                    total += s * (1 if h == holder else of(h, depth + 1))
        seen[e] = total
        return total
    return of(entity, 0)


def _transfer_case(inp: PlanInputs, ev: Merger, A: str) -> str | None:
    """The holder when the merger of ``A`` moves its business from one group holder the group owns in
    part to a survivor it wholly owns, for cash or nothing, and nothing else is involved: the survivor
    holds none of A, A has no outside shareholders, no NCI goodwill (NCI at fair value) and holds no
    companies, and the holder does not hold the survivor. None otherwise."""
    own, g, S, c = inp.own, inp.ws.group, ev.surviving, ev.consideration
    direct = {h: s for h, s in (own.entities[A].direct if A in own.entities else {}).items() if s}
    if len(direct) != 1 or S in direct or c.shares_issued or c.share_capital_increase:
        return None
    ((holder, share),) = direct.items()
    if (share != 1 or holder == g.parent or holder not in own.entities or own.method(holder) != "full"
            or not own.entities[holder].nci or _interest(own, holder, S)):
        return None
    if not (S == g.parent or (S in own.entities and own.entities[S].effective == 1)):
        return None
    if inp.earlier.nci_goodwill(A) or any(eo.direct.get(A) for eo in own.entities.values()):
        return None
    return holder


def _survivor_shares_case(inp: PlanInputs, ev: Merger) -> Fraction | None:
    """The share of the survivor its new outside shareholders hold after the merger, when the absorbed
    companies' outside shareholders receive new shares of a survivor other than the parent and nothing
    else changes hands: each absorbed company held by the group only through companies it wholly owns
    (not the survivor), with NCI measured at their share of net assets (no NCI goodwill) and holding no
    companies, at least one with outside shareholders (several: case merger/s-34, each receiving its
    ``allotment``); the survivor wholly owned, with ``shares_outstanding``, holding subsidiaries only inside
    its own sub-group (:func:`_survivor_sub_group`: their new NCI's share comes through S); the
    consideration new shares, with or without cash, allotted to each company's holders by their shares
    (Companies Act art. 749(3)); the group keeping control. The cash paid to the outside shareholders is a
    purchase of their NCI (:meth:`_MergerWork.outside_become_survivors`). None otherwise."""
    own, g, S, c = inp.own, inp.ws.group, ev.surviving, ev.consideration
    if S == g.parent or not c.shares_issued:
        return None
    theirs = Fraction(0)
    for A in ev.absorbed:
        direct = {h: s for h, s in (own.entities[A].direct if A in own.entities else {}).items() if s}
        outside = 1 - sum(direct.values(), Fraction(0))
        if S in direct or not direct or inp.earlier.nci_goodwill(A):
            return None
        if not all(h == g.parent or (h in own.entities and own.entities[h].effective == 1) for h in direct):
            return None
        if any(eo.direct.get(A) for eo in own.entities.values()):
            return None
        theirs += Fraction(ev.consideration_of(A).shares_issued) * outside
    if not theirs:
        return None
    outstanding = g.entities[S].shares_outstanding
    if S not in own.entities or not outstanding:
        return None
    below = _survivor_sub_group(inp, S)
    if below is None:
        return None
    # A survivor with outside shareholders of its own (case merger/s-24): held directly by companies the group
    # wholly owns and by them, no NCI goodwill, holding no companies; its NCI after is theirs and A's former.
    n0 = own.entities[S].nci
    direct_S = {h: s for h, s in own.entities[S].direct.items() if s}
    if n0 and (below or inp.earlier.nci_goodwill(S) or 1 - sum(direct_S.values(), Fraction(0)) != n0
               or not all(h == g.parent or (h in own.entities and own.entities[h].effective == 1) for h in direct_S)):
        return None
    n = (n0 * outstanding + theirs) / (outstanding + c.shares_issued)
    return n if n < Fraction(1, 2) else None


def _survivor_shares_refused(inp: PlanInputs, ev: Merger) -> str:
    """Which condition of :func:`_survivor_shares_case` fails, in a clause for a refusal ('' when none does)."""
    own, g, S, c = inp.own, inp.ws.group, ev.surviving, ev.consideration
    if not c.shares_issued:
        return f"the consideration gives no shares_issued of {S}"
    theirs = Fraction(0)
    for A in ev.absorbed:
        direct = {h: s for h, s in (own.entities[A].direct if A in own.entities else {}).items() if s}
        if S in direct:
            return f"{S} holds {A} itself"
        if not direct:
            return f"the group holds no shares of {A}"
        if inp.earlier.nci_goodwill(A):
            return f"{A}'s NCI are measured at fair value (goodwill of their own)"
        partly = [h for h in direct if not (h == g.parent or (h in own.entities and own.entities[h].effective == 1))]
        if partly:
            return f"{partly[0]}, a holder of {A}, has NCI of its own"
        if any(eo.direct.get(A) for eo in own.entities.values()):
            return f"{A} holds companies of its own"
        theirs += Fraction(ev.consideration_of(A).shares_issued) * (1 - sum(direct.values(), Fraction(0)))
    if not theirs:
        return ""
    if S not in own.entities or not g.entities[S].shares_outstanding:
        return f"{S} gives no shares_outstanding"
    below = _survivor_sub_group(inp, S)
    if below is None:
        return f"{S} holds companies outside its own wholly-owned sub-group, or interests"
    n0 = own.entities[S].nci
    direct_S = {h: s for h, s in own.entities[S].direct.items() if s}
    if n0 and below:
        return f"{S} has outside shareholders of its own and holds companies"
    if n0 and inp.earlier.nci_goodwill(S):
        return f"{S}'s NCI are measured at fair value (goodwill of their own)"
    if n0 and (1 - sum(direct_S.values(), Fraction(0)) != n0 or not all(
            h == g.parent or (h in own.entities and own.entities[h].effective == 1) for h in direct_S)):
        return f"{S} is held through companies with NCI of their own"
    outstanding = g.entities[S].shares_outstanding
    if outstanding and (n0 * outstanding + theirs) / (outstanding + c.shares_issued) >= Fraction(1, 2):
        return f"the group would lose control of {S}"
    return ""


def _partly_owned_survivor_case(inp: PlanInputs, ev: Merger) -> tuple[Fraction, Fraction] | None:
    """The survivor's NCI ratio before and after, when a survivor the group owns in part absorbs a sister
    the group wholly owns and nothing else changes hands (:meth:`_MergerWork.survivor_interest_changes`):
    one absorbed company A, held by group companies the group wholly owns (not the survivor), no NCI
    goodwill, holding no companies but subsidiaries it wholly owns without goodwill (:func:`_absorbed_sub_group`,
    case merger/s-25: they move under the survivor) and associates each held by one of them alone
    (:func:`_absorbed_associates`, cases merger/s-35, s-36); A's own outside shareholders, if any, bought out for cash
    alone, A then holding no companies (case merger/s-26); the survivor held directly by companies the group
    wholly owns, or by fully consolidated holders it owns in part, in any currency, with no goodwill on S
    (cases merger/s-27, s-31: NCI at two levels), and by its outside shareholders, with no NCI goodwill
    and holding no companies; new shares, with ``shares_outstanding``, go to A's holders (group companies),
    so the NCI's share falls to n x outstanding / (outstanding + issued); without new shares it stays.
    None otherwise."""
    own, g, S, c = inp.own, inp.ws.group, ev.surviving, ev.consideration
    if len(ev.absorbed) != 1 or S == g.parent or S not in own.entities or own.method(S) != "full":
        return None
    (A,) = ev.absorbed

    def wholly(e: str) -> bool:
        return e == g.parent or (e in own.entities and own.entities[e].effective == 1)

    n0 = own.entities[S].nci
    direct_S = {h: s for h, s in own.entities[S].direct.items() if s}
    if not n0 or 1 - sum((sh * (1 if wholly(h) else 1 - own.entities[h].nci) for h, sh in direct_S.items()),
                         Fraction(0)) != n0:
        return None
    # A holder of S the group owns in part (case merger/s-27: NCI at two levels, S's NCI partly H's): simulated when
    # it is fully consolidated and S has no goodwill (its NCI would bear part of it). In any currency (case
    # merger/s-31): the holder keeps its shares of S at their cost, so the translation difference on that cost,
    # taken out of its reserve while it is eliminated, is the same before and after, its NCI's share with it.
    if any(not wholly(h) and (own.method(h) != "full" or inp.earlier.carrying(S).goodwill) for h in direct_S):
        return None
    direct_A = {h: s for h, s in (own.entities[A].direct if A in own.entities else {}).items() if s}
    # A with outside shareholders of its own (case merger/s-26): bought out for cash, no new shares (new shares to
    # them make them the survivor's NCI, :func:`_survivor_shares_case`), A holding no companies.
    outside = 1 - sum(direct_A.values(), Fraction(0))
    if outside and (c.shares_issued or c.share_capital_increase or not c.cash
                    or any(eo.direct.get(A) for eo in own.entities.values())):
        return None
    # A's NCI at fair value (case merger/s-33): their own goodwill goes with their share to the cash (IFRS 3.19), the
    # goodwill the owners' after; bought out for cash only (their becoming S's NCI with it is not modelled).
    if (S in direct_A or not direct_A or not all(wholly(h) for h in direct_A)
            or (inp.earlier.nci_goodwill(A) and not outside) or inp.earlier.nci_goodwill(S)):
        return None
    if any(eo.direct.get(S) for eo in own.entities.values()) or _absorbed_sub_group(inp, A) is None:
        return None
    if not c.shares_issued:
        return n0, n0
    outstanding = g.entities[S].shares_outstanding
    if not outstanding:
        return None
    return n0, n0 * outstanding / (outstanding + c.shares_issued)


def _partly_owned_survivor_refused(inp: PlanInputs, ev: Merger) -> str:
    """Which condition of :func:`_partly_owned_survivor_case` fails, in a clause for a refusal ('' when none of
    these is found)."""
    own, g, S, c = inp.own, inp.ws.group, ev.surviving, ev.consideration
    if len(ev.absorbed) != 1:
        return "it absorbs several companies"
    if S not in own.entities or own.method(S) != "full":
        return ""
    (A,) = ev.absorbed

    def wholly(e: str) -> bool:
        return e == g.parent or (e in own.entities and own.entities[e].effective == 1)

    direct_S = {h: s for h, s in own.entities[S].direct.items() if s}
    n0 = own.entities[S].nci
    if n0 and 1 - sum((sh * (1 if wholly(h) else 1 - own.entities[h].nci) for h, sh in direct_S.items()),
                      Fraction(0)) != n0:
        return f"{S}'s NCI are not its direct holders' outside shares alone"
    partly = [h for h in direct_S if not wholly(h)]
    if any(own.method(h) != "full" for h in partly):
        return f"{S} is held by a company not fully consolidated"
    if partly and inp.earlier.carrying(S).goodwill:
        return f"{partly[0]}, a holder of {S} with NCI of its own, carries goodwill on {S}"
    direct_A = {h: s for h, s in (own.entities[A].direct if A in own.entities else {}).items() if s}
    outside = 1 - sum(direct_A.values(), Fraction(0))
    holds = any(eo.direct.get(A) for eo in own.entities.values())
    if outside and (c.shares_issued or c.share_capital_increase):
        return ""  # the new shares' reason names it (_not_simulated)
    if outside and (not c.cash or holds):
        return f"{A}'s outside shareholders are not bought out for cash" if not holds \
            else f"{A} has outside shareholders and holds companies"
    if S in direct_A:
        return f"{S} holds {A} itself"
    if not all(wholly(h) for h in direct_A):
        return f"{next(h for h in direct_A if not wholly(h))}, a holder of {A}, has NCI of its own"
    if inp.earlier.nci_goodwill(A) and not outside or inp.earlier.nci_goodwill(S):
        return f"{A if inp.earlier.nci_goodwill(A) else S}'s NCI are measured at fair value (goodwill of their own)"
    if any(eo.direct.get(S) for eo in own.entities.values()):
        return f"{S} holds companies"
    if _absorbed_associates(inp, A) is None:
        return ""  # the interests' reasons name it (_interests_not_moving)
    if _absorbed_sub_group(inp, A) is None:
        fair = sorted(e for e in own.entities if e != A and _interest(own, A, e) and inp.earlier.nci_goodwill(e))
        # (anything else below A is named by _interests_not_moving or not at all: no vaguer clause here)
        return f"{', '.join(fair)}'s NCI, below {A}, are measured at fair value (goodwill of their own)" if fair else ""
    if c.shares_issued and not g.entities[S].shares_outstanding:
        return f"{S} gives no shares_outstanding"
    return ""


def _absorbed_sub_group(inp: PlanInputs, A: str) -> set[str] | None:
    """The subsidiaries an absorbed company holds (its sub-group, A left out), when they can move under a
    survivor the group owns in part (case merger/s-25, :meth:`_MergerWork.survivor_interest_changes`): each
    fully consolidated and held only inside A's sub-group (no other group holder), with no NCI goodwill (NCI at
    fair value), none holding an associate or another interest; one with outside shareholders of its own or
    with goodwill held by A directly and holding no companies (case merger/s-30: their NCI stays theirs, the
    goodwill and its translation, attributed to A and after to the survivor, the owners'), any other held
    wholly and without goodwill. Empty when A holds no companies; None otherwise."""
    own, earlier = inp.own, inp.earlier
    members: set[str] = set()
    while True:
        found = {e for e, eo in own.entities.items() if e not in members and e != A
                 and any(s and (h == A or h in members) for h, s in eo.direct.items())}
        if not found:
            break
        members |= found
    # Associates in A's sub-group, held by A or by a member alone, move under the survivor with it (cases merger/s-35,
    # s-36, :func:`_absorbed_associates`); anything else that is not fully consolidated is refused below.
    associates = _absorbed_associates(inp, A)
    if associates is None:
        return None
    members -= set(associates)
    for e in members:
        eo = own.entities[e]
        held = {h: s for h, s in eo.direct.items() if s}
        if eo.method != "full" or any(h != A and h not in members for h in held) or earlier.nci_goodwill(e):
            return None
        if sum(held.values(), Fraction(0)) != 1 or earlier.carrying(e).goodwill:
            holds = any(s and h == e for eo2 in own.entities.values() for h, s in eo2.direct.items())
            if set(held) != {A} or holds:
                return None
    return members


def _holders(own: Ownership) -> set[str]:
    """The entities holding shares of another (found once, not by a scan of every holding per associate)."""
    return {h for eo in own.entities.values() for h, s in eo.direct.items() if s}


def _absorbed_associates(inp: PlanInputs, A: str) -> dict[str, str] | None:
    """The associates in an absorbed company's sub-group, each with its holder, when they can move under a
    survivor the group owns in part (:meth:`_MergerWork.survivor_interest_changes`): each by the equity method,
    held by one group company alone, A (case merger/s-35) or a subsidiary in A's sub-group (case merger/s-36, which
    :func:`_absorbed_sub_group` then requires A to hold wholly and without goodwill, as any member holding
    companies), holding no companies, and not an interest kept on losing control of it (its position as kept is
    read from the seller's history). One held by two group companies gives None (refused)."""
    own, earlier = inp.own, inp.earlier
    holders = _holders(own)
    found: dict[str, str] = {}
    for e, eo in sorted(own.entities.items()):
        if eo.method != "equity" or not any(s for s in eo.direct.values()):
            continue
        held = sorted(h for h, s in eo.direct.items() if s)
        under_A = A in held or any(_interest(own, A, h) for h in held if h in own.entities)
        if not under_A:
            continue
        if len(held) != 1 or e in holders or earlier.kept_on_losing_control(held[0], e):
            return None
        found[e] = held[0]
    return found


def _interests_not_moving(inp: PlanInputs, A: str, S: str) -> list[str]:
    """Why the associates and other interests in A's sub-group cannot move under a survivor S the group owns in
    part (:func:`_absorbed_associates`, :func:`_absorbed_sub_group`), one reason each; empty when nothing of the
    kind stands in the way."""
    own, earlier = inp.own, inp.earlier
    holders = _holders(own)
    why: list[str] = []
    for e, eo in sorted(own.entities.items()):
        held = sorted(h for h, s in eo.direct.items() if s)
        if eo.method not in ("equity", "none") or not held or not (
                A in held or any(_interest(own, A, h) for h in held if h in own.entities)):
            continue
        if eo.method == "none":
            why.append(f"{' and '.join(held)} hold{'s' if len(held) == 1 else ''} {e} as an interest neither "
                       f"consolidated nor by the equity method")
            continue
        if len(held) != 1:
            why.append(f"{e} is an associate of {' and '.join(held)} (one moves under {S} only when one company "
                       "holds it)")
        elif e in holders:
            why.append(f"{e}, {held[0]}'s associate, holds companies itself: not modelled under a survivor "
                       "with NCI yet")
        elif earlier.kept_on_losing_control(held[0], e):
            why.append(f"{held[0]} holds {e} as an interest kept on losing control: not modelled under a survivor "
                       "with NCI yet")
        elif held[0] != A and (sum((s for s in own.entities[held[0]].direct.values()), Fraction(0)) != 1
                               or earlier.carrying(held[0]).goodwill):
            why.append(f"{held[0]}, with outside shareholders or goodwill of its own, holds associate {e}")
    return why


def _survivor_sub_group(inp: PlanInputs, S: str) -> set[str] | None:
    """The subsidiaries the survivor controls through its own holdings (its sub-group, S itself left
    out), when the new NCI of S can be given its share of them (:meth:`_MergerWork.outside_become_survivors`):
    each held only by S and companies of the sub-group (its other shareholders outside the group), by
    full consolidation, with no NCI goodwill; none of them holding an associate. None otherwise."""
    own = inp.own
    members: set[str] = set()
    while True:
        found = {e for e, eo in own.entities.items() if e not in members and e != S
                 and any(s and (h == S or h in members) for h, s in eo.direct.items())}
        if not found:
            break
        members |= found
    for e in members:
        eo = own.entities[e]
        if (eo.method != "full" or inp.earlier.nci_goodwill(e)
                or any(s and h != S and h not in members for h, s in eo.direct.items())):
            return None
    return members


def _check_currencies(inp: PlanInputs, ev: Merger) -> None:
    """A merger of sister companies (the absorbed company held by another group company than the survivor)
    where a company involved books in another currency than the reporting one is simulated when the
    group's interest in the merged business is unchanged and stays in companies it wholly owns: the
    survivor and every sister holder wholly owned by the group, new shares of a survivor other than the
    parent going to group companies only or, to the absorbed company's outside shareholders, as
    :func:`_survivor_shares_case` allows (they become the survivor's NCI); the absorbed company's
    subsidiaries and associates, in any currency, pass to the survivor (:meth:`_MergerWork.cost_taken_over`,
    :meth:`_MergerWork._split_reserve`).
    Anything else is refused (``simulate.currency``) with what makes it so."""
    g = inp.ws.group
    own = inp.own
    S = ev.surviving
    problems = []
    for A in ev.absorbed:
        direct = own.entities[A].direct if A in own.entities else {}
        sisters = sorted(h for h, s in direct.items() if s and h != S and own.method(h) in ("parent", "full"))
        foreign = sorted({e for e in (S, A, *sisters) if g.entities[e].currency != g.reporting_currency})
        why = _not_simulated(inp, ev, A, sisters) if sisters and foreign else []
        if why:
            problems.append(Problem(
                "simulate.currency",
                f"{A} is held by {', '.join(sisters)} besides {S}, and {_books_in(g, foreign)}: this sister merger "
                f"is not simulated because {'; '.join(why)}", ev.source,
                "consolidate the group as the merger leaves it from opening.csv; see docs/restructuring.md "
                "\"Currencies\""))
    # Outside shareholders bought out whose NCI is measured at fair value hold the translation difference on their
    # goodwill inside their NCI; it passes to the owners with the rest (`_MergerWork._outside_reserve`, cases
    # merger/s-28, s-29). Their becoming the survivor's NCI, or a partly-owned survivor absorbing a sister, with
    # NCI goodwill stays refused (`_survivor_shares_case`, `_partly_owned_survivor_case`).
    if problems:
        raise RenketsuError(problems)


def _books_in(g: Group, entities: list[str]) -> str:
    """"A and S book in USD, H in EUR": the currencies of ``entities``, grouped."""
    by: dict[str, list[str]] = {}
    for e in entities:
        by.setdefault(g.entities[e].currency, []).append(e)
    parts = []
    for i, (cur, es) in enumerate(by.items()):
        verb = ("book " if len(es) > 1 else "books ") if i == 0 else ""
        parts.append(f"{' and '.join(es)} {verb}in {cur}")
    return ", ".join(parts)


def _not_simulated(inp: PlanInputs, ev: Merger, A: str, sisters: list[str]) -> list[str]:
    """What keeps the merger of ``A`` into the survivor, held by ``sisters`` too, from being simulated
    in another currency than the reporting one (empty: nothing)."""
    g = inp.ws.group
    own = inp.own
    S = ev.surviving
    c = ev.consideration
    direct = own.entities[A].direct
    outside = 1 - sum((s for h, s in direct.items() if h == S or h in sisters), Fraction(0))
    # A partly-owned holder or survivor: the NCI's share of A's translation reserve, and of the
    # translation difference on the holder's cost of A, moves between owners and NCI (IAS 21.48C,
    # IFRS 10.23). Simulated inside the wholly-owned sub-group of a partly-owned holder (nothing
    # changes hands) and from one partly-owned holder to a wholly-owned survivor (`_transfer_case`).
    inside = (not direct.get(S) and not outside and not inp.earlier.nci_goodwill(A)
              and all(_interest(own, h, S) == 1 for h in sisters))
    partly = [h for h in (S, *sisters)
              if h != g.parent and own.entities[h].effective != 1 and not inside and _transfer_case(inp, ev, A) is None
              and _partly_owned_survivor_case(inp, ev) is None and not (h == S and _survivor_shares_case(inp, ev))]
    detail = _partly_owned_survivor_refused(inp, ev) if S in partly else ""
    why = [", ".join(f"{h} is {percent_str(own.entities[h].effective)} owned" for h in partly)
           + f" (its NCI's share of {A}'s reserve would move, IAS 21.48C)"
           + (f" and {detail}" if detail else "")] if partly else []
    if (S != g.parent and S in own.entities and own.entities[S].effective != 1 and not inside
            and _partly_owned_survivor_case(inp, ev) is None):
        why += _interests_not_moving(inp, A, S)
    if (outside and (c.shares_issued or c.share_capital_increase) and S != g.parent
            and _survivor_shares_case(inp, ev) is None):
        why.append(f"{A}'s outside shareholders ({percent_str(outside)}) would receive new shares of {S}, not the "
                   "parent, and " + (_survivor_shares_refused(inp, ev) or "their becoming its NCI is not modelled"))
    # Its subsidiaries and associates pass to the survivor with their cost read into the survivor's currency
    # at the rates of their purchase (`_MergerWork.cost_taken_over`); an associate's equity-method position
    # is measured in its own currency, so the consolidation after gives it back from that cost.
    if g.entities[A].currency != g.entities[S].currency:
        books = EntityBooks(inp.chart, inp.position)
        # An interest kept on losing control is refused below for what it is (its sale row's cost is the
        # proceeds, not a cost of it).
        for T in sorted(e for e, eo in own.entities.items() if eo.direct.get(A) and eo.method in ("full", "equity")
                        and not inp.earlier.kept_on_losing_control(A, e)):
            costs = [h.cost for h in g.holdings if h.holder == A and h.entity == T]
            carried = sum((amt for _acc, amt in books.investments(A, T)), Decimal(0))
            if None in costs or sum((c for c in costs if c is not None), Decimal(0)) != carried:
                why.append(f"{A} carries its shares of {T} at {fmt(carried, entity_decimals(inp.ws, A))}, not the sum "
                           "of its holdings' costs (a changed carrying amount passing into another currency is not "
                           "modelled)")
    kept = sorted(e for e, eo in own.entities.items() if eo.direct.get(A) and eo.method == "equity"
                  and inp.earlier.kept_on_losing_control(A, e))
    if kept:
        why.append(f"{A} holds {', '.join(kept)} as an interest kept on losing control (its position read from "
                   f"{A}'s history passing to {S} is not modelled)")
    return why


def plan_merger(inp: PlanInputs, ev: Merger) -> Plan:
    _check_currencies(inp, ev)
    _check_new_shares(inp, ev)
    work = _MergerWork(inp, ev)
    survivor_equity = work.books.equity(ev.surviving)
    work.extinguish_survivor_claims()
    for A in ev.absorbed:
        work.absorb(A)
    work.book_survivor()
    work.outside_become_survivors()
    work.survivor_interest_changes()
    renames = {a: ev.surviving for a in ev.absorbed}
    work.books.rename_partners(renames)
    books_after, income_after = work.books.after()
    notes: list[str] = []
    c = ev.consideration
    if c.shares_issued and ev.surviving != inp.ws.group.parent:
        if work.new_outside is not None:
            outsiders = [A for A in ev.absorbed if sum(inp.own.entities[A].direct.values(), Fraction(0)) < 1]
            notes.append(f"{ev.surviving} issues {c.shares_issued} new shares, some to {' and '.join(outsiders)}'s "
                         f"outside shareholders, its NCI holding {percent_str(work.new_outside)} of its shares after: the "
                         f"group's interest in "
                         f"{ev.surviving} falls to {percent_str(1 - work.new_outside)}, keeping control (the "
                         f"consolidation after gives them their NCI; a later year's structure must hold that share)")
        elif work.survivor_nci is not None:
            n0, n1 = work.survivor_nci
            notes.append(f"{ev.surviving} issues {c.shares_issued} new shares to group companies: the group's interest "
                         f"in {ev.surviving} rises from {percent_str(1 - n0)} to {percent_str(1 - n1)}, keeping control "
                         "(the consolidation after gives the NCI their share; a later year's structure must hold the "
                         "group's new share)")
        elif _wholly_kept(inp, ev):
            notes.append(f"{ev.surviving} issues {c.shares_issued} new shares to group companies the group wholly owns: "
                         f"the group holds all of {ev.surviving}'s shares before and after")
        else:
            notes.append(f"{ev.surviving} issues {c.shares_issued} new shares: the change in its holders' shares is not "
                         "modelled")
    return Plan(retained_earnings=work.re_acc, renames=renames, books_after=books_after, income_after=income_after,
                entries=work.entries, ws_after=_structure_after(inp.ws, ev, work.historical_cost), consolidation_entries=work.consolidation,
                legal=_legal(inp, ev, survivor_equity, work.merger_loss),
                facts=facts_after_merger(inp.ws.facts, ev.surviving, list(ev.absorbed),
                                         share_capital_increase=c.share_capital_increase),
                dissolved=list(ev.absorbed), notes=notes)


def _check_new_shares(inp: PlanInputs, ev: Merger) -> None:
    """New shares of a survivor other than the parent given to the absorbed company's outside shareholders lower
    the group's interest in it: simulated as :func:`_survivor_shares_case` models it (they become its NCI); in any
    other pattern, in any currency, refused (``simulate.new_shares``). It was simulated with a note that the change
    was not modelled, the outside shareholders' NCI left out of the consolidated position after."""
    c, S, own = ev.consideration, ev.surviving, inp.own
    outside = [A for A in ev.absorbed if A in own.entities
               and sum((s for h, s in own.entities[A].direct.items() if own.method(h) in ("parent", "full")),
                       Fraction(0)) < 1]
    if not c.shares_issued or S == inp.ws.group.parent or not outside or _survivor_shares_case(inp, ev) is not None:
        return
    raise RenketsuError([Problem(
        "simulate.new_shares",
        f"{S} issues {c.shares_issued} new shares in the merger of {', '.join(ev.absorbed)}, some to the outside "
        f"shareholders of {', '.join(outside)}, so the group's interest in {S} falls; not simulated because "
        + (_survivor_shares_refused(inp, ev) or "this pattern is not modelled yet"), ev.source,
        "consolidate the group as the merger leaves it from opening.csv; see docs/restructuring.md \"Currencies\"")])


def _wholly_kept(inp: PlanInputs, ev: Merger) -> bool:
    """The survivor and every holder of the absorbed companies are wholly owned by the group, and the
    absorbed companies have no outside shareholders: whoever receives the new shares, the group holds
    all of the survivor's shares before and after."""
    own = inp.own
    parent = inp.ws.group.parent

    def wholly(e: str) -> bool:
        return e == parent or (e in own.entities and own.entities[e].effective == 1)

    if not wholly(ev.surviving):
        return False
    for A in ev.absorbed:
        direct = {h: s for h, s in (own.entities[A].direct if A in own.entities else {}).items() if s}
        if sum(direct.values(), Fraction(0)) != 1 or not all(wholly(h) for h in direct):
            return False
    return True


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


def _structure_after(ws: Workspace, ev: Merger,
                     cost_in_survivor: Callable[[Holding, Decimal], Decimal] | None = None) -> Workspace:
    """The group without the absorbed companies; their holdings pass to the survivor. An absorbed company
    booking in another currency than the survivor passes its costs of them read into the survivor's
    (``cost_in_survivor``: at the rates of their purchase, as the survivor's books take them,
    :meth:`_MergerWork.historical_cost`)."""
    g = ws.group
    absorbed = set(ev.absorbed)
    S = ev.surviving
    keep = [h for h in g.holdings if h.entity not in absorbed and h.holder not in absorbed]
    moved: dict[str, list[Holding]] = defaultdict(list)
    for h in g.holdings:
        if h.holder in absorbed and h.entity not in absorbed and h.entity != S:
            cost = h.cost if cost_in_survivor is None or h.cost is None else cost_in_survivor(h, h.cost)
            moved[h.entity].append(replace(h, cost=cost))
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

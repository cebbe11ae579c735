"""Typed questions to an earlier consolidation: the one place restructuring reads a
:class:`~renketsu.consolidation.ConsolidationResult`.

A planner asks for an entity's fair-value adjustments, unamortised goodwill, NCI,
translation reserve or equity-method carrying amount here, as numbers; nothing else in
restructuring looks into the result's entries or its per-entity items.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from renketsu.consolidation import ConsolidationResult
from renketsu.model.money import book

from .books import Chart


@dataclass(frozen=True)
class Carrying:
    """An entity's consolidated carrying adjustments: fair-value adjustments by account and unamortised goodwill."""

    fair_value_adjustments: dict[str, Decimal]
    goodwill: Decimal


@dataclass(frozen=True)
class SubGroup:
    """Entities leaving the consolidation together, as the consolidation carried them (reporting currency)."""

    entities: tuple[str, ...]
    net_assets: Decimal
    goodwill: Decimal
    nci: Decimal
    #: The owners' translation reserve of the entities (recycled on disposal, IAS 21.48).
    reserve: Decimal
    #: The part of ``nci`` that belongs to the NCI of the group companies holding the entities (a seller
    #: 80% owned: its NCI's indirect share), which stays with them (IFRS 10.B94, B98(a)(ii): only the NCI *in*
    #: the entities leaves): by holder, its share of their retained earnings and income (natural sign) ...
    nci_above: dict[str, Decimal] = field(default_factory=dict)
    #: ... and its share of their translation reserve, which is the seller's reserve to recycle or keep.
    reserve_above: Decimal = Decimal(0)

    @property
    def nci_leaving(self) -> Decimal:
        """The NCI in the entities themselves, derecognised with them."""
        return self.nci - sum(self.nci_above.values(), Decimal(0)) - self.reserve_above


class Earlier:
    """Queries on the consolidation of the day before the event."""

    def __init__(self, result: ConsolidationResult, chart: Chart):
        self.result = result
        self.chart = chart

    @property
    def decimals(self) -> int:
        return self.result.decimals

    def nci(self, entity: str) -> Decimal:
        """The NCI of ``entity`` in the consolidated balance sheet."""
        f = self.result.figures_of(entity)
        return f.nci_amount if f is not None else Decimal(0)

    def nci_goodwill(self, entity: str) -> Decimal:
        """The part of ``entity``'s goodwill that belongs to the NCI (measured at fair value)."""
        f = self.result.figures_of(entity)
        return f.nci_goodwill if f is not None and f.nci_goodwill is not None else Decimal(0)

    def reserve(self, entity: str) -> Decimal:
        """``entity``'s translation reserve, the owners' share."""
        f = self.result.figures_of(entity)
        return f.cta if f is not None else Decimal(0)

    def carrying(self, entity: str) -> Carrying:
        """Fair-value adjustments and unamortised goodwill of ``entity`` at consolidated level, from the trace,
        both as the consolidated balance sheet carries them: a foreign subsidiary's at the closing rate
        (their translation entries added; IAS 21.47, docs/format.md §10.3)."""
        fva: dict[str, Decimal] = defaultdict(Decimal)
        goodwill = Decimal(0)
        for e in self.result.eliminations:
            translated = e.kind == "translation" and e.step == "goodwill"
            for ln in e.lines:
                if ln.entity != entity:
                    continue
                role = self.chart.role(ln.account)
                if role == "goodwill":
                    goodwill += ln.amount
                elif ((e.kind == "investment" or translated) and self.chart.is_bs(ln.account)
                      and role not in ("nci", "investment")):
                    fva[ln.account] += ln.amount
        return Carrying({k: v for k, v in fva.items() if v}, goodwill)

    def net_assets(self, entity: str) -> Decimal:
        """``entity``'s net assets at consolidated level: its translated balance-sheet contribution
        plus its fair-value adjustments (goodwill excluded)."""
        own = sum((v for a, v in self.result.contributions.get(entity, {}).items() if self.chart.is_bs(a)), Decimal(0))
        return own + sum(self.carrying(entity).fair_value_adjustments.values(), Decimal(0))

    def sub_group(self, entities: set[str], nci_goodwill_left: dict[str, Fraction] | None = None) -> SubGroup:
        """What a set of consolidated entities that leave together carries in the consolidation
        (docs/format.md §10.8): their net assets (fair-value adjustments in; the leaving holders'
        investments in one another replaced by what they hold), goodwill, NCI and the owners'
        translation reserve, each summed over the entities. ``nci_goodwill_left``: per entity whose NCI is at
        fair value, the part of the NCI's goodwill its own outside shareholders still carry (their share now ÷
        their share at control, :meth:`_nci_above_read`)."""
        na = sum((self.net_assets(e) for e in entities), Decimal(0))
        # A leaving holder's investment in a leaving subsidiary is eliminated in the consolidation.
        for entry in self.result.eliminations:
            if entry.entity not in entities or entry.kind not in ("investment", "nci"):
                continue
            na += sum((ln.amount for ln in entry.lines if ln.entity in entities and ln.entity != entry.entity
                       and self.chart.role(ln.account) == "investment"), Decimal(0))
        above, reserve_above = self._nci_above(entities, nci_goodwill_left or {})
        return SubGroup(
            entities=tuple(sorted(entities)), net_assets=na,
            goodwill=sum((self.carrying(e).goodwill for e in entities), Decimal(0)),
            nci=sum((self.nci(e) for e in entities), Decimal(0)),
            reserve=sum((self.reserve(e) for e in entities), Decimal(0)),
            nci_above=above, reserve_above=reserve_above)

    def _nci_above(self, entities: set[str], nci_goodwill_left: dict[str, Fraction]
                   ) -> tuple[dict[str, Decimal], Decimal]:
        """The NCI of the group companies holding ``entities`` inside the NCI of the entities (issue 10).

        An entity's NCI ratio is 1 − the group's effective interest (docs/format.md §10.2): a holder H with NCI
        of its own (n_H) puts share_H × n_H of the entity's post-acquisition equity in the entity's NCI — its NCI's
        indirect share — next to the entity's own outside shareholders. Of the NCI lines that follow that ratio
        (the ``nci`` step's shares of retained earnings, reserve and attributed entries, and closing's share of
        profit) the part share_H × n_H ÷ ratio is H's NCI's (through a leaving holder, its share of that one's).
        That ratio reading holds only while the ratios stood since control. Each change of interest that kept
        control was a transaction with the NCI (IFRS 10.23, B96; ASBJ 22 §§28–30): it moved the NCI of the entity
        at its carrying amount, leaving in its NCI what the NCI step had carried for each stretch at its own ratio.
        So where it can, the split is read from the NCI accounts of the day before instead: the entity's own
        outside shareholders' NCI, measured proportionately, is their direct share of its net assets (fair-value
        adjustments in, at the closing rate); the rest of its NCI is its holders' NCI's (:meth:`_nci_above_read`).
        The reserve part is the ratio's either way: the NCI step re-attributes the whole reserve at the ratio of
        the day (IAS 21.48C)."""
        own = self.result.ownership
        nci_acc, cta_acc = self.chart.of("nci"), self.chart.of("cta")

        def staying(x: str, seen: frozenset[str] = frozenset()) -> dict[str, Fraction]:
            out: dict[str, Fraction] = defaultdict(Fraction)
            eo = own.entities.get(x)
            for h, s in (eo.direct.items() if eo is not None else ()):
                if not s or h in seen:
                    continue
                if h in entities:
                    for top, v in staying(h, seen | {x}).items():
                        out[top] += s * v
                elif own.method(h) in ("parent", "full") and own.entities[h].nci:
                    out[h] += s * own.entities[h].nci
            return out

        ratio_lines: dict[str, Decimal] = defaultdict(Decimal)
        reserve_lines: dict[str, Decimal] = defaultdict(Decimal)
        for e in self.result.eliminations:
            if e.step != "nci":
                continue
            for ln in e.lines:
                if ln.entity in entities and ln.account == nci_acc:
                    ratio_lines[ln.entity] -= ln.amount
                elif ln.entity in entities and ln.account == cta_acc:
                    reserve_lines[ln.entity] += ln.amount
        for c in self.result.closing:
            if c.entity in entities and c.account == nci_acc:
                ratio_lines[c.entity] -= c.amount
        above: dict[str, Fraction] = defaultdict(Fraction)
        reserve = Fraction(0)
        for x in sorted(entities):
            n = own.entities[x].nci if x in own.entities else Fraction(0)
            if not n:
                continue
            parts = staying(x)
            read = self._nci_above_read(x, entities, n, parts, Fraction(reserve_lines[x]), nci_goodwill_left.get(x))
            for h, part in parts.items():
                f = part / n
                above[h] += read[h] if read is not None else f * (Fraction(ratio_lines[x]) - Fraction(reserve_lines[x]))
                reserve += f * Fraction(reserve_lines[x])
        d = self.decimals
        return {h: book(v, d) for h, v in sorted(above.items()) if v}, book(reserve, d)

    def _nci_above_read(self, x: str, entities: set[str], n: Fraction, parts: dict[str, Fraction],
                        reserve_lines: Fraction, goodwill_left: Fraction | None = None) -> dict[str, Fraction] | None:
        """The holders' NCI's share of ``x``'s retained earnings and income inside its NCI, read from the NCI
        accounts of the day before: ``x``'s NCI less its own outside shareholders' (their direct share of its net
        assets: proportionate NCI, IFRS 10.19 / ASBJ 22 §20, moved at carrying amount on every change of interest,
        IFRS 10.B96) less the holders' NCI's share of the reserve, split between the holders by the ratios of the
        day (one holder: all of it). NCI at fair value (IFRS 3.19; issue 10): the outside shareholders' carrying
        amount holds the NCI's goodwill too, for the part of their shares they still hold (each purchase from them
        moved its part of it, goodwill in, at carrying amount): the NCI's goodwill the consolidation reports, which
        is already what purchases from them left them (``goodwill.py``, ``Investments.nci_goodwill_kept``;
        ``goodwill_left`` only says the reading is modelled). None where it cannot be read so — ``x`` held from
        inside ``entities``, or its NCI at fair value without ``goodwill_left`` — and the ratio reading applies."""
        eo = self.result.ownership.entities.get(x)
        nci_gw = Fraction(self.nci_goodwill(x))
        if eo is None or not parts or nci_gw and goodwill_left is None:
            return None
        direct = {h: s for h, s in eo.direct.items() if s and self.result.ownership.method(h) in ("parent", "full")}
        if any(h in entities for h in direct):
            return None
        outside = 1 - sum(direct.values(), Fraction(0))
        rest = Fraction(self.nci(x)) - outside * Fraction(self.net_assets(x)) - (n - outside) / n * reserve_lines \
            - nci_gw
        total = sum(parts.values(), Fraction(0))
        return {h: rest * part / total for h, part in parts.items()}

    def equity_method_carrying(self, holder: str, entity: str) -> Decimal | None:
        """The equity-method carrying amount of ``holder``'s interest in ``entity`` (what the consolidation puts
        on the equity-method account for it), None when it had none. Every entry about ``entity`` counts: the
        share of profit and the goodwill amortised inside the carrying amount (jgaap, ASBJ Statement 16 §12) are
        separate entries; the share of profit alone overstated it by the amortisation (case acquisition/s-37)."""
        em = self.chart.of("equity_method_investment")
        if not any(e.entity == entity and e.kind == "equity_method"
                   and any(ln.account == em and ln.entity == holder for ln in e.lines) for e in self.result.eliminations):
            return None
        return sum((ln.amount for e in self.result.eliminations if e.entity == entity
                    for ln in e.lines if ln.account == em and ln.entity == holder), Decimal(0))

    def equity_method_adjustment(self, holder: str, entity: str) -> Decimal:
        """What the consolidation's entries about associate ``entity`` add to ``holder``'s investment line (the
        carrying amount less the line as translated): on the equity-method and investment accounts, every step's
        (the share of profit, goodwill amortised inside the carrying amount, dividends)."""
        roles = ("equity_method_investment", "investment")
        return sum((ln.amount for e in self.result.eliminations if e.entity == entity
                    for ln in e.lines if ln.entity == holder and self.chart.role(ln.account) in roles), Decimal(0))

    def equity_method_reserve(self, holder: str, entity: str) -> Decimal:
        """What ``holder``'s equity-method entries on associate ``entity`` put on its translation reserve
        (credit positive, as booked): the translation difference on the carrying amount less the one the
        holder's translation puts on its cost, which the entry took back out (docs/format.md §10.3). It
        is inside the holder's owners' reserve (:meth:`reserve`)."""
        cta = self.chart.of("cta")
        return -sum((ln.amount for e in self.result.eliminations if e.kind == "equity_method" and e.entity == entity
                     for ln in e.lines if ln.entity == holder and ln.account == cta), Decimal(0))

    def kept_on_losing_control(self, holder: str, entity: str) -> bool:
        """``holder``'s interest in ``entity`` is one it kept on losing control of it (the disposal, or the
        entries that carry the interest kept on from an earlier year, are in the trace)."""
        return any(e.entity == entity and e.partner == holder and e.kind in ("disposal", "retained_interest", "seller_cost")
                   for e in self.result.eliminations)

    def reserve_on_cost(self, holder: str, entity: str) -> Decimal:
        """What the consolidation took out of ``holder``'s translation reserve (debit positive) when it
        eliminated the holder's investment in ``entity`` at cost × closing rate (docs/format.md §10.3):
        the translation difference the holder's own translation puts on that cost. Zero for a holder
        booking in the reporting currency."""
        cta = self.chart.of("cta")
        return sum((ln.amount for e in self.result.eliminations if e.entity == entity and e.step == "investment"
                    for ln in e.lines if ln.entity == holder and ln.account == cta), Decimal(0))

    def nci_reserve(self, entity: str) -> Decimal:
        """The NCI's share of ``entity``'s translation reserve, held inside its NCI (credit positive)."""
        cta = self.chart.of("cta")
        return sum((ln.amount for e in self.result.eliminations if e.step == "nci" and e.entity == entity
                    for ln in e.lines if ln.entity == entity and ln.account == cta), Decimal(0))

    def nci_goodwill_translation(self, entity: str) -> Decimal:
        """The translation difference on the NCI's own goodwill of ``entity`` (NCI measured at fair value), held
        inside its NCI, not in the NCI step's share of the reserve (credit positive)."""
        nci = self.chart.of("nci")
        return -sum((ln.amount for e in self.result.eliminations
                     if e.step == "goodwill" and e.kind == "translation" and e.entity == entity and e.partner is None
                     for ln in e.lines if ln.entity == entity and ln.account == nci), Decimal(0))

    def capital_surplus_from_nci(self, entity: str) -> Decimal:
        """Capital surplus booked at consolidated level by purchases of ``entity``'s NCI."""
        cs = self.chart.of("capital_surplus")
        return sum((ln.amount for e in self.result.eliminations if e.entity == entity and e.step == "investment"
                    and e.kind == "nci" for ln in e.lines if ln.account == cs), Decimal(0))


__all__ = ["Carrying", "Earlier", "SubGroup"]

"""Consolidation journal entries: every line knows its entity and account, every entry its step and reason.

An :class:`Entry` is built from exact amounts (Fractions); booking rounds each line
half-even to the period's decimals (docs/format.md §10.10) and puts any residue on the
``rounding`` account as a line of its own, so every booked entry balances.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow
from fractions import Fraction

from renketsu.model.money import PRECISION, amount_str, book


@dataclass(frozen=True, slots=True)
class Line:
    """One booked line: debit positive, credit negative, in the reporting currency."""

    entity: str
    account: str
    amount: Decimal
    partner: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """A consolidation entry with its provenance."""

    #: Sequential id in the run (E1, E2, ...).
    id: str
    #: The pipeline step that made it (translation, investment, ...).
    step: str
    #: docs/format.md §8 kind: investment, nci, intercompany_balance, intercompany_pl, dividend,
    #: unrealised_profit, equity_method, translation, goodwill_amortisation, restructuring.
    kind: str
    #: The entity the entry is about, and the counterparty where there is one.
    entity: str
    partner: str | None
    lines: tuple[Line, ...]
    reason: str
    #: The entity whose owners and NCI bear the entry's effect on profit and retained
    #: earnings (None: no effect, or borne by the parent's owners alone).
    attribute_to: str | None = None

    def to_json(self, decimals: int) -> dict:
        lines = []
        for ln in self.lines:
            item = {"entity": ln.entity, "account": ln.account, "amount": amount_str(ln.amount, decimals)}
            if ln.partner:
                item["partner"] = ln.partner
            lines.append(item)
        return {
            "id": self.id, "step": self.step, "kind": self.kind, "entity": self.entity, "partner": self.partner,
            "lines": lines, "reason": self.reason,
        }


#: Decimal sums of one entry's lines: exact, an inexact one raises (as :func:`exact_context`'s).
_EXACT = Context(prec=PRECISION, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])
_NO_PARTNERS: dict[int, str] = {}


def _all_decimal(lines: Sequence[tuple[str, str, Fraction | Decimal | int]]) -> bool:
    for _e, _a, amt in lines:
        if type(amt) is not Decimal and not isinstance(amt, Decimal):
            return False
    return True


def _fraction_total(values: Iterable[Fraction]) -> Fraction:
    """The exact sum of Fractions, over their least common denominator in integers (no Fraction per addition)."""
    vals = list(values)
    dens = {f.denominator for f in vals}
    if len(dens) == 1:
        return Fraction(sum(f.numerator for f in vals), dens.pop())
    common = math.lcm(*dens)
    return Fraction(sum(f.numerator * (common // f.denominator) for f in vals), common)


class EntryBook:
    """Collects entries of one run, numbering them and booking their lines with rounding."""

    def __init__(self, decimals: int, rounding_account: str, closed: tuple | None = None):
        self.decimals = decimals
        self.rounding_account = rounding_account
        #: (is_profit, retained_earnings): in a closed year, income and expense lines of entries
        #: that are not the event's go to retained earnings.
        self.closed = closed
        self.entries: list[Entry] = []
        #: Entries attributed to an entity (their effect is shared by its NCI), in posting order.
        self.attributed: list[Entry] = []

    def post(self, step: str, kind: str, entity: str, partner: str | None,
             lines: Sequence[tuple[str, str, Fraction | Decimal | int]], reason: str,
             attribute_to: str | None = None, line_partners: dict[int, str] | None = None,
             event: bool = False) -> Entry | None:
        """Book ``lines`` (entity, account, exact amount); the rounding residue gets its own line.

        Lines on the same entity and account are added up; zero lines are dropped; an
        entry with no line left is not posted. Returns the entry or None.
        """
        if self.closed and not event:
            is_profit, re_acc = self.closed
            lines = [(ent, re_acc if is_profit(acc) else acc, amt) for ent, acc, amt in lines]
        merged: dict[tuple[str, str, str | None], Fraction | Decimal] = {}
        partners = line_partners or _NO_PARTNERS
        if _all_decimal(lines):
            # Decimal amounts add exactly (an inexact sum raises): no Fractions needed.
            add = _EXACT.add
            for i, (ent, acc, amt) in enumerate(lines):
                key = (ent, acc, partners.get(i) if partners else None)
                prev = merged.get(key)
                merged[key] = add(Decimal(0), amt) if prev is None else add(prev, amt)  # type: ignore[arg-type]
            exact_total: Fraction | Decimal = Decimal(0)
            for v in merged.values():
                exact_total = add(exact_total, v)  # type: ignore[arg-type]  # all Decimal
        else:
            for i, (ent, acc, amt) in enumerate(lines):
                key = (ent, acc, partners.get(i) if partners else None)
                f = amt if type(amt) is Fraction or isinstance(amt, Fraction) else Fraction(amt)
                prev = merged.get(key)
                merged[key] = f if prev is None else prev + f  # type: ignore[operator]  # all Fraction
            exact_total = _fraction_total(merged.values())  # type: ignore[arg-type]  # all Fraction
        if exact_total != 0:
            raise ValueError(f"entry for {entity} ({kind}) does not balance by {exact_total}: {lines}")
        decimals = self.decimals
        booked = []
        for (ent, acc, part), amt in merged.items():
            if amt:
                b = book(amt, decimals)
                if b:
                    booked.append(Line(ent, acc, b, part))
        residue = -sum((ln.amount for ln in booked), Decimal(0))
        if residue != 0:
            booked.append(Line(entity, self.rounding_account, residue))
        if not booked:
            return None
        entry = Entry(f"E{len(self.entries) + 1}", step, kind, entity, partner, tuple(booked), reason, attribute_to)
        self.entries.append(entry)
        if attribute_to is not None:
            self.attributed.append(entry)
        return entry

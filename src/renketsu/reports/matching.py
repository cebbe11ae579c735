"""Intercompany matching views: each pair with both sides, their accounts and the difference.

Read from the result's ``matching`` block (docs/format.md §8); the same rows feed the
terminal, the Excel Matching sheet and the web matching page. Pairs are sorted
by the size of their difference, largest first; unmatched pairs (above the
tolerance) come before matched ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from renketsu.model.money import D


@dataclass
class Side:
    entity: str
    account: str
    amount: Decimal


@dataclass
class Pair:
    kind: str
    entity: str
    partner: str
    difference: Decimal
    within_tolerance: bool
    sides: list[Side] = field(default_factory=list)

    @property
    def label(self) -> str:
        return {"intercompany_balance": "balances", "intercompany_pl": "income and expense"}.get(
            self.kind, self.kind.replace("_", " "))

    def side_total(self, entity: str) -> Decimal:
        return sum((s.amount for s in self.sides if s.entity == entity), Decimal(0))


def pairs(result: Mapping[str, Any], *, unmatched_only: bool = False) -> list[Pair]:
    """The matching block as :class:`Pair` s, unmatched first, then by |difference|, largest first."""
    out: list[Pair] = []
    for m in result.get("matching") or []:
        p = Pair(kind=str(m.get("kind", "")), entity=str(m.get("entity", "")), partner=str(m.get("partner", "")),
                 difference=D(str(m.get("difference", "0"))), within_tolerance=bool(m.get("within_tolerance", True)),
                 sides=[Side(str(r.get("entity", "")), str(r.get("account", "")), D(str(r.get("amount", "0"))))
                        for r in m.get("rows") or []])
        if unmatched_only and p.within_tolerance:
            continue
        out.append(p)
    out.sort(key=lambda p: (p.within_tolerance, -abs(p.difference), p.entity, p.partner, p.kind))
    return out

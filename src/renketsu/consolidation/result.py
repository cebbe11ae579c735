"""The typed result of a consolidation; JSON (docs/format.md §8) only at :meth:`ConsolidationResult.to_json`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from renketsu.model.money import ZERO, amount_str, book
from renketsu.ownership import Ownership

from .entries import Entry
from .products import Check, Closed, ClosingLine, GoodwillCarrying

__all__ = ["Check", "ClosingLine", "ConsolidationResult", "EntityFigures"]


@dataclass(frozen=True)
class EntityFigures:
    """A full subsidiary's figures in the reporting currency (result ``entities[...]`` beyond ownership)."""

    goodwill: Decimal
    nci_amount: Decimal
    cta: Decimal
    #: The NCI's own goodwill (NCI at fair value), or None.
    nci_goodwill: Decimal | None = None


@dataclass(frozen=True)
class ConsolidationResult:
    """Everything a consolidation produced, typed; ``to_json`` gives the docs/format.md §8 object."""

    group: str
    period: dt.date
    currency: str
    decimals: int
    #: Translated, mapped trial balance per entity: entity -> account -> amount.
    contributions: dict[str, dict[str, Decimal]]
    eliminations: tuple[Entry, ...]
    closing: tuple[ClosingLine, ...]
    balance_sheet: dict[str, Decimal]
    income_statement: dict[str, Decimal]
    profit_total: Decimal
    profit_owners: Decimal
    profit_nci: Decimal
    #: Ownership at the period (method, effective interest, NCI ratio per entity).
    ownership: Ownership
    #: Figures of each full subsidiary.
    figures: dict[str, EntityFigures]
    typed_checks: tuple[Check, ...]
    matching: tuple[dict, ...]
    translation: dict[str, dict[str, str]]
    added_accounts: tuple[str, ...]
    #: The statement set (renketsu.statements.Statements), attached by the api; None in frame runs.
    statements: Any = None
    #: Subsidiaries sold in the year (renketsu.consolidation.deconsolidation.Disposed).
    disposals: tuple[Any, ...] = ()
    #: Parts of associates sold in the year (renketsu.consolidation.products.AssociateSale).
    associate_sales: tuple[Any, ...] = ()
    #: More of an interest kept bought by a holder in another currency (products.AssociatePurchase).
    associate_purchases: tuple[Any, ...] = ()

    # ------------------------------------------------------------------ typed accessors

    def amount(self, account: str) -> Decimal:
        """The consolidated balance of ``account`` (balance sheet or income statement), 0 when absent."""
        return self.balance_sheet.get(account, self.income_statement.get(account, Decimal(0)))

    def figures_of(self, entity: str) -> EntityFigures | None:
        return self.figures.get(entity)

    def check(self, name: str) -> Check | None:
        return next((c for c in self.typed_checks if c.name == name), None)

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return all(c.ok for c in self.typed_checks)

    @property
    def checks(self) -> tuple[dict, ...]:
        """The checks as docs/format.md §8 objects."""
        return tuple(c.to_json() for c in self.typed_checks)

    @cached_property
    def entities(self) -> dict[str, dict]:
        """docs/format.md §8 ``entities``: ownership per entity and, for full subsidiaries, their figures (strings)."""
        d = self.decimals
        out = self.ownership.to_json()
        for eid, eo in self.ownership.entities.items():
            item = out[eid]
            f = self.figures.get(eid)
            if eo.method == "full" and f is not None:
                item["goodwill"] = amount_str(f.goodwill, d)
                item["nci_amount"] = amount_str(f.nci_amount, d)
                item["cta"] = amount_str(f.cta, d)
                if f.nci_goodwill is not None:
                    item["nci_goodwill"] = amount_str(f.nci_goodwill, d)
        return out

    def to_json(self) -> dict:
        d = self.decimals

        def money(x: Decimal) -> str:
            return amount_str(x, d)

        return {
            "format": "renketsu.result/1",
            "group": self.group,
            "period": self.period.isoformat(),
            "currency": self.currency,
            "balance_sheet": {k: money(v) for k, v in self.balance_sheet.items()},
            "income_statement": {k: money(v) for k, v in self.income_statement.items()},
            "profit": {"total": money(self.profit_total), "owners": money(self.profit_owners),
                       "nci": money(self.profit_nci)},
            "entities": self.entities,
            "eliminations": [e.to_json(d) for e in self.eliminations],
            "closing": [{"entity": c.entity, "account": c.account, "amount": money(c.amount), "reason": c.reason}
                        for c in self.closing],
            "contributions": {e: {a: money(v) for a, v in accs.items()} for e, accs in self.contributions.items()},
            "checks": list(self.checks),
            "matching": list(self.matching),
            "translation": self.translation,
            "added_accounts": list(self.added_accounts),
            **(self.statements.to_json() if self.statements is not None else {}),
        }


def entity_figures(tbs: dict, entries: tuple[Entry, ...], closed: Closed, gw: GoodwillCarrying,
                   subsidiaries: list[str], nci_acc: str, cta_acc: str, decimals: int) -> dict[str, EntityFigures]:
    """Goodwill, NCI amount and reserve of every full subsidiary, from the entries and closing."""
    nci_amount: dict[str, Decimal] = defaultdict(Decimal)
    cta_amount: dict[str, Decimal] = defaultdict(Decimal)
    for e in entries:
        for ln in e.lines:
            if ln.account == nci_acc:
                nci_amount[ln.entity] -= ln.amount
            elif ln.account == cta_acc:
                cta_amount[ln.entity] -= ln.amount
    for c in closed.closing:
        if c.account == nci_acc:
            nci_amount[c.entity] -= c.amount
    for entity, accs in tbs.items():
        cta_amount[entity] -= sum((v for (a, _p), v in accs.items() if a == cta_acc), Decimal(0))
    out = {}
    for eid in subsidiaries:
        nci_gw = gw.nci_goodwill.get(eid)
        out[eid] = EntityFigures(book(gw.carrying.get(eid, ZERO), decimals), nci_amount.get(eid, Decimal(0)),
                                 cta_amount.get(eid, Decimal(0)), book(nci_gw, decimals) if nci_gw else None)
    return out

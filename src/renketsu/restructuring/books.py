"""Entity books during an event: the group chart as restructuring reads it, and each
company's balances (the survivor's, the absorbed companies', the holders') as the event
changes them. Amounts are in each company's own currency.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from renketsu.model.money import currency_decimals
from renketsu.model.types import Group, Workspace

from .frames import Books, Position
from .plan import EntityLine

#: Accounts the engine adds by role when the chart has none, recognised by their id.
_ADDED_ROLES = ("goodwill", "nci", "cta")


class Chart:
    """The group's chart of accounts: types and roles of accounts, the account for a role."""

    def __init__(self, group: Group):
        self.group = group

    def type(self, acc: str) -> str:
        a = self.group.accounts.get(acc)
        return a.type if a else "expense"

    def role(self, acc: str) -> str | None:
        a = self.group.accounts.get(acc)
        return a.role if a else (acc if acc in _ADDED_ROLES else None)

    def of(self, role: str) -> str:
        """The account carrying ``role``, else one named after it (the engine adds it, docs/format.md §2)."""
        return self.group.role_account(role) or role

    def cash(self) -> str:
        """The cash account: the one with role ``cash``; without one, the first asset whose
        name says cash (charts written before the role existed), else an account ``cash``."""
        by_role = self.group.role_account("cash")
        if by_role is not None:
            return by_role
        for a in self.group.accounts.values():
            if a.type == "asset" and "cash" in a.name.lower():
                return a.id
        return "cash"

    def is_bs(self, acc: str) -> bool:
        """An asset or liability (equity excluded)."""
        return self.type(acc) in ("asset", "liability")

    def is_pl(self, acc: str) -> bool:
        return self.type(acc) in ("income", "expense")


def entity_decimals(ws: Workspace, entity: str) -> int:
    """Decimals an entity books in: the group's policy, else its currency's."""
    g = ws.group
    return g.policies.decimals if g.policies.decimals is not None else currency_decimals(g.entities[entity].currency)


class EntityBooks:
    """Every entity's closed balance-sheet books and what the event books to income, as the event goes on."""

    def __init__(self, chart: Chart, position: Position):
        self.chart = chart
        self.balances: dict[str, dict[tuple[str, str | None], Decimal]] = {
            e: defaultdict(Decimal, b) for e, b in position.books.items()}
        self.income: dict[str, dict[tuple[str, str | None], Decimal]] = defaultdict(lambda: defaultdict(Decimal))

    def of(self, entity: str) -> dict[tuple[str, str | None], Decimal]:
        """The balances of ``entity`` (empty when it has none)."""
        return self.balances.get(entity, {})

    def take(self, entity: str) -> dict[tuple[str, str | None], Decimal]:
        """Remove ``entity``'s books (a company absorbed) and return them."""
        return self.balances.pop(entity, {})

    def apply(self, entity: str, lines: list[EntityLine]) -> None:
        """Book ``lines`` in ``entity``'s books: income and expense to its income, the rest to its balances."""
        for acc, amt, partner in lines:
            if self.chart.is_pl(acc):
                self.income[entity][(acc, None)] += amt
            else:
                self.balances.setdefault(entity, defaultdict(Decimal))[(acc, partner)] += amt

    def investments(self, holder: str, entity: str) -> list[tuple[str, Decimal]]:
        """``holder``'s investment accounts in ``entity`` and their carrying amounts."""
        return [(acc, amt) for (acc, p), amt in self.of(holder).items()
                if p == entity and self.chart.role(acc) == "investment"]

    def investment(self, holder: str, entity: str) -> tuple[str, Decimal]:
        """``holder``'s investment account in ``entity`` (the role's account when none) and the total carried."""
        rows = self.investments(holder, entity)
        if rows:
            return rows[0][0], sum((a for _acc, a in rows), Decimal(0))
        return self.chart.of("investment"), Decimal(0)

    def equity(self, entity: str) -> Decimal:
        """``entity``'s equity (credit positive)."""
        return -sum((v for (acc, _p), v in self.of(entity).items() if self.chart.type(acc) == "equity"), Decimal(0))

    def rename_partners(self, renames: dict[str, str]) -> None:
        """Balances on partners that no longer exist move to the company that took them over."""
        for entity, b in self.balances.items():
            moved: dict[tuple[str, str | None], Decimal] = {}
            for (acc, partner), amt in list(b.items()):
                if partner in renames:
                    del b[(acc, partner)]
                    key = (acc, renames[partner] if renames[partner] != entity else None)
                    moved[key] = moved.get(key, Decimal(0)) + amt
            for key, amt in moved.items():
                b[key] += amt

    def after(self) -> tuple[dict[str, Books], dict[str, Books]]:
        """Balances and income after the event, zero lines dropped."""
        return ({e: {k: v for k, v in b.items() if v} for e, b in self.balances.items()},
                {e: {k: v for k, v in b.items() if v} for e, b in self.income.items()})


__all__ = ["Chart", "EntityBooks", "entity_decimals"]

"""Each entity's own books on the day before an event, closed: the entity-level position.

Income, expense and dividends declared sit in retained earnings, so an entity's
income statement after the event holds only what the event books (docs/format.md §9). The
consolidated side closes the year inside the engine instead
(:class:`renketsu.consolidation.run.Frame`), after translation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from renketsu.ledger import Ledger
from renketsu.model.types import Group

#: (account, partner) -> amount, in the entity's own currency.
Books = dict[tuple[str, str | None], Decimal]


@dataclass(frozen=True)
class Position:
    """Every entity's closed books at ``period``."""

    period: dt.date
    books: dict[str, Books]


def closed_position(group: Group, ledger: Ledger, period: dt.date) -> Position:
    """Each entity's trial balance at ``period`` with the year's profit and dividends closed into retained earnings."""
    re_acc = group.role_account("retained_earnings") or "retained_earnings"
    books: dict[str, Books] = defaultdict(lambda: defaultdict(Decimal))
    for entity, _period, account, partner, _date, amount in ledger.balances([period]):
        acc = group.accounts.get(account)
        typ = acc.type if acc else "expense"
        if typ in ("income", "expense") or (acc is not None and acc.role == "dividends_declared"):
            books[entity][(re_acc, None)] += amount
        else:
            books[entity][(account, partner)] += amount
    return Position(period, {e: {k: v for k, v in b.items() if v != 0} for e, b in books.items()})

"""Positions for simulation: each entity's books on the day before an event, closed.

A *frame* is a ledger at one period ``Pf`` (the day before the effective date) in
which every entity's year is closed: income, expense and dividends declared sit in
retained earnings, so an income statement in the frame holds only what an event
books. Other periods of the real ledger are kept (translation history, equity at
earlier holding dates). Consolidating the frame before and after an event and
comparing the two is what the simulation reports.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import duckdb
import pyarrow as pa

from renketsu.ledger import MONEY, Ledger
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


def frame_ledger(ledger: Ledger, period: dt.date, books: dict[str, Books], income: dict[str, Books], label: str,
                 extra: dict[dt.date, dict[str, Books]] | None = None) -> Ledger:
    """A new in-memory ledger: the real one without ``period``, plus ``books`` and ``income`` rows at ``period``.

    ``extra`` gives closed books of some entities at other dates; they replace the real rows there.
    """
    con = duckdb.connect(":memory:")
    extra = extra or {}
    skip = " ".join(f"AND NOT (period = DATE '{d.isoformat()}' AND entity IN ({', '.join(repr(e) for e in ents) or 'NULL'}))"
                    for d, ents in extra.items())
    rel = ledger.con.sql(f"SELECT * FROM ledger WHERE period <> DATE '{period.isoformat()}' {skip}")
    # DuckDB 2 names it to_arrow_table; 1.x arrow.
    rest = (rel.to_arrow_table if hasattr(rel, "to_arrow_table") else rel.arrow)()
    con.register("rest", rest)
    con.execute("CREATE TABLE ledger AS SELECT * FROM rest")
    con.unregister("rest")
    rows = [(e, acc, partner, amt) for src in (books, income) for e, b in src.items() for (acc, partner), amt in b.items()
            if amt != 0]
    table = pa.table({
        "entity": pa.array([r[0] for r in rows], pa.string()),
        "account": pa.array([r[1] for r in rows], pa.string()),
        "partner": pa.array([r[2] for r in rows], pa.string()),
        "amount": pa.array([str(r[3]) for r in rows], pa.string()),
    })
    con.register("frame_rows", table)
    con.execute(f"INSERT INTO ledger SELECT entity, ?::DATE, account, account, partner, amount::{MONEY}, NULL, ?, NULL, "
                f"row_number() OVER () FROM frame_rows", [period, label])
    con.unregister("frame_rows")
    for day, more in extra.items():
        rows = [(e, acc, partner, str(amt)) for e, b in more.items() for (acc, partner), amt in b.items() if amt != 0]
        if rows:
            con.executemany(f"INSERT INTO ledger VALUES (?, ?, ?, ?, ?, ?::{MONEY}, NULL, ?, NULL, 0)",
                            [(e, day, acc, acc, partner, amt, label) for e, acc, partner, amt in rows])
    return Ledger(con)

"""Step ``intercompany`` — balances and income/expense between consolidated entities (docs/format.md §10.7)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import book, fmt

from .products import Matching
from .stage import StepIO


def _money(io: StepIO, x: Fraction | Decimal) -> str:
    return fmt(x, io.run.decimals)


def _excluded_from_ic(io: StepIO, acc: str) -> bool:
    run = io.run
    # a seller's gain on a sale to an outside party, even tagged with the subsidiary sold (docs/format.md §10.8)
    return run.account_role(acc) in ("investment", "equity_method_investment", "dividend_income", "dividends_declared",
                                     "nci", "cta", "disposal_gain") or run.account_type(acc) == "equity"


def intercompany(io: StepIO) -> Matching:
    """Balances and income/expense between consolidated entities, pair by pair (docs/format.md §10.7)."""
    run = io.run
    tol = Fraction(run.group.policies.ic_tolerance)
    balances: dict[tuple[str, str], list[tuple[str, str, Decimal]]] = defaultdict(list)
    sales: dict[tuple[str, str], list[tuple[str, str, Decimal]]] = defaultdict(list)
    purchases: dict[tuple[str, str], list[tuple[str, str, Decimal]]] = defaultdict(list)
    matching: list[dict] = []
    before_control = _traded_before_control(io)
    consolidated = run.consolidated()
    inside = set(consolidated)  # run.is_consolidated, as a set
    excluded: dict[str, bool] = {}  # _excluded_from_ic by account, asked once each
    for entity in consolidated:
        for (acc, partner), amt in io.tb.get(entity, {}).items():
            if partner is None or partner == entity or partner not in inside:
                continue
            out = excluded.get(acc)
            if out is None:
                out = excluded[acc] = _excluded_from_ic(io, acc)
            if out:
                continue
            t = run.account_type(acc)
            if t in ("asset", "liability"):
                lo, hi = sorted((entity, partner))
                balances[(lo, hi)].append((entity, acc, amt))
                continue
            # Trade before control began was with an outside party then: only the rest is intra-group.
            amt -= before_control.pop((entity, partner, acc), Decimal(0))
            if not amt:
                continue
            if t == "income":
                sales[(entity, partner)].append((entity, acc, amt))
            else:
                purchases[(partner, entity)].append((entity, acc, amt))
    for (a, b), rows in sorted(balances.items()):
        _eliminate_pair(io, "intercompany_balance", a, b, rows, [], tol,
                        f"intra-group balances between {a} and {b}", matching)
    for seller, buyer in sorted(set(sales) | set(purchases)):
        s_rows, b_rows = sales.get((seller, buyer), []), purchases.get((seller, buyer), [])
        if s_rows and not b_rows:
            total = sum((amt for _e, _a, amt in s_rows), Decimal(0))
            lines = [(e, acc, -amt) for e, acc, amt in s_rows]
            lines.append((buyer, io.role("cost_of_sales"), total))
            io.post("intercompany_pl", seller, buyer, lines,
                    f"sales of {seller} to {buyer} against the buyer's cost of sales "
                    f"(the buyer has no rows with partner {seller}); {_level(io, seller, buyer)}")
            continue
        _eliminate_pair(io, "intercompany_pl", seller, buyer, s_rows, b_rows, tol,
                        f"income of {seller} from {buyer} against {buyer}'s expense", matching)
    return Matching(tuple(matching))


def _traded_before_control(io: StepIO) -> dict[tuple[str, str, str], Decimal]:
    """Income and expense between a company and the group from before control began inside the year.

    Read from the acquired company's trial balance on the day before control (docs/format.md §10.4), for
    its own rows; the counterparty's rows are taken to mirror them on its first account of the
    opposite type with that partner (the counterparty keeps no trial balance of that day).
    """
    run = io.run
    out: dict[tuple[str, str, str], Decimal] = {}
    if run.frame is not None:
        return out
    for entity, acq in io.acquired.items():
        if not (run.fy_start < acq.control_date <= run.period):
            continue
        pre = run.local_tb(entity, acq.control_date - dt.timedelta(days=1)) or {}
        for (acc, partner, _d), amt in pre.items():
            if partner is None or not run.is_consolidated(partner) or not run.is_profit(acc) or _excluded_from_ic(io, acc):
                continue
            value = book(Fraction(amt) * acq.rate, run.decimals)
            out[(entity, partner, acc)] = out.get((entity, partner, acc), Decimal(0)) + value
            mirror_type = "expense" if run.account_type(acc) == "income" else "income"
            mirror = next((a for (a, p) in io.tb.get(partner, {}) if p == entity and run.account_type(a) == mirror_type
                           and not _excluded_from_ic(io, a)), None)
            if mirror is not None:
                out[(partner, entity, mirror)] = out.get((partner, entity, mirror), Decimal(0)) - value
    return out


def _level(io: StepIO, a: str, b: str) -> str:
    run = io.run
    return f"eliminated at {run.first_common_parent(a, b)}, their first common parent"


def _eliminate_pair(io: StepIO, kind: str, a: str, b: str, rows: list, more: list, tol: Fraction, what: str,
                    matching: list[dict]) -> None:
    run = io.run
    all_rows = rows + more
    diff = sum((amt for _e, _a, amt in all_rows), Decimal(0))
    lines = [(e, acc, -amt) for e, acc, amt in all_rows]
    if diff:
        lines.append((a, io.role("ic_difference"), diff))
    ok = abs(Fraction(diff)) <= tol
    if diff:
        matching.append({
            "kind": kind, "entity": a, "partner": b, "difference": str(book(diff, run.decimals)), "within_tolerance": ok,
            "rows": [{"entity": e, "account": acc, "amount": str(amt)} for e, acc, amt in all_rows],
        })
    reason = f"{what}; {_level(io, a, b)}"
    if diff:
        reason += f"; difference {_money(io, diff)} to ic_difference" + ("" if ok else " (above tolerance: see matching)")
    io.post(kind, a, b, lines, reason)



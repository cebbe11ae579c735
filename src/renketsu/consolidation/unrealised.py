"""Step ``unrealised_profit`` — intra-group profit in stock at the period end; last period's released."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import fmt, ratio_str

from .stage import StepIO


def _money(io: StepIO, x: Fraction | Decimal) -> str:
    return fmt(x, io.run.decimals)


def unrealised_profit(io: StepIO) -> None:
    """Intra-group profit in stock at the period end; last period's released (docs/format.md §10.7)."""
    run = io.run
    prev_end = run.fy_start - dt.timedelta(days=1)
    for row in run.ws.ic_stock:
        if row.period not in (run.period, prev_end):
            continue
        current = row.period == run.period
        seller, buyer = row.seller, row.buyer
        rate = io.rate(run.currency(buyer), row.period, "closing", f"translating intra-group stock of {buyer}")
        up = Fraction(row.amount) * row.margin * rate
        what = f"{row.amount} of {seller}'s goods held by {buyer} at {row.period}, margin {ratio_str(row.margin)}"
        if run.is_consolidated(seller) and run.is_consolidated(buyer):
            direction = "downstream" if seller == run.group.parent else "upstream"
            if current:
                lines = [(seller, io.role("cost_of_sales"), up), (buyer, row.account, -up)]
                reason = f"unrealised profit ({direction}): {what}"
            else:
                lines = [(seller, io.role("retained_earnings"), up), (seller, io.role("cost_of_sales"), -up)]
                reason = f"unrealised profit of last period released: {what}"
            io.post("unrealised_profit", seller, buyer, lines, reason, attribute_to=seller)
            continue
        associate, holders = _associate_pair(io, seller, buyer)
        # IAS 28.27-28: the group's share is that of the parent and its subsidiaries together, each
        # holder's part through its own investment; a downstream sale's profit is the seller's to bear.
        for investor, share in holders.items():
            amount = up * share
            if current:
                lines = [(investor, io.role("equity_method_income"), amount),
                         (investor, io.role("equity_method_investment"), -amount)]
                reason = f"{investor}'s share ({ratio_str(share)}) of unrealised profit with associate {associate}: {what}"
            else:
                lines = [(investor, io.role("retained_earnings"), amount),
                         (investor, io.role("equity_method_income"), -amount)]
                reason = f"{investor}'s share of last period's unrealised profit with {associate} released: {what}"
            bearer = seller if run.is_consolidated(seller) else investor
            io.post("unrealised_profit", investor, associate, lines, reason, attribute_to=bearer)


def _associate_pair(io: StepIO, a: str, b: str) -> tuple[str, dict[str, Fraction]]:
    """The associate of a group-associate pair and the group's holders of it with their shares."""
    run = io.run
    for group_side, other in ((a, b), (b, a)):
        if run.is_consolidated(group_side) and run.own.method(other) == "equity":
            holders = {h: s for h, s in run.own.entities[other].direct.items() if s and run.is_consolidated(h)}
            if holders:
                return other, holders
    return "", {}



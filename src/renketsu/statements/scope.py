"""Subsidiaries that came into the group during the year, for the cash flow statement (IAS 7.39–42).

An entity consolidated at the period end that the prior year end did not consolidate was
acquired in the year. Its position at control — its trial balance the day before the control
date (docs/format.md §10.4), at the rate of the control date — and what first consolidation
booked on assets and liabilities (goodwill, fair-value adjustments) are the assets and
liabilities acquired: they come out of the movements of the accounts and make one investing line,
the consideration net of the cash acquired. Its translation effects run from that position at the
control rate instead of from the prior year end.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from renketsu.consolidation.result import ConsolidationResult
from renketsu.model.money import book
from renketsu.model.types import Chart, Workspace
from renketsu.ownership.history import History

ZERO = Decimal(0)


@dataclass(frozen=True)
class Entered:
    """A subsidiary first consolidated in the year."""

    entity: str
    control_date: dt.date
    #: Reporting currency per unit of its currency at the control date (1 for the reporting currency).
    rate: Fraction
    #: Its local balances per group account the day before control (None: the ledger does not hold them).
    position: dict[str, Decimal] | None
    #: Whether first consolidation took its income before control out of the income statement.
    pre_income_removed: bool


@dataclass
class Acquisition:
    """What one acquisition adds to the year's cash flow statement (reporting currency, balance signs)."""

    entity: str
    control_date: dt.date
    #: Assets and liabilities acquired per account (cash included), goodwill and fair values included.
    acquired: dict[str, Decimal] = field(default_factory=dict)
    #: NCI recognised at control (natural sign).
    nci: Decimal = ZERO
    #: Consideration (the holders' eliminated cost).
    cost: Decimal = ZERO
    #: Profit before control, local currency (taken out of the income statement at the control rate).
    pre_profit: Fraction = Fraction(0)


def entered(ws: Workspace, ledger: Any, res: ConsolidationResult, prior: ConsolidationResult) -> dict[str, Entered]:
    """The subsidiaries consolidated at ``res`` and not at ``prior``, with their position at control."""
    out: dict[str, Entered] = {}
    g = ws.group
    history: History | None = None
    for eid, eo in sorted(res.ownership.entities.items()):
        if eo.method != "full" or eid == g.parent or eid in prior.contributions:
            continue
        history = history or History(g, res.period)
        control = history.method_since(eid, ("full",), known="full")
        if control is None or control <= prior.period:
            continue
        facts = res.translation.get(eid, {})
        rate = Fraction(facts["acquisition"]) if facts.get("acquisition") else Fraction(1)
        day = control - dt.timedelta(days=1)
        rows = ledger.con.execute("SELECT account, SUM(amount) FROM ledger WHERE period = ? AND entity = ? "
                                  "GROUP BY account", [day, eid]).fetchall()
        position = {a: Decimal(v) for a, v in rows} if rows else None
        fy_start = g.fiscal_year_start(res.period)
        out[eid] = Entered(eid, control, rate, position, position is not None and control > fy_start)
    return out


def acquisitions(chart: Chart, res: ConsolidationResult, scope: dict[str, Entered]) -> list[Acquisition]:
    """Per subsidiary acquired in the year, the assets and liabilities acquired and the NCI and cost booked."""
    out = []
    d = res.decimals
    nci_acc = chart.account_for("nci")
    for eid, en in scope.items():
        acq = Acquisition(eid, en.control_date)
        acquired: dict[str, Decimal] = defaultdict(Decimal)
        for acc, v in (en.position or {}).items():
            if chart.is_balance(acc) and chart.account_type(acc) != "equity":
                acquired[acc] += book(Fraction(v) * en.rate, d)
            elif chart.is_profit(acc) and en.pre_income_removed:
                acq.pre_profit -= Fraction(v)
        for e in res.eliminations:
            if e.kind != "investment" or e.entity != eid:
                continue
            for ln in e.lines:
                if ln.account == nci_acc:
                    acq.nci -= ln.amount
                elif chart.role_of(ln.account) == "investment":
                    acq.cost -= ln.amount
                elif chart.is_balance(ln.account) and chart.account_type(ln.account) != "equity":
                    acquired[ln.account] += ln.amount
        acq.acquired = {a: v for a, v in acquired.items() if v}
        out.append(acq)
    return out


__all__ = ["Acquisition", "Entered", "acquisitions", "entered"]

"""The ordered consolidation pipeline and its entry point.

Order (SAP posting levels; HFM translate -> proportion -> eliminate):

1. ``translation``      mapping (done in the ledger) and IAS 21 translation into contributions
2. ``investment``       first consolidation: investment vs equity, goodwill, NCI at acquisition;
                        later purchases and sales keeping control (equity transactions)
3. ``goodwill``         amortisation (jgaap) and translation of goodwill and fair-value adjustments
4. ``intercompany``     balances and income/expense pair by pair, with a matching report
5. ``dividends``        intra-group dividends; the NCI's part against NCI
6. ``unrealised_profit`` intra-group profit in stock; last period's released
7. ``equity_method``    associates (IAS 28)
8. ``nci``              NCI's share of post-acquisition equity, translation reserve and attributed entries

Then ``closing`` splits the year's profit between owners and NCI and closes it, with
dividends declared, into retained earnings; ``checks`` verify the result.
A step is a function ``(Run) -> None``; an extension adds its own to a copy of STEPS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from renketsu.ledger import Ledger
from renketsu.model.errors import Problem, Problems, RenketsuError
from renketsu.model.money import exact_context
from renketsu.model.types import Workspace
from renketsu.ownership import ownership_at

from . import steps
from .acquisition import analyse, needed_periods
from .result import ConsolidationResult, close_and_check
from .run import Frame, LocalTB, Run
from .translation import translate

Step = Callable[[Run], None]

STEPS: tuple[tuple[str, Step], ...] = (
    ("translation", translate),
    ("investment", steps.investment),
    ("goodwill", steps.goodwill_amortisation),
    ("intercompany", steps.intercompany),
    ("dividends", steps.dividends),
    ("unrealised_profit", steps.unrealised_profit),
    ("equity_method", steps.equity_method),
    ("nci", steps.nci),
)


def _periods_needed(ws: Workspace, ledger_periods: list[dt.date], period: dt.date) -> list[dt.date]:
    """The period, earlier fiscal year ends (translation history, last year's stock) and days before holding events."""
    wanted = {period} | needed_periods(ws.group, period)
    wanted |= {p for p in ledger_periods if p < period and p == ws.group.fiscal_year_end_for(p)}
    return sorted(p for p in wanted if p in set(ledger_periods))


def load_local(ledger: Ledger, periods: list[dt.date],
               dated: list[str] | None = None) -> dict[tuple[str, dt.date], LocalTB]:
    """The one scan of the ledger: per entity and period, amounts by (account, partner, date).

    With ``dated``, only those entities keep the date (see :meth:`Ledger.balances`).
    """
    out: dict[tuple[str, dt.date], LocalTB] = {}
    for entity, period, account, partner, date, amount in ledger.balances(periods, dated=dated):
        out.setdefault((entity, period), {})[(account, partner, date)] = amount
    return out


def consolidate(ws: Workspace, ledger: Ledger, period: dt.date, steps_: tuple[tuple[str, Step], ...] = STEPS,
                progress: Callable[[str], None] | None = None, frame: Frame | None = None) -> ConsolidationResult:
    """Consolidate the group at ``period``; raises RenketsuError with every problem found.

    Decimal arithmetic runs in :func:`~renketsu.model.money.exact_context`: a sum that would
    round raises instead; amounts are rounded only where an entry is booked.

    With ``frame`` the year is closed at ``period`` and the frame's event lines are added
    (see :class:`~renketsu.consolidation.run.Frame`).
    """
    with exact_context():
        return _consolidate(ws, ledger, period, steps_, progress, frame)


def _consolidate(ws, ledger, period, steps_, progress, frame) -> ConsolidationResult:
    problems = Problems()
    periods = ledger.periods()
    if period not in periods:
        held = ", ".join(p.isoformat() for p in periods) or "no period"
        raise RenketsuError(Problem("consolidation.no_period", f"the ledger has no trial balance at {period} "
                                    f"(it holds {held})", None, "check --period, or add that period to ledger/"))
    own = ownership_at(ws.group, period)
    # Transaction dates matter only where a row is translated at its spot rate.
    foreign = [e.id for e in ws.group.entities.values() if e.currency != ws.group.reporting_currency]
    local = load_local(ledger, _periods_needed(ws, periods, period), dated=foreign)
    run = Run(ws, own, period, local, problems, frame)
    analyse(run)
    for name, step in steps_:
        if progress:
            progress(name)
        step(run)
    run.report_missing_rates()
    problems.raise_if_any()
    return close_and_check(run)

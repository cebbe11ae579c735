"""The step table and the entry point of a consolidation.

Each step is a pure stage (:mod:`renketsu.consolidation.stage`): it reads the run's frozen
inputs and the products it names in ``needs``, posts entries under its own name, and returns
its product. The order below is the one the needs allow (checked at import and at the start
of every run); SAP posting levels, HFM translate -> proportion -> eliminate:

======================  =================================================  ===================
step                    needs                                              produces
======================  =================================================  ===================
``acquisition``         —                                                  ``Acquired`` per sub
``opening``             —                                                  ``OpeningPosition``
``translation``         acquisition, opening                               ``Translated``
``investment``          acquisition, translation, opening                  ``Investments``
``goodwill``            acquisition, investment, opening                   ``GoodwillCarrying``
``intercompany``        acquisition, translation                           ``Matching``
``dividends``           acquisition, translation                           ``Matching``
``unrealised_profit``   —                                                  —
``equity_method``       translation, opening                               ``EquityMethod``
``adjustment``          —                                                  —
``deconsolidation``     translation (consolidates the day before a sale)  ``Deconsolidated``
``nci``                 acquisition, translation, investment, goodwill,    ``ProfitSplit``
                        dividends, equity_method, opening,
                        deconsolidation, (attributed entries)
``closing``             acquisition, translation, investment, nci,         ``Closed``
                        deconsolidation, entries
``checks``              acquisition, translation, intercompany, dividends,  ``Check``s
                        deconsolidation, closing, entries
======================  =================================================  ===================

``consolidate(steps_=...)`` runs ``steps_`` (STEPS by default, an extension may add its own)
then :data:`FINAL` (closing, checks), and builds the typed :class:`ConsolidationResult`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from renketsu.ledger import Ledger
from renketsu.model.errors import Problem, Problems, RenketsuError
from renketsu.model.money import exact_context
from renketsu.model.types import Workspace
from renketsu.ownership import ownership_at
from renketsu.workspace.rates import report_missing

from .acquisition import analyse, needed_periods
from .adjustment import adjustment
from .checks import checks, matching_items
from .closing import closing
from .deconsolidation import deconsolidate
from .dividends import dividends
from .entries import EntryBook
from .equity_method import equity_method
from .goodwill import goodwill
from .intercompany import intercompany
from .investment import first_consolidation
from .nci import nci
from .opening import opening, refuse_before_start
from .result import ConsolidationResult, entity_figures
from .run import Frame, LocalTB, Run
from .stage import Collected, LegacyRun, Step, StepIO, check_order
from .translation import translate
from .unrealised import unrealised_profit

__all__ = ["FINAL", "STEPS", "Frame", "LocalTB", "Run", "Step", "consolidate", "load_local"]

STEPS: tuple[Step, ...] = (
    Step("acquisition", analyse, (), "acquisition"),
    Step("opening", opening, (), "opening"),
    Step("translation", translate, ("acquisition", "opening"), "translation"),
    Step("investment", first_consolidation, ("acquisition", "translation", "opening"), "investment"),
    Step("goodwill", goodwill, ("acquisition", "investment", "opening"), "goodwill"),
    Step("intercompany", intercompany, ("acquisition", "translation"), "intercompany"),
    Step("dividends", dividends, ("acquisition", "translation"), "dividends"),
    Step("unrealised_profit", unrealised_profit, ()),
    Step("equity_method", equity_method, ("translation", "opening"), "equity_method"),
    Step("adjustment", adjustment, ()),
    Step("deconsolidation", deconsolidate, ("translation",), "deconsolidation"),
    Step("nci", nci, ("acquisition", "translation", "investment", "goodwill", "dividends", "equity_method",
                      "opening", "deconsolidation"), "nci"),
)

#: Run after every step of the table (and any an extension added): they read all entries.
FINAL: tuple[Step, ...] = (
    Step("closing", closing, ("acquisition", "translation", "investment", "nci", "deconsolidation", "entries"),
         "closing"),
    Step("checks", checks, ("acquisition", "translation", "intercompany", "dividends", "deconsolidation", "closing",
                            "entries"),
         "checks"),
)

check_order((*STEPS, *FINAL), given=("entries",))


def _periods_needed(ws: Workspace, ledger_periods: list[dt.date], period: dt.date) -> list[dt.date]:
    """The period, earlier fiscal year ends (translation history, last year's stock) and days before holding events."""
    wanted = {period} | needed_periods(ws.group, period)
    wanted |= {p for p in ledger_periods if p < period and p == ws.group.fiscal_year_end_for(p)}
    return sorted(p for p in wanted if p in set(ledger_periods))


def load_local(ledger: Ledger, periods: list[dt.date],
               dated: list[str] | None = None) -> dict[tuple[str, dt.date], LocalTB]:
    """The one scan of the ledger: per entity and period, amounts by (account, partner, date).

    With ``dated``, only those entities keep the date (see :meth:`Ledger.balances`). Periods
    already read (the comparative year's, after the year's run) are not read again
    (:meth:`Ledger.local_tbs`); the trial balances are shared, and no step writes to them.
    """
    if hasattr(ledger, "local_tbs"):
        return ledger.local_tbs(periods, dated=dated)
    out: dict[tuple[str, dt.date], LocalTB] = {}
    for entity, period, account, partner, date, amount in ledger.balances(periods, dated=dated):
        out.setdefault((entity, period), {})[(account, partner, date)] = amount
    return out


def consolidate(ws: Workspace, ledger: Ledger, period: dt.date, steps_: Sequence[Step | tuple] = STEPS,
                progress: Callable[[str], None] | None = None, frame: Frame | None = None) -> ConsolidationResult:
    """Consolidate the group at ``period``; raises RenketsuError with every problem found.

    Decimal arithmetic runs in :func:`~renketsu.model.money.exact_context`: a sum that would
    round raises instead; amounts are rounded only where an entry is booked.

    With ``frame`` the year is closed at ``period`` and the frame's event lines are added
    (see :class:`~renketsu.consolidation.run.Frame`).
    """
    with exact_context():
        return _consolidate(ws, ledger, period, steps_, progress, frame)


def _run_step(run: Run, st: Step | tuple, book: EntryBook, products: dict[str, Any], problems: Problems,
              found: Collected) -> None:
    if isinstance(st, Step):
        io = StepIO(run, st.name, book, products, (*st.needs, "entries"), problems)
        product = st.fn(io)
        if st.produces is not None:
            products[st.produces] = product
    else:  # an extension's (name, fn(run)) pair
        name, fn = st
        io = StepIO(run, name, book, products, None, problems)
        fn(LegacyRun(io))
    found.merge(io.found)


def _consolidate(ws, ledger, period, steps_, progress, frame) -> ConsolidationResult:
    problems = Problems()
    periods = ledger.periods()
    if period not in periods:
        held = ", ".join(p.isoformat() for p in periods) or "no period"
        raise RenketsuError(Problem("consolidation.no_period", f"the ledger has no trial balance at {period} "
                                    f"(it holds {held})", None, "check --period, or add that period to ledger/"))
    refuse_before_start(ws, period)
    all_steps = (*steps_, *FINAL)
    check_order(all_steps, given=("entries",))
    own = ownership_at(ws.group, period)
    # Transaction dates matter only where a row is translated at its spot rate.
    foreign = [e.id for e in ws.group.entities.values() if e.currency != ws.group.reporting_currency]
    local = load_local(ledger, _periods_needed(ws, periods, period), dated=foreign)
    run = Run(ws, own, period, local, frame)
    found = Collected()
    chart = run.chart
    book = EntryBook(run.decimals, _role(chart, "rounding", found),
                     closed=(run.is_profit, _role(chart, "retained_earnings", found)) if frame else None)
    products: dict[str, Any] = {}
    for st in steps_:
        name = st.name if isinstance(st, Step) else st[0]
        if progress and name not in ("opening", "acquisition"):
            progress(name)
        _run_step(run, st, book, products, problems, found)
    report_missing(problems, ws.root, found.missing_rates)
    problems.raise_if_any()
    for st in FINAL:
        _run_step(run, st, book, products, problems, found)
    return _result(run, book, products, found)


def _role(chart, role: str, found: Collected) -> str:
    acc = chart.role_account(role)
    if acc is None and role not in found.added_accounts:
        found.added_accounts.append(role)
    return acc if acc is not None else role


def _result(run: Run, book: EntryBook, products: dict[str, Any], found: Collected) -> ConsolidationResult:
    closed = products["closing"]
    entries = tuple(book.entries)
    tbs = products["translation"].tb
    full = [eid for eid, eo in run.own.entities.items() if eo.method == "full"]
    figures = entity_figures(tbs, entries, closed, products["goodwill"], full, run.chart.account_for("nci"),
                             run.chart.account_for("cta"), run.decimals)
    io = StepIO(run, "result", book, products, None, Problems())
    return ConsolidationResult(
        group=run.group.name, period=run.period, currency=run.group.reporting_currency, decimals=run.decimals,
        contributions=closed.contributions, eliminations=entries, closing=closed.closing,
        balance_sheet=closed.balance_sheet, income_statement=closed.income_statement,
        profit_total=closed.profit_total, profit_owners=closed.profit_owners, profit_nci=closed.profit_nci,
        ownership=run.own, figures=figures, typed_checks=products["checks"], matching=matching_items(io),
        translation=products["translation"].facts, added_accounts=tuple(found.added_accounts),
        disposals=products["deconsolidation"].disposals, associate_sales=products["equity_method"].sales,
        associate_purchases=products["equity_method"].purchases,
    )

"""The one entry point the CLI, notebooks and the web share.

>>> from renketsu.api import Context
>>> ctx = Context.open("examples/iij-2010")           # doctest: +SKIP
>>> ctx.consolidate("2010-03-31").to_json()["profit"]  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from renketsu.ledger import Ledger
from renketsu.model.errors import Problems, RenketsuError
from renketsu.model.types import Workspace
from renketsu.ownership import Ownership, ownership_at
from renketsu.workspace import parse_date, read_workspace
from renketsu.workspace.adjustments import check_periods as check_adjustment_periods
from renketsu.workspace.opening import check_against_ledger as check_opening

if TYPE_CHECKING:
    from renketsu.consolidation import ConsolidationResult
    from renketsu.restructuring.simulate import SimulationResult


@runtime_checkable
class EngineContext(Protocol):
    """What the CLI and the web use of a context (a :class:`Context`, or a stand-in in tests)."""

    workspace: Workspace

    def periods(self) -> list[dt.date]: ...

    def ownership(self, date: str | dt.date) -> Ownership: ...

    def consolidate(self, period: str | dt.date,
                    progress: Callable[[str], None] | None = None) -> ConsolidationResult: ...

    def simulate(self, event_id: str) -> SimulationResult: ...

    def ledger_rows(self, entity: str, account: str, period: str | dt.date) -> list[dict]: ...


def _date(value: str | dt.date, what: str) -> dt.date:
    return value if isinstance(value, dt.date) else parse_date(value, what)


class Context:
    """A loaded, validated workspace and its ledger."""

    def __init__(self, workspace: Workspace, ledger: Ledger):
        self.workspace = workspace
        self.ledger = ledger

    @classmethod
    def open(cls, path: str | Path, db: str | Path | None = None,
             on_read: Callable[[Workspace], None] | None = None, first_rows: bool = False) -> Context:
        """Read and validate every file; raise one RenketsuError with all problems found.

        ``on_read`` is called with the workspace once its files other than the ledger are read,
        before the ledger loads (the command line starts an import there). ``first_rows``: a
        large CSV file (read in parallel, without row numbers) is read a second time in the
        background so that :meth:`first_ledger_rows` names rows in it, not only the file
        (``Ledger.load``).
        """
        problems = Problems()
        ws = read_workspace(path, problems)
        ledger = None
        if ws is not None:
            if on_read is not None:
                on_read(ws)
            ledger = Ledger.load(ws, problems, db=db, first_rows=first_rows)
            if not problems:
                check_adjustment_periods(ws.adjustments, ledger.periods(), problems)
                check_opening(ws.opening, ws.group, ledger.entity_periods(), problems)
        problems.raise_if_any()
        if ws is None or ledger is None:  # pragma: no cover - read_workspace returns None only with problems
            raise RenketsuError([])
        return cls(ws, ledger)

    def periods(self) -> list[dt.date]:
        """Period end dates present in the ledger, sorted."""
        return self.ledger.periods()

    def ownership(self, date: str | dt.date) -> Ownership:
        return ownership_at(self.workspace.group, _date(date, "--date"))

    def consolidate(self, period: str | dt.date,
                    progress: Callable[[str], None] | None = None) -> ConsolidationResult:
        from renketsu.consolidation import consolidate as _consolidate  # not imported by validate
        from renketsu.statements import attach

        res = _consolidate(self.workspace, self.ledger, _date(period, "--period"), progress=progress)
        return attach(self.workspace, self.ledger, res, lambda p: _consolidate(self.workspace, self.ledger, p))

    def simulate(self, event_id: str) -> SimulationResult:
        from renketsu.restructuring import simulate

        return simulate(self.workspace, self.ledger, event_id)

    def ledger_rows(self, entity: str, account: str, period: str | dt.date) -> list[dict]:
        """The ledger rows behind one entity's balance on one group account, with file and row."""
        return self.ledger.rows(entity, account, _date(period, "period"))

    def first_ledger_rows(self, keys: list[tuple[str, str]], period: str | dt.date
                          ) -> dict[tuple[str, str], tuple[str, int | None]]:
        """The first ledger row (file, row) behind each (entity, group account) balance, in one query.

        The row is None in a large file when the context was opened without ``first_rows``."""
        return self.ledger.first_rows(keys, _date(period, "period"))

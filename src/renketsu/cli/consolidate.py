"""Consolidate the group at a period end: statements, eliminations by step, checks.

Failed checks and unmatched intercompany pairs are shown first, then
plausibility warnings (not errors; --silence RULE:ENTITY[:ACCOUNT] silences one).
Exit codes: 0 done; 1 a check failed (the output is still written; use
--allow-failed-checks to exit 0); 2 bad input or options, nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from renketsu.api import Context
from renketsu.model.gcpause import gc_paused

from .common import (
    ALLOW_FAILED_HELP,
    OutputFormat,
    exit_for_checks,
    leave_to_the_exit,
    print_json,
    print_warnings,
    run_guarded,
)
from .progress import progress

if TYPE_CHECKING:
    from renketsu.model.types import Workspace


def command(
    workspace: Path = typer.Argument(..., help="the workspace folder"),
    period: str = typer.Option(..., "--period", help="period end date, YYYY-MM-DD"),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or xlsx"),
    output: Path | None = typer.Option(None, "--output", "-o", help="file to write (xlsx; json too when given)"),
    db: Path | None = typer.Option(None, "--db", help="keep the loaded ledger in this DuckDB file"),
    allow_failed_checks: bool = typer.Option(False, "--allow-failed-checks", help=ALLOW_FAILED_HELP),
    silence: list[str] = typer.Option([], "--silence", metavar="RULE[:ENTITY[:ACCOUNT]]",
                                      help="silence one plausibility warning deliberately (repeatable; '*' matches any)"),
    warning_rows: bool = typer.Option(
        False, "--warning-rows",
        help="name the row behind each plausibility warning in a ledger file of 16 MB or more too (a "
             "second read of that file, beside the consolidation); without it such a warning names the file"),
    export_opening: Path | None = typer.Option(
        None, "--export-opening", metavar="FILE",
        help="also write the group's carrying position at --period as opening.csv (docs/format.md "
             "\"Extension: opening.csv\"), for a workspace to start from it"),
) -> None:
    from renketsu.reports.warnings import parse_silences, plausibility

    def work():
        silences = parse_silences(silence)
        _import_solver_beside_the_load()
        with progress("consolidating") as update:
            update("loading the workspace")
            ctx = Context.open(workspace, db=db, on_read=_import_scipy_if_needed, first_rows=warning_rows)
            update("running the steps")
            result = ctx.consolidate(period, progress=update)
            update("plausibility warnings")
            data = result.to_json()
            if export_opening is not None:
                _write_opening(ctx, result.period, export_opening)
            if db is None:  # (a database file is closed as the interpreter closes it)
                leave_to_the_exit(ctx, result, data, close=ctx.ledger.close)
            return ctx, data, plausibility(ctx, data, silences)

    ctx, data, (warnings, silenced) = run_guarded(work)
    with gc_paused():  # the output makes hundreds of thousands of strings, none in a cycle: no full scans
        _output(ctx, data, warnings, silenced, format, output)
    exit_for_checks([*data.get("checks", []), *data.get("statement_checks", [])], allow_failed_checks)


def _output(ctx: Context, data: dict, warnings: list, silenced: list, format: OutputFormat, output: Path | None
            ) -> None:
    """The result in ``format`` (to ``output`` when given), then the warnings."""
    if format is OutputFormat.json:
        if output is not None:
            from .render import write_json

            write_json(ctx, data, output)
        else:
            print_json(data)
        print_warnings(warnings, silenced)
    else:
        from .render import render_consolidation

        render_consolidation(ctx, data, format, output, warnings)
        if format is OutputFormat.xlsx:
            print_warnings(warnings, silenced)
        elif silenced:
            print_warnings([], silenced)


def _import_solver_beside_the_load() -> None:
    """Import numpy (what the ownership solve of a group above 200 entities needs) in a thread.

    About 0.1 s of imports that the consolidation otherwise makes on the main thread after the
    ledger is loaded; meanwhile the main thread reads the workspace and DuckDB reads the ledger
    without the GIL. A third-party module that imports nothing of renketsu's: the main thread,
    importing it later, waits for this import to finish (or finds it imported). SciPy is not
    imported here: only mutual holdings (or more than 300,000 entities) need it, and its import
    (0.3-0.7 s, most of it holding the GIL) slowed every other group's reading.
    """
    import threading

    def work() -> None:
        try:
            import numpy  # noqa: F401
        except Exception:  # pragma: no cover - the main thread's own import then says what is wrong
            pass

    threading.Thread(target=work, name="renketsu-import-solver", daemon=True).start()


def _import_scipy_if_needed(ws: Workspace) -> None:
    """Import SciPy's sparse graph code in a thread while the ledger loads, when the group's
    ownership solve will need it (mutual holdings; :func:`renketsu.ownership.structure.needs_scipy`).

    0.3-0.7 s of imports that the first solve otherwise makes on the main thread; DuckDB reads the
    ledger meanwhile without the GIL. Third-party modules only (see :func:`_import_solver_beside_the_load`).
    """
    from renketsu.ownership.structure import needs_scipy

    if not needs_scipy(ws.group):
        return
    import threading

    def work() -> None:
        try:
            import scipy.sparse
            import scipy.sparse.csgraph  # noqa: F401
        except Exception:  # pragma: no cover - the main thread's own import then says what is wrong
            pass

    threading.Thread(target=work, name="renketsu-import-scipy", daemon=True).start()


def _write_opening(ctx: Context, period, path: Path) -> None:
    """opening.csv at ``period`` from the full history, written whole or not at all."""
    import os
    import tempfile

    from renketsu.consolidation.opening import export_opening

    text = export_opening(ctx.workspace, ctx.ledger, period)
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=".opening-", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)

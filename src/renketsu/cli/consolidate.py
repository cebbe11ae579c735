"""Consolidate the group at a period end: statements, eliminations by step, checks.

Failed checks and unmatched intercompany pairs are shown first, then
plausibility warnings (not errors; --silence RULE:ENTITY[:ACCOUNT] silences one).
Exit codes: 0 done; 1 a check failed (the output is still written; use
--allow-failed-checks to exit 0); 2 bad input or options, nothing written.
"""

from __future__ import annotations

from pathlib import Path

import typer

from renketsu.api import Context

from .common import (
    ALLOW_FAILED_HELP,
    OutputFormat,
    exit_for_checks,
    print_json,
    print_warnings,
    run_guarded,
)
from .progress import progress


def command(
    workspace: Path = typer.Argument(..., help="the workspace folder"),
    period: str = typer.Option(..., "--period", help="period end date, YYYY-MM-DD"),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or xlsx"),
    output: Path | None = typer.Option(None, "--output", "-o", help="file to write (xlsx; json too when given)"),
    db: Path | None = typer.Option(None, "--db", help="keep the loaded ledger in this DuckDB file"),
    allow_failed_checks: bool = typer.Option(False, "--allow-failed-checks", help=ALLOW_FAILED_HELP),
    silence: list[str] = typer.Option([], "--silence", metavar="RULE[:ENTITY[:ACCOUNT]]",
                                      help="silence one plausibility warning deliberately (repeatable; '*' matches any)"),
) -> None:
    from renketsu.reports.warnings import parse_silences, plausibility

    def work():
        silences = parse_silences(silence)
        with progress("consolidating") as update:
            update("loading the workspace")
            ctx = Context.open(workspace, db=db)
            update("running the steps")
            result = ctx.consolidate(period, progress=update)
            update("plausibility warnings")
            data = result.to_json()
            return ctx, data, plausibility(ctx, data, silences)

    ctx, data, (warnings, silenced) = run_guarded(work)
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
    exit_for_checks([*data.get("checks", []), *data.get("statement_checks", [])], allow_failed_checks)

"""Simulate a restructuring event: entity entries, entities after, consolidated before/after/change, legal checks.

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
    run_guarded,
)
from .progress import progress


def command(
    workspace: Path = typer.Argument(..., help="the workspace folder"),
    event: str = typer.Option(..., "--event", help="event id from events.yaml"),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or xlsx"),
    output: Path | None = typer.Option(None, "--output", "-o", help="file to write (xlsx; json too when given)"),
    db: Path | None = typer.Option(None, "--db", help="keep the loaded ledger in this DuckDB file"),
    allow_failed_checks: bool = typer.Option(False, "--allow-failed-checks", help=ALLOW_FAILED_HELP),
) -> None:
    def work():
        with progress("simulating") as update:
            update("loading the workspace")
            ctx = Context.open(workspace, db=db)
            update("consolidating before and after")
            return ctx, ctx.simulate(event)

    ctx, sim = run_guarded(work)
    if format is OutputFormat.json:
        if output is not None:
            from .render import write_json

            write_json(ctx, sim.to_json(), output)
        else:
            print_json(sim.to_json())
        exit_for_checks(sim.to_json().get("checks"), allow_failed_checks)
        return
    from .render import render_simulation

    render_simulation(ctx, sim, format, output)
    exit_for_checks(sim.to_json().get("checks"), allow_failed_checks)

"""Consolidate the group at a period end: statements, eliminations by step, checks."""

from __future__ import annotations

from pathlib import Path

import typer

from renketsu.api import Context

from .common import OutputFormat, print_json, run_guarded
from .progress import progress


def command(
    workspace: Path = typer.Argument(..., help="the workspace folder"),
    period: str = typer.Option(..., "--period", help="period end date, YYYY-MM-DD"),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or xlsx"),
    output: Path | None = typer.Option(None, "--output", "-o", help="file to write (xlsx; json too when given)"),
    db: Path | None = typer.Option(None, "--db", help="keep the loaded ledger in this DuckDB file"),
) -> None:
    def work():
        with progress("consolidating") as update:
            update("loading the workspace")
            ctx = Context.open(workspace, db=db)
            update("running the steps")
            return ctx, ctx.consolidate(period, progress=update)

    ctx, result = run_guarded(work)
    if format is OutputFormat.json:
        if output is not None:
            from .render import write_json

            write_json(ctx, result.to_json(), output)
        else:
            print_json(result.to_json())
        return
    from .render import render_consolidation

    render_consolidation(ctx, result, format, output)

"""Check a workspace: every problem is listed as file:row: message; exit 2 if any, else a summary."""

from __future__ import annotations

from pathlib import Path

import typer

from renketsu.api import Context
from renketsu.ledger import summary
from renketsu.workspace.preflight import check_every_command

from .common import run_guarded


def command(
    workspace: Path = typer.Argument(..., help="the workspace folder"),
    db: Path | None = typer.Option(None, "--db", help="keep the loaded ledger in this DuckDB file"),
) -> None:
    ctx = run_guarded(lambda: Context.open(workspace, db=db))
    run_guarded(lambda: check_every_command(ctx))  # every input check any command would make
    s = summary(ctx.ledger)
    g = ctx.workspace.group
    periods = ", ".join(p.isoformat() for p in ctx.periods())
    typer.echo(f"{workspace}: ok — group {g.name!r}, {len(g.entities)} entities, {len(g.holdings)} holdings, "
               f"{len(g.accounts)} accounts, {s['rows']} ledger rows over {s['periods']} period(s) ({periods}), "
               f"{len(ctx.workspace.events)} event(s), {len(ctx.workspace.facts)} fact(s)")

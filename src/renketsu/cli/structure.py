"""The group as a tree at a date: holder -> entity with shares and votes, and each entity's facts with their dates and bases."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from renketsu.model.errors import Problem, RenketsuError
from renketsu.workspace import load_workspace, parse_date

from .common import OutputFormat, print_json, run_guarded


def command(
    workspace: Path = typer.Argument(..., help="the workspace folder"),
    date: str = typer.Option(..., "--date", help="the date the structure stands at, YYYY-MM-DD"),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json"),
) -> None:
    from renketsu.ownership import ownership_at
    from renketsu.reports.structure import structure_json, structure_tree

    def work():
        if format is OutputFormat.xlsx:
            raise RenketsuError(Problem("cli.format", "structure has no xlsx output", None, "use table or json"))
        ws = load_workspace(workspace)
        day = parse_date(date, "--date")
        return structure_json(ws, ownership_at(ws.group, day), day)

    data = run_guarded(work)
    if format is OutputFormat.json:
        print_json(data)
    else:
        Console().print(structure_tree(data))

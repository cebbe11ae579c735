"""The group as a tree at a date: holder -> entity with shares and votes, and each entity's facts with their dates and bases.

Without --date the tree stands at the latest period in the ledger (the latest
holding date when the ledger holds none), and the output says so. Needs no
chart roles.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from renketsu.reports.text import console, term
from renketsu.workspace import parse_date

from .common import default_date, err_console, load_structure, print_json, run_guarded


class StructureFormat(str, Enum):
    table = "table"
    json = "json"


def command(
    workspace: Path = typer.Argument(..., help="the workspace folder"),
    date: str | None = typer.Option(None, "--date", help="the date the structure stands at, YYYY-MM-DD "
                                    "(default: the latest period in the ledger)"),
    format: StructureFormat = typer.Option(StructureFormat.table, "--format", help="table or json"),
) -> None:
    from renketsu.ownership import ownership_at
    from renketsu.reports.structure import structure_json, structure_tree

    def work():
        ws, periods = load_structure(workspace)
        if date is not None:
            day, why = parse_date(date, "--date"), None
        else:
            day, why = default_date(ws, periods)
        return structure_json(ws, ownership_at(ws.group, day), day), why

    data, why = run_guarded(work)
    if why:
        err_console.print(term(f"structure {why}"))
    if format is StructureFormat.json:
        print_json(data)
    else:
        console().print(structure_tree(data))

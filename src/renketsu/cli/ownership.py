"""Show the group's ownership at a date: each entity's method, direct holders, effective interest and NCI.

With --from D1 --to D2, list what changed in between instead: new subsidiaries,
losses of control, other method changes and changes of effective interest.
Without any date, the structure stands at the latest period in the ledger (the
latest holding or override date when the ledger holds none), and the output
says so. Needs no ledger and no chart roles. --format json prints the `entities` part of the result
(docs/format.md §8) as {"format": "renketsu.ownership/1", "date", "parent", "entities"}.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
import sys
from enum import Enum
from pathlib import Path
from typing import cast

import typer
from rich.table import Table

from renketsu.cli.common import (
    default_date,
    err_console,
    load_structure,
    print_json,
    run_guarded,
)
from renketsu.model.errors import Problem, RenketsuError
from renketsu.ownership import Change, Ownership, ownership_at, ownership_changes
from renketsu.reports import text as fmt
from renketsu.reports.text import console as Console
from renketsu.reports.text import term


class Format(str, Enum):
    table = "table"
    json = "json"


def command(
    workspace: Path = typer.Argument(..., help="The workspace folder (group.yaml and the rest)."),
    date: str | None = typer.Option(None, "--date", help="Date of the structure, YYYY-MM-DD."),
    from_: str | None = typer.Option(None, "--from", help="List changes after this date (YYYY-MM-DD) ..."),
    to: str | None = typer.Option(None, "--to", help="... up to and including this one."),
    format: Format = typer.Option(Format.table, "--format", help="table or json."),
) -> None:
    why: list[str] = []

    def work() -> tuple[str, object]:
        if date is not None and (from_ is not None or to is not None):
            raise RenketsuError(Problem("bad_date", "give either --date or --from/--to, not both"))
        if (from_ is None) != (to is None):
            raise RenketsuError(Problem("bad_date", "--from and --to go together", hint="give both dates"))
        d = _parse("--date", date) if date is not None else None
        d1 = _parse("--from", from_) if from_ is not None else None
        d2 = _parse("--to", to) if to is not None else None
        ws, periods = load_structure(workspace)
        group = ws.group
        if d1 is not None and d2 is not None:
            return "changes", (d1, d2, ownership_changes(group, d1, d2))
        if d is None:
            d, sentence = default_date(ws, periods)
            why.append(f"ownership {sentence}")
        return "ownership", ownership_at(group, d)

    from renketsu.model.gcpause import gc_paused

    with gc_paused():  # the JSON is written after run_guarded: keep the collector paused for it too
        _run(work, why, format)


def _run(work: Callable[[], tuple[str, object]], why: list[str], format: Format) -> None:
    what, result = run_guarded(work)
    for w in why:
        err_console.print(term(w))
    if what == "changes":
        d1, d2, changes = cast("tuple[dt.date, dt.date, list[Change]]", result)
        if format is Format.json:
            print_json({"format": "renketsu.ownership_changes/1", "from": d1.isoformat(), "to": d2.isoformat(),
                        "changes": [c.to_json() for c in changes]})
        else:
            _changes_table(d1, d2, changes)
        return
    own: Ownership = result  # type: ignore[assignment]
    if format is Format.json:  # the text print_json would write, entity by entity
        from renketsu.ownership.output import write_json

        write_json(own, sys.stdout)
    else:
        _ownership_table(own)


def _parse(option: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise RenketsuError(Problem("bad_date", f"{option} {text!r} is not a date",
                                    hint="write it as YYYY-MM-DD")) from None


def _ownership_table(own: Ownership) -> None:
    table = Table(title=term(f"Ownership at {own.date.isoformat()} (parent {own.parent})"))
    for col, just in (("entity", "left"), ("method", "left"), ("direct holders", "left"),
                      ("group votes", "right"), ("effective", "right"), ("nci", "right")):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for eid, eo in own.entities.items():
        direct = ", ".join(f"{h} {_pct(s)}" for h, s in eo.direct.items())
        nci = _pct(eo.nci) if eo.method == "full" else ""
        table.add_row(term(eid), term(eo.method), term(direct), _pct(eo.group_votes) if eo.method != "parent" else "",
                      _pct(eo.effective), nci)
    Console().print(table)


def _changes_table(d1: dt.date, d2: dt.date, changes: list[Change]) -> None:
    console = Console()
    if not changes:
        console.print(f"No change of ownership after {d1.isoformat()} up to {d2.isoformat()}.")
        return
    table = Table(title=term(f"Ownership changes after {d1.isoformat()} up to {d2.isoformat()}"))
    for col in ("date", "entity", "change", "before", "after", "effective"):
        table.add_column(col)
    for c in changes:
        show = (lambda v: v if isinstance(v, str) else _pct(v))  # noqa: E731
        table.add_row(c.date.isoformat(), term(c.entity), c.kind.replace("_", " "), term(show(c.before)),
                      term(show(c.after)),
                      f"{_pct(c.effective_before)} -> {_pct(c.effective_after)}")
    console.print(table)


def _pct(f) -> str:
    """A ratio as an exact percentage (the one formatter: reports.text.share)."""
    return fmt.share(f)

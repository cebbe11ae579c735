"""Write a synthetic workspace for a large group: group.yaml, entities.csv and holdings.csv.

Random holding trees with minority stakes and, with --cycles K, K small
cross-holdings between subsidiaries; the same --seed always gives the same
files. For benchmarks and trying the engine at scale. With --ledger-rows R it
also writes trial balances (ledger/*.csv, about R rows at --period's year end,
each entity balanced), rates.csv for --currencies > 1, and the holdings inline
in group.yaml, re-dated and with equity_at_acquisition, so that the workspace
consolidates from that one period. With --multinational, currencies follow the
holding tree: foreign holding companies own subsidiaries and associates (in
their own or another currency, NCI at every level) several levels deep, each
investment at cost in its holder's currency.
"""

from __future__ import annotations

import csv
from pathlib import Path

import typer
import yaml

from renketsu.cli.common import err_console, run_guarded
from renketsu.model.errors import Problem, RenketsuError
from renketsu.ownership.generate import (
    ENTITY_COLUMNS,
    HOLDING_COLUMNS,
    GenerateSpec,
    entity_rows,
    generate,
    group_document,
    holding_rows,
)


def command(
    out_dir: Path = typer.Argument(..., help="Folder to write the workspace into (created if missing)."),
    entities: int = typer.Option(..., "--entities", help="Number of entities, the parent included."),
    seed: int = typer.Option(0, "--seed", help="Random seed; equal seeds give equal files."),
    cycles: int | None = typer.Option(None, "--cycles", help="Cross-holding cycles (default: one per 200 entities)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing group.yaml."),
    ledger_rows: int = typer.Option(0, "--ledger-rows", help="Also write about this many ledger rows (0: none)."),
    currencies: int = typer.Option(1, "--currencies", help="With --ledger-rows: 1 to 4 currencies (USD, EUR, GBP)."),
    dated: bool = typer.Option(False, "--dated", help="With --ledger-rows: give income and expense rows a date."),
    files: int = typer.Option(8, "--files", help="With --ledger-rows: number of ledger files."),
    multinational: bool = typer.Option(
        False, "--multinational",
        help="With --ledger-rows and --currencies 2-4: foreign holding companies own subsidiaries and "
             "associates several levels deep (currencies follow the holding tree)."),
) -> None:
    def work() -> int:
        if entities < 1:
            raise RenketsuError(Problem("bad_option", f"--entities {entities}: a group has at least one entity"))
        if cycles is not None and cycles < 0:
            raise RenketsuError(Problem("bad_option", f"--cycles {cycles} is negative"))
        if multinational and (ledger_rows <= 0 or currencies < 2):
            raise RenketsuError(Problem("bad_option", "--multinational makes trial balances in several currencies",
                                        hint="add --ledger-rows R and --currencies 2, 3 or 4"))
        if (out_dir / "group.yaml").exists() and not force:
            raise RenketsuError(Problem("exists", f"{out_dir / 'group.yaml'} already exists",
                                        hint="choose another folder or pass --force"))
        spec = GenerateSpec(entities=entities, seed=seed,
                            cycles=entities // 200 if cycles is None else cycles)
        gen = generate(spec)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise RenketsuError(Problem("generate.out_dir", f"{out_dir} cannot be made a folder: {e.strerror or e}",
                                        hint="give a folder path that does not name a file")) from None
        if ledger_rows > 0:
            return _write_ledger_workspace(gen)

        with open(out_dir / "group.yaml", "w", encoding="utf-8") as f:
            yaml.safe_dump(group_document(gen), f, sort_keys=False, allow_unicode=True)
        _write_csv(out_dir / "entities.csv", ENTITY_COLUMNS, entity_rows(gen))
        return _write_csv(out_dir / "holdings.csv", HOLDING_COLUMNS, holding_rows(gen))

    def _write_ledger_workspace(gen) -> int:
        import datetime as dt

        from renketsu.ownership.generate import (
            ledger_entity_rows,
            ledger_group_document,
            generate_ledger,
            write_ledger,
        )

        if not 1 <= currencies <= 4:
            raise RenketsuError(Problem("bad_option", f"--currencies {currencies}: give 1 to 4"))
        led = generate_ledger(gen, ledger_rows, currencies, dated=dated, period=dt.date(2024, 12, 31),
                              multinational=multinational)
        with open(out_dir / "group.yaml", "w", encoding="utf-8") as f:
            yaml.safe_dump(ledger_group_document(gen, led), f, sort_keys=False, allow_unicode=True)
        _write_csv(out_dir / "entities.csv", ENTITY_COLUMNS, ledger_entity_rows(gen, led))
        (out_dir / "holdings.csv").unlink(missing_ok=True)
        (out_dir / "rates.csv").unlink(missing_ok=True)
        if led.rates:
            _write_csv(out_dir / "rates.csv", ("currency", "date", "kind", "rate"), led.rates)
        n = write_ledger(led, out_dir / "ledger", files)
        err_console.print(f"ledger: {n} rows at {led.period} in {min(files, n)} files, "
                          f"{len(led.rates)} rates, holdings in group.yaml")
        return len(led.dates)

    rows = run_guarded(work)
    err_console.print(f"wrote {out_dir}: {entities} entities, {rows} holdings")


def _write_csv(path: Path, header: tuple[str, ...], rows) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(row)
            count += 1
    return count

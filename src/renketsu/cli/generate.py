"""Write a synthetic workspace for a large group: group.yaml, entities.csv and holdings.csv.

Random holding trees with minority stakes and, with --cycles K, K small
cross-holdings between subsidiaries; the same --seed always gives the same
files. For benchmarks and trying the engine at scale (no ledger yet).
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
) -> None:
    def work() -> int:
        if entities < 1:
            raise RenketsuError(Problem("bad_option", f"--entities {entities}: a group has at least one entity"))
        if cycles is not None and cycles < 0:
            raise RenketsuError(Problem("bad_option", f"--cycles {cycles} is negative"))
        if (out_dir / "group.yaml").exists() and not force:
            raise RenketsuError(Problem("exists", f"{out_dir / 'group.yaml'} already exists",
                                        hint="choose another folder or pass --force"))
        spec = GenerateSpec(entities=entities, seed=seed,
                            cycles=entities // 200 if cycles is None else cycles)
        gen = generate(spec)
        out_dir.mkdir(parents=True, exist_ok=True)
        with open(out_dir / "group.yaml", "w", encoding="utf-8") as f:
            yaml.safe_dump(group_document(gen), f, sort_keys=False, allow_unicode=True)
        _write_csv(out_dir / "entities.csv", ENTITY_COLUMNS, entity_rows(gen))
        return _write_csv(out_dir / "holdings.csv", HOLDING_COLUMNS, holding_rows(gen))

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

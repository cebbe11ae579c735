"""Benchmark: `renketsu consolidate` of groups of 10k / 30k / 100k entities, beside the floor, in one run.

    .venv/bin/python bench/entities_bench.py [--sizes 10000,30000,100000] [--rows-per-entity 50]
                                             [--root DIR] [--currencies 4] [--no-multinational]

For each size, a workspace made by ``renketsu generate --entities N --ledger-rows 50·N
--currencies 4 --multinational --seed 1`` (written once under ``--root`` and reused: the
same options give the same files) is run, back to back and each in its own process (wall
time and peak resident set, ``ru_maxrss`` from ``wait4``, are that process's alone):

- the floor: DuckDB reads ``ledger/*.csv`` and groups by entity, account, partner at the
  period, the least any consolidation of these files must do;
- ``renketsu consolidate WS --period 2024-12-31 --format json > /dev/null``, cold: start-up,
  workspace read (group.yaml with the holdings inline), ledger load with every check,
  consolidation, JSON out. It must exit 0: every check passes.

Reported: a Markdown table with each size's wall and peak memory, renketsu / floor, and
renketsu's seconds per 1,000 entities (flat when time grows linearly with entities), with
the load average before and after: the machine is usually shared, and the floor measured
beside each run is what makes the ratio fair.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import FLOOR, compile_package, load_average, machine, measure

PERIOD = "2024-12-31"

def workspace(cli: str, root: Path, n: int, rows_per_entity: int, currencies: int, multinational: bool) -> Path:
    ws = root / f"e{n}-r{rows_per_entity}-c{currencies}{'-mn' if multinational else ''}"
    if (ws / "group.yaml").is_file() and (ws / "ledger").is_dir():
        return ws
    cmd = [cli, "generate", str(ws), "--entities", str(n), "--ledger-rows", str(n * rows_per_entity),
           "--currencies", str(currencies), "--seed", "1", "--force"]
    if multinational:
        cmd.append("--multinational")
    print(f"generating {ws} ...", file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return ws


def count_rows(ws: Path) -> int:
    return sum(sum(1 for _ in open(p, "rb")) - 1 for p in sorted((ws / "ledger").glob("*.csv")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--rows-per-entity", type=int, default=50)
    ap.add_argument("--root", default=str(Path(tempfile.gettempdir()) / "renketsu-entities-bench"))
    ap.add_argument("--currencies", type=int, default=4)
    ap.add_argument("--no-multinational", action="store_true")
    a = ap.parse_args()
    cli = str(Path(sys.executable).with_name("renketsu"))
    compile_package()
    root = Path(a.root)
    root.mkdir(parents=True, exist_ok=True)
    sizes = [int(x) for x in a.sizes.split(",")]
    spaces = [workspace(cli, root, n, a.rows_per_entity, a.currencies, not a.no_multinational) for n in sizes]
    print(machine())
    print(f"load average at start: {load_average()}")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        floor_py = Path(tmp) / "floor.py"
        floor_py.write_text(FLOOR)
        for n, ws in zip(sizes, spaces):
            before = load_average()
            f_wall, f_mem, _ = measure([sys.executable, str(floor_py), str(ws), PERIOD])
            r_wall, r_mem, _ = measure([cli, "consolidate", str(ws), "--period", PERIOD, "--format", "json"])
            out.append((n, count_rows(ws), f_wall, f_mem, r_wall, r_mem, before, load_average()))
            print(f"{n}: floor {f_wall:.1f} s {f_mem:.0f} MiB, renketsu {r_wall:.1f} s {r_mem:.0f} MiB",
                  file=sys.stderr, flush=True)
    print()
    print("| entities | ledger rows | floor s | floor MiB | renketsu s | renketsu MiB | × floor wall "
          "| × floor memory | renketsu s per 1k entities | load before / after |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for n, rows, fw, fm, rw, rm, lb, la in out:
        print(f"| {n:,} | {rows:,} | {fw:.1f} | {fm:.0f} | {rw:.1f} | {rm:.0f} | {rw / fw:.1f} | {rm / fm:.1f} "
              f"| {rw / n * 1000:.2f} | {lb} / {la} |")
    print(f"\nload average at end: {load_average()}")


if __name__ == "__main__":
    main()

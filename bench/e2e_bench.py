"""Benchmark: `renketsu consolidate` end to end from the user's files, beside the floor, in one run.

    .venv/bin/python bench/e2e_bench.py WORKSPACE --period 2021-12-31 [--repeat 3] [--db]
    .venv/bin/python bench/e2e_bench.py --generate 1000x10000 --period 2024-12-31   # renketsu generate

Each repeat runs, back to back and each in its own process (so that wall time and peak
resident set, ``ru_maxrss`` from ``wait4``, are that process's alone):

- the floor: DuckDB reads ``ledger/*.csv`` and groups by entity, account, partner at the
  period (``SELECT entity, account, partner, sum(amount) ... GROUP BY ALL``), the least any
  consolidation of these files must do;
- the pandas script (``bench/pandas_baseline.py``): what an analyst would write, read_csv with
  float amounts, translation by a merge with the rates, groupby, no checks (needs ``pandas``);
- ``renketsu consolidate WORKSPACE --period P --format json > /dev/null``: start-up, workspace
  read, ledger load with every check, consolidation, the comparative year, statements,
  warnings, JSON out;
- with ``--db``, the same with ``--db`` twice (a first run that fills the file, a second that
  reuses it).

Reported: each run, the medians, each run's ratio to the floor for wall time and peak
memory, and pandas / renketsu; the load average before and after. The machine is usually
shared: the floor measured beside each run is what makes the ratio fair (``--no-pandas``
leaves the pandas script out).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import FLOOR, compile_package, load_average, machine, measure


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workspace", nargs="?")
    ap.add_argument("--period", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", action="store_true", help="also measure --db (fill, then reuse)")
    ap.add_argument("--no-pandas", action="store_true", help="leave the pandas script out")
    ap.add_argument("--generate", metavar="ENTITIESxROWS",
                    help="generate the workspace with `renketsu generate` into /tmp/renketsu-bench")
    a = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # each figure as it comes
    cli = str(Path(sys.executable).with_name("renketsu"))
    compile_package()
    if a.generate:
        n, rows = (int(x) for x in a.generate.split("x"))
        ws = Path("/tmp/renketsu-bench") / f"e2e-{n}x{rows}"
        if not (ws / "group.yaml").is_file():
            subprocess.run([cli, "generate", str(ws), "--entities", str(n), "--ledger-rows", str(n * rows),
                            "--currencies", "4", "--force"], check=True)
    elif a.workspace:
        ws = Path(a.workspace)
    else:
        ap.error("give a WORKSPACE or --generate")
    size = sum(p.stat().st_size for p in (ws / "ledger").glob("*.csv"))
    print(f"machine: {machine()}\nworkspace: {ws} ({size / 2**20:,.0f} MiB of ledger CSV)\n")
    with tempfile.TemporaryDirectory() as tmp:
        floor_py = Path(tmp) / "floor.py"
        floor_py.write_text(FLOOR)
        runs: dict[str, list[tuple[float, float, float]]] = {"floor": [], "pandas": [], "renketsu": [], "db first": [],
                                                      "db second": []}
        pandas_py = Path(__file__).resolve().with_name("pandas_baseline.py")
        print(f"load average before: {load_average()}")
        for i in range(a.repeat):
            runs["floor"].append(measure([sys.executable, str(floor_py), str(ws), a.period]))
            if not a.no_pandas:
                runs["pandas"].append(measure([sys.executable, str(pandas_py), str(ws), a.period]))
            runs["renketsu"].append(measure([cli, "consolidate", str(ws), "--period", a.period, "--format", "json"]))
            if a.db:
                db = Path(tmp) / f"run{i}.duckdb"
                args = [cli, "consolidate", str(ws), "--period", a.period, "--format", "json", "--db", str(db)]
                runs["db first"].append(measure(args))
                runs["db second"].append(measure(args))
            print(f"repeat {i + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f} s {v[-1][1]:,.0f} MiB {v[-1][2]:.2f} cpu s"
                                                  for k, v in runs.items() if len(v) > i) + f" (load {load_average()})")
    print(f"load average after: {load_average()}\n")
    floor = runs["floor"]
    print("| run | wall s (median) | runs | peak MiB (median) | CPU s (median) | × floor wall (median of runs) | "
          "× floor memory | × floor CPU |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for name, rs in runs.items():
        if not rs:
            continue
        wall = statistics.median(r[0] for r in rs)
        mem = statistics.median(r[1] for r in rs)
        cpu = statistics.median(r[2] for r in rs)
        # each run against the floor measured just before it, then the median of those ratios
        rw = statistics.median(r[0] / f[0] for r, f in zip(rs, floor))
        rm = statistics.median(r[1] / f[1] for r, f in zip(rs, floor))
        rc = statistics.median(r[2] / f[2] for r, f in zip(rs, floor))
        print(f"| {name} | {wall:.2f} | {', '.join(f'{r[0]:.2f}' for r in rs)} | {mem:,.0f} | {cpu:.2f} | "
              f"{rw:.2f} | {rm:.2f} | {rc:.2f} |")
    if runs["pandas"]:
        ratio = statistics.median(p[0] / r[0] for p, r in zip(runs["pandas"], runs["renketsu"]))
        ratio_cpu = statistics.median(p[2] / r[2] for p, r in zip(runs["pandas"], runs["renketsu"]))
        print(f"\npandas / renketsu (median of runs): wall time {ratio:.2f}, CPU time {ratio_cpu:.2f}")



if __name__ == "__main__":
    main()

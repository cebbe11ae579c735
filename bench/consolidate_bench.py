"""Benchmark: consolidating a generated 1,000-entity group with 10^7 ledger rows, beside the DuckDB floor.

    .venv/bin/python bench/consolidate_bench.py [--entities 1000] [--rows 10000000] [--currencies 4]
                                                [--repeat 3] [--workdir /tmp/renketsu-bench] [--profile]

The workspace is generated once (``renketsu generate --ledger-rows``: 8 CSV files,
reporting currency CU and about 30% of the entities in USD, EUR or GBP) and kept.
Measured, each --repeat times, median reported (wall clock, time.perf_counter):

- end to end: ``renketsu consolidate WS --period 2024-12-31 --format json`` as a
  subprocess (start-up, workspace read, ledger load, consolidation, JSON out);
- in one child process per repeat: ``Context.open`` (workspace + validated ledger
  load), ``Context.consolidate`` (the part this benchmark targets: the one ledger scan
  plus the pipeline), and the floor, the bare aggregate the consolidation cannot beat:
  ``SELECT entity, account, partner, sum(amount) FROM ledger GROUP BY ALL`` over the
  loaded table, fetched to Python; and the same over ``read_csv('ledger/*.csv')``.

Target: consolidation at most 3x the floor over the loaded table. With --profile, one
more child runs the consolidation under cProfile and prints the top functions.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PERIOD, child, machine, median, peak_mb, workspace

FLOOR = "SELECT entity, account, partner, sum(amount) FROM {src} GROUP BY ALL"


def run_child(ws_path: str, profile: bool) -> dict:
    from renketsu.api import Context

    out: dict = {}
    t0 = time.perf_counter()
    ctx = Context.open(ws_path)
    out["load"] = time.perf_counter() - t0
    out["rows"] = ctx.ledger.count()
    if profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        ctx.consolidate(PERIOD)
        prof.disable()
        for key in ("tottime", "cumulative"):
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(25)
            print(buf.getvalue(), file=sys.stderr)
        return out
    t0 = time.perf_counter()
    res = ctx.consolidate(PERIOD)
    out["consolidate"] = time.perf_counter() - t0
    out["entries"] = len(res.eliminations)
    out["checks_ok"] = all(c["ok"] for c in res.checks)
    con = ctx.ledger.con
    t0 = time.perf_counter()
    out["floor_groups"] = len(con.execute(FLOOR.format(src="ledger")).fetchall())
    out["floor_table"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    csv = (f"read_csv('{ws_path}/ledger/*.csv', header=true, columns={{'entity': 'VARCHAR', 'period': 'DATE', "
           "'account': 'VARCHAR', 'partner': 'VARCHAR', 'amount': 'DECIMAL(38, 6)'})")
    con.execute(FLOOR.format(src=csv)).fetchall()
    out["floor_csv"] = time.perf_counter() - t0
    out["peak_mb"] = peak_mb()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=1000)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--currencies", type=int, default=4)
    ap.add_argument("--dated", action="store_true", help="income and expense rows carry a transaction date")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", default="/tmp/renketsu-bench")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--child", metavar="WORKSPACE", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(run_child(a.child, a.profile)))
        return
    ws = workspace(Path(a.workdir), a.entities, a.rows, a.currencies, a.dated)
    print(f"machine: {machine()}\nworkspace: {ws}\n")
    cli = Path(sys.executable).with_name("renketsu")
    e2e = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        subprocess.run([str(cli), "consolidate", str(ws), "--period", PERIOD, "--format", "json"], check=True,
                       stdout=subprocess.DEVNULL)
        e2e.append(time.perf_counter() - t0)
    runs = [child([__file__, "--child", str(ws)]) for _ in range(a.repeat)]
    m = {k: median([r[k] for r in runs]) for k in ("load", "consolidate", "floor_table", "floor_csv")}
    r0 = runs[0]
    print(f"{r0['rows']:,} rows, {r0['floor_groups']:,} (entity, account, partner) groups, "
          f"{r0['entries']:,} elimination entries, all checks ok: {r0['checks_ok']}, "
          f"peak RSS {max(r['peak_mb'] for r in runs):,.0f} MB\n")
    print("| measure | median s | runs |")
    print("|---|---:|---|")
    print(f"| end to end `renketsu consolidate --format json` | {median(e2e):.2f} | "
          f"{', '.join(f'{x:.2f}' for x in e2e)} |")
    for key, label in (("load", "load (`Context.open`: workspace + validated ledger)"),
                       ("consolidate", "consolidation (`Context.consolidate`)"),
                       ("floor_table", "floor: `GROUP BY ALL` over the loaded table"),
                       ("floor_csv", "floor: `GROUP BY ALL` over the CSV files")):
        print(f"| {label} | {m[key]:.2f} | {', '.join(f'{r[key]:.2f}' for r in runs)} |")
    print(f"\nconsolidation / floor (table): {m['consolidate'] / m['floor_table']:.1f}x (target <= 3x); "
          f"load + consolidation / floor (CSV): {(m['load'] + m['consolidate']) / m['floor_csv']:.1f}x")
    if a.profile:
        subprocess.run([sys.executable, __file__, "--child", str(ws), "--profile"], check=True,
                       stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()

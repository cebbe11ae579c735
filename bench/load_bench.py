"""Benchmark: loading the ledger from CSV (validated) beside a bare DuckDB read of the same files.

    .venv/bin/python bench/load_bench.py [--sizes 100000,1000000,10000000] [--repeat 3]
                                         [--workdir /tmp/renketsu-bench]

For each size a workspace is generated once (1,000 entities, one currency, 8 CSV
files; ``renketsu generate --ledger-rows``) and kept in --workdir. Each measurement
runs in its own process, so the peak resident set (``getrusage(RUSAGE_SELF).ru_maxrss``
at the end of the child) belongs to that load alone:

- renketsu: ``read_workspace`` + ``Ledger.load`` into an in-memory DuckDB: every file
  read as text, every row checked (numbers, dates, entities, accounts, partners,
  balance per entity-period), then typed into ``DECIMAL(38, 6)``;
- duckdb:   ``CREATE TABLE AS SELECT * FROM read_csv('ledger/*.csv')`` with the same
  column types and no checks: the floor for reading these bytes.

Times are wall clock (time.perf_counter), median of --repeat runs; peak MB is the
largest of the runs. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import child, machine, median, peak_mb, workspace


def run_renketsu(ws_path: str) -> dict:
    from renketsu.ledger import Ledger
    from renketsu.model.errors import Problems
    from renketsu.workspace import read_workspace

    base = peak_mb()
    t0 = time.perf_counter()
    problems = Problems()
    ws = read_workspace(ws_path, problems)
    ledger = Ledger.load(ws, problems)
    seconds = time.perf_counter() - t0
    if problems:
        raise SystemExit(f"problems: {list(problems)[:3]}")
    return {"seconds": seconds, "rows": ledger.count(), "peak_mb": peak_mb(), "base_mb": base}


def run_duckdb(ws_path: str) -> dict:
    import duckdb

    base = peak_mb()
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE ledger AS SELECT * FROM read_csv('{ws_path}/ledger/*.csv', header=true, "
        "columns={'entity': 'VARCHAR', 'period': 'DATE', 'account': 'VARCHAR', 'partner': 'VARCHAR', "
        "'amount': 'DECIMAL(38, 6)'})")
    n = con.execute("SELECT count(*) FROM ledger").fetchone()[0]
    return {"seconds": time.perf_counter() - t0, "rows": n, "peak_mb": peak_mb(), "base_mb": base}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000,10000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--entities", type=int, default=1000)
    ap.add_argument("--workdir", default="/tmp/renketsu-bench")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "WORKSPACE"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, ws = a.child
        print(json.dumps(run_renketsu(ws) if kind == "renketsu" else run_duckdb(ws)))
        return
    root = Path(a.workdir)
    print(f"machine: {machine()}\n")
    print("| rows | renketsu load s | rows/s | peak MB | duckdb read_csv s | rows/s | peak MB | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(float(s)) for s in a.sizes.split(",")):
        t = time.perf_counter()
        ws = workspace(root, a.entities, size, 1)
        print(f"<!-- generated {ws} in {time.perf_counter() - t:.1f} s (or reused) -->", file=sys.stderr)
        res = {}
        for kind in ("renketsu", "duckdb"):
            runs = [child([__file__, "--child", kind, str(ws)]) for _ in range(a.repeat)]
            res[kind] = {"seconds": median([r["seconds"] for r in runs]), "rows": runs[0]["rows"],
                         "peak_mb": max(r["peak_mb"] for r in runs)}
        r, d = res["renketsu"], res["duckdb"]
        print(f"| {r['rows']:,} | {r['seconds']:.2f} | {r['rows'] / r['seconds']:,.0f} | {r['peak_mb']:,.0f} "
              f"| {d['seconds']:.2f} | {d['rows'] / d['seconds']:,.0f} | {d['peak_mb']:,.0f} "
              f"| {r['seconds'] / d['seconds']:.1f}x |", flush=True)


if __name__ == "__main__":
    main()

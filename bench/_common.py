"""Shared helpers of the load and consolidation benchmarks (not a benchmark itself)."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

PERIOD = "2024-12-31"


def workspace(root: Path, entities: int, rows: int, currencies: int, dated: bool = False) -> Path:
    """A generated workspace (renketsu.ownership.generate), written once and reused."""
    name = f"g{entities}-r{rows}-c{currencies}{'-dated' if dated else ''}"
    out = root / name
    if (out / "ledger").is_dir() and (out / "group.yaml").is_file():
        return out
    from renketsu.cli.generate import command

    command(out, entities=entities, seed=1, cycles=None, force=True, ledger_rows=rows, currencies=currencies,
            dated=dated, files=8)
    return out


def child(args: list[str]) -> dict:
    """Run this script as a child (one process per measurement, so peak RSS is its own); its JSON line."""
    out = subprocess.run([sys.executable, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def median(xs):
    return statistics.median(xs)


def machine() -> str:
    import duckdb

    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 2**20:.0f} GiB RAM"
    except OSError:
        pass
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {mem}, Python {platform.python_version()}, "
            f"DuckDB {duckdb.__version__}, {platform.system()} {platform.release()}")

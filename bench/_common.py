"""Shared helpers of the load and consolidation benchmarks (not a benchmark itself)."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
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


#: The floor: DuckDB reads ``ledger/*.csv`` and groups by entity, account, partner at the period,
#: the least any consolidation of these files must do (written to a file, run as ``python floor.py WS PERIOD``).
FLOOR = """
import sys, duckdb
ws, period = sys.argv[1], sys.argv[2]
con = duckdb.connect()
n = con.execute(f'''select count(*) from (select entity, account, partner, sum(amount) from
  read_csv('{ws}/ledger/*.csv', types={{'amount':'DECIMAL(38,2)','partner':'VARCHAR','account':'VARCHAR'}})
  where period = '{period}' group by all)''').fetchall()
print(n[0][0], "groups")
"""


def load_average() -> str:
    """The 1, 5 and 15-minute load averages, as text."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _env() -> dict[str, str]:
    """The children's environment: this one without ``PYTHONDONTWRITEBYTECODE`` (see :func:`compile_package`)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_package() -> None:
    """Compile renketsu's modules to bytecode once, before anything is measured.

    An installed renketsu runs from bytecode: pip compiles a wheel's modules when it installs them,
    and an editable install writes them on its first run. With ``PYTHONDONTWRITEBYTECODE`` set (some
    machines set it) an editable install never writes them, and every run would compile its ~60
    modules again (0.15-0.25 s measured on the 10M-row group), a cost no user's second run pays.
    """
    import renketsu

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(renketsu.__file__).parent)],
                   check=True, env=_env(), stdout=subprocess.DEVNULL)


def measure(cmd: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system) of one child process, its stdout discarded.

    CPU time is the figure a loaded machine disturbs least (wall time waits for the cores). stderr goes
    to a file, not a pipe read after the wait: a child with many warnings would block on a full pipe.
    The child runs from bytecode, as an installed program does (:func:`compile_package`).
    """
    with tempfile.TemporaryFile() as err, open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=null, stderr=err, env=_env())
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            tail = err.read().decode(errors="replace").splitlines()[-20:]
            raise SystemExit(f"{' '.join(cmd)} exited {code}:\n" + "\n".join(tail))
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime

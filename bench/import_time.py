"""Benchmark: what a `renketsu` command imports at start-up, and what each module costs.

    .venv/bin/python bench/import_time.py                      # --help and validate examples/iij-2010
    .venv/bin/python bench/import_time.py --repeat 9 -- validate examples/iij-2010
    .venv/bin/python bench/import_time.py --top 25 --json -- structure examples/iij-2010
    .venv/bin/python bench/import_time.py --python ../main/.venv/bin/python --python .venv/bin/python  # before/after

Each repeat runs the command in a fresh interpreter under ``python -X importtime -m renketsu``
(the command runs to its end, its output discarded), beside ``python -X importtime -c pass`` (the
interpreter's own start-up imports, the floor of any command). Reported per command:

- import time: the sum of every module's *self* time (what ``-X importtime`` measures; nested
  imports are not counted twice), its minimum and median over the repeats, and the same
  less the floor's (``renketsu's own``: what the command adds to a bare interpreter);
- wall time of the whole process (imports and the command's work) and of ``python -c pass``,
  and their ratio: on a shared machine the ratio moves less than the seconds; and the CPU time
  of the whole process (user + system), which a busy machine disturbs less than wall time and
  which also counts work deferred past the imports (a schema built on first use);
- the modules with the largest self time (the least over the repeats), and the same summed by
  top-level package (``numpy``, ``pydantic``, ``renketsu.consolidation``, ...);
- the load average before and after: another process on the machine slows every figure.

``-X importtime`` does not list a module imported by ``importlib.import_module`` (the command
modules ``renketsu.cli.<command>`` and ``renketsu.cli.common``, a millisecond together); the
modules they import are listed.

The minimum is the figure to quote (a run cannot be faster than the machine allows; it can be
slowed by anything else running). Runs from a fresh clone with the project installed in a venv
(``pip install -e .``); it imports nothing of renketsu itself.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DEFAULT = [["--help"], ["validate", "examples/iij-2010"]]

_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S.*)$")


def parse(stderr: str) -> dict[str, int]:
    """Module -> self time in microseconds, from ``-X importtime`` output."""
    out: dict[str, int] = {}
    for line in stderr.splitlines():
        m = _LINE.match(line)
        if m:
            out[m.group(4).strip()] = out.get(m.group(4).strip(), 0) + int(m.group(1))
    return out


def run_once(python: str, code_args: list[str]) -> tuple[float, float, dict[str, int], int]:
    """(wall seconds, CPU seconds, module self times, exit code) of one fresh interpreter."""
    env = dict(os.environ, COLUMNS="100", PYTHONDONTWRITEBYTECODE="")
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([python, "-X", "importtime", *code_args], capture_output=True, text=True,
                          cwd=ROOT, env=env, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, parse(proc.stderr), proc.returncode


def package(mod: str, depth: int) -> str:
    parts = mod.split(".")
    return ".".join(parts[:depth if parts[0] == "renketsu" else 1])


def measure(args: list[str], repeat: int, pythons: list[str]) -> list[dict]:
    """One summary per interpreter; the interpreters take turns, so each sees the same load."""
    samples: dict[str, list[tuple]] = {py: [] for py in pythons}
    for _ in range(repeat):
        for py in pythons:
            fw, _, fm, _ = run_once(py, ["-c", "pass"])
            w, cpu, mods, rc = run_once(py, ["-m", "renketsu", *args])
            samples[py].append((fw, sum(fm.values()) / 1e6, cpu, (w, mods, rc)))
    return [summarise(args, py, s) for py, s in samples.items()]


def summarise(args: list[str], python: str, samples: list[tuple]) -> dict:
    repeat = len(samples)
    floor_wall = [s[0] for s in samples]
    floor_imp = [s[1] for s in samples]
    cpus = [s[2] for s in samples]
    runs = [s[3] for s in samples]
    totals = [sum(m.values()) / 1e6 for _, m, _ in runs]
    walls = [w for w, _, _ in runs]
    per_mod: dict[str, list[int]] = defaultdict(list)
    per_pkg: dict[str, list[int]] = defaultdict(list)
    for _, mods, _ in runs:
        pk: dict[str, int] = defaultdict(int)
        for name, us in mods.items():
            per_mod[name].append(us)
            pk[package(name, 2)] += us
        for name, us in pk.items():
            per_pkg[name].append(us)

    def low(xs: list[int]) -> float:  # the least of the repeats: the least disturbed by other processes
        return min(xs + [0] * (repeat - len(xs))) / 1e6

    return {
        "command": ["renketsu", *args],
        "python": python,
        "exit_codes": sorted({rc for _, _, rc in runs}),
        "modules": len(runs[-1][1]),
        "import_s": {"min": min(totals), "median": statistics.median(totals)},
        "floor_import_s": {"min": min(floor_imp), "median": statistics.median(floor_imp)},
        "own_import_s": {"min": min(totals) - min(floor_imp),
                         "median": statistics.median(totals) - statistics.median(floor_imp)},
        "wall_s": {"min": min(walls), "median": statistics.median(walls)},
        "cpu_s": {"min": min(cpus), "median": statistics.median(cpus)},
        "floor_wall_s": {"min": min(floor_wall), "median": statistics.median(floor_wall)},
        "wall_ratio": min(walls) / min(floor_wall),
        "top_modules": sorted(((n, low(v)) for n, v in per_mod.items()), key=lambda x: -x[1]),
        "top_packages": sorted(((n, low(v)) for n, v in per_pkg.items()), key=lambda x: -x[1]),
    }


def report(r: dict, top: int) -> None:
    ms = 1000
    print(f"$ {' '.join(r['command'])}   (exit {', '.join(map(str, r['exit_codes']))}; {r['modules']} modules; "
          f"{r['python']})")
    print(f"  import time (sum of self): min {r['import_s']['min'] * ms:6.0f} ms  median "
          f"{r['import_s']['median'] * ms:6.0f} ms")
    print(f"  python -c pass imports   : min {r['floor_import_s']['min'] * ms:6.0f} ms  median "
          f"{r['floor_import_s']['median'] * ms:6.0f} ms")
    print(f"  renketsu's own           : min {r['own_import_s']['min'] * ms:6.0f} ms  median "
          f"{r['own_import_s']['median'] * ms:6.0f} ms")
    print(f"  wall, whole command      : min {r['wall_s']['min'] * ms:6.0f} ms  median "
          f"{r['wall_s']['median'] * ms:6.0f} ms  ({r['wall_ratio']:.1f}x python -c pass, "
          f"{r['floor_wall_s']['min'] * ms:.0f} ms)")
    print(f"  CPU, whole command       : min {r['cpu_s']['min'] * ms:6.0f} ms  median "
          f"{r['cpu_s']['median'] * ms:6.0f} ms  (user + system: less disturbed by load than wall)")
    print("  top packages (min self ms): " + ", ".join(f"{n} {t * ms:.0f}" for n, t in r["top_packages"][:top]))
    print("  top modules (min self ms):")
    for n, t in r["top_modules"][:top]:
        print(f"    {t * ms:7.1f}  {n}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="fresh interpreters per command (default 5)")
    ap.add_argument("--top", type=int, default=15, help="how many modules and packages to list")
    ap.add_argument("--json", action="store_true", help="one JSON object per command instead of the table")
    ap.add_argument("--python", action="append", default=None,
                    help="the interpreter to measure (default: this one); give it twice, e.g. the venvs of two "
                         "checkouts (each with renketsu/__main__.py), to compare them in one run, taking turns")
    ap.add_argument("command", nargs="*", help="one renketsu command line (after --); default: --help and "
                    "validate examples/iij-2010")
    a = ap.parse_args(argv)
    commands = [a.command] if a.command else DEFAULT
    load0 = os.getloadavg()
    results = [r for c in commands for r in measure(c, a.repeat, a.python or [sys.executable])]
    load1 = os.getloadavg()
    if a.json:
        for r in results:
            r["top_modules"] = r["top_modules"][:a.top]
            r["top_packages"] = r["top_packages"][:a.top]
            r["load"] = [load0, load1]
            print(json.dumps(r))
        return
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {a.repeat} runs per command; "
          f"load average before {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}, after "
          f"{load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}")
    for r in results:
        print()
        report(r, a.top)


if __name__ == "__main__":
    main()

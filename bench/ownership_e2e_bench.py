"""Benchmark: `renketsu ownership WS` end to end from the files, beside a float64 sparse solve of the same system.

    .venv/bin/python bench/ownership_e2e_bench.py WORKSPACE [WORKSPACE ...]

WORKSPACE holds group.yaml, entities.csv and holdings.csv, e.g. written by
``renketsu generate OUT --entities 1000000 --seed 1`` (the acceptance tool ``owngen.py``
writes the same shape with cross-holding components that grow with the group: 267
entities at 10^5, 2,369 at 10^6). For each workspace, in the same run, two cold child
processes (one measurement each, so that peak RSS is its own):

- renketsu: ``renketsu ownership WS --format json`` with its output written to a file:
  reading and checking every file, control, exact effective interest (components above
  ``EXACT_COMPONENT_LIMIT`` refined to ``REFINED_DIGITS`` decimals with a proven bound,
  docs/ownership.md §3), and the JSON;
- float64: this script's ``--float`` mode, which uses no renketsu code: DuckDB reads the
  two CSV files (the latest holding of each pair), numpy does the control fixed point on
  float votes (> 0.5 control, >= 0.2 significant influence), and SciPy's SuperLU solves
  (I - H^T) e = d once, H the holdings of the controlled entities. It writes nothing but
  an array of interests: the least a float answer to the same question costs.

Then (not timed) the renketsu JSON is read back, each exact ``effective`` converted to the
nearest float, and compared with the float answer: the largest absolute difference must be
at most 1e-12 (``--tolerance``), else the script exits 1. Entities whose method the two
decide differently are counted (float sums such as 0.172 + 0.028 fall below 0.2) and left
out of the comparison. Prints a markdown table, the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

START = time.perf_counter()  # the float side's time counts from here: numpy, SciPy, DuckDB imports included
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from _common import load_average, machine  # noqa: E402

METHODS = ("none", "equity", "full", "parent")


# --------------------------------------------------------------------------- the float64 side


def float_child(ws: Path, out: Path) -> None:
    """The float64 answer from the files, timed in parts; one JSON line of timings on stdout."""
    import duckdb
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components
    from scipy.sparse.linalg import splu

    t0 = time.perf_counter()
    parent = re.search(r"(?m)^parent:\s*['\"]?([^'\"\s]+)", (ws / "group.yaml").read_text()).group(1)
    con = duckdb.connect()
    con.execute("create table e as select id, (row_number() over ()) - 1 as i from read_csv(?, all_varchar=true)",
                [str(ws / "entities.csv")])
    rows = con.execute(
        """with h as (select holder, entity, arg_max(share, date) as share,
                             arg_max(coalesce(voting, share), date) as voting
                      from read_csv(?, types={'share': 'DOUBLE', 'voting': 'DOUBLE', 'holder': 'VARCHAR',
                                              'entity': 'VARCHAR'})
                      group by holder, entity)
           select a.i as h, b.i as e, share, voting from h join e a on a.id = holder join e b on b.id = entity""",
        [str(ws / "holdings.csv")]).fetchnumpy()
    n = con.execute("select count(*) from e").fetchone()[0]
    h, e = np.asarray(rows["h"], dtype=np.int64), np.asarray(rows["e"], dtype=np.int64)
    share = np.asarray(rows["share"], dtype=np.float64)
    voting = np.asarray(rows["voting"], dtype=np.float64)
    p = con.execute("select i from e where id = ?", [parent]).fetchone()[0]
    keep = (share > 0) & (e != p)
    h, e, share, voting = h[keep], e[keep], share[keep], voting[keep]
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    controlled = np.zeros(n, dtype=bool)
    controlled[p] = True
    while True:
        votes = np.bincount(e[controlled[h]], weights=voting[controlled[h]], minlength=n)
        now = votes > 0.5
        now[p] = True
        if (now == controlled).all():
            break
        controlled = now
    method = np.where(controlled, 2, np.where(votes >= 0.2, 1, 0)).astype(np.int8)
    method[p] = 3
    d = np.zeros(n)
    from_p = h == p
    d[e[from_p]] = share[from_p]
    in_h = controlled[h] & (h != p)
    hm = sp.csr_matrix((share[in_h], (h[in_h], e[in_h])), shape=(n, n))
    t_control = time.perf_counter() - t0

    t0 = time.perf_counter()
    lu = splu((sp.identity(n, format="csc") - hm.T).tocsc())
    eff = lu.solve(d)
    eff[p] = 1.0
    t_solve = time.perf_counter() - t0

    total = time.perf_counter() - START
    _, labels = connected_components(hm, directed=True, connection="strong")
    largest = int(np.bincount(labels).max())
    ids = np.asarray(con.execute("select id from e order by i").fetchnumpy()["id"], dtype=str)
    np.savez(out, ids=ids, eff=eff, method=method)
    print(json.dumps({"total": total, "read": t_read, "control": t_control, "solve": t_solve, "largest": largest,
                      "holdings": int(h.size), "entities": int(n)}))


# --------------------------------------------------------------------------- measuring


def run(cmd: list[str], stdout) -> tuple[float, float, float, str]:
    """Wall seconds, peak RSS (MiB), CPU seconds (user + system) of one child; its stderr text."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        err.seek(0)
        text = err.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{text[-3000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, text


def compare(result_json: Path, floats: Path) -> tuple[float, int, int]:
    """Largest |exact - float| over the entities both give the same method; methods that differ; entities."""
    with open(result_json, encoding="utf-8") as fh:
        doc = json.load(fh)
    z = np.load(floats)
    ids, feff, fmethod = z["ids"], z["eff"], z["method"]
    ents = doc["entities"]
    exact = np.fromiter((float(Fraction(ents[i]["effective"])) for i in ids.tolist()), dtype=np.float64,
                        count=ids.size)
    emethod = np.fromiter((METHODS.index(ents[i]["method"]) for i in ids.tolist()), dtype=np.int8, count=ids.size)
    same = emethod == fmethod
    # interests are compared where both answer the same question: full subsidiaries, the parent and
    # equity-method entities (e of a 'none' entity is the same formula, compared too)
    diff = float(np.abs(exact[same] - feff[same]).max())
    return diff, int((~same).sum()), int(ids.size)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workspaces", nargs="+", type=Path)
    ap.add_argument("--tolerance", type=float, default=1e-12)
    ap.add_argument("--float", dest="float_out", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.float_out is not None:
        float_child(a.workspaces[0], a.float_out)
        return
    renketsu = str(Path(sys.executable).with_name("renketsu"))
    print(f"machine: {machine()}")
    print(f"load average at start: {load_average()}")
    print()
    print("| workspace | entities | holdings | largest component | renketsu wall s (CPU) | renketsu peak MiB | "
          "float64 wall s (CPU) | float64 read / control / solve s | float64 peak MiB | × float wall | "
          "× float CPU | max abs diff | methods differ |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    bad = False
    with tempfile.TemporaryDirectory() as tmp:
        for ws in a.workspaces:
            out = Path(tmp) / "out.json"
            with open(out, "wb") as fh:
                r_wall, r_peak, r_cpu, _ = run([renketsu, "ownership", str(ws), "--format", "json"], fh)
            npz = Path(tmp) / "float.npz"
            with tempfile.TemporaryFile() as fh:
                f_wall, f_peak, f_cpu, _ = run([sys.executable, __file__, str(ws), "--float", str(npz)], fh)
                fh.seek(0)
                parts = json.loads(fh.read().decode().strip().splitlines()[-1])
            f_wall = parts["total"]  # start to answer, without writing the comparison arrays
            diff, differ, n = compare(out, npz)
            bad |= diff > a.tolerance
            print(f"| {ws.name} | {n:,} | {parts['holdings']:,} | {parts['largest']:,} | {r_wall:.1f} ({r_cpu:.1f}) | "
                  f"{r_peak:,.0f} | {f_wall:.1f} ({f_cpu:.1f}) | {parts['read']:.1f} / {parts['control']:.1f} / "
                  f"{parts['solve']:.1f} | {f_peak:,.0f} | {r_wall / f_wall:.1f} | {r_cpu / f_cpu:.1f} | {diff:.1e} | {differ} |",
                  flush=True)
    print()
    print(f"load average at end: {load_average()}")
    if bad:
        print(f"FAILED: a difference above {a.tolerance:g}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()

"""Benchmark: exact ownership solve beside a float64 SciPy solve of the same generated groups.

    .venv/bin/python bench/ownership_bench.py [--sizes 1000,10000,100000,1000000] [--seed 1]

For each size, a group is generated (renketsu.ownership.generate, one cross-holding
cycle per 100 entities) and solved twice:

- exact: ``renketsu.ownership.solve`` - control fixed point on integer votes, SCCs,
  exact Gauss-Jordan per mutual-holding component, exact propagation, Fractions out;
- float: the same control rounds on float64 votes, then (I - H^T) e = d with
  ``scipy.sparse.linalg.spsolve`` (SuperLU). The linear solve uses the exact control
  decisions so the interests compare like with like; the float control decisions are
  counted where they differ (a vote sum such as 0.1 + 0.4 lands on the wrong side of 0.5).

Time is process CPU time (wall time beside it; the two differ when other processes
share the machine), the best of a few runs (one run at 10^6) without tracing; peak memory is
measured in a separate run under tracemalloc (Python and numpy allocations). The
float answer is checked against the exact one. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import time
import tracemalloc
from fractions import Fraction

import numpy as np
from scipy.sparse import csr_matrix, identity
from scipy.sparse.linalg import spsolve

from renketsu.ownership import solve
from renketsu.ownership.core import FULL, NO_OVERRIDE, PARENT, _control, _methods
from renketsu.ownership.generate import GenerateSpec, generate

HALF, FIFTH = Fraction(1, 2), Fraction(1, 5)


def exact_solve(arrays):
    return solve(arrays, HALF, FIFTH)


def float_solve(arrays, exact_method=None):
    """Float64 twin of the exact solve: same control rounds, then one sparse LU solve.

    With ``exact_method`` the linear solve uses the exact control decisions, so that the
    effective interests compare like with like; the float control is still computed (and timed).
    """
    n, p = arrays.n, arrays.parent
    keep = arrays.entity != p
    h, e = arrays.holder[keep], arrays.entity[keep]
    votes = arrays.voting[keep].astype(np.float64) / arrays.vote_den
    share = arrays.share[keep].astype(np.float64) / arrays.share_den
    none = np.full(n, NO_OVERRIDE, dtype=np.int8)
    # thresholds as plain floats: x * 1 > 0.5 * 1
    controlled, sums = _control(n, p, h, e, votes, 1, _FloatRatio(0.5), none)
    method = _methods(n, p, controlled, sums, 1, _FloatRatio(0.2), none)
    if exact_method is not None:
        method, float_method = exact_method, method
    else:
        float_method = method
    from_parent = h == p
    d = np.zeros(n)
    d[e[from_parent]] = share[from_parent]
    in_h = (method[h] == FULL) & (h != p)
    hm = csr_matrix((share[in_h], (h[in_h], e[in_h])), shape=(n, n))
    eff = spsolve((identity(n, format="csc") - hm.T.tocsc()).tocsc(), d)
    eff[p] = 1.0
    return float_method, eff


class _FloatRatio:
    """Stands in for a Fraction threshold in the float twin (numerator/denominator)."""

    def __init__(self, value: float):
        self.numerator = value
        self.denominator = 1


def timed(fn, *args, repeat=1):
    """Best (CPU seconds, wall seconds) of ``repeat`` runs, and the last result."""
    best = None
    out = None
    for _ in range(repeat):
        gc.collect()
        c, t = time.process_time(), time.perf_counter()
        out = fn(*args)
        cw = (time.process_time() - c, time.perf_counter() - t)
        best = cw if best is None else min(best, cw)
    return best, out


def peak(fn, *args):
    gc.collect()
    tracemalloc.start()
    fn(*args)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, numpy {np.__version__}, load average at start "
          f"{os.getloadavg()[0]:.1f}")
    print()
    print("| entities | holdings | cycles | full subs | exact CPU s (wall) | float CPU s (wall) | exact/float | "
          "exact peak MiB | float peak MiB | max abs diff | float methods wrong |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        gen = generate(GenerateSpec(n, seed=args.seed, cycles=n // 100))
        arrays = gen.arrays()
        repeat = 3 if n < 1_000_000 else 1
        t_exact, sol = timed(exact_solve, arrays, repeat=repeat)
        t_float, (fmethod, feff) = timed(float_solve, arrays, sol.method, repeat=repeat)
        wrong = int((fmethod != sol.method).sum())
        exact = np.fromiter((x.numerator / x.denominator for x in sol.effective), dtype=np.float64, count=n)
        diff = float(np.abs(exact - feff).max())
        m_exact = peak(exact_solve, arrays)
        m_float = peak(float_solve, arrays, sol.method)
        subs = int((sol.method == FULL).sum())
        assert sol.method[0] == PARENT
        mib = 1024 * 1024
        print(f"| {n:,} | {arrays.holder.size:,} | {int((gen.holder > gen.entity).sum()):,} | {subs:,} | "
              f"{t_exact[0]:.3f} ({t_exact[1]:.3f}) | {t_float[0]:.3f} ({t_float[1]:.3f}) | "
              f"{t_exact[0] / t_float[0]:.1f} | {m_exact / mib:.0f} | "
              f"{m_float / mib:.0f} | {diff:.1e} | {wrong} |", flush=True)
        del gen, arrays, sol, feff, exact
        gc.collect()


if __name__ == "__main__":
    main()

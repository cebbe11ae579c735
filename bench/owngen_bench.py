"""Benchmark: the ownership solve of a large group from its files, beside a float64 sparse solve.

    .venv/bin/python bench/owngen_bench.py WORKSPACE

WORKSPACE holds ``holdings.csv`` and ``entities.csv`` (e.g. written by the acceptance
tool ``owngen.py OUT N``, whose cross-holding components grow with N). Both sides read the
same arrays, built once from the files with the csv module (timed separately):

- renketsu: :func:`renketsu.ownership.solve` — control fixed point on integer votes,
  strong components, exact propagation; components up to
  ``EXACT_COMPONENT_LIMIT`` members exact, larger ones by iterative refinement to
  ``REFINED_DIGITS`` decimals with a checked error bound;
- float64: the reference method of ``ownref.py`` (``x = d + x·A`` iterated with SciPy
  sparse products until the change is below 1e-15), with A restricted to the holders
  renketsu consolidates in full, so that both answer the same question.

Reported: wall seconds of each, their ratio, the largest component, and the largest
difference between the two answers.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workspace")
    a = ap.parse_args()
    ws = Path(a.workspace)
    from renketsu.ownership import core

    t0 = time.perf_counter()
    with open(ws / "entities.csv", newline="") as f:
        ids = [r["id"] for r in csv.DictReader(f)]
    ix = {e: i for i, e in enumerate(ids)}
    hol, ent, share = [], [], []
    cache: dict[str, Fraction] = {}
    with open(ws / "holdings.csv", newline="") as f:
        for r in csv.DictReader(f):
            hol.append(ix[r["holder"]])
            ent.append(ix[r["entity"]])
            s = r["share"]
            share.append(cache.setdefault(s, Fraction(s)))
    parent = 0
    arrays = core.HoldingArrays.from_fractions(len(ids), parent, hol, ent, share, list(share))
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    sol = core.solve(arrays, Fraction(1, 2), Fraction(1, 5))
    t_exact = time.perf_counter() - t0

    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    method = sol.method
    h = np.asarray(hol)
    e = np.asarray(ent)
    v = np.asarray([float(x) for x in share])
    t0 = time.perf_counter()
    keep = (e != parent) & ((h == parent) | (method[h] == core.FULL))
    A = sp.csr_matrix((v[keep], (h[keep], e[keep])), shape=(len(ids), len(ids)))
    d = A.getrow(parent).toarray().ravel()
    A = A.tolil()
    A[parent, :] = 0
    AT = A.T.tocsr()
    x = d.copy()
    rounds = 0
    while rounds < 100000:
        rounds += 1
        nx = d + AT @ x
        done = np.max(np.abs(nx - x)) < 1e-15
        x = nx
        if done:
            break
    t_float = time.perf_counter() - t0

    inner = (h != parent) & (method[h] == core.FULL) & (e != parent)
    g = sp.csr_matrix((np.ones(int(inner.sum()), dtype=np.int8), (h[inner], e[inner])), shape=(len(ids), len(ids)))
    _n, labels = connected_components(g, directed=True, connection="strong")
    largest = int(np.bincount(labels).max())
    exact = np.array([float(f) for f in sol.effective])
    exact[parent] = 0.0
    diff = float(np.max(np.abs(exact - x)))
    print(f"{len(ids):,} entities, {len(hol):,} holdings, largest mutual-holding component {largest:,} "
          f"(exact up to {core.EXACT_COMPONENT_LIMIT}, refined to {core.REFINED_DIGITS} decimals above)")
    print(f"read files into arrays: {t_read:.2f} s")
    print(f"renketsu solve: {t_exact:.2f} s; float64 sparse iteration ({rounds} rounds): {t_float:.2f} s; "
          f"ratio {t_exact / t_float:.1f}x")
    print(f"largest |renketsu - float64|: {diff:.3g}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

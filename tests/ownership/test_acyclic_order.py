"""The pure-Python order of acyclic holdings is SciPy's, label for label (core._components_in_order).

Lists built from the topological order (subsidiaries bottom-up, hence the order of steps and of
entries) must come out as they did when SciPy ordered every group; a group without mutual
holdings no longer imports SciPy at all.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from renketsu.ownership import core


def _random_forest(rng: np.random.Generator, n: int, extra: int) -> tuple[np.ndarray, np.ndarray]:
    """Holdings of a random acyclic group: each entity held by one or more lower-numbered ones
    (after a random relabelling, so indices carry no order), with duplicated edges."""
    perm = rng.permutation(n)
    src, dst = [], []
    for j in range(1, n):
        for _ in range(1 + int(rng.integers(0, 2))):
            src.append(int(rng.integers(0, j)))
            dst.append(j)
    for _ in range(extra):
        a, b = sorted(rng.integers(0, n, size=2).tolist())
        if a != b:
            src.append(a)
            dst.append(b)
    return perm[np.asarray(src, dtype=np.int64)], perm[np.asarray(dst, dtype=np.int64)]


@pytest.mark.parametrize("seed", range(12))
def test_acyclic_labels_and_order_are_scipys(seed: int):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 900))
    src, dst = _random_forest(rng, n, extra=int(rng.integers(0, n)))
    labels, order = core._components_in_order(n, src, dst)
    want_labels, want_order = core._components_by_scipy(n, src, dst)
    assert labels.tolist() == want_labels.tolist()
    assert order.tolist() == want_order.tolist()


def test_a_cycle_goes_to_scipy():
    src = np.asarray([0, 1, 2, 3], dtype=np.int64)
    dst = np.asarray([1, 2, 1, 4], dtype=np.int64)  # 1 and 2 hold each other
    labels, _order = core._components_in_order(5, src, dst)
    assert labels[1] == labels[2] and len(set(labels.tolist())) == 4


def test_an_acyclic_group_solves_without_importing_scipy():
    code = (
        "import sys\n"
        "from fractions import Fraction as F\n"
        "from renketsu.ownership.core import HoldingArrays, solve\n"
        "n = 400\n"
        "holder = [0] + [i // 2 for i in range(2, n)]\n"
        "entity = [1] + list(range(2, n))\n"
        "arr = HoldingArrays.from_fractions(n=n, parent=0, holder=holder, entity=entity,\n"
        "    share=[F(3, 4)] * len(holder), voting=[F(3, 4)] * len(holder))\n"
        "sol = solve(arr, F(1, 2), F(1, 5))\n"
        "assert sol.effective[3] == F(9, 16), sol.effective[3]\n"
        "print('scipy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
